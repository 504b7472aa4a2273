//! Page handlers: thin over the services. They translate, render, and keep what the user
//! typed when a form is refused.

use super::extract::{CsrfForm, CsrfOnly, UserLang, WebUser, checkbox, client_ip, cookie, lang_of};
use super::views::*;
use super::{ErrorInfo, LANG_COOKIE, SESSION_COOKIE};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::services::accounts::{self, KIND_WEB};
use crate::services::acting::{self as acting_svc, ActingInput};
use crate::services::audit as audit_svc;
use crate::services::import;
use crate::services::org::{self as org_svc, EmployeeInput};
use crate::store::{audit as audit_store, org};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_domain::access::Subject;
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home))
        .route("/masuk", get(login_page).post(login_submit))
        .route("/keluar", post(logout))
        .route("/bahasa/{code}", get(set_lang))
        .route("/akun/kata-sandi", get(password_page).post(password_submit))
        .route("/pegawai", get(employee_list))
        .route("/pegawai/unduh", get(employee_export))
        .route("/pegawai/{id}", get(profile))
        .route("/unor", get(units))
        .route(
            "/admin/pegawai/{id}/ubah",
            get(employee_edit).post(employee_save),
        )
        .route("/admin/pegawai/{id}/reset-kata-sandi", post(reset_password))
        .route("/admin/plt", get(acting_page).post(acting_create))
        .route("/admin/plt/{id}/akhiri", post(acting_end))
        .route("/admin/impor", get(import_page).post(import_submit))
        .route("/admin/riwayat", get(audit_page))
        .merge(super::plan::routes())
        .merge(super::penilaian::routes())
        .merge(super::umpan_balik::routes())
        .merge(super::masukan::routes())
        .merge(super::dasbor::routes())
        .merge(super::laporan::routes())
        .merge(super::pengembangan::routes())
        .merge(super::tpp::routes())
        .merge(super::confirmations::routes())
        .merge(super::sessions::routes())
        .fallback(not_found)
}

fn render(t: impl Template) -> AppResult<Response> {
    super::render_status(StatusCode::OK, t)
}

fn here(req_uri: &axum::http::Uri) -> String {
    req_uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into())
}

/// Only local paths may be redirect targets (no open redirects). `next` must be one
/// leading `/` followed by a path (and query) of printable ASCII: browsers drop tabs and
/// newlines and read `\\` as `/`, so `/<TAB>/evil.example` or `/\\evil.example` would leave
/// the site. Our own links are percent-encoded, so nothing legitimate is refused.
pub(crate) fn safe_next(next: &str) -> &str {
    let b = next.as_bytes();
    let local = b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && b.iter().all(|c| c.is_ascii_graphic() && *c != b'\\');
    if local { next } else { "/" }
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Turns an error response of any page into a page in the user's language.
pub async fn render_errors(State(_app): State<App>, req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    let signed_in = cookie(req.headers(), SESSION_COOKIE).is_some();
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let here = here(req.uri());
    let res = next.run(req).await;
    let Some(info) = res.extensions().get::<ErrorInfo>().cloned() else {
        return res;
    };
    let (title, explanation) = match info.status {
        StatusCode::FORBIDDEN => ("error-403-title", "error-403-text"),
        StatusCode::NOT_FOUND => ("error-404-title", "error-404-text"),
        StatusCode::UNAUTHORIZED => ("error-401-title", "error-401-text"),
        StatusCode::CONFLICT => ("error-409-title", "error-409-text"),
        StatusCode::UNPROCESSABLE_ENTITY => ("error-422-title", "error-422-text"),
        StatusCode::TOO_MANY_REQUESTS => ("error-429-title", "error-429-text"),
        StatusCode::SERVICE_UNAVAILABLE => ("error-503-title", "error-503-text"),
        _ => ("error-500-title", "error-500-text"),
    };
    let mut ctx = Ctx::new(lang, None, &here, "");
    if signed_in {
        // Enough for the menu to offer the way home; the user's details are not reloaded.
        ctx.user = Some(NavUser {
            name: String::new(),
            username: String::new(),
            employee_id: None,
            admin: false,
            admin_instansi: false,
            pimpinan: false,
            supervisor: false,
        });
    }
    let page = ErrorPage {
        status: info.status.as_u16(),
        title: ctx.t(title),
        explanation: ctx.t(explanation),
        message: match lang {
            Lang::Id => info.message_id.clone(),
            Lang::En => info.message_en.clone(),
        },
        request_id,
        ctx,
    };
    match page.render() {
        Ok(html) => (info.status, Html(html)).into_response(),
        Err(_) => (info.status, info.message_id).into_response(),
    }
}

fn session_cookie(app: &App, token: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if app.cfg.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .expect("cookie is ASCII")
}

/// The device cookie: sent only to the sign-in form (`Path=/masuk`), so no other page
/// ever carries it.
fn device_cookie(app: &App, value: &str) -> HeaderValue {
    let secure = if app.cfg.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    let max_age = crate::services::throttle::DEVICE_DAYS * 86_400;
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/masuk; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        crate::services::throttle::DEVICE_COOKIE
    ))
    .expect("cookie is ASCII")
}

// ---------------------------------------------------------------------------------------
// Sign-in and account

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn login_page(
    UserLang(lang): UserLang,
    Query(q): Query<NextQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    render(LoginPage {
        ctx: Ctx::new(lang, None, &here(&uri), "masuk"),
        username: String::new(),
        next: q.next,
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn login_submit(
    State(app): State<App>,
    UserLang(lang): UserLang,
    req: Request,
) -> AppResult<Response> {
    let ip = client_ip(&app.proxies, req.extensions(), req.headers());
    let device =
        cookie(req.headers(), crate::services::throttle::DEVICE_COOKIE).map(str::to_string);
    let uri = req.uri().clone();
    let form: axum::Form<LoginForm> = axum::Form::from_request(req, &app)
        .await
        .map_err(|_| AppError::invalid("form", "form-malformed"))?;
    let form = form.0;
    let origin = accounts::Origin {
        ip,
        device: device.as_deref(),
    };
    match accounts::login(&app, &form.username, &form.password, origin, KIND_WEB).await {
        Ok(login) => {
            let target = if login.must_change_password {
                "/akun/kata-sandi".to_string()
            } else {
                safe_next(&form.next).to_string()
            };
            let mut res = Redirect::to(&target).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&app, &login.token, app.cfg.session_hours * 3600),
            );
            res.headers_mut().append(
                header::SET_COOKIE,
                device_cookie(&app, &login.device_cookie),
            );
            Ok(res)
        }
        Err(
            e @ (AppError::BadCredentials
            | AppError::PasswordExpired
            | AppError::Throttled { .. }
            | AppError::RateLimited { .. }),
        ) => {
            let status = e.status();
            let page = LoginPage {
                ctx: Ctx::new(lang, None, &here(&uri), "masuk"),
                username: form.username,
                next: form.next,
                error: Some(e.message(lang)),
            };
            Ok((status, render(page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

use axum::extract::FromRequest;

async fn logout(
    State(app): State<App>,
    user: WebUser,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    // The token itself is not kept in the session row; end the session by its hash.
    accounts::logout(&app, &user.session.token_hash).await?;
    let mut res = Redirect::to("/masuk").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&app, "", 0));
    Ok(res)
}

async fn set_lang(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let mut res = Redirect::to(safe_next(&q.next)).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            lang.code()
        ))
        .expect("ASCII"),
    );
    res
}

async fn password_page(
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    render(PasswordPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "akun"),
        forced: user.session.must_change_password,
        errors: FormErrors::default(),
        done: false,
    })
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

async fn password_submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    match accounts::change_password(&app, &user, &form.current, &form.password, &form.confirm).await
    {
        Ok(()) => {
            let mut fresh = user.0.clone();
            fresh.session.must_change_password = false;
            render(PasswordPage {
                ctx: Ctx::new(lang, Some(&fresh), &here(&uri), "akun"),
                forced: false,
                errors: FormErrors::default(),
                done: true,
            })
        }
        Err(AppError::Invalid(problems)) => {
            let page = PasswordPage {
                ctx: Ctx::new(lang, Some(&user), &here(&uri), "akun"),
                forced: user.session.must_change_password,
                errors: FormErrors::from_problems(&problems, lang),
                done: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Home and profile

async fn home(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let me = match user.session.employee_id {
        Some(id) => Some(org_svc::profile(&app, &user, id).await?),
        None => None,
    };
    let mut led = Vec::new();
    if let Some(emp) = user.session.employee_id {
        for (unit_id, path) in org::led_units(&app.db, emp, app.today()).await? {
            let unit = org::unit_get(&app.db, instansi, unit_id).await?;
            let path = kinerja_domain::UnitPath::from_stored(path);
            led.push(LedUnit {
                id: unit.id,
                nama: unit.nama,
                employees: org::count_in_subtree(&app.db, instansi, &path).await?,
                acting: me.as_ref().is_none_or(|m| m.employee.unit_id != unit_id),
            });
        }
    }
    let admin = if user.actor.is_admin() || user.actor.is_pimpinan() {
        let scope = org_svc::list_scope(&app, &user, None).await?;
        let path = scope.unit_path();
        Some(AdminSummary {
            employees: org::count_in_subtree(&app.db, instansi, &path).await?,
            units: org::count_units_in_subtree(&app.db, instansi, &path).await?,
            vacant_heads: org::vacant_heads(&app.db, instansi, &path, app.today(), 1000)
                .await?
                .len(),
            scope_nama: scope.nama,
            scope_id: scope.id,
            can_import: user.actor.can_admin_instansi(instansi),
        })
    } else {
        None
    };
    let due = crate::services::penilaian::due(&app, &user).await?;
    let masukan_pending = crate::services::masukan::pending_count(&app, &user).await?;
    render(HomePage {
        masukan_pending,
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "beranda"),
        me,
        led,
        admin,
        due,
    })
}

#[derive(Deserialize, Default)]
struct ProfileQuery {
    #[serde(default)]
    pesan: String,
}

async fn profile(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<ProfileQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let p = org_svc::profile(&app, &user, id).await?;
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "pegawai");
    let notice = match q.pesan.as_str() {
        "tersimpan" => Some(ctx.t("notice-saved").to_string()),
        "penilai-menunggu" => Some(ctx.t("notice-penilai-pending").to_string()),
        "reset-menunggu" => Some(ctx.t("notice-reset-pending").to_string()),
        _ => None,
    };
    render(ProfilePage {
        ctx,
        p,
        notice,
        temp_password: None,
    })
}

// ---------------------------------------------------------------------------------------
// Employee search and edit

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default, deserialize_with = "checkbox")]
    nonaktif: bool,
    #[serde(default)]
    hal: Option<u32>,
}

pub const PER_PAGE: u32 = 25;

async fn employee_list(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let page_no = q.hal.unwrap_or(1).max(1);
    let (scope, page) =
        org_svc::search(&app, &user, &q.q, q.unit, q.nonaktif, page_no, PER_PAGE).await?;
    let link = |n: u32| {
        format!(
            "/pegawai?q={}&unit={}{}&hal={n}",
            encode(&q.q),
            scope.id,
            if q.nonaktif { "&nonaktif=1" } else { "" }
        )
    };
    render(EmployeesPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "pegawai"),
        prev_link: link(page_no.saturating_sub(1).max(1)),
        next_link: link(page_no + 1),
        q: q.q,
        scope,
        include_inactive: q.nonaktif,
        page,
    })
}

/// The employees of a search, every page, in the list's order.
struct EmployeeRows {
    app: App,
    user: accounts::CurrentUser,
    lang: Lang,
    q: String,
    unit: Option<i64>,
    nonaktif: bool,
}

/// Rows per page when exporting the list (the most a search returns at once).
const EXPORT_PAGE: u32 = 200;

impl super::laporan::Chunks for EmployeeRows {
    fn sheet(&self) -> String {
        crate::i18n::t(self.lang, "nav-employees").to_string()
    }

    fn columns(&self) -> Vec<kinerja_documents::table::Column> {
        use kinerja_documents::table::Column;
        let t = |k| crate::i18n::t(self.lang, k);
        vec![
            Column::new("NIP", 21.0),
            Column::new(t("f-nama"), 32.0),
            Column::new(t("f-golongan"), 12.0),
            Column::new(t("f-jabatan"), 36.0),
            Column::new(t("f-jenis-jabatan"), 16.0),
            Column::new(t("f-unit"), 36.0),
            Column::new(t("employees-status"), 10.0),
        ]
    }

    async fn chunk(
        &self,
        offset: i64,
    ) -> AppResult<(Vec<Vec<kinerja_documents::table::Cell>>, bool)> {
        let page_no = (offset / EXPORT_PAGE as i64) as u32 + 1;
        let (_, page) = org_svc::search(
            &self.app,
            &self.user,
            &self.q,
            self.unit,
            self.nonaktif,
            page_no,
            EXPORT_PAGE,
        )
        .await?;
        let more = page.items.len() == EXPORT_PAGE as usize;
        let t = |k| crate::i18n::t(self.lang, k).to_string();
        let rows = page
            .items
            .into_iter()
            .map(|e| {
                vec![
                    e.nip.clone().unwrap_or_default().into(),
                    e.nama_lengkap().into(),
                    e.golongan.clone().unwrap_or_default().into(),
                    e.jabatan.clone().into(),
                    kinerja_domain::JenisJabatan::parse(&e.jenis_jabatan)
                        .map(|j| j.label().to_string())
                        .unwrap_or_default()
                        .into(),
                    e.unit_nama.clone().into(),
                    if e.aktif {
                        t("employees-active")
                    } else {
                        t("inactive-badge")
                    }
                    .into(),
                ]
            })
            .collect();
        Ok((rows, more))
    }
}

#[derive(Deserialize, Default)]
struct ExportQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default, deserialize_with = "checkbox")]
    nonaktif: bool,
    #[serde(default)]
    format: Option<String>,
}

/// The whole result of a search as XLSX or CSV, within the viewer's scope.
async fn employee_export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    // Refuses a unit outside the viewer's scope before anything is written.
    let scope = org_svc::list_scope(&app, &user, q.unit).await?;
    let stem = format!(
        "pegawai-{}",
        scope
            .kode
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let src = EmployeeRows {
        app,
        user: user.0,
        lang,
        q: q.q,
        unit: Some(scope.id),
        nonaktif: q.nonaktif,
    };
    super::laporan::download_rows(src, q.format.as_deref(), &stem).await
}

async fn edit_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    id: i64,
    input: Option<(EmployeeInput, i64)>,
    errors: FormErrors,
) -> AppResult<Response> {
    let e = org_svc::employee(app, user, id).await?;
    if !org_svc::can_edit(app, user, &e).await? {
        return Err(AppError::Forbidden);
    }
    let (input, version) = match input {
        Some(i) => i,
        None => {
            let unit = org::unit_get(&app.db, e.instansi_id, e.unit_id).await?;
            let penilai = match e.penilai_override_id {
                Some(p) => org::employee_get(&app.db, e.instansi_id, p)
                    .await?
                    .nip
                    .unwrap_or_default(),
                None => String::new(),
            };
            (EmployeeInput::from_row(&e, unit.kode, penilai), e.version)
        }
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EmployeeEditPage {
        ctx: Ctx::new(lang, Some(user), &here(uri), "pegawai"),
        id,
        nama: e.nama_lengkap(),
        version,
        input,
        errors,
        golongan_pns: kinerja_domain::golongan::GOLONGAN_PNS
            .iter()
            .map(|(c, _)| *c)
            .collect(),
        golongan_pppk: kinerja_domain::Golongan::all_for(kinerja_domain::JenisAsn::Pppk)
            .into_iter()
            .map(|g| g.code())
            .collect(),
    };
    Ok((status, render(page)?).into_response())
}

async fn employee_edit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    edit_page(&app, &user, lang, &uri, id, None, FormErrors::default()).await
}

#[derive(Deserialize)]
struct EmployeeForm {
    version: i64,
    nip: String,
    jenis_asn: String,
    #[serde(default)]
    gelar_depan: String,
    nama: String,
    #[serde(default)]
    gelar_belakang: String,
    #[serde(default)]
    golongan: String,
    unit_kode: String,
    jabatan: String,
    jenis_jabatan: String,
    #[serde(default)]
    jenjang: String,
    #[serde(default, deserialize_with = "checkbox")]
    kepala: bool,
    #[serde(default)]
    email: String,
    #[serde(default, deserialize_with = "checkbox")]
    aktif: bool,
    #[serde(default)]
    nip_penilai: String,
}

async fn employee_save(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<EmployeeForm>,
) -> AppResult<Response> {
    let input = EmployeeInput {
        nip: f.nip,
        jenis_asn: f.jenis_asn,
        gelar_depan: f.gelar_depan,
        nama: f.nama,
        gelar_belakang: f.gelar_belakang,
        golongan: f.golongan,
        unit_kode: f.unit_kode,
        jabatan: f.jabatan,
        jenis_jabatan: f.jenis_jabatan,
        jenjang: f.jenjang,
        kepala: f.kepala,
        email: f.email,
        aktif: f.aktif,
        nip_penilai: f.nip_penilai,
    };
    match org_svc::update_employee(&app, &user, id, f.version, &input).await {
        Ok(org_svc::Saved::Done) => {
            Ok(Redirect::to(&format!("/pegawai/{id}?pesan=tersimpan")).into_response())
        }
        Ok(org_svc::Saved::PenilaiPending) => {
            Ok(Redirect::to(&format!("/pegawai/{id}?pesan=penilai-menunggu")).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            edit_page(
                &app,
                &user,
                lang,
                &uri,
                id,
                Some((input, f.version)),
                FormErrors::from_problems(&problems, lang),
            )
            .await
        }
        Err(AppError::Stale) => {
            let msg = AppError::Stale.message(lang);
            edit_page(
                &app,
                &user,
                lang,
                &uri,
                id,
                Some((input, f.version)),
                FormErrors::general(msg),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn reset_password(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    let temp = match accounts::reset_password(&app, &user, id).await? {
        accounts::ResetOutcome::Temporary(t) => t,
        accounts::ResetOutcome::Pending => {
            return Ok(Redirect::to(&format!("/pegawai/{id}?pesan=reset-menunggu")).into_response());
        }
    };
    let p = org_svc::profile(&app, &user, id).await?;
    let mut res = render(ProfilePage {
        ctx: Ctx::new(lang, Some(&user), &format!("/pegawai/{id}"), "pegawai"),
        p,
        notice: None,
        temp_password: Some(temp),
    })?;
    let _ = uri;
    // The one-time password must not stay in any cache.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

// ---------------------------------------------------------------------------------------
// Unit tree

#[derive(Deserialize, Default)]
struct UnitQuery {
    #[serde(default)]
    id: Option<i64>,
}

async fn units(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<UnitQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let v = org_svc::unit_view(&app, &user, q.id).await?;
    render(UnitsPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "unor"),
        v,
    })
}

// ---------------------------------------------------------------------------------------
// Acting assignments

#[derive(Deserialize, Default)]
struct ActingQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    pesan: String,
}

async fn acting_view(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    form: ActingInput,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let (list, vacant) = acting_svc::acting_list(app, user).await?;
    let form_unit = if form.unit_id > 0 {
        let u = org::unit_get(&app.db, user.instansi_id(), form.unit_id).await?;
        if !user.actor.can_edit_unit(user.instansi_id(), &u.unit_path()) {
            return Err(AppError::Forbidden);
        }
        Some(u)
    } else {
        None
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ActingPage {
        ctx: Ctx::new(lang, Some(user), &here(uri), "plt"),
        list,
        vacant,
        form,
        form_unit,
        errors,
        notice,
    };
    Ok((status, render(page)?).into_response())
}

async fn acting_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ActingQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let form = ActingInput {
        unit_id: q.unit.unwrap_or(0),
        jenis: "PLT".into(),
        mulai: app.today().format("%Y-%m-%d").to_string(),
        ..Default::default()
    };
    let notice = match q.pesan.as_str() {
        "tersimpan" => Some(crate::i18n::t(lang, "notice-saved").to_string()),
        "diakhiri" => Some(crate::i18n::t(lang, "notice-acting-ended").to_string()),
        "menunggu" => Some(crate::i18n::t(lang, "notice-acting-pending").to_string()),
        _ => None,
    };
    acting_view(&app, &user, lang, &uri, form, FormErrors::default(), notice).await
}

async fn acting_create(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(form): CsrfForm<ActingInput>,
) -> AppResult<Response> {
    match acting_svc::acting_create(&app, &user, &form).await {
        Ok(acting_svc::Outcome::Done) => {
            Ok(Redirect::to("/admin/plt?pesan=tersimpan").into_response())
        }
        Ok(acting_svc::Outcome::Pending) => {
            Ok(Redirect::to("/admin/plt?pesan=menunggu").into_response())
        }
        Err(AppError::Invalid(problems)) => {
            acting_view(
                &app,
                &user,
                lang,
                &uri,
                form,
                FormErrors::from_problems(&problems, lang),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn acting_end(
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    acting_svc::acting_end(&app, &user, id).await?;
    Ok(Redirect::to("/admin/plt?pesan=diakhiri").into_response())
}

// ---------------------------------------------------------------------------------------
// Import

async fn import_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    if !user.actor.can_admin_instansi(user.instansi_id()) {
        return Err(AppError::Forbidden);
    }
    let _ = app;
    render(ImportPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "impor"),
        report: None,
        kind: "pegawai".into(),
        error: None,
    })
}

async fn import_submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    mut multipart: Multipart,
) -> AppResult<Response> {
    if !user.actor.can_admin_instansi(user.instansi_id()) {
        return Err(AppError::Forbidden);
    }
    // The CSRF token comes first in the form, before the file.
    let mut csrf = String::new();
    let mut kind = "pegawai".to_string();
    let mut dry_run = false;
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::invalid("file", "form-malformed"))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "jenis" => kind = field.text().await.unwrap_or_default(),
            "uji" => dry_run = true,
            "berkas" => {
                if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
                    return Err(AppError::Csrf);
                }
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::invalid("file", "form-too-large"))?;
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
        return Err(AppError::Csrf);
    }
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "impor");
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        let page = ImportPage {
            error: Some(ctx.t("import-no-file").to_string()),
            ctx,
            report: None,
            kind,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    };
    let who = user.who();
    let report = if kind == "unit" {
        import::import_units(&app, user.instansi_id(), &who, &bytes, dry_run).await?
    } else {
        import::import_employees_as(&app, &user, &bytes, dry_run).await?
    };
    let status = if report.ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(ImportPage {
            ctx,
            report: Some(report),
            kind,
            error: None,
        })?,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------
// Audit history

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    pegawai: Option<i64>,
    #[serde(default)]
    objek: Option<String>,
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    sebelum: Option<i64>,
}

const AUDIT_PAGE: i64 = 50;

async fn audit_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<AuditQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "riwayat");
    let heading;
    let events = if let Some(emp_id) = q.pegawai {
        let e = org::employee_get(&app.db, instansi, emp_id).await?;
        let path = e.unit_path();
        if !user.actor.can_view_audit_of(&Subject {
            instansi_id: instansi,
            employee_id: e.id,
            unit_path: &path,
        }) {
            return Err(AppError::Forbidden);
        }
        heading = ctx.tf("audit-of-employee", "name", e.nama_lengkap());
        audit_store::history(&app.db, instansi, Some(emp_id), None, q.sebelum, AUDIT_PAGE).await?
    } else if let (Some(kind), Some(id)) = (q.objek.as_deref(), q.id) {
        // Object histories other than employees are for instansi admins.
        if !user.actor.can_admin_instansi(instansi) {
            return Err(AppError::Forbidden);
        }
        heading = ctx.tf2("audit-of-object", "kind", kind, "id", id);
        audit_store::history(
            &app.db,
            instansi,
            None,
            Some((kind, id)),
            q.sebelum,
            AUDIT_PAGE,
        )
        .await?
    } else {
        if !user.actor.can_admin_instansi(instansi) {
            return Err(AppError::Forbidden);
        }
        heading = ctx.t("audit-all").to_string();
        audit_store::history(&app.db, instansi, None, None, q.sebelum, AUDIT_PAGE).await?
    };
    let more_link = (events.len() as i64 == AUDIT_PAGE).then(|| {
        let last = events.last().map(|e| e.seq).unwrap_or(0);
        let mut base = String::from("/admin/riwayat?");
        if let Some(p) = q.pegawai {
            base.push_str(&format!("pegawai={p}&"));
        }
        if let (Some(k), Some(i)) = (&q.objek, q.id) {
            base.push_str(&format!("objek={}&id={i}&", encode(k)));
        }
        format!("{base}sebelum={last}")
    });
    // Actions and field names are codes; show their translation where there is one.
    let label = |prefix: &str, code: &str| {
        crate::i18n::t_opt(lang, &format!("{prefix}-{}", code.replace(['.', '_'], "-")))
            .map(str::to_string)
            .unwrap_or_else(|| code.to_string())
    };
    let events = events
        .into_iter()
        .map(|e| AuditLine {
            changes: audit_svc::diff(e.before_json.as_deref(), e.after_json.as_deref())
                .into_iter()
                .map(|(f, b, a)| (label("field", &f), b, a))
                .collect(),
            seq: e.seq,
            at: e.at,
            actor: e.actor_name,
            object: match e.object_id {
                Some(id) => format!("{} #{id}", label("object", &e.object_type)),
                None => label("object", &e.object_type),
            },
            action: label("action", &e.action),
        })
        .collect();
    render(AuditPage {
        ctx,
        heading,
        events,
        more_link,
    })
}

#[cfg(test)]
mod tests {
    use super::safe_next;
    use proptest::prelude::*;

    #[test]
    fn redirect_targets_stay_on_the_site() {
        for ok in [
            "/",
            "/skp/12",
            "/pegawai?q=budi&unit=3",
            "/a/%2F%2Fevil.example",
            "/#x",
        ] {
            assert_eq!(safe_next(ok), ok, "{ok:?}");
        }
        // Known bypasses of naive checks (OWASP, PortSwigger lists).
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{3000}/evil.example",
            "/\u{ff0f}/evil.example",
            " /evil",
            "\t//evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/a\\b",
            "///evil.example",
            "/\\/evil.example",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_gives_a_local_path(s in "\\PC*") {
            let out = safe_next(&s);
            prop_assert!(out.starts_with('/'));
            prop_assert!(!out.starts_with("//") && !out.contains('\\'));
            prop_assert!(out.bytes().all(|c| c.is_ascii_graphic()));
            prop_assert!(axum::http::HeaderValue::from_str(out).is_ok());
        }
    }
}
