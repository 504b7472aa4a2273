//! SQL of evaluation: the record per SKP and period, realisasi, judgements, the unit's
//! capaian and penetapan, objections and reopenings.

use crate::error::{AppError, AppResult};
use crate::store::{Db, Tx, now_micros, on_db, on_tx};
use chrono::NaiveDate;
use kinerja_domain::org::UnitPath;
use serde::Serialize;

mod bukti;
mod bulk;
mod keberatan;
mod lists;
mod rating;

pub use bukti::*;
pub use bulk::*;
pub use keberatan::*;
pub use lists::*;
pub use rating::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EvaluationRow {
    pub id: i64,
    pub instansi_id: i64,
    pub skp_id: i64,
    pub period_id: i64,
    pub employee_id: i64,
    pub unit_id: i64,
    pub penilai_employee_id: Option<i64>,
    pub atasan_employee_id: Option<i64>,
    pub snapshot_json: String,
    #[sqlx(try_from = "String")]
    pub status: kinerja_domain::penilaian::EvaluasiStatus,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    pub predikat: Option<String>,
    pub alasan_hasil: String,
    pub alasan_perilaku: String,
    pub catatan: String,
    pub self_submitted_at: Option<i64>,
    pub assessed_at: Option<i64>,
    pub finalised_at: Option<i64>,
    pub version: i64,
    pub updated_at: i64,
}

const EV_COLS: &str = "SELECT id, instansi_id, skp_id, period_id, employee_id, unit_id, penilai_employee_id, \
     atasan_employee_id, snapshot_json, status, rating_hasil, rating_perilaku, predikat, alasan_hasil, \
     alasan_perilaku, catatan, self_submitted_at, assessed_at, finalised_at, version, updated_at \
     FROM evaluations ";

pub struct NewEvaluation<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub period_id: i64,
    pub employee_id: i64,
    pub unit_id: i64,
    pub penilai_employee_id: Option<i64>,
    pub atasan_employee_id: Option<i64>,
    pub snapshot_json: &'a str,
}

/// Creates the record unless it exists (two first visits at once make one record) and
/// returns its id and whether this call created it.
pub async fn evaluation_open(tx: &mut Tx, e: &NewEvaluation<'_>) -> AppResult<(i64, bool)> {
    const INSERT: &str = "INSERT INTO evaluations (instansi_id, skp_id, period_id, employee_id, unit_id, \
         penilai_employee_id, atasan_employee_id, snapshot_json, status, created_at, updated_at, jenis_jabatan) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $9, COALESCE((SELECT p.jenis FROM employees e \
           JOIN positions p ON p.id = e.position_id WHERE e.id = $4 AND e.instansi_id = $1), '')) \
         ON CONFLICT (skp_id, period_id) DO NOTHING RETURNING id";
    const FIND: &str =
        "SELECT id FROM evaluations WHERE skp_id = $1 AND period_id = $2 AND instansi_id = $3";
    let now = now_micros();
    let created: Option<i64> = on_tx!(tx, |c| sqlx::query_scalar(INSERT)
        .bind(e.instansi_id)
        .bind(e.skp_id)
        .bind(e.period_id)
        .bind(e.employee_id)
        .bind(e.unit_id)
        .bind(e.penilai_employee_id)
        .bind(e.atasan_employee_id)
        .bind(e.snapshot_json)
        .bind(now)
        .fetch_optional(c)
        .await)?;
    if let Some(id) = created {
        return Ok((id, true));
    }
    let id = on_tx!(tx, |c| sqlx::query_scalar(FIND)
        .bind(e.skp_id)
        .bind(e.period_id)
        .bind(e.instansi_id)
        .fetch_one(c)
        .await)?;
    Ok((id, false))
}

pub async fn evaluation_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<EvaluationRow> {
    const SQL: &str = const_format::concatcp!(EV_COLS, "WHERE instansi_id = $1 AND id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// The evaluations of one plan, by period.
pub async fn evaluations_of_skp(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
) -> AppResult<Vec<EvaluationRow>> {
    const SQL: &str = const_format::concatcp!(
        EV_COLS,
        "WHERE skp_id = $1 AND instansi_id = $2 ORDER BY period_id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// Moves the record to `status` if nobody changed it since `version` was read; the new
/// version on success, `Stale` otherwise.
pub async fn evaluation_touch(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    version: i64,
    status: &str,
) -> AppResult<i64> {
    const SQL: &str = "UPDATE evaluations SET status = $3, version = version + 1, updated_at = $4 \
         WHERE id = $1 AND instansi_id = $5 AND version = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(version)
        .bind(status)
        .bind(now_micros())
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(version + 1)
}

pub async fn evaluation_mark_self_submitted(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE evaluations SET self_submitted_at = $2 WHERE id = $1 AND instansi_id = $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(now_micros())
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub struct Ratings<'a> {
    pub rating_hasil: Option<&'a str>,
    pub rating_perilaku: Option<&'a str>,
    pub predikat: Option<&'a str>,
    pub alasan_hasil: &'a str,
    pub alasan_perilaku: &'a str,
    pub catatan: &'a str,
    pub assessed_at: Option<i64>,
}

pub async fn evaluation_set_ratings(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    r: &Ratings<'_>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET rating_hasil = $2, rating_perilaku = $3, predikat = $4, \
         alasan_hasil = $5, alasan_perilaku = $6, catatan = $7, assessed_at = $8 WHERE id = $1 AND instansi_id = $9";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(r.rating_hasil)
        .bind(r.rating_perilaku)
        .bind(r.predikat)
        .bind(r.alasan_hasil)
        .bind(r.alasan_perilaku)
        .bind(r.catatan)
        .bind(r.assessed_at)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn evaluation_set_finalised(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    at: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET finalised_at = $2 WHERE id = $1 AND instansi_id = $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(at)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
