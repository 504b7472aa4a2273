//! SQL of planning: reference versions, years and periods, SKP rows, submissions,
//! cascading, notifications and the monitoring aggregates.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use kinerja_domain::org::UnitPath;
use serde::Serialize;

fn rows_affected(r: sqlx::Result<u64>) -> AppResult<u64> {
    Ok(r?)
}

// ---------------------------------------------------------------------------------------
// Reference versions, years, periods

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

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct YearRow {
    pub id: i64,
    pub tahun: i64,
    pub jenis_periode: String,
    pub reference_version_id: i64,
    pub batas_perencanaan: NaiveDate,
}

const YEAR_COLS: &str = "SELECT id, tahun, jenis_periode, reference_version_id, batas_perencanaan FROM evaluation_years ";

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

pub async fn year_set_deadline(tx: &mut Tx, id: i64, batas: NaiveDate) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluation_years SET batas_perencanaan = $2 WHERE id = $1";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(batas)
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
    id: i64,
    mulai: NaiveDate,
    selesai: NaiveDate,
    batas: NaiveDate,
) -> AppResult<()> {
    const SQL: &str = "UPDATE periods SET mulai = $2, selesai = $3, batas = $4 WHERE id = $1";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(mulai)
        .bind(selesai)
        .bind(batas)
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

pub async fn periods(db: &Db, year_id: i64) -> AppResult<Vec<PeriodRow>> {
    const SQL: &str = "SELECT id, year_id, kode, nama, mulai, selesai, batas, akhir, urutan FROM periods \
         WHERE year_id = $1 ORDER BY urutan";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(year_id)
        .fetch_all(c)
        .await)?)
}

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
    pub status: String,
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

/// What decides whether a cached plan view is still right: the plan's version, its owner's
/// record version and the owner's unit today (for the permission check), in one query.
pub async fn skp_stamp(db: &Db, instansi_id: i64, id: i64) -> AppResult<(i64, i64, i64, String)> {
    const SQL: &str = "SELECT k.version, e.version, e.id, u.path FROM skps k \
         JOIN employees e ON e.id = k.employee_id JOIN positions p ON p.id = e.position_id \
         JOIN units u ON u.id = p.unit_id WHERE k.instansi_id = $1 AND k.id = $2";
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// The plans of one employee in one year, the open one first.
pub async fn skps_of(db: &Db, employee_id: i64, year_id: i64) -> AppResult<Vec<SkpRow>> {
    const SQL: &str = const_format::concatcp!(
        SKP_COLS,
        "WHERE k.employee_id = $1 AND k.year_id = $2 ORDER BY k.closed, k.mulai DESC, k.id DESC"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(year_id)
        .fetch_all(c)
        .await)?)
}

/// The employee's most recent plan of an earlier year, to start from.
pub async fn previous_skp(db: &Db, employee_id: i64, tahun: i64) -> AppResult<Option<SkpRow>> {
    const SQL: &str = const_format::concatcp!(
        SKP_COLS,
        "WHERE k.employee_id = $1 AND y.tahun < $2 ORDER BY y.tahun DESC, k.mulai DESC LIMIT 1"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(tahun)
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
pub async fn skp_close(tx: &mut Tx, id: i64, selesai: NaiveDate) -> AppResult<()> {
    const SQL: &str =
        "UPDATE skps SET closed = TRUE, selesai = $2, version = version + 1 WHERE id = $1";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(selesai)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// Records a change of the plan if nobody changed it since `version` was read, and sets its
/// status. Every write to a plan goes through here: that is the optimistic lock.
pub async fn skp_touch(tx: &mut Tx, id: i64, version: i64, status: &str) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET version = version + 1, status = $3, updated_at = $4 WHERE id = $1 AND version = $2";
    let now = now_micros();
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(version)
        .bind(status)
        .bind(now)
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
    id: i64,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
    revisi: i64,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE skps SET submitted_at = $2, approved_at = $3, revisi = $4 WHERE id = $1";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(submitted_at)
        .bind(approved_at)
        .bind(revisi)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn skp_set_pendekatan(tx: &mut Tx, id: i64, pendekatan: &str) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET pendekatan = $2 WHERE id = $1";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(pendekatan)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Rows of a plan

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RhkRow {
    pub id: i64,
    pub skp_id: i64,
    pub jenis: String,
    pub urutan: i64,
    pub teks: String,
    pub parent_rhk_id: Option<i64>,
    pub pk_target: String,
    pub perspektif: String,
    pub aktif: bool,
    pub parent_teks: Option<String>,
    pub parent_aktif: Option<bool>,
    pub parent_employee_id: Option<i64>,
    pub parent_year_id: Option<i64>,
}

const RHK_COLS: &str = "SELECT r.id, r.skp_id, r.jenis, r.urutan, r.teks, r.parent_rhk_id, r.pk_target, r.perspektif, \
     r.aktif, p.teks AS parent_teks, p.aktif AS parent_aktif, ps.employee_id AS parent_employee_id, \
     ps.year_id AS parent_year_id \
     FROM skp_rhk r LEFT JOIN skp_rhk p ON p.id = r.parent_rhk_id LEFT JOIN skps ps ON ps.id = p.skp_id ";

/// The active RHK of a plan, with what their links point at.
pub async fn rhk_of(db: &Db, skp_id: i64) -> AppResult<Vec<RhkRow>> {
    const SQL: &str = const_format::concatcp!(
        RHK_COLS,
        "WHERE r.skp_id = $1 AND r.aktif ORDER BY r.urutan, r.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

pub async fn rhk_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<RhkRow> {
    const SQL: &str = const_format::concatcp!(RHK_COLS, "WHERE r.instansi_id = $1 AND r.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub struct NewRhk<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub jenis: &'a str,
    pub teks: &'a str,
    pub parent_rhk_id: Option<i64>,
    pub pk_target: &'a str,
    pub perspektif: &'a str,
}

pub async fn rhk_insert(tx: &mut Tx, r: NewRhk<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO skp_rhk (instansi_id, skp_id, jenis, urutan, teks, parent_rhk_id, pk_target, perspektif, aktif, created_at) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(urutan), 0) + 1 FROM skp_rhk WHERE skp_id = $2), $4, $5, $6, $7, TRUE, $8) RETURNING id";
    let now = now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(r.instansi_id)
        .bind(r.skp_id)
        .bind(r.jenis)
        .bind(r.teks)
        .bind(r.parent_rhk_id)
        .bind(r.pk_target)
        .bind(r.perspektif)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn rhk_update(tx: &mut Tx, id: i64, r: &NewRhk<'_>) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_rhk SET jenis = $2, teks = $3, parent_rhk_id = $4, pk_target = $5, perspektif = $6 \
         WHERE id = $1 AND skp_id = $7";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(r.jenis)
        .bind(r.teks)
        .bind(r.parent_rhk_id)
        .bind(r.pk_target)
        .bind(r.perspektif)
        .bind(r.skp_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// RHK are never deleted: links from subordinates and realisasi keep pointing at them.
pub async fn rhk_deactivate(tx: &mut Tx, skp_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_rhk SET aktif = FALSE WHERE id = $1 AND skp_id = $2";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(skp_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct IndikatorRow {
    pub id: i64,
    pub rhk_id: i64,
    pub urutan: i64,
    pub aspek: String,
    pub iki: String,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    pub satuan: String,
    pub target_teks: String,
}

pub async fn indikator_of(db: &Db, skp_id: i64) -> AppResult<Vec<IndikatorRow>> {
    const SQL: &str = "SELECT i.id, i.rhk_id, i.urutan, i.aspek, i.iki, i.target_min, i.target_max, i.satuan, i.target_teks \
         FROM skp_indikator i JOIN skp_rhk r ON r.id = i.rhk_id \
         WHERE r.skp_id = $1 AND r.aktif AND i.aktif ORDER BY i.rhk_id, i.urutan, i.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

pub struct NewIndikator<'a> {
    pub instansi_id: i64,
    pub rhk_id: i64,
    pub aspek: &'a str,
    pub iki: &'a str,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    pub satuan: &'a str,
    pub target_teks: &'a str,
}

pub async fn indikator_insert(tx: &mut Tx, i: NewIndikator<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO skp_indikator (instansi_id, rhk_id, urutan, aspek, iki, target_min, target_max, satuan, target_teks, aktif) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(urutan), 0) + 1 FROM skp_indikator WHERE rhk_id = $2), $3, $4, $5, $6, $7, $8, TRUE) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(i.instansi_id)
        .bind(i.rhk_id)
        .bind(i.aspek)
        .bind(i.iki)
        .bind(i.target_min)
        .bind(i.target_max)
        .bind(i.satuan)
        .bind(i.target_teks)
        .fetch_one(c)
        .await)?)
}

pub async fn indikator_update(tx: &mut Tx, id: i64, i: &NewIndikator<'_>) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_indikator SET aspek = $2, iki = $3, target_min = $4, target_max = $5, satuan = $6, \
         target_teks = $7 WHERE id = $1 AND rhk_id = $8";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(i.aspek)
        .bind(i.iki)
        .bind(i.target_min)
        .bind(i.target_max)
        .bind(i.satuan)
        .bind(i.target_teks)
        .bind(i.rhk_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn indikator_deactivate(tx: &mut Tx, rhk_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_indikator SET aktif = FALSE WHERE id = $1 AND rhk_id = $2";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(rhk_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LampiranRow {
    pub bagian: String,
    pub teks: String,
}

pub async fn lampiran_of(db: &Db, skp_id: i64) -> AppResult<Vec<LampiranRow>> {
    const SQL: &str =
        "SELECT bagian, teks FROM skp_lampiran WHERE skp_id = $1 ORDER BY bagian, urutan";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

/// Replaces one list of the lampiran.
pub async fn lampiran_replace(
    tx: &mut Tx,
    instansi_id: i64,
    skp_id: i64,
    bagian: &str,
    lines: &[String],
) -> AppResult<()> {
    const DEL: &str = "DELETE FROM skp_lampiran WHERE skp_id = $1 AND bagian = $2";
    const INS: &str = "INSERT INTO skp_lampiran (instansi_id, skp_id, bagian, urutan, teks) VALUES ($1, $2, $3, $4, $5)";
    rows_affected(on_tx!(tx, |c| sqlx::query(DEL)
        .bind(skp_id)
        .bind(bagian)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    for (i, line) in lines.iter().enumerate() {
        rows_affected(on_tx!(tx, |c| sqlx::query(INS)
            .bind(instansi_id)
            .bind(skp_id)
            .bind(bagian)
            .bind(i as i64 + 1)
            .bind(line)
            .execute(c)
            .await
            .map(|r| r.rows_affected())))?;
    }
    Ok(())
}

pub async fn ekspektasi_of(db: &Db, skp_id: i64) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str =
        "SELECT nilai_kode, teks FROM skp_ekspektasi WHERE skp_id = $1 ORDER BY nilai_kode";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

pub async fn ekspektasi_set(
    tx: &mut Tx,
    instansi_id: i64,
    skp_id: i64,
    nilai: i64,
    teks: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO skp_ekspektasi (instansi_id, skp_id, nilai_kode, teks) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (skp_id, nilai_kode) DO UPDATE SET teks = excluded.teks";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(skp_id)
        .bind(nilai)
        .bind(teks)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// The active RHK of the employee's open plan of the year: what a subordinate may link to.
pub async fn rhk_options(db: &Db, employee_id: i64, year_id: i64) -> AppResult<Vec<RhkRow>> {
    const SQL: &str = const_format::concatcp!(
        RHK_COLS,
        "JOIN skps k ON k.id = r.skp_id WHERE k.employee_id = $1 AND k.year_id = $2 AND NOT k.closed AND r.aktif \
         ORDER BY r.urutan, r.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(year_id)
        .fetch_all(c)
        .await)?)
}

/// Subordinates' RHK that intervene an RHK of this plan (active or removed): the other side
/// of every link, so that broken links show on both sides.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ChildLinkRow {
    pub parent_rhk_id: i64,
    pub parent_aktif: bool,
    pub child_rhk_id: i64,
    pub child_teks: String,
    pub child_skp_id: i64,
    pub child_employee_id: i64,
    pub child_nama: String,
}

pub async fn child_links(db: &Db, skp_id: i64) -> AppResult<Vec<ChildLinkRow>> {
    const SQL: &str = "SELECT p.id AS parent_rhk_id, p.aktif AS parent_aktif, c.id AS child_rhk_id, c.teks AS child_teks, \
           c.skp_id AS child_skp_id, k.employee_id AS child_employee_id, e.nama AS child_nama \
         FROM skp_rhk p JOIN skp_rhk c ON c.parent_rhk_id = p.id AND c.aktif \
         JOIN skps k ON k.id = c.skp_id AND NOT k.closed JOIN employees e ON e.id = k.employee_id \
         WHERE p.skp_id = $1 ORDER BY p.urutan, e.nama_cari";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Submissions

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SubmissionRow {
    pub id: i64,
    pub skp_id: i64,
    pub revisi: i64,
    pub content_json: String,
    pub header_json: String,
    pub penilai_employee_id: Option<i64>,
    pub submitted_at: i64,
    pub decision: Option<String>,
    pub catatan: String,
    pub catatan_baris_json: Option<String>,
    pub decided_at: Option<i64>,
}

const SUB_COLS: &str = "SELECT id, skp_id, revisi, content_json, header_json, penilai_employee_id, submitted_at, \
     decision, catatan, catatan_baris_json, decided_at FROM skp_submissions ";

pub struct NewSubmission<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub revisi: i64,
    pub content_json: &'a str,
    pub header_json: &'a str,
    pub penilai_employee_id: Option<i64>,
    pub submitted_by: i64,
}

pub async fn submission_insert(tx: &mut Tx, s: NewSubmission<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO skp_submissions (instansi_id, skp_id, revisi, content_json, header_json, \
         penilai_employee_id, submitted_at, submitted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let now = now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(s.instansi_id)
        .bind(s.skp_id)
        .bind(s.revisi)
        .bind(s.content_json)
        .bind(s.header_json)
        .bind(s.penilai_employee_id)
        .bind(now)
        .bind(s.submitted_by)
        .fetch_one(c)
        .await)?)
}

/// Records the decision on the pending submission of a plan; the approved content may carry
/// the penilai's expectations written meanwhile.
pub async fn submission_decide(
    tx: &mut Tx,
    skp_id: i64,
    decision: &str,
    catatan: &str,
    catatan_baris_json: Option<&str>,
    content_json: Option<&str>,
    by: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_submissions SET decision = $2, catatan = $3, catatan_baris_json = $4, \
         content_json = COALESCE($5, content_json), decided_at = $6, decided_by = $7 \
         WHERE skp_id = $1 AND decision IS NULL";
    let now = now_micros();
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(skp_id)
        .bind(decision)
        .bind(catatan)
        .bind(catatan_baris_json)
        .bind(content_json)
        .bind(now)
        .bind(by)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

pub async fn submissions_of(db: &Db, skp_id: i64) -> AppResult<Vec<SubmissionRow>> {
    const SQL: &str = const_format::concatcp!(SUB_COLS, "WHERE skp_id = $1 ORDER BY id");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

pub async fn latest_submission(db: &Db, skp_id: i64) -> AppResult<Option<SubmissionRow>> {
    const SQL: &str =
        const_format::concatcp!(SUB_COLS, "WHERE skp_id = $1 ORDER BY id DESC LIMIT 1");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_optional(c)
        .await)?)
}

/// Plans waiting for a decision in a subtree (candidates for a penilai's queue).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PendingRow {
    pub skp_id: i64,
    pub employee_id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub nip: Option<String>,
    pub jabatan: String,
    pub unit_nama: String,
    pub revisi: i64,
    pub submitted_at: Option<i64>,
}

pub async fn pending_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    year_id: Option<i64>,
) -> AppResult<Vec<PendingRow>> {
    const SQL: &str = "SELECT k.id AS skp_id, e.id AS employee_id, e.nama, e.gelar_depan, e.gelar_belakang, e.nip, \
           p.nama AS jabatan, u.nama AS unit_nama, k.revisi, k.submitted_at \
         FROM skps k JOIN employees e ON e.id = k.employee_id JOIN positions p ON p.id = e.position_id \
         JOIN units u ON u.id = p.unit_id \
         WHERE k.instansi_id = $1 AND k.status = 'diajukan' AND NOT k.closed AND u.path >= $2 AND u.path < $3 \
           AND ($4 < 0 OR k.year_id = $4) \
         ORDER BY k.submitted_at";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(year_id.unwrap_or(-1))
        .fetch_all(c)
        .await)?)
}

/// Submitted plans of the given employees (override ratees outside the led subtree).
pub async fn pending_of(
    db: &Db,
    instansi_id: i64,
    employee_ids: &[i64],
) -> AppResult<Vec<PendingRow>> {
    if employee_ids.is_empty() {
        return Ok(Vec::new());
    }
    const HEAD: &str = "SELECT k.id AS skp_id, e.id AS employee_id, e.nama, e.gelar_depan, e.gelar_belakang, e.nip, \
           p.nama AS jabatan, u.nama AS unit_nama, k.revisi, k.submitted_at \
         FROM skps k JOIN employees e ON e.id = k.employee_id JOIN positions p ON p.id = e.position_id \
         JOIN units u ON u.id = p.unit_id WHERE k.status = 'diajukan' AND NOT k.closed AND k.instansi_id = ";
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new(HEAD);
            qb.push_bind(instansi_id).push(" AND k.employee_id IN (");
            let mut sep = qb.separated(", ");
            for id in employee_ids {
                sep.push_bind(*id);
            }
            qb.push(")");
            qb
        }};
    }
    Ok(match db {
        Db::Sqlite(p) => {
            build!(sqlx::Sqlite)
                .build_query_as()
                .fetch_all(&p.read)
                .await?
        }
        Db::Postgres(p) => build!(sqlx::Postgres).build_query_as().fetch_all(p).await?,
    })
}

// ---------------------------------------------------------------------------------------
// Cascading (Matriks Peran Hasil)

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CascadeRow {
    pub id: i64,
    pub from_rhk_id: i64,
    pub from_teks: String,
    pub from_aktif: bool,
    pub to_employee_id: i64,
    pub to_nama: String,
    pub teks: String,
    pub adopted_rhk_id: Option<i64>,
}

const CASCADE_COLS: &str = "SELECT c.id, c.from_rhk_id, r.teks AS from_teks, r.aktif AS from_aktif, c.to_employee_id, \
     e.nama AS to_nama, c.teks, c.adopted_rhk_id \
     FROM skp_cascades c JOIN skp_rhk r ON r.id = c.from_rhk_id JOIN employees e ON e.id = c.to_employee_id ";

pub async fn cascade_upsert(
    tx: &mut Tx,
    instansi_id: i64,
    from_rhk_id: i64,
    to_employee_id: i64,
    teks: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO skp_cascades (instansi_id, from_rhk_id, to_employee_id, teks, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (from_rhk_id, to_employee_id) DO UPDATE SET teks = excluded.teks";
    let now = now_micros();
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(from_rhk_id)
        .bind(to_employee_id)
        .bind(teks)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn cascade_delete(tx: &mut Tx, instansi_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str =
        "DELETE FROM skp_cascades WHERE instansi_id = $1 AND id = $2 AND adopted_rhk_id IS NULL";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn cascade_adopt(tx: &mut Tx, id: i64, rhk_id: i64) -> AppResult<()> {
    const SQL: &str =
        "UPDATE skp_cascades SET adopted_rhk_id = $2 WHERE id = $1 AND adopted_rhk_id IS NULL";
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(rhk_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

/// What a supervisor handed down from one plan.
pub async fn cascades_from(db: &Db, skp_id: i64) -> AppResult<Vec<CascadeRow>> {
    const SQL: &str = const_format::concatcp!(
        CASCADE_COLS,
        "WHERE r.skp_id = $1 ORDER BY r.urutan, e.nama_cari"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

/// Proposals waiting in an employee's plan of a year.
pub async fn cascades_to(db: &Db, employee_id: i64, year_id: i64) -> AppResult<Vec<CascadeRow>> {
    const SQL: &str = const_format::concatcp!(
        CASCADE_COLS,
        "JOIN skps k ON k.id = r.skp_id WHERE c.to_employee_id = $1 AND k.year_id = $2 AND c.adopted_rhk_id IS NULL \
         AND r.aktif ORDER BY c.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(year_id)
        .fetch_all(c)
        .await)?)
}

pub async fn cascade_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<CascadeRow> {
    const SQL: &str =
        const_format::concatcp!(CASCADE_COLS, "WHERE c.instansi_id = $1 AND c.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------
// Monitoring

/// Employees per unit and plan status in a subtree (status `none`: no open plan). One
/// grouped query whatever the size; units are folded into their branches in memory.
pub async fn status_counts(
    db: &Db,
    instansi_id: i64,
    year_id: i64,
    scope: &UnitPath,
) -> AppResult<Vec<(i64, String, i64)>> {
    const SQL: &str = "SELECT p.unit_id, COALESCE(k.status, 'none') AS status, COUNT(*) AS n \
         FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
         LEFT JOIN skps k ON k.employee_id = e.id AND k.year_id = $2 AND NOT k.closed \
         WHERE e.instansi_id = $1 AND e.aktif AND e.jenis_asn <> 'pejabat_negara' AND u.path >= $3 AND u.path < $4 \
         GROUP BY p.unit_id, COALESCE(k.status, 'none')";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(year_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LateRow {
    pub employee_id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub nip: Option<String>,
    pub jabatan: String,
    pub unit_nama: String,
    pub status: Option<String>,
    pub skp_id: Option<i64>,
}

/// Employees of a subtree whose plan is not approved, one page, by unit.
pub async fn not_approved(
    db: &Db,
    instansi_id: i64,
    year_id: i64,
    scope: &UnitPath,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<LateRow>> {
    const SQL: &str = "SELECT e.id AS employee_id, e.nama, e.gelar_depan, e.gelar_belakang, e.nip, p.nama AS jabatan, \
           u.nama AS unit_nama, k.status, k.id AS skp_id \
         FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
         LEFT JOIN skps k ON k.employee_id = e.id AND k.year_id = $2 AND NOT k.closed \
         WHERE e.instansi_id = $1 AND e.aktif AND e.jenis_asn <> 'pejabat_negara' AND u.path >= $3 AND u.path < $4 \
           AND (k.status IS NULL OR k.status <> 'disetujui') \
         ORDER BY u.path, e.nama_cari, e.id LIMIT $5 OFFSET $6";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(year_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?)
}

/// Id and path of every unit in a subtree (to fold unit counts into branches).
pub async fn unit_paths_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str =
        "SELECT id, path FROM units WHERE instansi_id = $1 AND path >= $2 AND path < $3";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Notifications

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

pub async fn unread_count(db: &Db, user_id: i64) -> AppResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(user_id)
        .fetch_one(c)
        .await)?)
}

pub async fn notifications(db: &Db, user_id: i64, limit: i64) -> AppResult<Vec<NotificationRow>> {
    const SQL: &str = "SELECT id, kind, params_json, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(user_id)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

pub async fn notifications_read(tx: &mut Tx, user_id: i64) -> AppResult<()> {
    const SQL: &str =
        "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL";
    let now = now_micros();
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(user_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Bulk writes (demo data, imports): multi-row statements for rows nobody needs the id of.

#[derive(Debug, Clone)]
pub struct SubmissionSeed {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub revisi: i64,
    pub content_json: String,
    pub header_json: String,
    pub penilai_employee_id: Option<i64>,
    pub submitted_at: i64,
    pub decision: Option<String>,
    pub catatan: String,
    pub decided_at: Option<i64>,
}

/// (instansi, skp, bagian, urutan, teks)
pub async fn lampiran_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, &'static str, i64, String)],
) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO skp_lampiran (instansi_id, skp_id, bagian, urutan, teks) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4.clone());
        }
    );
    Ok(())
}

/// (instansi, skp, nilai, teks)
pub async fn ekspektasi_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, i64, String)],
) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO skp_ekspektasi (instansi_id, skp_id, nilai_kode, teks) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3.clone());
        }
    );
    Ok(())
}

pub async fn submission_insert_many(tx: &mut Tx, rows: &[SubmissionSeed]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO skp_submissions (instansi_id, skp_id, revisi, content_json, header_json, penilai_employee_id, \
         submitted_at, decision, catatan, decided_at) ",
        rows,
        300,
        |b, r| {
            b.push_bind(r.instansi_id)
                .push_bind(r.skp_id)
                .push_bind(r.revisi)
                .push_bind(r.content_json.clone())
                .push_bind(r.header_json.clone())
                .push_bind(r.penilai_employee_id)
                .push_bind(r.submitted_at)
                .push_bind(r.decision.clone())
                .push_bind(r.catatan.clone())
                .push_bind(r.decided_at);
        }
    );
    Ok(())
}

/// (from_rhk, to_employee, teks, instansi)
pub async fn cascade_insert_many(tx: &mut Tx, rows: &[(i64, i64, String, i64)]) -> AppResult<()> {
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO skp_cascades (instansi_id, from_rhk_id, to_employee_id, teks, created_at) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.3)
                .push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2.clone())
                .push_bind(now);
        }
    );
    Ok(())
}

/// Sets a plan's state directly (demo data, where the history is generated).
pub async fn skp_set_state(
    tx: &mut Tx,
    id: i64,
    status: &str,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE skps SET status = $2, submitted_at = $3, approved_at = $4 WHERE id = $1";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(status)
        .bind(submitted_at)
        .bind(approved_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}
