//! SQL of notifications.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::AppResult;
use crate::store::rows_affected;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub params_json: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub async fn notify(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    kind: &str,
    params_json: &str,
    link: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO notifications (instansi_id, user_id, kind, params_json, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    let now = now_micros();
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(user_id)
        .bind(kind)
        .bind(params_json)
        .bind(link)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// Notifies the account of an employee, if there is one, without reading anything first:
/// safe inside a write transaction.
pub async fn notify_employee(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    kind: &str,
    params_json: &str,
    link: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO notifications (instansi_id, user_id, kind, params_json, link, created_at) \
         SELECT $1, u.id, $3, $4, $5, $6 FROM users u WHERE u.employee_id = $2";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(kind)
        .bind(params_json)
        .bind(link)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn unread_count(db: &Db, instansi_id: i64, user_id: i64) -> AppResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND instansi_id = $2 AND read_at IS NULL";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(user_id)
        .bind(instansi_id)
        .fetch_one(c)
        .await)?)
}

pub async fn notifications(
    db: &Db,
    instansi_id: i64,
    user_id: i64,
    limit: i64,
) -> AppResult<Vec<NotificationRow>> {
    const SQL: &str = "SELECT id, kind, params_json, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 AND instansi_id = $3 ORDER BY id DESC LIMIT $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(user_id)
        .bind(limit)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn notifications_read(tx: &mut Tx, instansi_id: i64, user_id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND instansi_id = $3 AND read_at IS NULL";
    let now = now_micros();
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(user_id)
        .bind(now)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}
