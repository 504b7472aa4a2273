//! Secrets: random tokens, their stored hashes, and password hashing (Argon2id).

use crate::error::{AppError, Problem};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// A URL-safe random token of `bytes` bytes of entropy.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Session and API tokens are stored hashed: a leaked sessions table opens no account.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time comparison for tokens received from clients.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A temporary password that people can read aloud and type on a phone: no 0/O or 1/l.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut buf = [0u8; 12];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    let s: String = buf
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..])
}

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    /// A hash of a random password, verified against when the username is unknown so that
    /// response times do not reveal which accounts exist.
    dummy: String,
    /// Bounds the hashes computed at once: each takes `m_cost` KiB, so a login flood
    /// queues here instead of exhausting memory.
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

/// How long a sign-in waits for a free hashing slot before it is told to retry.
const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Passwords {
    pub fn with_concurrency(
        m_cost: u32,
        t_cost: u32,
        at_once: usize,
    ) -> Result<Passwords, AppError> {
        let params = Params::new(m_cost, t_cost, 1, None)
            .map_err(|e| AppError::Config(format!("argon2: {e}")))?;
        let mut p = Passwords {
            params,
            dummy: String::new(),
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(at_once.max(1))),
        };
        p.dummy = p.hash_blocking(&random_token(12))?;
        Ok(p)
    }

    /// Free hashing slots right now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    async fn slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(HASH_WAIT, self.permits.clone().acquire_owned()).await {
            Ok(Ok(p)) => Ok(p),
            Ok(Err(_)) => Err(AppError::Internal("password hashing closed".into())),
            Err(_) => Err(AppError::RateLimited { seconds: 5 }),
        }
    }

    fn hasher(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub fn hash_blocking(&self, password: &str) -> Result<String, AppError> {
        self.hasher()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    }

    pub fn verify_blocking(&self, password: &str, stored: Option<&str>) -> bool {
        let stored = stored.unwrap_or(&self.dummy);
        let ok = PasswordHash::new(stored)
            .map(|h| {
                self.hasher()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && stored != self.dummy
    }

    /// Hashing is CPU-bound: it runs off the async workers, a bounded number at a time.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let permit = self.slot().await?;
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            me.hash_blocking(&password)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }

    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let permit = self.slot().await?;
        let me = self.clone();
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            me.verify_blocking(&password, stored.as_deref())
        })
        .await
        .unwrap_or(false))
    }
}

/// Shortest password accepted (ASVS 4 L2, 2.1.1).
pub const PASSWORD_MIN: usize = 12;
/// Longest password accepted: long passphrases are welcome (ASVS 2.1.2), Argon2 input is
/// bounded.
pub const PASSWORD_MAX: usize = 128;

/// Passwords seen in breach corpora, lower case (ASVS 2.1.7). Shipped in the binary so the
/// check needs no network.
fn common_passwords() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            include_str!("../data/common-passwords.txt")
                .lines()
                .filter(|l| !l.starts_with("# ") && !l.is_empty())
                .collect()
        });
    &SET
}

/// Whether `password` is a common password, or one with digits and punctuation added around
/// it ("Password2026!", "123bismillah").
fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let set = common_passwords();
    let core =
        lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    set.contains(lower.as_str())
        || (core.chars().count() >= 4 && set.contains(core))
        || lower.chars().all(|c| lower.starts_with(c))
        || is_run(&lower)
}

/// "123456789012", "abcdefghijkl", "987654321098": each character the next (or previous)
/// of the one before, digits wrapping from 9 to 0.
fn is_run(s: &str) -> bool {
    let v: Vec<i32> = s.chars().map(|c| c as i32).collect();
    let step = |a: i32, b: i32, d: i32| {
        b - a == d
            || (a.abs_diff(b) == 9 && (b'0' as i32..=b'9' as i32).contains(&a) && (b - a) * d < 0)
    };
    v.len() > 2
        && [1, -1]
            .into_iter()
            .any(|d| v.windows(2).all(|w| step(w[0], w[1], d)))
}

/// The password rules (ASVS 4 L2, 2.1): length only, no composition rules; not a common
/// password; not built on the username. Checked before anything is stored.
pub fn check_password_policy(password: &str, username: &str) -> Result<(), AppError> {
    let mut problems = Vec::new();
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        problems.push(Problem::new("password", "password-too-short").arg("min", PASSWORD_MIN));
    }
    if n > PASSWORD_MAX {
        problems.push(Problem::new("password", "password-too-long").arg("max", PASSWORD_MAX));
    }
    if n >= PASSWORD_MIN && is_common(password) {
        problems.push(Problem::new("password", "password-common"));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        problems.push(Problem::new("password", "password-contains-username"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// The key of the audit chain (kept outside the database), with the keyed hashes made
/// from it.
#[derive(Clone)]
pub struct AuditKey(std::sync::Arc<[u8]>);

impl AuditKey {
    pub fn new(bytes: &[u8]) -> AuditKey {
        AuditKey(bytes.into())
    }

    /// A key for another purpose derived from this one (HMAC of a label), so that a cookie
    /// signature can never be replayed as an audit hash or the other way round.
    pub fn derive(&self, label: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("any key length");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// Names the key without revealing it: stored in the database so that a server with
    /// another key notices before it writes.
    pub fn fingerprint(&self) -> String {
        hex::encode(self.derive("kinerja-audit-key-fingerprint"))
    }

    /// The signature of a chain's head: without the key nobody can move the head back
    /// after deleting the newest events.
    pub fn sign_head(&self, instansi_id: i64, seq: i64, hash: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("any key length");
        mac.update(format!("kinerja-audit-head\n{instansi_id}\n{seq}\n{hash}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed hash of a list of fields. Every field is length-prefixed so that moving
    /// text from one field to the next changes the hash.
    pub fn hash_fields(&self, fields: &[&str]) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("any key length");
        for f in fields {
            mac.update(&(f.len() as u64).to_be_bytes());
            mac.update(f.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let p = Passwords::with_concurrency(256, 1, 1).unwrap();
        let h = p.hash_blocking("rahasia123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify_blocking("rahasia123", Some(&h)));
        assert!(!p.verify_blocking("rahasia124", Some(&h)));
        assert!(!p.verify_blocking("rahasia123", None));
        assert!(!p.verify_blocking("rahasia123", Some("not a hash")));
    }

    #[tokio::test]
    async fn hashes_wait_for_a_free_slot() {
        let p = Passwords::with_concurrency(256, 1, 2).unwrap();
        let h = p.hash_blocking("kopi pagi di kotabumi").unwrap();
        assert_eq!(p.available(), 2);
        // Both slots taken: a verification waits instead of running a third hash.
        let a = p.slot().await.unwrap();
        let b = p.slot().await.unwrap();
        assert_eq!(p.available(), 0);
        let waiting = {
            let p = p.clone();
            let h = h.clone();
            tokio::spawn(async move { p.verify("kopi pagi di kotabumi".into(), Some(h)).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert!(!waiting.is_finished(), "ran without a slot");
        drop(a);
        assert!(waiting.await.unwrap().unwrap());
        drop(b);
        assert_eq!(p.available(), 2, "slots are given back");
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token(32);
        assert_ne!(a, random_token(32));
        assert_eq!(token_hash(&a).len(), 64);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, "x"));
    }

    fn codes(password: &str, username: &str) -> Vec<String> {
        match check_password_policy(password, username) {
            Ok(()) => vec![],
            Err(AppError::Invalid(ps)) => ps.into_iter().map(|p| p.code).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn policy_is_length_and_not_common_without_composition_rules() {
        // A passphrase of letters only is fine; so is any script.
        assert!(codes("kopi pagi di kotabumi", "198001012005011001").is_empty());
        assert!(codes("pelangisenjahari", "u").is_empty());
        assert!(codes("ꦏꦶꦤꦼꦂꦗꦄꦱ꧀ꦤ꧀ꦗꦸꦩ꧀ꦥꦸꦔ꧀", "u").is_empty());
        assert_eq!(codes("rahasia123", "u"), ["password-too-short"]);
        assert_eq!(
            codes("kopi pagi ".repeat(13).as_str(), "u"),
            ["password-too-long"]
        );
        for common in [
            "qwerty123456",
            "QWERTY123456",
            "password2026!",
            "Bismillah12345",
            "123456789012",
            "abcdefghijkl",
            "987654321098",
            "aaaaaaaaaaaa",
            "lampungutara1",
        ] {
            assert_eq!(codes(common, "zz"), ["password-common"], "{common}");
        }
        assert_eq!(
            codes("x198001012005011001", "198001012005011001"),
            ["password-contains-username"]
        );
        let t = temporary_password();
        assert_eq!(t.len(), 14);
        assert!(codes(&t, "1").is_empty());
    }
}
