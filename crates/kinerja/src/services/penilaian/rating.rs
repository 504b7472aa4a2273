//! The penilai's side.

use super::*;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AssessInput {
    /// RHK id → (judgement code or "", umpan balik)
    #[serde(default)]
    pub rhk: HashMap<i64, (String, String)>,
    /// BerAKHLAK value 1–7 → (judgement code or "", umpan balik)
    #[serde(default)]
    pub perilaku: HashMap<i64, (String, String)>,
    #[serde(default)]
    pub rating_hasil: String,
    #[serde(default)]
    pub rating_perilaku: String,
    /// Why the rating differs from the suggestion (required when it does).
    #[serde(default)]
    pub alasan_hasil: String,
    #[serde(default)]
    pub alasan_perilaku: String,
    /// Catatan/rekomendasi for development.
    #[serde(default)]
    pub catatan: String,
}

/// Saves the penilai's draft: judgements, feedback, ratings and notes. All or nothing.
pub async fn save_assessment(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: &AssessInput,
) -> AppResult<i64> {
    let v = view(app, user, id).await?;
    check(&v, EvaluasiAction::Assess)?;
    let mut problems = Vec::new();
    let mut items = Vec::new();
    for (subjek, map) in [("rhk", &input.rhk), ("perilaku", &input.perilaku)] {
        for (sid, (rating, umpan_balik)) in map {
            let known = if subjek == "rhk" {
                v.content.rhk.iter().any(|r| r.id == *sid)
            } else {
                (1..=7).contains(sid)
            };
            if !known {
                continue;
            }
            let Ok(rating) = parse_rating(rating) else {
                problems.push(field(format!("n{subjek}_{sid}"), "evaluasi-rating-invalid"));
                continue;
            };
            let Some(ub) = clip(umpan_balik) else {
                problems
                    .push(field(format!("ub{subjek}_{sid}"), "text-too-long").arg("max", MAX_TEXT));
                continue;
            };
            items.push((subjek, *sid, rating, ub));
        }
    }
    let rh = parse_rating(&input.rating_hasil);
    let rp = parse_rating(&input.rating_perilaku);
    if rh.is_err() {
        problems.push(Problem::new("rating_hasil", "evaluasi-rating-invalid"));
    }
    if rp.is_err() {
        problems.push(Problem::new("rating_perilaku", "evaluasi-rating-invalid"));
    }
    let texts = [
        ("alasan_hasil", &input.alasan_hasil),
        ("alasan_perilaku", &input.alasan_perilaku),
        ("catatan", &input.catatan),
    ];
    let mut clipped = Vec::new();
    for (name, t) in texts {
        match clip(t) {
            Some(c) => clipped.push(c),
            None => {
                problems.push(Problem::new(name, "text-too-long").arg("max", MAX_TEXT));
                clipped.push(String::new());
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (rh, rp) = (rh.unwrap_or(None), rp.unwrap_or(None));
    let predikat = rh.zip(rp).map(|(h, p)| v.aturan().matriks.predikat(h, p));
    let mut tx = app.db.begin().await?;
    let next =
        store::evaluation_touch(&mut tx, user.instansi_id(), id, version, v.status.code()).await?;
    for (subjek, sid, rating, ub) in &items {
        store::item_put_penilai(
            &mut tx,
            v.ev.instansi_id,
            id,
            subjek,
            *sid,
            rating.map(Rating::code),
            ub,
        )
        .await?;
    }
    store::refresh_perilaku_bawah(&mut tx, v.ev.instansi_id, Some(id)).await?;
    store::evaluation_set_ratings(
        &mut tx,
        user.instansi_id(),
        id,
        &store::Ratings {
            rating_hasil: rh.map(Rating::code),
            rating_perilaku: rp.map(Rating::code),
            predikat: predikat.map(Predikat::code),
            alasan_hasil: &clipped[0],
            alasan_perilaku: &clipped[1],
            catatan: &clipped[2],
            assessed_at: None,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action: "evaluasi.assess_save",
            object_type: "evaluasi",
            object_id: Some(id),
            subject_employee_id: Some(v.ev.employee_id),
            before: None,
            after: Some(json!({
                "penilaian": items.iter().map(|(s, i, r, u)| json!({"subjek": s, "id": i, "rating": r.map(Rating::code), "umpan_balik": u})).collect::<Vec<_>>(),
                "rating_hasil": rh.map(Rating::code),
                "rating_perilaku": rp.map(Rating::code),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}

/// What the penilai still has to decide before submitting, including the reasons for a
/// rating that differs from the system's suggestion.
pub fn assessment_missing(v: &EvaluationView) -> Vec<Problem> {
    let mut out = Vec::new();
    for r in &v.content.rhk {
        if v.item("rhk", r.id)
            .and_then(|x| x.penilai_rating.as_ref())
            .is_none()
        {
            out.push(field(format!("nrhk_{}", r.id), "evaluasi-missing-rhk").arg("rhk", &r.teks));
        }
    }
    for n in &v.referensi.berakhlak {
        if v.item("perilaku", n.kode as i64)
            .and_then(|x| x.penilai_rating.as_ref())
            .is_none()
        {
            out.push(
                field(format!("nperilaku_{}", n.kode), "evaluasi-missing-perilaku")
                    .arg("nilai", &n.nama),
            );
        }
    }
    let rh = v.ev.rating_hasil.as_deref().and_then(Rating::parse);
    let rp = v.ev.rating_perilaku.as_deref().and_then(Rating::parse);
    if rh.is_none() {
        out.push(Problem::new(
            "rating_hasil",
            "evaluasi-missing-rating-hasil",
        ));
    }
    if rp.is_none() {
        out.push(Problem::new(
            "rating_perilaku",
            "evaluasi-missing-rating-perilaku",
        ));
    }
    if let (Some(r), Some(s)) = (rh, &v.saran_hasil)
        && r != s.rating
        && v.ev.alasan_hasil.is_empty()
    {
        out.push(Problem::new(
            "alasan_hasil",
            "evaluasi-deviation-needs-reason",
        ));
    }
    if let (Some(r), Some(s)) = (rp, &v.saran_perilaku)
        && r != s.rating
        && v.ev.alasan_perilaku.is_empty()
    {
        out.push(Problem::new(
            "alasan_perilaku",
            "evaluasi-deviation-needs-reason",
        ));
    }
    out
}

/// Submits the penilai's assessment: the predikat is computed, the employee sees the result.
pub async fn submit_assessment(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let next = check(&v, EvaluasiAction::SubmitAssessment)?;
    let missing = assessment_missing(&v);
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing));
    }
    let rh =
        v.ev.rating_hasil
            .as_deref()
            .and_then(Rating::parse)
            .expect("checked");
    let rp =
        v.ev.rating_perilaku
            .as_deref()
            .and_then(Rating::parse)
            .expect("checked");
    let predikat = v.aturan().matriks.predikat(rh, rp);
    let mut tx = app.db.begin().await?;
    store::evaluation_touch(&mut tx, user.instansi_id(), id, version, next.code()).await?;
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
            assessed_at: Some(crate::store::now_micros()),
        },
    )
    .await?;
    notify_employee(
        &mut tx,
        Some(v.ev.employee_id),
        v.ev.instansi_id,
        "evaluasi_assessed",
        json!({"periode": v.period.nama, "penilai": user.session.display_name}),
        &format!("/penilaian/{id}"),
    )
    .await?;
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        "evaluasi.assess_submit",
        next,
        json!({"rating_hasil": rh.code(), "rating_perilaku": rp.code(), "predikat": predikat.code(),
               "saran_hasil": v.saran_hasil.as_ref().map(|s| s.rating.code()),
               "saran_perilaku": v.saran_perilaku.as_ref().map(|s| s.rating.code())}),
    )
    .await?;
    tx.commit().await
}

/// The penilai takes a submitted assessment back (before penetapan).
pub async fn reopen_assessment(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let next = check(&v, EvaluasiAction::ReopenAssessment)?;
    let mut tx = app.db.begin().await?;
    store::evaluation_touch(&mut tx, user.instansi_id(), id, version, next.code()).await?;
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        "evaluasi.assess_reopen",
        next,
        json!({}),
    )
    .await?;
    tx.commit().await
}

/// What the penilai's choices on the page would give, before anything is saved: the
/// saran of each rating and the predikat of the chosen ratings (or of the saran where a
/// rating is not chosen yet). Computed by the same rules as the saved assessment; nothing
/// is written.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub saran_hasil: Option<Saran>,
    pub saran_perilaku: Option<Saran>,
    pub predikat: Option<Predikat>,
}

pub async fn preview_assessment(
    app: &App,
    user: &CurrentUser,
    id: i64,
    input: &AssessInput,
) -> AppResult<Preview> {
    let v = view(app, user, id).await?;
    check(&v, EvaluasiAction::Assess)?;
    let chosen = |code: &str| parse_rating(code).ok().flatten();
    let rows: Vec<(Blok, Rating)> = v
        .content
        .rhk
        .iter()
        .filter_map(|r| {
            input
                .rhk
                .get(&r.id)
                .and_then(|(code, _)| chosen(code))
                .map(|x| (rhk_subjek(r.jenis), x))
        })
        .collect();
    let values: Vec<Rating> = (1..=7)
        .filter_map(|k| input.perilaku.get(&k).and_then(|(code, _)| chosen(code)))
        .collect();
    let aturan = v.aturan();
    let saran_hasil = saran_hasil(&rows, &aturan.rating_hasil);
    let saran_perilaku = saran_perilaku(&values);
    let h = chosen(&input.rating_hasil).or(saran_hasil.as_ref().map(|s| s.rating));
    let p = chosen(&input.rating_perilaku).or(saran_perilaku.as_ref().map(|s| s.rating));
    Ok(Preview {
        predikat: h.zip(p).map(|(h, p)| aturan.matriks.predikat(h, p)),
        saran_hasil,
        saran_perilaku,
    })
}
