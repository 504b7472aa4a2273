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
    let head = org::head_position(&app.db, unit.id).await?;
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
