//! The four-eyes queue: admin BKPSDM confirms or rejects what OPD admins asked for; an OPD
//! admin follows their own requests.

use super::render_status;
use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, CsrfOnly, UserLang, WebUser};
use crate::i18n::Lang;
use crate::services::confirmations::PendingRow;
use crate::services::confirmations::{self as svc, Confirmed, Queue};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_domain::confirmation::{ChangeKind, ChangeStatus};
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/admin/konfirmasi", get(page))
        .route("/admin/konfirmasi/{id}/setujui", post(confirm))
        .route("/admin/konfirmasi/{id}/tolak", post(reject))
}

#[derive(Template)]
#[template(path = "confirmations.html")]
pub struct ConfirmationsPage {
    pub ctx: Ctx,
    pub q: Queue,
    pub notice: Option<&'static str>,
    pub errors: FormErrors,
    /// The request the errors belong to (its form keeps what was typed).
    pub error_id: i64,
    pub typed_note: String,
    /// A temporary password from a confirmed reset, shown once.
    pub temp_password: Option<(String, String)>,
    pub temp_hours: i64,
}

impl ConfirmationsPage {
    pub fn kind(&self, r: &PendingRow) -> &'static str {
        self.ctx.t(match r.kind {
            ChangeKind::Acting => "confirm-kind-acting",
            ChangeKind::Penilai => "confirm-kind-penilai",
            ChangeKind::PasswordReset => "confirm-kind-password",
        })
    }

    pub fn status(&self, r: &PendingRow) -> &'static str {
        self.ctx.t(match r.status {
            ChangeStatus::Menunggu => "confirm-status-waiting",
            ChangeStatus::Disetujui => "confirm-status-confirmed",
            ChangeStatus::Ditolak => "confirm-status-rejected",
        })
    }

    /// What was asked, in words: the appointment or the new penilai.
    pub fn detail(&self, r: &PendingRow) -> String {
        let v: serde_json::Value = serde_json::from_str(&r.payload).unwrap_or_default();
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let lang = self.ctx.lang;
        match r.kind {
            ChangeKind::Acting => crate::i18n::tf(
                lang,
                "confirm-detail-acting",
                &[
                    ("jenis", &s("jenis")),
                    ("jabatan", &s("jabatan")),
                    ("pegawai", &s("pegawai")),
                    ("nip", &s("nip")),
                    ("mulai", &s("mulai")),
                ],
            ),
            ChangeKind::Penilai if v.get("penilai_id").is_some_and(|x| x.is_i64()) => {
                crate::i18n::tf(
                    lang,
                    "confirm-detail-penilai",
                    &[("nama", &s("penilai_nama")), ("nip", &s("penilai_nip"))],
                )
            }
            ChangeKind::Penilai => self.ctx.t("confirm-detail-penilai-tree").to_string(),
            ChangeKind::PasswordReset => self.ctx.t("confirm-detail-password").to_string(),
        }
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    pesan: String,
}

#[allow(clippy::too_many_arguments)]
async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    notice: Option<&'static str>,
    errors: FormErrors,
    error_id: i64,
    typed_note: String,
    temp_password: Option<(String, String)>,
) -> AppResult<Response> {
    let q = svc::queue(app, user).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        status,
        ConfirmationsPage {
            ctx: Ctx::new(lang, Some(user), "/admin/konfirmasi", "konfirmasi"),
            q,
            notice,
            errors,
            error_id,
            typed_note,
            temp_password,
            temp_hours: app.cfg.temporary_password_hours,
        },
    )
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let notice = match n.pesan.as_str() {
        "disetujui" => Some("notice-confirmation-confirmed"),
        "ditolak" => Some("notice-confirmation-rejected"),
        _ => None,
    };
    show(
        &app,
        &user,
        lang,
        notice,
        FormErrors::default(),
        0,
        String::new(),
        None,
    )
    .await
}

async fn confirm(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    match svc::confirm(&app, &user, id).await {
        Ok(Confirmed::Applied) => {
            Ok(Redirect::to("/admin/konfirmasi?pesan=disetujui#riwayat").into_response())
        }
        Ok(Confirmed::TemporaryPassword(temp)) => {
            let row = svc::get(&app, &user, id).await?;
            let mut res = show(
                &app,
                &user,
                lang,
                Some("notice-confirmation-confirmed"),
                FormErrors::default(),
                0,
                String::new(),
                Some((row.subject_nama, temp)),
            )
            .await?;
            // The one-time password must not stay in any cache.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(AppError::Invalid(problems)) => {
            show(
                &app,
                &user,
                lang,
                None,
                FormErrors::from_problems(&problems, lang),
                id,
                String::new(),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct RejectForm {
    #[serde(default)]
    note: String,
}

async fn reject(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RejectForm>,
) -> AppResult<Response> {
    match svc::reject(&app, &user, id, &f.note).await {
        Ok(()) => Ok(Redirect::to("/admin/konfirmasi?pesan=ditolak#riwayat").into_response()),
        Err(AppError::Invalid(problems)) => {
            show(
                &app,
                &user,
                lang,
                None,
                FormErrors::from_problems(&problems, lang),
                id,
                f.note,
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
