//! Evidence files (bukti dukung).

use super::*;

/// Lists an office package without unpacking it: the entry names and the two small
/// manifest entries (each read up to 256 KiB, so a ZIP bomb costs nothing).
pub fn read_package(bytes: &[u8]) -> Option<kinerja_domain::bukti::Paket> {
    use std::io::Read;
    const SMALL: u64 = 256 * 1024;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if z.len() > 10_000 {
        return None;
    }
    let names: Vec<String> = z
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()
        .ok()?;
    let mut small = |name: &str| -> Option<String> {
        let f = z.by_name(name).ok()?;
        let mut s = String::new();
        f.take(SMALL).read_to_string(&mut s).ok()?;
        Some(s)
    };
    Some(kinerja_domain::bukti::Paket {
        content_types: small("[Content_Types].xml"),
        mimetype: small("mimetype"),
        names,
    })
}

/// Whether the user may add evidence to this evaluation: asked before the upload's body is
/// read, so that nobody else can make the server take in megabytes.
pub async fn may_add_evidence(app: &App, user: &CurrentUser, id: i64) -> AppResult<()> {
    let v = view(app, user, id).await?;
    check(&v, EvaluasiAction::WriteSelf).map(|_| ())
}

/// Attaches an evidence file to an indicator's realisasi. The kind is decided by the
/// content; a refused file changes nothing.
pub async fn add_evidence(
    app: &App,
    user: &CurrentUser,
    id: i64,
    indikator_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<i64> {
    let v = view(app, user, id).await?;
    check(&v, EvaluasiAction::WriteSelf)?;
    if !v
        .content
        .rhk
        .iter()
        .any(|r| r.indikator.iter().any(|i| i.id == indikator_id))
    {
        return Err(AppError::NotFound);
    }
    let max = app.cfg.max_bukti_bytes;
    let jenis = kinerja_domain::bukti::periksa(bytes, max, read_package).map_err(|e| {
        AppError::Invalid(vec![
            field(format!("berkas_{indikator_id}"), e.code())
                .arg("max", format!("{} MB", max / (1024 * 1024))),
        ])
    })?;
    let name = kinerja_domain::bukti::nama_berkas(file_name, jenis);
    let key = app.blobs.put(bytes).await?;
    let mut tx = app.db.begin().await?;
    let eid = store::evidence_insert(
        &mut tx,
        &store::NewEvidence {
            instansi_id: v.ev.instansi_id,
            evaluation_id: id,
            indikator_id,
            nama_file: &name,
            content_type: jenis.content_type(),
            size_bytes: bytes.len() as i64,
            sha256: &key,
            uploaded_by: user.session.user_id,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action: "bukti.add",
            object_type: "evaluasi",
            object_id: Some(id),
            subject_employee_id: Some(v.ev.employee_id),
            before: None,
            after: Some(
                json!({"bukti": eid, "indikator": indikator_id, "nama": name,
                "jenis": jenis.content_type(), "ukuran": bytes.len(), "sha256": key}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(eid)
}

/// An evidence file with its bytes, for whoever may read the evaluation.
pub async fn evidence_file(
    app: &App,
    user: &CurrentUser,
    id: i64,
    evidence_id: i64,
) -> AppResult<(store::EvidenceRow, Vec<u8>)> {
    let _ = view(app, user, id).await?;
    let row = store::evidence_get(&app.db, user.instansi_id(), id, evidence_id).await?;
    let bytes = app.blobs.get(&row.sha256).await?;
    Ok((row, bytes))
}

pub async fn remove_evidence(
    app: &App,
    user: &CurrentUser,
    id: i64,
    evidence_id: i64,
) -> AppResult<()> {
    let v = view(app, user, id).await?;
    check(&v, EvaluasiAction::WriteSelf)?;
    let row = store::evidence_get(&app.db, user.instansi_id(), id, evidence_id).await?;
    let mut tx = app.db.begin().await?;
    store::evidence_remove(&mut tx, user.instansi_id(), id, evidence_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action: "bukti.remove",
            object_type: "evaluasi",
            object_id: Some(id),
            subject_employee_id: Some(v.ev.employee_id),
            before: Some(json!({"bukti": row.id, "nama": row.nama_file, "sha256": row.sha256})),
            after: None,
        },
    )
    .await?;
    tx.commit().await
}
