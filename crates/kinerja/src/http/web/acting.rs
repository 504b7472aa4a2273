//! Acting assignments.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct ActingQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    pesan: String,
}

pub(super) async fn acting_view(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    form: ActingInput,
    errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let (list, vacant) = acting_svc::acting_list(app, user).await?;
    let form_unit = if form.unit_id > 0 {
        Some(org_svc::editable_unit(app, user, form.unit_id).await?)
    } else {
        None
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ActingPage {
        ctx: Ctx::new(lang, Some(user), &here(uri), "plt"),
        list,
        vacant,
        form,
        form_unit,
        errors,
        notice,
    };
    Ok((status, render(page)?).into_response())
}

pub(super) async fn acting_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ActingQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let form = ActingInput {
        unit_id: q.unit.unwrap_or(0),
        jenis: "PLT".into(),
        mulai: app.today().format("%Y-%m-%d").to_string(),
        ..Default::default()
    };
    let notice = match q.pesan.as_str() {
        "tersimpan" => Some(crate::i18n::t(lang, "notice-saved").to_string()),
        "diakhiri" => Some(crate::i18n::t(lang, "notice-acting-ended").to_string()),
        "menunggu" => Some(crate::i18n::t(lang, "notice-acting-pending").to_string()),
        _ => None,
    };
    acting_view(&app, &user, lang, &uri, form, FormErrors::default(), notice).await
}

pub(super) async fn acting_create(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(form): CsrfForm<ActingInput>,
) -> AppResult<Response> {
    match acting_svc::acting_create(&app, &user, &form).await {
        Ok(acting_svc::Outcome::Done) => {
            Ok(Redirect::to("/admin/plt?pesan=tersimpan").into_response())
        }
        Ok(acting_svc::Outcome::Pending) => {
            Ok(Redirect::to("/admin/plt?pesan=menunggu").into_response())
        }
        Err(AppError::Invalid(problems)) => {
            acting_view(
                &app,
                &user,
                lang,
                &uri,
                form,
                FormErrors::from_problems(&problems, lang),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn acting_end(
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    acting_svc::acting_end(&app, &user, id).await?;
    Ok(Redirect::to("/admin/plt?pesan=diakhiri").into_response())
}
