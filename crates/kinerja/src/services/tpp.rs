//! TPP recap: the formula the admin BKPSDM sets per year, the disiplin scores imported per
//! period, and the allowance per employee and per OPD computed by the domain rule.

use crate::app::App;
use crate::error::{AppError, AppResult, Problem};
use crate::services::accounts::CurrentUser;
use crate::services::audit::{self, Change};
use crate::store::tpp::{self as store, TppRow};
use kinerja_domain::jabatan::JenisJabatan;
use kinerja_domain::penilaian::Predikat;
use kinerja_domain::tpp::{AturanTpp, Tpp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The year's formula, or the starting one until the admin sets it.
pub async fn aturan(app: &App, instansi_id: i64, tahun: i64) -> AppResult<(AturanTpp, bool)> {
    Ok(
        match store::aturan_get(&app.db, instansi_id, tahun).await? {
            Some(json) => (
                serde_json::from_str(&json).map_err(|e| AppError::Internal(e.to_string()))?,
                true,
            ),
            None => (AturanTpp::default(), false),
        },
    )
}

/// The formula as typed in the form (every field text, so that a bad one is kept).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AturanInput {
    #[serde(default)]
    pub bobot_kinerja: String,
    #[serde(default)]
    pub bobot_disiplin: String,
    /// Sangat Baik … Sangat Kurang.
    #[serde(default)]
    pub persen_sb: String,
    #[serde(default)]
    pub persen_b: String,
    #[serde(default)]
    pub persen_bp: String,
    #[serde(default)]
    pub persen_k: String,
    #[serde(default)]
    pub persen_sk: String,
    #[serde(default)]
    pub tanpa_hasil: String,
    #[serde(default)]
    pub pagu_jpt: String,
    #[serde(default)]
    pub pagu_administrator: String,
    #[serde(default)]
    pub pagu_pengawas: String,
    #[serde(default)]
    pub pagu_fungsional: String,
    #[serde(default)]
    pub pagu_pelaksana: String,
    /// The activity component: empty or 0 leaves it off.
    #[serde(default)]
    pub aktivitas_bobot: String,
    #[serde(default)]
    pub aktivitas_target_menit: String,
    #[serde(default)]
    pub aktivitas_batas: String,
}

/// The jenis jabatan that receive TPP, in form order.
pub const JENIS: [JenisJabatan; 5] = [
    JenisJabatan::Jpt,
    JenisJabatan::Administrator,
    JenisJabatan::Pengawas,
    JenisJabatan::Fungsional,
    JenisJabatan::Pelaksana,
];

impl AturanInput {
    pub fn of(a: &AturanTpp) -> AturanInput {
        let p = |i: usize| a.persen_predikat[i].to_string();
        let pagu = |j| a.pagu_of(j).to_string();
        AturanInput {
            bobot_kinerja: a.bobot_kinerja.to_string(),
            bobot_disiplin: a.bobot_disiplin.to_string(),
            persen_sb: p(0),
            persen_b: p(1),
            persen_bp: p(2),
            persen_k: p(3),
            persen_sk: p(4),
            tanpa_hasil: a.tanpa_hasil.to_string(),
            pagu_jpt: pagu(JenisJabatan::Jpt),
            pagu_administrator: pagu(JenisJabatan::Administrator),
            pagu_pengawas: pagu(JenisJabatan::Pengawas),
            pagu_fungsional: pagu(JenisJabatan::Fungsional),
            pagu_pelaksana: pagu(JenisJabatan::Pelaksana),
            aktivitas_bobot: a.aktivitas.map(|x| x.bobot.to_string()).unwrap_or_default(),
            aktivitas_target_menit: a
                .aktivitas
                .map(|x| x.target_menit.to_string())
                .unwrap_or_else(|| "300".into()),
            aktivitas_batas: a
                .aktivitas
                .map(|x| x.batas_persen.to_string())
                .unwrap_or_else(|| "100".into()),
        }
    }

    pub fn pagu_field(j: JenisJabatan) -> &'static str {
        match j {
            JenisJabatan::Jpt => "pagu_jpt",
            JenisJabatan::Administrator => "pagu_administrator",
            JenisJabatan::Pengawas => "pagu_pengawas",
            JenisJabatan::Fungsional => "pagu_fungsional",
            _ => "pagu_pelaksana",
        }
    }

    pub fn pagu_value(&self, j: JenisJabatan) -> &str {
        match j {
            JenisJabatan::Jpt => &self.pagu_jpt,
            JenisJabatan::Administrator => &self.pagu_administrator,
            JenisJabatan::Pengawas => &self.pagu_pengawas,
            JenisJabatan::Fungsional => &self.pagu_fungsional,
            _ => &self.pagu_pelaksana,
        }
    }

    /// Every problem of the form, or the formula.
    pub fn parse(&self) -> Result<AturanTpp, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut num = |field: &'static str, s: &str| -> i64 {
            // "2.000.000" and "2000000" are both a rupiah amount.
            let clean: String = s.trim().chars().filter(|c| *c != '.').collect();
            match clean.parse::<i64>() {
                Ok(n) if n >= 0 => n,
                _ => {
                    problems.push(Problem::new(field, "tpp-number").arg("value", s.trim()));
                    0
                }
            }
        };
        let bobot_kinerja = num("bobot_kinerja", &self.bobot_kinerja) as u32;
        let bobot_disiplin = num("bobot_disiplin", &self.bobot_disiplin) as u32;
        let persen_predikat = [
            num("persen_sb", &self.persen_sb) as u32,
            num("persen_b", &self.persen_b) as u32,
            num("persen_bp", &self.persen_bp) as u32,
            num("persen_k", &self.persen_k) as u32,
            num("persen_sk", &self.persen_sk) as u32,
        ];
        let tanpa_hasil = num("tanpa_hasil", &self.tanpa_hasil) as u32;
        let pagu: Vec<(JenisJabatan, i64)> = JENIS
            .into_iter()
            .map(|j| (j, num(Self::pagu_field(j), self.pagu_value(j))))
            .collect();
        let aktivitas = match self.aktivitas_bobot.trim() {
            "" | "0" => None,
            b => Some(kinerja_domain::tpp::KomponenAktivitas {
                bobot: num("aktivitas_bobot", b) as u32,
                target_menit: num("aktivitas_target_menit", &self.aktivitas_target_menit) as u32,
                batas_persen: num("aktivitas_batas", &self.aktivitas_batas) as u32,
            }),
        };
        let a = AturanTpp {
            bobot_kinerja,
            bobot_disiplin,
            persen_predikat,
            tanpa_hasil,
            pagu,
            aktivitas,
        };
        if let Err(errs) = a.validate() {
            problems.extend(errs.iter().map(|e| Problem::new(e.field(), e.code())));
        }
        if problems.is_empty() {
            Ok(a)
        } else {
            Err(problems)
        }
    }
}

/// Sets the year's formula (admin BKPSDM only).
pub async fn save_aturan(
    app: &App,
    user: &CurrentUser,
    tahun: i64,
    input: &AturanInput,
) -> AppResult<()> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let a = input.parse().map_err(AppError::Invalid)?;
    let json = serde_json::to_string(&a).map_err(|e| AppError::Internal(e.to_string()))?;
    let before = store::aturan_get(&app.db, instansi, tahun).await?;
    let mut tx = app.db.begin().await?;
    store::aturan_put(&mut tx, instansi, tahun, &json, Some(user.session.user_id)).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "tpp.aturan",
            object_type: "tpp_aturan",
            object_id: Some(tahun),
            subject_employee_id: None,
            before: before.and_then(|b| serde_json::from_str(&b).ok()),
            after: serde_json::from_str(&json).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One employee's TPP line.
#[derive(Debug, Clone, Serialize)]
pub struct TppLine {
    pub row: TppRow,
    pub predikat: Option<Predikat>,
    pub tpp: Tpp,
}

/// A stored jenis jabatan; an unknown one gets no pagu.
fn jenis_of(code: &str) -> JenisJabatan {
    JenisJabatan::parse(code).unwrap_or(JenisJabatan::PejabatNegara)
}

/// One employee's allowance; `hari_kerja` are the period's working days, over which the
/// counted minutes of the daily log earn the activity component (when the rule has one).
pub fn line(a: &AturanTpp, row: TppRow, hari_kerja: u32) -> TppLine {
    let predikat = row.predikat.as_deref().and_then(Predikat::parse);
    let jenis = jenis_of(&row.jenis_jabatan);
    let mut tpp = a.hitung(jenis, predikat, row.disiplin);
    tpp.aktivitas = a.hitung_aktivitas(jenis, hari_kerja, row.menit.unwrap_or(0).max(0) as u64);
    TppLine { row, predikat, tpp }
}

/// The window of the daily log a period's TPP counts, and its working days.
pub async fn log_window(
    app: &App,
    instansi_id: i64,
    period: &crate::store::periode::PeriodRow,
) -> AppResult<(crate::store::tpp::LogWindow, u32)> {
    let holidays =
        crate::services::progres::holidays(app, instansi_id, period.mulai, period.selesai).await?;
    let hari_kerja = kinerja_domain::progres::working_days(
        period.mulai,
        period.selesai,
        &crate::services::progres::holiday_set(&holidays),
    );
    let wajib = crate::store::progres::aturan_get(&app.db, instansi_id)
        .await?
        .pengakuan_wajib;
    Ok((
        crate::store::tpp::LogWindow {
            from: period.mulai,
            to: period.selesai,
            waiting_counts: !wajib,
        },
        hari_kerja,
    ))
}

/// One OPD's totals.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TppOpdLine {
    pub nama: String,
    pub pegawai: i64,
    pub tanpa_hasil: i64,
    pub tanpa_disiplin: i64,
    pub pagu: i64,
    pub kinerja: i64,
    pub disiplin: i64,
    pub aktivitas: i64,
}

impl TppOpdLine {
    pub fn total(&self) -> i64 {
        self.kinerja + self.disiplin + self.aktivitas
    }
}

/// Per OPD, from the grouped rows: each group's people earn the same.
pub fn per_opd(
    a: &AturanTpp,
    groups: Vec<crate::store::tpp::TppGroup>,
    hari_kerja: u32,
) -> Vec<TppOpdLine> {
    let mut by: BTreeMap<(String, i64), TppOpdLine> = BTreeMap::new();
    for (id, nama, jenis, predikat, d100, menit, n) in groups {
        let p = predikat.as_deref().and_then(Predikat::parse);
        let t = a.hitung(jenis_of(&jenis), p, d100.map(|x| x as f64 / 100.0));
        let aktivitas = a.hitung_aktivitas(
            jenis_of(&jenis),
            hari_kerja,
            menit.unwrap_or(0).max(0) as u64,
        );
        let l = by.entry((nama.clone(), id)).or_insert_with(|| TppOpdLine {
            nama,
            ..Default::default()
        });
        l.pegawai += n;
        if p.is_none() {
            l.tanpa_hasil += n;
        }
        if d100.is_none() {
            l.tanpa_disiplin += n;
        }
        l.pagu += t.pagu * n;
        l.kinerja += t.kinerja * n;
        l.disiplin += t.disiplin * n;
        l.aktivitas += aktivitas * n;
    }
    by.into_values().collect()
}

/// Who may open the TPP pages at all: the instansi's admins and the pimpinan.
pub fn may_open(user: &CurrentUser) -> AppResult<()> {
    if !user.actor.is_admin_instansi() && !user.actor.is_pimpinan() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// How many attendance rows were imported per period of a year.
pub async fn disiplin_counts(
    app: &App,
    user: &CurrentUser,
    year_id: i64,
) -> AppResult<std::collections::HashMap<i64, i64>> {
    may_open(user)?;
    Ok(store::disiplin_counts(&app.db, user.instansi_id(), year_id)
        .await?
        .into_iter()
        .collect())
}
