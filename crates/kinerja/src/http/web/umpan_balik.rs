//! The continuous-feedback page of a plan: one thread per RHK and per BerAKHLAK value, a
//! general thread, and the dialog kinerja records.

use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::i18n::Lang;
use crate::services::umpan_balik::MessageRow;
use crate::services::umpan_balik::{self as svc, DialogInput, FeedbackView, JENIS_DIALOG};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/skp/{id}/umpan-balik", get(page).post(post_message))
        .route("/skp/{id}/dialog", post(add_dialog))
        .route("/skp/{id}/dialog/{did}/tanggapan", post(respond))
}

#[derive(Template)]
#[template(path = "umpan_balik.html")]
pub struct FeedbackPage {
    pub ctx: Ctx,
    pub v: FeedbackView,
    pub errors: FormErrors,
    pub typed: HashMap<String, String>,
    pub notice: Option<&'static str>,
    pub today: String,
}

impl FeedbackPage {
    pub fn thread(&self, subjek: &str, id: &i64) -> Vec<&MessageRow> {
        self.v.thread(subjek, *id)
    }

    pub fn typed(&self, k: &str) -> String {
        self.typed.get(k).cloned().unwrap_or_default()
    }

    pub fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        JENIS_DIALOG
            .iter()
            .map(|k| (*k, self.kind_label(k)))
            .collect()
    }

    pub fn kind_label(&self, k: &str) -> &'static str {
        match k {
            "coaching" => self.ctx.t("dialog-coaching"),
            "mentoring" => self.ctx.t("dialog-mentoring"),
            _ => self.ctx.t("dialog-konseling"),
        }
    }

    pub fn is_penilai(&self) -> bool {
        self.v.plan.role == kinerja_domain::skp::SkpRole::Penilai
    }

    pub fn is_owner(&self) -> bool {
        self.v.plan.role == kinerja_domain::skp::SkpRole::Owner
    }
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    pesan: Option<String>,
}

async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    errors: FormErrors,
    typed: HashMap<String, String>,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let v = svc::view(app, user, id).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = FeedbackPage {
        ctx: Ctx::new(lang, Some(user), &format!("/skp/{id}/umpan-balik"), "skp"),
        v,
        errors,
        typed,
        notice,
        today: app.today().to_string(),
    };
    super::render_status(status, page)
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_deref() {
        Some("terkirim") => Some("feedback-sent"),
        Some("dialog") => Some("dialog-saved"),
        Some("tanggapan") => Some("dialog-responded"),
        _ => None,
    };
    show(
        &app,
        &user,
        lang,
        id,
        FormErrors::default(),
        HashMap::new(),
        notice,
    )
    .await
}

/// Where a successful post lands: the message code and the anchor to scroll to.
struct Done<'a>(&'a str, &'a str);

async fn after(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    f: HashMap<String, String>,
    r: AppResult<()>,
    Done(done, anchor): Done<'_>,
) -> AppResult<Response> {
    match r {
        Ok(()) => Ok(
            Redirect::to(&format!("/skp/{id}/umpan-balik?pesan={done}#{anchor}")).into_response(),
        ),
        Err(AppError::Invalid(p)) => {
            show(
                app,
                user,
                lang,
                id,
                FormErrors::from_problems(&p, lang),
                f,
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn post_message(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let subjek = f.get("subjek").cloned().unwrap_or_default();
    let sid: i64 = f
        .get("subjek_id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let body = f.get("pesan").cloned().unwrap_or_default();
    let anchor = format!("t-{subjek}-{sid}");
    let r = svc::post(&app, &user, id, &subjek, sid, &body).await;
    after(&app, &user, lang, id, f, r, Done("terkirim", &anchor)).await
}

async fn add_dialog(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let d = DialogInput {
        tanggal: get("tanggal"),
        jenis: get("jenis"),
        topik: get("topik"),
        kesepakatan: get("kesepakatan"),
    };
    let r = svc::add_dialog(&app, &user, id, &d).await;
    after(&app, &user, lang, id, f, r, Done("dialog", "dialog")).await
}

async fn respond(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, did)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let t = f.get("tanggapan").cloned().unwrap_or_default();
    let r = svc::respond(&app, &user, id, did, &t).await;
    after(&app, &user, lang, id, f, r, Done("tanggapan", "dialog")).await
}
