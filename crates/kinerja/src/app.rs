//! The application state shared by the web pages, the JSON API and the CLI.

use crate::auth::Passwords;
use crate::config::Config;
use crate::error::AppResult;
use crate::services::audit::AuditKey;
use crate::store::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub cfg: Config,
    pub passwords: Passwords,
    pub audit_key: AuditKey,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub proxies: Vec<crate::config::Cidr>,
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
        let app = App::with_db(cfg, db)?;
        // Heads written before heads were signed are signed once their chain verifies.
        crate::services::audit::sign_unsigned_heads(&app.db, &app.audit_key).await?;
        Ok(app)
    }

    pub fn with_db(cfg: Config, db: Db) -> AppResult<App> {
        let passwords = Passwords::with_concurrency(
            cfg.argon2_m_cost,
            cfg.argon2_t_cost,
            cfg.argon2_concurrency,
        )?;
        let proxies = cfg.proxies()?;
        let audit_key = AuditKey::new(&cfg.audit_key_bytes()?);
        let blobs = crate::storage::BlobStore::local(&cfg.data_dir);
        Ok(App(Arc::new(Inner {
            db,
            cfg,
            passwords,
            audit_key,
            proxies,
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
