//! The supervisor's team view per day or week, and acknowledgement.

use super::*;
use crate::services::progres::{AckTarget, TeamRow, TeamView};

#[derive(Template)]
#[template(path = "progres_tim.html")]
pub struct TeamPage {
    pub ctx: Ctx,
    pub v: TeamView,
    pub week: bool,
    pub day: NaiveDate,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
}

impl TeamPage {
    pub fn durasi(&self, m: &u32) -> String {
        durasi(m)
    }

    pub fn jam(&self, m: &i64) -> String {
        svc::jam(*m)
    }

    pub fn cell(&self, r: &TeamRow, i: &usize) -> String {
        let i = *i;
        if let Some(k) = r.away[i] {
            return match k {
                kinerja_domain::progres::Ketidakhadiran::Cuti => self.ctx.t("progres-cuti"),
                kinerja_domain::progres::Ketidakhadiran::DinasLuar => {
                    self.ctx.t("progres-dinas-luar")
                }
            }
            .to_string();
        }
        if r.missing[i] {
            return self.ctx.t("progres-kosong").to_string();
        }
        if r.menit[i] == 0 {
            return "–".into();
        }
        durasi(&r.menit[i])
    }

    pub fn pengakuan(&self, e: &crate::services::progres::EntryRow) -> &'static str {
        super::log::pengakuan_label(&self.ctx, e.pengakuan)
    }

    pub fn shift(&self, days: i64) -> NaiveDate {
        self.day + chrono::Duration::days(days)
    }

    pub fn page_link(&self, page: u32) -> String {
        format!(
            "/progres/tim?tanggal={}&mode={}&hal={page}",
            self.day,
            self.mode()
        )
    }

    pub fn mode(&self) -> &'static str {
        if self.week { "minggu" } else { "hari" }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct TeamQuery {
    #[serde(default)]
    tanggal: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    pesan: Option<String>,
    #[serde(default)]
    hal: Option<u32>,
}

#[allow(clippy::too_many_arguments)]
async fn show_team(
    app: &App,
    user: &WebUser,
    lang: Lang,
    day: NaiveDate,
    week: bool,
    page: u32,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let v = svc::team(app, user, day, week, page).await?;
    let page = TeamPage {
        ctx: Ctx::new(lang, Some(user), "/progres/tim", "progres-tim"),
        v,
        week,
        day,
        errors,
        notice,
    };
    render_status(status_of(&page.errors), page)
}

pub(super) async fn team_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<TeamQuery>,
) -> AppResult<Response> {
    let day = parse_day(&q.tanggal).unwrap_or(app.today());
    let week = q.mode.as_deref() != Some("hari");
    let notice = (q.pesan.as_deref() == Some("diakui")).then_some("progres-pengakuan-tersimpan");
    let page = q.hal.unwrap_or(1);
    show_team(
        &app,
        &user,
        lang,
        day,
        week,
        page,
        FormErrors::default(),
        notice,
    )
    .await
}

/// Where an acknowledgement lands: the form says whether it came from the team view or
/// from the person's log.
async fn after_ack(
    app: &App,
    user: &WebUser,
    lang: Lang,
    f: &HashMap<String, String>,
    r: AppResult<(i64, NaiveDate, u64)>,
) -> AppResult<Response> {
    let from_team = f.get("dari").map(String::as_str) == Some("tim");
    match r {
        Ok((employee, day, _)) if from_team => Ok(Redirect::to(&format!(
            "/progres/tim?tanggal={day}&mode={}&pesan=diakui#p-{employee}",
            f.get("mode").map(String::as_str).unwrap_or("minggu")
        ))
        .into_response()),
        Ok((employee, day, _)) => Ok(Redirect::to(&format!(
            "/pegawai/{employee}/progres?tanggal={day}&pesan=diakui#hari"
        ))
        .into_response()),
        Err(e) => match form_errors(&e, lang) {
            Some(errors) => {
                let day = f
                    .get("tanggal")
                    .and_then(|t| kinerja_domain::periode::parse_date(t))
                    .unwrap_or(app.today());
                show_team(app, user, lang, day, true, 1, errors, None).await
            }
            None => Err(e),
        },
    }
}

pub(super) async fn acknowledge_entry(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let r = svc::acknowledge(
        &app,
        &user,
        AckTarget::Entry(id),
        &get("pengakuan"),
        &get("catatan"),
    )
    .await;
    after_ack(&app, &user, lang, &f, r).await
}

pub(super) async fn acknowledge_week(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let employee_id = get("pegawai")
        .parse::<i64>()
        .map_err(|_| AppError::NotFound)?;
    let monday = kinerja_domain::periode::parse_date(&get("tanggal"))
        .ok_or_else(|| AppError::invalid("tanggal", "progres-tanggal"))?;
    let r = svc::acknowledge(
        &app,
        &user,
        AckTarget::Week {
            employee_id,
            monday,
        },
        &get("pengakuan"),
        &get("catatan"),
    )
    .await;
    after_ack(&app, &user, lang, &f, r).await
}
