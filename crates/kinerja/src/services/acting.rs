//! Acting appointments (PLT fills a vacant head position, PLH stands in for an absent
//! holder): validation, the separation-of-duties rules, the penilai cycle check, the
//! four-eyes path for senior heads, ending and listing them.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::confirmations;
use crate::services::org::list_scope;
use crate::store::org::{self, ActingRow, EmployeeRow, NewActing, UnitRow, VacantHeadRow};
use chrono::NaiveDate;
use kinerja_domain::access::{AdminScope, Appointment, Decision};
use kinerja_domain::confirmation::ChangeKind;
use kinerja_domain::org::{ActingKind, UnitPath};
use kinerja_domain::{JenisJabatan, Nip};
use serde_json::json;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct ActingInput {
    pub unit_id: i64,
    pub nip: String,
    pub jenis: String,
    pub mulai: String,
    #[serde(default)]
    pub selesai: String,
    #[serde(default)]
    pub dasar: String,
}

fn parse_date(field: &'static str, raw: &str) -> Result<NaiveDate, Problem> {
    kinerja_domain::periode::parse_date(raw)
        .ok_or_else(|| Problem::new(field, "date-invalid").arg("value", raw.trim()))
}

/// An acting appointment checked against the organisation, ready to be written.
struct ValidActing {
    unit: UnitRow,
    head: org::PositionRow,
    emp: EmployeeRow,
    jenis: ActingKind,
    mulai: NaiveDate,
    selesai: Option<NaiveDate>,
    dasar: String,
}

impl ValidActing {
    fn appointment<'a>(
        &'a self,
        unit_path: &'a UnitPath,
        emp_path: &'a UnitPath,
    ) -> Appointment<'a> {
        Appointment {
            instansi_id: self.unit.instansi_id,
            unit: unit_path,
            // A position kind we cannot read counts as the most senior: four eyes.
            jenis_jabatan: JenisJabatan::parse(&self.head.jenis).unwrap_or(JenisJabatan::Jpt),
            appointee: self.emp.id,
            appointee_unit: emp_path,
        }
    }
}

/// Checks an appointment: dates, a head position, an active appointee who does not hold it,
/// PLT only for a vacancy, no overlap, and no penilai cycle once the appointee acts (the
/// same check as the import and the employee edit).
async fn validate_acting(app: &App, instansi: i64, input: &ActingInput) -> AppResult<ValidActing> {
    let unit = org::unit_get(&app.db, instansi, input.unit_id).await?;
    let mut problems = Vec::new();
    let head = org::head_position(&app.db, instansi, unit.id).await?;
    if head.is_none() {
        problems.push(Problem::new("unit_id", "unit-no-head-position"));
    }
    let jenis = ActingKind::parse(&input.jenis);
    if jenis.is_none() {
        problems.push(Problem::new("jenis", "acting-kind-unknown"));
    }
    let mulai = parse_date("mulai", &input.mulai)
        .map_err(|p| problems.push(p))
        .ok();
    let selesai = if input.selesai.trim().is_empty() {
        None
    } else {
        parse_date("selesai", &input.selesai)
            .map_err(|p| problems.push(p))
            .ok()
    };
    if let (Some(m), Some(s)) = (mulai, selesai)
        && s < m
    {
        problems.push(Problem::new("selesai", "date-end-before-start"));
    }
    if !kinerja_domain::text::is_single_line(input.dasar.trim()) {
        problems.push(Problem::new("dasar", "text-control-char"));
    }
    let nip = Nip::normalize(&input.nip);
    let emp = org::employee_by_nip(&app.db, instansi, &nip).await?;
    match &emp {
        None => {
            problems.push(Problem::new("nip", "employee-unknown").arg("value", input.nip.trim()))
        }
        Some(e) if !e.aktif => problems.push(Problem::new("nip", "employee-inactive")),
        Some(e) if head.as_ref().is_some_and(|h| h.id == e.position_id) => {
            problems.push(Problem::new("nip", "acting-is-holder"))
        }
        _ => {}
    }
    // PLT fills a vacancy; PLH stands in for a holder who is away.
    if let (Some(h), Some(ActingKind::Plt)) = (&head, jenis) {
        let holders = org::employees_in_unit(&app.db, instansi, unit.id, 1000).await?;
        if holders.iter().any(|e| e.position_id == h.id) {
            problems.push(Problem::new("jenis", "acting-plt-needs-vacancy"));
        }
    }
    if let (Some(m), Some(h)) = (mulai, &head) {
        let overlapping = org::acting_list(&app.db, instansi, &unit.unit_path(), m, 100)
            .await?
            .into_iter()
            .any(|a| a.position_id == h.id && selesai.is_none_or(|s| a.mulai <= s));
        if overlapping {
            problems.push(Problem::new("mulai", "acting-overlap"));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (emp, head, jenis, mulai) = (
        emp.expect("checked"),
        head.expect("checked"),
        jenis.expect("checked"),
        mulai.expect("checked"),
    );
    Ok(ValidActing {
        unit,
        head,
        emp,
        jenis,
        mulai,
        selesai,
        dasar: input.dasar.trim().to_string(),
    })
}

/// While acting, the appointee heads the unit: whoever they then rate must not be their
/// own penilai (the same cycle check as the import and the employee edit).
async fn check_acting_cycle(app: &App, v: &ValidActing) -> AppResult<()> {
    let mut snap = org::snapshot_all(&app.db, v.unit.instansi_id, v.mulai).await?;
    snap.heads.insert(
        v.unit.id,
        kinerja_domain::HeadSlot::Held {
            employee_id: v.emp.id,
            acting: Some(v.jenis),
        },
    );
    if kinerja_domain::org::penilai_cycle(&snap, [v.emp.id]).is_some() {
        return Err(AppError::Invalid(vec![Problem::new("nip", "acting-cycle")]));
    }
    Ok(())
}

/// What an admin act did: took effect, or waits for an admin BKPSDM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Pending,
}

/// Appoints a PLT/PLH. Never oneself; an OPD admin appoints within their OPD, and to a head
/// position of JPT or Administrator rank only with the confirmation of an admin BKPSDM.
pub async fn acting_create(
    app: &App,
    user: &CurrentUser,
    input: &ActingInput,
) -> AppResult<Outcome> {
    let instansi = user.instansi_id();
    let unit = org::unit_get(&app.db, instansi, input.unit_id).await?;
    if !user.actor.can_edit_unit(instansi, &unit.unit_path()) {
        return Err(AppError::Forbidden);
    }
    let v = validate_acting(app, instansi, input).await?;
    let (unit_path, emp_path) = (v.unit.unit_path(), v.emp.unit_path());
    match user
        .actor
        .can_appoint(&v.appointment(&unit_path, &emp_path))
    {
        Decision::Denied => {
            let code = if user.actor.employee_id == Some(v.emp.id) {
                "acting-self"
            } else {
                "acting-outside-opd"
            };
            Err(AppError::Invalid(vec![Problem::new("nip", code)]))
        }
        Decision::NeedsConfirmation => {
            check_acting_cycle(app, &v).await?;
            let mut payload =
                serde_json::to_value(input).map_err(|e| AppError::Internal(e.to_string()))?;
            // What the confirming admin reads; the input alone is applied.
            payload["jabatan"] = json!(v.head.nama);
            payload["unit"] = json!(v.unit.nama);
            payload["pegawai"] = json!(v.emp.nama_lengkap());
            confirmations::request(app, user, ChangeKind::Acting, &v.emp, payload).await?;
            Ok(Outcome::Pending)
        }
        Decision::Allowed => {
            check_acting_cycle(app, &v).await?;
            insert_acting(app, user, &v, None).await?;
            Ok(Outcome::Done)
        }
    }
}

/// Applies a confirmed appointment, re-checked against today's organisation.
pub(crate) async fn acting_apply(
    app: &App,
    user: &CurrentUser,
    input: &ActingInput,
    confirming: Option<&confirmations::Confirming<'_>>,
) -> AppResult<i64> {
    let v = validate_acting(app, user.instansi_id(), input).await?;
    let (unit_path, emp_path) = (v.unit.unit_path(), v.emp.unit_path());
    if user
        .actor
        .can_appoint(&v.appointment(&unit_path, &emp_path))
        != Decision::Allowed
    {
        return Err(AppError::Forbidden);
    }
    check_acting_cycle(app, &v).await?;
    insert_acting(app, user, &v, confirming).await
}

async fn insert_acting(
    app: &App,
    user: &CurrentUser,
    v: &ValidActing,
    confirming: Option<&confirmations::Confirming<'_>>,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    let mut tx = app.db.begin().await?;
    let id = org::acting_insert(
        &mut tx,
        NewActing {
            instansi_id: instansi,
            employee_id: v.emp.id,
            position_id: v.head.id,
            jenis: v.jenis,
            mulai: v.mulai,
            selesai: v.selesai,
            dasar: &v.dasar,
        },
    )
    .await?;
    if let Some(c) = confirming {
        c.mark(app, &mut tx, user).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "acting.create",
            object_type: "acting",
            object_id: Some(id),
            subject_employee_id: Some(v.emp.id),
            before: None,
            after: Some(json!({
                "jenis": v.jenis.code(), "jabatan": v.head.nama, "unit": v.unit.nama,
                "pegawai": v.emp.nama_lengkap(), "mulai": v.mulai, "selesai": v.selesai, "dasar": v.dasar,
                "requested_by": confirming.map(|c| c.on_behalf.as_str()),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn acting_end(app: &App, user: &CurrentUser, id: i64) -> AppResult<()> {
    let instansi = user.instansi_id();
    let a = org::acting_get(&app.db, instansi, id).await?;
    let unit = org::unit_get(&app.db, instansi, a.unit_id).await?;
    if !user.actor.can_edit_unit(instansi, &unit.unit_path()) {
        return Err(AppError::Forbidden);
    }
    // Ends yesterday, so that from today the position is vacant again (or held).
    let today = app.today();
    let end = today.pred_opt().unwrap_or(today).max(a.mulai);
    let mut tx = app.db.begin().await?;
    org::acting_end(&mut tx, instansi, id, end).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "acting.end",
            object_type: "acting",
            object_id: Some(id),
            subject_employee_id: Some(a.employee_id),
            before: Some(json!({"selesai": a.selesai})),
            after: Some(json!({"selesai": end})),
        },
    )
    .await?;
    tx.commit().await
}

pub async fn acting_list(
    app: &App,
    user: &CurrentUser,
) -> AppResult<(Vec<ActingRow>, Vec<VacantHeadRow>)> {
    let scope = user.actor.admin_scope().ok_or(AppError::Forbidden)?;
    let instansi = user.instansi_id();
    let root = match scope {
        AdminScope::Instansi => org::unit_root(&app.db, instansi).await?,
        AdminScope::Units(_) => list_scope(app, user, None).await?,
    };
    let path = root.unit_path();
    let today = app.today();
    Ok((
        org::acting_list(&app.db, instansi, &path, today, 500).await?,
        org::vacant_heads(&app.db, instansi, &path, today, 500).await?,
    ))
}
