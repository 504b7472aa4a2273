//! The guide per role.

use super::views::Ctx;
use super::{here, render};
use crate::app::App;
use crate::error::AppResult;
use crate::http::extract::{UserLang, WebUser};
use crate::services::panduan::{self as svc, Guide};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<App> {
    Router::new().route("/panduan", get(page))
}

#[derive(Template)]
#[template(path = "panduan.html")]
pub struct GuidePage {
    pub ctx: Ctx,
    pub g: Guide,
}

impl GuidePage {
    /// The numbered steps of a part: `panduan-<part>-<n>` while the catalogue has them.
    pub fn steps(&self, part: &svc::Part) -> Vec<(&'static str, &'static str)> {
        (1..=9)
            .map_while(|n| {
                let k = format!("panduan-{}-{n}", part.code());
                Some((
                    crate::i18n::t_opt(self.ctx.lang, &format!("{k}-title"))?,
                    crate::i18n::t_opt(self.ctx.lang, &k)?,
                ))
            })
            .collect()
    }
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let g = svc::guide(&app, &user).await?;
    render(GuidePage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "panduan"),
        g,
    })
}
