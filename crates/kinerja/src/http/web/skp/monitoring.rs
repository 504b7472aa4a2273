//! Monitoring.

use super::*;

#[derive(Template)]
#[template(path = "monitoring.html")]
pub struct MonitoringPage {
    pub ctx: Ctx,
    pub m: Monitoring,
    pub years: Vec<YearRow>,
}

impl MonitoringPage {
    pub fn late_link(&self, page: u32) -> String {
        format!(
            "/monitoring?tahun={}&unit={}&hal={page}",
            self.m.year.tahun, self.m.unit.id
        )
    }

    pub fn late_export(&self, format: &str) -> String {
        format!(
            "/monitoring/unduh?tahun={}&unit={}&format={format}",
            self.m.year.tahun, self.m.unit.id
        )
    }
}

/// Everyone of a subtree without an approved plan, for the download of the monitoring list.
pub(super) struct LateRows {
    app: App,
    user: crate::services::accounts::CurrentUser,
    ctx: Ctx,
    year_id: i64,
    unit_id: i64,
}

impl crate::http::web::laporan::Chunks for LateRows {
    fn sheet(&self) -> String {
        self.ctx.t("monitoring-sheet").to_string()
    }

    fn columns(&self) -> Vec<kinerja_documents::table::Column> {
        use kinerja_documents::table::Column;
        vec![
            Column::new("NIP", 21.0),
            Column::new(self.ctx.t("f-nama"), 32.0),
            Column::new(self.ctx.t("f-jabatan"), 36.0),
            Column::new(self.ctx.t("f-unit"), 36.0),
            Column::new(self.ctx.t("monitoring-status"), 18.0),
        ]
    }

    async fn chunk(
        &self,
        offset: i64,
    ) -> AppResult<(Vec<Vec<kinerja_documents::table::Cell>>, bool)> {
        const CHUNK: i64 = 2_000;
        let rows = svc::late_rows(
            &self.app,
            &self.user,
            self.year_id,
            self.unit_id,
            CHUNK,
            offset,
        )
        .await?;
        let more = rows.len() as i64 == CHUNK;
        Ok((
            rows.iter()
                .map(|l| {
                    vec![
                        l.nip.clone().unwrap_or_default().into(),
                        self.ctx
                            .nama(&l.gelar_depan, &l.nama, &l.gelar_belakang)
                            .into(),
                        l.jabatan.clone().into(),
                        l.unit_nama.clone().into(),
                        self.ctx.opt_skp_status(&l.status).into(),
                    ]
                })
                .collect(),
            more,
        ))
    }
}

#[derive(Deserialize, Default)]
pub(super) struct MonitoringExport {
    #[serde(default)]
    tahun: Option<i64>,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    format: Option<String>,
}

/// The whole list of who has no approved plan yet, as XLSX or CSV.
pub(super) async fn monitoring_export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<MonitoringExport>,
) -> AppResult<Response> {
    let year = crate::services::periode::year_or_current(&app, &user, q.tahun)
        .await?
        .ok_or(AppError::NotFound)?;
    // The viewer's scope; another unit is refused whatever the URL says.
    let unit = crate::services::org::list_scope(&app, &user, q.unit).await?;
    let stem = format!(
        "belum-disetujui-{}-{}",
        unit.kode.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        year.tahun
    );
    let src = LateRows {
        ctx: Ctx::new(lang, Some(&user), "/monitoring", "monitoring"),
        app,
        user: user.0.clone(),
        year_id: year.id,
        unit_id: unit.id,
    };
    crate::http::web::laporan::download_rows(src, q.format.as_deref(), &stem).await
}

#[derive(Deserialize, Default)]
pub(super) struct MonitoringQuery {
    #[serde(default)]
    tahun: Option<i64>,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    hal: Option<u32>,
}

pub(super) async fn monitoring(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<MonitoringQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let years = crate::services::periode::years(&app, &user).await?;
    let year = crate::services::periode::select_year(&years, q.tahun, app.today())
        .ok_or(AppError::NotFound)?;
    let m = svc::monitoring(&app, &user, year.id, q.unit, q.hal.unwrap_or(1)).await?;
    render(MonitoringPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "monitoring"),
        m,
        years,
    })
}
