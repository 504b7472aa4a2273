//! Evaluation through the API: opening a period, realisasi and self-assessment, the
//! penilai's judgements and ratings, the predikat, objections, the document, and the
//! continuous-feedback threads.

use super::{ApiError, ApiErrorBody, ApiJson, ApiPath, ApiUser};
use crate::app::App;
use crate::error::AppError;
use crate::services::penilaian::{
    self as svc, AssessInput, DecisionInput, EvaluationView, SelfInput,
};
use crate::services::umpan_balik as feedback;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kinerja_domain::penilaian::EvaluasiAction;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EvaluationDto {
    pub id: i64,
    pub skp_id: i64,
    pub period_id: i64,
    pub periode: String,
    pub employee_id: i64,
    /// draft, dinilai_sendiri, dinilai, ditetapkan, keberatan, diputuskan.
    pub status: String,
    /// The caller's relation: pegawai, penilai, atasan_penilai, admin or other.
    pub role: String,
    pub version: i64,
    /// Pegawai, penilai and atasan as snapshotted when the period was opened.
    #[schema(value_type = Object)]
    pub snapshot: serde_json::Value,
    /// The approved plan that is evaluated.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// Realisasi per indicator, one entry each.
    #[schema(value_type = Vec<Object>)]
    pub realisasi: serde_json::Value,
    /// Judgements per RHK and per value, as far as the caller may see them.
    #[schema(value_type = Vec<Object>)]
    pub items: serde_json::Value,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    /// Computed from the matrix of the year's rules, never typed.
    pub predikat: Option<String>,
    /// The system's suggestions with the clause that applied.
    #[schema(value_type = Object)]
    pub saran: serde_json::Value,
    pub catatan: String,
    /// The objection, when one was filed.
    pub keberatan: Option<KeberatanDto>,
    pub keberatan_batas: Option<chrono::NaiveDate>,
    /// Actions the caller may take now.
    pub actions: Vec<String>,
}

const ACTIONS: [(EvaluasiAction, &str); 9] = [
    (EvaluasiAction::WriteSelf, "write_self"),
    (EvaluasiAction::SubmitSelf, "submit_self"),
    (EvaluasiAction::Assess, "assess"),
    (EvaluasiAction::SubmitAssessment, "submit_assessment"),
    (EvaluasiAction::ReopenAssessment, "reopen_assessment"),
    (EvaluasiAction::Finalise, "finalise"),
    (EvaluasiAction::Object, "object"),
    (EvaluasiAction::Decide, "decide"),
    (EvaluasiAction::AdminReopen, "admin_reopen"),
];

impl From<EvaluationView> for EvaluationDto {
    fn from(v: EvaluationView) -> Self {
        EvaluationDto {
            id: v.ev.id,
            skp_id: v.ev.skp_id,
            period_id: v.ev.period_id,
            periode: v.period.kode.clone(),
            employee_id: v.ev.employee_id,
            status: v.status.code().to_string(),
            role: serde_json::to_value(v.role)
                .ok()
                .and_then(|r| r.as_str().map(str::to_string))
                .unwrap_or_default(),
            version: v.ev.version,
            snapshot: serde_json::to_value(&v.snapshot).unwrap_or_default(),
            content: serde_json::to_value(&v.content).unwrap_or_default(),
            realisasi: serde_json::to_value(v.realisasi.values().collect::<Vec<_>>())
                .unwrap_or_default(),
            items: serde_json::to_value(v.items.values().collect::<Vec<_>>()).unwrap_or_default(),
            rating_hasil: v.ev.rating_hasil.clone(),
            rating_perilaku: v.ev.rating_perilaku.clone(),
            predikat: v.ev.predikat.clone(),
            saran: serde_json::json!({"hasil": v.saran_hasil, "perilaku": v.saran_perilaku}),
            catatan: v.ev.catatan.clone(),
            keberatan: v.keberatan.as_ref().map(KeberatanDto::from),
            keberatan_batas: v.keberatan_batas,
            actions: ACTIONS
                .iter()
                .filter(|(a, _)| v.can(*a))
                .map(|(_, c)| c.to_string())
                .collect(),
        }
    }
}

/// An objection (keberatan) to the result: the employee's reason, both explanations and the
/// atasan penilai's decision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KeberatanDto {
    pub id: i64,
    pub alasan: String,
    /// The last day the objection could be filed.
    pub batas: chrono::NaiveDate,
    /// Microseconds since the Unix epoch.
    pub filed_at: i64,
    pub penjelasan_penilai: String,
    pub penjelasan_pegawai: String,
    /// Empty until decided.
    pub keputusan: String,
    pub rating_hasil: Option<String>,
    pub rating_perilaku: Option<String>,
    pub predikat: Option<String>,
    pub decided_at: Option<i64>,
}

impl From<&crate::services::penilaian::KeberatanRow> for KeberatanDto {
    fn from(k: &crate::services::penilaian::KeberatanRow) -> Self {
        KeberatanDto {
            id: k.id,
            alasan: k.alasan.clone(),
            batas: k.batas,
            filed_at: k.filed_at,
            penjelasan_penilai: k.penjelasan_penilai.clone(),
            penjelasan_pegawai: k.penjelasan_pegawai.clone(),
            keputusan: k.keputusan.clone(),
            rating_hasil: k.rating_hasil.clone(),
            rating_perilaku: k.rating_perilaku.clone(),
            predikat: k.predikat.clone(),
            decided_at: k.decided_at,
        }
    }
}

async fn keberatan_of(
    app: &App,
    u: &crate::services::accounts::CurrentUser,
    id: i64,
) -> ApiResult<Json<KeberatanDto>> {
    let v = svc::view(app, u, id).await?;
    let k = v.keberatan.as_ref().ok_or(AppError::NotFound)?;
    Ok(Json(k.into()))
}

/// The objection to an evaluation's result, for whoever may read the evaluation.
#[utoipa::path(get, path = "/evaluasi/{id}/keberatan", tag = "keberatan", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = KeberatanDto), (status = 403, body = ApiErrorBody), (status = 404, description = "No objection was filed", body = ApiErrorBody)))]
pub async fn keberatan(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<KeberatanDto>> {
    keberatan_of(&app, &u, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct KeberatanBody {
    /// The evaluation's `version` as read.
    pub version: i64,
    /// Why the employee objects (some text that is not only spaces, up to 2,000 characters).
    #[schema(pattern = "[^\\s]", max_length = 2000)]
    pub alasan: String,
}

/// The employee objects to their final result, within the deadline of the year's rules.
#[utoipa::path(post, path = "/evaluasi/{id}/keberatan", tag = "keberatan", security(("bearer" = [])), params(("id" = i64, Path)), request_body = KeberatanBody,
    responses((status = 201, body = KeberatanDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn file_keberatan(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<KeberatanBody>,
) -> ApiResult<(axum::http::StatusCode, Json<KeberatanDto>)> {
    svc::object(&app, &u, id, b.version, &b.alasan).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        keberatan_of(&app, &u, id).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PenjelasanBody {
    /// The explanation (some text that is not only spaces, up to 2,000 characters).
    #[schema(pattern = "[^\\s]", max_length = 2000)]
    pub penjelasan: String,
}

/// The penilai (or the employee) explains, before the atasan penilai decides.
#[utoipa::path(put, path = "/evaluasi/{id}/keberatan/penjelasan", tag = "keberatan", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PenjelasanBody,
    responses((status = 200, body = KeberatanDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn explain_keberatan(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<PenjelasanBody>,
) -> ApiResult<Json<KeberatanDto>> {
    svc::explain(&app, &u, id, &b.penjelasan).await?;
    keberatan_of(&app, &u, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PutusanBody {
    /// The evaluation's `version` as read.
    pub version: i64,
    /// The decision in words (some text that is not only spaces, up to 2,000 characters).
    #[schema(pattern = "[^\\s]", max_length = 2000)]
    pub keputusan: String,
    /// The ratings after the decision; the same as before to uphold the result.
    pub rating_hasil: RatingCode,
    pub rating_perilaku: RatingCode,
}

/// A rating as the API writes it.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RatingCode {
    DiBawah,
    Sesuai,
    DiAtas,
}

impl RatingCode {
    fn code(self) -> &'static str {
        use kinerja_domain::penilaian::Rating;
        match self {
            RatingCode::DiBawah => Rating::DiBawahEkspektasi,
            RatingCode::Sesuai => Rating::SesuaiEkspektasi,
            RatingCode::DiAtas => Rating::DiAtasEkspektasi,
        }
        .code()
    }
}

/// The atasan penilai decides the objection; the decision is final.
#[utoipa::path(put, path = "/evaluasi/{id}/keberatan/putusan", tag = "keberatan", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PutusanBody,
    responses((status = 200, body = KeberatanDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn decide_keberatan(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<PutusanBody>,
) -> ApiResult<Json<KeberatanDto>> {
    let d = DecisionInput {
        keputusan: b.keputusan,
        rating_hasil: b.rating_hasil.code().to_string(),
        rating_perilaku: b.rating_perilaku.code().to_string(),
    };
    svc::decide_objection(&app, &u, id, b.version, &d).await?;
    keberatan_of(&app, &u, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OpenBody {
    pub skp_id: i64,
    pub period_id: i64,
}

/// Opens (or finds) the evaluation of an approved plan for a period.
#[utoipa::path(post, path = "/evaluasi", tag = "evaluasi", security(("bearer" = [])), request_body = OpenBody,
    responses((status = 200, body = EvaluationDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn open(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiJson(b): ApiJson<OpenBody>,
) -> ApiResult<Json<EvaluationDto>> {
    let id = svc::open(&app, &u, b.skp_id, b.period_id).await?;
    Ok(Json(svc::view(&app, &u, id).await?.into()))
}

/// One evaluation, as far as the caller may see it.
#[utoipa::path(get, path = "/evaluasi/{id}", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EvaluationDto>> {
    Ok(Json(svc::view(&app, &u, id).await?.into()))
}

/// A judgement as the API writes it; empty when not (yet) given.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub enum RatingInput {
    #[serde(rename = "")]
    Kosong,
    #[serde(rename = "di_bawah")]
    DiBawah,
    #[serde(rename = "sesuai")]
    Sesuai,
    #[serde(rename = "di_atas")]
    DiAtas,
}

impl RatingInput {
    /// The code the services read: the domain's, or empty.
    fn code(self) -> &'static str {
        let rating = match self {
            RatingInput::Kosong => return "",
            RatingInput::DiBawah => RatingCode::DiBawah,
            RatingInput::Sesuai => RatingCode::Sesuai,
            RatingInput::DiAtas => RatingCode::DiAtas,
        };
        rating.code()
    }
}

// Written by hand: the derive drops the empty name of `Kosong` from the document.
impl utoipa::PartialSchema for RatingInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("A judgement; empty when not (yet) given."))
            .enum_values(Some(["", "di_bawah", "sesuai", "di_atas"]))
            .into()
    }
}

impl ToSchema for RatingInput {}

fn judgements(m: HashMap<i64, (RatingInput, String)>) -> HashMap<i64, (String, String)> {
    m.into_iter()
        .map(|(k, (r, t))| (k, (r.code().to_string(), t)))
        .collect()
}

/// Maps are keyed by id (indicator, RHK, or value 1–7) and hold `[value, text]` pairs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SelfBody {
    pub version: i64,
    #[serde(default)]
    pub realisasi: HashMap<i64, (String, String)>,
    #[serde(default)]
    pub rhk: HashMap<i64, (RatingInput, String)>,
    #[serde(default)]
    pub perilaku: HashMap<i64, (RatingInput, String)>,
}

/// The employee's realisasi and self-assessment (draft). All or nothing.
#[utoipa::path(put, path = "/evaluasi/{id}/diri", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SelfBody,
    responses((status = 200, body = EvaluationDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn save_self(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<SelfBody>,
) -> ApiResult<Json<EvaluationDto>> {
    let input = SelfInput {
        realisasi: b.realisasi,
        rhk: judgements(b.rhk),
        perilaku: judgements(b.perilaku),
    };
    svc::save_self(&app, &u, id, b.version, &input).await?;
    Ok(Json(svc::view(&app, &u, id).await?.into()))
}

/// Maps are keyed by id (RHK, or value 1–7) and hold `[judgement, umpan balik]` pairs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssessBody {
    pub version: i64,
    #[serde(default)]
    pub rhk: HashMap<i64, (RatingInput, String)>,
    #[serde(default)]
    pub perilaku: HashMap<i64, (RatingInput, String)>,
    #[serde(default = "kosong")]
    pub rating_hasil: RatingInput,
    #[serde(default = "kosong")]
    pub rating_perilaku: RatingInput,
    #[serde(default)]
    pub alasan_hasil: String,
    #[serde(default)]
    pub alasan_perilaku: String,
    #[serde(default)]
    pub catatan: String,
}

fn kosong() -> RatingInput {
    RatingInput::Kosong
}

/// The penilai's judgements, feedback, ratings and notes (draft). All or nothing.
#[utoipa::path(put, path = "/evaluasi/{id}/penilaian", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AssessBody,
    responses((status = 200, body = EvaluationDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn save_assessment(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<AssessBody>,
) -> ApiResult<Json<EvaluationDto>> {
    let input = AssessInput {
        rhk: judgements(b.rhk),
        perilaku: judgements(b.perilaku),
        rating_hasil: b.rating_hasil.code().to_string(),
        rating_perilaku: b.rating_perilaku.code().to_string(),
        alasan_hasil: b.alasan_hasil,
        alasan_perilaku: b.alasan_perilaku,
        catatan: b.catatan,
    };
    svc::save_assessment(&app, &u, id, b.version, &input).await?;
    Ok(Json(svc::view(&app, &u, id).await?.into()))
}

/// A step of the evaluation's workflow, with what that step needs. Objections are also
/// filed and decided under `/evaluasi/{id}/keberatan`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum EvaluasiTransitionBody {
    SubmitSelf {
        version: i64,
    },
    SubmitAssessment {
        version: i64,
    },
    ReopenAssessment {
        version: i64,
    },
    Object {
        version: i64,
        /// The written reason: some text that is not only spaces.
        #[schema(pattern = "[^\\s]", max_length = 2000)]
        alasan: String,
    },
    Decide {
        version: i64,
        #[schema(pattern = "[^\\s]", max_length = 2000)]
        keputusan: String,
        rating_hasil: RatingCode,
        rating_perilaku: RatingCode,
    },
    AdminReopen {
        version: i64,
        #[schema(pattern = "[^\\s]", max_length = 2000)]
        alasan: String,
    },
}

/// Moves the evaluation through its workflow.
#[utoipa::path(post, path = "/evaluasi/{id}/transitions", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)), request_body = EvaluasiTransitionBody,
    responses((status = 200, body = EvaluationDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn transition(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<EvaluasiTransitionBody>,
) -> ApiResult<Json<EvaluationDto>> {
    use EvaluasiTransitionBody as B;
    match b {
        B::SubmitSelf { version } => svc::submit_self(&app, &u, id, version).await?,
        B::SubmitAssessment { version } => svc::submit_assessment(&app, &u, id, version).await?,
        B::ReopenAssessment { version } => svc::reopen_assessment(&app, &u, id, version).await?,
        B::Object { version, alasan } => svc::object(&app, &u, id, version, &alasan).await?,
        B::AdminReopen { version, alasan } => {
            svc::admin_reopen(&app, &u, id, version, &alasan).await?
        }
        B::Decide {
            version,
            keputusan,
            rating_hasil,
            rating_perilaku,
        } => {
            let d = DecisionInput {
                keputusan,
                rating_hasil: rating_hasil.code().to_string(),
                rating_perilaku: rating_perilaku.code().to_string(),
            };
            svc::decide_objection(&app, &u, id, version, &d).await?
        }
    }
    Ok(Json(svc::view(&app, &u, id).await?.into()))
}

/// The Dokumen Evaluasi Kinerja Pegawai with its forms, as PDF.
#[utoipa::path(get, path = "/evaluasi/{id}/pdf", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The evaluation document"), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn pdf(
    _: crate::http::extract::NotCrossSite,
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (bytes, name) = crate::services::documents::evaluasi_pdf(&app, &u, id).await?;
    let mut res = bytes.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MessageDto {
    pub id: i64,
    /// rhk, perilaku or umum.
    pub subjek: String,
    pub subjek_id: i64,
    pub author: String,
    pub body: String,
    /// Microseconds since the Unix epoch.
    pub created_at: i64,
}

/// The continuous-feedback messages of a plan.
#[utoipa::path(get, path = "/skp/{id}/umpan-balik", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = [MessageDto]), (status = 403, body = ApiErrorBody)))]
pub async fn messages(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<MessageDto>>> {
    let v = feedback::view(&app, &u, id).await?;
    Ok(Json(
        v.messages
            .into_iter()
            .map(|m| MessageDto {
                id: m.id,
                subjek: m.subjek,
                subjek_id: m.subjek_id,
                author: m.author_name,
                body: m.body,
                created_at: m.created_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MessageBody {
    pub subjek: String,
    pub subjek_id: i64,
    pub body: String,
}

/// Adds a message to a thread of the plan (owner or penilai).
#[utoipa::path(post, path = "/skp/{id}/umpan-balik", tag = "evaluasi", security(("bearer" = [])), params(("id" = i64, Path)), request_body = MessageBody,
    responses((status = 200, body = [MessageDto]), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn post_message(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<MessageBody>,
) -> ApiResult<Json<Vec<MessageDto>>> {
    feedback::post(&app, &u, id, &b.subjek, b.subjek_id, &b.body).await?;
    messages(State(app), ApiUser(u), ApiPath(id)).await
}
