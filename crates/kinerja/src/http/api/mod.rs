//! The JSON API under `/api/v1`, described by an OpenAPI document generated from the same
//! handler annotations that register the routes, so the two cannot drift apart.
//!
//! Authentication: `POST /api/v1/auth/token` gives a bearer token. Reads also accept the
//! session cookie of the pages; writes require the bearer token (a cookie would make them
//! forgeable cross-site). Errors are `{code, message}` in the language of
//! `Accept-Language` (Indonesian by default).

pub mod dasbor;
pub mod penilaian;
pub mod progres;
pub mod skp;

use crate::app::App;
use crate::error::AppError;
use crate::http::ErrorInfo;
use crate::http::extract::{client_ip, cookie};
use crate::i18n::Lang;
use crate::services::accounts::{self, CurrentUser, KIND_API, KIND_WEB};
use crate::services::org::{self as org_svc, ChainLink, EmployeeInput};
use crate::services::org::{EmployeeRow, UnitChildRow, UnitRow};
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

mod auth;
mod employees;
mod extract;
mod units;

pub use auth::*;
pub use employees::*;
pub use extract::*;
pub use units::*;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kinerja API",
        version = "1",
        description = "Manajemen kinerja ASN (PermenPANRB 6/2022). Semua rute memerlukan `Authorization: Bearer <token>` dari `POST /api/v1/auth/token`."
    ),
    modifiers(&BearerAuth),
    components(schemas(ApiErrorBody, ProblemDto))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

fn api_router() -> OpenApiRouter<App> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(create_token))
        .routes(routes!(me))
        .routes(routes!(list_units))
        .routes(routes!(get_unit))
        .routes(routes!(list_employees, create_employee))
        .routes(routes!(get_employee, update_employee))
        .routes(routes!(skp::list_plans, skp::create_plan))
        .routes(routes!(skp::get_plan))
        .routes(routes!(skp::add_rhk))
        .routes(routes!(skp::update_rhk, skp::remove_rhk))
        .routes(routes!(skp::add_indikator))
        .routes(routes!(skp::update_indikator, skp::remove_indikator))
        .routes(routes!(skp::transition))
        .routes(routes!(skp::plan_pdf))
        .routes(routes!(skp::queue))
        .routes(routes!(penilaian::open))
        .routes(routes!(penilaian::get))
        .routes(routes!(penilaian::save_self))
        .routes(routes!(penilaian::save_assessment))
        .routes(routes!(penilaian::transition))
        .routes(routes!(penilaian::pdf))
        .routes(routes!(penilaian::keberatan, penilaian::file_keberatan))
        .routes(routes!(penilaian::explain_keberatan))
        .routes(routes!(penilaian::decide_keberatan))
        .routes(routes!(penilaian::messages, penilaian::post_message))
        .routes(routes!(dasbor::dashboard))
        .routes(routes!(progres::list_entries, progres::create_entry))
        .routes(routes!(progres::team))
        .routes(routes!(progres::export))
        .routes(routes!(progres::acknowledge_week))
        .routes(routes!(
            progres::get_entry,
            progres::update_entry,
            progres::delete_entry
        ))
        .routes(routes!(progres::acknowledge_entry))
        .routes(routes!(
            progres::list_rencana_aksi,
            progres::add_rencana_aksi
        ))
        .routes(routes!(
            progres::update_rencana_aksi,
            progres::remove_rencana_aksi
        ))
        .routes(routes!(progres::comment_rencana_aksi));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

/// The OpenAPI document of every `/api/v1` route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().into_openapi()
}

/// The document as served: [`openapi`] with what the annotations cannot say. Every secured
/// operation may answer 401 (no or an expired token), 403, 404, 409 (stale version, or a
/// password that must be changed first) and 422 with the error body; maps keyed by id have
/// string keys of digits (JSON object keys are strings); pairs have exactly two items.
pub fn openapi_document() -> serde_json::Value {
    let mut doc = serde_json::to_value(openapi()).expect("openapi serialises");
    let error = |description: &str| {
        serde_json::json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiErrorBody"}}}
        })
    };
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut() {
            let Some(ops) = item.as_object_mut() else {
                continue;
            };
            for op in ops.values_mut() {
                let secured = op.get("security").is_some();
                let has_input = op.get("requestBody").is_some() || op.get("parameters").is_some();
                let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut())
                else {
                    continue;
                };
                let mut add = |code: &str, text: &str| {
                    responses.entry(code).or_insert_with(|| error(text));
                };
                if secured {
                    add(
                        "401",
                        "Tidak masuk: token tidak ada, salah atau kedaluwarsa",
                    );
                    add("403", "Akses ditolak");
                    add("404", "Tidak ditemukan");
                    add(
                        "409",
                        "Data sudah berubah, atau kata sandi sementara harus diganti dulu",
                    );
                    add("422", "Masukan tidak sah");
                }
                if has_input {
                    add("422", "Masukan tidak sah");
                }
            }
        }
    }
    fn fix_schemas(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                if o.get("propertyNames")
                    .and_then(|p| p.get("type"))
                    .and_then(|t| t.as_str())
                    == Some("integer")
                {
                    o.insert(
                        "propertyNames".into(),
                        serde_json::json!({"type": "string", "pattern": "^(0|-?[1-9][0-9]{0,17})$"}),
                    );
                }
                if let Some(n) = o
                    .get("prefixItems")
                    .and_then(|p| p.as_array())
                    .map(|a| a.len())
                {
                    o.insert("minItems".into(), n.into());
                    o.insert("maxItems".into(), n.into());
                }
                o.values_mut().for_each(fix_schemas);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(fix_schemas),
            _ => {}
        }
    }
    fix_schemas(&mut doc);
    doc
}

pub fn routes(app: App) -> axum::Router<App> {
    let (router, _) = api_router().split_for_parts();
    router
        .route("/api/v1/openapi.json", axum::routing::get(openapi_json))
        .route("/api/v1/{*rest}", axum::routing::any(no_route))
        .layer(axum::middleware::from_fn_with_state(app, json_errors))
}

async fn openapi_json() -> Response {
    static DOC: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        serde_json::to_string_pretty(&openapi_document()).expect("openapi serialises")
    });
    ([(header::CONTENT_TYPE, "application/json")], DOC.as_str()).into_response()
}

async fn no_route() -> Response {
    let body = ApiErrorBody {
        code: "no-route".into(),
        message: "Rute API tidak dikenal".into(),
        problems: Vec::new(),
    };
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// `{code, message}` error body.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiErrorBody {
    pub code: String,
    pub message: String,
    /// For `invalid`: what is wrong, field by field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemDto>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProblemDto {
    pub field: Option<String>,
    pub code: String,
    pub message: String,
}

fn api_lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split([',', ';']).next())
        .and_then(|v| Lang::parse(v.get(..2).unwrap_or(v)))
        .unwrap_or_default()
}

/// Problems of an `Invalid` error travel in this extension so the JSON body can list them.
#[derive(Clone)]
struct InvalidProblems(Vec<crate::error::Problem>);

pub struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problems = match &self.0 {
            AppError::Invalid(p) => Some(InvalidProblems(p.clone())),
            _ => None,
        };
        let mut res = self.0.into_response();
        if let Some(p) = problems {
            res.extensions_mut().insert(p);
        }
        res
    }
}

type ApiResult<T> = Result<T, ApiError>;

async fn json_errors(State(_app): State<App>, req: Request, next: Next) -> Response {
    let lang = api_lang(req.headers());
    let res = next.run(req).await;
    let Some(info) = res.extensions().get::<ErrorInfo>().cloned() else {
        return res;
    };
    let problems = res
        .extensions()
        .get::<InvalidProblems>()
        .map(|p| {
            p.0.iter()
                .map(|p| ProblemDto {
                    field: p.field.clone(),
                    code: p.code.clone(),
                    message: p.message(lang),
                })
                .collect()
        })
        .unwrap_or_default();
    let body = ApiErrorBody {
        code: info.code.to_string(),
        message: match lang {
            Lang::Id => info.message_id,
            Lang::En => info.message_en,
        },
        problems,
    };
    (info.status, Json(body)).into_response()
}

/// The caller of an API route: bearer token, or the page session for reads.
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<App> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let user = match bearer {
            Some(token) => accounts::authenticate(app, token, KIND_API).await?,
            None if parts.method == Method::GET => {
                match cookie(&parts.headers, crate::http::SESSION_COOKIE) {
                    Some(token) => accounts::authenticate(app, token, KIND_WEB).await?,
                    None => None,
                }
            }
            None => None,
        };
        let user = user.ok_or(AppError::Unauthorized)?;
        if user.session.must_change_password {
            return Err(AppError::Conflict("password-change-required").into());
        }
        Ok(ApiUser(user))
    }
}
