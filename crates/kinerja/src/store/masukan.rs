//! SQL of colleagues' input (masukan rekan kerja). Requests know who was asked; answers do
//! not know who gave them.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub responder_employee_id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub requested_at: i64,
    pub answered_at: Option<i64>,
}

const REQUEST_COLS: &str = "SELECT r.id, r.evaluation_id, r.responder_employee_id, e.nama, e.gelar_depan, \
     e.gelar_belakang, r.requested_at, r.answered_at FROM masukan_requests r \
     JOIN employees e ON e.id = r.responder_employee_id ";

/// Who was asked about one evaluation (shown to the penilai: asked and answered, never what).
pub async fn requests_of(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Vec<RequestRow>> {
    const SQL: &str = const_format::concatcp!(
        REQUEST_COLS,
        "WHERE r.evaluation_id = $1 AND r.instansi_id = $2 ORDER BY e.nama_cari"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn request_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<Option<RequestRow>> {
    const SQL: &str =
        const_format::concatcp!(REQUEST_COLS, "WHERE r.instansi_id = $1 AND r.id = $2");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// A request waiting for the responder, with whom and which period it is about.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PendingRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub period_nama: String,
    pub batas: chrono::NaiveDate,
}

/// Unanswered requests whose assessment is still open; `only` narrows to one request.
const PENDING: &str = "FROM masukan_requests r \
     JOIN evaluations v ON v.id = r.evaluation_id JOIN employees e ON e.id = v.employee_id \
     JOIN periods p ON p.id = v.period_id \
     WHERE r.instansi_id = $1 AND r.responder_employee_id = $2 AND r.answered_at IS NULL \
     AND v.status IN ('draft', 'dinilai_sendiri') AND v.masukan_closed_at IS NULL ";

/// The requests a responder has not answered yet while the assessment is still open.
pub async fn pending_for(db: &Db, instansi_id: i64, responder: i64) -> AppResult<Vec<PendingRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT r.id, r.evaluation_id, e.nama, e.gelar_depan, e.gelar_belakang, \
         p.nama AS period_nama, p.batas ",
        PENDING,
        "ORDER BY p.batas, e.nama_cari LIMIT 100"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(responder)
        .fetch_all(c)
        .await)?)
}

/// One of them, if it is still waiting for this responder.
pub async fn pending_get(
    db: &Db,
    instansi_id: i64,
    responder: i64,
    id: i64,
) -> AppResult<Option<PendingRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT r.id, r.evaluation_id, e.nama, e.gelar_depan, e.gelar_belakang, \
         p.nama AS period_nama, p.batas ",
        PENDING,
        "AND r.id = $3"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(responder)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// How many are waiting, counted without loading them (home page, evaluation list).
pub async fn pending_count(db: &Db, instansi_id: i64, responder: i64) -> AppResult<i64> {
    const SQL: &str = const_format::concatcp!("SELECT COUNT(*) ", PENDING);
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(responder)
        .fetch_one(c)
        .await)?)
}

/// Asks one colleague; asking the same person twice, or anyone after the first answer,
/// changes nothing.
pub async fn request_insert(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    responder: i64,
    by: i64,
) -> AppResult<bool> {
    // Nobody is added once someone has answered, even by a request racing that answer: the
    // set of people asked is fixed at the first answer.
    const SQL: &str = "INSERT INTO masukan_requests (instansi_id, evaluation_id, responder_employee_id, \
         requested_by, requested_at) SELECT $1, $2, $3, $4, $5 \
         WHERE NOT EXISTS (SELECT 1 FROM masukan_requests WHERE evaluation_id = $2 AND answered_at IS NOT NULL) \
         ON CONFLICT (evaluation_id, responder_employee_id) DO NOTHING";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(responder)
        .bind(by)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Marks the request answered; false when it already was (a second answer is refused).
pub async fn request_answered(tx: &mut Tx, instansi_id: i64, id: i64) -> AppResult<bool> {
    // Not after the requests of the evaluation were closed, even by a moment.
    const SQL: &str = "UPDATE masukan_requests SET answered_at = $2 WHERE id = $1 AND instansi_id = $3 AND answered_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM evaluations v WHERE v.id = masukan_requests.evaluation_id \
           AND v.masukan_closed_at IS NOT NULL)";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(now_micros())
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn answer_insert(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    nilai: i64,
    rating: &str,
    komentar: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO masukan_answers (instansi_id, evaluation_id, nilai, rating, komentar) \
         VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(nilai)
        .bind(rating)
        .bind(komentar)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Answers per value and rating, counted.
pub async fn answer_counts(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Vec<(i64, String, i64)>> {
    const SQL: &str = "SELECT nilai, rating, COUNT(*) FROM masukan_answers WHERE evaluation_id = $1 AND instansi_id = $2 \
         GROUP BY nilai, rating";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// The written comments per value, in text order so that their order reveals nobody.
pub async fn answer_comments(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str = "SELECT nilai, komentar FROM masukan_answers WHERE evaluation_id = $1 AND instansi_id = $2 \
         AND komentar <> '' ORDER BY nilai, komentar";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// A colleague who may be asked.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CandidateRow {
    pub id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub jabatan: String,
    pub unit_nama: String,
}

/// Colleagues of an employee in `unit_id`: everyone active in the unit and, for its head
/// (`head_of_parent` = the unit's parent), the people of the direct sub-units (subordinates)
/// and the heads of the sibling units (peers). Heads first, tree order.
pub async fn candidates(
    db: &Db,
    instansi_id: i64,
    unit_id: i64,
    head_of_parent: Option<Option<i64>>,
) -> AppResult<Vec<CandidateRow>> {
    const SQL: &str = "SELECT e.id, e.nama, e.gelar_depan, e.gelar_belakang, p.nama AS jabatan, u.nama AS unit_nama \
         FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
         WHERE e.instansi_id = $1 AND e.aktif AND (u.id = $2 OR ($3 AND u.parent_id = $2) \
         OR ($3 AND p.is_head AND u.parent_id = $4)) \
         ORDER BY u.path, p.is_head DESC, e.nama_cari LIMIT 200";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(unit_id)
        .bind(head_of_parent.is_some())
        .bind(head_of_parent.flatten())
        .fetch_all(c)
        .await)?)
}

/// When the requests of an evaluation were closed, if they were.
pub async fn closed_at(db: &Db, instansi_id: i64, evaluation_id: i64) -> AppResult<Option<i64>> {
    const SQL: &str =
        "SELECT masukan_closed_at FROM evaluations WHERE id = $1 AND instansi_id = $2";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?
    .flatten())
}

/// Closes the requests of an evaluation (once; later calls change nothing).
pub async fn close(tx: &mut Tx, instansi_id: i64, evaluation_id: i64) -> AppResult<bool> {
    const SQL: &str = "UPDATE evaluations SET masukan_closed_at = $2 WHERE id = $1 AND instansi_id = $3 AND masukan_closed_at IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(evaluation_id)
        .bind(now_micros())
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
