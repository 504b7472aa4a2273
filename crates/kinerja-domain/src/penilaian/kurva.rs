//! Organisation level and the distribution curve.

use super::*;

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

    pub(super) fn index(self) -> usize {
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
    /// docs/domain-rules.md §6.
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
