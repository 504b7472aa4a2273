//! Accounts: login, sessions, passwords, and the [`Actor`] the permission rules see.

use crate::app::App;
use crate::auth::{check_password_policy, random_token, temporary_password, token_hash};
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change, Who};
use crate::services::throttle;
pub use crate::store::users::SessionRow;
use crate::store::users::{self, NewSession, NewUser, SessionUser};
use crate::store::{now_micros, org};
use kinerja_domain::access::{Actor, Decision, Role, Standing, Subject};
use kinerja_domain::org::UnitPath;
use serde_json::json;
use std::net::IpAddr;

pub const KIND_WEB: &str = "web";
pub const KIND_API: &str = "api";

/// The signed-in user of one request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub session: SessionUser,
    pub actor: Actor,
}

impl CurrentUser {
    pub fn who(&self) -> Who {
        Who {
            user_id: Some(self.session.user_id),
            name: format!("{} ({})", self.session.display_name, self.session.username),
        }
    }

    pub fn instansi_id(&self) -> i64 {
        self.session.instansi_id
    }

    /// Whether the user has an SKP of their own: an employee who is not a pejabat negara
    /// (a regent is rated by no penilai and writes no plan).
    pub fn writes_skp(&self) -> bool {
        self.session.employee_id.is_some()
            && self.session.jenis_asn.as_deref() != Some("pejabat_negara")
    }
}

pub struct NewLogin {
    pub token: String,
    pub must_change_password: bool,
    /// A fresh device cookie: this browser is a known device of the account from now on.
    pub device_cookie: String,
}

/// Usernames are NIPs for employees; people type them with spaces as printed.
pub fn normalize_username(raw: &str) -> String {
    let n = kinerja_domain::Nip::normalize(raw);
    if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
        n
    } else {
        raw.trim().to_string()
    }
}

/// Where a sign-in comes from: the client's address (behind a trusted proxy, the one it
/// forwarded) and the device cookie the browser kept from an earlier sign-in.
pub struct Origin<'a> {
    pub ip: IpAddr,
    pub device: Option<&'a str>,
}

/// Checks the credentials and opens a session of `kind`. Every failure that could reveal
/// whether an account exists answers with the same [`AppError::BadCredentials`], and
/// throttling counts unknown accounts like real ones (see [`crate::services::throttle`]).
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    origin: Origin<'_>,
    kind: &str,
) -> AppResult<NewLogin> {
    let username = normalize_username(username);
    let gate = throttle::before_attempt(app, origin.ip, &username, origin.device).await?;
    let user = users::user_by_username(&app.db, &username).await?;
    let now = now_micros();
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let ok = app.passwords.verify(password.to_string(), stored).await?;
    let user = match (ok, user) {
        // Only someone who knows the temporary password learns that it expired.
        (true, Some(u)) if u.aktif && u.password_expires_at.is_some_and(|t| t <= now) => {
            return Err(AppError::PasswordExpired);
        }
        (true, Some(u)) if u.aktif => u,
        (_, u) => {
            throttle::failed(app, &gate).await?;
            tracing::info!(user = u.map(|u| u.id), "login failed");
            return Err(AppError::BadCredentials);
        }
    };
    throttle::succeeded(app, &gate).await?;
    let token = random_token(32);
    let hours = if kind == KIND_API {
        24 * app.cfg.api_token_days
    } else {
        app.cfg.session_hours
    };
    let mut tx = app.db.begin().await?;
    users::session_insert(
        &mut tx,
        NewSession {
            token_hash: &token_hash(&token),
            user_id: user.id,
            instansi_id: user.instansi_id,
            kind,
            csrf_token: &random_token(24),
            expires_at: now + hours * 3_600_000_000,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = user.id, kind, "login");
    Ok(NewLogin {
        token,
        must_change_password: user.must_change_password,
        device_cookie: throttle::device_cookie(app, &username),
    })
}

/// The user behind a session token, with everything the permission rules need. Read from
/// the database on every request (one query over indexed keys), so that a logout, a password reset,
/// a deactivation or a change of rights made by any process counts at once.
pub async fn authenticate(app: &App, token: &str, kind: &str) -> AppResult<Option<CurrentUser>> {
    let hash = token_hash(token);
    let now = now_micros();
    let Some((session, rights)) =
        users::session_with_rights(&app.db, &hash, kind, now, app.today()).await?
    else {
        return Ok(None);
    };
    let actor = actor_of(&session, rights);
    Ok(Some(CurrentUser { session, actor }))
}

/// A granted role as the rules see it (an admin OPD grant without its unit grants nothing).
fn role_of(role: &str, unit_path: Option<String>) -> Option<Role> {
    match role {
        "admin_instansi" => Some(Role::AdminInstansi),
        "pimpinan" => Some(Role::Pimpinan),
        "admin_opd" => unit_path.map(|p| Role::AdminOpd {
            opd: UnitPath::from_stored(p),
        }),
        _ => None,
    }
}

/// What the rules need to know about someone an admin would act on: their roles, the units
/// they lead today and the kind of their position.
pub async fn standing_of(app: &App, e: &org::EmployeeRow) -> AppResult<Standing> {
    let roles = users::roles_of_employee(&app.db, e.instansi_id, e.id)
        .await?
        .into_iter()
        .filter_map(|r| role_of(&r.role, r.unit_path))
        .collect();
    let led_units = org::led_units(&app.db, e.instansi_id, e.id, app.today())
        .await?
        .into_iter()
        .map(|(_, p)| UnitPath::from_stored(p))
        .collect();
    Ok(Standing {
        roles,
        led_units,
        jenis_jabatan: kinerja_domain::JenisJabatan::parse(&e.jenis_jabatan),
    })
}

pub async fn load_actor(app: &App, s: &SessionUser) -> AppResult<Actor> {
    let rights = users::rights_of(
        &app.db,
        s.instansi_id,
        s.user_id,
        s.employee_id,
        app.today(),
    )
    .await?;
    Ok(actor_of(s, rights))
}

/// The permission rules' view of a signed-in account and its rights.
fn actor_of(s: &SessionUser, rights: Vec<users::RightRow>) -> Actor {
    let mut roles = Vec::new();
    let mut led_units = Vec::new();
    let mut rated_by_override = Vec::new();
    for r in rights {
        match (r.kind.as_str(), r.role, r.path, r.employee_id) {
            ("role", Some(role), path, _) => roles.extend(role_of(&role, path)),
            ("led", _, Some(path), _) => {
                let p = UnitPath::from_stored(path);
                if !led_units.contains(&p) {
                    led_units.push(p);
                }
            }
            ("override", _, _, Some(e)) => rated_by_override.push(e),
            _ => {}
        }
    }
    Actor {
        user_id: s.user_id,
        instansi_id: s.instansi_id,
        employee_id: s.employee_id,
        roles,
        led_units,
        rated_by_override,
        own_unit: s.own_unit_path.clone().map(UnitPath::from_stored),
    }
}

pub async fn logout(app: &App, token_hash: &str) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    users::session_delete(&mut tx, token_hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes one's own password; other sessions of the account end.
pub async fn change_password(
    app: &App,
    user: &CurrentUser,
    current: &str,
    new: &str,
    confirm: &str,
) -> AppResult<()> {
    let row = users::user_get(&app.db, user.instansi_id(), user.session.user_id).await?;
    if !app
        .passwords
        .verify(current.to_string(), row.password_hash.clone())
        .await?
    {
        return Err(AppError::invalid("current", "password-current-wrong"));
    }
    if new != confirm {
        return Err(AppError::invalid("confirm", "password-mismatch"));
    }
    if new == current {
        return Err(AppError::invalid("password", "password-same"));
    }
    check_password_policy(new, &row.username)?;
    let hash = app.passwords.hash(new.to_string()).await?;
    let mut tx = app.db.begin().await?;
    users::set_password(&mut tx, user.instansi_id(), row.id, &hash, false).await?;
    users::sessions_delete_for_user(
        &mut tx,
        user.instansi_id(),
        row.id,
        Some(&user.session.token_hash),
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        row.instansi_id,
        &user.who(),
        Change {
            action: "user.password_change",
            object_type: "user",
            object_id: Some(row.id),
            subject_employee_id: row.employee_id,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What an admin's password reset did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetOutcome {
    /// The temporary password, shown once.
    Temporary(String),
    /// A reset of a senior head by an OPD admin: waits for an admin BKPSDM, who will be
    /// shown the temporary password.
    Pending,
}

/// An admin sets a temporary password for an employee's account and ends its sessions:
/// never their own, never for someone with more rights, and for a senior head only with
/// the confirmation of an admin BKPSDM.
pub async fn reset_password(
    app: &App,
    by: &CurrentUser,
    employee_id: i64,
) -> AppResult<ResetOutcome> {
    let emp = org::employee_get(&app.db, by.instansi_id(), employee_id).await?;
    let path = emp.unit_path();
    let subject = Subject {
        instansi_id: emp.instansi_id,
        employee_id: emp.id,
        unit_path: &path,
    };
    let standing = standing_of(app, &emp).await?;
    match by.actor.can_reset_password(&subject, &standing) {
        Decision::Denied => Err(AppError::Forbidden),
        Decision::NeedsConfirmation => {
            crate::services::confirmations::request(
                app,
                by,
                kinerja_domain::confirmation::ChangeKind::PasswordReset,
                &emp,
                json!({}),
            )
            .await?;
            Ok(ResetOutcome::Pending)
        }
        Decision::Allowed => Ok(ResetOutcome::Temporary(
            apply_password_reset(app, by, &emp, None).await?,
        )),
    }
}

/// Sets a temporary password (valid for `temporary_password_hours`) and ends every session
/// and token of the account. The caller has checked the permission.
pub(crate) async fn apply_password_reset(
    app: &App,
    by: &CurrentUser,
    emp: &org::EmployeeRow,
    confirming: Option<&crate::services::confirmations::Confirming<'_>>,
) -> AppResult<String> {
    let temp = temporary_password();
    let hash = app.passwords.hash(temp.clone()).await?;
    // Read before the transaction: a pooled read while holding a write connection can
    // exhaust the pool under load.
    let existing = users::user_by_employee(&app.db, emp.instansi_id, emp.id).await?;
    let expires_at = now_micros() + app.cfg.temporary_password_hours * 3_600_000_000;
    let mut tx = app.db.begin().await?;
    let user_id = match existing {
        Some(u) => u.id,
        None => {
            users::user_insert(
                &mut tx,
                NewUser {
                    instansi_id: emp.instansi_id,
                    employee_id: Some(emp.id),
                    username: emp.nip.as_deref().unwrap_or(&format!("pegawai-{}", emp.id)),
                    display_name: &emp.nama_lengkap(),
                    password_hash: None,
                    must_change_password: true,
                },
            )
            .await?
        }
    };
    users::set_temporary_password(&mut tx, emp.instansi_id, user_id, &hash, expires_at).await?;
    users::sessions_delete_for_user(&mut tx, emp.instansi_id, user_id, None).await?;
    if let Some(c) = confirming {
        c.mark(app, &mut tx, by).await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        emp.instansi_id,
        &by.who(),
        Change {
            action: "user.password_reset",
            object_type: "user",
            object_id: Some(user_id),
            subject_employee_id: Some(emp.id),
            before: None,
            after: Some(json!({
                "must_change_password": true,
                "expires_at": expires_at,
                "requested_by": confirming.map(|c| c.on_behalf.as_str()),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(temp)
}

/// The operator sets the password of any account from the server's command line: the path
/// for admin BKPSDM accounts and for officials above every admin, whom no admin page may
/// reset. The password policy applies, every session and token of the account ends, and
/// the change is audited.
pub async fn set_password_by_operator(
    app: &App,
    username: &str,
    password: &str,
    who: &Who,
) -> AppResult<()> {
    let username = normalize_username(username);
    let row = users::user_by_username(&app.db, &username)
        .await?
        .ok_or(AppError::NotFound)?;
    check_password_policy(password, &row.username)?;
    let hash = app.passwords.hash(password.to_string()).await?;
    let mut tx = app.db.begin().await?;
    users::set_password(&mut tx, row.instansi_id, row.id, &hash, false).await?;
    users::sessions_delete_for_user(&mut tx, row.instansi_id, row.id, None).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        row.instansi_id,
        who,
        Change {
            action: "user.password_set_by_operator",
            object_type: "user",
            object_id: Some(row.id),
            subject_employee_id: row.employee_id,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await
}

/// Creates an admin BKPSDM account (CLI, first set-up).
pub async fn create_admin(
    app: &App,
    instansi_id: i64,
    username: &str,
    password: &str,
    who: &Who,
) -> AppResult<i64> {
    let username = username.trim();
    if username.is_empty() || username.len() > 64 || username.contains(char::is_whitespace) {
        return Err(AppError::invalid("username", "username-invalid"));
    }
    check_password_policy(password, username)?;
    if users::user_by_username(&app.db, username).await?.is_some() {
        return Err(AppError::invalid("username", "username-taken"));
    }
    let hash = app.passwords.hash(password.to_string()).await?;
    let mut tx = app.db.begin().await?;
    let id = users::user_insert(
        &mut tx,
        NewUser {
            instansi_id,
            employee_id: None,
            username,
            display_name: username,
            password_hash: Some(&hash),
            must_change_password: false,
        },
    )
    .await?;
    users::role_grant(&mut tx, instansi_id, id, "admin_instansi", None).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi_id,
        who,
        Change {
            action: "user.create_admin",
            object_type: "user",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"username": username, "role": "admin_instansi"})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Grants a role to the account of an employee (admin OPD of their OPD, pimpinan).
pub async fn grant_role(
    app: &App,
    instansi_id: i64,
    user_id: i64,
    role: &str,
    unit_id: Option<i64>,
    who: &Who,
) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    let id = users::role_grant(&mut tx, instansi_id, user_id, role, unit_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi_id,
        who,
        Change {
            action: "user.role_grant",
            object_type: "user",
            object_id: Some(user_id),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"role": role, "unit_id": unit_id, "grant_id": id})),
        },
    )
    .await?;
    tx.commit().await
}

/// A fresh CSRF-safe random value for forms that are not bound to a session yet.
pub fn new_form_token() -> String {
    random_token(16)
}

// ---------------------------------------------------------------------------------------
// Sessions and API tokens of one's own account

/// The signed-in user's sessions and API tokens, the current one marked.
pub async fn my_sessions(
    app: &App,
    user: &CurrentUser,
) -> AppResult<(Vec<users::SessionRow>, String)> {
    let list = users::sessions_of(
        &app.db,
        user.instansi_id(),
        user.session.user_id,
        now_micros(),
    )
    .await?;
    Ok((list, user.session.token_hash[..16].to_string()))
}

/// Ends one of one's own sessions or tokens (never anyone else's: the owner is part of the
/// statement).
pub async fn revoke_session(app: &App, user: &CurrentUser, handle: &str) -> AppResult<()> {
    let handle = handle.trim();
    if handle.len() != 16 || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let mut tx = app.db.begin().await?;
    let ended =
        users::session_revoke(&mut tx, user.instansi_id(), user.session.user_id, handle).await?;
    if !ended {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action: "user.session_revoke",
            object_type: "user",
            object_id: Some(user.session.user_id),
            subject_employee_id: user.session.employee_id,
            before: Some(json!({"sesi": handle})),
            after: None,
        },
    )
    .await?;
    tx.commit().await
}

/// Ends every session and token of one's account except the current one.
pub async fn revoke_other_sessions(app: &App, user: &CurrentUser) -> AppResult<usize> {
    let mut tx = app.db.begin().await?;
    let ended = users::sessions_delete_for_user(
        &mut tx,
        user.instansi_id(),
        user.session.user_id,
        Some(&user.session.token_hash),
    )
    .await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        user.instansi_id(),
        &user.who(),
        Change {
            action: "user.session_revoke_others",
            object_type: "user",
            object_id: Some(user.session.user_id),
            subject_employee_id: user.session.employee_id,
            before: Some(json!({"jumlah": ended.len()})),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ended.len())
}
