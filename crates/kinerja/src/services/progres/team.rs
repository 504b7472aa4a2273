//! The supervisor's side of the daily log: the team per day and week, acknowledgement of
//! entries (one by one or a whole week), and the count of entries waiting.

use super::*;
use kinerja_domain::progres::{Ketidakhadiran, Pengakuan, is_working_day, monday_of};

/// One person's line in the team view.
pub struct TeamRow {
    pub employee: EmployeeRow,
    /// Minutes per day shown (one day or Monday to Sunday).
    pub menit: Vec<u32>,
    pub missing: Vec<bool>,
    pub away: Vec<Option<Ketidakhadiran>>,
    pub total_menit: u32,
    pub entries: Vec<EntryRow>,
    pub pending: usize,
}

impl TeamRow {
    pub fn logged_nothing(&self) -> bool {
        self.entries.is_empty()
    }
}

pub struct TeamView {
    pub days: Vec<NaiveDate>,
    pub working: Vec<bool>,
    pub monday: NaiveDate,
    /// One page of the people rated (a Kepala Dinas may rate hundreds of school heads).
    pub rows: Vec<TeamRow>,
    pub page: u32,
    pub per_page: u32,
    /// Everyone rated, on every page.
    pub total: u64,
    pub pengakuan_wajib: bool,
}

impl TeamView {
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        u64::from(self.page) * u64::from(self.per_page) < self.total
    }

    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// People per page of the team view.
pub const TEAM_PAGE: u32 = 30;

impl TeamView {
    pub fn nobody(&self) -> Vec<&TeamRow> {
        self.rows.iter().filter(|r| r.logged_nothing()).collect()
    }
}

/// Heads of a unit (or acting heads) and whoever rates someone by override have a team.
fn rates_anyone(user: &CurrentUser) -> bool {
    user.actor.is_supervisor() || !user.actor.rated_by_override.is_empty()
}

/// The people the signed-in user rates today and their log on `day` (or its week).
pub async fn team(
    app: &App,
    user: &CurrentUser,
    day: NaiveDate,
    whole_week: bool,
    page: u32,
) -> AppResult<TeamView> {
    if !rates_anyone(user) {
        return Err(AppError::Forbidden);
    }
    let instansi = user.instansi_id();
    let everyone = crate::services::skp::direct_reports(app, user).await?;
    let total = everyone.len() as u64;
    let page = page.max(1);
    let people: Vec<EmployeeRow> = everyone
        .into_iter()
        .skip(((page - 1) * TEAM_PAGE) as usize)
        .take(TEAM_PAGE as usize)
        .collect();
    let monday = monday_of(day);
    let days: Vec<NaiveDate> = if whole_week {
        monday.iter_days().take(7).collect()
    } else {
        vec![day]
    };
    let (from, to) = (days[0], *days.last().expect("one day at least"));
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let entries = store::entries_of_team(&app.db, instansi, &ids, from, to).await?;
    let away = store::away_of_team(&app.db, instansi, &ids, from, to).await?;
    let hs = holiday_set(&holidays(app, instansi, from, to).await?);
    let working: Vec<bool> = days.iter().map(|d| is_working_day(*d, &hs)).collect();
    let today = app.today();
    let rows = people
        .into_iter()
        .map(|employee| {
            let mine: Vec<EntryRow> = entries
                .iter()
                .filter(|e| e.employee_id == employee.id)
                .cloned()
                .collect();
            let menit: Vec<u32> = days
                .iter()
                .map(|d| {
                    mine.iter()
                        .filter(|e| e.tanggal == *d)
                        .map(|e| e.menit.max(0) as u32)
                        .sum()
                })
                .collect();
            let away: Vec<Option<Ketidakhadiran>> = days
                .iter()
                .map(|d| {
                    away.iter()
                        .find(|a| a.employee_id == employee.id && a.tanggal == *d)
                        .map(|a| a.jenis)
                })
                .collect();
            let missing = days
                .iter()
                .enumerate()
                .map(|(i, d)| working[i] && *d <= today && menit[i] == 0 && away[i].is_none())
                .collect();
            TeamRow {
                total_menit: menit.iter().sum(),
                pending: mine
                    .iter()
                    .filter(|e| e.pengakuan == Pengakuan::Menunggu)
                    .count(),
                employee,
                menit,
                missing,
                away,
                entries: mine,
            }
        })
        .collect();
    Ok(TeamView {
        days,
        working,
        monday,
        rows,
        page,
        per_page: TEAM_PAGE,
        total,
        pengakuan_wajib: store::aturan_get(&app.db, instansi).await?.pengakuan_wajib,
    })
}

/// Entries of the people the signed-in user rates that wait for acknowledgement.
pub async fn pending_count(app: &App, user: &CurrentUser) -> AppResult<i64> {
    if !rates_anyone(user) {
        return Ok(0);
    }
    let people = crate::services::skp::direct_reports(app, user).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    store::pending_of_team(&app.db, user.instansi_id(), &ids).await
}

/// What is acknowledged: one entry or the whole week of one person.
#[derive(Debug, Clone, Copy)]
pub enum AckTarget {
    Entry(i64),
    Week { employee_id: i64, monday: NaiveDate },
}

/// The penilai's acknowledgement (disetujui, or perlu perbaikan with a note). Only the
/// penilai derived today (or a PLT/PLH, or an admin override) gives it; a locked period
/// refuses. Returns the person and how many entries changed.
pub async fn acknowledge(
    app: &App,
    user: &CurrentUser,
    target: AckTarget,
    pengakuan: &str,
    catatan: &str,
) -> AppResult<(i64, NaiveDate, u64)> {
    let instansi = user.instansi_id();
    let (employee_id, from, to, only) = match target {
        AckTarget::Entry(id) => {
            let e = store::entry_get(&app.db, instansi, id).await?;
            (e.employee_id, e.tanggal, e.tanggal, Some(id))
        }
        AckTarget::Week {
            employee_id,
            monday,
        } => {
            let monday = monday_of(monday);
            (
                employee_id,
                monday,
                monday + chrono::Duration::days(6),
                None,
            )
        }
    };
    let o = owner(app, user, employee_id).await?;
    if o.access != Access::Penilai {
        return Err(AppError::Forbidden);
    }
    let p = match Pengakuan::parse(pengakuan.trim()) {
        Some(p @ (Pengakuan::Disetujui | Pengakuan::PerluPerbaikan)) => p,
        _ => return Err(AppError::invalid("pengakuan", "progres-pengakuan")),
    };
    let catatan =
        one_line("catatan", catatan, 2_000, None).map_err(|p| AppError::Invalid(vec![p]))?;
    if p == Pengakuan::PerluPerbaikan && catatan.is_empty() {
        return Err(AppError::invalid("catatan", "progres-catatan-perbaikan"));
    }
    let entries = store::entries_between(&app.db, instansi, employee_id, from, to).await?;
    let ids: Vec<i64> = entries
        .iter()
        .filter(|e| only.is_none_or(|id| id == e.id))
        .map(|e| e.id)
        .collect();
    if ids.is_empty() {
        return Err(AppError::NotFound);
    }
    // A week may straddle two periods: each is looked at once, by its first day here.
    let mut seen = std::collections::HashSet::new();
    for e in entries.iter().filter(|e| seen.insert(e.period_id)) {
        if plan_period_on(app, instansi, employee_id, e.tanggal)
            .await?
            .is_some_and(|pp| pp.locked)
        {
            return Err(AppError::Conflict("progres-terkunci"));
        }
    }
    let mut tx = app.db.begin().await?;
    let n = store::acknowledge(
        &mut tx,
        instansi,
        employee_id,
        &ids,
        p,
        &catatan,
        user.session.user_id,
    )
    .await?;
    crate::store::notifications::notify_employee(
        &mut tx,
        instansi,
        employee_id,
        match p {
            Pengakuan::PerluPerbaikan => "progres_perlu_perbaikan",
            _ => "progres_disetujui",
        },
        &json!({"penilai": user.session.display_name, "tanggal": from.format("%d-%m-%Y").to_string(),
            "jumlah": n})
        .to_string(),
        &format!("/progres?tanggal={from}"),
    )
    .await?;
    audit_one(
        &mut tx,
        app,
        user,
        employee_id,
        "progres.acknowledge",
        ("employee", employee_id),
        (
            None,
            Some(json!({"entri": ids, "pengakuan": p.code(), "catatan": catatan})),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((o.employee.id, from, n))
}
