//! Analisis kebutuhan pengembangan. Over a subtree and a period, the groups where a
//! BerAKHLAK value or the results are repeatedly rated low: per sub-unit (an OPD, or a
//! bidang inside one), per kind of unit (kecamatan, kelurahan, UPTD, schools, offices) and
//! per jenis jabatan; each with the catalogue entries that suit it, the employees concerned
//! (with the penilai's feedback and notes), and the plan of who goes where.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::services::laporan::{self, Jenis, Params};
use crate::services::org as org_svc;
use crate::store::org::{self, UnitRow};
use crate::store::pengembangan::{self as store, FindingFilter};
pub use crate::store::pengembangan::{KatalogRow, LowRow};
use crate::store::periode::PeriodRow;
use kinerja_domain::jabatan::JenisJabatan;
use kinerja_domain::org::{JenisUnit, UnitPath};
use kinerja_domain::pengembangan::{
    AturanKebutuhan, Katalog, KatalogInput, Kelompok, Sasaran, rank,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

mod analysis;
mod finding;
mod katalog;

pub use analysis::*;
pub use finding::*;
pub use katalog::*;

/// Kinds of unit that characterise where people work; any other unit counts as an office.
const KINDS: [JenisUnit; 4] = [
    JenisUnit::Kecamatan,
    JenisUnit::Kelurahan,
    JenisUnit::Uptd,
    JenisUnit::Sekolah,
];

/// A group a finding is about, as it travels in URLs: `unit-ID`, `jenis-unit-CODE`,
/// `jabatan-CODE`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Group {
    Unit(i64),
    JenisUnit(JenisUnit),
    JenisJabatan(JenisJabatan),
}

impl Group {
    pub fn code(&self) -> String {
        match self {
            Group::Unit(id) => format!("unit-{id}"),
            Group::JenisUnit(j) => format!("jenis-unit-{}", j.code()),
            Group::JenisJabatan(j) => format!("jabatan-{}", j.code()),
        }
    }

    pub fn parse(s: &str) -> Option<Group> {
        if let Some(id) = s.strip_prefix("unit-") {
            return id.parse().ok().map(Group::Unit);
        }
        if let Some(c) = s.strip_prefix("jenis-unit-") {
            return JenisUnit::parse(c).map(Group::JenisUnit);
        }
        JenisJabatan::parse(s.strip_prefix("jabatan-")?).map(Group::JenisJabatan)
    }
}
