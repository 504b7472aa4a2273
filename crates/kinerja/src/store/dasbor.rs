//! SQL of the dashboard: sums over the kept tallies (`evaluation_tallies`, a few rows per
//! unit and period, kept by triggers), never rows per employee.

use super::{Db, on_db};
use crate::error::AppResult;
use kinerja_domain::org::UnitPath;

use super::penilaian::RESULT;

/// Results per unit, jenis jabatan (of the position assessed in) and predikat.
pub async fn jabatan_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<(i64, String, String, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT t.unit_id, t.jenis_jabatan, t.predikat, CAST(SUM(t.n) AS BIGINT) \
         FROM evaluation_tallies t JOIN units u ON u.id = t.unit_id \
         WHERE t.instansi_id = $1 AND t.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         AND t.predikat <> '' AND t.n > 0 AND t.status IN ",
        RESULT,
        " GROUP BY t.unit_id, t.jenis_jabatan, t.predikat"
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
/// `from_tahun`.
pub async fn trend_all(
    db: &Db,
    instansi_id: i64,
    from_tahun: i64,
) -> AppResult<Vec<(i64, String, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT t.period_id, t.predikat, CAST(SUM(t.n) AS BIGINT) FROM evaluation_tallies t \
         WHERE t.instansi_id = $1 \
         AND t.period_id IN (SELECT p.id FROM periods p JOIN evaluation_years y ON y.id = p.year_id \
         WHERE y.instansi_id = $1 AND y.tahun >= $2) \
         AND t.predikat <> '' AND t.n > 0 AND t.status IN ",
        RESULT,
        " GROUP BY t.period_id, t.predikat"
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
        "SELECT t.period_id, t.predikat, CAST(SUM(t.n) AS BIGINT) \
         FROM evaluation_tallies t JOIN units u ON u.id = t.unit_id \
         WHERE t.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         AND t.period_id IN (SELECT p.id FROM periods p JOIN evaluation_years y ON y.id = p.year_id \
         WHERE y.instansi_id = $1 AND y.tahun >= $4) \
         AND t.predikat <> '' AND t.n > 0 AND t.status IN ",
        RESULT,
        " GROUP BY t.period_id, t.predikat"
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
