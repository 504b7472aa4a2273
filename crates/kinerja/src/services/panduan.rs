//! The guide (`/panduan`): what each role does in the year, with this instansi's own
//! deadlines. Anyone signed in reads it; the parts for the reader's own roles come first.

use crate::app::App;
use crate::error::AppResult;
use crate::services::accounts::CurrentUser;
use crate::store::periode::{PeriodRow, YearRow};

/// The parts of the guide, in the order a reader with every role would read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Writes an SKP, logs activity, assesses themself.
    Pegawai,
    /// Approves plans, acknowledges activity, rates, explains objections.
    Penilai,
    /// Reads the dashboard, sets units' capaian, decides objections as atasan.
    Pimpinan,
    /// Keeps the organisation, years, imports, PLT/PLH and accounts.
    Admin,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Pegawai, Part::Penilai, Part::Pimpinan, Part::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Part::Pegawai => "pegawai",
            Part::Penilai => "penilai",
            Part::Pimpinan => "pimpinan",
            Part::Admin => "admin",
        }
    }
}

pub struct Guide {
    /// The reader's own parts first (open on the page), then the others.
    pub parts: Vec<(Part, bool)>,
    pub year: Option<YearRow>,
    pub periods: Vec<PeriodRow>,
}

pub async fn guide(app: &App, user: &CurrentUser) -> AppResult<Guide> {
    let mine = |p: Part| match p {
        Part::Pegawai => user.writes_skp(),
        Part::Penilai => {
            !user.actor.led_units.is_empty() || !user.actor.rated_by_override.is_empty()
        }
        Part::Pimpinan => user.actor.is_pimpinan(),
        Part::Admin => user.actor.is_admin(),
    };
    let mut parts: Vec<(Part, bool)> = Part::ALL.iter().map(|p| (*p, mine(*p))).collect();
    // Stable: own parts first, each group in the order of the year.
    parts.sort_by_key(|(_, own)| !own);
    let year = crate::services::periode::current_year(app, user.instansi_id()).await?;
    let periods = match &year {
        Some(y) => crate::store::periode::periods(&app.db, user.instansi_id(), y.id).await?,
        None => Vec::new(),
    };
    Ok(Guide {
        parts,
        year,
        periods,
    })
}
