//! The template workbook of each import: `/templat-impor/{jenis}`.

use super::downloads::download;
use super::views::Ctx;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{UserLang, WebUser};
use crate::services::import::{self as svc, TemplateKind};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use kinerja_documents::table::{self, Cell, Column, Table};

pub fn routes() -> Router<App> {
    Router::new().route("/templat-impor/{jenis}", get(template))
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The two sheets: the data sheet with the example row, and the description of every
/// column (required or not, what it holds, the example, other names read as the same).
pub fn template_tables(ctx: &Ctx, kind: TemplateKind) -> Vec<Table> {
    let cols = kind.columns();
    let data = Table {
        name: ctx.t("templat-sheet-data").to_string(),
        columns: cols.iter().map(|(n, _)| Column::new(*n, 22.0)).collect(),
        rows: vec![kind.example().iter().map(|v| Cell::from(*v)).collect()],
    };
    let help = Table {
        name: ctx.t("templat-sheet-help").to_string(),
        columns: vec![
            Column::new(ctx.t("templat-col-name"), 18.0),
            Column::new(ctx.t("templat-col-required"), 10.0),
            Column::new(ctx.t("templat-col-meaning"), 70.0),
            Column::new(ctx.t("templat-col-example"), 26.0),
            Column::new(ctx.t("templat-col-aliases"), 40.0),
        ],
        rows: cols
            .iter()
            .zip(kind.example())
            .map(|((name, aliases), example)| {
                let required = kind.required().contains(name);
                vec![
                    Cell::from(*name),
                    Cell::from(ctx.t(if required { "audit-yes" } else { "audit-no" })),
                    Cell::from(ctx.t(&format!("kolom-{name}"))),
                    Cell::from(*example),
                    Cell::from(aliases.join(", ")),
                ]
            })
            .collect(),
    };
    vec![data, help]
}

async fn template(
    State(_app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(jenis): Path<String>,
) -> AppResult<Response> {
    let kind = TemplateKind::parse(&jenis).ok_or(AppError::NotFound)?;
    svc::may_fetch(&user, kind)?;
    let ctx = Ctx::new(lang, Some(&user), "/", "");
    let bytes =
        table::xlsx(&template_tables(&ctx, kind)).map_err(|e| AppError::Internal(e.to_string()))?;
    download(bytes, XLSX, &format!("templat-impor-{}.xlsx", kind.code()))
}
