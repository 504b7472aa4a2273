//! Evaluation per period: realisasi and self-assessment by the employee, the penilai's
//! judgements, feedback and ratings, the predikat from the year's matrix, the unit's curve and
//! penetapan, keberatan and reopening.
//!
//! The people are snapshotted when a period's evaluation is opened: a later transfer never
//! reroutes or rewrites it. A missing penilai stays missing (a blocker shown to admins), never
//! replaced by "any superior".

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::org::{self as org_svc, ChainLink};
use crate::services::skp::{self as skp_svc, PersonHeader};
use crate::store::org;
use crate::store::penilaian::{
    self as store, EvaluationLine, EvaluationRow, ItemRow, KeberatanRow, NewEvaluation,
    RealisasiRow, UnitPeriodRow,
};
use crate::store::skp::{self as skp_store, PeriodRow, SkpRow, YearRow};
use kinerja_domain::access::Subject;
use kinerja_domain::penilaian::{
    AturanPenilaian, Blok, CapaianOrganisasi, EvaluasiAction, EvaluasiError, EvaluasiRole,
    EvaluasiStatus, Histogram, Pelanggaran, Predikat, Rating, Saran, evaluasi_transition,
    keberatan_tepat_waktu, saran_hasil, saran_perilaku,
};
use kinerja_domain::referensi::Referensi;
use kinerja_domain::skp::{JenisRhk, Pendekatan, SkpContent};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

const MAX_TEXT: usize = 2000;

/// The people and place of an evaluation as they were when the period was opened.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub pegawai: PersonHeader,
    pub penilai: Option<PersonHeader>,
    pub atasan: Option<PersonHeader>,
    /// Why there is no penilai: "vacant" (unit name in `penilai_blocker_unit`) or "top".
    #[serde(default)]
    pub penilai_blocker: Option<String>,
    #[serde(default)]
    pub penilai_blocker_unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationView {
    pub ev: EvaluationRow,
    pub status: EvaluasiStatus,
    pub period: PeriodRow,
    pub year: YearRow,
    pub skp: SkpRow,
    pub snapshot: Snapshot,
    pub content: SkpContent,
    #[serde(skip)]
    pub referensi: Arc<Referensi>,
    pub role: EvaluasiRole,
    pub realisasi: HashMap<i64, RealisasiRow>,
    /// Evidence files per indicator.
    pub evidence: HashMap<i64, Vec<store::EvidenceRow>>,
    pub items: HashMap<(String, i64), ItemRow>,
    /// The employee's judgements are shown (to the employee always; to others once sent).
    pub show_self: bool,
    /// The penilai's judgements and ratings are shown (to the penilai always; to others once
    /// submitted).
    pub show_result: bool,
    pub saran_hasil: Option<Saran>,
    pub saran_perilaku: Option<Saran>,
    pub self_deadline_passed: bool,
    pub keberatan: Option<KeberatanRow>,
    pub keberatan_batas: Option<chrono::NaiveDate>,
    /// Today is on or before `keberatan_batas`.
    pub objection_in_time: bool,
    pub unit_period: Option<UnitPeriodRow>,
}

impl EvaluationView {
    pub fn can(&self, action: EvaluasiAction) -> bool {
        evaluasi_transition(
            self.status,
            action,
            self.role,
            self.self_deadline_passed,
            self.objection_in_time,
        )
        .is_ok()
    }

    pub fn aturan(&self) -> &AturanPenilaian {
        &self.referensi.aturan
    }

    pub fn item(&self, subjek: &str, id: i64) -> Option<&ItemRow> {
        self.items.get(&(subjek.to_string(), id))
    }

    /// The predikat the matrix gives for the current ratings (even in a draft, so the penilai
    /// sees the consequence of a choice before submitting).
    pub fn predikat_preview(&self) -> Option<Predikat> {
        let h = self.ev.rating_hasil.as_deref().and_then(Rating::parse)?;
        let p = self.ev.rating_perilaku.as_deref().and_then(Rating::parse)?;
        Some(self.aturan().matriks.predikat(h, p))
    }
}

fn refuse(e: EvaluasiError) -> AppError {
    match e {
        EvaluasiError::Forbidden => AppError::Forbidden,
        EvaluasiError::WrongStatus => AppError::Conflict("evaluasi-wrong-status"),
        EvaluasiError::LateObjection => AppError::Conflict("keberatan-late"),
    }
}

fn rhk_subjek(r: JenisRhk) -> Blok {
    match r {
        JenisRhk::Utama => Blok::Utama,
        JenisRhk::Tambahan => Blok::Tambahan,
    }
}

// ---------------------------------------------------------------------------------------
// Opening a period's evaluation

/// Opens (or finds) the evaluation of an approved plan for a period, snapshotting the people.
/// The owner or the plan's current penilai may open it.
pub async fn open(app: &App, user: &CurrentUser, skp_id: i64, period_id: i64) -> AppResult<i64> {
    let instansi = user.instansi_id();
    let skp = skp_store::skp_get(&app.db, instansi, skp_id).await?;
    let period = skp_store::period_get(&app.db, instansi, period_id).await?;
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

// ---------------------------------------------------------------------------------------
// Reading

fn role_of(user: &CurrentUser, ev: &EvaluationRow, admin: bool) -> EvaluasiRole {
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
    let period = skp_store::period_get(&app.db, instansi, ev.period_id).await?;
    let year = skp_store::year_get(&app.db, instansi, skp.year_id).await?;
    let referensi = skp_svc::referensi(app, instansi, year.reference_version_id).await?;
    let content: SkpContent = match store::approved_content(&app.db, skp.id).await? {
        Some(j) => serde_json::from_str(&j)
            .map_err(|e| AppError::Internal(format!("approved content: {e}")))?,
        None => skp_svc::live_content(app, &skp, ev.penilai_employee_id).await?,
    };
    let snapshot: Snapshot = serde_json::from_str(&ev.snapshot_json).unwrap_or_default();
    let status = EvaluasiStatus::parse(&ev.status).unwrap_or(EvaluasiStatus::Draft);
    let show_self = role == EvaluasiRole::Pegawai || status != EvaluasiStatus::Draft;
    let show_result = role == EvaluasiRole::Penilai || status.result_visible();
    let mut items: HashMap<(String, i64), ItemRow> = store::items_of(&app.db, id)
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
    let realisasi = store::realisasi_of(&app.db, id)
        .await?
        .into_iter()
        .map(|r| (r.indikator_id, r))
        .collect();
    let mut evidence: HashMap<i64, Vec<store::EvidenceRow>> = HashMap::new();
    for e in store::evidence_of(&app.db, id).await? {
        evidence.entry(e.indikator_id).or_default().push(e);
    }
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
    let keberatan = store::keberatan_latest(&app.db, id).await?;
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

fn check(v: &EvaluationView, action: EvaluasiAction) -> AppResult<EvaluasiStatus> {
    evaluasi_transition(
        v.status,
        action,
        v.role,
        v.self_deadline_passed,
        v.objection_in_time,
    )
    .map_err(refuse)
}

// ---------------------------------------------------------------------------------------
// The employee's side

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

fn field(name: String, code: &str) -> Problem {
    Problem::at(name, code)
}

fn clip(s: &str) -> Option<String> {
    let t = s.trim();
    (t.chars().count() <= MAX_TEXT).then(|| t.to_string())
}

fn parse_rating(s: &str) -> Result<Option<Rating>, ()> {
    match s.trim() {
        "" => Ok(None),
        x => Rating::parse(x).map(Some).ok_or(()),
    }
}

/// Parses a realisasi value typed by a person (see [`kinerja_domain::skp::parse_realisasi`]).
pub fn parse_nilai(s: &str) -> Result<Option<f64>, &'static str> {
    kinerja_domain::skp::parse_realisasi(s).map_err(|()| "evaluasi-nilai-invalid")
}

struct CheckedSelf {
    realisasi: Vec<RealisasiRow>,
    items: Vec<(&'static str, i64, Option<Rating>, String)>,
}

fn check_self(v: &EvaluationView, input: &SelfInput) -> Result<CheckedSelf, Vec<Problem>> {
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
    let next = store::evaluation_touch(&mut tx, id, version, v.status.code()).await?;
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

async fn notify_employee(
    tx: &mut crate::store::Tx,
    employee_id: Option<i64>,
    instansi: i64,
    kind: &str,
    params: serde_json::Value,
    link: &str,
) -> AppResult<()> {
    if let Some(e) = employee_id {
        skp_store::notify_employee(tx, instansi, e, kind, &params.to_string(), link).await?;
    }
    Ok(())
}

async fn transition_audit(
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
    store::evaluation_touch(&mut tx, id, version, next.code()).await?;
    store::evaluation_mark_self_submitted(&mut tx, id).await?;
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

// ---------------------------------------------------------------------------------------
// The penilai's side

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
    let next = store::evaluation_touch(&mut tx, id, version, v.status.code()).await?;
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
    store::evaluation_touch(&mut tx, id, version, next.code()).await?;
    store::evaluation_set_ratings(
        &mut tx,
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
    store::evaluation_touch(&mut tx, id, version, next.code()).await?;
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

// ---------------------------------------------------------------------------------------
// Lists

/// The periods of the employee's plan with their evaluations, for the employee's page.
pub struct PeriodLine {
    pub period: PeriodRow,
    pub evaluation: Option<EvaluationRow>,
}

pub async fn periods_of_plan(
    app: &App,
    user: &CurrentUser,
    skp: &SkpRow,
) -> AppResult<Vec<PeriodLine>> {
    let _ = user;
    let periods = skp_store::periods(&app.db, skp.year_id).await?;
    let mut evs: HashMap<i64, EvaluationRow> = store::evaluations_of_skp(&app.db, skp.id)
        .await?
        .into_iter()
        .map(|e| (e.period_id, e))
        .collect();
    Ok(periods
        .into_iter()
        .map(|p| PeriodLine {
            evaluation: evs.remove(&p.id),
            period: p,
        })
        .collect())
}

/// The penilai's list for a period.
pub async fn queue(
    app: &App,
    user: &CurrentUser,
    period_id: i64,
) -> AppResult<Vec<EvaluationLine>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    store::evaluations_for_penilai(&app.db, user.instansi_id(), me, period_id).await
}

/// The histogram of a unit's predikat and the curve rules it breaks under its capaian.
pub fn curve(
    aturan: &AturanPenilaian,
    capaian: Option<CapaianOrganisasi>,
    lines: &[EvaluationLine],
) -> (Histogram, Vec<Pelanggaran>) {
    let h = Histogram::from_predikat(
        lines
            .iter()
            .filter_map(|l| l.predikat.as_deref().and_then(Predikat::parse)),
    );
    let v = capaian
        .map(|c| aturan.kurva.check(c, &h))
        .unwrap_or_default();
    (h, v)
}

// ---------------------------------------------------------------------------------------
// The unit's capaian, curve and penetapan

/// A unit's period: its capaian, its curve against the allowed distribution, progress, and
/// what the viewer may do.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub unit: org::UnitRow,
    pub period: PeriodRow,
    pub year: YearRow,
    #[serde(skip)]
    pub referensi: Arc<Referensi>,
    pub record: Option<UnitPeriodRow>,
    pub capaian: Option<CapaianOrganisasi>,
    pub histogram: Histogram,
    pub pelanggaran: Vec<Pelanggaran>,
    /// Evaluations per status code.
    pub by_status: HashMap<String, i64>,
    pub lines: Vec<EvaluationLine>,
    pub page: i64,
    /// The child units, each over its own subtree.
    pub children: Vec<UnitTally>,
    /// The viewer leads the unit one level up (sets the capaian).
    pub can_set_capaian: bool,
    /// The viewer leads the unit (signs the penetapan).
    pub can_finalise: bool,
}

impl UnitView {
    pub fn total(&self) -> i64 {
        self.by_status.values().sum()
    }

    pub fn count(&self, status: &str) -> i64 {
        self.by_status.get(status).copied().unwrap_or(0)
    }

    /// Evaluations not yet assessed: they block the penetapan.
    pub fn pending(&self) -> i64 {
        self.count("draft") + self.count("dinilai_sendiri")
    }
}

pub const UNIT_PAGE: i64 = 50;

pub async fn unit_view(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
    page: i64,
) -> AppResult<UnitView> {
    let instansi = user.instansi_id();
    let unit = org::unit_get(&app.db, instansi, unit_id).await?;
    let path = unit.unit_path();
    if !user.actor.can_view_unit(instansi, &path) {
        return Err(AppError::Forbidden);
    }
    let period = skp_store::period_get(&app.db, instansi, period_id).await?;
    let year = skp_store::year_get(&app.db, instansi, period.year_id).await?;
    let referensi = skp_svc::referensi(app, instansi, year.reference_version_id).await?;
    let record = store::unit_period_get(&app.db, instansi, unit_id, period_id).await?;
    let capaian = record
        .as_ref()
        .and_then(|r| r.capaian.as_deref())
        .and_then(CapaianOrganisasi::parse);
    let counts = store::counts_in(&app.db, instansi, &path, period_id).await?;
    let mut by_status: HashMap<String, i64> = HashMap::new();
    let mut histogram = Histogram::default();
    for (status, predikat, n) in counts {
        *by_status.entry(status).or_default() += n;
        if let Some(p) = predikat.as_deref().and_then(Predikat::parse) {
            histogram.counts[p.index()] += n as u32;
        }
    }
    let pelanggaran = capaian
        .map(|c| referensi.aturan.kurva.check(c, &histogram))
        .unwrap_or_default();
    let page = page.max(1);
    let lines = store::lines_in(
        &app.db,
        instansi,
        &path,
        period_id,
        UNIT_PAGE,
        (page - 1) * UNIT_PAGE,
    )
    .await?;
    let children = tallies(app, instansi, &unit, &period, &referensi)
        .await?
        .into_iter()
        .filter(|t| t.parent_id == Some(unit.id) && (t.aktif || t.total() > 0))
        .collect();
    let (can_set_capaian, can_finalise) = match user.session.employee_id {
        Some(me) => {
            let led = org::led_units(&app.db, me, app.today()).await?;
            (
                unit.parent_id
                    .is_some_and(|p| led.iter().any(|(id, _)| *id == p)),
                led.iter().any(|(id, _)| *id == unit.id),
            )
        }
        None => (false, false),
    };
    Ok(UnitView {
        unit,
        period,
        year,
        referensi,
        record,
        capaian,
        histogram,
        pelanggaran,
        by_status,
        lines,
        page,
        children,
        can_set_capaian,
        can_finalise,
    })
}

/// The leader one level up sets the unit's capaian kinerja organisasi for the period.
pub async fn set_capaian(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
    capaian: &str,
) -> AppResult<()> {
    let v = unit_view(app, user, unit_id, period_id, 1).await?;
    if !v.can_set_capaian {
        return Err(AppError::Forbidden);
    }
    let Some(c) = CapaianOrganisasi::parse(capaian) else {
        return Err(AppError::invalid("capaian", "capaian-invalid"));
    };
    let mut tx = app.db.begin().await?;
    store::unit_period_set_capaian(
        &mut tx,
        user.instansi_id(),
        unit_id,
        period_id,
        c.code(),
        user.session.user_id,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action: "unit.capaian",
            object_type: "unit",
            object_id: Some(unit_id),
            subject_employee_id: None,
            before: Some(json!({"capaian": v.capaian.map(|c| c.code())})),
            after: Some(json!({"capaian": c.code(), "periode": v.period.kode})),
        },
    )
    .await?;
    tx.commit().await
}

/// Penetapan predikat: the unit's leader finalises the period's assessed results. Refused
/// while results are pending or the capaian is not set; a broken curve needs a written
/// justification, which is kept with the list of broken rules.
pub async fn finalise_unit(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
    justifikasi: &str,
) -> AppResult<u64> {
    let v = unit_view(app, user, unit_id, period_id, 1).await?;
    if !v.can_finalise {
        return Err(AppError::Forbidden);
    }
    if v.capaian.is_none() {
        return Err(AppError::Conflict("penetapan-no-capaian"));
    }
    if v.pending() > 0 {
        return Err(AppError::Invalid(vec![
            Problem::new(None, "penetapan-pending").arg("n", v.pending()),
        ]));
    }
    if v.count("dinilai") == 0 {
        return Err(AppError::Conflict("penetapan-nothing"));
    }
    let justifikasi = justifikasi.trim();
    if !v.pelanggaran.is_empty() && justifikasi.is_empty() {
        return Err(AppError::invalid(
            "justifikasi",
            "penetapan-needs-justification",
        ));
    }
    if justifikasi.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(vec![
            Problem::new("justifikasi", "text-too-long").arg("max", MAX_TEXT),
        ]));
    }
    let path = v.unit.unit_path();
    let instansi = user.instansi_id();
    let pelanggaran_json = serde_json::to_string(&v.pelanggaran).expect("serialisable");
    let mut tx = app.db.begin().await?;
    store::unit_period_finalise(
        &mut tx,
        unit_id,
        period_id,
        user.session.user_id,
        justifikasi,
        &pelanggaran_json,
    )
    .await?;
    store::notify_finalised(
        &mut tx,
        instansi,
        &path,
        period_id,
        &json!({"periode": v.period.nama, "unit": v.unit.nama}).to_string(),
    )
    .await?;
    let n = store::evaluations_finalise_in(&mut tx, instansi, &path, period_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "unit.penetapan",
            object_type: "unit",
            object_id: Some(unit_id),
            subject_employee_id: None,
            before: None,
            after: Some(
                json!({"periode": v.period.kode, "capaian": v.capaian.map(|c| c.code()),
                "ditetapkan": n, "histogram": v.histogram.counts,
                "pelanggaran": v.pelanggaran.len(), "justifikasi": justifikasi}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------
// Keberatan and reopening

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
    store::evaluation_touch(&mut tx, id, version, next.code()).await?;
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
    store::keberatan_explain(&mut tx, k.id, by_penilai, text).await?;
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
    store::evaluation_touch(&mut tx, id, version, next.code()).await?;
    store::keberatan_decide(
        &mut tx,
        k.id,
        keputusan,
        (rh.code(), rp.code(), predikat.code()),
        user.session.user_id,
    )
    .await?;
    store::evaluation_set_ratings(
        &mut tx,
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
    store::evaluation_touch(&mut tx, id, version, next.code()).await?;
    store::evaluation_set_finalised(&mut tx, id, None).await?;
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
    store::reopenings_of(&app.db, v.ev.id).await
}

// ---------------------------------------------------------------------------------------
// Evidence files (bukti dukung)

/// Lists an office package without unpacking it: the entry names and the two small
/// manifest entries (each read up to 256 KiB, so a ZIP bomb costs nothing).
fn read_package(bytes: &[u8]) -> Option<kinerja_domain::bukti::Paket> {
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
    let row = store::evidence_get(&app.db, id, evidence_id).await?;
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
    let row = store::evidence_get(&app.db, id, evidence_id).await?;
    let mut tx = app.db.begin().await?;
    store::evidence_remove(&mut tx, id, evidence_id).await?;
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

// ---------------------------------------------------------------------------------------
// Angka kredit

/// One year's angka kredit of a fungsional employee.
#[derive(Debug, Clone, Serialize)]
pub struct AngkaKreditLine {
    pub tahun: i64,
    pub predikat: Predikat,
    /// Share of the annual coefficient, in percent.
    pub persen: u32,
    pub koefisien: String,
    pub angka_kredit: String,
}

/// The angka kredit earned per year from the finalised annual predikat (PermenPANRB 1/2023),
/// with the employee's current jenjang. Empty for non-functional positions.
pub async fn angka_kredit_of(app: &App, e: &org::EmployeeRow) -> AppResult<Vec<AngkaKreditLine>> {
    use kinerja_domain::penilaian::{angka_kredit, koefisien_tahunan, persen_angka_kredit};
    let Some(jenjang) = e
        .jenjang
        .as_deref()
        .and_then(kinerja_domain::Jenjang::parse)
    else {
        return Ok(Vec::new());
    };
    let Some(koef) = koefisien_tahunan(jenjang) else {
        return Ok(Vec::new());
    };
    Ok(store::annual_results(&app.db, e.id)
        .await?
        .into_iter()
        .filter_map(|(tahun, p)| {
            let p = Predikat::parse(&p)?;
            Some(AngkaKreditLine {
                tahun,
                predikat: p,
                persen: persen_angka_kredit(p),
                koefisien: koef.format_id(),
                angka_kredit: angka_kredit(jenjang, p)?.format_id(),
            })
        })
        .collect())
}

// ---------------------------------------------------------------------------------------
// What is due, for the employee's home

#[derive(Debug, Clone, Serialize)]
pub struct Due {
    pub skp_id: i64,
    pub period: PeriodRow,
    pub evaluation: Option<EvaluationRow>,
    pub latest_feedback: Option<crate::store::umpan_balik::MessageRow>,
}

/// The period being filled now for the signed-in employee's approved plan, their evaluation
/// of it if started, and the latest feedback from the penilai.
pub async fn due(app: &App, user: &CurrentUser) -> AppResult<Option<Due>> {
    let Some(me) = user.session.employee_id else {
        return Ok(None);
    };
    let Some(year) = skp_svc::current_year(app, user.instansi_id()).await? else {
        return Ok(None);
    };
    let Some(plan) = skp_store::skps_of(&app.db, me, year.id)
        .await?
        .into_iter()
        .find(|p| !p.closed && p.approved_at.is_some())
    else {
        return Ok(None);
    };
    let today = app.today();
    let periods = skp_store::periods(&app.db, year.id).await?;
    let Some(period) = periods
        .iter()
        .filter(|p| !p.akhir)
        .find(|p| p.mulai <= today && today <= p.batas)
        .or_else(|| periods.iter().find(|p| p.batas >= today))
        .cloned()
    else {
        return Ok(None);
    };
    let evaluation = store::evaluations_of_skp(&app.db, plan.id)
        .await?
        .into_iter()
        .find(|e| e.period_id == period.id);
    let latest_feedback =
        crate::store::umpan_balik::latest_from_others(&app.db, plan.id, user.session.user_id)
            .await?;
    Ok(Some(Due {
        skp_id: plan.id,
        period,
        evaluation,
        latest_feedback,
    }))
}

// ---------------------------------------------------------------------------------------
// Every unit's progress and curve at once

/// One unit's period over its whole subtree: progress, the predikat histogram computed from
/// the ratings by the year's matrix, and the curve rules broken under its capaian.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTally {
    pub unit_id: i64,
    pub parent_id: Option<i64>,
    pub nama: String,
    pub aktif: bool,
    pub capaian: Option<CapaianOrganisasi>,
    pub finalised_at: Option<i64>,
    /// Evaluations the penilai has not submitted yet (draft or self-assessed).
    pub pending: i64,
    /// Evaluations with a result.
    pub assessed: i64,
    /// Of the results, how many the penilai rated below expectation on BerAKHLAK value
    /// 1..=7 (index = kode - 1).
    pub perilaku_bawah: [i64; 7],
    pub histogram: Histogram,
    pub pelanggaran: Vec<Pelanggaran>,
}

impl UnitTally {
    pub fn total(&self) -> i64 {
        self.pending + self.assessed
    }

    pub fn percent_assessed(&self) -> i64 {
        match self.total() {
            0 => 0,
            t => self.assessed * 100 / t,
        }
    }
}

/// Progress, predikat and the curve check for every unit of `scope`'s subtree (for the
/// root: the whole instansi) in three aggregate queries, whatever the number of employees.
/// Tree order; each unit counts its whole subtree, as its curve does.
pub async fn tallies(
    app: &App,
    instansi: i64,
    scope: &org::UnitRow,
    period: &PeriodRow,
    referensi: &Referensi,
) -> AppResult<Vec<UnitTally>> {
    let path = scope.unit_path();
    let units = org::units_in_subtree(&app.db, instansi, &path).await?;
    let rows = store::tallies_in(&app.db, instansi, &path, period.id).await?;
    let records = store::unit_periods_in(&app.db, instansi, &path, period.id).await?;
    let aturan = &referensi.aturan;
    let index: HashMap<i64, usize> = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut out: Vec<UnitTally> = units
        .iter()
        .map(|u| UnitTally {
            unit_id: u.id,
            parent_id: u.parent_id,
            nama: u.nama.clone(),
            aktif: u.aktif,
            capaian: None,
            finalised_at: None,
            pending: 0,
            assessed: 0,
            perilaku_bawah: [0; 7],
            histogram: Histogram::default(),
            pelanggaran: Vec::new(),
        })
        .collect();
    for r in rows {
        let status = EvaluasiStatus::parse(&r.status);
        let predikat = match (
            status.is_some_and(EvaluasiStatus::result_visible),
            r.rating_hasil.as_deref().and_then(Rating::parse),
            r.rating_perilaku.as_deref().and_then(Rating::parse),
        ) {
            (true, Some(h), Some(p)) => Some(aturan.matriks.predikat(h, p)),
            _ => None,
        };
        let assessed = status.is_some_and(EvaluasiStatus::result_visible);
        // Add the group to its unit and every ancestor inside the scope.
        let mut at = index.get(&r.unit_id).copied();
        while let Some(i) = at {
            let t = &mut out[i];
            if assessed {
                t.assessed += r.n;
                for (bit, acc) in t.perilaku_bawah.iter_mut().enumerate() {
                    if r.perilaku_bawah & (1 << bit) != 0 {
                        *acc += r.n;
                    }
                }
            } else {
                t.pending += r.n;
            }
            if let Some(p) = predikat {
                t.histogram.counts[p.index()] += r.n as u32;
            }
            at = if t.unit_id == scope.id {
                None
            } else {
                t.parent_id.and_then(|p| index.get(&p).copied())
            };
        }
    }
    for (unit_id, capaian, finalised_at) in records {
        if let Some(&i) = index.get(&unit_id) {
            out[i].capaian = capaian.as_deref().and_then(CapaianOrganisasi::parse);
            out[i].finalised_at = finalised_at;
        }
    }
    for t in &mut out {
        if let Some(c) = t.capaian {
            t.pelanggaran = aturan.kurva.check(c, &t.histogram);
        }
    }
    Ok(out)
}
