//! Saving the forms.

use super::*;

pub(super) fn pairs(
    f: &HashMap<String, String>,
    rating: &str,
    comment: &str,
) -> HashMap<i64, (String, String)> {
    let mut out: HashMap<i64, (String, String)> = HashMap::new();
    for (k, v) in f {
        if let Some(id) = k.strip_prefix(comment).and_then(|x| x.parse().ok()) {
            out.entry(id).or_default().1 = v.clone();
        } else if let Some(id) = k.strip_prefix(rating).and_then(|x| x.parse().ok()) {
            out.entry(id).or_default().0 = v.clone();
        }
    }
    out
}

pub(super) async fn after(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    f: HashMap<String, String>,
    r: AppResult<&'static str>,
) -> AppResult<Response> {
    match r {
        Ok(done) => Ok(Redirect::to(&format!("/penilaian/{id}?pesan={done}")).into_response()),
        Err(AppError::Invalid(p)) => {
            show(
                app,
                user,
                lang,
                id,
                f,
                FormErrors::from_problems(&p, lang),
                None,
            )
            .await
        }
        Err(e @ (AppError::Stale | AppError::Conflict(_))) => {
            show(
                app,
                user,
                lang,
                id,
                f,
                FormErrors::general(e.message(lang)),
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The self-assessment form's version and content (realisasi, judgements, comments).
pub(super) fn self_input(f: &HashMap<String, String>) -> (i64, SelfInput) {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let mut realisasi: HashMap<i64, (String, String)> = HashMap::new();
    for (k, v) in f {
        if let Some(i) = k.strip_prefix("nilai_").and_then(|x| x.parse().ok()) {
            realisasi.entry(i).or_default().0 = v.clone();
        } else if let Some(i) = k.strip_prefix("teks_").and_then(|x| x.parse().ok()) {
            realisasi.entry(i).or_default().1 = v.clone();
        }
    }
    let input = SelfInput {
        realisasi,
        rhk: pairs(f, "rhk_", "rhk_komentar_"),
        perilaku: pairs(f, "perilaku_", "perilaku_komentar_"),
    };
    (version, input)
}

pub(super) async fn save_self(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let (version, input) = self_input(&f);
    let send = f.contains_key("kirim");
    let mut f = f;
    let r = match svc::save_self(&app, &user, id, version, &input).await {
        Ok(v) if send => {
            // Saved even when sending is refused: the page then shows the new version.
            f.remove("version");
            svc::submit_self(&app, &user, id, v)
                .await
                .map(|_| "terkirim")
        }
        Ok(_) => Ok("tersimpan"),
        Err(e) => Err(e),
    };
    after(&app, &user, lang, id, f, r).await
}

fn assess_input(f: &HashMap<String, String>) -> AssessInput {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    AssessInput {
        rhk: pairs(f, "nrhk_", "ubrhk_"),
        perilaku: pairs(f, "nperilaku_", "ubperilaku_"),
        rating_hasil: get("rating_hasil"),
        rating_perilaku: get("rating_perilaku"),
        alasan_hasil: get("alasan_hasil"),
        alasan_perilaku: get("alasan_perilaku"),
        catatan: get("catatan"),
    }
}

/// The saran and predikat of the choices on the page, for the script that shows them
/// while the penilai chooses (without it, they appear after Simpan).
pub(super) async fn preview(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let p = svc::preview_assessment(&app, &user, id, &assess_input(&f)).await?;
    let ctx = Ctx::new(lang, Some(&user), "/", "penilaian");
    Ok(axum::Json(serde_json::json!({
        "saran_hasil": p.saran_hasil.as_ref().map(|s| saran_words(&ctx, s)),
        "saran_perilaku": p.saran_perilaku.as_ref().map(|s| saran_words(&ctx, s)),
        "predikat": p.predikat.map(|x| ctx.t(predikat_key(x))),
    }))
    .into_response())
}

pub(super) async fn save_assessment(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let input = assess_input(&f);
    let send = f.contains_key("kirim");
    let mut f = f;
    let r = match svc::save_assessment(&app, &user, id, version, &input).await {
        Ok(v) if send => {
            f.remove("version");
            svc::submit_assessment(&app, &user, id, v)
                .await
                .map(|_| "dinilai")
        }
        Ok(_) => Ok("tersimpan"),
        Err(e) => Err(e),
    };
    after(&app, &user, lang, id, f, r).await
}

pub(super) async fn reopen(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let r = svc::reopen_assessment(&app, &user, id, version)
        .await
        .map(|_| "dibuka");
    after(&app, &user, lang, id, f, r).await
}
