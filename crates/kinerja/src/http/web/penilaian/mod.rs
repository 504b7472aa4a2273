//! Evaluation pages: the periods of my plan, one period's evaluation (realisasi,
//! self-assessment, the penilai's judgements and ratings, the predikat and why), and the
//! penilai's list.

use super::downloads::{download, download_body};
use super::render;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::http::web::views::{Ctx, FormErrors};
use crate::i18n::Lang;
use crate::services::penilaian::EvaluationLine;
use crate::services::penilaian::{
    self as svc, AssessInput, EvaluationView, PeriodLine, SelfInput, UnitView,
};
use crate::services::periode::PeriodRow;
use crate::services::skp::SkpRow;
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kinerja_documents::chart::{Limit, histogram};
use kinerja_domain::penilaian::{
    Batas, CapaianOrganisasi, EvaluasiAction, EvaluasiRole, EvaluasiStatus, Predikat, Rating,
};
use serde::Deserialize;
use std::collections::HashMap;

mod bukti;
mod document;
mod forms;
mod keberatan;
mod labels;
mod list;
mod page;
mod penetapan;

pub(crate) use bukti::file_response;
use bukti::*;
use document::*;
use forms::*;
use keberatan::*;
pub use labels::*;
pub use list::*;
pub use page::*;
pub use penetapan::*;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/penilaian", get(list))
        .route("/penilaian/buka", post(open))
        .route("/penilaian/{id}", get(page))
        .route("/penilaian/{id}/diri", post(save_self))
        .route("/penilaian/{id}/nilai", post(save_assessment))
        .route("/penilaian/{id}/pratinjau", post(preview))
        .route("/penilaian/{id}/buka-kembali", post(reopen))
        .route("/penilaian/{id}/bukti", post(upload_evidence))
        .route("/penilaian/{id}/bukti/{bid}", get(evidence_file))
        .route("/penilaian/{id}/bukti/{bid}/hapus", post(remove_evidence))
        .route("/penilaian/{id}/keberatan", post(object))
        .route("/penilaian/{id}/keberatan/penjelasan", post(explain))
        .route("/penilaian/{id}/keberatan/putusan", post(decide_objection))
        .route("/penilaian/{id}/buka-admin", post(admin_reopen))
        .route("/penilaian/{id}/pdf", get(evaluasi_pdf))
        .route("/penilaian/unit/{uid}", get(unit_page))
        .route("/penilaian/unit/{uid}/zip", get(unit_zip))
        .route("/penilaian/unit/{uid}/capaian", post(unit_capaian))
        .route("/penilaian/unit/{uid}/penetapan", post(unit_finalise))
}
