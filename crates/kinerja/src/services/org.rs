//! Organisation services: search, profiles with the penilai chain, employee edits and
//! penilai overrides, the unit tree (acting appointments: `services::acting`). Every
//! function checks permission before it reads.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::accounts::standing_of;
use crate::services::audit::{self, Change};
use crate::services::confirmations;
use crate::store::confirmations as confirmations_sql;
use crate::store::org::{
    self, ActingRow, EmployeeFields, EmployeeQuery, EmployeeRow, NewPosition, UnitChildRow, UnitRow,
};
use crate::store::users;
use crate::store::{Page, Tx};
use chrono::NaiveDate;
use kinerja_domain::access::{AdminScope, Decision, Standing, Subject};
use kinerja_domain::confirmation::ChangeKind;
use kinerja_domain::org::{Derived, PenilaiSource, UnitPath, penilai_chain};
use kinerja_domain::{Golongan, JenisAsn, JenisJabatan, Jenjang, Nip};
use serde::Serialize;
use serde_json::json;

pub fn subject_of(e: &EmployeeRow) -> (i64, i64, UnitPath) {
    (e.instansi_id, e.id, e.unit_path())
}

fn can_view(user: &CurrentUser, e: &EmployeeRow) -> bool {
    let path = e.unit_path();
    user.actor.can_view_employee(&Subject {
        instansi_id: e.instansi_id,
        employee_id: e.id,
        unit_path: &path,
    })
}

/// Whether the admin may act on this employee's record: in scope, not themself, not
/// someone with more rights.
pub async fn can_edit(app: &App, user: &CurrentUser, e: &EmployeeRow) -> AppResult<bool> {
    let path = e.unit_path();
    let subject = Subject {
        instansi_id: e.instansi_id,
        employee_id: e.id,
        unit_path: &path,
    };
    if !user.actor.can_edit_employee(&subject) {
        return Ok(false);
    }
    let standing = standing_of(app, e).await?;
    Ok(user.actor.can_act_on(&subject, &standing))
}

/// The subtree a list may cover: a requested unit inside the user's read scope, or the
/// first root of that scope.
pub async fn list_scope(app: &App, user: &CurrentUser, unit_id: Option<i64>) -> AppResult<UnitRow> {
    let instansi = user.instansi_id();
    let scope = user.actor.read_scope().ok_or(AppError::Forbidden)?;
    if let Some(id) = unit_id {
        let unit = org::unit_get(&app.db, instansi, id).await?;
        if !user.actor.can_view_unit(instansi, &unit.unit_path()) {
            return Err(AppError::Forbidden);
        }
        return Ok(unit);
    }
    match scope {
        AdminScope::Instansi => org::unit_root(&app.db, instansi).await,
        AdminScope::Units(roots) => {
            let first = roots.first().ok_or(AppError::Forbidden)?;
            let id = *first.ids().last().ok_or(AppError::Forbidden)?;
            org::unit_get(&app.db, instansi, id).await
        }
    }
}

pub async fn search(
    app: &App,
    user: &CurrentUser,
    text: &str,
    unit_id: Option<i64>,
    include_inactive: bool,
    page: u32,
    per_page: u32,
) -> AppResult<(UnitRow, Page<EmployeeRow>)> {
    let scope = list_scope(app, user, unit_id).await?;
    let path = scope.unit_path();
    let page = org::employee_search(
        &app.db,
        &EmployeeQuery {
            instansi_id: user.instansi_id(),
            scope: &path,
            text,
            include_inactive,
            page,
            per_page,
        },
    )
    .await?;
    Ok((scope, page))
}

pub async fn employee(app: &App, user: &CurrentUser, id: i64) -> AppResult<EmployeeRow> {
    let e = org::employee_get(&app.db, user.instansi_id(), id).await?;
    if !can_view(user, &e) {
        return Err(AppError::Forbidden);
    }
    Ok(e)
}

/// One link of the penilai chain as shown to people.
#[derive(Debug, Clone, Serialize)]
pub enum ChainLink {
    Person {
        employee: Box<EmployeeRow>,
        source: PenilaiSource,
        /// Whether the viewer may open this person's profile.
        viewable: bool,
    },
    /// The head position of this unit is vacant: a blocker for admins.
    Vacant { unit: Box<UnitRow> },
    /// Nobody above (the Bupati).
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub employee: EmployeeRow,
    pub ancestors: Vec<UnitRow>,
    pub penilai: ChainLink,
    pub atasan: ChainLink,
    pub can_edit: bool,
    pub account: Option<AccountInfo>,
    /// Angka kredit per year, for fungsional positions.
    pub angka_kredit: Vec<crate::services::penilaian::AngkaKreditLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountInfo {
    pub username: String,
    pub has_password: bool,
    pub must_change_password: bool,
}

async fn link(
    app: &App,
    instansi: i64,
    d: Derived,
    people: &[EmployeeRow],
) -> AppResult<ChainLink> {
    Ok(match d {
        Derived::Found {
            employee_id,
            source,
            ..
        } => match people.iter().find(|p| p.id == employee_id) {
            Some(p) => ChainLink::Person {
                employee: Box::new(p.clone()),
                source,
                viewable: false,
            },
            None => ChainLink::None,
        },
        Derived::Vacant { unit_id } => ChainLink::Vacant {
            unit: Box::new(org::unit_get(&app.db, instansi, unit_id).await?),
        },
        Derived::Top => ChainLink::None,
    })
}

/// The penilai and atasan penilai of an employee today.
pub async fn chain_of(
    app: &App,
    instansi: i64,
    employee_id: i64,
) -> AppResult<(ChainLink, ChainLink)> {
    let snap = org::snapshot_for(&app.db, instansi, employee_id, app.today()).await?;
    let chain = penilai_chain(&snap, employee_id);
    let ids: Vec<i64> = [chain.penilai.employee_id(), chain.atasan.employee_id()]
        .into_iter()
        .flatten()
        .collect();
    let people = org::employees_by_ids(&app.db, instansi, &ids).await?;
    Ok((
        link(app, instansi, chain.penilai, &people).await?,
        link(app, instansi, chain.atasan, &people).await?,
    ))
}

pub async fn profile(app: &App, user: &CurrentUser, id: i64) -> AppResult<Profile> {
    let employee = employee(app, user, id).await?;
    let instansi = user.instansi_id();
    let ancestors = org::unit_ancestors(&app.db, instansi, employee.unit_id).await?;
    let (mut penilai, mut atasan) = chain_of(app, instansi, employee.id).await?;
    for l in [&mut penilai, &mut atasan] {
        if let ChainLink::Person {
            employee, viewable, ..
        } = l
        {
            *viewable = can_view(user, employee);
        }
    }
    let edit = can_edit(app, user, &employee).await?;
    let account = if edit {
        users::user_by_employee(&app.db, employee.id)
            .await?
            .map(|u| AccountInfo {
                username: u.username,
                has_password: u.password_hash.is_some(),
                must_change_password: u.must_change_password,
            })
    } else {
        None
    };
    let angka_kredit = crate::services::penilaian::angka_kredit_of(app, &employee).await?;
    Ok(Profile {
        employee,
        ancestors,
        penilai,
        atasan,
        can_edit: edit,
        account,
        angka_kredit,
    })
}

/// The edit form of an employee, as typed (kept as text so a refused form shows exactly
/// what the user entered).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, utoipa::ToSchema)]
pub struct EmployeeInput {
    pub nip: String,
    pub jenis_asn: String,
    #[serde(default)]
    pub gelar_depan: String,
    pub nama: String,
    #[serde(default)]
    pub gelar_belakang: String,
    #[serde(default)]
    pub golongan: String,
    /// Code of the unit (kode unor).
    pub unit_kode: String,
    pub jabatan: String,
    pub jenis_jabatan: String,
    #[serde(default)]
    pub jenjang: String,
    /// The position heads its unit.
    #[serde(default)]
    pub kepala: bool,
    #[serde(default)]
    pub email: String,
    #[serde(default = "yes")]
    pub aktif: bool,
    /// NIP of a penilai set by an admin instead of the tree (empty: derived).
    #[serde(default)]
    pub nip_penilai: String,
}

fn yes() -> bool {
    true
}

impl EmployeeInput {
    pub fn from_row(e: &EmployeeRow, unit_kode: String, nip_penilai: String) -> EmployeeInput {
        EmployeeInput {
            nip: e.nip.clone().unwrap_or_default(),
            jenis_asn: e.jenis_asn.clone(),
            gelar_depan: e.gelar_depan.clone(),
            nama: e.nama.clone(),
            gelar_belakang: e.gelar_belakang.clone(),
            golongan: e.golongan.clone().unwrap_or_default(),
            unit_kode,
            jabatan: e.jabatan.clone(),
            jenis_jabatan: e.jenis_jabatan.clone(),
            jenjang: e.jenjang.clone().unwrap_or_default(),
            kepala: e.is_head,
            email: e.email.clone().unwrap_or_default(),
            aktif: e.aktif,
            nip_penilai,
        }
    }
}

/// Fields that passed validation, ready for the store.
#[derive(Debug, Clone)]
pub struct ValidEmployee {
    pub nip: Option<String>,
    pub jenis_asn: JenisAsn,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub golongan: Option<Golongan>,
    pub jabatan: String,
    pub jenis_jabatan: JenisJabatan,
    pub jenjang: Option<Jenjang>,
    pub kepala: bool,
    pub email: Option<String>,
    pub aktif: bool,
}

/// An employee record as typed (form, API body or CSV row).
#[derive(Debug, Clone, Copy)]
pub struct RawEmployee<'a> {
    pub nip: &'a str,
    pub jenis_asn: &'a str,
    pub gelar_depan: &'a str,
    pub nama: &'a str,
    pub gelar_belakang: &'a str,
    pub golongan: &'a str,
    pub jabatan: &'a str,
    pub jenis_jabatan: &'a str,
    pub jenjang: &'a str,
    /// None: structural positions head their unit, others do not.
    pub kepala: Option<bool>,
    pub email: &'a str,
    pub aktif: bool,
}

impl<'a> RawEmployee<'a> {
    pub fn of_input(i: &'a EmployeeInput) -> RawEmployee<'a> {
        RawEmployee {
            nip: &i.nip,
            jenis_asn: &i.jenis_asn,
            gelar_depan: &i.gelar_depan,
            nama: &i.nama,
            gelar_belakang: &i.gelar_belakang,
            golongan: &i.golongan,
            jabatan: &i.jabatan,
            jenis_jabatan: &i.jenis_jabatan,
            jenjang: &i.jenjang,
            kepala: Some(i.kepala),
            email: &i.email,
            aktif: i.aktif,
        }
    }
}

/// Checks everything that can be checked without the database. Shared by the edit form,
/// the API and the CSV import, so all three accept and refuse the same things.
pub fn validate_employee(
    raw: &RawEmployee<'_>,
    today: NaiveDate,
) -> Result<ValidEmployee, Vec<Problem>> {
    let RawEmployee {
        nip,
        jenis_asn,
        gelar_depan,
        nama,
        gelar_belakang,
        golongan,
        jabatan,
        jenis_jabatan,
        jenjang,
        kepala,
        email,
        aktif,
    } = *raw;
    let mut problems = Vec::new();
    let jenis = JenisAsn::parse(jenis_asn);
    if jenis.is_none() {
        problems.push(Problem::new("jenis_asn", "jenis-asn-unknown").arg("value", jenis_asn));
    }
    let jenis = jenis.unwrap_or(JenisAsn::Pns);
    let mut parts = None;
    let nip_value = if jenis.has_nip() {
        match Nip::parse(nip, jenis, today) {
            Ok((n, p)) => {
                parts = Some(p);
                Some(n.as_str().to_string())
            }
            Err(e) => {
                problems.push(Problem::new("nip", e.code()).arg("value", nip.trim()));
                None
            }
        }
    } else {
        None
    };
    let nama_t = nama.trim();
    if nama_t.is_empty() {
        problems.push(Problem::new("nama", "nama-required"));
    } else if nama_t.chars().count() > 120 {
        problems.push(Problem::new("nama", "nama-too-long"));
    }
    let gol = if golongan.trim().is_empty() || !jenis.has_nip() {
        None
    } else {
        match Golongan::parse(golongan, jenis) {
            Ok(g) => Some(g),
            Err(e) => {
                problems.push(Problem::new("golongan", e.code()).arg("value", golongan.trim()));
                None
            }
        }
    };
    if jenis.has_nip() && golongan.trim().is_empty() {
        problems.push(Problem::new("golongan", "golongan-required"));
    }
    let jabatan_t = jabatan.trim();
    if jabatan_t.is_empty() {
        problems.push(Problem::new("jabatan", "jabatan-required"));
    }
    let jj = JenisJabatan::parse(jenis_jabatan);
    if jj.is_none() {
        problems.push(
            Problem::new("jenis_jabatan", "jenis-jabatan-unknown")
                .arg("value", jenis_jabatan.trim()),
        );
    }
    let jj = jj.unwrap_or(JenisJabatan::Pelaksana);
    let jenjang_v = if jenjang.trim().is_empty() {
        None
    } else {
        match Jenjang::parse(jenjang) {
            Some(j) if j.fits(jj) => Some(j),
            Some(_) => {
                problems.push(
                    Problem::new("jenjang", "jenjang-mismatch")
                        .arg("value", jenjang.trim())
                        .arg("jenis", jj.label()),
                );
                None
            }
            None => {
                problems
                    .push(Problem::new("jenjang", "jenjang-unknown").arg("value", jenjang.trim()));
                None
            }
        }
    };
    let email_t = email.trim();
    if !email_t.is_empty() && (!email_t.contains('@') || email_t.contains(char::is_whitespace)) {
        problems.push(Problem::new("email", "email-invalid"));
    }
    // A newline or tab in a name breaks every export and document line it is printed on.
    for (field, value) in [
        ("gelar_depan", gelar_depan),
        ("nama", nama),
        ("gelar_belakang", gelar_belakang),
        ("jabatan", jabatan),
        ("email", email),
    ] {
        if !kinerja_domain::text::is_single_line(value.trim()) {
            problems.push(Problem::new(field, "text-control-char"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (jenis_kelamin, tanggal_lahir) = match parts {
        Some(p) => (p.jenis_kelamin.code().to_string(), Some(p.tanggal_lahir)),
        None => ("L".to_string(), None),
    };
    Ok(ValidEmployee {
        nip: nip_value,
        jenis_asn: jenis,
        gelar_depan: gelar_depan.trim().to_string(),
        nama: nama_t.to_string(),
        gelar_belakang: gelar_belakang.trim().to_string(),
        jenis_kelamin,
        tanggal_lahir,
        golongan: gol,
        jabatan: jabatan_t.to_string(),
        jenis_jabatan: jj,
        jenjang: jenjang_v,
        // Structural positions lead their unit unless said otherwise.
        kepala: kepala.unwrap_or(jj.is_structural()),
        email: (!email_t.is_empty()).then(|| email_t.to_string()),
        aktif,
    })
}

/// The position part of an audit snapshot.
pub struct PositionLabel<'a> {
    pub nama: &'a str,
    pub jenis: &'a str,
    pub jenjang: Option<&'a str>,
    pub kepala: bool,
}

impl<'a> PositionLabel<'a> {
    pub fn of_row(e: &'a EmployeeRow) -> PositionLabel<'a> {
        PositionLabel {
            nama: &e.jabatan,
            jenis: &e.jenis_jabatan,
            jenjang: e.jenjang.as_deref(),
            kepala: e.is_head,
        }
    }
    pub fn of_valid(v: &'a ValidEmployee) -> PositionLabel<'a> {
        PositionLabel {
            nama: &v.jabatan,
            jenis: v.jenis_jabatan.code(),
            jenjang: v.jenjang.map(|j| j.code()),
            kepala: v.kepala,
        }
    }
}

/// What the audit trail keeps of an employee record.
pub fn audit_snapshot(
    f: &EmployeeFields,
    jabatan: &PositionLabel<'_>,
    unit: &str,
) -> serde_json::Value {
    json!({
        "nip": f.nip, "jenis_asn": f.jenis_asn, "gelar_depan": f.gelar_depan, "nama": f.nama,
        "gelar_belakang": f.gelar_belakang, "jenis_kelamin": f.jenis_kelamin,
        "tanggal_lahir": f.tanggal_lahir, "golongan": f.golongan, "jabatan": jabatan.nama,
        "jenis_jabatan": jabatan.jenis, "jenjang": jabatan.jenjang, "kepala": jabatan.kepala, "unit": unit,
        "email": f.email, "aktif": f.aktif, "penilai_override_id": f.penilai_override_id,
    })
}

/// Finds the position `(unit, nama)` or creates it; refuses a second head in a unit.
/// Returns the position and whether anything was written.
pub async fn ensure_position(
    app: &App,
    tx: &mut Tx,
    instansi_id: i64,
    unit_id: i64,
    v: &ValidEmployee,
) -> AppResult<(i64, bool)> {
    let _ = instansi_id;
    let existing = org::positions_of_unit(&app.db, unit_id).await?;
    if v.kepala
        && let Some(h) = existing.iter().find(|p| p.is_head && p.nama != v.jabatan)
    {
        return Err(AppError::Invalid(vec![
            Problem::new("kepala", "unit-has-head").arg("jabatan", &h.nama),
        ]));
    }
    let jenjang = v.jenjang.map(|j| j.code());
    match existing.iter().find(|p| p.nama == v.jabatan) {
        Some(p) => {
            let changed = p.jenis != v.jenis_jabatan.code()
                || p.jenjang.as_deref() != jenjang
                || p.is_head != v.kepala;
            if changed {
                org::position_update(tx, p.id, v.jenis_jabatan.code(), jenjang, v.kepala).await?;
            }
            Ok((p.id, changed))
        }
        None => {
            let id = org::position_insert(
                tx,
                NewPosition {
                    instansi_id,
                    unit_id,
                    nama: &v.jabatan,
                    jenis: v.jenis_jabatan.code(),
                    jenjang,
                    is_head: v.kepala,
                },
            )
            .await?;
            Ok((id, true))
        }
    }
}

/// An input checked against the database: valid fields, the target unit inside the admin's
/// scope, a unique NIP and an existing penilai.
struct Prepared {
    v: ValidEmployee,
    unit: UnitRow,
    override_id: Option<i64>,
    /// The unit of the penilai named instead of the tree.
    override_unit: Option<UnitPath>,
    /// Their name and NIP, for the four-eyes queue.
    override_label: (String, String),
}

async fn prepare(
    app: &App,
    user: &CurrentUser,
    input: &EmployeeInput,
    self_id: Option<i64>,
) -> AppResult<Prepared> {
    let instansi = user.instansi_id();
    let v =
        validate_employee(&RawEmployee::of_input(input), app.today()).map_err(AppError::Invalid)?;
    let unit = org::unit_by_kode(&app.db, instansi, input.unit_kode.trim())
        .await?
        .ok_or_else(|| {
            AppError::Invalid(vec![
                Problem::new("unit_kode", "unit-unknown").arg("value", input.unit_kode.trim()),
            ])
        })?;
    if !user.actor.can_edit_unit(instansi, &unit.unit_path()) {
        return Err(AppError::Invalid(vec![Problem::new(
            "unit_kode",
            "unit-outside-scope",
        )]));
    }
    if let Some(n) = &v.nip
        && let Some(other) = org::employee_by_nip(&app.db, instansi, n).await?
        && Some(other.id) != self_id
    {
        return Err(AppError::Invalid(vec![
            Problem::new("nip", "nip-duplicate").arg("value", n),
        ]));
    }
    let override_id = match input.nip_penilai.trim() {
        "" => None,
        raw => {
            let nip = Nip::normalize(raw);
            let p = org::employee_by_nip(&app.db, instansi, &nip)
                .await?
                .ok_or_else(|| {
                    AppError::Invalid(vec![
                        Problem::new("nip_penilai", "penilai-unknown").arg("value", raw),
                    ])
                })?;
            if Some(p.id) == self_id {
                return Err(AppError::Invalid(vec![Problem::new(
                    "nip_penilai",
                    "penilai-self",
                )]));
            }
            Some(p)
        }
    };
    Ok(Prepared {
        v,
        unit,
        override_id: override_id.as_ref().map(|p| p.id),
        override_unit: override_id.as_ref().map(|p| p.unit_path()),
        override_label: override_id
            .map(|p| (p.nama_lengkap(), p.nip.unwrap_or_default()))
            .unwrap_or_default(),
    })
}

/// Files the four-eyes request for a penilai override (or its removal) of employee `id`,
/// inside the transaction of the edit; the queue shows the penilai by name and NIP.
async fn request_penilai(
    app: &App,
    tx: &mut Tx,
    user: &CurrentUser,
    id: i64,
    penilai: Option<i64>,
    p: &Prepared,
) -> AppResult<i64> {
    let (nama, nip) = &p.override_label;
    confirmations::request_in(
        app,
        tx,
        user,
        ChangeKind::Penilai,
        id,
        json!({"penilai_id": penilai, "penilai_nama": nama, "penilai_nip": nip}),
    )
    .await
}

/// Whether the admin may change the penilai override of `subject` to `p.override_id`:
/// refused with the reason beside the field, or waiting for an admin BKPSDM.
fn penilai_decision(
    user: &CurrentUser,
    subject: &Subject<'_>,
    standing: &Standing,
    p: &Prepared,
) -> AppResult<Decision> {
    let penilai = p.override_id.zip(p.override_unit.as_ref());
    match user.actor.can_set_penilai(subject, standing, penilai) {
        Decision::Denied => {
            let code = if p.override_id.is_some() && p.override_id == user.actor.employee_id {
                "penilai-is-admin"
            } else {
                "penilai-outside-opd"
            };
            Err(AppError::Invalid(vec![Problem::new("nip_penilai", code)]))
        }
        d => Ok(d),
    }
}

/// Refuses a placement or override that would make someone their own (indirect) penilai.
/// Checked on the committed tree with the change applied in memory.
async fn check_no_cycle(app: &App, instansi: i64, id: i64, p: &Prepared) -> AppResult<()> {
    let mut snap = org::snapshot_all(&app.db, instansi, app.today()).await?;
    snap.positions.insert(id, (p.unit.id, p.v.kepala));
    if p.v.kepala {
        snap.heads.insert(
            p.unit.id,
            kinerja_domain::HeadSlot::Held {
                employee_id: id,
                acting: None,
            },
        );
    }
    match p.override_id {
        Some(o) => snap.overrides.insert(id, o),
        None => snap.overrides.remove(&id),
    };
    if kinerja_domain::org::penilai_cycle(&snap, [id]).is_some() {
        return Err(AppError::Invalid(vec![Problem::new(
            "nip_penilai",
            "penilai-cycle",
        )]));
    }
    Ok(())
}

pub fn fields_from(
    v: &ValidEmployee,
    position_id: i64,
    override_id: Option<i64>,
) -> EmployeeFields {
    EmployeeFields {
        nip: v.nip.clone(),
        jenis_asn: v.jenis_asn.code().to_string(),
        gelar_depan: v.gelar_depan.clone(),
        nama: v.nama.clone(),
        gelar_belakang: v.gelar_belakang.clone(),
        jenis_kelamin: v.jenis_kelamin.clone(),
        tanggal_lahir: v.tanggal_lahir,
        golongan: v.golongan.map(|g| g.code().to_string()),
        position_id,
        email: v.email.clone(),
        aktif: v.aktif,
        penilai_override_id: override_id,
    }
}

/// Creates an employee and their (not yet activated) account.
pub async fn create_employee(
    app: &App,
    user: &CurrentUser,
    input: &EmployeeInput,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    if user.actor.admin_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    let mut p = prepare(app, user, input, None).await?;
    // A new record stands for nobody yet; its override follows the same rule as an edit.
    let new_path = p.unit.unit_path();
    let new_subject = Subject {
        instansi_id: instansi,
        employee_id: -1,
        unit_path: &new_path,
    };
    let pending_penilai = match p.override_id {
        Some(o) => match penilai_decision(user, &new_subject, &Standing::default(), &p)? {
            Decision::NeedsConfirmation => {
                p.override_id = None;
                Some(o)
            }
            _ => None,
        },
        None => None,
    };
    if p.v.nip.is_none() {
        // Only ASN are created here; pejabat negara come with the instansi.
        return Err(AppError::Invalid(vec![
            Problem::new("jenis_asn", "jenis-asn-unknown").arg("value", &input.jenis_asn),
        ]));
    }
    // Nobody's override points at a new record, but its own override may point into the
    // subtree it heads.
    if p.override_id.is_some() {
        check_no_cycle(app, instansi, -1, &p).await?;
    }
    let mut tx = app.db.begin().await?;
    let (position_id, _) = ensure_position(app, &mut tx, instansi, p.unit.id, &p.v).await?;
    let fields = fields_from(&p.v, position_id, p.override_id);
    let id = org::employee_insert(&mut tx, instansi, &fields).await?;
    let nama_lengkap = kinerja_domain::nama::nama_lengkap(
        &fields.gelar_depan,
        &fields.nama,
        &fields.gelar_belakang,
    );
    users::user_insert(
        &mut tx,
        users::NewUser {
            instansi_id: instansi,
            employee_id: Some(id),
            username: fields.nip.as_deref().unwrap_or_default(),
            display_name: &nama_lengkap,
            password_hash: None,
            must_change_password: true,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "employee.create",
            object_type: "employee",
            object_id: Some(id),
            subject_employee_id: Some(id),
            before: None,
            after: Some(audit_snapshot(
                &fields,
                &PositionLabel::of_valid(&p.v),
                &p.unit.nama,
            )),
        },
    )
    .await?;
    if let Some(o) = pending_penilai {
        request_penilai(app, &mut tx, user, id, Some(o), &p).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// What saving an employee's record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Done,
    /// Saved, but the new penilai waits for an admin BKPSDM.
    PenilaiPending,
}

/// Saves an admin's edit of an employee. `version` is the one the form was read at.
pub async fn update_employee(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: &EmployeeInput,
) -> AppResult<Saved> {
    let instansi = user.instansi_id();
    let current = org::employee_get(&app.db, instansi, id).await?;
    let standing = standing_of(app, &current).await?;
    let path = current.unit_path();
    let subject = Subject {
        instansi_id: current.instansi_id,
        employee_id: current.id,
        unit_path: &path,
    };
    if !user.actor.can_act_on(&subject, &standing) {
        return Err(AppError::Forbidden);
    }
    let mut p = prepare(app, user, input, Some(id)).await?;
    // A new penilai override by an OPD admin waits for an admin BKPSDM; the rest of the
    // edit is saved now.
    let mut pending_penilai = None;
    if p.override_id != current.penilai_override_id
        && penilai_decision(user, &subject, &standing, &p)? == Decision::NeedsConfirmation
    {
        if confirmations_sql::waiting_for(&app.db, instansi, ChangeKind::Penilai, id).await? > 0 {
            return Err(AppError::Invalid(vec![Problem::new(
                "nip_penilai",
                "confirmation-already-waiting",
            )]));
        }
        pending_penilai = Some(p.override_id);
        p.override_id = current.penilai_override_id;
    }
    let placement_changed = p.unit.id != current.unit_id || p.v.kepala != current.is_head;
    if p.override_id.is_some() || placement_changed {
        check_no_cycle(app, instansi, id, &p).await?;
    }
    let mut tx = app.db.begin().await?;
    let (position_id, position_written) =
        ensure_position(app, &mut tx, instansi, p.unit.id, &p.v).await?;
    let fields = fields_from(&p.v, position_id, p.override_id);
    let before = EmployeeFields::from_row(&current);
    if let Some(o) = pending_penilai {
        request_penilai(app, &mut tx, user, id, o, &p).await?;
    }
    let outcome = if pending_penilai.is_some() {
        Saved::PenilaiPending
    } else {
        Saved::Done
    };
    if before == fields && !position_written {
        tx.commit().await?;
        return Ok(outcome);
    }
    org::employee_update(&mut tx, id, Some(version), &fields).await?;
    let nama_lengkap = kinerja_domain::nama::nama_lengkap(
        &fields.gelar_depan,
        &fields.nama,
        &fields.gelar_belakang,
    );
    users::user_sync_employee(
        &mut tx,
        id,
        fields
            .nip
            .as_deref()
            .or(current.nip.as_deref())
            .unwrap_or_default(),
        &nama_lengkap,
        fields.aktif,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "employee.update",
            object_type: "employee",
            object_id: Some(id),
            subject_employee_id: Some(id),
            before: Some(audit_snapshot(
                &before,
                &PositionLabel::of_row(&current),
                &current.unit_nama,
            )),
            after: Some(audit_snapshot(
                &fields,
                &PositionLabel::of_valid(&p.v),
                &p.unit.nama,
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

// ---------------------------------------------------------------------------------------
// Units

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub unit: UnitRow,
    pub ancestors: Vec<UnitRow>,
    pub children: Vec<UnitChildRow>,
    pub employees: Vec<EmployeeRow>,
    pub employee_total: i64,
    pub head: Option<org::PositionRow>,
    pub head_holder: Option<EmployeeRow>,
    pub acting: Vec<ActingRow>,
    pub can_edit: bool,
}

pub const UNIT_EMPLOYEES_SHOWN: i64 = 100;

pub async fn unit_view(app: &App, user: &CurrentUser, unit_id: Option<i64>) -> AppResult<UnitView> {
    let unit = list_scope(app, user, unit_id).await?;
    let instansi = user.instansi_id();
    let path = unit.unit_path();
    let ancestors = org::unit_ancestors(&app.db, instansi, unit.id).await?;
    let children = org::unit_children(&app.db, instansi, unit.id).await?;
    let employees =
        org::employees_in_unit(&app.db, instansi, unit.id, UNIT_EMPLOYEES_SHOWN).await?;
    let employee_total = org::count_in_subtree(&app.db, instansi, &path).await?;
    let head = org::head_position(&app.db, unit.id).await?;
    let head_holder = head
        .as_ref()
        .and_then(|h| employees.iter().find(|e| e.position_id == h.id).cloned());
    let acting = org::acting_list(&app.db, instansi, &path, app.today(), 200)
        .await?
        .into_iter()
        .filter(|a| a.unit_id == unit.id)
        .collect();
    let can_edit = user.actor.can_edit_unit(instansi, &path);
    Ok(UnitView {
        unit,
        ancestors,
        children,
        employees,
        employee_total,
        head,
        head_holder,
        acting,
        can_edit,
    })
}

// ---------------------------------------------------------------------------------------
// Penilai overrides confirmed by an admin BKPSDM

/// Applies a confirmed penilai override (or its removal), re-checked for cycles.
pub(crate) async fn penilai_apply(
    app: &App,
    user: &CurrentUser,
    subject: &EmployeeRow,
    penilai: Option<i64>,
    confirming: Option<&confirmations::Confirming<'_>>,
) -> AppResult<()> {
    let instansi = user.instansi_id();
    let penilai_row = match penilai {
        Some(id) => Some(org::employee_get(&app.db, instansi, id).await?),
        None => None,
    };
    let standing = standing_of(app, subject).await?;
    let path = subject.unit_path();
    let s = Subject {
        instansi_id: subject.instansi_id,
        employee_id: subject.id,
        unit_path: &path,
    };
    let penilai_path = penilai_row.as_ref().map(|p| p.unit_path());
    let named = penilai.zip(penilai_path.as_ref());
    if user.actor.can_set_penilai(&s, &standing, named) != Decision::Allowed {
        return Err(AppError::Forbidden);
    }
    let mut snap = org::snapshot_all(&app.db, instansi, app.today()).await?;
    match penilai {
        Some(o) => snap.overrides.insert(subject.id, o),
        None => snap.overrides.remove(&subject.id),
    };
    if kinerja_domain::org::penilai_cycle(&snap, [subject.id]).is_some() {
        return Err(AppError::Invalid(vec![Problem::new(
            "nip_penilai",
            "penilai-cycle",
        )]));
    }
    let mut tx = app.db.begin().await?;
    org::employee_set_override(&mut tx, subject.id, penilai).await?;
    if let Some(c) = confirming {
        c.mark(app, &mut tx, user).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "employee.penilai_override",
            object_type: "employee",
            object_id: Some(subject.id),
            subject_employee_id: Some(subject.id),
            before: Some(json!({"penilai_override_id": subject.penilai_override_id})),
            after: Some(json!({
                "penilai_override_id": penilai,
                "requested_by": confirming.map(|c| c.on_behalf.as_str()),
            })),
        },
    )
    .await?;
    tx.commit().await
}
