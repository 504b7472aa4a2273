//! The dashboard's figures for the regency's other systems.

use super::{ApiError, ApiErrorBody, ApiQuery, ApiUser};
use crate::app::App;
use crate::services::dasbor::{self as svc, Dashboard, HeatRow};
use crate::services::penilaian::UnitTally;
use crate::services::progres::UnitCoverage;
use axum::Json;
use axum::extract::State;
use kinerja_domain::penilaian::Predikat;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

fn by_predikat(counts: impl IntoIterator<Item = i64>) -> BTreeMap<String, i64> {
    Predikat::ALL
        .iter()
        .zip(counts)
        .map(|(p, n)| (p.code().to_string(), n))
        .collect()
}

/// One unit over its whole subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitFiguresDto {
    pub unit_id: i64,
    pub nama: String,
    pub employees: i64,
    pub assessed: i64,
    pub pending: i64,
    /// Employees per predikat code.
    pub predikat: BTreeMap<String, i64>,
    pub capaian: Option<String>,
    /// How many rules of the distribution curve the unit breaks (0 without a capaian).
    pub curve_rules_broken: usize,
    pub finalised: bool,
}

impl From<&UnitTally> for UnitFiguresDto {
    fn from(t: &UnitTally) -> Self {
        UnitFiguresDto {
            unit_id: t.unit_id,
            nama: t.nama.clone(),
            employees: t.total(),
            assessed: t.assessed,
            pending: t.pending,
            predikat: by_predikat(t.histogram.counts.iter().map(|c| *c as i64)),
            capaian: t.capaian.map(|c| c.code().to_string()),
            curve_rules_broken: t.pelanggaran.len(),
            finalised: t.finalised_at.is_some(),
        }
    }
}

/// One row of a heat map: per column, `[low, judged]`.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeatRowDto {
    pub unit_id: i64,
    pub nama: String,
    pub cells: Vec<[i64; 2]>,
}

impl From<&HeatRow> for HeatRowDto {
    fn from(r: &HeatRow) -> Self {
        HeatRowDto {
            unit_id: r.unit_id,
            nama: r.nama.clone(),
            cells: r.cells.iter().map(|(l, n)| [*l, *n]).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrendDto {
    pub tahun: i64,
    pub period_id: i64,
    pub periode: String,
    pub predikat: BTreeMap<String, i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardDto {
    pub unit_id: i64,
    pub unit: String,
    pub tahun: i64,
    pub period_id: i64,
    pub periode: String,
    pub total: UnitFiguresDto,
    /// The direct sub-units, each over its subtree.
    pub units: Vec<UnitFiguresDto>,
    /// BerAKHLAK values, the columns of `perilaku`.
    pub nilai: Vec<String>,
    /// Judgements below expectation per sub-unit and value.
    pub perilaku: Vec<HeatRowDto>,
    /// Jenis jabatan codes, the columns of `jabatan`.
    pub jenis_jabatan: Vec<String>,
    /// Predikat below Baik per sub-unit and jenis jabatan.
    pub jabatan: Vec<HeatRowDto>,
    pub trend: Vec<TrendDto>,
    /// Daily-log coverage, in the period in progress unless `periode` was given.
    pub activity: ActivityDto,
}

/// One unit's daily-log coverage over its subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageDto {
    pub unit_id: i64,
    pub nama: String,
    /// Active employees (pejabat negara excepted).
    pub employees: u64,
    /// Employee working days expected to hold an entry (leave and travel days excepted).
    pub expected_days: u64,
    /// Employee working days holding at least one entry.
    pub logged_days: u64,
    pub entries: u64,
    /// Entries the penilai approved.
    pub acknowledged: u64,
    /// Employees with neither an entry nor leave or travel on the last `silent_days`
    /// working days.
    pub silent: u64,
    /// `logged_days / expected_days` (at most 1); null when no day was expected.
    pub logged_share: Option<f64>,
    /// `acknowledged / entries`; null without entries.
    pub acknowledged_share: Option<f64>,
}

impl From<&UnitCoverage> for CoverageDto {
    fn from(u: &UnitCoverage) -> Self {
        let c = &u.coverage;
        CoverageDto {
            unit_id: u.unit_id,
            nama: u.nama.clone(),
            employees: c.employees,
            expected_days: c.expected_days,
            logged_days: c.logged_days,
            entries: c.entries,
            acknowledged: c.acknowledged,
            silent: c.silent,
            logged_share: c.logged_share(),
            acknowledged_share: c.acknowledged_share(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDto {
    pub period_id: i64,
    pub periode: String,
    /// The days counted: the period up to yesterday; null before it has a past day.
    pub dari: Option<chrono::NaiveDate>,
    pub sampai: Option<chrono::NaiveDate>,
    pub working_days: u32,
    pub silent_days: u32,
    /// The whole scope.
    pub total: CoverageDto,
    /// The direct sub-units (the scope itself when it has none).
    pub units: Vec<CoverageDto>,
}

impl From<Dashboard> for DashboardDto {
    fn from(d: Dashboard) -> Self {
        let a = &d.activity;
        let activity = ActivityDto {
            period_id: a.period.id,
            periode: a.period.nama.clone(),
            dari: a.days.map(|(f, _)| f),
            sampai: a.days.map(|(_, t)| t),
            working_days: a.working_days,
            silent_days: a.silent_days,
            total: (&UnitCoverage {
                unit_id: d.scope.id,
                nama: d.scope.nama.clone(),
                coverage: a.total,
            })
                .into(),
            units: a.rows.iter().map(Into::into).collect(),
        };
        DashboardDto {
            activity,
            unit_id: d.scope.id,
            unit: d.scope.nama.clone(),
            tahun: d.year.tahun,
            period_id: d.period.id,
            periode: d.period.nama.clone(),
            total: (&d.total).into(),
            units: d.rows.iter().map(Into::into).collect(),
            nilai: d.nilai.clone(),
            perilaku: d.perilaku.iter().map(Into::into).collect(),
            jenis_jabatan: d
                .jabatan_cols
                .iter()
                .map(|j| j.code().to_string())
                .collect(),
            jabatan: d.jabatan.iter().map(Into::into).collect(),
            trend: d
                .trend
                .iter()
                .map(|t| TrendDto {
                    tahun: t.tahun,
                    period_id: t.period.id,
                    periode: t.period.nama.clone(),
                    predikat: by_predikat(t.counts),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// A unit within the caller's scope; default: the top of the scope.
    pub unit: Option<i64>,
    /// A period of the last three years; default: the latest whose deadline has passed.
    pub periode: Option<i64>,
}

/// The dashboard figures of a unit's subtree for a period.
#[utoipa::path(get, path = "/dasbor", tag = "dasbor", security(("bearer" = [])), params(DashboardQuery),
    responses((status = 200, body = DashboardDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn dashboard(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<Json<DashboardDto>, ApiError> {
    Ok(Json(
        svc::dashboard(&app, &u, q.unit, q.periode).await?.into(),
    ))
}
