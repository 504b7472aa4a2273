//! The SKP (Sasaran Kinerja Pegawai): its workflow, its content, what makes it complete,
//! and the difference between two revisions (docs/domain-rules.md §2–3).

use serde::{Deserialize, Serialize};

mod content;
mod revision;
mod target;
#[cfg(test)]
mod tests;
mod workflow;

pub use content::*;
pub use revision::*;
pub use target::*;
pub use workflow::*;
