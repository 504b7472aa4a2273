//! SQL of the TPP recap: the year's formula, the disiplin scores of a period, the employees
//! of a subtree with their result and score, and the same summed per OPD.

use super::{Db, Tx, now_micros, on_db, on_tx};
use crate::error::AppResult;
use kinerja_domain::org::UnitPath;

/// Statuses with a submitted result.
const RESULT: &str = "('dinilai', 'ditetapkan', 'keberatan', 'diputuskan')";

pub async fn aturan_get(db: &Db, instansi_id: i64, tahun: i64) -> AppResult<Option<String>> {
    const SQL: &str = "SELECT aturan_json FROM tpp_aturan WHERE instansi_id = $1 AND tahun = $2";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(tahun)
        .fetch_optional(c)
        .await)?)
}

pub async fn aturan_put(
    tx: &mut Tx,
    instansi_id: i64,
    tahun: i64,
    json: &str,
    user_id: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO tpp_aturan (instansi_id, tahun, aturan_json, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (instansi_id, tahun) \
         DO UPDATE SET aturan_json = excluded.aturan_json, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(tahun)
        .bind(json)
        .bind(user_id)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// One imported score: (employee, nilai, hari kerja, hadir).
pub type DisiplinRow = (i64, f64, Option<i64>, Option<i64>);

/// Replaces the period's disiplin scores with the file's: the attendance export covers the
/// whole period, so what it does not list has no score.
pub async fn disiplin_replace(
    tx: &mut Tx,
    instansi_id: i64,
    period_id: i64,
    rows: &[DisiplinRow],
) -> AppResult<()> {
    const DELETE: &str = "DELETE FROM disiplin WHERE instansi_id = $1 AND period_id = $2";
    on_tx!(tx, |c| sqlx::query(DELETE)
        .bind(instansi_id)
        .bind(period_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO disiplin (instansi_id, period_id, employee_id, nilai, hari_kerja, hadir, imported_at) ",
        rows,
        800,
        |b, r| {
            b.push_bind(instansi_id)
                .push_bind(period_id)
                .push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(now);
        }
    );
    Ok(())
}

/// Employees with a disiplin score, per period of a year.
pub async fn disiplin_counts(
    db: &Db,
    instansi_id: i64,
    year_id: i64,
) -> AppResult<Vec<(i64, i64)>> {
    const SQL: &str = "SELECT d.period_id, COUNT(*) FROM disiplin d JOIN periods p ON p.id = d.period_id \
         WHERE d.instansi_id = $1 AND p.year_id = $2 GROUP BY d.period_id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(year_id)
        .fetch_all(c)
        .await)?)
}

/// An active employee of the subtree with the period's result and disiplin score.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct TppRow {
    pub employee_id: i64,
    pub nip: Option<String>,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jabatan: String,
    pub jenis_jabatan: String,
    pub unit: String,
    pub opd: String,
    pub predikat: Option<String>,
    pub disiplin: Option<f64>,
    /// Counted minutes of the daily log over the period (None: nothing counted).
    pub menit: Option<i64>,
}

const TPP_JOINS: &str = const_format::concatcp!(
    "FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
     LEFT JOIN units o ON o.id = u.opd_id \
     LEFT JOIN evaluations v ON v.employee_id = e.id AND v.period_id = $4 \
       AND v.predikat IS NOT NULL AND v.status IN ",
    RESULT,
    " LEFT JOIN disiplin d ON d.employee_id = e.id AND d.period_id = $4 "
);

const TPP_WHERE: &str = "WHERE e.instansi_id = $1 AND u.path >= $2 AND u.path < $3 AND e.aktif \
     AND e.jenis_asn <> 'pejabat_negara' ";

const TPP_FROM: &str = const_format::concatcp!(TPP_JOINS, TPP_WHERE);

/// The days a recap counts the daily log over, and whether entries still waiting for
/// acknowledgement count (they do unless the instansi requires acknowledgement).
#[derive(Debug, Clone, Copy)]
pub struct LogWindow {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub waiting_counts: bool,
}

/// [`TPP_FROM`] with each employee's counted minutes over the window ($5–$7) as `m.menit`.
const TPP_FROM_LOG: &str = const_format::concatcp!(
    TPP_JOINS,
    "LEFT JOIN (SELECT employee_id, CAST(SUM(menit) AS BIGINT) AS menit FROM progres_entries \
     WHERE instansi_id = $1 AND tanggal >= $5 AND tanggal <= $6 \
     AND (pengakuan = 'disetujui' OR (pengakuan = 'menunggu' AND $7)) GROUP BY employee_id) m \
     ON m.employee_id = e.id ",
    TPP_WHERE
);

#[allow(clippy::too_many_arguments)]
pub async fn tpp_page(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
    log: LogWindow,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<TppRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT e.id AS employee_id, e.nip, e.gelar_depan, e.nama, e.gelar_belakang, p.nama AS jabatan, \
         p.jenis AS jenis_jabatan, u.nama AS unit, COALESCE(o.nama, u.nama) AS opd, v.predikat, \
         d.nilai AS disiplin, m.menit ",
        TPP_FROM_LOG,
        "ORDER BY u.path, e.nama_cari, e.id LIMIT $8 OFFSET $9"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(period_id)
        .bind(log.from)
        .bind(log.to)
        .bind(log.waiting_counts)
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?)
}

pub async fn tpp_count(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<i64> {
    const SQL: &str = const_format::concatcp!("SELECT COUNT(*) ", TPP_FROM);
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(period_id)
        .fetch_one(c)
        .await)?)
}

/// (OPD id, OPD name, jenis jabatan, predikat, disiplin in hundredths, counted minutes,
/// employees).
pub type TppGroup = (
    i64,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    i64,
);

/// Employees per (OPD, jenis jabatan, predikat, disiplin in hundredths, counted minutes):
/// everyone in a group earns the same, so the sums per OPD are exact without a row per
/// employee. Minutes are grouped only when the year's rule has an activity component
/// (`with_minutes`); otherwise they are left out and the groups stay few.
pub async fn tpp_groups(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
    log: LogWindow,
    with_minutes: bool,
) -> AppResult<Vec<TppGroup>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT COALESCE(o.id, u.id), COALESCE(o.nama, u.nama), p.jenis, v.predikat, \
         CAST(ROUND(d.nilai * 100) AS BIGINT), CASE WHEN $8 THEN m.menit END, COUNT(*) ",
        TPP_FROM_LOG,
        "GROUP BY COALESCE(o.id, u.id), COALESCE(o.nama, u.nama), p.jenis, v.predikat, \
         CAST(ROUND(d.nilai * 100) AS BIGINT), CASE WHEN $8 THEN m.menit END"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(period_id)
        .bind(log.from)
        .bind(log.to)
        .bind(log.waiting_counts)
        .bind(with_minutes)
        .fetch_all(c)
        .await)?)
}
