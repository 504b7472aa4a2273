//! An error as an HTTP answer. The handler's error becomes a bare response carrying
//! [`ErrorInfo`]; the error layer of the pages or of the API then renders it as an HTML page
//! or a JSON body in the user's language.

use crate::error::AppError;
use crate::i18n::Lang;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

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
