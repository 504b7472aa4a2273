//! "Sesi dan token": the signed-in user's own sessions and API tokens, each revocable.

use super::render_status;
use super::views::Ctx;
use crate::app::App;
use crate::error::AppResult;
use crate::http::extract::{CsrfForm, CsrfOnly, UserLang, WebUser};
use crate::services::accounts;
use crate::services::accounts::SessionRow;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/akun/sesi", get(page))
        .route("/akun/sesi/lainnya/akhiri", post(revoke_others))
        .route("/akun/sesi/{handle}/akhiri", post(revoke))
}

#[derive(Template)]
#[template(path = "sessions.html")]
pub struct SessionsPage {
    pub ctx: Ctx,
    pub sessions: Vec<SessionRow>,
    pub current: String,
    pub notice: Option<&'static str>,
    pub token_days: i64,
}

impl SessionsPage {
    pub fn kind(&self, s: &SessionRow) -> &'static str {
        self.ctx.t(if s.kind == accounts::KIND_API {
            "sessions-kind-api"
        } else {
            "sessions-kind-web"
        })
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    pesan: String,
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let (sessions, current) = accounts::my_sessions(&app, &user).await?;
    let notice = match n.pesan.as_str() {
        "diakhiri" => Some("notice-session-ended"),
        "lainnya" => Some("notice-sessions-others-ended"),
        _ => None,
    };
    render_status(
        StatusCode::OK,
        SessionsPage {
            ctx: Ctx::new(lang, Some(&user), "/akun/sesi", "sesi"),
            sessions,
            current,
            notice,
            token_days: app.cfg.api_token_days,
        },
    )
}

async fn revoke(
    State(app): State<App>,
    user: WebUser,
    Path(handle): Path<String>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    accounts::revoke_session(&app, &user, &handle).await?;
    // Ending the current session signs the user out like the logout button.
    if user.session.token_hash.starts_with(&handle) {
        return Ok(Redirect::to("/masuk").into_response());
    }
    Ok(Redirect::to("/akun/sesi?pesan=diakhiri#sesi").into_response())
}

async fn revoke_others(
    State(app): State<App>,
    user: WebUser,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    accounts::revoke_other_sessions(&app, &user).await?;
    Ok(Redirect::to("/akun/sesi?pesan=lainnya#sesi").into_response())
}
