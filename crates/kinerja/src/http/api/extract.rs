//! Extractors whose refusals answer in JSON.

use super::*;

/// `Path` whose rejection is an API error: an id that cannot even be read names nothing
/// that exists (404).
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(rejection) => {
                tracing::info!(error = %rejection, "API path rejected");
                Err(AppError::NotFound.into())
            }
        }
    }
}

/// `Query` whose rejection is an API error body (422) naming what is wrong.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(AppError::Invalid(vec![
                crate::error::Problem::new("query", "api-query-invalid")
                    .arg("detail", rejection.body_text()),
            ])
            .into()),
        }
    }
}

/// Integers written as `14.0` are integers to JSON Schema (and so to the API's document);
/// they are read as such before the body is decoded.
pub(super) fn integral_floats_to_integers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *v = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(integral_floats_to_integers),
        serde_json::Value::Object(o) => o.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// `Json` whose rejection is an API error body like every other error.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let invalid = |detail: String| -> ApiError {
            tracing::info!(error = %detail, "API body rejected");
            AppError::Invalid(vec![
                crate::error::Problem::new("body", "api-body-invalid").arg("detail", detail),
            ])
            .into()
        };
        let mut value = match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(v)) => v,
            Err(rejection) => return Err(invalid(rejection.body_text())),
        };
        integral_floats_to_integers(&mut value);
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| invalid(e.to_string()))
    }
}
