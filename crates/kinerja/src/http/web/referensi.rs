//! Admin page of a reference version.

use super::views::Ctx;
use super::{here, render};
use crate::app::App;
use crate::error::AppResult;
use crate::http::extract::{UserLang, WebUser};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<App> {
    Router::new().route("/admin/referensi/{id}", get(reference))
}

#[derive(Template)]
#[template(path = "referensi.html")]
pub struct ReferencePage {
    pub ctx: Ctx,
    pub row: crate::services::referensi::ReferenceRow,
    pub data: std::sync::Arc<kinerja_domain::referensi::Referensi>,
}

pub(super) async fn reference(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let (row, data) = crate::services::referensi::reference(&app, &user, id).await?;
    render(ReferencePage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "tahun"),
        row,
        data,
    })
}
