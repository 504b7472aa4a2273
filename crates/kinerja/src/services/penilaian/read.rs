//! Reading.

use super::*;

pub(super) fn role_of(user: &CurrentUser, ev: &EvaluationRow, admin: bool) -> EvaluasiRole {
    let me = user.session.employee_id;
    match me {
        Some(m) if m == ev.employee_id => EvaluasiRole::Pegawai,
        Some(m) if Some(m) == ev.penilai_employee_id => EvaluasiRole::Penilai,
        Some(m) if Some(m) == ev.atasan_employee_id => EvaluasiRole::AtasanPenilai,
        _ if admin => EvaluasiRole::Admin,
        _ => EvaluasiRole::Other,
    }
}

pub async fn view(app: &App, user: &CurrentUser, id: i64) -> AppResult<EvaluationView> {
    let instansi = user.instansi_id();
    let ev = store::evaluation_get(&app.db, instansi, id).await?;
    let owner = org::employee_get(&app.db, instansi, ev.employee_id).await?;
    let subject = Subject {
        instansi_id: owner.instansi_id,
        employee_id: owner.id,
        unit_path: &owner.unit_path(),
    };
    let admin = user.actor.can_edit_employee(&subject);
    let role = role_of(user, &ev, admin);
    // The snapshotted penilai and atasan keep access after a transfer; anyone else needs the
    // ordinary right to see the employee.
    if role == EvaluasiRole::Other && !user.actor.can_view_employee(&subject) {
        return Err(AppError::Forbidden);
    }
    let skp = skp_store::skp_get(&app.db, instansi, ev.skp_id).await?;
    let period = crate::store::periode::period_get(&app.db, instansi, ev.period_id).await?;
    let year = crate::store::periode::year_get(&app.db, instansi, skp.year_id).await?;
    let referensi =
        crate::services::referensi::referensi(app, instansi, year.reference_version_id).await?;
    let content: SkpContent =
        match store::approved_content(&app.db, user.instansi_id(), skp.id).await? {
            Some(j) => serde_json::from_str(&j)
                .map_err(|e| AppError::Internal(format!("approved content: {e}")))?,
            None => skp_svc::live_content(app, &skp, ev.penilai_employee_id).await?,
        };
    let snapshot: Snapshot = serde_json::from_str(&ev.snapshot_json).unwrap_or_default();
    let status = ev.status;
    let show_self = role == EvaluasiRole::Pegawai || status != EvaluasiStatus::Draft;
    let show_result = role == EvaluasiRole::Penilai || status.result_visible();
    let mut items: HashMap<(String, i64), ItemRow> =
        store::items_of(&app.db, user.instansi_id(), id)
            .await?
            .into_iter()
            .map(|i| ((i.subjek.clone(), i.subjek_id), i))
            .collect();
    for i in items.values_mut() {
        if !show_self {
            i.self_rating = None;
            i.self_comment.clear();
        }
        if !show_result {
            i.penilai_rating = None;
            i.umpan_balik.clear();
        }
    }
    let mut ev = ev;
    if !show_result {
        ev.rating_hasil = None;
        ev.rating_perilaku = None;
        ev.predikat = None;
        ev.alasan_hasil.clear();
        ev.alasan_perilaku.clear();
        ev.catatan.clear();
    }
    let realisasi = store::realisasi_of(&app.db, user.instansi_id(), id)
        .await?
        .into_iter()
        .map(|r| (r.indikator_id, r))
        .collect();
    let mut evidence: HashMap<i64, Vec<store::EvidenceRow>> = HashMap::new();
    for e in store::evidence_of(&app.db, user.instansi_id(), id).await? {
        evidence.entry(e.indikator_id).or_default().push(e);
    }
    let satuan_of: HashMap<i64, String> = content
        .rhk
        .iter()
        .flat_map(|r| r.indikator.iter().map(|i| (i.id, i.satuan.clone())))
        .collect();
    let activity =
        crate::services::progres::activity_of(app, instansi, ev.employee_id, &period, &satuan_of)
            .await?;
    let aturan = &referensi.aturan;
    let rated_rows: Vec<(Blok, Rating)> = content
        .rhk
        .iter()
        .filter_map(|r| {
            items
                .get(&("rhk".to_string(), r.id))
                .and_then(|i| i.penilai_rating.as_deref())
                .and_then(Rating::parse)
                .map(|x| (rhk_subjek(r.jenis), x))
        })
        .collect();
    let rated_values: Vec<Rating> = (1..=7)
        .filter_map(|k| {
            items
                .get(&("perilaku".to_string(), k))
                .and_then(|i| i.penilai_rating.as_deref())
                .and_then(Rating::parse)
        })
        .collect();
    let (saran_h, saran_p) = if show_result {
        (
            saran_hasil(&rated_rows, &aturan.rating_hasil),
            saran_perilaku(&rated_values),
        )
    } else {
        (None, None)
    };
    let keberatan = store::keberatan_latest(&app.db, user.instansi_id(), id).await?;
    let keberatan_batas = ev.finalised_at.map(|t| {
        let received = chrono::DateTime::from_timestamp_micros(t)
            .map(|d| d.date_naive())
            .unwrap_or(period.selesai);
        aturan.batas_keberatan(received, &[])
    });
    let unit_period = store::unit_period_get(&app.db, instansi, ev.unit_id, ev.period_id).await?;
    let self_deadline_passed = app.today() > period.batas;
    let objection_in_time = keberatan_batas.is_some_and(|b| keberatan_tepat_waktu(b, app.today()));
    Ok(EvaluationView {
        status,
        period,
        year,
        skp,
        snapshot,
        content,
        referensi,
        role,
        realisasi,
        evidence,
        activity,
        items,
        show_self,
        show_result,
        saran_hasil: saran_h,
        saran_perilaku: saran_p,
        self_deadline_passed,
        keberatan,
        keberatan_batas,
        objection_in_time,
        unit_period,
        ev,
    })
}

pub(super) fn check(v: &EvaluationView, action: EvaluasiAction) -> AppResult<EvaluasiStatus> {
    evaluasi_transition(
        v.status,
        action,
        v.role,
        v.self_deadline_passed,
        v.objection_in_time,
    )
    .map_err(refuse)
}
