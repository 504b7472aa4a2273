//! Activity coverage for the dashboard: grouped per unit (and day), never rows per entry.
//! Each read starts from the subtree's units and walks the (employee, tanggal) indexes.

use crate::error::AppResult;
use crate::store::{Db, Tx, on_db, on_tx};
use chrono::{Datelike, NaiveDate};
use kinerja_domain::org::UnitPath;

/// Who counts: the people of a subtree's units that `progres_orang` marks as counted (active,
/// pejabat negara excepted).
const PEOPLE_FROM: &str = "FROM units u JOIN progres_orang o ON o.instansi_id = $1 \
     AND o.unit_id = u.id AND o.dihitung ";
const PEOPLE_WHERE: &str = " WHERE u.instansi_id = $1 AND u.path >= $2 AND u.path < $3";

/// Neither an entry nor a leave or travel day from $4 to $5, for the person `o` of
/// `progres_orang`. The latest kept day on or before $5 answers for the entries; only
/// someone whose two kept days both fall after $5 (today and a weekend since, say) has
/// their entries probed, and only someone without an entry in the window their leave days.
const SILENT: &str = "(CASE WHEN o.terakhir IS NULL THEN 1 \
     WHEN o.terakhir <= $5 THEN (CASE WHEN o.terakhir < $4 THEN 1 ELSE 0 END) \
     WHEN o.sebelumnya IS NULL THEN 1 \
     WHEN o.sebelumnya <= $5 THEN (CASE WHEN o.sebelumnya < $4 THEN 1 ELSE 0 END) \
     WHEN EXISTS (SELECT 1 FROM progres_entries p WHERE p.instansi_id = $1 \
     AND p.employee_id = o.employee_id AND p.tanggal >= $4 AND p.tanggal <= $5) THEN 0 ELSE 1 END) = 1 \
     AND NOT EXISTS (SELECT 1 FROM progres_ketidakhadiran k WHERE k.employee_id = o.employee_id \
     AND k.instansi_id = $1 AND k.tanggal >= $4 AND k.tanggal <= $5)";

/// The weekends (from the calendar table) and the instansi's holidays in the months from $6
/// to before $7 (the months a window touches): a day figure counts when its date is not
/// among them. A list read once per statement, where a join to the calendar per row cost
/// half the query.
const NOT_WORKING_MONTHS: &str = "(SELECT kal.tanggal FROM kalender kal WHERE kal.akhir_pekan \
     AND kal.tanggal >= $6 AND kal.tanggal < $7 \
     UNION ALL SELECT hl.tanggal FROM hari_libur hl WHERE hl.instansi_id = $1 \
     AND hl.tanggal >= $6 AND hl.tanggal < $7)";

/// The first day of `d`'s month.
fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The first day of the month after `d`'s.
fn next_month(d: NaiveDate) -> NaiveDate {
    let first = month_of(d);
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first)
}

/// Activity of one unit's people over the working days of a window.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnitLogRow {
    pub unit_id: i64,
    /// Days on which someone logged, added over the people.
    pub people: i64,
    pub entries: i64,
    pub acknowledged: i64,
    /// Days of leave or official travel, added over the people.
    pub away: i64,
}

/// Per unit, over the working days from `from` to `to`: days logged (added over people),
/// entries and approved entries. Summed in SQL from the figures kept per unit and month
/// (`progres_unit_bulan`), less the kept unit-days of those months outside the window
/// (today's, and those before or after a window that starts or ends inside a month): a
/// few rows per unit, whatever the window's length.
pub async fn logged_by_unit(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<UnitLogRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT x.unit_id, CAST(SUM(x.orang) AS BIGINT) AS people, \
         CAST(SUM(x.entri) AS BIGINT) AS entries, CAST(SUM(x.disetujui) AS BIGINT) AS acknowledged, \
         CAST(SUM(x.tidak_hadir) AS BIGINT) AS away \
         FROM (SELECT b.unit_id, b.orang, b.entri, b.disetujui, b.tidak_hadir \
         FROM units u JOIN progres_unit_bulan b ON b.instansi_id = $1 AND b.unit_id = u.id \
         AND b.bulan >= $6 AND b.bulan < $7 \
         WHERE u.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         UNION ALL SELECT r.unit_id, -r.orang, -r.entri, -r.disetujui, -r.tidak_hadir \
         FROM units u JOIN progres_unit_hari r ON r.instansi_id = $1 AND r.unit_id = u.id \
         AND r.tanggal >= $6 AND r.tanggal < $4 AND r.tanggal NOT IN ",
        NOT_WORKING_MONTHS,
        " WHERE u.instansi_id = $1 AND u.path >= $2 AND u.path < $3 \
         UNION ALL SELECT r.unit_id, -r.orang, -r.entri, -r.disetujui, -r.tidak_hadir \
         FROM units u JOIN progres_unit_hari r ON r.instansi_id = $1 AND r.unit_id = u.id \
         AND r.tanggal > $5 AND r.tanggal < $7 AND r.tanggal NOT IN ",
        NOT_WORKING_MONTHS,
        " WHERE u.instansi_id = $1 AND u.path >= $2 AND u.path < $3) x GROUP BY x.unit_id"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(from)
        .bind(to)
        .bind(month_of(from))
        .bind(next_month(to))
        .fetch_all(c)
        .await)?)
}

/// Per unit: the active employees, and those silent from `from` to `to`.
pub async fn people_by_unit(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<(i64, i64, i64)>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT o.unit_id, COUNT(*), SUM(CASE WHEN ",
        SILENT,
        " THEN 1 ELSE 0 END) ",
        PEOPLE_FROM,
        PEOPLE_WHERE,
        " GROUP BY o.unit_id"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?)
}

/// Someone with no entry and no leave or travel day over the window.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SilentRow {
    pub employee_id: i64,
    pub nip: Option<String>,
    pub nama: String,
    pub gelar_depan: String,
    pub gelar_belakang: String,
    pub jabatan: String,
    pub unit_nama: String,
    /// Their last entry before the window, if any.
    pub terakhir: Option<NaiveDate>,
}

/// One page of the silent employees of a subtree, by unit and name.
pub async fn silent_in(
    db: &Db,
    instansi_id: i64,
    scope: &UnitPath,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<SilentRow>> {
    const SQL: &str = const_format::concatcp!(
        "SELECT e.id AS employee_id, e.nip, e.nama, e.gelar_depan, e.gelar_belakang, \
         q.nama AS jabatan, u.nama AS unit_nama, \
         (SELECT MAX(p.tanggal) FROM progres_entries p WHERE p.instansi_id = $1 AND p.employee_id = e.id \
         AND p.tanggal < $4) AS terakhir ",
        PEOPLE_FROM,
        "JOIN employees e ON e.id = o.employee_id JOIN positions q ON q.id = e.position_id",
        PEOPLE_WHERE,
        " AND ",
        SILENT,
        " ORDER BY u.path, e.nama_cari, e.id LIMIT $6 OFFSET $7"
    );
    let end = scope.subtree_end();
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(scope.as_str())
        .bind(end.as_str())
        .bind(from)
        .bind(to)
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?)
}

/// Rewrites the figures of the employee's unit on these days from the entries and the leave
/// and travel days of the unit's people, in the transaction of the change that prompted it. Someone who moves
/// counts in their new unit from the next change of that day on.
pub async fn refresh_unit_days(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    days: &[NaiveDate],
) -> AppResult<()> {
    const UNIT: &str = "SELECT q.unit_id FROM employees e JOIN positions q ON q.id = e.position_id \
         WHERE e.instansi_id = $1 AND e.id = $2";
    const DELETE: &str =
        "DELETE FROM progres_unit_hari WHERE instansi_id = $1 AND unit_id = $2 AND tanggal = $3";
    // The people as an IN list, so that each is one probe of the (instansi, employee,
    // tanggal) index rather than a walk through the instansi's whole day. Leave and travel
    // days count for the people the dashboard expects days of (active, not pejabat
    // negara); a day with neither entries nor such days has no row.
    const INSERT: &str = "INSERT INTO progres_unit_hari (instansi_id, unit_id, tanggal, orang, entri, disetujui, tidak_hadir) \
         SELECT $1, $2, $3, COUNT(DISTINCT x.oleh), SUM(x.entri), SUM(x.disetujui), SUM(x.tidak_hadir) \
         FROM (SELECT p.employee_id AS oleh, 1 AS entri, \
         CASE WHEN p.pengakuan = 'disetujui' THEN 1 ELSE 0 END AS disetujui, 0 AS tidak_hadir \
         FROM progres_entries p WHERE p.instansi_id = $1 AND p.tanggal = $3 AND p.employee_id IN \
         (SELECT e.id FROM positions q JOIN employees e ON e.position_id = q.id \
          WHERE q.instansi_id = $1 AND q.unit_id = $2) \
         UNION ALL SELECT NULL, 0, 0, 1 FROM progres_ketidakhadiran k \
         WHERE k.instansi_id = $1 AND k.tanggal = $3 AND k.employee_id IN \
         (SELECT e.id FROM positions q JOIN employees e ON e.position_id = q.id \
          WHERE q.instansi_id = $1 AND q.unit_id = $2 AND e.instansi_id = $1 AND e.aktif \
          AND e.jenis_asn <> 'pejabat_negara')) x \
         HAVING COUNT(*) > 0";
    let unit: i64 = on_tx!(tx, |c| sqlx::query_scalar(UNIT)
        .bind(instansi_id)
        .bind(employee_id)
        .fetch_one(c)
        .await)?;
    let days: std::collections::BTreeSet<NaiveDate> = days.iter().copied().collect();
    for d in days {
        for sql in [DELETE, INSERT] {
            on_tx!(tx, |c| sqlx::query(sql)
                .bind(instansi_id)
                .bind(unit)
                .bind(d)
                .execute(c)
                .await
                .map(|_| ()))?;
        }
    }
    Ok(())
}

/// After a change to the employee's entries on these days (written, edited, deleted): the
/// unit's figures of the days, and the employee's latest days with an entry. A change of
/// acknowledgement or of a leave day moves no entry's date and refreshes the days only.
pub async fn entries_changed(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    days: &[NaiveDate],
) -> AppResult<()> {
    refresh_unit_days(tx, instansi_id, employee_id, days).await?;
    const LAST: &str = const_format::concatcp!(
        "UPDATE progres_orang SET ",
        LAST_DAYS,
        " WHERE instansi_id = $1 AND employee_id = $2"
    );
    on_tx!(tx, |c| sqlx::query(LAST)
        .bind(instansi_id)
        .bind(employee_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// A person's two latest days with an entry (`progres_orang`), from which the silent count
/// reads: (SELECT ... ) per row of the update, by the (instansi, employee, tanggal) index.
const LAST_DAYS: &str = "terakhir = (SELECT MAX(p.tanggal) FROM progres_entries p \
     WHERE p.instansi_id = $1 AND p.employee_id = progres_orang.employee_id), \
     sebelumnya = (SELECT MAX(p.tanggal) FROM progres_entries p WHERE p.instansi_id = $1 \
     AND p.employee_id = progres_orang.employee_id AND p.tanggal < (SELECT MAX(p2.tanggal) \
     FROM progres_entries p2 WHERE p2.instansi_id = $1 AND p2.employee_id = progres_orang.employee_id))";

/// Rewrites every person's latest days of the instansi (after a bulk load or a copy).
pub async fn rebuild_last_days(tx: &mut Tx, instansi_id: i64) -> AppResult<()> {
    const SQL: &str = const_format::concatcp!(
        "UPDATE progres_orang SET ",
        LAST_DAYS,
        " WHERE instansi_id = $1"
    );
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Rewrites the figures of every unit from `from` to `to`, and every person's latest days
/// (after a bulk load).
pub async fn rebuild_unit_days(
    tx: &mut Tx,
    instansi_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<()> {
    const DELETE: &str =
        "DELETE FROM progres_unit_hari WHERE instansi_id = $1 AND tanggal >= $2 AND tanggal <= $3";
    const INSERT: &str = "INSERT INTO progres_unit_hari (instansi_id, unit_id, tanggal, orang, entri, disetujui, tidak_hadir) \
         SELECT $1, x.unit_id, x.tanggal, COUNT(DISTINCT x.oleh), SUM(x.entri), SUM(x.disetujui), SUM(x.tidak_hadir) \
         FROM (SELECT q.unit_id, p.tanggal, p.employee_id AS oleh, 1 AS entri, \
         CASE WHEN p.pengakuan = 'disetujui' THEN 1 ELSE 0 END AS disetujui, 0 AS tidak_hadir \
         FROM progres_entries p JOIN employees e ON e.id = p.employee_id \
         JOIN positions q ON q.id = e.position_id \
         WHERE p.instansi_id = $1 AND p.tanggal >= $2 AND p.tanggal <= $3 \
         UNION ALL SELECT q.unit_id, k.tanggal, NULL, 0, 0, 1 FROM progres_ketidakhadiran k \
         JOIN employees e ON e.id = k.employee_id JOIN positions q ON q.id = e.position_id \
         WHERE k.instansi_id = $1 AND k.tanggal >= $2 AND k.tanggal <= $3 AND e.aktif \
         AND e.jenis_asn <> 'pejabat_negara') x GROUP BY x.unit_id, x.tanggal";
    for sql in [DELETE, INSERT] {
        on_tx!(tx, |c| sqlx::query(sql)
            .bind(instansi_id)
            .bind(from)
            .bind(to)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    rebuild_last_days(tx, instansi_id).await
}
