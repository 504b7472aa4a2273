//! Analisis kebutuhan pengembangan. Over a subtree and a period, the groups where a
//! BerAKHLAK value or the results are repeatedly rated low: per sub-unit (an OPD, or a
//! bidang inside one), per kind of unit (kecamatan, kelurahan, UPTD, schools, offices) and
//! per jenis jabatan; each with the catalogue entries that suit it, the employees concerned
//! (with the penilai's feedback and notes), and the plan of who goes where.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::laporan::{self, Jenis, Params};
use crate::services::org as org_svc;
use crate::store::org::{self, UnitRow};
use crate::store::pengembangan::{self as store, FindingFilter};
pub use crate::store::pengembangan::{KatalogRow, LowRow};
use crate::store::periode::PeriodRow;
use kinerja_domain::jabatan::JenisJabatan;
use kinerja_domain::org::{JenisUnit, UnitPath};
use kinerja_domain::pengembangan::{
    AturanKebutuhan, Katalog, KatalogInput, Kelompok, Sasaran, rank,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// Kinds of unit that characterise where people work; any other unit counts as an office.
const KINDS: [JenisUnit; 4] = [
    JenisUnit::Kecamatan,
    JenisUnit::Kelurahan,
    JenisUnit::Uptd,
    JenisUnit::Sekolah,
];

/// A group a finding is about, as it travels in URLs: `unit-ID`, `jenis-unit-CODE`,
/// `jabatan-CODE`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Group {
    Unit(i64),
    JenisUnit(JenisUnit),
    JenisJabatan(JenisJabatan),
}

impl Group {
    pub fn code(&self) -> String {
        match self {
            Group::Unit(id) => format!("unit-{id}"),
            Group::JenisUnit(j) => format!("jenis-unit-{}", j.code()),
            Group::JenisJabatan(j) => format!("jabatan-{}", j.code()),
        }
    }

    pub fn parse(s: &str) -> Option<Group> {
        if let Some(id) = s.strip_prefix("unit-") {
            return id.parse().ok().map(Group::Unit);
        }
        if let Some(c) = s.strip_prefix("jenis-unit-") {
            return JenisUnit::parse(c).map(Group::JenisUnit);
        }
        JenisJabatan::parse(s.strip_prefix("jabatan-")?).map(Group::JenisJabatan)
    }
}

/// One repeated low rating in one group.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub group: Group,
    pub nama: String,
    pub sasaran: Sasaran,
    pub low: i64,
    pub judged: i64,
    pub suggestions: Vec<KatalogRow>,
}

impl Finding {
    pub fn percent(&self) -> i64 {
        if self.judged == 0 {
            0
        } else {
            self.low * 100 / self.judged
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub scope: UnitRow,
    pub periods: Vec<(i64, PeriodRow)>,
    pub tahun: i64,
    pub period: PeriodRow,
    pub aturan: AturanKebutuhan,
    /// BerAKHLAK value names, 1..=7.
    pub nilai: Vec<String>,
    /// Results judged in the scope.
    pub judged: i64,
    pub by_unit: Vec<Finding>,
    pub by_kind: Vec<Finding>,
    pub by_jabatan: Vec<Finding>,
    /// People on the plan for this period in the scope.
    pub planned: i64,
    pub can_plan: bool,
}

/// Tally of one group: judged, results low, and per value low.
#[derive(Default, Clone)]
struct Tally {
    judged: i64,
    hasil: i64,
    nilai: [i64; 7],
}

fn kind_of(units: &HashMap<i64, &UnitRow>, mut id: i64) -> JenisUnit {
    loop {
        let Some(u) = units.get(&id) else {
            return JenisUnit::Opd;
        };
        if let Some(k) = JenisUnit::parse(&u.jenis).filter(|k| KINDS.contains(k)) {
            return k;
        }
        match u.parent_id {
            Some(p) => id = p,
            None => return JenisUnit::Opd,
        }
    }
}

fn jenis_unit_of(u: &UnitRow) -> JenisUnit {
    JenisUnit::parse(&u.jenis).unwrap_or(JenisUnit::Opd)
}

/// A stored entry as the form shows it.
pub fn input_of(r: &KatalogRow) -> KatalogInput {
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    KatalogInput {
        kode: r.kode.clone(),
        nama: r.nama.clone(),
        bentuk: r.bentuk.clone(),
        sasaran: r.sasaran.clone(),
        jenis_unit: split(&r.jenis_unit),
        jenis_jabatan: split(&r.jenis_jabatan),
        penyelenggara: r.penyelenggara.clone(),
        jp: r.jp.to_string(),
    }
}

/// The active catalogue entries suiting a need, best first.
fn suggestions(rows: &[KatalogRow], sasaran: Sasaran, kelompok: &Kelompok) -> Vec<KatalogRow> {
    let (active, entries): (Vec<&KatalogRow>, Vec<Katalog>) = rows
        .iter()
        .filter(|r| r.aktif)
        .filter_map(|r| input_of(r).validate().ok().map(|k| (r, k)))
        .unzip();
    rank(&entries, sasaran, kelompok)
        .into_iter()
        .map(|i| active[i].clone())
        .collect()
}

/// Resolves the scope and period the way the reports do (any period kind).
async fn subject(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
) -> AppResult<laporan::Subject> {
    laporan::subject(
        app,
        user,
        Jenis::Rekap,
        &Params {
            unit,
            periode,
            ..Default::default()
        },
    )
    .await
}

pub async fn analysis(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
) -> AppResult<Analysis> {
    let s = subject(app, user, unit, periode).await?;
    let instansi = user.instansi_id();
    let year = crate::store::periode::year_get(&app.db, instansi, s.period.year_id).await?;
    let referensi =
        crate::services::referensi::referensi(app, instansi, year.reference_version_id).await?;
    let aturan = referensi.aturan.kebutuhan;
    let path = s.scope.unit_path();
    let units = org::units_in_subtree(&app.db, instansi, &path).await?;
    let by_id: HashMap<i64, &UnitRow> = units.iter().map(|u| (u.id, u)).collect();
    let child_of = |mut id: i64| -> i64 {
        loop {
            match by_id.get(&id).and_then(|u| u.parent_id) {
                Some(p) if p == s.scope.id => return id,
                Some(p) if by_id.contains_key(&p) => id = p,
                _ => return id,
            }
        }
    };
    let rows = store::needs_in(&app.db, instansi, &path, s.period.id).await?;
    let mut unit_t: HashMap<i64, Tally> = HashMap::new();
    let mut kind_t: HashMap<JenisUnit, Tally> = HashMap::new();
    let mut jab_t: HashMap<String, Tally> = HashMap::new();
    let mut judged = 0;
    for (unit_id, jenis, hasil, mask, n) in &rows {
        judged += n;
        let add = |t: &mut Tally| {
            t.judged += n;
            if hasil.as_deref() == Some("di_bawah") {
                t.hasil += n;
            }
            for (k, v) in t.nilai.iter_mut().enumerate() {
                if mask & (1 << k) != 0 {
                    *v += n;
                }
            }
        };
        add(unit_t.entry(child_of(*unit_id)).or_default());
        add(kind_t.entry(kind_of(&by_id, *unit_id)).or_default());
        add(jab_t.entry(jenis.clone()).or_default());
    }
    let katalog = store::katalog_list(&app.db, instansi).await?;
    let findings = |group: Group, nama: String, kelompok: Kelompok, t: &Tally| -> Vec<Finding> {
        Sasaran::all()
            .into_iter()
            .filter_map(|sasaran| {
                let low = match sasaran {
                    Sasaran::Hasil => t.hasil,
                    Sasaran::Perilaku(k) => t.nilai[k as usize - 1],
                };
                aturan
                    .repeated(low as u32, t.judged as u32)
                    .then(|| Finding {
                        group: group.clone(),
                        nama: nama.clone(),
                        sasaran,
                        low,
                        judged: t.judged,
                        suggestions: suggestions(&katalog, sasaran, &kelompok)
                            .into_iter()
                            .take(3)
                            .collect(),
                    })
            })
            .collect()
    };
    let sort = |mut v: Vec<Finding>| {
        v.sort_by(|a, b| {
            (b.low * a.judged)
                .cmp(&(a.low * b.judged))
                .then(b.low.cmp(&a.low))
                .then(a.nama.cmp(&b.nama))
        });
        v
    };
    let mut by_unit = Vec::new();
    for (id, t) in &unit_t {
        if let Some(u) = by_id.get(id) {
            by_unit.extend(findings(
                Group::Unit(*id),
                u.nama.clone(),
                Kelompok::Unit(jenis_unit_of(u)),
                t,
            ));
        }
    }
    let mut by_kind = Vec::new();
    for (k, t) in &kind_t {
        by_kind.extend(findings(
            Group::JenisUnit(*k),
            k.label().to_string(),
            Kelompok::JenisUnit(*k),
            t,
        ));
    }
    let mut by_jabatan = Vec::new();
    for (j, t) in &jab_t {
        if let Some(jj) = JenisJabatan::parse(j) {
            by_jabatan.extend(findings(
                Group::JenisJabatan(jj),
                jj.label().to_string(),
                Kelompok::JenisJabatan(jj),
                t,
            ));
        }
    }
    let planned = store::rencana_count(&app.db, instansi, &path, s.period.id).await?;
    Ok(Analysis {
        can_plan: user.actor.can_edit_unit(instansi, &path),
        nilai: s.nilai,
        scope: s.scope,
        periods: s.periods,
        tahun: s.tahun,
        period: s.period,
        aturan,
        judged,
        by_unit: sort(by_unit),
        by_kind: sort(by_kind),
        by_jabatan: sort(by_jabatan),
        planned,
    })
}

/// One finding's people and the catalogue entries to choose from.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub scope: UnitRow,
    pub tahun: i64,
    pub period: PeriodRow,
    pub group: Group,
    pub nama: String,
    pub sasaran: Sasaran,
    pub nilai: Vec<String>,
    pub rows: Vec<LowRow>,
    pub page: u32,
    pub total: i64,
    /// Suiting entries first, then the rest of the active catalogue.
    pub katalog: Vec<(KatalogRow, bool)>,
    pub can_plan: bool,
}

/// The filter of a finding, checked against the viewer's scope.
struct Resolved {
    subject: laporan::Subject,
    group: Group,
    nama: String,
    kelompok: Kelompok,
    /// The subtree the finding covers.
    path: UnitPath,
    units: String,
    jenis_jabatan: Option<&'static str>,
}

async fn resolve(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
    group: &str,
) -> AppResult<Resolved> {
    let subject = subject(app, user, unit, periode).await?;
    let instansi = user.instansi_id();
    let group = Group::parse(group).ok_or(AppError::NotFound)?;
    let scope_path = subject.scope.unit_path();
    let (nama, kelompok, path, units, jenis_jabatan) = match &group {
        Group::Unit(id) => {
            let u = org::unit_get(&app.db, instansi, *id).await?;
            // A unit outside the viewer's scope is refused, whatever the URL says.
            if !scope_path.contains(&u.unit_path())
                || !user.actor.can_view_unit(instansi, &u.unit_path())
            {
                return Err(AppError::Forbidden);
            }
            (
                u.nama.clone(),
                Kelompok::Unit(jenis_unit_of(&u)),
                u.unit_path(),
                String::new(),
                None,
            )
        }
        Group::JenisUnit(k) => {
            let all = org::units_in_subtree(&app.db, instansi, &scope_path).await?;
            let by_id: HashMap<i64, &UnitRow> = all.iter().map(|u| (u.id, u)).collect();
            let ids: Vec<String> = all
                .iter()
                .filter(|u| kind_of(&by_id, u.id) == *k)
                .map(|u| u.id.to_string())
                .collect();
            if ids.is_empty() {
                return Err(AppError::NotFound);
            }
            (
                k.label().to_string(),
                Kelompok::JenisUnit(*k),
                scope_path.clone(),
                format!(",{},", ids.join(",")),
                None,
            )
        }
        Group::JenisJabatan(j) => (
            j.label().to_string(),
            Kelompok::JenisJabatan(*j),
            scope_path.clone(),
            String::new(),
            Some(j.code()),
        ),
    };
    Ok(Resolved {
        subject,
        group,
        nama,
        kelompok,
        path,
        units,
        jenis_jabatan,
    })
}

fn filter<'a>(r: &'a Resolved, sasaran: Sasaran) -> FindingFilter<'a> {
    FindingFilter {
        period_id: r.subject.period.id,
        scope: &r.path,
        units: &r.units,
        jenis_jabatan: r.jenis_jabatan,
        hasil: sasaran == Sasaran::Hasil,
        bit: match sasaran {
            Sasaran::Hasil => 0,
            Sasaran::Perilaku(k) => 1 << (k - 1),
        },
        nilai: match sasaran {
            Sasaran::Hasil => 0,
            Sasaran::Perilaku(k) => k as i64,
        },
    }
}

pub const PER_PAGE: u32 = 50;

pub async fn finding(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
    group: &str,
    sasaran: &str,
    page: u32,
) -> AppResult<FindingView> {
    let sasaran = Sasaran::parse(sasaran).ok_or(AppError::NotFound)?;
    let r = resolve(app, user, unit, periode, group).await?;
    let instansi = user.instansi_id();
    let f = filter(&r, sasaran);
    let page = page.max(1);
    let rows = store::finding_page(
        &app.db,
        instansi,
        &f,
        PER_PAGE as i64,
        (page as i64 - 1) * PER_PAGE as i64,
    )
    .await?;
    let total = store::finding_count(&app.db, instansi, &f).await?;
    let katalog_rows = store::katalog_list(&app.db, instansi).await?;
    let suited = suggestions(&katalog_rows, sasaran, &r.kelompok);
    let mut katalog: Vec<(KatalogRow, bool)> = suited.iter().map(|k| (k.clone(), true)).collect();
    for k in katalog_rows.into_iter().filter(|k| k.aktif) {
        if !suited.iter().any(|s| s.id == k.id) {
            katalog.push((k, false));
        }
    }
    Ok(FindingView {
        can_plan: user
            .actor
            .can_edit_unit(instansi, &r.subject.scope.unit_path()),
        scope: r.subject.scope.clone(),
        tahun: r.subject.tahun,
        period: r.subject.period.clone(),
        group: r.group.clone(),
        nama: r.nama.clone(),
        sasaran,
        nilai: r.subject.nilai.clone(),
        rows,
        page,
        total,
        katalog,
    })
}

/// What putting a finding on the plan did, and where its plan is.
#[derive(Debug, Clone, Copy)]
pub struct Planned {
    pub added: u64,
    pub unit_id: i64,
    pub period_id: i64,
}

/// Puts everyone behind a finding on the plan for one catalogue entry. Admins of the scope
/// only. Those already planned for it are left as they are.
pub async fn plan_finding(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
    group: &str,
    sasaran: &str,
    katalog_id: i64,
) -> AppResult<Planned> {
    let sasaran = Sasaran::parse(sasaran).ok_or(AppError::NotFound)?;
    let r = resolve(app, user, unit, periode, group).await?;
    let instansi = user.instansi_id();
    if !user
        .actor
        .can_edit_unit(instansi, &r.subject.scope.unit_path())
    {
        return Err(AppError::Forbidden);
    }
    let k = store::katalog_get(&app.db, instansi, katalog_id)
        .await?
        .filter(|k| k.aktif)
        .ok_or_else(|| AppError::invalid("katalog_id", "katalog-unknown"))?;
    let f = filter(&r, sasaran);
    let mut tx = app.db.begin().await?;
    let added = store::rencana_add_finding(
        &mut tx,
        instansi,
        &f,
        k.id,
        &sasaran.code(),
        user.session.user_id,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "pengembangan.plan",
            object_type: "katalog_pengembangan",
            object_id: Some(k.id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({
                "periode": r.subject.period.id,
                "kelompok": r.group.code(),
                "sasaran": sasaran.code(),
                "ditambahkan": added,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Planned {
        added,
        unit_id: r.subject.scope.id,
        period_id: r.subject.period.id,
    })
}

/// Takes one person off the plan (admins of the scope).
pub async fn unplan(app: &App, user: &CurrentUser, unit: Option<i64>, id: i64) -> AppResult<()> {
    let scope = org_svc::list_scope(app, user, unit).await?;
    let instansi = user.instansi_id();
    if !user.actor.can_edit_unit(instansi, &scope.unit_path()) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.begin().await?;
    let n = store::rencana_delete(&mut tx, instansi, &scope.unit_path(), id).await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "pengembangan.unplan",
            object_type: "rencana_pengembangan",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The catalogue, for everyone who may read the analysis; edits by the admin BKPSDM.
pub async fn katalog(app: &App, user: &CurrentUser) -> AppResult<Vec<KatalogRow>> {
    if user.actor.read_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    store::katalog_list(&app.db, user.instansi_id()).await
}

fn problems(errs: Vec<kinerja_domain::pengembangan::KatalogError>) -> AppError {
    AppError::Invalid(
        errs.iter()
            .map(|e| Problem::at(e.field(), e.code()))
            .collect(),
    )
}

/// Adds (`id` None) or changes a catalogue entry. Every error of the form at once.
pub async fn katalog_save(
    app: &App,
    user: &CurrentUser,
    id: Option<i64>,
    input: &KatalogInput,
    aktif: bool,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let k = input.validate().map_err(problems)?;
    let mut tx = app.db.begin().await?;
    let saved = match id {
        None => store::katalog_insert(&mut tx, instansi, &k).await,
        Some(id) => match store::katalog_update(&mut tx, instansi, id, &k, aktif).await {
            Ok(0) => Err(AppError::NotFound),
            Ok(_) => Ok(id),
            Err(e) => Err(e),
        },
    };
    let id = match saved {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() => {
            return Err(AppError::invalid("kode", "katalog-kode-taken"));
        }
        Err(e) => return Err(e),
    };
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "katalog.save",
            object_type: "katalog_pengembangan",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(serde_json::to_value(&k).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The entries every new instansi starts from (BKPSDM edits them at will).
pub fn katalog_awal() -> Vec<KatalogInput> {
    let e = |kode: &str,
             nama: &str,
             bentuk: &str,
             sasaran: &str,
             units: &[&str],
             jab: &[&str],
             penyelenggara: &str,
             jp: u32| KatalogInput {
        kode: kode.into(),
        nama: nama.into(),
        bentuk: bentuk.into(),
        sasaran: sasaran.into(),
        jenis_unit: units.iter().map(|s| s.to_string()).collect(),
        jenis_jabatan: jab.iter().map(|s| s.to_string()).collect(),
        penyelenggara: penyelenggara.into(),
        jp: jp.to_string(),
    };
    vec![
        e(
            "PP-01",
            "Workshop Pelayanan Prima",
            "Workshop",
            "perilaku-1",
            &["kecamatan", "kelurahan", "uptd"],
            &[],
            "BKPSDM",
            16,
        ),
        e(
            "PP-02",
            "Pelatihan Pelayanan Publik bagi Pendidik",
            "Pelatihan",
            "perilaku-1",
            &["sekolah"],
            &[],
            "Dinas Pendidikan dan Kebudayaan",
            24,
        ),
        e(
            "PP-03",
            "E-learning Budaya Melayani",
            "E-learning",
            "perilaku-1",
            &[],
            &[],
            "BKPSDM",
            8,
        ),
        e(
            "AK-01",
            "Pelatihan Akuntabilitas dan Pelaporan Kinerja",
            "Pelatihan",
            "perilaku-2",
            &[],
            &[],
            "BKPSDM",
            16,
        ),
        e(
            "KM-01",
            "Pelatihan Teknis Sesuai Bidang Tugas",
            "Pelatihan",
            "perilaku-3",
            &[],
            &["pelaksana", "fungsional"],
            "BKPSDM",
            32,
        ),
        e(
            "HR-01",
            "Coaching Harmonisasi Tim Kerja",
            "Coaching",
            "perilaku-4",
            &[],
            &[],
            "Atasan langsung",
            4,
        ),
        e(
            "LY-01",
            "Penguatan Integritas dan Kode Etik ASN",
            "Workshop",
            "perilaku-5",
            &[],
            &[],
            "Inspektorat",
            8,
        ),
        e(
            "AD-01",
            "Pelatihan Literasi Digital dan Aplikasi Perkantoran",
            "Pelatihan",
            "perilaku-6",
            &[],
            &[],
            "Dinas Komunikasi dan Informatika",
            24,
        ),
        e(
            "KL-01",
            "Workshop Kolaborasi Lintas Unit",
            "Workshop",
            "perilaku-7",
            &[],
            &[],
            "BKPSDM",
            8,
        ),
        e(
            "HK-01",
            "Pelatihan Manajemen Waktu dan Penyusunan Target Kinerja",
            "Pelatihan",
            "hasil",
            &[],
            &[],
            "BKPSDM",
            16,
        ),
        e(
            "HK-02",
            "Mentoring Pencapaian Target oleh Atasan",
            "Mentoring",
            "hasil",
            &[],
            &["pelaksana", "fungsional"],
            "Atasan langsung",
            6,
        ),
        e(
            "HK-03",
            "Pelatihan Kepemimpinan Pengawas",
            "Pelatihan",
            "hasil",
            &[],
            &["pengawas", "administrator"],
            "BPSDM Provinsi Lampung",
            40,
        ),
    ]
}

/// Seeds the starting catalogue into an instansi that has none.
pub async fn katalog_seed(app: &App, instansi_id: i64) -> AppResult<usize> {
    if !store::katalog_list(&app.db, instansi_id).await?.is_empty() {
        return Ok(0);
    }
    let mut tx = app.db.begin().await?;
    let entries = katalog_awal();
    for input in &entries {
        let k = input
            .validate()
            .map_err(|e| AppError::Internal(format!("katalog awal: {e:?}")))?;
        store::katalog_insert(&mut tx, instansi_id, &k).await?;
    }
    tx.commit().await?;
    Ok(entries.len())
}

/// The training catalogue is kept by the instansi's admins.
pub fn may_keep_katalog(user: &CurrentUser) -> AppResult<()> {
    if !user.actor.can_admin_instansi(user.instansi_id()) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}
