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

/// Imports are for the instansi's admins; checked before an upload's body is read.
pub fn may_import(user: &crate::services::accounts::CurrentUser) -> AppResult<()> {
    if !user.actor.can_admin_instansi(user.instansi_id()) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

mod templat;
#[cfg(test)]
mod tests;
mod units;

pub use templat::*;
pub use units::*;

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
    let table = match read_table(bytes, EMPLOYEE_COLUMNS, table::EMPLOYEE_REQUIRED) {
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
                    org::position_update(
                        &mut tx,
                        instansi_id,
                        id,
                        v.jenis_jabatan.code(),
                        jenjang,
                        v.kepala,
                    )
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
                org::employee_update(&mut tx, instansi_id, c.id, None, &fields).await?;
                users::user_sync_employee(&mut tx, instansi_id, c.id, &nip, &nama_lengkap, v.aktif)
                    .await?;
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
            org::employee_set_override(&mut tx, instansi_id, id, Some(*p)).await?;
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
    // A first import fills the tables every page reads: statistics now, not at autovacuum.
    app.db
        .analyze(&["employees", "positions", "units", "users", "audit_events"])
        .await?;
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
