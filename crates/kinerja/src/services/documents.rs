//! Official documents: the data of a plan laid out by the documents crate, rendered off the
//! async workers, and the hash of every document handed out recorded in the audit trail.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::skp::{self as skp_svc, Header, PersonHeader};
use kinerja_documents::{Indikator, Perilaku, Person, Renderer, RhkRow, SkpDocument};
use kinerja_domain::referensi::Referensi;
use kinerja_domain::skp::{JenisRhk, SkpContent};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};

/// One renderer per process: parsing the fonts is the expensive part.
#[derive(Default)]
pub struct Documents(OnceLock<Arc<Renderer>>);

impl Documents {
    pub fn renderer(&self) -> Arc<Renderer> {
        self.0.get_or_init(|| Arc::new(Renderer::new())).clone()
    }
}

const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub fn tanggal(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), BULAN[d.month0() as usize], d.year())
}

fn person(p: Option<&PersonHeader>) -> Person {
    match p {
        Some(p) => Person {
            nama: p.nama.clone(),
            nip: p.nip.clone(),
            pangkat: p.pangkat.clone(),
            jabatan: p.jabatan.clone(),
            unit: p.unit.clone(),
        },
        None => Person {
            nama: "–".into(),
            nip: "–".into(),
            pangkat: "–".into(),
            jabatan: "–".into(),
            unit: "–".into(),
        },
    }
}

/// The printed form of a plan, all text in Bahasa Indonesia.
pub fn skp_document(
    h: &Header,
    c: &SkpContent,
    r: &Referensi,
    approved: bool,
    revisi: u32,
    tanggal_cetak: &str,
    footer: String,
) -> SkpDocument {
    let rows = |jenis: JenisRhk| -> Vec<RhkRow> {
        c.rhk
            .iter()
            .filter(|x| x.jenis == jenis)
            .map(|x| RhkRow {
                intervensi: match (&x.parent_teks, x.pk_target.is_empty()) {
                    (Some(p), _) => p.clone(),
                    (None, false) => format!("Perjanjian Kinerja: {}", x.pk_target),
                    _ => String::new(),
                },
                rhk: x.teks.clone(),
                perspektif: x.perspektif.clone(),
                indikator: x
                    .indikator
                    .iter()
                    .map(|i| Indikator {
                        aspek: i.aspek.clone(),
                        iki: i.iki.clone(),
                        target: i.target_label(),
                    })
                    .collect(),
            })
            .collect()
    };
    let periode = match (h.mulai, h.selesai) {
        (Some(a), Some(b)) => format!("{} – {}", tanggal(a), tanggal(b)),
        _ => String::new(),
    };
    SkpDocument {
        instansi: h.instansi.clone(),
        periode,
        pendekatan: match c.pendekatan {
            kinerja_domain::skp::Pendekatan::Kuantitatif => "Kuantitatif".into(),
            kinerja_domain::skp::Pendekatan::Kualitatif => "Kualitatif".into(),
        },
        status: if approved {
            "Disetujui".into()
        } else {
            "Draf".into()
        },
        approved,
        revisi,
        pegawai: person(Some(&h.pegawai)),
        penilai: person(h.penilai.as_ref()),
        utama: rows(JenisRhk::Utama),
        tambahan: rows(JenisRhk::Tambahan),
        perilaku: r
            .berakhlak
            .iter()
            .map(|n| Perilaku {
                nilai: n.nama.clone(),
                indikator: n.indikator.clone(),
                ekspektasi: c
                    .ekspektasi
                    .iter()
                    .find(|(k, _)| *k == n.kode)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        dukungan: c.lampiran.dukungan.clone(),
        skema: c.lampiran.skema.clone(),
        konsekuensi: c.lampiran.konsekuensi.clone(),
        tempat: h.lokasi.clone(),
        tanggal: tanggal_cetak.to_string(),
        footer,
    }
}

/// The SKP of `skp_id` as PDF, with a file name; its hash goes into the audit trail.
pub async fn skp_pdf(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<(Vec<u8>, String)> {
    let (v, header, content, approved) = skp_svc::document(app, user, skp_id).await?;
    let referensi =
        skp_svc::referensi(app, user.instansi_id(), v.year.reference_version_id).await?;
    let today = app.today();
    let footer = format!(
        "Kinerja · SKP {} · revisi {} · {} · dicetak {}",
        v.year.tahun,
        v.skp.revisi,
        if approved {
            "disetujui"
        } else {
            "draf, belum disetujui"
        },
        tanggal(today)
    );
    let doc = skp_document(
        &header,
        &content,
        &referensi,
        approved,
        v.skp.revisi as u32,
        &tanggal(today),
        footer,
    );
    let renderer = app.documents.renderer();
    let bytes = tokio::task::spawn_blocking(move || renderer.skp_pdf(&doc))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("pdf: {e}")))?;
    let hash = hex::encode(Sha256::digest(&bytes));
    let mut tx = app.db.begin().await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action: "document.skp_pdf",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.owner.id),
            before: None,
            after: Some(json!({"sha256": hash, "bytes": bytes.len(), "revisi": v.skp.revisi, "disetujui": approved})),
        },
    )
    .await?;
    tx.commit().await?;
    let nip = v
        .owner
        .nip
        .clone()
        .unwrap_or_else(|| v.owner.id.to_string());
    Ok((
        bytes,
        format!("SKP-{}-{nip}-r{}.pdf", v.year.tahun, v.skp.revisi),
    ))
}
