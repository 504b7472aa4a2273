//! Notifications: what happened to someone's plan or evaluation, listed on their page.

use crate::app::App;
use crate::error::AppResult;
use crate::services::accounts::CurrentUser;
pub use crate::store::mail::MailChoice;
use crate::store::notifications as store;
pub use crate::store::notifications::NotificationRow;

pub async fn notifications(
    app: &App,
    user: &CurrentUser,
) -> AppResult<Vec<crate::store::notifications::NotificationRow>> {
    let list = store::notifications(&app.db, user.instansi_id(), user.session.user_id, 100).await?;
    if list.iter().any(|n| n.read_at.is_none()) {
        let mut tx = app.db.begin().await?;
        crate::store::notifications::notifications_read(
            &mut tx,
            user.instansi_id(),
            user.session.user_id,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(list)
}

pub async fn unread(app: &App, user: &CurrentUser) -> AppResult<i64> {
    crate::store::notifications::unread_count(&app.db, user.instansi_id(), user.session.user_id)
        .await
}

/// A notification in words, in `lang` (`notif-<kind>` with its parameters); an unknown
/// kind is shown as its code.
pub fn text(lang: crate::i18n::Lang, kind: &str, params_json: &str) -> String {
    let params: std::collections::HashMap<String, serde_json::Value> =
        serde_json::from_str(params_json).unwrap_or_default();
    let args: Vec<(String, String)> = params
        .into_iter()
        .map(|(k, v)| {
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            // Period names travel as stored; said in the reader's language.
            let v = if k == "periode" {
                crate::i18n::period_name(lang, &v)
            } else {
                v
            };
            (k, v)
        })
        .collect();
    let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let key = format!("notif-{}", kind.replace('_', "-"));
    match crate::i18n::t_opt(lang, &key) {
        Some(_) => crate::i18n::tf(lang, &key, &refs),
        None => kind.to_string(),
    }
}

/// The signed-in person's choice of mails (and their address, to show where mail goes).
pub async fn mail_choice(
    app: &App,
    user: &CurrentUser,
) -> AppResult<crate::store::mail::MailChoice> {
    crate::store::mail::choice_get(&app.db, user.instansi_id(), user.session.user_id).await
}

/// Sets one's own choice: each notification by mail at once ('segera'), one mail a day
/// ('ringkasan') or none ('tidak'); and deadline reminders on or off.
pub async fn set_mail_choice(
    app: &App,
    user: &CurrentUser,
    mode: &str,
    reminders: bool,
) -> AppResult<()> {
    if !matches!(mode, "segera" | "ringkasan" | "tidak") {
        return Err(crate::error::AppError::invalid(
            "email_mode",
            "mail-mode-unknown",
        ));
    }
    let mut tx = app.db.begin().await?;
    crate::store::mail::choice_set(
        &mut tx,
        user.instansi_id(),
        user.session.user_id,
        mode,
        reminders,
    )
    .await?;
    tx.commit().await
}
