//! The names of the cookies the application sets.

pub const SESSION_COOKIE: &str = "kinerja_sesi";
pub const LANG_COOKIE: &str = "kinerja_bahasa";

pub(crate) fn session_cookie(
    app: &crate::app::App,
    token: &str,
    max_age_secs: i64,
) -> axum::http::HeaderValue {
    let secure = if app.cfg.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    axum::http::HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .expect("cookie is ASCII")
}

/// The device cookie: sent only to the sign-in form (`Path=/masuk`), so no other page
/// ever carries it.
pub(crate) fn device_cookie(app: &crate::app::App, value: &str) -> axum::http::HeaderValue {
    let secure = if app.cfg.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    let max_age = crate::services::throttle::DEVICE_DAYS * 86_400;
    axum::http::HeaderValue::from_str(&format!(
        "{}={value}; Path=/masuk; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        crate::services::throttle::DEVICE_COOKIE
    ))
    .expect("cookie is ASCII")
}
