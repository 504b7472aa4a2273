//! Profiles and the penilai chain.

use super::*;

/// One link of the penilai chain as shown to people.
#[derive(Debug, Clone, Serialize)]
pub enum ChainLink {
    Person {
        employee: Box<EmployeeRow>,
        source: PenilaiSource,
        /// Whether the viewer may open this person's profile.
        viewable: bool,
    },
    /// The head position of this unit is vacant: a blocker for admins.
    Vacant { unit: Box<UnitRow> },
    /// Nobody above (the Bupati).
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub employee: EmployeeRow,
    pub ancestors: Vec<UnitRow>,
    pub penilai: ChainLink,
    pub atasan: ChainLink,
    pub can_edit: bool,
    pub account: Option<AccountInfo>,
    /// Angka kredit per year, for fungsional positions.
    pub angka_kredit: Vec<crate::services::penilaian::AngkaKreditLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountInfo {
    pub username: String,
    pub has_password: bool,
    pub must_change_password: bool,
}

pub(super) async fn link(
    app: &App,
    instansi: i64,
    d: Derived,
    people: &[EmployeeRow],
) -> AppResult<ChainLink> {
    Ok(match d {
        Derived::Found {
            employee_id,
            source,
            ..
        } => match people.iter().find(|p| p.id == employee_id) {
            Some(p) => ChainLink::Person {
                employee: Box::new(p.clone()),
                source,
                viewable: false,
            },
            None => ChainLink::None,
        },
        Derived::Vacant { unit_id } => ChainLink::Vacant {
            unit: Box::new(org::unit_get(&app.db, instansi, unit_id).await?),
        },
        Derived::Top => ChainLink::None,
    })
}

/// [`chain_of`] for an employee whose record was just read: one query fewer.
pub async fn chain_of_employee(app: &App, e: &EmployeeRow) -> AppResult<(ChainLink, ChainLink)> {
    let snap = org::snapshot_placed(&app.db, e, app.today()).await?;
    links_of(app, e.instansi_id, &snap, e.id).await
}

async fn links_of(
    app: &App,
    instansi: i64,
    snap: &kinerja_domain::org::OrgSnapshot,
    employee_id: i64,
) -> AppResult<(ChainLink, ChainLink)> {
    let chain = penilai_chain(snap, employee_id);
    let ids: Vec<i64> = [chain.penilai.employee_id(), chain.atasan.employee_id()]
        .into_iter()
        .flatten()
        .collect();
    let people = org::employees_by_ids(&app.db, instansi, &ids).await?;
    Ok((
        link(app, instansi, chain.penilai, &people).await?,
        link(app, instansi, chain.atasan, &people).await?,
    ))
}

/// The penilai and atasan penilai of an employee today.
pub async fn chain_of(
    app: &App,
    instansi: i64,
    employee_id: i64,
) -> AppResult<(ChainLink, ChainLink)> {
    let snap = org::snapshot_for(&app.db, instansi, employee_id, app.today()).await?;
    links_of(app, instansi, &snap, employee_id).await
}

pub async fn profile(app: &App, user: &CurrentUser, id: i64) -> AppResult<Profile> {
    let employee = employee(app, user, id).await?;
    let instansi = user.instansi_id();
    let ancestors = org::unit_ancestors(&app.db, instansi, employee.unit_id).await?;
    let (mut penilai, mut atasan) = chain_of(app, instansi, employee.id).await?;
    for l in [&mut penilai, &mut atasan] {
        if let ChainLink::Person {
            employee, viewable, ..
        } = l
        {
            *viewable = can_view(user, employee);
        }
    }
    let edit = can_edit(app, user, &employee).await?;
    let account = if edit {
        users::user_by_employee(&app.db, employee.instansi_id, employee.id)
            .await?
            .map(|u| AccountInfo {
                username: u.username,
                has_password: u.password_hash.is_some(),
                must_change_password: u.must_change_password,
            })
    } else {
        None
    };
    let angka_kredit = crate::services::penilaian::angka_kredit_of(app, &employee).await?;
    Ok(Profile {
        employee,
        ancestors,
        penilai,
        atasan,
        can_edit: edit,
        account,
        angka_kredit,
    })
}
