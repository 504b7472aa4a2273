//! Organisation services: search, profiles with the penilai chain, employee edits and
//! penilai overrides, the unit tree (acting appointments: `services::acting`). Every
//! function checks permission before it reads.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::accounts::standing_of;
use crate::services::audit::{self, Change};
use crate::services::confirmations;
use crate::store::confirmations as confirmations_sql;
use crate::store::org::{self, EmployeeFields, EmployeeQuery, NewPosition};
pub use crate::store::org::{ActingRow, EmployeeRow, UnitChildRow, UnitRow, VacantHeadRow};
use crate::store::users;
use crate::store::{Page, Tx};
use chrono::NaiveDate;
use kinerja_domain::access::{AdminScope, Decision, Standing, Subject};
use kinerja_domain::confirmation::ChangeKind;
use kinerja_domain::org::{Derived, PenilaiSource, UnitPath, penilai_chain};
use kinerja_domain::{Golongan, JenisAsn, JenisJabatan, Jenjang, Nip};
use serde::Serialize;
use serde_json::json;

mod employees;
mod penilai;
mod profile;
mod search;
mod units;
mod validation;

pub use employees::*;
pub(crate) use penilai::*;
pub use profile::*;
pub use search::*;
pub use units::*;
pub use validation::*;

// ---------------------------------------------------------------------------------------
// Who may see and edit whom

pub fn subject_of(e: &EmployeeRow) -> (i64, i64, UnitPath) {
    (e.instansi_id, e.id, e.unit_path())
}

fn can_view(user: &CurrentUser, e: &EmployeeRow) -> bool {
    let path = e.unit_path();
    user.actor.can_view_employee(&Subject {
        instansi_id: e.instansi_id,
        employee_id: e.id,
        unit_path: &path,
    })
}

/// Whether the admin may act on this employee's record: in scope, not themself, not
/// someone with more rights.
pub async fn can_edit(app: &App, user: &CurrentUser, e: &EmployeeRow) -> AppResult<bool> {
    let path = e.unit_path();
    let subject = Subject {
        instansi_id: e.instansi_id,
        employee_id: e.id,
        unit_path: &path,
    };
    if !user.actor.can_edit_employee(&subject) {
        return Ok(false);
    }
    let standing = standing_of(app, e).await?;
    Ok(user.actor.can_act_on(&subject, &standing))
}
