//! SQL of the agency's reports: the per-employee recap of a period, and lists of employees
//! by their results in two periods (kenaikan pangkat, perlu pembinaan, angka kredit). Every
//! list pages on the server; exports read it page by page.

use super::{COUNT_CAP, Db, on_db};
use crate::error::AppResult;
use kinerja_domain::org::UnitPath;

/// Finalised results: what careers and allowances may rest on.
const FINAL: &str = "('ditetapkan', 'keberatan', 'diputuskan')";
const GOOD: &str = "('sangat_baik', 'baik')";
const LOW: &str = "('butuh_perbaikan', 'kurang', 'sangat_kurang')";

/// One evaluation of the recap, with the people as they were when it was opened.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RekapRow {
    pub id: i64,
    pub snapshot_json: String,
    #[sqlx(try_from = "String")]
    pub status: kinerja_domain::penilaian::EvaluasiStatus,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    pub predikat: Option<String>,
    pub opd: String,
}

const REKAP_FILTER: &str = "FROM evaluations v JOIN units u ON u.id = v.unit_id \
     LEFT JOIN units o ON o.id = u.opd_id \
     WHERE v.instansi_id = $1 AND v.period_id = $2 AND u.path >= $3 AND u.path < $4 ";

/// A page of a period's evaluations in a subtree, unit by unit.
pub async fn rekap_page(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<RekapRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT v.id, v.snapshot_json, v.status, v.rating_hasil, v.rating_perilaku, v.predikat, \
         COALESCE(o.nama, u.nama) AS opd ",
        REKAP_FILTER,
        "ORDER BY u.path, v.id LIMIT $5 OFFSET $6"
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

pub async fn rekap_count(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<i64> {
    const SQL: &str = const_format::concatcp!("SELECT COUNT(*) ", REKAP_FILTER);
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_one(c)
        .await)?)
}

/// An employee (as now) with the finalised result of a period and of the one before.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PairRow {
    pub employee_id: i64,
    pub nip: Option<String>,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub golongan: Option<String>,
    pub jabatan: String,
    pub jenjang: Option<String>,
    pub unit: String,
    pub opd: String,
    pub predikat: String,
    pub predikat_lalu: Option<String>,
    pub catatan: String,
}

/// How the two results of a [`PairRow`] compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairClass {
    /// Both at least Baik.
    BothGood,
    /// Both below Baik.
    BothLow,
}

impl PairClass {
    fn code(self) -> &'static str {
        match self {
            PairClass::BothGood => "good",
            PairClass::BothLow => "low",
        }
    }
}

/// What a pair list selects.
#[derive(Debug, Clone, Copy)]
pub struct PairFilter<'a> {
    pub period_id: i64,
    /// The period compared with; one that does not exist matches nothing.
    pub previous_id: i64,
    /// `Some((class, true))` keeps the rows of that class, `(class, false)` the others.
    pub class: Option<(PairClass, bool)>,
    /// A jenis ASN (e.g. `pns`), or every one.
    pub jenis_asn: Option<&'a str>,
    /// A jenis jabatan (e.g. `fungsional`), or every one.
    pub jenis_jabatan: Option<&'a str>,
}

const PAIR_FROM: &str = const_format::concatcp!(
    "FROM employees e JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
     LEFT JOIN units o ON o.id = u.opd_id \
     JOIN evaluations a ON a.employee_id = e.id AND a.period_id = $4 \
       AND a.predikat IS NOT NULL AND a.status IN ",
    FINAL,
    " LEFT JOIN evaluations b ON b.employee_id = e.id AND b.period_id = $5 \
       AND b.predikat IS NOT NULL AND b.status IN ",
    FINAL,
    " WHERE e.instansi_id = $1 AND u.path >= $2 AND u.path < $3 AND e.aktif \
     AND ($6 = '' OR ((CASE WHEN a.predikat IN ",
    GOOD,
    " AND b.predikat IN ",
    GOOD,
    " THEN 'good' WHEN a.predikat IN ",
    LOW,
    " AND b.predikat IN ",
    LOW,
    " THEN 'low' ELSE '' END) = $6) = $7) \
     AND ($8 = '' OR e.jenis_asn = $8) AND ($9 = '' OR p.jenis = $9) "
);

macro_rules! pair_binds {
    ($q:expr, $instansi:expr, $scope:expr, $end:expr, $f:expr) => {
        $q.bind($instansi)
            .bind($scope.as_str())
            .bind($end.as_str())
            .bind($f.period_id)
            .bind($f.previous_id)
            .bind($f.class.map(|c| c.0.code()).unwrap_or(""))
            .bind($f.class.map(|c| c.1).unwrap_or(true))
            .bind($f.jenis_asn.unwrap_or(""))
            .bind($f.jenis_jabatan.unwrap_or(""))
    };
}

pub async fn pair_page(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    f: &PairFilter<'_>,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<PairRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT e.id AS employee_id, e.nip, e.gelar_depan, e.nama, e.gelar_belakang, e.golongan, \
         p.nama AS jabatan, p.jenjang, u.nama AS unit, COALESCE(o.nama, u.nama) AS opd, \
         a.predikat, b.predikat AS predikat_lalu, a.catatan ",
        PAIR_FROM,
        "ORDER BY u.path, e.nama_cari, e.id LIMIT $10 OFFSET $11"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| pair_binds!(
        sqlx::query_as(SQL),
        instansi_id,
        scope,
        end,
        f
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await)?)
}

/// Rows of a pair list, exact up to [`COUNT_CAP`].
pub async fn pair_count(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    f: &PairFilter<'_>,
) -> AppResult<i64> {
    const SQL: &str =
        const_format::concatcp!("SELECT COUNT(*) FROM (SELECT 1 ", PAIR_FROM, "LIMIT $10) t");
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| pair_binds!(
        sqlx::query_scalar(SQL),
        instansi_id,
        scope,
        end,
        f
    )
    .bind(COUNT_CAP + 1)
    .fetch_one(c)
    .await)?)
}
