//! Transitions of the plan.

use super::*;

pub(super) async fn adopt(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, cid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::AdoptProposal(cid)).await;
    outcome_at(
        &app,
        &user,
        lang,
        id,
        "hasil-kerja",
        HashMap::new(),
        r,
        "tersimpan",
    )
    .await
}

pub(super) async fn submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::submit(&app, &user, id, f.version).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "status",
        HashMap::new(),
        r,
        "diajukan",
    )
    .await
}

pub(super) async fn withdraw(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::withdraw(&app, &user, id, f.version).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "status",
        HashMap::new(),
        r,
        "ditarik",
    )
    .await
}

pub(super) async fn revise(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::revise(&app, &user, id, f.version).await;
    outcome(&app, &user, lang, id, "status", HashMap::new(), r, "revisi").await
}

pub(super) async fn review(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let approve = f.get("keputusan").map(String::as_str) == Some("setujui");
    let d = svc::Review {
        approve,
        catatan: f.get("catatan").cloned().unwrap_or_default(),
        catatan_baris: f
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("catatan_")
                    .and_then(|id| id.parse().ok())
                    .map(|id| (id, v.clone()))
            })
            .collect(),
        ekspektasi: expectation_fields(&f),
    };
    let r = svc::review(&app, &user, id, version, &d).await;
    outcome(
        &app,
        &user,
        lang,
        id,
        "keputusan",
        f,
        r,
        if approve { "disetujui" } else { "dikembalikan" },
    )
    .await
}

pub(super) async fn expectations(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let texts = expectation_fields(&f);
    let r = svc::set_expectations(&app, &user, id, version, &texts).await;
    outcome(&app, &user, lang, id, "ekspektasi", f, r, "tersimpan").await
}

/// The ekspektasi boxes of a posted form (e1 … e7; absent boxes are left as they are).
fn expectation_fields(f: &HashMap<String, String>) -> Vec<(u8, String)> {
    (1..=7u8)
        .filter_map(|k| f.get(&format!("e{k}")).map(|t| (k, t.clone())))
        .collect()
}
