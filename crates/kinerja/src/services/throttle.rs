//! Login throttling that never shuts out the rightful user (OWASP's device cookies).
//!
//! - Every attempt counts against the client's address (`login_per_minute`), behind a
//!   trusted proxy the address it forwarded.
//! - A failed password counts against the account when it comes from a device that never
//!   signed in to it, and against that device alone when it carries a device cookie from
//!   an earlier successful sign-in. Once `throttle_failures` are reached in a window of
//!   `throttle_minutes`, attempts from that source are refused, the right password too.
//!   Someone who knows a NIP can therefore hold back unknown devices, never the person's
//!   own phone or desk.
//! - Unknown usernames are counted exactly like real ones: the answer never tells whether
//!   an account exists.
//!
//! Every counter lives in the database, so any number of server processes share them.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::store::{now_micros, throttle};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::net::IpAddr;

/// The cookie a browser keeps after a successful sign-in.
pub const DEVICE_COOKIE: &str = "kinerja_perangkat";
/// How long a device stays known without signing in again.
pub const DEVICE_DAYS: i64 = 180;

/// Where a failure of this attempt is counted.
pub struct Gate {
    key: String,
}

fn mac(app: &App, username: &str, nonce: &str) -> String {
    let key = app.audit_key.derive("kinerja/device-cookie");
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("any key length");
    m.update(username.as_bytes());
    m.update(b"\n");
    m.update(nonce.as_bytes());
    hex::encode(&m.finalize().into_bytes()[..16])
}

/// A device cookie for `username`: a random nonce and its signature.
pub fn device_cookie(app: &App, username: &str) -> String {
    let nonce = crate::auth::random_token(16);
    let sig = mac(app, username, &nonce);
    format!("{nonce}.{sig}")
}

/// The device's nonce when `cookie` was issued to this username by this deployment.
fn known_device(app: &App, username: &str, cookie: Option<&str>) -> Option<String> {
    let (nonce, sig) = cookie?.split_once('.')?;
    (nonce.len() <= 64 && crate::auth::same_secret(sig, &mac(app, username, nonce)))
        .then(|| nonce.to_string())
}

fn window(app: &App) -> i64 {
    app.cfg.throttle_minutes.max(1) * 60_000_000
}

/// Counts the attempt against the address and refuses it when the address, or the
/// account (unknown device) or the device (known device), is over its limit.
pub async fn before_attempt(
    app: &App,
    ip: IpAddr,
    username: &str,
    device: Option<&str>,
) -> AppResult<Gate> {
    let now = now_micros();
    let mut tx = app.db.begin().await?;
    let hits = throttle::hit(&mut tx, &format!("ip:{ip}"), now, 60_000_000).await?;
    tx.commit().await?;
    if hits > i64::from(app.cfg.login_per_minute) {
        return Err(AppError::RateLimited { seconds: 60 });
    }
    let key = match known_device(app, username, device) {
        Some(nonce) => format!("perangkat:{nonce}"),
        None => format!("akun:{}", username.to_lowercase()),
    };
    if let Some((failures, since)) = throttle::get(&app.db, &key, now, window(app)).await?
        && failures >= app.cfg.throttle_failures
    {
        let left = (since + window(app) - now).max(0);
        return Err(AppError::Throttled {
            minutes: (left / 60_000_000 + 1).min(app.cfg.throttle_minutes.max(1)),
        });
    }
    Ok(Gate { key })
}

/// A wrong password (or an unknown account): one failure more for the gate's source.
pub async fn failed(app: &App, gate: &Gate) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    throttle::hit(&mut tx, &gate.key, now_micros(), window(app)).await?;
    tx.commit().await
}

/// A successful sign-in clears its own source's failures (a known device starts afresh;
/// an attacker's count against unknown devices is left alone when the person signs in on
/// their own device).
pub async fn succeeded(app: &App, gate: &Gate) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    throttle::clear(&mut tx, &gate.key).await?;
    tx.commit().await
}

/// Removes counters of windows long over.
pub async fn purge(app: &App) -> AppResult<u64> {
    let mut tx = app.db.begin().await?;
    let n = throttle::purge(&mut tx, now_micros() - 2 * window(app).max(60_000_000)).await?;
    tx.commit().await?;
    Ok(n)
}
