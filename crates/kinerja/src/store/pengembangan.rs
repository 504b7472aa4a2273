//! SQL of development needs: the catalogue, the aggregate of low ratings over a subtree,
//! the employees behind one finding, and the plan of who goes to which action.

use super::{COUNT_CAP, Db, Tx, now_micros, on_db, on_tx};
use crate::error::AppResult;
use kinerja_domain::org::UnitPath;
use kinerja_domain::pengembangan::Katalog;

/// Statuses with a submitted result.
const RESULT: &str = "('dinilai', 'ditetapkan', 'keberatan', 'diputuskan')";

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct KatalogRow {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub bentuk: String,
    pub sasaran: String,
    pub jenis_unit: String,
    pub jenis_jabatan: String,
    pub penyelenggara: String,
    pub jp: i64,
    pub aktif: bool,
}

const KATALOG_COLS: &str = "SELECT id, kode, nama, bentuk, sasaran, jenis_unit, jenis_jabatan, \
     penyelenggara, jp, aktif FROM katalog_pengembangan ";

pub async fn katalog_list(db: &Db, instansi_id: i64) -> AppResult<Vec<KatalogRow>> {
    const SQL: &str = const_format::concatcp!(
        KATALOG_COLS,
        "WHERE instansi_id = $1 ORDER BY sasaran, kode"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn katalog_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<Option<KatalogRow>> {
    const SQL: &str = const_format::concatcp!(KATALOG_COLS, "WHERE instansi_id = $1 AND id = $2");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

fn codes<T>(v: &[T], code: impl Fn(&T) -> &'static str) -> String {
    v.iter().map(code).collect::<Vec<_>>().join(",")
}

/// Inserts an entry; a taken kode is a unique violation for the caller to report.
pub async fn katalog_insert(tx: &mut Tx, instansi_id: i64, k: &Katalog) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO katalog_pengembangan (instansi_id, kode, nama, bentuk, sasaran, \
         jenis_unit, jenis_jabatan, penyelenggara, jp, aktif, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(&k.kode)
        .bind(&k.nama)
        .bind(&k.bentuk)
        .bind(k.sasaran.code())
        .bind(codes(&k.jenis_unit, |j| j.code()))
        .bind(codes(&k.jenis_jabatan, |j| j.code()))
        .bind(&k.penyelenggara)
        .bind(k.jp as i64)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

pub async fn katalog_update(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    k: &Katalog,
    aktif: bool,
) -> AppResult<u64> {
    const SQL: &str = "UPDATE katalog_pengembangan SET kode = $3, nama = $4, bentuk = $5, sasaran = $6, \
         jenis_unit = $7, jenis_jabatan = $8, penyelenggara = $9, jp = $10, aktif = $11, updated_at = $12 \
         WHERE instansi_id = $1 AND id = $2";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(&k.kode)
        .bind(&k.nama)
        .bind(&k.bentuk)
        .bind(k.sasaran.code())
        .bind(codes(&k.jenis_unit, |j| j.code()))
        .bind(codes(&k.jenis_jabatan, |j| j.code()))
        .bind(&k.penyelenggara)
        .bind(k.jp as i64)
        .bind(aktif)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}

/// Results in a subtree grouped by (unit, jenis jabatan assessed in, rating hasil, low values
/// mask), from the covering index alone.
pub async fn needs_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<(i64, String, Option<String>, i64, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT v.unit_id, v.jenis_jabatan, v.rating_hasil, v.perilaku_bawah, COUNT(*) \
         FROM evaluations v JOIN units u ON u.id = v.unit_id \
         WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         AND v.predikat IS NOT NULL AND v.status IN ",
        RESULT,
        " GROUP BY v.unit_id, v.jenis_jabatan, v.rating_hasil, v.perilaku_bawah"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// The employees behind a finding: rated low on `sasaran` in the period, in the units of
/// `units` (ids within the caller's scope), optionally of one jenis jabatan.
#[derive(Debug, Clone)]
pub struct FindingFilter<'a> {
    pub period_id: i64,
    pub scope: &'a UnitPath,
    /// Unit ids the finding covers, as a comma-wrapped list (`,1,5,9,`); empty: the scope.
    pub units: &'a str,
    pub jenis_jabatan: Option<&'a str>,
    /// `hasil`, or the bit of a BerAKHLAK value.
    pub hasil: bool,
    pub bit: i64,
    /// The BerAKHLAK value whose feedback is shown (0 for hasil).
    pub nilai: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct LowRow {
    pub evaluation_id: i64,
    pub employee_id: i64,
    pub nip: Option<String>,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jabatan: String,
    pub unit: String,
    pub catatan: String,
    pub umpan_balik: Option<String>,
    /// Development already planned for this employee in answer to this period.
    pub planned: i64,
}

const FINDING_FROM: &str = const_format::concatcp!(
    "FROM evaluations v JOIN units u ON u.id = v.unit_id \
     JOIN employees e ON e.id = v.employee_id JOIN positions p ON p.id = e.position_id \
     WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 \
     AND ($5 = '' OR $5 LIKE '%,' || CAST(v.unit_id AS TEXT) || ',%') \
     AND ($6 = '' OR v.jenis_jabatan = $6) \
     AND (($7 AND v.rating_hasil = 'di_bawah') OR (NOT $7 AND (v.perilaku_bawah & $8) <> 0)) \
     AND v.predikat IS NOT NULL AND v.status IN ",
    RESULT,
    " "
);

macro_rules! finding_binds {
    ($q:expr, $instansi:expr, $end:expr, $f:expr) => {
        $q.bind($instansi)
            .bind($f.period_id)
            .bind($f.scope.as_str())
            .bind($end.as_str())
            .bind($f.units)
            .bind($f.jenis_jabatan.unwrap_or(""))
            .bind($f.hasil)
            .bind($f.bit)
    };
}

pub async fn finding_page(
    db: &Db,
    instansi_id: i64,
    f: &FindingFilter<'_>,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<LowRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT v.id AS evaluation_id, e.id AS employee_id, e.nip, e.gelar_depan, e.nama, e.gelar_belakang, \
         p.nama AS jabatan, u.nama AS unit, v.catatan, \
         (SELECT i.umpan_balik FROM evaluation_items i WHERE i.evaluation_id = v.id \
           AND i.subjek = 'perilaku' AND i.subjek_id = $9) AS umpan_balik, \
         (SELECT COUNT(*) FROM rencana_pengembangan r WHERE r.employee_id = e.id AND r.period_id = $2) AS planned ",
        FINDING_FROM,
        "ORDER BY u.path, e.nama_cari, e.id LIMIT $10 OFFSET $11"
    );
    let end = f.scope.subtree_end();
    Ok(on_db!(db, |c| finding_binds!(
        sqlx::query_as(SQL),
        instansi_id,
        end,
        f
    )
    .bind(f.nilai)
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await)?)
}

pub async fn finding_count(db: &Db, instansi_id: i64, f: &FindingFilter<'_>) -> AppResult<i64> {
    const SQL: &str = const_format::concatcp!(
        "SELECT COUNT(*) FROM (SELECT 1 ",
        FINDING_FROM,
        "LIMIT $9) t"
    );
    let end = f.scope.subtree_end();
    Ok(on_db!(db, |c| finding_binds!(
        sqlx::query_scalar(SQL),
        instansi_id,
        end,
        f
    )
    .bind(COUNT_CAP + 1)
    .fetch_one(c)
    .await)?)
}

/// Puts every employee of a finding on the plan for one catalogue entry, in one statement;
/// those already on it for that entry stay as they are. Returns how many were added.
pub async fn rencana_add_finding(
    tx: &mut Tx,
    instansi_id: i64,
    f: &FindingFilter<'_>,
    katalog_id: i64,
    sasaran: &str,
    user_id: i64,
) -> AppResult<u64> {
    const SQL: &str = const_format::concatcp!(
        "INSERT INTO rencana_pengembangan (instansi_id, period_id, katalog_id, employee_id, sasaran, \
         created_by, created_at) SELECT $1, $2, $9, e.id, $10, $11, $12 ",
        FINDING_FROM,
        "ON CONFLICT (period_id, katalog_id, employee_id) DO NOTHING"
    );
    let end = f.scope.subtree_end();
    Ok(on_tx!(tx, |c| finding_binds!(
        sqlx::query(SQL),
        instansi_id,
        end,
        f
    )
    .bind(katalog_id)
    .bind(sasaran)
    .bind(user_id)
    .bind(now_micros())
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// One planned development, with the person as they are now.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RencanaRow {
    pub id: i64,
    pub employee_id: i64,
    pub nip: Option<String>,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jabatan: String,
    pub unit: String,
    pub opd: String,
    pub kode: String,
    pub katalog: String,
    pub bentuk: String,
    pub jp: i64,
    pub penyelenggara: String,
    pub sasaran: String,
}

const RENCANA_FROM: &str = "FROM rencana_pengembangan r \
     JOIN katalog_pengembangan k ON k.id = r.katalog_id \
     JOIN employees e ON e.id = r.employee_id JOIN positions p ON p.id = e.position_id \
     JOIN units u ON u.id = p.unit_id LEFT JOIN units o ON o.id = u.opd_id \
     WHERE r.instansi_id = $1 AND r.period_id = $2 AND u.path >= $3 AND u.path < $4 ";

pub async fn rencana_page(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<RencanaRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT r.id, e.id AS employee_id, e.nip, e.gelar_depan, e.nama, e.gelar_belakang, \
         p.nama AS jabatan, u.nama AS unit, COALESCE(o.nama, u.nama) AS opd, k.kode, k.nama AS katalog, \
         k.bentuk, k.jp, k.penyelenggara, r.sasaran ",
        RENCANA_FROM,
        "ORDER BY k.kode, u.path, e.nama_cari, r.id LIMIT $5 OFFSET $6"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?)
}

pub async fn rencana_count(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<i64> {
    const SQL: &str = const_format::concatcp!("SELECT COUNT(*) ", RENCANA_FROM);
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_one(c)
        .await)?)
}

/// Removes one planned development of an employee inside `scope`. Returns rows removed.
pub async fn rencana_delete(
    tx: &mut Tx,
    instansi_id: i64,
    scope: &UnitPath,
    id: i64,
) -> AppResult<u64> {
    const SQL: &str = "DELETE FROM rencana_pengembangan WHERE instansi_id = $1 AND id = $2 \
         AND employee_id IN (SELECT e.id FROM employees e JOIN positions p ON p.id = e.position_id \
           JOIN units u ON u.id = p.unit_id WHERE u.path >= $3 AND u.path < $4)";
    let end = scope.subtree_end();
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}
