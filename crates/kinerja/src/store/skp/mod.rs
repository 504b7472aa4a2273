//! SQL of planning: SKP rows, submissions, cascading and the monitoring aggregates.

use crate::error::{AppError, AppResult};
use crate::store::rows_affected;
use crate::store::{Db, Tx, now_micros, on_db, on_tx};
use chrono::NaiveDate;
use kinerja_domain::org::UnitPath;
use serde::Serialize;

mod bulk;
mod cascade;
mod monitoring;
mod page;
mod rows;
mod submissions;

pub use bulk::*;
pub use cascade::*;
pub use monitoring::*;
pub use page::*;
pub use rows::*;
pub use submissions::*;

// ---------------------------------------------------------------------------------------
// SKP

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SkpRow {
    pub id: i64,
    pub instansi_id: i64,
    pub employee_id: i64,
    pub year_id: i64,
    pub tahun: i64,
    pub position_id: i64,
    pub mulai: NaiveDate,
    pub selesai: NaiveDate,
    pub pendekatan: String,
    #[sqlx(try_from = "String")]
    pub status: kinerja_domain::skp::SkpStatus,
    pub revisi: i64,
    pub closed: bool,
    pub version: i64,
    pub submitted_at: Option<i64>,
    pub approved_at: Option<i64>,
    pub updated_at: i64,
}

const SKP_COLS: &str = "SELECT k.id, k.instansi_id, k.employee_id, k.year_id, y.tahun, k.position_id, k.mulai, \
     k.selesai, k.pendekatan, k.status, k.revisi, k.closed, k.version, k.submitted_at, k.approved_at, k.updated_at \
     FROM skps k JOIN evaluation_years y ON y.id = k.year_id ";

pub async fn skp_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<SkpRow> {
    const SQL: &str = const_format::concatcp!(SKP_COLS, "WHERE k.instansi_id = $1 AND k.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// The plans of one employee in one year, the open one first.
pub async fn skps_of(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    year_id: i64,
) -> AppResult<Vec<SkpRow>> {
    const SQL: &str = const_format::concatcp!(
        SKP_COLS,
        "WHERE k.employee_id = $1 AND k.year_id = $2 AND k.instansi_id = $3 ORDER BY k.closed, k.mulai DESC, k.id DESC"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(year_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// The employee's most recent plan of an earlier year, to start from.
pub async fn previous_skp(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    tahun: i64,
) -> AppResult<Option<SkpRow>> {
    const SQL: &str = const_format::concatcp!(
        SKP_COLS,
        "WHERE k.employee_id = $1 AND k.instansi_id = $3 AND y.tahun < $2 ORDER BY y.tahun DESC, k.mulai DESC LIMIT 1"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(tahun)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?)
}

pub struct NewSkp<'a> {
    pub instansi_id: i64,
    pub employee_id: i64,
    pub year_id: i64,
    pub position_id: i64,
    pub mulai: NaiveDate,
    pub selesai: NaiveDate,
    pub pendekatan: &'a str,
}

pub async fn skp_insert(tx: &mut Tx, s: NewSkp<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO skps (instansi_id, employee_id, year_id, position_id, mulai, selesai, pendekatan, \
         status, revisi, closed, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', 1, FALSE, 1, $8, $8) RETURNING id";
    let now = now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(s.instansi_id)
        .bind(s.employee_id)
        .bind(s.year_id)
        .bind(s.position_id)
        .bind(s.mulai)
        .bind(s.selesai)
        .bind(s.pendekatan)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

/// Closes a plan when its holder moves to another position mid-year.
pub async fn skp_close(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    selesai: NaiveDate,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET closed = TRUE, selesai = $2, version = version + 1 WHERE id = $1 AND instansi_id = $3";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(selesai)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// Records a change of the plan if nobody changed it since `version` was read, and sets its
/// status. Every write to a plan goes through here: that is the optimistic lock.
pub async fn skp_touch(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    version: i64,
    status: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET version = version + 1, status = $3, updated_at = $4 WHERE id = $1 AND instansi_id = $5 AND version = $2";
    let now = now_micros();
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(version)
        .bind(status)
        .bind(now)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

pub async fn skp_mark(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
    revisi: i64,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET submitted_at = $2, approved_at = $3, revisi = $4 WHERE id = $1 AND instansi_id = $5";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(submitted_at)
        .bind(approved_at)
        .bind(revisi)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn skp_set_pendekatan(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    pendekatan: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET pendekatan = $2 WHERE id = $1 AND instansi_id = $3";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(pendekatan)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}
