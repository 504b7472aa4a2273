//! Demo data in bulk: rencana aksi, entries and leave days in multi-row statements.

use crate::error::AppResult;
use crate::store::{Db, Tx, now_micros, on_db};
use chrono::NaiveDate;

/// An indicator of an approved plan of a year, with what a rencana aksi needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DemoIndicator {
    pub skp_id: i64,
    pub indikator_id: i64,
    pub iki: String,
    pub satuan: String,
    pub target: Option<f64>,
}

pub async fn demo_indicators(
    db: &Db,
    instansi_id: i64,
    year_id: i64,
) -> AppResult<Vec<DemoIndicator>> {
    const SQL: &str = "SELECT k.id AS skp_id, i.id AS indikator_id, i.iki, i.satuan, i.target_min AS target \
         FROM skps k JOIN skp_rhk r ON r.skp_id = k.id AND r.aktif \
         JOIN skp_indikator i ON i.rhk_id = r.id AND i.aktif \
         WHERE k.year_id = $1 AND k.instansi_id = $2 AND k.approved_at IS NOT NULL AND NOT k.closed ORDER BY k.id, r.urutan, i.urutan, i.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(year_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub struct DemoRencanaAksi {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub indikator_id: i64,
    pub period_id: i64,
    pub teks: String,
    pub target: Option<f64>,
    pub satuan: String,
}

pub async fn rencana_aksi_insert_many(tx: &mut Tx, rows: &[DemoRencanaAksi]) -> AppResult<()> {
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO rencana_aksi (instansi_id, skp_id, indikator_id, period_id, urutan, teks, target, \
         satuan, created_at, updated_at) ",
        rows,
        3000,
        |b, r| {
            b.push_bind(r.instansi_id)
                .push_bind(r.skp_id)
                .push_bind(r.indikator_id)
                .push_bind(r.period_id)
                .push_bind(1i64)
                .push_bind(r.teks.clone())
                .push_bind(r.target)
                .push_bind(r.satuan.clone())
                .push_bind(now)
                .push_bind(now);
        }
    );
    Ok(())
}

/// (rencana aksi, employee, satuan) of a period.
pub async fn demo_rencana_aksi_of(
    db: &Db,
    instansi_id: i64,
    period_id: i64,
) -> AppResult<Vec<(i64, i64, String)>> {
    const SQL: &str = "SELECT r.id, k.employee_id, r.satuan FROM rencana_aksi r JOIN skps k ON k.id = r.skp_id \
         WHERE r.period_id = $1 AND r.instansi_id = $2 AND r.aktif ORDER BY r.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(period_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub struct DemoEntry {
    pub instansi_id: i64,
    pub employee_id: i64,
    pub period_id: i64,
    pub rencana_aksi_id: i64,
    pub tanggal: NaiveDate,
    pub jam_mulai: i64,
    pub jam_selesai: i64,
    pub kegiatan: String,
    pub realisasi: i64,
    pub satuan: String,
    pub terlambat: bool,
    pub pengakuan: &'static str,
    pub diakui_at: Option<i64>,
    pub created_at: i64,
}

pub async fn entries_insert_many(tx: &mut Tx, rows: &[DemoEntry]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO progres_entries (instansi_id, employee_id, period_id, rencana_aksi_id, tanggal, \
         jam_mulai, jam_selesai, menit, kegiatan, realisasi, satuan, terlambat, sumber, pengakuan, \
         diakui_at, created_at, updated_at) ",
        rows,
        1800,
        |b, r| {
            b.push_bind(r.instansi_id)
                .push_bind(r.employee_id)
                .push_bind(r.period_id)
                .push_bind(r.rencana_aksi_id)
                .push_bind(r.tanggal)
                .push_bind(r.jam_mulai)
                .push_bind(r.jam_selesai)
                .push_bind(r.jam_selesai - r.jam_mulai)
                .push_bind(r.kegiatan.clone())
                .push_bind(r.realisasi as f64)
                .push_bind(r.satuan.clone())
                .push_bind(r.terlambat)
                .push_bind("web")
                .push_bind(r.pengakuan)
                .push_bind(r.diakui_at)
                .push_bind(r.created_at)
                .push_bind(r.created_at);
        }
    );
    Ok(())
}

/// (instansi, employee, day, jenis)
pub async fn away_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, NaiveDate, &'static str)],
) -> AppResult<()> {
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO progres_ketidakhadiran (instansi_id, employee_id, tanggal, jenis, created_at) ",
        rows,
        5000,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(now);
        }
    );
    Ok(())
}
