//! Server-rendered pages: askama templates, plain HTML forms, a little JavaScript of our
//! own. Handlers are thin over the services: they translate, render, and keep what the
//! user typed when a form is refused.

pub mod acting;
pub mod audit;
pub mod auth;
pub mod confirmations;
pub mod dasbor;
pub use crate::http::downloads;
pub mod employees;
pub mod home;
pub mod import;
pub mod laporan;
pub mod lupa;
pub mod masukan;
pub mod notifications;
pub mod panduan;
pub mod pengembangan;
pub mod penilaian;
pub mod periode;
pub mod progres;
pub mod referensi;
pub mod sessions;
pub mod skp;
pub mod templat;
#[cfg(test)]
mod tests;
pub mod tpp;
pub mod umpan_balik;
pub mod units;
pub mod views;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::cookies::{device_cookie, session_cookie};
use crate::http::extract::{
    CsrfForm, CsrfOnly, UserLang, WebUser, checkbox, client_ip, cookie, lang_of,
};
use crate::http::{ErrorInfo, LANG_COOKIE, SESSION_COOKIE};
use crate::i18n::Lang;
use crate::services::accounts::{self, KIND_WEB};
use crate::services::acting::{self as acting_svc, ActingInput};
use crate::services::audit as audit_svc;
use crate::services::import as import_svc;
use crate::services::org::{self as org_svc, EmployeeInput};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use views::*;

use acting::*;
use audit::*;
use auth::*;
use employees::*;
use home::*;
use import::*;
use units::*;

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
        .merge(skp::routes())
        .merge(notifications::routes())
        .merge(panduan::routes())
        .merge(lupa::routes())
        .merge(templat::routes())
        .merge(periode::routes())
        .merge(referensi::routes())
        .merge(penilaian::routes())
        .merge(umpan_balik::routes())
        .merge(progres::routes())
        .merge(masukan::routes())
        .merge(dasbor::routes())
        .merge(laporan::routes())
        .merge(pengembangan::routes())
        .merge(tpp::routes())
        .merge(confirmations::routes())
        .merge(sessions::routes())
        .fallback(not_found)
}

fn render(t: impl Template) -> AppResult<Response> {
    render_status(StatusCode::OK, t)
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
            writes_skp: false,
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

/// A page rendered with its status (422 for a form sent back with errors).
pub(crate) fn render_status(
    status: StatusCode,
    t: impl askama::Template,
) -> crate::error::AppResult<Response> {
    Ok((status, axum::response::Html(html_of(&t)?)).into_response())
}

/// A template rendered to HTML; a template that fails is an internal error.
pub(crate) fn html_of(t: &impl askama::Template) -> crate::error::AppResult<String> {
    t.render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}
