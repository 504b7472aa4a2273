//! Planning: the SKP from draft to approval, cascaded down the organisation.
//!
//! Roles come from the tree: the owner edits and submits; the penilai derived today (or a
//! PLT/PLH, or an admin override) approves or returns; everyone else who may see the owner
//! reads. Every transition and edit is written with its audit event in one transaction, and
//! every write to a plan checks its version (two people never silently overwrite each other).

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::org::{self as org_svc, ChainLink};
use crate::store::org::{self, EmployeeRow};
use crate::store::skp::{
    self as store, CascadeRow, ChildLinkRow, NewIndikator, NewRhk, NewSkp, NewSubmission, RhkRow,
    SkpRow, SubmissionRow, YearRow,
};
use crate::store::users;
use chrono::{Datelike, NaiveDate};
use kinerja_domain::access::Subject;
use kinerja_domain::org::{Derived, UnitPath, penilai_of};
use kinerja_domain::periode::{JenisPeriode, batas_perencanaan, periods_for};
use kinerja_domain::referensi::Referensi;
use kinerja_domain::skp::{
    self as rules, Indikator, JenisRhk, Lampiran, Missing, Pendekatan, Rhk, SkpAction, SkpContent,
    SkpRole, SkpStatus, TransitionError, parse_target,
};
use kinerja_domain::{Golongan, JenisJabatan};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// ---------------------------------------------------------------------------------------
// Reference data and years

/// Reference versions never change once written, so they are parsed once per process.
#[derive(Default)]
pub struct ReferenceCache(Mutex<HashMap<i64, Arc<Referensi>>>);

pub async fn referensi(app: &App, instansi_id: i64, id: i64) -> AppResult<Arc<Referensi>> {
    if let Some(r) = app.references.0.lock().expect("cache lock").get(&id) {
        return Ok(r.clone());
    }
    let row = store::reference_get(&app.db, instansi_id, id).await?;
    let parsed: Referensi = serde_json::from_str(&row.data_json)
        .map_err(|e| AppError::Internal(format!("reference {id}: {e}")))?;
    let arc = Arc::new(parsed);
    app.references
        .0
        .lock()
        .expect("cache lock")
        .insert(id, arc.clone());
    Ok(arc)
}

/// The instansi's copy of the default reference version, created on first use.
async fn default_reference(app: &App, instansi_id: i64) -> AppResult<i64> {
    let default = Referensi::permenpanrb_6_2022();
    if let Some(r) = store::references(&app.db, instansi_id)
        .await?
        .into_iter()
        .find(|r| r.kode == default.kode)
    {
        return Ok(r.id);
    }
    let data = serde_json::to_string(&default).expect("serialisable");
    let mut tx = app.db.begin().await?;
    let id =
        store::reference_insert(&mut tx, instansi_id, &default.kode, &default.nama, &data).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a reference version (from a JSON document), validated first.
pub async fn add_reference(
    app: &App,
    instansi_id: i64,
    data: &Referensi,
    who: &audit::Who,
) -> AppResult<i64> {
    data.validate()
        .map_err(|e| AppError::Invalid(vec![Problem::new(None, e.code())]))?;
    if store::references(&app.db, instansi_id)
        .await?
        .iter()
        .any(|r| r.kode == data.kode)
    {
        return Err(AppError::Invalid(vec![
            Problem::new("kode", "referensi-exists").arg("value", &data.kode),
        ]));
    }
    let json = serde_json::to_string(data).expect("serialisable");
    let mut tx = app.db.begin().await?;
    let id = store::reference_insert(&mut tx, instansi_id, &data.kode, &data.nama, &json).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi_id,
        who,
        Change {
            action: "referensi.create",
            object_type: "referensi",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"kode": data.kode, "nama": data.nama})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

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
        && store::year_by_tahun(&app.db, instansi, t as i64)
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
        Some(id) => store::reference_get(&app.db, instansi, id).await?.id,
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
    let id = store::year_insert(
        &mut tx,
        instansi,
        tahun as i64,
        jenis.code(),
        reference,
        batas,
    )
    .await?;
    for (i, p) in specs.iter().enumerate() {
        store::period_insert(&mut tx, instansi, id, p, i as i64 + 1).await?;
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
    let year = store::year_get(&app.db, instansi, year_id).await?;
    let rows = store::periods(&app.db, year.id).await?;
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
    store::period_update(&mut tx, period_id, m, s, b).await?;
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
    let all = store::years(&app.db, instansi_id).await?;
    let now = app.today().year() as i64;
    Ok(all.iter().find(|y| y.tahun == now).or(all.first()).cloned())
}

// ---------------------------------------------------------------------------------------
// Roles

fn subject(e: &EmployeeRow) -> (kinerja_domain::UnitPath, i64, i64) {
    (e.unit_path(), e.instansi_id, e.id)
}

fn can_view(user: &CurrentUser, owner: &EmployeeRow) -> bool {
    let (path, instansi_id, employee_id) = subject(owner);
    user.actor.can_view_employee(&Subject {
        instansi_id,
        employee_id,
        unit_path: &path,
    })
}

/// The owner's penilai today.
pub async fn current_penilai(app: &App, instansi: i64, owner: i64) -> AppResult<Derived> {
    let snap = org::snapshot_for(&app.db, instansi, owner, app.today()).await?;
    Ok(penilai_of(&snap, owner))
}

fn role_of(user: &CurrentUser, owner_id: i64, penilai: &Derived) -> SkpRole {
    match user.session.employee_id {
        Some(me) if me == owner_id => SkpRole::Owner,
        Some(me) if penilai.employee_id() == Some(me) => SkpRole::Penilai,
        _ => SkpRole::Other,
    }
}

fn refuse(e: TransitionError) -> AppError {
    match e {
        TransitionError::WrongStatus => AppError::Conflict("skp-wrong-status"),
        TransitionError::NotOwner | TransitionError::NotPenilai => AppError::Forbidden,
    }
}

// ---------------------------------------------------------------------------------------
// Reading a plan

/// A header block of the form: frozen into every submission.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PersonHeader {
    pub employee_id: i64,
    pub nama: String,
    pub nip: String,
    pub pangkat: String,
    pub jabatan: String,
    pub unit: String,
}

impl PersonHeader {
    pub fn of(e: &EmployeeRow) -> PersonHeader {
        PersonHeader {
            employee_id: e.id,
            nama: e.nama_lengkap(),
            nip: e.nip.clone().unwrap_or_else(|| "–".into()),
            pangkat: e
                .golongan
                .as_deref()
                .and_then(Golongan::from_code)
                .map(|g| g.pangkat_golongan())
                .unwrap_or_else(|| "–".into()),
            jabatan: e.jabatan.clone(),
            unit: e.unit_nama.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub instansi: String,
    pub lokasi: String,
    pub mulai: Option<NaiveDate>,
    pub selesai: Option<NaiveDate>,
    pub pegawai: PersonHeader,
    pub penilai: Option<PersonHeader>,
}

/// A plan as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub skp: SkpRow,
    pub status: SkpStatus,
    pub owner: EmployeeRow,
    pub year: YearRow,
    #[serde(skip)]
    pub referensi: Arc<Referensi>,
    pub penilai: ChainLink,
    pub penilai_id: Option<i64>,
    pub role: SkpRole,
    pub content: SkpContent,
    pub is_jpt: bool,
    pub missing: Vec<Missing>,
    pub proposals: Vec<CascadeRow>,
    pub parent_options: Vec<RhkRow>,
    pub last_submission: Option<SubmissionRow>,
    /// Notes of the last return, per RHK id.
    pub row_notes: HashMap<i64, String>,
    /// Subordinates' RHK that intervene this plan's RHK.
    pub child_links: Vec<ChildLinkRow>,
    pub handed_down: Vec<CascadeRow>,
    pub late: bool,
}

impl PlanView {
    pub fn can(&self, action: SkpAction) -> bool {
        rules::transition(self.status, action, self.role).is_ok()
    }
}

/// Builds the live content of a plan from its rows; a link is sound when it points at an
/// active RHK of the current penilai's plan of the same year.
pub async fn live_content(
    app: &App,
    skp: &SkpRow,
    penilai_id: Option<i64>,
) -> AppResult<SkpContent> {
    let rhk = store::rhk_of(&app.db, skp.id).await?;
    let inds = store::indikator_of(&app.db, skp.id).await?;
    let lampiran = store::lampiran_of(&app.db, skp.id).await?;
    let ekspektasi = store::ekspektasi_of(&app.db, skp.id).await?;
    Ok(assemble(skp, penilai_id, rhk, inds, lampiran, ekspektasi))
}

fn assemble(
    skp: &SkpRow,
    penilai_id: Option<i64>,
    rhk: Vec<RhkRow>,
    inds: Vec<store::IndikatorRow>,
    lampiran: Vec<store::LampiranRow>,
    ekspektasi: Vec<(i64, String)>,
) -> SkpContent {
    let mut by_rhk: HashMap<i64, Vec<Indikator>> = HashMap::new();
    for i in inds {
        by_rhk.entry(i.rhk_id).or_default().push(Indikator {
            id: i.id,
            aspek: i.aspek,
            iki: i.iki,
            target_min: i.target_min,
            target_max: i.target_max,
            satuan: i.satuan,
            target_teks: i.target_teks,
        });
    }
    let mut rows: Vec<Rhk> = rhk
        .into_iter()
        .map(|r| {
            let link_ok = r.parent_rhk_id.is_none()
                || (r.parent_aktif == Some(true)
                    && r.parent_year_id == Some(skp.year_id)
                    && penilai_id.is_some()
                    && r.parent_employee_id == penilai_id);
            Rhk {
                indikator: by_rhk.remove(&r.id).unwrap_or_default(),
                id: r.id,
                jenis: JenisRhk::parse(&r.jenis).unwrap_or(JenisRhk::Utama),
                teks: r.teks,
                parent_rhk_id: r.parent_rhk_id,
                parent_teks: r.parent_teks,
                link_ok,
                pk_target: r.pk_target,
                perspektif: r.perspektif,
            }
        })
        .collect();
    // Utama first, each block in its own order.
    rows.sort_by_key(|r| r.jenis != JenisRhk::Utama);
    let mut l = Lampiran::default();
    for row in lampiran {
        match row.bagian.as_str() {
            "dukungan" => l.dukungan.push(row.teks),
            "skema" => l.skema.push(row.teks),
            "konsekuensi" => l.konsekuensi.push(row.teks),
            _ => {}
        }
    }
    SkpContent {
        pendekatan: Pendekatan::parse(&skp.pendekatan).unwrap_or(Pendekatan::Kuantitatif),
        rhk: rows,
        lampiran: l,
        ekspektasi: ekspektasi.into_iter().map(|(k, t)| (k as u8, t)).collect(),
    }
}

pub async fn plan_view(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<PlanView> {
    let instansi = user.instansi_id();
    let skp = store::skp_get(&app.db, instansi, skp_id).await?;
    let owner = org::employee_get(&app.db, instansi, skp.employee_id).await?;
    if !can_view(user, &owner) {
        return Err(AppError::Forbidden);
    }
    let year = store::year_get(&app.db, instansi, skp.year_id).await?;
    let referensi = referensi(app, instansi, year.reference_version_id).await?;
    let (penilai_link, _) = org_svc::chain_of(app, instansi, owner.id).await?;
    let penilai_id = match &penilai_link {
        ChainLink::Person { employee, .. } => Some(employee.id),
        _ => None,
    };
    let derived = match penilai_id {
        Some(id) => Derived::Found {
            employee_id: id,
            source: kinerja_domain::PenilaiSource::Tree,
            via_unit: None,
        },
        None => Derived::Top,
    };
    let role = if skp.closed {
        SkpRole::Other
    } else {
        role_of(user, owner.id, &derived)
    };
    let status = SkpStatus::parse(&skp.status).unwrap_or(SkpStatus::Draft);
    let content = live_content(app, &skp, penilai_id).await?;
    let is_jpt = owner.jenis_jabatan == JenisJabatan::Jpt.code();
    let editable = role == SkpRole::Owner && status.editable();
    let missing = if role == SkpRole::Owner {
        rules::missing(&content, is_jpt)
    } else {
        Vec::new()
    };
    let (proposals, parent_options) = if editable {
        (
            store::cascades_to(&app.db, owner.id, year.id).await?,
            match penilai_id {
                Some(p) => store::rhk_options(&app.db, p, year.id).await?,
                None => Vec::new(),
            },
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let last_submission = store::latest_submission(&app.db, skp.id).await?;
    let row_notes = last_submission
        .as_ref()
        .filter(|s| s.decision.as_deref() == Some("dikembalikan"))
        .and_then(|s| s.catatan_baris_json.as_deref())
        .and_then(|j| serde_json::from_str::<HashMap<i64, String>>(j).ok())
        .unwrap_or_default();
    // Only people who lead someone have links pointing at their plan.
    let leads = owner.is_head || (role == SkpRole::Owner && user.actor.is_supervisor());
    let (child_links, handed_down) = if leads {
        (
            store::child_links(&app.db, skp.id).await?,
            store::cascades_from(&app.db, skp.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let late = status != SkpStatus::Disetujui && app.today() > year.batas_perencanaan;
    Ok(PlanView {
        skp,
        status,
        owner,
        year,
        referensi,
        penilai: penilai_link,
        penilai_id,
        role,
        content,
        is_jpt,
        missing,
        proposals,
        parent_options,
        last_submission,
        row_notes,
        child_links,
        handed_down,
        late,
    })
}

/// The plan page's view, from the cache while the plan's version in the database is the one
/// cached (one indexed query) and nothing else changed in this process meanwhile.
pub async fn plan_view_cached(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
) -> AppResult<Arc<PlanView>> {
    let instansi = user.instansi_id();
    let (skp_version, owner_version, owner_id, owner_path) =
        store::skp_stamp(&app.db, instansi, skp_id).await?;
    // Whoever may no longer read the plan is refused before any cache is looked at.
    let path = UnitPath::from_stored(owner_path);
    if !user.actor.can_view_employee(&Subject {
        instansi_id: instansi,
        employee_id: owner_id,
        unit_path: &path,
    }) {
        return Err(AppError::Forbidden);
    }
    let stamp = crate::cache::PlanStamp {
        skp_version,
        owner_version,
        rights: rights_fingerprint(&user.actor),
    };
    if let Some(v) = app.caches.plan(skp_id, user.session.user_id, stamp) {
        return Ok(v);
    }
    let v = Arc::new(plan_view(app, user, skp_id).await?);
    app.caches.put_plan(user.session.user_id, stamp, v.clone());
    Ok(v)
}

/// A digest of what the viewer may do: a cached view built under other rights is not
/// served.
fn rights_fingerprint(a: &kinerja_domain::Actor) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for r in &a.roles {
        r.code().hash(&mut h);
        if let kinerja_domain::Role::AdminOpd { opd } = r {
            opd.as_str().hash(&mut h);
        }
    }
    for u in &a.led_units {
        u.as_str().hash(&mut h);
    }
    a.rated_by_override.hash(&mut h);
    h.finish()
}

/// The plans of an employee in a year (readable by whoever may see the employee).
pub async fn plans_of(
    app: &App,
    user: &CurrentUser,
    employee_id: i64,
    year_id: i64,
) -> AppResult<Vec<SkpRow>> {
    let owner = org::employee_get(&app.db, user.instansi_id(), employee_id).await?;
    if !can_view(user, &owner) {
        return Err(AppError::Forbidden);
    }
    store::skps_of(&app.db, employee_id, year_id).await
}

// ---------------------------------------------------------------------------------------
// Creating a plan

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStart {
    /// An empty plan.
    Kosong,
    /// The RHK and indicators of the employee's last plan of an earlier year.
    TahunLalu,
    /// The RHK the supervisor handed down.
    Atasan,
}

/// Starts the signed-in employee's plan for a year. A plan of another position in the same
/// year is closed (both are kept).
pub async fn create_plan(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
    start: PlanStart,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    let me = user.session.employee_id.ok_or(AppError::Forbidden)?;
    let owner = org::employee_get(&app.db, instansi, me).await?;
    if owner.jenis_asn == "pejabat_negara" || !owner.aktif {
        return Err(AppError::Forbidden);
    }
    let year = store::year_get(&app.db, instansi, year_id).await?;
    let existing = store::skps_of(&app.db, me, year.id).await?;
    if existing
        .iter()
        .any(|s| !s.closed && s.position_id == owner.position_id)
    {
        return Err(AppError::Conflict("skp-exists"));
    }
    let today = app.today();
    let year_start = NaiveDate::from_ymd_opt(year.tahun as i32, 1, 1).expect("valid");
    let year_end = NaiveDate::from_ymd_opt(year.tahun as i32, 12, 31).expect("valid");
    let moved = existing
        .iter()
        .filter(|s| !s.closed)
        .cloned()
        .collect::<Vec<_>>();
    let mulai = if moved.is_empty() {
        year_start
    } else {
        today.clamp(year_start, year_end)
    };
    // What to copy, read before the transaction.
    let copy_from = match start {
        PlanStart::TahunLalu => match store::previous_skp(&app.db, me, year.tahun).await? {
            Some(prev) => Some(live_content(app, &prev, None).await?),
            None => {
                return Err(AppError::Invalid(vec![Problem::new(
                    "start",
                    "skp-no-previous",
                )]));
            }
        },
        _ => None,
    };
    let proposals = if start == PlanStart::Atasan {
        let p = store::cascades_to(&app.db, me, year.id).await?;
        if p.is_empty() {
            return Err(AppError::Invalid(vec![Problem::new(
                "start",
                "skp-no-proposals",
            )]));
        }
        p
    } else {
        Vec::new()
    };
    let mut tx = app.db.begin().await?;
    for old in &moved {
        store::skp_close(
            &mut tx,
            old.id,
            (mulai - chrono::Duration::days(1)).max(old.mulai),
        )
        .await?;
    }
    let pendekatan = copy_from
        .as_ref()
        .map(|c| c.pendekatan)
        .unwrap_or(Pendekatan::Kuantitatif);
    let id = store::skp_insert(
        &mut tx,
        NewSkp {
            instansi_id: instansi,
            employee_id: me,
            year_id: year.id,
            position_id: owner.position_id,
            mulai,
            selesai: year_end,
            pendekatan: pendekatan.code(),
        },
    )
    .await?;
    if let Some(c) = &copy_from {
        for r in &c.rhk {
            // Links to last year's plans are not carried over: they are chosen again.
            let rid = store::rhk_insert(
                &mut tx,
                NewRhk {
                    instansi_id: instansi,
                    skp_id: id,
                    jenis: r.jenis.code(),
                    teks: &r.teks,
                    parent_rhk_id: None,
                    pk_target: &r.pk_target,
                    perspektif: &r.perspektif,
                },
            )
            .await?;
            for i in &r.indikator {
                store::indikator_insert(
                    &mut tx,
                    NewIndikator {
                        instansi_id: instansi,
                        rhk_id: rid,
                        aspek: &i.aspek,
                        iki: &i.iki,
                        target_min: i.target_min,
                        target_max: i.target_max,
                        satuan: &i.satuan,
                        target_teks: &i.target_teks,
                    },
                )
                .await?;
            }
        }
        for (bagian, lines) in [
            ("dukungan", &c.lampiran.dukungan),
            ("skema", &c.lampiran.skema),
            ("konsekuensi", &c.lampiran.konsekuensi),
        ] {
            store::lampiran_replace(&mut tx, instansi, id, bagian, lines).await?;
        }
    }
    for p in &proposals {
        let rid = store::rhk_insert(
            &mut tx,
            NewRhk {
                instansi_id: instansi,
                skp_id: id,
                jenis: JenisRhk::Utama.code(),
                teks: &p.teks,
                parent_rhk_id: Some(p.from_rhk_id),
                pk_target: "",
                perspektif: "",
            },
        )
        .await?;
        store::cascade_adopt(&mut tx, p.id, rid).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "skp.create",
            object_type: "skp",
            object_id: Some(id),
            subject_employee_id: Some(me),
            before: None,
            after: Some(json!({"tahun": year.tahun, "mulai": mulai, "dari": format!("{start:?}"), "ditutup": moved.iter().map(|s| s.id).collect::<Vec<_>>()})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------
// Editing a draft

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct RhkInput {
    /// utama or tambahan.
    pub jenis: String,
    pub teks: String,
    /// The supervisor's RHK this one intervenes (Utama, non-JPT).
    #[serde(default)]
    pub parent_rhk_id: Option<i64>,
    /// JPT: the organisation's Perjanjian Kinerja target.
    #[serde(default)]
    pub pk_target: String,
    /// JPT: one of the reference data's perspektif.
    #[serde(default)]
    pub perspektif: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct IndikatorInput {
    pub aspek: String,
    pub iki: String,
    /// A number or a range ("12", "2-3"); for the kualitatif approach a narrative.
    pub target: String,
    #[serde(default)]
    pub satuan: String,
}

#[derive(Debug, Clone)]
pub enum EditOp {
    AddRhk(RhkInput),
    UpdateRhk(i64, RhkInput),
    RemoveRhk(i64),
    AddIndikator(i64, IndikatorInput),
    UpdateIndikator(i64, IndikatorInput),
    RemoveIndikator(i64),
    Pendekatan(String),
    /// One lampiran list, one item per line.
    Lampiran(String, String),
    AdoptProposal(i64),
}

const MAX_TEXT: usize = 2000;

fn check_rhk(input: &RhkInput, v: &PlanView) -> Result<JenisRhk, Vec<Problem>> {
    let mut problems = Vec::new();
    let jenis = JenisRhk::parse(input.jenis.trim());
    if jenis.is_none() {
        problems.push(Problem::new("jenis", "rhk-jenis-unknown"));
    }
    let teks = input.teks.trim();
    if teks.is_empty() {
        problems.push(Problem::new("teks", "rhk-text-required"));
    } else if teks.chars().count() > MAX_TEXT {
        problems.push(Problem::new("teks", "text-too-long").arg("max", MAX_TEXT));
    }
    if let Some(p) = input.parent_rhk_id {
        if jenis == Some(JenisRhk::Tambahan) {
            problems.push(Problem::new("parent_rhk_id", "rhk-tambahan-no-link"));
        } else if !v.parent_options.iter().any(|o| o.id == p)
            && !v.content.rhk.iter().any(|r| r.parent_rhk_id == Some(p))
        {
            problems.push(Problem::new("parent_rhk_id", "rhk-link-unknown"));
        }
    }
    if !input.perspektif.trim().is_empty()
        && !v
            .referensi
            .perspektif
            .iter()
            .any(|p| p == input.perspektif.trim())
    {
        problems.push(Problem::new("perspektif", "rhk-perspektif-unknown"));
    }
    if problems.is_empty() {
        Ok(jenis.expect("checked"))
    } else {
        Err(problems)
    }
}

/// Target min, max and the satuan of a checked indicator.
type CheckedTarget<'a> = (Option<f64>, Option<f64>, &'a str);

fn check_indikator<'a>(
    input: &'a IndikatorInput,
    v: &PlanView,
) -> Result<CheckedTarget<'a>, Vec<Problem>> {
    let mut problems = Vec::new();
    if !v.referensi.aspek.iter().any(|a| a == input.aspek.trim()) {
        problems.push(
            Problem::new("aspek", "indikator-aspek-unknown").arg("value", input.aspek.trim()),
        );
    }
    if input.iki.trim().is_empty() {
        problems.push(Problem::new("iki", "indikator-iki-required"));
    } else if input.iki.trim().chars().count() > MAX_TEXT {
        problems.push(Problem::new("iki", "text-too-long").arg("max", MAX_TEXT));
    }
    let target = input.target.trim();
    let parsed = match (v.content.pendekatan, target) {
        (_, "") => {
            problems.push(Problem::new("target", "indikator-target-required"));
            (None, None, "")
        }
        (Pendekatan::Kuantitatif, t) => match parse_target(t) {
            Ok((min, max)) => {
                if input.satuan.trim().is_empty() {
                    problems.push(Problem::new("satuan", "indikator-satuan-required"));
                }
                (Some(min), max, "")
            }
            Err(e) => {
                problems.push(Problem::new("target", e.code()).arg("value", t));
                (None, None, "")
            }
        },
        // Kualitatif: a number is still welcome, otherwise the narrative is the target.
        (Pendekatan::Kualitatif, t) => match parse_target(t) {
            Ok((min, max)) => (Some(min), max, ""),
            Err(_) => (None, None, t),
        },
    };
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().take(MAX_TEXT).collect())
        .collect()
}

/// Applies one change to the owner's editable plan read at `version`.
pub async fn edit(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    version: i64,
    op: EditOp,
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Edit, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let instansi = user.instansi_id();
    let rhk_of_plan = |id: i64| {
        v.content
            .rhk
            .iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)
    };
    let indikator_of_plan = |id: i64| {
        v.content
            .rhk
            .iter()
            .find_map(|r| r.indikator.iter().find(|i| i.id == id).map(|i| (r.id, i)))
            .ok_or(AppError::NotFound)
    };
    // Everything is checked before the transaction starts.
    let (action, before, after) = match &op {
        EditOp::AddRhk(i) => {
            check_rhk(i, &v).map_err(AppError::Invalid)?;
            ("skp.rhk_add", None, Some(json!(i)))
        }
        EditOp::UpdateRhk(id, i) => {
            let r = rhk_of_plan(*id)?;
            check_rhk(i, &v).map_err(AppError::Invalid)?;
            (
                "skp.rhk_update",
                Some(json!({"teks": r.teks, "jenis": r.jenis, "parent_rhk_id": r.parent_rhk_id})),
                Some(json!(i)),
            )
        }
        EditOp::RemoveRhk(id) => {
            let r = rhk_of_plan(*id)?;
            ("skp.rhk_remove", Some(json!({"teks": r.teks})), None)
        }
        EditOp::AddIndikator(rhk, i) => {
            rhk_of_plan(*rhk)?;
            check_indikator(i, &v).map_err(AppError::Invalid)?;
            ("skp.indikator_add", None, Some(json!(i)))
        }
        EditOp::UpdateIndikator(id, i) => {
            let (_, old) = indikator_of_plan(*id)?;
            check_indikator(i, &v).map_err(AppError::Invalid)?;
            (
                "skp.indikator_update",
                Some(json!({"iki": old.iki, "target": old.target_label(), "aspek": old.aspek})),
                Some(json!(i)),
            )
        }
        EditOp::RemoveIndikator(id) => {
            let (_, old) = indikator_of_plan(*id)?;
            ("skp.indikator_remove", Some(json!({"iki": old.iki})), None)
        }
        EditOp::Pendekatan(p) => {
            Pendekatan::parse(p.trim())
                .ok_or_else(|| AppError::invalid("pendekatan", "pendekatan-unknown"))?;
            (
                "skp.pendekatan",
                Some(json!({"pendekatan": v.content.pendekatan})),
                Some(json!({"pendekatan": p.trim()})),
            )
        }
        EditOp::Lampiran(bagian, text) => {
            if !matches!(bagian.as_str(), "dukungan" | "skema" | "konsekuensi") {
                return Err(AppError::invalid("bagian", "lampiran-unknown"));
            }
            (
                "skp.lampiran",
                None,
                Some(json!({"bagian": bagian, "isi": lines(text)})),
            )
        }
        EditOp::AdoptProposal(cid) => {
            let p = v
                .proposals
                .iter()
                .find(|p| p.id == *cid)
                .ok_or(AppError::NotFound)?;
            (
                "skp.usulan_ambil",
                None,
                Some(json!({"teks": p.teks, "dari_rhk": p.from_rhk_id})),
            )
        }
    };
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, skp_id, version, next.code()).await?;
    match op {
        EditOp::AddRhk(i) => {
            let row = NewRhk {
                instansi_id: instansi,
                skp_id,
                jenis: i.jenis.trim(),
                teks: i.teks.trim(),
                parent_rhk_id: i.parent_rhk_id,
                pk_target: i.pk_target.trim(),
                perspektif: i.perspektif.trim(),
            };
            store::rhk_insert(&mut tx, row).await?;
        }
        EditOp::UpdateRhk(id, i) => {
            let row = NewRhk {
                instansi_id: instansi,
                skp_id,
                jenis: i.jenis.trim(),
                teks: i.teks.trim(),
                parent_rhk_id: if i.jenis.trim() == "tambahan" {
                    None
                } else {
                    i.parent_rhk_id
                },
                pk_target: i.pk_target.trim(),
                perspektif: i.perspektif.trim(),
            };
            store::rhk_update(&mut tx, id, &row).await?;
        }
        EditOp::RemoveRhk(id) => store::rhk_deactivate(&mut tx, skp_id, id).await?,
        EditOp::AddIndikator(rhk, i) => {
            let (min, max, teks) = check_indikator(&i, &v).map_err(AppError::Invalid)?;
            store::indikator_insert(
                &mut tx,
                NewIndikator {
                    instansi_id: instansi,
                    rhk_id: rhk,
                    aspek: i.aspek.trim(),
                    iki: i.iki.trim(),
                    target_min: min,
                    target_max: max,
                    satuan: i.satuan.trim(),
                    target_teks: teks,
                },
            )
            .await?;
        }
        EditOp::UpdateIndikator(id, i) => {
            let (rhk, _) = indikator_of_plan(id)?;
            let (min, max, teks) = check_indikator(&i, &v).map_err(AppError::Invalid)?;
            store::indikator_update(
                &mut tx,
                id,
                &NewIndikator {
                    instansi_id: instansi,
                    rhk_id: rhk,
                    aspek: i.aspek.trim(),
                    iki: i.iki.trim(),
                    target_min: min,
                    target_max: max,
                    satuan: i.satuan.trim(),
                    target_teks: teks,
                },
            )
            .await?;
        }
        EditOp::RemoveIndikator(id) => {
            let (rhk, _) = indikator_of_plan(id)?;
            store::indikator_deactivate(&mut tx, rhk, id).await?;
        }
        EditOp::Pendekatan(p) => store::skp_set_pendekatan(&mut tx, skp_id, p.trim()).await?,
        EditOp::Lampiran(bagian, text) => {
            store::lampiran_replace(&mut tx, instansi, skp_id, &bagian, &lines(&text)).await?
        }
        EditOp::AdoptProposal(cid) => {
            let p = v
                .proposals
                .iter()
                .find(|p| p.id == cid)
                .ok_or(AppError::NotFound)?;
            let rid = store::rhk_insert(
                &mut tx,
                NewRhk {
                    instansi_id: instansi,
                    skp_id,
                    jenis: JenisRhk::Utama.code(),
                    teks: &p.teks,
                    parent_rhk_id: Some(p.from_rhk_id),
                    pk_target: "",
                    perspektif: "",
                },
            )
            .await?;
            store::cascade_adopt(&mut tx, cid, rid).await?;
        }
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action,
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.owner.id),
            before,
            after,
        },
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------
// Transitions

async fn user_id_of(app: &App, employee_id: Option<i64>) -> AppResult<Option<i64>> {
    Ok(match employee_id {
        Some(e) => users::user_by_employee(&app.db, e).await?.map(|u| u.id),
        None => None,
    })
}

fn missing_problems(m: &[Missing]) -> Vec<Problem> {
    m.iter()
        .map(|x| {
            let mut p = Problem::new(None, x.code());
            for (k, v) in x.args() {
                p = p.arg(k, v);
            }
            p
        })
        .collect()
}

async fn header_of(app: &App, v: &PlanView) -> AppResult<Header> {
    let inst = org::instansi_get(&app.db, v.owner.instansi_id).await?;
    Ok(Header {
        instansi: inst.nama,
        lokasi: inst.lokasi,
        mulai: Some(v.skp.mulai),
        selesai: Some(v.skp.selesai),
        pegawai: PersonHeader::of(&v.owner),
        penilai: match &v.penilai {
            ChainLink::Person { employee, .. } => Some(PersonHeader::of(employee)),
            _ => None,
        },
    })
}

/// Sends the plan to the penilai. Only a complete plan goes, and the refusal says exactly
/// what is missing.
pub async fn submit(app: &App, user: &CurrentUser, skp_id: i64, version: i64) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Submit, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let mut problems = missing_problems(&v.missing);
    if v.penilai_id.is_none() {
        let unit = match &v.penilai {
            ChainLink::Vacant { unit } => unit.nama.clone(),
            _ => String::new(),
        };
        problems.insert(0, Problem::new(None, "skp-no-penilai").arg("unit", unit));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let header = header_of(app, &v).await?;
    let penilai_user = user_id_of(app, v.penilai_id).await?;
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, skp_id, version, next.code()).await?;
    store::submission_insert(
        &mut tx,
        NewSubmission {
            instansi_id: v.owner.instansi_id,
            skp_id,
            revisi: v.skp.revisi,
            content_json: &serde_json::to_string(&v.content).expect("serialisable"),
            header_json: &serde_json::to_string(&header).expect("serialisable"),
            penilai_employee_id: v.penilai_id,
            submitted_by: user.session.user_id,
        },
    )
    .await?;
    store::skp_mark(
        &mut tx,
        skp_id,
        Some(crate::store::now_micros()),
        v.skp.approved_at,
        v.skp.revisi,
    )
    .await?;
    if let Some(u) = penilai_user {
        store::notify(
            &mut tx,
            v.owner.instansi_id,
            u,
            "skp_submitted",
            &json!({"nama": v.owner.nama_lengkap(), "tahun": v.year.tahun}).to_string(),
            &format!("/skp/{skp_id}"),
        )
        .await?;
    }
    transition_audit(&mut tx, app, user, &v, "skp.submit", next, None).await?;
    tx.commit().await
}

async fn transition_audit(
    tx: &mut crate::store::Tx,
    app: &App,
    user: &CurrentUser,
    v: &PlanView,
    action: &'static str,
    next: SkpStatus,
    extra: Option<serde_json::Value>,
) -> AppResult<()> {
    let mut after = json!({"status": next.code(), "revisi": v.skp.revisi});
    if let Some(e) = extra {
        after["catatan"] = e;
    }
    audit::record(
        tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action,
            object_type: "skp",
            object_id: Some(v.skp.id),
            subject_employee_id: Some(v.owner.id),
            before: Some(json!({"status": v.status.code()})),
            after: Some(after),
        },
    )
    .await
}

pub async fn withdraw(app: &App, user: &CurrentUser, skp_id: i64, version: i64) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Withdraw, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, skp_id, version, next.code()).await?;
    store::submission_decide(
        &mut tx,
        skp_id,
        "ditarik",
        "",
        None,
        None,
        Some(user.session.user_id),
    )
    .await?;
    transition_audit(&mut tx, app, user, &v, "skp.withdraw", next, None).await?;
    tx.commit().await
}

/// The penilai's decision.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct Decision {
    /// true: approve (setujui); false: return (kembalikan).
    pub approve: bool,
    /// Overall note; required when returning.
    #[serde(default)]
    pub catatan: String,
    /// Notes per RHK id.
    #[serde(default)]
    pub catatan_baris: HashMap<i64, String>,
}

pub async fn decide(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    version: i64,
    d: &Decision,
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let action = if d.approve {
        SkpAction::Approve
    } else {
        SkpAction::Return
    };
    let next = rules::transition(v.status, action, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let row_notes: HashMap<i64, String> = d
        .catatan_baris
        .iter()
        .filter(|(id, t)| !t.trim().is_empty() && v.content.rhk.iter().any(|r| r.id == **id))
        .map(|(id, t)| (*id, t.trim().chars().take(MAX_TEXT).collect()))
        .collect();
    if !d.approve && d.catatan.trim().is_empty() && row_notes.is_empty() {
        return Err(AppError::invalid("catatan", "skp-return-needs-note"));
    }
    let owner_user = user_id_of(app, Some(v.owner.id)).await?;
    let now = crate::store::now_micros();
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, skp_id, version, next.code()).await?;
    let notes_json =
        (!row_notes.is_empty()).then(|| serde_json::to_string(&row_notes).expect("serialisable"));
    // An approval freezes the content with the penilai's expectations as they are now.
    let approved_content = d
        .approve
        .then(|| serde_json::to_string(&v.content).expect("serialisable"));
    store::submission_decide(
        &mut tx,
        skp_id,
        next.code(),
        d.catatan.trim(),
        notes_json.as_deref(),
        approved_content.as_deref(),
        Some(user.session.user_id),
    )
    .await?;
    store::skp_mark(
        &mut tx,
        skp_id,
        v.skp.submitted_at,
        if d.approve {
            Some(now)
        } else {
            v.skp.approved_at
        },
        v.skp.revisi,
    )
    .await?;
    if let Some(u) = owner_user {
        store::notify(
            &mut tx,
            v.owner.instansi_id,
            u,
            if d.approve {
                "skp_approved"
            } else {
                "skp_returned"
            },
            &json!({"tahun": v.year.tahun, "penilai": user.session.display_name}).to_string(),
            &format!("/skp/{skp_id}"),
        )
        .await?;
    }
    let extra = (!d.approve).then(|| json!({"umum": d.catatan.trim(), "baris": row_notes}));
    transition_audit(
        &mut tx,
        app,
        user,
        &v,
        if d.approve {
            "skp.approve"
        } else {
            "skp.return"
        },
        next,
        extra,
    )
    .await?;
    tx.commit().await
}

/// The penilai's ekspektasi khusus pimpinan, per BerAKHLAK value.
pub async fn set_expectations(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    version: i64,
    texts: &[(u8, String)],
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    rules::transition(v.status, SkpAction::WriteExpectations, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    if texts.iter().any(|(k, _)| v.referensi.nilai(*k).is_none()) {
        return Err(AppError::invalid("ekspektasi", "ekspektasi-unknown-value"));
    }
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, skp_id, version, v.status.code()).await?;
    for (k, t) in texts {
        store::ekspektasi_set(
            &mut tx,
            v.owner.instansi_id,
            skp_id,
            *k as i64,
            &t.trim().chars().take(MAX_TEXT).collect::<String>(),
        )
        .await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action: "skp.ekspektasi",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.owner.id),
            before: Some(json!(v.content.ekspektasi)),
            after: Some(json!(texts)),
        },
    )
    .await?;
    tx.commit().await
}

/// Opens a new revision of an approved plan; the approved one stays readable.
pub async fn revise(app: &App, user: &CurrentUser, skp_id: i64, version: i64) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Revise, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, skp_id, version, next.code()).await?;
    store::skp_mark(&mut tx, skp_id, None, v.skp.approved_at, v.skp.revisi + 1).await?;
    transition_audit(&mut tx, app, user, &v, "skp.revise", next, None).await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------
// Revisions

#[derive(Debug, Clone, Serialize)]
pub struct FrozenPlan {
    pub submission: SubmissionRow,
    pub header: Header,
    pub content: SkpContent,
}

pub async fn submissions(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
) -> AppResult<(SkpRow, EmployeeRow, Vec<SubmissionRow>)> {
    let skp = store::skp_get(&app.db, user.instansi_id(), skp_id).await?;
    let owner = org::employee_get(&app.db, user.instansi_id(), skp.employee_id).await?;
    if !can_view(user, &owner) {
        return Err(AppError::Forbidden);
    }
    let subs = store::submissions_of(&app.db, skp_id).await?;
    Ok((skp, owner, subs))
}

pub fn frozen(s: &SubmissionRow) -> AppResult<FrozenPlan> {
    Ok(FrozenPlan {
        submission: s.clone(),
        header: serde_json::from_str(&s.header_json)
            .map_err(|e| AppError::Internal(e.to_string()))?,
        content: serde_json::from_str(&s.content_json)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    })
}

/// What changed between two submissions of a plan.
pub async fn diff(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    from: i64,
    to: i64,
) -> AppResult<(FrozenPlan, FrozenPlan, Vec<rules::Change>)> {
    let (_, _, subs) = submissions(app, user, skp_id).await?;
    let get = |id: i64| {
        subs.iter()
            .find(|s| s.id == id)
            .ok_or(AppError::NotFound)
            .and_then(frozen)
    };
    let (a, b) = (get(from)?, get(to)?);
    let changes = rules::diff(&a.content, &b.content);
    Ok((a, b, changes))
}

// ---------------------------------------------------------------------------------------
// Cascading and the supervisor's side

/// The employees the signed-in user rates today (direct reports), for handing down RHK.
pub async fn direct_reports(app: &App, user: &CurrentUser) -> AppResult<Vec<EmployeeRow>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    let instansi = user.instansi_id();
    let today = app.today();
    let mut ids = Vec::new();
    for scope in &user.actor.led_units {
        let snap = org::snapshot_subtree(&app.db, instansi, scope, today).await?;
        for &e in snap.positions.keys() {
            if e != me && penilai_of(&snap, e).employee_id() == Some(me) {
                ids.push(e);
            }
        }
    }
    ids.extend(user.actor.rated_by_override.iter().copied());
    ids.sort_unstable();
    ids.dedup();
    let mut people = org::employees_by_ids(&app.db, instansi, &ids).await?;
    people.retain(|e| e.aktif);
    people.sort_by(|a, b| {
        (!a.is_head, &a.unit_path, &a.nama).cmp(&(!b.is_head, &b.unit_path, &b.nama))
    });
    Ok(people)
}

/// Hands an RHK of the signed-in user's plan (or part of it, in `teks`) down to direct
/// reports: it appears as a proposal in their drafts.
pub async fn hand_down(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    rhk_id: i64,
    to: &[i64],
    teks: &str,
) -> AppResult<()> {
    let v = plan_view(app, user, skp_id).await?;
    if v.role != SkpRole::Owner {
        return Err(AppError::Forbidden);
    }
    let rhk = v
        .content
        .rhk
        .iter()
        .find(|r| r.id == rhk_id)
        .ok_or(AppError::NotFound)?;
    let reports = direct_reports(app, user).await?;
    if to.is_empty() {
        return Err(AppError::invalid("pegawai", "cascade-nobody"));
    }
    if to.iter().any(|id| !reports.iter().any(|r| r.id == *id)) {
        return Err(AppError::invalid("pegawai", "cascade-not-report"));
    }
    let teks = match teks.trim() {
        "" => rhk.teks.clone(),
        t => t.chars().take(MAX_TEXT).collect(),
    };
    let recipients: Vec<(i64, Option<i64>)> = {
        let mut out = Vec::new();
        for id in to {
            out.push((*id, user_id_of(app, Some(*id)).await?));
        }
        out
    };
    let mut tx = app.db.begin().await?;
    for (emp, uid) in &recipients {
        store::cascade_upsert(&mut tx, v.owner.instansi_id, rhk_id, *emp, &teks).await?;
        if let Some(u) = uid {
            store::notify(
                &mut tx,
                v.owner.instansi_id,
                *u,
                "skp_cascaded",
                &json!({"atasan": v.owner.nama_lengkap(), "teks": teks}).to_string(),
                "/skp",
            )
            .await?;
        }
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        v.owner.instansi_id,
        &user.who(),
        Change {
            action: "skp.cascade",
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.owner.id),
            before: None,
            after: Some(json!({"rhk": rhk_id, "teks": teks, "kepada": to})),
        },
    )
    .await?;
    tx.commit().await
}

pub async fn remove_cascade(app: &App, user: &CurrentUser, cascade_id: i64) -> AppResult<()> {
    let c = store::cascade_get(&app.db, user.instansi_id(), cascade_id).await?;
    let rhk = store::rhk_get(&app.db, user.instansi_id(), c.from_rhk_id).await?;
    let skp = store::skp_get(&app.db, user.instansi_id(), rhk.skp_id).await?;
    if Some(skp.employee_id) != user.session.employee_id {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.begin().await?;
    store::cascade_delete(&mut tx, user.instansi_id(), cascade_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action: "skp.cascade_remove",
            object_type: "skp",
            object_id: Some(skp.id),
            subject_employee_id: Some(skp.employee_id),
            before: Some(json!({"teks": c.teks, "kepada": c.to_employee_id})),
            after: None,
        },
    )
    .await?;
    tx.commit().await
}

/// Plans waiting for the signed-in user's decision: submitted plans of people they rate
/// today (found through their subtrees and overrides, then checked one by one).
pub async fn queue(app: &App, user: &CurrentUser) -> AppResult<Vec<store::PendingRow>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    let instansi = user.instansi_id();
    let today = app.today();
    let mut out = Vec::new();
    for scope in &user.actor.led_units {
        let pending = store::pending_in(&app.db, instansi, scope, None).await?;
        if pending.is_empty() {
            continue;
        }
        let snap = org::snapshot_subtree(&app.db, instansi, scope, today).await?;
        out.extend(pending.into_iter().filter(|p| {
            p.employee_id != me && penilai_of(&snap, p.employee_id).employee_id() == Some(me)
        }));
    }
    out.extend(store::pending_of(&app.db, instansi, &user.actor.rated_by_override).await?);
    out.sort_by_key(|p| (p.submitted_at, p.skp_id));
    out.dedup_by_key(|p| p.skp_id);
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Monitoring

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub missing: i64,
    pub draft: i64,
    pub diajukan: i64,
    pub dikembalikan: i64,
    pub disetujui: i64,
}

impl Counts {
    pub fn total(&self) -> i64 {
        self.missing + self.draft + self.diajukan + self.dikembalikan + self.disetujui
    }
    fn add(&mut self, status: &str, n: i64) {
        match status {
            "draft" => self.draft += n,
            "diajukan" => self.diajukan += n,
            "dikembalikan" => self.dikembalikan += n,
            "disetujui" => self.disetujui += n,
            _ => self.missing += n,
        }
    }
    pub fn percent_approved(&self) -> i64 {
        if self.total() == 0 {
            0
        } else {
            self.disetujui * 100 / self.total()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MonitoringRow {
    pub unit_id: i64,
    pub nama: String,
    pub has_children: bool,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub year: YearRow,
    pub unit: org::UnitRow,
    pub ancestors: Vec<org::UnitRow>,
    pub total: Counts,
    /// The unit's own employees (directly in it) and one row per child branch.
    pub own: Counts,
    pub rows: Vec<MonitoringRow>,
    pub late: Vec<store::LateRow>,
    pub late_page: u32,
    pub deadline_passed: bool,
}

pub const LATE_PER_PAGE: i64 = 50;

/// Plan status per branch of a unit, and who has no approved plan yet.
pub async fn monitoring(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
    unit_id: Option<i64>,
    late_page: u32,
) -> AppResult<Monitoring> {
    let instansi = user.instansi_id();
    let unit = org_svc::list_scope(app, user, unit_id).await?;
    let year = store::year_get(&app.db, instansi, year_id).await?;
    let scope = unit.unit_path();
    let counts = store::status_counts(&app.db, instansi, year.id, &scope).await?;
    let paths = store::unit_paths_in(&app.db, instansi, &scope).await?;
    let children = org::unit_children(&app.db, instansi, unit.id).await?;
    // Fold each unit's counts into the child branch that contains it.
    let depth = scope.ids().len();
    let branch_of: HashMap<i64, Option<i64>> = paths
        .iter()
        .map(|(id, p)| {
            (
                *id,
                kinerja_domain::UnitPath::from_stored(p.clone())
                    .ids()
                    .get(depth)
                    .copied(),
            )
        })
        .collect();
    let mut per_branch: HashMap<i64, Counts> = HashMap::new();
    let mut own = Counts::default();
    let mut total = Counts::default();
    for (unit_id, status, n) in counts {
        total.add(&status, n);
        match branch_of.get(&unit_id).copied().flatten() {
            Some(b) => per_branch.entry(b).or_default().add(&status, n),
            None => own.add(&status, n),
        }
    }
    let rows = children
        .into_iter()
        .map(|c| MonitoringRow {
            counts: per_branch.remove(&c.id).unwrap_or_default(),
            unit_id: c.id,
            nama: c.nama,
            has_children: c.child_count > 0,
        })
        .collect();
    let page = late_page.max(1);
    let late = store::not_approved(
        &app.db,
        instansi,
        year.id,
        &scope,
        LATE_PER_PAGE,
        (page as i64 - 1) * LATE_PER_PAGE,
    )
    .await?;
    let ancestors = org::unit_ancestors(&app.db, instansi, unit.id).await?;
    Ok(Monitoring {
        deadline_passed: app.today() > year.batas_perencanaan,
        year,
        unit,
        ancestors,
        total,
        own,
        rows,
        late,
        late_page: page,
    })
}

// ---------------------------------------------------------------------------------------
// Notifications

pub async fn notifications(
    app: &App,
    user: &CurrentUser,
) -> AppResult<Vec<store::NotificationRow>> {
    let list = store::notifications(&app.db, user.session.user_id, 100).await?;
    if list.iter().any(|n| n.read_at.is_none()) {
        let mut tx = app.db.begin_quiet().await?;
        store::notifications_read(&mut tx, user.session.user_id).await?;
        tx.commit().await?;
    }
    Ok(list)
}

pub async fn unread(app: &App, user: &CurrentUser) -> AppResult<i64> {
    store::unread_count(&app.db, user.session.user_id).await
}

// ---------------------------------------------------------------------------------------
// The official document

/// The data of the printed SKP: the approved (or latest submitted) content when there is
/// one, else the live draft.
pub async fn document(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
) -> AppResult<(PlanView, Header, SkpContent, bool)> {
    let v = plan_view(app, user, skp_id).await?;
    let subs = store::submissions_of(&app.db, skp_id).await?;
    let approved = subs
        .iter()
        .rev()
        .find(|s| s.decision.as_deref() == Some("disetujui") && v.status == SkpStatus::Disetujui);
    match approved {
        Some(s) => {
            let f = frozen(s)?;
            Ok((v, f.header, f.content, true))
        }
        None => {
            let header = header_of(app, &v).await?;
            let content = v.content.clone();
            Ok((v, header, content, false))
        }
    }
}
