//! Reading a plan.

use super::*;

/// A header block of the form: frozen into every submission.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PersonHeader {
    pub employee_id: i64,
    pub nama: String,
    pub nip: String,
    pub pangkat: String,
    pub jabatan: String,
    pub unit: String,
}

impl PersonHeader {
    pub fn of(e: &EmployeeRow) -> PersonHeader {
        PersonHeader {
            employee_id: e.id,
            nama: e.nama_lengkap(),
            nip: e.nip.clone().unwrap_or_else(|| "–".into()),
            pangkat: e
                .golongan
                .as_deref()
                .and_then(Golongan::from_code)
                .map(|g| g.pangkat_golongan())
                .unwrap_or_else(|| "–".into()),
            jabatan: e.jabatan.clone(),
            unit: e.unit_nama.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub instansi: String,
    pub lokasi: String,
    pub mulai: Option<NaiveDate>,
    pub selesai: Option<NaiveDate>,
    pub pegawai: PersonHeader,
    pub penilai: Option<PersonHeader>,
}

/// A plan as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub skp: SkpRow,
    pub status: SkpStatus,
    pub owner: EmployeeRow,
    pub year: YearRow,
    #[serde(skip)]
    pub referensi: Arc<Referensi>,
    pub penilai: ChainLink,
    pub penilai_id: Option<i64>,
    pub role: SkpRole,
    pub content: SkpContent,
    pub is_jpt: bool,
    pub missing: Vec<Missing>,
    pub proposals: Vec<CascadeRow>,
    pub parent_options: Vec<RhkRow>,
    pub last_submission: Option<store::LastSubmission>,
    /// Notes of the last return, per RHK id.
    pub row_notes: HashMap<i64, String>,
    /// Subordinates' RHK that intervene this plan's RHK.
    pub child_links: Vec<ChildLinkRow>,
    pub handed_down: Vec<CascadeRow>,
    pub late: bool,
}

impl PlanView {
    pub fn can(&self, action: SkpAction) -> bool {
        rules::transition(self.status, action, self.role).is_ok()
    }
}

/// Builds the live content of a plan from its rows; a link is sound when it points at an
/// active RHK of the current penilai's plan of the same year.
pub async fn live_content(
    app: &App,
    skp: &SkpRow,
    penilai_id: Option<i64>,
) -> AppResult<SkpContent> {
    let (rhk, inds) = store::rhk_with_indikator(&app.db, skp.instansi_id, skp.id).await?;
    let (lampiran, ekspektasi) =
        store::lampiran_and_ekspektasi(&app.db, skp.instansi_id, skp.id).await?;
    Ok(assemble(skp, penilai_id, rhk, inds, lampiran, ekspektasi))
}

pub(super) fn assemble(
    skp: &SkpRow,
    penilai_id: Option<i64>,
    rhk: Vec<RhkRow>,
    inds: Vec<store::IndikatorRow>,
    lampiran: Vec<store::LampiranRow>,
    ekspektasi: Vec<(i64, String)>,
) -> SkpContent {
    let mut by_rhk: HashMap<i64, Vec<Indikator>> = HashMap::new();
    for i in inds {
        by_rhk.entry(i.rhk_id).or_default().push(Indikator {
            id: i.id,
            aspek: i.aspek,
            iki: i.iki,
            target_min: i.target_min,
            target_max: i.target_max,
            satuan: i.satuan,
            target_teks: i.target_teks,
        });
    }
    let mut rows: Vec<Rhk> = rhk
        .into_iter()
        .map(|r| {
            let link_ok = r.parent_rhk_id.is_none()
                || (r.parent_aktif == Some(true)
                    && r.parent_year_id == Some(skp.year_id)
                    && penilai_id.is_some()
                    && r.parent_employee_id == penilai_id);
            Rhk {
                indikator: by_rhk.remove(&r.id).unwrap_or_default(),
                id: r.id,
                jenis: r.jenis,
                teks: r.teks,
                parent_rhk_id: r.parent_rhk_id,
                parent_teks: r.parent_teks,
                link_ok,
                pk_target: r.pk_target,
                perspektif: r.perspektif,
            }
        })
        .collect();
    // Utama first, each block in its own order.
    rows.sort_by_key(|r| r.jenis != JenisRhk::Utama);
    let mut l = Lampiran::default();
    for row in lampiran {
        match row.bagian.as_str() {
            "dukungan" => l.dukungan.push(row.teks),
            "skema" => l.skema.push(row.teks),
            "konsekuensi" => l.konsekuensi.push(row.teks),
            _ => {}
        }
    }
    SkpContent {
        pendekatan: Pendekatan::parse(&skp.pendekatan).unwrap_or(Pendekatan::Kuantitatif),
        rhk: rows,
        lampiran: l,
        ekspektasi: ekspektasi.into_iter().map(|(k, t)| (k as u8, t)).collect(),
    }
}

pub async fn plan_view(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<PlanView> {
    let head = store::plan_head(&app.db, user.instansi_id(), skp_id).await?;
    view_of(app, user, head).await
}

/// The page of a plan whose head was read: its penilai (two queries) and content (two).
async fn view_of(app: &App, user: &CurrentUser, head: store::PlanHead) -> AppResult<PlanView> {
    let store::PlanHead {
        skp,
        owner,
        year,
        last_submission,
        ..
    } = head;
    let instansi = user.instansi_id();
    if !can_view(user, &owner) {
        return Err(AppError::Forbidden);
    }
    let referensi = referensi(app, instansi, year.reference_version_id).await?;
    let (penilai_link, _) = org_svc::chain_of_employee(app, &owner).await?;
    let penilai_id = match &penilai_link {
        ChainLink::Person { employee, .. } => Some(employee.id),
        _ => None,
    };
    let derived = match penilai_id {
        Some(id) => Derived::Found {
            employee_id: id,
            source: kinerja_domain::PenilaiSource::Tree,
            via_unit: None,
        },
        None => Derived::Top,
    };
    let role = if skp.closed {
        SkpRole::Other
    } else {
        role_of(user, owner.id, &derived)
    };
    let status = skp.status;
    let content = live_content(app, &skp, penilai_id).await?;
    let is_jpt = owner.jenis_jabatan == JenisJabatan::Jpt.code();
    let editable = role == SkpRole::Owner && status.editable();
    let missing = if role == SkpRole::Owner {
        rules::missing(&content, is_jpt)
    } else {
        Vec::new()
    };
    let (proposals, parent_options) = if editable {
        (
            store::cascades_to(&app.db, user.instansi_id(), owner.id, year.id).await?,
            match penilai_id {
                Some(p) => store::rhk_options(&app.db, user.instansi_id(), p, year.id).await?,
                None => Vec::new(),
            },
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let row_notes = last_submission
        .as_ref()
        .filter(|s| s.decision.as_deref() == Some("dikembalikan"))
        .and_then(|s| s.catatan_baris_json.as_deref())
        .and_then(|j| serde_json::from_str::<HashMap<i64, String>>(j).ok())
        .unwrap_or_default();
    // Only people who lead someone have links pointing at their plan.
    let leads = owner.is_head || (role == SkpRole::Owner && user.actor.is_supervisor());
    let (child_links, handed_down) = if leads {
        store::links_down(&app.db, user.instansi_id(), skp.id).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let late = status != SkpStatus::Disetujui && app.today() > year.batas_perencanaan;
    Ok(PlanView {
        skp,
        status,
        owner,
        year,
        referensi,
        penilai: penilai_link,
        penilai_id,
        role,
        content,
        is_jpt,
        missing,
        proposals,
        parent_options,
        last_submission,
        row_notes,
        child_links,
        handed_down,
        late,
    })
}

/// A plan the viewer may read, and what its page is built from as the database states it
/// now (one indexed query): the web layer serves a page rendered under the same stamp
/// instead of building it again. A plan its owner may still edit has no stamp and is always
/// built afresh: its page also shows the proposals and the penilai's rows to link to, and
/// every edit changes it anyway.
pub struct PlanCheck {
    head: store::PlanHead,
    pub stamp: Option<crate::cache::PlanStamp>,
}

pub async fn plan_check(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<PlanCheck> {
    let head = store::plan_head(&app.db, user.instansi_id(), skp_id).await?;
    // Whoever may no longer read the plan is refused before any cache is looked at.
    if !can_view(user, &head.owner) {
        return Err(AppError::Forbidden);
    }
    let stamp = (user.session.employee_id != Some(head.owner.id) || !head.skp.status.editable())
        .then(|| crate::cache::PlanStamp {
            skp_version: head.skp.version,
            owner_version: head.owner.version,
            org_version: head.deps.org_version,
            parents: head.deps.parents,
            children: head.deps.children,
            handed_down: head.deps.handed_down,
            deadline: head.year.batas_perencanaan,
            today: app.today(),
            rights: rights_fingerprint(&user.actor),
        });
    Ok(PlanCheck { head, stamp })
}

/// The page of a plan whose stamp was read (the stamp's query is not repeated).
pub async fn plan_view_checked(
    app: &App,
    user: &CurrentUser,
    check: PlanCheck,
) -> AppResult<PlanView> {
    view_of(app, user, check.head).await
}

/// A digest of what the viewer may do: a page cached under other rights is not
/// served.
pub(super) fn rights_fingerprint(a: &kinerja_domain::Actor) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for r in &a.roles {
        r.code().hash(&mut h);
        if let kinerja_domain::Role::AdminOpd { opd } = r {
            opd.as_str().hash(&mut h);
        }
    }
    for u in &a.led_units {
        u.as_str().hash(&mut h);
    }
    a.rated_by_override.hash(&mut h);
    h.finish()
}

/// The plans of an employee in a year (readable by whoever may see the employee).
pub async fn plans_of(
    app: &App,
    user: &CurrentUser,
    employee_id: i64,
    year_id: i64,
) -> AppResult<Vec<SkpRow>> {
    let owner = org::employee_get(&app.db, user.instansi_id(), employee_id).await?;
    if !can_view(user, &owner) {
        return Err(AppError::Forbidden);
    }
    store::skps_of(&app.db, user.instansi_id(), employee_id, year_id).await
}

/// The signed-in employee's own plans of a year (none for an account without employee).
pub async fn own_plans(app: &App, user: &CurrentUser, year_id: i64) -> AppResult<Vec<SkpRow>> {
    match user.session.employee_id {
        Some(me) => store::skps_of(&app.db, user.instansi_id(), me, year_id).await,
        None => Ok(Vec::new()),
    }
}

/// What the "my plans" page shows besides the plans: proposals handed down and whether a
/// previous year's plan can be copied.
pub struct OwnPlanning {
    pub plans: Vec<SkpRow>,
    pub proposals: usize,
    pub has_previous: bool,
}

pub async fn own_planning(app: &App, user: &CurrentUser, year: &YearRow) -> AppResult<OwnPlanning> {
    let Some(me) = user.session.employee_id else {
        return Ok(OwnPlanning {
            plans: Vec::new(),
            proposals: 0,
            has_previous: false,
        });
    };
    Ok(OwnPlanning {
        plans: store::skps_of(&app.db, user.instansi_id(), me, year.id).await?,
        proposals: store::cascades_to(&app.db, user.instansi_id(), me, year.id)
            .await?
            .len(),
        has_previous: store::previous_skp(&app.db, user.instansi_id(), me, year.tahun)
            .await?
            .is_some(),
    })
}

/// The plan for a page that edits it: refused unless the user may edit it now.
pub async fn plan_view_to_edit(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<PlanView> {
    let v = plan_view(app, user, skp_id).await?;
    if !v.can(SkpAction::Edit) {
        return Err(AppError::Forbidden);
    }
    Ok(v)
}

/// The plan for a page only its owner sees (handing results down).
pub async fn plan_view_of_owner(app: &App, user: &CurrentUser, skp_id: i64) -> AppResult<PlanView> {
    let v = plan_view(app, user, skp_id).await?;
    if v.role != SkpRole::Owner {
        return Err(AppError::Forbidden);
    }
    Ok(v)
}
