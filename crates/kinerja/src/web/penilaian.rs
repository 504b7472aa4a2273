//! Evaluation pages: the periods of my plan, one period's evaluation (realisasi,
//! self-assessment, the penilai's judgements and ratings, the predikat and why), and the
//! penilai's list.

use super::extract::{CsrfForm, UserLang, WebUser};
use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::services::penilaian::{
    self as svc, AssessInput, EvaluationView, PeriodLine, SelfInput, UnitView,
};
use crate::services::skp as skp_svc;
use crate::store::penilaian::EvaluationLine;
use crate::store::skp::{self as skp_store, PeriodRow, SkpRow};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_documents::chart::{Limit, histogram};
use kinerja_domain::penilaian::{
    Batas, CapaianOrganisasi, EvaluasiAction, EvaluasiRole, Predikat, Rating,
};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/penilaian", get(list))
        .route("/penilaian/buka", post(open))
        .route("/penilaian/{id}", get(page))
        .route("/penilaian/{id}/diri", post(save_self))
        .route("/penilaian/{id}/nilai", post(save_assessment))
        .route("/penilaian/{id}/buka-kembali", post(reopen))
        .route("/penilaian/{id}/bukti", post(upload_evidence))
        .route("/penilaian/{id}/bukti/{bid}", get(evidence_file))
        .route("/penilaian/{id}/bukti/{bid}/hapus", post(remove_evidence))
        .route("/penilaian/{id}/keberatan", post(object))
        .route("/penilaian/{id}/keberatan/penjelasan", post(explain))
        .route("/penilaian/{id}/keberatan/putusan", post(decide))
        .route("/penilaian/{id}/buka-admin", post(admin_reopen))
        .route("/penilaian/{id}/pdf", get(evaluasi_pdf))
        .route("/penilaian/unit/{uid}", get(unit_page))
        .route("/penilaian/unit/{uid}/zip", get(unit_zip))
        .route("/penilaian/unit/{uid}/capaian", post(unit_capaian))
        .route("/penilaian/unit/{uid}/penetapan", post(unit_finalise))
}

fn render(t: impl Template) -> AppResult<Response> {
    super::render_status(StatusCode::OK, t)
}

// ---------------------------------------------------------------------------------------
// The list: my periods, and (for a penilai) the people I assess

#[derive(Template)]
#[template(path = "penilaian_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub plan: Option<SkpRow>,
    pub periods: Vec<PeriodLine>,
    pub all_periods: Vec<PeriodRow>,
    pub period: Option<PeriodRow>,
    pub queue: Vec<EvaluationLine>,
    pub supervisor: bool,
    /// Units the viewer leads (usually one): their curve and penetapan.
    pub led: Vec<(i64, String)>,
    /// Objections the viewer must explain or decide.
    pub objections: Vec<EvaluationLine>,
    /// Colleagues' input requests waiting for the viewer.
    pub masukan_pending: i64,
    /// For admins and pimpinan: the top unit of what they monitor.
    pub monitored: Option<(i64, String)>,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    periode: Option<i64>,
}

async fn list(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let year = skp_svc::current_year(&app, instansi).await?;
    let mut plan = None;
    let mut periods = Vec::new();
    let mut all_periods = Vec::new();
    if let Some(y) = &year {
        all_periods = skp_store::periods(&app.db, y.id).await?;
        if let Some(me) = user.session.employee_id {
            plan = skp_store::skps_of(&app.db, me, y.id)
                .await?
                .into_iter()
                .find(|p| !p.closed);
            if let Some(p) = &plan {
                periods = svc::periods_of_plan(&app, &user, p).await?;
            }
        }
    }
    let today = app.today();
    let period = match q.periode {
        Some(id) => all_periods.iter().find(|p| p.id == id).cloned(),
        None => all_periods
            .iter()
            .find(|p| p.mulai <= today && today <= p.batas)
            .or(all_periods.first())
            .cloned(),
    };
    let supervisor = user.actor.is_supervisor();
    let queue = match (&period, supervisor) {
        (Some(p), true) => svc::queue(&app, &user, p.id).await?,
        _ => Vec::new(),
    };
    let objections = match user.session.employee_id {
        Some(me) => crate::store::penilaian::objections_for(&app.db, instansi, me).await?,
        None => Vec::new(),
    };
    let masukan_pending = crate::services::masukan::pending_count(&app, &user).await?;
    let monitored = match user.actor.read_scope() {
        Some(_) => {
            let u = crate::services::org::list_scope(&app, &user, None).await?;
            Some((u.id, u.nama))
        }
        None => None,
    };
    let mut led = Vec::new();
    if let Some(me) = user.session.employee_id {
        for (id, _) in crate::store::org::led_units(&app.db, me, today).await? {
            led.push((
                id,
                crate::store::org::unit_get(&app.db, instansi, id)
                    .await?
                    .nama,
            ));
        }
    }
    render(ListPage {
        led,
        objections,
        masukan_pending,
        monitored,
        ctx: Ctx::new(lang, Some(&user), "/penilaian", "penilaian"),
        plan,
        periods,
        all_periods,
        period,
        queue,
        supervisor,
    })
}

#[derive(Deserialize)]
struct OpenForm {
    skp_id: i64,
    period_id: i64,
}

async fn open(
    State(app): State<App>,
    user: WebUser,
    CsrfForm(f): CsrfForm<OpenForm>,
) -> AppResult<Response> {
    let id = svc::open(&app, &user, f.skp_id, f.period_id).await?;
    Ok(Redirect::to(&format!("/penilaian/{id}")).into_response())
}

// ---------------------------------------------------------------------------------------
// One evaluation

#[derive(Template)]
#[template(path = "penilaian.html")]
pub struct EvaluationPage {
    pub ctx: Ctx,
    pub v: EvaluationView,
    /// What was typed in a refused form, shown again instead of the stored values.
    pub typed: HashMap<String, String>,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
    pub reopenings: Vec<crate::store::penilaian::ReopeningRow>,
    pub max_bukti: usize,
}

impl EvaluationPage {
    pub fn can(&self, action: &str) -> bool {
        let a = match action {
            "write_self" => EvaluasiAction::WriteSelf,
            "submit_self" => EvaluasiAction::SubmitSelf,
            "assess" => EvaluasiAction::Assess,
            "submit_assessment" => EvaluasiAction::SubmitAssessment,
            "reopen" => EvaluasiAction::ReopenAssessment,
            "object" => EvaluasiAction::Object,
            "decide" => EvaluasiAction::Decide,
            "admin_reopen" => EvaluasiAction::AdminReopen,
            _ => return false,
        };
        self.v.can(a)
    }

    pub fn is_penilai(&self) -> bool {
        self.v.role == EvaluasiRole::Penilai
    }

    /// A field's value: as typed in a refused form, else as stored.
    pub fn val(&self, key: &str) -> String {
        if let Some(t) = self.typed.get(key) {
            return t.clone();
        }
        let id = |p: &str| key.strip_prefix(p).and_then(|x| x.parse::<i64>().ok());
        if let Some(i) = id("nilai_") {
            return self
                .v
                .realisasi
                .get(&i)
                .and_then(|r| r.nilai)
                .map(kinerja_domain::skp::format_number)
                .unwrap_or_default();
        }
        if let Some(i) = id("teks_") {
            return self
                .v
                .realisasi
                .get(&i)
                .map(|r| r.teks.clone())
                .unwrap_or_default();
        }
        for (prefix, subjek, which) in [
            ("rhk_komentar_", "rhk", 1),
            ("perilaku_komentar_", "perilaku", 1),
            ("rhk_", "rhk", 0),
            ("perilaku_", "perilaku", 0),
            ("ubrhk_", "rhk", 3),
            ("ubperilaku_", "perilaku", 3),
            ("nrhk_", "rhk", 2),
            ("nperilaku_", "perilaku", 2),
        ] {
            if let Some(i) = id(prefix) {
                let Some(item) = self.v.item(subjek, i) else {
                    return String::new();
                };
                return match which {
                    0 => item.self_rating.clone().unwrap_or_default(),
                    1 => item.self_comment.clone(),
                    2 => item.penilai_rating.clone().unwrap_or_default(),
                    _ => item.umpan_balik.clone(),
                };
            }
        }
        match key {
            "rating_hasil" => self.v.ev.rating_hasil.clone().unwrap_or_default(),
            "rating_perilaku" => self.v.ev.rating_perilaku.clone().unwrap_or_default(),
            "alasan_hasil" => self.v.ev.alasan_hasil.clone(),
            "alasan_perilaku" => self.v.ev.alasan_perilaku.clone(),
            "catatan" => self.v.ev.catatan.clone(),
            _ => String::new(),
        }
    }

    pub fn ratings(&self) -> [(&'static str, &'static str); 3] {
        Rating::ALL.map(|r| (r.code(), self.ctx.t(rating_key(r))))
    }

    pub fn rating_label(&self, code: &str) -> &'static str {
        Rating::parse(code)
            .map(|r| self.ctx.t(rating_key(r)))
            .unwrap_or("–")
    }

    pub fn opt_rating_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref().map(|c| self.rating_label(c)).unwrap_or("–")
    }

    pub fn predikat_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(Predikat::parse)
            .map(|p| self.ctx.t(predikat_key(p)))
            .unwrap_or("–")
    }

    pub fn preview(&self) -> Option<&'static str> {
        self.v
            .predikat_preview()
            .map(|p| self.ctx.t(predikat_key(p)))
    }

    /// The 3×3 matrix of the year's rules, best hasil first, for the explanation.
    pub fn matrix(&self) -> Vec<(&'static str, Vec<(&'static str, bool)>)> {
        let h = self.v.ev.rating_hasil.as_deref().and_then(Rating::parse);
        let p = self.v.ev.rating_perilaku.as_deref().and_then(Rating::parse);
        Rating::ALL
            .iter()
            .map(|rh| {
                (
                    self.ctx.t(rating_key(*rh)),
                    [
                        Rating::DiBawahEkspektasi,
                        Rating::SesuaiEkspektasi,
                        Rating::DiAtasEkspektasi,
                    ]
                    .iter()
                    .map(|rp| {
                        (
                            self.ctx
                                .t(predikat_key(self.v.aturan().matriks.predikat(*rh, *rp))),
                            Some(*rh) == h && Some(*rp) == p,
                        )
                    })
                    .collect(),
                )
            })
            .collect()
    }

    pub fn saran_text(&self, s: &kinerja_domain::penilaian::Saran) -> String {
        let reason = self
            .ctx
            .tf2(s.alasan, "atas", s.di_atas, "bawah", s.di_bawah);
        format!(
            "{} {} ({})",
            self.ctx.t("evaluasi-saran"),
            self.ctx.t(rating_key(s.rating)),
            reason
        )
    }

    pub fn ekspektasi(&self, kode: &u8) -> String {
        self.v
            .content
            .ekspektasi
            .iter()
            .find(|(k, _)| k == kode)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    /// The typed value of a free field of the objection forms.
    pub fn typed_or(&self, key: &str, stored: &Option<String>) -> String {
        self.typed
            .get(key)
            .cloned()
            .or_else(|| stored.clone())
            .unwrap_or_default()
    }

    /// The atasan's two rating choices, preset to the ratings under objection.
    pub fn decision_selects(&self) -> String {
        let h = self.typed_or("putusan_hasil", &self.v.ev.rating_hasil);
        let p = self.typed_or("putusan_perilaku", &self.v.ev.rating_perilaku);
        format!(
            "{}{}",
            self.select("putusan_hasil", self.ctx.t("evaluasi-rating-hasil"), &h),
            self.select(
                "putusan_perilaku",
                self.ctx.t("evaluasi-rating-perilaku"),
                &p
            )
        )
    }

    pub fn max_mb(&self) -> usize {
        self.max_bukti / (1024 * 1024)
    }

    pub fn files(&self, indikator: &i64) -> Vec<crate::store::penilaian::EvidenceRow> {
        self.v.evidence.get(indikator).cloned().unwrap_or_default()
    }

    pub fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / (1024.0 * 1024.0))
        } else {
            format!("{} KB", (*bytes + 1023) / 1024)
        }
    }

    pub fn old_predikat(&self, json: &str) -> &'static str {
        let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        self.predikat_label(&v["predikat"].as_str().map(str::to_string))
    }

    pub fn version(&self) -> i64 {
        self.typed
            .get("version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(self.v.ev.version)
    }
}

pub fn rating_key(r: Rating) -> &'static str {
    match r {
        Rating::DiAtasEkspektasi => "rating-di-atas",
        Rating::SesuaiEkspektasi => "rating-sesuai",
        Rating::DiBawahEkspektasi => "rating-di-bawah",
    }
}

pub fn predikat_key(p: Predikat) -> &'static str {
    match p {
        Predikat::SangatBaik => "predikat-sangat-baik",
        Predikat::Baik => "predikat-baik",
        Predikat::ButuhPerbaikan => "predikat-butuh-perbaikan",
        Predikat::Kurang => "predikat-kurang",
        Predikat::SangatKurang => "predikat-sangat-kurang",
    }
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    pesan: Option<String>,
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_deref() {
        Some("tersimpan") => Some("evaluasi-saved"),
        Some("terkirim") => Some("evaluasi-sent"),
        Some("dinilai") => Some("evaluasi-assessed"),
        Some("dibuka") => Some("evaluasi-reopened"),
        Some("keberatan") => Some("keberatan-filed"),
        Some("penjelasan") => Some("keberatan-explained"),
        Some("putusan") => Some("keberatan-decided"),
        Some("dibuka-admin") => Some("evaluasi-admin-reopened"),
        Some("bukti") => Some("bukti-added"),
        Some("bukti-hapus") => Some("bukti-removed"),
        _ => None,
    };
    show(
        &app,
        &user,
        lang,
        id,
        HashMap::new(),
        FormErrors::default(),
        notice,
    )
    .await
}

async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    typed: HashMap<String, String>,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let v = svc::view(app, user, id).await?;
    let reopenings = svc::reopenings(app, &v).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EvaluationPage {
        ctx: Ctx::new(lang, Some(user), &format!("/penilaian/{id}"), "penilaian"),
        v,
        typed,
        errors,
        notice,
        reopenings,
        max_bukti: app.cfg.max_bukti_bytes,
    };
    Ok((status, render(page)?).into_response())
}

fn pairs(
    f: &HashMap<String, String>,
    rating: &str,
    comment: &str,
) -> HashMap<i64, (String, String)> {
    let mut out: HashMap<i64, (String, String)> = HashMap::new();
    for (k, v) in f {
        if let Some(id) = k.strip_prefix(comment).and_then(|x| x.parse().ok()) {
            out.entry(id).or_default().1 = v.clone();
        } else if let Some(id) = k.strip_prefix(rating).and_then(|x| x.parse().ok()) {
            out.entry(id).or_default().0 = v.clone();
        }
    }
    out
}

async fn after(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    f: HashMap<String, String>,
    r: AppResult<&'static str>,
) -> AppResult<Response> {
    match r {
        Ok(done) => Ok(Redirect::to(&format!("/penilaian/{id}?pesan={done}")).into_response()),
        Err(AppError::Invalid(p)) => {
            show(
                app,
                user,
                lang,
                id,
                f,
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e @ (AppError::Stale | AppError::Conflict(_))) => {
            show(
                app,
                user,
                lang,
                id,
                f,
                FormErrors::general(e.message(lang)),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn save_self(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let mut realisasi: HashMap<i64, (String, String)> = HashMap::new();
    for (k, v) in &f {
        if let Some(i) = k.strip_prefix("nilai_").and_then(|x| x.parse().ok()) {
            realisasi.entry(i).or_default().0 = v.clone();
        } else if let Some(i) = k.strip_prefix("teks_").and_then(|x| x.parse().ok()) {
            realisasi.entry(i).or_default().1 = v.clone();
        }
    }
    let input = SelfInput {
        realisasi,
        rhk: pairs(&f, "rhk_", "rhk_komentar_"),
        perilaku: pairs(&f, "perilaku_", "perilaku_komentar_"),
    };
    let send = f.contains_key("kirim");
    let mut f = f;
    let r = match svc::save_self(&app, &user, id, version, &input).await {
        Ok(v) if send => {
            // Saved even when sending is refused: the page then shows the new version.
            f.remove("version");
            svc::submit_self(&app, &user, id, v)
                .await
                .map(|_| "terkirim")
        }
        Ok(_) => Ok("tersimpan"),
        Err(e) => Err(e),
    };
    after(&app, &user, lang, id, f, r).await
}

async fn save_assessment(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = AssessInput {
        rhk: pairs(&f, "nrhk_", "ubrhk_"),
        perilaku: pairs(&f, "nperilaku_", "ubperilaku_"),
        rating_hasil: get("rating_hasil"),
        rating_perilaku: get("rating_perilaku"),
        alasan_hasil: get("alasan_hasil"),
        alasan_perilaku: get("alasan_perilaku"),
        catatan: get("catatan"),
    };
    let send = f.contains_key("kirim");
    let mut f = f;
    let r = match svc::save_assessment(&app, &user, id, version, &input).await {
        Ok(v) if send => {
            f.remove("version");
            svc::submit_assessment(&app, &user, id, v)
                .await
                .map(|_| "dinilai")
        }
        Ok(_) => Ok("tersimpan"),
        Err(e) => Err(e),
    };
    after(&app, &user, lang, id, f, r).await
}

async fn reopen(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let r = svc::reopen_assessment(&app, &user, id, version)
        .await
        .map(|_| "dibuka");
    after(&app, &user, lang, id, f, r).await
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn status_key(code: &str) -> &'static str {
    match code {
        "dinilai_sendiri" => "evaluasi-status-dinilai-sendiri",
        "dinilai" => "evaluasi-status-dinilai",
        "ditetapkan" => "evaluasi-status-ditetapkan",
        "keberatan" => "evaluasi-status-keberatan",
        "diputuskan" => "evaluasi-status-diputuskan",
        _ => "evaluasi-status-draft",
    }
}

impl ListPage {
    pub fn status_key(&self, code: &str) -> &'static str {
        status_key(code)
    }

    pub fn predikat_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(Predikat::parse)
            .map(|p| self.ctx.t(predikat_key(p)))
            .unwrap_or("–")
    }
}

impl EvaluationPage {
    pub fn status_key(&self) -> &'static str {
        status_key(&self.v.ev.status)
    }

    pub fn jenis_key(&self, r: &kinerja_domain::skp::Rhk) -> &'static str {
        match r.jenis {
            kinerja_domain::skp::JenisRhk::Utama => "skp-utama",
            kinerja_domain::skp::JenisRhk::Tambahan => "skp-tambahan",
        }
    }

    pub fn rating_blocks(&self) -> Vec<(&'static str, Option<&kinerja_domain::penilaian::Saran>)> {
        vec![
            ("rating_hasil", self.v.saran_hasil.as_ref()),
            ("rating_perilaku", self.v.saran_perilaku.as_ref()),
        ]
    }

    pub fn rating_title(&self, name: &str) -> &'static str {
        if name == "rating_hasil" {
            "evaluasi-rating-hasil"
        } else {
            "evaluasi-rating-perilaku"
        }
    }

    pub fn alasan_field(&self, name: &str) -> &'static str {
        if name == "rating_hasil" {
            "alasan_hasil"
        } else {
            "alasan_perilaku"
        }
    }

    fn select(&self, name: &str, label: &str, current: &str) -> String {
        let mut s = format!(
            "<label for=\"{name}\">{}</label><select id=\"{name}\" name=\"{name}\"{}><option value=\"\">–</option>",
            esc(label),
            if self.errors.has(name) {
                " aria-invalid=\"true\""
            } else {
                ""
            }
        );
        for (code, l) in self.ratings() {
            s.push_str(&format!(
                "<option value=\"{code}\"{}>{}</option>",
                if current == code { " selected" } else { "" },
                esc(l)
            ));
        }
        s.push_str("</select>");
        if self.errors.has(name) {
            s.push_str(&format!(
                "<span class=\"field-error\">{}</span>",
                esc(&self.errors.of(name))
            ));
        }
        s
    }

    fn textarea(&self, name: &str, label: &str) -> String {
        format!(
            "<label for=\"{name}\">{}</label><textarea id=\"{name}\" name=\"{name}\" rows=\"2\">{}</textarea>",
            esc(label),
            esc(&self.val(name))
        )
    }

    /// The two judgements of one RHK or value: the employee's and the penilai's, as inputs
    /// for whoever may write now and as text for everyone allowed to see them.
    pub fn judgement(&self, subjek: &str, id: &i64) -> String {
        let id = *id;
        let t = |k| self.ctx.t(k);
        let mut s = String::from("<div class=\"judgements\">");
        let own = format!("{subjek}_{id}");
        let own_c = format!("{subjek}_komentar_{id}");
        if self.can("write_self") {
            s.push_str("<div class=\"self\">");
            s.push_str(&self.select(&own, t("evaluasi-self-judgement"), &self.val(&own)));
            s.push_str(&self.textarea(&own_c, t("evaluasi-self-comment")));
            s.push_str("</div>");
        } else if self.v.show_self {
            s.push_str(&format!(
                "<p class=\"self\" id=\"self-{own}\"><strong>{}:</strong> {}{}</p>",
                esc(t("evaluasi-self-judgement")),
                esc(self.rating_label(&self.val(&own))),
                match self.val(&own_c) {
                    c if c.is_empty() => String::new(),
                    c => format!(" — {}", esc(&c)),
                }
            ));
        }
        let n = format!("n{subjek}_{id}");
        let ub = format!("ub{subjek}_{id}");
        if self.can("assess") {
            s.push_str("<div class=\"penilai\">");
            s.push_str(&self.select(&n, t("evaluasi-penilai-judgement"), &self.val(&n)));
            s.push_str(&self.textarea(&ub, t("evaluasi-umpan-balik")));
            s.push_str("</div>");
        } else if self.v.show_result {
            s.push_str(&format!(
                "<p class=\"penilai\" id=\"penilai-{own}\"><strong>{}:</strong> {}{}</p>",
                esc(t("evaluasi-penilai-judgement")),
                esc(self.rating_label(&self.val(&n))),
                match self.val(&ub) {
                    c if c.is_empty() => String::new(),
                    c => format!(" — {}: {}", esc(t("evaluasi-umpan-balik")), esc(&c)),
                }
            ));
        }
        s.push_str("</div>");
        s
    }
}

async fn upload_evidence(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    // Before a byte of the body is read: may this user add evidence here at all?
    svc::may_add_evidence(&app, &user, id).await?;
    // The CSRF token and the indicator come before the file in the form.
    let mut csrf = String::new();
    let mut indikator: i64 = -1;
    let mut file: Option<(String, Vec<u8>)> = None;
    let max = app.cfg.max_bukti_bytes;
    let too_large = |indikator: i64| {
        AppError::Invalid(vec![
            crate::error::Problem::at(format!("berkas_{indikator}"), "bukti-too-large")
                .arg("max", format!("{} MB", max / (1024 * 1024))),
        ])
    };
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::invalid("berkas", "form-too-large"))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "indikator_id" => {
                indikator = field.text().await.unwrap_or_default().parse().unwrap_or(-1)
            }
            "berkas" => {
                if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
                    return Err(AppError::Csrf);
                }
                let name = field.file_name().unwrap_or("").to_string();
                // Read chunk by chunk and stop one byte past the limit: an oversized file
                // is refused without being taken in whole.
                let mut bytes = Vec::new();
                let mut over = false;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|_| AppError::invalid("berkas", "form-too-large"))?
                {
                    if bytes.len() + chunk.len() > max {
                        over = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if over {
                    let r: AppResult<&'static str> = Err(too_large(indikator));
                    return after(&app, &user, lang, id, HashMap::new(), r).await;
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
        return Err(AppError::Csrf);
    }
    let (name, bytes) = file.unwrap_or_default();
    let r = svc::add_evidence(&app, &user, id, indikator, &name, &bytes)
        .await
        .map(|_| "bukti");
    after(&app, &user, lang, id, HashMap::new(), r).await
}

async fn evidence_file(
    State(app): State<App>,
    user: WebUser,
    Path((id, bid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (row, bytes) = svc::evidence_file(&app, &user, id, bid).await?;
    let inline = matches!(
        row.content_type.as_str(),
        "application/pdf" | "image/png" | "image/jpeg"
    );
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        super::views::encode(&row.nama_file)
    );
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.content_type).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    // Uploaded content never runs script in our origin.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; object-src 'self'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

async fn remove_evidence(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, bid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::remove_evidence(&app, &user, id, bid)
        .await
        .map(|_| "bukti-hapus");
    after(&app, &user, lang, id, f, r).await
}

/// A generated file as a download that no cache keeps.
pub(crate) fn download(
    bytes: Vec<u8>,
    content_type: &'static str,
    filename: &str,
) -> AppResult<Response> {
    download_body(axum::body::Body::from(bytes), content_type, filename)
}

/// A download whose body may still be streaming.
pub(crate) fn download_body(
    body: axum::body::Body,
    content_type: &'static str,
    filename: &str,
) -> AppResult<Response> {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
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

async fn evaluasi_pdf(
    _: super::extract::NotCrossSite,
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (bytes, name) = crate::services::documents::evaluasi_pdf(&app, &user, id).await?;
    download(bytes, "application/pdf", &name)
}

async fn unit_zip(
    _: super::extract::NotCrossSite,
    State(app): State<App>,
    user: WebUser,
    Path(uid): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> AppResult<Response> {
    let period = q.periode.ok_or(AppError::NotFound)?;
    let (body, name) = crate::services::documents::unit_zip(&app, &user, uid, period).await?;
    download_body(body, "application/zip", &name)
}

fn version_of(f: &HashMap<String, String>) -> i64 {
    f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1)
}

fn text_of(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

async fn object(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::object(&app, &user, id, version_of(&f), &text_of(&f, "alasan"))
        .await
        .map(|_| "keberatan");
    after(&app, &user, lang, id, f, r).await
}

async fn explain(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::explain(&app, &user, id, &text_of(&f, "penjelasan"))
        .await
        .map(|_| "penjelasan");
    after(&app, &user, lang, id, f, r).await
}

async fn decide(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let d = svc::DecisionInput {
        keputusan: text_of(&f, "keputusan"),
        rating_hasil: text_of(&f, "putusan_hasil"),
        rating_perilaku: text_of(&f, "putusan_perilaku"),
    };
    let r = svc::decide_objection(&app, &user, id, version_of(&f), &d)
        .await
        .map(|_| "putusan");
    after(&app, &user, lang, id, f, r).await
}

async fn admin_reopen(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::admin_reopen(&app, &user, id, version_of(&f), &text_of(&f, "alasan_buka"))
        .await
        .map(|_| "dibuka-admin");
    after(&app, &user, lang, id, f, r).await
}

// ---------------------------------------------------------------------------------------
// A unit's curve and penetapan

#[derive(Template)]
#[template(path = "penilaian_unit.html")]
pub struct UnitPage {
    pub ctx: Ctx,
    pub v: UnitView,
    pub periods: Vec<PeriodRow>,
    pub chart: String,
    pub errors: FormErrors,
    pub typed: HashMap<String, String>,
    pub notice: Option<&'static str>,
}

impl UnitPage {
    pub fn capaian_options(&self) -> Vec<(&'static str, &'static str)> {
        CapaianOrganisasi::ALL
            .iter()
            .map(|c| (c.code(), self.ctx.t(capaian_key(*c))))
            .collect()
    }

    /// The unit's documents as one ZIP: for its leader, admins and the pimpinan.
    pub fn can_zip(&self) -> bool {
        self.v.can_finalise
            || self
                .ctx
                .user
                .as_ref()
                .is_some_and(|u| u.admin || u.pimpinan)
    }

    pub fn rules(&self) -> Vec<kinerja_domain::penilaian::AturanKurva> {
        self.v
            .capaian
            .map(|c| self.v.referensi.aturan.kurva.rules(c).to_vec())
            .unwrap_or_default()
    }

    pub fn current_capaian(&self) -> &'static str {
        self.v
            .capaian
            .map(|c| self.ctx.t(capaian_key(c)))
            .unwrap_or("–")
    }

    pub fn capaian_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(CapaianOrganisasi::parse)
            .map(|c| self.ctx.t(capaian_key(c)))
            .unwrap_or("–")
    }

    pub fn capaian_key_of(&self, c: CapaianOrganisasi) -> &'static str {
        capaian_key(c)
    }

    pub fn status_label(&self, code: &str) -> &'static str {
        self.ctx.t(status_key(code))
    }

    pub fn predikat_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(Predikat::parse)
            .map(|p| self.ctx.t(predikat_key(p)))
            .unwrap_or("–")
    }

    /// The histogram as rows for the table beside the chart.
    pub fn rows(&self) -> Vec<(&'static str, u32, String)> {
        let total = self.v.histogram.total();
        Predikat::ALL
            .iter()
            .map(|p| {
                let n = self.v.histogram.counts[p.index()];
                let share = if total == 0 {
                    "–".to_string()
                } else {
                    format!("{:.0}%", n as f64 * 100.0 / total as f64)
                };
                (self.ctx.t(predikat_key(*p)), n, share)
            })
            .collect()
    }

    pub fn rule_text(&self, r: &kinerja_domain::penilaian::AturanKurva) -> String {
        rule_text(&self.ctx, r)
    }

    pub fn violation_text(&self, p: &kinerja_domain::penilaian::Pelanggaran) -> String {
        format!(
            "{} — {}",
            rule_text(&self.ctx, &p.aturan),
            self.ctx.tf2(
                "kurva-actual",
                "jumlah",
                p.jumlah,
                "persen",
                kinerja_domain::skp::format_number(p.persen_aktual())
            )
        )
    }

    pub fn typed(&self, k: &str) -> String {
        self.typed.get(k).cloned().unwrap_or_default()
    }

    pub fn pages(&self) -> bool {
        self.v.total() > svc::UNIT_PAGE
    }

    pub fn has_next(&self) -> bool {
        self.v.page * svc::UNIT_PAGE < self.v.total()
    }
}

fn rule_text(ctx: &Ctx, r: &kinerja_domain::penilaian::AturanKurva) -> String {
    let names: Vec<&str> = r.predikat.iter().map(|p| ctx.t(predikat_key(*p))).collect();
    let names = names.join(" + ");
    match r.batas {
        Batas::Paling => ctx.tf2("kurva-rule-max", "predikat", names, "persen", r.persen),
        Batas::Sedikitnya => ctx.tf2("kurva-rule-min", "predikat", names, "persen", r.persen),
        Batas::AdaSatu => ctx.tf("kurva-rule-some", "predikat", names),
    }
}

pub fn capaian_key(c: CapaianOrganisasi) -> &'static str {
    match c {
        CapaianOrganisasi::Istimewa => "capaian-istimewa",
        CapaianOrganisasi::Baik => "capaian-baik",
        CapaianOrganisasi::ButuhPerbaikan => "capaian-butuh-perbaikan",
        CapaianOrganisasi::Kurang => "capaian-kurang",
        CapaianOrganisasi::SangatKurang => "capaian-sangat-kurang",
    }
}

#[derive(Deserialize, Default)]
struct UnitQuery {
    #[serde(default)]
    periode: Option<i64>,
    #[serde(default)]
    hal: Option<i64>,
    #[serde(default)]
    pesan: Option<String>,
}

async fn period_or_current(
    app: &App,
    user: &WebUser,
    id: Option<i64>,
) -> AppResult<(Vec<PeriodRow>, PeriodRow)> {
    let year = skp_svc::current_year(app, user.instansi_id())
        .await?
        .ok_or(AppError::NotFound)?;
    let periods = skp_store::periods(&app.db, year.id).await?;
    let today = app.today();
    let p = match id {
        Some(id) => skp_store::period_get(&app.db, user.instansi_id(), id).await?,
        None => periods
            .iter()
            .find(|p| p.mulai <= today && today <= p.batas)
            .or(periods.first())
            .cloned()
            .ok_or(AppError::NotFound)?,
    };
    Ok((periods, p))
}

#[allow(clippy::too_many_arguments)]
async fn show_unit(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uid: i64,
    period: Option<i64>,
    page: i64,
    errors: FormErrors,
    typed: HashMap<String, String>,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let (periods, p) = period_or_current(app, user, period).await?;
    let v = svc::unit_view(app, user, uid, p.id, page).await?;
    let ctx = Ctx::new(
        lang,
        Some(user),
        &format!("/penilaian/unit/{uid}"),
        "penilaian",
    );
    let labels: Vec<String> = Predikat::ALL
        .iter()
        .map(|p| ctx.t(predikat_key(*p)).to_string())
        .collect();
    let limits: Vec<Limit> = v
        .capaian
        .map(|c| v.referensi.aturan.kurva.rules(c).to_vec())
        .unwrap_or_default()
        .iter()
        .filter(|r| r.batas != Batas::AdaSatu)
        .map(|r| Limit {
            bars: r.predikat.iter().map(|p| p.index()).collect(),
            at_most: r.batas == Batas::Paling,
            percent: r.persen,
            broken: v.pelanggaran.iter().any(|x| &x.aturan == r),
            label: format!(
                "{} {}%",
                if r.batas == Batas::Paling {
                    "≤"
                } else {
                    "≥"
                },
                r.persen
            ),
        })
        .collect();
    let chart = histogram(
        &ctx.tf("kurva-title", "unit", &v.unit.nama),
        &labels,
        &v.histogram.counts,
        &limits,
    );
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = UnitPage {
        ctx,
        v,
        periods,
        chart,
        errors,
        typed,
        notice,
    };
    Ok((status, render(page)?).into_response())
}

async fn unit_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(uid): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_deref() {
        Some("capaian") => Some("kurva-capaian-saved"),
        Some("ditetapkan") => Some("kurva-finalised"),
        _ => None,
    };
    show_unit(
        &app,
        &user,
        lang,
        uid,
        q.periode,
        q.hal.unwrap_or(1),
        FormErrors::default(),
        HashMap::new(),
        notice,
    )
    .await
}

async fn unit_after(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uid: i64,
    f: HashMap<String, String>,
    r: AppResult<&'static str>,
) -> AppResult<Response> {
    let period: Option<i64> = f.get("periode").and_then(|p| p.parse().ok());
    match r {
        Ok(done) => Ok(Redirect::to(&format!(
            "/penilaian/unit/{uid}?periode={}&pesan={done}",
            period.unwrap_or_default()
        ))
        .into_response()),
        Err(AppError::Invalid(p)) => {
            let e = FormErrors::from_problems(&p, lang);
            show_unit(app, user, lang, uid, period, 1, e, f, None).await
        }
        Err(e @ (AppError::Stale | AppError::Conflict(_))) => {
            let e = FormErrors::general(e.message(lang));
            show_unit(app, user, lang, uid, period, 1, e, f, None).await
        }
        Err(e) => Err(e),
    }
}

async fn unit_capaian(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(uid): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let period: i64 = f.get("periode").and_then(|p| p.parse().ok()).unwrap_or(-1);
    let capaian = f.get("capaian").cloned().unwrap_or_default();
    let r = svc::set_capaian(&app, &user, uid, period, &capaian)
        .await
        .map(|_| "capaian");
    unit_after(&app, &user, lang, uid, f, r).await
}

async fn unit_finalise(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(uid): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let period: i64 = f.get("periode").and_then(|p| p.parse().ok()).unwrap_or(-1);
    let j = f.get("justifikasi").cloned().unwrap_or_default();
    let r = svc::finalise_unit(&app, &user, uid, period, &j)
        .await
        .map(|_| "ditetapkan");
    unit_after(&app, &user, lang, uid, f, r).await
}
