//! My plans.

use super::*;

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
pub(super) struct YearQuery {
    #[serde(default)]
    tahun: Option<i64>,
}

pub(super) async fn plans_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    tahun: Option<i64>,
    errors: FormErrors,
) -> AppResult<Response> {
    let years = crate::services::periode::years(app, user).await?;
    let year = crate::services::periode::select_year(&years, tahun, app.today());
    let me = user.session.employee_id;
    let svc::OwnPlanning {
        plans,
        proposals,
        has_previous,
    } = match &year {
        Some(y) => svc::own_planning(app, user, y).await?,
        None => svc::OwnPlanning {
            plans: Vec::new(),
            proposals: 0,
            has_previous: false,
        },
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

pub(super) async fn my_plans(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<YearQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    plans_page(&app, &user, lang, &uri, q.tahun, FormErrors::default()).await
}

#[derive(Deserialize)]
pub(super) struct CreateForm {
    year_id: i64,
    mulai_dari: PlanStart,
}

pub(super) async fn create_plan(
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
