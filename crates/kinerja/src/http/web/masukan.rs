//! Colleagues' input pages: the penilai asks and reads the aggregate; a colleague answers.

use super::render_status;
use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, CsrfOnly, UserLang, WebUser};
use crate::i18n::Lang;
use crate::services::masukan::PendingRow;
use crate::services::masukan::{self as svc, AnswerForm, MasukanView};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kinerja_domain::penilaian::Rating;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/penilaian/{id}/masukan", get(page).post(ask))
        .route("/penilaian/{id}/masukan/tutup", axum::routing::post(close))
        .route("/masukan", get(list))
        .route("/masukan/{rid}", get(answer_page).post(answer))
}

fn status_of(errors: &FormErrors) -> StatusCode {
    if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    pesan: Option<String>,
}

// ---------------------------------------------------------------------------------------
// The penilai's page

#[derive(Template)]
#[template(path = "masukan.html")]
pub struct MasukanPage {
    pub ctx: Ctx,
    pub v: MasukanView,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
}

impl MasukanPage {
    pub fn percent(&self, n: &i64, counts: &[i64; 3]) -> i64 {
        match counts.iter().sum::<i64>() {
            0 => 0,
            t => n * 100 / t,
        }
    }
}

async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let v = svc::view(app, user, id).await?;
    let status = status_of(&errors);
    render_status(
        status,
        MasukanPage {
            ctx: Ctx::new(
                lang,
                Some(user),
                &format!("/penilaian/{id}/masukan"),
                "penilaian",
            ),
            v,
            errors,
            notice,
        },
    )
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<Notice>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_deref() {
        Some("terkirim") => Some("masukan-asked"),
        Some("ditutup") => Some("masukan-closed-done"),
        _ => None,
    };
    show(&app, &user, lang, id, FormErrors::default(), notice).await
}

async fn close(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    match svc::close(&app, &user, id).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/penilaian/{id}/masukan?pesan=ditutup#masukan-summary"
        ))
        .into_response()),
        Err(e @ AppError::Conflict(_)) => {
            show(
                &app,
                &user,
                lang,
                id,
                FormErrors::general(e.message(lang)),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn ask(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let mut chosen: Vec<i64> = f
        .keys()
        .filter_map(|k| k.strip_prefix("r_").and_then(|x| x.parse().ok()))
        .collect();
    chosen.sort_unstable();
    match svc::ask(&app, &user, id, &chosen).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/penilaian/{id}/masukan?pesan=terkirim")).into_response())
        }
        Err(AppError::Invalid(p)) => {
            show(
                &app,
                &user,
                lang,
                id,
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e @ AppError::Conflict(_)) => {
            show(
                &app,
                &user,
                lang,
                id,
                FormErrors::general(e.message(lang)),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// The colleague's pages

#[derive(Template)]
#[template(path = "masukan_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub pending: Vec<PendingRow>,
    pub notice: Option<&'static str>,
}

async fn list(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<Notice>,
) -> AppResult<Response> {
    let pending = svc::pending(&app, &user).await?;
    let notice = (q.pesan.as_deref() == Some("terkirim")).then_some("masukan-thanks");
    render_status(
        StatusCode::OK,
        ListPage {
            ctx: Ctx::new(lang, Some(&user), "/masukan", "penilaian"),
            pending,
            notice,
        },
    )
}

#[derive(Template)]
#[template(path = "masukan_jawab.html")]
pub struct AnswerPage {
    pub ctx: Ctx,
    pub form: AnswerForm,
    pub typed: HashMap<String, String>,
    pub errors: FormErrors,
}

impl AnswerPage {
    pub fn typed(&self, k: &str) -> String {
        self.typed.get(k).cloned().unwrap_or_default()
    }

    pub fn checked(&self, kode: &u8, rating: &str) -> bool {
        self.typed
            .get(&format!("rating_{kode}"))
            .map(String::as_str)
            == Some(rating)
    }

    pub fn ratings(&self) -> Vec<(&'static str, &'static str)> {
        [
            (Rating::DiBawahEkspektasi, "rating-di-bawah"),
            (Rating::SesuaiEkspektasi, "rating-sesuai"),
            (Rating::DiAtasEkspektasi, "rating-di-atas"),
        ]
        .into_iter()
        .map(|(r, k)| (r.code(), self.ctx.t(k)))
        .collect()
    }
}

async fn answer_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(rid): Path<i64>,
) -> AppResult<Response> {
    let form = svc::answer_form(&app, &user, rid).await?;
    render_status(
        StatusCode::OK,
        AnswerPage {
            ctx: Ctx::new(lang, Some(&user), &format!("/masukan/{rid}"), "penilaian"),
            form,
            typed: HashMap::new(),
            errors: FormErrors::default(),
        },
    )
}

async fn answer(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(rid): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let form = svc::answer_form(&app, &user, rid).await?;
    let answers: Vec<(u8, Option<String>, String)> = form
        .nilai
        .iter()
        .map(|(kode, _, _)| {
            (
                *kode,
                f.get(&format!("rating_{kode}")).cloned(),
                f.get(&format!("komentar_{kode}"))
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect();
    match svc::answer(&app, &user, rid, &answers).await {
        Ok(()) => Ok(Redirect::to("/masukan?pesan=terkirim").into_response()),
        Err(AppError::Invalid(p)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            AnswerPage {
                ctx: Ctx::new(lang, Some(&user), &format!("/masukan/{rid}"), "penilaian"),
                form,
                typed: f,
                errors: FormErrors::from_problems(&p, lang),
            },
        ),
        Err(e) => Err(e),
    }
}
