//! Official documents: the data of a plan laid out by the documents crate, rendered off the
//! async workers, and the hash of every document handed out recorded in the audit trail.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::skp::{self as skp_svc, Header, PersonHeader};
use kinerja_documents::{Indikator, Perilaku, Person, RhkRow, SkpDocument};
use kinerja_domain::referensi::Referensi;
use kinerja_domain::skp::{JenisRhk, SkpContent};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub use crate::app::{Documents, ZIPS_AT_ONCE};

const ZIP_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

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
        crate::services::referensi::referensi(app, user.instansi_id(), v.year.reference_version_id)
            .await?;
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

// ---------------------------------------------------------------------------------------
// Dokumen Evaluasi Kinerja Pegawai

use crate::services::penilaian::{self as penilaian_svc, EvaluationView};
use crate::store::penilaian as penilaian_store;
use kinerja_documents::chart;
use kinerja_documents::{EvalIndikator, EvalPerilaku, EvalRhk, EvaluasiDocument};
use kinerja_domain::penilaian::{CapaianOrganisasi, Histogram, Predikat, Rating};

fn rating_text(code: Option<&str>) -> String {
    match code.and_then(Rating::parse) {
        Some(Rating::DiAtasEkspektasi) => "Di Atas Ekspektasi".into(),
        Some(Rating::SesuaiEkspektasi) => "Sesuai Ekspektasi".into(),
        Some(Rating::DiBawahEkspektasi) => "Di Bawah Ekspektasi".into(),
        None => String::new(),
    }
}

fn capaian_text(c: CapaianOrganisasi) -> &'static str {
    match c {
        CapaianOrganisasi::Istimewa => "ISTIMEWA",
        CapaianOrganisasi::Baik => "BAIK",
        CapaianOrganisasi::ButuhPerbaikan => "BUTUH PERBAIKAN",
        CapaianOrganisasi::Kurang => "KURANG",
        CapaianOrganisasi::SangatKurang => "SANGAT KURANG",
    }
}

const PREDIKAT_LABELS: [&str; 5] = [
    "Sangat Baik",
    "Baik",
    "Butuh Perbaikan",
    "Kurang/Misconduct",
    "Sangat Kurang",
];

/// The document's data from an evaluation the viewer may read, with the unit's curve.
pub async fn evaluasi_document(app: &App, v: &EvaluationView) -> AppResult<EvaluasiDocument> {
    let instansi = v.ev.instansi_id;
    let record =
        penilaian_store::unit_period_get(&app.db, instansi, v.ev.unit_id, v.ev.period_id).await?;
    let capaian = record
        .as_ref()
        .and_then(|r| r.capaian.as_deref())
        .and_then(CapaianOrganisasi::parse);
    let unit = crate::store::org::unit_get(&app.db, instansi, v.ev.unit_id).await?;
    let mut h = Histogram::default();
    for (_, p, n) in
        penilaian_store::counts_in(&app.db, instansi, &unit.unit_path(), v.ev.period_id).await?
    {
        if let Some(p) = p.as_deref().and_then(Predikat::parse) {
            h.counts[p.index()] += n as u32;
        }
    }
    let broken = capaian
        .map(|c| v.aturan().kurva.check(c, &h))
        .unwrap_or_default();
    let limits: Vec<chart::Limit> = capaian
        .map(|c| v.aturan().kurva.rules(c).to_vec())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.batas != kinerja_domain::penilaian::Batas::AdaSatu)
        .map(|r| chart::Limit {
            bars: r.predikat.iter().map(|p| p.index()).collect(),
            at_most: r.batas == kinerja_domain::penilaian::Batas::Paling,
            percent: r.persen,
            broken: broken.iter().any(|b| b.aturan == r),
            label: format!(
                "{} {}%",
                if r.batas == kinerja_domain::penilaian::Batas::Paling {
                    "≤"
                } else {
                    "≥"
                },
                r.persen
            ),
        })
        .collect();
    let labels: Vec<String> = PREDIKAT_LABELS.iter().map(|s| s.to_string()).collect();
    let kurva_svg = if h.total() == 0 {
        String::new()
    } else {
        chart::histogram(
            &format!("Pola distribusi {}", unit.nama),
            &labels,
            &h.counts,
            &limits,
        )
    };
    let item = |subjek: &str, id: i64| v.item(subjek, id).cloned().unwrap_or_default();
    let rows = |jenis: JenisRhk| -> Vec<EvalRhk> {
        v.content
            .rhk
            .iter()
            .filter(|r| r.jenis == jenis)
            .map(|r| {
                let it = item("rhk", r.id);
                EvalRhk {
                    rhk: r.teks.clone(),
                    indikator: r
                        .indikator
                        .iter()
                        .map(|i| {
                            let re = v.realisasi.get(&i.id);
                            let nilai = re
                                .and_then(|x| x.nilai)
                                .map(|n| {
                                    format!(
                                        "{} {}",
                                        kinerja_domain::skp::format_number(n),
                                        i.satuan
                                    )
                                    .trim()
                                    .to_string()
                                })
                                .unwrap_or_default();
                            let teks = re.map(|x| x.teks.clone()).unwrap_or_default();
                            EvalIndikator {
                                aspek: i.aspek.clone(),
                                iki: i.iki.clone(),
                                target: i.target_label(),
                                realisasi: [nilai, teks]
                                    .into_iter()
                                    .filter(|s| !s.is_empty())
                                    .collect::<Vec<_>>()
                                    .join(" — "),
                            }
                        })
                        .collect(),
                    penilaian: rating_text(it.penilai_rating.as_deref()),
                    umpan_balik: it.umpan_balik,
                }
            })
            .collect()
    };
    let k = v.keberatan.as_ref();
    let predikat =
        v.ev.predikat
            .as_deref()
            .and_then(Predikat::parse)
            .map(|p| p.printed().to_string())
            .unwrap_or_default();
    let today = app.today();
    Ok(EvaluasiDocument {
        instansi: crate::store::org::instansi_get(&app.db, instansi)
            .await?
            .nama
            .to_uppercase(),
        periode_nama: v.period.nama.clone(),
        periode: format!(
            "{} – {}",
            tanggal(v.period.mulai),
            tanggal(v.period.selesai)
        ),
        pegawai: person(Some(&v.snapshot.pegawai)),
        penilai: person(v.snapshot.penilai.as_ref()),
        atasan: person(v.snapshot.atasan.as_ref()),
        capaian: capaian.map(capaian_text).unwrap_or_default().to_string(),
        kurva_svg,
        predikat,
        rating_hasil: rating_text(v.ev.rating_hasil.as_deref()),
        rating_perilaku: rating_text(v.ev.rating_perilaku.as_deref()),
        catatan: v.ev.catatan.clone(),
        keberatan: k.map(|k| k.alasan.clone()).unwrap_or_default(),
        penjelasan: k
            .map(|k| {
                [k.penjelasan_penilai.as_str(), k.penjelasan_pegawai.as_str()]
                    .iter()
                    .zip(["Pejabat penilai: ", "Pegawai: "])
                    .filter(|(t, _)| !t.is_empty())
                    .map(|(t, who)| format!("{who}{t}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        keputusan: k
            .filter(|k| k.decided_at.is_some())
            .map(|k| {
                format!(
                    "{} (predikat akhir: {})",
                    k.keputusan,
                    k.predikat
                        .as_deref()
                        .and_then(Predikat::parse)
                        .map(|p| p.printed())
                        .unwrap_or("–")
                )
            })
            .unwrap_or_default(),
        utama: rows(JenisRhk::Utama),
        tambahan: rows(JenisRhk::Tambahan),
        perilaku: v
            .referensi
            .berakhlak
            .iter()
            .map(|n| {
                let it = item("perilaku", n.kode as i64);
                EvalPerilaku {
                    nilai: n.nama.clone(),
                    ekspektasi: v
                        .content
                        .ekspektasi
                        .iter()
                        .find(|(k, _)| *k == n.kode)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default(),
                    penilaian: rating_text(it.penilai_rating.as_deref()),
                    umpan_balik: it.umpan_balik,
                }
            })
            .collect(),
        final_result: v.status.locked(),
        tempat: crate::store::org::instansi_get(&app.db, instansi)
            .await?
            .lokasi,
        tanggal: tanggal(today),
        footer: format!(
            "Kinerja · Dokumen Evaluasi {} {} · {} · dicetak {}",
            v.period.nama,
            v.year.tahun,
            v.snapshot.pegawai.nip,
            tanggal(today)
        ),
    })
}

async fn render_evaluasi(app: &App, doc: EvaluasiDocument) -> AppResult<Vec<u8>> {
    let renderer = app.documents.renderer();
    let _slot = app
        .documents
        .renders
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || renderer.evaluasi_pdf(&doc))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("pdf: {e}")))
}

fn evaluasi_file_name(v: &EvaluationView) -> String {
    format!(
        "Evaluasi-{}-{}-{}.pdf",
        v.year.tahun,
        v.period.kode,
        v.snapshot.pegawai.nip.replace(' ', "")
    )
}

/// The Dokumen Evaluasi of one evaluation (once the result is visible to the viewer); its
/// hash goes into the audit trail.
pub async fn evaluasi_pdf(app: &App, user: &CurrentUser, id: i64) -> AppResult<(Vec<u8>, String)> {
    let v = penilaian_svc::view(app, user, id).await?;
    if !v.show_result || v.ev.predikat.is_none() {
        return Err(AppError::Conflict("evaluasi-document-not-ready"));
    }
    let doc = evaluasi_document(app, &v).await?;
    let bytes = render_evaluasi(app, doc).await?;
    let hash = hex::encode(Sha256::digest(&bytes));
    let mut tx = app.db.begin().await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action: "document.evaluasi_pdf",
            object_type: "evaluasi",
            object_id: Some(id),
            subject_employee_id: Some(v.ev.employee_id),
            before: None,
            after: Some(json!({"sha256": hash, "bytes": bytes.len(), "status": v.status.code()})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((bytes, evaluasi_file_name(&v)))
}

/// Every assessed result of a unit's subtree in a period as one ZIP of PDFs, for the unit's
/// leaders and admins, streamed as it is built: the PDFs are rendered a few at a time by
/// the shared render slots and written out one by one, so memory stays at a few documents
/// whatever the size of the unit. At most [`ZIPS_AT_ONCE`] are built at once; a request
/// beyond waits a little and is then asked to come back. Each document's hash is in the
/// audit event of the ZIP, written when the last one has been sent.
pub async fn unit_zip(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
) -> AppResult<(axum::body::Body, String)> {
    use futures_util::StreamExt;
    let uv = penilaian_svc::unit_view(app, user, unit_id, period_id, 1).await?;
    if !(uv.can_finalise || user.actor.is_admin() || user.actor.is_pimpinan()) {
        return Err(AppError::Forbidden);
    }
    let ids = penilaian_store::assessed_ids_in(
        &app.db,
        user.instansi_id(),
        &uv.unit.unit_path(),
        period_id,
    )
    .await?;
    let slot =
        match tokio::time::timeout(ZIP_WAIT, app.documents.zips.clone().acquire_owned()).await {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => return Err(AppError::Internal(e.to_string())),
            Err(_) => return Err(AppError::Busy { seconds: 120 }),
        };
    let name = format!(
        "Evaluasi-{}-{}-{}.zip",
        uv.year.tahun, uv.period.kode, uv.unit.kode
    );
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let (app, user) = (app.clone(), user.clone());
    let periode = uv.period.kode.clone();
    tokio::spawn(async move {
        let _slot = slot;
        let ahead = app.documents.renders.available_permits().clamp(1, 4);
        let mut docs = futures_util::stream::iter(ids)
            .map(|id| {
                let (app, user) = (app.clone(), user.clone());
                async move {
                    let v = penilaian_svc::view(&app, &user, id).await?;
                    let doc = evaluasi_document(&app, &v).await?;
                    let bytes = render_evaluasi(&app, doc).await?;
                    Ok::<_, AppError>((evaluasi_file_name(&v), bytes))
                }
            })
            .buffered(ahead);
        let out = SharedBuf::default();
        let mut zip = zip::ZipWriter::new_stream(out.clone());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut hashes = Vec::new();
        let mut complete = true;
        let zip_err = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
        while let Some(next) = docs.next().await {
            let step = next
                .map_err(|e| std::io::Error::other(e.to_string()))
                .and_then(|(file, bytes)| {
                    use std::io::Write;
                    hashes
                        .push(json!({"file": file, "sha256": hex::encode(Sha256::digest(&bytes))}));
                    zip.start_file(file, opts).map_err(zip_err)?;
                    zip.write_all(&bytes)
                });
            let sent = match step {
                Ok(()) => tx.send(Ok(out.take())).await.is_ok(),
                Err(e) => {
                    tracing::error!(error = %e, "unit zip");
                    let _ = tx.send(Err(e)).await;
                    false
                }
            };
            if !sent {
                complete = false;
                break;
            }
        }
        if complete {
            match zip.finish() {
                Ok(_) => complete = tx.send(Ok(out.take())).await.is_ok(),
                Err(e) => {
                    complete = false;
                    let _ = tx.send(Err(zip_err(e))).await;
                }
            }
        }
        let result = async {
            let mut atx = app.db.begin().await?;
            audit::record(
                &mut atx,
                &app.audit_key,
                user.instansi_id(),
                &user.who(),
                Change {
                    action: "document.evaluasi_zip",
                    object_type: "unit",
                    object_id: Some(unit_id),
                    subject_employee_id: None,
                    before: None,
                    after: Some(
                        json!({"periode": periode, "dokumen": hashes, "lengkap": complete}),
                    ),
                },
            )
            .await?;
            atx.commit().await
        }
        .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "unit zip audit");
        }
    });
    let body = axum::body::Body::from_stream(tokio_stream_of(rx));
    Ok((body, name))
}

/// The receiving end of the ZIP builder as a body stream.
fn tokio_stream_of(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Where the ZIP writer puts its bytes until they are sent.
#[derive(Clone, Default)]
struct SharedBuf(Arc<std::sync::Mutex<Vec<u8>>>);

impl SharedBuf {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().expect("buffer lock"))
    }
}

impl std::io::Write for SharedBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("buffer lock").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
