//! Creating a plan.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStart {
    /// An empty plan.
    Kosong,
    /// The RHK and indicators of the employee's last plan of an earlier year.
    TahunLalu,
    /// The RHK the supervisor handed down.
    Atasan,
}

/// Starts the signed-in employee's plan for a year. A plan of another position in the same
/// year is closed (both are kept).
pub async fn create_plan(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
    start: PlanStart,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    let me = user.session.employee_id.ok_or(AppError::Forbidden)?;
    let owner = org::employee_get(&app.db, instansi, me).await?;
    if owner.jenis_asn == "pejabat_negara" || !owner.aktif {
        return Err(AppError::Forbidden);
    }
    let year = crate::store::periode::year_get(&app.db, instansi, year_id).await?;
    let existing = store::skps_of(&app.db, user.instansi_id(), me, year.id).await?;
    if existing
        .iter()
        .any(|s| !s.closed && s.position_id == owner.position_id)
    {
        return Err(AppError::Conflict("skp-exists"));
    }
    let today = app.today();
    let year_start = NaiveDate::from_ymd_opt(year.tahun as i32, 1, 1).expect("valid");
    let year_end = NaiveDate::from_ymd_opt(year.tahun as i32, 12, 31).expect("valid");
    let moved = existing
        .iter()
        .filter(|s| !s.closed)
        .cloned()
        .collect::<Vec<_>>();
    let mulai = if moved.is_empty() {
        year_start
    } else {
        today.clamp(year_start, year_end)
    };
    // What to copy, read before the transaction.
    let copy_from = match start {
        PlanStart::TahunLalu => {
            match store::previous_skp(&app.db, user.instansi_id(), me, year.tahun).await? {
                Some(prev) => Some(live_content(app, &prev, None).await?),
                None => {
                    return Err(AppError::Invalid(vec![Problem::new(
                        "start",
                        "skp-no-previous",
                    )]));
                }
            }
        }
        _ => None,
    };
    let proposals = if start == PlanStart::Atasan {
        let p = store::cascades_to(&app.db, user.instansi_id(), me, year.id).await?;
        if p.is_empty() {
            return Err(AppError::Invalid(vec![Problem::new(
                "start",
                "skp-no-proposals",
            )]));
        }
        p
    } else {
        Vec::new()
    };
    let mut tx = app.db.begin().await?;
    for old in &moved {
        store::skp_close(
            &mut tx,
            user.instansi_id(),
            old.id,
            (mulai - chrono::Duration::days(1)).max(old.mulai),
        )
        .await?;
    }
    let pendekatan = copy_from
        .as_ref()
        .map(|c| c.pendekatan)
        .unwrap_or(Pendekatan::Kuantitatif);
    let id = store::skp_insert(
        &mut tx,
        NewSkp {
            instansi_id: instansi,
            employee_id: me,
            year_id: year.id,
            position_id: owner.position_id,
            mulai,
            selesai: year_end,
            pendekatan: pendekatan.code(),
        },
    )
    .await?;
    if let Some(c) = &copy_from {
        for r in &c.rhk {
            // Links to last year's plans are not carried over: they are chosen again.
            let rid = store::rhk_insert(
                &mut tx,
                NewRhk {
                    instansi_id: instansi,
                    skp_id: id,
                    jenis: r.jenis.code(),
                    teks: &r.teks,
                    parent_rhk_id: None,
                    pk_target: &r.pk_target,
                    perspektif: &r.perspektif,
                },
            )
            .await?;
            for i in &r.indikator {
                store::indikator_insert(
                    &mut tx,
                    NewIndikator {
                        instansi_id: instansi,
                        rhk_id: rid,
                        aspek: &i.aspek,
                        iki: &i.iki,
                        target_min: i.target_min,
                        target_max: i.target_max,
                        satuan: &i.satuan,
                        target_teks: &i.target_teks,
                    },
                )
                .await?;
            }
        }
        for (bagian, lines) in [
            ("dukungan", &c.lampiran.dukungan),
            ("skema", &c.lampiran.skema),
            ("konsekuensi", &c.lampiran.konsekuensi),
        ] {
            store::lampiran_replace(&mut tx, instansi, id, bagian, lines).await?;
        }
    }
    for p in &proposals {
        let rid = store::rhk_insert(
            &mut tx,
            NewRhk {
                instansi_id: instansi,
                skp_id: id,
                jenis: JenisRhk::Utama.code(),
                teks: &p.teks,
                parent_rhk_id: Some(p.from_rhk_id),
                pk_target: "",
                perspektif: "",
            },
        )
        .await?;
        store::cascade_adopt(&mut tx, user.instansi_id(), p.id, rid).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "skp.create",
            object_type: "skp",
            object_id: Some(id),
            subject_employee_id: Some(me),
            before: None,
            after: Some(json!({"tahun": year.tahun, "mulai": mulai, "dari": format!("{start:?}"), "ditutup": moved.iter().map(|s| s.id).collect::<Vec<_>>()})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
