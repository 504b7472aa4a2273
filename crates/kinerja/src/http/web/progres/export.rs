//! The log downloaded for e-Kinerja BKN: one person's or a unit's, CSV or XLSX.

use super::*;
use crate::http::downloads::download_rows;
use crate::http::downloads::progres::ProgresRows;

#[derive(Deserialize, Default)]
pub(super) struct ExportQuery {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    periode: Option<i64>,
    #[serde(default)]
    pegawai: Option<i64>,
    #[serde(default)]
    unit: Option<i64>,
}

pub(super) async fn export(
    State(app): State<App>,
    user: WebUser,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let subject = svc::export_subject(&app, &user, q.pegawai, q.unit, q.periode).await?;
    let stem = subject.stem.clone();
    download_rows(ProgresRows::new(app, subject), q.format.as_deref(), &stem).await
}

#[derive(Template)]
#[template(path = "progres_impor.html")]
pub struct ImportLogPage {
    pub ctx: Ctx,
    pub report: Option<crate::services::import::ImportReport>,
    pub error: Option<String>,
}

pub(super) async fn import_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
) -> AppResult<Response> {
    svc::may_write_log(&app, &user).await?;
    render_status(
        StatusCode::OK,
        ImportLogPage {
            ctx: Ctx::new(lang, Some(&user), "/progres/impor", "progres"),
            report: None,
            error: None,
        },
    )
}

/// An import refused as a whole is shown with every reason; one that went through lands
/// on the log with the count.
pub(super) async fn import_submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    mut multipart: Multipart,
) -> AppResult<Response> {
    svc::may_write_log(&app, &user).await?;
    let max = app.cfg.max_upload_bytes;
    let page = |report, error| ImportLogPage {
        ctx: Ctx::new(lang, Some(&user), "/progres/impor", "progres"),
        report,
        error,
    };
    let (f, file) = match read_multipart(&mut multipart, &user.session.csrf_token, max).await {
        Ok(x) => x,
        Err(e @ AppError::Invalid(_)) => {
            let msg = form_errors(&e, lang).map(|f| f.all().join("; "));
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, page(None, msg));
        }
        Err(e) => return Err(e),
    };
    let Some(file) = file else {
        let msg = crate::i18n::t(lang, "err-file-empty").to_string();
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, page(None, Some(msg)));
    };
    let dry = f.get("uji").is_some_and(|v| v == "1");
    let report = svc::import_log(&app, &user, &file.bytes, dry).await?;
    if report.ok() && !dry {
        return Ok(
            Redirect::to(&format!("/progres?pesan=diimpor&n={}", report.created)).into_response(),
        );
    }
    let status = if report.ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, page(Some(report), None))
}
