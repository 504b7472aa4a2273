//! Keberatan and reopening.

use super::*;

/// The employee objects to a finalised result, in writing, within the deadline.
pub async fn object(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    alasan: &str,
) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let next = check(&v, EvaluasiAction::Object)?;
    let alasan = alasan.trim();
    if alasan.is_empty() {
        return Err(AppError::invalid("alasan", "keberatan-needs-reason"));
    }
    if alasan.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(vec![
            Problem::new("alasan", "text-too-long").arg("max", MAX_TEXT),
        ]));
    }
    let batas = v
        .keberatan_batas
        .expect("finalised results have a deadline");
    let mut tx = app.db.begin().await?;
    store::evaluation_touch(&mut tx, user.instansi_id(), id, version, next.code()).await?;
    store::keberatan_insert(&mut tx, v.ev.instansi_id, id, alasan, batas).await?;
    for who in [v.ev.atasan_employee_id, v.ev.penilai_employee_id] {
        notify_employee(
            &mut tx,
            who,
            v.ev.instansi_id,
            "keberatan_filed",
            json!({"nama": v.snapshot.pegawai.nama, "periode": v.period.nama}),
            &format!("/penilaian/{id}"),
        )
        .await?;
    }
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        "keberatan.file",
        next,
        json!({"alasan": alasan}),
    )
    .await?;
    tx.commit().await
}

/// The penilai's or the employee's explanation of an open objection.
pub async fn explain(app: &App, user: &CurrentUser, id: i64, text: &str) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let by_penilai = match v.role {
        EvaluasiRole::Penilai => true,
        EvaluasiRole::Pegawai => false,
        _ => return Err(AppError::Forbidden),
    };
    let Some(k) = v
        .keberatan
        .as_ref()
        .filter(|_| v.status == EvaluasiStatus::Keberatan)
    else {
        return Err(AppError::Conflict("evaluasi-wrong-status"));
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(
            "penjelasan",
            "keberatan-needs-explanation",
        ));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(vec![
            Problem::new("penjelasan", "text-too-long").arg("max", MAX_TEXT),
        ]));
    }
    let mut tx = app.db.begin().await?;
    store::keberatan_explain(&mut tx, user.instansi_id(), k.id, by_penilai, text).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action: if by_penilai {
                "keberatan.explain_penilai"
            } else {
                "keberatan.explain_pegawai"
            },
            object_type: "evaluasi",
            object_id: Some(id),
            subject_employee_id: Some(v.ev.employee_id),
            before: None,
            after: Some(json!({"penjelasan": text})),
        },
    )
    .await?;
    tx.commit().await
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct DecisionInput {
    pub keputusan: String,
    /// The ratings after the decision: unchanged to uphold the result.
    pub rating_hasil: String,
    pub rating_perilaku: String,
}

/// The atasan penilai decides the objection; the decision is final and, if the ratings
/// change, so does the predikat (computed, as always, from the matrix).
pub async fn decide_objection(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    d: &DecisionInput,
) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let next = check(&v, EvaluasiAction::Decide)?;
    let Some(k) = v.keberatan.clone() else {
        return Err(AppError::Conflict("evaluasi-wrong-status"));
    };
    let mut problems = Vec::new();
    let keputusan = d.keputusan.trim();
    if keputusan.is_empty() {
        problems.push(Problem::new("keputusan", "keberatan-needs-decision"));
    } else if keputusan.chars().count() > MAX_TEXT {
        problems.push(Problem::new("keputusan", "text-too-long").arg("max", MAX_TEXT));
    }
    let rh = Rating::parse(d.rating_hasil.trim());
    let rp = Rating::parse(d.rating_perilaku.trim());
    if rh.is_none() {
        problems.push(Problem::new("rating_hasil", "evaluasi-rating-invalid"));
    }
    if rp.is_none() {
        problems.push(Problem::new("rating_perilaku", "evaluasi-rating-invalid"));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (rh, rp) = (rh.expect("checked"), rp.expect("checked"));
    let predikat = v.aturan().matriks.predikat(rh, rp);
    let mut tx = app.db.begin().await?;
    store::evaluation_touch(&mut tx, user.instansi_id(), id, version, next.code()).await?;
    store::keberatan_decide(
        &mut tx,
        user.instansi_id(),
        k.id,
        keputusan,
        (rh.code(), rp.code(), predikat.code()),
        user.session.user_id,
    )
    .await?;
    store::evaluation_set_ratings(
        &mut tx,
        user.instansi_id(),
        id,
        &store::Ratings {
            rating_hasil: Some(rh.code()),
            rating_perilaku: Some(rp.code()),
            predikat: Some(predikat.code()),
            alasan_hasil: &v.ev.alasan_hasil,
            alasan_perilaku: &v.ev.alasan_perilaku,
            catatan: &v.ev.catatan,
            assessed_at: v.ev.assessed_at,
        },
    )
    .await?;
    for who in [Some(v.ev.employee_id), v.ev.penilai_employee_id] {
        notify_employee(
            &mut tx,
            who,
            v.ev.instansi_id,
            "keberatan_decided",
            json!({"periode": v.period.nama}),
            &format!("/penilaian/{id}"),
        )
        .await?;
    }
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        "keberatan.decide",
        next,
        json!({"keputusan": keputusan,
               "sebelum": {"rating_hasil": v.ev.rating_hasil, "rating_perilaku": v.ev.rating_perilaku, "predikat": v.ev.predikat},
               "sesudah": {"rating_hasil": rh.code(), "rating_perilaku": rp.code(), "predikat": predikat.code()}}),
    )
    .await?;
    tx.commit().await
}

/// An admin reopens a finalised result with a written reason; the old result is kept and
/// the penilai assesses again.
pub async fn admin_reopen(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    alasan: &str,
) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let next = check(&v, EvaluasiAction::AdminReopen)?;
    let alasan = alasan.trim();
    if alasan.is_empty() {
        return Err(AppError::invalid("alasan_buka", "reopen-needs-reason"));
    }
    if alasan.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(vec![
            Problem::new("alasan_buka", "text-too-long").arg("max", MAX_TEXT),
        ]));
    }
    let old = json!({"status": v.status.code(), "rating_hasil": v.ev.rating_hasil,
        "rating_perilaku": v.ev.rating_perilaku, "predikat": v.ev.predikat,
        "finalised_at": v.ev.finalised_at, "keberatan": v.keberatan});
    let mut tx = app.db.begin().await?;
    store::evaluation_touch(&mut tx, user.instansi_id(), id, version, next.code()).await?;
    store::evaluation_set_finalised(&mut tx, user.instansi_id(), id, None).await?;
    store::reopening_insert(
        &mut tx,
        v.ev.instansi_id,
        id,
        alasan,
        &old.to_string(),
        user.session.user_id,
    )
    .await?;
    notify_employee(
        &mut tx,
        v.ev.penilai_employee_id,
        v.ev.instansi_id,
        "evaluasi_reopened",
        json!({"nama": v.snapshot.pegawai.nama, "periode": v.period.nama}),
        &format!("/penilaian/{id}"),
    )
    .await?;
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        "evaluasi.admin_reopen",
        next,
        json!({"alasan": alasan, "sebelum": old}),
    )
    .await?;
    tx.commit().await
}

/// Earlier results of a reopened evaluation, oldest first.
pub async fn reopenings(app: &App, v: &EvaluationView) -> AppResult<Vec<store::ReopeningRow>> {
    store::reopenings_of(&app.db, v.ev.instansi_id, v.ev.id).await
}
