//! SQL of mail: the outbox, password-reset links, people's mail choices, notifications
//! waiting to be mailed, and the daily job rows.

use super::{Db, Tx, now_micros, on_db, on_tx, rows_affected};
use crate::error::AppResult;
use chrono::NaiveDate;

// ---------------------------------------------------------------------------------------
// Outbox

pub struct NewMail<'a> {
    pub instansi_id: i64,
    pub channel: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

pub async fn outbox_insert(tx: &mut Tx, m: &NewMail<'_>) -> AppResult<()> {
    const SQL: &str = "INSERT INTO outbox (instansi_id, channel, recipient, subject, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(m.instansi_id)
        .bind(m.channel)
        .bind(m.recipient)
        .bind(m.subject)
        .bind(m.body)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub instansi_id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// Unsent mail not claimed by a live sender (a claim older than `stale_before` is taken
/// over: its process died while sending).
pub async fn outbox_due(db: &Db, stale_before: i64, limit: i64) -> AppResult<Vec<OutboxRow>> {
    const SQL: &str = "SELECT id, instansi_id, channel, recipient, subject, body, attempts FROM outbox \
         WHERE sent_at IS NULL AND attempts < 5 AND (claimed_at IS NULL OR claimed_at < $1) \
         ORDER BY id LIMIT $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(stale_before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Claims one mail for this process; false when another process claimed it first.
pub async fn outbox_claim(tx: &mut Tx, id: i64, stale_before: i64) -> AppResult<bool> {
    const SQL: &str = "UPDATE outbox SET claimed_at = $2 \
         WHERE id = $1 AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < $3)";
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(now_micros())
        .bind(stale_before)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(n == 1)
}

/// Records the outcome of a claimed mail: sent, or one failed attempt (released for a
/// later try).
pub async fn outbox_done(tx: &mut Tx, id: i64, error: Option<&str>) -> AppResult<()> {
    const SENT: &str = "UPDATE outbox SET sent_at = $2, attempts = attempts + 1 WHERE id = $1";
    const FAILED: &str = "UPDATE outbox SET claimed_at = NULL, attempts = attempts + 1, last_error = $2 WHERE id = $1";
    match error {
        None => rows_affected(on_tx!(tx, |c| sqlx::query(SENT)
            .bind(id)
            .bind(now_micros())
            .execute(c)
            .await
            .map(|r| r.rows_affected())))?,
        Some(e) => rows_affected(on_tx!(tx, |c| sqlx::query(FAILED)
            .bind(id)
            .bind(e)
            .execute(c)
            .await
            .map(|r| r.rows_affected())))?,
    };
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Password resets

pub async fn reset_insert(
    tx: &mut Tx,
    token_hash: &str,
    instansi_id: i64,
    user_id: i64,
    expires_at: i64,
) -> AppResult<()> {
    const SQL: &str = "INSERT INTO password_resets (token_hash, instansi_id, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(token_hash)
        .bind(instansi_id)
        .bind(user_id)
        .bind(now_micros())
        .bind(expires_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

/// The account of an unused, unexpired reset link.
/// The account (id, instansi) a reset link names, while the link may still be used.
pub async fn reset_valid(db: &Db, token_hash: &str, now: i64) -> AppResult<Option<(i64, i64)>> {
    const SQL: &str = "SELECT r.user_id, u.instansi_id FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.aktif";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(c)
        .await)?)
}

/// Uses a link once: false when it was used (or ran out) in the meantime. Every other
/// open link of the account ends with it.
pub async fn reset_use(tx: &mut Tx, token_hash: &str, user_id: i64, now: i64) -> AppResult<bool> {
    const USE: &str = "UPDATE password_resets SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    const OTHERS: &str =
        "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL";
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(USE)
        .bind(token_hash)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    if n == 1 {
        rows_affected(on_tx!(tx, |c| sqlx::query(OTHERS)
            .bind(user_id)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected())))?;
    }
    Ok(n == 1)
}

/// Links asked for an account since `since` (a person asks a few times, not hundreds).
pub async fn resets_since(db: &Db, user_id: i64, since: i64) -> AppResult<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(user_id)
        .bind(since)
        .fetch_one(c)
        .await)?)
}

/// Who a reset request names (by username, which is the NIP for employees): the account,
/// its instansi and its mail address when it has one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResetTarget {
    pub user_id: i64,
    pub instansi_id: i64,
    pub display_name: String,
    pub email: Option<String>,
}

pub async fn reset_target(db: &Db, username: &str) -> AppResult<Option<ResetTarget>> {
    const SQL: &str = "SELECT u.id AS user_id, u.instansi_id, u.display_name, e.email \
         FROM users u LEFT JOIN employees e ON e.id = u.employee_id \
         WHERE u.username = $1 AND u.aktif";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(username)
        .fetch_optional(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Mail choices

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailChoice {
    pub email_mode: String,
    pub email_pengingat: bool,
    pub email: Option<String>,
}

pub async fn choice_get(db: &Db, instansi_id: i64, user_id: i64) -> AppResult<MailChoice> {
    const SQL: &str = "SELECT u.email_mode, u.email_pengingat, e.email FROM users u \
         LEFT JOIN employees e ON e.id = u.employee_id WHERE u.id = $1 AND u.instansi_id = $2";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(user_id)
        .bind(instansi_id)
        .fetch_one(c)
        .await)?)
}

pub async fn choice_set(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    mode: &str,
    reminders: bool,
) -> AppResult<()> {
    const SQL: &str =
        "UPDATE users SET email_mode = $2, email_pengingat = $3 WHERE id = $1 AND instansi_id = $4";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(user_id)
        .bind(mode)
        .bind(reminders)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Notifications to mail

/// A notification not yet looked at by the mailer, with what deciding needs: the
/// person's choice and address.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unmailed {
    pub id: i64,
    pub instansi_id: i64,
    pub kind: String,
    pub params_json: String,
    pub link: String,
    pub created_at: i64,
    pub email_mode: String,
    pub email_pengingat: bool,
    pub email: Option<String>,
    /// The NIP: how a gateway knows the person (its own directory holds their number).
    pub nip: Option<String>,
}

pub async fn unmailed(db: &Db, limit: i64) -> AppResult<Vec<Unmailed>> {
    const SQL: &str = "SELECT n.id, n.instansi_id, n.kind, n.params_json, n.link, n.created_at, \
           u.email_mode, u.email_pengingat, e.email, e.nip \
         FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN employees e ON e.id = u.employee_id \
         WHERE n.mailed_at IS NULL ORDER BY n.id LIMIT $1";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Marks a notification as looked at; false when another process did first.
pub async fn mark_mailed(tx: &mut Tx, instansi_id: i64, id: i64) -> AppResult<bool> {
    const SQL: &str = "UPDATE notifications SET mailed_at = $2 \
         WHERE id = $1 AND instansi_id = $3 AND mailed_at IS NULL";
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id)
        .bind(now_micros())
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(n == 1)
}

/// The unread notifications since `since` of the people who chose one mail a day, with
/// their address: (instansi, address, kind, params, link), by person.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DigestLine {
    pub user_id: i64,
    pub instansi_id: i64,
    pub email: String,
    pub kind: String,
    pub params_json: String,
    pub link: String,
}

pub async fn digest_lines(db: &Db, since: i64) -> AppResult<Vec<DigestLine>> {
    const SQL: &str = "SELECT u.id AS user_id, n.instansi_id, e.email, n.kind, n.params_json, n.link \
         FROM notifications n JOIN users u ON u.id = n.user_id JOIN employees e ON e.id = u.employee_id \
         WHERE n.created_at > $1 AND n.read_at IS NULL AND u.email_mode = 'ringkasan' \
           AND e.email IS NOT NULL AND e.email <> '' AND u.aktif \
         ORDER BY u.id, n.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(since)
        .fetch_all(c)
        .await)?)
}

// ---------------------------------------------------------------------------------------
// Daily jobs and reminders

/// Takes the day's run of a job: true for exactly one process, however many ask.
pub async fn job_take(tx: &mut Tx, job: &str, day: NaiveDate, holder: &str) -> AppResult<bool> {
    const SQL: &str = "INSERT INTO job_runs (job, day, holder, started_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (job, day) DO NOTHING";
    let n = rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(job)
        .bind(day)
        .bind(holder)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))?;
    Ok(n == 1)
}

/// Reminds every active employee of `year` (not a pejabat negara) whose plan is not
/// approved: one notification each, in one statement. Returns how many.
pub async fn remind_plans(
    tx: &mut Tx,
    instansi_id: i64,
    year_id: i64,
    params_json: &str,
) -> AppResult<u64> {
    const SQL: &str = "INSERT INTO notifications (instansi_id, user_id, kind, params_json, link, created_at) \
         SELECT e.instansi_id, u.id, 'pengingat_skp', $3, '/skp', $4 \
         FROM employees e JOIN users u ON u.employee_id = e.id \
         WHERE e.instansi_id = $1 AND e.aktif AND u.aktif AND u.email_pengingat \
           AND e.jenis_asn <> 'pejabat_negara' \
           AND NOT EXISTS (SELECT 1 FROM skps k WHERE k.employee_id = e.id AND k.year_id = $2 \
                           AND NOT k.closed AND k.status = 'disetujui')";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(year_id)
        .bind(params_json)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}

/// Reminds every employee with an approved plan of the period's year whose evaluation of
/// the period is not sent yet (not opened, or still a draft).
pub async fn remind_period(
    tx: &mut Tx,
    instansi_id: i64,
    year_id: i64,
    period_id: i64,
    params_json: &str,
) -> AppResult<u64> {
    const SQL: &str = "INSERT INTO notifications (instansi_id, user_id, kind, params_json, link, created_at) \
         SELECT e.instansi_id, u.id, 'pengingat_penilaian', $4, '/penilaian', $5 \
         FROM employees e JOIN users u ON u.employee_id = e.id \
           JOIN skps k ON k.employee_id = e.id AND k.year_id = $2 AND NOT k.closed AND k.approved_at IS NOT NULL \
         WHERE e.instansi_id = $1 AND e.aktif AND u.aktif AND u.email_pengingat \
           AND NOT EXISTS (SELECT 1 FROM evaluations v WHERE v.skp_id = k.id AND v.period_id = $3 \
                           AND v.status <> 'draft')";
    rows_affected(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(year_id)
        .bind(period_id)
        .bind(params_json)
        .bind(now_micros())
        .execute(c)
        .await
        .map(|r| r.rows_affected())))
}
