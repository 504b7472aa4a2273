//! SQL of evaluation: the record per SKP and period, realisasi, judgements, the unit's
//! capaian and penetapan, objections and reopenings.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use kinerja_domain::org::UnitPath;
use serde::Serialize;

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
    pub status: String,
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
           JOIN positions p ON p.id = e.position_id WHERE e.id = $4), '')) \
         ON CONFLICT (skp_id, period_id) DO NOTHING RETURNING id";
    const FIND: &str = "SELECT id FROM evaluations WHERE skp_id = $1 AND period_id = $2";
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
pub async fn evaluations_of_skp(db: &Db, skp_id: i64) -> AppResult<Vec<EvaluationRow>> {
    const SQL: &str = const_format::concatcp!(EV_COLS, "WHERE skp_id = $1 ORDER BY period_id");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .fetch_all(c)
        .await)?)
}

/// Moves the record to `status` if nobody changed it since `version` was read; the new
/// version on success, `Stale` otherwise.
pub async fn evaluation_touch(tx: &mut Tx, id: i64, version: i64, status: &str) -> AppResult<i64> {
    const SQL: &str = "UPDATE evaluations SET status = $3, version = version + 1, updated_at = $4 \
         WHERE id = $1 AND version = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(version)
        .bind(status)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(version + 1)
}

pub async fn evaluation_mark_self_submitted(tx: &mut Tx, id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET self_submitted_at = $2 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(now_micros())
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

pub async fn evaluation_set_ratings(tx: &mut Tx, id: i64, r: &Ratings<'_>) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET rating_hasil = $2, rating_perilaku = $3, predikat = $4, \
         alasan_hasil = $5, alasan_perilaku = $6, catatan = $7, assessed_at = $8 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(r.rating_hasil)
        .bind(r.rating_perilaku)
        .bind(r.predikat)
        .bind(r.alasan_hasil)
        .bind(r.alasan_perilaku)
        .bind(r.catatan)
        .bind(r.assessed_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn evaluation_set_finalised(tx: &mut Tx, id: i64, at: Option<i64>) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET finalised_at = $2 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Realisasi and judgements

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RealisasiRow {
    pub indikator_id: i64,
    pub nilai: Option<f64>,
    pub teks: String,
}

pub async fn realisasi_of(db: &Db, evaluation_id: i64) -> AppResult<Vec<RealisasiRow>> {
    const SQL: &str =
        "SELECT indikator_id, nilai, teks FROM evaluation_realisasi WHERE evaluation_id = $1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .fetch_all(c)
        .await)?)
}

pub async fn realisasi_put(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    r: &RealisasiRow,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_realisasi (instansi_id, evaluation_id, indikator_id, nilai, teks, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, indikator_id) \
         DO UPDATE SET nilai = excluded.nilai, teks = excluded.teks, updated_at = excluded.updated_at";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(r.indikator_id)
        .bind(r.nilai)
        .bind(&r.teks)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, Default, sqlx::FromRow, Serialize)]
pub struct ItemRow {
    pub subjek: String,
    pub subjek_id: i64,
    pub self_rating: Option<String>,
    pub self_comment: String,
    pub penilai_rating: Option<String>,
    pub umpan_balik: String,
}

pub async fn items_of(db: &Db, evaluation_id: i64) -> AppResult<Vec<ItemRow>> {
    const SQL: &str = "SELECT subjek, subjek_id, self_rating, self_comment, penilai_rating, umpan_balik \
         FROM evaluation_items WHERE evaluation_id = $1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .fetch_all(c)
        .await)?)
}

/// The employee's side of one item; the penilai's side stays as it is.
pub async fn item_put_self(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    subjek: &str,
    subjek_id: i64,
    rating: Option<&str>,
    comment: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_items (instansi_id, evaluation_id, subjek, subjek_id, self_rating, self_comment) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, subjek, subjek_id) \
         DO UPDATE SET self_rating = excluded.self_rating, self_comment = excluded.self_comment";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(subjek)
        .bind(subjek_id)
        .bind(rating)
        .bind(comment)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The penilai's side of one item; the employee's side stays as it is.
pub async fn item_put_penilai(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    subjek: &str,
    subjek_id: i64,
    rating: Option<&str>,
    umpan_balik: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_items (instansi_id, evaluation_id, subjek, subjek_id, penilai_rating, umpan_balik) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, subjek, subjek_id) \
         DO UPDATE SET penilai_rating = excluded.penilai_rating, umpan_balik = excluded.umpan_balik";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(subjek)
        .bind(subjek_id)
        .bind(rating)
        .bind(umpan_balik)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Queues and unit views

/// One line of a list of evaluations (a penilai's queue, a unit's penetapan page).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EvaluationLine {
    pub id: i64,
    pub employee_id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub nip: Option<String>,
    pub status: String,
    pub predikat: Option<String>,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
}

const LINE_COLS: &str = "SELECT v.id, v.employee_id, e.nama, e.gelar_depan, e.gelar_belakang, e.nip, v.status, \
     v.predikat, v.rating_hasil, v.rating_perilaku FROM evaluations v JOIN employees e ON e.id = v.employee_id ";

/// The evaluations a penilai assesses in a period, waiting ones first.
pub async fn evaluations_for_penilai(
    db: &Db,
    instansi_id: i64,
    penilai_employee_id: i64,
    period_id: i64,
) -> AppResult<Vec<EvaluationLine>> {
    const SQL: &str = const_format::concatcp!(
        LINE_COLS,
        "WHERE v.instansi_id = $1 AND v.penilai_employee_id = $2 AND v.period_id = $3 \
         ORDER BY CASE v.status WHEN 'dinilai_sendiri' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, e.nama"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(penilai_employee_id)
        .bind(period_id)
        .fetch_all(c)
        .await)?)
}

/// Objections waiting for the viewer: as atasan penilai (to decide) or as penilai (to
/// explain), any period.
pub async fn objections_for(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
) -> AppResult<Vec<EvaluationLine>> {
    const SQL: &str = const_format::concatcp!(
        LINE_COLS,
        "WHERE v.instansi_id = $1 AND v.status = 'keberatan' \
         AND (v.atasan_employee_id = $2 OR v.penilai_employee_id = $2) ORDER BY v.updated_at LIMIT 100"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .fetch_all(c)
        .await)?)
}

/// Predikat and status counts of the evaluations in a subtree for a period (the unit's
/// curve and progress): (status, predikat, count).
pub async fn counts_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<(String, Option<String>, i64)>> {
    const SQL: &str = "SELECT v.status, v.predikat, COUNT(*) FROM evaluations v JOIN units u ON u.id = v.unit_id \
         WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         GROUP BY v.status, v.predikat";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// One page of the evaluations in a subtree for a period, by name.
pub async fn lines_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<EvaluationLine>> {
    const SQL: &str = const_format::concatcp!(
        LINE_COLS,
        "JOIN units u ON u.id = v.unit_id WHERE v.instansi_id = $1 AND v.period_id = $2 \
         AND u.path >= $3 AND u.path < $4 ORDER BY e.nama_cari, e.id LIMIT $5 OFFSET $6"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct UnitPeriodRow {
    pub unit_id: i64,
    pub period_id: i64,
    pub capaian: Option<String>,
    pub capaian_at: Option<i64>,
    pub finalised_at: Option<i64>,
    pub finalised_by: Option<i64>,
    pub justifikasi: String,
    pub pelanggaran_json: Option<String>,
}

pub async fn unit_period_get(
    db: &Db,
    instansi_id: i64,
    unit_id: i64,
    period_id: i64,
) -> AppResult<Option<UnitPeriodRow>> {
    const SQL: &str = "SELECT unit_id, period_id, capaian, capaian_at, finalised_at, finalised_by, justifikasi, \
         pelanggaran_json FROM unit_periods WHERE instansi_id = $1 AND unit_id = $2 AND period_id = $3";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(unit_id)
        .bind(period_id)
        .fetch_optional(c)
        .await)?)
}

pub async fn unit_period_set_capaian(
    tx: &mut Tx,
    instansi_id: i64,
    unit_id: i64,
    period_id: i64,
    capaian: &str,
    by: i64,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO unit_periods (instansi_id, unit_id, period_id, capaian, capaian_by, capaian_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id, period_id) \
         DO UPDATE SET capaian = excluded.capaian, capaian_by = excluded.capaian_by, capaian_at = excluded.capaian_at";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(unit_id)
        .bind(period_id)
        .bind(capaian)
        .bind(by)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records the penetapan (again, when reopened results are set a second time); the capaian
/// row must exist, since a penetapan without a capaian has no curve to answer to.
pub async fn unit_period_finalise(
    tx: &mut Tx,
    unit_id: i64,
    period_id: i64,
    by: i64,
    justifikasi: &str,
    pelanggaran_json: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE unit_periods SET finalised_at = $3, finalised_by = $4, justifikasi = $5, \
         pelanggaran_json = $6 WHERE unit_id = $1 AND period_id = $2 AND capaian IS NOT NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(unit_id)
        .bind(period_id)
        .bind(now_micros())
        .bind(by)
        .bind(justifikasi)
        .bind(pelanggaran_json)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

/// Tells every employee whose assessed evaluation in the subtree is about to be set.
pub async fn notify_finalised(
    tx: &mut Tx,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
    params_json: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO notifications (instansi_id, user_id, kind, params_json, link, created_at) \
         SELECT v.instansi_id, us.id, 'evaluasi_finalised', $5, '/penilaian/' || CAST(v.id AS TEXT), $6 \
         FROM evaluations v JOIN units u ON u.id = v.unit_id JOIN users us ON us.employee_id = v.employee_id \
         WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 AND v.status = 'dinilai'";
    let end = scope.subtree_end();
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(params_json)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Locks every assessed evaluation of the subtree in the period (penetapan). Returns how many.
pub async fn evaluations_finalise_in(
    tx: &mut Tx,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<u64> {
    const SQL: &str = "UPDATE evaluations SET status = 'ditetapkan', finalised_at = $5, version = version + 1, \
         updated_at = $5 WHERE instansi_id = $1 AND period_id = $2 AND status = 'dinilai' \
         AND unit_id IN (SELECT id FROM units WHERE instansi_id = $1 AND path >= $3 AND path < $4)";
    let end = scope.subtree_end();
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}

// ---------------------------------------------------------------------------------------
// Keberatan and reopenings

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct KeberatanRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub alasan: String,
    pub batas: NaiveDate,
    pub filed_at: i64,
    pub penjelasan_penilai: String,
    pub penjelasan_pegawai: String,
    pub keputusan: String,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    pub predikat: Option<String>,
    pub decided_at: Option<i64>,
}

pub async fn keberatan_latest(db: &Db, evaluation_id: i64) -> AppResult<Option<KeberatanRow>> {
    const SQL: &str = "SELECT id, evaluation_id, alasan, batas, filed_at, penjelasan_penilai, penjelasan_pegawai, \
         keputusan, rating_hasil, rating_perilaku, predikat, decided_at FROM keberatan \
         WHERE evaluation_id = $1 ORDER BY id DESC LIMIT 1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .fetch_optional(c)
        .await)?)
}

pub async fn keberatan_insert(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    alasan: &str,
    batas: NaiveDate,
) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO keberatan (instansi_id, evaluation_id, alasan, batas, filed_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(alasan)
        .bind(batas)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

/// One side's explanation: `side` is the column, chosen by the service from two names.
pub async fn keberatan_explain(tx: &mut Tx, id: i64, penilai: bool, text: &str) -> AppResult<()> {
    const BY_PENILAI: &str =
        "UPDATE keberatan SET penjelasan_penilai = $2 WHERE id = $1 AND decided_at IS NULL";
    const BY_PEGAWAI: &str =
        "UPDATE keberatan SET penjelasan_pegawai = $2 WHERE id = $1 AND decided_at IS NULL";
    let sql = if penilai { BY_PENILAI } else { BY_PEGAWAI };
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(text)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn keberatan_decide(
    tx: &mut Tx,
    id: i64,
    keputusan: &str,
    ratings: (&str, &str, &str),
    by: i64,
) -> AppResult<()> {
    const SQL: &str = "UPDATE keberatan SET keputusan = $2, rating_hasil = $3, rating_perilaku = $4, predikat = $5, \
         decided_at = $6, decided_by = $7 WHERE id = $1 AND decided_at IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(keputusan)
        .bind(ratings.0)
        .bind(ratings.1)
        .bind(ratings.2)
        .bind(now_micros())
        .bind(by)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

pub async fn reopening_insert(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    alasan: &str,
    result_json: &str,
    by: i64,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_reopenings (instansi_id, evaluation_id, alasan, result_json, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(alasan)
        .bind(result_json)
        .bind(by)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ReopeningRow {
    pub alasan: String,
    pub result_json: String,
    pub created_at: i64,
}

pub async fn reopenings_of(db: &Db, evaluation_id: i64) -> AppResult<Vec<ReopeningRow>> {
    const SQL: &str = "SELECT alasan, result_json, created_at FROM evaluation_reopenings \
         WHERE evaluation_id = $1 ORDER BY id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .fetch_all(c)
        .await)?)
}

/// The last approved content of a plan: what is evaluated.
pub async fn approved_content(db: &Db, skp_id: i64) -> AppResult<Option<String>> {
    const SQL: &str = "SELECT content_json FROM skp_submissions WHERE skp_id = $1 AND decision = 'disetujui' \
         ORDER BY id DESC LIMIT 1";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(skp_id)
        .fetch_optional(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Evidence files

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EvidenceRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub indikator_id: i64,
    pub nama_file: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: i64,
}

const EVIDENCE_COLS: &str = "SELECT id, evaluation_id, indikator_id, nama_file, content_type, size_bytes, sha256, \
     created_at FROM evidence_files ";

pub struct NewEvidence<'a> {
    pub instansi_id: i64,
    pub evaluation_id: i64,
    pub indikator_id: i64,
    pub nama_file: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub uploaded_by: i64,
}

pub async fn evidence_insert(tx: &mut Tx, e: &NewEvidence<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO evidence_files (instansi_id, evaluation_id, indikator_id, nama_file, content_type, \
         size_bytes, sha256, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(e.instansi_id)
        .bind(e.evaluation_id)
        .bind(e.indikator_id)
        .bind(e.nama_file)
        .bind(e.content_type)
        .bind(e.size_bytes)
        .bind(e.sha256)
        .bind(e.uploaded_by)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

/// The evidence still attached to an evaluation.
pub async fn evidence_of(db: &Db, evaluation_id: i64) -> AppResult<Vec<EvidenceRow>> {
    const SQL: &str = const_format::concatcp!(
        EVIDENCE_COLS,
        "WHERE evaluation_id = $1 AND removed_at IS NULL ORDER BY id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .fetch_all(c)
        .await)?)
}

pub async fn evidence_get(db: &Db, evaluation_id: i64, id: i64) -> AppResult<EvidenceRow> {
    const SQL: &str = const_format::concatcp!(
        EVIDENCE_COLS,
        "WHERE evaluation_id = $1 AND id = $2 AND removed_at IS NULL"
    );
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// Detaches a file (the bytes stay: the audit trail names their hash).
pub async fn evidence_remove(tx: &mut Tx, evaluation_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE evidence_files SET removed_at = $3 WHERE evaluation_id = $1 AND id = $2 AND removed_at IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(evaluation_id)
        .bind(id)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Ids of the assessed evaluations (the result is set) in a subtree for a period.
pub async fn assessed_ids_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<i64>> {
    const SQL: &str = "SELECT v.id FROM evaluations v JOIN units u ON u.id = v.unit_id \
         WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         AND v.predikat IS NOT NULL AND v.status IN ('dinilai', 'ditetapkan', 'keberatan', 'diputuskan') \
         ORDER BY v.id";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// The annual (AKHIR) predikat of an employee per year, newest first.
pub async fn annual_results(db: &Db, employee_id: i64) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str = "SELECT y.tahun, v.predikat FROM evaluations v JOIN periods p ON p.id = v.period_id \
         JOIN evaluation_years y ON y.id = p.year_id \
         WHERE v.employee_id = $1 AND p.akhir AND v.predikat IS NOT NULL \
         AND v.status IN ('ditetapkan', 'keberatan', 'diputuskan') ORDER BY y.tahun DESC";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .fetch_all(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Demo data in bulk

/// Rows of every approved plan of a year: (skp, employee, rhk, jenis, indikator, target).
pub type PlanRow = (i64, i64, i64, String, Option<i64>, Option<f64>);

pub async fn approved_plan_rows(db: &Db, year_id: i64) -> AppResult<Vec<PlanRow>> {
    const SQL: &str = "SELECT k.id, k.employee_id, r.id, r.jenis, i.id, i.target_min FROM skps k \
         JOIN skp_rhk r ON r.skp_id = k.id AND r.aktif \
         LEFT JOIN skp_indikator i ON i.rhk_id = r.id AND i.aktif \
         WHERE k.year_id = $1 AND k.status = 'disetujui' AND NOT k.closed ORDER BY k.id, r.urutan, r.id, i.urutan, i.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(year_id)
        .fetch_all(c)
        .await)?)
}

/// A whole evaluation as the demo writes it.
pub struct DemoEvaluation {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub period_id: i64,
    pub employee_id: i64,
    pub unit_id: i64,
    pub penilai_employee_id: Option<i64>,
    pub atasan_employee_id: Option<i64>,
    pub snapshot_json: String,
    pub status: &'static str,
    pub rating_hasil: Option<&'static str>,
    pub rating_perilaku: Option<&'static str>,
    pub predikat: Option<&'static str>,
    pub catatan: String,
    pub self_submitted_at: Option<i64>,
    pub assessed_at: Option<i64>,
    pub finalised_at: Option<i64>,
}

pub async fn evaluation_insert_demo(tx: &mut Tx, e: &DemoEvaluation) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO evaluations (instansi_id, skp_id, period_id, employee_id, unit_id, \
         penilai_employee_id, atasan_employee_id, snapshot_json, status, rating_hasil, rating_perilaku, predikat, \
         catatan, self_submitted_at, assessed_at, finalised_at, created_at, updated_at, jenis_jabatan) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, \
         COALESCE((SELECT p.jenis FROM employees e JOIN positions p ON p.id = e.position_id \
           WHERE e.id = $4), '')) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(e.instansi_id)
        .bind(e.skp_id)
        .bind(e.period_id)
        .bind(e.employee_id)
        .bind(e.unit_id)
        .bind(e.penilai_employee_id)
        .bind(e.atasan_employee_id)
        .bind(&e.snapshot_json)
        .bind(e.status)
        .bind(e.rating_hasil)
        .bind(e.rating_perilaku)
        .bind(e.predikat)
        .bind(&e.catatan)
        .bind(e.self_submitted_at)
        .bind(e.assessed_at)
        .bind(e.finalised_at)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

/// (instansi, evaluation, indikator, nilai, teks)
pub async fn realisasi_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, i64, Option<f64>, String)],
) -> AppResult<()> {
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO evaluation_realisasi (instansi_id, evaluation_id, indikator_id, nilai, teks, updated_at) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4.clone())
                .push_bind(now);
        }
    );
    Ok(())
}

/// One judgement row: (instansi, evaluation, subjek, id, self, self comment, penilai, umpan balik).
pub type ItemSeed = (
    i64,
    i64,
    &'static str,
    i64,
    Option<&'static str>,
    String,
    Option<&'static str>,
    String,
);

pub async fn items_insert_many(tx: &mut Tx, rows: &[ItemSeed]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO evaluation_items (instansi_id, evaluation_id, subjek, subjek_id, self_rating, self_comment, \
         penilai_rating, umpan_balik) ",
        rows,
        600,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4)
                .push_bind(r.5.clone())
                .push_bind(r.6)
                .push_bind(r.7.clone());
        }
    );
    Ok(())
}

/// (instansi, unit, period, capaian, finalised_at, justifikasi, pelanggaran_json)
pub type UnitPeriodSeed = (
    i64,
    i64,
    i64,
    &'static str,
    Option<i64>,
    String,
    Option<String>,
);

pub async fn unit_periods_insert_many(tx: &mut Tx, rows: &[UnitPeriodSeed]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO unit_periods (instansi_id, unit_id, period_id, capaian, capaian_at, finalised_at, justifikasi, \
         pelanggaran_json) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4)
                .push_bind(r.4)
                .push_bind(r.5.clone())
                .push_bind(r.6.clone());
        }
    );
    Ok(())
}

/// A decided objection for the demo: (instansi, evaluation, alasan, batas, filed, penjelasan,
/// keputusan, ratings after, decided).
pub async fn keberatan_insert_decided(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    texts: (&str, &str, &str),
    batas: NaiveDate,
    ratings: (&str, &str, &str),
    at: (i64, i64),
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO keberatan (instansi_id, evaluation_id, alasan, batas, filed_at, penjelasan_penilai, \
         keputusan, rating_hasil, rating_perilaku, predikat, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(texts.0)
        .bind(batas)
        .bind(at.0)
        .bind(texts.1)
        .bind(texts.2)
        .bind(ratings.0)
        .bind(ratings.1)
        .bind(ratings.2)
        .bind(at.1)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The mask of BerAKHLAK values the penilai rated below expectation, recomputed from the
/// judgements of one evaluation (`Some`) or of every evaluation of an instansi (`None`, after
/// a bulk load).
pub async fn refresh_perilaku_bawah(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET perilaku_bawah = COALESCE(( \
         SELECT SUM(CASE i.subjek_id WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 8 \
         WHEN 5 THEN 16 WHEN 6 THEN 32 WHEN 7 THEN 64 ELSE 0 END) FROM evaluation_items i \
         WHERE i.evaluation_id = evaluations.id AND i.subjek = 'perilaku' AND i.penilai_rating = 'di_bawah'), 0) \
         WHERE instansi_id = $1 AND ($2 IS NULL OR id = $2)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Evaluations of a subtree in a period grouped by unit, status and the two ratings: the
/// raw material of every unit's progress and curve, read in one aggregate query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TallyRow {
    pub unit_id: i64,
    pub status: String,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    /// The values the penilai rated below expectation (bit k-1 for value k).
    pub perilaku_bawah: i64,
    pub n: i64,
}

pub async fn tallies_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<TallyRow>> {
    // Grouping by the mask (nearly always 0) is cheaper than summing each bit in SQL.
    const SQL: &str = "SELECT v.unit_id, v.status, v.rating_hasil, v.rating_perilaku, v.perilaku_bawah, \
         COUNT(*) AS n \
         FROM evaluations v JOIN units u ON u.id = v.unit_id \
         WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         GROUP BY v.unit_id, v.status, v.rating_hasil, v.rating_perilaku, v.perilaku_bawah";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// The capaian and penetapan of every unit of a subtree that has a record in the period.
pub async fn unit_periods_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<(i64, Option<String>, Option<i64>)>> {
    const SQL: &str = "SELECT up.unit_id, up.capaian, up.finalised_at FROM unit_periods up \
         JOIN units u ON u.id = up.unit_id \
         WHERE up.instansi_id = $1 AND up.period_id = $2 AND u.path >= $3 AND u.path < $4";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}
