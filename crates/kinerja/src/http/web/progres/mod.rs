//! Daily work pages: my log (week view, entry form, salin kemarin, favourites, leave and
//! travel days), someone's log as their penilai or head sees it, the team view with
//! acknowledgement, the rencana aksi of a plan, and the admin's rules and holidays.

use super::render_status;
use super::views::{Ctx, FormErrors};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfForm, UserLang, WebUser};
use crate::i18n::Lang;
use crate::services::progres::{self as svc, Access, EntryInput, Upload};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

mod aturan;
mod export;
mod log;
mod rencana_aksi;
mod team;

use aturan::*;
use export::*;
pub use log::pengakuan_label;
use log::*;
use rencana_aksi::*;
use team::*;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/progres", get(my_log).post(create_entry))
        .route("/progres/salin-kemarin", post(copy_yesterday))
        .route("/progres/unduh", get(export))
        .route("/progres/impor", get(import_page).post(import_submit))
        .route("/progres/ketidakhadiran", post(set_away))
        .route("/progres/templat/{id}/pakai", post(use_template))
        .route("/progres/templat/{id}/hapus", post(delete_template))
        .route(
            "/progres/{id}/ubah",
            get(edit_entry_page).post(update_entry),
        )
        .route("/progres/{id}/hapus", post(delete_entry))
        .route("/progres/{id}/favorit", post(save_template))
        .route("/progres/{id}/berkas", get(entry_file))
        .route("/progres/{id}/pengakuan", post(acknowledge_entry))
        .route("/progres/tim", get(team_page))
        .route("/progres/tim/pengakuan", post(acknowledge_week))
        .route("/pegawai/{id}/progres", get(someones_log))
        .route("/progres/rencana-aksi", get(my_rencana_aksi))
        .route(
            "/skp/{id}/rencana-aksi",
            get(rencana_aksi_page).post(add_rencana_aksi),
        )
        .route("/skp/{id}/rencana-aksi/salin", post(copy_rencana_aksi))
        .route(
            "/skp/{id}/rencana-aksi/turunan/{tid}",
            post(adopt_rencana_aksi),
        )
        .route("/rencana-aksi/{id}/ubah", post(edit_rencana_aksi))
        .route("/rencana-aksi/{id}/hapus", post(remove_rencana_aksi))
        .route("/rencana-aksi/{id}/catatan", post(comment_rencana_aksi))
        .route("/rencana-aksi/{id}/turunkan", post(hand_down_rencana_aksi))
        .route("/admin/progres", get(aturan_page).post(save_aturan))
        .route("/admin/progres/libur", post(add_holiday))
        .route("/admin/progres/libur/hapus", post(remove_holiday))
}

/// A refusal shown on the page the form came from: field problems beside their fields, a
/// conflict (a locked period, say) above the form.
fn form_errors(e: &AppError, lang: Lang) -> Option<FormErrors> {
    match e {
        AppError::Invalid(p) => Some(FormErrors::from_problems(p, lang)),
        AppError::Conflict(code) => Some(FormErrors::general(
            crate::i18n::t(lang, &format!("err-{code}")).to_string(),
        )),
        AppError::Stale => Some(FormErrors::general(
            crate::i18n::t(lang, "err-stale").to_string(),
        )),
        _ => None,
    }
}

fn status_of(errors: &FormErrors) -> StatusCode {
    if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// Minutes as hours and minutes ("7 j 30 m").
pub fn durasi(menit: &u32) -> String {
    match (menit / 60, menit % 60) {
        (0, m) => format!("{m} m"),
        (h, 0) => format!("{h} j"),
        (h, m) => format!("{h} j {m} m"),
    }
}

/// The text fields and the one file of a multipart form, the file read chunk by chunk up
/// to `max` bytes (one byte more and it is refused without being taken in whole). The
/// CSRF token must come before the file.
pub(crate) async fn read_multipart(
    multipart: &mut Multipart,
    csrf_token: &str,
    max: usize,
) -> AppResult<(HashMap<String, String>, Option<Upload>)> {
    let mut fields = HashMap::new();
    let mut file = None;
    let bad = || AppError::invalid("berkas", "form-too-large");
    while let Some(mut field) = multipart.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "berkas" {
            if !crate::auth::same_secret(
                fields.get("csrf").map(String::as_str).unwrap_or(""),
                csrf_token,
            ) {
                return Err(AppError::Csrf);
            }
            let file_name = field.file_name().unwrap_or("").to_string();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
                if bytes.len() + chunk.len() > max {
                    return Err(AppError::Invalid(vec![
                        crate::error::Problem::new("berkas", "bukti-too-large")
                            .arg("max", format!("{} MB", max / (1024 * 1024))),
                    ]));
                }
                bytes.extend_from_slice(&chunk);
            }
            if !bytes.is_empty() {
                file = Some(Upload {
                    name: file_name,
                    bytes,
                });
            }
        } else {
            fields.insert(name, field.text().await.unwrap_or_default());
        }
    }
    if !crate::auth::same_secret(
        fields.get("csrf").map(String::as_str).unwrap_or(""),
        csrf_token,
    ) {
        return Err(AppError::Csrf);
    }
    Ok((fields, file))
}

pub(crate) fn entry_input(f: &HashMap<String, String>) -> EntryInput {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    EntryInput {
        tanggal: get("tanggal"),
        jam_mulai: get("jam_mulai"),
        jam_selesai: get("jam_selesai"),
        kegiatan: get("kegiatan"),
        rencana_aksi_id: get("rencana_aksi_id"),
        realisasi: get("realisasi"),
        satuan: get("satuan"),
        tautan: get("tautan"),
    }
}

fn parse_day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(kinerja_domain::periode::parse_date)
}
