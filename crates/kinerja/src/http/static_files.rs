//! The CSS and JavaScript, embedded in the binary and served with a long cache life.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

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

pub(super) async fn static_file(
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
