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
    /// The optional activity component; none unless the admin sets it for the year.
    #[serde(default)]
    pub aktivitas: Option<KomponenAktivitas>,
}

/// Part of the pagu paid for counted daily activity (progres harian): minutes per working
/// day against a target, earned in proportion up to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KomponenAktivitas {
    /// Share of the pagu, in percent; with it the three weights add up to 100.
    pub bobot: u32,
    /// Counted minutes per working day that earn the whole component (1–1,440).
    pub target_menit: u32,
    /// The most of the component that can be earned, in percent (at most 100): logging
    /// more than the target earns nothing more.
    pub batas_persen: u32,
}

impl Default for AturanTpp {
    /// A common starting point (60 % kinerja, 40 % disiplin) for the admin to adjust.
    fn default() -> Self {
        AturanTpp {
            bobot_kinerja: 60,
            bobot_disiplin: 40,
            persen_predikat: [100, 100, 75, 50, 25],
            tanpa_hasil: 0,
            aktivitas: None,
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
    #[error("target menit aktivitas harus 1–1440 dan batasnya 0–100 %")]
    Aktivitas,
}

impl TppError {
    pub fn code(&self) -> &'static str {
        match self {
            TppError::Bobot => "tpp-bobot",
            TppError::Persen => "tpp-persen",
            TppError::Pagu => "tpp-pagu",
            TppError::Aktivitas => "tpp-aktivitas",
        }
    }

    pub fn field(&self) -> &'static str {
        match self {
            TppError::Bobot => "bobot_kinerja",
            TppError::Persen => "persen_predikat",
            TppError::Pagu => "pagu",
            TppError::Aktivitas => "aktivitas_target_menit",
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
    /// The activity component (0 when the year has none).
    pub aktivitas: i64,
}

impl Tpp {
    pub fn total(&self) -> i64 {
        self.kinerja + self.disiplin + self.aktivitas
    }
}

impl AturanTpp {
    pub fn validate(&self) -> Result<(), Vec<TppError>> {
        let mut e = Vec::new();
        let bobot_aktivitas = self.aktivitas.map(|a| a.bobot).unwrap_or(0);
        if self.bobot_kinerja + self.bobot_disiplin + bobot_aktivitas != 100 {
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
        if let Some(a) = self.aktivitas
            && (!(1..=1440).contains(&a.target_menit) || a.batas_persen > 100)
        {
            e.push(TppError::Aktivitas);
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
            aktivitas: 0,
        }
    }

    /// The activity component from the counted minutes over the period's working days
    /// (0 when the year has no such component or the period no working day). Monotone in
    /// the minutes and never above `batas_persen` of its share; rounded down.
    pub fn hitung_aktivitas(&self, jabatan: JenisJabatan, hari_kerja: u32, menit: u64) -> i64 {
        let Some(a) = self.aktivitas else {
            return 0;
        };
        let target = u64::from(hari_kerja) * u64::from(a.target_menit);
        if target == 0 {
            return 0;
        }
        // Achievement in hundredths of a percent, capped.
        let capaian = (menit.saturating_mul(10_000) / target).min(u64::from(a.batas_persen) * 100);
        self.pagu_of(jabatan) * i64::from(a.bobot) * capaian as i64 / 1_000_000
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
            aktivitas: Some(KomponenAktivitas {
                bobot: 0,
                target_menit: 0,
                batas_persen: 101,
            }),
        };
        assert_eq!(
            a.validate().unwrap_err(),
            [
                TppError::Bobot,
                TppError::Persen,
                TppError::Pagu,
                TppError::Aktivitas
            ]
        );
    }

    fn with_activity(bobot: u32, target_menit: u32, batas_persen: u32) -> AturanTpp {
        AturanTpp {
            bobot_kinerja: 50,
            bobot_disiplin: 50 - bobot,
            aktivitas: Some(KomponenAktivitas {
                bobot,
                target_menit,
                batas_persen,
            }),
            ..AturanTpp::default()
        }
    }

    #[test]
    fn the_activity_component_worked_by_hand() {
        // Pelaksana (2,000,000), 10 % for activity, 300 minutes a day, capped at 100 %.
        let a = with_activity(10, 300, 100);
        assert!(a.validate().is_ok());
        let p = JenisJabatan::Pelaksana;
        // 20 working days × 300 minutes is the whole 200,000; half of it earns half.
        assert_eq!(a.hitung_aktivitas(p, 20, 6_000), 200_000);
        assert_eq!(a.hitung_aktivitas(p, 20, 3_000), 100_000);
        // Twice the target earns no more than the cap.
        assert_eq!(a.hitung_aktivitas(p, 20, 12_000), 200_000);
        assert_eq!(
            with_activity(10, 300, 80).hitung_aktivitas(p, 20, 12_000),
            160_000
        );
        // Off by default; no working day earns nothing rather than dividing by zero.
        assert_eq!(AturanTpp::default().hitung_aktivitas(p, 20, 6_000), 0);
        assert_eq!(a.hitung_aktivitas(p, 0, 6_000), 0);
        // A rule saved before the component existed still reads.
        let old = r#"{"bobot_kinerja":60,"bobot_disiplin":40,"persen_predikat":[100,100,75,50,25],"tanpa_hasil":0,"pagu":[]}"#;
        assert_eq!(
            serde_json::from_str::<AturanTpp>(old).unwrap().aktivitas,
            None
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

        #[test]
        fn the_activity_component_never_passes_its_cap_and_never_falls_with_more_minutes(
            bobot in 0u32..=50,
            target in 1u32..=1440,
            batas in 0u32..=100,
            days in 0u32..=31,
            menit in 0u64..2_000_000,
            more in 0u64..100_000,
            pagu in 0i64..50_000_000,
        ) {
            let mut a = with_activity(bobot, target, batas);
            a.pagu = vec![(JenisJabatan::Pelaksana, pagu)];
            prop_assert!(a.validate().is_ok());
            let p = JenisJabatan::Pelaksana;
            let x = a.hitung_aktivitas(p, days, menit);
            prop_assert!(x >= 0);
            prop_assert!(x * 10_000 <= pagu * i64::from(bobot) * i64::from(batas));
            prop_assert!(a.hitung_aktivitas(p, days, menit + more) >= x);
            let whole = a.hitung(p, Some(Predikat::SangatBaik), Some(100.0));
            prop_assert!(whole.total() + x <= pagu);
        }
    }
}
