//! Continuous feedback between an employee and the penilai during the year, per RHK, per
//! BerAKHLAK value or on the plan as a whole, and the dialog kinerja records (coaching,
//! mentoring, counselling) with the employee's own response to each session.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::skp::{self as skp_svc, PlanView};
pub use crate::store::umpan_balik::MessageRow;
use crate::store::umpan_balik::{self as store, DialogRow, NewDialog, NewMessage};
use chrono::NaiveDate;
use kinerja_domain::skp::SkpRole;
use serde_json::json;

const MAX_TEXT: usize = 2000;
pub const JENIS_DIALOG: [&str; 3] = ["coaching", "mentoring", "konseling"];

pub struct FeedbackView {
    pub plan: PlanView,
    pub messages: Vec<MessageRow>,
    pub dialogs: Vec<DialogRow>,
}

impl FeedbackView {
    /// The owner and the penilai talk; everyone else who may see the plan reads.
    pub fn can_write(&self) -> bool {
        matches!(self.plan.role, SkpRole::Owner | SkpRole::Penilai)
    }

    pub fn thread(&self, subjek: &str, id: i64) -> Vec<&MessageRow> {
        self.messages
            .iter()
            .filter(|m| m.subjek == subjek && m.subjek_id == id)
            .collect()
    }
}

pub async fn view(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<FeedbackView> {
    let plan = skp_svc::plan_view(app, user, skp_id).await?;
    let messages = store::messages_of(&app.db, user.instansi_id(), skp_id).await?;
    let dialogs = store::dialogs_of(&app.db, user.instansi_id(), skp_id).await?;
    Ok(FeedbackView {
        plan,
        messages,
        dialogs,
    })
}

fn text(field: &'static str, s: &str, required: &'static str) -> Result<String, Problem> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Problem::new(field, required));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(Problem::new(field, "text-too-long").arg("max", MAX_TEXT));
    }
    Ok(t.to_string())
}

async fn notify_other(
    tx: &mut crate::store::Tx,
    user: &CurrentUser,
    v: &PlanView,
    kind: &str,
) -> AppResult<()> {
    let other = if v.role == SkpRole::Owner {
        v.penilai_id
    } else {
        Some(v.owner.id)
    };
    if let Some(e) = other {
        crate::store::notifications::notify_employee(
            tx,
            v.owner.instansi_id,
            e,
            kind,
            &json!({"nama": user.session.display_name, "tahun": v.year.tahun}).to_string(),
            &format!("/skp/{}/umpan-balik", v.skp.id),
        )
        .await?;
    }
    Ok(())
}

/// Adds a message to the thread of an RHK (`rhk`, RHK id), a value (`perilaku`, 1–7) or the
/// plan (`umum`, 0).
pub async fn post(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    subjek: &str,
    subjek_id: i64,
    body: &str,
) -> AppResult<()> {
    let v = view(app, user, skp_id).await?;
    if !v.can_write() {
        return Err(AppError::Forbidden);
    }
    let (subjek, ok) = match subjek {
        "rhk" => ("rhk", v.plan.content.rhk.iter().any(|r| r.id == subjek_id)),
        "perilaku" => ("perilaku", (1..=7).contains(&subjek_id)),
        "umum" => ("umum", subjek_id == 0),
        _ => ("", false),
    };
    if !ok {
        return Err(AppError::NotFound);
    }
    let body = text("pesan", body, "feedback-empty").map_err(|p| AppError::Invalid(vec![p]))?;
    let mut tx = app.db.begin().await?;
    let id = store::message_insert(
        &mut tx,
        &NewMessage {
            instansi_id: v.plan.owner.instansi_id,
            skp_id,
            subjek,
            subjek_id,
            author_user_id: user.session.user_id,
            author_name: &user.session.display_name,
            body: &body,
        },
    )
    .await?;
    notify_other(&mut tx, user, &v.plan, "feedback_posted").await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.plan.owner.instansi_id,
        &user.who(),
        Change {
            action: "feedback.post",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.plan.owner.id),
            before: None,
            after: Some(json!({"pesan": id, "subjek": subjek, "id": subjek_id, "isi": body})),
        },
    )
    .await?;
    tx.commit().await
}

pub struct DialogInput {
    pub tanggal: String,
    pub jenis: String,
    pub topik: String,
    pub kesepakatan: String,
}

/// The penilai records a dialog kinerja session.
pub async fn add_dialog(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    d: &DialogInput,
) -> AppResult<()> {
    let v = view(app, user, skp_id).await?;
    if v.plan.role != SkpRole::Penilai {
        return Err(AppError::Forbidden);
    }
    let mut problems = Vec::new();
    let tanggal = NaiveDate::parse_from_str(d.tanggal.trim(), "%Y-%m-%d").ok();
    match tanggal {
        None => problems.push(Problem::new("tanggal", "dialog-date-invalid")),
        Some(t) if t > app.today() => problems.push(Problem::new("tanggal", "dialog-date-future")),
        _ => {}
    }
    if !JENIS_DIALOG.contains(&d.jenis.as_str()) {
        problems.push(Problem::new("jenis", "dialog-kind-invalid"));
    }
    let topik = text("topik", &d.topik, "dialog-topic-empty");
    let kesepakatan = text("kesepakatan", &d.kesepakatan, "dialog-agreement-empty");
    let (topik, kesepakatan) = match (topik, kesepakatan) {
        (Ok(a), Ok(b)) if problems.is_empty() => (a, b),
        (a, b) => {
            problems.extend(a.err());
            problems.extend(b.err());
            return Err(AppError::Invalid(problems));
        }
    };
    let mut tx = app.db.begin().await?;
    let id = store::dialog_insert(
        &mut tx,
        &NewDialog {
            instansi_id: v.plan.owner.instansi_id,
            skp_id,
            tanggal: tanggal.expect("checked"),
            jenis: &d.jenis,
            topik: &topik,
            kesepakatan: &kesepakatan,
            created_by: user.session.user_id,
        },
    )
    .await?;
    notify_other(&mut tx, user, &v.plan, "dialog_recorded").await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.plan.owner.instansi_id,
        &user.who(),
        Change {
            action: "dialog.add",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.plan.owner.id),
            before: None,
            after: Some(json!({"dialog": id, "tanggal": d.tanggal, "jenis": d.jenis,
                "topik": topik, "kesepakatan": kesepakatan})),
        },
    )
    .await?;
    tx.commit().await
}

/// The employee's own feedback on a session.
pub async fn respond(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    dialog_id: i64,
    tanggapan: &str,
) -> AppResult<()> {
    let v = view(app, user, skp_id).await?;
    if v.plan.role != SkpRole::Owner {
        return Err(AppError::Forbidden);
    }
    let t =
        text("tanggapan", tanggapan, "feedback-empty").map_err(|p| AppError::Invalid(vec![p]))?;
    let mut tx = app.db.begin().await?;
    store::dialog_respond(&mut tx, user.instansi_id(), skp_id, dialog_id, &t).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        v.plan.owner.instansi_id,
        &user.who(),
        Change {
            action: "dialog.respond",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.plan.owner.id),
            before: None,
            after: Some(json!({"dialog": dialog_id, "tanggapan": t})),
        },
    )
    .await?;
    tx.commit().await
}
