//! Report pages (one page of rows on screen, with period and scope selectors) and their
//! downloads, streamed: XLSX rows go through a constant-memory workbook into a temporary
//! file, CSV rows straight into the response, a chunk of rows at a time.

use super::extract::{UserLang, WebUser};
use super::penilaian::{download_body, predikat_key, rating_key, status_key};
use super::views::Ctx;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::laporan::{self as svc, Jenis, Laporan, Params, Rows, Subject, Syarat};
use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use kinerja_documents::table::{self, Cell, Column, XlsxStream};
use kinerja_domain::penilaian::Predikat;
use serde::Deserialize;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";

pub fn routes() -> Router<App> {
    Router::new()
        .route("/laporan", get(index))
        .route("/laporan/{jenis}", get(page))
        .route("/laporan/{jenis}/unduh", get(export))
}

#[derive(Deserialize, Default)]
struct LaporanQuery {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    periode: Option<i64>,
    /// Kenaikan pangkat: `belum` lists those who do not meet the condition.
    #[serde(default)]
    syarat: Option<String>,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    format: Option<String>,
}

impl LaporanQuery {
    fn params(&self) -> Params {
        Params {
            unit: self.unit,
            periode: self.periode,
            syarat: match self.syarat.as_deref() {
                Some("belum") => Syarat::Belum,
                _ => Syarat::Memenuhi,
            },
            page: self.page.unwrap_or(1),
        }
    }
}

fn jenis_of(slug: &str) -> AppResult<Jenis> {
    Jenis::parse(slug).ok_or(AppError::NotFound)
}

pub fn title_key(j: Jenis) -> &'static str {
    match j {
        Jenis::Rekap => "laporan-rekap",
        Jenis::KenaikanPangkat => "laporan-pangkat",
        Jenis::PerluPembinaan => "laporan-pembinaan",
        Jenis::AngkaKredit => "laporan-angka-kredit",
    }
}

pub fn help_key(j: Jenis) -> &'static str {
    match j {
        Jenis::Rekap => "laporan-rekap-help",
        Jenis::KenaikanPangkat => "laporan-pangkat-help",
        Jenis::PerluPembinaan => "laporan-pembinaan-help",
        Jenis::AngkaKredit => "laporan-angka-kredit-help",
    }
}

/// The report's columns and how a chunk of rows becomes cells, in the viewer's language.
pub struct Layout<'a> {
    pub ctx: &'a Ctx,
    pub subject: &'a Subject,
}

impl Layout<'_> {
    fn t(&self, k: &str) -> String {
        self.ctx.t(k).to_string()
    }

    fn predikat(&self, p: Option<Predikat>) -> Cell {
        match p {
            Some(p) => Cell::Text(self.t(predikat_key(p))),
            None => Cell::Empty,
        }
    }

    fn period_label(&self, p: Option<&(i64, crate::store::skp::PeriodRow)>) -> String {
        match p {
            Some((tahun, p)) => format!("{tahun} {}", p.nama),
            None => "–".into(),
        }
    }

    pub fn columns(&self) -> Vec<Column> {
        let t = |k: &str| self.t(k);
        let now = format!(
            "{} {} {}",
            t("laporan-predikat"),
            self.subject.tahun,
            self.subject.period.nama
        );
        let before = format!(
            "{} {}",
            t("laporan-predikat"),
            self.period_label(self.subject.previous.as_ref())
        );
        let person = [
            (t("laporan-nip"), 21.0),
            (t("f-nama"), 32.0),
            (t("f-golongan"), 24.0),
            (t("f-jabatan"), 32.0),
            (t("f-unit"), 32.0),
            (t("laporan-opd"), 32.0),
        ];
        let cols: Vec<(String, f64)> = match self.subject.jenis {
            Jenis::Rekap => person
                .into_iter()
                .chain([
                    (t("evaluasi-period"), 18.0),
                    (t("laporan-status"), 16.0),
                    (t("laporan-hasil"), 18.0),
                    (t("laporan-perilaku"), 18.0),
                    (t("laporan-predikat"), 16.0),
                    (t("laporan-nip-penilai"), 21.0),
                    (t("laporan-nama-penilai"), 32.0),
                ])
                .collect(),
            Jenis::KenaikanPangkat => person
                .into_iter()
                .chain([(before, 18.0), (now, 18.0), (t("laporan-keterangan"), 40.0)])
                .collect(),
            Jenis::PerluPembinaan => person
                .into_iter()
                .chain([(before, 18.0), (now, 18.0), (t("laporan-catatan"), 48.0)])
                .collect(),
            Jenis::AngkaKredit => person
                .into_iter()
                .chain([
                    (t("laporan-jenjang"), 18.0),
                    (now, 18.0),
                    (t("laporan-persen"), 10.0),
                    (t("laporan-koefisien"), 12.0),
                    (t("laporan-angka-kredit"), 14.0),
                ])
                .collect(),
        };
        cols.into_iter().map(|(h, w)| Column::new(h, w)).collect()
    }

    /// Why an employee does (not) meet the kenaikan pangkat condition.
    fn pangkat_reason(&self, l: &svc::PairLine) -> String {
        let good = |p: Option<Predikat>| p.is_some_and(|p| p.at_least_baik());
        if good(l.predikat) && good(l.predikat_lalu) {
            self.t("laporan-pangkat-ok")
        } else if l.predikat_lalu.is_none() {
            self.t("laporan-pangkat-no-previous")
        } else {
            self.t("laporan-pangkat-low")
        }
    }

    pub fn cells(&self, rows: &Rows) -> Vec<Vec<Cell>> {
        let period = format!("{} {}", self.subject.tahun, self.subject.period.nama);
        match rows {
            Rows::Rekap(v) => v
                .iter()
                .map(|l| {
                    vec![
                        l.pegawai.nip.clone().into(),
                        l.pegawai.nama.clone().into(),
                        l.pegawai.pangkat.clone().into(),
                        l.pegawai.jabatan.clone().into(),
                        l.pegawai.unit.clone().into(),
                        l.opd.clone().into(),
                        period.clone().into(),
                        self.t(status_key(&l.status)).into(),
                        l.rating_hasil
                            .map_or(Cell::Empty, |r| self.t(rating_key(r)).into()),
                        l.rating_perilaku
                            .map_or(Cell::Empty, |r| self.t(rating_key(r)).into()),
                        self.predikat(l.predikat),
                        l.penilai
                            .as_ref()
                            .map_or(Cell::Empty, |p| p.nip.clone().into()),
                        l.penilai
                            .as_ref()
                            .map_or(Cell::Empty, |p| p.nama.clone().into()),
                    ]
                })
                .collect(),
            Rows::Pair(v) => v
                .iter()
                .map(|l| {
                    let mut c: Vec<Cell> = vec![
                        l.nip.clone().into(),
                        l.nama.clone().into(),
                        l.pangkat.clone().into(),
                        l.jabatan.clone().into(),
                        l.unit.clone().into(),
                        l.opd.clone().into(),
                    ];
                    match self.subject.jenis {
                        Jenis::AngkaKredit => {
                            c.push(l.jenjang.map_or(Cell::Empty, |j| j.label().into()));
                            c.push(self.predikat(l.predikat));
                            match l.angka_kredit {
                                Some((persen, koef, ak)) => {
                                    c.push(Cell::Percent(persen as f64 / 100.0));
                                    c.push(Cell::Num(koef.as_f64()));
                                    c.push(Cell::Num3(ak.as_f64()));
                                }
                                None => c.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                            }
                        }
                        Jenis::KenaikanPangkat => {
                            c.push(self.predikat(l.predikat_lalu));
                            c.push(self.predikat(l.predikat));
                            c.push(self.pangkat_reason(l).into());
                        }
                        _ => {
                            c.push(self.predikat(l.predikat_lalu));
                            c.push(self.predikat(l.predikat));
                            c.push(l.catatan.clone().into());
                        }
                    }
                    c
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "laporan_index.html")]
struct IndexPage {
    ctx: Ctx,
}

impl IndexPage {
    fn reports(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        Jenis::ALL
            .into_iter()
            .map(|j| (j.slug(), title_key(j), help_key(j)))
            .collect()
    }
}

#[derive(Template)]
#[template(path = "laporan.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub l: Laporan,
    pub columns: Vec<Column>,
    pub cells: Vec<Vec<Cell>>,
}

impl ReportPage {
    pub fn title(&self) -> &'static str {
        self.ctx.t(title_key(self.l.subject.jenis))
    }

    pub fn help(&self) -> &'static str {
        self.ctx.t(help_key(self.l.subject.jenis))
    }

    pub fn slug(&self) -> &'static str {
        self.l.subject.jenis.slug()
    }

    pub fn annual(&self) -> bool {
        self.l.subject.jenis.annual()
    }

    pub fn pangkat(&self) -> bool {
        self.l.subject.jenis == Jenis::KenaikanPangkat
    }

    pub fn belum(&self) -> bool {
        self.l.subject.syarat == Syarat::Belum
    }

    fn query(&self, page: u32) -> String {
        let s = &self.l.subject;
        let mut q = format!("unit={}&periode={}", s.scope.id, s.period.id);
        if s.syarat == Syarat::Belum {
            q.push_str("&syarat=belum");
        }
        if page > 1 {
            q.push_str(&format!("&page={page}"));
        }
        q
    }

    pub fn page_link(&self, page: u32) -> String {
        format!("/laporan/{}?{}", self.slug(), self.query(page))
    }

    pub fn export_link(&self, format: &str) -> String {
        format!(
            "/laporan/{}/unduh?{}&format={format}",
            self.slug(),
            self.query(1)
        )
    }

    pub fn show(&self, c: &Cell) -> String {
        match c {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => format!("{x:.2}").replace('.', ","),
            Cell::Num3(x) => format!("{x:.3}").replace('.', ","),
            Cell::Percent(x) => format!("{:.0}%", x * 100.0),
            Cell::Empty => "–".into(),
        }
    }

    pub fn numeric(&self, c: &Cell) -> bool {
        matches!(
            c,
            Cell::Int(_) | Cell::Num(_) | Cell::Num3(_) | Cell::Percent(_)
        )
    }
}

async fn index(
    State(_app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
) -> AppResult<Response> {
    if user.actor.read_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    super::render_status(
        axum::http::StatusCode::OK,
        IndexPage {
            ctx: Ctx::new(lang, Some(&user), "/laporan", "laporan"),
        },
    )
}

async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(slug): Path<String>,
    Query(q): Query<LaporanQuery>,
) -> AppResult<Response> {
    let jenis = jenis_of(&slug)?;
    let l = svc::page(&app, &user, jenis, &q.params()).await?;
    let ctx = Ctx::new(lang, Some(&user), "/laporan", "laporan");
    let layout = Layout {
        ctx: &ctx,
        subject: &l.subject,
    };
    let columns = layout.columns();
    let cells = layout.cells(&l.rows);
    super::render_status(
        axum::http::StatusCode::OK,
        ReportPage {
            ctx,
            l,
            columns,
            cells,
        },
    )
}

fn file_stem(s: &Subject) -> String {
    format!(
        "{}-{}-{}-{}",
        s.jenis.slug(),
        s.scope
            .kode
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        s.tahun,
        s.period.kode
    )
}

/// Writes every row of a report as a constant-memory workbook into `out` (a temporary
/// file), reading the rows a chunk at a time. Returns the file rewound and the row count.
pub async fn write_xlsx(
    app: &App,
    ctx: &Ctx,
    subject: &Subject,
    out: std::fs::File,
) -> AppResult<(std::fs::File, u32)> {
    let layout = Layout { ctx, subject };
    let columns = layout.columns();
    let name = ctx.t(title_key(subject.jenis)).to_string();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Vec<Cell>>>(2);
    let writer = tokio::task::spawn_blocking(move || {
        let mut x = XlsxStream::new(&name, &columns)?;
        while let Some(chunk) = rx.blocking_recv() {
            for row in &chunk {
                x.push(row)?;
            }
        }
        let rows = x.rows();
        let mut out = out;
        x.finish(&mut out)?;
        Ok::<_, table::TableError>((out, rows))
    });
    let mut offset = 0;
    loop {
        let rows = svc::rows(app, subject, svc::CHUNK, offset).await?;
        let n = rows.len() as i64;
        if n > 0 && tx.send(layout.cells(&rows)).await.is_err() {
            // The writer failed; its error is reported below.
            break;
        }
        if n < svc::CHUNK {
            break;
        }
        offset += n;
    }
    drop(tx);
    let (mut file, n) = writer
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    use std::io::Seek;
    file.rewind()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((file, n))
}

/// The CSV of a report as a stream: each chunk of rows is read when the client is ready
/// for it.
pub fn csv_body(app: App, ctx: Ctx, subject: Subject) -> Body {
    let header = {
        let layout = Layout {
            ctx: &ctx,
            subject: &subject,
        };
        table::csv_header(&layout.columns())
    };
    let state = (app, ctx, subject, Some(0i64));
    let rest = futures_util::stream::try_unfold(state, |(app, ctx, subject, offset)| async move {
        let Some(offset) = offset else {
            return Ok(None);
        };
        let rows = svc::rows(&app, &subject, svc::CHUNK, offset).await?;
        let n = rows.len() as i64;
        let mut out = String::new();
        for r in (Layout {
            ctx: &ctx,
            subject: &subject,
        })
        .cells(&rows)
        {
            table::csv_row(&mut out, &r);
        }
        let next = (n == svc::CHUNK).then_some(offset + n);
        Ok::<_, AppError>(Some((
            axum::body::Bytes::from(out),
            (app, ctx, subject, next),
        )))
    });
    let first =
        futures_util::stream::once(
            async move { Ok::<_, AppError>(axum::body::Bytes::from(header)) },
        );
    use futures_util::StreamExt;
    Body::from_stream(first.chain(rest))
}

async fn export(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(slug): Path<String>,
    Query(q): Query<LaporanQuery>,
) -> AppResult<Response> {
    let jenis = jenis_of(&slug)?;
    let subject = svc::subject(&app, &user, jenis, &q.params()).await?;
    let ctx = Ctx::new(lang, Some(&user), "/laporan", "laporan");
    let stem = file_stem(&subject);
    match q.format.as_deref() {
        Some("csv") => download_body(csv_body(app, ctx, subject), CSV, &format!("{stem}.csv")),
        Some("xlsx") | None => {
            let tmp = tempfile::tempfile().map_err(|e| AppError::Internal(e.to_string()))?;
            let (file, _) = write_xlsx(&app, &ctx, &subject, tmp).await?;
            let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
            download_body(Body::from_stream(stream), XLSX, &format!("{stem}.xlsx"))
        }
        Some(_) => Err(AppError::NotFound),
    }
}
