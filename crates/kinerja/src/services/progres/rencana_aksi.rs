//! Rencana aksi: the planned actions of each indicator per period. The owner writes them
//! once the plan is approved (or copies the previous period's), the penilai comments, a
//! unit head hands them down, and changes after the period started are kept as history.

use super::*;
use crate::store::progres::NewRencanaAksi;
use crate::store::skp::{IndikatorRow, RhkRow};

pub const MAX_TEKS: usize = 500;

/// The rencana aksi page of one plan and period.
pub struct RencanaAksiView {
    pub owner: Owner,
    pub skp: SkpRow,
    pub periods: Vec<PeriodRow>,
    pub period: PeriodRow,
    pub rhk: Vec<RhkRow>,
    pub indikator: Vec<IndikatorRow>,
    pub items: Vec<RencanaAksiRow>,
    pub riwayat: Vec<RiwayatRow>,
    /// Offered by the owner's head and not yet taken up.
    pub proposals: Vec<TurunanRow>,
    /// (rencana aksi, employee, name) of what the owner handed down.
    pub handed_down: Vec<(i64, i64, String)>,
    /// The owner's direct reports, when the owner leads anyone.
    pub reports: Vec<EmployeeRow>,
    pub locked: bool,
    /// The period before this one has rencana aksi to copy and this one has none.
    pub can_copy_previous: bool,
}

impl RencanaAksiView {
    pub fn can_write(&self) -> bool {
        self.owner.access == Access::Owner && !self.locked && !self.skp.closed
    }

    pub fn can_comment(&self) -> bool {
        self.owner.access == Access::Penilai && !self.locked
    }

    pub fn of_indikator(&self, indikator_id: i64) -> Vec<&RencanaAksiRow> {
        self.items
            .iter()
            .filter(|r| r.indikator_id == indikator_id)
            .collect()
    }
}

/// A plan that was approved at least once, with its owner, for whoever may see them.
async fn approved_plan(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<(Owner, SkpRow)> {
    let skp = crate::store::skp::skp_get(&app.db, user.instansi_id(), skp_id).await?;
    let o = owner(app, user, skp.employee_id).await?;
    if skp.approved_at.is_none() {
        return Err(AppError::Conflict("rencana-aksi-skp-belum-disetujui"));
    }
    Ok((o, skp))
}

/// The periods of the plan's year that rencana aksi are written for: the periodic ones
/// (the annual one only when the year has no other).
async fn plan_periods(app: &App, skp: &SkpRow) -> AppResult<Vec<PeriodRow>> {
    let all = crate::store::periode::periods(&app.db, skp.instansi_id, skp.year_id).await?;
    let periodic: Vec<PeriodRow> = all
        .iter()
        .filter(|p| !p.akhir && p.selesai >= skp.mulai && p.mulai <= skp.selesai)
        .cloned()
        .collect();
    Ok(if periodic.is_empty() { all } else { periodic })
}

pub async fn rencana_aksi_view(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    period_id: Option<i64>,
) -> AppResult<RencanaAksiView> {
    let (o, skp) = approved_plan(app, user, skp_id).await?;
    let instansi = user.instansi_id();
    let periods = plan_periods(app, &skp).await?;
    let today = app.today();
    let period = match period_id {
        Some(id) => periods
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .ok_or(AppError::NotFound)?,
        None => periods
            .iter()
            .find(|p| p.mulai <= today && today <= p.selesai)
            .or(periods.first())
            .cloned()
            .ok_or(AppError::NotFound)?,
    };
    let items = store::rencana_aksi_of(&app.db, instansi, skp.id, period.id).await?;
    let previous = periods.iter().rev().find(|p| p.urutan < period.urutan);
    let can_copy_previous = match previous {
        Some(p) if items.is_empty() => !store::rencana_aksi_of(&app.db, instansi, skp.id, p.id)
            .await?
            .is_empty(),
        _ => false,
    };
    let locked = store::evaluation_status(&app.db, user.instansi_id(), skp.id, period.id)
        .await?
        .is_some_and(kinerja_domain::progres::log_locked);
    let (proposals, reports, handed_down) = if o.access == Access::Owner {
        let reports = if user.actor.is_supervisor() {
            crate::services::skp::direct_reports(app, user).await?
        } else {
            Vec::new()
        };
        (
            store::turunan_to(&app.db, instansi, o.employee.id, period.id).await?,
            reports,
            store::turunan_from(&app.db, instansi, skp.id, period.id).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(RencanaAksiView {
        rhk: crate::store::skp::rhk_of(&app.db, user.instansi_id(), skp.id)
            .await?
            .into_iter()
            .filter(|r| r.aktif)
            .collect(),
        indikator: crate::store::skp::indikator_of(&app.db, user.instansi_id(), skp.id).await?,
        riwayat: store::riwayat_of(&app.db, instansi, skp.id, period.id).await?,
        owner: o,
        skp,
        periods,
        period,
        items,
        proposals,
        handed_down,
        reports,
        locked,
        can_copy_previous,
    })
}

/// A rencana aksi as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RencanaAksiInput {
    #[serde(default)]
    pub indikator_id: String,
    #[serde(default)]
    pub teks: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub satuan: String,
}

struct CheckedInput {
    indikator_id: i64,
    teks: String,
    target: Option<f64>,
    satuan: String,
}

fn check_input(v: &RencanaAksiView, i: &RencanaAksiInput) -> AppResult<CheckedInput> {
    let mut problems = Vec::new();
    let indikator = i
        .indikator_id
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| v.indikator.iter().find(|x| x.id == id));
    if indikator.is_none() {
        problems.push(Problem::new("indikator_id", "rencana-aksi-indikator"));
    }
    let teks = one_line("teks", &i.teks, MAX_TEKS, Some("rencana-aksi-kosong"));
    let target = match i.target.trim() {
        "" => Ok(None),
        t => match kinerja_domain::skp::parse_realisasi(t) {
            Ok(Some(x)) if x >= 0.0 && x.is_finite() => Ok(Some(x)),
            _ => Err(Problem::new("target", "rencana-aksi-target")),
        },
    };
    let satuan = match i.satuan.trim() {
        "" => Ok(indikator.map(|x| x.satuan.clone()).unwrap_or_default()),
        s => one_line("satuan", s, MAX_SATUAN, None),
    };
    match (indikator, teks, target, satuan) {
        (Some(ind), Ok(teks), Ok(target), Ok(satuan)) if problems.is_empty() => Ok(CheckedInput {
            indikator_id: ind.id,
            teks,
            target,
            satuan,
        }),
        (_, t, g, s) => {
            problems.extend(t.err());
            problems.extend(g.err());
            problems.extend(s.err());
            Err(AppError::Invalid(problems))
        }
    }
}

fn writable(v: &RencanaAksiView) -> AppResult<()> {
    match v.owner.access {
        Access::Owner if v.locked => Err(AppError::Conflict("progres-terkunci")),
        Access::Owner if v.skp.closed => Err(AppError::Conflict("skp-wrong-status")),
        Access::Owner => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn add_rencana_aksi(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    period_id: i64,
    input: &RencanaAksiInput,
) -> AppResult<i64> {
    let v = rencana_aksi_view(app, user, skp_id, Some(period_id)).await?;
    writable(&v)?;
    let c = check_input(&v, input)?;
    let mut tx = app.db.begin().await?;
    let id = store::rencana_aksi_insert(
        &mut tx,
        &NewRencanaAksi {
            instansi_id: user.instansi_id(),
            skp_id,
            indikator_id: c.indikator_id,
            period_id,
            teks: &c.teks,
            target: c.target,
            satuan: &c.satuan,
            asal_id: None,
        },
    )
    .await?;
    audit_one(
        &mut tx,
        app,
        user,
        v.owner.employee.id,
        "rencana_aksi.add",
        ("rencana_aksi", id),
        (
            None,
            Some(
                json!({"skp": skp_id, "periode": period_id, "indikator": c.indikator_id,
            "teks": c.teks, "target": c.target, "satuan": c.satuan}),
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// One rencana aksi, for whoever may see its plan.
pub async fn rencana_aksi_row(app: &App, user: &CurrentUser, id: i64) -> AppResult<RencanaAksiRow> {
    let r = store::rencana_aksi_get(&app.db, user.instansi_id(), id).await?;
    let skp = crate::store::skp::skp_get(&app.db, user.instansi_id(), r.skp_id).await?;
    let _ = owner(app, user, skp.employee_id).await?;
    Ok(r)
}

/// The signed-in user's plan and period of today (or the latest approved plan's first
/// period), for links that do not name a plan.
pub async fn my_current_plan(app: &App, user: &CurrentUser) -> AppResult<(i64, i64)> {
    let o = own(app, user).await?;
    let today = app.today();
    if let Some(p) = plan_period_on(app, user.instansi_id(), o.employee.id, today).await? {
        return Ok((p.skp.id, p.period.id));
    }
    Err(AppError::Conflict("progres-tanpa-rencana"))
}

/// The view of the plan and period a rencana aksi belongs to, and the row.
async fn view_of(
    app: &App,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(RencanaAksiView, RencanaAksiRow)> {
    let r = store::rencana_aksi_get(&app.db, user.instansi_id(), id).await?;
    let v = rencana_aksi_view(app, user, r.skp_id, Some(r.period_id)).await?;
    Ok((v, r))
}

fn before_json(r: &RencanaAksiRow) -> serde_json::Value {
    json!({"indikator": r.indikator_id, "teks": r.teks, "target": r.target, "satuan": r.satuan})
}

/// Keeps what a rencana aksi was when it changes after its period started.
async fn keep_history(
    tx: &mut crate::store::Tx,
    app: &App,
    user: &CurrentUser,
    v: &RencanaAksiView,
    r: &RencanaAksiRow,
    perubahan: &str,
) -> AppResult<()> {
    if app.today() >= v.period.mulai {
        store::riwayat_insert(
            tx,
            user.instansi_id(),
            r.id,
            perubahan,
            &before_json(r).to_string(),
            user.session.user_id,
        )
        .await?;
    }
    Ok(())
}

pub async fn edit(
    app: &App,
    user: &CurrentUser,
    id: i64,
    input: &RencanaAksiInput,
) -> AppResult<RencanaAksiRow> {
    let (v, r) = view_of(app, user, id).await?;
    writable(&v)?;
    let mut input = input.clone();
    // The indicator stays: entries already written under it keep their place.
    input.indikator_id = r.indikator_id.to_string();
    let c = check_input(&v, &input)?;
    let mut tx = app.db.begin().await?;
    keep_history(&mut tx, app, user, &v, &r, "ubah").await?;
    store::rencana_aksi_update(
        &mut tx,
        user.instansi_id(),
        id,
        &c.teks,
        c.target,
        &c.satuan,
    )
    .await?;
    audit_one(
        &mut tx,
        app,
        user,
        v.owner.employee.id,
        "rencana_aksi.edit",
        ("rencana_aksi", id),
        (
            Some(before_json(&r)),
            Some(json!({"teks": c.teks, "target": c.target, "satuan": c.satuan})),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

pub async fn remove(app: &App, user: &CurrentUser, id: i64) -> AppResult<RencanaAksiRow> {
    let (v, r) = view_of(app, user, id).await?;
    writable(&v)?;
    let mut tx = app.db.begin().await?;
    keep_history(&mut tx, app, user, &v, &r, "hapus").await?;
    store::rencana_aksi_deactivate(&mut tx, user.instansi_id(), id).await?;
    audit_one(
        &mut tx,
        app,
        user,
        v.owner.employee.id,
        "rencana_aksi.remove",
        ("rencana_aksi", id),
        (Some(before_json(&r)), None),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

/// Copies the previous period's rencana aksi into an empty period; returns how many.
pub async fn copy_previous(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    period_id: i64,
) -> AppResult<usize> {
    let v = rencana_aksi_view(app, user, skp_id, Some(period_id)).await?;
    writable(&v)?;
    if !v.can_copy_previous {
        return Err(AppError::Conflict("rencana-aksi-tidak-ada-sebelumnya"));
    }
    let previous = v
        .periods
        .iter()
        .rev()
        .find(|p| p.urutan < v.period.urutan)
        .ok_or(AppError::NotFound)?;
    let instansi = user.instansi_id();
    let source = store::rencana_aksi_of(&app.db, instansi, skp_id, previous.id).await?;
    let mut tx = app.db.begin().await?;
    let mut n = 0;
    for r in &source {
        if !v.indikator.iter().any(|i| i.id == r.indikator_id) {
            continue;
        }
        store::rencana_aksi_insert(
            &mut tx,
            &NewRencanaAksi {
                instansi_id: instansi,
                skp_id,
                indikator_id: r.indikator_id,
                period_id,
                teks: &r.teks,
                target: r.target,
                satuan: &r.satuan,
                asal_id: r.asal_id,
            },
        )
        .await?;
        n += 1;
    }
    audit_one(
        &mut tx,
        app,
        user,
        v.owner.employee.id,
        "rencana_aksi.copy",
        ("skp", skp_id),
        (
            None,
            Some(json!({"dari_periode": previous.id, "ke_periode": period_id, "jumlah": n})),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// The penilai's comment on a rencana aksi (empty clears it).
pub async fn comment(
    app: &App,
    user: &CurrentUser,
    id: i64,
    catatan: &str,
) -> AppResult<RencanaAksiRow> {
    let (v, r) = view_of(app, user, id).await?;
    if v.owner.access != Access::Penilai {
        return Err(AppError::Forbidden);
    }
    if v.locked {
        return Err(AppError::Conflict("progres-terkunci"));
    }
    let catatan =
        one_line("catatan", catatan, 2_000, None).map_err(|p| AppError::Invalid(vec![p]))?;
    let mut tx = app.db.begin().await?;
    store::rencana_aksi_comment(&mut tx, user.instansi_id(), id, &catatan).await?;
    crate::store::notifications::notify_employee(
        &mut tx,
        user.instansi_id(),
        v.owner.employee.id,
        "rencana_aksi_commented",
        &json!({"penilai": user.session.display_name, "teks": r.teks}).to_string(),
        &format!(
            "/skp/{}/rencana-aksi?periode={}#ra-{id}",
            r.skp_id, r.period_id
        ),
    )
    .await?;
    audit_one(
        &mut tx,
        app,
        user,
        v.owner.employee.id,
        "rencana_aksi.comment",
        ("rencana_aksi", id),
        (
            Some(json!({"catatan": r.catatan_penilai})),
            Some(json!({"catatan": catatan})),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

/// A unit head offers one of their rencana aksi to direct reports, the way RHK are
/// handed down; each adopts it under one of their own indicators.
pub async fn hand_down(app: &App, user: &CurrentUser, id: i64, to: &[i64]) -> AppResult<()> {
    let (v, r) = view_of(app, user, id).await?;
    writable(&v)?;
    if to.is_empty() {
        return Err(AppError::invalid("pegawai", "cascade-nobody"));
    }
    if to.iter().any(|e| !v.reports.iter().any(|x| x.id == *e)) {
        return Err(AppError::invalid("pegawai", "cascade-not-report"));
    }
    let instansi = user.instansi_id();
    let mut tx = app.db.begin().await?;
    for e in to {
        store::turunan_upsert(&mut tx, instansi, id, *e, &r.teks).await?;
        crate::store::notifications::notify_employee(
            &mut tx,
            instansi,
            *e,
            "rencana_aksi_cascaded",
            &json!({"atasan": v.owner.employee.nama_lengkap(), "teks": r.teks}).to_string(),
            "/progres/rencana-aksi",
        )
        .await?;
    }
    audit_one(
        &mut tx,
        app,
        user,
        v.owner.employee.id,
        "rencana_aksi.cascade",
        ("rencana_aksi", id),
        (None, Some(json!({"teks": r.teks, "kepada": to}))),
    )
    .await?;
    tx.commit().await
}

/// Takes up a rencana aksi handed down, under one of the user's own indicators.
pub async fn adopt(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    turunan_id: i64,
    indikator_id: &str,
) -> AppResult<i64> {
    let me = user.session.employee_id.ok_or(AppError::Forbidden)?;
    let t = store::turunan_get(&app.db, user.instansi_id(), me, turunan_id).await?;
    let v = rencana_aksi_view(app, user, skp_id, Some(t.period_id)).await?;
    writable(&v)?;
    let c = check_input(
        &v,
        &RencanaAksiInput {
            indikator_id: indikator_id.to_string(),
            teks: t.teks.clone(),
            target: t.target.map(|x| x.to_string()).unwrap_or_default(),
            satuan: t.satuan.clone(),
        },
    )?;
    let mut tx = app.db.begin().await?;
    let id = store::rencana_aksi_insert(
        &mut tx,
        &NewRencanaAksi {
            instansi_id: user.instansi_id(),
            skp_id,
            indikator_id: c.indikator_id,
            period_id: t.period_id,
            teks: &c.teks,
            target: c.target,
            satuan: &c.satuan,
            asal_id: Some(t.from_id),
        },
    )
    .await?;
    store::turunan_adopt(&mut tx, user.instansi_id(), turunan_id, id).await?;
    audit_one(
        &mut tx,
        app,
        user,
        me,
        "rencana_aksi.adopt",
        ("rencana_aksi", id),
        (
            None,
            Some(json!({"dari": t.from_id, "indikator": c.indikator_id, "teks": c.teks})),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
