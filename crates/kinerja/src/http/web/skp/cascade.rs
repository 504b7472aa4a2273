//! Cascading.

use super::*;

#[derive(Template)]
#[template(path = "skp_matrix.html")]
pub struct MatrixPage {
    pub ctx: Ctx,
    pub v: PlanView,
    pub reports: Vec<crate::services::org::EmployeeRow>,
    pub errors: FormErrors,
    pub notice: Option<String>,
}

impl MatrixPage {
    pub fn handed(&self, rhk_id: &i64, emp: &i64) -> Option<&CascadeRow> {
        self.v
            .handed_down
            .iter()
            .find(|c| c.from_rhk_id == *rhk_id && c.to_employee_id == *emp)
    }
}

pub(super) async fn matrix_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    id: i64,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let v = svc::plan_view_of_owner(app, user, id).await?;
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

pub(super) async fn matrix(
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

pub(super) async fn hand_down(
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
pub(super) struct CascadeRemoveForm {
    skp_id: i64,
}

pub(super) async fn remove_cascade(
    State(app): State<App>,
    user: WebUser,
    Path(cid): Path<i64>,
    CsrfForm(f): CsrfForm<CascadeRemoveForm>,
) -> AppResult<Response> {
    svc::remove_cascade(&app, &user, cid).await?;
    Ok(Redirect::to(&format!("/skp/{}/matriks?pesan=tersimpan", f.skp_id)).into_response())
}
