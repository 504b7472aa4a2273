//! Planning through the API: plans, their rows and their transitions.

use super::{ApiError, ApiErrorBody, ApiJson, ApiPath, ApiQuery, ApiUser};
use crate::app::App;
use crate::error::AppError;
use crate::services::org::ChainLink;
use crate::services::skp::{self as svc, EditOp, IndikatorInput, PlanStart, PlanView, RhkInput};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PlanSummaryDto {
    pub id: i64,
    pub employee_id: i64,
    pub tahun: i64,
    /// draft, diajukan, dikembalikan, disetujui.
    pub status: String,
    pub revisi: i64,
    pub closed: bool,
    pub mulai: chrono::NaiveDate,
    pub selesai: chrono::NaiveDate,
    pub version: i64,
}

impl From<crate::services::skp::SkpRow> for PlanSummaryDto {
    fn from(s: crate::services::skp::SkpRow) -> Self {
        PlanSummaryDto {
            id: s.id,
            employee_id: s.employee_id,
            tahun: s.tahun,
            status: s.status.code().to_string(),
            revisi: s.revisi,
            closed: s.closed,
            mulai: s.mulai,
            selesai: s.selesai,
            version: s.version,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PlanDto {
    #[serde(flatten)]
    pub plan: PlanSummaryDto,
    pub pegawai: String,
    pub penilai_id: Option<i64>,
    /// The caller's relation to the plan: owner, penilai or other.
    pub role: String,
    /// The content: pendekatan, rhk (with indikator), lampiran, ekspektasi.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// What keeps the plan from being submitted (codes), for its owner.
    pub missing: Vec<String>,
    /// Transitions the caller may take now.
    pub actions: Vec<String>,
}

impl From<PlanView> for PlanDto {
    fn from(v: PlanView) -> Self {
        use kinerja_domain::skp::SkpAction;
        let actions = SkpAction::ALL
            .into_iter()
            .filter(|a| v.can(*a))
            .map(|a| a.code().to_string())
            .collect();
        PlanDto {
            pegawai: v.owner.nama_lengkap(),
            penilai_id: match &v.penilai {
                ChainLink::Person { employee, .. } => Some(employee.id),
                _ => None,
            },
            role: serde_json::to_value(v.role)
                .ok()
                .and_then(|r| r.as_str().map(str::to_string))
                .unwrap_or_default(),
            content: serde_json::to_value(&v.content).unwrap_or_default(),
            missing: v.missing.iter().map(|m| m.code().to_string()).collect(),
            actions,
            plan: v.skp.into(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanListQuery {
    /// Whose plans (default: the caller).
    pub employee_id: Option<i64>,
    /// Which year (default: the current one).
    pub tahun: Option<i64>,
}

/// Plans of an employee in a year.
#[utoipa::path(get, path = "/skp", tag = "skp", security(("bearer" = [])), params(PlanListQuery),
    responses((status = 200, body = [PlanSummaryDto]), (status = 403, body = ApiErrorBody)))]
pub async fn list_plans(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<PlanListQuery>,
) -> ApiResult<Json<Vec<PlanSummaryDto>>> {
    let employee = q
        .employee_id
        .or(u.session.employee_id)
        .ok_or(AppError::NotFound)?;
    let year = crate::services::periode::year_or_current(&app, &u, q.tahun)
        .await?
        .ok_or(AppError::NotFound)?;
    let plans = svc::plans_of(&app, &u, employee, year.id).await?;
    Ok(Json(plans.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePlan {
    pub year_id: i64,
    pub start: PlanStart,
}

/// Starts the caller's plan for a year.
#[utoipa::path(post, path = "/skp", tag = "skp", security(("bearer" = [])), request_body = CreatePlan,
    responses((status = 201, body = PlanDto), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_plan(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiJson(b): ApiJson<CreatePlan>,
) -> ApiResult<(StatusCode, Json<PlanDto>)> {
    let id = svc::create_plan(&app, &u, b.year_id, b.start).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::plan_view(&app, &u, id).await?.into()),
    ))
}

/// One plan with its content and what the caller may do with it.
#[utoipa::path(get, path = "/skp/{id}", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path, description = "Plan id")),
    responses((status = 200, body = PlanDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get_plan(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PlanDto>> {
    Ok(Json(svc::plan_view(&app, &u, id).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RhkBody {
    /// The plan version read; a newer one on the server gives 409.
    pub version: i64,
    #[serde(flatten)]
    pub rhk: RhkInput,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct IndikatorBody {
    pub version: i64,
    #[serde(flatten)]
    pub indikator: IndikatorInput,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    pub version: i64,
}

async fn edit(
    app: &App,
    u: &crate::services::accounts::CurrentUser,
    id: i64,
    version: i64,
    op: EditOp,
) -> ApiResult<Json<PlanDto>> {
    svc::edit(app, u, id, version, op).await?;
    Ok(Json(svc::plan_view(app, u, id).await?.into()))
}

/// Adds a result (RHK) to the caller's draft.
#[utoipa::path(post, path = "/skp/{id}/rhk", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RhkBody,
    responses((status = 200, body = PlanDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_rhk(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<RhkBody>,
) -> ApiResult<Json<PlanDto>> {
    edit(&app, &u, id, b.version, EditOp::AddRhk(b.rhk)).await
}

/// Changes a result.
#[utoipa::path(put, path = "/skp/{id}/rhk/{rid}", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path), ("rid" = i64, Path)), request_body = RhkBody,
    responses((status = 200, body = PlanDto), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_rhk(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath((id, rid)): ApiPath<(i64, i64)>,
    ApiJson(b): ApiJson<RhkBody>,
) -> ApiResult<Json<PlanDto>> {
    edit(&app, &u, id, b.version, EditOp::UpdateRhk(rid, b.rhk)).await
}

/// Removes a result (kept for history and for the links pointing at it).
#[utoipa::path(delete, path = "/skp/{id}/rhk/{rid}", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path), ("rid" = i64, Path), VersionQuery),
    responses((status = 200, body = PlanDto), (status = 409, body = ApiErrorBody)))]
pub async fn remove_rhk(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath((id, rid)): ApiPath<(i64, i64)>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> ApiResult<Json<PlanDto>> {
    edit(&app, &u, id, q.version, EditOp::RemoveRhk(rid)).await
}

/// Adds an indicator to a result.
#[utoipa::path(post, path = "/skp/{id}/rhk/{rid}/indikator", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path), ("rid" = i64, Path)), request_body = IndikatorBody,
    responses((status = 200, body = PlanDto), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_indikator(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath((id, rid)): ApiPath<(i64, i64)>,
    ApiJson(b): ApiJson<IndikatorBody>,
) -> ApiResult<Json<PlanDto>> {
    edit(
        &app,
        &u,
        id,
        b.version,
        EditOp::AddIndikator(rid, b.indikator),
    )
    .await
}

/// Changes an indicator.
#[utoipa::path(put, path = "/skp/{id}/indikator/{iid}", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path), ("iid" = i64, Path)), request_body = IndikatorBody,
    responses((status = 200, body = PlanDto), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_indikator(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath((id, iid)): ApiPath<(i64, i64)>,
    ApiJson(b): ApiJson<IndikatorBody>,
) -> ApiResult<Json<PlanDto>> {
    edit(
        &app,
        &u,
        id,
        b.version,
        EditOp::UpdateIndikator(iid, b.indikator),
    )
    .await
}

/// Removes an indicator.
#[utoipa::path(delete, path = "/skp/{id}/indikator/{iid}", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path), ("iid" = i64, Path), VersionQuery),
    responses((status = 200, body = PlanDto), (status = 409, body = ApiErrorBody)))]
pub async fn remove_indikator(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath((id, iid)): ApiPath<(i64, i64)>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> ApiResult<Json<PlanDto>> {
    edit(&app, &u, id, q.version, EditOp::RemoveIndikator(iid)).await
}

/// A step of the plan's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    Submit,
    Withdraw,
    Approve,
    Return,
    Revise,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TransitionBody {
    pub action: PlanAction,
    pub version: i64,
    /// Return: the overall note.
    #[serde(default)]
    pub catatan: String,
    /// Return: notes per RHK id.
    #[serde(default)]
    pub catatan_baris: std::collections::HashMap<i64, String>,
}

/// Moves the plan through its workflow.
#[utoipa::path(post, path = "/skp/{id}/transitions", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path)), request_body = TransitionBody,
    responses((status = 200, body = PlanDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn transition(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<TransitionBody>,
) -> ApiResult<Json<PlanDto>> {
    match b.action {
        PlanAction::Submit => svc::submit(&app, &u, id, b.version).await?,
        PlanAction::Withdraw => svc::withdraw(&app, &u, id, b.version).await?,
        PlanAction::Revise => svc::revise(&app, &u, id, b.version).await?,
        PlanAction::Approve | PlanAction::Return => {
            let d = svc::Review {
                approve: b.action == PlanAction::Approve,
                catatan: b.catatan,
                catatan_baris: b.catatan_baris,
                // The API sets ekspektasi through its own endpoint.
                ekspektasi: Vec::new(),
            };
            svc::review(&app, &u, id, b.version, &d).await?
        }
    }
    Ok(Json(svc::plan_view(&app, &u, id).await?.into()))
}

/// The official SKP form as PDF.
#[utoipa::path(get, path = "/skp/{id}/pdf", tag = "skp", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The SKP form"), (status = 403, body = ApiErrorBody)))]
pub async fn plan_pdf(
    _: crate::http::extract::NotCrossSite,
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (bytes, name) = crate::services::documents::skp_pdf(&app, &u, id).await?;
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
pub struct PendingDto {
    pub skp_id: i64,
    pub employee_id: i64,
    pub nama: String,
    pub jabatan: String,
    pub unit: String,
    pub revisi: i64,
}

/// Plans waiting for the caller's decision.
#[utoipa::path(get, path = "/skp-queue", tag = "skp", security(("bearer" = [])),
    responses((status = 200, body = [PendingDto])))]
pub async fn queue(
    State(app): State<App>,
    ApiUser(u): ApiUser,
) -> ApiResult<Json<Vec<PendingDto>>> {
    let items = svc::queue(&app, &u).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|p| PendingDto {
                nama: kinerja_domain::nama::nama_lengkap(
                    &p.gelar_depan,
                    &p.nama,
                    &p.gelar_belakang,
                ),
                skp_id: p.skp_id,
                employee_id: p.employee_id,
                jabatan: p.jabatan,
                unit: p.unit_nama,
                revisi: p.revisi,
            })
            .collect(),
    ))
}
