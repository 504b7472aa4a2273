//! Search.

use super::*;

/// The subtree a list may cover: a requested unit inside the user's read scope, or the
/// first root of that scope.
pub async fn list_scope(app: &App, user: &CurrentUser, unit_id: Option<i64>) -> AppResult<UnitRow> {
    let instansi = user.instansi_id();
    let scope = user.actor.read_scope().ok_or(AppError::Forbidden)?;
    if let Some(id) = unit_id {
        let unit = org::unit_get(&app.db, instansi, id).await?;
        if !user.actor.can_view_unit(instansi, &unit.unit_path()) {
            return Err(AppError::Forbidden);
        }
        return Ok(unit);
    }
    match scope {
        AdminScope::Instansi => org::unit_root(&app.db, instansi).await,
        AdminScope::Units(roots) => {
            let first = roots.first().ok_or(AppError::Forbidden)?;
            let id = *first.ids().last().ok_or(AppError::Forbidden)?;
            org::unit_get(&app.db, instansi, id).await
        }
    }
}

pub async fn search(
    app: &App,
    user: &CurrentUser,
    text: &str,
    unit_id: Option<i64>,
    include_inactive: bool,
    page: u32,
    per_page: u32,
) -> AppResult<(UnitRow, Page<EmployeeRow>)> {
    let scope = list_scope(app, user, unit_id).await?;
    let path = scope.unit_path();
    let page = org::employee_search(
        &app.db,
        &EmployeeQuery {
            instansi_id: user.instansi_id(),
            scope: &path,
            text,
            include_inactive,
            page,
            per_page,
        },
    )
    .await?;
    Ok((scope, page))
}

pub async fn employee(app: &App, user: &CurrentUser, id: i64) -> AppResult<EmployeeRow> {
    let e = org::employee_get(&app.db, user.instansi_id(), id).await?;
    if !can_view(user, &e) {
        return Err(AppError::Forbidden);
    }
    Ok(e)
}
