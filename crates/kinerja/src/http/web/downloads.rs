//! Files sent as downloads: never kept by a cache, always saved rather than shown.

use crate::error::{AppError, AppResult};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A generated file as a download that no cache keeps.
pub fn download(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> AppResult<Response> {
    download_body(axum::body::Body::from(bytes), content_type, filename)
}

/// A download whose body may still be streaming.
pub fn download_body(
    body: axum::body::Body,
    content_type: &'static str,
    filename: &str,
) -> AppResult<Response> {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
