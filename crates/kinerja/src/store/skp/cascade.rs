//! Cascading (Matriks Peran Hasil).

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CascadeRow {
    pub id: i64,
    pub from_rhk_id: i64,
    pub from_teks: String,
    pub from_aktif: bool,
    pub to_employee_id: i64,
    pub to_nama: String,
    pub teks: String,
    pub adopted_rhk_id: Option<i64>,
}

pub(super) const CASCADE_COLS: &str = "SELECT c.id, c.from_rhk_id, r.teks AS from_teks, r.aktif AS from_aktif, c.to_employee_id, \
     e.nama AS to_nama, c.teks, c.adopted_rhk_id \
     FROM skp_cascades c JOIN skp_rhk r ON r.id = c.from_rhk_id JOIN employees e ON e.id = c.to_employee_id ";

pub async fn cascade_upsert(
    tx: &mut Tx,
    instansi_id: i64,
    from_rhk_id: i64,
    to_employee_id: i64,
    teks: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO skp_cascades (instansi_id, from_rhk_id, to_employee_id, teks, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (from_rhk_id, to_employee_id) DO UPDATE SET teks = excluded.teks";
    let now = now_micros();
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(from_rhk_id)
        .bind(to_employee_id)
        .bind(teks)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn cascade_delete(tx: &mut Tx, instansi_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str =
        "DELETE FROM skp_cascades WHERE instansi_id = $1 AND id = $2 AND adopted_rhk_id IS NULL";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn cascade_adopt(tx: &mut Tx, instansi_id: i64, id: i64, rhk_id: i64) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_cascades SET adopted_rhk_id = $2 WHERE id = $1 AND instansi_id = $3 AND adopted_rhk_id IS NULL";
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(rhk_id)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

/// Proposals waiting in an employee's plan of a year.
pub async fn cascades_to(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    year_id: i64,
) -> AppResult<Vec<CascadeRow>> {
    const SQL: &str = const_format::concatcp!(
        CASCADE_COLS,
        "JOIN skps k ON k.id = r.skp_id WHERE c.to_employee_id = $1 AND k.year_id = $2 AND c.instansi_id = $3 AND c.adopted_rhk_id IS NULL \
         AND r.aktif ORDER BY c.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(year_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn cascade_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<CascadeRow> {
    const SQL: &str =
        const_format::concatcp!(CASCADE_COLS, "WHERE c.instansi_id = $1 AND c.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}
