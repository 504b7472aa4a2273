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
use std::collections::HashMap;

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
        let params: HashMap<String, serde_json::Value> =
            serde_json::from_str(&n.params_json).unwrap_or_default();
        let args: Vec<(String, String)> = params
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        crate::i18n::t_opt(
            self.ctx.lang,
            &format!("notif-{}", n.kind.replace('_', "-")),
        )
        .map(|_| {
            crate::i18n::tf(
                self.ctx.lang,
                &format!("notif-{}", n.kind.replace('_', "-")),
                &refs,
            )
        })
        .unwrap_or_else(|| n.kind.clone())
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
