//! Lists.

use super::*;

/// The periods of the employee's plan with their evaluations, for the employee's page.
pub struct PeriodLine {
    pub period: PeriodRow,
    pub evaluation: Option<EvaluationRow>,
}

pub async fn periods_of_plan(
    app: &App,
    user: &CurrentUser,
    skp: &SkpRow,
) -> AppResult<Vec<PeriodLine>> {
    let _ = user;
    let periods = crate::store::periode::periods(&app.db, user.instansi_id(), skp.year_id).await?;
    let mut evs: HashMap<i64, EvaluationRow> =
        store::evaluations_of_skp(&app.db, user.instansi_id(), skp.id)
            .await?
            .into_iter()
            .map(|e| (e.period_id, e))
            .collect();
    Ok(periods
        .into_iter()
        .map(|p| PeriodLine {
            evaluation: evs.remove(&p.id),
            period: p,
        })
        .collect())
}

/// The penilai's list for a period.
pub async fn queue(
    app: &App,
    user: &CurrentUser,
    period_id: i64,
) -> AppResult<Vec<EvaluationLine>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    store::evaluations_for_penilai(&app.db, user.instansi_id(), me, period_id).await
}

/// The histogram of a unit's predikat and the curve rules it breaks under its capaian.
pub fn curve(
    aturan: &AturanPenilaian,
    capaian: Option<CapaianOrganisasi>,
    lines: &[EvaluationLine],
) -> (Histogram, Vec<Pelanggaran>) {
    let h = Histogram::from_predikat(
        lines
            .iter()
            .filter_map(|l| l.predikat.as_deref().and_then(Predikat::parse)),
    );
    let v = capaian
        .map(|c| aturan.kurva.check(c, &h))
        .unwrap_or_default();
    (h, v)
}

/// The signed-in employee's own evaluations under objection.
pub async fn own_objections(app: &App, user: &CurrentUser) -> AppResult<Vec<EvaluationLine>> {
    match user.session.employee_id {
        Some(me) => crate::store::penilaian::objections_for(&app.db, user.instansi_id(), me).await,
        None => Ok(Vec::new()),
    }
}
