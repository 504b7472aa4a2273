//! Development needs pages: the analysis of a subtree and period, one finding with its
//! people and the form that puts them on the plan, and the catalogue BKPSDM maintains.

use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::services::pengembangan::KatalogRow;
use crate::services::pengembangan::{self as svc, Analysis, Finding, FindingView};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kinerja_domain::jabatan::JenisJabatan;
use kinerja_domain::org::JenisUnit;
use kinerja_domain::pengembangan::{KatalogInput, Sasaran};
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/pengembangan", get(analysis))
        .route("/pengembangan/temuan", get(finding).post(plan))
        .route("/pengembangan/katalog", get(katalog).post(katalog_create))
        .route(
            "/pengembangan/katalog/{id}",
            get(katalog_edit).post(katalog_update),
        )
}

/// A sasaran's name: the results, or the BerAKHLAK value.
pub fn sasaran_label(ctx: &Ctx, nilai: &[String], s: Sasaran) -> String {
    match s {
        Sasaran::Hasil => ctx.t("pengembangan-hasil").to_string(),
        Sasaran::Perilaku(k) => nilai.get(k as usize - 1).cloned().unwrap_or_default(),
    }
}

#[derive(Deserialize, Default)]
struct AnalysisQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    periode: Option<i64>,
}

#[derive(Template)]
#[template(path = "pengembangan.html")]
struct AnalysisPage {
    ctx: Ctx,
    a: Analysis,
}

impl AnalysisPage {
    fn sasaran(&self, s: &Sasaran) -> String {
        sasaran_label(&self.ctx, &self.a.nilai, *s)
    }

    fn link(&self, f: &Finding) -> String {
        format!(
            "/pengembangan/temuan?unit={}&periode={}&kelompok={}&sasaran={}",
            self.a.scope.id,
            self.a.period.id,
            f.group.code(),
            f.sasaran.code()
        )
    }

    fn sections(&self) -> [(&'static str, &'static str, &Vec<Finding>); 3] {
        [
            ("by-unit", "pengembangan-by-unit", &self.a.by_unit),
            ("by-kind", "pengembangan-by-kind", &self.a.by_kind),
            ("by-jabatan", "pengembangan-by-jabatan", &self.a.by_jabatan),
        ]
    }

    fn unit_link(&self, f: &Finding) -> Option<String> {
        match f.group {
            svc::Group::Unit(id) => Some(format!(
                "/pengembangan?unit={id}&periode={}",
                self.a.period.id
            )),
            _ => None,
        }
    }
}

async fn analysis(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<AnalysisQuery>,
) -> AppResult<Response> {
    let a = svc::analysis(&app, &user, q.unit, q.periode).await?;
    super::render_status(
        axum::http::StatusCode::OK,
        AnalysisPage {
            ctx: Ctx::new(lang, Some(&user), "/pengembangan", "pengembangan"),
            a,
        },
    )
}

#[derive(Deserialize, Default)]
struct FindingQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    periode: Option<i64>,
    #[serde(default)]
    kelompok: String,
    #[serde(default)]
    sasaran: String,
    #[serde(default)]
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "pengembangan_temuan.html")]
struct FindingPage {
    ctx: Ctx,
    f: FindingView,
    errors: FormErrors,
}

impl FindingPage {
    fn sasaran(&self) -> String {
        sasaran_label(&self.ctx, &self.f.nilai, self.f.sasaran)
    }

    fn name(&self, r: &crate::services::pengembangan::LowRow) -> String {
        kinerja_domain::nama::nama_lengkap(&r.gelar_depan, &r.nama, &r.gelar_belakang)
    }

    fn period_label(&self) -> String {
        format!("{} {}", self.f.tahun, self.f.period.nama)
    }

    fn pages(&self) -> u32 {
        ((self.f.total.max(0) as u64).div_ceil(svc::PER_PAGE as u64)).max(1) as u32
    }

    fn page_link(&self, page: u32) -> String {
        format!(
            "/pengembangan/temuan?unit={}&periode={}&kelompok={}&sasaran={}&page={page}",
            self.f.scope.id,
            self.f.period.id,
            self.f.group.code(),
            self.f.sasaran.code()
        )
    }
}

async fn finding(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<FindingQuery>,
) -> AppResult<Response> {
    let f = svc::finding(
        &app,
        &user,
        q.unit,
        q.periode,
        &q.kelompok,
        &q.sasaran,
        q.page.unwrap_or(1),
    )
    .await?;
    super::render_status(
        axum::http::StatusCode::OK,
        FindingPage {
            ctx: Ctx::new(lang, Some(&user), "/pengembangan", "pengembangan"),
            f,
            errors: FormErrors::default(),
        },
    )
}

#[derive(Deserialize)]
struct PlanForm {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    periode: Option<i64>,
    kelompok: String,
    sasaran: String,
    #[serde(default)]
    katalog_id: String,
}

async fn plan(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(form): CsrfForm<PlanForm>,
) -> AppResult<Response> {
    let katalog_id = form.katalog_id.trim().parse::<i64>().unwrap_or(0);
    match svc::plan_finding(
        &app,
        &user,
        form.unit,
        form.periode,
        &form.kelompok,
        &form.sasaran,
        katalog_id,
    )
    .await
    {
        Ok(p) => Ok(Redirect::to(&format!(
            "/laporan/rencana-pengembangan?unit={}&periode={}&pesan=ditambah-{}",
            p.unit_id, p.period_id, p.added
        ))
        .into_response()),
        Err(AppError::Invalid(p)) => {
            let f = svc::finding(
                &app,
                &user,
                form.unit,
                form.periode,
                &form.kelompok,
                &form.sasaran,
                1,
            )
            .await?;
            super::render_status(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                FindingPage {
                    ctx: Ctx::new(lang, Some(&user), "/pengembangan", "pengembangan"),
                    f,
                    errors: FormErrors::from_problems(&p, lang),
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "pengembangan_katalog.html")]
struct KatalogPage {
    ctx: Ctx,
    rows: Vec<KatalogRow>,
    nilai: Vec<String>,
    can_edit: bool,
    /// The entry being edited, if any.
    editing: Option<i64>,
    form: KatalogInput,
    aktif: bool,
    errors: FormErrors,
    notice: Option<String>,
}

impl KatalogPage {
    fn sasaran_options(&self) -> Vec<(String, String)> {
        Sasaran::all()
            .into_iter()
            .map(|s| (s.code(), sasaran_label(&self.ctx, &self.nilai, s)))
            .collect()
    }

    fn sasaran_of(&self, code: &str) -> String {
        Sasaran::parse(code)
            .map(|s| sasaran_label(&self.ctx, &self.nilai, s))
            .unwrap_or_default()
    }

    fn units(&self) -> Vec<(&'static str, &'static str)> {
        JenisUnit::ALL
            .into_iter()
            .filter(|j| *j != JenisUnit::Pemda)
            .map(|j| (j.code(), j.label()))
            .collect()
    }

    fn jabatan(&self) -> Vec<(&'static str, &'static str)> {
        JenisJabatan::ALL
            .into_iter()
            .filter(|j| *j != JenisJabatan::PejabatNegara)
            .map(|j| (j.code(), j.label()))
            .collect()
    }

    fn unit_checked(&self, code: &&str) -> bool {
        self.form.jenis_unit.iter().any(|c| c == code)
    }

    fn jabatan_checked(&self, code: &&str) -> bool {
        self.form.jenis_jabatan.iter().any(|c| c == code)
    }

    /// "Kelurahan, UPTD" from stored codes; "semua" when empty.
    fn for_whom(&self, units: &str, jab: &str) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for c in units.split(',').filter(|c| !c.is_empty()) {
            if let Some(j) = JenisUnit::ALL.into_iter().find(|j| j.code() == c) {
                parts.push(j.label());
            }
        }
        for c in jab.split(',').filter(|c| !c.is_empty()) {
            if let Some(j) = JenisJabatan::ALL.into_iter().find(|j| j.code() == c) {
                parts.push(j.label());
            }
        }
        if parts.is_empty() {
            self.ctx.t("katalog-semua").to_string()
        } else {
            parts.join(", ")
        }
    }

    fn action(&self) -> String {
        match self.editing {
            Some(id) => format!("/pengembangan/katalog/{id}"),
            None => "/pengembangan/katalog".into(),
        }
    }
}

async fn katalog_page(
    app: &App,
    user: &crate::services::accounts::CurrentUser,
    lang: crate::i18n::Lang,
    editing: Option<i64>,
    form: Option<(KatalogInput, bool)>,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let rows = svc::katalog(app, user).await?;
    let (form, aktif) = match (form, editing) {
        (Some(f), _) => f,
        (None, Some(id)) => {
            let r = rows.iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
            (svc::input_of(r), r.aktif)
        }
        (None, None) => (KatalogInput::default(), true),
    };
    let instansi = user.instansi_id();
    let referensi = crate::services::periode::current_year(app, instansi)
        .await?
        .map(|y| y.reference_version_id);
    let nilai = match referensi {
        Some(id) => crate::services::referensi::referensi(app, instansi, id)
            .await?
            .berakhlak
            .iter()
            .map(|n| n.nama.clone())
            .collect(),
        None => kinerja_domain::referensi::Referensi::permenpanrb_6_2022()
            .berakhlak
            .iter()
            .map(|n| n.nama.clone())
            .collect(),
    };
    let status = if errors.any() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    super::render_status(
        status,
        KatalogPage {
            ctx: Ctx::new(lang, Some(user), "/pengembangan/katalog", "pengembangan"),
            can_edit: user.actor.can_admin_instansi(instansi),
            rows,
            nilai,
            editing,
            form,
            aktif,
            errors,
            notice,
        },
    )
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    #[serde(default)]
    pesan: Option<String>,
}

async fn katalog(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = (q.pesan.as_deref() == Some("tersimpan"))
        .then(|| crate::i18n::t(lang, "notice-saved").to_string());
    katalog_page(&app, &user, lang, None, None, FormErrors::default(), notice).await
}

async fn katalog_edit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    svc::may_keep_katalog(&user)?;
    katalog_page(
        &app,
        &user,
        lang,
        Some(id),
        None,
        FormErrors::default(),
        None,
    )
    .await
}

/// The form's pairs (checkbox groups repeat their name) as the domain's input.
fn katalog_input(pairs: &[(String, String)]) -> (KatalogInput, bool) {
    let one = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let many = |k: &str| {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    (
        KatalogInput {
            kode: one("kode"),
            nama: one("nama"),
            bentuk: one("bentuk"),
            sasaran: one("sasaran"),
            jenis_unit: many("jenis_unit"),
            jenis_jabatan: many("jenis_jabatan"),
            penyelenggara: one("penyelenggara"),
            jp: one("jp"),
        },
        pairs.iter().any(|(n, v)| n == "aktif" && v != "0"),
    )
}

async fn save(
    app: App,
    user: WebUser,
    lang: crate::i18n::Lang,
    id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> AppResult<Response> {
    let (input, aktif) = katalog_input(&pairs);
    let aktif = aktif || id.is_none();
    match svc::katalog_save(&app, &user, id, &input, aktif).await {
        Ok(_) => Ok(Redirect::to("/pengembangan/katalog?pesan=tersimpan").into_response()),
        Err(AppError::Invalid(p)) => {
            katalog_page(
                &app,
                &user,
                lang,
                id,
                Some((input, aktif)),
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn katalog_create(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(app, user, lang, None, pairs).await
}

async fn katalog_update(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(app, user, lang, Some(id), pairs).await
}
