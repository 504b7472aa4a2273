//! SQL of the four-eyes queue (acts of an OPD admin waiting for an admin BKPSDM).

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::{AppError, AppResult};
use kinerja_domain::confirmation::{ChangeKind, ChangeStatus};
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PendingRow {
    pub id: i64,
    pub instansi_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ChangeKind,
    pub subject_employee_id: i64,
    pub subject_nama: String,
    pub subject_nip: Option<String>,
    pub payload: String,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub requested_at: i64,
    #[sqlx(try_from = "String")]
    pub status: ChangeStatus,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub note: String,
}

const COLS: &str = "SELECT c.id, c.instansi_id, c.kind, c.subject_employee_id, e.nama AS subject_nama, \
       e.nip AS subject_nip, c.payload, c.requested_by, r.display_name AS requested_by_name, \
       c.requested_at, c.status, d.display_name AS decided_by_name, c.decided_at, c.note \
     FROM pending_changes c JOIN employees e ON e.id = c.subject_employee_id \
     JOIN users r ON r.id = c.requested_by LEFT JOIN users d ON d.id = c.decided_by ";

pub struct NewPending<'a> {
    pub instansi_id: i64,
    pub kind: ChangeKind,
    pub subject_employee_id: i64,
    pub payload: &'a str,
    pub requested_by: i64,
}

pub async fn insert(tx: &mut Tx, p: &NewPending<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO pending_changes (instansi_id, kind, subject_employee_id, payload, \
         requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(p.instansi_id)
        .bind(p.kind.code())
        .bind(p.subject_employee_id)
        .bind(p.payload)
        .bind(p.requested_by)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

pub async fn get(db: &Db, instansi_id: i64, id: i64) -> AppResult<PendingRow> {
    const SQL: &str = const_format::concatcp!(COLS, "WHERE c.instansi_id = $1 AND c.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// Requests still waiting, oldest first (the queue of admin BKPSDM).
pub async fn waiting(db: &Db, instansi_id: i64, limit: i64) -> AppResult<Vec<PendingRow>> {
    const SQL: &str = const_format::concatcp!(
        COLS,
        "WHERE c.instansi_id = $1 AND c.status = 'menunggu' ORDER BY c.id LIMIT $2"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// The latest requests of one admin, whatever their state (what an OPD admin follows).
pub async fn by_requester(
    db: &Db,
    instansi_id: i64,
    user_id: i64,
    limit: i64,
) -> AppResult<Vec<PendingRow>> {
    const SQL: &str = const_format::concatcp!(
        COLS,
        "WHERE c.instansi_id = $1 AND c.requested_by = $2 ORDER BY c.id DESC LIMIT $3"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(user_id)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Waiting requests about one employee of one kind (no second request while one waits).
pub async fn waiting_for(
    db: &Db,
    instansi_id: i64,
    kind: ChangeKind,
    subject_employee_id: i64,
) -> AppResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM pending_changes WHERE instansi_id = $1 AND status = 'menunggu' \
         AND kind = $2 AND subject_employee_id = $3";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(kind.code())
        .bind(subject_employee_id)
        .fetch_one(c)
        .await)?)
}

/// Waiting requests someone other than `user_id` asked for (one never confirms one's own).
pub async fn count_waiting(db: &Db, instansi_id: i64, user_id: i64) -> AppResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM pending_changes \
         WHERE instansi_id = $1 AND status = 'menunggu' AND requested_by <> $2";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(user_id)
        .fetch_one(c)
        .await)?)
}

/// Marks a waiting request decided. Fails with [`AppError::Stale`] when someone decided it
/// first, so that a request is applied at most once.
pub async fn decide(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    status: ChangeStatus,
    by: i64,
    note: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE pending_changes SET status = $3, decided_by = $4, decided_at = $5, note = $6 \
         WHERE instansi_id = $1 AND id = $2 AND status = 'menunggu'";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(status.code())
        .bind(by)
        .bind(now_micros())
        .bind(note)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 1 { Ok(()) } else { Err(AppError::Stale) }
}
