//! Realisasi and judgements.

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RealisasiRow {
    pub indikator_id: i64,
    pub nilai: Option<f64>,
    pub teks: String,
}

pub async fn realisasi_of(
    db: &Db,
    instansi_id: i64,
    evaluation_id: i64,
) -> AppResult<Vec<RealisasiRow>> {
    const SQL: &str = "SELECT indikator_id, nilai, teks FROM evaluation_realisasi WHERE evaluation_id = $1 AND instansi_id = $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn realisasi_put(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    r: &RealisasiRow,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_realisasi (instansi_id, evaluation_id, indikator_id, nilai, teks, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, indikator_id) \
         DO UPDATE SET nilai = excluded.nilai, teks = excluded.teks, updated_at = excluded.updated_at";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(r.indikator_id)
        .bind(r.nilai)
        .bind(&r.teks)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, Default, sqlx::FromRow, Serialize)]
pub struct ItemRow {
    pub subjek: String,
    pub subjek_id: i64,
    pub self_rating: Option<String>,
    pub self_comment: String,
    pub penilai_rating: Option<String>,
    pub umpan_balik: String,
}

pub async fn items_of(db: &Db, instansi_id: i64, evaluation_id: i64) -> AppResult<Vec<ItemRow>> {
    const SQL: &str = "SELECT subjek, subjek_id, self_rating, self_comment, penilai_rating, umpan_balik \
         FROM evaluation_items WHERE evaluation_id = $1 AND instansi_id = $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(evaluation_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// The employee's side of one item; the penilai's side stays as it is.
pub async fn item_put_self(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    subjek: &str,
    subjek_id: i64,
    rating: Option<&str>,
    comment: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_items (instansi_id, evaluation_id, subjek, subjek_id, self_rating, self_comment) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, subjek, subjek_id) \
         DO UPDATE SET self_rating = excluded.self_rating, self_comment = excluded.self_comment";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(subjek)
        .bind(subjek_id)
        .bind(rating)
        .bind(comment)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The penilai's side of one item; the employee's side stays as it is.
pub async fn item_put_penilai(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    subjek: &str,
    subjek_id: i64,
    rating: Option<&str>,
    umpan_balik: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO evaluation_items (instansi_id, evaluation_id, subjek, subjek_id, penilai_rating, umpan_balik) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, subjek, subjek_id) \
         DO UPDATE SET penilai_rating = excluded.penilai_rating, umpan_balik = excluded.umpan_balik";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(subjek)
        .bind(subjek_id)
        .bind(rating)
        .bind(umpan_balik)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
