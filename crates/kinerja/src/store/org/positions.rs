//! Positions.

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PositionRow {
    pub id: i64,
    pub unit_id: i64,
    pub nama: String,
    pub jenis: String,
    pub jenjang: Option<String>,
    pub is_head: bool,
}

pub async fn positions_all(db: &Db, instansi_id: i64) -> AppResult<Vec<PositionRow>> {
    const SQL: &str =
        "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions WHERE instansi_id = $1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn head_position(
    db: &Db,
    instansi_id: i64,
    unit_id: i64,
) -> AppResult<Option<PositionRow>> {
    const SQL: &str = "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions WHERE unit_id = $1 AND instansi_id = $2 AND is_head";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(unit_id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?)
}

pub async fn position_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<PositionRow> {
    const SQL: &str = "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions WHERE instansi_id = $1 AND id = $2";
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub struct NewPosition<'a> {
    pub instansi_id: i64,
    pub unit_id: i64,
    pub nama: &'a str,
    pub jenis: &'a str,
    pub jenjang: Option<&'a str>,
    pub is_head: bool,
}

pub async fn position_insert(tx: &mut Tx, p: NewPosition<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO positions (instansi_id, unit_id, nama, jenis, jenjang, is_head) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(p.instansi_id)
        .bind(p.unit_id)
        .bind(p.nama)
        .bind(p.jenis)
        .bind(p.jenjang)
        .bind(p.is_head)
        .fetch_one(c)
        .await)?)
}

pub async fn position_update(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    jenis: &str,
    jenjang: Option<&str>,
    is_head: bool,
) -> AppResult<()> {
    const SQL: &str = "UPDATE positions SET jenis = $2, jenjang = $3, is_head = $4 WHERE id = $1 AND instansi_id = $5";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(jenis)
        .bind(jenjang)
        .bind(is_head)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
