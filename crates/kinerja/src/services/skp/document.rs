//! The official document.

use super::*;

/// The data of the printed SKP: the approved (or latest submitted) content when there is
/// one, else the live draft.
pub async fn document(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
) -> AppResult<(PlanView, Header, SkpContent, bool)> {
    let v = plan_view(app, user, skp_id).await?;
    let subs = store::submissions_of(&app.db, user.instansi_id(), skp_id).await?;
    let approved = subs
        .iter()
        .rev()
        .find(|s| s.decision.as_deref() == Some("disetujui") && v.status == SkpStatus::Disetujui);
    match approved {
        Some(s) => {
            let f = frozen(s)?;
            Ok((v, f.header, f.content, true))
        }
        None => {
            let header = header_of(app, &v).await?;
            let content = v.content.clone();
            Ok((v, header, content, false))
        }
    }
}
