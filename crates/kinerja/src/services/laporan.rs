//! The agency's reports over a subtree: the per-employee recap of a period in the national
//! e-Kinerja layout, the kenaikan pangkat check (the last two annual predikat at least
//! Baik), the employees below Baik twice running (improvement follow-up, PP 30/2019) and
//! the angka kredit of fungsional employees. A screen shows one page; an export reads every
//! page in turn so that memory does not grow with the instansi.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::accounts::CurrentUser;
use crate::services::org as org_svc;
use crate::services::penilaian::Snapshot;
use crate::services::skp::PersonHeader;
use crate::store::laporan::{self as store, PairClass, PairFilter, PairRow, RekapRow};
use crate::store::org::UnitRow;
use crate::store::pengembangan::RencanaRow;
use crate::store::periode::PeriodRow;
use kinerja_domain::Jenjang;
use kinerja_domain::golongan::Golongan;
use kinerja_domain::penilaian::{
    AngkaKredit, Predikat, Rating, angka_kredit, koefisien_tahunan, persen_angka_kredit,
};
use serde::Serialize;

/// Rows per page on screen.
pub const PER_PAGE: u32 = 50;
/// Rows per query when exporting.
pub const CHUNK: i64 = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Jenis {
    /// Every evaluation of a period, per employee (NIP, nama, unit, ratings, predikat).
    Rekap,
    /// Annual predikat of this year and the last at least Baik.
    KenaikanPangkat,
    /// Below Baik in this period and the one before.
    PerluPembinaan,
    /// Angka kredit of fungsional employees from the annual predikat.
    AngkaKredit,
    /// Who goes to which development action, in answer to a period's results.
    RencanaPengembangan,
    /// TPP per employee from the period's predikat and disiplin score.
    Tpp,
    /// TPP summed per OPD.
    TppOpd,
}

impl Jenis {
    pub const ALL: [Jenis; 7] = [
        Jenis::Rekap,
        Jenis::KenaikanPangkat,
        Jenis::PerluPembinaan,
        Jenis::AngkaKredit,
        Jenis::RencanaPengembangan,
        Jenis::Tpp,
        Jenis::TppOpd,
    ];

    /// Reports of individual allowances, read by fewer people than the others.
    pub fn is_tpp(self) -> bool {
        matches!(self, Jenis::Tpp | Jenis::TppOpd)
    }

    /// The reports this user may open.
    pub fn visible_to(user: &CurrentUser) -> Vec<Jenis> {
        Jenis::ALL
            .into_iter()
            .filter(|j| !j.is_tpp() || user.actor.tpp_scope().is_some())
            .collect()
    }

    pub fn slug(self) -> &'static str {
        match self {
            Jenis::Rekap => "rekap",
            Jenis::KenaikanPangkat => "kenaikan-pangkat",
            Jenis::PerluPembinaan => "perlu-pembinaan",
            Jenis::AngkaKredit => "angka-kredit",
            Jenis::RencanaPengembangan => "rencana-pengembangan",
            Jenis::Tpp => "tpp",
            Jenis::TppOpd => "tpp-opd",
        }
    }

    pub fn parse(s: &str) -> Option<Jenis> {
        Jenis::ALL.into_iter().find(|j| j.slug() == s)
    }

    /// Reports that rest on the annual (AKHIR) result.
    pub fn annual(self) -> bool {
        matches!(self, Jenis::KenaikanPangkat | Jenis::AngkaKredit)
    }
}

/// Kenaikan pangkat: those who meet the condition, or those who do not (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Syarat {
    #[default]
    Memenuhi,
    Belum,
}

#[derive(Debug, Clone, Default)]
pub struct Params {
    pub unit: Option<i64>,
    pub periode: Option<i64>,
    pub syarat: Syarat,
    pub page: u32,
}

/// One line of the recap.
#[derive(Debug, Clone, Serialize)]
pub struct RekapLine {
    pub pegawai: PersonHeader,
    pub penilai: Option<PersonHeader>,
    pub opd: String,
    pub status: kinerja_domain::penilaian::EvaluasiStatus,
    pub rating_hasil: Option<Rating>,
    pub rating_perilaku: Option<Rating>,
    pub predikat: Option<Predikat>,
}

impl RekapLine {
    fn of(r: RekapRow) -> RekapLine {
        let snapshot: Snapshot = serde_json::from_str(&r.snapshot_json).unwrap_or_default();
        RekapLine {
            pegawai: snapshot.pegawai,
            penilai: snapshot.penilai,
            opd: r.opd,
            status: r.status,
            rating_hasil: r.rating_hasil.as_deref().and_then(Rating::parse),
            rating_perilaku: r.rating_perilaku.as_deref().and_then(Rating::parse),
            predikat: r.predikat.as_deref().and_then(Predikat::parse),
        }
    }
}

/// One employee of a two-period list.
#[derive(Debug, Clone, Serialize)]
pub struct PairLine {
    pub employee_id: i64,
    pub nip: String,
    pub nama: String,
    pub pangkat: String,
    pub jabatan: String,
    pub jenjang: Option<Jenjang>,
    pub unit: String,
    pub opd: String,
    pub predikat: Option<Predikat>,
    pub predikat_lalu: Option<Predikat>,
    pub catatan: String,
    /// Angka kredit report: (percent of the coefficient, coefficient, angka kredit).
    pub angka_kredit: Option<(u32, AngkaKredit, AngkaKredit)>,
}

impl PairLine {
    fn of(r: PairRow) -> PairLine {
        let predikat = Predikat::parse(&r.predikat);
        let jenjang = r.jenjang.as_deref().and_then(Jenjang::parse);
        let angka_kredit = match (jenjang, predikat) {
            (Some(j), Some(p)) => koefisien_tahunan(j)
                .zip(angka_kredit(j, p))
                .map(|(k, ak)| (persen_angka_kredit(p), k, ak)),
            _ => None,
        };
        let nama = kinerja_domain::nama::nama_lengkap(&r.gelar_depan, &r.nama, &r.gelar_belakang);
        PairLine {
            employee_id: r.employee_id,
            nip: r.nip.unwrap_or_else(|| "–".into()),
            nama,
            pangkat: r
                .golongan
                .as_deref()
                .and_then(Golongan::from_code)
                .map(|g| g.pangkat_golongan())
                .unwrap_or_else(|| "–".into()),
            jabatan: r.jabatan,
            jenjang,
            unit: r.unit,
            opd: r.opd,
            predikat,
            predikat_lalu: r.predikat_lalu.as_deref().and_then(Predikat::parse),
            catatan: r.catatan,
            angka_kredit,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub enum Rows {
    Rekap(Vec<RekapLine>),
    Pair(Vec<PairLine>),
    Rencana(Vec<RencanaRow>),
    Tpp(Vec<crate::services::tpp::TppLine>),
    TppOpd(Vec<crate::services::tpp::TppOpdLine>),
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Rows::Rekap(v) => v.len(),
            Rows::Pair(v) => v.len(),
            Rows::Rencana(v) => v.len(),
            Rows::Tpp(v) => v.len(),
            Rows::TppOpd(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a report covers, resolved and checked.
#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    pub jenis: Jenis,
    pub scope: UnitRow,
    /// The periods the report may be asked for, newest first, with their year.
    pub periods: Vec<(i64, PeriodRow)>,
    pub tahun: i64,
    pub period: PeriodRow,
    /// The period compared with (the same kind of period just before).
    pub previous: Option<(i64, PeriodRow)>,
    pub syarat: Syarat,
    /// BerAKHLAK value names of the period's reference version, 1..=7.
    pub nilai: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Laporan {
    pub subject: Subject,
    pub rows: Rows,
    pub page: u32,
    pub per_page: u32,
    /// Exact up to the count cap for the pair lists.
    pub total: i64,
}

impl Laporan {
    pub fn pages(&self) -> u32 {
        ((self.total.max(0) as u64).div_ceil(self.per_page as u64)).max(1) as u32
    }
}

/// Resolves the scope (refusing a unit outside the viewer's) and the period.
pub async fn subject(
    app: &App,
    user: &CurrentUser,
    jenis: Jenis,
    p: &Params,
) -> AppResult<Subject> {
    let instansi = user.instansi_id();
    let scope = org_svc::list_scope(app, user, p.unit).await?;
    if jenis.is_tpp() && !may_read_tpp(user, &scope) {
        return Err(AppError::Forbidden);
    }
    let mut all: Vec<(i64, PeriodRow)> = Vec::new();
    for y in crate::store::periode::years(&app.db, instansi).await? {
        for period in crate::store::periode::periods(&app.db, user.instansi_id(), y.id).await? {
            all.push((y.tahun, period));
        }
    }
    // Oldest first: the period before another is the last of its kind ahead of it.
    all.sort_by_key(|(t, p)| (*t, p.urutan, p.id));
    let periods: Vec<(i64, PeriodRow)> = all
        .iter()
        .filter(|(_, p)| !jenis.annual() || p.akhir)
        .rev()
        .cloned()
        .collect();
    let (tahun, period) = match p.periode {
        Some(id) => periods
            .iter()
            .find(|(_, x)| x.id == id)
            .cloned()
            .ok_or(AppError::NotFound)?,
        None => {
            let chosen = crate::services::dasbor::default_period(&periods, app.today())
                .ok_or(AppError::NotFound)?;
            periods
                .iter()
                .find(|(_, x)| x.id == chosen.id)
                .cloned()
                .ok_or(AppError::NotFound)?
        }
    };
    let previous = all
        .iter()
        .take_while(|(_, x)| x.id != period.id)
        .filter(|(_, x)| x.akhir == period.akhir)
        .last()
        .cloned();
    let year = crate::store::periode::year_get(&app.db, instansi, period.year_id).await?;
    let nilai = crate::services::referensi::referensi(app, instansi, year.reference_version_id)
        .await?
        .berakhlak
        .iter()
        .map(|n| n.nama.clone())
        .collect();
    Ok(Subject {
        jenis,
        scope,
        periods,
        tahun,
        period,
        previous,
        syarat: p.syarat,
        nilai,
    })
}

/// TPP lists cover only a subtree inside the viewer's TPP scope (their OPD for an OPD
/// admin, the instansi for admin BKPSDM and the pimpinan); unit heads read none.
fn may_read_tpp(user: &CurrentUser, scope: &UnitRow) -> bool {
    scope.instansi_id == user.instansi_id()
        && user
            .actor
            .tpp_scope()
            .is_some_and(|s| s.covers(&scope.unit_path()))
}

fn pair_filter(s: &Subject) -> PairFilter<'static> {
    let previous_id = s.previous.as_ref().map(|(_, p)| p.id).unwrap_or(-1);
    match s.jenis {
        Jenis::KenaikanPangkat => PairFilter {
            period_id: s.period.id,
            previous_id,
            class: Some((PairClass::BothGood, s.syarat == Syarat::Memenuhi)),
            // Pangkat is a PNS matter: PPPK have no pangkat to rise in.
            jenis_asn: Some("pns"),
            jenis_jabatan: None,
        },
        Jenis::PerluPembinaan => PairFilter {
            period_id: s.period.id,
            previous_id,
            class: Some((PairClass::BothLow, true)),
            jenis_asn: None,
            jenis_jabatan: None,
        },
        _ => PairFilter {
            period_id: s.period.id,
            previous_id,
            class: None,
            jenis_asn: None,
            jenis_jabatan: Some("fungsional"),
        },
    }
}

/// One chunk of the report's rows.
pub async fn rows(app: &App, s: &Subject, limit: i64, offset: i64) -> AppResult<Rows> {
    let instansi = s.scope.instansi_id;
    let path = s.scope.unit_path();
    Ok(match s.jenis {
        Jenis::Rekap => Rows::Rekap(
            store::rekap_page(app.reader(), instansi, &path, s.period.id, limit, offset)
                .await?
                .into_iter()
                .map(RekapLine::of)
                .collect(),
        ),
        Jenis::Tpp => {
            let (a, _) = crate::services::tpp::aturan(app, instansi, s.tahun).await?;
            let (log, hari_kerja) =
                crate::services::tpp::log_window(app, instansi, &s.period).await?;
            Rows::Tpp(
                crate::store::tpp::tpp_page(
                    app.reader(),
                    instansi,
                    &path,
                    s.period.id,
                    log,
                    limit,
                    offset,
                )
                .await?
                .into_iter()
                .map(|r| crate::services::tpp::line(&a, r, hari_kerja))
                .collect(),
            )
        }
        Jenis::TppOpd => Rows::TppOpd(
            tpp_opd(app, s)
                .await?
                .into_iter()
                .skip(offset.max(0) as usize)
                .take(limit.max(0) as usize)
                .collect(),
        ),
        Jenis::RencanaPengembangan => Rows::Rencana(
            crate::store::pengembangan::rencana_page(
                app.reader(),
                instansi,
                &path,
                s.period.id,
                limit,
                offset,
            )
            .await?,
        ),
        _ => Rows::Pair(
            store::pair_page(
                app.reader(),
                instansi,
                &path,
                &pair_filter(s),
                limit,
                offset,
            )
            .await?
            .into_iter()
            .map(PairLine::of)
            .collect(),
        ),
    })
}

/// Every OPD's TPP totals: a few dozen lines from one grouped query.
async fn tpp_opd(app: &App, s: &Subject) -> AppResult<Vec<crate::services::tpp::TppOpdLine>> {
    let instansi = s.scope.instansi_id;
    let (a, _) = crate::services::tpp::aturan(app, instansi, s.tahun).await?;
    let (log, hari_kerja) = crate::services::tpp::log_window(app, instansi, &s.period).await?;
    let groups = crate::store::tpp::tpp_groups(
        app.reader(),
        instansi,
        &s.scope.unit_path(),
        s.period.id,
        log,
        a.aktivitas.is_some(),
    )
    .await?;
    Ok(crate::services::tpp::per_opd(&a, groups, hari_kerja))
}

pub async fn count(app: &App, s: &Subject) -> AppResult<i64> {
    let instansi = s.scope.instansi_id;
    let path = s.scope.unit_path();
    match s.jenis {
        Jenis::Rekap => store::rekap_count(app.reader(), instansi, &path, s.period.id).await,
        Jenis::RencanaPengembangan => {
            crate::store::pengembangan::rencana_count(app.reader(), instansi, &path, s.period.id)
                .await
        }
        Jenis::Tpp => {
            crate::store::tpp::tpp_count(app.reader(), instansi, &path, s.period.id).await
        }
        Jenis::TppOpd => Ok(tpp_opd(app, s).await?.len() as i64),
        _ => store::pair_count(app.reader(), instansi, &path, &pair_filter(s)).await,
    }
}

/// One page of a report, for the screen and the API.
pub async fn page(app: &App, user: &CurrentUser, jenis: Jenis, p: &Params) -> AppResult<Laporan> {
    let subject = subject(app, user, jenis, p).await?;
    let page = p.page.max(1);
    let offset = (page as i64 - 1) * PER_PAGE as i64;
    let (rows, total) = match subject.jenis {
        // The OPD totals come whole from one grouped query: page them once computed.
        Jenis::TppOpd => {
            let all = tpp_opd(app, &subject).await?;
            let total = all.len() as i64;
            let page: Vec<_> = all
                .into_iter()
                .skip(offset as usize)
                .take(PER_PAGE as usize)
                .collect();
            (Rows::TppOpd(page), total)
        }
        _ => (
            rows(app, &subject, PER_PAGE as i64, offset).await?,
            count(app, &subject).await?,
        ),
    };
    Ok(Laporan {
        subject,
        rows,
        page,
        per_page: PER_PAGE,
        total,
    })
}

/// The reports are for whoever reads a part of the organisation.
pub fn may_open(user: &CurrentUser) -> AppResult<()> {
    if user.actor.read_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}
