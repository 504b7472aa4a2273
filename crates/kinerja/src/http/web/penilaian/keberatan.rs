//! Keberatan and reopening.

use super::*;

pub(super) fn version_of(f: &HashMap<String, String>) -> i64 {
    f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1)
}

pub(super) fn text_of(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

pub(super) async fn object(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::object(&app, &user, id, version_of(&f), &text_of(&f, "alasan"))
        .await
        .map(|_| "keberatan");
    after(&app, &user, lang, id, f, r).await
}

pub(super) async fn explain(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::explain(&app, &user, id, &text_of(&f, "penjelasan"))
        .await
        .map(|_| "penjelasan");
    after(&app, &user, lang, id, f, r).await
}

pub(super) async fn decide_objection(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let d = svc::DecisionInput {
        keputusan: text_of(&f, "keputusan"),
        rating_hasil: text_of(&f, "putusan_hasil"),
        rating_perilaku: text_of(&f, "putusan_perilaku"),
    };
    let r = svc::decide_objection(&app, &user, id, version_of(&f), &d)
        .await
        .map(|_| "putusan");
    after(&app, &user, lang, id, f, r).await
}

pub(super) async fn admin_reopen(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::admin_reopen(&app, &user, id, version_of(&f), &text_of(&f, "alasan_buka"))
        .await
        .map(|_| "dibuka-admin");
    after(&app, &user, lang, id, f, r).await
}
