//! Daily work: the rencana aksi of each indicator per period and the daily log (progres
//! harian) written under them, the penilai's acknowledgement, the team view, and the log
//! feeding realisasi at period end.
//!
//! Who may do what: only the owner writes their log and rencana aksi; the penilai derived
//! today (or a PLT/PLH, or an admin override) acknowledges entries and comments on rencana
//! aksi; whoever may see the employee (the chain of heads above, admins, pimpinan) reads;
//! a colleague does not. A period's log is locked once the penilai has rated it.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::store::org::{self, EmployeeRow};
use crate::store::periode::PeriodRow;
use crate::store::progres as store;
pub use crate::store::progres::{
    AturanRow, AwayRow, EntryRow, HariLiburRow, RencanaAksiRow, RiwayatRow, TemplateRow, TurunanRow,
};
use crate::store::skp::SkpRow;
use chrono::{Datelike, NaiveDate};
use kinerja_domain::access::Subject;
use serde_json::json;
use std::collections::BTreeSet;

mod aturan;
mod coverage;
mod entries;
mod export;
mod import;
mod realisasi;
mod rencana_aksi;
mod team;

pub use aturan::*;
pub use coverage::*;
pub use entries::*;
pub use export::*;
pub use import::*;
pub use realisasi::*;
pub use rencana_aksi::*;
pub use team::*;

/// What the signed-in user is to the person whose log is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Their own log: they write it.
    Owner,
    /// They rate its owner today: they acknowledge and comment.
    Penilai,
    /// They may see the owner (a head further up, an admin): they read.
    Reader,
}

/// The person whose log is read or written, and the reader's part in it.
#[derive(Debug, Clone)]
pub struct Owner {
    pub employee: EmployeeRow,
    pub access: Access,
}

/// Finds the owner and refuses whoever may not see them (a colleague, another instansi).
pub(crate) async fn owner(app: &App, user: &CurrentUser, employee_id: i64) -> AppResult<Owner> {
    let instansi = user.instansi_id();
    let employee = org::employee_get(&app.db, instansi, employee_id).await?;
    let path = employee.unit_path();
    if !user.actor.can_view_employee(&Subject {
        instansi_id: instansi,
        employee_id: employee.id,
        unit_path: &path,
    }) {
        return Err(AppError::Forbidden);
    }
    let me = user.session.employee_id;
    let access = if me == Some(employee.id) {
        Access::Owner
    } else if me.is_some()
        && crate::services::skp::current_penilai(app, instansi, employee.id)
            .await?
            .employee_id()
            == me
    {
        Access::Penilai
    } else {
        Access::Reader
    };
    Ok(Owner { employee, access })
}

/// The signed-in user's own log; someone without an employee record has none.
pub(crate) async fn own(app: &App, user: &CurrentUser) -> AppResult<Owner> {
    let me = user.session.employee_id.ok_or(AppError::Forbidden)?;
    owner(app, user, me).await
}

/// The approved plan and the period a day of someone's log belongs to.
#[derive(Debug, Clone)]
pub struct PlanPeriod {
    pub skp: SkpRow,
    pub period: PeriodRow,
    /// The penilai has rated the period: the log no longer changes.
    pub locked: bool,
}

/// The plan covering `day` that was approved at least once, and the evaluation period
/// (not the annual one, unless the year has no other) that contains it.
pub(crate) async fn plan_period_on(
    app: &App,
    instansi: i64,
    employee_id: i64,
    day: NaiveDate,
) -> AppResult<Option<PlanPeriod>> {
    let Some(year) =
        crate::store::periode::year_by_tahun(&app.db, instansi, i64::from(day.year())).await?
    else {
        return Ok(None);
    };
    let skp = crate::store::skp::skps_of(&app.db, instansi, employee_id, year.id)
        .await?
        .into_iter()
        .find(|s| s.approved_at.is_some() && s.mulai <= day && day <= s.selesai);
    let Some(skp) = skp else {
        return Ok(None);
    };
    let Some(period) = crate::services::periode::period_of_day(app, instansi, day).await? else {
        return Ok(None);
    };
    let locked = store::evaluation_status(&app.db, instansi, skp.id, period.id)
        .await?
        .is_some_and(kinerja_domain::progres::log_locked);
    Ok(Some(PlanPeriod {
        skp,
        period,
        locked,
    }))
}

/// The instansi's holidays from `from` to `to`.
pub(crate) async fn holidays(
    app: &App,
    instansi: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<HariLiburRow>> {
    store::holidays_between(&app.db, instansi, from, to).await
}

pub(crate) fn holiday_set(rows: &[HariLiburRow]) -> BTreeSet<NaiveDate> {
    rows.iter().map(|h| h.tanggal).collect()
}

/// One-line text with a length limit, or the reason it is refused.
pub(crate) fn one_line(
    field: &'static str,
    s: &str,
    max: usize,
    empty: Option<&'static str>,
) -> Result<String, Problem> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(code) = empty
        && t.is_empty()
    {
        return Err(Problem::new(field, code));
    }
    if t.chars().any(char::is_control) {
        return Err(Problem::new(field, "text-control-char"));
    }
    if t.chars().count() > max {
        return Err(Problem::new(field, "text-too-long").arg("max", max));
    }
    Ok(t)
}

pub(crate) async fn audit_one(
    tx: &mut crate::store::Tx,
    app: &App,
    user: &CurrentUser,
    subject_employee_id: i64,
    action: &'static str,
    object: (&'static str, i64),
    (before, after): (Option<serde_json::Value>, Option<serde_json::Value>),
) -> AppResult<()> {
    audit::record(
        tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action,
            object_type: object.0,
            object_id: Some(object.1),
            subject_employee_id: Some(subject_employee_id),
            before,
            after,
        },
    )
    .await
}

/// What the audit keeps of an entry about to be written (`berkas`: its file's hash).
pub(crate) fn new_entry_json(
    e: &crate::store::progres::NewEntry<'_>,
    berkas: Option<&str>,
) -> serde_json::Value {
    json!({"tanggal": e.tanggal, "jam_mulai": e.jam_mulai, "jam_selesai": e.jam_selesai,
        "kegiatan": e.kegiatan, "rencana_aksi": e.rencana_aksi_id, "realisasi": e.realisasi,
        "satuan": e.satuan, "tautan": e.tautan, "berkas": berkas, "terlambat": e.terlambat,
        "sumber": e.sumber})
}

pub(crate) fn entry_json(e: &EntryRow) -> serde_json::Value {
    json!({"tanggal": e.tanggal, "jam_mulai": e.jam_mulai, "jam_selesai": e.jam_selesai,
        "kegiatan": e.kegiatan, "rencana_aksi": e.rencana_aksi_id, "realisasi": e.realisasi,
        "satuan": e.satuan, "tautan": e.tautan, "berkas": e.file_sha256})
}
