//! A unit's curve and penetapan.

use super::*;

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

    pub fn status_label(&self, s: &EvaluasiStatus) -> &'static str {
        self.ctx.t(status_key(s))
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
        violation_text(&self.ctx, p)
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

/// A broken curve rule in words, with the unit's actual count and share.
pub fn violation_text(ctx: &Ctx, p: &kinerja_domain::penilaian::Pelanggaran) -> String {
    format!(
        "{} — {}",
        rule_text(ctx, &p.aturan),
        ctx.tf2(
            "kurva-actual",
            "jumlah",
            p.jumlah,
            "persen",
            kinerja_domain::skp::format_number(p.persen_aktual())
        )
    )
}

pub(super) fn rule_text(ctx: &Ctx, r: &kinerja_domain::penilaian::AturanKurva) -> String {
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
pub(super) struct UnitQuery {
    #[serde(default)]
    pub(super) periode: Option<i64>,
    #[serde(default)]
    hal: Option<i64>,
    #[serde(default)]
    pesan: Option<String>,
}

pub(super) async fn period_or_current(
    app: &App,
    user: &WebUser,
    id: Option<i64>,
) -> AppResult<(Vec<PeriodRow>, PeriodRow)> {
    let year = crate::services::periode::current_year(app, user.instansi_id())
        .await?
        .ok_or(AppError::NotFound)?;
    let periods = crate::services::periode::periods(app, user, year.id).await?;
    let today = app.today();
    let p = match id {
        Some(id) => crate::services::periode::period(app, user, id).await?,
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
pub(super) async fn show_unit(
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

pub(super) async fn unit_page(
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

pub(super) async fn unit_after(
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

pub(super) async fn unit_capaian(
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

pub(super) async fn unit_finalise(
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
