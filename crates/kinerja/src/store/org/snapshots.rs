//! Org snapshots for penilai derivation.

use super::*;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct ChainRow {
    unit_id: i64,
    parent_id: Option<i64>,
    head_position_id: Option<i64>,
    holder_id: Option<i64>,
    acting_id: Option<i64>,
    acting_jenis: Option<String>,
}

pub(super) const CHAIN_SQL: &str = "WITH RECURSIVE anc(id, parent_id) AS ( \
       SELECT id, parent_id FROM units WHERE id = $1 AND instansi_id = $3 \
       UNION ALL SELECT u.id, u.parent_id FROM units u JOIN anc a ON u.id = a.parent_id \
       WHERE u.instansi_id = $3) \
     SELECT a.id AS unit_id, a.parent_id, p.id AS head_position_id, \
       (SELECT e.id FROM employees e WHERE e.position_id = p.id AND e.instansi_id = $3 AND e.aktif ORDER BY e.id LIMIT 1) AS holder_id, \
       (SELECT x.employee_id FROM acting_assignments x WHERE x.position_id = p.id \
          AND x.instansi_id = $3 AND x.mulai <= $2 \
          AND (x.selesai IS NULL OR x.selesai >= $2) ORDER BY x.mulai DESC, x.id DESC LIMIT 1) AS acting_id, \
       (SELECT x.jenis FROM acting_assignments x WHERE x.position_id = p.id \
          AND x.instansi_id = $3 AND x.mulai <= $2 \
          AND (x.selesai IS NULL OR x.selesai >= $2) ORDER BY x.mulai DESC, x.id DESC LIMIT 1) AS acting_jenis \
     FROM anc a LEFT JOIN positions p ON p.unit_id = a.id AND p.instansi_id = $3 AND p.is_head";

pub(super) fn head_slot(
    head_position: Option<i64>,
    holder: Option<i64>,
    acting: Option<(i64, &str)>,
) -> HeadSlot {
    match (head_position, holder, acting) {
        (None, _, _) => HeadSlot::NoHeadPosition,
        (Some(_), Some(e), _) => HeadSlot::Held {
            employee_id: e,
            acting: None,
        },
        (Some(_), None, Some((e, jenis))) => HeadSlot::Held {
            employee_id: e,
            acting: ActingKind::parse(jenis),
        },
        (Some(_), None, None) => HeadSlot::Vacant,
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct PlacementRow {
    id: i64,
    unit_id: i64,
    is_head: bool,
    penilai_override_id: Option<i64>,
}

/// The part of the organisation that decides the penilai chain of `employee_id` on `day`:
/// the ancestry of the employee's unit, and of any override penilai (followed up to three
/// times, since an override's own penilai may be overridden too).
pub async fn snapshot_for(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    day: NaiveDate,
) -> AppResult<OrgSnapshot> {
    const PLACEMENT: &str = "SELECT e.id, p.unit_id, p.is_head, e.penilai_override_id FROM employees e \
         JOIN positions p ON p.id = e.position_id WHERE e.instansi_id = $1 AND e.id = $2";
    let mut snap = OrgSnapshot::default();
    let mut next = Some(employee_id);
    for _ in 0..4 {
        let Some(emp) = next.take() else { break };
        if snap.positions.contains_key(&emp) {
            break;
        }
        let Some(pl): Option<PlacementRow> = on_db!(db, |c| sqlx::query_as(PLACEMENT)
            .bind(instansi_id)
            .bind(emp)
            .fetch_optional(c)
            .await)?
        else {
            break;
        };
        snap.positions.insert(pl.id, (pl.unit_id, pl.is_head));
        if let Some(o) = pl.penilai_override_id {
            snap.overrides.insert(pl.id, o);
            next = Some(o);
        }
        if !snap.parents.contains_key(&pl.unit_id) && !snap.heads.contains_key(&pl.unit_id) {
            let rows: Vec<ChainRow> = on_db!(db, |c| sqlx::query_as(CHAIN_SQL)
                .bind(pl.unit_id)
                .bind(day)
                .bind(instansi_id)
                .fetch_all(c)
                .await)?;
            for r in rows {
                if let Some(p) = r.parent_id {
                    snap.parents.insert(r.unit_id, p);
                }
                let acting = r.acting_id.zip(r.acting_jenis.as_deref());
                snap.heads.insert(
                    r.unit_id,
                    head_slot(r.head_position_id, r.holder_id, acting),
                );
            }
        }
    }
    Ok(snap)
}

/// [`snapshot_for`] of an employee whose placement was already read (with their record): one
/// query for the ancestry of their unit, unless an override penilai sends the chain
/// elsewhere (then as [`snapshot_for`]).
pub async fn snapshot_placed(db: &Db, e: &EmployeeRow, day: NaiveDate) -> AppResult<OrgSnapshot> {
    if e.penilai_override_id.is_some() {
        return snapshot_for(db, e.instansi_id, e.id, day).await;
    }
    let mut snap = OrgSnapshot::default();
    snap.positions.insert(e.id, (e.unit_id, e.is_head));
    let rows: Vec<ChainRow> = on_db!(db, |c| sqlx::query_as(CHAIN_SQL)
        .bind(e.unit_id)
        .bind(day)
        .bind(e.instansi_id)
        .fetch_all(c)
        .await)?;
    for r in rows {
        if let Some(p) = r.parent_id {
            snap.parents.insert(r.unit_id, p);
        }
        let acting = r.acting_id.zip(r.acting_jenis.as_deref());
        snap.heads.insert(
            r.unit_id,
            head_slot(r.head_position_id, r.holder_id, acting),
        );
    }
    Ok(snap)
}

/// The whole organisation of an instansi in four queries, for bulk derivation (lists,
/// monitoring, cycle checks) without a query per employee.
pub async fn snapshot_all(db: &Db, instansi_id: i64, day: NaiveDate) -> AppResult<OrgSnapshot> {
    // Every path starts with "/": the range ["/", "0") holds them all.
    snapshot_subtree(db, instansi_id, &UnitPath::from_stored("/".into()), day).await
}

/// The organisation inside one subtree: enough to tell, for everyone in it, whether a head
/// of a unit in it rates them (a chain that leaves the subtree ends at `Top`).
pub async fn snapshot_subtree(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    day: NaiveDate,
) -> AppResult<OrgSnapshot> {
    const UNITS: &str =
        "SELECT id, parent_id FROM units WHERE instansi_id = $1 AND path >= $2 AND path < $3";
    const HEADS: &str = "SELECT p.unit_id, p.id, \
           (SELECT e.id FROM employees e WHERE e.position_id = p.id AND e.instansi_id = $1 AND e.aktif ORDER BY e.id LIMIT 1) AS holder_id \
         FROM positions p JOIN units u ON u.id = p.unit_id \
         WHERE p.instansi_id = $1 AND p.is_head AND u.path >= $2 AND u.path < $3";
    const ACTING: &str = "SELECT a.position_id, a.employee_id, a.jenis FROM acting_assignments a \
         JOIN positions p ON p.id = a.position_id JOIN units u ON u.id = p.unit_id \
         WHERE a.instansi_id = $1 AND u.path >= $2 AND u.path < $3 AND a.mulai <= $4 \
           AND (a.selesai IS NULL OR a.selesai >= $4) ORDER BY a.mulai, a.id";
    const PLACEMENTS: &str = "SELECT e.id, p.unit_id, p.is_head, e.penilai_override_id FROM employees e \
         JOIN positions p ON p.id = e.position_id JOIN units u ON u.id = p.unit_id \
         WHERE e.instansi_id = $1 AND e.aktif AND u.path >= $2 AND u.path < $3";
    let end = scope.subtree_end();
    let (lo, hi) = (scope.as_str(), end.as_str());
    let units: Vec<(i64, Option<i64>)> = on_db!(db, |c| sqlx::query_as(UNITS)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(c)
        .await)?;
    let heads: Vec<(i64, i64, Option<i64>)> = on_db!(db, |c| sqlx::query_as(HEADS)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(c)
        .await)?;
    let acting: Vec<(i64, i64, String)> = on_db!(db, |c| sqlx::query_as(ACTING)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .bind(day)
        .fetch_all(c)
        .await)?;
    let placements: Vec<PlacementRow> = on_db!(db, |c| sqlx::query_as(PLACEMENTS)
        .bind(instansi_id)
        .bind(lo)
        .bind(hi)
        .fetch_all(c)
        .await)?;

    let mut snap = OrgSnapshot::default();
    for (id, parent) in units {
        if let Some(p) = parent {
            snap.parents.insert(id, p);
        }
    }
    // Later rows win: the most recent assignment of a position counts.
    let acting_by_pos: std::collections::HashMap<i64, (i64, String)> =
        acting.into_iter().map(|(p, e, j)| (p, (e, j))).collect();
    for (unit_id, pos_id, holder) in heads {
        let a = acting_by_pos.get(&pos_id).map(|(e, j)| (*e, j.as_str()));
        snap.heads
            .insert(unit_id, head_slot(Some(pos_id), holder, a));
    }
    for pl in placements {
        snap.positions.insert(pl.id, (pl.unit_id, pl.is_head));
        if let Some(o) = pl.penilai_override_id {
            snap.overrides.insert(pl.id, o);
        }
    }
    Ok(snap)
}

/// Units the employee leads on `day`: as holder of a head position or as PLT/PLH.
pub async fn led_units(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    day: NaiveDate,
) -> AppResult<Vec<(i64, String)>> {
    const SQL: &str = "SELECT u.id, u.path FROM employees e JOIN positions p ON p.id = e.position_id \
           JOIN units u ON u.id = p.unit_id WHERE e.id = $1 AND e.instansi_id = $3 AND p.is_head AND e.aktif \
         UNION \
         SELECT u.id, u.path FROM acting_assignments a JOIN positions p ON p.id = a.position_id \
           JOIN units u ON u.id = p.unit_id JOIN employees e ON e.id = a.employee_id \
           WHERE a.employee_id = $1 AND a.mulai <= $2 AND (a.selesai IS NULL OR a.selesai >= $2) AND e.aktif";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(day)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct VacantHeadRow {
    pub unit_id: i64,
    pub unit_nama: String,
    pub position_id: i64,
    pub jabatan: String,
    pub path: String,
}

/// Head positions with nobody holding or acting in them on `day`: each one blocks the
/// penilai chain of a unit, so admins see them as work to do.
pub async fn vacant_heads(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    day: NaiveDate,
    limit: i64,
) -> AppResult<Vec<VacantHeadRow>> {
    const SQL: &str = "SELECT u.id AS unit_id, u.nama AS unit_nama, p.id AS position_id, p.nama AS jabatan, u.path \
         FROM positions p JOIN units u ON u.id = p.unit_id \
         WHERE p.instansi_id = $1 AND p.is_head AND u.path >= $2 AND u.path < $3 AND u.aktif \
           AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.position_id = p.id AND e.aktif) \
           AND NOT EXISTS (SELECT 1 FROM acting_assignments a WHERE a.position_id = p.id \
                 AND a.mulai <= $4 AND (a.selesai IS NULL OR a.selesai >= $4)) \
         ORDER BY u.path LIMIT $5";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(day)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

pub async fn employee_set_override(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    penilai: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE employees SET penilai_override_id = $2, version = version + 1 WHERE id = $1 AND instansi_id = $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(penilai)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn unit_by_kode(db: &Db, instansi_id: i64, kode: &str) -> AppResult<Option<UnitRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT ",
        UNIT_COLS,
        " FROM units u WHERE u.instansi_id = $1 AND u.kode = $2"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(kode)
        .fetch_optional(c)
        .await)?)
}

pub async fn positions_of_unit(
    db: &Db,
    instansi_id: i64,
    unit_id: i64,
) -> AppResult<Vec<PositionRow>> {
    const SQL: &str = "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions WHERE unit_id = $1 AND instansi_id = $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(unit_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}
