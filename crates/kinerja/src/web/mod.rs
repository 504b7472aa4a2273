//! Server-rendered pages (askama templates, plain HTML forms, a little JavaScript of our
//! own) and the HTTP plumbing shared with the JSON API.

pub mod confirmations;
pub mod dasbor;
pub mod extract;
pub mod laporan;
pub mod masukan;
pub mod pages;
pub mod pengembangan;
pub mod penilaian;
pub mod plan;
pub mod sessions;
pub mod tpp;
pub mod umpan_balik;
pub mod views;

use crate::app::App;
use crate::error::AppError;
use crate::i18n::Lang;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// A page rendered with its status (422 for a form sent back with errors).
pub(crate) fn render_status(
    status: StatusCode,
    t: impl askama::Template,
) -> crate::error::AppResult<Response> {
    let html = t
        .render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))?;
    Ok((status, axum::response::Html(html)).into_response())
}
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub const SESSION_COOKIE: &str = "kinerja_sesi";
pub const LANG_COOKIE: &str = "kinerja_bahasa";

/// Carried in the response of a failed handler; the error layer of the web pages or of the
/// API turns it into an HTML page or a JSON body in the user's language.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub status: StatusCode,
    pub message_id: String,
    pub message_en: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let info = ErrorInfo {
            code: self.code(),
            status,
            message_id: self.message(Lang::Id),
            message_en: self.message(Lang::En),
        };
        let mut res = (status, info.message_id.clone()).into_response();
        res.extensions_mut().insert(info);
        res
    }
}

/// Builds the whole application: pages, API, static files, health check, middleware.
pub fn router(app: App) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    let pages = pages::routes()
        .layer(middleware::from_fn_with_state(
            app.clone(),
            pages::render_errors,
        ))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            same_origin_only,
        ));
    let api = crate::api::routes(app.clone());
    Router::new()
        .merge(pages)
        .merge(api)
        .route("/healthz", axum::routing::get(healthz))
        .route("/static/{file}", axum::routing::get(static_file))
        .with_state(app.clone())
        .layer(middleware::from_fn_with_state(app.clone(), cache_and_transport))
        .layer(axum::extract::DefaultBodyLimit::max(app.cfg.max_upload_bytes))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            ),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(app.cfg.request_timeout_secs),
        ))
        .layer(CatchPanicLayer::new())
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
}

/// Pages and API answers carry personal data: no browser or proxy may keep them
/// (`no-store`, unless a handler chose otherwise, as the static files do). Over HTTPS the
/// browser is told to use nothing else from now on.
async fn cache_and_transport(State(app): State<App>, req: Request, next: Next) -> Response {
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

async fn healthz(State(app): State<App>) -> Response {
    match app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// Refuses state-changing requests sent by another site. Browsers say where a request
/// comes from (`Sec-Fetch-Site`, `Origin`); forms also carry a per-session token checked by
/// [`extract::CsrfForm`].
async fn same_origin_only(State(_app): State<App>, req: Request, next: Next) -> Response {
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

struct StaticFile {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const STATIC_FILES: &[StaticFile] = &[
    StaticFile {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../static/app.css"),
    },
    StaticFile {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../static/app.js"),
    },
];

/// Version tag of the static files, appended to their URLs so browsers may cache them for
/// a long time and still fetch a new release at once.
pub fn static_version() -> &'static str {
    static V: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        for f in STATIC_FILES {
            h.update(f.body.as_bytes());
        }
        hex::encode(h.finalize())[..12].to_string()
    });
    &V
}

async fn static_file(
    axum::extract::Path(file): axum::extract::Path<String>,
    req_headers: axum::http::HeaderMap,
) -> Response {
    let Some(f) = STATIC_FILES.iter().find(|f| f.name == file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{}\"", static_version());
    if req_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, f.content_type.to_string()),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
            (header::ETAG, etag),
        ],
        f.body,
    )
        .into_response()
}

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let router = router(app);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
