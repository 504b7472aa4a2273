//! The rules of a year, as one value stored with the reference data.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisHari {
    Kalender,
    Kerja,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AturanPenilaian {
    pub matriks: MatriksPredikat,
    pub rating_hasil: AturanRatingHasil,
    pub kurva: PolaDistribusi,
    /// Rating hasil kerja of a unit head from the unit's capaian (docs/domain-rules.md §5 [open]).
    pub hasil_pimpinan: [Rating; 5],
    /// Days to file a keberatan after the result is received, and how they are counted.
    pub hari_keberatan: u32,
    pub jenis_hari_keberatan: JenisHari,
    /// Colleagues' input is shown to the penilai once this many answered (never below
    /// [`MASUKAN_MINIMUM`], so that no single answer can be singled out).
    #[serde(default = "masukan_minimum_default")]
    pub masukan_minimum: u32,
    /// When a group's low ratings count as a development need.
    #[serde(default)]
    pub kebutuhan: crate::pengembangan::AturanKebutuhan,
}

/// The floor under any configured minimum of colleagues' answers.
pub const MASUKAN_MINIMUM: u32 = 3;

pub(super) fn masukan_minimum_default() -> u32 {
    MASUKAN_MINIMUM
}

impl AturanPenilaian {
    /// Colleagues' answers may be shown, in aggregate, once `answered` people have answered.
    pub fn masukan_terbuka(&self, answered: u32) -> bool {
        answered >= self.masukan_minimum.max(MASUKAN_MINIMUM)
    }
}

impl Default for AturanPenilaian {
    fn default() -> Self {
        use Rating::*;
        AturanPenilaian {
            matriks: MatriksPredikat::permenpanrb_6_2022(),
            rating_hasil: AturanRatingHasil::default(),
            kurva: PolaDistribusi::permenpanrb_6_2022(),
            hasil_pimpinan: [
                DiAtasEkspektasi,
                SesuaiEkspektasi,
                DiBawahEkspektasi,
                DiBawahEkspektasi,
                DiBawahEkspektasi,
            ],
            hari_keberatan: 14,
            jenis_hari_keberatan: JenisHari::Kalender,
            masukan_minimum: MASUKAN_MINIMUM,
            kebutuhan: crate::pengembangan::AturanKebutuhan::default(),
        }
    }
}

impl AturanPenilaian {
    pub fn hasil_pimpinan(&self, capaian: CapaianOrganisasi) -> Rating {
        self.hasil_pimpinan[capaian.index()]
    }

    /// The last day a keberatan may be filed for a result received on `diterima`.
    pub fn batas_keberatan(&self, diterima: NaiveDate, libur: &[NaiveDate]) -> NaiveDate {
        batas_keberatan(
            diterima,
            self.hari_keberatan,
            self.jenis_hari_keberatan,
            libur,
        )
    }
}
