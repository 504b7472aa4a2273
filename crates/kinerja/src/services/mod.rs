//! Services: what the application does, shared by the pages, the API and the CLI. Each
//! function checks who may do it before it reads or writes.

/// Counts the statements a request sends (its cost, for the metrics and the budget tests).
pub use crate::store::counting_queries;
/// The read models the store returns, as the services hand them to pages and API.
pub use crate::store::{Page, micros_to_datetime};

pub mod accounts;
pub mod acting;
pub mod audit;
pub mod confirmations;
pub mod dasbor;
pub mod documents;
pub mod import;
pub mod laporan;
pub mod mail;
pub mod masukan;
pub mod notifications;
pub mod org;
pub mod panduan;
pub mod pengembangan;
pub mod penilaian;
pub mod periode;
pub mod progres;
pub mod referensi;
pub mod skp;
pub mod throttle;
pub mod tpp;
pub mod tugas;
pub mod umpan_balik;

/// The application, connected, migrated and with its start-up duties done: a key other
/// than the one that signs the audit chains is refused, and audit heads written before
/// heads were signed are signed once their chain verifies.
pub async fn start(cfg: crate::config::Config) -> crate::error::AppResult<crate::app::App> {
    let configured = cfg.audit_key.is_some();
    let app = crate::app::App::connect(cfg).await?;
    audit::check_key(&app.db, &app.audit_key, configured).await?;
    audit::sign_unsigned_heads(&app.db, &app.audit_key).await?;
    Ok(app)
}

/// Each database pool's (name, open, idle) connections, for the metrics.
pub fn pool_usage(app: &crate::app::App) -> Vec<(&'static str, u32, usize)> {
    let mut pools = app.db.pool_usage();
    if let Some(r) = &app.read_db {
        pools.extend(
            r.pool_usage()
                .into_iter()
                .map(|(_, open, idle)| ("replica", open, idle)),
        );
    }
    pools
}

/// Whether this server should get requests (the load balancer's check): not shutting
/// down, the database answers and so does the file store.
pub async fn readiness(app: &crate::app::App) -> Result<(), &'static str> {
    if app.draining.load(std::sync::atomic::Ordering::Acquire) {
        return Err("shutting down");
    }
    if app.db.ping().await.is_err() {
        return Err("database unavailable");
    }
    if let Some(r) = &app.read_db
        && r.ping().await.is_err()
    {
        return Err("read replica unavailable");
    }
    if !app.blobs.reachable().await {
        return Err("file storage unavailable");
    }
    Ok(())
}
