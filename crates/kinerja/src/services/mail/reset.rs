//! "Lupa kata sandi": a one-time link by email, valid for [`RESET_MINUTES`].
//!
//! The answer to a request is the same whether or not the account exists or has an
//! address, and takes no longer either way: the mail is written to the outbox, never
//! sent while the person waits. Requests are limited per client address and per
//! account, in the database, so every server process counts the same.

use super::*;
use crate::auth::{check_password_policy, random_token, token_hash};
use crate::services::audit::{self, Change, Who};
use std::net::IpAddr;

pub const RESET_MINUTES: i64 = 30;
/// Links per account per hour beyond which requests are quietly ignored (no mail bombs).
pub const RESETS_PER_HOUR: i64 = 3;
/// Requests per client address per quarter hour.
pub const REQUESTS_PER_ADDRESS: i64 = 10;

/// Whether self-service resets are possible here: mail and the public address the link
/// points to are both configured (a link built from a request's Host header could point
/// anywhere).
pub fn reset_available(app: &App) -> bool {
    enabled(app) && app.cfg.public_url.is_some()
}

/// Asks for a reset link for `who` (a NIP or a username). Always Ok, whatever `who` is,
/// unless the address asks too often.
pub async fn request_reset(app: &App, ip: IpAddr, who: &str) -> AppResult<()> {
    if !reset_available(app) {
        return Err(AppError::NotFound);
    }
    let now = crate::store::now_micros();
    let mut tx = app.db.begin().await?;
    let hits =
        crate::store::throttle::hit(&mut tx, &format!("lupa:{ip}"), now, 15 * 60_000_000).await?;
    tx.commit().await?;
    if hits > REQUESTS_PER_ADDRESS {
        return Err(AppError::RateLimited { seconds: 900 });
    }
    let username = crate::services::accounts::normalize_username(who);
    let Some(target) = store::reset_target(&app.db, &username).await? else {
        return Ok(());
    };
    let address = target.email.as_deref().unwrap_or("").trim().to_string();
    if !plausible(&address)
        || store::resets_since(&app.db, target.user_id, now - 3_600_000_000).await?
            >= RESETS_PER_HOUR
    {
        return Ok(());
    }
    let token = random_token(32);
    let link = format!("{}/akun/atur-ulang?token={token}", public_base(app));
    let lang = Lang::Id;
    let body = format!(
        "{}\n\n{}\n\n{link}\n\n{}",
        crate::i18n::tf(
            lang,
            "mail-reset-greeting",
            &[("nama", &target.display_name)]
        ),
        crate::i18n::tf(
            lang,
            "mail-reset-body",
            &[("menit", &RESET_MINUTES.to_string())]
        ),
        crate::i18n::t(lang, "mail-reset-ignore"),
    );
    let mut tx = app.db.begin().await?;
    store::reset_insert(
        &mut tx,
        &token_hash(&token),
        target.instansi_id,
        target.user_id,
        now + RESET_MINUTES * 60_000_000,
    )
    .await?;
    store::outbox_insert(
        &mut tx,
        &NewMail {
            instansi_id: target.instansi_id,
            channel: "email",
            recipient: &address,
            subject: crate::i18n::t(lang, "mail-reset-subject"),
            body: &body,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        target.instansi_id,
        &Who::system("lupa kata sandi"),
        Change {
            action: "user.password_reset_link",
            object_type: "user",
            object_id: Some(target.user_id),
            subject_employee_id: None,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await
}

/// Whether a link may still be used (for the page that asks for the new password).
pub async fn reset_link_valid(app: &App, token: &str) -> AppResult<bool> {
    Ok(
        store::reset_valid(&app.db, &token_hash(token), crate::store::now_micros())
            .await?
            .is_some(),
    )
}

/// Sets a new password through a link: once, within its time; every session and token of
/// the account ends, and the change is audited.
pub async fn reset_with_link(app: &App, token: &str, new: &str, confirm: &str) -> AppResult<()> {
    let hash_of_token = token_hash(token);
    let now = crate::store::now_micros();
    let Some((user_id, instansi_id)) = store::reset_valid(&app.db, &hash_of_token, now).await?
    else {
        return Err(AppError::invalid("token", "reset-link-invalid"));
    };
    if new != confirm {
        return Err(AppError::invalid("confirm", "password-mismatch"));
    }
    let row = crate::store::users::user_get(&app.db, instansi_id, user_id).await?;
    check_password_policy(new, &row.username)?;
    let hash = app.passwords.hash(new.to_string()).await?;
    let mut tx = app.db.begin().await?;
    if !store::reset_use(&mut tx, &hash_of_token, user_id, now).await? {
        return Err(AppError::invalid("token", "reset-link-invalid"));
    }
    crate::store::users::set_password(&mut tx, row.instansi_id, user_id, &hash, false).await?;
    crate::store::users::sessions_delete_for_user(&mut tx, row.instansi_id, user_id, None).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        row.instansi_id,
        &Who::system("lupa kata sandi"),
        Change {
            action: "user.password_reset_by_link",
            object_type: "user",
            object_id: Some(user_id),
            subject_employee_id: row.employee_id,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await
}
