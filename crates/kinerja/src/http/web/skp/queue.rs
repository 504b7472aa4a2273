//! The penilai's queue.

use super::*;

#[derive(Template)]
#[template(path = "queue.html")]
pub struct QueuePage {
    pub ctx: Ctx,
    pub items: Vec<PendingRow>,
    /// Daily-log entries of the people rated waiting for acknowledgement.
    pub progres_pending: i64,
}

pub(super) async fn queue(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let items = svc::queue(&app, &user).await?;
    let progres_pending = crate::services::progres::pending_count(&app, &user).await?;
    render(QueuePage {
        progres_pending,
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "persetujuan"),
        items,
    })
}
