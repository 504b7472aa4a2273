//! The log as exported in the column layout of BKN's e-Kinerja progres harian, read a
//! page at a time by key (never by offset, so the whole regency streams in constant time
//! per page).

use crate::error::AppResult;
use crate::store::{Db, on_db};
use chrono::NaiveDate;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub employee_id: i64,
    pub nip: Option<String>,
    pub nama: String,
    pub tanggal: NaiveDate,
    pub jam_mulai: i64,
    pub jam_selesai: i64,
    pub rencana_aksi: String,
    pub kegiatan: String,
    pub realisasi: f64,
    pub satuan: String,
    pub tautan: String,
    pub ada_berkas: bool,
    pub pengakuan: String,
}

/// The employees whose log a unit's export covers: everyone in `[path, end)`, by id.
pub async fn export_employees(
    db: &Db,
    instansi_id: i64,
    path: &str,
    end: &str,
) -> AppResult<Vec<i64>> {
    const SQL: &str = "SELECT e.id FROM employees e JOIN positions q ON q.id = e.position_id \
         JOIN units u ON u.id = q.unit_id WHERE e.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         ORDER BY e.id";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(path)
        .bind(end)
        .fetch_all(c)
        .await)?)
}

/// The entries of some employees from `from` to `to`, person by person, day by day: each
/// read walks the (employee, tanggal) index.
pub async fn export_of(
    db: &Db,
    instansi_id: i64,
    ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<ExportRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    const HEAD: &str = "SELECT p.id, p.employee_id, e.nip, e.nama, p.tanggal, p.jam_mulai, p.jam_selesai, \
         r.teks AS rencana_aksi, p.kegiatan, p.realisasi, p.satuan, p.tautan, \
         (p.file_sha256 IS NOT NULL) AS ada_berkas, p.pengakuan \
         FROM progres_entries p JOIN rencana_aksi r ON r.id = p.rencana_aksi_id \
         JOIN employees e ON e.id = p.employee_id WHERE p.instansi_id = ";
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new(HEAD);
            qb.push_bind(instansi_id)
                .push(" AND p.tanggal >= ")
                .push_bind(from)
                .push(" AND p.tanggal <= ")
                .push_bind(to)
                .push(" AND p.employee_id IN ");
            crate::store::push_ids(&mut qb, ids);
            qb.push(" ORDER BY p.employee_id, p.tanggal, p.jam_mulai, p.id");
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
