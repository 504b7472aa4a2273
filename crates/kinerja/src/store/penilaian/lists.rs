//! Queues and unit views.

use super::*;

/// One line of a list of evaluations (a penilai's queue, a unit's penetapan page).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EvaluationLine {
    pub id: i64,
    pub employee_id: i64,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub nip: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: kinerja_domain::penilaian::EvaluasiStatus,
    pub predikat: Option<String>,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
}

pub(super) const LINE_COLS: &str = "SELECT v.id, v.employee_id, e.nama, e.gelar_depan, e.gelar_belakang, e.nip, v.status, \
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

/// Self-assessments sent to a penilai and not yet rated, per period, earliest deadline
/// first: (period id, the period's deadline, how many). The home page's task.
pub async fn ratings_waiting(
    db: &Db,
    instansi_id: i64,
    penilai_employee_id: i64,
) -> AppResult<Vec<(i64, NaiveDate, i64)>> {
    const SQL: &str = "SELECT v.period_id, p.batas, COUNT(*) FROM evaluations v JOIN periods p ON p.id = v.period_id \
         WHERE v.penilai_employee_id = $2 AND v.instansi_id = $1 AND v.status = 'dinilai_sendiri' \
         GROUP BY v.period_id, p.batas ORDER BY p.batas, v.period_id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(penilai_employee_id)
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
    instansi_id: i64,
    unit_id: i64,
    period_id: i64,
    by: i64,
    justifikasi: &str,
    pelanggaran_json: &str,
) -> AppResult<()> {
    const SQL: &str = "UPDATE unit_periods SET finalised_at = $3, finalised_by = $4, justifikasi = $5, \
         pelanggaran_json = $6 WHERE unit_id = $1 AND period_id = $2 AND instansi_id = $7 AND capaian IS NOT NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(unit_id)
        .bind(period_id)
        .bind(now_micros())
        .bind(by)
        .bind(justifikasi)
        .bind(pelanggaran_json)
        .bind(instansi_id)
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
