//! Unit tree.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct UnitQuery {
    #[serde(default)]
    id: Option<i64>,
}

pub(super) async fn units(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<UnitQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let v = org_svc::unit_view(&app, &user, q.id).await?;
    render(UnitsPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "unor"),
        v,
    })
}
