//! SQL of the organisation: instansi, units, positions, employees, acting assignments.

use crate::error::{AppError, AppResult};
use crate::store::{Db, Page, Tx, on_db, on_tx, search_key};
use chrono::NaiveDate;
use kinerja_domain::org::{ActingKind, HeadSlot, OrgSnapshot, UnitPath};
use serde::Serialize;

mod acting;
mod employees;
mod positions;
mod snapshots;
mod units;

pub use acting::*;
pub use employees::*;
pub use positions::*;
pub use snapshots::*;
pub use units::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct InstansiRow {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub lokasi: String,
}

pub async fn instansi_create(tx: &mut Tx, kode: &str, nama: &str, lokasi: &str) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO instansi (kode, nama, lokasi, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    let now = crate::store::now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(kode)
        .bind(nama)
        .bind(lokasi)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn instansi_list(db: &Db) -> AppResult<Vec<InstansiRow>> {
    const SQL: &str = "SELECT id, kode, nama, lokasi FROM instansi ORDER BY id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL).fetch_all(c).await)?)
}

pub async fn instansi_get(db: &Db, id: i64) -> AppResult<InstansiRow> {
    const SQL: &str = "SELECT id, kode, nama, lokasi FROM instansi WHERE id = $1";
    on_db!(db, |c| sqlx::query_as(SQL).bind(id).fetch_optional(c).await)?.ok_or(AppError::NotFound)
}
