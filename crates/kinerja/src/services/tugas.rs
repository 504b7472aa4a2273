//! "Tugas saya": the open tasks of the signed-in person, for the top of the home page and
//! the count beside the menu. The rules of which task exists and when it is late are in
//! the domain (`kinerja_domain::tugas`); this gathers the facts, each from the lists the
//! person could open themself, so a count never names what its page would refuse.

use chrono::NaiveDate;
use kinerja_domain::tugas::{self, Facts, OwnPeriod, OwnPlan, Tugas, TugasKind};
use serde::Serialize;

use crate::app::App;
use crate::error::AppResult;
use crate::services::accounts::CurrentUser;
use crate::services::penilaian::Due;

/// One task as a page shows it: the rule's task and where its button leads.
#[derive(Debug, Clone, Serialize)]
pub struct TaskLine {
    #[serde(skip)]
    pub tugas: Tugas,
    pub kind: &'static str,
    pub count: i64,
    pub deadline: Option<NaiveDate>,
    pub overdue: bool,
    pub href: String,
    /// The period's or plan's name where the sentence needs it.
    pub subject: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MyTasks {
    pub tasks: Vec<TaskLine>,
    /// The sum the menu shows (tasks that wait on someone else excluded).
    pub open: i64,
    /// The period being filled (the home page shows the penilai's latest feedback with it).
    #[serde(skip)]
    pub due: Option<Due>,
}

/// The signed-in person's tasks, in the order of work.
pub async fn mine(app: &App, user: &CurrentUser) -> AppResult<MyTasks> {
    let today = app.today();
    let instansi = user.instansi_id();
    let mut facts = Facts {
        writes_skp: user.writes_skp(),
        ..Facts::default()
    };
    let mut plan_href = "/skp".to_string();
    let mut due = None;
    let mut ratings_href = "/penilaian".to_string();
    if facts.writes_skp
        && let Some(me) = user.session.employee_id
        && let Some(year) = crate::services::periode::current_year(app, instansi).await?
    {
        facts.batas_perencanaan = Some(year.batas_perencanaan);
        let plans = crate::store::skp::skps_of(&app.db, instansi, me, year.id).await?;
        if let Some(p) = plans.iter().find(|p| !p.closed) {
            facts.plan = Some(OwnPlan {
                status: p.status,
                revision: p.approved_at.is_some(),
            });
            plan_href = format!("/skp/{}", p.id);
        }
        due = crate::services::penilaian::due_in(app, user, &year, &plans).await?;
        if let Some(d) = &due {
            facts.period = Some(OwnPeriod {
                batas: d.period.batas,
                status: d.evaluation.as_ref().map(|e| e.status),
            });
        }
    }
    if let Some(me) = user.session.employee_id {
        let supervisor =
            !user.actor.led_units.is_empty() || !user.actor.rated_by_override.is_empty();
        if supervisor {
            let waiting = crate::services::skp::queue(app, user).await?;
            facts.plans_waiting = waiting.len() as i64;
            facts.oldest_plan_waiting = waiting
                .iter()
                .filter_map(|p| p.submitted_at)
                .min()
                .map(wib_date);
            let ratings = crate::store::penilaian::ratings_waiting(&app.db, instansi, me).await?;
            facts.ratings_waiting = ratings.iter().map(|r| r.2).sum();
            if let Some((period, batas, _)) = ratings.first() {
                facts.ratings_batas = Some(*batas);
                ratings_href = format!("/penilaian?periode={period}#assess-queue");
            }
            facts.progres = crate::services::progres::pending_count(app, user).await?;
        }
        facts.objections = crate::services::penilaian::own_objections(app, user)
            .await?
            .len() as i64;
        facts.masukan = crate::services::masukan::pending_count(app, user).await?;
    }
    facts.confirmations = crate::services::confirmations::waiting_count(app, user).await?;
    let list = tugas::tasks(&facts, today);
    let open = tugas::open_count(&list);
    let tasks = list
        .into_iter()
        .map(|t| {
            let (href, subject) = match t.kind {
                TugasKind::BuatSkp => ("/skp".to_string(), None),
                TugasKind::AjukanSkp | TugasKind::PerbaikiSkp | TugasKind::SkpMenunggu => {
                    (plan_href.clone(), None)
                }
                TugasKind::IsiPenilaian | TugasKind::PenilaianMenunggu => match &due {
                    Some(d) => (
                        match &d.evaluation {
                            Some(e) => format!("/penilaian/{}", e.id),
                            None => "/penilaian".to_string(),
                        },
                        Some(d.period.nama.clone()),
                    ),
                    None => ("/penilaian".to_string(), None),
                },
                TugasKind::SetujuiSkp => ("/persetujuan".to_string(), None),
                TugasKind::NilaiPegawai => (ratings_href.clone(), None),
                TugasKind::Keberatan => ("/penilaian#objection-queue".to_string(), None),
                TugasKind::Masukan => ("/masukan".to_string(), None),
                TugasKind::AkuiProgres => ("/progres/tim".to_string(), None),
                TugasKind::Konfirmasi => ("/admin/konfirmasi".to_string(), None),
            };
            TaskLine {
                kind: kind_code(t.kind),
                count: t.count,
                deadline: t.deadline,
                overdue: t.overdue,
                href,
                subject,
                tugas: t,
            }
        })
        .collect();
    Ok(MyTasks { tasks, open, due })
}

/// The office day (WIB) of a stored instant.
fn wib_date(micros: i64) -> NaiveDate {
    crate::store::micros_to_datetime(micros)
        .with_timezone(&crate::app::wib())
        .date_naive()
}

/// The task's name in page ids and message keys (`tugas-<name>`).
fn kind_code(k: TugasKind) -> &'static str {
    match k {
        TugasKind::BuatSkp => "buat-skp",
        TugasKind::AjukanSkp => "ajukan-skp",
        TugasKind::PerbaikiSkp => "perbaiki-skp",
        TugasKind::SkpMenunggu => "skp-menunggu",
        TugasKind::IsiPenilaian => "isi-penilaian",
        TugasKind::PenilaianMenunggu => "penilaian-menunggu",
        TugasKind::SetujuiSkp => "setujui-skp",
        TugasKind::NilaiPegawai => "nilai-pegawai",
        TugasKind::Keberatan => "keberatan",
        TugasKind::Masukan => "masukan",
        TugasKind::AkuiProgres => "akui-progres",
        TugasKind::Konfirmasi => "konfirmasi",
    }
}
