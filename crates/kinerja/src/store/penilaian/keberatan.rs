//! Keberatan and reopenings.

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct KeberatanRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub alasan: String,
    pub batas: NaiveDate,
    pub filed_at: i64,
    pub penjelasan_penilai: String,
    pub penjelasan_pegawai: String,
    pub keputusan: String,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    pub predikat: Option<String>,
    pub decided_at: Option<i64>,
}

pub async fn keberatan_latest(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Option<KeberatanRow>> {
    const SQL: &str = "SELECT id, evaluation_id, alasan, batas, filed_at, penjelasan_penilai, penjelasan_pegawai, \
         keputusan, rating_hasil, rating_perilaku, predikat, decided_at FROM keberatan \
         WHERE evaluation_id = $1 AND instansi_id = $2 ORDER BY id DESC LIMIT 1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?)
}

pub async fn keberatan_insert(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    alasan: &str,
    batas: NaiveDate,
) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO keberatan (instansi_id, evaluation_id, alasan, batas, filed_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(alasan)
        .bind(batas)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

/// One side's explanation: `side` is the column, chosen by the service from two names.
pub async fn keberatan_explain(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    penilai: bool,
    text: &str,
) -> AppResult<()> {
    const BY_PENILAI: &str = "UPDATE keberatan SET penjelasan_penilai = $2 WHERE id = $1 AND instansi_id = $3 AND decided_at IS NULL";
    const BY_PEGAWAI: &str = "UPDATE keberatan SET penjelasan_pegawai = $2 WHERE id = $1 AND instansi_id = $3 AND decided_at IS NULL";
    let sql = if penilai { BY_PENILAI } else { BY_PEGAWAI };
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(text)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn keberatan_decide(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    keputusan: &str,
    ratings: (&str, &str, &str),
    by: i64,
) -> AppResult<()> {
    const SQL: &str = "UPDATE keberatan SET keputusan = $2, rating_hasil = $3, rating_perilaku = $4, predikat = $5, \
         decided_at = $6, decided_by = $7 WHERE id = $1 AND instansi_id = $8 AND decided_at IS NULL";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(keputusan)
        .bind(ratings.0)
        .bind(ratings.1)
        .bind(ratings.2)
        .bind(now_micros())
        .bind(by)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

pub async fn reopening_insert(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    alasan: &str,
    result_json: &str,
    by: i64,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_reopenings (instansi_id, evaluation_id, alasan, result_json, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(alasan)
        .bind(result_json)
        .bind(by)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ReopeningRow {
    pub alasan: String,
    pub result_json: String,
    pub created_at: i64,
}

pub async fn reopenings_of(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Vec<ReopeningRow>> {
    const SQL: &str = "SELECT alasan, result_json, created_at FROM evaluation_reopenings \
         WHERE evaluation_id = $1 AND instansi_id = $2 ORDER BY id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// The last approved content of a plan: what is evaluated.
pub async fn approved_content(db: &Db, instansi_id: i64, skp_id: i64) -> AppResult<Option<String>> {
    const SQL: &str = "SELECT content_json FROM skp_submissions WHERE skp_id = $1 AND instansi_id = $2 AND decision = 'disetujui' \
         ORDER BY id DESC LIMIT 1";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?)
}
