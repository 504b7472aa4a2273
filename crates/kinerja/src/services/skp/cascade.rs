//! Cascading and the supervisor's side.

use super::*;

/// The employees the signed-in user rates today (direct reports), for handing down RHK.
pub async fn direct_reports(app: &App, user: &CurrentUser) -> AppResult<Vec<EmployeeRow>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    let instansi = user.instansi_id();
    let today = app.today();
    let mut ids = Vec::new();
    for scope in &user.actor.led_units {
        let snap = org::snapshot_subtree(&app.db, instansi, scope, today).await?;
        for &e in snap.positions.keys() {
            if e != me && penilai_of(&snap, e).employee_id() == Some(me) {
                ids.push(e);
            }
        }
    }
    ids.extend(user.actor.rated_by_override.iter().copied());
    ids.sort_unstable();
    ids.dedup();
    let mut people = org::employees_by_ids(&app.db, instansi, &ids).await?;
    people.retain(|e| e.aktif);
    people.sort_by(|a, b| {
        (!a.is_head, &a.unit_path, &a.nama).cmp(&(!b.is_head, &b.unit_path, &b.nama))
    });
    Ok(people)
}

/// Hands an RHK of the signed-in user's plan (or part of it, in `teks`) down to direct
/// reports: it appears as a proposal in their drafts.
pub async fn hand_down(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    rhk_id: i64,
    to: &[i64],
    teks: &str,
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    if v.role != SkpRole::Owner {
        return Err(AppError::Forbidden);
    }
    let rhk = v
        .content
        .rhk
        .iter()
        .find(|r| r.id == rhk_id)
        .ok_or(AppError::NotFound)?;
    let reports = direct_reports(app, user).await?;
    if to.is_empty() {
        return Err(AppError::invalid("pegawai", "cascade-nobody"));
    }
    if to.iter().any(|id| !reports.iter().any(|r| r.id == *id)) {
        return Err(AppError::invalid("pegawai", "cascade-not-report"));
    }
    let teks = match teks.trim() {
        "" => rhk.teks.clone(),
        t => t.chars().take(MAX_TEXT).collect(),
    };
    let recipients: Vec<(i64, Option<i64>)> = {
        let mut out = Vec::new();
        for id in to {
            out.push((*id, user_id_of(app, user.instansi_id(), Some(*id)).await?));
        }
        out
    };
    let mut tx = app.db.begin().await?;
    for (emp, uid) in &recipients {
        store::cascade_upsert(&mut tx, v.owner.instansi_id, rhk_id, *emp, &teks).await?;
        if let Some(u) = uid {
            crate::store::notifications::notify(
                &mut tx,
                v.owner.instansi_id,
                *u,
                "skp_cascaded",
                &json!({"atasan": v.owner.nama_lengkap(), "teks": teks}).to_string(),
                "/skp",
            )
            .await?;
        }
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action: "skp.cascade",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.owner.id),
            before: None,
            after: Some(json!({"rhk": rhk_id, "teks": teks, "kepada": to})),
        },
    )
    .await?;
    tx.commit().await
}

pub async fn remove_cascade(app: &App, user: &CurrentUser, cascade_id: i64) -> AppResult<()> {
    let c = store::cascade_get(&app.db, user.instansi_id(), cascade_id).await?;
    let rhk = store::rhk_get(&app.db, user.instansi_id(), c.from_rhk_id).await?;
    let skp = store::skp_get(&app.db, user.instansi_id(), rhk.skp_id).await?;
    if Some(skp.employee_id) != user.session.employee_id {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.begin().await?;
    store::cascade_delete(&mut tx, user.instansi_id(), cascade_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action: "skp.cascade_remove",
            object_type: "skp",
            object_id: Some(skp.id),
            subject_employee_id: Some(skp.employee_id),
            before: Some(json!({"teks": c.teks, "kepada": c.to_employee_id})),
            after: None,
        },
    )
    .await?;
    tx.commit().await
}

/// Plans waiting for the signed-in user's decision: submitted plans of people they rate
/// today (found through their subtrees and overrides, then checked one by one).
pub async fn queue(app: &App, user: &CurrentUser) -> AppResult<Vec<store::PendingRow>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    let instansi = user.instansi_id();
    let today = app.today();
    let mut out = Vec::new();
    for scope in &user.actor.led_units {
        let pending = store::pending_in(&app.db, instansi, scope, None).await?;
        if pending.is_empty() {
            continue;
        }
        let snap = org::snapshot_subtree(&app.db, instansi, scope, today).await?;
        out.extend(pending.into_iter().filter(|p| {
            p.employee_id != me && penilai_of(&snap, p.employee_id).employee_id() == Some(me)
        }));
    }
    out.extend(store::pending_of(&app.db, instansi, &user.actor.rated_by_override).await?);
    out.sort_by_key(|p| (p.submitted_at, p.skp_id));
    out.dedup_by_key(|p| p.skp_id);
    Ok(out)
}
