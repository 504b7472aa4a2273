//! The evaluation year and its periods: defined by the admin BKPSDM, with the planning
//! deadline and the dates of each period.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::referensi::default_reference;
pub use crate::store::periode::{PeriodRow, YearRow};
use chrono::{Datelike, NaiveDate};
use kinerja_domain::periode::{JenisPeriode, batas_perencanaan, periods_for};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct YearInput {
    pub tahun: String,
    #[serde(default)]
    pub jenis_periode: String,
    #[serde(default)]
    pub reference_version_id: Option<i64>,
    #[serde(default)]
    pub batas_perencanaan: String,
    #[serde(default)]
    pub hari_batas: String,
}

/// Defines an evaluation year with its periods (admin BKPSDM).
pub async fn create_year(app: &App, user: &CurrentUser, input: &YearInput) -> AppResult<i64> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    create_year_as(app, instansi, &user.who(), input).await
}

pub async fn create_year_as(
    app: &App,
    instansi: i64,
    who: &audit::Who,
    input: &YearInput,
) -> AppResult<i64> {
    let mut problems = Vec::new();
    let tahun: Option<i32> = input
        .tahun
        .trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if tahun.is_none() {
        problems.push(Problem::new("tahun", "year-invalid").arg("value", input.tahun.trim()));
    }
    let jenis = match input.jenis_periode.trim() {
        "" => Some(JenisPeriode::Triwulanan),
        s => JenisPeriode::parse(s),
    };
    if jenis.is_none() {
        problems.push(Problem::new("jenis_periode", "period-kind-unknown"));
    }
    let hari: u32 = match input.hari_batas.trim() {
        "" => 10,
        s => s.parse().unwrap_or_else(|_| {
            problems.push(Problem::new("hari_batas", "number-invalid").arg("value", s));
            10
        }),
    };
    if let Some(t) = tahun
        && crate::store::periode::year_by_tahun(&app.db, instansi, t as i64)
            .await?
            .is_some()
    {
        problems.push(Problem::new("tahun", "year-exists").arg("value", t));
    }
    let batas = match (tahun, input.batas_perencanaan.trim()) {
        (Some(t), "") => Some(batas_perencanaan(t)),
        (_, s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(Problem::new("batas_perencanaan", "date-invalid").arg("value", s));
                None
            }
        },
    };
    let reference = match input.reference_version_id {
        Some(id) => {
            crate::store::referensi::reference_get(&app.db, instansi, id)
                .await?
                .id
        }
        None => default_reference(app, instansi).await?,
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (tahun, jenis, batas) = (
        tahun.expect("checked"),
        jenis.expect("checked"),
        batas.expect("checked"),
    );
    let specs = periods_for(tahun, jenis, hari);
    let mut tx = app.db.begin().await?;
    let id = crate::store::periode::year_insert(
        &mut tx,
        instansi,
        tahun as i64,
        jenis.code(),
        reference,
        batas,
    )
    .await?;
    for (i, p) in specs.iter().enumerate() {
        crate::store::periode::period_insert(&mut tx, instansi, id, p, i as i64 + 1).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        who,
        Change {
            action: "year.create",
            object_type: "year",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"tahun": tahun, "jenis_periode": jenis.code(), "batas_perencanaan": batas, "referensi": reference})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves the dates of one period (admin BKPSDM); the year's periods must stay consistent.
pub async fn update_period(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
    period_id: i64,
    mulai: &str,
    selesai: &str,
    batas: &str,
) -> AppResult<()> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let year = crate::store::periode::year_get(&app.db, instansi, year_id).await?;
    let rows = crate::store::periode::periods(&app.db, user.instansi_id(), year.id).await?;
    let date = |f: &'static str, s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Problem::new(f, "date-invalid").arg("value", s.trim()))
    };
    let parsed = [
        date("mulai", mulai),
        date("selesai", selesai),
        date("batas", batas),
    ];
    let problems: Vec<Problem> = parsed.iter().filter_map(|r| r.clone().err()).collect();
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let [m, s, b] = parsed.map(|r| r.expect("checked"));
    let mut specs: Vec<kinerja_domain::periode::PeriodeSpec> = rows
        .iter()
        .map(|p| kinerja_domain::periode::PeriodeSpec {
            kode: p.kode.clone(),
            nama: p.nama.clone(),
            mulai: p.mulai,
            selesai: p.selesai,
            batas: p.batas,
            akhir: p.akhir,
        })
        .collect();
    let idx = rows
        .iter()
        .position(|p| p.id == period_id)
        .ok_or(AppError::NotFound)?;
    let before = json!({"mulai": specs[idx].mulai, "selesai": specs[idx].selesai, "batas": specs[idx].batas});
    specs[idx].mulai = m;
    specs[idx].selesai = s;
    specs[idx].batas = b;
    let bad = kinerja_domain::periode::check_periods(year.tahun as i32, &specs);
    if !bad.is_empty() {
        return Err(AppError::Invalid(
            bad.into_iter()
                .map(|(_, c)| Problem::new(None, c))
                .collect(),
        ));
    }
    let mut tx = app.db.begin().await?;
    crate::store::periode::period_update(&mut tx, user.instansi_id(), period_id, m, s, b).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "period.update",
            object_type: "period",
            object_id: Some(period_id),
            subject_employee_id: None,
            before: Some(before),
            after: Some(json!({"mulai": m, "selesai": s, "batas": b})),
        },
    )
    .await?;
    tx.commit().await
}

/// The year in progress (or the latest defined one).
pub async fn current_year(app: &App, instansi_id: i64) -> AppResult<Option<YearRow>> {
    let all = crate::store::periode::years(&app.db, instansi_id).await?;
    Ok(select_year(&all, None, app.today()))
}

/// From a list of years already read: the one asked for by number, or else the year in
/// progress (or the latest defined one). Pages that list the years pick from that list
/// instead of reading it again.
pub fn select_year(years: &[YearRow], tahun: Option<i64>, today: NaiveDate) -> Option<YearRow> {
    match tahun {
        Some(t) => years.iter().find(|y| y.tahun == t).cloned(),
        None => {
            let now = i64::from(today.year());
            years
                .iter()
                .find(|y| y.tahun == now)
                .or(years.first())
                .cloned()
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading years and periods

/// The instansi's years (everyone signed in may read them).
pub async fn years(app: &App, user: &CurrentUser) -> AppResult<Vec<YearRow>> {
    crate::store::periode::years(&app.db, user.instansi_id()).await
}

/// The year asked for by its number, or else the one in progress.
pub async fn year_or_current(
    app: &App,
    user: &CurrentUser,
    tahun: Option<i64>,
) -> AppResult<Option<YearRow>> {
    match tahun {
        Some(t) => crate::store::periode::year_by_tahun(&app.db, user.instansi_id(), t).await,
        None => current_year(app, user.instansi_id()).await,
    }
}

pub async fn year(app: &App, user: &CurrentUser, id: i64) -> AppResult<YearRow> {
    crate::store::periode::year_get(&app.db, user.instansi_id(), id).await
}

/// The periods of a year of the user's instansi. Periods carry only their year, so the
/// year is looked up in the instansi first.
pub async fn periods(app: &App, user: &CurrentUser, year_id: i64) -> AppResult<Vec<PeriodRow>> {
    let year = crate::store::periode::year_get(&app.db, user.instansi_id(), year_id).await?;
    crate::store::periode::periods(&app.db, user.instansi_id(), year.id).await
}

pub async fn period(app: &App, user: &CurrentUser, id: i64) -> AppResult<PeriodRow> {
    crate::store::periode::period_get(&app.db, user.instansi_id(), id).await
}

/// The admin page of the years: each year with its periods, and the reference versions.
pub struct Overview {
    pub years: Vec<(YearRow, Vec<PeriodRow>)>,
    pub references: Vec<crate::store::referensi::ReferenceRow>,
}

pub async fn overview(app: &App, user: &CurrentUser) -> AppResult<Overview> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let mut years = Vec::new();
    for y in crate::store::periode::years(&app.db, instansi).await? {
        let p = crate::store::periode::periods(&app.db, user.instansi_id(), y.id).await?;
        years.push((y, p));
    }
    let references = crate::store::referensi::references(&app.db, instansi).await?;
    Ok(Overview { years, references })
}

/// The evaluation period a day falls in: the periodic one (the annual one only when the
/// year has no other), if the day's year was opened.
pub async fn period_of_day(
    app: &App,
    instansi_id: i64,
    day: chrono::NaiveDate,
) -> AppResult<Option<PeriodRow>> {
    let Some(year) =
        crate::store::periode::year_by_tahun(&app.db, instansi_id, i64::from(day.year())).await?
    else {
        return Ok(None);
    };
    let periods = crate::store::periode::periods(&app.db, instansi_id, year.id).await?;
    Ok(periods
        .iter()
        .find(|p| !p.akhir && p.mulai <= day && day <= p.selesai)
        .or_else(|| periods.iter().find(|p| p.mulai <= day && day <= p.selesai))
        .cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(id: i64, tahun: i64) -> YearRow {
        YearRow {
            id,
            tahun,
            jenis_periode: JenisPeriode::Triwulanan,
            reference_version_id: 1,
            batas_perencanaan: NaiveDate::from_ymd_opt(tahun as i32, 1, 31).unwrap(),
        }
    }

    #[test]
    fn a_year_is_picked_by_number_else_the_current_else_the_latest() {
        let years = [year(3, 2027), year(2, 2026), year(1, 2025)];
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let pick = |t, today| select_year(&years, t, today).map(|y| y.id);
        assert_eq!(pick(Some(2025), on(2026, 5, 1)), Some(1));
        assert_eq!(pick(Some(2030), on(2026, 5, 1)), None);
        assert_eq!(pick(None, on(2026, 5, 1)), Some(2));
        assert_eq!(pick(None, on(2031, 5, 1)), Some(3));
        assert!(select_year(&[], None, on(2026, 5, 1)).is_none());
    }
}
