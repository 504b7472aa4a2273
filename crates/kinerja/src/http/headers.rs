//! Middleware on every answer: caching and transport headers, and the refusal of
//! state-changing requests sent by another site.

use crate::app::App;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Pages and API answers carry personal data: no browser or proxy may keep them
/// (`no-store`, unless a handler chose otherwise, as the static files do). Over HTTPS the
/// browser is told to use nothing else from now on.
pub(super) async fn cache_and_transport(
    State(app): State<App>,
    req: Request,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if app.cfg.cookie_secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// Refuses state-changing requests sent by another site. Browsers say where a request
/// comes from (`Sec-Fetch-Site`, `Origin`); forms also carry a per-session token checked by
/// [`super::extract::CsrfForm`].
pub(super) async fn same_origin_only(
    State(_app): State<App>,
    req: Request,
    next: Next,
) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let h = req.headers();
        let site_ok = h
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| matches!(v, "same-origin" | "none"));
        let origin_ok = match (h.get(header::ORIGIN), h.get(header::HOST)) {
            (Some(o), Some(host)) => {
                let o = o.to_str().unwrap_or("");
                let host = host.to_str().unwrap_or("");
                o.split("://").nth(1) == Some(host)
            }
            _ => true,
        };
        if !site_ok || !origin_ok {
            return AppError::Csrf.into_response();
        }
    }
    next.run(req).await
}
