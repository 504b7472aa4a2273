//! The dashboard's drill-down into the daily log: who in a unit's subtree has written
//! nothing for the last N working days, paged on screen and downloadable whole.

use super::super::views::Ctx;
use crate::app::App;
use crate::error::AppResult;
use crate::http::downloads::{Chunks, download_rows};
use crate::http::extract::{UserLang, WebUser};
use crate::services::Page;
use crate::services::progres::{self as svc, SilentRow, SilentSubject};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use kinerja_documents::table::{Cell, Column};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(super) struct SilentQuery {
    #[serde(default)]
    unit: Option<i64>,
    /// N: working days without an entry.
    #[serde(default)]
    hari: Option<u32>,
    #[serde(default)]
    hal: Option<u32>,
    #[serde(default)]
    format: Option<String>,
}

#[derive(Template)]
#[template(path = "dasbor_aktivitas.html")]
pub struct SilentPage {
    pub ctx: Ctx,
    pub s: SilentSubject,
    pub list: Page<SilentRow>,
}

impl SilentPage {
    fn link(&self, page: u32) -> String {
        format!(
            "/dasbor/aktivitas?unit={}&hari={}&hal={page}",
            self.s.scope.id, self.s.days
        )
    }

    pub fn prev_link(&self) -> String {
        self.link(self.list.page.saturating_sub(1))
    }

    pub fn next_link(&self) -> String {
        self.link(self.list.page.saturating_add(1))
    }

    pub fn export_link(&self, format: &str) -> String {
        format!(
            "/dasbor/aktivitas/unduh?unit={}&hari={}&format={format}",
            self.s.scope.id, self.s.days
        )
    }

    pub fn last(&self, r: &SilentRow) -> String {
        match &r.terakhir {
            Some(d) => self.ctx.date(d),
            None => self.ctx.t("dasbor-aktivitas-never").to_string(),
        }
    }
}

pub(super) async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<SilentQuery>,
) -> AppResult<Response> {
    let s = svc::silent_subject(&app, &user, q.unit, q.hari).await?;
    let list = svc::silent_page(&app, &s, q.hal.unwrap_or(1)).await?;
    super::super::render_status(
        axum::http::StatusCode::OK,
        SilentPage {
            ctx: Ctx::new(lang, Some(&user), "/dasbor", "dasbor"),
            s,
            list,
        },
    )
}

/// Every silent person of the subtree, a chunk at a time.
struct SilentRows {
    app: App,
    ctx: Ctx,
    s: SilentSubject,
}

impl Chunks for SilentRows {
    fn sheet(&self) -> String {
        self.ctx.t("dasbor-aktivitas-sheet").to_string()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("NIP", 21.0),
            Column::new(self.ctx.t("f-nama"), 32.0),
            Column::new(self.ctx.t("f-jabatan"), 36.0),
            Column::new(self.ctx.t("f-unit"), 36.0),
            Column::new(self.ctx.t("dasbor-aktivitas-last"), 16.0),
        ]
    }

    async fn chunk(&self, offset: i64) -> AppResult<(Vec<Vec<Cell>>, bool)> {
        const CHUNK: i64 = 2_000;
        let rows = svc::silent_rows(&self.app, &self.s, CHUNK, offset).await?;
        let more = rows.len() as i64 == CHUNK;
        Ok((
            rows.iter()
                .map(|r| {
                    vec![
                        r.nip.clone().unwrap_or_default().into(),
                        self.ctx
                            .nama(&r.gelar_depan, &r.nama, &r.gelar_belakang)
                            .into(),
                        r.jabatan.clone().into(),
                        r.unit_nama.clone().into(),
                        match &r.terakhir {
                            Some(d) => self.ctx.date(d).into(),
                            None => Cell::Empty,
                        },
                    ]
                })
                .collect(),
            more,
        ))
    }
}

pub(super) async fn export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<SilentQuery>,
) -> AppResult<Response> {
    let s = svc::silent_subject(&app, &user, q.unit, q.hari).await?;
    let stem = format!(
        "tanpa-kegiatan-{}-{}-hari",
        s.scope
            .kode
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        s.days
    );
    let src = SilentRows {
        app,
        ctx: Ctx::new(lang, Some(&user), "/dasbor", "dasbor"),
        s,
    };
    download_rows(src, q.format.as_deref(), &stem).await
}
