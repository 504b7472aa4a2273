//! Revisions.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct FrozenPlan {
    pub submission: SubmissionRow,
    pub header: Header,
    pub content: SkpContent,
}

pub async fn submissions(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
) -> AppResult<(SkpRow, EmployeeRow, Vec<SubmissionRow>)> {
    let skp = store::skp_get(&app.db, user.instansi_id(), skp_id).await?;
    let owner = org::employee_get(&app.db, user.instansi_id(), skp.employee_id).await?;
    if !can_view(user, &owner) {
        return Err(AppError::Forbidden);
    }
    let subs = store::submissions_of(&app.db, user.instansi_id(), skp_id).await?;
    Ok((skp, owner, subs))
}

pub fn frozen(s: &SubmissionRow) -> AppResult<FrozenPlan> {
    Ok(FrozenPlan {
        submission: s.clone(),
        header: serde_json::from_str(&s.header_json)
            .map_err(|e| AppError::Internal(e.to_string()))?,
        content: serde_json::from_str(&s.content_json)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    })
}

/// What changed between two submissions of a plan.
pub async fn diff(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    from: i64,
    to: i64,
) -> AppResult<(FrozenPlan, FrozenPlan, Vec<rules::Change>)> {
    let (_, _, subs) = submissions(app, user, skp_id).await?;
    let get = |id: i64| {
        subs.iter()
            .find(|s| s.id == id)
            .ok_or(AppError::NotFound)
            .and_then(frozen)
    };
    let (a, b) = (get(from)?, get(to)?);
    let changes = rules::diff(&a.content, &b.content);
    Ok((a, b, changes))
}
