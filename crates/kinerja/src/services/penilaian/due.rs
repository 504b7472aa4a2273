//! What is due, for the employee's home.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct Due {
    pub skp_id: i64,
    pub period: PeriodRow,
    pub evaluation: Option<EvaluationRow>,
    pub latest_feedback: Option<crate::store::umpan_balik::MessageRow>,
}

/// The period being filled now for the signed-in employee's approved plan, their evaluation
/// of it if started, and the latest feedback from the penilai.
pub async fn due(app: &App, user: &CurrentUser) -> AppResult<Option<Due>> {
    let Some(me) = user.session.employee_id else {
        return Ok(None);
    };
    let Some(year) = crate::services::periode::current_year(app, user.instansi_id()).await? else {
        return Ok(None);
    };
    let plans = skp_store::skps_of(&app.db, user.instansi_id(), me, year.id).await?;
    due_in(app, user, &year, &plans).await
}

/// As [`due`], from the year and the employee's plans of it already read.
pub async fn due_in(
    app: &App,
    user: &CurrentUser,
    year: &YearRow,
    plans: &[SkpRow],
) -> AppResult<Option<Due>> {
    let Some(plan) = plans
        .iter()
        .find(|p| !p.closed && p.approved_at.is_some())
        .cloned()
    else {
        return Ok(None);
    };
    let today = app.today();
    let periods = crate::store::periode::periods(&app.db, user.instansi_id(), year.id).await?;
    let Some(period) = periods
        .iter()
        .filter(|p| !p.akhir)
        .find(|p| p.mulai <= today && today <= p.batas)
        .or_else(|| periods.iter().find(|p| p.batas >= today))
        .cloned()
    else {
        return Ok(None);
    };
    let evaluation = store::evaluations_of_skp(&app.db, user.instansi_id(), plan.id)
        .await?
        .into_iter()
        .find(|e| e.period_id == period.id);
    let latest_feedback = crate::store::umpan_balik::latest_from_others(
        &app.db,
        user.instansi_id(),
        plan.id,
        user.session.user_id,
    )
    .await?;
    Ok(Some(Due {
        skp_id: plan.id,
        period,
        evaluation,
        latest_feedback,
    }))
}
