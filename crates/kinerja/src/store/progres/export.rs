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

/// Whose entries: one employee, or everyone whose unit lies in `[path, end)`.
#[derive(Debug, Clone)]
pub enum ExportScope {
    Employee(i64),
    Subtree { path: String, end: String },
}

/// Where the previous page stopped: (employee, tanggal, jam mulai, id).
pub type ExportKey = (i64, NaiveDate, i64, i64);

pub async fn export_page(
    db: &Db,
    instansi_id: i64,
    scope: &ExportScope,
    from: NaiveDate,
    to: NaiveDate,
    after: Option<ExportKey>,
    limit: i64,
) -> AppResult<Vec<ExportRow>> {
    const HEAD: &str = "SELECT p.id, p.employee_id, e.nip, e.nama, p.tanggal, p.jam_mulai, p.jam_selesai, \
         r.teks AS rencana_aksi, p.kegiatan, p.realisasi, p.satuan, p.tautan, \
         (p.file_sha256 IS NOT NULL) AS ada_berkas, p.pengakuan \
         FROM progres_entries p JOIN rencana_aksi r ON r.id = p.rencana_aksi_id \
         JOIN employees e ON e.id = p.employee_id ";
    const ONE: &str = const_format::concatcp!(
        HEAD,
        "WHERE p.instansi_id = $1 AND p.employee_id = $2 AND p.tanggal >= $3 AND p.tanggal <= $4 \
         AND (p.employee_id, p.tanggal, p.jam_mulai, p.id) > ($5, $6, $7, $8) \
         ORDER BY p.employee_id, p.tanggal, p.jam_mulai, p.id LIMIT $9"
    );
    const TREE: &str = const_format::concatcp!(
        HEAD,
        "JOIN positions q ON q.id = e.position_id JOIN units u ON u.id = q.unit_id \
         WHERE p.instansi_id = $1 AND u.path >= $2 AND u.path < $3 AND p.tanggal >= $4 AND p.tanggal <= $5 \
         AND (p.employee_id, p.tanggal, p.jam_mulai, p.id) > ($6, $7, $8, $9) \
         ORDER BY p.employee_id, p.tanggal, p.jam_mulai, p.id LIMIT $10"
    );
    // Before any row: a date every engine can hold.
    let start = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date");
    let (ae, at, aj, ai) = after.unwrap_or((i64::MIN, start, i64::MIN, i64::MIN));
    Ok(match scope {
        ExportScope::Employee(id) => on_db!(db, |c| sqlx::query_as(ONE)
            .bind(instansi_id)
            .bind(*id)
            .bind(from)
            .bind(to)
            .bind(ae)
            .bind(at)
            .bind(aj)
            .bind(ai)
            .bind(limit)
            .fetch_all(c)
            .await)?,
        ExportScope::Subtree { path, end } => on_db!(db, |c| sqlx::query_as(TREE)
            .bind(instansi_id)
            .bind(path.as_str())
            .bind(end.as_str())
            .bind(from)
            .bind(to)
            .bind(ae)
            .bind(at)
            .bind(aj)
            .bind(ai)
            .bind(limit)
            .fetch_all(c)
            .await)?,
    })
}
