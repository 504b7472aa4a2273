//! Units.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub unit: UnitRow,
    pub ancestors: Vec<UnitRow>,
    pub children: Vec<UnitChildRow>,
    pub employees: Vec<EmployeeRow>,
    pub employee_total: i64,
    pub head: Option<org::PositionRow>,
    pub head_holder: Option<EmployeeRow>,
    pub acting: Vec<ActingRow>,
    pub can_edit: bool,
}

pub const UNIT_EMPLOYEES_SHOWN: i64 = 100;

pub async fn unit_view(app: &App, user: &CurrentUser, unit_id: Option<i64>) -> AppResult<UnitView> {
    let unit = list_scope(app, user, unit_id).await?;
    let instansi = user.instansi_id();
    let path = unit.unit_path();
    let ancestors = org::unit_ancestors(&app.db, instansi, unit.id).await?;
    let children = org::unit_children(&app.db, instansi, unit.id).await?;
    let employees =
        org::employees_in_unit(&app.db, instansi, unit.id, UNIT_EMPLOYEES_SHOWN).await?;
    let employee_total = org::count_in_subtree(&app.db, instansi, &path).await?;
    let head = org::head_position(&app.db, user.instansi_id(), unit.id).await?;
    let head_holder = head
        .as_ref()
        .and_then(|h| employees.iter().find(|e| e.position_id == h.id).cloned());
    let acting = org::acting_list(&app.db, instansi, &path, app.today(), 200)
        .await?
        .into_iter()
        .filter(|a| a.unit_id == unit.id)
        .collect();
    let can_edit = user.actor.can_edit_unit(instansi, &path);
    Ok(UnitView {
        unit,
        ancestors,
        children,
        employees,
        employee_total,
        head,
        head_holder,
        acting,
        can_edit,
    })
}

/// The units the signed-in employee heads today, with their names.
pub async fn led_units(app: &App, user: &CurrentUser) -> AppResult<Vec<(i64, String)>> {
    Ok(led_unit_rows(app, user)
        .await?
        .into_iter()
        .map(|(u, _)| (u.id, u.nama))
        .collect())
}

/// The units the signed-in employee heads today (through their own position or an acting
/// appointment), each with its stored path. A head leads one unit or a few.
async fn led_unit_rows(app: &App, user: &CurrentUser) -> AppResult<Vec<(UnitRow, String)>> {
    let Some(me) = user.session.employee_id else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (id, path) in org::led_units(&app.db, user.instansi_id(), me, app.today()).await? {
        out.push((org::unit_get(&app.db, user.instansi_id(), id).await?, path));
    }
    Ok(out)
}

/// A unit the signed-in employee heads, with the number of people in its subtree.
pub struct LedUnit {
    pub unit: UnitRow,
    pub employees: i64,
}

pub async fn led_units_counted(app: &App, user: &CurrentUser) -> AppResult<Vec<LedUnit>> {
    let mut out = Vec::new();
    for (unit, path) in led_unit_rows(app, user).await? {
        let path = UnitPath::from_stored(path);
        let employees = org::count_in_subtree(&app.db, user.instansi_id(), &path).await?;
        out.push(LedUnit { unit, employees });
    }
    Ok(out)
}

/// The size of an admin's or the pimpinan's scope, for their home page.
pub struct ScopeSummary {
    pub scope: UnitRow,
    pub employees: i64,
    pub units: i64,
    pub vacant_heads: usize,
}

pub async fn scope_summary(app: &App, user: &CurrentUser) -> AppResult<Option<ScopeSummary>> {
    if !user.actor.is_admin() && !user.actor.is_pimpinan() {
        return Ok(None);
    }
    let instansi = user.instansi_id();
    let scope = list_scope(app, user, None).await?;
    let path = scope.unit_path();
    Ok(Some(ScopeSummary {
        employees: org::count_in_subtree(&app.db, instansi, &path).await?,
        units: org::count_units_in_subtree(&app.db, instansi, &path).await?,
        vacant_heads: org::vacant_heads(&app.db, instansi, &path, app.today(), 1000)
            .await?
            .len(),
        scope,
    }))
}

/// A unit the admin may edit (for the acting form).
pub async fn editable_unit(app: &App, user: &CurrentUser, id: i64) -> AppResult<UnitRow> {
    let u = org::unit_get(&app.db, user.instansi_id(), id).await?;
    if !user.actor.can_edit_unit(user.instansi_id(), &u.unit_path()) {
        return Err(AppError::Forbidden);
    }
    Ok(u)
}
