//! CSV import of units and employees: all or nothing.
//!
//! Every row is checked before anything is written. One bad row (bad NIP, unknown unit or
//! golongan, duplicate NIP, a penilai cycle…) rejects the whole file with a report of every
//! bad row, its line number and the reason; the database is unchanged. A good file is
//! applied in one transaction as an upsert by NIP (units: by kode); rows that match what is
//! stored are not touched, so re-importing a file changes nothing.
//!
//! Files are UTF-8 with or without BOM, separated by commas or semicolons; column names of a
//! typical SIASN export are accepted (see README).

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::audit::{self, Change, Who};
use crate::services::org::{
    PositionLabel, RawEmployee, ValidEmployee, audit_snapshot, fields_from, validate_employee,
};
use crate::store::org::{self, EmployeeFields, EmployeeRow, NewPosition, NewUnit, UnitRow};
use crate::store::users::{self, NewUser};
use kinerja_domain::org::{HeadSlot, JenisUnit, UnitPath, penilai_cycle};
use kinerja_domain::table::{self, DISIPLIN_COLUMNS, EMPLOYEE_COLUMNS, Table, UNIT_COLUMNS};
use kinerja_domain::{JenisAsn, Nip};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// One rejected row.
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// The row's key (NIP or unit code) as written, to find it in the file.
    pub key: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: usize,
    /// Problems with the file as a whole (encoding, missing columns).
    pub file_problems: Vec<Problem>,
    pub errors: Vec<RowError>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportReport {
    pub fn ok(&self) -> bool {
        self.file_problems.is_empty() && self.errors.is_empty()
    }
    pub fn changed(&self) -> usize {
        self.created + self.updated
    }
}

/// The CSV reader and the column names live in the domain crate (pure, fuzzed); its
/// problems become this layer's [`Problem`]s.
fn read_table(
    bytes: &[u8],
    spec: &[(&'static str, &[&str])],
    required: &[&str],
) -> Result<Table, Vec<Problem>> {
    table::read(bytes, spec, required).map_err(|ps| {
        ps.into_iter()
            .map(|p| {
                p.args
                    .into_iter()
                    .fold(Problem::new(None, p.code), |acc, (k, v)| acc.arg(k, v))
            })
            .collect()
    })
}

/// PNS NIPs carry a month (01–12) in digits 13–14; PPPK NIPs carry "2" and a contract digit.
fn infer_jenis_asn(raw_nip: &str) -> &'static str {
    let n = Nip::normalize(raw_nip);
    match n.get(12..14).and_then(|s| s.parse::<u32>().ok()) {
        Some(21..=29) => "pppk",
        _ => "pns",
    }
}

/// SIASN writes "Jabatan Struktural" with the eselon apart: II → JPT, III → Administrator,
/// IV → Pengawas.
fn resolve_jenis_jabatan(jenis: &str, eselon: &str) -> String {
    let j = jenis.to_lowercase();
    if j.contains("struktural") {
        let e = eselon.trim().to_uppercase();
        if e.starts_with("IV") {
            return "pengawas".into();
        }
        if e.starts_with("III") {
            return "administrator".into();
        }
        if e.starts_with("II") || e.starts_with('I') {
            return "jpt".into();
        }
    }
    jenis.to_string()
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" => None,
        "1" | "ya" | "y" | "yes" | "true" | "aktif" => Some(true),
        "0" | "tidak" | "t" | "no" | "false" | "n" => Some(false),
        // SIASN "kedudukan hukum": anything other than active means not in service.
        _ => Some(false),
    }
}

/// What one row says about a position: (line, jenis, jenjang, kepala).
type PositionClaim = (u64, String, Option<String>, bool);

/// What a row says about the penilai override.
#[derive(Debug, Clone, PartialEq)]
enum PenilaiSpec {
    /// The file has no such column: keep what is stored.
    Keep,
    /// The column is empty: the penilai follows the tree.
    Tree,
    Nip(String),
}

struct EmployeeRowIn {
    line: u64,
    valid: ValidEmployee,
    unit: UnitRow,
    penilai: PenilaiSpec,
}

impl EmployeeRowIn {
    fn nip_penilai(&self) -> Option<&str> {
        match &self.penilai {
            PenilaiSpec::Nip(n) => Some(n),
            _ => None,
        }
    }
}

/// An admin BKPSDM imports employees from the upload page. The importing admin's own
/// record is not theirs to change, nor may they name themself anyone's penilai: such rows
/// refuse the file like any bad row.
pub async fn import_employees_as(
    app: &App,
    user: &crate::services::accounts::CurrentUser,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let own_nip = match user.session.employee_id {
        Some(id) => org::employee_get(&app.db, instansi, id).await?.nip,
        None => None,
    };
    import_employees_checked(
        app,
        instansi,
        &user.who(),
        bytes,
        dry_run,
        own_nip.as_deref(),
    )
    .await
}

/// Imports employees into `instansi_id` (the command line, the demo). With `dry_run`
/// nothing is written, but the report says what would be created and updated.
pub async fn import_employees(
    app: &App,
    instansi_id: i64,
    who: &Who,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    import_employees_checked(app, instansi_id, who, bytes, dry_run, None).await
}

async fn import_employees_checked(
    app: &App,
    instansi_id: i64,
    who: &Who,
    bytes: &[u8],
    dry_run: bool,
    importer_nip: Option<&str>,
) -> AppResult<ImportReport> {
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let table = match read_table(
        bytes,
        EMPLOYEE_COLUMNS,
        &["nip", "nama", "golongan", "jabatan", "jenis_jabatan"],
    ) {
        Ok(t) => t,
        Err(p) => {
            report.file_problems = p;
            return Ok(report);
        }
    };
    if !table.has("unit_kode") && !table.has("unit_nama") {
        report
            .file_problems
            .push(Problem::new(None, "file-missing-columns").arg("columns", "kode_unit"));
        return Ok(report);
    }
    report.rows = table.rows.len();
    let today = app.today();
    let units = org::units_all(&app.db, instansi_id).await?;
    let by_kode: HashMap<&str, &UnitRow> = units.iter().map(|u| (u.kode.as_str(), u)).collect();
    let mut by_nama: HashMap<String, Vec<&UnitRow>> = HashMap::new();
    for u in &units {
        by_nama.entry(u.nama.to_lowercase()).or_default().push(u);
    }
    let existing = org::employees_all(&app.db, instansi_id).await?;
    let existing_by_nip: HashMap<&str, &EmployeeRow> = existing
        .iter()
        .filter_map(|e| e.nip.as_deref().map(|n| (n, e)))
        .collect();
    let positions = org::positions_all(&app.db, instansi_id).await?;

    let mut seen_nip: HashMap<String, u64> = HashMap::new();
    // Rows must agree on a shared position (unit, jabatan).
    let mut position_claims: HashMap<(i64, String), PositionClaim> = HashMap::new();
    let mut head_claims: HashMap<i64, (u64, String)> = HashMap::new();
    let mut good: Vec<EmployeeRowIn> = Vec::new();

    for (line, rec) in &table.rows {
        let get = |c: &str| table.get(rec, c);
        let nip_raw = get("nip");
        let current = existing_by_nip
            .get(Nip::normalize(nip_raw).as_str())
            .copied();
        // Optional columns missing from the file keep what is stored, so that a partial
        // export never wipes data entered in the application.
        let keep = |col: &str, stored: Option<&str>| -> String {
            if table.has(col) {
                get(col).to_string()
            } else {
                stored.unwrap_or("").to_string()
            }
        };
        let jenis_asn = match get("jenis_asn") {
            "" => current.map_or_else(
                || infer_jenis_asn(nip_raw).to_string(),
                |c| c.jenis_asn.clone(),
            ),
            j => j.to_string(),
        };
        let jenis_jabatan = resolve_jenis_jabatan(get("jenis_jabatan"), get("eselon"));
        let aktif = if table.has("aktif") {
            parse_bool(get("aktif")).unwrap_or(true)
        } else {
            current.is_none_or(|c| c.aktif)
        };
        let kepala = if table.has("kepala") {
            parse_bool(get("kepala"))
        } else {
            current
                .filter(|c| c.jabatan == get("jabatan"))
                .map(|c| c.is_head)
        };
        let mut problems = Vec::new();
        let gelar_depan = keep("gelar_depan", current.map(|c| c.gelar_depan.as_str()));
        let gelar_belakang = keep("gelar_belakang", current.map(|c| c.gelar_belakang.as_str()));
        let jenjang = keep("jenjang", current.and_then(|c| c.jenjang.as_deref()));
        let email = keep("email", current.and_then(|c| c.email.as_deref()));
        let raw = RawEmployee {
            nip: nip_raw,
            jenis_asn: &jenis_asn,
            gelar_depan: &gelar_depan,
            nama: get("nama"),
            gelar_belakang: &gelar_belakang,
            golongan: get("golongan"),
            jabatan: get("jabatan"),
            jenis_jabatan: &jenis_jabatan,
            jenjang: &jenjang,
            kepala,
            email: &email,
            aktif,
        };
        let valid = match validate_employee(&raw, today) {
            Ok(v) => Some(v),
            Err(p) => {
                problems.extend(p);
                None
            }
        };
        let unit = match (get("unit_kode"), get("unit_nama")) {
            (kode, _) if !kode.is_empty() => by_kode
                .get(kode)
                .copied()
                .ok_or_else(|| Problem::new("unit_kode", "unit-unknown").arg("value", kode)),
            (_, nama) if !nama.is_empty() => {
                match by_nama.get(&nama.to_lowercase()).map(Vec::as_slice) {
                    Some([one]) => Ok(*one),
                    Some([_, _, ..]) => {
                        Err(Problem::new("unit_nama", "unit-ambiguous").arg("value", nama))
                    }
                    _ => Err(Problem::new("unit_nama", "unit-unknown").arg("value", nama)),
                }
            }
            _ => Err(Problem::new("unit_kode", "unit-required")),
        };
        let unit = match unit {
            Ok(u) => Some(u),
            Err(p) => {
                problems.push(p);
                None
            }
        };
        if let Some(v) = &valid
            && let Some(n) = &v.nip
        {
            if let Some(first) = seen_nip.get(n) {
                problems.push(Problem::new("nip", "nip-duplicate-in-file").arg("line", first));
            } else {
                seen_nip.insert(n.clone(), *line);
            }
        }
        if let (Some(v), Some(u)) = (&valid, unit) {
            let key = (u.id, v.jabatan.clone());
            let claim = (
                *line,
                v.jenis_jabatan.code().to_string(),
                v.jenjang.map(|j| j.code().to_string()),
                v.kepala,
            );
            match position_claims.get(&key) {
                Some(prev) if (&prev.1, &prev.2, prev.3) != (&claim.1, &claim.2, claim.3) => {
                    problems.push(
                        Problem::new("jabatan", "position-conflict")
                            .arg("jabatan", &v.jabatan)
                            .arg("line", prev.0),
                    )
                }
                Some(_) => {}
                None => {
                    position_claims.insert(key, claim);
                }
            }
            if v.kepala {
                match head_claims.get(&u.id) {
                    Some((l, j)) if *j != v.jabatan => problems.push(
                        Problem::new("kepala", "unit-two-heads")
                            .arg("jabatan", j)
                            .arg("line", l),
                    ),
                    _ => {
                        head_claims.insert(u.id, (*line, v.jabatan.clone()));
                    }
                }
                // One head per unit: an existing head position under another name wins.
                if let Some(h) = positions
                    .iter()
                    .find(|p| p.unit_id == u.id && p.is_head && p.nama != v.jabatan)
                {
                    problems.push(Problem::new("kepala", "unit-has-head").arg("jabatan", &h.nama));
                }
            }
        }
        let penilai = match (table.has("nip_penilai"), get("nip_penilai")) {
            (false, _) => PenilaiSpec::Keep,
            (true, "") => PenilaiSpec::Tree,
            (true, raw) => PenilaiSpec::Nip(Nip::normalize(raw)),
        };
        if problems.is_empty() {
            good.push(EmployeeRowIn {
                line: *line,
                valid: valid.expect("no problems"),
                unit: unit.expect("no problems").clone(),
                penilai,
            });
        } else {
            report.errors.push(RowError {
                line: *line,
                key: nip_raw.to_string(),
                problems,
            });
        }
    }

    // Penilai overrides must name someone in the file or already stored, never oneself,
    // and never the admin who imports; the admin's own record is not theirs to change.
    for row in &good {
        let own = row.valid.nip.as_deref();
        if importer_nip.is_some() && own == importer_nip {
            report.errors.push(RowError {
                line: row.line,
                key: own.unwrap_or("").to_string(),
                problems: vec![Problem::new("nip", "import-own-record")],
            });
        }
        if let Some(p) = row.nip_penilai() {
            let problem = if Some(p) == own {
                Some(Problem::new("nip_penilai", "penilai-self"))
            } else if Some(p) == importer_nip {
                Some(Problem::new("nip_penilai", "penilai-is-admin"))
            } else if !seen_nip.contains_key(p) && !existing_by_nip.contains_key(p) {
                Some(Problem::new("nip_penilai", "penilai-unknown").arg("value", p))
            } else {
                None
            };
            if let Some(problem) = problem {
                report.errors.push(RowError {
                    line: row.line,
                    key: own.unwrap_or("").to_string(),
                    problems: vec![problem],
                });
            }
        }
    }

    // A supervisor cycle can only come from overrides: check the tree as it would be.
    if report.errors.is_empty() {
        let mut snap = org::snapshot_all(&app.db, instansi_id, today).await?;
        let id_of = |nip: &str, line: u64| -> i64 {
            existing_by_nip
                .get(nip)
                .map(|e| e.id)
                .unwrap_or(-(line as i64))
        };
        let ids_by_nip: HashMap<String, i64> = good
            .iter()
            .filter_map(|r| r.valid.nip.clone().map(|n| (n.clone(), id_of(&n, r.line))))
            .collect();
        for r in &good {
            let Some(n) = &r.valid.nip else { continue };
            let id = ids_by_nip[n];
            if r.valid.aktif {
                snap.positions.insert(id, (r.unit.id, r.valid.kepala));
            } else {
                snap.positions.remove(&id);
            }
            if r.valid.kepala && r.valid.aktif {
                snap.heads.insert(
                    r.unit.id,
                    HeadSlot::Held {
                        employee_id: id,
                        acting: None,
                    },
                );
            }
            match &r.penilai {
                PenilaiSpec::Keep => None,
                PenilaiSpec::Tree => snap.overrides.remove(&id),
                PenilaiSpec::Nip(p) => ids_by_nip
                    .get(p)
                    .copied()
                    .or_else(|| existing_by_nip.get(p.as_str()).map(|e| e.id))
                    .and_then(|p| snap.overrides.insert(id, p)),
            };
        }
        if let Some(cycle) = penilai_cycle(&snap, ids_by_nip.values().copied()) {
            let names: Vec<String> = good
                .iter()
                .filter(|r| {
                    r.valid
                        .nip
                        .as_ref()
                        .is_some_and(|n| cycle.contains(&ids_by_nip[n]))
                })
                .map(|r| r.valid.nip.clone().unwrap_or_default())
                .collect();
            for r in &good {
                if r.valid
                    .nip
                    .as_ref()
                    .is_some_and(|n| cycle.contains(&ids_by_nip[n]))
                {
                    report.errors.push(RowError {
                        line: r.line,
                        key: r.valid.nip.clone().unwrap_or_default(),
                        problems: vec![
                            Problem::new("nip_penilai", "penilai-cycle")
                                .arg("nips", names.join(", ")),
                        ],
                    });
                }
            }
        }
    }

    if !report.errors.is_empty() {
        report.errors.sort_by_key(|e| e.line);
        return Ok(report);
    }

    // What would change.
    let mut plan: Vec<(&EmployeeRowIn, Option<&EmployeeRow>)> = Vec::new();
    let pos_by_key: HashMap<(i64, &str), &org::PositionRow> = positions
        .iter()
        .map(|p| ((p.unit_id, p.nama.as_str()), p))
        .collect();
    for r in &good {
        let current = r
            .valid
            .nip
            .as_deref()
            .and_then(|n| existing_by_nip.get(n).copied());
        let penilai_now = current.and_then(|c| c.penilai_override_id);
        let wanted = desired_override(r, current, &existing_by_nip);
        let same = current.is_some_and(|c| {
            let pos = pos_by_key.get(&(r.unit.id, r.valid.jabatan.as_str()));
            pos.is_some_and(|p| {
                p.id == c.position_id
                    && p.jenis == r.valid.jenis_jabatan.code()
                    && p.jenjang.as_deref() == r.valid.jenjang.map(|j| j.code())
                    && p.is_head == r.valid.kepala
            }) && fields_from(&r.valid, c.position_id, penilai_now) == EmployeeFields::from_row(c)
                && wanted == Some(penilai_now)
        });
        match (current, same) {
            (_, true) => report.unchanged += 1,
            (Some(c), false) => {
                report.updated += 1;
                plan.push((r, Some(c)));
            }
            (None, _) => {
                report.created += 1;
                plan.push((r, None));
            }
        }
    }
    if dry_run || plan.is_empty() {
        return Ok(report);
    }

    let mut tx = app.db.begin().await?;
    let mut pos_ids: HashMap<(i64, String), i64> = positions
        .iter()
        .map(|p| ((p.unit_id, p.nama.clone()), p.id))
        .collect();
    let mut touched_positions: HashSet<i64> = HashSet::new();
    let mut changes = Vec::with_capacity(plan.len());
    let mut new_ids: HashMap<String, i64> = HashMap::new();
    let mut overrides: Vec<(i64, String)> = Vec::new();
    for (r, current) in &plan {
        let v = &r.valid;
        let key = (r.unit.id, v.jabatan.clone());
        let jenjang = v.jenjang.map(|j| j.code());
        let position_id = match pos_ids.get(&key) {
            Some(id) => {
                let id = *id;
                if touched_positions.insert(id)
                    && let Some(p) = positions.iter().find(|p| p.id == id)
                    && (p.jenis != v.jenis_jabatan.code()
                        || p.jenjang.as_deref() != jenjang
                        || p.is_head != v.kepala)
                {
                    org::position_update(&mut tx, id, v.jenis_jabatan.code(), jenjang, v.kepala)
                        .await?;
                }
                id
            }
            None => {
                let id = org::position_insert(
                    &mut tx,
                    NewPosition {
                        instansi_id,
                        unit_id: r.unit.id,
                        nama: &v.jabatan,
                        jenis: v.jenis_jabatan.code(),
                        jenjang,
                        is_head: v.kepala,
                    },
                )
                .await?;
                touched_positions.insert(id);
                pos_ids.insert(key, id);
                id
            }
        };
        // `None`: the penilai is created by this file and is set once it has an id.
        let wanted = desired_override(r, *current, &existing_by_nip);
        let fields = fields_from(v, position_id, wanted.flatten());
        let nama_lengkap =
            kinerja_domain::nama::nama_lengkap(&v.gelar_depan, &v.nama, &v.gelar_belakang);
        let nip = v.nip.clone().unwrap_or_default();
        let id = match current {
            Some(c) => {
                org::employee_update(&mut tx, c.id, None, &fields).await?;
                users::user_sync_employee(&mut tx, c.id, &nip, &nama_lengkap, v.aktif).await?;
                c.id
            }
            None => {
                let id = org::employee_insert(&mut tx, instansi_id, &fields).await?;
                users::user_insert(
                    &mut tx,
                    NewUser {
                        instansi_id,
                        employee_id: Some(id),
                        username: &nip,
                        display_name: &nama_lengkap,
                        password_hash: None,
                        must_change_password: true,
                    },
                )
                .await?;
                id
            }
        };
        new_ids.insert(nip.clone(), id);
        if let (Some(p), None) = (r.nip_penilai(), wanted) {
            overrides.push((id, p.to_string()));
        }
        let mut after = audit_snapshot(&fields, &PositionLabel::of_valid(v), &r.unit.nama);
        if let Some(p) = r.nip_penilai() {
            after["nip_penilai"] = json!(p);
        }
        changes.push(Change {
            action: if current.is_some() {
                "employee.import_update"
            } else {
                "employee.import_create"
            },
            object_type: "employee",
            object_id: Some(id),
            subject_employee_id: Some(id),
            before: current.map(|c| {
                audit_snapshot(
                    &EmployeeFields::from_row(c),
                    &PositionLabel::of_row(c),
                    &c.unit_nama,
                )
            }),
            after: Some(after),
        });
    }
    // Overrides that point at employees created by this same file.
    for (id, nip) in overrides {
        if let Some(p) = new_ids.get(&nip) {
            org::employee_set_override(&mut tx, id, Some(*p)).await?;
        }
    }
    changes.push(Change {
        action: "import.employees",
        object_type: "import",
        object_id: None,
        subject_employee_id: None,
        before: None,
        after: Some(json!({"rows": report.rows, "created": report.created, "updated": report.updated, "unchanged": report.unchanged})),
    });
    audit::record_all(&mut tx, &app.audit_key, instansi_id, who, changes).await?;
    tx.commit().await?;
    Ok(report)
}

/// The override a row asks for: `Some(id or None)` when it is known now, `None` when the
/// penilai is a new employee of the same file.
fn desired_override(
    r: &EmployeeRowIn,
    current: Option<&EmployeeRow>,
    existing_by_nip: &HashMap<&str, &EmployeeRow>,
) -> Option<Option<i64>> {
    match &r.penilai {
        PenilaiSpec::Keep => Some(current.and_then(|c| c.penilai_override_id)),
        PenilaiSpec::Tree => Some(None),
        PenilaiSpec::Nip(p) => existing_by_nip.get(p.as_str()).map(|e| Some(e.id)),
    }
}

// ---------------------------------------------------------------------------------------
// Units

struct UnitIn {
    line: u64,
    kode: String,
    nama: String,
    jenis: JenisUnit,
    induk: Option<String>,
    urutan: i64,
}

/// Imports units (upsert by kode). A unit without `kode_induk` hangs under the instansi's
/// root. Moving a unit to another parent is refused: it would silently reroute every
/// penilai below it; move units one by one in the admin pages instead.
pub async fn import_units(
    app: &App,
    instansi_id: i64,
    who: &Who,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let table = match read_table(bytes, UNIT_COLUMNS, &["kode", "nama", "jenis"]) {
        Ok(t) => t,
        Err(p) => {
            report.file_problems = p;
            return Ok(report);
        }
    };
    report.rows = table.rows.len();
    let existing = org::units_all(&app.db, instansi_id).await?;
    let root = existing
        .iter()
        .find(|u| u.parent_id.is_none())
        .cloned()
        .ok_or(AppError::NotFound)?;
    let by_kode: HashMap<&str, &UnitRow> = existing.iter().map(|u| (u.kode.as_str(), u)).collect();
    let mut rows: Vec<UnitIn> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, rec) in &table.rows {
        let get = |c: &str| table.get(rec, c);
        let mut problems = Vec::new();
        let kode = get("kode").to_string();
        if kode.is_empty() {
            problems.push(Problem::new("kode", "unit-kode-required"));
        } else if let Some(first) = seen.get(&kode) {
            problems.push(Problem::new("kode", "unit-duplicate-in-file").arg("line", first));
        } else {
            seen.insert(kode.clone(), *line);
        }
        if kode == root.kode {
            problems.push(Problem::new("kode", "unit-is-root"));
        }
        let nama = get("nama").to_string();
        if nama.is_empty() {
            problems.push(Problem::new("nama", "nama-required"));
        }
        for (field, value) in [("kode", kode.as_str()), ("nama", nama.as_str())] {
            if !kinerja_domain::text::is_single_line(value) {
                problems.push(Problem::new(field, "text-control-char"));
            }
        }
        let jenis = JenisUnit::parse(get("jenis"));
        if jenis.is_none() || jenis == Some(JenisUnit::Pemda) {
            problems.push(Problem::new("jenis", "unit-jenis-unknown").arg("value", get("jenis")));
        }
        let urutan = match get("urutan") {
            "" => Ok(0),
            s => s
                .parse::<i64>()
                .map_err(|_| Problem::new("urutan", "number-invalid").arg("value", s)),
        };
        let urutan = urutan.map_err(|p| problems.push(p)).unwrap_or(0);
        let induk = match get("kode_induk") {
            "" => None,
            k => Some(k.to_string()),
        };
        if problems.is_empty() {
            rows.push(UnitIn {
                line: *line,
                kode,
                nama,
                jenis: jenis.expect("checked"),
                induk,
                urutan,
            });
        } else {
            report.errors.push(RowError {
                line: *line,
                key: get("kode").to_string(),
                problems,
            });
        }
    }
    let in_file: HashMap<&str, &UnitIn> = rows.iter().map(|r| (r.kode.as_str(), r)).collect();
    // Parents must exist (in the file or stored); nobody may move; no cycles.
    let mut parent_of: HashMap<i64, i64> = HashMap::new();
    let code_id: HashMap<&str, i64> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.kode.as_str(), -(i as i64) - 1))
        .collect();
    for r in &rows {
        let mut problems = Vec::new();
        let parent_code = r.induk.as_deref().unwrap_or(&root.kode);
        if !in_file.contains_key(parent_code) && !by_kode.contains_key(parent_code) {
            problems
                .push(Problem::new("kode_induk", "unit-parent-unknown").arg("value", parent_code));
        }
        if let Some(cur) = by_kode.get(r.kode.as_str()) {
            let cur_parent = existing
                .iter()
                .find(|u| Some(u.id) == cur.parent_id)
                .map(|u| u.kode.as_str());
            if cur_parent != Some(parent_code) {
                problems.push(
                    Problem::new("kode_induk", "unit-move-refused")
                        .arg("value", cur_parent.unwrap_or("")),
                );
            }
        }
        if let Some(pid) = code_id.get(parent_code) {
            parent_of.insert(code_id[r.kode.as_str()], *pid);
        }
        if !problems.is_empty() {
            report.errors.push(RowError {
                line: r.line,
                key: r.kode.clone(),
                problems,
            });
        }
    }
    if let Some(start) = kinerja_domain::org::has_cycle(&parent_of) {
        let idx = (-start - 1) as usize;
        report.errors.push(RowError {
            line: rows[idx].line,
            key: rows[idx].kode.clone(),
            problems: vec![Problem::new("kode_induk", "unit-cycle")],
        });
    }
    if !report.errors.is_empty() {
        report.errors.sort_by_key(|e| e.line);
        return Ok(report);
    }
    for r in &rows {
        match by_kode.get(r.kode.as_str()) {
            Some(u) if u.nama == r.nama && u.jenis == r.jenis.code() && u.urutan == r.urutan => {
                report.unchanged += 1
            }
            Some(_) => report.updated += 1,
            None => report.created += 1,
        }
    }
    if dry_run || report.changed() == 0 {
        return Ok(report);
    }
    let mut tx = app.db.begin().await?;
    let mut placed: HashMap<String, (i64, UnitPath)> = existing
        .iter()
        .map(|u| (u.kode.clone(), (u.id, u.unit_path())))
        .collect();
    let mut changes = Vec::new();
    // Parents first: repeat passes until every row is placed (the cycle check above
    // guarantees progress).
    let mut pending: Vec<&UnitIn> = rows.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for r in pending {
            let parent_code = r.induk.clone().unwrap_or_else(|| root.kode.clone());
            let Some((pid, ppath)) = placed.get(&parent_code).cloned() else {
                rest.push(r);
                continue;
            };
            match by_kode.get(r.kode.as_str()) {
                Some(u) => {
                    if u.nama != r.nama || u.jenis != r.jenis.code() || u.urutan != r.urutan {
                        org::unit_update(&mut tx, u.id, &r.nama, r.jenis.code(), r.urutan, u.aktif)
                            .await?;
                        changes.push(Change {
                            action: "unit.import_update",
                            object_type: "unit",
                            object_id: Some(u.id),
                            subject_employee_id: None,
                            before: Some(json!({"nama": u.nama, "jenis": u.jenis, "urutan": u.urutan})),
                            after: Some(json!({"nama": r.nama, "jenis": r.jenis.code(), "urutan": r.urutan})),
                        });
                    }
                }
                None => {
                    let (id, path) = org::unit_insert(
                        &mut tx,
                        NewUnit {
                            instansi_id,
                            parent: Some((pid, &ppath)),
                            kode: &r.kode,
                            nama: &r.nama,
                            jenis: r.jenis.code(),
                            urutan: r.urutan,
                        },
                    )
                    .await?;
                    changes.push(Change {
                        action: "unit.import_create",
                        object_type: "unit",
                        object_id: Some(id),
                        subject_employee_id: None,
                        before: None,
                        after: Some(json!({"kode": r.kode, "nama": r.nama, "jenis": r.jenis.code(), "induk": parent_code})),
                    });
                    placed.insert(r.kode.clone(), (id, path));
                }
            }
        }
        if rest.len() == before {
            return Err(AppError::Internal(
                "unit import could not place every row".into(),
            ));
        }
        pending = rest;
    }
    changes.push(Change {
        action: "import.units",
        object_type: "import",
        object_id: None,
        subject_employee_id: None,
        before: None,
        after: Some(
            json!({"rows": report.rows, "created": report.created, "updated": report.updated}),
        ),
    });
    audit::record_all(&mut tx, &app.audit_key, instansi_id, who, changes).await?;
    tx.commit().await?;
    Ok(report)
}

/// Whether `jenis` is a kind whose NIP the import can validate.
pub fn jenis_needs_nip(jenis: JenisAsn) -> bool {
    jenis.has_nip()
}

/// A decimal as written in Indonesian files ("97,5") or not ("97.5").
fn decimal(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse::<f64>().ok()
}

/// Imports a period's disiplin scores from the attendance system's CSV (all or nothing).
/// Each row names a NIP and either the score (`nilai_disiplin`, 0–100) or the working days
/// and days present, from which the score is computed. The file replaces the period's
/// scores: whoever it does not list has none.
pub async fn import_disiplin(
    app: &App,
    instansi_id: i64,
    who: &Who,
    period_id: i64,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let table = match read_table(bytes, DISIPLIN_COLUMNS, &["nip"]) {
        Ok(t) => t,
        Err(p) => {
            report.file_problems = p;
            return Ok(report);
        }
    };
    let has = |c: &str| table.columns.contains_key(c);
    if !(has("nilai_disiplin") || (has("hari_kerja") && has("hadir"))) {
        report.file_problems = vec![
            Problem::new(None, "file-missing-columns")
                .arg("columns", "nilai_disiplin (atau hari_kerja dan hadir)"),
        ];
        return Ok(report);
    }
    report.rows = table.rows.len();
    let employees = org::employees_all(&app.db, instansi_id).await?;
    let by_nip: HashMap<String, i64> = employees
        .iter()
        .filter_map(|e| e.nip.clone().map(|n| (n, e.id)))
        .collect();
    let mut seen: HashMap<i64, u64> = HashMap::new();
    let mut rows: Vec<crate::store::tpp::DisiplinRow> = Vec::new();
    for (line, rec) in &table.rows {
        let get = |c: &str| table.get(rec, c);
        let mut problems = Vec::new();
        let nip = kinerja_domain::Nip::normalize(get("nip"));
        let employee = by_nip.get(&nip).copied();
        match employee {
            None => problems.push(Problem::new("nip", "disiplin-nip-unknown").arg("value", &nip)),
            Some(id) => {
                if let Some(first) = seen.insert(id, *line) {
                    problems.push(Problem::new("nip", "nip-duplicate-in-file").arg("line", first));
                }
            }
        }
        let count = |c: &'static str| -> Result<Option<i64>, Problem> {
            match get(c).trim() {
                "" => Ok(None),
                s => s
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (0..=366).contains(n))
                    .map(Some)
                    .ok_or_else(|| Problem::new(c, "disiplin-days").arg("value", s)),
            }
        };
        let hari_kerja = count("hari_kerja")
            .map_err(|p| problems.push(p))
            .ok()
            .flatten();
        let hadir = count("hadir").map_err(|p| problems.push(p)).ok().flatten();
        let nilai = match get("nilai_disiplin").trim() {
            "" => match (hari_kerja, hadir) {
                (Some(k), Some(h)) => {
                    let n = kinerja_domain::tpp::nilai_kehadiran(k as u32, h as u32);
                    if n.is_none() {
                        problems.push(
                            Problem::new("hadir", "disiplin-hadir")
                                .arg("hadir", h)
                                .arg("hari_kerja", k),
                        );
                    }
                    n
                }
                _ => {
                    problems.push(Problem::new("nilai_disiplin", "disiplin-missing"));
                    None
                }
            },
            s => match decimal(s).filter(|x| (0.0..=100.0).contains(x)) {
                Some(x) => Some(x),
                None => {
                    problems.push(Problem::new("nilai_disiplin", "disiplin-nilai").arg("value", s));
                    None
                }
            },
        };
        match (employee, nilai) {
            (Some(id), Some(n)) if problems.is_empty() => rows.push((id, n, hari_kerja, hadir)),
            _ => report.errors.push(RowError {
                line: *line,
                key: get("nip").to_string(),
                problems,
            }),
        }
    }
    if !report.ok() {
        return Ok(report);
    }
    report.created = rows.len();
    if dry_run {
        return Ok(report);
    }
    let mut tx = app.db.begin().await?;
    crate::store::tpp::disiplin_replace(&mut tx, instansi_id, period_id, &rows).await?;
    crate::services::audit::record(
        &mut tx,
        &app.audit_key,
        instansi_id,
        who,
        crate::services::audit::Change {
            action: "disiplin.import",
            object_type: "period",
            object_id: Some(period_id),
            subject_employee_id: None,
            before: None,
            after: Some(serde_json::json!({ "pegawai": rows.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::table::normalize_header;

    #[test]
    fn headers_are_normalised() {
        assert_eq!(normalize_header("\u{feff}NIP BARU"), "nip baru");
        assert_eq!(normalize_header(" Gol_Akhir-Nama "), "gol akhir nama");
    }

    #[test]
    fn jenis_asn_is_inferred_from_the_nip_layout() {
        assert_eq!(infer_jenis_asn("196711101992031001"), "pns");
        assert_eq!(infer_jenis_asn("199005122022271003"), "pppk");
    }

    #[test]
    fn siasn_struktural_uses_the_eselon() {
        assert_eq!(resolve_jenis_jabatan("Jabatan Struktural", "II.b"), "jpt");
        assert_eq!(
            resolve_jenis_jabatan("Jabatan Struktural", "III.a"),
            "administrator"
        );
        assert_eq!(
            resolve_jenis_jabatan("Jabatan Struktural", "IV.a"),
            "pengawas"
        );
        assert_eq!(
            resolve_jenis_jabatan("Jabatan Fungsional", ""),
            "Jabatan Fungsional"
        );
    }

    #[test]
    fn semicolon_files_with_bom_are_read() {
        let csv =
            "\u{feff}NIP;Nama;Golongan;Jabatan;Jenis Jabatan;Kode Unit\n1;A;III/a;X;pelaksana;U1\n";
        let t = read_table(csv.as_bytes(), EMPLOYEE_COLUMNS, &["nip"]).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.get(&t.rows[0].1, "unit_kode"), "U1");
        assert_eq!(t.rows[0].0, 2);
    }

    #[test]
    fn missing_columns_are_named() {
        let p = read_table(b"nama\nA\n", EMPLOYEE_COLUMNS, &["nip", "nama"])
            .err()
            .unwrap();
        assert_eq!(p[0].code, "file-missing-columns");
        assert!(p[0].args.iter().any(|(_, v)| v.contains("nip")));
        assert_eq!(
            read_table(&[0xff, 0xfe, 0x00], EMPLOYEE_COLUMNS, &[])
                .err()
                .unwrap()[0]
                .code,
            "file-not-utf8"
        );
    }

    mod arbitrary {
        use super::*;
        use crate::services::org::{RawEmployee, validate_employee};
        use proptest::prelude::*;

        /// Text that mixes CSV syntax, BOMs, multi-byte and control characters.
        fn csvish() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[a-zA-Z0-9 ;,\"\n\r\t\u{feff}\u{0}áé/\\-]{0,200}",
                "(nip|NIP BARU|nama|golongan|jabatan|kode_unit|jenis_jabatan)([;,](nip|nama|golongan|jabatan|x))*\n([0-9 ;,\"áIV/a-e]{0,40}\n){0,5}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1500))]

            #[test]
            fn any_file_is_read_or_refused_with_reasons(
                text in csvish(),
                bytes in proptest::collection::vec(any::<u8>(), 0..300),
            ) {
                for input in [text.as_bytes(), &bytes[..]] {
                    for spec in [EMPLOYEE_COLUMNS, UNIT_COLUMNS, DISIPLIN_COLUMNS] {
                        match read_table(input, spec, &["nip"]) {
                            Ok(t) => {
                                for (_, r) in &t.rows {
                                    for (name, _) in spec {
                                        let _ = t.get(r, name);
                                    }
                                }
                            }
                            Err(p) => prop_assert!(!p.is_empty()),
                        }
                    }
                }
            }

            #[test]
            fn cell_helpers_never_panic(s in any::<String>(), t in any::<String>()) {
                let _ = normalize_header(&s);
                let _ = infer_jenis_asn(&s);
                let _ = resolve_jenis_jabatan(&s, &t);
                let _ = parse_bool(&s);
                let _ = decimal(&s);
            }

            #[test]
            fn any_employee_row_is_valid_or_refused_with_reasons(
                f in proptest::collection::vec(any::<String>(), 10),
                kepala in any::<Option<bool>>(),
            ) {
                let raw = RawEmployee {
                    nip: &f[0],
                    jenis_asn: &f[1],
                    gelar_depan: &f[2],
                    nama: &f[3],
                    gelar_belakang: &f[4],
                    golongan: &f[5],
                    jabatan: &f[6],
                    jenis_jabatan: &f[7],
                    jenjang: &f[8],
                    kepala,
                    email: &f[9],
                    aktif: true,
                };
                let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
                match validate_employee(&raw, today) {
                    Ok(v) => {
                        prop_assert!(kinerja_domain::text::is_single_line(&v.nama));
                        prop_assert!(!v.nama.is_empty() && !v.jabatan.is_empty());
                    }
                    Err(p) => prop_assert!(!p.is_empty()),
                }
            }

            #[test]
            fn realisasi_numbers_are_finite_or_refused(s in any::<String>()) {
                if let Ok(Some(n)) = crate::services::penilaian::parse_nilai(&s) {
                    prop_assert!(n.is_finite() && n >= 0.0);
                }
            }
        }
    }
}
