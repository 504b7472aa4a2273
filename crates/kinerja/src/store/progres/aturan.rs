//! The instansi's rules for the log, its holidays, leave and travel days, favourites, and
//! the evaluation status that locks a period's log.

use crate::error::AppResult;
use crate::store::{Db, Tx, now_micros, on_db, on_tx};
use chrono::NaiveDate;
use kinerja_domain::penilaian::EvaluasiStatus;
use kinerja_domain::progres::Ketidakhadiran;
use serde::Serialize;

#[derive(Debug, Clone, Copy, sqlx::FromRow, Serialize, PartialEq, Eq)]
pub struct AturanRow {
    pub toleransi_hari: i64,
    pub pengakuan_wajib: bool,
}

impl Default for AturanRow {
    /// Until the admin decides: three days' grace, acknowledgement optional.
    fn default() -> Self {
        AturanRow {
            toleransi_hari: 3,
            pengakuan_wajib: false,
        }
    }
}

pub async fn aturan_get(db: &Db, instansi_id: i64) -> AppResult<AturanRow> {
    const SQL: &str =
        "SELECT toleransi_hari, pengakuan_wajib FROM progres_aturan WHERE instansi_id = $1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?
    .unwrap_or_default())
}

pub async fn aturan_set(tx: &mut Tx, instansi_id: i64, a: &AturanRow, by: i64) -> AppResult<()> {
    const SQL: &str = "INSERT INTO progres_aturan (instansi_id, toleransi_hari, pengakuan_wajib, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (instansi_id) DO UPDATE SET \
         toleransi_hari = excluded.toleransi_hari, pengakuan_wajib = excluded.pengakuan_wajib, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(a.toleransi_hari)
        .bind(a.pengakuan_wajib)
        .bind(by)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct HariLiburRow {
    pub tanggal: NaiveDate,
    pub nama: String,
}

pub async fn holidays_between(
    db: &Db,
    instansi_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<HariLiburRow>> {
    const SQL: &str = "SELECT tanggal, nama FROM hari_libur WHERE instansi_id = $1 AND tanggal >= $2 \
         AND tanggal <= $3 ORDER BY tanggal";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?)
}

pub async fn holiday_set(
    tx: &mut Tx,
    instansi_id: i64,
    tanggal: NaiveDate,
    nama: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO hari_libur (instansi_id, tanggal, nama) VALUES ($1, $2, $3) \
         ON CONFLICT (instansi_id, tanggal) DO UPDATE SET nama = excluded.nama";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(tanggal)
        .bind(nama)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

pub async fn holiday_delete(tx: &mut Tx, instansi_id: i64, tanggal: NaiveDate) -> AppResult<()> {
    const SQL: &str = "DELETE FROM hari_libur WHERE instansi_id = $1 AND tanggal = $2";
    super::one(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(tanggal)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AwayRow {
    pub employee_id: i64,
    pub tanggal: NaiveDate,
    #[sqlx(try_from = "String")]
    pub jenis: Ketidakhadiran,
}

pub async fn away_between(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<AwayRow>> {
    const SQL: &str = "SELECT employee_id, tanggal, jenis FROM progres_ketidakhadiran WHERE instansi_id = $1 \
         AND employee_id = $2 AND tanggal >= $3 AND tanggal <= $4 ORDER BY tanggal";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?)
}

pub async fn away_set(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    tanggal: NaiveDate,
    jenis: Option<Ketidakhadiran>,
) -> AppResult<()> {
    const DEL: &str = "DELETE FROM progres_ketidakhadiran WHERE instansi_id = $1 AND employee_id = $2 AND tanggal = $3";
    const SET: &str = "INSERT INTO progres_ketidakhadiran (instansi_id, employee_id, tanggal, jenis, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (employee_id, tanggal) DO UPDATE SET jenis = excluded.jenis";
    match jenis {
        None => on_tx!(tx, |c| sqlx::query(DEL)
            .bind(instansi_id)
            .bind(employee_id)
            .bind(tanggal)
            .execute(c)
            .await
            .map(|_| ()))?,
        Some(j) => on_tx!(tx, |c| sqlx::query(SET)
            .bind(instansi_id)
            .bind(employee_id)
            .bind(tanggal)
            .bind(j.code())
            .bind(now_micros())
            .execute(c)
            .await
            .map(|_| ()))?,
    };
    // The unit's figures of the day count leave and travel days too.
    super::refresh_unit_days(tx, instansi_id, employee_id, &[tanggal]).await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct TemplateRow {
    pub id: i64,
    pub rencana_aksi_id: i64,
    pub rencana_aksi: String,
    pub kegiatan: String,
    pub jam_mulai: i64,
    pub jam_selesai: i64,
    pub realisasi: f64,
}

/// The employee's favourites whose rencana aksi is still planned.
pub async fn templates_of(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
) -> AppResult<Vec<TemplateRow>> {
    const SQL: &str = "SELECT t.id, t.rencana_aksi_id, r.teks AS rencana_aksi, t.kegiatan, t.jam_mulai, \
         t.jam_selesai, t.realisasi FROM progres_templates t JOIN rencana_aksi r ON r.id = t.rencana_aksi_id \
         WHERE t.instansi_id = $1 AND t.employee_id = $2 AND r.aktif ORDER BY t.kegiatan, t.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .fetch_all(c)
        .await)?)
}

pub struct NewTemplate<'a> {
    pub instansi_id: i64,
    pub employee_id: i64,
    pub rencana_aksi_id: i64,
    pub kegiatan: &'a str,
    pub jam_mulai: i64,
    pub jam_selesai: i64,
    pub realisasi: f64,
}

pub async fn template_insert(tx: &mut Tx, t: &NewTemplate<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO progres_templates (instansi_id, employee_id, rencana_aksi_id, kegiatan, \
         jam_mulai, jam_selesai, realisasi, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(t.instansi_id)
        .bind(t.employee_id)
        .bind(t.rencana_aksi_id)
        .bind(t.kegiatan)
        .bind(t.jam_mulai)
        .bind(t.jam_selesai)
        .bind(t.realisasi)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

pub async fn template_delete(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    id: i64,
) -> AppResult<()> {
    const SQL: &str =
        "DELETE FROM progres_templates WHERE instansi_id = $1 AND employee_id = $2 AND id = $3";
    super::one(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

/// The status of the evaluation of a plan in a period, if one was opened.
pub async fn evaluation_status(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
    period_id: i64,
) -> AppResult<Option<EvaluasiStatus>> {
    const SQL: &str =
        "SELECT status FROM evaluations WHERE skp_id = $1 AND period_id = $2 AND instansi_id = $3";
    let s: Option<String> = on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(skp_id)
        .bind(period_id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?;
    s.map(|s| {
        EvaluasiStatus::try_from(s).map_err(|e| crate::error::AppError::Internal(e.to_string()))
    })
    .transpose()
}

/// The leave and travel days of several employees (a team).
pub async fn away_of_team(
    db: &Db,
    instansi_id: i64,
    ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<AwayRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = sqlx::QueryBuilder::<$db>::new(
                "SELECT employee_id, tanggal, jenis FROM progres_ketidakhadiran WHERE instansi_id = ",
            );
            qb.push_bind(instansi_id)
                .push(" AND tanggal >= ")
                .push_bind(from)
                .push(" AND tanggal <= ")
                .push_bind(to)
                .push(" AND employee_id IN ");
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
