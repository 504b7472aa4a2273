//! Four eyes: acts of an OPD admin that hand out judging rights over heads wait here until
//! an admin BKPSDM other than the requester confirms or rejects them. Each step is audited;
//! a confirmed request is re-checked against today's organisation before it takes effect.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
pub use crate::store::confirmations::PendingRow;
use crate::store::confirmations::{self as sql, NewPending};
use crate::store::org::{self, EmployeeRow};
use crate::store::{Tx, users};
use kinerja_domain::confirmation::{ChangeKind, ChangeStatus};
use serde_json::{Value, json};

/// Records a request inside the caller's transaction, with its audit event.
pub(crate) async fn request_in(
    app: &App,
    tx: &mut Tx,
    by: &CurrentUser,
    kind: ChangeKind,
    subject_employee_id: i64,
    payload: Value,
) -> AppResult<i64> {
    let text = payload.to_string();
    let id = sql::insert(
        tx,
        &NewPending {
            instansi_id: by.instansi_id(),
            kind,
            subject_employee_id,
            payload: &text,
            requested_by: by.session.user_id,
        },
    )
    .await?;
    audit::record(
        tx,
        &app.audit_key,
        by.instansi_id(),
        &by.who(),
        Change {
            action: "confirmation.request",
            object_type: "pending_change",
            object_id: Some(id),
            subject_employee_id: Some(subject_employee_id),
            before: None,
            after: Some(json!({"kind": kind.code(), "payload": payload})),
        },
    )
    .await?;
    Ok(id)
}

/// Records a request in its own transaction. One request of a kind per person waits at a
/// time.
pub(crate) async fn request(
    app: &App,
    by: &CurrentUser,
    kind: ChangeKind,
    subject: &EmployeeRow,
    payload: Value,
) -> AppResult<i64> {
    if sql::waiting_for(&app.db, by.instansi_id(), kind, subject.id).await? > 0 {
        return Err(AppError::Conflict("confirmation-already-waiting"));
    }
    let mut tx = app.db.begin().await?;
    let id = request_in(app, &mut tx, by, kind, subject.id, payload).await?;
    tx.commit().await?;
    Ok(id)
}

/// What an admin sees: admin BKPSDM the queue of the instansi (and may decide), an OPD
/// admin the state of their own requests.
pub struct Queue {
    pub waiting: Vec<PendingRow>,
    pub mine: Vec<PendingRow>,
    pub can_decide: bool,
}

pub async fn queue(app: &App, user: &CurrentUser) -> AppResult<Queue> {
    let instansi = user.instansi_id();
    if !user.actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let can_decide = user.actor.can_admin_instansi(instansi);
    let waiting = if can_decide {
        sql::waiting(&app.db, instansi, 200).await?
    } else {
        Vec::new()
    };
    let mine = sql::by_requester(&app.db, instansi, user.session.user_id, 50).await?;
    Ok(Queue {
        waiting,
        mine,
        can_decide,
    })
}

/// Requests waiting for this admin BKPSDM's confirmation (others' requests; 0 for anyone
/// who may not confirm).
pub async fn waiting_count(app: &App, user: &CurrentUser) -> AppResult<i64> {
    if !user.actor.can_admin_instansi(user.instansi_id()) {
        return Ok(0);
    }
    sql::count_waiting(&app.db, user.instansi_id(), user.session.user_id).await
}

/// What confirming did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    Applied,
    /// A password reset: the temporary password, shown once to the confirming admin, who
    /// hands it to the person.
    TemporaryPassword(String),
}

async fn decidable(app: &App, user: &CurrentUser, id: i64) -> AppResult<(PendingRow, EmployeeRow)> {
    let instansi = user.instansi_id();
    let row = sql::get(&app.db, instansi, id).await?;
    if !user
        .actor
        .can_confirm(instansi, row.requested_by, Some(row.subject_employee_id))
    {
        return Err(AppError::Forbidden);
    }
    if row.status != ChangeStatus::Menunggu {
        return Err(AppError::Stale);
    }
    let subject = org::employee_get(&app.db, instansi, row.subject_employee_id).await?;
    Ok((row, subject))
}

/// The request being confirmed, handed to the service that applies it so that the change
/// and the decision are written in one transaction.
pub(crate) struct Confirming<'a> {
    pub row: &'a PendingRow,
    /// The requester, named in the audit event of the change.
    pub on_behalf: String,
}

impl Confirming<'_> {
    /// Marks the request confirmed inside the transaction that applies it.
    pub(crate) async fn mark(&self, app: &App, tx: &mut Tx, user: &CurrentUser) -> AppResult<()> {
        mark(app, tx, user, self.row, ChangeStatus::Disetujui, "").await
    }
}

/// Confirms a waiting request: re-checks it against today's organisation, applies it,
/// and marks it decided in the same transaction as the change.
pub async fn confirm(app: &App, user: &CurrentUser, id: i64) -> AppResult<Confirmed> {
    let (row, subject) = decidable(app, user, id).await?;
    let payload: Value = serde_json::from_str(&row.payload)
        .map_err(|e| AppError::Internal(format!("pending change {id}: {e}")))?;
    let requester = users::user_get(&app.db, row.instansi_id, row.requested_by).await?;
    let c = Confirming {
        row: &row,
        on_behalf: format!("{} ({})", requester.display_name, requester.username),
    };
    match row.kind {
        ChangeKind::Acting => {
            let input: crate::services::acting::ActingInput = serde_json::from_value(payload)
                .map_err(|e| AppError::Internal(format!("pending change {id}: {e}")))?;
            crate::services::acting::acting_apply(app, user, &input, Some(&c)).await?;
            Ok(Confirmed::Applied)
        }
        ChangeKind::Penilai => {
            let penilai = payload.get("penilai_id").and_then(Value::as_i64);
            crate::services::org::penilai_apply(app, user, &subject, penilai, Some(&c)).await?;
            Ok(Confirmed::Applied)
        }
        ChangeKind::PasswordReset => Ok(Confirmed::TemporaryPassword(
            crate::services::accounts::apply_password_reset(app, user, &subject, Some(&c)).await?,
        )),
    }
}

/// Rejects a waiting request with a reason for the requester.
pub async fn reject(app: &App, user: &CurrentUser, id: i64, note: &str) -> AppResult<()> {
    let (row, _) = decidable(app, user, id).await?;
    let note = note.trim();
    if note.is_empty() {
        return Err(AppError::invalid("note", "confirmation-note-required"));
    }
    let mut tx = app.db.begin().await?;
    mark(app, &mut tx, user, &row, ChangeStatus::Ditolak, note).await?;
    tx.commit().await
}

/// Marks `row` decided, with its audit event (inside the caller's transaction).
pub(crate) async fn mark(
    app: &App,
    tx: &mut Tx,
    user: &CurrentUser,
    row: &PendingRow,
    status: ChangeStatus,
    note: &str,
) -> AppResult<()> {
    sql::decide(
        tx,
        row.instansi_id,
        row.id,
        status,
        user.session.user_id,
        note,
    )
    .await?;
    audit::record(
        tx,
        &app.audit_key,
        row.instansi_id,
        &user.who(),
        Change {
            action: match status {
                ChangeStatus::Disetujui => "confirmation.confirm",
                _ => "confirmation.reject",
            },
            object_type: "pending_change",
            object_id: Some(row.id),
            subject_employee_id: Some(row.subject_employee_id),
            before: Some(json!({"status": ChangeStatus::Menunggu.code()})),
            after: Some(json!({"status": status.code(), "note": note})),
        },
    )
    .await
}

/// One request of the queue, for whoever may see the queue.
pub async fn get(app: &App, user: &CurrentUser, id: i64) -> AppResult<PendingRow> {
    if !user.actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    sql::get(&app.db, user.instansi_id(), id).await
}
