//! Prometheus metrics at `/metrics`: requests by route and status, their latency, and the
//! database pools. Each server exports its own numbers; Prometheus adds them up.
//!
//! The recorder is process-global (the `metrics` facade), so it is installed once however
//! many applications a process builds (the tests build hundreds).

use crate::app::App;
use crate::http::extract::client_ip;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

const REQUESTS: &str = "kinerja_http_requests_total";
const LATENCY: &str = "kinerja_http_request_duration_seconds";
const POOL: &str = "kinerja_db_pool_connections";
const QUERIES: &str = "kinerja_http_request_queries";

/// Latency buckets in seconds: page budgets are a few milliseconds, the month-end slowness
/// this watches for is seconds.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Statements per request: a hot page's budget is a handful, whatever the data size.
const QUERY_BUCKETS: &[f64] = &[1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 20.0, 50.0, 100.0];

fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.into()), BUCKETS)
            .expect("buckets are not empty")
            .set_buckets_for_metric(Matcher::Full(QUERIES.into()), QUERY_BUCKETS)
            .expect("buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder installed first (a library's test) keeps its place; this
        // handle then renders what it has, which is nothing.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Drains the histograms' raw samples into their buckets every few seconds. Without it
/// every latency recorded between two scrapes stays in memory: under a peak mix with no
/// Prometheus scraping, hundreds of megabytes.
pub fn spawn_upkeep() {
    let h = handle();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            every.tick().await;
            h.run_upkeep();
        }
    });
}

/// Counts every request that matched a route, by its route pattern (never the raw path:
/// ids would make a series per plan) and status, with its latency and the statements it
/// sent to the database. With `KINERJA_QUERY_HEADER` the count is also sent back as
/// `x-kinerja-queries`, for the tests and the load script.
pub async fn track(State(app): State<App>, req: Request, next: Next) -> Response {
    handle();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let (mut res, queries) = crate::services::counting_queries(next.run(req)).await;
    if app.cfg.query_header {
        res.headers_mut()
            .insert("x-kinerja-queries", queries.into());
    }
    metrics::histogram!(QUERIES, "route" => route.clone()).record(f64::from(queries));
    let status = res.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(LATENCY, "route" => route).record(start.elapsed().as_secs_f64());
    res
}

/// The metrics in Prometheus' text format, for the monitoring servers named by
/// `KINERJA_METRICS_FROM` only: route names and volumes are nobody else's business.
pub async fn metrics(State(app): State<App>, req: Request) -> Response {
    let from = client_ip(&app.proxies, req.extensions(), req.headers());
    if !app.metrics_readers.iter().any(|c| c.contains(from)) {
        return StatusCode::NOT_FOUND.into_response();
    }
    for (pool, open, idle) in crate::services::pool_usage(&app) {
        let idle = idle as f64;
        metrics::gauge!(POOL, "pool" => pool, "state" => "idle").set(idle);
        metrics::gauge!(POOL, "pool" => pool, "state" => "in_use").set(f64::from(open) - idle);
    }
    let h = handle();
    h.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        h.render(),
    )
        .into_response()
}
