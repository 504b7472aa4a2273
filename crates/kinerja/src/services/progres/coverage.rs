//! Activity coverage for the dashboard (docs/domain-rules.md §12): per unit over its
//! subtree, the share of expected working days that carry an entry and the share of
//! entries acknowledged, and the people silent for the last N working days. Read from
//! grouped queries (per unit and day), never per entry.

use super::*;
use crate::services::Page;
use crate::store::org::UnitRow;
pub use crate::store::progres::SilentRow;
use kinerja_domain::progres::{Coverage, counted_days, last_working_days};
use std::collections::HashMap;

/// Working days without an entry before someone counts as silent, unless the reader asks
/// for another number.
pub const SILENT_DAYS: u32 = 5;
/// The longest window that may be asked for (about a quarter).
pub const SILENT_DAYS_MAX: u32 = 60;

/// Holidays are read this far back, enough for the longest window.
const HOLIDAY_LOOK_BACK: i64 = 400;

/// A unit over its subtree.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitCoverage {
    pub unit_id: i64,
    pub nama: String,
    pub coverage: Coverage,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ActivityCoverage {
    pub period: PeriodRow,
    /// The days counted: the period up to yesterday; none before it has a past day.
    pub days: Option<(NaiveDate, NaiveDate)>,
    pub working_days: u32,
    /// N, and the last N working days before today that make someone silent.
    pub silent_days: u32,
    pub silent_window: Option<(NaiveDate, NaiveDate)>,
    pub total: Coverage,
    /// The units asked for, in their order, each over its subtree.
    pub rows: Vec<UnitCoverage>,
}

/// N as asked for: the default when absent, refused outside 1..=60.
pub fn silent_days(asked: Option<u32>) -> AppResult<u32> {
    match asked {
        None => Ok(SILENT_DAYS),
        Some(n) if (1..=SILENT_DAYS_MAX).contains(&n) => Ok(n),
        Some(_) => Err(AppError::invalid("hari", "progres-hari-sunyi")),
    }
}

/// The last N working days before today, with the instansi's holidays.
async fn silent_window(
    app: &App,
    instansi: i64,
    n: u32,
) -> AppResult<Option<(NaiveDate, NaiveDate)>> {
    let today = app.today();
    let libur = holidays(
        app,
        instansi,
        today - chrono::Duration::days(HOLIDAY_LOOK_BACK),
        today,
    )
    .await?;
    Ok(last_working_days(today, n, &holiday_set(&libur)))
}

/// Coverage of `scope`'s subtree in `period`: its total and each of `rows` (units of the
/// subtree, with their names) over its own subtree. `tree` gives every unit of the subtree
/// with its parent, so that figures read per unit roll up.
pub(crate) async fn coverage(
    app: &App,
    instansi: i64,
    scope: &UnitRow,
    tree: &[(i64, Option<i64>)],
    rows: &[(i64, String)],
    period: &PeriodRow,
    silent_days: u32,
) -> AppResult<ActivityCoverage> {
    let path = scope.unit_path();
    let window = silent_window(app, instansi, silent_days).await?;
    let days = counted_days(period.mulai, period.selesai, app.today());
    // Which asked-for row each unit of the subtree adds to (none: the scope itself or a
    // unit outside every row).
    let parent: HashMap<i64, Option<i64>> = tree.iter().copied().collect();
    let row_of: HashMap<i64, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let target = |mut unit: i64| -> Option<usize> {
        for _ in 0..=tree.len() {
            if let Some(i) = row_of.get(&unit) {
                return Some(*i);
            }
            unit = (*parent.get(&unit)?)?;
        }
        None
    };
    let mut total = Coverage::default();
    let mut per_row = vec![Coverage::default(); rows.len()];
    let mut add = |unit: i64, f: &dyn Fn(&mut Coverage)| {
        f(&mut total);
        if let Some(i) = target(unit) {
            f(&mut per_row[i]);
        }
    };
    let (from, to) = window.unwrap_or((app.today(), app.today()));
    for (unit, employees, silent) in
        crate::store::progres::people_by_unit(app.reader(), instansi, &path, from, to).await?
    {
        add(unit, &|c| {
            c.employees += employees.max(0) as u64;
            if window.is_some() {
                c.silent += silent.max(0) as u64;
            }
        });
    }
    let mut working_days = 0;
    let mut away_total = 0u64;
    let mut away_row = vec![0u64; rows.len()];
    if let Some((from, to)) = days {
        let hs = holiday_set(&holidays(app, instansi, from, to).await?);
        working_days = kinerja_domain::progres::working_days(from, to, &hs);
        for r in
            crate::store::progres::logged_by_unit(app.reader(), instansi, &path, from, to).await?
        {
            add(r.unit_id, &|c| {
                c.logged_days += r.people.max(0) as u64;
                c.entries += r.entries.max(0) as u64;
                c.acknowledged += r.acknowledged.max(0) as u64;
            });
            away_total += r.away.max(0) as u64;
            if let Some(i) = target(r.unit_id) {
                away_row[i] += r.away.max(0) as u64;
            }
        }
    }
    total.expect(working_days, away_total);
    for (c, away) in per_row.iter_mut().zip(away_row) {
        c.expect(working_days, away);
    }
    Ok(ActivityCoverage {
        period: period.clone(),
        days,
        working_days,
        silent_days,
        silent_window: window,
        total,
        rows: rows
            .iter()
            .zip(per_row)
            .map(|((id, nama), coverage)| UnitCoverage {
                unit_id: *id,
                nama: nama.clone(),
                coverage,
            })
            .collect(),
    })
}

/// People per page of the silent list.
pub const SILENT_PAGE: u32 = 50;

/// The silent people of a unit's subtree that the reader may see (the dashboard's readers
/// and scopes), once checked.
#[derive(Debug, Clone)]
pub struct SilentSubject {
    pub instansi_id: i64,
    pub scope: UnitRow,
    pub days: u32,
    /// None when no working day lies before today (nobody can be silent).
    pub window: Option<(NaiveDate, NaiveDate)>,
}

pub async fn silent_subject(
    app: &App,
    user: &CurrentUser,
    unit_id: Option<i64>,
    days: Option<u32>,
) -> AppResult<SilentSubject> {
    let scope = crate::services::org::list_scope(app, user, unit_id).await?;
    let days = silent_days(days)?;
    let window = silent_window(app, user.instansi_id(), days).await?;
    Ok(SilentSubject {
        instansi_id: user.instansi_id(),
        scope,
        days,
        window,
    })
}

/// Rows from `offset` of a checked subject.
pub async fn silent_rows(
    app: &App,
    s: &SilentSubject,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<SilentRow>> {
    let Some((from, to)) = s.window else {
        return Ok(Vec::new());
    };
    crate::store::progres::silent_in(
        app.reader(),
        s.instansi_id,
        &s.scope.unit_path(),
        from,
        to,
        limit,
        offset,
    )
    .await
}

/// One page of the silent people, with their number.
pub async fn silent_page(app: &App, s: &SilentSubject, page: u32) -> AppResult<Page<SilentRow>> {
    let page = page.max(1);
    let total = match s.window {
        Some((from, to)) => crate::store::progres::people_by_unit(
            app.reader(),
            s.instansi_id,
            &s.scope.unit_path(),
            from,
            to,
        )
        .await?
        .iter()
        .map(|(_, _, silent)| (*silent).max(0) as u64)
        .sum(),
        None => 0,
    };
    let items = silent_rows(
        app,
        s,
        i64::from(SILENT_PAGE),
        i64::from(page - 1) * i64::from(SILENT_PAGE),
    )
    .await?;
    Ok(Page {
        items,
        page,
        per_page: SILENT_PAGE,
        total,
        total_capped: false,
    })
}
