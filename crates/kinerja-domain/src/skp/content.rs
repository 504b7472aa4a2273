//! Content.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisRhk {
    Utama,
    Tambahan,
}

impl JenisRhk {
    pub fn code(self) -> &'static str {
        match self {
            JenisRhk::Utama => "utama",
            JenisRhk::Tambahan => "tambahan",
        }
    }
    pub fn parse(s: &str) -> Option<JenisRhk> {
        match s {
            "utama" => Some(JenisRhk::Utama),
            "tambahan" => Some(JenisRhk::Tambahan),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pendekatan {
    Kuantitatif,
    Kualitatif,
}

impl Pendekatan {
    pub fn code(self) -> &'static str {
        match self {
            Pendekatan::Kuantitatif => "kuantitatif",
            Pendekatan::Kualitatif => "kualitatif",
        }
    }
    pub fn parse(s: &str) -> Option<Pendekatan> {
        match s {
            "kuantitatif" => Some(Pendekatan::Kuantitatif),
            "kualitatif" => Some(Pendekatan::Kualitatif),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indikator {
    pub id: i64,
    pub aspek: String,
    pub iki: String,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    pub satuan: String,
    /// The narrative target of the kualitatif approach.
    pub target_teks: String,
}

impl Indikator {
    pub fn target_label(&self) -> String {
        match self.target_min {
            Some(min) => format_target(min, self.target_max, &self.satuan),
            None => self.target_teks.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rhk {
    pub id: i64,
    pub jenis: JenisRhk,
    pub teks: String,
    /// The supervisor's RHK this one intervenes (cascades from).
    pub parent_rhk_id: Option<i64>,
    /// Its text at the time of reading, for display and the frozen snapshot.
    pub parent_teks: Option<String>,
    /// False when the parent was removed or no longer belongs to the current penilai.
    pub link_ok: bool,
    /// JPT only: the Perjanjian Kinerja target and the perspektif.
    pub pk_target: String,
    pub perspektif: String,
    pub indikator: Vec<Indikator>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lampiran {
    pub dukungan: Vec<String>,
    pub skema: Vec<String>,
    pub konsekuensi: Vec<String>,
}

/// Everything a revision freezes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkpContent {
    pub pendekatan: Pendekatan,
    pub rhk: Vec<Rhk>,
    pub lampiran: Lampiran,
    /// Ekspektasi khusus pimpinan per BerAKHLAK value (kode 1..=7).
    pub ekspektasi: Vec<(u8, String)>,
}

/// What keeps a plan from being submitted, said precisely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Missing {
    /// No Utama RHK at all.
    NoUtama,
    /// RHK number `no` (1-based within its block) has no text.
    EmptyText {
        jenis: JenisRhk,
        no: usize,
    },
    /// A Utama RHK of a non-JPT does not say which supervisor RHK it intervenes.
    NotLinked {
        no: usize,
    },
    /// The link points at an RHK that no longer exists in the penilai's plan.
    BrokenLink {
        no: usize,
    },
    /// A JPT's Utama RHK lacks its Perjanjian Kinerja target or perspektif.
    JptIncomplete {
        no: usize,
    },
    NoIndicator {
        jenis: JenisRhk,
        no: usize,
    },
    /// Indicator `ind` (1-based) of RHK `no` has no IKI text.
    IndicatorNoIki {
        jenis: JenisRhk,
        no: usize,
        ind: usize,
    },
    /// … has no target (number for kuantitatif, narrative for kualitatif).
    IndicatorNoTarget {
        jenis: JenisRhk,
        no: usize,
        ind: usize,
    },
}

impl Missing {
    pub fn code(&self) -> &'static str {
        match self {
            Missing::NoUtama => "skp-missing-utama",
            Missing::EmptyText { .. } => "skp-missing-text",
            Missing::NotLinked { .. } => "skp-missing-link",
            Missing::BrokenLink { .. } => "skp-broken-link",
            Missing::JptIncomplete { .. } => "skp-missing-pk",
            Missing::NoIndicator { .. } => "skp-missing-indicator",
            Missing::IndicatorNoIki { .. } => "skp-missing-iki",
            Missing::IndicatorNoTarget { .. } => "skp-missing-target",
        }
    }

    /// Values for the message: block, RHK number and indicator number.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let block = |j: &JenisRhk| match j {
            JenisRhk::Utama => "A".to_string(),
            JenisRhk::Tambahan => "B".to_string(),
        };
        match self {
            Missing::NoUtama => vec![],
            Missing::NotLinked { no }
            | Missing::BrokenLink { no }
            | Missing::JptIncomplete { no } => {
                vec![("blok", "A".into()), ("no", no.to_string())]
            }
            Missing::EmptyText { jenis, no } | Missing::NoIndicator { jenis, no } => {
                vec![("blok", block(jenis)), ("no", no.to_string())]
            }
            Missing::IndicatorNoIki { jenis, no, ind }
            | Missing::IndicatorNoTarget { jenis, no, ind } => {
                vec![
                    ("blok", block(jenis)),
                    ("no", no.to_string()),
                    ("ind", ind.to_string()),
                ]
            }
        }
    }
}

/// Everything that keeps `c` from being submitted. Empty means complete.
/// A JPT links to the organisation's Perjanjian Kinerja instead of a supervisor's RHK.
pub fn missing(c: &SkpContent, is_jpt: bool) -> Vec<Missing> {
    let mut out = Vec::new();
    if !c.rhk.iter().any(|r| r.jenis == JenisRhk::Utama) {
        out.push(Missing::NoUtama);
    }
    for jenis in [JenisRhk::Utama, JenisRhk::Tambahan] {
        for (i, r) in c.rhk.iter().filter(|r| r.jenis == jenis).enumerate() {
            let no = i + 1;
            if r.teks.trim().is_empty() {
                out.push(Missing::EmptyText { jenis, no });
            }
            if jenis == JenisRhk::Utama {
                if is_jpt {
                    if r.pk_target.trim().is_empty() || r.perspektif.trim().is_empty() {
                        out.push(Missing::JptIncomplete { no });
                    }
                } else if r.parent_rhk_id.is_none() {
                    out.push(Missing::NotLinked { no });
                } else if !r.link_ok {
                    out.push(Missing::BrokenLink { no });
                }
            }
            if r.indikator.is_empty() {
                out.push(Missing::NoIndicator { jenis, no });
            }
            for (k, ind) in r.indikator.iter().enumerate() {
                let ind_no = k + 1;
                if ind.iki.trim().is_empty() {
                    out.push(Missing::IndicatorNoIki {
                        jenis,
                        no,
                        ind: ind_no,
                    });
                }
                let has_target = match c.pendekatan {
                    Pendekatan::Kuantitatif => {
                        ind.target_min.is_some() && !ind.satuan.trim().is_empty()
                    }
                    Pendekatan::Kualitatif => {
                        !ind.target_teks.trim().is_empty() || ind.target_min.is_some()
                    }
                };
                if !has_target {
                    out.push(Missing::IndicatorNoTarget {
                        jenis,
                        no,
                        ind: ind_no,
                    });
                }
            }
        }
    }
    out
}
