//! Planning: the SKP from draft to approval, cascaded down the organisation.
//!
//! Roles come from the tree: the owner edits and submits; the penilai derived today (or a
//! PLT/PLH, or an admin override) approves or returns; everyone else who may see the owner
//! reads. Every transition and edit is written with its audit event in one transaction, and
//! every write to a plan checks its version (two people never silently overwrite each other).

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::org::{self as org_svc, ChainLink};
use crate::services::referensi::referensi;
use crate::store::org::{self, EmployeeRow};
use crate::store::periode::YearRow;
use crate::store::skp::{self as store, NewIndikator, NewRhk, NewSkp, NewSubmission, RhkRow};
pub use crate::store::skp::{CascadeRow, ChildLinkRow, LateRow, PendingRow, SkpRow, SubmissionRow};
use crate::store::users;
use chrono::NaiveDate;
use kinerja_domain::access::Subject;
use kinerja_domain::org::{Derived, penilai_of};
use kinerja_domain::referensi::Referensi;
use kinerja_domain::skp::{
    self as rules, Indikator, JenisRhk, Lampiran, Missing, Pendekatan, Rhk, SkpAction, SkpContent,
    SkpRole, SkpStatus, TransitionError, parse_target,
};
use kinerja_domain::{Golongan, JenisJabatan};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

mod cascade;
mod create;
mod document;
mod draft;
mod monitoring;
mod read;
mod revisions;
mod transitions;

pub use cascade::*;
pub use create::*;
pub use document::*;
pub use draft::*;
pub use monitoring::*;
pub use read::*;
pub use revisions::*;
pub use transitions::*;

// ---------------------------------------------------------------------------------------
// Roles and what every operation on a plan shares

fn subject(e: &EmployeeRow) -> (kinerja_domain::UnitPath, i64, i64) {
    (e.unit_path(), e.instansi_id, e.id)
}

fn can_view(user: &CurrentUser, owner: &EmployeeRow) -> bool {
    let (path, instansi_id, employee_id) = subject(owner);
    user.actor.can_view_employee(&Subject {
        instansi_id,
        employee_id,
        unit_path: &path,
    })
}

/// The owner's penilai today.
pub async fn current_penilai(app: &App, instansi: i64, owner: i64) -> AppResult<Derived> {
    let snap = org::snapshot_for(&app.db, instansi, owner, app.today()).await?;
    Ok(penilai_of(&snap, owner))
}

fn role_of(user: &CurrentUser, owner_id: i64, penilai: &Derived) -> SkpRole {
    match user.session.employee_id {
        Some(me) if me == owner_id => SkpRole::Owner,
        Some(me) if penilai.employee_id() == Some(me) => SkpRole::Penilai,
        _ => SkpRole::Other,
    }
}

fn refuse(e: TransitionError) -> AppError {
    match e {
        TransitionError::WrongStatus => AppError::Conflict("skp-wrong-status"),
        TransitionError::NotOwner | TransitionError::NotPenilai => AppError::Forbidden,
    }
}
