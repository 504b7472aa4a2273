//! SQL of daily work: rencana aksi, the daily log (progres harian), favourites, leave and
//! travel days, holidays and the instansi's rules for the log.

pub mod aturan;
pub mod bulk;
pub mod coverage;
pub mod entries;
pub mod export;
pub mod rencana_aksi;

pub use aturan::*;
pub use bulk::*;
pub use coverage::*;
pub use entries::*;
pub use export::*;
pub use rencana_aksi::*;

/// An update or delete that must touch its row: none touched means it is not there (or
/// not in this instansi).
fn one(r: sqlx::Result<u64>) -> crate::error::AppResult<()> {
    match crate::store::rows_affected(r)? {
        0 => Err(crate::error::AppError::NotFound),
        _ => Ok(()),
    }
}
