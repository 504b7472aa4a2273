//! The daily log: entries, their acknowledgement, and the reads of the team and export.

use crate::error::{AppError, AppResult};
use crate::store::{Db, Tx, now_micros, on_db, on_tx};
use chrono::NaiveDate;
use kinerja_domain::progres::Pengakuan;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EntryRow {
    pub id: i64,
    pub employee_id: i64,
    pub period_id: i64,
    pub rencana_aksi_id: i64,
    pub rencana_aksi: String,
    pub indikator_id: i64,
    pub tanggal: NaiveDate,
    pub jam_mulai: i64,
    pub jam_selesai: i64,
    pub menit: i64,
    pub kegiatan: String,
    pub realisasi: f64,
    pub satuan: String,
    pub tautan: String,
    pub file_nama: Option<String>,
    pub file_jenis: Option<String>,
    pub file_sha256: Option<String>,
    pub terlambat: bool,
    pub sumber: String,
    #[sqlx(try_from = "String")]
    pub pengakuan: Pengakuan,
    pub catatan_pengakuan: String,
    pub version: i64,
    pub created_at: i64,
}

const ENTRY_COLS: &str = "SELECT p.id, p.employee_id, p.period_id, p.rencana_aksi_id, r.teks AS rencana_aksi, \
     r.indikator_id, p.tanggal, p.jam_mulai, p.jam_selesai, p.menit, p.kegiatan, p.realisasi, p.satuan, p.tautan, \
     p.file_nama, p.file_jenis, p.file_sha256, p.terlambat, p.sumber, p.pengakuan, p.catatan_pengakuan, \
     p.version, p.created_at FROM progres_entries p JOIN rencana_aksi r ON r.id = p.rencana_aksi_id ";

/// One employee's entries from `from` to `to`, by day and time.
pub async fn entries_between(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<EntryRow>> {
    const SQL: &str = const_format::concatcp!(
        ENTRY_COLS,
        "WHERE p.instansi_id = $1 AND p.employee_id = $2 AND p.tanggal >= $3 AND p.tanggal <= $4 \
         ORDER BY p.tanggal, p.jam_mulai, p.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?)
}

/// The entries of several employees (a team) from `from` to `to`.
pub async fn entries_of_team(
    db: &Db,
    instansi_id: i64,
    ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<EntryRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new(ENTRY_COLS);
            qb.push("WHERE p.instansi_id = ")
                .push_bind(instansi_id)
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

/// Entries waiting for acknowledgement per employee of a team.
pub async fn pending_of_team(db: &Db, instansi_id: i64, ids: &[i64]) -> AppResult<i64> {
    if ids.is_empty() {
        return Ok(0);
    }
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new(
                "SELECT COUNT(*) FROM progres_entries WHERE pengakuan = 'menunggu' AND instansi_id = ",
            );
            qb.push_bind(instansi_id).push(" AND employee_id IN ");
            crate::store::push_ids(&mut qb, ids);
            qb.push("");
            qb
        }};
    }
    crate::store::count_query();
    Ok(match db {
        Db::Sqlite(p) => {
            build!(sqlx::Sqlite)
                .build_query_scalar()
                .fetch_one(&p.read)
                .await?
        }
        Db::Postgres(p) => {
            build!(sqlx::Postgres)
                .build_query_scalar()
                .fetch_one(p)
                .await?
        }
    })
}

pub async fn entry_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<EntryRow> {
    const SQL: &str = const_format::concatcp!(ENTRY_COLS, "WHERE p.instansi_id = $1 AND p.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

/// The rencana aksi of the employee's latest entry: the form's default.
pub async fn last_rencana_aksi(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
) -> AppResult<Option<i64>> {
    const SQL: &str = "SELECT rencana_aksi_id FROM progres_entries WHERE instansi_id = $1 AND employee_id = $2 \
         ORDER BY tanggal DESC, id DESC LIMIT 1";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .fetch_optional(c)
        .await)?)
}

/// The latest day before `before` on which the employee logged something.
pub async fn last_day_before(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    before: NaiveDate,
) -> AppResult<Option<NaiveDate>> {
    const SQL: &str = "SELECT MAX(tanggal) FROM progres_entries WHERE instansi_id = $1 AND employee_id = $2 \
         AND tanggal < $3";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(before)
        .fetch_one(c)
        .await)?)
}

/// The evidence file kept with an entry.
#[derive(Debug, Clone)]
pub struct EntryFile {
    pub nama: String,
    pub jenis: String,
    pub size: i64,
    pub sha256: String,
}

pub struct NewEntry<'a> {
    pub instansi_id: i64,
    pub employee_id: i64,
    pub period_id: i64,
    pub rencana_aksi_id: i64,
    pub tanggal: NaiveDate,
    pub jam_mulai: i64,
    pub jam_selesai: i64,
    pub kegiatan: &'a str,
    pub realisasi: f64,
    pub satuan: &'a str,
    pub tautan: &'a str,
    pub file: Option<&'a EntryFile>,
    pub terlambat: bool,
    pub sumber: &'a str,
}

pub async fn entry_insert(tx: &mut Tx, e: &NewEntry<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO progres_entries (instansi_id, employee_id, period_id, rencana_aksi_id, tanggal, \
         jam_mulai, jam_selesai, menit, kegiatan, realisasi, satuan, tautan, file_nama, file_jenis, file_size, \
         file_sha256, terlambat, sumber, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) \
         RETURNING id";
    let f = e.file;
    let id: i64 = on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(e.instansi_id)
        .bind(e.employee_id)
        .bind(e.period_id)
        .bind(e.rencana_aksi_id)
        .bind(e.tanggal)
        .bind(e.jam_mulai)
        .bind(e.jam_selesai)
        .bind(e.jam_selesai - e.jam_mulai)
        .bind(e.kegiatan)
        .bind(e.realisasi)
        .bind(e.satuan)
        .bind(e.tautan)
        .bind(f.map(|f| f.nama.as_str()))
        .bind(f.map(|f| f.jenis.as_str()))
        .bind(f.map(|f| f.size))
        .bind(f.map(|f| f.sha256.as_str()))
        .bind(e.terlambat)
        .bind(e.sumber)
        .bind(now_micros())
        .fetch_one(c)
        .await)?;
    super::entries_changed(tx, e.instansi_id, e.employee_id, &[e.tanggal]).await?;
    Ok(id)
}

/// Rewrites an entry read at `version` (a concurrent change makes this `Stale`). The file
/// is kept unless a new one is given; a rewritten entry waits for acknowledgement again.
pub async fn entry_update(tx: &mut Tx, id: i64, version: i64, e: &NewEntry<'_>) -> AppResult<()> {
    const SQL: &str = "UPDATE progres_entries SET period_id = $4, rencana_aksi_id = $5, tanggal = $6, \
         jam_mulai = $7, jam_selesai = $8, menit = $9, kegiatan = $10, realisasi = $11, satuan = $12, tautan = $13, \
         file_nama = COALESCE($14, file_nama), file_jenis = COALESCE($15, file_jenis), \
         file_size = COALESCE($16, file_size), file_sha256 = COALESCE($17, file_sha256), terlambat = $18, \
         pengakuan = 'menunggu', catatan_pengakuan = '', diakui_oleh = NULL, diakui_at = NULL, \
         version = version + 1, updated_at = $19 \
         WHERE instansi_id = $1 AND id = $2 AND version = $3";
    const DAY: &str = "SELECT tanggal FROM progres_entries WHERE instansi_id = $1 AND id = $2";
    let before: Option<NaiveDate> = on_tx!(tx, |c| sqlx::query_scalar(DAY)
        .bind(e.instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?;
    let f = e.file;
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(e.instansi_id)
        .bind(id)
        .bind(version)
        .bind(e.period_id)
        .bind(e.rencana_aksi_id)
        .bind(e.tanggal)
        .bind(e.jam_mulai)
        .bind(e.jam_selesai)
        .bind(e.jam_selesai - e.jam_mulai)
        .bind(e.kegiatan)
        .bind(e.realisasi)
        .bind(e.satuan)
        .bind(e.tautan)
        .bind(f.map(|f| f.nama.as_str()))
        .bind(f.map(|f| f.jenis.as_str()))
        .bind(f.map(|f| f.size))
        .bind(f.map(|f| f.sha256.as_str()))
        .bind(e.terlambat)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Stale);
    }
    let days: Vec<NaiveDate> = before.into_iter().chain([e.tanggal]).collect();
    super::entries_changed(tx, e.instansi_id, e.employee_id, &days).await
}

pub async fn entry_delete(tx: &mut Tx, instansi_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str = "DELETE FROM progres_entries WHERE instansi_id = $1 AND id = $2 \
         RETURNING employee_id, tanggal";
    let (employee_id, tanggal): (i64, NaiveDate) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)?;
    super::entries_changed(tx, instansi_id, employee_id, &[tanggal]).await
}

/// Sets the acknowledgement of the employee's entries with the given ids; returns how many
/// changed.
pub async fn acknowledge(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    ids: &[i64],
    pengakuan: Pengakuan,
    catatan: &str,
    by: i64,
) -> AppResult<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    let now = now_micros();
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE progres_entries SET pengakuan = ");
            qb.push_bind(pengakuan.code())
                .push(", catatan_pengakuan = ")
                .push_bind(catatan.to_string())
                .push(", diakui_oleh = ")
                .push_bind(by)
                .push(", diakui_at = ")
                .push_bind(now)
                .push(" WHERE instansi_id = ")
                .push_bind(instansi_id)
                .push(" AND employee_id = ")
                .push_bind(employee_id)
                .push(" AND id IN ");
            crate::store::push_ids(&mut qb, ids);
            qb.push(" RETURNING tanggal");
            qb
        }};
    }
    crate::store::count_query();
    let days: Vec<NaiveDate> = match &mut tx.inner {
        crate::store::TxInner::Sqlite(t) => {
            build!(sqlx::Sqlite)
                .build_query_scalar()
                .fetch_all(&mut **t)
                .await?
        }
        crate::store::TxInner::Postgres(t) => {
            build!(sqlx::Postgres)
                .build_query_scalar()
                .fetch_all(&mut **t)
                .await?
        }
    };
    super::refresh_unit_days(tx, instansi_id, employee_id, &days).await?;
    Ok(days.len() as u64)
}

/// The file of an entry, for download: (name, kind, hash).
pub async fn entry_file(
    db: &Db,
    instansi_id: i64,
    id: i64,
) -> AppResult<(i64, String, String, String)> {
    const SQL: &str = "SELECT employee_id, file_nama, file_jenis, file_sha256 FROM progres_entries \
         WHERE instansi_id = $1 AND id = $2 AND file_sha256 IS NOT NULL";
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}
