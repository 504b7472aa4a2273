//! Documents: the PDF and the unit ZIP.

use super::*;

pub(super) async fn evaluasi_pdf(
    _: crate::http::extract::NotCrossSite,
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (bytes, name) = crate::services::documents::evaluasi_pdf(&app, &user, id).await?;
    download(bytes, "application/pdf", &name)
}

pub(super) async fn unit_zip(
    _: crate::http::extract::NotCrossSite,
    State(app): State<App>,
    user: WebUser,
    Path(uid): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> AppResult<Response> {
    let period = q.periode.ok_or(AppError::NotFound)?;
    let (body, name) = crate::services::documents::unit_zip(&app, &user, uid, period).await?;
    download_body(body, "application/zip", &name)
}
