//! Planning pages: the SKP, its rows and transitions, cascading, the approval queue,
//! monitoring, notifications, and the admin's years and reference data.

use super::extract::{CsrfForm, UserLang, WebUser};
use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::services::skp::{
    self as svc, Decision, EditOp, IndikatorInput, Monitoring, PlanStart, PlanView, RhkInput,
    YearInput,
};
use crate::store::skp::{
    self as store, NotificationRow, PendingRow, SkpRow, SubmissionRow, YearRow,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_domain::skp::{Change, JenisRhk, SkpAction, SkpStatus};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/skp", get(my_plans))
        .route("/skp/baru", post(create_plan))
        .route("/skp/{id}", get(plan_page))
        .route("/skp/{id}/rhk", post(add_rhk))
        .route("/skp/{id}/rhk/{rid}", get(rhk_page).post(update_rhk))
        .route("/skp/{id}/rhk/{rid}/hapus", post(remove_rhk))
        .route("/skp/{id}/rhk/{rid}/indikator", post(add_indikator))
        .route("/skp/{id}/indikator/{iid}", post(update_indikator))
        .route("/skp/{id}/indikator/{iid}/hapus", post(remove_indikator))
        .route("/skp/{id}/pendekatan", post(set_pendekatan))
        .route("/skp/{id}/lampiran", post(set_lampiran))
        .route("/skp/{id}/usulan/{cid}/ambil", post(adopt))
        .route("/skp/{id}/ajukan", post(submit))
        .route("/skp/{id}/tarik", post(withdraw))
        .route("/skp/{id}/keputusan", post(decide))
        .route("/skp/{id}/ekspektasi", post(expectations))
        .route("/skp/{id}/revisi-baru", post(revise))
        .route("/skp/{id}/riwayat", get(history))
        .route("/skp/{id}/cetak", get(print))
        .route("/skp/{id}/pdf", get(pdf))
        .route("/skp/{id}/matriks", get(matrix).post(hand_down))
        .route("/skp/turunan/{cid}/hapus", post(remove_cascade))
        .route("/persetujuan", get(queue))
        .route("/monitoring", get(monitoring))
        .route("/monitoring/unduh", get(monitoring_export))
        .route("/notifikasi", get(notifications))
        .route("/admin/tahun", get(years).post(create_year))
        .route("/admin/tahun/{yid}/periode/{pid}", post(update_period))
        .route("/admin/referensi/{id}", get(reference))
}

fn render(t: impl Template) -> AppResult<Response> {
    let html = t
        .render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))?;
    Ok(Html(html).into_response())
}

fn here(uri: &axum::http::Uri) -> String {
    uri.path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into())
}

// ---------------------------------------------------------------------------------------
// My plans

#[derive(Template)]
#[template(path = "skp_list.html")]
pub struct PlansPage {
    pub ctx: Ctx,
    pub year: Option<YearRow>,
    pub years: Vec<YearRow>,
    pub plans: Vec<SkpRow>,
    pub proposals: usize,
    pub has_previous: bool,
    pub can_plan: bool,
    pub errors: FormErrors,
}

impl PlansPage {
    pub fn all_closed(&self) -> bool {
        self.plans.iter().all(|p| p.closed)
    }
}

#[derive(Deserialize, Default)]
struct YearQuery {
    #[serde(default)]
    tahun: Option<i64>,
}

async fn plans_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    tahun: Option<i64>,
    errors: FormErrors,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let years = store::years(&app.db, instansi).await?;
    let year = match tahun {
        Some(t) => years.iter().find(|y| y.tahun == t).cloned(),
        None => svc::current_year(app, instansi).await?,
    };
    let me = user.session.employee_id;
    let (plans, proposals, has_previous) = match (&year, me) {
        (Some(y), Some(e)) => (
            store::skps_of(&app.db, e, y.id).await?,
            store::cascades_to(&app.db, e, y.id).await?.len(),
            store::previous_skp(&app.db, e, y.tahun).await?.is_some(),
        ),
        _ => (Vec::new(), 0, false),
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = PlansPage {
        ctx: Ctx::new(lang, Some(user), &here(uri), "skp"),
        can_plan: me.is_some() && !user.actor.is_pimpinan()
            || me.is_some() && user.actor.is_supervisor(),
        year,
        years,
        plans,
        proposals,
        has_previous,
        errors,
    };
    Ok((status, render(page)?).into_response())
}

async fn my_plans(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<YearQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    plans_page(&app, &user, lang, &uri, q.tahun, FormErrors::default()).await
}

#[derive(Deserialize)]
struct CreateForm {
    year_id: i64,
    mulai_dari: PlanStart,
}

async fn create_plan(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<CreateForm>,
) -> AppResult<Response> {
    match svc::create_plan(&app, &user, f.year_id, f.mulai_dari).await {
        Ok(id) => Ok(Redirect::to(&format!("/skp/{id}")).into_response()),
        Err(AppError::Invalid(p)) => {
            plans_page(
                &app,
                &user,
                lang,
                &uri,
                None,
                FormErrors::from_problems(&p, lang),
            )
            .await
        }
        Err(e @ AppError::Conflict(_)) => {
            plans_page(
                &app,
                &user,
                lang,
                &uri,
                None,
                FormErrors::general(e.message(lang)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// The plan page

/// A form of the plan page that was refused: which one, what was typed, and why.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub which: String,
    pub values: HashMap<String, String>,
    pub errors: FormErrors,
}

impl FormState {
    pub fn is(&self, which: &str) -> bool {
        self.which == which
    }
    pub fn value(&self, which: &str, field: &str) -> String {
        if self.which == which {
            self.values.get(field).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

#[derive(Template)]
#[template(path = "skp.html")]
pub struct PlanPage {
    pub ctx: Ctx,
    pub v: std::sync::Arc<PlanView>,
    pub form: FormState,
    pub notice: Option<String>,
}

impl PlanPage {
    pub fn can(&self, a: &str) -> bool {
        let action = match a {
            "edit" => SkpAction::Edit,
            "submit" => SkpAction::Submit,
            "withdraw" => SkpAction::Withdraw,
            "approve" => SkpAction::Approve,
            "return" => SkpAction::Return,
            "revise" => SkpAction::Revise,
            "expect" => SkpAction::WriteExpectations,
            _ => return false,
        };
        self.v.can(action)
    }

    pub fn utama(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.v
            .content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Utama)
            .collect()
    }

    pub fn tambahan(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.v
            .content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Tambahan)
            .collect()
    }

    /// Block A (Utama) and block B (Tambahan) with their rows.
    pub fn blocks(&self) -> Vec<(&'static str, &'static str, Vec<&kinerja_domain::skp::Rhk>)> {
        vec![
            ("A", self.ctx.t("skp-utama"), self.utama()),
            ("B", self.ctx.t("skp-tambahan"), self.tambahan()),
        ]
    }

    pub fn lampiran_parts(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("dukungan", self.ctx.t("lampiran-dukungan")),
            ("skema", self.ctx.t("lampiran-skema")),
            ("konsekuensi", self.ctx.t("lampiran-konsekuensi")),
        ]
    }

    pub fn note_of(&self, rhk_id: &i64) -> String {
        self.v.row_notes.get(rhk_id).cloned().unwrap_or_default()
    }

    pub fn ekspektasi(&self, kode: &u8) -> String {
        let typed = self.form.value("ekspektasi", &format!("e{kode}"));
        if self.form.is("ekspektasi") {
            return typed;
        }
        self.v
            .content
            .ekspektasi
            .iter()
            .find(|(k, _)| k == kode)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    pub fn lampiran_text(&self, bagian: &str) -> String {
        if self.form.is(&format!("lampiran-{bagian}")) {
            return self.form.value(&format!("lampiran-{bagian}"), "isi");
        }
        let l = &self.v.content.lampiran;
        match bagian {
            "dukungan" => l.dukungan.join("\n"),
            "skema" => l.skema.join("\n"),
            _ => l.konsekuensi.join("\n"),
        }
    }

    /// Subordinates' RHK that intervene this RHK.
    pub fn children_of(&self, rhk_id: &i64) -> Vec<&store::ChildLinkRow> {
        self.v
            .child_links
            .iter()
            .filter(|c| c.parent_rhk_id == *rhk_id)
            .collect()
    }

    /// Removed RHK of this plan that subordinates still point at: broken on both sides.
    pub fn orphaned(&self) -> Vec<&store::ChildLinkRow> {
        self.v
            .child_links
            .iter()
            .filter(|c| !c.parent_aktif)
            .collect()
    }

    pub fn missing_messages(&self) -> Vec<String> {
        self.v
            .missing
            .iter()
            .map(|m| {
                let mut p = crate::error::Problem::new(None, m.code());
                for (k, val) in m.args() {
                    p = p.arg(k, val);
                }
                p.message(self.ctx.lang)
            })
            .collect()
    }

    pub fn penilai_name(&self) -> String {
        match &self.v.penilai {
            crate::services::org::ChainLink::Person { employee, .. } => employee.nama_lengkap(),
            _ => String::new(),
        }
    }

    /// A refused form shows its reasons beside it, unless that form is no longer on the
    /// page (the plan changed status meanwhile): then at the top.
    pub fn errors_at_top(&self) -> bool {
        if !self.form.errors.any() {
            return false;
        }
        let w = self.form.which.as_str();
        if w == "rhk-baru" || w.starts_with("ind-") || w.starts_with("lampiran-") {
            !self.can("edit")
        } else if w == "ekspektasi" {
            !self.can("expect")
        } else if w == "keputusan" {
            !self.can("approve")
        } else {
            true
        }
    }

    pub fn version(&self) -> i64 {
        self.v.skp.version
    }
}

#[derive(Deserialize, Default)]
struct PlanQuery {
    #[serde(default)]
    pesan: String,
}

async fn plan_page_with(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    form: FormState,
    notice: Option<String>,
) -> AppResult<Response> {
    let v = svc::plan_view_cached(app, user, id).await?;
    let status = if form.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = PlanPage {
        ctx: Ctx::new(lang, Some(user), &format!("/skp/{id}"), "skp"),
        v,
        form,
        notice,
    };
    Ok((status, render(page)?).into_response())
}

async fn plan_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_str() {
        "" => None,
        code => crate::i18n::t_opt(lang, &format!("notice-skp-{code}")).map(str::to_string),
    };
    plan_page_with(&app, &user, lang, id, FormState::default(), notice).await
}

/// After a change: back to the plan (at the right place), or the page again with the
/// refused form as typed and the reasons.
// The form's identity travels with its outcome; a struct would only rename the arguments.
#[allow(clippy::too_many_arguments)]
async fn outcome(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    which: &str,
    values: HashMap<String, String>,
    r: AppResult<()>,
    done: &str,
) -> AppResult<Response> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/skp/{id}?pesan={done}#{which}")).into_response()),
        Err(AppError::Invalid(p)) => {
            let form = FormState {
                which: which.to_string(),
                values,
                errors: FormErrors::from_problems(&p, lang),
            };
            plan_page_with(app, user, lang, id, form, None).await
        }
        Err(e @ (AppError::Stale | AppError::Conflict(_))) => {
            let form = FormState {
                which: which.to_string(),
                values,
                errors: FormErrors::general(e.message(lang)),
            };
            plan_page_with(app, user, lang, id, form, None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default, Clone)]
struct RhkForm {
    version: i64,
    jenis: String,
    teks: String,
    #[serde(default)]
    parent_rhk_id: String,
    #[serde(default)]
    pk_target: String,
    #[serde(default)]
    perspektif: String,
}

impl RhkForm {
    fn input(&self) -> RhkInput {
        RhkInput {
            jenis: self.jenis.clone(),
            teks: self.teks.clone(),
            parent_rhk_id: self.parent_rhk_id.trim().parse().ok(),
            pk_target: self.pk_target.clone(),
            perspektif: self.perspektif.clone(),
        }
    }
    fn values(&self) -> HashMap<String, String> {
        [
            ("jenis", &self.jenis),
            ("teks", &self.teks),
            ("parent_rhk_id", &self.parent_rhk_id),
            ("pk_target", &self.pk_target),
            ("perspektif", &self.perspektif),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

async fn add_rhk(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RhkForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::AddRhk(f.input())).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "rhk-baru",
        f.values(),
        r,
        "tersimpan",
    )
    .await
}

async fn update_rhk(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<RhkForm>,
) -> AppResult<Response> {
    match svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::UpdateRhk(rid, f.input()),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/skp/{id}?pesan=tersimpan#rhk-{rid}")).into_response()),
        Err(AppError::Invalid(p)) => {
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                Some(f.values()),
                FormErrors::from_problems(&p, lang),
            )
            .await
        }
        Err(e @ AppError::Stale) => {
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                Some(f.values()),
                FormErrors::general(e.message(lang)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct VersionForm {
    version: i64,
}

async fn remove_rhk(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::RemoveRhk(rid)).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "hasil-kerja",
        HashMap::new(),
        r,
        "dihapus",
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
struct IndikatorForm {
    version: i64,
    aspek: String,
    iki: String,
    target: String,
    #[serde(default)]
    satuan: String,
}

impl IndikatorForm {
    fn input(&self) -> IndikatorInput {
        IndikatorInput {
            aspek: self.aspek.clone(),
            iki: self.iki.clone(),
            target: self.target.clone(),
            satuan: self.satuan.clone(),
        }
    }
    fn values(&self) -> HashMap<String, String> {
        [
            ("aspek", &self.aspek),
            ("iki", &self.iki),
            ("target", &self.target),
            ("satuan", &self.satuan),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

async fn add_indikator(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<IndikatorForm>,
) -> AppResult<Response> {
    let r = svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::AddIndikator(rid, f.input()),
    )
    .await;
    outcome(
        &app,
        &user,
        lang,
        id,
        &format!("ind-{rid}"),
        f.values(),
        r,
        "tersimpan",
    )
    .await
}

async fn update_indikator(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, iid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<IndikatorForm>,
) -> AppResult<Response> {
    let rid = svc::plan_view(&app, &user, id)
        .await?
        .content
        .rhk
        .iter()
        .find(|r| r.indikator.iter().any(|i| i.id == iid))
        .map(|r| r.id)
        .ok_or(AppError::NotFound)?;
    match svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::UpdateIndikator(iid, f.input()),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/skp/{id}?pesan=tersimpan#rhk-{rid}")).into_response()),
        Err(AppError::Invalid(p)) => {
            let mut values = f.values();
            values.insert("indikator".into(), iid.to_string());
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                Some(values),
                FormErrors::from_problems(&p, lang),
            )
            .await
        }
        Err(e @ AppError::Stale) => {
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                None,
                FormErrors::general(e.message(lang)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn remove_indikator(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, iid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::RemoveIndikator(iid)).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "hasil-kerja",
        HashMap::new(),
        r,
        "dihapus",
    )
    .await
}

#[derive(Deserialize)]
struct PendekatanForm {
    version: i64,
    pendekatan: String,
}

async fn set_pendekatan(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<PendekatanForm>,
) -> AppResult<Response> {
    let r = svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::Pendekatan(f.pendekatan.clone()),
    )
    .await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "pendekatan",
        HashMap::new(),
        r,
        "tersimpan",
    )
    .await
}

#[derive(Deserialize)]
struct LampiranForm {
    version: i64,
    bagian: String,
    #[serde(default)]
    isi: String,
}

async fn set_lampiran(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<LampiranForm>,
) -> AppResult<Response> {
    let r = svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::Lampiran(f.bagian.clone(), f.isi.clone()),
    )
    .await;
    let values = HashMap::from([("isi".to_string(), f.isi.clone())]);
    outcome(
        &app,
        &user,
        lang,
        id,
        &format!("lampiran-{}", f.bagian),
        values,
        r,
        "tersimpan",
    )
    .await
}

async fn adopt(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, cid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::AdoptProposal(cid)).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "hasil-kerja",
        HashMap::new(),
        r,
        "tersimpan",
    )
    .await
}

async fn submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::submit(&app, &user, id, f.version).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "status",
        HashMap::new(),
        r,
        "diajukan",
    )
    .await
}

async fn withdraw(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::withdraw(&app, &user, id, f.version).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "status",
        HashMap::new(),
        r,
        "ditarik",
    )
    .await
}

async fn revise(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::revise(&app, &user, id, f.version).await;
    outcome(&app, &user, lang, id, "status", HashMap::new(), r, "revisi").await
}

async fn decide(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let approve = f.get("keputusan").map(String::as_str) == Some("setujui");
    let d = Decision {
        approve,
        catatan: f.get("catatan").cloned().unwrap_or_default(),
        catatan_baris: f
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("catatan_")
                    .and_then(|id| id.parse().ok())
                    .map(|id| (id, v.clone()))
            })
            .collect(),
    };
    let r = svc::decide(&app, &user, id, version, &d).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "keputusan",
        f,
        r,
        if approve { "disetujui" } else { "dikembalikan" },
    )
    .await
}

async fn expectations(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let texts: Vec<(u8, String)> = (1..=7u8)
        .filter_map(|k| f.get(&format!("e{k}")).map(|t| (k, t.clone())))
        .collect();
    let r = svc::set_expectations(&app, &user, id, version, &texts).await;
    outcome(&app, &user, lang, id, "ekspektasi", f, r, "tersimpan").await
}

// ---------------------------------------------------------------------------------------
// One RHK with its indicators

#[derive(Template)]
#[template(path = "skp_rhk.html")]
pub struct RhkPage {
    pub ctx: Ctx,
    pub v: PlanView,
    pub rhk: kinerja_domain::skp::Rhk,
    pub values: HashMap<String, String>,
    pub errors: FormErrors,
    /// Which indicator form was refused (its values are in `values`).
    pub indikator_form: Option<i64>,
}

impl RhkPage {
    pub fn val(&self, field: &str, stored: &str) -> String {
        if self.indikator_form.is_none() {
            self.values
                .get(field)
                .cloned()
                .unwrap_or_else(|| stored.to_string())
        } else {
            stored.to_string()
        }
    }
    pub fn ind_val(&self, iid: &i64, field: &str, stored: &str) -> String {
        if self.indikator_form == Some(*iid) {
            self.values.get(field).cloned().unwrap_or_default()
        } else {
            stored.to_string()
        }
    }
    /// A stored target as typed back: the number or range, else the narrative.
    pub fn target_input(&self, i: &kinerja_domain::skp::Indikator) -> String {
        match i.target_min {
            Some(_) => kinerja_domain::skp::target_input(i.target_min, i.target_max),
            None => i.target_teks.clone(),
        }
    }

    pub fn parent_selected(&self, option: &i64) -> bool {
        let chosen = self
            .values
            .get("parent_rhk_id")
            .and_then(|v| v.parse::<i64>().ok())
            .or(self.rhk.parent_rhk_id);
        chosen == Some(*option)
    }
}

#[allow(clippy::too_many_arguments)]
async fn rhk_editor(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    id: i64,
    rid: i64,
    values: Option<HashMap<String, String>>,
    errors: FormErrors,
) -> AppResult<Response> {
    let v = svc::plan_view(app, user, id).await?;
    if !v.can(SkpAction::Edit) {
        return Err(AppError::Forbidden);
    }
    let rhk = v
        .content
        .rhk
        .iter()
        .find(|r| r.id == rid)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let values = values.unwrap_or_default();
    let indikator_form = values.get("indikator").and_then(|s| s.parse().ok());
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = RhkPage {
        ctx: Ctx::new(lang, Some(user), &here(uri), "skp"),
        v,
        rhk,
        values,
        errors,
        indikator_form,
    };
    Ok((status, render(page)?).into_response())
}

async fn rhk_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    rhk_editor(
        &app,
        &user,
        lang,
        &uri,
        id,
        rid,
        None,
        FormErrors::default(),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// History, print, PDF

#[derive(Template)]
#[template(path = "skp_history.html")]
pub struct HistoryPage {
    pub ctx: Ctx,
    pub skp: SkpRow,
    pub owner: crate::store::org::EmployeeRow,
    pub submissions: Vec<SubmissionRow>,
    pub diff: Option<(i64, i64, Vec<Change>)>,
    pub shown: Option<svc::FrozenPlan>,
}

impl HistoryPage {
    pub fn change_text(&self, c: &Change) -> String {
        let t = |k: &str| crate::i18n::t(self.ctx.lang, k).to_string();
        let f = |k: &str, args: &[(&str, &str)]| crate::i18n::tf(self.ctx.lang, k, args);
        match c {
            Change::Pendekatan { before, after } => f(
                "change-pendekatan",
                &[("before", before.code()), ("after", after.code())],
            ),
            Change::RhkAdded { teks, .. } => f("change-rhk-added", &[("teks", teks)]),
            Change::RhkRemoved { teks, .. } => f("change-rhk-removed", &[("teks", teks)]),
            Change::RhkChanged {
                teks,
                field,
                before,
                after,
            } => f(
                "change-rhk-changed",
                &[
                    ("teks", teks),
                    ("field", &t(&format!("field-{}", field.replace('_', "-")))),
                    ("before", before),
                    ("after", after),
                ],
            ),
            Change::IndicatorAdded { rhk, iki } => {
                f("change-ind-added", &[("rhk", rhk), ("iki", iki)])
            }
            Change::IndicatorRemoved { rhk, iki } => {
                f("change-ind-removed", &[("rhk", rhk), ("iki", iki)])
            }
            Change::IndicatorChanged {
                rhk,
                field,
                before,
                after,
            } => f(
                "change-ind-changed",
                &[
                    ("rhk", rhk),
                    ("field", &t(&format!("field-{}", field.replace('_', "-")))),
                    ("before", before),
                    ("after", after),
                ],
            ),
            Change::Lampiran {
                bagian,
                before,
                after,
            } => f(
                "change-lampiran",
                &[
                    ("bagian", &t(&format!("lampiran-{bagian}"))),
                    ("before", &before.join("; ")),
                    ("after", &after.join("; ")),
                ],
            ),
            Change::Ekspektasi {
                nilai,
                before,
                after,
            } => f(
                "change-ekspektasi",
                &[
                    ("nilai", &nilai.to_string()),
                    ("before", before),
                    ("after", after),
                ],
            ),
        }
    }

    pub fn decision_label(&self, d: &Option<String>) -> &'static str {
        match d.as_deref() {
            Some("disetujui") => self.ctx.t("skp-status-disetujui"),
            Some("dikembalikan") => self.ctx.t("skp-status-dikembalikan"),
            Some("ditarik") => self.ctx.t("decision-withdrawn"),
            _ => self.ctx.t("decision-pending"),
        }
    }
}

#[derive(Deserialize, Default)]
struct HistoryQuery {
    #[serde(default)]
    dari: Option<i64>,
    #[serde(default)]
    ke: Option<i64>,
    #[serde(default)]
    lihat: Option<i64>,
}

async fn history(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let (skp, owner, submissions) = svc::submissions(&app, &user, id).await?;
    let diff = match (q.dari, q.ke) {
        (Some(a), Some(b)) => {
            let (_, _, changes) = svc::diff(&app, &user, id, a, b).await?;
            Some((a, b, changes))
        }
        _ => None,
    };
    let shown = match q.lihat {
        Some(s) => Some(svc::frozen(
            submissions
                .iter()
                .find(|x| x.id == s)
                .ok_or(AppError::NotFound)?,
        )?),
        None => None,
    };
    render(HistoryPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "skp"),
        skp,
        owner,
        submissions,
        diff,
        shown,
    })
}

#[derive(Template)]
#[template(path = "skp_print.html")]
pub struct PrintPage {
    pub ctx: Ctx,
    pub v: PlanView,
    pub header: svc::Header,
    pub content: kinerja_domain::skp::SkpContent,
    pub approved: bool,
    pub tanggal: String,
}

impl PrintPage {
    pub fn utama(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Utama)
            .collect()
    }
    pub fn tambahan(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Tambahan)
            .collect()
    }
    pub fn ekspektasi(&self, kode: &u8) -> String {
        self.content
            .ekspektasi
            .iter()
            .find(|(k, _)| k == kode)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }
    pub fn blocks(&self) -> Vec<(&'static str, Vec<&kinerja_domain::skp::Rhk>)> {
        vec![("A. Utama", self.utama()), ("B. Tambahan", self.tambahan())]
    }

    pub fn lampiran_parts(&self) -> Vec<(&'static str, &Vec<String>)> {
        let l = &self.content.lampiran;
        vec![
            ("DUKUNGAN SUMBER DAYA", &l.dukungan),
            ("SKEMA PERTANGGUNGJAWABAN", &l.skema),
            ("KONSEKUENSI", &l.konsekuensi),
        ]
    }

    pub fn periode(&self) -> String {
        match (&self.header.mulai, &self.header.selesai) {
            (Some(a), Some(b)) => format!("{} – {}", self.ctx.date(a), self.ctx.date(b)),
            _ => String::new(),
        }
    }
}

async fn print(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let (v, header, content, approved) = svc::document(&app, &user, id).await?;
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "skp");
    let tanggal = ctx.date(&app.today());
    render(PrintPage {
        ctx,
        v,
        header,
        content,
        approved,
        tanggal,
    })
}

async fn pdf(
    _: super::extract::NotCrossSite,
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (bytes, filename) = crate::services::documents::skp_pdf(&app, &user, id).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

// ---------------------------------------------------------------------------------------
// Cascading

#[derive(Template)]
#[template(path = "skp_matrix.html")]
pub struct MatrixPage {
    pub ctx: Ctx,
    pub v: PlanView,
    pub reports: Vec<crate::store::org::EmployeeRow>,
    pub errors: FormErrors,
    pub notice: Option<String>,
}

impl MatrixPage {
    pub fn handed(&self, rhk_id: &i64, emp: &i64) -> Option<&store::CascadeRow> {
        self.v
            .handed_down
            .iter()
            .find(|c| c.from_rhk_id == *rhk_id && c.to_employee_id == *emp)
    }
}

async fn matrix_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    id: i64,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let v = svc::plan_view(app, user, id).await?;
    if v.role != kinerja_domain::skp::SkpRole::Owner {
        return Err(AppError::Forbidden);
    }
    let reports = svc::direct_reports(app, user).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(MatrixPage {
            ctx: Ctx::new(lang, Some(user), &here(uri), "skp"),
            v,
            reports,
            errors,
            notice,
        })?,
    )
        .into_response())
}

async fn matrix(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<PlanQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let notice = (q.pesan == "tersimpan").then(|| crate::i18n::t(lang, "notice-saved").to_string());
    matrix_page(&app, &user, lang, &uri, id, FormErrors::default(), notice).await
}

async fn hand_down(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let rhk_id: i64 = get("rhk_id").parse().unwrap_or(-1);
    let to: Vec<i64> = f
        .iter()
        .filter(|(k, _)| k == "pegawai")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match svc::hand_down(&app, &user, id, rhk_id, &to, &get("teks")).await {
        Ok(()) => Ok(Redirect::to(&format!("/skp/{id}/matriks?pesan=tersimpan")).into_response()),
        Err(AppError::Invalid(p)) => {
            matrix_page(
                &app,
                &user,
                lang,
                &uri,
                id,
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct CascadeRemoveForm {
    skp_id: i64,
}

async fn remove_cascade(
    State(app): State<App>,
    user: WebUser,
    Path(cid): Path<i64>,
    CsrfForm(f): CsrfForm<CascadeRemoveForm>,
) -> AppResult<Response> {
    svc::remove_cascade(&app, &user, cid).await?;
    Ok(Redirect::to(&format!("/skp/{}/matriks?pesan=tersimpan", f.skp_id)).into_response())
}

// ---------------------------------------------------------------------------------------
// Queue, monitoring, notifications

#[derive(Template)]
#[template(path = "queue.html")]
pub struct QueuePage {
    pub ctx: Ctx,
    pub items: Vec<PendingRow>,
}

async fn queue(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let items = svc::queue(&app, &user).await?;
    render(QueuePage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "persetujuan"),
        items,
    })
}

#[derive(Template)]
#[template(path = "monitoring.html")]
pub struct MonitoringPage {
    pub ctx: Ctx,
    pub m: Monitoring,
    pub years: Vec<YearRow>,
}

impl MonitoringPage {
    pub fn late_link(&self, page: u32) -> String {
        format!(
            "/monitoring?tahun={}&unit={}&hal={page}",
            self.m.year.tahun, self.m.unit.id
        )
    }

    pub fn late_export(&self, format: &str) -> String {
        format!(
            "/monitoring/unduh?tahun={}&unit={}&format={format}",
            self.m.year.tahun, self.m.unit.id
        )
    }
}

/// Everyone of a subtree without an approved plan, for the download of the monitoring list.
struct LateRows {
    app: App,
    ctx: Ctx,
    instansi_id: i64,
    year_id: i64,
    scope: kinerja_domain::UnitPath,
}

impl super::laporan::Chunks for LateRows {
    fn sheet(&self) -> String {
        self.ctx.t("monitoring-sheet").to_string()
    }

    fn columns(&self) -> Vec<kinerja_documents::table::Column> {
        use kinerja_documents::table::Column;
        vec![
            Column::new("NIP", 21.0),
            Column::new(self.ctx.t("f-nama"), 32.0),
            Column::new(self.ctx.t("f-jabatan"), 36.0),
            Column::new(self.ctx.t("f-unit"), 36.0),
            Column::new(self.ctx.t("monitoring-status"), 18.0),
        ]
    }

    async fn chunk(
        &self,
        offset: i64,
    ) -> AppResult<(Vec<Vec<kinerja_documents::table::Cell>>, bool)> {
        const CHUNK: i64 = 2_000;
        let rows = store::not_approved(
            &self.app.db,
            self.instansi_id,
            self.year_id,
            &self.scope,
            CHUNK,
            offset,
        )
        .await?;
        let more = rows.len() as i64 == CHUNK;
        Ok((
            rows.iter()
                .map(|l| {
                    vec![
                        l.nip.clone().unwrap_or_default().into(),
                        self.ctx
                            .nama(&l.gelar_depan, &l.nama, &l.gelar_belakang)
                            .into(),
                        l.jabatan.clone().into(),
                        l.unit_nama.clone().into(),
                        self.ctx.opt_skp_status(&l.status).into(),
                    ]
                })
                .collect(),
            more,
        ))
    }
}

#[derive(Deserialize, Default)]
struct MonitoringExport {
    #[serde(default)]
    tahun: Option<i64>,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    format: Option<String>,
}

/// The whole list of who has no approved plan yet, as XLSX or CSV.
async fn monitoring_export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<MonitoringExport>,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let year = match q.tahun {
        Some(t) => store::year_by_tahun(&app.db, instansi, t).await?,
        None => svc::current_year(&app, instansi).await?,
    }
    .ok_or(AppError::NotFound)?;
    // The viewer's scope; another unit is refused whatever the URL says.
    let unit = crate::services::org::list_scope(&app, &user, q.unit).await?;
    let stem = format!(
        "belum-disetujui-{}-{}",
        unit.kode.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        year.tahun
    );
    let src = LateRows {
        ctx: Ctx::new(lang, Some(&user), "/monitoring", "monitoring"),
        app,
        instansi_id: instansi,
        year_id: year.id,
        scope: unit.unit_path(),
    };
    super::laporan::download_rows(src, q.format.as_deref(), &stem).await
}

#[derive(Deserialize, Default)]
struct MonitoringQuery {
    #[serde(default)]
    tahun: Option<i64>,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    hal: Option<u32>,
}

async fn monitoring(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<MonitoringQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let years = store::years(&app.db, instansi).await?;
    let year = match q.tahun {
        Some(t) => years.iter().find(|y| y.tahun == t).cloned(),
        None => svc::current_year(&app, instansi).await?,
    }
    .ok_or(AppError::NotFound)?;
    let m = svc::monitoring(&app, &user, year.id, q.unit, q.hal.unwrap_or(1)).await?;
    render(MonitoringPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "monitoring"),
        m,
        years,
    })
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    pub ctx: Ctx,
    pub items: Vec<NotificationRow>,
}

impl NotificationsPage {
    pub fn text(&self, n: &NotificationRow) -> String {
        let params: HashMap<String, serde_json::Value> =
            serde_json::from_str(&n.params_json).unwrap_or_default();
        let args: Vec<(String, String)> = params
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        crate::i18n::t_opt(
            self.ctx.lang,
            &format!("notif-{}", n.kind.replace('_', "-")),
        )
        .map(|_| {
            crate::i18n::tf(
                self.ctx.lang,
                &format!("notif-{}", n.kind.replace('_', "-")),
                &refs,
            )
        })
        .unwrap_or_else(|| n.kind.clone())
    }
}

async fn notifications(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let items = svc::notifications(&app, &user).await?;
    render(NotificationsPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "notifikasi"),
        items,
    })
}

// ---------------------------------------------------------------------------------------
// Admin: years, periods, reference data

#[derive(Template)]
#[template(path = "years.html")]
pub struct YearsPage {
    pub ctx: Ctx,
    pub years: Vec<(YearRow, Vec<store::PeriodRow>)>,
    pub references: Vec<store::ReferenceRow>,
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

async fn years_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    form: YearInput,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let mut years = Vec::new();
    for y in store::years(&app.db, instansi).await? {
        let p = store::periods(&app.db, y.id).await?;
        years.push((y, p));
    }
    let references = store::references(&app.db, instansi).await?;
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

async fn years(
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

async fn create_year(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<YearInput>,
) -> AppResult<Response> {
    match svc::create_year(&app, &user, &f).await {
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
struct PeriodForm {
    mulai: String,
    selesai: String,
    batas: String,
}

async fn update_period(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((yid, pid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<PeriodForm>,
) -> AppResult<Response> {
    match svc::update_period(&app, &user, yid, pid, &f.mulai, &f.selesai, &f.batas).await {
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

#[derive(Template)]
#[template(path = "referensi.html")]
pub struct ReferencePage {
    pub ctx: Ctx,
    pub row: store::ReferenceRow,
    pub data: std::sync::Arc<kinerja_domain::referensi::Referensi>,
}

async fn reference(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    if !user.actor.is_admin() && !user.actor.is_pimpinan() {
        return Err(AppError::Forbidden);
    }
    let row = store::reference_get(&app.db, instansi, id).await?;
    let data = svc::referensi(&app, instansi, id).await?;
    render(ReferencePage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "tahun"),
        row,
        data,
    })
}

/// The statuses in the order people think of them, for legends.
pub fn statuses() -> [SkpStatus; 4] {
    [
        SkpStatus::Draft,
        SkpStatus::Diajukan,
        SkpStatus::Dikembalikan,
        SkpStatus::Disetujui,
    ]
}
