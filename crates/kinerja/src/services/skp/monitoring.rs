//! Monitoring.

use super::*;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub missing: i64,
    pub draft: i64,
    pub diajukan: i64,
    pub dikembalikan: i64,
    pub disetujui: i64,
}

impl Counts {
    pub fn total(&self) -> i64 {
        self.missing + self.draft + self.diajukan + self.dikembalikan + self.disetujui
    }
    fn add(&mut self, status: &str, n: i64) {
        match status {
            "draft" => self.draft += n,
            "diajukan" => self.diajukan += n,
            "dikembalikan" => self.dikembalikan += n,
            "disetujui" => self.disetujui += n,
            _ => self.missing += n,
        }
    }
    pub fn percent_approved(&self) -> i64 {
        if self.total() == 0 {
            0
        } else {
            self.disetujui * 100 / self.total()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MonitoringRow {
    pub unit_id: i64,
    pub nama: String,
    pub has_children: bool,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub year: YearRow,
    pub unit: org::UnitRow,
    pub ancestors: Vec<org::UnitRow>,
    pub total: Counts,
    /// The unit's own employees (directly in it) and one row per child branch.
    pub own: Counts,
    pub rows: Vec<MonitoringRow>,
    pub late: Vec<store::LateRow>,
    pub late_page: u32,
    pub deadline_passed: bool,
}

pub const LATE_PER_PAGE: i64 = 50;

/// Plan status per branch of a unit, and who has no approved plan yet.
pub async fn monitoring(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
    unit_id: Option<i64>,
    late_page: u32,
) -> AppResult<Monitoring> {
    let instansi = user.instansi_id();
    let unit = org_svc::list_scope(app, user, unit_id).await?;
    let year = crate::store::periode::year_get(&app.db, instansi, year_id).await?;
    let scope = unit.unit_path();
    let counts = store::status_counts(app.reader(), instansi, year.id, &scope).await?;
    let paths = store::unit_paths_in(app.reader(), instansi, &scope).await?;
    let children = org::unit_children(&app.db, instansi, unit.id).await?;
    // Fold each unit's counts into the child branch that contains it.
    let depth = scope.ids().len();
    let branch_of: HashMap<i64, Option<i64>> = paths
        .iter()
        .map(|(id, p)| {
            (
                *id,
                kinerja_domain::UnitPath::from_stored(p.clone())
                    .ids()
                    .get(depth)
                    .copied(),
            )
        })
        .collect();
    let mut per_branch: HashMap<i64, Counts> = HashMap::new();
    let mut own = Counts::default();
    let mut total = Counts::default();
    for (unit_id, status, n) in counts {
        total.add(&status, n);
        match branch_of.get(&unit_id).copied().flatten() {
            Some(b) => per_branch.entry(b).or_default().add(&status, n),
            None => own.add(&status, n),
        }
    }
    let rows = children
        .into_iter()
        .map(|c| MonitoringRow {
            counts: per_branch.remove(&c.id).unwrap_or_default(),
            unit_id: c.id,
            nama: c.nama,
            has_children: c.child_count > 0,
        })
        .collect();
    let page = late_page.max(1);
    let late = store::not_approved(
        app.reader(),
        instansi,
        year.id,
        &scope,
        LATE_PER_PAGE,
        (page as i64 - 1) * LATE_PER_PAGE,
    )
    .await?;
    let ancestors = org::unit_ancestors(&app.db, instansi, unit.id).await?;
    Ok(Monitoring {
        deadline_passed: app.today() > year.batas_perencanaan,
        year,
        unit,
        ancestors,
        total,
        own,
        rows,
        late,
        late_page: page,
    })
}

/// One chunk of everyone in a unit's subtree without an approved plan, for the download
/// of the monitoring list. The unit is checked against the viewer's scope on every chunk.
pub async fn late_rows(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
    unit_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<crate::store::skp::LateRow>> {
    let unit = org_svc::list_scope(app, user, Some(unit_id)).await?;
    store::not_approved(
        app.reader(),
        user.instansi_id(),
        year_id,
        &unit.unit_path(),
        limit,
        offset,
    )
    .await
}
