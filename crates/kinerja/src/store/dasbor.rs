//! SQL of the dashboard: aggregates over a subtree, never rows per employee.

use super::{Db, on_db};
use crate::error::AppResult;
use kinerja_domain::org::UnitPath;

/// The statuses with a submitted result.
const RESULT: &str = "('dinilai', 'ditetapkan', 'keberatan', 'diputuskan')";

/// Results per unit, jenis jabatan (of the position assessed in) and predikat, from the
/// covering index alone.
pub async fn jabatan_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<(i64, String, String, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT v.unit_id, v.jenis_jabatan, v.predikat, COUNT(*) \
         FROM evaluations v JOIN units u ON u.id = v.unit_id \
         WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         AND v.predikat IS NOT NULL AND v.status IN ",
        RESULT,
        " GROUP BY v.unit_id, v.jenis_jabatan, v.predikat"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// The predikat distribution of the whole instansi per period, for the years from
/// `from_tahun`, from the covering index alone.
pub async fn trend_all(
    db: &Db,
    instansi_id: i64,
    from_tahun: i64,
) -> AppResult<Vec<(i64, String, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT v.period_id, v.predikat, COUNT(*) FROM evaluations v \
         WHERE v.instansi_id = $1 \
         AND v.period_id IN (SELECT p.id FROM periods p JOIN evaluation_years y ON y.id = p.year_id \
         WHERE y.instansi_id = $1 AND y.tahun >= $2) \
         AND v.predikat IS NOT NULL AND v.status IN ",
        RESULT,
        " GROUP BY v.period_id, v.predikat"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(from_tahun)
        .fetch_all(c)
        .await)?)
}

/// The predikat distribution of a subtree per period, for the years from `from_tahun`.
pub async fn trend_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    from_tahun: i64,
) -> AppResult<Vec<(i64, String, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT v.period_id, v.predikat, COUNT(*) FROM evaluations v JOIN units u ON u.id = v.unit_id \
         WHERE v.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         AND v.period_id IN (SELECT p.id FROM periods p JOIN evaluation_years y ON y.id = p.year_id \
         WHERE y.instansi_id = $1 AND y.tahun >= $4) \
         AND v.predikat IS NOT NULL AND v.status IN ",
        RESULT,
        " GROUP BY v.period_id, v.predikat"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(from_tahun)
        .fetch_all(c)
        .await)?)
}
