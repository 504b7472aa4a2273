//! The dashboard page: charts as server-rendered SVG with the numbers in tables beside them.

mod aktivitas;

use super::penilaian::predikat_key;
use super::views::Ctx;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{UserLang, WebUser};
use crate::services::dasbor::{self as svc, Dashboard};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use kinerja_documents::chart;
use kinerja_documents::table::{self, Cell, Column, Table};
use kinerja_domain::penilaian::Predikat;
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/dasbor", get(page))
        .route("/dasbor/unduh", get(export))
        .route("/dasbor/aktivitas", get(aktivitas::page))
        .route("/dasbor/aktivitas/unduh", get(aktivitas::export))
}

#[derive(Deserialize, Default)]
struct DashQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    periode: Option<i64>,
    /// `xlsx` (every table, one sheet each) or `csv` (the units table).
    #[serde(default)]
    format: Option<String>,
}

#[derive(Template)]
#[template(path = "dasbor.html")]
pub struct DashboardPage {
    pub ctx: Ctx,
    pub d: Dashboard,
    /// The smallest group whose share is shown (configuration).
    pub min_group: u32,
}

/// How many units each of the top and bottom distribution charts shows.
pub const RANKED: usize = 5;

/// A heat map's cells: a share, the size of a group too small to show one, or nothing.
fn heat_cells(
    rows: &[crate::services::dasbor::HeatRow],
    min_group: u32,
) -> Vec<(String, Vec<chart::HeatCell>)> {
    rows.iter()
        .map(|r| {
            let cells = r
                .cells
                .iter()
                .map(|&(low, n)| match n {
                    0 => chart::HeatCell::Empty,
                    n if n < i64::from(min_group) => chart::HeatCell::Few(n as u32),
                    n => chart::HeatCell::Share(low as f64 / n as f64),
                })
                .collect();
            (r.nama.clone(), cells)
        })
        .collect()
}

/// Column heads that fit a phone: the initials of a name of several words (JPT), the first
/// three letters of one word.
fn short_names(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            let words: Vec<&str> = n.split_whitespace().collect();
            if words.len() > 1 {
                words
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_uppercase)
                    .collect()
            } else {
                n.chars().take(3).collect()
            }
        })
        .collect()
}

impl DashboardPage {
    pub fn predikat_labels(&self) -> Vec<String> {
        Predikat::ALL
            .iter()
            .map(|p| self.ctx.t(predikat_key(*p)).to_string())
            .collect()
    }

    pub fn link(&self, unit: &i64) -> String {
        format!("/dasbor?unit={unit}&periode={}", self.d.period.id)
    }

    /// The distribution of predikat per sub-unit, best share of good predikat first: with
    /// more than twice [`RANKED`] units, one chart of the top ones and one of the bottom
    /// ones (the table lists every unit).
    pub fn distribution_charts(&self) -> Vec<(String, String)> {
        let ranked = self.d.ranking();
        let rows = |list: &[&crate::services::penilaian::UnitTally]| -> Vec<(String, Vec<u32>)> {
            list.iter()
                .map(|r| (r.nama.clone(), r.histogram.counts.to_vec()))
                .collect()
        };
        let draw = |id: &str, title: String, list: &[&crate::services::penilaian::UnitTally]| {
            let svg = chart::stacked_bars(
                id,
                &title,
                &self.predikat_labels(),
                &chart::PREDIKAT_COLOURS,
                &rows(list),
            );
            (title, svg)
        };
        if ranked.len() > 2 * RANKED {
            let bottom: Vec<_> = ranked[ranked.len() - RANKED..].to_vec();
            vec![
                draw(
                    "dist-top",
                    self.ctx.tf("dasbor-top", "n", RANKED),
                    &ranked[..RANKED],
                ),
                draw(
                    "dist-bottom",
                    self.ctx.tf("dasbor-bottom", "n", RANKED),
                    &bottom,
                ),
            ]
        } else if ranked.is_empty() {
            Vec::new()
        } else {
            vec![draw(
                "dist",
                self.ctx.t("dasbor-distribution").to_string(),
                &ranked,
            )]
        }
    }

    /// The BerAKHLAK values' names in the page's language.
    pub fn nilai_names(&self) -> Vec<String> {
        self.d.nilai.iter().map(|n| self.ctx.reference(n)).collect()
    }

    /// The sub-units that break their curve, each with the rules it breaks in words.
    pub fn breaking_units(&self) -> Vec<(i64, String, Vec<String>)> {
        self.d
            .rows
            .iter()
            .filter(|r| !r.pelanggaran.is_empty())
            .map(|r| {
                let rules = r
                    .pelanggaran
                    .iter()
                    .map(|p| super::penilaian::violation_text(&self.ctx, p))
                    .collect();
                (r.unit_id, r.nama.clone(), rules)
            })
            .collect()
    }

    pub fn trend_chart(&self) -> String {
        let rows: Vec<(String, Vec<u32>)> = self
            .d
            .trend
            .iter()
            .map(|t| {
                (
                    format!("{} {}", t.tahun, self.ctx.period(&t.period.nama)),
                    t.counts.iter().map(|c| *c as u32).collect(),
                )
            })
            .collect();
        chart::stacked_bars(
            "trend",
            self.ctx.t("dasbor-trend"),
            &self.predikat_labels(),
            &chart::PREDIKAT_COLOURS,
            &rows,
        )
    }

    pub fn perilaku_chart(&self) -> String {
        chart::heat_map(
            "heat-nilai",
            self.ctx.t("dasbor-heat-perilaku"),
            &self.nilai_names(),
            &short_names(&self.nilai_names()),
            &heat_cells(&self.d.perilaku, self.min_group),
        )
    }

    pub fn jabatan_labels(&self) -> Vec<String> {
        self.d
            .jabatan_cols
            .iter()
            .map(|j| j.label().to_string())
            .collect()
    }

    pub fn jabatan_chart(&self) -> String {
        let labels = self.jabatan_labels();
        chart::heat_map(
            "heat-jabatan",
            self.ctx.t("dasbor-heat-jabatan"),
            &labels,
            &short_names(&labels),
            &heat_cells(&self.d.jabatan, self.min_group),
        )
    }

    pub fn export_link(&self, format: &str) -> String {
        format!(
            "/dasbor/unduh?unit={}&periode={}&format={format}",
            self.d.scope.id, self.d.period.id
        )
    }

    /// The page's tables, for the spreadsheet: the same numbers as on screen.
    pub fn tables(&self) -> Vec<Table> {
        let t = |k| self.ctx.t(k).to_string();
        let d = &self.d;
        let mut units = Table {
            name: t("dasbor-units"),
            columns: [
                (t("kurva-unit"), 36.0),
                (t("stat-employees"), 10.0),
                (t("kurva-assessed"), 12.0),
                (t("kurva-not-assessed"), 12.0),
            ]
            .into_iter()
            .chain(self.predikat_labels().into_iter().map(|l| (l, 12.0)))
            .chain([
                (t("dasbor-good"), 12.0),
                (t("kurva-capaian"), 16.0),
                (t("dasbor-rules-broken"), 14.0),
            ])
            .map(|(h, w)| Column::new(h, w))
            .collect(),
            rows: Vec::new(),
        };
        let rows = if d.rows.is_empty() {
            vec![&d.total]
        } else {
            d.rows.iter().chain(std::iter::once(&d.total)).collect()
        };
        for r in rows {
            let mut cells: Vec<Cell> = vec![
                if r.unit_id == d.scope.id && !d.rows.is_empty() {
                    Cell::Text(format!("{} ({})", t("dasbor-total"), r.nama))
                } else {
                    Cell::Text(r.nama.clone())
                },
                Cell::Int(r.total()),
                Cell::Int(r.assessed),
                Cell::Int(r.pending),
            ];
            cells.extend(r.histogram.counts.iter().map(|c| Cell::Int(*c as i64)));
            cells.push(match r.histogram.total() {
                0 => Cell::Empty,
                _ => Cell::Percent(svc::good_share(r)),
            });
            cells.push(match r.capaian {
                Some(c) => Cell::Text(self.ctx.t(super::penilaian::capaian_key(c)).to_string()),
                None => Cell::Empty,
            });
            cells.push(match r.capaian {
                Some(_) => Cell::Int(r.pelanggaran.len() as i64),
                None => Cell::Empty,
            });
            units.rows.push(cells);
        }
        let heat =
            |name: String, cols: Vec<String>, rows: &[crate::services::dasbor::HeatRow]| Table {
                name,
                columns: std::iter::once(Column::new(t("kurva-unit"), 36.0))
                    .chain(cols.into_iter().map(|c| Column::new(c, 14.0)))
                    .collect(),
                rows: rows
                    .iter()
                    .map(|r| {
                        std::iter::once(Cell::Text(r.nama.clone()))
                            .chain((0..r.cells.len()).map(|i| match r.share(i) {
                                Some(x) => Cell::Percent(x),
                                None => Cell::Empty,
                            }))
                            .collect()
                    })
                    .collect(),
            };
        let trend = Table {
            name: t("dasbor-trend-sheet"),
            columns: std::iter::once(Column::new(t("evaluasi-period"), 24.0))
                .chain(
                    self.predikat_labels()
                        .into_iter()
                        .map(|l| Column::new(l, 12.0)),
                )
                .collect(),
            rows: d
                .trend
                .iter()
                .map(|p| {
                    std::iter::once(Cell::Text(format!("{} {}", p.tahun, p.period.nama)))
                        .chain(p.counts.iter().map(|c| Cell::Int(*c)))
                        .collect()
                })
                .collect(),
        };
        vec![
            units,
            heat(t("dasbor-perilaku-sheet"), self.nilai_names(), &d.perilaku),
            heat(t("dasbor-jabatan-sheet"), self.jabatan_labels(), &d.jabatan),
            trend,
            self.activity_table(),
        ]
    }

    /// The daily-log coverage per unit, total last, as on screen.
    fn activity_table(&self) -> Table {
        let t = |k| self.ctx.t(k).to_string();
        let a = &self.d.activity;
        let share = |s: Option<f64>| s.map_or(Cell::Empty, Cell::Percent);
        let leaf = self.d.rows.is_empty();
        let total = crate::services::progres::UnitCoverage {
            unit_id: self.d.scope.id,
            nama: if leaf {
                self.d.scope.nama.clone()
            } else {
                format!("{} ({})", t("dasbor-total"), self.d.scope.nama)
            },
            coverage: a.total,
        };
        let rows: Vec<&crate::services::progres::UnitCoverage> = if leaf {
            vec![&total]
        } else {
            a.rows.iter().chain(std::iter::once(&total)).collect()
        };
        Table {
            name: format!("{} {}", t("dasbor-aktivitas-sheet-units"), a.period.kode),
            columns: [
                (t("kurva-unit"), 36.0),
                (t("stat-employees"), 10.0),
                (t("dasbor-aktivitas-expected"), 14.0),
                (t("dasbor-aktivitas-logged"), 14.0),
                (t("dasbor-aktivitas-logged-share"), 12.0),
                (t("dasbor-aktivitas-entries"), 12.0),
                (t("dasbor-aktivitas-acknowledged"), 12.0),
                (t("dasbor-aktivitas-acknowledged-share"), 12.0),
                (
                    self.ctx
                        .tf("dasbor-aktivitas-silent-col", "n", a.silent_days)
                        .to_string(),
                    14.0,
                ),
            ]
            .into_iter()
            .map(|(h, w)| Column::new(h, w))
            .collect(),
            rows: rows
                .into_iter()
                .map(|r| {
                    let c = &r.coverage;
                    vec![
                        Cell::Text(r.nama.clone()),
                        Cell::Int(c.employees as i64),
                        Cell::Int(c.expected_days as i64),
                        Cell::Int(c.logged_days.min(c.expected_days) as i64),
                        share(c.logged_share()),
                        Cell::Int(c.entries as i64),
                        Cell::Int(c.acknowledged as i64),
                        share(c.acknowledged_share()),
                        Cell::Int(c.silent as i64),
                    ]
                })
                .collect(),
        }
    }

    /// A share as a whole percentage, or a dash when there is nothing to divide.
    pub fn percent(&self, share: Option<f64>) -> String {
        match share {
            Some(s) => format!("{}%", (s * 100.0).round() as i64),
            None => "–".into(),
        }
    }

    pub fn silent_link(&self, unit: &i64) -> String {
        format!(
            "/dasbor/aktivitas?unit={unit}&hari={}",
            self.d.activity.silent_days
        )
    }

    pub fn pct(&self, part: &i64, whole: &i64) -> i64 {
        if *whole == 0 { 0 } else { part * 100 / whole }
    }

    /// A heat-map cell in the table: the share with its counts, or for a group smaller
    /// than the configured minimum only its size.
    pub fn cell(&self, c: &(i64, i64)) -> String {
        match c {
            (_, 0) => "–".into(),
            (_, n) if *n < i64::from(self.min_group) => self.ctx.tf("dasbor-few", "n", n),
            (low, n) => format!("{}% ({low}/{n})", low * 100 / n),
        }
    }

    pub fn good(&self, t: &crate::services::penilaian::UnitTally) -> i64 {
        (svc::good_share(t) * 100.0).round() as i64
    }

    /// The value most often rated below expectation across the scope, with its share.
    pub fn weakest_value(&self) -> Option<(String, i64)> {
        let mut best: Option<(String, i64, i64)> = None;
        for (i, nama) in self.nilai_names().iter().enumerate() {
            let (low, n) = self
                .d
                .perilaku
                .iter()
                .fold((0, 0), |(l, t), r| (l + r.cells[i].0, t + r.cells[i].1));
            if n == 0 || low == 0 {
                continue;
            }
            let share = low * 1000 / n;
            if best.as_ref().is_none_or(|b| share > b.2) {
                best = Some((nama.clone(), low * 100 / n, share));
            }
        }
        best.map(|(n, p, _)| (n, p))
    }

    pub fn top(&self) -> Vec<String> {
        self.d
            .ranking()
            .iter()
            .take(3)
            .map(|t| format!("{} ({}%)", t.nama, self.good(t)))
            .collect::<Vec<_>>()
    }

    pub fn bottom(&self) -> Vec<String> {
        let r = self.d.ranking();
        if r.len() < 4 {
            return Vec::new();
        }
        r.iter()
            .rev()
            .take(3)
            .map(|t| format!("{} ({}%)", t.nama, self.good(t)))
            .collect()
    }
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<DashQuery>,
) -> AppResult<Response> {
    let d = svc::dashboard(&app, &user, q.unit, q.periode).await?;
    let page = DashboardPage {
        ctx: Ctx::new(lang, Some(&user), "/dasbor", "dasbor"),
        d,
        min_group: app.cfg.dasbor_min_group,
    };
    super::render_status(axum::http::StatusCode::OK, page)
}

async fn export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<DashQuery>,
) -> AppResult<Response> {
    let d = svc::dashboard(&app, &user, q.unit, q.periode).await?;
    let stem = format!(
        "dasbor-{}-{}-{}",
        d.scope
            .kode
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        d.year.tahun,
        d.period.kode
    );
    let page = DashboardPage {
        ctx: Ctx::new(lang, Some(&user), "/dasbor", "dasbor"),
        d,
        min_group: app.cfg.dasbor_min_group,
    };
    let tables = page.tables();
    match q.format.as_deref() {
        Some("csv") => super::downloads::download(
            table::csv(&tables[0]).into_bytes(),
            "text/csv; charset=utf-8",
            &format!("{stem}.csv"),
        ),
        Some("xlsx") | None => {
            // Writing a workbook is CPU work: keep it off the async workers.
            let bytes = tokio::task::spawn_blocking(move || table::xlsx(&tables))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| AppError::Internal(e.to_string()))?;
            super::downloads::download(
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{stem}.xlsx"),
            )
        }
        Some(_) => Err(AppError::NotFound),
    }
}
