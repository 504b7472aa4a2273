//! Opening a period's evaluation.

use super::*;

/// Opens (or finds) the evaluation of an approved plan for a period, snapshotting the people.
/// The owner or the plan's current penilai may open it.
pub async fn open(app: &App, user: &CurrentUser, skp_id: i64, period_id: i64) -> AppResult<i64> {
    let instansi = user.instansi_id();
    let skp = skp_store::skp_get(&app.db, instansi, skp_id).await?;
    let period = crate::store::periode::period_get(&app.db, instansi, period_id).await?;
    if period.year_id != skp.year_id {
        return Err(AppError::NotFound);
    }
    let owner = org::employee_get(&app.db, instansi, skp.employee_id).await?;
    let (penilai, atasan) = org_svc::chain_of(app, instansi, owner.id).await?;
    let me = user.session.employee_id;
    let is_penilai =
        matches!(&penilai, ChainLink::Person { employee, .. } if Some(employee.id) == me);
    if me != Some(owner.id) && !is_penilai {
        return Err(AppError::Forbidden);
    }
    if skp.approved_at.is_none() {
        return Err(AppError::Conflict("evaluasi-skp-not-approved"));
    }
    let person = |l: &ChainLink| match l {
        ChainLink::Person { employee, .. } => Some(PersonHeader::of(employee)),
        _ => None,
    };
    let snapshot = Snapshot {
        pegawai: PersonHeader::of(&owner),
        penilai: person(&penilai),
        atasan: person(&atasan),
        penilai_blocker: match &penilai {
            ChainLink::Person { .. } => None,
            ChainLink::Vacant { .. } => Some("vacant".into()),
            ChainLink::None => Some("top".into()),
        },
        penilai_blocker_unit: match &penilai {
            ChainLink::Vacant { unit } => unit.nama.clone(),
            _ => String::new(),
        },
    };
    let snapshot_json = serde_json::to_string(&snapshot).expect("serialisable");
    let mut tx = app.db.begin().await?;
    let (id, created) = store::evaluation_open(
        &mut tx,
        &NewEvaluation {
            instansi_id: instansi,
            skp_id,
            period_id,
            employee_id: owner.id,
            unit_id: owner.unit_id,
            penilai_employee_id: snapshot.penilai.as_ref().map(|p| p.employee_id),
            atasan_employee_id: snapshot.atasan.as_ref().map(|p| p.employee_id),
            snapshot_json: &snapshot_json,
        },
    )
    .await?;
    if created {
        audit::record(
            &mut tx,
            &app.audit_key,
            instansi,
            &user.who(),
            Change {
                action: "evaluasi.open",
                object_type: "evaluasi",
                object_id: Some(id),
                subject_employee_id: Some(owner.id),
                before: None,
                after: Some(json!({"periode": period.kode, "skp": skp_id,
                    "penilai": snapshot.penilai.as_ref().map(|p| &p.nip),
                    "atasan": snapshot.atasan.as_ref().map(|p| &p.nip)})),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}
