//! Notifications: what happened to someone's plan or evaluation, listed on their page.

use crate::app::App;
use crate::error::AppResult;
use crate::services::accounts::CurrentUser;
use crate::store::notifications as store;
pub use crate::store::notifications::NotificationRow;

pub async fn notifications(
    app: &App,
    user: &CurrentUser,
) -> AppResult<Vec<crate::store::notifications::NotificationRow>> {
    let list = store::notifications(&app.db, user.session.user_id, 100).await?;
    if list.iter().any(|n| n.read_at.is_none()) {
        let mut tx = app.db.begin_quiet().await?;
        crate::store::notifications::notifications_read(&mut tx, user.session.user_id).await?;
        tx.commit().await?;
    }
    Ok(list)
}

pub async fn unread(app: &App, user: &CurrentUser) -> AppResult<i64> {
    crate::store::notifications::unread_count(&app.db, user.session.user_id).await
}
