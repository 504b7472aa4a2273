//! The unit's capaian, curve and penetapan.

use super::*;

/// A unit's period: its capaian, its curve against the allowed distribution, progress, and
/// what the viewer may do.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub unit: org::UnitRow,
    pub period: PeriodRow,
    pub year: YearRow,
    #[serde(skip)]
    pub referensi: Arc<Referensi>,
    pub record: Option<UnitPeriodRow>,
    pub capaian: Option<CapaianOrganisasi>,
    pub histogram: Histogram,
    pub pelanggaran: Vec<Pelanggaran>,
    /// Evaluations per status code.
    pub by_status: HashMap<String, i64>,
    pub lines: Vec<EvaluationLine>,
    pub page: i64,
    /// The child units, each over its own subtree.
    pub children: Vec<UnitTally>,
    /// The viewer leads the unit one level up (sets the capaian).
    pub can_set_capaian: bool,
    /// The viewer leads the unit (signs the penetapan).
    pub can_finalise: bool,
}

impl UnitView {
    pub fn total(&self) -> i64 {
        self.by_status.values().sum()
    }

    pub fn count(&self, status: &str) -> i64 {
        self.by_status.get(status).copied().unwrap_or(0)
    }

    /// Evaluations not yet assessed: they block the penetapan.
    pub fn pending(&self) -> i64 {
        self.count("draft") + self.count("dinilai_sendiri")
    }
}

pub const UNIT_PAGE: i64 = 50;

pub async fn unit_view(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
    page: i64,
) -> AppResult<UnitView> {
    let instansi = user.instansi_id();
    let unit = org::unit_get(&app.db, instansi, unit_id).await?;
    let path = unit.unit_path();
    if !user.actor.can_view_unit(instansi, &path) {
        return Err(AppError::Forbidden);
    }
    let period = crate::store::periode::period_get(&app.db, instansi, period_id).await?;
    let year = crate::store::periode::year_get(&app.db, instansi, period.year_id).await?;
    let referensi =
        crate::services::referensi::referensi(app, instansi, year.reference_version_id).await?;
    let record = store::unit_period_get(&app.db, instansi, unit_id, period_id).await?;
    let capaian = record
        .as_ref()
        .and_then(|r| r.capaian.as_deref())
        .and_then(CapaianOrganisasi::parse);
    let counts = store::counts_in(&app.db, instansi, &path, period_id).await?;
    let mut by_status: HashMap<String, i64> = HashMap::new();
    let mut histogram = Histogram::default();
    for (status, predikat, n) in counts {
        *by_status.entry(status).or_default() += n;
        if let Some(p) = predikat.as_deref().and_then(Predikat::parse) {
            histogram.counts[p.index()] += n as u32;
        }
    }
    let pelanggaran = capaian
        .map(|c| referensi.aturan.kurva.check(c, &histogram))
        .unwrap_or_default();
    let page = page.max(1);
    let lines = store::lines_in(
        &app.db,
        instansi,
        &path,
        period_id,
        UNIT_PAGE,
        (page - 1) * UNIT_PAGE,
    )
    .await?;
    let children = tallies(app, instansi, &unit, &period, &referensi)
        .await?
        .into_iter()
        .filter(|t| t.parent_id == Some(unit.id) && (t.aktif || t.total() > 0))
        .collect();
    let (can_set_capaian, can_finalise) = match user.session.employee_id {
        Some(me) => {
            let led = org::led_units(&app.db, user.instansi_id(), me, app.today()).await?;
            (
                unit.parent_id
                    .is_some_and(|p| led.iter().any(|(id, _)| *id == p)),
                led.iter().any(|(id, _)| *id == unit.id),
            )
        }
        None => (false, false),
    };
    Ok(UnitView {
        unit,
        period,
        year,
        referensi,
        record,
        capaian,
        histogram,
        pelanggaran,
        by_status,
        lines,
        page,
        children,
        can_set_capaian,
        can_finalise,
    })
}

/// The leader one level up sets the unit's capaian kinerja organisasi for the period.
pub async fn set_capaian(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
    capaian: &str,
) -> AppResult<()> {
    let v = unit_view(app, user, unit_id, period_id, 1).await?;
    if !v.can_set_capaian {
        return Err(AppError::Forbidden);
    }
    let Some(c) = CapaianOrganisasi::parse(capaian) else {
        return Err(AppError::invalid("capaian", "capaian-invalid"));
    };
    let mut tx = app.db.begin().await?;
    store::unit_period_set_capaian(
        &mut tx,
        user.instansi_id(),
        unit_id,
        period_id,
        c.code(),
        user.session.user_id,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action: "unit.capaian",
            object_type: "unit",
            object_id: Some(unit_id),
            subject_employee_id: None,
            before: Some(json!({"capaian": v.capaian.map(|c| c.code())})),
            after: Some(json!({"capaian": c.code(), "periode": v.period.kode})),
        },
    )
    .await?;
    tx.commit().await
}

/// Penetapan predikat: the unit's leader finalises the period's assessed results. Refused
/// while results are pending or the capaian is not set; a broken curve needs a written
/// justification, which is kept with the list of broken rules.
pub async fn finalise_unit(
    app: &App,
    user: &CurrentUser,
    unit_id: i64,
    period_id: i64,
    justifikasi: &str,
) -> AppResult<u64> {
    let v = unit_view(app, user, unit_id, period_id, 1).await?;
    if !v.can_finalise {
        return Err(AppError::Forbidden);
    }
    if v.capaian.is_none() {
        return Err(AppError::Conflict("penetapan-no-capaian"));
    }
    if v.pending() > 0 {
        return Err(AppError::Invalid(vec![
            Problem::new(None, "penetapan-pending").arg("n", v.pending()),
        ]));
    }
    if v.count("dinilai") == 0 {
        return Err(AppError::Conflict("penetapan-nothing"));
    }
    let justifikasi = justifikasi.trim();
    if !v.pelanggaran.is_empty() && justifikasi.is_empty() {
        return Err(AppError::invalid(
            "justifikasi",
            "penetapan-needs-justification",
        ));
    }
    if justifikasi.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(vec![
            Problem::new("justifikasi", "text-too-long").arg("max", MAX_TEXT),
        ]));
    }
    let path = v.unit.unit_path();
    let instansi = user.instansi_id();
    let pelanggaran_json = serde_json::to_string(&v.pelanggaran).expect("serialisable");
    let mut tx = app.db.begin().await?;
    store::unit_period_finalise(
        &mut tx,
        user.instansi_id(),
        unit_id,
        period_id,
        user.session.user_id,
        justifikasi,
        &pelanggaran_json,
    )
    .await?;
    store::notify_finalised(
        &mut tx,
        instansi,
        &path,
        period_id,
        &json!({"periode": v.period.nama, "unit": v.unit.nama}).to_string(),
    )
    .await?;
    let n = store::evaluations_finalise_in(&mut tx, instansi, &path, period_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "unit.penetapan",
            object_type: "unit",
            object_id: Some(unit_id),
            subject_employee_id: None,
            before: None,
            after: Some(
                json!({"periode": v.period.kode, "capaian": v.capaian.map(|c| c.code()),
                "ditetapkan": n, "histogram": v.histogram.counts,
                "pelanggaran": v.pelanggaran.len(), "justifikasi": justifikasi}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}
