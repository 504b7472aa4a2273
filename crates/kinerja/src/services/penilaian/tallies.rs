//! Every unit's progress and curve at once.

use super::*;

/// One unit's period over its whole subtree: progress, the predikat histogram computed from
/// the ratings by the year's matrix, and the curve rules broken under its capaian.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTally {
    pub unit_id: i64,
    pub parent_id: Option<i64>,
    pub nama: String,
    /// Position among its siblings (then by name), as the unit list orders them.
    pub urutan: i64,
    pub aktif: bool,
    pub capaian: Option<CapaianOrganisasi>,
    pub finalised_at: Option<i64>,
    /// Evaluations the penilai has not submitted yet (draft or self-assessed).
    pub pending: i64,
    /// Evaluations with a result.
    pub assessed: i64,
    /// Of the results, how many the penilai rated below expectation on BerAKHLAK value
    /// 1..=7 (index = kode - 1).
    pub perilaku_bawah: [i64; 7],
    /// Of the results with a predikat, per jenis jabatan (`JenisJabatan::ALL` order):
    /// (below Baik, all).
    pub jabatan: [(i64, i64); 6],
    pub histogram: Histogram,
    pub pelanggaran: Vec<Pelanggaran>,
}

impl UnitTally {
    pub fn total(&self) -> i64 {
        self.pending + self.assessed
    }

    pub fn percent_assessed(&self) -> i64 {
        match self.total() {
            0 => 0,
            t => self.assessed * 100 / t,
        }
    }
}

/// Progress, predikat and the curve check for every unit of `scope`'s subtree (for the
/// root: the whole instansi) in three queries of a row per unit, whatever the number of
/// employees.
/// Tree order; each unit counts its whole subtree, as its curve does.
pub async fn tallies(
    app: &App,
    instansi: i64,
    scope: &org::UnitRow,
    period: &PeriodRow,
    referensi: &Referensi,
) -> AppResult<Vec<UnitTally>> {
    let path = scope.unit_path();
    let units = org::units_in_subtree(&app.db, instansi, &path).await?;
    let rows = store::tallies_in(app.reader(), instansi, &path, period.id).await?;
    let records = store::unit_periods_in(app.reader(), instansi, &path, period.id).await?;
    let aturan = &referensi.aturan;
    let index: HashMap<i64, usize> = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut out: Vec<UnitTally> = units
        .iter()
        .map(|u| UnitTally {
            unit_id: u.id,
            parent_id: u.parent_id,
            nama: u.nama.clone(),
            urutan: u.urutan,
            aktif: u.aktif,
            capaian: None,
            finalised_at: None,
            pending: 0,
            assessed: 0,
            perilaku_bawah: [0; 7],
            jabatan: [(0, 0); 6],
            histogram: Histogram::default(),
            pelanggaran: Vec::new(),
        })
        .collect();
    for r in rows {
        let histogram = {
            let mut h = Histogram::default();
            for (hasil, perilaku, n) in r.pairs() {
                h.counts[aturan.matriks.predikat(hasil, perilaku).index()] += n.max(0) as u32;
            }
            h
        };
        // Add the unit's counts to it and every ancestor inside the scope.
        let mut at = index.get(&r.unit_id).copied();
        while let Some(i) = at {
            let t = &mut out[i];
            t.pending += r.pending;
            t.assessed += r.assessed;
            for (acc, low) in t.perilaku_bawah.iter_mut().zip(r.bawah()) {
                *acc += low;
            }
            for (acc, (low, n)) in t.jabatan.iter_mut().zip(r.jabatan()) {
                acc.0 += low;
                acc.1 += n;
            }
            for (acc, n) in t.histogram.counts.iter_mut().zip(histogram.counts) {
                *acc += n;
            }
            at = if t.unit_id == scope.id {
                None
            } else {
                t.parent_id.and_then(|p| index.get(&p).copied())
            };
        }
    }
    for (unit_id, capaian, finalised_at) in records {
        if let Some(&i) = index.get(&unit_id) {
            out[i].capaian = capaian.as_deref().and_then(CapaianOrganisasi::parse);
            out[i].finalised_at = finalised_at;
        }
    }
    for t in &mut out {
        if let Some(c) = t.capaian {
            t.pelanggaran = aturan.kurva.check(c, &t.histogram);
        }
    }
    Ok(out)
}
