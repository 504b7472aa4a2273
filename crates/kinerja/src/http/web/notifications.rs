//! The notifications page.

use super::views::Ctx;
use super::{here, render};
use crate::app::App;
use crate::error::AppResult;
use crate::http::extract::{UserLang, WebUser};
use crate::services::notifications::NotificationRow;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<App> {
    Router::new().route("/notifikasi", get(notifications))
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    pub ctx: Ctx,
    pub items: Vec<NotificationRow>,
}

impl NotificationsPage {
    pub fn text(&self, n: &NotificationRow) -> String {
        crate::services::notifications::text(self.ctx.lang, &n.kind, &n.params_json)
    }
}

pub(super) async fn notifications(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let items = crate::services::notifications::notifications(&app, &user).await?;
    render(NotificationsPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "notifikasi"),
        items,
    })
}
