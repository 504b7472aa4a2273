//! Angka kredit.

use super::*;

/// One year's angka kredit of a fungsional employee.
#[derive(Debug, Clone, Serialize)]
pub struct AngkaKreditLine {
    pub tahun: i64,
    pub predikat: Predikat,
    /// Share of the annual coefficient, in percent.
    pub persen: u32,
    pub koefisien: String,
    pub angka_kredit: String,
}

/// The angka kredit earned per year from the finalised annual predikat (PermenPANRB 1/2023),
/// with the employee's current jenjang. Empty for non-functional positions.
pub async fn angka_kredit_of(app: &App, e: &org::EmployeeRow) -> AppResult<Vec<AngkaKreditLine>> {
    use kinerja_domain::penilaian::{angka_kredit, koefisien_tahunan, persen_angka_kredit};
    let Some(jenjang) = e
        .jenjang
        .as_deref()
        .and_then(kinerja_domain::Jenjang::parse)
    else {
        return Ok(Vec::new());
    };
    let Some(koef) = koefisien_tahunan(jenjang) else {
        return Ok(Vec::new());
    };
    Ok(store::annual_results(&app.db, e.instansi_id, e.id)
        .await?
        .into_iter()
        .filter_map(|(tahun, p)| {
            let p = Predikat::parse(&p)?;
            Some(AngkaKreditLine {
                tahun,
                predikat: p,
                persen: persen_angka_kredit(p),
                koefisien: koef.format_id(),
                angka_kredit: angka_kredit(jenjang, p)?.format_id(),
            })
        })
        .collect())
}
