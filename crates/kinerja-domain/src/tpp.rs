//! Tambahan penghasilan pegawai (TPP): the kinerja and disiplin components of the monthly
//! allowance. Each regency sets its own formula by Peraturan Bupati (docs/domain-rules.md §9 [open]),
//! so nothing here is fixed: the admin sets the weights, the share of the kinerja component
//! each predikat earns, and the ceiling (pagu) per jenis jabatan.

use crate::jabatan::JenisJabatan;
use crate::penilaian::Predikat;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AturanTpp {
    /// Share of the pagu paid for kinerja, in percent.
    pub bobot_kinerja: u32,
    /// Share of the pagu paid for disiplin, in percent; the two add up to 100.
    pub bobot_disiplin: u32,
    /// Share of the kinerja component earned per predikat (Sangat Baik … Sangat Kurang),
    /// in percent.
    pub persen_predikat: [u32; 5],
    /// Share of the kinerja component when the period has no result, in percent.
    pub tanpa_hasil: u32,
    /// Monthly ceiling per jenis jabatan, in rupiah; a jenis not listed gets none.
    pub pagu: Vec<(JenisJabatan, i64)>,
}

impl Default for AturanTpp {
    /// A common starting point (60 % kinerja, 40 % disiplin) for the admin to adjust.
    fn default() -> Self {
        AturanTpp {
            bobot_kinerja: 60,
            bobot_disiplin: 40,
            persen_predikat: [100, 100, 75, 50, 25],
            tanpa_hasil: 0,
            pagu: vec![
                (JenisJabatan::Jpt, 12_000_000),
                (JenisJabatan::Administrator, 6_500_000),
                (JenisJabatan::Pengawas, 4_000_000),
                (JenisJabatan::Fungsional, 2_500_000),
                (JenisJabatan::Pelaksana, 2_000_000),
            ],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TppError {
    #[error("bobot kinerja dan disiplin harus berjumlah 100")]
    Bobot,
    #[error("persentase per predikat harus 0–100")]
    Persen,
    #[error("pagu harus 0 sampai 1 miliar rupiah")]
    Pagu,
}

impl TppError {
    pub fn code(&self) -> &'static str {
        match self {
            TppError::Bobot => "tpp-bobot",
            TppError::Persen => "tpp-persen",
            TppError::Pagu => "tpp-pagu",
        }
    }

    pub fn field(&self) -> &'static str {
        match self {
            TppError::Bobot => "bobot_kinerja",
            TppError::Persen => "persen_predikat",
            TppError::Pagu => "pagu",
        }
    }
}

/// One employee's TPP for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tpp {
    pub pagu: i64,
    /// Share of the kinerja component earned, in percent.
    pub persen_kinerja: u32,
    pub kinerja: i64,
    pub disiplin: i64,
}

impl Tpp {
    pub fn total(&self) -> i64 {
        self.kinerja + self.disiplin
    }
}

impl AturanTpp {
    pub fn validate(&self) -> Result<(), Vec<TppError>> {
        let mut e = Vec::new();
        if self.bobot_kinerja + self.bobot_disiplin != 100 {
            e.push(TppError::Bobot);
        }
        if self
            .persen_predikat
            .iter()
            .chain([&self.tanpa_hasil])
            .any(|p| *p > 100)
        {
            e.push(TppError::Persen);
        }
        if self
            .pagu
            .iter()
            .any(|(_, r)| !(0..=1_000_000_000).contains(r))
        {
            e.push(TppError::Pagu);
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }

    pub fn pagu_of(&self, j: JenisJabatan) -> i64 {
        self.pagu
            .iter()
            .find(|(x, _)| *x == j)
            .map(|(_, r)| *r)
            .unwrap_or(0)
    }

    /// The allowance from the period's predikat (None: no result) and the disiplin score
    /// (0–100; None: no attendance data, which earns nothing rather than a guess).
    /// Rupiah are rounded down: an allowance never pays more than the rule gives.
    pub fn hitung(
        &self,
        jabatan: JenisJabatan,
        predikat: Option<Predikat>,
        disiplin: Option<f64>,
    ) -> Tpp {
        let pagu = self.pagu_of(jabatan);
        let persen_kinerja = match predikat {
            Some(p) => self.persen_predikat[p.index()],
            None => self.tanpa_hasil,
        };
        let kinerja = pagu * self.bobot_kinerja as i64 * persen_kinerja as i64 / 10_000;
        // Disiplin in hundredths of a percent, so that 97.5 stays exact.
        let d = disiplin
            .map(|x| (x.clamp(0.0, 100.0) * 100.0).round() as i64)
            .unwrap_or(0);
        let disiplin = pagu * self.bobot_disiplin as i64 * d / 1_000_000;
        Tpp {
            pagu,
            persen_kinerja,
            kinerja,
            disiplin,
        }
    }
}

/// The disiplin score from attendance: days present of working days, in percent.
pub fn nilai_kehadiran(hari_kerja: u32, hadir: u32) -> Option<f64> {
    (hari_kerja > 0 && hadir <= hari_kerja).then(|| hadir as f64 * 100.0 / hari_kerja as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_rule_worked_by_hand() {
        let a = AturanTpp::default();
        assert!(a.validate().is_ok());
        // Pelaksana, Baik, full attendance: 60 % + 40 % of 2,000,000.
        let t = a.hitung(JenisJabatan::Pelaksana, Some(Predikat::Baik), Some(100.0));
        assert_eq!(
            (t.kinerja, t.disiplin, t.total()),
            (1_200_000, 800_000, 2_000_000)
        );
        // Butuh Perbaikan earns 75 % of the kinerja part; 90 % attendance of the disiplin.
        let t = a.hitung(
            JenisJabatan::Pelaksana,
            Some(Predikat::ButuhPerbaikan),
            Some(90.0),
        );
        assert_eq!((t.kinerja, t.disiplin), (900_000, 720_000));
        // No result and no attendance data: nothing is guessed.
        let t = a.hitung(JenisJabatan::Pengawas, None, None);
        assert_eq!(t.total(), 0);
        assert_eq!(t.pagu, 4_000_000);
        // A jenis without a pagu gets none.
        assert_eq!(
            a.hitung(
                JenisJabatan::PejabatNegara,
                Some(Predikat::SangatBaik),
                Some(100.0)
            )
            .total(),
            0
        );
    }

    #[test]
    fn bad_rules_are_refused_with_every_reason() {
        let a = AturanTpp {
            bobot_kinerja: 70,
            bobot_disiplin: 40,
            persen_predikat: [120, 100, 75, 50, 25],
            tanpa_hasil: 0,
            pagu: vec![(JenisJabatan::Pelaksana, -1)],
        };
        assert_eq!(
            a.validate().unwrap_err(),
            [TppError::Bobot, TppError::Persen, TppError::Pagu]
        );
    }

    #[test]
    fn attendance_score() {
        assert_eq!(nilai_kehadiran(20, 19), Some(95.0));
        assert_eq!(nilai_kehadiran(0, 0), None);
        assert_eq!(nilai_kehadiran(20, 21), None);
    }

    proptest! {
        #[test]
        fn never_more_than_the_pagu_and_never_less_for_a_better_result(
            bk in 0u32..=100,
            pagu in 0i64..50_000_000,
            d in 0.0f64..=100.0,
            i in 0usize..4,
        ) {
            let a = AturanTpp {
                bobot_kinerja: bk,
                bobot_disiplin: 100 - bk,
                pagu: vec![(JenisJabatan::Pelaksana, pagu)],
                ..AturanTpp::default()
            };
            let better = a.hitung(JenisJabatan::Pelaksana, Some(Predikat::ALL[i]), Some(d));
            let worse = a.hitung(JenisJabatan::Pelaksana, Some(Predikat::ALL[i + 1]), Some(d));
            prop_assert!(better.total() <= pagu);
            prop_assert!(better.total() >= worse.total());
            prop_assert!(better.kinerja >= 0 && better.disiplin >= 0);
        }
    }
}
