//! Daily work through the API: rencana aksi, the daily log (another regency system, an
//! attendance or field app, posts the same entries a person types), acknowledgement and
//! the team view.

use super::{ApiError, ApiErrorBody, ApiJson, ApiPath, ApiQuery, ApiUser};
use crate::app::App;
use crate::services::progres::{
    self as svc, AckTarget, EntryInput, EntryRow, RencanaAksiInput, RencanaAksiRow, Sumber,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryDto {
    pub id: i64,
    pub employee_id: i64,
    pub period_id: i64,
    pub rencana_aksi_id: i64,
    pub rencana_aksi: String,
    pub tanggal: NaiveDate,
    /// HH:MM.
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub menit: i64,
    pub kegiatan: String,
    pub realisasi: f64,
    pub satuan: String,
    /// The evidence link, empty when none.
    pub tautan: String,
    /// The evidence file's name, when one was uploaded (through the pages).
    pub berkas: Option<String>,
    pub terlambat: bool,
    /// web, api, impor or salin.
    pub sumber: String,
    /// menunggu, disetujui or perlu_perbaikan.
    pub pengakuan: String,
    pub catatan_pengakuan: String,
    pub version: i64,
}

impl From<EntryRow> for EntryDto {
    fn from(e: EntryRow) -> Self {
        EntryDto {
            id: e.id,
            employee_id: e.employee_id,
            period_id: e.period_id,
            rencana_aksi_id: e.rencana_aksi_id,
            rencana_aksi: e.rencana_aksi,
            tanggal: e.tanggal,
            jam_mulai: svc::jam(e.jam_mulai),
            jam_selesai: svc::jam(e.jam_selesai),
            menit: e.menit,
            kegiatan: e.kegiatan,
            realisasi: e.realisasi,
            satuan: e.satuan,
            tautan: e.tautan,
            berkas: e.file_nama,
            terlambat: e.terlambat,
            sumber: e.sumber,
            pengakuan: e.pengakuan.code().to_string(),
            catatan_pengakuan: e.catatan_pengakuan,
            version: e.version,
        }
    }
}

/// One entry as sent: the caller's own log.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryBody {
    pub tanggal: NaiveDate,
    /// HH:MM (or HH.MM).
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub kegiatan: String,
    pub rencana_aksi_id: i64,
    #[schema(minimum = 0)]
    pub realisasi: f64,
    /// Default: the rencana aksi's satuan.
    #[serde(default)]
    pub satuan: Option<String>,
    /// An http(s) link to the evidence.
    #[serde(default)]
    pub tautan: Option<String>,
}

impl EntryBody {
    fn input(&self) -> EntryInput {
        EntryInput {
            tanggal: self.tanggal.to_string(),
            jam_mulai: self.jam_mulai.clone(),
            jam_selesai: self.jam_selesai.clone(),
            kegiatan: self.kegiatan.clone(),
            rencana_aksi_id: self.rencana_aksi_id.to_string(),
            realisasi: if self.realisasi.is_finite() {
                self.realisasi.to_string()
            } else {
                String::new()
            },
            satuan: self.satuan.clone().unwrap_or_default(),
            tautan: self.tautan.clone().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesQuery {
    /// Whose log (default: the caller's).
    pub employee_id: Option<i64>,
    /// First day (default: today).
    pub dari: Option<NaiveDate>,
    /// Last day (default: `dari`); at most 100 days after it.
    pub sampai: Option<NaiveDate>,
}

/// Someone's entries over a range of days.
#[utoipa::path(get, path = "/progres", tag = "progres", security(("bearer" = [])), params(EntriesQuery),
    responses((status = 200, body = [EntryDto]), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn list_entries(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<EntriesQuery>,
) -> ApiResult<Json<Vec<EntryDto>>> {
    let from = q.dari.unwrap_or(app.today());
    let to = q.sampai.unwrap_or(from);
    let (_, rows) = svc::entries(&app, &u, q.employee_id, from, to).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Adds an entry to the caller's own log.
#[utoipa::path(post, path = "/progres", tag = "progres", security(("bearer" = [])), request_body = EntryBody,
    responses((status = 201, body = EntryDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_entry(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiJson(b): ApiJson<EntryBody>,
) -> ApiResult<(StatusCode, Json<EntryDto>)> {
    let id = svc::create(&app, &u, &b.input(), None, Sumber::Api).await?;
    let (_, e) = svc::entry(&app, &u, id).await?;
    Ok((StatusCode::CREATED, Json(e.into())))
}

/// One entry.
#[utoipa::path(get, path = "/progres/{id}", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = EntryDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get_entry(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EntryDto>> {
    Ok(Json(svc::entry(&app, &u, id).await?.1.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryUpdate {
    /// The version read; a newer one on the server gives 409.
    pub version: i64,
    #[serde(flatten)]
    pub entry: EntryBody,
}

/// Rewrites an entry of the caller's own log; it waits for acknowledgement again.
#[utoipa::path(put, path = "/progres/{id}", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)), request_body = EntryUpdate,
    responses((status = 200, body = EntryDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_entry(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<EntryUpdate>,
) -> ApiResult<Json<EntryDto>> {
    svc::update(&app, &u, id, b.version, &b.entry.input(), None).await?;
    Ok(Json(svc::entry(&app, &u, id).await?.1.into()))
}

/// Removes an entry of the caller's own log.
#[utoipa::path(delete, path = "/progres/{id}", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn delete_entry(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    svc::delete(&app, &u, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The penilai's answer to an entry.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AckKind {
    Disetujui,
    /// Needs a note.
    PerluPerbaikan,
}

impl AckKind {
    fn code(self) -> &'static str {
        match self {
            AckKind::Disetujui => "disetujui",
            AckKind::PerluPerbaikan => "perlu_perbaikan",
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AckBody {
    pub pengakuan: AckKind,
    #[serde(default)]
    pub catatan: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AckDto {
    pub employee_id: i64,
    /// How many entries changed.
    pub jumlah: u64,
}

/// The penilai acknowledges one entry.
#[utoipa::path(put, path = "/progres/{id}/pengakuan", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AckBody,
    responses((status = 200, body = AckDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn acknowledge_entry(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<AckBody>,
) -> ApiResult<Json<AckDto>> {
    let catatan = b.catatan.unwrap_or_default();
    let (employee_id, _, jumlah) =
        svc::acknowledge(&app, &u, AckTarget::Entry(id), b.pengakuan.code(), &catatan).await?;
    Ok(Json(AckDto {
        employee_id,
        jumlah,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WeekAckBody {
    pub employee_id: i64,
    /// Any day of the week (Monday to Sunday) acknowledged.
    pub tanggal: NaiveDate,
    pub pengakuan: AckKind,
    #[serde(default)]
    pub catatan: Option<String>,
}

/// The penilai acknowledges a person's whole week.
#[utoipa::path(post, path = "/progres/pengakuan-minggu", tag = "progres", security(("bearer" = [])), request_body = WeekAckBody,
    responses((status = 200, body = AckDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn acknowledge_week(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiJson(b): ApiJson<WeekAckBody>,
) -> ApiResult<Json<AckDto>> {
    let catatan = b.catatan.unwrap_or_default();
    let target = AckTarget::Week {
        employee_id: b.employee_id,
        monday: b.tanggal,
    };
    let (employee_id, _, jumlah) =
        svc::acknowledge(&app, &u, target, b.pengakuan.code(), &catatan).await?;
    Ok(Json(AckDto {
        employee_id,
        jumlah,
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamMemberDto {
    pub employee_id: i64,
    pub nama: String,
    pub jabatan: String,
    /// Minutes per day shown, in the order of `days`.
    pub menit: Vec<u32>,
    /// Working days up to today with no entry and no leave or travel.
    pub kosong: Vec<bool>,
    pub total_menit: u32,
    pub menunggu: usize,
    pub entries: Vec<EntryDto>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamDto {
    /// Everyone the caller rates; `members` holds one page of 30.
    pub total: u64,
    pub page: u32,
    pub days: Vec<NaiveDate>,
    pub pengakuan_wajib: bool,
    pub members: Vec<TeamMemberDto>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// The day (default today).
    pub tanggal: Option<NaiveDate>,
    /// `minggu` (default) for the week around the day, `hari` for the day alone.
    #[param(inline)]
    pub mode: Option<TeamMode>,
    /// The page of people (30 per page, from 1).
    #[param(minimum = 1)]
    pub hal: Option<u32>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TeamMode {
    Minggu,
    Hari,
}

/// The people the caller rates and their log over a day or week.
#[utoipa::path(get, path = "/progres/tim", tag = "progres", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = TeamDto), (status = 422, body = ApiErrorBody)))]
pub async fn team(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<TeamQuery>,
) -> ApiResult<Json<TeamDto>> {
    let week = !matches!(q.mode, Some(TeamMode::Hari));
    let v = svc::team(
        &app,
        &u,
        q.tanggal.unwrap_or(app.today()),
        week,
        q.hal.unwrap_or(1),
    )
    .await?;
    Ok(Json(TeamDto {
        total: v.total,
        page: v.page,
        days: v.days.clone(),
        pengakuan_wajib: v.pengakuan_wajib,
        members: v
            .rows
            .into_iter()
            .map(|r| TeamMemberDto {
                employee_id: r.employee.id,
                nama: r.employee.nama_lengkap(),
                jabatan: r.employee.jabatan.clone(),
                menit: r.menit,
                kosong: r.missing,
                total_menit: r.total_menit,
                menunggu: r.pending,
                entries: r.entries.into_iter().map(Into::into).collect(),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RencanaAksiDto {
    pub id: i64,
    pub skp_id: i64,
    pub indikator_id: i64,
    pub period_id: i64,
    pub teks: String,
    pub target: Option<f64>,
    pub satuan: String,
    /// The rencana aksi of the head it was handed down from.
    pub asal_id: Option<i64>,
    pub catatan_penilai: String,
}

impl From<RencanaAksiRow> for RencanaAksiDto {
    fn from(r: RencanaAksiRow) -> Self {
        RencanaAksiDto {
            id: r.id,
            skp_id: r.skp_id,
            indikator_id: r.indikator_id,
            period_id: r.period_id,
            teks: r.teks,
            target: r.target,
            satuan: r.satuan,
            asal_id: r.asal_id,
            catatan_penilai: r.catatan_penilai,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RencanaAksiQuery {
    /// The period (default: today's, or the plan's first).
    pub periode: Option<i64>,
}

/// The rencana aksi of a plan in one period.
#[utoipa::path(get, path = "/skp/{id}/rencana-aksi", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path), RencanaAksiQuery),
    responses((status = 200, body = [RencanaAksiDto]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn list_rencana_aksi(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<RencanaAksiQuery>,
) -> ApiResult<Json<Vec<RencanaAksiDto>>> {
    let v = svc::rencana_aksi_view(&app, &u, id, q.periode).await?;
    Ok(Json(v.items.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RencanaAksiBody {
    pub period_id: i64,
    pub indikator_id: i64,
    pub teks: String,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub target: Option<f64>,
    /// Default: the indicator's satuan.
    #[serde(default)]
    pub satuan: Option<String>,
}

fn target_text(t: Option<f64>) -> String {
    match t {
        Some(x) if x.is_finite() => x.to_string(),
        Some(_) => "x".into(),
        None => String::new(),
    }
}

/// Adds a rencana aksi to the caller's approved plan.
#[utoipa::path(post, path = "/skp/{id}/rencana-aksi", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RencanaAksiBody,
    responses((status = 201, body = RencanaAksiDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_rencana_aksi(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<RencanaAksiBody>,
) -> ApiResult<(StatusCode, Json<RencanaAksiDto>)> {
    let input = RencanaAksiInput {
        indikator_id: b.indikator_id.to_string(),
        teks: b.teks,
        target: target_text(b.target),
        satuan: b.satuan.unwrap_or_default(),
    };
    let rid = svc::add_rencana_aksi(&app, &u, id, b.period_id, &input).await?;
    let r = svc::rencana_aksi_row(&app, &u, rid).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RencanaAksiUpdate {
    pub teks: String,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub target: Option<f64>,
    #[serde(default)]
    pub satuan: Option<String>,
}

/// Changes a rencana aksi (after its period started, the old text is kept as history).
#[utoipa::path(put, path = "/rencana-aksi/{id}", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RencanaAksiUpdate,
    responses((status = 200, body = RencanaAksiDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_rencana_aksi(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<RencanaAksiUpdate>,
) -> ApiResult<Json<RencanaAksiDto>> {
    let input = RencanaAksiInput {
        indikator_id: String::new(),
        teks: b.teks,
        target: target_text(b.target),
        satuan: b.satuan.unwrap_or_default(),
    };
    svc::edit(&app, &u, id, &input).await?;
    Ok(Json(svc::rencana_aksi_row(&app, &u, id).await?.into()))
}

/// Removes a rencana aksi (entries under it are kept).
#[utoipa::path(delete, path = "/rencana-aksi/{id}", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn remove_rencana_aksi(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    svc::remove(&app, &u, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// Empty clears the comment.
    pub catatan: String,
}

/// The penilai's comment on a rencana aksi.
#[utoipa::path(put, path = "/rencana-aksi/{id}/catatan", tag = "progres", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CommentBody,
    responses((status = 200, body = RencanaAksiDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn comment_rencana_aksi(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<CommentBody>,
) -> ApiResult<Json<RencanaAksiDto>> {
    svc::comment(&app, &u, id, &b.catatan).await?;
    Ok(Json(svc::rencana_aksi_row(&app, &u, id).await?.into()))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `xlsx` (default) or `csv`.
    #[param(inline)]
    pub format: Option<ExportFormat>,
    /// One employee's log (default: the caller's).
    pub employee_id: Option<i64>,
    /// A unit's log, its subunits included (instead of one employee).
    pub unit_id: Option<i64>,
    /// The period (default: today's).
    pub periode: Option<i64>,
}

/// The log in the column layout of BKN's e-Kinerja progres harian (NIP, Tanggal, Jam Mulai,
/// Jam Selesai, Rencana Aksi, Kegiatan, Realisasi, Satuan, Link Bukti Dukung).
#[utoipa::path(get, path = "/progres/ekspor", tag = "progres", security(("bearer" = [])), params(ExportQuery),
    responses(
        (status = 200, description = "The file", content(
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv"))),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn export(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<axum::response::Response> {
    let format = match q.format {
        Some(ExportFormat::Csv) => "csv",
        _ => "xlsx",
    };
    let subject = svc::export_subject(&app, &u, q.employee_id, q.unit_id, q.periode).await?;
    let stem = subject.stem.clone();
    Ok(crate::http::downloads::download_rows(
        crate::http::downloads::progres::ProgresRows::new(app, subject),
        Some(format),
        &stem,
    )
    .await?)
}
