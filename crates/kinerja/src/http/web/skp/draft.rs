//! Editing the draft.

use super::*;

/// After a change: back to the plan (at the right place), or the page again with the
/// refused form as typed and the reasons.
// The form's identity travels with its outcome; a struct would only rename the arguments.
#[allow(clippy::too_many_arguments)]
pub(super) async fn outcome(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    which: &str,
    values: HashMap<String, String>,
    r: AppResult<()>,
    done: &str,
) -> AppResult<Response> {
    outcome_at(app, user, lang, id, which, values, r.map(|()| None), done).await
}

/// As `outcome`, landing on the hasil kerja a change touched (`Some(rhk id)`), where the
/// confirmation is shown beside it, instead of on the form that sent it.
#[allow(clippy::too_many_arguments)]
pub(super) async fn outcome_at(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    which: &str,
    values: HashMap<String, String>,
    r: AppResult<Option<i64>>,
    done: &str,
) -> AppResult<Response> {
    match r {
        Ok(Some(rhk)) => {
            Ok(Redirect::to(&format!("/skp/{id}?pesan={done}&di={rhk}#rhk-{rhk}")).into_response())
        }
        Ok(None) => Ok(Redirect::to(&format!("/skp/{id}?pesan={done}#{which}")).into_response()),
        Err(AppError::Invalid(p)) => {
            let form = FormState {
                which: which.to_string(),
                values,
                errors: FormErrors::from_problems(&p, lang),
            };
            plan_page_with(app, user, lang, id, form, None, None).await
        }
        Err(e @ (AppError::Stale | AppError::Conflict(_))) => {
            let form = FormState {
                which: which.to_string(),
                values,
                errors: FormErrors::general(e.message(lang)),
            };
            plan_page_with(app, user, lang, id, form, None, None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct RhkForm {
    version: i64,
    jenis: String,
    teks: String,
    #[serde(default)]
    parent_rhk_id: String,
    #[serde(default)]
    pk_target: String,
    #[serde(default)]
    perspektif: String,
}

impl RhkForm {
    fn input(&self) -> RhkInput {
        RhkInput {
            jenis: self.jenis.clone(),
            teks: self.teks.clone(),
            parent_rhk_id: self.parent_rhk_id.trim().parse().ok(),
            pk_target: self.pk_target.clone(),
            perspektif: self.perspektif.clone(),
        }
    }
    fn values(&self) -> HashMap<String, String> {
        [
            ("jenis", &self.jenis),
            ("teks", &self.teks),
            ("parent_rhk_id", &self.parent_rhk_id),
            ("pk_target", &self.pk_target),
            ("perspektif", &self.perspektif),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

pub(super) async fn add_rhk(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RhkForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::AddRhk(f.input())).await;
    outcome_at(
        &app,
        &user,
        lang,
        id,
        "rhk-baru",
        f.values(),
        r,
        "tersimpan",
    )
    .await
}

pub(super) async fn update_rhk(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<RhkForm>,
) -> AppResult<Response> {
    match svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::UpdateRhk(rid, f.input()),
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/skp/{id}?pesan=tersimpan&di={rid}#rhk-{rid}")).into_response(),
        ),
        Err(AppError::Invalid(p)) => {
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                Some(f.values()),
                FormErrors::from_problems(&p, lang),
            )
            .await
        }
        Err(e @ AppError::Stale) => {
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                Some(f.values()),
                FormErrors::general(e.message(lang)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub(super) struct VersionForm {
    pub(super) version: i64,
}

pub(super) async fn remove_rhk(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::RemoveRhk(rid))
        .await
        .map(drop);
    outcome(
        &app,
        &user,
        lang,
        id,
        "hasil-kerja",
        HashMap::new(),
        r,
        "dihapus",
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct IndikatorForm {
    version: i64,
    aspek: String,
    iki: String,
    target: String,
    #[serde(default)]
    satuan: String,
}

impl IndikatorForm {
    fn input(&self) -> IndikatorInput {
        IndikatorInput {
            aspek: self.aspek.clone(),
            iki: self.iki.clone(),
            target: self.target.clone(),
            satuan: self.satuan.clone(),
        }
    }
    fn values(&self) -> HashMap<String, String> {
        [
            ("aspek", &self.aspek),
            ("iki", &self.iki),
            ("target", &self.target),
            ("satuan", &self.satuan),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

pub(super) async fn add_indikator(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, rid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<IndikatorForm>,
) -> AppResult<Response> {
    let r = svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::AddIndikator(rid, f.input()),
    )
    .await
    .map(|_| Some(rid));
    outcome_at(
        &app,
        &user,
        lang,
        id,
        &format!("ind-{rid}"),
        f.values(),
        r,
        "tersimpan",
    )
    .await
}

pub(super) async fn update_indikator(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, iid)): Path<(i64, i64)>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<IndikatorForm>,
) -> AppResult<Response> {
    let rid = svc::plan_view(&app, &user, id)
        .await?
        .content
        .rhk
        .iter()
        .find(|r| r.indikator.iter().any(|i| i.id == iid))
        .map(|r| r.id)
        .ok_or(AppError::NotFound)?;
    match svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::UpdateIndikator(iid, f.input()),
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/skp/{id}?pesan=tersimpan&di={rid}#rhk-{rid}")).into_response(),
        ),
        Err(AppError::Invalid(p)) => {
            let mut values = f.values();
            values.insert("indikator".into(), iid.to_string());
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                Some(values),
                FormErrors::from_problems(&p, lang),
            )
            .await
        }
        Err(e @ AppError::Stale) => {
            rhk_editor(
                &app,
                &user,
                lang,
                &uri,
                id,
                rid,
                None,
                FormErrors::general(e.message(lang)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn remove_indikator(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((id, iid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    let r = svc::edit(&app, &user, id, f.version, EditOp::RemoveIndikator(iid))
        .await
        .map(drop);
    outcome(
        &app,
        &user,
        lang,
        id,
        "hasil-kerja",
        HashMap::new(),
        r,
        "dihapus",
    )
    .await
}

#[derive(Deserialize)]
pub(super) struct PendekatanForm {
    version: i64,
    pendekatan: String,
}

pub(super) async fn set_pendekatan(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<PendekatanForm>,
) -> AppResult<Response> {
    let r = svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::Pendekatan(f.pendekatan.clone()),
    )
    .await
    .map(drop);
    outcome(
        &app,
        &user,
        lang,
        id,
        "pendekatan",
        HashMap::new(),
        r,
        "tersimpan",
    )
    .await
}

#[derive(Deserialize)]
pub(super) struct LampiranForm {
    version: i64,
    bagian: String,
    #[serde(default)]
    isi: String,
}

pub(super) async fn set_lampiran(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<LampiranForm>,
) -> AppResult<Response> {
    let r = svc::edit(
        &app,
        &user,
        id,
        f.version,
        EditOp::Lampiran(f.bagian.clone(), f.isi.clone()),
    )
    .await
    .map(drop);
    let values = HashMap::from([("isi".to_string(), f.isi.clone())]);
    outcome(
        &app,
        &user,
        lang,
        id,
        &format!("lampiran-{}", f.bagian),
        values,
        r,
        "tersimpan",
    )
    .await
}
