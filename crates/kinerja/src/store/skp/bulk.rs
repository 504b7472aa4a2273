//! Bulk writes (demo data, imports): multi-row statements for rows nobody needs the id of.

use super::*;

#[derive(Debug, Clone)]
pub struct SubmissionSeed {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub revisi: i64,
    pub content_json: String,
    pub header_json: String,
    pub penilai_employee_id: Option<i64>,
    pub submitted_at: i64,
    pub decision: Option<String>,
    pub catatan: String,
    pub decided_at: Option<i64>,
}

/// (instansi, skp, bagian, urutan, teks)
pub async fn lampiran_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, &'static str, i64, String)],
) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO skp_lampiran (instansi_id, skp_id, bagian, urutan, teks) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4.clone());
        }
    );
    Ok(())
}

/// (instansi, skp, nilai, teks)
pub async fn ekspektasi_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, i64, String)],
) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO skp_ekspektasi (instansi_id, skp_id, nilai_kode, teks) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3.clone());
        }
    );
    Ok(())
}

pub async fn submission_insert_many(tx: &mut Tx, rows: &[SubmissionSeed]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO skp_submissions (instansi_id, skp_id, revisi, content_json, header_json, penilai_employee_id, \
         submitted_at, decision, catatan, decided_at) ",
        rows,
        300,
        |b, r| {
            b.push_bind(r.instansi_id)
                .push_bind(r.skp_id)
                .push_bind(r.revisi)
                .push_bind(r.content_json.clone())
                .push_bind(r.header_json.clone())
                .push_bind(r.penilai_employee_id)
                .push_bind(r.submitted_at)
                .push_bind(r.decision.clone())
                .push_bind(r.catatan.clone())
                .push_bind(r.decided_at);
        }
    );
    Ok(())
}

/// (from_rhk, to_employee, teks, instansi)
pub async fn cascade_insert_many(tx: &mut Tx, rows: &[(i64, i64, String, i64)]) -> AppResult<()> {
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO skp_cascades (instansi_id, from_rhk_id, to_employee_id, teks, created_at) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.3)
                .push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2.clone())
                .push_bind(now);
        }
    );
    Ok(())
}

/// Sets a plan's state directly (demo data, where the history is generated).
pub async fn skp_set_state(
    tx: &mut Tx,
    instansi_id: i64,
    id: i64,
    status: &str,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE skps SET status = $2, submitted_at = $3, approved_at = $4 WHERE id = $1 AND instansi_id = $5";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(status)
        .bind(submitted_at)
        .bind(approved_at)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}
