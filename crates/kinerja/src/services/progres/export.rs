//! The log exported in the column layout of BKN's e-Kinerja progres harian (NIP, tanggal,
//! jam mulai, jam selesai, rencana aksi, kegiatan, realisasi, satuan, link bukti dukung),
//! per employee or per unit, so that nobody types the same work twice.

use super::*;
pub use crate::store::progres::ExportRow;

/// What an export covers, once the reader's right to it was checked.
#[derive(Debug, Clone)]
pub struct ExportSubject {
    pub instansi_id: i64,
    /// Whose log, by id: one person, or everyone in the unit's subtree.
    pub employees: Vec<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The file name without extension.
    pub stem: String,
}

/// One employee's log (theirs, their penilai's, the chain above's, an admin's) or a unit's
/// (whoever may see the unit), over a period (default: today's) or a range of days.
pub async fn export_subject(
    app: &App,
    user: &CurrentUser,
    employee_id: Option<i64>,
    unit_id: Option<i64>,
    period_id: Option<i64>,
) -> AppResult<ExportSubject> {
    let instansi = user.instansi_id();
    let (scope, who, default_period) = match (employee_id, unit_id) {
        (_, Some(u)) => {
            let unit = crate::services::org::list_scope(app, user, Some(u)).await?;
            let path = unit.unit_path();
            (
                crate::store::progres::export_employees(
                    app.reader(),
                    instansi,
                    path.as_str(),
                    path.subtree_end().as_str(),
                )
                .await?,
                unit.kode.clone(),
                None,
            )
        }
        (e, None) => {
            let o = match e {
                Some(id) => owner(app, user, id).await?,
                None => own(app, user).await?,
            };
            let plan = plan_period_on(app, instansi, o.employee.id, app.today()).await?;
            (
                vec![o.employee.id],
                o.employee
                    .nip
                    .clone()
                    .unwrap_or_else(|| o.employee.id.to_string()),
                plan.map(|p| p.period),
            )
        }
    };
    let period = match period_id {
        Some(id) => crate::store::periode::period_get(&app.db, instansi, id).await?,
        None => match default_period {
            Some(p) => p,
            None => crate::services::periode::period_of_day(app, instansi, app.today())
                .await?
                .ok_or(AppError::NotFound)?,
        },
    };
    Ok(ExportSubject {
        instansi_id: instansi,
        employees: scope,
        from: period.mulai,
        to: period.selesai,
        stem: format!(
            "progres-harian-{}-{}",
            who.replace(['/', '\\', '"', ' '], "-"),
            period.kode
        ),
    })
}

/// People per read of an export.
pub const EXPORT_PEOPLE: usize = 200;

/// The `n`-th read of the export (`EXPORT_PEOPLE` people at a time), and whether more
/// reads follow.
pub async fn export_page(
    app: &App,
    s: &ExportSubject,
    n: usize,
) -> AppResult<(Vec<ExportRow>, bool)> {
    let start = (n * EXPORT_PEOPLE).min(s.employees.len());
    let end = (start + EXPORT_PEOPLE).min(s.employees.len());
    let rows = crate::store::progres::export_of(
        app.reader(),
        s.instansi_id,
        &s.employees[start..end],
        s.from,
        s.to,
    )
    .await?;
    Ok((rows, end < s.employees.len()))
}

/// The evidence link of a row: the link given, else the file kept in Kinerja.
pub fn link_of(app: &App, r: &ExportRow) -> String {
    if !r.tautan.is_empty() {
        return r.tautan.clone();
    }
    if r.ada_berkas {
        let base = app.cfg.public_url.as_deref().unwrap_or("");
        return format!("{base}/progres/{}/berkas", r.id);
    }
    String::new()
}

/// The column headers, as e-Kinerja names them.
pub const EXPORT_COLUMNS: [&str; 9] = [
    "NIP",
    "Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Rencana Aksi",
    "Kegiatan",
    "Realisasi",
    "Satuan",
    "Link Bukti Dukung",
];
