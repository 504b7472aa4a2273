//! Creating and saving an employee.

use super::*;

/// An input checked against the database: valid fields, the target unit inside the admin's
/// scope, a unique NIP and an existing penilai.
pub(super) struct Prepared {
    v: ValidEmployee,
    unit: UnitRow,
    override_id: Option<i64>,
    /// The unit of the penilai named instead of the tree.
    override_unit: Option<UnitPath>,
    /// Their name and NIP, for the four-eyes queue.
    override_label: (String, String),
}

pub(super) async fn prepare(
    app: &App,
    user: &CurrentUser,
    input: &EmployeeInput,
    self_id: Option<i64>,
) -> AppResult<Prepared> {
    let instansi = user.instansi_id();
    let v =
        validate_employee(&RawEmployee::of_input(input), app.today()).map_err(AppError::Invalid)?;
    let unit = org::unit_by_kode(&app.db, instansi, input.unit_kode.trim())
        .await?
        .ok_or_else(|| {
            AppError::Invalid(vec![
                Problem::new("unit_kode", "unit-unknown").arg("value", input.unit_kode.trim()),
            ])
        })?;
    if !user.actor.can_edit_unit(instansi, &unit.unit_path()) {
        return Err(AppError::Invalid(vec![Problem::new(
            "unit_kode",
            "unit-outside-scope",
        )]));
    }
    if let Some(n) = &v.nip
        && let Some(other) = org::employee_by_nip(&app.db, instansi, n).await?
        && Some(other.id) != self_id
    {
        return Err(AppError::Invalid(vec![
            Problem::new("nip", "nip-duplicate").arg("value", n),
        ]));
    }
    let override_id = match input.nip_penilai.trim() {
        "" => None,
        raw => {
            let nip = Nip::normalize(raw);
            let p = org::employee_by_nip(&app.db, instansi, &nip)
                .await?
                .ok_or_else(|| {
                    AppError::Invalid(vec![
                        Problem::new("nip_penilai", "penilai-unknown").arg("value", raw),
                    ])
                })?;
            if Some(p.id) == self_id {
                return Err(AppError::Invalid(vec![Problem::new(
                    "nip_penilai",
                    "penilai-self",
                )]));
            }
            Some(p)
        }
    };
    Ok(Prepared {
        v,
        unit,
        override_id: override_id.as_ref().map(|p| p.id),
        override_unit: override_id.as_ref().map(|p| p.unit_path()),
        override_label: override_id
            .map(|p| (p.nama_lengkap(), p.nip.unwrap_or_default()))
            .unwrap_or_default(),
    })
}

/// Files the four-eyes request for a penilai override (or its removal) of employee `id`,
/// inside the transaction of the edit; the queue shows the penilai by name and NIP.
pub(super) async fn request_penilai(
    app: &App,
    tx: &mut Tx,
    user: &CurrentUser,
    id: i64,
    penilai: Option<i64>,
    p: &Prepared,
) -> AppResult<i64> {
    let (nama, nip) = &p.override_label;
    confirmations::request_in(
        app,
        tx,
        user,
        ChangeKind::Penilai,
        id,
        json!({"penilai_id": penilai, "penilai_nama": nama, "penilai_nip": nip}),
    )
    .await
}

/// Whether the admin may change the penilai override of `subject` to `p.override_id`:
/// refused with the reason beside the field, or waiting for an admin BKPSDM.
pub(super) fn penilai_decision(
    user: &CurrentUser,
    subject: &Subject<'_>,
    standing: &Standing,
    p: &Prepared,
) -> AppResult<Decision> {
    let penilai = p.override_id.zip(p.override_unit.as_ref());
    match user.actor.can_set_penilai(subject, standing, penilai) {
        Decision::Denied => {
            let code = if p.override_id.is_some() && p.override_id == user.actor.employee_id {
                "penilai-is-admin"
            } else {
                "penilai-outside-opd"
            };
            Err(AppError::Invalid(vec![Problem::new("nip_penilai", code)]))
        }
        d => Ok(d),
    }
}

/// Refuses a placement or override that would make someone their own (indirect) penilai.
/// Checked on the committed tree with the change applied in memory.
pub(super) async fn check_no_cycle(
    app: &App,
    instansi: i64,
    id: i64,
    p: &Prepared,
) -> AppResult<()> {
    let mut snap = org::snapshot_all(&app.db, instansi, app.today()).await?;
    snap.positions.insert(id, (p.unit.id, p.v.kepala));
    if p.v.kepala {
        snap.heads.insert(
            p.unit.id,
            kinerja_domain::HeadSlot::Held {
                employee_id: id,
                acting: None,
            },
        );
    }
    match p.override_id {
        Some(o) => snap.overrides.insert(id, o),
        None => snap.overrides.remove(&id),
    };
    if kinerja_domain::org::penilai_cycle(&snap, [id]).is_some() {
        return Err(AppError::Invalid(vec![Problem::new(
            "nip_penilai",
            "penilai-cycle",
        )]));
    }
    Ok(())
}

pub fn fields_from(
    v: &ValidEmployee,
    position_id: i64,
    override_id: Option<i64>,
) -> EmployeeFields {
    EmployeeFields {
        nip: v.nip.clone(),
        jenis_asn: v.jenis_asn.code().to_string(),
        gelar_depan: v.gelar_depan.clone(),
        nama: v.nama.clone(),
        gelar_belakang: v.gelar_belakang.clone(),
        jenis_kelamin: v.jenis_kelamin.clone(),
        tanggal_lahir: v.tanggal_lahir,
        golongan: v.golongan.map(|g| g.code().to_string()),
        position_id,
        email: v.email.clone(),
        aktif: v.aktif,
        penilai_override_id: override_id,
    }
}

/// Creates an employee and their (not yet activated) account.
pub async fn create_employee(
    app: &App,
    user: &CurrentUser,
    input: &EmployeeInput,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    if user.actor.admin_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    let mut p = prepare(app, user, input, None).await?;
    // A new record stands for nobody yet; its override follows the same rule as an edit.
    let new_path = p.unit.unit_path();
    let new_subject = Subject {
        instansi_id: instansi,
        employee_id: -1,
        unit_path: &new_path,
    };
    let pending_penilai = match p.override_id {
        Some(o) => match penilai_decision(user, &new_subject, &Standing::default(), &p)? {
            Decision::NeedsConfirmation => {
                p.override_id = None;
                Some(o)
            }
            _ => None,
        },
        None => None,
    };
    if p.v.nip.is_none() {
        // Only ASN are created here; pejabat negara come with the instansi.
        return Err(AppError::Invalid(vec![
            Problem::new("jenis_asn", "jenis-asn-unknown").arg("value", &input.jenis_asn),
        ]));
    }
    // Nobody's override points at a new record, but its own override may point into the
    // subtree it heads.
    if p.override_id.is_some() {
        check_no_cycle(app, instansi, -1, &p).await?;
    }
    let mut tx = app.db.begin().await?;
    let (position_id, _) = ensure_position(app, &mut tx, instansi, p.unit.id, &p.v).await?;
    let fields = fields_from(&p.v, position_id, p.override_id);
    let id = org::employee_insert(&mut tx, instansi, &fields).await?;
    let nama_lengkap = kinerja_domain::nama::nama_lengkap(
        &fields.gelar_depan,
        &fields.nama,
        &fields.gelar_belakang,
    );
    users::user_insert(
        &mut tx,
        users::NewUser {
            instansi_id: instansi,
            employee_id: Some(id),
            username: fields.nip.as_deref().unwrap_or_default(),
            display_name: &nama_lengkap,
            password_hash: None,
            must_change_password: true,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "employee.create",
            object_type: "employee",
            object_id: Some(id),
            subject_employee_id: Some(id),
            before: None,
            after: Some(audit_snapshot(
                &fields,
                &PositionLabel::of_valid(&p.v),
                &p.unit.nama,
            )),
        },
    )
    .await?;
    if let Some(o) = pending_penilai {
        request_penilai(app, &mut tx, user, id, Some(o), &p).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// What saving an employee's record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Done,
    /// Saved, but the new penilai waits for an admin BKPSDM.
    PenilaiPending,
}

/// Saves an admin's edit of an employee. `version` is the one the form was read at.
pub async fn update_employee(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: &EmployeeInput,
) -> AppResult<Saved> {
    let instansi = user.instansi_id();
    let current = org::employee_get(&app.db, instansi, id).await?;
    let standing = standing_of(app, &current).await?;
    let path = current.unit_path();
    let subject = Subject {
        instansi_id: current.instansi_id,
        employee_id: current.id,
        unit_path: &path,
    };
    if !user.actor.can_act_on(&subject, &standing) {
        return Err(AppError::Forbidden);
    }
    let mut p = prepare(app, user, input, Some(id)).await?;
    // A new penilai override by an OPD admin waits for an admin BKPSDM; the rest of the
    // edit is saved now.
    let mut pending_penilai = None;
    if p.override_id != current.penilai_override_id
        && penilai_decision(user, &subject, &standing, &p)? == Decision::NeedsConfirmation
    {
        if confirmations_sql::waiting_for(&app.db, instansi, ChangeKind::Penilai, id).await? > 0 {
            return Err(AppError::Invalid(vec![Problem::new(
                "nip_penilai",
                "confirmation-already-waiting",
            )]));
        }
        pending_penilai = Some(p.override_id);
        p.override_id = current.penilai_override_id;
    }
    let placement_changed = p.unit.id != current.unit_id || p.v.kepala != current.is_head;
    if p.override_id.is_some() || placement_changed {
        check_no_cycle(app, instansi, id, &p).await?;
    }
    let mut tx = app.db.begin().await?;
    let (position_id, position_written) =
        ensure_position(app, &mut tx, instansi, p.unit.id, &p.v).await?;
    let fields = fields_from(&p.v, position_id, p.override_id);
    let before = EmployeeFields::from_row(&current);
    if let Some(o) = pending_penilai {
        request_penilai(app, &mut tx, user, id, o, &p).await?;
    }
    let outcome = if pending_penilai.is_some() {
        Saved::PenilaiPending
    } else {
        Saved::Done
    };
    if before == fields && !position_written {
        tx.commit().await?;
        return Ok(outcome);
    }
    org::employee_update(&mut tx, user.instansi_id(), id, Some(version), &fields).await?;
    let nama_lengkap = kinerja_domain::nama::nama_lengkap(
        &fields.gelar_depan,
        &fields.nama,
        &fields.gelar_belakang,
    );
    users::user_sync_employee(
        &mut tx,
        user.instansi_id(),
        id,
        fields
            .nip
            .as_deref()
            .or(current.nip.as_deref())
            .unwrap_or_default(),
        &nama_lengkap,
        fields.aktif,
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "employee.update",
            object_type: "employee",
            object_id: Some(id),
            subject_employee_id: Some(id),
            before: Some(audit_snapshot(
                &before,
                &PositionLabel::of_row(&current),
                &current.unit_nama,
            )),
            after: Some(audit_snapshot(
                &fields,
                &PositionLabel::of_valid(&p.v),
                &p.unit.nama,
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The edit form of an employee as stored, for an admin who may edit them.
pub async fn edit_input(
    app: &App,
    user: &CurrentUser,
    e: &EmployeeRow,
) -> AppResult<EmployeeInput> {
    if !can_edit(app, user, e).await? {
        return Err(AppError::Forbidden);
    }
    let unit = org::unit_get(&app.db, e.instansi_id, e.unit_id).await?;
    let penilai = match e.penilai_override_id {
        Some(p) => org::employee_get(&app.db, e.instansi_id, p)
            .await?
            .nip
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(EmployeeInput::from_row(e, unit.kode, penilai))
}
