//! Evidence files (bukti dukung).

use super::*;

/// Adds evidence files. Posted either by the small per-indicator form (`indikator_id` and
/// `berkas`) or, from the self-assessment page, as the whole self-assessment form
/// (`berkas_<indicator>` beside the typed realisasi): then what was typed is saved as a
/// draft first, so an upload never loses it.
pub(super) async fn upload_evidence(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    // Before a byte of the body is read: may this user add evidence here at all?
    svc::may_add_evidence(&app, &user, id).await?;
    // The CSRF token comes first in both forms, before any file.
    let mut csrf = String::new();
    let mut indikator: i64 = -1;
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut files: Vec<(i64, String, Vec<u8>)> = Vec::new();
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
        let name = field.name().unwrap_or("").to_string();
        let target = match name.as_str() {
            "berkas" => Some(indikator),
            other => other.strip_prefix("berkas_").and_then(|n| n.parse().ok()),
        };
        let Some(target) = target else {
            let text = field.text().await.unwrap_or_default();
            match name.as_str() {
                "csrf" => csrf = text,
                "indikator_id" => indikator = text.parse().unwrap_or(-1),
                _ => {
                    fields.insert(name, text);
                }
            }
            continue;
        };
        if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
            return Err(AppError::Csrf);
        }
        let file_name = field.file_name().unwrap_or("").to_string();
        // Read chunk by chunk and stop one byte past the limit: an oversized file is
        // refused without being taken in whole.
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| AppError::invalid("berkas", "form-too-large"))?
        {
            if bytes.len() + chunk.len() > max {
                let r: AppResult<&'static str> = Err(too_large(target));
                return after(&app, &user, lang, id, fields, r).await;
            }
            bytes.extend_from_slice(&chunk);
        }
        // A file box left empty on the whole form arrives as an empty part.
        if name == "berkas" || !(file_name.is_empty() && bytes.is_empty()) {
            files.push((target, file_name, bytes));
        }
    }
    if !crate::auth::same_secret(&csrf, &user.session.csrf_token) {
        return Err(AppError::Csrf);
    }
    if fields.contains_key("version") {
        let (version, input) = super::forms::self_input(&fields);
        if let Err(e) = svc::save_self(&app, &user, id, version, &input).await {
            return after(&app, &user, lang, id, fields, Err(e)).await;
        }
        if files.is_empty() {
            let r = Err(AppError::invalid("berkas", "bukti-none-chosen"));
            return after(&app, &user, lang, id, HashMap::new(), r).await;
        }
    } else if files.is_empty() {
        files.push((indikator, String::new(), Vec::new()));
    }
    for (target, name, bytes) in &files {
        if let Err(e) = svc::add_evidence(&app, &user, id, *target, name, bytes).await {
            return after(&app, &user, lang, id, HashMap::new(), Err(e)).await;
        }
    }
    let first = files.first().map(|f| f.0).unwrap_or(indikator);
    Ok(Redirect::to(&format!("/penilaian/{id}?pesan=bukti#bukti-{first}")).into_response())
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
