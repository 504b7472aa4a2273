//! The penilai's queue.

use super::*;

#[derive(Template)]
#[template(path = "queue.html")]
pub struct QueuePage {
    pub ctx: Ctx,
    pub items: Vec<PendingRow>,
}

pub(super) async fn queue(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let items = svc::queue(&app, &user).await?;
    render(QueuePage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "persetujuan"),
        items,
    })
}
