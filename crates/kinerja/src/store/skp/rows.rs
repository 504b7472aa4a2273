//! Rows of a plan.

use super::*;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RhkRow {
    pub id: i64,
    pub skp_id: i64,
    #[sqlx(try_from = "String")]
    pub jenis: kinerja_domain::skp::JenisRhk,
    pub urutan: i64,
    pub teks: String,
    pub parent_rhk_id: Option<i64>,
    pub pk_target: String,
    pub perspektif: String,
    pub aktif: bool,
    pub parent_teks: Option<String>,
    pub parent_aktif: Option<bool>,
    pub parent_employee_id: Option<i64>,
    pub parent_year_id: Option<i64>,
}

pub(super) const RHK_COLS_ONLY: &str = "SELECT r.id, r.skp_id, r.jenis, r.urutan, r.teks, r.parent_rhk_id, r.pk_target, r.perspektif, \
     r.aktif, p.teks AS parent_teks, p.aktif AS parent_aktif, ps.employee_id AS parent_employee_id, \
     ps.year_id AS parent_year_id ";
pub(super) const RHK_FROM: &str = "FROM skp_rhk r LEFT JOIN skp_rhk p ON p.id = r.parent_rhk_id LEFT JOIN skps ps ON ps.id = p.skp_id ";
pub(super) const RHK_COLS: &str = const_format::concatcp!(RHK_COLS_ONLY, RHK_FROM);

/// The active RHK of a plan, with what their links point at.
pub async fn rhk_of(db: &Db, instansi_id: i64, skp_id: i64) -> AppResult<Vec<RhkRow>> {
    const SQL: &str = const_format::concatcp!(
        RHK_COLS,
        "WHERE r.skp_id = $1 AND r.instansi_id = $2 AND r.aktif ORDER BY r.urutan, r.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn rhk_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<RhkRow> {
    const SQL: &str = const_format::concatcp!(RHK_COLS, "WHERE r.instansi_id = $1 AND r.id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub struct NewRhk<'a> {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub jenis: &'a str,
    pub teks: &'a str,
    pub parent_rhk_id: Option<i64>,
    pub pk_target: &'a str,
    pub perspektif: &'a str,
}

pub async fn rhk_insert(tx: &mut Tx, r: NewRhk<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO skp_rhk (instansi_id, skp_id, jenis, urutan, teks, parent_rhk_id, pk_target, perspektif, aktif, created_at) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(urutan), 0) + 1 FROM skp_rhk WHERE skp_id = $2), $4, $5, $6, $7, TRUE, $8) RETURNING id";
    let now = now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(r.instansi_id)
        .bind(r.skp_id)
        .bind(r.jenis)
        .bind(r.teks)
        .bind(r.parent_rhk_id)
        .bind(r.pk_target)
        .bind(r.perspektif)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

pub async fn rhk_update(tx: &mut Tx, id: i64, r: &NewRhk<'_>) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_rhk SET jenis = $2, teks = $3, parent_rhk_id = $4, pk_target = $5, perspektif = $6 \
         WHERE id = $1 AND skp_id = $7 AND instansi_id = $8";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(r.jenis)
        .bind(r.teks)
        .bind(r.parent_rhk_id)
        .bind(r.pk_target)
        .bind(r.perspektif)
        .bind(r.skp_id)
        .bind(r.instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// RHK are never deleted: links from subordinates and realisasi keep pointing at them.
pub async fn rhk_deactivate(tx: &mut Tx, instansi_id: i64, skp_id: i64, id: i64) -> AppResult<()> {
    const SQL: &str =
        "UPDATE skp_rhk SET aktif = FALSE WHERE id = $1 AND skp_id = $2 AND instansi_id = $3";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(skp_id)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct IndikatorRow {
    pub id: i64,
    pub rhk_id: i64,
    pub urutan: i64,
    pub aspek: String,
    pub iki: String,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    pub satuan: String,
    pub target_teks: String,
}

pub async fn indikator_of(db: &Db, instansi_id: i64, skp_id: i64) -> AppResult<Vec<IndikatorRow>> {
    const SQL: &str = "SELECT i.id, i.rhk_id, i.urutan, i.aspek, i.iki, i.target_min, i.target_max, i.satuan, i.target_teks \
         FROM skp_indikator i JOIN skp_rhk r ON r.id = i.rhk_id \
         WHERE r.skp_id = $1 AND r.instansi_id = $2 AND r.aktif AND i.aktif ORDER BY i.rhk_id, i.urutan, i.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(skp_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub struct NewIndikator<'a> {
    pub instansi_id: i64,
    pub rhk_id: i64,
    pub aspek: &'a str,
    pub iki: &'a str,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    pub satuan: &'a str,
    pub target_teks: &'a str,
}

pub async fn indikator_insert(tx: &mut Tx, i: NewIndikator<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO skp_indikator (instansi_id, rhk_id, urutan, aspek, iki, target_min, target_max, satuan, target_teks, aktif) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(urutan), 0) + 1 FROM skp_indikator WHERE rhk_id = $2 AND instansi_id = $1), $3, $4, $5, $6, $7, $8, TRUE) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(i.instansi_id)
        .bind(i.rhk_id)
        .bind(i.aspek)
        .bind(i.iki)
        .bind(i.target_min)
        .bind(i.target_max)
        .bind(i.satuan)
        .bind(i.target_teks)
        .fetch_one(c)
        .await)?)
}

pub async fn indikator_update(tx: &mut Tx, id: i64, i: &NewIndikator<'_>) -> AppResult<()> {
    const SQL: &str = "UPDATE skp_indikator SET aspek = $2, iki = $3, target_min = $4, target_max = $5, satuan = $6, \
         target_teks = $7 WHERE id = $1 AND rhk_id = $8 AND instansi_id = $9";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(i.aspek)
        .bind(i.iki)
        .bind(i.target_min)
        .bind(i.target_max)
        .bind(i.satuan)
        .bind(i.target_teks)
        .bind(i.rhk_id)
        .bind(i.instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

pub async fn indikator_deactivate(
    tx: &mut Tx,
    instansi_id: i64,
    rhk_id: i64,
    id: i64,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE skp_indikator SET aktif = FALSE WHERE id = $1 AND rhk_id = $2 AND instansi_id = $3";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(rhk_id)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LampiranRow {
    pub bagian: String,
    pub teks: String,
}

/// Replaces one list of the lampiran.
pub async fn lampiran_replace(
    tx: &mut Tx,
    instansi_id: i64,
    skp_id: i64,
    bagian: &str,
    lines: &[String],
) -> AppResult<()> {
    const DEL: &str =
        "DELETE FROM skp_lampiran WHERE skp_id = $1 AND bagian = $2 AND instansi_id = $3";
    const INS: &str = "INSERT INTO skp_lampiran (instansi_id, skp_id, bagian, urutan, teks) VALUES ($1, $2, $3, $4, $5)";
    rows_affected(on_tx!(tx, |c| sqlx::query(DEL)
        .bind(skp_id)
        .bind(bagian)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    for (i, line) in lines.iter().enumerate() {
        rows_affected(on_tx!(tx, |c| sqlx::query(INS)
            .bind(instansi_id)
            .bind(skp_id)
            .bind(bagian)
            .bind(i as i64 + 1)
            .bind(line)
            .execute(c)
            .await
            .map(|r| r.rows_affected())))?;
    }
    Ok(())
}

pub async fn ekspektasi_set(
    tx: &mut Tx,
    instansi_id: i64,
    skp_id: i64,
    nilai: i64,
    teks: &str,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO skp_ekspektasi (instansi_id, skp_id, nilai_kode, teks) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (skp_id, nilai_kode) DO UPDATE SET teks = excluded.teks";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(skp_id)
        .bind(nilai)
        .bind(teks)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// The active RHK of the employee's open plan of the year: what a subordinate may link to.
pub async fn rhk_options(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
    year_id: i64,
) -> AppResult<Vec<RhkRow>> {
    const SQL: &str = const_format::concatcp!(
        RHK_COLS,
        "JOIN skps k ON k.id = r.skp_id WHERE k.employee_id = $1 AND k.year_id = $2 AND k.instansi_id = $3 AND NOT k.closed AND r.aktif \
         ORDER BY r.urutan, r.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(year_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// Subordinates' RHK that intervene an RHK of this plan (active or removed): the other side
/// of every link, so that broken links show on both sides.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ChildLinkRow {
    pub parent_rhk_id: i64,
    pub parent_aktif: bool,
    pub child_rhk_id: i64,
    pub child_teks: String,
    pub child_skp_id: i64,
    pub child_employee_id: i64,
    pub child_nama: String,
}
