//! Rencana aksi: planned actions per indicator and period, their history and hand-downs.

use crate::error::{AppError, AppResult};
use crate::store::{Db, Tx, now_micros, on_db, on_tx};
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RencanaAksiRow {
    pub id: i64,
    pub skp_id: i64,
    pub indikator_id: i64,
    pub period_id: i64,
    pub urutan: i64,
    pub teks: String,
    pub target: Option<f64>,
    pub satuan: String,
    pub asal_id: Option<i64>,
    pub catatan_penilai: String,
    pub updated_at: i64,
}

const RA_COLS: &str = "SELECT id, skp_id, indikator_id, period_id, urutan, teks, target, satuan, asal_id, \
     catatan_penilai, updated_at FROM rencana_aksi ";

/// The active rencana aksi of a plan in one period, in the order they were written.
pub async fn rencana_aksi_of(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
    period_id: i64,
) -> AppResult<Vec<RencanaAksiRow>> {
    const SQL: &str = const_format::concatcp!(
        RA_COLS,
        "WHERE instansi_id = $1 AND skp_id = $2 AND period_id = $3 AND aktif ORDER BY indikator_id, urutan, id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(skp_id)
        .bind(period_id)
        .fetch_all(c)
        .await)?)
}

pub async fn rencana_aksi_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<RencanaAksiRow> {
    const SQL: &str =
        const_format::concatcp!(RA_COLS, "WHERE instansi_id = $1 AND id = $2 AND aktif");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub struct NewRencanaAksi<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub indikator_id: i64,
    pub period_id: i64,
    pub teks: &'a str,
    pub target: Option<f64>,
    pub satuan: &'a str,
    pub asal_id: Option<i64>,
}

pub async fn rencana_aksi_insert(tx: &mut Tx, r: &NewRencanaAksi<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO rencana_aksi (instansi_id, skp_id, indikator_id, period_id, urutan, teks, \
         target, satuan, asal_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(urutan), 0) + 1 FROM rencana_aksi WHERE skp_id = $2 \
         AND period_id = $4), $5, $6, $7, $8, $9, $9) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(r.instansi_id)
        .bind(r.skp_id)
        .bind(r.indikator_id)
        .bind(r.period_id)
        .bind(r.teks)
        .bind(r.target)
        .bind(r.satuan)
        .bind(r.asal_id)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

pub async fn rencana_aksi_update(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    teks: &str,
    target: Option<f64>,
    satuan: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE rencana_aksi SET teks = $3, target = $4, satuan = $5, updated_at = $6 \
         WHERE instansi_id = $1 AND id = $2 AND aktif";
    super::one(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(teks)
        .bind(target)
        .bind(satuan)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

/// Removed rencana aksi stay in the table: entries written under them keep their heading.
pub async fn rencana_aksi_deactivate(tx: &mut Tx, instansi_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE rencana_aksi SET aktif = FALSE, updated_at = $3 \
         WHERE instansi_id = $1 AND id = $2 AND aktif";
    super::one(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

pub async fn rencana_aksi_comment(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    catatan: &str,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE rencana_aksi SET catatan_penilai = $3 WHERE instansi_id = $1 AND id = $2 AND aktif";
    super::one(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(catatan)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

pub async fn riwayat_insert(
    tx: &mut Tx,
    instansi_id: i64,
    rencana_aksi_id: i64,
    perubahan: &str,
    sebelum_json: &str,
    changed_by: i64,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO rencana_aksi_riwayat (instansi_id, rencana_aksi_id, perubahan, sebelum_json, \
         changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(rencana_aksi_id)
        .bind(perubahan)
        .bind(sebelum_json)
        .bind(changed_by)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RiwayatRow {
    pub rencana_aksi_id: i64,
    pub perubahan: String,
    pub sebelum_json: String,
    pub changed_at: i64,
    pub changed_by_name: Option<String>,
}

/// The history of the rencana aksi of a plan in one period, newest first.
pub async fn riwayat_of(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
    period_id: i64,
) -> AppResult<Vec<RiwayatRow>> {
    const SQL: &str = "SELECT h.rencana_aksi_id, h.perubahan, h.sebelum_json, h.changed_at, u.display_name AS changed_by_name \
         FROM rencana_aksi_riwayat h JOIN rencana_aksi r ON r.id = h.rencana_aksi_id \
         LEFT JOIN users u ON u.id = h.changed_by \
         WHERE r.instansi_id = $1 AND r.skp_id = $2 AND r.period_id = $3 ORDER BY h.id DESC";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(skp_id)
        .bind(period_id)
        .fetch_all(c)
        .await)?)
}

/// Offers a rencana aksi to a subordinate; offering it again replaces the text.
pub async fn turunan_upsert(
    tx: &mut Tx,
    instansi_id: i64,
    from_id: i64,
    to_employee_id: i64,
    teks: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO rencana_aksi_turunan (instansi_id, from_id, to_employee_id, teks, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (from_id, to_employee_id) DO UPDATE SET teks = excluded.teks";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(from_id)
        .bind(to_employee_id)
        .bind(teks)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct TurunanRow {
    pub id: i64,
    pub from_id: i64,
    pub teks: String,
    pub target: Option<f64>,
    pub satuan: String,
    pub period_id: i64,
    pub from_name: String,
}

/// Rencana aksi offered to an employee and not yet adopted, for one period.
pub async fn turunan_to(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    period_id: i64,
) -> AppResult<Vec<TurunanRow>> {
    const SQL: &str = "SELECT t.id, t.from_id, t.teks, r.target, r.satuan, r.period_id, e.nama AS from_name \
         FROM rencana_aksi_turunan t JOIN rencana_aksi r ON r.id = t.from_id \
         JOIN skps k ON k.id = r.skp_id JOIN employees e ON e.id = k.employee_id \
         WHERE t.instansi_id = $1 AND t.to_employee_id = $2 AND r.period_id = $3 AND r.aktif \
         AND t.adopted_id IS NULL ORDER BY t.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(period_id)
        .fetch_all(c)
        .await)?)
}

pub async fn turunan_get(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    id: i64,
) -> AppResult<TurunanRow> {
    const SQL: &str = "SELECT t.id, t.from_id, t.teks, r.target, r.satuan, r.period_id, e.nama AS from_name \
         FROM rencana_aksi_turunan t JOIN rencana_aksi r ON r.id = t.from_id \
         JOIN skps k ON k.id = r.skp_id JOIN employees e ON e.id = k.employee_id \
         WHERE t.instansi_id = $1 AND t.to_employee_id = $2 AND t.id = $3 AND r.aktif AND t.adopted_id IS NULL";
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub async fn turunan_adopt(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    adopted_id: i64,
) -> AppResult<()> {
    const SQL: &str = "UPDATE rencana_aksi_turunan SET adopted_id = $2 WHERE id = $1 AND instansi_id = $3 AND adopted_id IS NULL";
    super::one(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(adopted_id)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

/// (rencana aksi id, employee id) of what was handed down from the given rencana aksi.
pub async fn turunan_from(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
    period_id: i64,
) -> AppResult<Vec<(i64, i64, String)>> {
    const SQL: &str = "SELECT t.from_id, t.to_employee_id, e.nama FROM rencana_aksi_turunan t \
         JOIN rencana_aksi r ON r.id = t.from_id JOIN employees e ON e.id = t.to_employee_id \
         WHERE t.instansi_id = $1 AND r.skp_id = $2 AND r.period_id = $3 ORDER BY e.nama";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(skp_id)
        .bind(period_id)
        .fetch_all(c)
        .await)?)
}
