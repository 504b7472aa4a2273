//! The application state shared by the web pages, the JSON API and the CLI.

use crate::auth::Passwords;
use crate::config::Config;
use crate::error::AppResult;
use crate::services::audit::AuditKey;
use crate::store::Db;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub cfg: Config,
    pub passwords: Passwords,
    pub audit_key: AuditKey,
    pub login_limiter: RateLimiter,
    pub references: crate::services::skp::ReferenceCache,
    pub documents: crate::services::documents::Documents,
    pub caches: crate::cache::Caches,
    pub blobs: crate::storage::BlobStore,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// Connects and migrates the database named in `cfg`.
    pub async fn start(cfg: Config) -> AppResult<App> {
        let db = Db::connect(&cfg.database_url, &cfg.pool_settings()).await?;
        db.migrate().await?;
        App::with_db(cfg, db)
    }

    pub fn with_db(cfg: Config, db: Db) -> AppResult<App> {
        let passwords = Passwords::new(cfg.argon2_m_cost, cfg.argon2_t_cost)?;
        let audit_key = AuditKey::new(&cfg.audit_key_bytes()?);
        let login_limiter = RateLimiter::new(cfg.login_per_minute, Duration::from_secs(60));
        let blobs = crate::storage::BlobStore::local(&cfg.data_dir);
        Ok(App(Arc::new(Inner {
            db,
            cfg,
            passwords,
            audit_key,
            login_limiter,
            references: Default::default(),
            documents: Default::default(),
            caches: Default::default(),
            blobs,
        })))
    }

    /// Today's date where the instansi is. Lampung is in WIB (UTC+7); dates decide PLT/PLH
    /// validity and deadlines, so they follow the office's calendar, not the server's.
    pub fn today(&self) -> chrono::NaiveDate {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("valid offset");
        chrono::Utc::now().with_timezone(&wib).date_naive()
    }
}

/// A fixed-window counter per client address (login attempts). Kept in memory: it protects
/// this process; the per-account lockout in the database protects across processes.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a hit; returns the seconds to wait when over the limit.
    pub fn hit(&self, ip: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.hits.lock().expect("limiter lock");
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = map.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.limit {
            let wait = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_blocks_after_the_limit_per_address() {
        let l = RateLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(l.hit(a).is_ok());
        }
        let wait = l.hit(a).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(l.hit(b).is_ok());
    }
}
