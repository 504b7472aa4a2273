//! SQL of the dashboard: sums over the kept tallies (`evaluation_tallies`, one row per unit
//! and period, kept by triggers), never rows per employee.

use super::{Db, on_db};
use crate::error::AppResult;
use kinerja_domain::org::UnitPath;

/// One period's results per predikat as stored, best first (`Predikat::index` order).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrendRow {
    pub period_id: i64,
    sangat_baik: i64,
    baik: i64,
    butuh_perbaikan: i64,
    kurang: i64,
    sangat_kurang: i64,
}

impl TrendRow {
    pub fn counts(&self) -> [i64; 5] {
        [
            self.sangat_baik,
            self.baik,
            self.butuh_perbaikan,
            self.kurang,
            self.sangat_kurang,
        ]
    }
}

/// The columns of a `TrendRow`.
const TREND_SUMS: &str = "t.period_id, CAST(SUM(t.p_sangat_baik) AS BIGINT) AS sangat_baik, \
     CAST(SUM(t.p_baik) AS BIGINT) AS baik, \
     CAST(SUM(t.p_butuh_perbaikan) AS BIGINT) AS butuh_perbaikan, \
     CAST(SUM(t.p_kurang) AS BIGINT) AS kurang, \
     CAST(SUM(t.p_sangat_kurang) AS BIGINT) AS sangat_kurang ";

/// The periods of the years from `$2` (the instansi `$1`).
const TREND_PERIODS: &str = "t.period_id IN (SELECT p.id FROM periods p \
     JOIN evaluation_years y ON y.id = p.year_id WHERE y.instansi_id = $1 AND y.tahun >= $2)";

/// The predikat distribution of the whole instansi per period, for the years from
/// `from_tahun`: one index-only read of every unit's counts (`evaluation_tallies_trend`).
pub async fn trend_all(db: &Db, instansi_id: i64, from_tahun: i64) -> AppResult<Vec<TrendRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        TREND_SUMS,
        "FROM evaluation_tallies t WHERE t.instansi_id = $1 AND ",
        TREND_PERIODS,
        " GROUP BY t.period_id"
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
) -> AppResult<Vec<TrendRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        TREND_SUMS,
        "FROM evaluation_tallies t JOIN units u ON u.instansi_id = $1 AND u.id = t.unit_id \
         WHERE t.instansi_id = $1 AND u.path >= $3 AND u.path < $4 AND ",
        TREND_PERIODS,
        " GROUP BY t.period_id"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(from_tahun)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}
