//! Import.

use super::*;

pub(super) async fn import_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    import_svc::may_import(&user)?;
    let _ = app;
    render(ImportPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "impor"),
        report: None,
        kind: "pegawai".into(),
        error: None,
    })
}

pub(super) async fn import_submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    mut multipart: Multipart,
) -> AppResult<Response> {
    import_svc::may_import(&user)?;
    // The CSRF token comes first in the form, before the file.
    let mut csrf = String::new();
    let mut kind = "pegawai".to_string();
    let mut dry_run = false;
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::invalid("file", "form-malformed"))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "jenis" => kind = field.text().await.unwrap_or_default(),
            "uji" => dry_run = true,
            "berkas" => {
                if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
                    return Err(AppError::Csrf);
                }
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::invalid("file", "form-too-large"))?;
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
        return Err(AppError::Csrf);
    }
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "impor");
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        let page = ImportPage {
            error: Some(ctx.t("import-no-file").to_string()),
            ctx,
            report: None,
            kind,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    };
    let who = user.who();
    let report = if kind == "unit" {
        import_svc::import_units(&app, user.instansi_id(), &who, &bytes, dry_run).await?
    } else {
        import_svc::import_employees_as(&app, &user, &bytes, dry_run).await?
    };
    let status = if report.ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(ImportPage {
            ctx,
            report: Some(report),
            kind,
            error: None,
        })?,
    )
        .into_response())
}
