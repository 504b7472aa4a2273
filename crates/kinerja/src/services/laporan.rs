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
use crate::store::skp::{self as skp_store, PeriodRow};
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
}

impl Jenis {
    pub const ALL: [Jenis; 4] = [
        Jenis::Rekap,
        Jenis::KenaikanPangkat,
        Jenis::PerluPembinaan,
        Jenis::AngkaKredit,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Jenis::Rekap => "rekap",
            Jenis::KenaikanPangkat => "kenaikan-pangkat",
            Jenis::PerluPembinaan => "perlu-pembinaan",
            Jenis::AngkaKredit => "angka-kredit",
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
    pub status: String,
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
        let nama = [r.gelar_depan.trim(), r.nama.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let nama = match r.gelar_belakang.trim() {
            "" => nama,
            g => format!("{nama}, {g}"),
        };
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
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Rows::Rekap(v) => v.len(),
            Rows::Pair(v) => v.len(),
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
    let mut all: Vec<(i64, PeriodRow)> = Vec::new();
    for y in skp_store::years(&app.db, instansi).await? {
        for period in skp_store::periods(&app.db, y.id).await? {
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
    Ok(Subject {
        jenis,
        scope,
        periods,
        tahun,
        period,
        previous,
        syarat: p.syarat,
    })
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
        Jenis::AngkaKredit | Jenis::Rekap => PairFilter {
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
            store::rekap_page(&app.db, instansi, &path, s.period.id, limit, offset)
                .await?
                .into_iter()
                .map(RekapLine::of)
                .collect(),
        ),
        _ => Rows::Pair(
            store::pair_page(&app.db, instansi, &path, &pair_filter(s), limit, offset)
                .await?
                .into_iter()
                .map(PairLine::of)
                .collect(),
        ),
    })
}

pub async fn count(app: &App, s: &Subject) -> AppResult<i64> {
    let instansi = s.scope.instansi_id;
    let path = s.scope.unit_path();
    match s.jenis {
        Jenis::Rekap => store::rekap_count(&app.db, instansi, &path, s.period.id).await,
        _ => store::pair_count(&app.db, instansi, &path, &pair_filter(s)).await,
    }
}

/// One page of a report, for the screen and the API.
pub async fn page(app: &App, user: &CurrentUser, jenis: Jenis, p: &Params) -> AppResult<Laporan> {
    let subject = subject(app, user, jenis, p).await?;
    let page = p.page.max(1);
    let offset = (page as i64 - 1) * PER_PAGE as i64;
    let rows = rows(app, &subject, PER_PAGE as i64, offset).await?;
    let total = count(app, &subject).await?;
    Ok(Laporan {
        subject,
        rows,
        page,
        per_page: PER_PAGE,
        total,
    })
}
