//! Evaluation per period: realisasi and self-assessment by the employee, the penilai's
//! judgements, feedback and ratings, the predikat from the year's matrix, the unit's curve and
//! penetapan, keberatan and reopening.
//!
//! The people are snapshotted when a period's evaluation is opened: a later transfer never
//! reroutes or rewrites it. A missing penilai stays missing (a blocker shown to admins), never
//! replaced by "any superior".

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::org::{self as org_svc, ChainLink};
use crate::services::skp::{self as skp_svc, PersonHeader};
use crate::store::org;
use crate::store::penilaian::{
    self as store, EvaluationRow, ItemRow, NewEvaluation, RealisasiRow, UnitPeriodRow,
};
pub use crate::store::penilaian::{EvaluationLine, EvidenceRow, KeberatanRow, ReopeningRow};
use crate::store::periode::PeriodRow;
use crate::store::periode::YearRow;
use crate::store::skp::{self as skp_store, SkpRow};
use kinerja_domain::access::Subject;
use kinerja_domain::penilaian::{
    AturanPenilaian, Blok, CapaianOrganisasi, EvaluasiAction, EvaluasiError, EvaluasiRole,
    EvaluasiStatus, Histogram, Pelanggaran, Predikat, Rating, Saran, evaluasi_transition,
    keberatan_tepat_waktu, saran_hasil, saran_perilaku,
};
use kinerja_domain::referensi::Referensi;
use kinerja_domain::skp::{JenisRhk, Pendekatan, SkpContent};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

mod angka_kredit;
mod bukti;
mod due;
mod keberatan;
mod lists;
mod open;
mod penetapan;
mod rating;
mod read;
mod self_assessment;
mod tallies;

pub use angka_kredit::*;
pub use bukti::*;
pub use due::*;
pub use keberatan::*;
pub use lists::*;
pub use open::*;
pub use penetapan::*;
pub use rating::*;
pub use read::*;
pub use self_assessment::*;
pub use tallies::*;

const MAX_TEXT: usize = 2000;

/// The people and place of an evaluation as they were when the period was opened.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub pegawai: PersonHeader,
    pub penilai: Option<PersonHeader>,
    pub atasan: Option<PersonHeader>,
    /// Why there is no penilai: "vacant" (unit name in `penilai_blocker_unit`) or "top".
    #[serde(default)]
    pub penilai_blocker: Option<String>,
    #[serde(default)]
    pub penilai_blocker_unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationView {
    pub ev: EvaluationRow,
    pub status: EvaluasiStatus,
    pub period: PeriodRow,
    pub year: YearRow,
    pub skp: SkpRow,
    pub snapshot: Snapshot,
    pub content: SkpContent,
    #[serde(skip)]
    pub referensi: Arc<Referensi>,
    pub role: EvaluasiRole,
    pub realisasi: HashMap<i64, RealisasiRow>,
    /// Evidence files per indicator.
    pub evidence: HashMap<i64, Vec<store::EvidenceRow>>,
    /// The daily log per indicator over the period: its sum pre-fills the realisasi.
    pub activity: HashMap<i64, crate::services::progres::Activity>,
    pub items: HashMap<(String, i64), ItemRow>,
    /// The employee's judgements are shown (to the employee always; to others once sent).
    pub show_self: bool,
    /// The penilai's judgements and ratings are shown (to the penilai always; to others once
    /// submitted).
    pub show_result: bool,
    pub saran_hasil: Option<Saran>,
    pub saran_perilaku: Option<Saran>,
    pub self_deadline_passed: bool,
    pub keberatan: Option<KeberatanRow>,
    pub keberatan_batas: Option<chrono::NaiveDate>,
    /// Today is on or before `keberatan_batas`.
    pub objection_in_time: bool,
    pub unit_period: Option<UnitPeriodRow>,
}

impl EvaluationView {
    pub fn can(&self, action: EvaluasiAction) -> bool {
        evaluasi_transition(
            self.status,
            action,
            self.role,
            self.self_deadline_passed,
            self.objection_in_time,
        )
        .is_ok()
    }

    pub fn aturan(&self) -> &AturanPenilaian {
        &self.referensi.aturan
    }

    pub fn item(&self, subjek: &str, id: i64) -> Option<&ItemRow> {
        self.items.get(&(subjek.to_string(), id))
    }

    /// The predikat the matrix gives for the current ratings (even in a draft, so the penilai
    /// sees the consequence of a choice before submitting).
    pub fn predikat_preview(&self) -> Option<Predikat> {
        let h = self.ev.rating_hasil.as_deref().and_then(Rating::parse)?;
        let p = self.ev.rating_perilaku.as_deref().and_then(Rating::parse)?;
        Some(self.aturan().matriks.predikat(h, p))
    }
}

fn refuse(e: EvaluasiError) -> AppError {
    match e {
        EvaluasiError::Forbidden => AppError::Forbidden,
        EvaluasiError::WrongStatus => AppError::Conflict("evaluasi-wrong-status"),
        EvaluasiError::LateObjection => AppError::Conflict("keberatan-late"),
    }
}

fn rhk_subjek(r: JenisRhk) -> Blok {
    match r {
        JenisRhk::Utama => Blok::Utama,
        JenisRhk::Tambahan => Blok::Tambahan,
    }
}
