//! One RHK with its indicators.

use super::*;

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
pub(super) async fn rhk_editor(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    id: i64,
    rid: i64,
    values: Option<HashMap<String, String>>,
    errors: FormErrors,
) -> AppResult<Response> {
    let v = svc::plan_view_to_edit(app, user, id).await?;
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

pub(super) async fn rhk_page(
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
