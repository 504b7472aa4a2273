//! Planning pages: the SKP, its rows and transitions, cascading, the approval queue,
//! monitoring, notifications, and the admin's years and reference data.

use super::{here, html_of, render};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::http::web::views::{Ctx, FormErrors};
use crate::i18n::Lang;
use crate::services::periode::YearRow;
use crate::services::skp::{
    self as svc, EditOp, IndikatorInput, Monitoring, PlanStart, PlanView, RhkInput,
};
use crate::services::skp::{CascadeRow, ChildLinkRow, PendingRow, SkpRow, SubmissionRow};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_domain::skp::{Change, JenisRhk, SkpAction, SkpStatus};
use serde::Deserialize;
use std::collections::HashMap;

mod cascade;
mod document;
mod draft;
mod list;
mod monitoring;
mod page;
mod queue;
mod rhk;
mod transitions;

pub use cascade::*;
pub use document::*;
use draft::*;
pub use list::*;
pub use monitoring::*;
pub use page::*;
pub use queue::*;
pub use rhk::*;
use transitions::*;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/skp", get(my_plans))
        .route("/skp/baru", post(create_plan))
        .route("/skp/{id}", get(plan_page))
        .route("/skp/{id}/rhk", post(add_rhk))
        .route("/skp/{id}/rhk/{rid}", get(rhk_page).post(update_rhk))
        .route("/skp/{id}/rhk/{rid}/hapus", post(remove_rhk))
        .route("/skp/{id}/rhk/{rid}/indikator", post(add_indikator))
        .route("/skp/{id}/indikator/{iid}", post(update_indikator))
        .route("/skp/{id}/indikator/{iid}/hapus", post(remove_indikator))
        .route("/skp/{id}/pendekatan", post(set_pendekatan))
        .route("/skp/{id}/lampiran", post(set_lampiran))
        .route("/skp/{id}/usulan/{cid}/ambil", post(adopt))
        .route("/skp/{id}/ajukan", post(submit))
        .route("/skp/{id}/tarik", post(withdraw))
        .route("/skp/{id}/keputusan", post(review))
        .route("/skp/{id}/ekspektasi", post(expectations))
        .route("/skp/{id}/revisi-baru", post(revise))
        .route("/skp/{id}/riwayat", get(history))
        .route("/skp/{id}/cetak", get(print))
        .route("/skp/{id}/pdf", get(pdf))
        .route("/skp/{id}/matriks", get(matrix).post(hand_down))
        .route("/skp/turunan/{cid}/hapus", post(remove_cascade))
        .route("/persetujuan", get(queue))
        .route("/monitoring", get(monitoring))
        .route("/monitoring/unduh", get(monitoring_export))
}

// ---------------------------------------------------------------------------------------
// Legends

/// The statuses in the order people think of them, for legends.
pub fn statuses() -> [SkpStatus; 4] {
    [
        SkpStatus::Draft,
        SkpStatus::Diajukan,
        SkpStatus::Dikembalikan,
        SkpStatus::Disetujui,
    ]
}
