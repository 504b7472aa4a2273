//! Reference data: the versioned regulatory tables (BerAKHLAK wording, the predikat
//! matrix, curve rules, thresholds), one version selected per evaluation year.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::audit::{self, Change};
pub use crate::store::referensi::ReferenceRow;
use kinerja_domain::referensi::Referensi;
use serde_json::json;
use std::sync::Arc;

pub async fn referensi(app: &App, instansi_id: i64, id: i64) -> AppResult<Arc<Referensi>> {
    if let Some(r) = app.references.get(id) {
        return Ok(r);
    }
    let row = crate::store::referensi::reference_get(&app.db, instansi_id, id).await?;
    let parsed: Referensi = serde_json::from_str(&row.data_json)
        .map_err(|e| AppError::Internal(format!("reference {id}: {e}")))?;
    let arc = Arc::new(parsed.with_english_of(&Referensi::permenpanrb_6_2022()));
    app.references.put(id, arc.clone());
    Ok(arc)
}

/// The instansi's copy of the default reference version, created on first use.
pub async fn default_reference(app: &App, instansi_id: i64) -> AppResult<i64> {
    let default = Referensi::permenpanrb_6_2022();
    if let Some(r) = crate::store::referensi::references(&app.db, instansi_id)
        .await?
        .into_iter()
        .find(|r| r.kode == default.kode)
    {
        return Ok(r.id);
    }
    let data = serde_json::to_string(&default).expect("serialisable");
    let mut tx = app.db.begin().await?;
    let id = crate::store::referensi::reference_insert(
        &mut tx,
        instansi_id,
        &default.kode,
        &default.nama,
        &data,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a reference version (from a JSON document), validated first.
pub async fn add_reference(
    app: &App,
    instansi_id: i64,
    data: &Referensi,
    who: &audit::Who,
) -> AppResult<i64> {
    data.validate()
        .map_err(|e| AppError::Invalid(vec![Problem::new(None, e.code())]))?;
    if crate::store::referensi::references(&app.db, instansi_id)
        .await?
        .iter()
        .any(|r| r.kode == data.kode)
    {
        return Err(AppError::Invalid(vec![
            Problem::new("kode", "referensi-exists").arg("value", &data.kode),
        ]));
    }
    let json = serde_json::to_string(data).expect("serialisable");
    let mut tx = app.db.begin().await?;
    let id = crate::store::referensi::reference_insert(
        &mut tx,
        instansi_id,
        &data.kode,
        &data.nama,
        &json,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi_id,
        who,
        Change {
            action: "referensi.create",
            object_type: "referensi",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"kode": data.kode, "nama": data.nama})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// One reference version as stored and as read, for the admins and the pimpinan.
pub async fn reference(
    app: &App,
    user: &crate::services::accounts::CurrentUser,
    id: i64,
) -> AppResult<(ReferenceRow, Arc<Referensi>)> {
    if !user.actor.is_admin() && !user.actor.is_pimpinan() {
        return Err(AppError::Forbidden);
    }
    let instansi = user.instansi_id();
    let row = crate::store::referensi::reference_get(&app.db, instansi, id).await?;
    let data = referensi(app, instansi, id).await?;
    Ok((row, data))
}
