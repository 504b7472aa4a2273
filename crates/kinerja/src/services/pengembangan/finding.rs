//! One finding and its training plan.

use super::*;

/// One finding's people and the catalogue entries to choose from.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub scope: UnitRow,
    pub tahun: i64,
    pub period: PeriodRow,
    pub group: Group,
    pub nama: String,
    pub sasaran: Sasaran,
    pub nilai: Vec<String>,
    pub rows: Vec<LowRow>,
    pub page: u32,
    pub total: i64,
    /// Suiting entries first, then the rest of the active catalogue.
    pub katalog: Vec<(KatalogRow, bool)>,
    pub can_plan: bool,
}

/// The filter of a finding, checked against the viewer's scope.
pub(super) struct Resolved {
    subject: laporan::Subject,
    group: Group,
    nama: String,
    kelompok: Kelompok,
    /// The subtree the finding covers.
    path: UnitPath,
    units: String,
    jenis_jabatan: Option<&'static str>,
}

pub(super) async fn resolve(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
    group: &str,
) -> AppResult<Resolved> {
    let subject = subject(app, user, unit, periode).await?;
    let instansi = user.instansi_id();
    let group = Group::parse(group).ok_or(AppError::NotFound)?;
    let scope_path = subject.scope.unit_path();
    let (nama, kelompok, path, units, jenis_jabatan) = match &group {
        Group::Unit(id) => {
            let u = org::unit_get(&app.db, instansi, *id).await?;
            // A unit outside the viewer's scope is refused, whatever the URL says.
            if !scope_path.contains(&u.unit_path())
                || !user.actor.can_view_unit(instansi, &u.unit_path())
            {
                return Err(AppError::Forbidden);
            }
            (
                u.nama.clone(),
                Kelompok::Unit(jenis_unit_of(&u)),
                u.unit_path(),
                String::new(),
                None,
            )
        }
        Group::JenisUnit(k) => {
            let all = org::units_in_subtree(&app.db, instansi, &scope_path).await?;
            let by_id: HashMap<i64, &UnitRow> = all.iter().map(|u| (u.id, u)).collect();
            let ids: Vec<String> = all
                .iter()
                .filter(|u| kind_of(&by_id, u.id) == *k)
                .map(|u| u.id.to_string())
                .collect();
            if ids.is_empty() {
                return Err(AppError::NotFound);
            }
            (
                k.label().to_string(),
                Kelompok::JenisUnit(*k),
                scope_path.clone(),
                format!(",{},", ids.join(",")),
                None,
            )
        }
        Group::JenisJabatan(j) => (
            j.label().to_string(),
            Kelompok::JenisJabatan(*j),
            scope_path.clone(),
            String::new(),
            Some(j.code()),
        ),
    };
    Ok(Resolved {
        subject,
        group,
        nama,
        kelompok,
        path,
        units,
        jenis_jabatan,
    })
}

pub(super) fn filter<'a>(r: &'a Resolved, sasaran: Sasaran) -> FindingFilter<'a> {
    FindingFilter {
        period_id: r.subject.period.id,
        scope: &r.path,
        units: &r.units,
        jenis_jabatan: r.jenis_jabatan,
        hasil: sasaran == Sasaran::Hasil,
        bit: match sasaran {
            Sasaran::Hasil => 0,
            Sasaran::Perilaku(k) => 1 << (k - 1),
        },
        nilai: match sasaran {
            Sasaran::Hasil => 0,
            Sasaran::Perilaku(k) => k as i64,
        },
    }
}

pub const PER_PAGE: u32 = 50;

pub async fn finding(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
    group: &str,
    sasaran: &str,
    page: u32,
) -> AppResult<FindingView> {
    let sasaran = Sasaran::parse(sasaran).ok_or(AppError::NotFound)?;
    let r = resolve(app, user, unit, periode, group).await?;
    let instansi = user.instansi_id();
    let f = filter(&r, sasaran);
    let page = page.max(1);
    let rows = store::finding_page(
        &app.db,
        instansi,
        &f,
        PER_PAGE as i64,
        (page as i64 - 1) * PER_PAGE as i64,
    )
    .await?;
    let total = store::finding_count(&app.db, instansi, &f).await?;
    let katalog_rows = store::katalog_list(&app.db, instansi).await?;
    let suited = suggestions(&katalog_rows, sasaran, &r.kelompok);
    let mut katalog: Vec<(KatalogRow, bool)> = suited.iter().map(|k| (k.clone(), true)).collect();
    for k in katalog_rows.into_iter().filter(|k| k.aktif) {
        if !suited.iter().any(|s| s.id == k.id) {
            katalog.push((k, false));
        }
    }
    Ok(FindingView {
        can_plan: user
            .actor
            .can_edit_unit(instansi, &r.subject.scope.unit_path()),
        scope: r.subject.scope.clone(),
        tahun: r.subject.tahun,
        period: r.subject.period.clone(),
        group: r.group.clone(),
        nama: r.nama.clone(),
        sasaran,
        nilai: r.subject.nilai.clone(),
        rows,
        page,
        total,
        katalog,
    })
}

/// What putting a finding on the plan did, and where its plan is.
#[derive(Debug, Clone, Copy)]
pub struct Planned {
    pub added: u64,
    pub unit_id: i64,
    pub period_id: i64,
}

/// Puts everyone behind a finding on the plan for one catalogue entry. Admins of the scope
/// only. Those already planned for it are left as they are.
pub async fn plan_finding(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
    group: &str,
    sasaran: &str,
    katalog_id: i64,
) -> AppResult<Planned> {
    let sasaran = Sasaran::parse(sasaran).ok_or(AppError::NotFound)?;
    let r = resolve(app, user, unit, periode, group).await?;
    let instansi = user.instansi_id();
    if !user
        .actor
        .can_edit_unit(instansi, &r.subject.scope.unit_path())
    {
        return Err(AppError::Forbidden);
    }
    let k = store::katalog_get(&app.db, instansi, katalog_id)
        .await?
        .filter(|k| k.aktif)
        .ok_or_else(|| AppError::invalid("katalog_id", "katalog-unknown"))?;
    let f = filter(&r, sasaran);
    let mut tx = app.db.begin().await?;
    let added = store::rencana_add_finding(
        &mut tx,
        instansi,
        &f,
        k.id,
        &sasaran.code(),
        user.session.user_id,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "pengembangan.plan",
            object_type: "katalog_pengembangan",
            object_id: Some(k.id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({
                "periode": r.subject.period.id,
                "kelompok": r.group.code(),
                "sasaran": sasaran.code(),
                "ditambahkan": added,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Planned {
        added,
        unit_id: r.subject.scope.id,
        period_id: r.subject.period.id,
    })
}

/// Takes one person off the plan (admins of the scope).
pub async fn unplan(app: &App, user: &CurrentUser, unit: Option<i64>, id: i64) -> AppResult<()> {
    let scope = org_svc::list_scope(app, user, unit).await?;
    let instansi = user.instansi_id();
    if !user.actor.can_edit_unit(instansi, &scope.unit_path()) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.begin().await?;
    let n = store::rencana_delete(&mut tx, instansi, &scope.unit_path(), id).await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "pengembangan.unplan",
            object_type: "rencana_pengembangan",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
