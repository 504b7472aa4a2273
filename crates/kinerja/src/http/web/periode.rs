//! Admin pages of the evaluation years and their periods.

use super::skp::PlanQuery;
use super::views::{Ctx, FormErrors};
use super::{here, render};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::i18n::Lang;
use crate::services::periode::YearInput;
use crate::services::periode::YearRow;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "years.html")]
pub struct YearsPage {
    pub ctx: Ctx,
    pub years: Vec<(YearRow, Vec<crate::services::periode::PeriodRow>)>,
    pub references: Vec<crate::services::referensi::ReferenceRow>,
    pub form: YearInput,
    pub errors: FormErrors,
    pub notice: Option<String>,
}

impl YearsPage {
    pub fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("triwulanan", self.ctx.t("period-triwulanan")),
            ("bulanan", self.ctx.t("period-bulanan")),
            ("semesteran", self.ctx.t("period-semesteran")),
        ]
    }
}

pub(super) async fn years_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    form: YearInput,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let crate::services::periode::Overview { years, references } =
        crate::services::periode::overview(app, user).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(YearsPage {
            ctx: Ctx::new(lang, Some(user), &here(uri), "tahun"),
            years,
            references,
            form,
            errors,
            notice,
        })?,
    )
        .into_response())
}

pub(super) async fn years(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<PlanQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let notice = (q.pesan == "tersimpan").then(|| crate::i18n::t(lang, "notice-saved").to_string());
    let form = YearInput {
        tahun: (app.today().year() + 1).to_string(),
        jenis_periode: "triwulanan".into(),
        hari_batas: "10".into(),
        ..Default::default()
    };
    years_page(&app, &user, lang, &uri, form, FormErrors::default(), notice).await
}

use chrono::Datelike;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/admin/tahun", get(years).post(create_year))
        .route("/admin/tahun/{yid}/periode/{pid}", post(update_period))
}

pub(super) async fn create_year(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<YearInput>,
) -> AppResult<Response> {
    match crate::services::periode::create_year(&app, &user, &f).await {
        Ok(_) => Ok(Redirect::to("/admin/tahun?pesan=tersimpan").into_response()),
        Err(AppError::Invalid(p)) => {
            years_page(
                &app,
                &user,
                lang,
                &uri,
                f,
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub(super) struct PeriodForm {
    mulai: String,
    selesai: String,
    batas: String,
}

pub(super) async fn update_period(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((yid, pid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<PeriodForm>,
) -> AppResult<Response> {
    match crate::services::periode::update_period(
        &app, &user, yid, pid, &f.mulai, &f.selesai, &f.batas,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/admin/tahun?pesan=tersimpan").into_response()),
        Err(AppError::Invalid(p)) => {
            years_page(
                &app,
                &user,
                lang,
                &uri,
                YearInput::default(),
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
