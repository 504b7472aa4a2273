//! Editing a draft.

use super::*;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct RhkInput {
    /// utama or tambahan.
    pub jenis: String,
    pub teks: String,
    /// The supervisor's RHK this one intervenes (Utama, non-JPT).
    #[serde(default)]
    pub parent_rhk_id: Option<i64>,
    /// JPT: the organisation's Perjanjian Kinerja target.
    #[serde(default)]
    pub pk_target: String,
    /// JPT: one of the reference data's perspektif.
    #[serde(default)]
    pub perspektif: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct IndikatorInput {
    pub aspek: String,
    pub iki: String,
    /// A number or a range ("12", "2-3"); for the kualitatif approach a narrative.
    pub target: String,
    #[serde(default)]
    pub satuan: String,
}

#[derive(Debug, Clone)]
pub enum EditOp {
    AddRhk(RhkInput),
    UpdateRhk(i64, RhkInput),
    RemoveRhk(i64),
    AddIndikator(i64, IndikatorInput),
    UpdateIndikator(i64, IndikatorInput),
    RemoveIndikator(i64),
    Pendekatan(String),
    /// One lampiran list, one item per line.
    Lampiran(String, String),
    AdoptProposal(i64),
}

pub(super) const MAX_TEXT: usize = 2000;

pub(super) fn check_rhk(input: &RhkInput, v: &PlanView) -> Result<JenisRhk, Vec<Problem>> {
    let mut problems = Vec::new();
    let jenis = JenisRhk::parse(input.jenis.trim());
    if jenis.is_none() {
        problems.push(Problem::new("jenis", "rhk-jenis-unknown"));
    }
    let teks = input.teks.trim();
    if teks.is_empty() {
        problems.push(Problem::new("teks", "rhk-text-required"));
    } else if teks.chars().count() > MAX_TEXT {
        problems.push(Problem::new("teks", "text-too-long").arg("max", MAX_TEXT));
    }
    if let Some(p) = input.parent_rhk_id {
        if jenis == Some(JenisRhk::Tambahan) {
            problems.push(Problem::new("parent_rhk_id", "rhk-tambahan-no-link"));
        } else if !v.parent_options.iter().any(|o| o.id == p)
            && !v.content.rhk.iter().any(|r| r.parent_rhk_id == Some(p))
        {
            problems.push(Problem::new("parent_rhk_id", "rhk-link-unknown"));
        }
    }
    if !input.perspektif.trim().is_empty()
        && !v
            .referensi
            .perspektif
            .iter()
            .any(|p| p == input.perspektif.trim())
    {
        problems.push(Problem::new("perspektif", "rhk-perspektif-unknown"));
    }
    if problems.is_empty() {
        Ok(jenis.expect("checked"))
    } else {
        Err(problems)
    }
}

/// Target min, max and the satuan of a checked indicator.
pub(super) type CheckedTarget<'a> = (Option<f64>, Option<f64>, &'a str);

pub(super) fn check_indikator<'a>(
    input: &'a IndikatorInput,
    v: &PlanView,
) -> Result<CheckedTarget<'a>, Vec<Problem>> {
    let mut problems = Vec::new();
    if !v.referensi.aspek.iter().any(|a| a == input.aspek.trim()) {
        problems.push(
            Problem::new("aspek", "indikator-aspek-unknown").arg("value", input.aspek.trim()),
        );
    }
    if input.iki.trim().is_empty() {
        problems.push(Problem::new("iki", "indikator-iki-required"));
    } else if input.iki.trim().chars().count() > MAX_TEXT {
        problems.push(Problem::new("iki", "text-too-long").arg("max", MAX_TEXT));
    }
    let target = input.target.trim();
    let parsed = match (v.content.pendekatan, target) {
        (_, "") => {
            problems.push(Problem::new("target", "indikator-target-required"));
            (None, None, "")
        }
        (Pendekatan::Kuantitatif, t) => match parse_target(t) {
            Ok((min, max)) => {
                if input.satuan.trim().is_empty() {
                    problems.push(Problem::new("satuan", "indikator-satuan-required"));
                }
                (Some(min), max, "")
            }
            Err(e) => {
                problems.push(Problem::new("target", e.code()).arg("value", t));
                (None, None, "")
            }
        },
        // Kualitatif: a number is still welcome, otherwise the narrative is the target.
        (Pendekatan::Kualitatif, t) => match parse_target(t) {
            Ok((min, max)) => (Some(min), max, ""),
            Err(_) => (None, None, t),
        },
    };
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().take(MAX_TEXT).collect())
        .collect()
}

/// Applies one change to the owner's editable plan read at `version`. Returns the id of
/// the row it added (a hasil kerja or an indicator), for the page to land on it.
pub async fn edit(
    app: &App,
    user: &CurrentUser,
    skp_id: i64,
    version: i64,
    op: EditOp,
) -> AppResult<Option<i64>> {
    let v = plan_view(app, user, skp_id).await?;
    let next = rules::transition(v.status, SkpAction::Edit, v.role).map_err(refuse)?;
    if v.skp.version != version {
        return Err(AppError::Stale);
    }
    let instansi = user.instansi_id();
    let rhk_of_plan = |id: i64| {
        v.content
            .rhk
            .iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)
    };
    let indikator_of_plan = |id: i64| {
        v.content
            .rhk
            .iter()
            .find_map(|r| r.indikator.iter().find(|i| i.id == id).map(|i| (r.id, i)))
            .ok_or(AppError::NotFound)
    };
    // Everything is checked before the transaction starts.
    let (action, before, after) = match &op {
        EditOp::AddRhk(i) => {
            check_rhk(i, &v).map_err(AppError::Invalid)?;
            ("skp.rhk_add", None, Some(json!(i)))
        }
        EditOp::UpdateRhk(id, i) => {
            let r = rhk_of_plan(*id)?;
            check_rhk(i, &v).map_err(AppError::Invalid)?;
            (
                "skp.rhk_update",
                Some(json!({"teks": r.teks, "jenis": r.jenis, "parent_rhk_id": r.parent_rhk_id})),
                Some(json!(i)),
            )
        }
        EditOp::RemoveRhk(id) => {
            let r = rhk_of_plan(*id)?;
            ("skp.rhk_remove", Some(json!({"teks": r.teks})), None)
        }
        EditOp::AddIndikator(rhk, i) => {
            rhk_of_plan(*rhk)?;
            check_indikator(i, &v).map_err(AppError::Invalid)?;
            ("skp.indikator_add", None, Some(json!(i)))
        }
        EditOp::UpdateIndikator(id, i) => {
            let (_, old) = indikator_of_plan(*id)?;
            check_indikator(i, &v).map_err(AppError::Invalid)?;
            (
                "skp.indikator_update",
                Some(json!({"iki": old.iki, "target": old.target_label(), "aspek": old.aspek})),
                Some(json!(i)),
            )
        }
        EditOp::RemoveIndikator(id) => {
            let (_, old) = indikator_of_plan(*id)?;
            ("skp.indikator_remove", Some(json!({"iki": old.iki})), None)
        }
        EditOp::Pendekatan(p) => {
            Pendekatan::parse(p.trim())
                .ok_or_else(|| AppError::invalid("pendekatan", "pendekatan-unknown"))?;
            (
                "skp.pendekatan",
                Some(json!({"pendekatan": v.content.pendekatan})),
                Some(json!({"pendekatan": p.trim()})),
            )
        }
        EditOp::Lampiran(bagian, text) => {
            if !matches!(bagian.as_str(), "dukungan" | "skema" | "konsekuensi") {
                return Err(AppError::invalid("bagian", "lampiran-unknown"));
            }
            (
                "skp.lampiran",
                None,
                Some(json!({"bagian": bagian, "isi": lines(text)})),
            )
        }
        EditOp::AdoptProposal(cid) => {
            let p = v
                .proposals
                .iter()
                .find(|p| p.id == *cid)
                .ok_or(AppError::NotFound)?;
            (
                "skp.usulan_ambil",
                None,
                Some(json!({"teks": p.teks, "dari_rhk": p.from_rhk_id})),
            )
        }
    };
    let mut tx = app.db.begin().await?;
    store::skp_touch(&mut tx, user.instansi_id(), skp_id, version, next.code()).await?;
    let mut added = None;
    match op {
        EditOp::AddRhk(i) => {
            let row = NewRhk {
                instansi_id: instansi,
                skp_id,
                jenis: i.jenis.trim(),
                teks: i.teks.trim(),
                parent_rhk_id: i.parent_rhk_id,
                pk_target: i.pk_target.trim(),
                perspektif: i.perspektif.trim(),
            };
            added = Some(store::rhk_insert(&mut tx, row).await?);
        }
        EditOp::UpdateRhk(id, i) => {
            let row = NewRhk {
                instansi_id: instansi,
                skp_id,
                jenis: i.jenis.trim(),
                teks: i.teks.trim(),
                parent_rhk_id: if i.jenis.trim() == "tambahan" {
                    None
                } else {
                    i.parent_rhk_id
                },
                pk_target: i.pk_target.trim(),
                perspektif: i.perspektif.trim(),
            };
            store::rhk_update(&mut tx, id, &row).await?;
        }
        EditOp::RemoveRhk(id) => {
            store::rhk_deactivate(&mut tx, user.instansi_id(), skp_id, id).await?
        }
        EditOp::AddIndikator(rhk, i) => {
            let (min, max, teks) = check_indikator(&i, &v).map_err(AppError::Invalid)?;
            added = Some(
                store::indikator_insert(
                    &mut tx,
                    NewIndikator {
                        instansi_id: instansi,
                        rhk_id: rhk,
                        aspek: i.aspek.trim(),
                        iki: i.iki.trim(),
                        target_min: min,
                        target_max: max,
                        satuan: i.satuan.trim(),
                        target_teks: teks,
                    },
                )
                .await?,
            );
        }
        EditOp::UpdateIndikator(id, i) => {
            let (rhk, _) = indikator_of_plan(id)?;
            let (min, max, teks) = check_indikator(&i, &v).map_err(AppError::Invalid)?;
            store::indikator_update(
                &mut tx,
                id,
                &NewIndikator {
                    instansi_id: instansi,
                    rhk_id: rhk,
                    aspek: i.aspek.trim(),
                    iki: i.iki.trim(),
                    target_min: min,
                    target_max: max,
                    satuan: i.satuan.trim(),
                    target_teks: teks,
                },
            )
            .await?;
        }
        EditOp::RemoveIndikator(id) => {
            let (rhk, _) = indikator_of_plan(id)?;
            store::indikator_deactivate(&mut tx, user.instansi_id(), rhk, id).await?;
        }
        EditOp::Pendekatan(p) => {
            store::skp_set_pendekatan(&mut tx, user.instansi_id(), skp_id, p.trim()).await?
        }
        EditOp::Lampiran(bagian, text) => {
            store::lampiran_replace(&mut tx, instansi, skp_id, &bagian, &lines(&text)).await?
        }
        EditOp::AdoptProposal(cid) => {
            let p = v
                .proposals
                .iter()
                .find(|p| p.id == cid)
                .ok_or(AppError::NotFound)?;
            let rid = store::rhk_insert(
                &mut tx,
                NewRhk {
                    instansi_id: instansi,
                    skp_id,
                    jenis: JenisRhk::Utama.code(),
                    teks: &p.teks,
                    parent_rhk_id: Some(p.from_rhk_id),
                    pk_target: "",
                    perspektif: "",
                },
            )
            .await?;
            store::cascade_adopt(&mut tx, user.instansi_id(), cid, rid).await?;
            added = Some(rid);
        }
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action,
            object_type: "skp",
            object_id: Some(skp_id),
            subject_employee_id: Some(v.owner.id),
            before,
            after,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(added)
}
