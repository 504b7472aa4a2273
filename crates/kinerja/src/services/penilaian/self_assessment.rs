//! The employee's side.

use super::*;

/// What the employee sends: realisasi per indicator, judgements per RHK and per value.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SelfInput {
    /// indicator id → (value as typed, account)
    #[serde(default)]
    pub realisasi: HashMap<i64, (String, String)>,
    /// RHK id → (judgement code or "", comment)
    #[serde(default)]
    pub rhk: HashMap<i64, (String, String)>,
    /// BerAKHLAK value 1–7 → (judgement code or "", comment)
    #[serde(default)]
    pub perilaku: HashMap<i64, (String, String)>,
}

pub(super) fn field(name: String, code: &str) -> Problem {
    Problem::at(name, code)
}

pub(super) fn clip(s: &str) -> Option<String> {
    let t = s.trim();
    (t.chars().count() <= MAX_TEXT).then(|| t.to_string())
}

pub(super) fn parse_rating(s: &str) -> Result<Option<Rating>, ()> {
    match s.trim() {
        "" => Ok(None),
        x => Rating::parse(x).map(Some).ok_or(()),
    }
}

/// Parses a realisasi value typed by a person (see [`kinerja_domain::skp::parse_realisasi`]).
pub fn parse_nilai(s: &str) -> Result<Option<f64>, &'static str> {
    kinerja_domain::skp::parse_realisasi(s).map_err(|()| "evaluasi-nilai-invalid")
}

pub(super) struct CheckedSelf {
    realisasi: Vec<RealisasiRow>,
    items: Vec<(&'static str, i64, Option<Rating>, String)>,
}

pub(super) fn check_self(
    v: &EvaluationView,
    input: &SelfInput,
) -> Result<CheckedSelf, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut realisasi = Vec::new();
    let indikator: HashMap<i64, ()> = v
        .content
        .rhk
        .iter()
        .flat_map(|r| r.indikator.iter().map(|i| (i.id, ())))
        .collect();
    for (id, (nilai, teks)) in &input.realisasi {
        if !indikator.contains_key(id) {
            continue;
        }
        let nilai = match parse_nilai(nilai) {
            Ok(n) => n,
            Err(code) => {
                problems.push(field(format!("nilai_{id}"), code));
                continue;
            }
        };
        let Some(teks) = clip(teks) else {
            problems.push(field(format!("teks_{id}"), "text-too-long").arg("max", MAX_TEXT));
            continue;
        };
        realisasi.push(RealisasiRow {
            indikator_id: *id,
            nilai,
            teks,
        });
    }
    let mut items = Vec::new();
    for (subjek, map, valid) in [
        ("rhk", &input.rhk, &|id: i64| {
            v.content.rhk.iter().any(|r| r.id == id)
        }),
        ("perilaku", &input.perilaku, &|id: i64| {
            (1..=7).contains(&id)
        }),
    ]
        as [(
            &'static str,
            &HashMap<i64, (String, String)>,
            &dyn Fn(i64) -> bool,
        ); 2]
    {
        for (id, (rating, comment)) in map {
            if !valid(*id) {
                continue;
            }
            let Ok(rating) = parse_rating(rating) else {
                problems.push(field(format!("{subjek}_{id}"), "evaluasi-rating-invalid"));
                continue;
            };
            let Some(comment) = clip(comment) else {
                problems.push(
                    field(format!("{subjek}_komentar_{id}"), "text-too-long").arg("max", MAX_TEXT),
                );
                continue;
            };
            items.push((subjek, *id, rating, comment));
        }
    }
    if problems.is_empty() {
        Ok(CheckedSelf { realisasi, items })
    } else {
        Err(problems)
    }
}

/// Saves the employee's realisasi and self-assessment (draft). All or nothing.
pub async fn save_self(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: &SelfInput,
) -> AppResult<i64> {
    let v = view(app, user, id).await?;
    check(&v, EvaluasiAction::WriteSelf)?;
    let c = check_self(&v, input).map_err(AppError::Invalid)?;
    let mut tx = app.db.begin().await?;
    let next =
        store::evaluation_touch(&mut tx, user.instansi_id(), id, version, v.status.code()).await?;
    for r in &c.realisasi {
        store::realisasi_put(&mut tx, v.ev.instansi_id, id, r).await?;
    }
    for (subjek, sid, rating, comment) in &c.items {
        store::item_put_self(
            &mut tx,
            v.ev.instansi_id,
            id,
            subjek,
            *sid,
            rating.map(Rating::code),
            comment,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action: "evaluasi.self_save",
            object_type: "evaluasi",
            object_id: Some(id),
            subject_employee_id: Some(v.ev.employee_id),
            before: None,
            after: Some(json!({
                "realisasi": c.realisasi.iter().map(|r| json!({"indikator": r.indikator_id, "nilai": r.nilai, "teks": r.teks})).collect::<Vec<_>>(),
                "penilaian_diri": c.items.iter().map(|(s, i, r, k)| json!({"subjek": s, "id": i, "rating": r.map(Rating::code), "komentar": k})).collect::<Vec<_>>(),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}

/// What the employee still has to fill before sending the self-assessment.
pub fn self_missing(v: &EvaluationView) -> Vec<Problem> {
    let mut out = Vec::new();
    let kualitatif = v.content.pendekatan == Pendekatan::Kualitatif;
    for r in &v.content.rhk {
        for i in &r.indikator {
            let done = v.realisasi.get(&i.id).is_some_and(|x| {
                if kualitatif {
                    !x.teks.is_empty()
                } else {
                    x.nilai.is_some()
                }
            });
            if !done {
                out.push(
                    field(format!("nilai_{}", i.id), "evaluasi-missing-realisasi")
                        .arg("iki", &i.iki),
                );
            }
        }
        if v.item("rhk", r.id)
            .and_then(|x| x.self_rating.as_ref())
            .is_none()
        {
            out.push(
                field(format!("rhk_{}", r.id), "evaluasi-missing-self-rhk").arg("rhk", &r.teks),
            );
        }
    }
    for n in &v.referensi.berakhlak {
        if v.item("perilaku", n.kode as i64)
            .and_then(|x| x.self_rating.as_ref())
            .is_none()
        {
            out.push(
                field(
                    format!("perilaku_{}", n.kode),
                    "evaluasi-missing-self-perilaku",
                )
                .arg("nilai", &n.nama),
            );
        }
    }
    out
}

pub(super) async fn notify_employee(
    tx: &mut crate::store::Tx,
    employee_id: Option<i64>,
    instansi: i64,
    kind: &str,
    params: serde_json::Value,
    link: &str,
) -> AppResult<()> {
    if let Some(e) = employee_id {
        crate::store::notifications::notify_employee(
            tx,
            instansi,
            e,
            kind,
            &params.to_string(),
            link,
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn transition_audit(
    tx: &mut crate::store::Tx,
    app: &App,
    user: &CurrentUser,
    v: &EvaluationView,
    action: &'static str,
    next: EvaluasiStatus,
    extra: serde_json::Value,
) -> AppResult<()> {
    let mut after = json!({"status": next.code(), "periode": v.period.kode});
    if let (Some(o), Some(e)) = (after.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    audit::record(
        tx,
        &app.audit_key,
        v.ev.instansi_id,
        &user.who(),
        Change {
            action,
            object_type: "evaluasi",
            object_id: Some(v.ev.id),
            subject_employee_id: Some(v.ev.employee_id),
            before: Some(json!({"status": v.status.code()})),
            after: Some(after),
        },
    )
    .await
}

/// Sends the self-assessment to the penilai; it must be complete.
pub async fn submit_self(app: &App, user: &CurrentUser, id: i64, version: i64) -> AppResult<()> {
    let v = view(app, user, id).await?;
    let next = check(&v, EvaluasiAction::SubmitSelf)?;
    let missing = self_missing(&v);
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing));
    }
    let mut tx = app.db.begin().await?;
    store::evaluation_touch(&mut tx, user.instansi_id(), id, version, next.code()).await?;
    store::evaluation_mark_self_submitted(&mut tx, user.instansi_id(), id).await?;
    notify_employee(
        &mut tx,
        v.ev.penilai_employee_id,
        v.ev.instansi_id,
        "evaluasi_self_submitted",
        json!({"nama": v.snapshot.pegawai.nama, "periode": v.period.nama}),
        &format!("/penilaian/{id}"),
    )
    .await?;
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        "evaluasi.self_submit",
        next,
        json!({}),
    )
    .await?;
    tx.commit().await
}
