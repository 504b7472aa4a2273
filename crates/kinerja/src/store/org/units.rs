//! Units.

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct UnitRow {
    pub id: i64,
    pub instansi_id: i64,
    pub parent_id: Option<i64>,
    pub kode: String,
    pub nama: String,
    pub jenis: String,
    pub path: String,
    pub opd_id: Option<i64>,
    pub aktif: bool,
    pub urutan: i64,
}

impl UnitRow {
    pub fn unit_path(&self) -> UnitPath {
        UnitPath::from_stored(self.path.clone())
    }
}

pub(super) const UNIT_COLS: &str = "u.id, u.instansi_id, u.parent_id, u.kode, u.nama, u.jenis, u.path, u.opd_id, u.aktif, u.urutan";

pub struct NewUnit<'a> {
    pub instansi_id: i64,
    pub parent: Option<(i64, &'a UnitPath)>,
    pub kode: &'a str,
    pub nama: &'a str,
    pub jenis: &'a str,
    pub urutan: i64,
}

/// Inserts a unit and fills its materialised path and OPD from the parent's.
pub async fn unit_insert(tx: &mut Tx, u: NewUnit<'_>) -> AppResult<(i64, UnitPath)> {
    const INSERT: &str = "INSERT INTO units (instansi_id, parent_id, kode, nama, jenis, path, urutan) \
         VALUES ($1, $2, $3, $4, $5, '', $6) RETURNING id";
    const SET_PATH: &str =
        "UPDATE units SET path = $2, opd_id = $3 WHERE id = $1 AND instansi_id = $4";
    let parent_id = u.parent.map(|(id, _)| id);
    let id: i64 = on_tx!(tx, |c| sqlx::query_scalar(INSERT)
        .bind(u.instansi_id)
        .bind(parent_id)
        .bind(u.kode)
        .bind(u.nama)
        .bind(u.jenis)
        .bind(u.urutan)
        .fetch_one(c)
        .await)?;
    let path = match u.parent {
        Some((_, p)) => p.child(id),
        None => UnitPath::root(id),
    };
    let opd = path.opd_id();
    on_tx!(tx, |c| sqlx::query(SET_PATH)
        .bind(id)
        .bind(path.as_str())
        .bind(opd)
        .bind(u.instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok((id, path))
}

pub async fn unit_update(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    nama: &str,
    jenis: &str,
    urutan: i64,
    aktif: bool,
) -> AppResult<()> {
    const SQL: &str = "UPDATE units SET nama = $2, jenis = $3, urutan = $4, aktif = $5 WHERE id = $1 AND instansi_id = $6";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(nama)
        .bind(jenis)
        .bind(urutan)
        .bind(aktif)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn unit_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<UnitRow> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        UNIT_COLS,
        " FROM units u WHERE u.instansi_id = $1 AND u.id = $2"
    );
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub async fn unit_root(db: &Db, instansi_id: i64) -> AppResult<UnitRow> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        UNIT_COLS,
        " FROM units u WHERE u.instansi_id = $1 AND u.parent_id IS NULL ORDER BY u.id LIMIT 1"
    );
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// Every unit of an instansi (imports resolve codes against it; a regency has ~1,000).
pub async fn units_all(db: &Db, instansi_id: i64) -> AppResult<Vec<UnitRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        UNIT_COLS,
        " FROM units u WHERE u.instansi_id = $1 ORDER BY u.path"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// The units of a subtree, in tree order.
pub async fn units_in_subtree(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
) -> AppResult<Vec<UnitRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        UNIT_COLS,
        " FROM units u WHERE u.instansi_id = $1 AND u.path >= $2 AND u.path < $3 ORDER BY u.path"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// The unit and its ancestors, root first.
pub async fn unit_ancestors(db: &Db, instansi_id: i64, id: i64) -> AppResult<Vec<UnitRow>> {
    const SQL: &str = "WITH RECURSIVE anc(id, parent_id, depth) AS ( \
           SELECT id, parent_id, 0 FROM units WHERE id = $2 AND instansi_id = $1 \
           UNION ALL SELECT u.id, u.parent_id, a.depth + 1 FROM units u JOIN anc a ON u.id = a.parent_id) \
         SELECT u.id, u.instansi_id, u.parent_id, u.kode, u.nama, u.jenis, u.path, u.opd_id, u.aktif, u.urutan \
         FROM anc a JOIN units u ON u.id = a.id ORDER BY a.depth DESC";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_all(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct UnitChildRow {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub jenis: String,
    pub path: String,
    pub aktif: bool,
    pub child_count: i64,
    pub employee_count: i64,
    pub head_nama: Option<String>,
    pub head_vacant: bool,
}

/// Children of a unit with their size and head, in one query.
pub async fn unit_children(
    db: &Db,
    instansi_id: i64,
    parent_id: i64,
) -> AppResult<Vec<UnitChildRow>> {
    const SQL: &str = "SELECT u.id, u.kode, u.nama, u.jenis, u.path, u.aktif, \
           (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id) AS child_count, \
           (SELECT COUNT(*) FROM units s JOIN positions p ON p.unit_id = s.id \
              JOIN employees e ON e.position_id = p.id \
              WHERE s.instansi_id = u.instansi_id AND s.path >= u.path \
                AND s.path < substr(u.path, 1, length(u.path) - 1) || '0' AND e.aktif) AS employee_count, \
           (SELECT e.nama FROM positions p JOIN employees e ON e.position_id = p.id \
              WHERE p.unit_id = u.id AND p.is_head AND e.aktif ORDER BY e.id LIMIT 1) AS head_nama, \
           (EXISTS (SELECT 1 FROM positions p WHERE p.unit_id = u.id AND p.is_head) \
              AND NOT EXISTS (SELECT 1 FROM positions p JOIN employees e ON e.position_id = p.id \
                 WHERE p.unit_id = u.id AND p.is_head AND e.aktif)) AS head_vacant \
         FROM units u WHERE u.instansi_id = $1 AND u.parent_id = $2 ORDER BY u.urutan, u.nama";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(parent_id)
        .fetch_all(c)
        .await)?)
}
