//! SQL of continuous feedback and dialog kinerja.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct MessageRow {
    pub id: i64,
    pub subjek: String,
    pub subjek_id: i64,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn messages_of(db: &Db, instansi_id: i64, skp_id: i64) -> AppResult<Vec<MessageRow>> {
    const SQL: &str = "SELECT id, subjek, subjek_id, author_user_id, author_name, body, created_at \
         FROM feedback_messages WHERE skp_id = $1 AND instansi_id = $2 ORDER BY id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub struct NewMessage<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub subjek: &'a str,
    pub subjek_id: i64,
    pub author_user_id: i64,
    pub author_name: &'a str,
    pub body: &'a str,
}

pub async fn message_insert(tx: &mut Tx, m: &NewMessage<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO feedback_messages (instansi_id, skp_id, subjek, subjek_id, author_user_id, \
         author_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(m.instansi_id)
        .bind(m.skp_id)
        .bind(m.subjek)
        .bind(m.subjek_id)
        .bind(m.author_user_id)
        .bind(m.author_name)
        .bind(m.body)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct DialogRow {
    pub id: i64,
    pub tanggal: NaiveDate,
    pub jenis: String,
    pub topik: String,
    pub kesepakatan: String,
    pub tanggapan_pegawai: String,
}

pub async fn dialogs_of(db: &Db, instansi_id: i64, skp_id: i64) -> AppResult<Vec<DialogRow>> {
    const SQL: &str = "SELECT id, tanggal, jenis, topik, kesepakatan, tanggapan_pegawai FROM dialog_kinerja \
         WHERE skp_id = $1 AND instansi_id = $2 ORDER BY tanggal DESC, id DESC";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub struct NewDialog<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub tanggal: NaiveDate,
    pub jenis: &'a str,
    pub topik: &'a str,
    pub kesepakatan: &'a str,
    pub created_by: i64,
}

pub async fn dialog_insert(tx: &mut Tx, d: &NewDialog<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO dialog_kinerja (instansi_id, skp_id, tanggal, jenis, topik, kesepakatan, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(d.instansi_id)
        .bind(d.skp_id)
        .bind(d.tanggal)
        .bind(d.jenis)
        .bind(d.topik)
        .bind(d.kesepakatan)
        .bind(d.created_by)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

pub async fn dialog_respond(
    tx: &mut Tx,
    instansi_id: i64,
    skp_id: i64,
    id: i64,
    text: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE dialog_kinerja SET tanggapan_pegawai = $3 WHERE skp_id = $1 AND id = $2 AND instansi_id = $4";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(skp_id)
        .bind(id)
        .bind(text)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The newest message on a plan written by someone other than `not_user`.
pub async fn latest_from_others(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
    not_user: i64,
) -> AppResult<Option<MessageRow>> {
    const SQL: &str = "SELECT id, subjek, subjek_id, author_user_id, author_name, body, created_at \
         FROM feedback_messages WHERE skp_id = $1 AND instansi_id = $3 AND (author_user_id IS NULL OR author_user_id <> $2) \
         ORDER BY id DESC LIMIT 1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(not_user)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?)
}
