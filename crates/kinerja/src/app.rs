//! The application state shared by the web pages, the JSON API and the CLI.

use crate::auth::AuditKey;
use crate::auth::Passwords;
use crate::config::Config;
use crate::error::AppResult;
use crate::store::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    /// The replica named by `DATABASE_READ_URL`, if any: see [`App::reader`].
    pub read_db: Option<Db>,
    pub cfg: Config,
    pub passwords: Passwords,
    pub audit_key: AuditKey,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub proxies: Vec<crate::config::Cidr>,
    pub references: crate::cache::References,
    pub documents: Documents,
    pub caches: crate::cache::Caches,
    pub blobs: crate::storage::BlobStore,
    /// The monitoring servers that may read `/metrics`.
    pub metrics_readers: Vec<crate::config::Cidr>,
    /// Set when shutdown begins: the readiness check then sends traffic elsewhere.
    pub draining: std::sync::atomic::AtomicBool,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// Connects and migrates the database named in `cfg`. Callers start the application
    /// with `services::start`, which also does the start-up duties.
    pub async fn connect(cfg: Config) -> AppResult<App> {
        let db = Db::connect(&cfg.database_url, &cfg.pool_settings()).await?;
        db.migrate().await?;
        let read_db = match &cfg.database_read_url {
            None => None,
            Some(url) => Some(Db::connect_replica(url, &db, &cfg.pool_settings()).await?),
        };
        App::with_db(cfg, db, read_db)
    }

    /// Where the reads that may be a moment behind go: dashboards, reports, exports and
    /// monitoring read the replica when there is one. Whatever a person just wrote and
    /// every permission check read `db`, the primary.
    pub fn reader(&self) -> &Db {
        self.read_db.as_ref().unwrap_or(&self.db)
    }

    pub fn with_db(cfg: Config, db: Db, read_db: Option<Db>) -> AppResult<App> {
        let passwords = Passwords::with_concurrency(
            cfg.argon2_m_cost,
            cfg.argon2_t_cost,
            cfg.argon2_concurrency,
        )?;
        let proxies = cfg.proxies()?;
        let metrics_readers = cfg.metrics_readers()?;
        let audit_key = AuditKey::new(&cfg.audit_key_bytes()?);
        let blobs = crate::storage::BlobStore::open(cfg.storage_url.as_deref(), &cfg.data_dir)?;
        Ok(App(Arc::new(Inner {
            db,
            read_db,
            cfg,
            passwords,
            audit_key,
            proxies,
            references: Default::default(),
            documents: Default::default(),
            caches: Default::default(),
            blobs,
            metrics_readers,
            draining: Default::default(),
        })))
    }

    /// Today's date where the instansi is. Lampung is in WIB (UTC+7); dates decide PLT/PLH
    /// validity and deadlines, so they follow the office's calendar, not the server's.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().with_timezone(&wib()).date_naive()
    }
}

/// The office's time zone: WIB (UTC+7). Dates, deadlines and shown times follow it.
pub fn wib() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// One renderer per process (parsing the fonts is the expensive part), with bounds on the
/// work documents may take: PDFs rendered at once across all requests, and unit ZIPs (up
/// to the whole instansi, about 15,000 PDFs) built at once.
pub struct Documents {
    renderer: std::sync::OnceLock<Arc<kinerja_documents::Renderer>>,
    pub(crate) renders: Arc<tokio::sync::Semaphore>,
    pub(crate) zips: Arc<tokio::sync::Semaphore>,
}

/// Unit ZIPs built at once by one server; a request beyond waits up to a bounded time.
pub const ZIPS_AT_ONCE: usize = 2;

impl Default for Documents {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Documents {
            renderer: std::sync::OnceLock::new(),
            renders: Arc::new(tokio::sync::Semaphore::new(cores)),
            zips: Arc::new(tokio::sync::Semaphore::new(ZIPS_AT_ONCE)),
        }
    }
}

impl Documents {
    pub fn renderer(&self) -> Arc<kinerja_documents::Renderer> {
        self.renderer
            .get_or_init(|| Arc::new(kinerja_documents::Renderer::new()))
            .clone()
    }
}
