//! Submissions.

use super::*;

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

pub(super) const SUB_COLS: &str = "SELECT id, skp_id, revisi, content_json, header_json, penilai_employee_id, submitted_at, \
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

/// The decision on a pending submission, as recorded.
pub struct SubmissionDecision<'a> {
    pub decision: &'a str,
    pub catatan: &'a str,
    pub catatan_baris_json: Option<&'a str>,
    /// The approved content, when it carries the penilai's expectations written meanwhile.
    pub content_json: Option<&'a str>,
    pub by: Option<i64>,
}

/// Records the decision on the pending submission of a plan.
pub async fn submission_review(
    tx: &mut Tx,
    instansi_id: i64,
    skp_id: i64,
    d: &SubmissionDecision<'_>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_submissions SET decision = $2, catatan = $3, catatan_baris_json = $4, \
         content_json = COALESCE($5, content_json), decided_at = $6, decided_by = $7 \
         WHERE skp_id = $1 AND instansi_id = $8 AND decision IS NULL";
    let now = now_micros();
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(skp_id)
        .bind(d.decision)
        .bind(d.catatan)
        .bind(d.catatan_baris_json)
        .bind(d.content_json)
        .bind(now)
        .bind(d.by)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

pub async fn submissions_of(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
) -> AppResult<Vec<SubmissionRow>> {
    const SQL: &str = const_format::concatcp!(
        SUB_COLS,
        "WHERE skp_id = $1 AND instansi_id = $2 ORDER BY id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
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
    crate::store::count_query();
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
