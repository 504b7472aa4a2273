//! The plan page's reads: everything about the plan, its owner and year in one query (with
//! what a cached page depends on), and its content in two.

use super::*;
use crate::store::org::{EMPLOYEE_COLUMNS, EmployeeRow};
use crate::store::periode::YearRow;

/// The last submission's answer, as the plan page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct LastSubmission {
    pub decision: Option<String>,
    pub catatan: String,
    pub catatan_baris_json: Option<String>,
}

/// What can change the page of a plan, besides the plan and its owner: compared whole to
/// decide whether a cached page is still right on any server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDeps {
    pub org_version: i64,
    /// Sum of the versions of the plans this plan's rows link up to.
    pub parents: i64,
    /// Sum of the versions of the plans whose rows link to this plan, and their number.
    pub children: (i64, i64),
    /// Proposals handed down from this plan's rows, plus those adopted.
    pub handed_down: i64,
}

/// A plan with its owner, year and last submission.
#[derive(Debug, Clone)]
pub struct PlanHead {
    pub skp: SkpRow,
    pub owner: EmployeeRow,
    pub year: YearRow,
    pub last_submission: Option<LastSubmission>,
    pub deps: PlanDeps,
}

#[derive(sqlx::FromRow)]
struct PlanHeadRow {
    #[sqlx(flatten)]
    owner: EmployeeRow,
    k_id: i64,
    k_year_id: i64,
    k_tahun: i64,
    k_position_id: i64,
    k_mulai: NaiveDate,
    k_selesai: NaiveDate,
    k_pendekatan: String,
    #[sqlx(try_from = "String")]
    k_status: kinerja_domain::skp::SkpStatus,
    k_revisi: i64,
    k_closed: bool,
    k_version: i64,
    k_submitted_at: Option<i64>,
    k_approved_at: Option<i64>,
    k_updated_at: i64,
    #[sqlx(try_from = "String")]
    y_jenis_periode: kinerja_domain::periode::JenisPeriode,
    y_reference_version_id: i64,
    y_batas_perencanaan: NaiveDate,
    s_id: Option<i64>,
    s_decision: Option<String>,
    s_catatan: Option<String>,
    s_catatan_baris_json: Option<String>,
    org_version: i64,
    parents: i64,
    children_versions: i64,
    children: i64,
    handed_down: i64,
}

const PLAN_HEAD_SQL: &str = const_format::concatcp!(
    "SELECT ",
    EMPLOYEE_COLUMNS,
    ", k.id AS k_id, k.year_id AS k_year_id, y.tahun AS k_tahun, k.position_id AS k_position_id, \
     k.mulai AS k_mulai, k.selesai AS k_selesai, k.pendekatan AS k_pendekatan, k.status AS k_status, \
     k.revisi AS k_revisi, k.closed AS k_closed, k.version AS k_version, \
     k.submitted_at AS k_submitted_at, k.approved_at AS k_approved_at, k.updated_at AS k_updated_at, \
     y.jenis_periode AS y_jenis_periode, y.reference_version_id AS y_reference_version_id, \
     y.batas_perencanaan AS y_batas_perencanaan, \
     s.id AS s_id, s.decision AS s_decision, s.catatan AS s_catatan, \
     s.catatan_baris_json AS s_catatan_baris_json, i.org_version, \
     (SELECT CAST(COALESCE(SUM(ps.version), 0) AS BIGINT) FROM skp_rhk r \
        JOIN skp_rhk pr ON pr.id = r.parent_rhk_id JOIN skps ps ON ps.id = pr.skp_id \
        WHERE r.skp_id = k.id) AS parents, \
     (SELECT CAST(COALESCE(SUM(cs.version), 0) AS BIGINT) FROM skp_rhk r \
        JOIN skp_rhk cr ON cr.parent_rhk_id = r.id JOIN skps cs ON cs.id = cr.skp_id \
        WHERE r.skp_id = k.id) AS children_versions, \
     (SELECT COUNT(*) FROM skp_rhk r JOIN skp_rhk cr ON cr.parent_rhk_id = r.id \
        WHERE r.skp_id = k.id) AS children, \
     (SELECT COUNT(*) + COUNT(c.adopted_rhk_id) FROM skp_rhk r \
        JOIN skp_cascades c ON c.from_rhk_id = r.id WHERE r.skp_id = k.id) AS handed_down \
     FROM skps k JOIN employees e ON e.id = k.employee_id JOIN positions p ON p.id = e.position_id \
     JOIN units u ON u.id = p.unit_id JOIN evaluation_years y ON y.id = k.year_id \
     JOIN instansi i ON i.id = k.instansi_id \
     LEFT JOIN skp_submissions s ON s.id = \
       (SELECT MAX(ls.id) FROM skp_submissions ls WHERE ls.skp_id = k.id) \
     WHERE k.instansi_id = $1 AND k.id = $2"
);

pub async fn plan_head(db: &Db, instansi_id: i64, id: i64) -> AppResult<PlanHead> {
    let r: PlanHeadRow = on_db!(db, |c| sqlx::query_as(PLAN_HEAD_SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)?;
    Ok(PlanHead {
        skp: SkpRow {
            id: r.k_id,
            instansi_id: r.owner.instansi_id,
            employee_id: r.owner.id,
            year_id: r.k_year_id,
            tahun: r.k_tahun,
            position_id: r.k_position_id,
            mulai: r.k_mulai,
            selesai: r.k_selesai,
            pendekatan: r.k_pendekatan,
            status: r.k_status,
            revisi: r.k_revisi,
            closed: r.k_closed,
            version: r.k_version,
            submitted_at: r.k_submitted_at,
            approved_at: r.k_approved_at,
            updated_at: r.k_updated_at,
        },
        year: YearRow {
            id: r.k_year_id,
            tahun: r.k_tahun,
            jenis_periode: r.y_jenis_periode,
            reference_version_id: r.y_reference_version_id,
            batas_perencanaan: r.y_batas_perencanaan,
        },
        last_submission: r.s_id.map(|_| LastSubmission {
            decision: r.s_decision,
            catatan: r.s_catatan.unwrap_or_default(),
            catatan_baris_json: r.s_catatan_baris_json,
        }),
        deps: PlanDeps {
            org_version: r.org_version,
            parents: r.parents,
            children: (r.children_versions, r.children),
            handed_down: r.handed_down,
        },
        owner: r.owner,
    })
}

/// The active RHK of a plan with their active indicators, in one query: one row per
/// indicator, or one row without indicator for an RHK that has none yet.
pub async fn rhk_with_indikator(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
) -> AppResult<(Vec<RhkRow>, Vec<IndikatorRow>)> {
    #[derive(sqlx::FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        rhk: RhkRow,
        i_id: Option<i64>,
        i_urutan: Option<i64>,
        i_aspek: Option<String>,
        i_iki: Option<String>,
        i_target_min: Option<f64>,
        i_target_max: Option<f64>,
        i_satuan: Option<String>,
        i_target_teks: Option<String>,
    }
    const SQL: &str = const_format::concatcp!(
        RHK_COLS_ONLY,
        ", i.id AS i_id, i.urutan AS i_urutan, i.aspek AS i_aspek, i.iki AS i_iki, \
         i.target_min AS i_target_min, i.target_max AS i_target_max, i.satuan AS i_satuan, \
         i.target_teks AS i_target_teks ",
        RHK_FROM,
        "LEFT JOIN skp_indikator i ON i.rhk_id = r.id AND i.instansi_id = $2 AND i.aktif \
         WHERE r.skp_id = $1 AND r.instansi_id = $2 AND r.aktif ORDER BY r.urutan, r.id, i.urutan, i.id"
    );
    let rows: Vec<Joined> = on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?;
    let mut rhk: Vec<RhkRow> = Vec::new();
    let mut inds = Vec::new();
    for j in rows {
        if let Some(id) = j.i_id {
            inds.push(IndikatorRow {
                id,
                rhk_id: j.rhk.id,
                urutan: j.i_urutan.unwrap_or_default(),
                aspek: j.i_aspek.unwrap_or_default(),
                iki: j.i_iki.unwrap_or_default(),
                target_min: j.i_target_min,
                target_max: j.i_target_max,
                satuan: j.i_satuan.unwrap_or_default(),
                target_teks: j.i_target_teks.unwrap_or_default(),
            });
        }
        if rhk.last().is_none_or(|r| r.id != j.rhk.id) {
            rhk.push(j.rhk);
        }
    }
    Ok((rhk, inds))
}

/// The lampiran lists and the penilai's expectations of a plan, in one query.
pub async fn lampiran_and_ekspektasi(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
) -> AppResult<(Vec<LampiranRow>, Vec<(i64, String)>)> {
    const SQL: &str = "SELECT CAST(0 AS BIGINT) AS part, bagian, CAST(urutan AS BIGINT) AS urutan, teks \
         FROM skp_lampiran WHERE skp_id = $1 AND instansi_id = $2 \
         UNION ALL SELECT 1, '', CAST(nilai_kode AS BIGINT), teks FROM skp_ekspektasi \
         WHERE skp_id = $1 AND instansi_id = $2 \
         ORDER BY 1, 2, 3";
    let rows: Vec<(i64, String, i64, String)> = on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?;
    let mut lampiran = Vec::new();
    let mut ekspektasi = Vec::new();
    for (part, bagian, urutan, teks) in rows {
        if part == 0 {
            lampiran.push(LampiranRow { bagian, teks });
        } else {
            ekspektasi.push((urutan, teks));
        }
    }
    Ok((lampiran, ekspektasi))
}

/// What hangs below a plan's rows, in one query: the subordinates' RHK that link to them
/// ([`ChildLinkRow`]) and the proposals handed down from them ([`CascadeRow`]).
pub async fn links_down(
    db: &Db,
    instansi_id: i64,
    skp_id: i64,
) -> AppResult<(Vec<ChildLinkRow>, Vec<CascadeRow>)> {
    #[derive(sqlx::FromRow)]
    struct Joined {
        part: i64,
        rhk_id: i64,
        rhk_aktif: bool,
        rhk_teks: String,
        other_id: i64,
        teks: String,
        skp_id: i64,
        employee_id: i64,
        nama: String,
        adopted_rhk_id: Option<i64>,
    }
    const SQL: &str = "SELECT CAST(0 AS BIGINT) AS part, p.id AS rhk_id, p.aktif AS rhk_aktif, \
           p.teks AS rhk_teks, c.id AS other_id, c.teks, c.skp_id, k.employee_id, e.nama, \
           CAST(NULL AS BIGINT) AS adopted_rhk_id, p.urutan, e.nama_cari \
         FROM skp_rhk p JOIN skp_rhk c ON c.parent_rhk_id = p.id AND c.instansi_id = $2 AND c.aktif \
         JOIN skps k ON k.id = c.skp_id AND NOT k.closed JOIN employees e ON e.id = k.employee_id \
         WHERE p.skp_id = $1 AND p.instansi_id = $2 \
       UNION ALL \
       SELECT 1, r.id, r.aktif, r.teks, c.id, c.teks, 0, c.to_employee_id, e.nama, c.adopted_rhk_id, \
           r.urutan, e.nama_cari \
         FROM skp_cascades c JOIN skp_rhk r ON r.id = c.from_rhk_id \
         JOIN employees e ON e.id = c.to_employee_id WHERE r.skp_id = $1 AND r.instansi_id = $2 \
       ORDER BY 1, 11, 12";
    let rows: Vec<Joined> = on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?;
    let mut children = Vec::new();
    let mut cascades = Vec::new();
    for j in rows {
        if j.part == 0 {
            children.push(ChildLinkRow {
                parent_rhk_id: j.rhk_id,
                parent_aktif: j.rhk_aktif,
                child_rhk_id: j.other_id,
                child_teks: j.teks,
                child_skp_id: j.skp_id,
                child_employee_id: j.employee_id,
                child_nama: j.nama,
            });
        } else {
            cascades.push(CascadeRow {
                id: j.other_id,
                from_rhk_id: j.rhk_id,
                from_teks: j.rhk_teks,
                from_aktif: j.rhk_aktif,
                to_employee_id: j.employee_id,
                to_nama: j.nama,
                teks: j.teks,
                adopted_rhk_id: j.adopted_rhk_id,
            });
        }
    }
    Ok((children, cascades))
}
