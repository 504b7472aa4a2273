//! Kinerja: performance management for Indonesian civil servants (PermenPANRB 6/2022).
//!
//! Layers, outermost first: `cli` and `web`/`api` (thin), `services` (what the application
//! does, with permission checks), `store` (the only place with SQL), and the pure rules in
//! the `kinerja-domain` crate. See `docs/architecture.md`.

pub mod app;
pub mod auth;
pub mod cache;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod http;
pub mod i18n;
pub mod services;
pub mod storage;
pub mod store;

pub use app::App;
pub use config::Config;
pub use error::{AppError, AppResult};
