//! The JSON API under `/api/v1`, described by an OpenAPI document generated from the same
//! handler annotations that register the routes, so the two cannot drift apart.
//!
//! Authentication: `POST /api/v1/auth/token` gives a bearer token. Reads also accept the
//! session cookie of the pages; writes require the bearer token (a cookie would make them
//! forgeable cross-site). Errors are `{code, message}` in the language of
//! `Accept-Language` (Indonesian by default).

pub mod dasbor;
pub mod penilaian;
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
        .routes(routes!(dasbor::dashboard));
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

// ---------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// NIP (employees) or username (admin accounts).
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub token: String,
}

/// Exchanges credentials for a bearer token.
#[utoipa::path(
    post, path = "/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "NIP atau kata sandi salah", body = ApiErrorBody),
        (status = 429, description = "Terlalu banyak percobaan", body = ApiErrorBody),
    )
)]
async fn create_token(State(app): State<App>, req: Request) -> ApiResult<Json<TokenResponse>> {
    let ip = client_ip(&app.proxies, req.extensions(), req.headers());
    let ApiJson(body): ApiJson<TokenRequest> = ApiJson::from_request(req, &app).await?;
    // API clients keep no device cookie: their failures count against the account.
    let origin = accounts::Origin { ip, device: None };
    let login = accounts::login(&app, &body.username, &body.password, origin, KIND_API).await?;
    Ok(Json(TokenResponse { token: login.token }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeDto {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub employee_id: Option<i64>,
    pub roles: Vec<String>,
    /// Units this user leads (definitively or as PLT/PLH).
    pub led_unit_paths: Vec<String>,
}

/// The signed-in account and its rights.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeDto), (status = 401, body = ApiErrorBody)))]
async fn me(ApiUser(u): ApiUser) -> Json<MeDto> {
    Json(MeDto {
        user_id: u.session.user_id,
        username: u.session.username.clone(),
        display_name: u.session.display_name.clone(),
        employee_id: u.session.employee_id,
        roles: u.actor.roles.iter().map(|r| r.code().to_string()).collect(),
        led_unit_paths: u
            .actor
            .led_units
            .iter()
            .map(|p| p.as_str().to_string())
            .collect(),
    })
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kode: String,
    pub nama: String,
    /// pemda, opd, kecamatan, sekretariat, bagian, bidang, subbagian, subbidang, seksi,
    /// kelurahan, uptd, sekolah.
    pub jenis: String,
    /// Materialised path of ids from the root: "/1/5/23/".
    pub path: String,
    pub aktif: bool,
}

impl From<UnitRow> for UnitDto {
    fn from(u: UnitRow) -> Self {
        UnitDto {
            id: u.id,
            parent_id: u.parent_id,
            kode: u.kode,
            nama: u.nama,
            jenis: u.jenis,
            path: u.path,
            aktif: u.aktif,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitChildDto {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub jenis: String,
    pub child_count: i64,
    pub employee_count: i64,
    pub head_vacant: bool,
}

impl From<UnitChildRow> for UnitChildDto {
    fn from(u: UnitChildRow) -> Self {
        UnitChildDto {
            id: u.id,
            kode: u.kode,
            nama: u.nama,
            jenis: u.jenis,
            child_count: u.child_count,
            employee_count: u.employee_count,
            head_vacant: u.head_vacant,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitDetailDto {
    pub unit: UnitDto,
    pub ancestors: Vec<UnitDto>,
    pub children: Vec<UnitChildDto>,
    pub employee_count: i64,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// Parent unit; the top of the caller's scope when absent.
    pub parent_id: Option<i64>,
}

/// Children of a unit, with counts.
#[utoipa::path(get, path = "/units", tag = "units", security(("bearer" = [])), params(UnitListQuery),
    responses((status = 200, body = [UnitChildDto]), (status = 403, body = ApiErrorBody)))]
async fn list_units(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<UnitListQuery>,
) -> ApiResult<Json<Vec<UnitChildDto>>> {
    let v = org_svc::unit_view(&app, &u, q.parent_id).await?;
    Ok(Json(v.children.into_iter().map(Into::into).collect()))
}

/// One unit with its ancestors and children.
#[utoipa::path(get, path = "/units/{id}", tag = "units", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Unit id")),
    responses((status = 200, body = UnitDetailDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_unit(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UnitDetailDto>> {
    let v = org_svc::unit_view(&app, &u, Some(id)).await?;
    Ok(Json(UnitDetailDto {
        employee_count: v.employee_total,
        unit: v.unit.into(),
        ancestors: v.ancestors.into_iter().map(Into::into).collect(),
        children: v.children.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployeeDto {
    pub id: i64,
    pub nip: Option<String>,
    /// pns, pppk, pppk_paruh_waktu, pejabat_negara.
    pub jenis_asn: String,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub nama_lengkap: String,
    /// L or P.
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<chrono::NaiveDate>,
    pub golongan: Option<String>,
    pub email: Option<String>,
    pub aktif: bool,
    pub jabatan: String,
    pub jenis_jabatan: String,
    pub jenjang: Option<String>,
    pub kepala_unit: bool,
    pub unit_id: i64,
    pub unit_nama: String,
    /// Optimistic-concurrency version: send it back with an update.
    pub version: i64,
}

impl From<EmployeeRow> for EmployeeDto {
    fn from(e: EmployeeRow) -> Self {
        EmployeeDto {
            nama_lengkap: e.nama_lengkap(),
            id: e.id,
            nip: e.nip,
            jenis_asn: e.jenis_asn,
            gelar_depan: e.gelar_depan,
            nama: e.nama,
            gelar_belakang: e.gelar_belakang,
            jenis_kelamin: e.jenis_kelamin,
            tanggal_lahir: e.tanggal_lahir,
            golongan: e.golongan,
            email: e.email,
            aktif: e.aktif,
            jabatan: e.jabatan,
            jenis_jabatan: e.jenis_jabatan,
            jenjang: e.jenjang,
            kepala_unit: e.is_head,
            unit_id: e.unit_id,
            unit_nama: e.unit_nama,
            version: e.version,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployeePage {
    pub items: Vec<EmployeeDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    /// True when there are more than `total` matches (counting stops there).
    pub total_capped: bool,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmployeeListQuery {
    /// Name fragment, or the start of a NIP.
    pub q: Option<String>,
    /// Limit to this unit's subtree (must be inside the caller's scope).
    pub unit_id: Option<i64>,
    pub include_inactive: Option<bool>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// Searches employees in the caller's scope, one page at a time.
#[utoipa::path(get, path = "/employees", tag = "employees", security(("bearer" = [])), params(EmployeeListQuery),
    responses((status = 200, body = EmployeePage), (status = 403, body = ApiErrorBody)))]
async fn list_employees(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<EmployeeListQuery>,
) -> ApiResult<Json<EmployeePage>> {
    // The document's ranges, refused outside them rather than silently clamped.
    for (field, value, max) in [("page", q.page, 100_000), ("per_page", q.per_page, 200)] {
        if value.is_some_and(|n| !(1..=max).contains(&n)) {
            return Err(AppError::Invalid(vec![
                crate::error::Problem::new(field, "api-range").arg("max", max),
            ])
            .into());
        }
    }
    let (_, page) = org_svc::search(
        &app,
        &u,
        q.q.as_deref().unwrap_or(""),
        q.unit_id,
        q.include_inactive.unwrap_or(false),
        q.page.unwrap_or(1),
        q.per_page.unwrap_or(50),
    )
    .await?;
    Ok(Json(EmployeePage {
        page: page.page,
        per_page: page.per_page,
        total: page.total,
        total_capped: page.total_capped,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub nip: Option<String>,
    pub nama_lengkap: String,
    pub jabatan: String,
    /// tree, acting (PLT/PLH) or override.
    pub source: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChainDto {
    pub person: Option<PersonRef>,
    /// Set when the head position of this unit is vacant: the chain is blocked.
    pub vacant_unit_id: Option<i64>,
}

impl From<ChainLink> for ChainDto {
    fn from(l: ChainLink) -> Self {
        match l {
            ChainLink::Person {
                employee, source, ..
            } => ChainDto {
                person: Some(PersonRef {
                    id: employee.id,
                    nip: employee.nip.clone(),
                    nama_lengkap: employee.nama_lengkap(),
                    jabatan: employee.jabatan.clone(),
                    source: match source {
                        kinerja_domain::PenilaiSource::Tree => "tree".into(),
                        kinerja_domain::PenilaiSource::Acting(k) => k.code().to_lowercase(),
                        kinerja_domain::PenilaiSource::Override => "override".into(),
                    },
                }),
                vacant_unit_id: None,
            },
            ChainLink::Vacant { unit } => ChainDto {
                person: None,
                vacant_unit_id: Some(unit.id),
            },
            ChainLink::None => ChainDto {
                person: None,
                vacant_unit_id: None,
            },
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployeeDetailDto {
    pub employee: EmployeeDto,
    pub penilai: ChainDto,
    pub atasan_penilai: ChainDto,
}

/// One employee with the derived penilai and atasan penilai.
#[utoipa::path(get, path = "/employees/{id}", tag = "employees", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Employee id")),
    responses((status = 200, body = EmployeeDetailDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_employee(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EmployeeDetailDto>> {
    let p = org_svc::profile(&app, &u, id).await?;
    Ok(Json(EmployeeDetailDto {
        employee: p.employee.into(),
        penilai: p.penilai.into(),
        atasan_penilai: p.atasan.into(),
    }))
}

/// Creates an employee (admin of the target unit).
#[utoipa::path(post, path = "/employees", tag = "employees", security(("bearer" = [])),
    request_body = EmployeeInput,
    responses((status = 201, body = EmployeeDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn create_employee(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiJson(input): ApiJson<EmployeeInput>,
) -> ApiResult<(StatusCode, Json<EmployeeDto>)> {
    let id = org_svc::create_employee(&app, &u, &input).await?;
    let e = org_svc::employee(&app, &u, id).await?;
    Ok((StatusCode::CREATED, Json(e.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmployeeUpdate {
    /// The `version` read with the employee; a newer one on the server gives 409.
    pub version: i64,
    #[serde(flatten)]
    pub data: EmployeeInput,
}

/// Updates an employee (admin of their unit and of the target unit).
#[utoipa::path(put, path = "/employees/{id}", tag = "employees", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Employee id")),
    request_body = EmployeeUpdate,
    responses((status = 200, body = EmployeeDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn update_employee(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EmployeeUpdate>,
) -> ApiResult<Json<EmployeeDto>> {
    org_svc::update_employee(&app, &u, id, body.version, &body.data).await?;
    let e = org_svc::employee(&app, &u, id).await?;
    Ok(Json(e.into()))
}

/// `Path` whose rejection is an API error: an id that cannot even be read names nothing
/// that exists (404).
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(rejection) => {
                tracing::info!(error = %rejection, "API path rejected");
                Err(AppError::NotFound.into())
            }
        }
    }
}

/// `Query` whose rejection is an API error body (422) naming what is wrong.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(AppError::Invalid(vec![
                crate::error::Problem::new("query", "api-query-invalid")
                    .arg("detail", rejection.body_text()),
            ])
            .into()),
        }
    }
}

/// Integers written as `14.0` are integers to JSON Schema (and so to the API's document);
/// they are read as such before the body is decoded.
fn integral_floats_to_integers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *v = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(integral_floats_to_integers),
        serde_json::Value::Object(o) => o.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// `Json` whose rejection is an API error body like every other error.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let invalid = |detail: String| -> ApiError {
            tracing::info!(error = %detail, "API body rejected");
            AppError::Invalid(vec![
                crate::error::Problem::new("body", "api-body-invalid").arg("detail", detail),
            ])
            .into()
        };
        let mut value = match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(v)) => v,
            Err(rejection) => return Err(invalid(rejection.body_text())),
        };
        integral_floats_to_integers(&mut value);
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| invalid(e.to_string()))
    }
}
