//! The agency's dashboard: for a unit's subtree (the whole instansi for BKPSDM and the
//! pimpinan, an OPD for its admin, a unit for its head) and a period, the assessment
//! progress and predikat distribution of every sub-unit against its curve, low BerAKHLAK
//! ratings by sub-unit and value and low predikat by jenis jabatan, and the distribution
//! over the periods of the last three years. All from aggregate queries.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::accounts::CurrentUser;
use crate::services::org as org_svc;
use crate::services::penilaian::{self as penilaian_svc, UnitTally};
use crate::services::progres::{self as progres_svc, ActivityCoverage};
use crate::store::dasbor as store;
use crate::store::org::{self, UnitRow};
use crate::store::periode::PeriodRow;
use crate::store::periode::YearRow;
use chrono::NaiveDate;
use kinerja_domain::jabatan::JenisJabatan;
use kinerja_domain::penilaian::Predikat;
use serde::Serialize;

/// How many years the trend covers.
pub const TREND_YEARS: i64 = 3;

/// One row of a heat map: a sub-unit and, per column, (low, judged).
#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub unit_id: i64,
    pub nama: String,
    pub cells: Vec<(i64, i64)>,
}

impl HeatRow {
    pub fn share(&self, i: usize) -> Option<f64> {
        let (low, n) = self.cells[i];
        (n > 0).then(|| low as f64 / n as f64)
    }
}

/// One period of the trend.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub tahun: i64,
    pub period: PeriodRow,
    pub counts: [i64; 5],
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub scope: UnitRow,
    /// The scope's ancestors the viewer may open, root first (breadcrumbs).
    pub ancestors: Vec<UnitRow>,
    pub year: YearRow,
    pub period: PeriodRow,
    /// Every period of the trend years, newest year first, for the selector.
    pub periods: Vec<(i64, PeriodRow)>,
    pub today: NaiveDate,
    /// The scope's own figures over its whole subtree.
    pub total: UnitTally,
    /// The direct sub-units, each over its subtree.
    pub rows: Vec<UnitTally>,
    /// BerAKHLAK value names, the columns of `perilaku`.
    pub nilai: Vec<String>,
    /// Share of "di bawah ekspektasi" per sub-unit and value.
    pub perilaku: Vec<HeatRow>,
    /// Jenis jabatan codes present, the columns of `jabatan`.
    pub jabatan_cols: Vec<JenisJabatan>,
    /// Share of predikat below Baik per sub-unit and jenis jabatan.
    pub jabatan: Vec<HeatRow>,
    pub trend: Vec<TrendPoint>,
    /// Daily-log coverage of the same units, in the period in progress unless another
    /// was chosen.
    pub activity: ActivityCoverage,
}

impl Dashboard {
    /// Days past the period's filling deadline with assessments still pending.
    pub fn days_late(&self) -> Option<i64> {
        (self.today > self.period.batas && self.total.pending > 0)
            .then(|| (self.today - self.period.batas).num_days())
    }

    /// Sub-units with results, best first: by share of Sangat Baik + Baik, then size.
    pub fn ranking(&self) -> Vec<&UnitTally> {
        let mut v: Vec<&UnitTally> = self
            .rows
            .iter()
            .filter(|r| r.histogram.total() > 0)
            .collect();
        v.sort_by(|a, b| {
            good_share(b)
                .partial_cmp(&good_share(a))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.histogram.total().cmp(&a.histogram.total()))
        });
        v
    }

    pub fn breaking(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !r.pelanggaran.is_empty())
            .count()
    }
}

/// Share (0–1) of a unit's results that are Baik or Sangat Baik.
pub fn good_share(t: &UnitTally) -> f64 {
    let h = &t.histogram;
    match h.total() {
        0 => 0.0,
        n => {
            (h.counts[Predikat::SangatBaik.index()] + h.counts[Predikat::Baik.index()]) as f64
                / n as f64
        }
    }
}

/// The period of the activity figures: the one chosen, else the (non-annual) period in
/// progress, else the dashboard's.
pub fn activity_period(
    periods: &[(i64, PeriodRow)],
    chosen: Option<i64>,
    shown: &PeriodRow,
    today: NaiveDate,
) -> PeriodRow {
    let in_progress = |annual: bool| {
        periods
            .iter()
            .map(|(_, p)| p)
            .find(|p| p.akhir == annual && p.mulai <= today && today <= p.selesai)
    };
    match chosen {
        Some(_) => shown.clone(),
        None => in_progress(false)
            .or_else(|| in_progress(true))
            .unwrap_or(shown)
            .clone(),
    }
}

/// The default period: the latest one whose filling deadline has passed, else the first.
pub fn default_period(periods: &[(i64, PeriodRow)], today: NaiveDate) -> Option<PeriodRow> {
    periods
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p.batas < today)
        .max_by_key(|p| (p.batas, p.akhir))
        .or_else(|| periods.iter().map(|(_, p)| p).min_by_key(|p| p.batas))
        .cloned()
}

pub async fn dashboard(
    app: &App,
    user: &CurrentUser,
    unit_id: Option<i64>,
    period_id: Option<i64>,
) -> AppResult<Dashboard> {
    let instansi = user.instansi_id();
    // The viewer's scope; a unit outside it is refused whatever the URL says.
    let scope = org_svc::list_scope(app, user, unit_id).await?;
    let today = app.today();
    let mut years = crate::store::periode::years(&app.db, instansi).await?;
    years.sort_by_key(|y| -y.tahun);
    years.truncate(TREND_YEARS as usize);
    let mut periods: Vec<(i64, PeriodRow)> = Vec::new();
    for y in &years {
        for p in crate::store::periode::periods(&app.db, user.instansi_id(), y.id).await? {
            periods.push((y.tahun, p));
        }
    }
    let period = match period_id {
        Some(id) => periods
            .iter()
            .find(|(_, p)| p.id == id)
            .map(|(_, p)| p.clone())
            .ok_or(AppError::NotFound)?,
        None => default_period(&periods, today).ok_or(AppError::NotFound)?,
    };
    let year = years
        .iter()
        .find(|y| y.id == period.year_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let referensi =
        crate::services::referensi::referensi(app, instansi, year.reference_version_id).await?;
    let all = penilaian_svc::tallies(app, instansi, &scope, &period, &referensi).await?;
    let path = scope.unit_path();
    let mut total = None;
    let mut rows = Vec::new();
    for t in all.iter() {
        if t.unit_id == scope.id {
            total = Some(t.clone());
        } else if t.parent_id == Some(scope.id) && (t.aktif || t.total() > 0) {
            rows.push(t.clone());
        }
    }
    let total = total.ok_or(AppError::NotFound)?;
    // Siblings as the unit list orders them. The tallies come in path order, which puts
    // `/1/110/` before `/1/19/` and `/1/2/`: the order of the ids' digits, not the units'.
    rows.sort_by(|a, b| (a.urutan, &a.nama).cmp(&(b.urutan, &b.nama)));
    // A unit without sub-units shows itself as its only row in the heat maps.
    let heat_units: Vec<(i64, String)> = if rows.is_empty() {
        vec![(scope.id, scope.nama.clone())]
    } else {
        rows.iter().map(|r| (r.unit_id, r.nama.clone())).collect()
    };

    let nilai: Vec<String> = referensi.berakhlak.iter().map(|n| n.nama.clone()).collect();
    // Low BerAKHLAK ratings come with the tallies: (rated low, results) per sub-unit.
    let heat_source: Vec<&UnitTally> = if rows.is_empty() {
        vec![&total]
    } else {
        rows.iter().collect()
    };
    let perilaku: Vec<HeatRow> = heat_source
        .iter()
        .map(|t| HeatRow {
            unit_id: t.unit_id,
            nama: t.nama.clone(),
            cells: referensi
                .berakhlak
                .iter()
                .map(|n| {
                    let low = if (1..=7).contains(&n.kode) {
                        t.perilaku_bawah[n.kode as usize - 1]
                    } else {
                        0
                    };
                    (low, t.assessed)
                })
                .collect(),
        })
        .collect();

    // Low predikat per jenis jabatan also come with the tallies; a column shows when some
    // unit of the scope has a result in it.
    let jabatan_cols: Vec<usize> = (0..JenisJabatan::ALL.len())
        .filter(|&j| total.jabatan[j].1 > 0)
        .collect();
    let jabatan: Vec<HeatRow> = heat_source
        .iter()
        .map(|t| HeatRow {
            unit_id: t.unit_id,
            nama: t.nama.clone(),
            cells: jabatan_cols.iter().map(|&j| t.jabatan[j]).collect(),
        })
        .collect();
    let jabatan_cols: Vec<JenisJabatan> = jabatan_cols
        .into_iter()
        .map(|j| JenisJabatan::ALL[j])
        .collect();

    let from = years.iter().map(|y| y.tahun).min().unwrap_or(year.tahun);
    let trend_rows = if scope.parent_id.is_none() {
        store::trend_all(app.reader(), instansi, from).await?
    } else {
        store::trend_in(app.reader(), instansi, &path, from).await?
    };
    let mut trend: Vec<TrendPoint> = Vec::new();
    let mut ordered = periods.clone();
    ordered.sort_by_key(|(t, p)| (*t, p.urutan, p.id));
    for (tahun, p) in ordered {
        let counts = trend_rows
            .iter()
            .find(|r| r.period_id == p.id)
            .map(|r| r.counts())
            .unwrap_or_default();
        if counts.iter().sum::<i64>() > 0 {
            trend.push(TrendPoint {
                tahun,
                period: p,
                counts,
            });
        }
    }

    let tree: Vec<(i64, Option<i64>)> = all.iter().map(|t| (t.unit_id, t.parent_id)).collect();
    let activity = progres_svc::coverage(
        app,
        instansi,
        &scope,
        &tree,
        &heat_units,
        &activity_period(&periods, period_id, &period, today),
        progres_svc::SILENT_DAYS,
    )
    .await?;

    let mut ancestors = Vec::new();
    for a in org::unit_ancestors(&app.db, instansi, scope.id).await? {
        if a.id != scope.id && user.actor.can_view_unit(instansi, &a.unit_path()) {
            ancestors.push(a);
        }
    }
    Ok(Dashboard {
        scope,
        ancestors,
        year,
        period,
        periods,
        today,
        total,
        rows,
        nilai,
        perilaku,
        jabatan_cols,
        jabatan,
        trend,
        activity,
    })
}
