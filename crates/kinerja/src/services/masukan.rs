//! Input from colleagues (masukan rekan kerja): the penilai may ask peers and subordinates
//! how the employee lives the BerAKHLAK values. Answers are stored without the responder and
//! shown to the penilai only as counts and unattributed comments, and only once enough
//! people answered; the employee never sees them.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::penilaian::{self as penilaian_svc, EvaluationView};
pub use crate::store::masukan::PendingRow;
use crate::store::masukan::{self as store, CandidateRow, RequestRow};
use crate::store::{org, skp as skp_store};
use kinerja_domain::penilaian::{EvaluasiRole, EvaluasiStatus, Rating};
use serde::Serialize;
use serde_json::json;

const MAX_KOMENTAR: usize = 1000;

/// What the penilai sees on the input page of one evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct MasukanView {
    pub evaluation: EvaluationView,
    pub requests: Vec<RequestRow>,
    /// People who may still be asked (not yet asked).
    pub candidates: Vec<CandidateRow>,
    /// How many answered: known only once the requests are closed (no live counter).
    pub answered: Option<u32>,
    pub minimum: u32,
    /// The aggregate, once the requests are closed with enough answers.
    pub summary: Option<Vec<NilaiSummary>>,
    /// New requests may be sent: the assessment is open, nobody has answered yet and the
    /// requests are not closed.
    pub open: bool,
    /// The requests are closed: nobody can answer any more, the result stands.
    pub closed: bool,
}

/// Answers on one BerAKHLAK value: how many judged it below, at and above expectation, and
/// the comments in text order.
#[derive(Debug, Clone, Serialize)]
pub struct NilaiSummary {
    pub kode: u8,
    pub nama: String,
    pub counts: [i64; 3],
    pub comments: Vec<String>,
}

fn rating_index(r: Rating) -> usize {
    match r {
        Rating::DiBawahEkspektasi => 0,
        Rating::SesuaiEkspektasi => 1,
        Rating::DiAtasEkspektasi => 2,
    }
}

fn still_open(status: EvaluasiStatus) -> bool {
    matches!(
        status,
        EvaluasiStatus::Draft | EvaluasiStatus::DinilaiSendiri
    )
}

async fn candidates_for(app: &App, v: &EvaluationView) -> AppResult<Vec<CandidateRow>> {
    let owner = org::employee_get(&app.db, v.ev.instansi_id, v.ev.employee_id).await?;
    let head_of_parent = if owner.is_head && owner.unit_id == v.ev.unit_id {
        let unit = org::unit_get(&app.db, v.ev.instansi_id, v.ev.unit_id).await?;
        Some(unit.parent_id)
    } else {
        None
    };
    Ok(
        store::candidates(&app.db, v.ev.instansi_id, v.ev.unit_id, head_of_parent)
            .await?
            .into_iter()
            .filter(|c| c.id != v.ev.employee_id && Some(c.id) != v.ev.penilai_employee_id)
            .collect(),
    )
}

/// The input page: only the penilai of the evaluation.
pub async fn view(app: &App, user: &CurrentUser, evaluation_id: i64) -> AppResult<MasukanView> {
    let evaluation = penilaian_svc::view(app, user, evaluation_id).await?;
    if evaluation.role != EvaluasiRole::Penilai {
        return Err(AppError::Forbidden);
    }
    let requests = store::requests_of(&app.db, user.instansi_id(), evaluation_id).await?;
    let answered = requests.iter().filter(|r| r.answered_at.is_some()).count() as u32;
    // Closed by the penilai, by the assessment being sent, or because everyone answered.
    let closed = store::closed_at(&app.db, user.instansi_id(), evaluation_id)
        .await?
        .is_some()
        || !still_open(evaluation.status)
        || (!requests.is_empty() && answered as usize == requests.len());
    let open = still_open(evaluation.status) && !closed && answered == 0;
    let candidates = if open {
        candidates_for(app, &evaluation)
            .await?
            .into_iter()
            .filter(|c| !requests.iter().any(|r| r.responder_employee_id == c.id))
            .collect()
    } else {
        Vec::new()
    };
    let aturan = &evaluation.referensi.aturan;
    let summary = if closed && aturan.masukan_terbuka(answered) {
        let counts = store::answer_counts(&app.db, user.instansi_id(), evaluation_id).await?;
        let comments = store::answer_comments(&app.db, user.instansi_id(), evaluation_id).await?;
        Some(
            evaluation
                .referensi
                .berakhlak
                .iter()
                .map(|n| {
                    let mut c = [0i64; 3];
                    for (nilai, rating, k) in &counts {
                        if *nilai == n.kode as i64
                            && let Some(r) = Rating::parse(rating)
                        {
                            c[rating_index(r)] += k;
                        }
                    }
                    NilaiSummary {
                        kode: n.kode,
                        nama: n.nama.clone(),
                        counts: c,
                        comments: comments
                            .iter()
                            .filter(|(nilai, _)| *nilai == n.kode as i64)
                            .map(|(_, t)| t.clone())
                            .collect(),
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(MasukanView {
        minimum: aturan
            .masukan_minimum
            .max(kinerja_domain::penilaian::MASUKAN_MINIMUM),
        evaluation,
        requests,
        candidates,
        answered: closed.then_some(answered),
        summary,
        open,
        closed,
    })
}

/// The penilai closes the requests: nobody answers after this, and the aggregate shows if
/// enough people answered.
pub async fn close(app: &App, user: &CurrentUser, evaluation_id: i64) -> AppResult<()> {
    let v = view(app, user, evaluation_id).await?;
    if v.requests.is_empty() || v.closed {
        return Err(AppError::Conflict("masukan-closed"));
    }
    let mut tx = app.db.begin().await?;
    store::close(&mut tx, user.instansi_id(), evaluation_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.evaluation.ev.instansi_id,
        &user.who(),
        Change {
            action: "masukan.close",
            object_type: "evaluation",
            object_id: Some(evaluation_id),
            subject_employee_id: Some(v.evaluation.ev.employee_id),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await
}

/// The penilai asks colleagues; each is notified. People outside the candidate list are
/// refused, and asking someone twice changes nothing.
pub async fn ask(
    app: &App,
    user: &CurrentUser,
    evaluation_id: i64,
    responders: &[i64],
) -> AppResult<usize> {
    let v = view(app, user, evaluation_id).await?;
    // The set of people asked is fixed at the first answer (`open` says so, and the insert
    // holds to it): asking one more afterwards and comparing the two aggregates would
    // reveal that person's answer.
    if !v.open {
        return Err(AppError::Conflict("masukan-closed"));
    }
    if responders.is_empty() {
        return Err(AppError::Invalid(vec![Problem::new(
            "responden",
            "masukan-none-chosen",
        )]));
    }
    if responders
        .iter()
        .any(|r| !v.candidates.iter().any(|c| c.id == *r))
    {
        return Err(AppError::Forbidden);
    }
    let instansi = v.evaluation.ev.instansi_id;
    let link = "/masukan";
    let params =
        json!({"nama": v.evaluation.snapshot.pegawai.nama, "periode": v.evaluation.period.nama})
            .to_string();
    let mut tx = app.db.begin().await?;
    let mut asked = 0;
    for r in responders {
        if store::request_insert(&mut tx, instansi, evaluation_id, *r, user.session.user_id).await?
        {
            asked += 1;
            crate::store::notifications::notify_employee(
                &mut tx,
                instansi,
                *r,
                "masukan_requested",
                &params,
                link,
            )
            .await?;
        }
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "masukan.request",
            object_type: "evaluation",
            object_id: Some(evaluation_id),
            subject_employee_id: Some(v.evaluation.ev.employee_id),
            before: None,
            after: Some(json!({"responden": responders})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(asked)
}

/// The requests waiting for the signed-in employee.
pub async fn pending(app: &App, user: &CurrentUser) -> AppResult<Vec<PendingRow>> {
    match user.session.employee_id {
        Some(me) => store::pending_for(&app.db, user.instansi_id(), me).await,
        None => Ok(Vec::new()),
    }
}

/// How many requests wait for the signed-in employee.
pub async fn pending_count(app: &App, user: &CurrentUser) -> AppResult<i64> {
    match user.session.employee_id {
        Some(me) => store::pending_count(&app.db, user.instansi_id(), me).await,
        None => Ok(0),
    }
}

/// One request as its responder sees it: whom it is about and the values to judge.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerForm {
    pub request: RequestRow,
    pub about: PendingRow,
    pub nilai: Vec<(u8, String, Vec<String>)>,
}

async fn my_request(app: &App, user: &CurrentUser, id: i64) -> AppResult<AnswerForm> {
    let Some(request) = store::request_get(&app.db, user.instansi_id(), id).await? else {
        return Err(AppError::NotFound);
    };
    if Some(request.responder_employee_id) != user.session.employee_id {
        return Err(AppError::Forbidden);
    }
    if request.answered_at.is_some() {
        return Err(AppError::Conflict("masukan-already-answered"));
    }
    let Some(about) = store::pending_get(
        &app.db,
        user.instansi_id(),
        request.responder_employee_id,
        request.id,
    )
    .await?
    else {
        return Err(AppError::Conflict("masukan-closed"));
    };
    let ev =
        crate::store::penilaian::evaluation_get(&app.db, user.instansi_id(), request.evaluation_id)
            .await?;
    let skp = skp_store::skp_get(&app.db, ev.instansi_id, ev.skp_id).await?;
    let year = crate::store::periode::year_get(&app.db, ev.instansi_id, skp.year_id).await?;
    let referensi =
        crate::services::referensi::referensi(app, ev.instansi_id, year.reference_version_id)
            .await?;
    let nilai = referensi
        .berakhlak
        .iter()
        .map(|n| (n.kode, n.nama.clone(), n.indikator.clone()))
        .collect();
    Ok(AnswerForm {
        request,
        about,
        nilai,
    })
}

pub async fn answer_form(app: &App, user: &CurrentUser, id: i64) -> AppResult<AnswerForm> {
    my_request(app, user, id).await
}

/// The responder answers once: a judgement per value (at least one) and optional comments.
/// Nothing that ties the answer to the responder is stored with it.
pub async fn answer(
    app: &App,
    user: &CurrentUser,
    id: i64,
    answers: &[(u8, Option<String>, String)],
) -> AppResult<()> {
    let form = my_request(app, user, id).await?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (kode, rating, komentar) in answers {
        if !form.nilai.iter().any(|(k, _, _)| k == kode) {
            return Err(AppError::NotFound);
        }
        let komentar = komentar.trim();
        if komentar.chars().count() > MAX_KOMENTAR {
            problems.push(
                Problem::at(format!("komentar_{kode}"), "text-too-long").arg("max", MAX_KOMENTAR),
            );
            continue;
        }
        match rating.as_deref().filter(|r| !r.is_empty()) {
            Some(r) => match Rating::parse(r) {
                Some(r) => rows.push((*kode, r, komentar.to_string())),
                None => problems.push(Problem::at(
                    format!("rating_{kode}"),
                    "evaluasi-rating-invalid",
                )),
            },
            None if !komentar.is_empty() => problems.push(Problem::at(
                format!("rating_{kode}"),
                "masukan-rating-needed",
            )),
            None => {}
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(Problem::new("rating_1", "masukan-empty"));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let instansi = user.instansi_id();
    let mut tx = app.db.begin().await?;
    if !store::request_answered(&mut tx, user.instansi_id(), id).await? {
        return Err(AppError::Conflict("masukan-already-answered"));
    }
    for (kode, r, k) in &rows {
        store::answer_insert(
            &mut tx,
            instansi,
            form.request.evaluation_id,
            *kode as i64,
            r.code(),
            k,
        )
        .await?;
    }
    // The audit trail records that an answer was given, not what it said.
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "masukan.answer",
            object_type: "evaluation",
            object_id: Some(form.request.evaluation_id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"permintaan": id})),
        },
    )
    .await?;
    tx.commit().await
}
