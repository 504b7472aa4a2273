//! The log at period end: each indicator's activity summed into a realisasi to pre-fill
//! (in the indicator's satuan; acknowledged entries only when the instansi requires it),
//! with the entries and their evidence for the penilai to see beside it.

use super::*;
use kinerja_domain::progres::{Counted, Tally, counts, realisasi_from_entries};
use std::collections::HashMap;

/// One indicator's activity in a period.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Activity {
    pub tally: Tally,
    /// Every entry of the indicator in the period (counted or not), by day.
    pub entries: Vec<EntryRow>,
    /// Whether acknowledgement is required for an entry to count.
    pub pengakuan_wajib: bool,
}

impl Activity {
    pub fn counts(&self, e: &EntryRow) -> bool {
        counts(e.pengakuan, self.pengakuan_wajib)
    }
}

/// The activity of a plan's indicators (`satuan_of`: indicator → its satuan) from the
/// employee's log over a period. Called by the evaluation, which has checked the reader.
pub async fn activity_of(
    app: &App,
    instansi: i64,
    employee_id: i64,
    period: &PeriodRow,
    satuan_of: &HashMap<i64, String>,
) -> AppResult<HashMap<i64, Activity>> {
    let entries =
        store::entries_between(&app.db, instansi, employee_id, period.mulai, period.selesai)
            .await?;
    let entries: Vec<EntryRow> = entries
        .into_iter()
        .filter(|e| satuan_of.contains_key(&e.indikator_id))
        .collect();
    if entries.is_empty() {
        return Ok(HashMap::new());
    }
    let wajib = store::aturan_get(&app.db, instansi).await?.pengakuan_wajib;
    let tallies = realisasi_from_entries(
        satuan_of,
        entries.iter().map(|e| Counted {
            indikator_id: e.indikator_id,
            satuan: &e.satuan,
            realisasi: e.realisasi,
            pengakuan: e.pengakuan,
        }),
        wajib,
    );
    let mut out: HashMap<i64, Activity> = HashMap::new();
    for e in entries {
        let a = out.entry(e.indikator_id).or_insert_with(|| Activity {
            tally: tallies.get(&e.indikator_id).cloned().unwrap_or_default(),
            entries: Vec::new(),
            pengakuan_wajib: wajib,
        });
        a.entries.push(e);
    }
    Ok(out)
}
