//! Units.

use super::*;

pub(super) struct UnitIn {
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
    let table = match read_table(bytes, UNIT_COLUMNS, table::UNIT_REQUIRED) {
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
                        org::unit_update(
                            &mut tx,
                            instansi_id,
                            u.id,
                            &r.nama,
                            r.jenis.code(),
                            r.urutan,
                            u.aktif,
                        )
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
    app.db.analyze(&["units", "positions"]).await?;
    Ok(report)
}

/// Whether `jenis` is a kind whose NIP the import can validate.
pub fn jenis_needs_nip(jenis: JenisAsn) -> bool {
    jenis.has_nip()
}

/// A decimal as written in Indonesian files ("97,5") or not ("97.5").
pub(super) fn decimal(s: &str) -> Option<f64> {
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
    let table = match read_table(bytes, DISIPLIN_COLUMNS, table::DISIPLIN_REQUIRED) {
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
    app.db.analyze(&["disiplin"]).await?;
    Ok(report)
}
