//! Report pages (one page of rows on screen, with period and scope selectors) and their
//! downloads, streamed: XLSX rows go through a constant-memory workbook into a temporary
//! file, CSV rows straight into the response, a chunk of rows at a time.

use super::penilaian::{predikat_key, rating_key, status_key};
use super::views::Ctx;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::http::extract::{UserLang, WebUser};
use crate::services::laporan::{self as svc, Jenis, Laporan, Params, Rows, Subject, Syarat};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use kinerja_documents::table::{Cell, Column};
use kinerja_domain::penilaian::Predikat;
use serde::Deserialize;

pub use crate::http::downloads::{CSV, Chunks, XLSX, csv_body, download_rows, write_xlsx};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/laporan", get(index))
        .route("/laporan/{jenis}", get(page))
        .route("/laporan/{jenis}/unduh", get(export))
        .route(
            "/laporan/rencana-pengembangan/{id}/hapus",
            axum::routing::post(remove_planned),
        )
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
    #[serde(default)]
    pesan: Option<String>,
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
        Jenis::RencanaPengembangan => "laporan-rencana",
        Jenis::Tpp => "laporan-tpp",
        Jenis::TppOpd => "laporan-tpp-opd",
    }
}

pub fn help_key(j: Jenis) -> &'static str {
    match j {
        Jenis::Rekap => "laporan-rekap-help",
        Jenis::KenaikanPangkat => "laporan-pangkat-help",
        Jenis::PerluPembinaan => "laporan-pembinaan-help",
        Jenis::AngkaKredit => "laporan-angka-kredit-help",
        Jenis::RencanaPengembangan => "laporan-rencana-help",
        Jenis::Tpp => "laporan-tpp-help",
        Jenis::TppOpd => "laporan-tpp-opd-help",
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

    fn period_label(&self, p: Option<&(i64, crate::services::periode::PeriodRow)>) -> String {
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
            Jenis::RencanaPengembangan => vec![
                (t("laporan-nip"), 21.0),
                (t("f-nama"), 32.0),
                (t("f-jabatan"), 32.0),
                (t("f-unit"), 32.0),
                (t("laporan-opd"), 32.0),
                (t("katalog-kode"), 10.0),
                (t("katalog-nama"), 40.0),
                (t("katalog-bentuk"), 14.0),
                (t("katalog-jp"), 8.0),
                (t("katalog-penyelenggara"), 24.0),
                (t("pengembangan-kebutuhan"), 28.0),
            ],
            Jenis::Tpp => vec![
                (t("laporan-nip"), 21.0),
                (t("f-nama"), 32.0),
                (t("f-jabatan"), 32.0),
                (t("f-unit"), 32.0),
                (t("laporan-opd"), 32.0),
                (t("laporan-predikat"), 16.0),
                (t("tpp-persen-kinerja"), 12.0),
                (t("tpp-nilai-disiplin"), 12.0),
                (t("tpp-pagu"), 14.0),
                (t("tpp-kinerja"), 14.0),
                (t("tpp-disiplin"), 14.0),
                (t("tpp-aktivitas"), 14.0),
                (t("tpp-total"), 14.0),
            ],
            Jenis::TppOpd => vec![
                (t("laporan-opd"), 40.0),
                (t("tpp-pegawai"), 10.0),
                (t("tpp-tanpa-hasil"), 12.0),
                (t("tpp-tanpa-disiplin"), 12.0),
                (t("tpp-pagu"), 16.0),
                (t("tpp-kinerja"), 16.0),
                (t("tpp-disiplin"), 16.0),
                (t("tpp-aktivitas"), 16.0),
                (t("tpp-total"), 16.0),
            ],
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

    /// What a need was: the results or a BerAKHLAK value, by name.
    pub fn sasaran_label(&self, code: &str) -> String {
        kinerja_domain::pengembangan::Sasaran::parse(code)
            .map(|s| super::pengembangan::sasaran_label(self.ctx, &self.subject.nilai, s))
            .unwrap_or_default()
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
            Rows::Rencana(v) => v
                .iter()
                .map(|r| {
                    let mut c = person_cells(
                        r.nip.as_deref(),
                        [&r.gelar_depan, &r.nama, &r.gelar_belakang],
                        [&r.jabatan, &r.unit, &r.opd],
                    );
                    c.extend([
                        r.kode.clone().into(),
                        r.katalog.clone().into(),
                        r.bentuk.clone().into(),
                        Cell::Int(r.jp),
                        r.penyelenggara.clone().into(),
                        self.sasaran_label(&r.sasaran).into(),
                    ]);
                    c
                })
                .collect(),
            Rows::Tpp(v) => v
                .iter()
                .map(|l| {
                    let r = &l.row;
                    let mut c = person_cells(
                        r.nip.as_deref(),
                        [&r.gelar_depan, &r.nama, &r.gelar_belakang],
                        [&r.jabatan, &r.unit, &r.opd],
                    );
                    c.extend([
                        self.predikat(l.predikat),
                        Cell::Percent(l.tpp.persen_kinerja as f64 / 100.0),
                        r.disiplin.map_or(Cell::Empty, Cell::Num),
                        Cell::Int(l.tpp.pagu),
                        Cell::Int(l.tpp.kinerja),
                        Cell::Int(l.tpp.disiplin),
                        Cell::Int(l.tpp.aktivitas),
                        Cell::Int(l.tpp.total()),
                    ]);
                    c
                })
                .collect(),
            Rows::TppOpd(v) => v
                .iter()
                .map(|l| {
                    vec![
                        l.nama.clone().into(),
                        Cell::Int(l.pegawai),
                        Cell::Int(l.tanpa_hasil),
                        Cell::Int(l.tanpa_disiplin),
                        Cell::Int(l.pagu),
                        Cell::Int(l.kinerja),
                        Cell::Int(l.disiplin),
                        Cell::Int(l.aktivitas),
                        Cell::Int(l.total()),
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
    visible: Vec<Jenis>,
}

impl IndexPage {
    fn reports(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        self.visible
            .iter()
            .map(|j| (j.slug(), title_key(*j), help_key(*j)))
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
    /// Planned developments: the id of each row, when the viewer may take it off the plan.
    pub removable: Vec<i64>,
    pub notice: Option<String>,
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
            Cell::Int(n) => thousands(*n),
            Cell::Num(x) => format!("{x:.2}").replace('.', ","),
            Cell::Num3(x) => format!("{x:.3}").replace('.', ","),
            Cell::Percent(x) => format!("{:.0}%", x * 100.0),
            Cell::Empty => "–".into(),
        }
    }

    /// The id of row `i` when it may be taken off the plan.
    pub fn removable_id(&self, i: &usize) -> Option<i64> {
        self.removable.get(*i).copied()
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
    crate::services::laporan::may_open(&user)?;
    super::render_status(
        axum::http::StatusCode::OK,
        IndexPage {
            ctx: Ctx::new(lang, Some(&user), "/laporan", "laporan"),
            visible: Jenis::visible_to(&user),
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
    let removable = match &l.rows {
        Rows::Rencana(v)
            if user
                .actor
                .can_edit_unit(user.instansi_id(), &l.subject.scope.unit_path()) =>
        {
            v.iter().map(|r| r.id).collect()
        }
        _ => Vec::new(),
    };
    let notice = match q.pesan.as_deref() {
        Some("dihapus") => Some(ctx.t("pengembangan-removed").to_string()),
        Some(n) if n.starts_with("ditambah-") => {
            Some(ctx.tf("pengembangan-added", "n", n.trim_start_matches("ditambah-")))
        }
        _ => None,
    };
    super::render_status(
        axum::http::StatusCode::OK,
        ReportPage {
            ctx,
            l,
            columns,
            cells,
            removable,
            notice,
        },
    )
}

#[derive(Deserialize)]
struct RemoveForm {
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    periode: Option<i64>,
}

/// Takes one person off the development plan.
async fn remove_planned(
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
    crate::http::extract::CsrfForm(f): crate::http::extract::CsrfForm<RemoveForm>,
) -> AppResult<Response> {
    crate::services::pengembangan::unplan(&app, &user, f.unit, id).await?;
    let mut to = String::from("/laporan/rencana-pengembangan?pesan=dihapus");
    if let Some(u) = f.unit {
        to.push_str(&format!("&unit={u}"));
    }
    if let Some(p) = f.periode {
        to.push_str(&format!("&periode={p}"));
    }
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&to),
    ))
}

/// NIP, full name, jabatan, unit and OPD: the first columns of the lists of people.
fn person_cells(nip: Option<&str>, nama: [&str; 3], rest: [&str; 3]) -> Vec<Cell> {
    let mut c: Vec<Cell> = vec![
        nip.unwrap_or("–").into(),
        kinerja_domain::nama::nama_lengkap(nama[0], nama[1], nama[2]).into(),
    ];
    c.extend(rest.iter().map(|s| Cell::from(*s)));
    c
}

/// 1234567 as "1.234.567", as amounts are written in Indonesian.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
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

/// A report's rows in the viewer's language.
pub struct ReportRows {
    pub app: App,
    pub ctx: Ctx,
    pub subject: Subject,
}

impl Chunks for ReportRows {
    fn sheet(&self) -> String {
        self.ctx.t(title_key(self.subject.jenis)).to_string()
    }

    fn columns(&self) -> Vec<Column> {
        Layout {
            ctx: &self.ctx,
            subject: &self.subject,
        }
        .columns()
    }

    async fn chunk(&self, offset: i64) -> AppResult<(Vec<Vec<Cell>>, bool)> {
        let rows = svc::rows(&self.app, &self.subject, svc::CHUNK, offset).await?;
        let more = rows.len() as i64 == svc::CHUNK;
        let layout = Layout {
            ctx: &self.ctx,
            subject: &self.subject,
        };
        Ok((layout.cells(&rows), more))
    }
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
    download_rows(ReportRows { app, ctx, subject }, q.format.as_deref(), &stem).await
}
