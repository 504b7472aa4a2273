//! Acting assignments (PLT/PLH).

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ActingRow {
    pub id: i64,
    pub employee_id: i64,
    pub employee_nama: String,
    pub employee_nip: Option<String>,
    pub position_id: i64,
    pub jabatan: String,
    pub unit_id: i64,
    pub unit_nama: String,
    pub jenis: String,
    pub mulai: NaiveDate,
    pub selesai: Option<NaiveDate>,
    pub dasar: String,
}

pub struct NewActing<'a> {
    pub instansi_id: i64,
    pub employee_id: i64,
    pub position_id: i64,
    pub jenis: ActingKind,
    pub mulai: NaiveDate,
    pub selesai: Option<NaiveDate>,
    pub dasar: &'a str,
}

pub async fn acting_insert(tx: &mut Tx, a: NewActing<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO acting_assignments (instansi_id, employee_id, position_id, jenis, mulai, selesai, dasar, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let now = crate::store::now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(a.instansi_id)
        .bind(a.employee_id)
        .bind(a.position_id)
        .bind(a.jenis.code())
        .bind(a.mulai)
        .bind(a.selesai)
        .bind(a.dasar)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn acting_end(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    selesai: NaiveDate,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE acting_assignments SET selesai = $3 WHERE instansi_id = $1 AND id = $2";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(selesai)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub(super) const ACTING_SELECT: &str = "SELECT a.id, a.employee_id, e.nama AS employee_nama, e.nip AS employee_nip, \
     a.position_id, p.nama AS jabatan, u.id AS unit_id, u.nama AS unit_nama, a.jenis, a.mulai, a.selesai, a.dasar \
     FROM acting_assignments a JOIN employees e ON e.id = a.employee_id \
     JOIN positions p ON p.id = a.position_id JOIN units u ON u.id = p.unit_id ";

pub async fn acting_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<ActingRow> {
    const SQL: &str =
        const_format::concatcp!(ACTING_SELECT, "WHERE a.instansi_id = $1 AND a.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// Assignments in a subtree that have not ended before `today`, newest first.
pub async fn acting_list(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    today: NaiveDate,
    limit: i64,
) -> AppResult<Vec<ActingRow>> {
    const SQL: &str = const_format::concatcp!(
        ACTING_SELECT,
        "WHERE a.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         AND (a.selesai IS NULL OR a.selesai >= $4) ORDER BY a.mulai DESC, a.id DESC LIMIT $5"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(today)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}
