//! Services: what the application does, shared by the pages, the API and the CLI. Each
//! function checks who may do it before it reads or writes.

pub mod accounts;
pub mod acting;
pub mod audit;
pub mod confirmations;
pub mod dasbor;
pub mod demo;
pub mod demo_penilaian;
pub mod demo_plans;
pub mod documents;
pub mod import;
pub mod laporan;
pub mod masukan;
pub mod org;
pub mod pengembangan;
pub mod penilaian;
pub mod skp;
pub mod throttle;
pub mod tpp;
pub mod umpan_balik;
