//! Employees.

use super::*;

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

/// The columns of an [`EmployeeRow`] over `employees e`, `positions p` and `units u`.
pub(crate) const EMPLOYEE_COLUMNS: &str = "e.id, e.instansi_id, e.nip, e.jenis_asn, e.gelar_depan, e.nama, \
     e.gelar_belakang, e.jenis_kelamin, e.tanggal_lahir, e.golongan, e.email, e.aktif, \
     e.penilai_override_id, e.version, p.id AS position_id, p.nama AS jabatan, \
     p.jenis AS jenis_jabatan, p.jenjang, p.is_head, u.id AS unit_id, u.nama AS unit_nama, \
     u.path AS unit_path, u.opd_id ";

pub(super) const EMPLOYEE_SELECT: &str = const_format::concatcp!(
    "SELECT ",
    EMPLOYEE_COLUMNS,
    "FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id "
);

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
                .push(" AND e.id IN ");
            crate::store::push_ids(&mut qb, ids);
            qb.push("");
            qb
        }};
    }
    crate::store::count_query();
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
        crate::store::like_contains(text)
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
        .bind(crate::store::COUNT_CAP + 1)
        .fetch_one(c)
        .await)?;
    Ok(Page {
        items,
        page,
        per_page,
        total: total.min(crate::store::COUNT_CAP) as u64,
        total_capped: total > crate::store::COUNT_CAP,
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
    let now = crate::store::now_micros();
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
    instansi_id: i64,
    id: i64,
    version: Option<i64>,
    f: &EmployeeFields,
) -> AppResult<()> {
    const SQL: &str = "UPDATE employees SET nip = $3, jenis_asn = $4, gelar_depan = $5, nama = $6, \
         gelar_belakang = $7, nama_cari = $8, jenis_kelamin = $9, tanggal_lahir = $10, golongan = $11, \
         position_id = $12, email = $13, aktif = $14, penilai_override_id = $15, \
         version = version + 1, updated_at = $16 \
         WHERE id = $1 AND instansi_id = $17 AND ($2 < 0 OR version = $2)";
    let now = crate::store::now_micros();
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
        .bind(instansi_id)
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
