//! Evaluation (penilaian): ratings, the predikat matrix, the rating suggestions, the
//! distribution curve of a unit, keberatan deadlines and angka kredit (docs/domain-rules.md §5–9).
//!
//! Everything regulatory here is a value of [`AturanPenilaian`], stored with the year's
//! reference data, so that a new regulation is a new version and never a code change that
//! would silently rewrite past results.

use crate::jabatan::Jenjang;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

mod angka_kredit;
mod aturan;
mod keberatan;
mod kurva;
mod rating;
mod saran;
#[cfg(test)]
mod tests;
mod workflow;

pub use angka_kredit::*;
pub use aturan::*;
pub use keberatan::*;
pub use kurva::*;
pub use rating::*;
pub use saran::*;
pub use workflow::*;
