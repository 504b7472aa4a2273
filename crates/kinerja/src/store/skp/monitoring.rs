//! Monitoring.

use super::*;

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
