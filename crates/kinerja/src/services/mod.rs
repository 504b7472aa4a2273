//! Services: what the application does, shared by the pages, the API and the CLI. Each
//! function checks who may do it before it reads or writes.

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

/// The application, connected, migrated and with its start-up duties done: audit heads
/// written before heads were signed are signed once their chain verifies.
pub async fn start(cfg: crate::config::Config) -> crate::error::AppResult<crate::app::App> {
    let app = crate::app::App::connect(cfg).await?;
    audit::sign_unsigned_heads(&app.db, &app.audit_key).await?;
    Ok(app)
}

/// Whether the database answers (the health check of the load balancer).
pub async fn healthy(app: &crate::app::App) -> bool {
    app.db.ping().await.is_ok()
}
