//! Demo data in bulk.

use super::*;
use kinerja_domain::penilaian::Rating;

/// Rows of every approved plan of a year: (skp, employee, rhk, jenis, indikator, target).
pub type PlanRow = (i64, i64, i64, String, Option<i64>, Option<f64>);

pub async fn approved_plan_rows(
    db: &Db,
    instansi_id: i64,
    year_id: i64,
) -> AppResult<Vec<PlanRow>> {
    const SQL: &str = "SELECT k.id, k.employee_id, r.id, r.jenis, i.id, i.target_min FROM skps k \
         JOIN skp_rhk r ON r.skp_id = k.id AND r.aktif \
         LEFT JOIN skp_indikator i ON i.rhk_id = r.id AND i.aktif \
         WHERE k.year_id = $1 AND k.instansi_id = $2 AND k.status = 'disetujui' AND NOT k.closed ORDER BY k.id, r.urutan, r.id, i.urutan, i.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(year_id)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// A whole evaluation as the demo writes it.
pub struct DemoEvaluation {
    pub instansi_id: i64,
    pub skp_id: i64,
    pub period_id: i64,
    pub employee_id: i64,
    pub unit_id: i64,
    pub penilai_employee_id: Option<i64>,
    pub atasan_employee_id: Option<i64>,
    pub snapshot_json: String,
    pub status: &'static str,
    pub rating_hasil: Option<&'static str>,
    pub rating_perilaku: Option<&'static str>,
    pub predikat: Option<&'static str>,
    pub catatan: String,
    pub self_submitted_at: Option<i64>,
    pub assessed_at: Option<i64>,
    pub finalised_at: Option<i64>,
}

pub async fn evaluation_insert_demo(tx: &mut Tx, e: &DemoEvaluation) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO evaluations (instansi_id, skp_id, period_id, employee_id, unit_id, \
         penilai_employee_id, atasan_employee_id, snapshot_json, status, rating_hasil, rating_perilaku, predikat, \
         catatan, self_submitted_at, assessed_at, finalised_at, created_at, updated_at, jenis_jabatan) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, \
         COALESCE((SELECT p.jenis FROM employees e JOIN positions p ON p.id = e.position_id \
           WHERE e.id = $4), '')) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(e.instansi_id)
        .bind(e.skp_id)
        .bind(e.period_id)
        .bind(e.employee_id)
        .bind(e.unit_id)
        .bind(e.penilai_employee_id)
        .bind(e.atasan_employee_id)
        .bind(&e.snapshot_json)
        .bind(e.status)
        .bind(e.rating_hasil)
        .bind(e.rating_perilaku)
        .bind(e.predikat)
        .bind(&e.catatan)
        .bind(e.self_submitted_at)
        .bind(e.assessed_at)
        .bind(e.finalised_at)
        .bind(now_micros())
        .fetch_one(c)
        .await)?)
}

/// (instansi, evaluation, indikator, nilai, teks)
pub async fn realisasi_insert_many(
    tx: &mut Tx,
    rows: &[(i64, i64, i64, Option<f64>, String)],
) -> AppResult<()> {
    let now = now_micros();
    bulk!(
        tx,
        "INSERT INTO evaluation_realisasi (instansi_id, evaluation_id, indikator_id, nilai, teks, updated_at) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4.clone())
                .push_bind(now);
        }
    );
    Ok(())
}

/// One judgement row: (instansi, evaluation, subjek, id, self, self comment, penilai, umpan balik).
pub type ItemSeed = (
    i64,
    i64,
    &'static str,
    i64,
    Option<&'static str>,
    String,
    Option<&'static str>,
    String,
);

pub async fn items_insert_many(tx: &mut Tx, rows: &[ItemSeed]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO evaluation_items (instansi_id, evaluation_id, subjek, subjek_id, self_rating, self_comment, \
         penilai_rating, umpan_balik) ",
        rows,
        600,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4)
                .push_bind(r.5.clone())
                .push_bind(r.6)
                .push_bind(r.7.clone());
        }
    );
    Ok(())
}

/// (instansi, unit, period, capaian, finalised_at, justifikasi, pelanggaran_json)
pub type UnitPeriodSeed = (
    i64,
    i64,
    i64,
    &'static str,
    Option<i64>,
    String,
    Option<String>,
);

pub async fn unit_periods_insert_many(tx: &mut Tx, rows: &[UnitPeriodSeed]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO unit_periods (instansi_id, unit_id, period_id, capaian, capaian_at, finalised_at, justifikasi, \
         pelanggaran_json) ",
        rows,
        800,
        |b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4)
                .push_bind(r.4)
                .push_bind(r.5.clone())
                .push_bind(r.6.clone());
        }
    );
    Ok(())
}

/// A decided objection for the demo: (instansi, evaluation, alasan, batas, filed, penjelasan,
/// keputusan, ratings after, decided).
pub async fn keberatan_insert_decided(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: i64,
    texts: (&str, &str, &str),
    batas: NaiveDate,
    ratings: (&str, &str, &str),
    at: (i64, i64),
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO keberatan (instansi_id, evaluation_id, alasan, batas, filed_at, penjelasan_penilai, \
         keputusan, rating_hasil, rating_perilaku, predikat, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .bind(texts.0)
        .bind(batas)
        .bind(at.0)
        .bind(texts.1)
        .bind(texts.2)
        .bind(ratings.0)
        .bind(ratings.1)
        .bind(ratings.2)
        .bind(at.1)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The mask of BerAKHLAK values the penilai rated below expectation, recomputed from the
/// judgements of one evaluation (`Some`) or of every evaluation of an instansi (`None`, after
/// a bulk load).
pub async fn refresh_perilaku_bawah(
    tx: &mut Tx,
    instansi_id: i64,
    evaluation_id: Option<i64>,
) -> AppResult<()> {
    const SQL: &str = "UPDATE evaluations SET perilaku_bawah = COALESCE(( \
         SELECT SUM(CASE i.subjek_id WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 8 \
         WHEN 5 THEN 16 WHEN 6 THEN 32 WHEN 7 THEN 64 ELSE 0 END) FROM evaluation_items i \
         WHERE i.evaluation_id = evaluations.id AND i.subjek = 'perilaku' AND i.penilai_rating = 'di_bawah'), 0) \
         WHERE instansi_id = $1 AND ($2 IS NULL OR id = $2)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(evaluation_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// One unit's evaluations in a period, as kept in `evaluation_tallies` (one row per unit
/// and period, kept by triggers): those still waiting for the penilai, those with a
/// result, how many results were rated below expectation on each BerAKHLAK value, the
/// results per pair of ratings (the predikat follows from the year's matrix) and, per
/// jenis jabatan, the results with a predikat and those below Baik.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnitCountsRow {
    pub unit_id: i64,
    pub pending: i64,
    pub assessed: i64,
    pb1: i64,
    pb2: i64,
    pb3: i64,
    pb4: i64,
    pb5: i64,
    pb6: i64,
    pb7: i64,
    h_atas_p_atas: i64,
    h_atas_p_sesuai: i64,
    h_atas_p_bawah: i64,
    h_sesuai_p_atas: i64,
    h_sesuai_p_sesuai: i64,
    h_sesuai_p_bawah: i64,
    h_bawah_p_atas: i64,
    h_bawah_p_sesuai: i64,
    h_bawah_p_bawah: i64,
    j_jpt: i64,
    j_jpt_bawah: i64,
    j_administrator: i64,
    j_administrator_bawah: i64,
    j_pengawas: i64,
    j_pengawas_bawah: i64,
    j_pelaksana: i64,
    j_pelaksana_bawah: i64,
    j_fungsional: i64,
    j_fungsional_bawah: i64,
    j_pejabat_negara: i64,
    j_pejabat_negara_bawah: i64,
}

impl UnitCountsRow {
    /// How many results were rated below expectation on each BerAKHLAK value (value k at
    /// k-1).
    pub fn bawah(&self) -> [i64; 7] {
        [
            self.pb1, self.pb2, self.pb3, self.pb4, self.pb5, self.pb6, self.pb7,
        ]
    }

    /// Results per (rating hasil, rating perilaku).
    pub fn pairs(&self) -> [(Rating, Rating, i64); 9] {
        use Rating::{
            DiAtasEkspektasi as Atas, DiBawahEkspektasi as Bawah, SesuaiEkspektasi as Sesuai,
        };
        [
            (Atas, Atas, self.h_atas_p_atas),
            (Atas, Sesuai, self.h_atas_p_sesuai),
            (Atas, Bawah, self.h_atas_p_bawah),
            (Sesuai, Atas, self.h_sesuai_p_atas),
            (Sesuai, Sesuai, self.h_sesuai_p_sesuai),
            (Sesuai, Bawah, self.h_sesuai_p_bawah),
            (Bawah, Atas, self.h_bawah_p_atas),
            (Bawah, Sesuai, self.h_bawah_p_sesuai),
            (Bawah, Bawah, self.h_bawah_p_bawah),
        ]
    }

    /// Per jenis jabatan in `JenisJabatan::ALL` order: (results below Baik, results with
    /// a predikat).
    pub fn jabatan(&self) -> [(i64, i64); 6] {
        [
            (self.j_jpt_bawah, self.j_jpt),
            (self.j_administrator_bawah, self.j_administrator),
            (self.j_pengawas_bawah, self.j_pengawas),
            (self.j_pelaksana_bawah, self.j_pelaksana),
            (self.j_fungsional_bawah, self.j_fungsional),
            (self.j_pejabat_negara_bawah, self.j_pejabat_negara),
        ]
    }
}

/// The counts of every unit of a subtree in a period: its rows of `evaluation_tallies`,
/// one per unit, never the evaluations.
pub async fn tallies_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<UnitCountsRow>> {
    const SQL: &str = "SELECT t.unit_id, t.pending, t.assessed, t.pb1, t.pb2, t.pb3, t.pb4, \
         t.pb5, t.pb6, t.pb7, t.h_atas_p_atas, t.h_atas_p_sesuai, t.h_atas_p_bawah, \
         t.h_sesuai_p_atas, t.h_sesuai_p_sesuai, t.h_sesuai_p_bawah, t.h_bawah_p_atas, \
         t.h_bawah_p_sesuai, t.h_bawah_p_bawah, t.j_jpt, t.j_jpt_bawah, t.j_administrator, \
         t.j_administrator_bawah, t.j_pengawas, t.j_pengawas_bawah, t.j_pelaksana, \
         t.j_pelaksana_bawah, t.j_fungsional, t.j_fungsional_bawah, t.j_pejabat_negara, \
         t.j_pejabat_negara_bawah \
         FROM evaluation_tallies t JOIN units u ON u.instansi_id = $1 AND u.id = t.unit_id \
         WHERE t.instansi_id = $1 AND t.period_id = $2 AND u.path >= $3 AND u.path < $4 \
         AND t.pending + t.assessed > 0";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

/// The capaian and penetapan of every unit of a subtree that has a record in the period.
pub async fn unit_periods_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    period_id: i64,
) -> AppResult<Vec<(i64, Option<String>, Option<i64>)>> {
    const SQL: &str = "SELECT up.unit_id, up.capaian, up.finalised_at FROM unit_periods up \
         JOIN units u ON u.id = up.unit_id \
         WHERE up.instansi_id = $1 AND up.period_id = $2 AND u.path >= $3 AND u.path < $4";
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(period_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .fetch_all(c)
        .await)?)
}

#[cfg(test)]
mod tests {
    use kinerja_domain::jabatan::JenisJabatan;
    use kinerja_domain::penilaian::{EvaluasiStatus, Predikat};

    /// `(NEW.col = 'a' OR NEW.col = 'b')`, as the tallies' triggers spell a list.
    fn any_of<'a>(col: &str, codes: impl Iterator<Item = &'a str>) -> String {
        let terms: Vec<String> = codes.map(|c| format!("NEW.{col} = '{c}'")).collect();
        format!("({})", terms.join(" OR "))
    }

    /// The tallies' triggers (migration 0024) spell the rules' lists in SQL: the statuses
    /// with a result the employee sees, the predikat below Baik, and every predikat and
    /// jenis jabatan code.
    #[test]
    fn the_tallies_triggers_hold_the_rules_lists() {
        let result = any_of(
            "status",
            EvaluasiStatus::ALL
                .into_iter()
                .filter(|s| s.result_visible())
                .map(EvaluasiStatus::code),
        );
        let low = any_of(
            "predikat",
            Predikat::ALL
                .into_iter()
                .filter(|p| !p.at_least_baik())
                .map(Predikat::code),
        );
        for (engine, sql) in [
            (
                "sqlite",
                include_str!("../../../migrations/sqlite/0024_evaluation_tallies_per_unit.sql"),
            ),
            (
                "postgres",
                include_str!("../../../migrations/postgres/0024_evaluation_tallies_per_unit.sql"),
            ),
        ] {
            assert!(sql.contains(&result), "{engine}: {result}");
            assert!(sql.contains(&low), "{engine}: {low}");
            for p in Predikat::ALL {
                assert!(
                    sql.contains(&format!("predikat = '{}'", p.code())),
                    "{engine}"
                );
            }
            for j in JenisJabatan::ALL {
                assert!(
                    sql.contains(&format!("jenis_jabatan = '{}'", j.code())),
                    "{engine}"
                );
            }
        }
    }
}
