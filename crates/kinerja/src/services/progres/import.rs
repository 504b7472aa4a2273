//! A personal log imported from a spreadsheet (CSV or XLSX, the columns of the export):
//! all or nothing, every bad row reported with its line and reason, nothing changed on
//! error.

use super::*;
use crate::services::import::{ImportReport, RowError};
use kinerja_domain::table::{self, PROGRES_COLUMNS};
use std::collections::HashMap;

pub const MAX_IMPORT_ROWS: usize = 5_000;

/// An XLSX sheet as the CSV the reader knows: dates and times as people write them.
fn xlsx_as_csv(bytes: &[u8]) -> Result<Vec<u8>, Problem> {
    use calamine::{Data, Reader};
    let unreadable = || Problem::new(None, "file-unreadable").arg("detail", "XLSX");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(unreadable)?
        .map_err(|_| unreadable())?;
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
                Data::Float(x) => x.to_string(),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => excel_serial(d.as_f64()),
                other => other.to_string(),
            })
            .collect();
        w.write_record(&cells).map_err(|_| unreadable())?;
    }
    w.into_inner().map_err(|_| unreadable())
}

/// An Excel date serial (days since 1899-12-30): a time of day alone is a fraction of a
/// day, written HH:MM; anything else is its date.
fn excel_serial(x: f64) -> String {
    if !x.is_finite() || !(0.0..3_000_000.0).contains(&x) {
        return String::new();
    }
    if x < 1.0 {
        let m = (x * 1440.0).round() as i64;
        return format!("{:02}:{:02}", m / 60, m % 60);
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
    base.checked_add_days(chrono::Days::new(x.floor() as u64))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

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
    file_name: &str,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    let o = own(app, user).await?;
    let instansi = user.instansi_id();
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let is_xlsx = bytes.starts_with(b"PK\x03\x04") || file_name.to_lowercase().ends_with(".xlsx");
    let csv = if is_xlsx {
        match xlsx_as_csv(bytes) {
            Ok(c) => c,
            Err(p) => {
                report.file_problems.push(p);
                return Ok(report);
            }
        }
    } else {
        bytes.to_vec()
    };
    let t = match table::read(
        &csv,
        PROGRES_COLUMNS,
        &[
            "tanggal",
            "jam_mulai",
            "jam_selesai",
            "rencana_aksi",
            "kegiatan",
            "realisasi",
        ],
    ) {
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
    fn excel_serials_read_as_times_and_dates() {
        assert_eq!(excel_serial(0.5), "12:00");
        assert_eq!(excel_serial(0.3125), "07:30");
        assert_eq!(excel_serial(46000.0), "2025-12-09");
        assert_eq!(excel_serial(f64::NAN), "");
        assert_eq!(excel_serial(-1.0), "");
        assert!(same_text(" Menyusun  Laporan", "menyusun laporan"));
    }

    proptest! {
        #[test]
        fn no_serial_and_no_spreadsheet_bytes_panic(
            x in any::<f64>(),
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            a in "\\PC*",
            b in "\\PC*",
        ) {
            let _ = excel_serial(x);
            let mut zip = b"PK\x03\x04".to_vec();
            zip.extend(&bytes);
            let _ = xlsx_as_csv(&zip);
            let _ = same_text(&a, &b);
        }
    }
}
