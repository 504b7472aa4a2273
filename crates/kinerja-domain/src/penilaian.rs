//! Evaluation (penilaian): ratings, the predikat matrix, the rating suggestions, the
//! distribution curve of a unit, keberatan deadlines and angka kredit (domain.md §5–9).
//!
//! Everything regulatory here is a value of [`AturanPenilaian`], stored with the year's
//! reference data, so that a new regulation is a new version and never a code change that
//! would silently rewrite past results.

use crate::jabatan::Jenjang;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------
// Ratings and predikat

/// A judgement against the expectation: per row, per BerAKHLAK value, and the two ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    DiBawahEkspektasi,
    SesuaiEkspektasi,
    DiAtasEkspektasi,
}

impl Rating {
    pub const ALL: [Rating; 3] = [
        Rating::DiAtasEkspektasi,
        Rating::SesuaiEkspektasi,
        Rating::DiBawahEkspektasi,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rating::DiBawahEkspektasi => "di_bawah",
            Rating::SesuaiEkspektasi => "sesuai",
            Rating::DiAtasEkspektasi => "di_atas",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Index in the matrix (0 = di bawah, 2 = di atas).
    fn index(self) -> usize {
        self as usize
    }
}

/// Predikat kinerja pegawai, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predikat {
    SangatBaik,
    Baik,
    /// Also called "Cukup".
    ButuhPerbaikan,
    /// "Kurang/Misconduct" in the matrix.
    Kurang,
    SangatKurang,
}

impl Predikat {
    pub const ALL: [Predikat; 5] = [
        Predikat::SangatBaik,
        Predikat::Baik,
        Predikat::ButuhPerbaikan,
        Predikat::Kurang,
        Predikat::SangatKurang,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Predikat::SangatBaik => "sangat_baik",
            Predikat::Baik => "baik",
            Predikat::ButuhPerbaikan => "butuh_perbaikan",
            Predikat::Kurang => "kurang",
            Predikat::SangatKurang => "sangat_kurang",
        }
    }

    pub fn parse(s: &str) -> Option<Predikat> {
        Predikat::ALL.into_iter().find(|p| p.code() == s)
    }

    /// As printed on the official documents.
    pub fn printed(self) -> &'static str {
        match self {
            Predikat::SangatBaik => "SANGAT BAIK",
            Predikat::Baik => "BAIK",
            Predikat::ButuhPerbaikan => "BUTUH PERBAIKAN",
            Predikat::Kurang => "KURANG/MISCONDUCT",
            Predikat::SangatKurang => "SANGAT KURANG",
        }
    }

    /// Position in [`Predikat::ALL`], for histograms.
    pub fn index(self) -> usize {
        self as usize
    }

    /// At least Baik (kenaikan pangkat, domain.md §9).
    pub fn at_least_baik(self) -> bool {
        matches!(self, Predikat::SangatBaik | Predikat::Baik)
    }
}

/// The predikat matrix: `cells[hasil][perilaku]`, indexed di bawah, sesuai, di atas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatriksPredikat {
    pub cells: [[Predikat; 3]; 3],
}

impl MatriksPredikat {
    /// PermenPANRB 6/2022 (domain.md §5).
    pub fn permenpanrb_6_2022() -> MatriksPredikat {
        use Predikat::*;
        MatriksPredikat {
            cells: [
                // hasil di bawah
                [SangatKurang, ButuhPerbaikan, ButuhPerbaikan],
                // hasil sesuai
                [Kurang, Baik, Baik],
                // hasil di atas
                [Kurang, Baik, SangatBaik],
            ],
        }
    }

    pub fn predikat(&self, hasil: Rating, perilaku: Rating) -> Predikat {
        self.cells[hasil.index()][perilaku.index()]
    }
}

// ---------------------------------------------------------------------------------------
// Rating suggestions

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blok {
    Utama,
    Tambahan,
}

/// Thresholds of the hasil kerja rule (domain.md §5, marked [one]): kept as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AturanRatingHasil {
    /// "Most" means strictly more than this share of the rows, in percent.
    pub mayoritas_persen: u32,
    /// "Only a small part of Utama below" means at most this share of Utama rows, in percent.
    pub bagian_kecil_utama_persen: u32,
}

impl Default for AturanRatingHasil {
    fn default() -> Self {
        AturanRatingHasil {
            mayoritas_persen: 50,
            bagian_kecil_utama_persen: 25,
        }
    }
}

/// Why the system suggests a rating: the counts it looked at and the clause that applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saran {
    pub rating: Rating,
    /// Message code of the clause that applied (translated by the UI).
    pub alasan: &'static str,
    pub di_atas: u32,
    pub sesuai: u32,
    pub di_bawah: u32,
    /// Utama rows judged below expectation (hasil only).
    pub utama_di_bawah: u32,
    pub utama: u32,
}

fn more_than(part: u32, whole: u32, percent: u32) -> bool {
    whole > 0 && part as u64 * 100 > percent as u64 * whole as u64
}

fn at_most(part: u32, whole: u32, percent: u32) -> bool {
    part as u64 * 100 <= percent as u64 * whole as u64
}

/// Suggests the rating hasil kerja from the per-row judgements. `None` while no row is
/// judged. The penilai decides; the suggestion and its reason are shown beside the choice.
pub fn saran_hasil(rows: &[(Blok, Rating)], aturan: &AturanRatingHasil) -> Option<Saran> {
    if rows.is_empty() {
        return None;
    }
    let count = |r: Rating| rows.iter().filter(|(_, x)| *x == r).count() as u32;
    let (atas, sesuai, bawah) = (
        count(Rating::DiAtasEkspektasi),
        count(Rating::SesuaiEkspektasi),
        count(Rating::DiBawahEkspektasi),
    );
    let utama = rows.iter().filter(|(b, _)| *b == Blok::Utama).count() as u32;
    let utama_bawah = rows
        .iter()
        .filter(|(b, r)| *b == Blok::Utama && *r == Rating::DiBawahEkspektasi)
        .count() as u32;
    let n = rows.len() as u32;
    let (rating, alasan) = if more_than(bawah, n, aturan.mayoritas_persen) {
        (Rating::DiBawahEkspektasi, "saran-hasil-mayoritas-di-bawah")
    } else if more_than(atas, n, aturan.mayoritas_persen) && utama_bawah == 0 {
        (Rating::DiAtasEkspektasi, "saran-hasil-mayoritas-di-atas")
    } else if at_most(utama_bawah, utama, aturan.bagian_kecil_utama_persen) {
        (Rating::SesuaiEkspektasi, "saran-hasil-sesuai")
    } else {
        (Rating::DiBawahEkspektasi, "saran-hasil-utama-di-bawah")
    };
    Some(Saran {
        rating,
        alasan,
        di_atas: atas,
        sesuai,
        di_bawah: bawah,
        utama_di_bawah: utama_bawah,
        utama,
    })
}

/// Suggests the rating perilaku kerja from the per-value judgements. No official rule exists
/// (domain.md §5 [open]); this one is stated to the penilai: the judgement most values share,
/// and on a tie the middle one, so that a suggestion never leans to an extreme by accident.
pub fn saran_perilaku(values: &[Rating]) -> Option<Saran> {
    if values.is_empty() {
        return None;
    }
    let count = |r: Rating| values.iter().filter(|x| **x == r).count() as u32;
    let (atas, sesuai, bawah) = (
        count(Rating::DiAtasEkspektasi),
        count(Rating::SesuaiEkspektasi),
        count(Rating::DiBawahEkspektasi),
    );
    let (rating, alasan) = if atas > sesuai && atas > bawah {
        (Rating::DiAtasEkspektasi, "saran-perilaku-terbanyak")
    } else if bawah > sesuai && bawah > atas {
        (Rating::DiBawahEkspektasi, "saran-perilaku-terbanyak")
    } else if sesuai >= atas && sesuai >= bawah {
        (Rating::SesuaiEkspektasi, "saran-perilaku-terbanyak")
    } else {
        (Rating::SesuaiEkspektasi, "saran-perilaku-seri")
    };
    Some(Saran {
        rating,
        alasan,
        di_atas: atas,
        sesuai,
        di_bawah: bawah,
        utama_di_bawah: 0,
        utama: 0,
    })
}

// ---------------------------------------------------------------------------------------
// Organisation level and the distribution curve

/// Capaian kinerja organisasi of a unit for a period, set by the next-higher leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapaianOrganisasi {
    Istimewa,
    Baik,
    ButuhPerbaikan,
    Kurang,
    SangatKurang,
}

impl CapaianOrganisasi {
    pub const ALL: [CapaianOrganisasi; 5] = [
        CapaianOrganisasi::Istimewa,
        CapaianOrganisasi::Baik,
        CapaianOrganisasi::ButuhPerbaikan,
        CapaianOrganisasi::Kurang,
        CapaianOrganisasi::SangatKurang,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CapaianOrganisasi::Istimewa => "istimewa",
            CapaianOrganisasi::Baik => "baik",
            CapaianOrganisasi::ButuhPerbaikan => "butuh_perbaikan",
            CapaianOrganisasi::Kurang => "kurang",
            CapaianOrganisasi::SangatKurang => "sangat_kurang",
        }
    }

    pub fn parse(s: &str) -> Option<CapaianOrganisasi> {
        CapaianOrganisasi::ALL.into_iter().find(|c| c.code() == s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Batas {
    /// The share of the unit may not exceed `persen`.
    Paling,
    /// The share of the unit must reach `persen`.
    Sedikitnya,
    /// The count must be above zero (`persen` unused).
    AdaSatu,
}

/// One rule of a pola distribusi: the share of `predikat` (summed) against `persen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AturanKurva {
    pub predikat: Vec<Predikat>,
    pub batas: Batas,
    pub persen: u32,
}

/// A broken rule with the figures that broke it, ready to be spelled out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pelanggaran {
    pub aturan: AturanKurva,
    /// Employees with one of the rule's predikat.
    pub jumlah: u32,
    pub total: u32,
}

impl Pelanggaran {
    /// The actual share, rounded to one decimal, for messages.
    pub fn persen_aktual(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.jumlah as f64 * 1000.0 / self.total as f64).round() / 10.0
        }
    }
}

/// The allowed distribution per capaian organisasi, indexed like [`CapaianOrganisasi::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolaDistribusi {
    pub per_capaian: [Vec<AturanKurva>; 5],
}

impl PolaDistribusi {
    /// domain.md §6.
    pub fn permenpanrb_6_2022() -> PolaDistribusi {
        use Batas::*;
        use Predikat::*;
        let r = |p: &[Predikat], batas: Batas, persen: u32| AturanKurva {
            predikat: p.to_vec(),
            batas,
            persen,
        };
        PolaDistribusi {
            per_capaian: [
                vec![r(&[SangatBaik], Paling, 70)],
                vec![
                    r(&[Baik], Paling, 70),
                    r(&[ButuhPerbaikan, Kurang], AdaSatu, 0),
                ],
                vec![
                    r(&[SangatBaik], Paling, 10),
                    r(&[ButuhPerbaikan], Sedikitnya, 60),
                ],
                vec![
                    r(&[SangatBaik], Paling, 10),
                    r(&[ButuhPerbaikan], Sedikitnya, 10),
                    r(&[Kurang], Sedikitnya, 60),
                ],
                vec![
                    r(&[SangatBaik], Paling, 0),
                    r(&[ButuhPerbaikan, Kurang], Sedikitnya, 10),
                    r(&[SangatKurang], Sedikitnya, 60),
                ],
            ],
        }
    }

    pub fn rules(&self, capaian: CapaianOrganisasi) -> &[AturanKurva] {
        &self.per_capaian[capaian.index()]
    }

    /// The rules the unit's histogram breaks. An empty unit breaks nothing: there is no
    /// distribution to judge. Shares are compared exactly in integers (70 % of 10 is 7).
    pub fn check(&self, capaian: CapaianOrganisasi, histogram: &Histogram) -> Vec<Pelanggaran> {
        let total = histogram.total();
        if total == 0 {
            return Vec::new();
        }
        self.rules(capaian)
            .iter()
            .filter_map(|a| {
                let jumlah: u32 = a.predikat.iter().map(|p| histogram.counts[p.index()]).sum();
                let ok = match a.batas {
                    Batas::Paling => at_most(jumlah, total, a.persen),
                    Batas::Sedikitnya => jumlah as u64 * 100 >= a.persen as u64 * total as u64,
                    Batas::AdaSatu => jumlah > 0,
                };
                (!ok).then(|| Pelanggaran {
                    aturan: a.clone(),
                    jumlah,
                    total,
                })
            })
            .collect()
    }
}

/// Employees per predikat, indexed like [`Predikat::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    pub counts: [u32; 5],
}

impl Histogram {
    pub fn from_predikat(ps: impl IntoIterator<Item = Predikat>) -> Histogram {
        let mut h = Histogram::default();
        for p in ps {
            h.counts[p.index()] += 1;
        }
        h
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

// ---------------------------------------------------------------------------------------
// The rules of a year, as one value stored with the reference data

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
    /// Rating hasil kerja of a unit head from the unit's capaian (domain.md §5 [open]).
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

fn masukan_minimum_default() -> u32 {
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

// ---------------------------------------------------------------------------------------
// Keberatan deadline

/// The last day to object: `hari` days after `diterima`, counted in calendar days or in
/// working days (Monday–Friday, not a holiday). The day of receipt does not count.
pub fn batas_keberatan(
    diterima: NaiveDate,
    hari: u32,
    jenis: JenisHari,
    libur: &[NaiveDate],
) -> NaiveDate {
    match jenis {
        JenisHari::Kalender => diterima + chrono::Days::new(hari as u64),
        JenisHari::Kerja => {
            let mut d = diterima;
            let mut left = hari;
            while left > 0 {
                d = d.succ_opt().expect("date in range");
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !libur.contains(&d) {
                    left -= 1;
                }
            }
            d
        }
    }
}

/// Whether a keberatan filed on `hari_ini` is in time.
pub fn keberatan_tepat_waktu(batas: NaiveDate, hari_ini: NaiveDate) -> bool {
    hari_ini <= batas
}

// ---------------------------------------------------------------------------------------
// Angka kredit (PermenPANRB 1/2023, domain.md §9)

/// Angka kredit in ten-thousandths, so that 3.75 × 75 % = 2.8125 stays exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AngkaKredit(pub u32);

impl AngkaKredit {
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 10_000.0
    }

    /// "2,813" style: three decimals with a decimal comma, as on Indonesian forms.
    pub fn format_id(self) -> String {
        let thousandths = (self.0 + 5) / 10;
        format!("{},{:03}", thousandths / 1000, thousandths % 1000)
    }
}

/// The annual coefficient of a functional jenjang; `None` for non-functional jenjang.
pub fn koefisien_tahunan(jenjang: Jenjang) -> Option<AngkaKredit> {
    use Jenjang::*;
    let v = match jenjang {
        Pemula => 37_500,
        Terampil => 50_000,
        Mahir => 125_000,
        Penyelia => 250_000,
        AhliPertama => 125_000,
        AhliMuda => 250_000,
        AhliMadya => 375_000,
        AhliUtama => 500_000,
        _ => return None,
    };
    Some(AngkaKredit(v))
}

/// The share of the coefficient earned by an annual predikat, in percent.
pub fn persen_angka_kredit(p: Predikat) -> u32 {
    match p {
        Predikat::SangatBaik => 150,
        Predikat::Baik => 100,
        Predikat::ButuhPerbaikan => 75,
        Predikat::Kurang => 50,
        Predikat::SangatKurang => 25,
    }
}

/// Angka kredit earned in a year by a fungsional of `jenjang` with annual predikat `p`.
pub fn angka_kredit(jenjang: Jenjang, p: Predikat) -> Option<AngkaKredit> {
    koefisien_tahunan(jenjang).map(|k| AngkaKredit(k.0 * persen_angka_kredit(p) / 100))
}

// ---------------------------------------------------------------------------------------
// Workflow of one employee's evaluation in one period

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluasiStatus {
    /// Realisasi and self-assessment being written.
    Draft,
    /// The employee submitted the self-assessment; the penilai may assess.
    DinilaiSendiri,
    /// The penilai submitted ratings; the employee sees the result.
    Dinilai,
    /// The unit's predikat were set (penetapan); locked.
    Ditetapkan,
    /// The employee objected; waiting for the atasan penilai.
    Keberatan,
    /// The atasan penilai decided; final.
    Diputuskan,
}

impl EvaluasiStatus {
    pub const ALL: [EvaluasiStatus; 6] = [
        EvaluasiStatus::Draft,
        EvaluasiStatus::DinilaiSendiri,
        EvaluasiStatus::Dinilai,
        EvaluasiStatus::Ditetapkan,
        EvaluasiStatus::Keberatan,
        EvaluasiStatus::Diputuskan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvaluasiStatus::Draft => "draft",
            EvaluasiStatus::DinilaiSendiri => "dinilai_sendiri",
            EvaluasiStatus::Dinilai => "dinilai",
            EvaluasiStatus::Ditetapkan => "ditetapkan",
            EvaluasiStatus::Keberatan => "keberatan",
            EvaluasiStatus::Diputuskan => "diputuskan",
        }
    }

    pub fn parse(s: &str) -> Option<EvaluasiStatus> {
        EvaluasiStatus::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The penilai's ratings are visible to the employee.
    pub fn result_visible(self) -> bool {
        !matches!(self, EvaluasiStatus::Draft | EvaluasiStatus::DinilaiSendiri)
    }

    /// Results may no longer change except through keberatan or an admin reopening.
    pub fn locked(self) -> bool {
        matches!(
            self,
            EvaluasiStatus::Ditetapkan | EvaluasiStatus::Keberatan | EvaluasiStatus::Diputuskan
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluasiAction {
    /// The employee records realisasi and self-assessment.
    WriteSelf,
    SubmitSelf,
    /// The penilai writes feedback, judgements and ratings.
    Assess,
    SubmitAssessment,
    /// The penilai takes the submitted assessment back before penetapan.
    ReopenAssessment,
    /// The leader sets the unit's predikat (penetapan).
    Finalise,
    /// The employee objects in time.
    Object,
    /// The atasan penilai decides the objection.
    Decide,
    /// An admin reopens a finalised result with a written reason.
    AdminReopen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluasiRole {
    Pegawai,
    Penilai,
    AtasanPenilai,
    /// The leader of the unit who signs the penetapan.
    Pimpinan,
    Admin,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EvaluasiError {
    #[error("not allowed for this person")]
    Forbidden,
    #[error("not possible in this status")]
    WrongStatus,
    #[error("the period's deadline for a keberatan has passed")]
    LateObjection,
}

impl EvaluasiError {
    pub fn code(self) -> &'static str {
        match self {
            EvaluasiError::Forbidden => "evaluasi-forbidden",
            EvaluasiError::WrongStatus => "evaluasi-wrong-status",
            EvaluasiError::LateObjection => "keberatan-late",
        }
    }
}

/// The evaluation workflow: `draft → dinilai_sendiri → dinilai → ditetapkan → keberatan →
/// diputuskan`. The penilai may also assess from `draft` when the employee never submits
/// (`self_deadline_passed`), so that a silent employee cannot block the unit.
pub fn evaluasi_transition(
    status: EvaluasiStatus,
    action: EvaluasiAction,
    role: EvaluasiRole,
    self_deadline_passed: bool,
    objection_in_time: bool,
) -> Result<EvaluasiStatus, EvaluasiError> {
    use EvaluasiAction as A;
    use EvaluasiRole as R;
    use EvaluasiStatus as S;
    let allowed = match action {
        A::WriteSelf | A::SubmitSelf | A::Object => role == R::Pegawai,
        A::Assess | A::SubmitAssessment | A::ReopenAssessment => role == R::Penilai,
        A::Finalise => role == R::Pimpinan,
        A::Decide => role == R::AtasanPenilai,
        A::AdminReopen => role == R::Admin,
    };
    if !allowed {
        return Err(EvaluasiError::Forbidden);
    }
    match (action, status) {
        (A::WriteSelf, S::Draft) => Ok(S::Draft),
        (A::SubmitSelf, S::Draft) => Ok(S::DinilaiSendiri),
        (A::Assess, S::DinilaiSendiri) => Ok(S::DinilaiSendiri),
        (A::Assess, S::Draft) if self_deadline_passed => Ok(S::Draft),
        (A::SubmitAssessment, S::DinilaiSendiri) => Ok(S::Dinilai),
        (A::SubmitAssessment, S::Draft) if self_deadline_passed => Ok(S::Dinilai),
        (A::ReopenAssessment, S::Dinilai) => Ok(S::DinilaiSendiri),
        (A::Finalise, S::Dinilai) => Ok(S::Ditetapkan),
        (A::Object, S::Ditetapkan) if objection_in_time => Ok(S::Keberatan),
        (A::Object, S::Ditetapkan) => Err(EvaluasiError::LateObjection),
        (A::Decide, S::Keberatan) => Ok(S::Diputuskan),
        (A::AdminReopen, S::Ditetapkan | S::Keberatan | S::Diputuskan) => Ok(S::DinilaiSendiri),
        _ => Err(EvaluasiError::WrongStatus),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Predikat::*;
    use Rating::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn all_nine_cells_of_the_matrix() {
        let m = MatriksPredikat::permenpanrb_6_2022();
        let expected = [
            (DiAtasEkspektasi, DiBawahEkspektasi, Kurang),
            (DiAtasEkspektasi, SesuaiEkspektasi, Baik),
            (DiAtasEkspektasi, DiAtasEkspektasi, SangatBaik),
            (SesuaiEkspektasi, DiBawahEkspektasi, Kurang),
            (SesuaiEkspektasi, SesuaiEkspektasi, Baik),
            (SesuaiEkspektasi, DiAtasEkspektasi, Baik),
            (DiBawahEkspektasi, DiBawahEkspektasi, SangatKurang),
            (DiBawahEkspektasi, SesuaiEkspektasi, ButuhPerbaikan),
            (DiBawahEkspektasi, DiAtasEkspektasi, ButuhPerbaikan),
        ];
        for (h, p, want) in expected {
            assert_eq!(m.predikat(h, p), want, "{h:?} × {p:?}");
        }
    }

    #[test]
    fn a_different_version_gives_its_own_matrix() {
        // A hypothetical later regulation that rates Sesuai × Di Atas as Sangat Baik: the
        // result follows the version's data, not the code.
        let mut m = MatriksPredikat::permenpanrb_6_2022();
        m.cells[1][2] = SangatBaik;
        assert_eq!(m.predikat(SesuaiEkspektasi, DiAtasEkspektasi), SangatBaik);
        assert_eq!(
            MatriksPredikat::permenpanrb_6_2022().predikat(SesuaiEkspektasi, DiAtasEkspektasi),
            Baik
        );
        let json = serde_json::to_string(&AturanPenilaian::default()).unwrap();
        let back: AturanPenilaian = serde_json::from_str(&json).unwrap();
        assert_eq!(back, AturanPenilaian::default());
    }

    #[test]
    fn codes_round_trip() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.code()), Some(r));
        }
        for p in Predikat::ALL {
            assert_eq!(Predikat::parse(p.code()), Some(p));
            assert_eq!(Predikat::ALL[p.index()], p);
        }
        for c in CapaianOrganisasi::ALL {
            assert_eq!(CapaianOrganisasi::parse(c.code()), Some(c));
        }
        for s in EvaluasiStatus::ALL {
            assert_eq!(EvaluasiStatus::parse(s.code()), Some(s));
        }
    }

    fn rows(spec: &[(Blok, Rating)]) -> Vec<(Blok, Rating)> {
        spec.to_vec()
    }

    #[test]
    fn hasil_suggestion_rules() {
        let a = AturanRatingHasil::default();
        use Blok::*;
        assert_eq!(saran_hasil(&[], &a), None);
        // All above, no Utama below → Di Atas.
        let s = saran_hasil(
            &rows(&[(Utama, DiAtasEkspektasi), (Utama, DiAtasEkspektasi)]),
            &a,
        )
        .unwrap();
        assert_eq!(
            (s.rating, s.alasan),
            (DiAtasEkspektasi, "saran-hasil-mayoritas-di-atas")
        );
        // Most above but one Utama below → not Di Atas; 1 of 4 Utama is a small part.
        let s = saran_hasil(
            &rows(&[
                (Utama, DiAtasEkspektasi),
                (Utama, DiAtasEkspektasi),
                (Utama, DiAtasEkspektasi),
                (Utama, DiBawahEkspektasi),
            ]),
            &a,
        )
        .unwrap();
        assert_eq!(s.rating, SesuaiEkspektasi);
        assert_eq!((s.utama, s.utama_di_bawah), (4, 1));
        // Exactly half above is not "most".
        let s = saran_hasil(
            &rows(&[(Utama, DiAtasEkspektasi), (Utama, SesuaiEkspektasi)]),
            &a,
        )
        .unwrap();
        assert_eq!(s.rating, SesuaiEkspektasi);
        // A Tambahan row below does not stop Di Atas.
        let s = saran_hasil(
            &rows(&[
                (Utama, DiAtasEkspektasi),
                (Utama, DiAtasEkspektasi),
                (Tambahan, DiBawahEkspektasi),
            ]),
            &a,
        )
        .unwrap();
        assert_eq!(s.rating, DiAtasEkspektasi);
        // Most below → Di Bawah.
        let s = saran_hasil(
            &rows(&[
                (Utama, DiBawahEkspektasi),
                (Utama, DiBawahEkspektasi),
                (Utama, SesuaiEkspektasi),
            ]),
            &a,
        )
        .unwrap();
        assert_eq!(
            (s.rating, s.alasan),
            (DiBawahEkspektasi, "saran-hasil-mayoritas-di-bawah")
        );
        // Not most below, but more than a small part of Utama below → Di Bawah.
        let s = saran_hasil(
            &rows(&[
                (Utama, DiBawahEkspektasi),
                (Utama, SesuaiEkspektasi),
                (Utama, DiAtasEkspektasi),
            ]),
            &a,
        )
        .unwrap();
        assert_eq!(
            (s.rating, s.alasan),
            (DiBawahEkspektasi, "saran-hasil-utama-di-bawah")
        );
        // Exactly 25 % of Utama below is still a small part.
        let s = saran_hasil(
            &rows(&[
                (Utama, DiBawahEkspektasi),
                (Utama, SesuaiEkspektasi),
                (Utama, SesuaiEkspektasi),
                (Utama, SesuaiEkspektasi),
            ]),
            &a,
        )
        .unwrap();
        assert_eq!(s.rating, SesuaiEkspektasi);
    }

    #[test]
    fn perilaku_suggestion_rules() {
        assert_eq!(saran_perilaku(&[]), None);
        let s = saran_perilaku(&[DiAtasEkspektasi; 7]).unwrap();
        assert_eq!(s.rating, DiAtasEkspektasi);
        let mut v = vec![SesuaiEkspektasi; 4];
        v.extend([DiAtasEkspektasi; 3]);
        assert_eq!(saran_perilaku(&v).unwrap().rating, SesuaiEkspektasi);
        let mut v = vec![DiBawahEkspektasi; 4];
        v.extend([SesuaiEkspektasi; 3]);
        assert_eq!(saran_perilaku(&v).unwrap().rating, DiBawahEkspektasi);
        // A tie between the extremes leans to the middle and says so.
        let s = saran_perilaku(&[
            DiAtasEkspektasi,
            DiAtasEkspektasi,
            DiBawahEkspektasi,
            DiBawahEkspektasi,
        ])
        .unwrap();
        assert_eq!(
            (s.rating, s.alasan),
            (SesuaiEkspektasi, "saran-perilaku-seri")
        );
    }

    proptest! {
        #[test]
        fn suggestions_never_contradict_unanimity(n in 1usize..20, r in 0usize..3) {
            let r = Rating::ALL[r];
            let hasil = saran_hasil(&vec![(Blok::Utama, r); n], &AturanRatingHasil::default()).unwrap();
            prop_assert_eq!(hasil.rating, r);
            prop_assert_eq!(saran_perilaku(&vec![r; n]).unwrap().rating, r);
        }

        #[test]
        fn hasil_suggestion_counts_add_up(v in proptest::collection::vec((any::<bool>(), 0usize..3), 1..30)) {
            let rows: Vec<(Blok, Rating)> = v.iter().map(|(u, r)| (if *u { Blok::Utama } else { Blok::Tambahan }, Rating::ALL[*r])).collect();
            let s = saran_hasil(&rows, &AturanRatingHasil::default()).unwrap();
            prop_assert_eq!((s.di_atas + s.sesuai + s.di_bawah) as usize, rows.len());
            // Di Atas is never suggested with an Utama row below expectation.
            if s.rating == DiAtasEkspektasi {
                prop_assert_eq!(s.utama_di_bawah, 0);
            }
        }
    }

    fn h(counts: [u32; 5]) -> Histogram {
        Histogram { counts }
    }

    fn broken(c: CapaianOrganisasi, counts: [u32; 5]) -> usize {
        PolaDistribusi::permenpanrb_6_2022()
            .check(c, &h(counts))
            .len()
    }

    #[test]
    fn curve_rules_at_their_boundaries() {
        use CapaianOrganisasi as C;
        // Istimewa: Sangat Baik at most 70 %: 7 of 10 is allowed, 8 of 10 is not.
        assert_eq!(broken(C::Istimewa, [7, 3, 0, 0, 0]), 0);
        assert_eq!(broken(C::Istimewa, [8, 2, 0, 0, 0]), 1);
        // Baik: Baik at most 70 %, and some Butuh Perbaikan or Kurang.
        assert_eq!(broken(C::Baik, [2, 7, 1, 0, 0]), 0);
        assert_eq!(broken(C::Baik, [2, 7, 0, 1, 0]), 0);
        assert_eq!(broken(C::Baik, [1, 8, 1, 0, 0]), 1);
        assert_eq!(broken(C::Baik, [3, 7, 0, 0, 0]), 1);
        assert_eq!(broken(C::Baik, [2, 8, 0, 0, 0]), 2);
        // Butuh Perbaikan: Sangat Baik at most 10 %, Butuh Perbaikan at least 60 %.
        assert_eq!(broken(C::ButuhPerbaikan, [1, 3, 6, 0, 0]), 0);
        assert_eq!(broken(C::ButuhPerbaikan, [2, 2, 6, 0, 0]), 1);
        assert_eq!(broken(C::ButuhPerbaikan, [1, 4, 5, 0, 0]), 1);
        // Kurang: SB ≤ 10 %, BP ≥ 10 %, Kurang ≥ 60 %.
        assert_eq!(broken(C::Kurang, [1, 2, 1, 6, 0]), 0);
        assert_eq!(broken(C::Kurang, [0, 4, 0, 6, 0]), 1);
        assert_eq!(broken(C::Kurang, [0, 4, 1, 5, 0]), 1);
        // Sangat Kurang: no Sangat Baik; BP + K ≥ 10 %; SK ≥ 60 %.
        assert_eq!(broken(C::SangatKurang, [0, 3, 1, 0, 6]), 0);
        assert_eq!(broken(C::SangatKurang, [0, 3, 0, 1, 6]), 0);
        assert_eq!(broken(C::SangatKurang, [1, 2, 1, 0, 6]), 1);
        assert_eq!(broken(C::SangatKurang, [0, 4, 0, 0, 6]), 1);
        assert_eq!(broken(C::SangatKurang, [0, 3, 2, 0, 5]), 1);
    }

    #[test]
    fn empty_units_and_units_of_one() {
        use CapaianOrganisasi as C;
        for c in C::ALL {
            assert_eq!(broken(c, [0; 5]), 0, "{c:?}");
        }
        // One person: a Baik unit needs someone below Baik, so a lone Baik breaks that rule
        // and needs the leader's justification; a lone Butuh Perbaikan is fine.
        let v = PolaDistribusi::permenpanrb_6_2022().check(C::Baik, &h([0, 1, 0, 0, 0]));
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].persen_aktual(), 100.0);
        assert_eq!(broken(C::Baik, [0, 0, 1, 0, 0]), 0);
        assert_eq!(broken(C::Istimewa, [1, 0, 0, 0, 0]), 1);
    }

    #[test]
    fn histogram_counts_predikat() {
        let hist = Histogram::from_predikat([Baik, Baik, SangatKurang]);
        assert_eq!(hist.counts, [0, 2, 0, 0, 1]);
        assert_eq!(hist.total(), 3);
    }

    #[test]
    fn keberatan_deadline_in_calendar_days() {
        let a = AturanPenilaian::default();
        let received = d(2026, 1, 5);
        let batas = a.batas_keberatan(received, &[]);
        assert_eq!(batas, d(2026, 1, 19));
        assert!(keberatan_tepat_waktu(batas, d(2026, 1, 19)));
        assert!(!keberatan_tepat_waktu(batas, d(2026, 1, 20)));
        assert!(keberatan_tepat_waktu(batas, received));
    }

    #[test]
    fn keberatan_deadline_in_working_days_skips_weekends_and_holidays() {
        // Friday 2 January 2026 + 14 working days, with 1 January already past.
        let received = d(2026, 1, 2);
        assert_eq!(
            batas_keberatan(received, 14, JenisHari::Kerja, &[]),
            d(2026, 1, 22)
        );
        // A holiday inside the window pushes the end by one working day.
        assert_eq!(
            batas_keberatan(received, 14, JenisHari::Kerja, &[d(2026, 1, 16)]),
            d(2026, 1, 23)
        );
        // Received on a Friday, one working day → Monday.
        assert_eq!(
            batas_keberatan(received, 1, JenisHari::Kerja, &[]),
            d(2026, 1, 5)
        );
    }

    #[test]
    fn angka_kredit_by_jenjang_and_predikat() {
        use Jenjang::*;
        assert_eq!(angka_kredit(AhliPertama, Baik), Some(AngkaKredit(125_000)));
        assert_eq!(
            angka_kredit(AhliPertama, SangatBaik).unwrap().as_f64(),
            18.75
        );
        assert_eq!(
            angka_kredit(Pemula, ButuhPerbaikan).unwrap().as_f64(),
            2.8125
        );
        assert_eq!(
            angka_kredit(Pemula, ButuhPerbaikan).unwrap().format_id(),
            "2,813"
        );
        assert_eq!(
            angka_kredit(AhliUtama, SangatKurang).unwrap().as_f64(),
            12.5
        );
        assert_eq!(
            angka_kredit(Penyelia, Kurang).unwrap().format_id(),
            "12,500"
        );
        assert_eq!(angka_kredit(Pratama, Baik), None);
        assert_eq!(angka_kredit(Operator, Baik), None);
    }

    fn all_roles() -> [EvaluasiRole; 6] {
        use EvaluasiRole::*;
        [Pegawai, Penilai, AtasanPenilai, Pimpinan, Admin, Other]
    }

    #[test]
    fn workflow_every_allowed_and_forbidden_transition() {
        use EvaluasiAction as A;
        use EvaluasiRole as R;
        use EvaluasiStatus as S;
        let actions = [
            A::WriteSelf,
            A::SubmitSelf,
            A::Assess,
            A::SubmitAssessment,
            A::ReopenAssessment,
            A::Finalise,
            A::Object,
            A::Decide,
            A::AdminReopen,
        ];
        // (status, action, role, deadline passed, objection in time) → result
        let allowed: &[(S, A, R, S)] = &[
            (S::Draft, A::WriteSelf, R::Pegawai, S::Draft),
            (S::Draft, A::SubmitSelf, R::Pegawai, S::DinilaiSendiri),
            (S::DinilaiSendiri, A::Assess, R::Penilai, S::DinilaiSendiri),
            (
                S::DinilaiSendiri,
                A::SubmitAssessment,
                R::Penilai,
                S::Dinilai,
            ),
            (
                S::Dinilai,
                A::ReopenAssessment,
                R::Penilai,
                S::DinilaiSendiri,
            ),
            (S::Dinilai, A::Finalise, R::Pimpinan, S::Ditetapkan),
            (S::Ditetapkan, A::Object, R::Pegawai, S::Keberatan),
            (S::Keberatan, A::Decide, R::AtasanPenilai, S::Diputuskan),
            (S::Ditetapkan, A::AdminReopen, R::Admin, S::DinilaiSendiri),
            (S::Keberatan, A::AdminReopen, R::Admin, S::DinilaiSendiri),
            (S::Diputuskan, A::AdminReopen, R::Admin, S::DinilaiSendiri),
        ];
        for s in S::ALL {
            for a in actions {
                for r in all_roles() {
                    let got = evaluasi_transition(s, a, r, false, true);
                    match allowed
                        .iter()
                        .find(|(s2, a2, r2, _)| (*s2, *a2, *r2) == (s, a, r))
                    {
                        Some((_, _, _, to)) => assert_eq!(got, Ok(*to), "{s:?} {a:?} {r:?}"),
                        None => assert!(got.is_err(), "{s:?} {a:?} {r:?} gave {got:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn a_silent_employee_does_not_block_the_penilai_after_the_deadline() {
        use EvaluasiAction as A;
        use EvaluasiRole as R;
        use EvaluasiStatus as S;
        assert_eq!(
            evaluasi_transition(S::Draft, A::SubmitAssessment, R::Penilai, false, true),
            Err(EvaluasiError::WrongStatus)
        );
        assert_eq!(
            evaluasi_transition(S::Draft, A::SubmitAssessment, R::Penilai, true, true),
            Ok(S::Dinilai)
        );
        assert_eq!(
            evaluasi_transition(S::Draft, A::Assess, R::Penilai, true, true),
            Ok(S::Draft)
        );
        // The employee can no longer self-assess once the penilai has submitted.
        assert_eq!(
            evaluasi_transition(S::Dinilai, A::WriteSelf, R::Pegawai, true, true),
            Err(EvaluasiError::WrongStatus)
        );
    }

    #[test]
    fn a_late_objection_is_refused_with_its_own_code() {
        let got = evaluasi_transition(
            EvaluasiStatus::Ditetapkan,
            EvaluasiAction::Object,
            EvaluasiRole::Pegawai,
            true,
            false,
        );
        assert_eq!(got, Err(EvaluasiError::LateObjection));
        assert_eq!(EvaluasiError::LateObjection.code(), "keberatan-late");
    }

    #[test]
    fn locked_and_visible_statuses() {
        use EvaluasiStatus as S;
        assert!(!S::Draft.result_visible());
        assert!(!S::DinilaiSendiri.result_visible());
        assert!(S::Dinilai.result_visible());
        assert!(!S::Dinilai.locked());
        assert!(S::Ditetapkan.locked() && S::Keberatan.locked() && S::Diputuskan.locked());
    }

    #[test]
    fn colleagues_input_opens_at_three_answers_and_never_below() {
        let mut a = AturanPenilaian::default();
        assert!(!a.masukan_terbuka(0));
        assert!(!a.masukan_terbuka(2));
        assert!(a.masukan_terbuka(3));
        a.masukan_minimum = 1;
        assert!(
            !a.masukan_terbuka(2),
            "a lower setting cannot expose one answer"
        );
        a.masukan_minimum = 5;
        assert!(!a.masukan_terbuka(4));
        assert!(a.masukan_terbuka(5));
        // Reference data stored before the setting existed reads as the default.
        let mut json = serde_json::to_value(AturanPenilaian::default()).unwrap();
        json.as_object_mut().unwrap().remove("masukan_minimum");
        let back: AturanPenilaian = serde_json::from_value(json).unwrap();
        assert_eq!(back.masukan_minimum, MASUKAN_MINIMUM);
    }
}
