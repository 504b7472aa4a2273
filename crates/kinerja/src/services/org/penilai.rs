//! Penilai overrides confirmed by an admin BKPSDM.

use super::*;

/// Applies a confirmed penilai override (or its removal), re-checked for cycles.
pub(crate) async fn penilai_apply(
    app: &App,
    user: &CurrentUser,
    subject: &EmployeeRow,
    penilai: Option<i64>,
    confirming: Option<&confirmations::Confirming<'_>>,
) -> AppResult<()> {
    let instansi = user.instansi_id();
    let penilai_row = match penilai {
        Some(id) => Some(org::employee_get(&app.db, instansi, id).await?),
        None => None,
    };
    let standing = standing_of(app, subject).await?;
    let path = subject.unit_path();
    let s = Subject {
        instansi_id: subject.instansi_id,
        employee_id: subject.id,
        unit_path: &path,
    };
    let penilai_path = penilai_row.as_ref().map(|p| p.unit_path());
    let named = penilai.zip(penilai_path.as_ref());
    if user.actor.can_set_penilai(&s, &standing, named) != Decision::Allowed {
        return Err(AppError::Forbidden);
    }
    let mut snap = org::snapshot_all(&app.db, instansi, app.today()).await?;
    match penilai {
        Some(o) => snap.overrides.insert(subject.id, o),
        None => snap.overrides.remove(&subject.id),
    };
    if kinerja_domain::org::penilai_cycle(&snap, [subject.id]).is_some() {
        return Err(AppError::Invalid(vec![Problem::new(
            "nip_penilai",
            "penilai-cycle",
        )]));
    }
    let mut tx = app.db.begin().await?;
    org::employee_set_override(&mut tx, user.instansi_id(), subject.id, penilai).await?;
    if let Some(c) = confirming {
        c.mark(app, &mut tx, user).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "employee.penilai_override",
            object_type: "employee",
            object_id: Some(subject.id),
            subject_employee_id: Some(subject.id),
            before: Some(json!({"penilai_override_id": subject.penilai_override_id})),
            after: Some(json!({
                "penilai_override_id": penilai,
                "requested_by": confirming.map(|c| c.on_behalf.as_str()),
            })),
        },
    )
    .await?;
    tx.commit().await
}
