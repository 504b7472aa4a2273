//! Where performance is low: the analysis.

use super::*;

/// One repeated low rating in one group.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub group: Group,
    pub nama: String,
    pub sasaran: Sasaran,
    pub low: i64,
    pub judged: i64,
    pub suggestions: Vec<KatalogRow>,
}

impl Finding {
    pub fn percent(&self) -> i64 {
        if self.judged == 0 {
            0
        } else {
            self.low * 100 / self.judged
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub scope: UnitRow,
    pub periods: Vec<(i64, PeriodRow)>,
    pub tahun: i64,
    pub period: PeriodRow,
    pub aturan: AturanKebutuhan,
    /// BerAKHLAK value names, 1..=7.
    pub nilai: Vec<String>,
    /// Results judged in the scope.
    pub judged: i64,
    pub by_unit: Vec<Finding>,
    pub by_kind: Vec<Finding>,
    pub by_jabatan: Vec<Finding>,
    /// People on the plan for this period in the scope.
    pub planned: i64,
    pub can_plan: bool,
}

/// Tally of one group: judged, results low, and per value low.
#[derive(Default, Clone)]
pub(super) struct Tally {
    judged: i64,
    hasil: i64,
    nilai: [i64; 7],
}

pub(super) fn kind_of(units: &HashMap<i64, &UnitRow>, mut id: i64) -> JenisUnit {
    loop {
        let Some(u) = units.get(&id) else {
            return JenisUnit::Opd;
        };
        if let Some(k) = JenisUnit::parse(&u.jenis).filter(|k| KINDS.contains(k)) {
            return k;
        }
        match u.parent_id {
            Some(p) => id = p,
            None => return JenisUnit::Opd,
        }
    }
}

pub(super) fn jenis_unit_of(u: &UnitRow) -> JenisUnit {
    JenisUnit::parse(&u.jenis).unwrap_or(JenisUnit::Opd)
}

/// A stored entry as the form shows it.
pub fn input_of(r: &KatalogRow) -> KatalogInput {
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    KatalogInput {
        kode: r.kode.clone(),
        nama: r.nama.clone(),
        bentuk: r.bentuk.clone(),
        sasaran: r.sasaran.clone(),
        jenis_unit: split(&r.jenis_unit),
        jenis_jabatan: split(&r.jenis_jabatan),
        penyelenggara: r.penyelenggara.clone(),
        jp: r.jp.to_string(),
    }
}

/// The active catalogue entries suiting a need, best first.
pub(super) fn suggestions(
    rows: &[KatalogRow],
    sasaran: Sasaran,
    kelompok: &Kelompok,
) -> Vec<KatalogRow> {
    let (active, entries): (Vec<&KatalogRow>, Vec<Katalog>) = rows
        .iter()
        .filter(|r| r.aktif)
        .filter_map(|r| input_of(r).validate().ok().map(|k| (r, k)))
        .unzip();
    rank(&entries, sasaran, kelompok)
        .into_iter()
        .map(|i| active[i].clone())
        .collect()
}

/// Resolves the scope and period the way the reports do (any period kind).
pub(super) async fn subject(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
) -> AppResult<laporan::Subject> {
    laporan::subject(
        app,
        user,
        Jenis::Rekap,
        &Params {
            unit,
            periode,
            ..Default::default()
        },
    )
    .await
}

pub async fn analysis(
    app: &App,
    user: &CurrentUser,
    unit: Option<i64>,
    periode: Option<i64>,
) -> AppResult<Analysis> {
    let s = subject(app, user, unit, periode).await?;
    let instansi = user.instansi_id();
    let year = crate::store::periode::year_get(&app.db, instansi, s.period.year_id).await?;
    let referensi =
        crate::services::referensi::referensi(app, instansi, year.reference_version_id).await?;
    let aturan = referensi.aturan.kebutuhan;
    let path = s.scope.unit_path();
    let units = org::units_in_subtree(&app.db, instansi, &path).await?;
    let by_id: HashMap<i64, &UnitRow> = units.iter().map(|u| (u.id, u)).collect();
    let child_of = |mut id: i64| -> i64 {
        loop {
            match by_id.get(&id).and_then(|u| u.parent_id) {
                Some(p) if p == s.scope.id => return id,
                Some(p) if by_id.contains_key(&p) => id = p,
                _ => return id,
            }
        }
    };
    let rows = store::needs_in(app.reader(), instansi, &path, s.period.id).await?;
    let mut unit_t: HashMap<i64, Tally> = HashMap::new();
    let mut kind_t: HashMap<JenisUnit, Tally> = HashMap::new();
    let mut jab_t: HashMap<String, Tally> = HashMap::new();
    let mut judged = 0;
    for (unit_id, jenis, hasil, mask, n) in &rows {
        judged += n;
        let add = |t: &mut Tally| {
            t.judged += n;
            if hasil.as_deref() == Some("di_bawah") {
                t.hasil += n;
            }
            for (k, v) in t.nilai.iter_mut().enumerate() {
                if mask & (1 << k) != 0 {
                    *v += n;
                }
            }
        };
        add(unit_t.entry(child_of(*unit_id)).or_default());
        add(kind_t.entry(kind_of(&by_id, *unit_id)).or_default());
        add(jab_t.entry(jenis.clone()).or_default());
    }
    let katalog = store::katalog_list(&app.db, instansi).await?;
    let findings = |group: Group, nama: String, kelompok: Kelompok, t: &Tally| -> Vec<Finding> {
        Sasaran::all()
            .into_iter()
            .filter_map(|sasaran| {
                let low = match sasaran {
                    Sasaran::Hasil => t.hasil,
                    Sasaran::Perilaku(k) => t.nilai[k as usize - 1],
                };
                aturan
                    .repeated(low as u32, t.judged as u32)
                    .then(|| Finding {
                        group: group.clone(),
                        nama: nama.clone(),
                        sasaran,
                        low,
                        judged: t.judged,
                        suggestions: suggestions(&katalog, sasaran, &kelompok)
                            .into_iter()
                            .take(3)
                            .collect(),
                    })
            })
            .collect()
    };
    let sort = |mut v: Vec<Finding>| {
        v.sort_by(|a, b| {
            (b.low * a.judged)
                .cmp(&(a.low * b.judged))
                .then(b.low.cmp(&a.low))
                .then(a.nama.cmp(&b.nama))
        });
        v
    };
    let mut by_unit = Vec::new();
    for (id, t) in &unit_t {
        if let Some(u) = by_id.get(id) {
            by_unit.extend(findings(
                Group::Unit(*id),
                u.nama.clone(),
                Kelompok::Unit(jenis_unit_of(u)),
                t,
            ));
        }
    }
    let mut by_kind = Vec::new();
    for (k, t) in &kind_t {
        by_kind.extend(findings(
            Group::JenisUnit(*k),
            k.label().to_string(),
            Kelompok::JenisUnit(*k),
            t,
        ));
    }
    let mut by_jabatan = Vec::new();
    for (j, t) in &jab_t {
        if let Some(jj) = JenisJabatan::parse(j) {
            by_jabatan.extend(findings(
                Group::JenisJabatan(jj),
                jj.label().to_string(),
                Kelompok::JenisJabatan(jj),
                t,
            ));
        }
    }
    let planned = store::rencana_count(app.reader(), instansi, &path, s.period.id).await?;
    Ok(Analysis {
        can_plan: user.actor.can_edit_unit(instansi, &path),
        nilai: s.nilai,
        scope: s.scope,
        periods: s.periods,
        tahun: s.tahun,
        period: s.period,
        aturan,
        judged,
        by_unit: sort(by_unit),
        by_kind: sort(by_kind),
        by_jabatan: sort(by_jabatan),
        planned,
    })
}
