//! Employee search and edit.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default, deserialize_with = "checkbox")]
    nonaktif: bool,
    #[serde(default)]
    hal: Option<u32>,
}

pub const PER_PAGE: u32 = 25;

pub(super) async fn employee_list(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ListQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let page_no = q.hal.unwrap_or(1).max(1);
    let (scope, page) =
        org_svc::search(&app, &user, &q.q, q.unit, q.nonaktif, page_no, PER_PAGE).await?;
    let link = |n: u32| {
        format!(
            "/pegawai?q={}&unit={}{}&hal={n}",
            encode(&q.q),
            scope.id,
            if q.nonaktif { "&nonaktif=1" } else { "" }
        )
    };
    render(EmployeesPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "pegawai"),
        prev_link: link(page_no.saturating_sub(1).max(1)),
        next_link: link(page_no + 1),
        q: q.q,
        scope,
        include_inactive: q.nonaktif,
        page,
    })
}

/// The employees of a search, every page, in the list's order.
pub(super) struct EmployeeRows {
    app: App,
    user: accounts::CurrentUser,
    lang: Lang,
    q: String,
    unit: Option<i64>,
    nonaktif: bool,
}

/// Rows per page when exporting the list (the most a search returns at once).
pub(super) const EXPORT_PAGE: u32 = 200;

impl super::laporan::Chunks for EmployeeRows {
    fn sheet(&self) -> String {
        crate::i18n::t(self.lang, "nav-employees").to_string()
    }

    fn columns(&self) -> Vec<kinerja_documents::table::Column> {
        use kinerja_documents::table::Column;
        let t = |k| crate::i18n::t(self.lang, k);
        vec![
            Column::new("NIP", 21.0),
            Column::new(t("f-nama"), 32.0),
            Column::new(t("f-golongan"), 12.0),
            Column::new(t("f-jabatan"), 36.0),
            Column::new(t("f-jenis-jabatan"), 16.0),
            Column::new(t("f-unit"), 36.0),
            Column::new(t("employees-status"), 10.0),
        ]
    }

    async fn chunk(
        &self,
        offset: i64,
    ) -> AppResult<(Vec<Vec<kinerja_documents::table::Cell>>, bool)> {
        let page_no = (offset / EXPORT_PAGE as i64) as u32 + 1;
        let (_, page) = org_svc::search(
            &self.app,
            &self.user,
            &self.q,
            self.unit,
            self.nonaktif,
            page_no,
            EXPORT_PAGE,
        )
        .await?;
        let more = page.items.len() == EXPORT_PAGE as usize;
        let t = |k| crate::i18n::t(self.lang, k).to_string();
        let rows = page
            .items
            .into_iter()
            .map(|e| {
                vec![
                    e.nip.clone().unwrap_or_default().into(),
                    e.nama_lengkap().into(),
                    e.golongan.clone().unwrap_or_default().into(),
                    e.jabatan.clone().into(),
                    kinerja_domain::JenisJabatan::parse(&e.jenis_jabatan)
                        .map(|j| j.label().to_string())
                        .unwrap_or_default()
                        .into(),
                    e.unit_nama.clone().into(),
                    if e.aktif {
                        t("employees-active")
                    } else {
                        t("inactive-badge")
                    }
                    .into(),
                ]
            })
            .collect();
        Ok((rows, more))
    }
}

#[derive(Deserialize, Default)]
pub(super) struct ExportQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default, deserialize_with = "checkbox")]
    nonaktif: bool,
    #[serde(default)]
    format: Option<String>,
}

/// The whole result of a search as XLSX or CSV, within the viewer's scope.
pub(super) async fn employee_export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    // Refuses a unit outside the viewer's scope before anything is written.
    let scope = org_svc::list_scope(&app, &user, q.unit).await?;
    let stem = format!(
        "pegawai-{}",
        scope
            .kode
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let src = EmployeeRows {
        app,
        user: user.0,
        lang,
        q: q.q,
        unit: Some(scope.id),
        nonaktif: q.nonaktif,
    };
    super::laporan::download_rows(src, q.format.as_deref(), &stem).await
}

pub(super) async fn edit_page(
    app: &App,
    user: &WebUser,
    lang: Lang,
    uri: &axum::http::Uri,
    id: i64,
    input: Option<(EmployeeInput, i64)>,
    errors: FormErrors,
) -> AppResult<Response> {
    let e = org_svc::employee(app, user, id).await?;
    let (input, version) = match input {
        Some(i) => {
            if !org_svc::can_edit(app, user, &e).await? {
                return Err(AppError::Forbidden);
            }
            i
        }
        None => (org_svc::edit_input(app, user, &e).await?, e.version),
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EmployeeEditPage {
        ctx: Ctx::new(lang, Some(user), &here(uri), "pegawai"),
        id,
        nama: e.nama_lengkap(),
        version,
        input,
        errors,
        golongan_pns: kinerja_domain::golongan::GOLONGAN_PNS
            .iter()
            .map(|(c, _)| *c)
            .collect(),
        golongan_pppk: kinerja_domain::Golongan::all_for(kinerja_domain::JenisAsn::Pppk)
            .into_iter()
            .map(|g| g.code())
            .collect(),
    };
    Ok((status, render(page)?).into_response())
}

pub(super) async fn employee_edit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    edit_page(&app, &user, lang, &uri, id, None, FormErrors::default()).await
}

#[derive(Deserialize)]
pub(super) struct EmployeeForm {
    version: i64,
    nip: String,
    jenis_asn: String,
    #[serde(default)]
    gelar_depan: String,
    nama: String,
    #[serde(default)]
    gelar_belakang: String,
    #[serde(default)]
    golongan: String,
    unit_kode: String,
    jabatan: String,
    jenis_jabatan: String,
    #[serde(default)]
    jenjang: String,
    #[serde(default, deserialize_with = "checkbox")]
    kepala: bool,
    #[serde(default)]
    email: String,
    #[serde(default, deserialize_with = "checkbox")]
    aktif: bool,
    #[serde(default)]
    nip_penilai: String,
}

pub(super) async fn employee_save(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
    CsrfForm(f): CsrfForm<EmployeeForm>,
) -> AppResult<Response> {
    let input = EmployeeInput {
        nip: f.nip,
        jenis_asn: f.jenis_asn,
        gelar_depan: f.gelar_depan,
        nama: f.nama,
        gelar_belakang: f.gelar_belakang,
        golongan: f.golongan,
        unit_kode: f.unit_kode,
        jabatan: f.jabatan,
        jenis_jabatan: f.jenis_jabatan,
        jenjang: f.jenjang,
        kepala: f.kepala,
        email: f.email,
        aktif: f.aktif,
        nip_penilai: f.nip_penilai,
    };
    match org_svc::update_employee(&app, &user, id, f.version, &input).await {
        Ok(org_svc::Saved::Done) => {
            Ok(Redirect::to(&format!("/pegawai/{id}?pesan=tersimpan")).into_response())
        }
        Ok(org_svc::Saved::PenilaiPending) => {
            Ok(Redirect::to(&format!("/pegawai/{id}?pesan=penilai-menunggu")).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            edit_page(
                &app,
                &user,
                lang,
                &uri,
                id,
                Some((input, f.version)),
                FormErrors::from_problems(&problems, lang),
            )
            .await
        }
        Err(AppError::Stale) => {
            let msg = AppError::Stale.message(lang);
            edit_page(
                &app,
                &user,
                lang,
                &uri,
                id,
                Some((input, f.version)),
                FormErrors::general(msg),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn reset_password(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    let temp = match accounts::reset_password(&app, &user, id).await? {
        accounts::ResetOutcome::Temporary(t) => t,
        accounts::ResetOutcome::Pending => {
            return Ok(Redirect::to(&format!("/pegawai/{id}?pesan=reset-menunggu")).into_response());
        }
    };
    let p = org_svc::profile(&app, &user, id).await?;
    let mut res = render(ProfilePage {
        ctx: Ctx::new(lang, Some(&user), &format!("/pegawai/{id}"), "pegawai"),
        p,
        notice: None,
        temp_password: Some(temp),
    })?;
    let _ = uri;
    // The one-time password must not stay in any cache.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
