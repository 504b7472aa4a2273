//! SQL of the login throttle counters (fixed windows, shared by every process).

use super::{Db, Tx, on_db, on_tx};
use crate::error::AppResult;

/// Counts one hit on `key` in the window of `window_micros` ending now, starting a new
/// window when the last one is over. Returns the hits in the current window.
pub async fn hit(tx: &mut Tx, key: &str, now: i64, window_micros: i64) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO login_throttle (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.hits + 1 END, \
           window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END \
         RETURNING hits";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(key)
        .bind(now)
        .bind(now - window_micros)
        .fetch_one(c)
        .await)?)
}

/// Hits on `key` in the current window, and when that window started.
pub async fn get(
    db: &Db,
    key: &str,
    now: i64,
    window_micros: i64,
) -> AppResult<Option<(i64, i64)>> {
    const SQL: &str =
        "SELECT hits, window_start FROM login_throttle WHERE key = $1 AND window_start > $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(key)
        .bind(now - window_micros)
        .fetch_optional(c)
        .await)?)
}

pub async fn clear(tx: &mut Tx, key: &str) -> AppResult<()> {
    const SQL: &str = "DELETE FROM login_throttle WHERE key = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(key)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes counters whose window ended before `before` (run with the session purge).
pub async fn purge(tx: &mut Tx, before: i64) -> AppResult<u64> {
    const SQL: &str = "DELETE FROM login_throttle WHERE window_start < $1";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(before)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}
