//! Evidence files.

use super::*;

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

pub(super) const EVIDENCE_COLS: &str = "SELECT id, evaluation_id, indikator_id, nama_file, content_type, size_bytes, sha256, \
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
pub async fn evidence_of(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Vec<EvidenceRow>> {
    const SQL: &str = const_format::concatcp!(
        EVIDENCE_COLS,
        "WHERE evaluation_id = $1 AND instansi_id = $2 AND removed_at IS NULL ORDER BY id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn evidence_get(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
    id: i64,
) -> AppResult<EvidenceRow> {
    const SQL: &str = const_format::concatcp!(
        EVIDENCE_COLS,
        "WHERE evaluation_id = $1 AND id = $2 AND instansi_id = $3 AND removed_at IS NULL"
    );
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// Detaches a file (the bytes stay: the audit trail names their hash).
pub async fn evidence_remove(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    id: i64,
) -> AppResult<()> {
    const SQL: &str = "UPDATE evidence_files SET removed_at = $3 WHERE evaluation_id = $1 AND id = $2 AND instansi_id = $4 AND removed_at IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(evaluation_id)
        .bind(id)
        .bind(now_micros())
        .bind(instansi_id)
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
pub async fn annual_results(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str = "SELECT y.tahun, v.predikat FROM evaluations v JOIN periods p ON p.id = v.period_id \
         JOIN evaluation_years y ON y.id = p.year_id \
         WHERE v.employee_id = $1 AND v.instansi_id = $2 AND p.akhir AND v.predikat IS NOT NULL \
         AND v.status IN ('ditetapkan', 'keberatan', 'diputuskan') ORDER BY y.tahun DESC";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}
