//! Transitions.

use super::*;

pub(super) async fn user_id_of(
    app: &App,
    instansi_id: i64,
    employee_id: Option<i64>,
) -> AppResult<Option<i64>> {
    Ok(match employee_id {
        Some(e) => users::user_by_employee(&app.db, instansi_id, e)
            .await?
            .map(|u| u.id),
        None => None,
    })
}

pub(super) fn missing_problems(m: &[Missing]) -> Vec<Problem> {
    m.iter()
        .map(|x| {
            let mut p = Problem::new(None, x.code());
            for (k, v) in x.args() {
                p = p.arg(k, v);
            }
            p
        })
        .collect()
}

pub(super) async fn header_of(app: &App, v: &PlanView) -> AppResult<Header> {
    let inst = org::instansi_get(&app.db, v.owner.instansi_id).await?;
    Ok(Header {
        instansi: inst.nama,
        lokasi: inst.lokasi,
        mulai: Some(v.skp.mulai),
        selesai: Some(v.skp.selesai),
        pegawai: PersonHeader::of(&v.owner),
        penilai: match &v.penilai {
            ChainLink::Person { employee, .. } => Some(PersonHeader::of(employee)),
            _ => None,
        },
    })
}

/// Sends the plan to the penilai. Only a complete plan goes, and the refusal says exactly
/// what is missing.
pub async fn submit(app: &App, user: &CurrentUser, skp_id: i64, version: i64) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Submit, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let mut problems = missing_problems(&v.missing);
    if v.penilai_id.is_none() {
        let unit = match &v.penilai {
            ChainLink::Vacant { unit } => unit.nama.clone(),
            _ => String::new(),
        };
        problems.insert(0, Problem::new(None, "skp-no-penilai").arg("unit", unit));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let header = header_of(app, &v).await?;
    let penilai_user = user_id_of(app, user.instansi_id(), v.penilai_id).await?;
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, user.instansi_id(), skp_id, version, next.code()).await?;
    store::submission_insert(
        &mut tx,
        NewSubmission {
            instansi_id: v.owner.instansi_id,
            skp_id,
            revisi: v.skp.revisi,
            content_json: &serde_json::to_string(&v.content).expect("serialisable"),
            header_json: &serde_json::to_string(&header).expect("serialisable"),
            penilai_employee_id: v.penilai_id,
            submitted_by: user.session.user_id,
        },
    )
    .await?;
    store::skp_mark(
        &mut tx,
        user.instansi_id(),
        skp_id,
        Some(crate::store::now_micros()),
        v.skp.approved_at,
        v.skp.revisi,
    )
    .await?;
    if let Some(u) = penilai_user {
        crate::store::notifications::notify(
            &mut tx,
            v.owner.instansi_id,
            u,
            "skp_submitted",
            &json!({"nama": v.owner.nama_lengkap(), "tahun": v.year.tahun}).to_string(),
            &format!("/skp/{skp_id}"),
        )
        .await?;
    }
    transition_audit(&mut tx, app, user, &v, "skp.submit", next, None).await?;
    tx.commit().await
}

pub(super) async fn transition_audit(
    tx: &mut crate::store::Tx,
    app: &App,
    user: &CurrentUser,
    v: &PlanView,
    action: &'static str,
    next: SkpStatus,
    extra: Option<serde_json::Value>,
) -> AppResult<()> {
    let mut after = json!({"status": next.code(), "revisi": v.skp.revisi});
    if let Some(e) = extra {
        after["catatan"] = e;
    }
    audit::record(
        tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action,
            object_type: "skp",
            object_id: Some(v.skp.id),
            subject_employee_id: Some(v.owner.id),
            before: Some(json!({"status": v.status.code()})),
            after: Some(after),
        },
    )
    .await
}

pub async fn withdraw(app: &App, user: &CurrentUser, skp_id: i64, version: i64) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Withdraw, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, user.instansi_id(), skp_id, version, next.code()).await?;
    store::submission_review(
        &mut tx,
        user.instansi_id(),
        skp_id,
        &store::SubmissionDecision {
            decision: "ditarik",
            catatan: "",
            catatan_baris_json: None,
            content_json: None,
            by: Some(user.session.user_id),
        },
    )
    .await?;
    transition_audit(&mut tx, app, user, &v, "skp.withdraw", next, None).await?;
    tx.commit().await
}

/// The penilai's decision.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct Review {
    /// true: approve (setujui); false: return (kembalikan).
    pub approve: bool,
    /// Overall note; required when returning.
    #[serde(default)]
    pub catatan: String,
    /// Notes per RHK id.
    #[serde(default)]
    pub catatan_baris: HashMap<i64, String>,
    /// The ekspektasi khusus pimpinan typed on the same page: saved with the decision, so
    /// what the penilai wrote there is never lost by pressing Setujui or Kembalikan.
    pub ekspektasi: Vec<(u8, String)>,
}

pub async fn review(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    version: i64,
    d: &Review,
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let action = if d.approve {
        SkpAction::Approve
    } else {
        SkpAction::Return
    };
    let next = rules::transition(v.status, action, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let row_notes: HashMap<i64, String> = d
        .catatan_baris
        .iter()
        .filter(|(id, t)| !t.trim().is_empty() && v.content.rhk.iter().any(|r| r.id == **id))
        .map(|(id, t)| (*id, t.trim().chars().take(MAX_TEXT).collect()))
        .collect();
    if !d.approve && d.catatan.trim().is_empty() && row_notes.is_empty() {
        return Err(AppError::invalid("catatan", "skp-return-needs-note"));
    }
    check_expectations(&v, &d.ekspektasi)?;
    let owner_user = user_id_of(app, user.instansi_id(), Some(v.owner.id)).await?;
    let now = crate::store::now_micros();
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, user.instansi_id(), skp_id, version, next.code()).await?;
    let mut content = v.content.clone();
    if write_expectations(&mut tx, app, user, &v, &d.ekspektasi).await? {
        content.ekspektasi = merged_expectations(&v, &d.ekspektasi);
    }
    let notes_json =
        (!row_notes.is_empty()).then(|| serde_json::to_string(&row_notes).expect("serialisable"));
    // An approval freezes the content with the penilai's expectations as they are now.
    let approved_content = d
        .approve
        .then(|| serde_json::to_string(&content).expect("serialisable"));
    store::submission_review(
        &mut tx,
        user.instansi_id(),
        skp_id,
        &store::SubmissionDecision {
            decision: next.code(),
            catatan: d.catatan.trim(),
            catatan_baris_json: notes_json.as_deref(),
            content_json: approved_content.as_deref(),
            by: Some(user.session.user_id),
        },
    )
    .await?;
    store::skp_mark(
        &mut tx,
        user.instansi_id(),
        skp_id,
        v.skp.submitted_at,
        if d.approve {
            Some(now)
        } else {
            v.skp.approved_at
        },
        v.skp.revisi,
    )
    .await?;
    if let Some(u) = owner_user {
        crate::store::notifications::notify(
            &mut tx,
            v.owner.instansi_id,
            u,
            if d.approve {
                "skp_approved"
            } else {
                "skp_returned"
            },
            &json!({"tahun": v.year.tahun, "penilai": user.session.display_name}).to_string(),
            &format!("/skp/{skp_id}"),
        )
        .await?;
    }
    let extra = (!d.approve).then(|| json!({"umum": d.catatan.trim(), "baris": row_notes}));
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        if d.approve {
            "skp.approve"
        } else {
            "skp.return"
        },
        next,
        extra,
    )
    .await?;
    tx.commit().await
}

/// The penilai's ekspektasi khusus pimpinan, per BerAKHLAK value.
pub async fn set_expectations(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    version: i64,
    texts: &[(u8, String)],
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    rules::transition(v.status, SkpAction::WriteExpectations, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    check_expectations(&v, texts)?;
    let mut tx = app.db.begin().await?;
    store::skp_touch(
        &mut tx,
        user.instansi_id(),
        skp_id,
        version,
        v.status.code(),
    )
    .await?;
    write_expectations(&mut tx, app, user, &v, texts).await?;
    tx.commit().await
}

fn check_expectations(v: &PlanView, texts: &[(u8, String)]) -> AppResult<()> {
    if texts.iter().any(|(k, _)| v.referensi.nilai(*k).is_none()) {
        return Err(AppError::invalid("ekspektasi", "ekspektasi-unknown-value"));
    }
    Ok(())
}

fn clean(t: &str) -> String {
    t.trim().chars().take(MAX_TEXT).collect()
}

/// The plan's ekspektasi after `texts` replace theirs, in the order of the values.
fn merged_expectations(v: &PlanView, texts: &[(u8, String)]) -> Vec<(u8, String)> {
    let mut all: Vec<(u8, String)> = v
        .content
        .ekspektasi
        .iter()
        .filter(|(k, _)| !texts.iter().any(|(t, _)| t == k))
        .cloned()
        .chain(texts.iter().map(|(k, t)| (*k, clean(t))))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    all.sort_by_key(|(k, _)| *k);
    all
}

/// Writes the ekspektasi that differ from the plan's, with their audit event, in the
/// caller's transaction. Returns whether anything changed.
async fn write_expectations(
    tx: &mut crate::store::Tx,
    app: &App,
    user: &CurrentUser,
    v: &PlanView,
    texts: &[(u8, String)],
) -> AppResult<bool> {
    let before = |k: u8| {
        v.content
            .ekspektasi
            .iter()
            .find(|(c, _)| *c == k)
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    };
    let changed: Vec<(u8, String)> = texts
        .iter()
        .map(|(k, t)| (*k, clean(t)))
        .filter(|(k, t)| before(*k) != t)
        .collect();
    if changed.is_empty() {
        return Ok(false);
    }
    for (k, t) in &changed {
        store::ekspektasi_set(tx, v.owner.instansi_id, v.skp.id, *k as i64, t).await?;
    }
    audit::record(
        tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action: "skp.ekspektasi",
            object_type: "skp",
            object_id: Some(v.skp.id),
            subject_employee_id: Some(v.owner.id),
            before: Some(json!(v.content.ekspektasi)),
            after: Some(json!(changed)),
        },
    )
    .await?;
    Ok(true)
}

/// Opens a new revision of an approved plan; the approved one stays readable.
pub async fn revise(app: &App, user: &CurrentUser, skp_id: i64, version: i64) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Revise, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, user.instansi_id(), skp_id, version, next.code()).await?;
    store::skp_mark(
        &mut tx,
        user.instansi_id(),
        skp_id,
        None,
        v.skp.approved_at,
        v.skp.revisi + 1,
    )
    .await?;
    transition_audit(&mut tx, app, user, &v, "skp.revise", next, None).await?;
    tx.commit().await
}
