//! The TPP page: the year's formula (admin BKPSDM), the import of a period's disiplin scores
//! from the attendance system, and links to the recaps per employee and per OPD.

use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::services::import::ImportReport;
use crate::services::periode::PeriodRow;
use crate::services::periode::YearRow;
use crate::services::tpp::{self as svc, AturanInput, JENIS};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_domain::jabatan::JenisJabatan;
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/tpp", get(page).post(save))
        .route("/tpp/disiplin", post(import))
}

#[derive(Template)]
#[template(path = "tpp.html")]
struct TppPage {
    ctx: Ctx,
    years: Vec<YearRow>,
    year: YearRow,
    periods: Vec<PeriodRow>,
    form: AturanInput,
    /// The formula was set for this year (otherwise the starting one is shown).
    stored: bool,
    can_edit: bool,
    errors: FormErrors,
    notice: Option<String>,
    report: Option<ImportReport>,
    /// Scores imported per period.
    imported: Vec<(PeriodRow, i64)>,
}

impl TppPage {
    fn pagu(&self) -> Vec<(&'static str, &'static str, String)> {
        JENIS
            .into_iter()
            .map(|j: JenisJabatan| {
                (
                    AturanInput::pagu_field(j),
                    j.label(),
                    self.form.pagu_value(j).to_string(),
                )
            })
            .collect()
    }

    fn predikat(&self) -> Vec<(&'static str, &'static str, String)> {
        let f = &self.form;
        vec![
            ("persen_sb", "predikat-sangat-baik", f.persen_sb.clone()),
            ("persen_b", "predikat-baik", f.persen_b.clone()),
            ("persen_bp", "predikat-butuh-perbaikan", f.persen_bp.clone()),
            ("persen_k", "predikat-kurang", f.persen_k.clone()),
            ("persen_sk", "predikat-sangat-kurang", f.persen_sk.clone()),
        ]
    }
}

#[derive(Deserialize, Default)]
struct TppQuery {
    #[serde(default)]
    tahun: Option<i64>,
    #[serde(default)]
    pesan: Option<String>,
}

struct Extra {
    form: Option<AturanInput>,
    errors: FormErrors,
    notice: Option<String>,
    report: Option<ImportReport>,
}

async fn render_page(
    app: &App,
    user: &crate::services::accounts::CurrentUser,
    lang: crate::i18n::Lang,
    tahun: Option<i64>,
    extra: Extra,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    svc::may_open(user)?;
    let years = crate::services::periode::years(app, user).await?;
    let year = crate::services::periode::select_year(&years, tahun, app.today())
        .or_else(|| years.first().cloned())
        .ok_or(AppError::NotFound)?;
    let periods = crate::services::periode::periods(app, user, year.id).await?;
    let counts = svc::disiplin_counts(app, user, year.id).await?;
    let imported = periods
        .iter()
        .map(|p| (p.clone(), counts.get(&p.id).copied().unwrap_or(0)))
        .collect();
    let (aturan, stored) = svc::aturan(app, instansi, year.tahun).await?;
    let status = if extra.errors.any() || extra.report.as_ref().is_some_and(|r| !r.ok()) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    super::render_status(
        status,
        TppPage {
            ctx: Ctx::new(lang, Some(user), "/tpp", "tpp"),
            can_edit: user.actor.can_admin_instansi(instansi),
            form: extra.form.unwrap_or_else(|| AturanInput::of(&aturan)),
            years,
            year,
            periods,
            stored,
            errors: extra.errors,
            notice: extra.notice,
            report: extra.report,
            imported,
        },
    )
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<TppQuery>,
) -> AppResult<Response> {
    let notice = (q.pesan.as_deref() == Some("tersimpan"))
        .then(|| crate::i18n::t(lang, "notice-saved").to_string());
    render_page(
        &app,
        &user,
        lang,
        q.tahun,
        Extra {
            form: None,
            errors: FormErrors::default(),
            notice,
            report: None,
        },
    )
    .await
}

#[derive(Deserialize)]
struct SaveForm {
    tahun: i64,
    #[serde(flatten)]
    aturan: AturanInput,
}

async fn save(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<SaveForm>,
) -> AppResult<Response> {
    match svc::save_aturan(&app, &user, f.tahun, &f.aturan).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/tpp?tahun={}&pesan=tersimpan", f.tahun)).into_response())
        }
        Err(AppError::Invalid(p)) => {
            render_page(
                &app,
                &user,
                lang,
                Some(f.tahun),
                Extra {
                    form: Some(f.aturan),
                    errors: FormErrors::from_problems(&p, lang),
                    notice: None,
                    report: None,
                },
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The attendance file of one period (multipart: csrf, periode, uji, berkas).
async fn import(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    crate::services::import::may_import(&user)?;
    let mut csrf = String::new();
    let mut periode: Option<i64> = None;
    let mut dry_run = false;
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::invalid("file", "form-malformed"))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "periode" => periode = field.text().await.unwrap_or_default().trim().parse().ok(),
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
    let period =
        crate::services::periode::period(&app, &user, periode.ok_or(AppError::NotFound)?).await?;
    let year = crate::services::periode::year(&app, &user, period.year_id).await?;
    let extra = match file.filter(|b| !b.is_empty()) {
        None => Extra {
            form: None,
            errors: FormErrors::general(crate::i18n::t(lang, "import-no-file").to_string()),
            notice: None,
            report: None,
        },
        Some(bytes) => {
            let r = crate::services::import::import_disiplin(
                &app,
                instansi,
                &user.who(),
                period.id,
                &bytes,
                dry_run,
            )
            .await?;
            Extra {
                form: None,
                errors: FormErrors::default(),
                notice: None,
                report: Some(r),
            }
        }
    };
    render_page(&app, &user, lang, Some(year.tahun), extra).await
}
