//! SQL of accounts, granted roles and sessions.

use super::{Db, Tx, on_db, on_tx};
use crate::error::{AppError, AppResult};
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub instansi_id: i64,
    pub employee_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub aktif: bool,
    /// When the temporary password set by an admin stops working.
    pub password_expires_at: Option<i64>,
}

const USER_COLS: &str = "SELECT id, instansi_id, employee_id, username, display_name, password_hash, \
     must_change_password, aktif, password_expires_at FROM users ";

pub async fn user_by_username(db: &Db, username: &str) -> AppResult<Option<UserRow>> {
    const SQL: &str = const_format::concatcp!(USER_COLS, "WHERE username = $1");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(username)
        .fetch_optional(c)
        .await)?)
}

pub async fn user_get(db: &Db, instansi_id: i64, id: i64) -> AppResult<UserRow> {
    const SQL: &str = const_format::concatcp!(USER_COLS, "WHERE id = $1 AND instansi_id = $2");
    on_db!(db, |c| sqlx::query_as(SQL)
        .bind(id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?
    .ok_or(AppError::NotFound)
}

pub async fn user_by_employee(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
) -> AppResult<Option<UserRow>> {
    const SQL: &str =
        const_format::concatcp!(USER_COLS, "WHERE employee_id = $1 AND instansi_id = $2");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(employee_id)
        .bind(instansi_id)
        .fetch_optional(c)
        .await)?)
}

pub struct NewUser<'a> {
    pub instansi_id: i64,
    pub employee_id: Option<i64>,
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub must_change_password: bool,
}

pub async fn user_insert(tx: &mut Tx, u: NewUser<'_>) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO users (instansi_id, employee_id, username, display_name, password_hash, \
         must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let now = super::now_micros();
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(u.instansi_id)
        .bind(u.employee_id)
        .bind(u.username)
        .bind(u.display_name)
        .bind(u.password_hash)
        .bind(u.must_change_password)
        .bind(now)
        .fetch_one(c)
        .await)?)
}

/// Keeps an employee's account in step with the record (username = NIP, name, active).
pub async fn user_sync_employee(
    tx: &mut Tx,
    instansi_id: i64,
    employee_id: i64,
    username: &str,
    display_name: &str,
    aktif: bool,
) -> AppResult<()> {
    const SQL: &str = "UPDATE users SET username = $2, display_name = $3, aktif = $4 \
         WHERE employee_id = $1 AND instansi_id = $5";
    // A deactivated account keeps no session or API token: reactivating it brings none back.
    const END: &str = "DELETE FROM sessions WHERE instansi_id = $2 AND user_id IN \
         (SELECT id FROM users WHERE employee_id = $1 AND instansi_id = $2)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(employee_id)
        .bind(username)
        .bind(display_name)
        .bind(aktif)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if !aktif {
        on_tx!(tx, |c| sqlx::query(END)
            .bind(employee_id)
            .bind(instansi_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn set_password(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    hash: &str,
    must_change: bool,
) -> AppResult<()> {
    const SQL: &str = "UPDATE users SET password_hash = $2, must_change_password = $3, \
         password_changed_at = $4, password_expires_at = NULL WHERE id = $1 AND instansi_id = $5";
    let now = super::now_micros();
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(user_id)
        .bind(hash)
        .bind(must_change)
        .bind(now)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An admin's temporary password: must be changed at the next login and stops working at
/// `expires_at`.
pub async fn set_temporary_password(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    hash: &str,
    expires_at: i64,
) -> AppResult<()> {
    const SQL: &str = "UPDATE users SET password_hash = $2, must_change_password = TRUE, \
         password_changed_at = $3, password_expires_at = $4 WHERE id = $1 AND instansi_id = $5";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(user_id)
        .bind(hash)
        .bind(super::now_micros())
        .bind(expires_at)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Gives every account of an instansi the same password (the demo's shared password).
pub async fn set_password_for_instansi(tx: &mut Tx, instansi_id: i64, hash: &str) -> AppResult<()> {
    const SQL: &str =
        "UPDATE users SET password_hash = $2, must_change_password = FALSE WHERE instansi_id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(hash)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Roles

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RoleRow {
    pub id: i64,
    pub role: String,
    pub unit_id: Option<i64>,
    pub unit_path: Option<String>,
    pub unit_nama: Option<String>,
}

/// The roles of the account of an employee (none when they have no account).
pub async fn roles_of_employee(
    db: &Db,
    instansi_id: i64,
    employee_id: i64,
) -> AppResult<Vec<RoleRow>> {
    const SQL: &str = "SELECT r.id, r.role, r.unit_id, u.path AS unit_path, u.nama AS unit_nama \
         FROM users a JOIN user_roles r ON r.user_id = a.id LEFT JOIN units u ON u.id = r.unit_id \
         WHERE a.instansi_id = $1 AND a.employee_id = $2 ORDER BY r.id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(employee_id)
        .fetch_all(c)
        .await)?)
}

pub async fn role_grant(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    role: &str,
    unit_id: Option<i64>,
) -> AppResult<i64> {
    const SQL: &str = "INSERT INTO user_roles (instansi_id, user_id, role, unit_id) VALUES ($1, $2, $3, $4) RETURNING id";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .bind(user_id)
        .bind(role)
        .bind(unit_id)
        .fetch_one(c)
        .await)?)
}

pub async fn role_revoke(tx: &mut Tx, instansi_id: i64, role_id: i64) -> AppResult<()> {
    const SQL: &str = "DELETE FROM user_roles WHERE instansi_id = $1 AND id = $2";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(role_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Sessions

/// A live session with the account it belongs to: one query per request.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionUser {
    pub token_hash: String,
    pub csrf_token: String,
    pub kind: String,
    pub expires_at: i64,
    pub user_id: i64,
    pub instansi_id: i64,
    pub employee_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub must_change_password: bool,
    /// The materialised path of the unit of the user's own position.
    pub own_unit_path: Option<String>,
    /// The employee's kind of ASN (a pejabat negara writes no SKP).
    pub jenis_asn: Option<String>,
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub instansi_id: i64,
    pub kind: &'a str,
    pub csrf_token: &'a str,
    pub expires_at: i64,
}

pub async fn session_insert(tx: &mut Tx, s: NewSession<'_>) -> AppResult<()> {
    const SQL: &str = "INSERT INTO sessions (token_hash, user_id, instansi_id, kind, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let now = super::now_micros();
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(s.token_hash)
        .bind(s.user_id)
        .bind(s.instansi_id)
        .bind(s.kind)
        .bind(s.csrf_token)
        .bind(now)
        .bind(s.expires_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn session_load(
    db: &Db,
    token_hash: &str,
    kind: &str,
    now: i64,
) -> AppResult<Option<SessionUser>> {
    const SQL: &str = "SELECT s.token_hash, s.csrf_token, s.kind, s.expires_at, u.id AS user_id, u.instansi_id, \
           u.employee_id, u.username, u.display_name, u.must_change_password, un.path AS own_unit_path, e.jenis_asn \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN employees e ON e.id = u.employee_id LEFT JOIN positions p ON p.id = e.position_id \
         LEFT JOIN units un ON un.id = p.unit_id \
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3 AND u.aktif";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(token_hash)
        .bind(kind)
        .bind(now)
        .fetch_optional(c)
        .await)?)
}

/// What the permission rules need besides the session, in one query: the granted roles
/// (`role`, with the unit path of an admin OPD grant), the units led today as holder or
/// acting official (`led`), and the employees rated by override (`override`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RightRow {
    pub kind: String,
    pub role: Option<String>,
    pub path: Option<String>,
    pub employee_id: Option<i64>,
}

pub async fn rights_of(
    db: &Db,
    instansi_id: i64,
    user_id: i64,
    employee_id: Option<i64>,
    day: chrono::NaiveDate,
) -> AppResult<Vec<RightRow>> {
    const SQL: &str = "SELECT 'role' AS kind, r.role, u.path, CAST(NULL AS BIGINT) AS employee_id \
           FROM user_roles r LEFT JOIN units u ON u.id = r.unit_id WHERE r.user_id = $1 AND r.instansi_id = $4 \
         UNION ALL \
         SELECT 'led', NULL, u.path, NULL FROM employees e JOIN positions p ON p.id = e.position_id \
           JOIN units u ON u.id = p.unit_id WHERE e.id = $2 AND e.instansi_id = $4 AND p.is_head AND e.aktif \
         UNION ALL \
         SELECT 'led', NULL, u.path, NULL FROM acting_assignments a JOIN positions p ON p.id = a.position_id \
           JOIN units u ON u.id = p.unit_id JOIN employees e ON e.id = a.employee_id \
           WHERE a.employee_id = $2 AND a.instansi_id = $4 AND a.mulai <= $3 \
           AND (a.selesai IS NULL OR a.selesai >= $3) AND e.aktif \
         UNION ALL \
         SELECT 'override', NULL, NULL, id FROM employees \
           WHERE penilai_override_id = $2 AND instansi_id = $4 AND aktif";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(user_id)
        .bind(employee_id.unwrap_or(-1))
        .bind(day)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// A live session, its account and the account's rights ([`RightRow`]) in one query: the
/// only statement every signed-in request pays before its own reads. One row per right
/// (the session's columns repeated), or one row with no right. `s CROSS JOIN` keeps the
/// session outermost on SQLite, whose planner cannot size the CTE and would otherwise scan
/// the employees for overrides.
pub async fn session_with_rights(
    db: &Db,
    token_hash: &str,
    kind: &str,
    now: i64,
    day: chrono::NaiveDate,
) -> AppResult<Option<(SessionUser, Vec<RightRow>)>> {
    const SQL: &str = "WITH s AS NOT MATERIALIZED (SELECT s.token_hash, s.csrf_token, s.kind, s.expires_at, \
           u.id AS user_id, u.instansi_id, u.employee_id, u.username, u.display_name, \
           u.must_change_password, un.path AS own_unit_path, e.jenis_asn \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN employees e ON e.id = u.employee_id LEFT JOIN positions p ON p.id = e.position_id \
         LEFT JOIN units un ON un.id = p.unit_id \
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3 AND u.aktif), \
       r AS ( \
         SELECT 'role' AS right_kind, ur.role AS right_role, ru.path AS right_path, \
           CAST(NULL AS BIGINT) AS right_employee_id \
           FROM s CROSS JOIN user_roles ur LEFT JOIN units ru ON ru.id = ur.unit_id \
           WHERE ur.user_id = s.user_id \
         UNION ALL \
         SELECT 'led', NULL, lu.path, NULL FROM s CROSS JOIN employees le \
           JOIN positions lp ON lp.id = le.position_id JOIN units lu ON lu.id = lp.unit_id \
           WHERE le.id = s.employee_id AND lp.is_head AND le.aktif \
         UNION ALL \
         SELECT 'led', NULL, au.path, NULL FROM s CROSS JOIN acting_assignments a \
           JOIN positions ap ON ap.id = a.position_id JOIN units au ON au.id = ap.unit_id \
           JOIN employees ae ON ae.id = a.employee_id \
           WHERE s.employee_id IS NOT NULL AND a.employee_id = s.employee_id AND a.mulai <= $4 \
           AND (a.selesai IS NULL OR a.selesai >= $4) AND ae.aktif \
         UNION ALL \
         SELECT 'override', NULL, NULL, oe.id FROM s CROSS JOIN employees oe \
           WHERE s.employee_id IS NOT NULL AND oe.penilai_override_id = s.employee_id AND oe.aktif) \
       SELECT s.*, r.right_kind, r.right_role, r.right_path, r.right_employee_id \
       FROM s LEFT JOIN r ON 1 = 1";
    #[derive(sqlx::FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        session: SessionUser,
        right_kind: Option<String>,
        right_role: Option<String>,
        right_path: Option<String>,
        right_employee_id: Option<i64>,
    }
    let rows: Vec<Joined> = on_db!(db, |c| sqlx::query_as(SQL)
        .bind(token_hash)
        .bind(kind)
        .bind(now)
        .bind(day)
        .fetch_all(c)
        .await)?;
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return Ok(None);
    };
    let right = |j: &Joined| {
        j.right_kind.clone().map(|kind| RightRow {
            kind,
            role: j.right_role.clone(),
            path: j.right_path.clone(),
            employee_id: j.right_employee_id,
        })
    };
    let mut rights: Vec<RightRow> = right(&first).into_iter().collect();
    rights.extend(rows.filter_map(|j| right(&j)));
    Ok(Some((first.session, rights)))
}

/// One session of a user as its owner sees it on "Sesi dan token".
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SessionRow {
    /// The first 16 hex digits of the token's hash: enough to name it, useless to use it.
    pub handle: String,
    pub kind: String,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn sessions_of(
    db: &Db,
    instansi_id: i64,
    user_id: i64,
    now: i64,
) -> AppResult<Vec<SessionRow>> {
    const SQL: &str = "SELECT substr(token_hash, 1, 16) AS handle, kind, created_at, expires_at \
         FROM sessions WHERE user_id = $1 AND instansi_id = $3 AND expires_at > $2 ORDER BY created_at DESC LIMIT 200";
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(user_id)
        .bind(now)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// Ends one session of a user, named by its handle. Returns whether one was ended.
pub async fn session_revoke(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    handle: &str,
) -> AppResult<bool> {
    const SQL: &str = "DELETE FROM sessions WHERE user_id = $1 AND instansi_id = $3 AND substr(token_hash, 1, 16) = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(user_id)
        .bind(handle)
        .bind(instansi_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn session_delete(tx: &mut Tx, token_hash: &str) -> AppResult<()> {
    const SQL: &str = "DELETE FROM sessions WHERE token_hash = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(token_hash)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change or reset).
pub async fn sessions_delete_for_user(
    tx: &mut Tx,
    instansi_id: i64,
    user_id: i64,
    keep: Option<&str>,
) -> AppResult<Vec<String>> {
    const SQL: &str = "DELETE FROM sessions WHERE user_id = $1 AND instansi_id = $3 AND token_hash <> $2 RETURNING token_hash";
    Ok(on_tx!(tx, |c| sqlx::query_scalar(SQL)
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

pub async fn sessions_purge_expired(tx: &mut Tx, now: i64) -> AppResult<u64> {
    const SQL: &str = "DELETE FROM sessions WHERE expires_at <= $1";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}
