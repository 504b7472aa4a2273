//! Secrets: random tokens, their stored hashes, and password hashing (Argon2id).

use crate::error::{AppError, Problem};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
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
    let mut buf = [0u8; 10];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    let s: String = buf
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &s[..5], &s[5..])
}

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    /// A hash of a random password, verified against when the username is unknown so that
    /// response times do not reveal which accounts exist.
    dummy: String,
}

impl Passwords {
    pub fn new(m_cost: u32, t_cost: u32) -> Result<Passwords, AppError> {
        let params = Params::new(m_cost, t_cost, 1, None)
            .map_err(|e| AppError::Config(format!("argon2: {e}")))?;
        let mut p = Passwords {
            params,
            dummy: String::new(),
        };
        p.dummy = p.hash_blocking(&random_token(12))?;
        Ok(p)
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

    /// Hashing is CPU-bound: it runs off the async workers.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.hash_blocking(&password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
    }

    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.verify_blocking(&password, stored.as_deref()))
            .await
            .unwrap_or(false)
    }
}

/// The password rules, checked before anything is stored.
pub fn check_password_policy(password: &str, username: &str) -> Result<(), AppError> {
    let mut problems = Vec::new();
    if password.chars().count() < 8 {
        problems.push(Problem::new("password", "password-too-short").arg("min", 8));
    }
    if password.chars().count() > 128 {
        problems.push(Problem::new("password", "password-too-long").arg("max", 128));
    }
    if !password.chars().any(|c| c.is_alphabetic()) || !password.chars().any(|c| c.is_numeric()) {
        problems.push(Problem::new("password", "password-letters-digits"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let p = Passwords::new(256, 1).unwrap();
        let h = p.hash_blocking("rahasia123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify_blocking("rahasia123", Some(&h)));
        assert!(!p.verify_blocking("rahasia124", Some(&h)));
        assert!(!p.verify_blocking("rahasia123", None));
        assert!(!p.verify_blocking("rahasia123", Some("not a hash")));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token(32);
        assert_ne!(a, random_token(32));
        assert_eq!(token_hash(&a).len(), 64);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, "x"));
    }

    #[test]
    fn policy() {
        assert!(check_password_policy("kinerja2026", "198001012005011001").is_ok());
        assert!(check_password_policy("short1", "u").is_err());
        assert!(check_password_policy("onlyletters", "u").is_err());
        assert!(check_password_policy("x198001012005011001", "198001012005011001").is_err());
        let t = temporary_password();
        assert_eq!(t.len(), 11);
    }
}
