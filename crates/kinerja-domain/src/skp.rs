//! The SKP (Sasaran Kinerja Pegawai): its workflow, its content, what makes it complete,
//! and the difference between two revisions (domain.md §2–3).

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------
// Workflow

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkpStatus {
    Draft,
    Diajukan,
    Disetujui,
    Dikembalikan,
}

impl SkpStatus {
    pub const ALL: [SkpStatus; 4] = [
        SkpStatus::Draft,
        SkpStatus::Diajukan,
        SkpStatus::Disetujui,
        SkpStatus::Dikembalikan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SkpStatus::Draft => "draft",
            SkpStatus::Diajukan => "diajukan",
            SkpStatus::Disetujui => "disetujui",
            SkpStatus::Dikembalikan => "dikembalikan",
        }
    }

    pub fn parse(s: &str) -> Option<SkpStatus> {
        SkpStatus::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The owner may change the content.
    pub fn editable(self) -> bool {
        matches!(self, SkpStatus::Draft | SkpStatus::Dikembalikan)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkpAction {
    /// Change the content (rows, lampiran, pendekatan).
    Edit,
    /// Send to the penilai (ajukan).
    Submit,
    /// Take a submitted plan back before the penilai decides.
    Withdraw,
    /// Approve (setujui).
    Approve,
    /// Return with notes (kembalikan).
    Return,
    /// Open a new revision of an approved plan.
    Revise,
    /// The penilai writes the ekspektasi khusus pimpinan.
    WriteExpectations,
}

impl SkpAction {
    pub const ALL: [SkpAction; 7] = [
        SkpAction::Edit,
        SkpAction::Submit,
        SkpAction::Withdraw,
        SkpAction::Approve,
        SkpAction::Return,
        SkpAction::Revise,
        SkpAction::WriteExpectations,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SkpAction::Edit => "edit",
            SkpAction::Submit => "submit",
            SkpAction::Withdraw => "withdraw",
            SkpAction::Approve => "approve",
            SkpAction::Return => "return",
            SkpAction::Revise => "revise",
            SkpAction::WriteExpectations => "write_expectations",
        }
    }
}

/// The actor's relation to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkpRole {
    Owner,
    /// The derived penilai (or acting PLT/PLH, or admin override) of the owner.
    Penilai,
    /// Anyone else, admins included: they may read, never act.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("only the owner of the plan may do this")]
    NotOwner,
    #[error("only the pejabat penilai may do this")]
    NotPenilai,
    #[error("not possible in this status")]
    WrongStatus,
}

impl TransitionError {
    pub fn code(self) -> &'static str {
        match self {
            TransitionError::NotOwner => "skp-not-owner",
            TransitionError::NotPenilai => "skp-not-penilai",
            TransitionError::WrongStatus => "skp-wrong-status",
        }
    }
}

/// The workflow: `draft → diajukan → disetujui`, or `diajukan → dikembalikan → (edit) →
/// draft`. Changing an approved plan opens a new revision (`revise`).
pub fn transition(
    status: SkpStatus,
    action: SkpAction,
    role: SkpRole,
) -> Result<SkpStatus, TransitionError> {
    use SkpAction as A;
    use SkpStatus as S;
    let needs = match action {
        A::Edit | A::Submit | A::Withdraw | A::Revise => SkpRole::Owner,
        A::Approve | A::Return | A::WriteExpectations => SkpRole::Penilai,
    };
    if role != needs {
        return Err(match needs {
            SkpRole::Owner => TransitionError::NotOwner,
            _ => TransitionError::NotPenilai,
        });
    }
    match (action, status) {
        (A::Edit, S::Draft | S::Dikembalikan) => Ok(S::Draft),
        (A::Submit, S::Draft | S::Dikembalikan) => Ok(S::Diajukan),
        (A::Withdraw, S::Diajukan) => Ok(S::Draft),
        (A::Approve, S::Diajukan) => Ok(S::Disetujui),
        (A::Return, S::Diajukan) => Ok(S::Dikembalikan),
        (A::Revise, S::Disetujui) => Ok(S::Draft),
        // The penilai states expectations before deciding; the status does not change.
        (A::WriteExpectations, s @ (S::Draft | S::Diajukan | S::Dikembalikan)) => Ok(s),
        _ => Err(TransitionError::WrongStatus),
    }
}

// ---------------------------------------------------------------------------------------
// Content

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

// ---------------------------------------------------------------------------------------
// Targets

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("target harus berupa angka atau rentang, mis. 12 atau 2–3")]
    NotANumber,
    #[error("batas atas rentang lebih kecil dari batas bawah")]
    RangeReversed,
    #[error("target tidak boleh negatif")]
    Negative,
}

impl TargetError {
    pub fn code(self) -> &'static str {
        match self {
            TargetError::NotANumber => "target-not-a-number",
            TargetError::RangeReversed => "target-range-reversed",
            TargetError::Negative => "target-negative",
        }
    }
}

fn parse_number(s: &str) -> Result<f64, TargetError> {
    // Indonesian writes 2,5 and 1.000; a single comma is the decimal mark.
    let t = s.trim().replace(' ', "");
    let normalised = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1
        || (t.contains('.')
            && t.split('.').nth(1).is_some_and(|d| d.len() == 3)
            && !t.starts_with("0."))
    {
        t.replace('.', "")
    } else {
        t
    };
    let v: f64 = normalised.parse().map_err(|_| TargetError::NotANumber)?;
    if !v.is_finite() {
        return Err(TargetError::NotANumber);
    }
    if v < 0.0 {
        return Err(TargetError::Negative);
    }
    Ok(v)
}

/// "12" → (12, None); "2-3" or "2–3" → (2, Some(3)); "2,5" → 2.5.
pub fn parse_target(s: &str) -> Result<(f64, Option<f64>), TargetError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(TargetError::NotANumber);
    }
    match s.split_once(['-', '–', '—']) {
        Some((a, b)) if !a.trim().is_empty() => {
            let (min, max) = (parse_number(a)?, parse_number(b)?);
            if max < min {
                return Err(TargetError::RangeReversed);
            }
            Ok((min, if max == min { None } else { Some(max) }))
        }
        Some(_) => Err(TargetError::Negative),
        None => Ok((parse_number(s)?, None)),
    }
}

/// A realisasi value typed by a person: "12", "12,5" or "12.5". "1.200" is ambiguous
/// (1,2 or 1200?), so one decimal separator at most and no thousands grouping; empty is
/// none yet.
#[allow(clippy::result_unit_err)]
pub fn parse_realisasi(s: &str) -> Result<Option<f64>, ()> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.matches(['.', ',']).count() > 1
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(());
    }
    let n: f64 = t.replace(',', ".").parse().map_err(|_| ())?;
    if !n.is_finite() || n < 0.0 {
        return Err(());
    }
    Ok(Some(n))
}

/// A number as Indonesians write it: no trailing zeros, comma as decimal mark.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.replace('.', ",")
    }
}

/// "12 laporan", "2–3 dokumen", "100 %".
pub fn format_target(min: f64, max: Option<f64>, satuan: &str) -> String {
    let n = match max {
        Some(max) if max != min => format!("{}–{}", format_number(min), format_number(max)),
        _ => format_number(min),
    };
    let satuan = satuan.trim();
    if satuan.is_empty() {
        n
    } else {
        format!("{n} {satuan}")
    }
}

/// The target as typed back into a form field.
pub fn target_input(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a != b => format!("{}-{}", format_number(a), format_number(b)),
        (Some(a), _) => format_number(a),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Revisions

/// One difference between two revisions, for people to read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Change {
    Pendekatan {
        before: Pendekatan,
        after: Pendekatan,
    },
    RhkAdded {
        jenis: JenisRhk,
        teks: String,
    },
    RhkRemoved {
        jenis: JenisRhk,
        teks: String,
    },
    /// `field`: teks, jenis, intervensi, perspektif, pk_target.
    RhkChanged {
        teks: String,
        field: &'static str,
        before: String,
        after: String,
    },
    IndicatorAdded {
        rhk: String,
        iki: String,
    },
    IndicatorRemoved {
        rhk: String,
        iki: String,
    },
    /// `field`: aspek, iki, target.
    IndicatorChanged {
        rhk: String,
        field: &'static str,
        before: String,
        after: String,
    },
    Lampiran {
        bagian: &'static str,
        before: Vec<String>,
        after: Vec<String>,
    },
    Ekspektasi {
        nilai: u8,
        before: String,
        after: String,
    },
}

/// What changed from `old` to `new`. Rows keep their ids across revisions, so a changed text
/// is a change, not a removal and an addition.
pub fn diff(old: &SkpContent, new: &SkpContent) -> Vec<Change> {
    let mut out = Vec::new();
    if old.pendekatan != new.pendekatan {
        out.push(Change::Pendekatan {
            before: old.pendekatan,
            after: new.pendekatan,
        });
    }
    for o in &old.rhk {
        if !new.rhk.iter().any(|n| n.id == o.id) {
            out.push(Change::RhkRemoved {
                jenis: o.jenis,
                teks: o.teks.clone(),
            });
        }
    }
    for n in &new.rhk {
        let Some(o) = old.rhk.iter().find(|o| o.id == n.id) else {
            out.push(Change::RhkAdded {
                jenis: n.jenis,
                teks: n.teks.clone(),
            });
            continue;
        };
        let mut field = |name: &'static str, before: String, after: String| {
            if before != after {
                out.push(Change::RhkChanged {
                    teks: n.teks.clone(),
                    field: name,
                    before,
                    after,
                });
            }
        };
        field("teks", o.teks.clone(), n.teks.clone());
        field("jenis", o.jenis.code().into(), n.jenis.code().into());
        field(
            "intervensi",
            o.parent_teks.clone().unwrap_or_default(),
            n.parent_teks.clone().unwrap_or_default(),
        );
        field("perspektif", o.perspektif.clone(), n.perspektif.clone());
        field("pk_target", o.pk_target.clone(), n.pk_target.clone());
        for oi in &o.indikator {
            if !n.indikator.iter().any(|ni| ni.id == oi.id) {
                out.push(Change::IndicatorRemoved {
                    rhk: n.teks.clone(),
                    iki: oi.iki.clone(),
                });
            }
        }
        for ni in &n.indikator {
            let Some(oi) = o.indikator.iter().find(|oi| oi.id == ni.id) else {
                out.push(Change::IndicatorAdded {
                    rhk: n.teks.clone(),
                    iki: ni.iki.clone(),
                });
                continue;
            };
            for (f, b, a) in [
                ("aspek", oi.aspek.clone(), ni.aspek.clone()),
                ("iki", oi.iki.clone(), ni.iki.clone()),
                ("target", oi.target_label(), ni.target_label()),
            ] {
                if b != a {
                    out.push(Change::IndicatorChanged {
                        rhk: n.teks.clone(),
                        field: f,
                        before: b,
                        after: a,
                    });
                }
            }
        }
    }
    for (bagian, b, a) in [
        ("dukungan", &old.lampiran.dukungan, &new.lampiran.dukungan),
        ("skema", &old.lampiran.skema, &new.lampiran.skema),
        (
            "konsekuensi",
            &old.lampiran.konsekuensi,
            &new.lampiran.konsekuensi,
        ),
    ] {
        if b != a {
            out.push(Change::Lampiran {
                bagian,
                before: b.clone(),
                after: a.clone(),
            });
        }
    }
    for (k, after) in &new.ekspektasi {
        let before = old
            .ekspektasi
            .iter()
            .find(|(ok, _)| ok == k)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        if &before != after {
            out.push(Change::Ekspektasi {
                nilai: *k,
                before,
                after: after.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ind(id: i64, min: Option<f64>) -> Indikator {
        Indikator {
            id,
            aspek: "Kuantitas".into(),
            iki: "Jumlah laporan".into(),
            target_min: min,
            target_max: None,
            satuan: "laporan".into(),
            target_teks: String::new(),
        }
    }

    fn rhk(id: i64, jenis: JenisRhk, parent: Option<i64>, inds: Vec<Indikator>) -> Rhk {
        Rhk {
            id,
            jenis,
            teks: format!("Hasil kerja {id}"),
            parent_rhk_id: parent,
            parent_teks: parent.map(|p| format!("RHK atasan {p}")),
            link_ok: true,
            pk_target: String::new(),
            perspektif: String::new(),
            indikator: inds,
        }
    }

    fn complete() -> SkpContent {
        SkpContent {
            pendekatan: Pendekatan::Kuantitatif,
            rhk: vec![
                rhk(1, JenisRhk::Utama, Some(10), vec![ind(11, Some(12.0))]),
                rhk(
                    2,
                    JenisRhk::Utama,
                    Some(20),
                    vec![ind(21, Some(4.0)), ind(22, Some(100.0))],
                ),
                rhk(3, JenisRhk::Tambahan, None, vec![ind(31, Some(1.0))]),
            ],
            lampiran: Lampiran::default(),
            ekspektasi: vec![],
        }
    }

    const STATUSES: [SkpStatus; 4] = SkpStatus::ALL;
    const ROLES: [SkpRole; 3] = [SkpRole::Owner, SkpRole::Penilai, SkpRole::Other];

    #[test]
    fn every_transition_by_role_is_as_specified() {
        use SkpAction as A;
        use SkpRole as R;
        use SkpStatus as S;
        let allowed: &[(S, A, R, S)] = &[
            (S::Draft, A::Edit, R::Owner, S::Draft),
            (S::Dikembalikan, A::Edit, R::Owner, S::Draft),
            (S::Draft, A::Submit, R::Owner, S::Diajukan),
            (S::Dikembalikan, A::Submit, R::Owner, S::Diajukan),
            (S::Diajukan, A::Withdraw, R::Owner, S::Draft),
            (S::Diajukan, A::Approve, R::Penilai, S::Disetujui),
            (S::Diajukan, A::Return, R::Penilai, S::Dikembalikan),
            (S::Disetujui, A::Revise, R::Owner, S::Draft),
            (S::Draft, A::WriteExpectations, R::Penilai, S::Draft),
            (S::Diajukan, A::WriteExpectations, R::Penilai, S::Diajukan),
            (
                S::Dikembalikan,
                A::WriteExpectations,
                R::Penilai,
                S::Dikembalikan,
            ),
        ];
        let mut checked = 0;
        for s in STATUSES {
            for a in SkpAction::ALL {
                for r in ROLES {
                    let expected = allowed
                        .iter()
                        .find(|(fs, fa, fr, _)| *fs == s && *fa == a && *fr == r)
                        .map(|x| x.3);
                    let got = transition(s, a, r);
                    match expected {
                        Some(to) => assert_eq!(got, Ok(to), "{s:?} {a:?} {r:?}"),
                        None => assert!(
                            got.is_err(),
                            "{s:?} {a:?} {r:?} must be refused, got {got:?}"
                        ),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 4 * 7 * 3);
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            transition(SkpStatus::Draft, SkpAction::Approve, SkpRole::Owner),
            Err(TransitionError::NotPenilai)
        );
        assert_eq!(
            transition(SkpStatus::Draft, SkpAction::Submit, SkpRole::Penilai),
            Err(TransitionError::NotOwner)
        );
        assert_eq!(
            transition(SkpStatus::Draft, SkpAction::Edit, SkpRole::Other),
            Err(TransitionError::NotOwner)
        );
        assert_eq!(
            transition(SkpStatus::Disetujui, SkpAction::Edit, SkpRole::Owner),
            Err(TransitionError::WrongStatus)
        );
        assert_eq!(
            transition(SkpStatus::Disetujui, SkpAction::Approve, SkpRole::Penilai),
            Err(TransitionError::WrongStatus)
        );
        assert_eq!(
            transition(SkpStatus::Diajukan, SkpAction::Edit, SkpRole::Owner),
            Err(TransitionError::WrongStatus)
        );
        assert!(SkpStatus::Draft.editable() && SkpStatus::Dikembalikan.editable());
        assert!(!SkpStatus::Diajukan.editable() && !SkpStatus::Disetujui.editable());
    }

    #[test]
    fn a_complete_plan_has_nothing_missing() {
        assert!(missing(&complete(), false).is_empty());
    }

    #[test]
    fn every_gap_is_named_with_its_place() {
        let mut c = complete();
        c.rhk[1].parent_rhk_id = None;
        c.rhk[0].indikator[0].target_min = None;
        c.rhk[2].indikator.clear();
        c.rhk[0].teks = " ".into();
        let m = missing(&c, false);
        assert!(m.contains(&Missing::NotLinked { no: 2 }));
        assert!(m.contains(&Missing::IndicatorNoTarget {
            jenis: JenisRhk::Utama,
            no: 1,
            ind: 1
        }));
        assert!(m.contains(&Missing::NoIndicator {
            jenis: JenisRhk::Tambahan,
            no: 1
        }));
        assert!(m.contains(&Missing::EmptyText {
            jenis: JenisRhk::Utama,
            no: 1
        }));
        assert_eq!(m.len(), 4);
        c.rhk[1].parent_rhk_id = Some(20);
        c.rhk[1].link_ok = false;
        assert!(missing(&c, false).contains(&Missing::BrokenLink { no: 2 }));
        let empty = SkpContent {
            rhk: vec![],
            ..complete()
        };
        assert_eq!(missing(&empty, false), vec![Missing::NoUtama]);
    }

    #[test]
    fn tambahan_needs_no_link_and_jpt_needs_pk_and_perspektif() {
        let mut c = complete();
        for r in &mut c.rhk {
            r.parent_rhk_id = None;
        }
        let m = missing(&c, true);
        assert_eq!(
            m,
            vec![
                Missing::JptIncomplete { no: 1 },
                Missing::JptIncomplete { no: 2 }
            ]
        );
        for r in c.rhk.iter_mut().filter(|r| r.jenis == JenisRhk::Utama) {
            r.pk_target = "Indeks kepuasan masyarakat 85".into();
            r.perspektif = "Perspektif Penerima Layanan".into();
        }
        assert!(missing(&c, true).is_empty());
    }

    #[test]
    fn kualitatif_plans_take_narrative_targets() {
        let mut c = complete();
        c.pendekatan = Pendekatan::Kualitatif;
        for r in &mut c.rhk {
            for i in &mut r.indikator {
                i.target_min = None;
                i.target_teks = "Laporan diterima tepat waktu tanpa revisi".into();
            }
        }
        assert!(missing(&c, false).is_empty());
        c.rhk[0].indikator[0].target_teks.clear();
        assert_eq!(missing(&c, false).len(), 1);
    }

    #[test]
    fn targets_parse_and_print_the_indonesian_way() {
        assert_eq!(parse_target("12"), Ok((12.0, None)));
        assert_eq!(parse_target(" 2 - 3 "), Ok((2.0, Some(3.0))));
        assert_eq!(parse_target("2–3"), Ok((2.0, Some(3.0))));
        assert_eq!(parse_target("2,5"), Ok((2.5, None)));
        assert_eq!(parse_target("1.000"), Ok((1000.0, None)));
        assert_eq!(parse_target("0.5"), Ok((0.5, None)));
        assert_eq!(parse_target("5-5"), Ok((5.0, None)));
        assert_eq!(parse_target("3-2"), Err(TargetError::RangeReversed));
        assert_eq!(parse_target("banyak"), Err(TargetError::NotANumber));
        assert_eq!(parse_target("-4"), Err(TargetError::Negative));
        assert_eq!(format_target(12.0, None, "laporan"), "12 laporan");
        assert_eq!(format_target(2.0, Some(3.0), "dokumen"), "2–3 dokumen");
        assert_eq!(format_target(2.5, None, "%"), "2,5 %");
        assert_eq!(target_input(Some(2.0), Some(3.0)), "2-3");
    }

    proptest! {
        #[test]
        fn printed_targets_parse_back(min in 0u32..100_000, extra in 0u32..1000, hundredths in 0u32..100) {
            let min = min as f64 + hundredths as f64 / 100.0;
            let max = if extra == 0 { None } else { Some(min + extra as f64) };
            let typed = target_input(Some(min), max);
            let (pmin, pmax) = parse_target(&typed.replace('.', ",")).unwrap();
            prop_assert!((pmin - min).abs() < 1e-9);
            prop_assert_eq!(pmax.is_some(), max.is_some());
        }
    }

    #[test]
    fn diff_names_what_changed_between_revisions() {
        let old = complete();
        let mut new = complete();
        new.rhk[0].teks = "Hasil kerja 1 yang diperbaiki".into();
        new.rhk[1].indikator[0].target_min = Some(6.0);
        new.rhk[1].indikator.remove(1);
        new.rhk.remove(2);
        new.rhk
            .push(rhk(4, JenisRhk::Tambahan, None, vec![ind(41, Some(2.0))]));
        new.lampiran
            .dukungan
            .push("Anggaran perjalanan dinas".into());
        let d = diff(&old, &new);
        assert!(d.contains(&Change::RhkChanged {
            teks: "Hasil kerja 1 yang diperbaiki".into(),
            field: "teks",
            before: "Hasil kerja 1".into(),
            after: "Hasil kerja 1 yang diperbaiki".into()
        }));
        assert!(d.contains(&Change::IndicatorChanged {
            rhk: "Hasil kerja 2".into(),
            field: "target",
            before: "4 laporan".into(),
            after: "6 laporan".into()
        }));
        assert!(d.contains(&Change::IndicatorRemoved {
            rhk: "Hasil kerja 2".into(),
            iki: "Jumlah laporan".into()
        }));
        assert!(d.contains(&Change::RhkRemoved {
            jenis: JenisRhk::Tambahan,
            teks: "Hasil kerja 3".into()
        }));
        assert!(d.contains(&Change::RhkAdded {
            jenis: JenisRhk::Tambahan,
            teks: "Hasil kerja 4".into()
        }));
        assert!(matches!(
            d.last(),
            Some(Change::Lampiran {
                bagian: "dukungan",
                ..
            })
        ));
        assert_eq!(d.len(), 6);
        assert!(diff(&old, &old).is_empty());
    }
}
