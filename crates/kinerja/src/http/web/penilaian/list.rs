//! The list: my periods, and (for a penilai) the people I assess.

use super::*;

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
pub(super) struct ListQuery {
    #[serde(default)]
    periode: Option<i64>,
}

pub(super) async fn list(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let year = crate::services::periode::current_year(&app, instansi).await?;
    let mut plan = None;
    let mut periods = Vec::new();
    let mut all_periods = Vec::new();
    if let Some(y) = &year {
        all_periods = crate::services::periode::periods(&app, &user, y.id).await?;
        plan = crate::services::skp::own_plans(&app, &user, y.id)
            .await?
            .into_iter()
            .find(|p| !p.closed);
        if let Some(p) = &plan {
            periods = svc::periods_of_plan(&app, &user, p).await?;
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
    let objections = svc::own_objections(&app, &user).await?;
    let masukan_pending = crate::services::masukan::pending_count(&app, &user).await?;
    let monitored = match user.actor.read_scope() {
        Some(_) => {
            let u = crate::services::org::list_scope(&app, &user, None).await?;
            Some((u.id, u.nama))
        }
        None => None,
    };
    let led = crate::services::org::led_units(&app, &user).await?;
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
pub(super) struct OpenForm {
    skp_id: i64,
    period_id: i64,
}

pub(super) async fn open(
    State(app): State<App>,
    user: WebUser,
    CsrfForm(f): CsrfForm<OpenForm>,
) -> AppResult<Response> {
    let id = svc::open(&app, &user, f.skp_id, f.period_id).await?;
    Ok(Redirect::to(&format!("/penilaian/{id}")).into_response())
}
