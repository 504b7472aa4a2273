//! Evidence files (bukti dukung).

use super::*;

pub(super) async fn upload_evidence(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    // Before a byte of the body is read: may this user add evidence here at all?
    svc::may_add_evidence(&app, &user, id).await?;
    // The CSRF token and the indicator come before the file in the form.
    let mut csrf = String::new();
    let mut indikator: i64 = -1;
    let mut file: Option<(String, Vec<u8>)> = None;
    let max = app.cfg.max_bukti_bytes;
    let too_large = |indikator: i64| {
        AppError::Invalid(vec![
            crate::error::Problem::at(format!("berkas_{indikator}"), "bukti-too-large")
                .arg("max", format!("{} MB", max / (1024 * 1024))),
        ])
    };
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::invalid("berkas", "form-too-large"))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "indikator_id" => {
                indikator = field.text().await.unwrap_or_default().parse().unwrap_or(-1)
            }
            "berkas" => {
                if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
                    return Err(AppError::Csrf);
                }
                let name = field.file_name().unwrap_or("").to_string();
                // Read chunk by chunk and stop one byte past the limit: an oversized file
                // is refused without being taken in whole.
                let mut bytes = Vec::new();
                let mut over = false;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|_| AppError::invalid("berkas", "form-too-large"))?
                {
                    if bytes.len() + chunk.len() > max {
                        over = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if over {
                    let r: AppResult<&'static str> = Err(too_large(indikator));
                    return after(&app, &user, lang, id, HashMap::new(), r).await;
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
        return Err(AppError::Csrf);
    }
    let (name, bytes) = file.unwrap_or_default();
    let r = svc::add_evidence(&app, &user, id, indikator, &name, &bytes)
        .await
        .map(|_| "bukti");
    after(&app, &user, lang, id, HashMap::new(), r).await
}

pub(super) async fn evidence_file(
    State(app): State<App>,
    user: WebUser,
    Path((id, bid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (row, bytes) = svc::evidence_file(&app, &user, id, bid).await?;
    file_response(&row.nama_file, &row.content_type, bytes)
}

/// An uploaded file as its answer: shown in the browser when it is a PDF or picture,
/// downloaded otherwise, never able to run script in our origin.
pub(crate) fn file_response(nama: &str, content_type: &str, bytes: Vec<u8>) -> AppResult<Response> {
    let inline = matches!(content_type, "application/pdf" | "image/png" | "image/jpeg");
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        crate::http::web::views::encode(nama)
    );
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    // Uploaded content never runs script in our origin.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; object-src 'self'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

pub(super) async fn remove_evidence(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, bid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::remove_evidence(&app, &user, id, bid)
        .await
        .map(|_| "bukti-hapus");
    after(&app, &user, lang, id, f, r).await
}
