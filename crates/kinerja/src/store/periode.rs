//! SQL of evaluation years and their periods.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::{AppError, AppResult};
use crate::store::rows_affected;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct YearRow {
    pub id: i64,
    pub tahun: i64,
    #[sqlx(try_from = "String")]
    pub jenis_periode: kinerja_domain::periode::JenisPeriode,
    pub reference_version_id: i64,
    pub batas_perencanaan: NaiveDate,
}

pub const YEAR_COLS: &str = "SELECT id, tahun, jenis_periode, reference_version_id, batas_perencanaan FROM evaluation_years ";

pub async fn year_insert(
    tx: &mut Tx,
    instansi_id: i64,
    tahun: i64,
    jenis_periode: &str,
    reference_version_id: i64,
    batas_perencanaan: NaiveDate,
) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO evaluation_years (instansi_id, tahun, jenis_periode, reference_version_id, \
         batas_perencanaan, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let now = now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(tahun)
        .bind(jenis_periode)
        .bind(reference_version_id)
        .bind(batas_perencanaan)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn year_set_deadline(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    batas: NaiveDate,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE evaluation_years SET batas_perencanaan = $2 WHERE id = $1 AND instansi_id = $3";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(batas)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn years(db: &Db, instansi_id: i64) -> AppResult<Vec<YearRow>> {
    const SQL: &str =
        const_format::concatcp!(YEAR_COLS, "WHERE instansi_id = $1 ORDER BY tahun DESC");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn year_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<YearRow> {
    const SQL: &str = const_format::concatcp!(YEAR_COLS, "WHERE instansi_id = $1 AND id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub async fn year_by_tahun(db: &Db, instansi_id: i64, tahun: i64) -> AppResult<Option<YearRow>> {
    const SQL: &str = const_format::concatcp!(YEAR_COLS, "WHERE instansi_id = $1 AND tahun = $2");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(tahun)
        .fetch_optional(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PeriodRow {
    pub id: i64,
    pub year_id: i64,
    pub kode: String,
    pub nama: String,
    pub mulai: NaiveDate,
    pub selesai: NaiveDate,
    pub batas: NaiveDate,
    pub akhir: bool,
    pub urutan: i64,
}

pub async fn period_insert(
    tx: &mut Tx,
    instansi_id: i64,
    year_id: i64,
    p: &kinerja_domain::periode::PeriodeSpec,
    urutan: i64,
) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO periods (instansi_id, year_id, kode, nama, mulai, selesai, batas, akhir, urutan) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(year_id)
        .bind(&p.kode)
        .bind(&p.nama)
        .bind(p.mulai)
        .bind(p.selesai)
        .bind(p.batas)
        .bind(p.akhir)
        .bind(urutan)
        .fetch_one(c)
        .await)?)
}

pub async fn period_update(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    mulai: NaiveDate,
    selesai: NaiveDate,
    batas: NaiveDate,
) -> AppResult<()> {
    const SQL: &str = "UPDATE periods SET mulai = $2, selesai = $3, batas = $4 WHERE id = $1 AND instansi_id = $5";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(mulai)
        .bind(selesai)
        .bind(batas)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn period_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<PeriodRow> {
    const SQL: &str = "SELECT id, year_id, kode, nama, mulai, selesai, batas, akhir, urutan FROM periods \
         WHERE instansi_id = $1 AND id = $2";
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub async fn periods(db: &Db, instansi_id: i64, year_id: i64) -> AppResult<Vec<PeriodRow>> {
    const SQL: &str = "SELECT id, year_id, kode, nama, mulai, selesai, batas, akhir, urutan FROM periods \
         WHERE year_id = $1 AND instansi_id = $2 ORDER BY urutan";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(year_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}
