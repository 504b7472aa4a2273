//! SQL of the reference versions.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::{AppError, AppResult};
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ReferenceRow {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub data_json: String,
}

pub async fn reference_insert(
    tx: &mut Tx,
    instansi_id: i64,
    kode: &str,
    nama: &str,
    data_json: &str,
) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO reference_versions (instansi_id, kode, nama, data_json, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let now = now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(kode)
        .bind(nama)
        .bind(data_json)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn references(db: &Db, instansi_id: i64) -> AppResult<Vec<ReferenceRow>> {
    const SQL: &str = "SELECT id, kode, nama, data_json FROM reference_versions WHERE instansi_id = $1 ORDER BY id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn reference_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<ReferenceRow> {
    const SQL: &str = "SELECT id, kode, nama, data_json FROM reference_versions WHERE instansi_id = $1 AND id = $2";
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}
