//! SQL of the organisation: instansi, units, positions, employees, acting assignments.

use super::{Db, Page, Tx, on_db, on_tx, search_key};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use kinerja_domain::org::{ActingKind, HeadSlot, OrgSnapshot, UnitPath};
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct InstansiRow {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub lokasi: String,
}

pub async fn instansi_create(tx: &mut Tx, kode: &str, nama: &str, lokasi: &str) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO instansi (kode, nama, lokasi, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    let now = super::now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(kode)
        .bind(nama)
        .bind(lokasi)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn instansi_list(db: &Db) -> AppResult<Vec<InstansiRow>> {
    const SQL: &str = "SELECT id, kode, nama, lokasi FROM instansi ORDER BY id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL).fetch_all(c).await)?)
}

pub async fn instansi_get(db: &Db, id: i64) -> AppResult<InstansiRow> {
    const SQL: &str = "SELECT id, kode, nama, lokasi FROM instansi WHERE id = $1";
    on_db!(db, |c| sqlx::query_as(SQL).bind(id).fetch_optional(c).await)?.ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------
// Units

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

const UNIT_COLS: &str = "u.id, u.instansi_id, u.parent_id, u.kode, u.nama, u.jenis, u.path, u.opd_id, u.aktif, u.urutan";

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
    const SET_PATH: &str = "UPDATE units SET path = $2, opd_id = $3 WHERE id = $1";
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
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok((id, path))
}

pub async fn unit_update(
    tx: &mut Tx,
    id: i64,
    nama: &str,
    jenis: &str,
    urutan: i64,
    aktif: bool,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE units SET nama = $2, jenis = $3, urutan = $4, aktif = $5 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(nama)
        .bind(jenis)
        .bind(urutan)
        .bind(aktif)
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

// ---------------------------------------------------------------------------------------
// Positions

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

pub async fn head_position(db: &Db, unit_id: i64) -> AppResult<Option<PositionRow>> {
    const SQL: &str = "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions WHERE unit_id = $1 AND is_head";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(unit_id)
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
    id: i64,
    jenis: &str,
    jenjang: Option<&str>,
    is_head: bool,
) -> AppResult<()> {
    const SQL: &str = "UPDATE positions SET jenis = $2, jenjang = $3, is_head = $4 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(jenis)
        .bind(jenjang)
        .bind(is_head)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Employees

/// An employee with position and unit: what lists, profiles and the API show.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EmployeeRow {
    pub id: i64,
    pub instansi_id: i64,
    pub nip: Option<String>,
    pub jenis_asn: String,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub golongan: Option<String>,
    pub email: Option<String>,
    pub aktif: bool,
    pub penilai_override_id: Option<i64>,
    pub version: i64,
    pub position_id: i64,
    pub jabatan: String,
    pub jenis_jabatan: String,
    pub jenjang: Option<String>,
    pub is_head: bool,
    pub unit_id: i64,
    pub unit_nama: String,
    pub unit_path: String,
    pub opd_id: Option<i64>,
}

impl EmployeeRow {
    pub fn unit_path(&self) -> UnitPath {
        UnitPath::from_stored(self.unit_path.clone())
    }
    pub fn nama_lengkap(&self) -> String {
        kinerja_domain::nama::nama_lengkap(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }
}

const EMPLOYEE_SELECT: &str = "SELECT e.id, e.instansi_id, e.nip, e.jenis_asn, e.gelar_depan, e.nama, \
     e.gelar_belakang, e.jenis_kelamin, e.tanggal_lahir, e.golongan, e.email, e.aktif, \
     e.penilai_override_id, e.version, p.id AS position_id, p.nama AS jabatan, \
     p.jenis AS jenis_jabatan, p.jenjang, p.is_head, u.id AS unit_id, u.nama AS unit_nama, \
     u.path AS unit_path, u.opd_id \
     FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id ";

pub async fn employee_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<EmployeeRow> {
    const SQL: &str =
        const_format::concatcp!(EMPLOYEE_SELECT, "WHERE e.instansi_id = $1 AND e.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub async fn employee_by_nip(
    db: &Db,
    instansi_id: i64,
    nip: &str,
) -> AppResult<Option<EmployeeRow>> {
    const SQL: &str =
        const_format::concatcp!(EMPLOYEE_SELECT, "WHERE e.instansi_id = $1 AND e.nip = $2");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(nip)
        .fetch_optional(c)
        .await)?)
}

/// Several employees by id in one query (penilai chains, lists of names).
pub async fn employees_by_ids(
    db: &Db,
    instansi_id: i64,
    ids: &[i64],
) -> AppResult<Vec<EmployeeRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new(EMPLOYEE_SELECT);
            qb.push("WHERE e.instansi_id = ")
                .push_bind(instansi_id)
                .push(" AND e.id IN (");
            let mut sep = qb.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            qb.push(")");
            qb
        }};
    }
    Ok(match db {
        Db::Sqlite(p) => {
            build!(sqlx::Sqlite)
                .build_query_as()
                .fetch_all(&p.read)
                .await?
        }
        Db::Postgres(p) => build!(sqlx::Postgres).build_query_as().fetch_all(p).await?,
    })
}

/// A search over the subtree `scope` (inclusive), by name fragment or NIP prefix.
pub struct EmployeeQuery<'a> {
    pub instansi_id: i64,
    pub scope: &'a UnitPath,
    pub text: &'a str,
    pub include_inactive: bool,
    pub page: u32,
    pub per_page: u32,
}

pub async fn employee_search(db: &Db, q: &EmployeeQuery<'_>) -> AppResult<Page<EmployeeRow>> {
    // The NIP branch is a range on the (instansi_id, nip) index; the name branch matches the
    // stored lower-case name. `$4 = ''` disables both when there is no search text.
    const FILTER: &str = "WHERE e.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         AND ($4 = '' OR e.nama_cari LIKE $5 ESCAPE '\\' OR (e.nip >= $6 AND e.nip < $7)) \
         AND ($8 OR e.aktif) ";
    const LIST: &str = const_format::concatcp!(
        EMPLOYEE_SELECT,
        FILTER,
        "ORDER BY e.nama_cari, e.id LIMIT $9 OFFSET $10"
    );
    const COUNT: &str = const_format::concatcp!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM employees e JOIN positions p ON p.id = e.position_id \
         JOIN units u ON u.id = p.unit_id ",
        FILTER,
        "LIMIT $9) t"
    );
    let text = q.text.trim();
    let digits: String = kinerja_domain::Nip::normalize(text);
    let nip_like = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    // A digit string searches NIP prefixes only; other text searches names only.
    let (nip_lo, nip_hi) = if nip_like {
        (digits.clone(), format!("{digits}\u{7f}"))
    } else {
        ("~".to_string(), "~".to_string())
    };
    let name_pat = if nip_like || text.is_empty() {
        // Matches nothing: every stored name is non-empty.
        String::new()
    } else {
        super::like_contains(text)
    };
    let per_page = q.per_page.clamp(1, 200);
    let page = q.page.max(1);
    let offset = (page as i64 - 1) * per_page as i64;
    let end = q.scope.subtree_end();
    macro_rules! binds {
        ($query:expr) => {
            $query
                .bind(q.instansi_id)
                .bind(q.scope.as_str())
                .bind(end.as_str())
                .bind(text)
                .bind(name_pat.as_str())
                .bind(nip_lo.as_str())
                .bind(nip_hi.as_str())
                .bind(q.include_inactive)
        };
    }
    let items: Vec<EmployeeRow> = on_db!(db, |c| binds!(sqlx::query_as(LIST))
        .bind(per_page as i64)
        .bind(offset)
        .fetch_all(c)
        .await)?;
    let total: i64 = on_db!(db, |c| binds!(sqlx::query_scalar(COUNT))
        .bind(super::COUNT_CAP + 1)
        .fetch_one(c)
        .await)?;
    Ok(Page {
        items,
        page,
        per_page,
        total: total.min(super::COUNT_CAP) as u64,
        total_capped: total > super::COUNT_CAP,
    })
}

/// Employees whose position is directly in `unit_id`, heads first, one page.
pub async fn employees_in_unit(
    db: &Db,
    instansi_id: i64,
    unit_id: i64,
    limit: i64,
) -> AppResult<Vec<EmployeeRow>> {
    const SQL: &str = const_format::concatcp!(
        EMPLOYEE_SELECT,
        "WHERE e.instansi_id = $1 AND p.unit_id = $2 AND e.aktif \
         ORDER BY p.is_head DESC, p.nama, e.nama_cari LIMIT $3"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(unit_id)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Active employees in the subtree, counted without loading them.
pub async fn count_in_subtree(db: &Db, instansi_id: i64, scope: &UnitPath) -> AppResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM employees e JOIN positions p ON p.id = e.position_id \
         JOIN units u ON u.id = p.unit_id WHERE e.instansi_id = $1 AND u.path >= $2 AND u.path < $3 AND e.aktif";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_one(c)
        .await)?)
}

pub async fn count_units_in_subtree(db: &Db, instansi_id: i64, scope: &UnitPath) -> AppResult<i64> {
    const SQL: &str =
        "SELECT COUNT(*) FROM units u WHERE u.instansi_id = $1 AND u.path >= $2 AND u.path < $3";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_one(c)
        .await)?)
}

/// The stored fields of an employee, as written by imports and edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmployeeFields {
    pub nip: Option<String>,
    pub jenis_asn: String,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub golongan: Option<String>,
    pub position_id: i64,
    pub email: Option<String>,
    pub aktif: bool,
    pub penilai_override_id: Option<i64>,
}

impl EmployeeFields {
    pub fn from_row(r: &EmployeeRow) -> EmployeeFields {
        EmployeeFields {
            nip: r.nip.clone(),
            jenis_asn: r.jenis_asn.clone(),
            gelar_depan: r.gelar_depan.clone(),
            nama: r.nama.clone(),
            gelar_belakang: r.gelar_belakang.clone(),
            jenis_kelamin: r.jenis_kelamin.clone(),
            tanggal_lahir: r.tanggal_lahir,
            golongan: r.golongan.clone(),
            position_id: r.position_id,
            email: r.email.clone(),
            aktif: r.aktif,
            penilai_override_id: r.penilai_override_id,
        }
    }

    fn nama_cari(&self) -> String {
        search_key(&kinerja_domain::nama::nama_lengkap(
            &self.gelar_depan,
            &self.nama,
            &self.gelar_belakang,
        ))
    }
}

pub async fn employee_insert(tx: &mut Tx, instansi_id: i64, f: &EmployeeFields) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO employees (instansi_id, nip, jenis_asn, gelar_depan, nama, gelar_belakang, \
         nama_cari, jenis_kelamin, tanggal_lahir, golongan, position_id, email, aktif, penilai_override_id, \
         version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15) RETURNING id";
    let now = super::now_micros();
    let cari = f.nama_cari();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(&f.nip)
        .bind(&f.jenis_asn)
        .bind(&f.gelar_depan)
        .bind(&f.nama)
        .bind(&f.gelar_belakang)
        .bind(&cari)
        .bind(&f.jenis_kelamin)
        .bind(f.tanggal_lahir)
        .bind(&f.golongan)
        .bind(f.position_id)
        .bind(&f.email)
        .bind(f.aktif)
        .bind(f.penilai_override_id)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

/// Updates an employee if nobody changed it since `version` was read.
pub async fn employee_update(
    tx: &mut Tx,
    id: i64,
    version: Option<i64>,
    f: &EmployeeFields,
) -> AppResult<()> {
    const SQL: &str = "UPDATE employees SET nip = $3, jenis_asn = $4, gelar_depan = $5, nama = $6, \
         gelar_belakang = $7, nama_cari = $8, jenis_kelamin = $9, tanggal_lahir = $10, golongan = $11, \
         position_id = $12, email = $13, aktif = $14, penilai_override_id = $15, \
         version = version + 1, updated_at = $16 \
         WHERE id = $1 AND ($2 < 0 OR version = $2)";
    let now = super::now_micros();
    let cari = f.nama_cari();
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(version.unwrap_or(-1))
        .bind(&f.nip)
        .bind(&f.jenis_asn)
        .bind(&f.gelar_depan)
        .bind(&f.nama)
        .bind(&f.gelar_belakang)
        .bind(&cari)
        .bind(&f.jenis_kelamin)
        .bind(f.tanggal_lahir)
        .bind(&f.golongan)
        .bind(f.position_id)
        .bind(&f.email)
        .bind(f.aktif)
        .bind(f.penilai_override_id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    Ok(())
}

/// All employees of an instansi with their stored fields (the import compares against them).
pub async fn employees_all(db: &Db, instansi_id: i64) -> AppResult<Vec<EmployeeRow>> {
    const SQL: &str = const_format::concatcp!(EMPLOYEE_SELECT, "WHERE e.instansi_id = $1");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Acting assignments (PLT/PLH)

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
    let now = super::now_micros();
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

const ACTING_SELECT: &str = "SELECT a.id, a.employee_id, e.nama AS employee_nama, e.nip AS employee_nip, \
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

// ---------------------------------------------------------------------------------------
// Org snapshots for penilai derivation

#[derive(Debug, Clone, sqlx::FromRow)]
struct ChainRow {
    unit_id: i64,
    parent_id: Option<i64>,
    head_position_id: Option<i64>,
    holder_id: Option<i64>,
    acting_id: Option<i64>,
    acting_jenis: Option<String>,
}

const CHAIN_SQL: &str = "WITH RECURSIVE anc(id, parent_id) AS ( \
       SELECT id, parent_id FROM units WHERE id = $1 \
       UNION ALL SELECT u.id, u.parent_id FROM units u JOIN anc a ON u.id = a.parent_id) \
     SELECT a.id AS unit_id, a.parent_id, p.id AS head_position_id, \
       (SELECT e.id FROM employees e WHERE e.position_id = p.id AND e.aktif ORDER BY e.id LIMIT 1) AS holder_id, \
       (SELECT x.employee_id FROM acting_assignments x WHERE x.position_id = p.id AND x.mulai <= $2 \
          AND (x.selesai IS NULL OR x.selesai >= $2) ORDER BY x.mulai DESC, x.id DESC LIMIT 1) AS acting_id, \
       (SELECT x.jenis FROM acting_assignments x WHERE x.position_id = p.id AND x.mulai <= $2 \
          AND (x.selesai IS NULL OR x.selesai >= $2) ORDER BY x.mulai DESC, x.id DESC LIMIT 1) AS acting_jenis \
     FROM anc a LEFT JOIN positions p ON p.unit_id = a.id AND p.is_head";

fn head_slot(
    head_position: Option<i64>,
    holder: Option<i64>,
    acting: Option<(i64, &str)>,
) -> HeadSlot {
    match (head_position, holder, acting) {
        (None, _, _) => HeadSlot::NoHeadPosition,
        (Some(_), Some(e), _) => HeadSlot::Held {
            employee_id: e,
            acting: None,
        },
        (Some(_), None, Some((e, jenis))) => HeadSlot::Held {
            employee_id: e,
            acting: ActingKind::parse(jenis),
        },
        (Some(_), None, None) => HeadSlot::Vacant,
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct PlacementRow {
    id: i64,
    unit_id: i64,
    is_head: bool,
    penilai_override_id: Option<i64>,
}

/// The part of the organisation that decides the penilai chain of `employee_id` on `day`:
/// the ancestry of the employee's unit, and of any override penilai (followed up to three
/// times, since an override's own penilai may be overridden too).
pub async fn snapshot_for(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    day: NaiveDate,
) -> AppResult<OrgSnapshot> {
    const PLACEMENT: &str = "SELECT e.id, p.unit_id, p.is_head, e.penilai_override_id FROM employees e \
         JOIN positions p ON p.id = e.position_id WHERE e.instansi_id = $1 AND e.id = $2";
    let mut snap = OrgSnapshot::default();
    let mut next = Some(employee_id);
    for _ in 0..4 {
        let Some(emp) = next.take() else { break };
        if snap.positions.contains_key(&emp) {
            break;
        }
        let Some(pl): Option<PlacementRow> = on_db!(db, |c| sqlx::query_as(PLACEMENT)
            .bind(instansi_id)
            .bind(emp)
            .fetch_optional(c)
            .await)?
        else {
            break;
        };
        snap.positions.insert(pl.id, (pl.unit_id, pl.is_head));
        if let Some(o) = pl.penilai_override_id {
            snap.overrides.insert(pl.id, o);
            next = Some(o);
        }
        if !snap.parents.contains_key(&pl.unit_id) && !snap.heads.contains_key(&pl.unit_id) {
            let rows: Vec<ChainRow> = on_db!(db, |c| sqlx::query_as(CHAIN_SQL)
                .bind(pl.unit_id)
                .bind(day)
                .fetch_all(c)
                .await)?;
            for r in rows {
                if let Some(p) = r.parent_id {
                    snap.parents.insert(r.unit_id, p);
                }
                let acting = r.acting_id.zip(r.acting_jenis.as_deref());
                snap.heads.insert(
                    r.unit_id,
                    head_slot(r.head_position_id, r.holder_id, acting),
                );
            }
        }
    }
    Ok(snap)
}

/// The whole organisation of an instansi in four queries, for bulk derivation (lists,
/// monitoring, cycle checks) without a query per employee.
pub async fn snapshot_all(db: &Db, instansi_id: i64, day: NaiveDate) -> AppResult<OrgSnapshot> {
    // Every path starts with "/": the range ["/", "0") holds them all.
    snapshot_subtree(db, instansi_id, &UnitPath::from_stored("/".into()), day).await
}

/// The organisation inside one subtree: enough to tell, for everyone in it, whether a head
/// of a unit in it rates them (a chain that leaves the subtree ends at `Top`).
pub async fn snapshot_subtree(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    day: NaiveDate,
) -> AppResult<OrgSnapshot> {
    const UNITS: &str =
        "SELECT id, parent_id FROM units WHERE instansi_id = $1 AND path >= $2 AND path < $3";
    const HEADS: &str = "SELECT p.unit_id, p.id, \
           (SELECT e.id FROM employees e WHERE e.position_id = p.id AND e.aktif ORDER BY e.id LIMIT 1) AS holder_id \
         FROM positions p JOIN units u ON u.id = p.unit_id \
         WHERE p.instansi_id = $1 AND p.is_head AND u.path >= $2 AND u.path < $3";
    const ACTING: &str = "SELECT a.position_id, a.employee_id, a.jenis FROM acting_assignments a \
         JOIN positions p ON p.id = a.position_id JOIN units u ON u.id = p.unit_id \
         WHERE a.instansi_id = $1 AND u.path >= $2 AND u.path < $3 AND a.mulai <= $4 \
           AND (a.selesai IS NULL OR a.selesai >= $4) ORDER BY a.mulai, a.id";
    const PLACEMENTS: &str = "SELECT e.id, p.unit_id, p.is_head, e.penilai_override_id FROM employees e \
         JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
         WHERE e.instansi_id = $1 AND e.aktif AND u.path >= $2 AND u.path < $3";
    let end = scope.subtree_end();
    let (lo, hi) = (scope.as_str(), end.as_str());
    let units: Vec<(i64, Option<i64>)> = on_db!(db, |c| sqlx::query_as(UNITS)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(c)
        .await)?;
    let heads: Vec<(i64, i64, Option<i64>)> = on_db!(db, |c| sqlx::query_as(HEADS)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(c)
        .await)?;
    let acting: Vec<(i64, i64, String)> = on_db!(db, |c| sqlx::query_as(ACTING)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .bind(day)
        .fetch_all(c)
        .await)?;
    let placements: Vec<PlacementRow> = on_db!(db, |c| sqlx::query_as(PLACEMENTS)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(c)
        .await)?;

    let mut snap = OrgSnapshot::default();
    for (id, parent) in units {
        if let Some(p) = parent {
            snap.parents.insert(id, p);
        }
    }
    // Later rows win: the most recent assignment of a position counts.
    let acting_by_pos: std::collections::HashMap<i64, (i64, String)> =
        acting.into_iter().map(|(p, e, j)| (p, (e, j))).collect();
    for (unit_id, pos_id, holder) in heads {
        let a = acting_by_pos.get(&pos_id).map(|(e, j)| (*e, j.as_str()));
        snap.heads
            .insert(unit_id, head_slot(Some(pos_id), holder, a));
    }
    for pl in placements {
        snap.positions.insert(pl.id, (pl.unit_id, pl.is_head));
        if let Some(o) = pl.penilai_override_id {
            snap.overrides.insert(pl.id, o);
        }
    }
    Ok(snap)
}

/// Units the employee leads on `day`: as holder of a head position or as PLT/PLH.
pub async fn led_units(db: &Db, employee_id: i64, day: NaiveDate) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str = "SELECT u.id, u.path FROM employees e JOIN positions p ON p.id = e.position_id \
           JOIN units u ON u.id = p.unit_id WHERE e.id = $1 AND p.is_head AND e.aktif \
         UNION \
         SELECT u.id, u.path FROM acting_assignments a JOIN positions p ON p.id = a.position_id \
           JOIN units u ON u.id = p.unit_id JOIN employees e ON e.id = a.employee_id \
           WHERE a.employee_id = $1 AND a.mulai <= $2 AND (a.selesai IS NULL OR a.selesai >= $2) AND e.aktif";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(day)
        .fetch_all(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct VacantHeadRow {
    pub unit_id: i64,
    pub unit_nama: String,
    pub position_id: i64,
    pub jabatan: String,
    pub path: String,
}

/// Head positions with nobody holding or acting in them on `day`: each one blocks the
/// penilai chain of a unit, so admins see them as work to do.
pub async fn vacant_heads(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    day: NaiveDate,
    limit: i64,
) -> AppResult<Vec<VacantHeadRow>> {
    const SQL: &str = "SELECT u.id AS unit_id, u.nama AS unit_nama, p.id AS position_id, p.nama AS jabatan, u.path \
         FROM positions p JOIN units u ON u.id = p.unit_id \
         WHERE p.instansi_id = $1 AND p.is_head AND u.path >= $2 AND u.path < $3 AND u.aktif \
           AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.position_id = p.id AND e.aktif) \
           AND NOT EXISTS (SELECT 1 FROM acting_assignments a WHERE a.position_id = p.id \
                 AND a.mulai <= $4 AND (a.selesai IS NULL OR a.selesai >= $4)) \
         ORDER BY u.path LIMIT $5";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(day)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

pub async fn employee_set_override(tx: &mut Tx, id: i64, penilai: Option<i64>) -> AppResult<()> {
    const SQL: &str =
        "UPDATE employees SET penilai_override_id = $2, version = version + 1 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(penilai)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn unit_by_kode(db: &Db, instansi_id: i64, kode: &str) -> AppResult<Option<UnitRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        UNIT_COLS,
        " FROM units u WHERE u.instansi_id = $1 AND u.kode = $2"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(kode)
        .fetch_optional(c)
        .await)?)
}

pub async fn positions_of_unit(db: &Db, unit_id: i64) -> AppResult<Vec<PositionRow>> {
    const SQL: &str =
        "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions WHERE unit_id = $1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(unit_id)
        .fetch_all(c)
        .await)?)
}
