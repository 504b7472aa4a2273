//! HTTP: the router above the pages and the API, the middleware every answer passes
//! through, the error → response conversion, cookies, the client's address and language.
//! `web` (server-rendered pages) and `api` (JSON under /api/v1) are thin over the services
//! and never import each other.

pub mod api;
pub mod cookies;
pub mod downloads;
pub mod errors;
pub mod extract;
mod headers;
mod metrics;
mod static_files;
pub mod web;

pub use cookies::{LANG_COOKIE, SESSION_COOKIE};
pub use errors::ErrorInfo;
pub use static_files::static_version;

use crate::app::App;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Builds the whole application: pages, API, static files, health check, middleware.
pub fn router(app: App) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    let pages = web::routes()
        .layer(middleware::from_fn_with_state(
            app.clone(),
            web::render_errors,
        ))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            headers::same_origin_only,
        ));
    let api = api::routes(app.clone());
    Router::new()
        .merge(pages)
        .merge(api)
        .route("/healthz", axum::routing::get(healthz))
        .route("/readyz", axum::routing::get(readyz))
        .route("/static/{file}", axum::routing::get(static_files::static_file))
        .route_layer(middleware::from_fn_with_state(app.clone(), metrics::track))
        .route("/metrics", axum::routing::get(metrics::metrics))
        .with_state(app.clone())
        .layer(middleware::from_fn_with_state(app.clone(), headers::cache_and_transport))
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
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                // Brotli's default (11) is meant for files compressed once; 4 keeps a
                // dashboard's compression within a millisecond or two.
                .quality(CompressionLevel::Precise(4))
                .compress_when(SizeAbove::new(256).and(compressible)),
        )
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

/// Text (pages, CSS, JavaScript, JSON, CSV, SVG) is compressed for clients that accept it;
/// files already compressed (XLSX, PDF, ZIP, images) go as they are.
fn compressible(
    _: StatusCode,
    _: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    [
        "text/",
        "application/json",
        "application/javascript",
        "image/svg+xml",
    ]
    .iter()
    .any(|t| ct.starts_with(t))
}

/// Liveness: the process answers. It does not look at the database: a server whose
/// database is down is not helped by being restarted.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: whether this server should get requests. The database and the file store
/// answer, and the server is not shutting down.
async fn readyz(State(app): State<App>) -> Response {
    match crate::services::readiness(&app).await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
    }
}

/// Serves until Ctrl-C or SIGTERM. Then the readiness check fails at once, the server
/// keeps serving for `KINERJA_DRAIN_SECONDS` (for the proxy to notice), stops accepting
/// connections and lets the requests in flight finish.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let router = router(app.clone());
    metrics::spawn_upkeep();
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        app.draining
            .store(true, std::sync::atomic::Ordering::Release);
        tokio::time::sleep(Duration::from_secs(app.cfg.drain_seconds)).await;
        tracing::info!("no new connections; finishing the requests in flight");
    })
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
