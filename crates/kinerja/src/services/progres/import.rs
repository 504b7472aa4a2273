//! A personal log imported from a spreadsheet (XLSX or CSV, the columns of the export):
//! all or nothing, every bad row reported with its line and reason, nothing changed on
//! error.

use super::*;
use crate::services::import::{ImportReport, RowError};
use kinerja_domain::table::{self, PROGRES_COLUMNS};
use std::collections::HashMap;

pub const MAX_IMPORT_ROWS: usize = 5_000;

fn same_text(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    n(a) == n(b)
}

/// Imports the signed-in user's own log. With `dry_run` every row is checked and nothing
/// written.
pub async fn import_log(
    app: &App,
    user: &CurrentUser,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    let o = own(app, user).await?;
    let instansi = user.instansi_id();
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let t = match table::read(bytes, PROGRES_COLUMNS, table::PROGRES_REQUIRED) {
        Ok(t) => t,
        Err(ps) => {
            report.file_problems = ps
                .into_iter()
                .map(|p| {
                    p.args
                        .into_iter()
                        .fold(Problem::new(None, p.code), |acc, (k, v)| acc.arg(k, v))
                })
                .collect();
            return Ok(report);
        }
    };
    if t.rows.len() > MAX_IMPORT_ROWS {
        report
            .file_problems
            .push(Problem::new(None, "progres-impor-terlalu-banyak").arg("max", MAX_IMPORT_ROWS));
        return Ok(report);
    }
    report.rows = t.rows.len();
    let my_nip = o
        .employee
        .nip
        .as_deref()
        .map(kinerja_domain::Nip::normalize)
        .unwrap_or_default();
    let aturan = store::aturan_get(&app.db, instansi).await?;
    let today = app.today();
    // The plan and rencana aksi of each day's period, read once per period.
    let mut plans: HashMap<NaiveDate, Option<PlanPeriod>> = HashMap::new();
    let mut ras: HashMap<i64, Vec<RencanaAksiRow>> = HashMap::new();
    let mut checked = Vec::new();
    for (line, rec) in &t.rows {
        let get = |c: &str| t.get(rec, c).to_string();
        let mut problems = Vec::new();
        let nip = get("nip");
        if !nip.is_empty() && kinerja_domain::Nip::normalize(&nip) != my_nip {
            problems.push(Problem::new("nip", "progres-impor-nip"));
        }
        let day = kinerja_domain::periode::parse_date(&get("tanggal"));
        let plan = match day {
            Some(d) => {
                if let std::collections::hash_map::Entry::Vacant(v) = plans.entry(d) {
                    v.insert(plan_period_on(app, instansi, o.employee.id, d).await?);
                }
                plans[&d].clone()
            }
            None => None,
        };
        let list: &[RencanaAksiRow] = match &plan {
            Some(p) => {
                if let std::collections::hash_map::Entry::Vacant(v) = ras.entry(p.period.id) {
                    v.insert(
                        store::rencana_aksi_of(&app.db, instansi, p.skp.id, p.period.id).await?,
                    );
                }
                &ras[&p.period.id]
            }
            None => &[],
        };
        let ra_text = get("rencana_aksi");
        let ra = list.iter().find(|r| same_text(&r.teks, &ra_text));
        if plan.is_some() && ra.is_none() {
            problems.push(Problem::new("rencana_aksi", "progres-impor-rencana-aksi"));
        }
        let input = EntryInput {
            tanggal: get("tanggal"),
            jam_mulai: get("jam_mulai"),
            jam_selesai: get("jam_selesai"),
            kegiatan: get("kegiatan"),
            rencana_aksi_id: ra.map(|r| r.id.to_string()).unwrap_or_default(),
            realisasi: get("realisasi"),
            satuan: get("satuan"),
            tautan: get("tautan"),
        };
        match check_with(plan, list, &input, today) {
            Ok(c) if problems.is_empty() && c.plan.locked => {
                problems.push(Problem::new("tanggal", "progres-terkunci"))
            }
            Ok(c) if problems.is_empty() => checked.push(c),
            Ok(_) => {}
            Err(ps) => problems.extend(
                ps.into_iter()
                    .filter(|p| p.code != "progres-rencana-aksi" || ra.is_some()),
            ),
        }
        if !problems.is_empty() {
            report.errors.push(RowError {
                line: *line,
                key: format!("{} {}", get("tanggal"), get("jam_mulai")),
                problems,
            });
        }
    }
    if !report.ok() || dry_run {
        report.created = if report.ok() { checked.len() } else { 0 };
        return Ok(report);
    }
    let mut tx = app.db.begin().await?;
    let mut changes = Vec::with_capacity(checked.len());
    for c in &checked {
        let e = new_entry(
            instansi,
            o.employee.id,
            c,
            None,
            Sumber::Impor,
            today,
            aturan.toleransi_hari,
        );
        let id = store::entry_insert(&mut tx, &e).await?;
        changes.push(Change {
            action: "progres.create",
            object_type: "progres",
            object_id: Some(id),
            subject_employee_id: Some(o.employee.id),
            before: None,
            after: Some(new_entry_json(&e, None)),
        });
    }
    audit::record_all(&mut tx, &app.audit_key, instansi, &user.who(), changes).await?;
    tx.commit().await?;
    report.created = checked.len();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn activities_match_whatever_their_spacing_and_case() {
        assert!(same_text(" Menyusun  Laporan", "menyusun laporan"));
        assert!(!same_text("Menyusun laporan", "Menyusun surat"));
    }

    proptest! {
        #[test]
        fn no_text_panics(a in "\\PC*", b in "\\PC*") {
            let _ = same_text(&a, &b);
        }
    }
}
