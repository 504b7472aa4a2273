//! Demo evaluation data: the annual results of the past years finalised for everyone (with
//! a few decided objections), the finished quarters of this year finalised, and the current
//! quarter in progress in every state. People tend to keep their level from one period to
//! the next, and front-line units (kecamatan, kelurahan, UPTD, schools) are more often rated
//! low on Berorientasi Pelayanan, so that the reports and the training needs have a story.
//! Units get a capaian; some break their curve and carry the leader's justification.
//! Deterministic from the seed.

use crate::app::App;
use crate::demo::Rng;
use crate::error::AppResult;
use crate::services::penilaian::Snapshot;
use crate::services::skp::PersonHeader;
use crate::store::org::{self, EmployeeRow};
use crate::store::penilaian::{self as store, DemoEvaluation, ItemSeed, UnitPeriodSeed};
use crate::store::periode::PeriodRow;
use chrono::{Datelike, NaiveDate};
use kinerja_domain::org::penilai_of;
use kinerja_domain::penilaian::{
    AturanPenilaian, CapaianOrganisasi, Histogram, MatriksPredikat, Predikat, Rating,
};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default, Clone)]
pub struct EvaluationCounts {
    pub evaluations: usize,
    pub by_status: BTreeMap<&'static str, usize>,
    pub units_breaking_curve: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Assessed, finalised by the unit's leader.
    Final,
    /// The quarter being filled now.
    InProgress,
}

fn micros(d: NaiveDate, hour: u32) -> i64 {
    d.and_hms_opt(hour, 0, 0)
        .expect("valid")
        .and_utc()
        .timestamp_micros()
        - 7 * 3_600_000_000
}

const UB_ATAS: [&str; 3] = [
    "Hasil melampaui target; bagikan cara kerja Anda kepada rekan.",
    "Sangat baik, pertahankan kualitas dan ketepatan waktu.",
    "Inisiatif Anda mempercepat pekerjaan unit.",
];
const UB_SESUAI: [&str; 3] = [
    "Target tercapai sesuai rencana.",
    "Sudah sesuai; tingkatkan kelengkapan bukti dukung.",
    "Baik, jaga konsistensi laporan bulanan.",
];
const UB_BAWAH: [&str; 3] = [
    "Target belum tercapai; susun rencana perbaikan bersama atasan.",
    "Perlu pendampingan dan jadwal kerja yang lebih terukur.",
    "Realisasi tertinggal; laporkan kendala lebih awal.",
];
const CATATAN_BAWAH: [&str; 3] = [
    "Perlu pelatihan pelayanan prima dan pendampingan rutin.",
    "Diusulkan mengikuti pelatihan manajemen waktu dan penyusunan laporan.",
    "Perlu coaching bulanan tentang orientasi pelayanan.",
];

/// Units that serve the public face to face.
const FRONT_LINE: [&str; 4] = ["kecamatan", "kelurahan", "uptd", "sekolah"];

fn feedback(r: Rating, rng: &mut Rng) -> String {
    match r {
        Rating::DiAtasEkspektasi => rng.pick(&UB_ATAS),
        Rating::SesuaiEkspektasi => rng.pick(&UB_SESUAI),
        Rating::DiBawahEkspektasi => rng.pick(&UB_BAWAH),
    }
    .to_string()
}

/// The two ratings of one person: a realistic spread with most results Baik.
fn ratings(rng: &mut Rng) -> (Rating, Rating) {
    use Rating::*;
    match rng.range(0, 99) {
        0..=11 => (DiAtasEkspektasi, DiAtasEkspektasi),
        12..=59 => (SesuaiEkspektasi, SesuaiEkspektasi),
        60..=69 => (DiAtasEkspektasi, SesuaiEkspektasi),
        70..=79 => (SesuaiEkspektasi, DiAtasEkspektasi),
        80..=92 => (DiBawahEkspektasi, SesuaiEkspektasi),
        93..=97 => (SesuaiEkspektasi, DiBawahEkspektasi),
        _ => (DiBawahEkspektasi, DiBawahEkspektasi),
    }
}

/// People rate themselves a little more kindly than their penilai does.
fn self_rating(r: Rating, rng: &mut Rng) -> Rating {
    if r == Rating::DiBawahEkspektasi && rng.chance(60) {
        Rating::SesuaiEkspektasi
    } else {
        r
    }
}

/// An RHK of a plan: its id, whether it is Utama, and its (indikator id, target) pairs.
type PlanRhk = (i64, bool, Vec<(i64, f64)>);

struct Plan {
    skp_id: i64,
    employee_id: i64,
    rhk: Vec<PlanRhk>,
}

fn plans(rows: Vec<store::PlanRow>) -> Vec<Plan> {
    let mut out: Vec<Plan> = Vec::new();
    for (skp, emp, rhk, jenis, ind, target) in rows {
        if out.last().is_none_or(|p| p.skp_id != skp) {
            out.push(Plan {
                skp_id: skp,
                employee_id: emp,
                rhk: Vec::new(),
            });
        }
        let p = out.last_mut().expect("pushed");
        if p.rhk.last().is_none_or(|r| r.0 != rhk) {
            p.rhk.push((rhk, jenis == "utama", Vec::new()));
        }
        if let Some(i) = ind {
            p.rhk
                .last_mut()
                .expect("pushed")
                .2
                .push((i, target.unwrap_or(1.0)));
        }
    }
    out
}

pub async fn load(app: &App, instansi_id: i64, seed: u64) -> AppResult<EvaluationCounts> {
    let today = app.today();
    let years = crate::store::periode::years(&app.db, instansi_id).await?;
    let employees = org::employees_all(&app.db, instansi_id).await?;
    let by_id: HashMap<i64, &EmployeeRow> = employees.iter().map(|e| (e.id, e)).collect();
    let snap = org::snapshot_all(&app.db, instansi_id, today).await?;
    let aturan = AturanPenilaian::default();
    let matriks = MatriksPredikat::permenpanrb_6_2022();
    let mut rng = Rng::new(seed ^ 0xE7A1_0A7E);
    let mut counts = EvaluationCounts::default();
    let front_line: HashMap<i64, bool> = org::units_all(&app.db, instansi_id)
        .await?
        .into_iter()
        .map(|u| (u.id, FRONT_LINE.contains(&u.jenis.as_str())))
        .collect();
    // Each person's last ratings: most keep their level from one period to the next.
    let mut last: HashMap<i64, (Rating, Rating)> = HashMap::new();
    let mut work: Vec<(i64, PeriodRow, Mode)> = Vec::new();
    let mut years = years;
    years.sort_by_key(|y| y.tahun);
    for y in &years {
        let periods = crate::store::periode::periods(&app.db, instansi_id, y.id).await?;
        if y.tahun < today.year() as i64 {
            if let Some(p) = periods.iter().find(|p| p.akhir) {
                work.push((y.id, p.clone(), Mode::Final));
            }
        } else if y.tahun == today.year() as i64 {
            let quarters: Vec<&PeriodRow> = periods.iter().filter(|p| !p.akhir).collect();
            for done in quarters.iter().filter(|p| p.batas < today) {
                work.push((y.id, (*done).clone(), Mode::Final));
            }
            if let Some(now) = quarters
                .iter()
                .find(|p| p.mulai <= today && today <= p.batas && p.selesai >= today)
                .or_else(|| quarters.iter().find(|p| p.batas >= today))
            {
                work.push((y.id, (*now).clone(), Mode::InProgress));
            }
        }
    }
    for (year_id, period, mode) in work {
        let plans = plans(store::approved_plan_rows(&app.db, instansi_id, year_id).await?);
        let mut realisasi = Vec::new();
        let mut items: Vec<ItemSeed> = Vec::new();
        let mut per_unit: HashMap<i64, Vec<Predikat>> = HashMap::new();
        let finalised = micros((period.selesai + chrono::Days::new(20)).min(today), 10);
        let assessed = micros((period.selesai + chrono::Days::new(10)).min(today), 14);
        let self_at = micros((period.selesai + chrono::Days::new(5)).min(today), 9);
        let mut tx = app.db.begin().await?;
        for plan in &plans {
            let Some(e) = by_id.get(&plan.employee_id) else {
                continue;
            };
            let penilai = penilai_of(&snap, e.id).employee_id();
            let atasan = penilai.and_then(|p| penilai_of(&snap, p).employee_id());
            if penilai.is_none() && mode == Mode::Final {
                // Nobody could assess them: such results stay open, never invented.
                continue;
            }
            let stage = match mode {
                Mode::Final => {
                    if rng.chance(1) {
                        "diputuskan"
                    } else {
                        "ditetapkan"
                    }
                }
                Mode::InProgress => match rng.range(0, 99) {
                    0..=19 => continue,
                    20..=49 => "draft",
                    50..=74 => "dinilai_sendiri",
                    _ => "dinilai",
                },
            };
            let (h, p) = match last.get(&e.id) {
                Some(prev) if rng.chance(60) => *prev,
                _ => ratings(&mut rng),
            };
            if mode == Mode::Final {
                last.insert(e.id, (h, p));
            }
            let service_low = front_line.get(&e.unit_id).copied().unwrap_or(false)
                && p == Rating::SesuaiEkspektasi
                && rng.chance(35);
            let rated = matches!(stage, "dinilai" | "ditetapkan" | "diputuskan");
            let self_done = stage != "draft";
            // The atasan upheld most objections and raised a few; the decision is the result.
            let decided = (stage == "diputuskan").then(|| {
                if rng.chance(30) {
                    (Rating::SesuaiEkspektasi, Rating::SesuaiEkspektasi)
                } else {
                    (h, p)
                }
            });
            let (rh, rp) = decided.unwrap_or((h, p));
            let predikat = matriks.predikat(rh, rp);
            let snapshot = Snapshot {
                pegawai: PersonHeader::of(e),
                penilai: penilai
                    .and_then(|p| by_id.get(&p))
                    .map(|p| PersonHeader::of(p)),
                atasan: atasan
                    .and_then(|p| by_id.get(&p))
                    .map(|p| PersonHeader::of(p)),
                penilai_blocker: penilai.is_none().then(|| "vacant".to_string()),
                penilai_blocker_unit: String::new(),
            };
            let low = matches!(
                predikat,
                Predikat::ButuhPerbaikan | Predikat::Kurang | Predikat::SangatKurang
            );
            let ev = store::evaluation_insert_demo(
                &mut tx,
                &DemoEvaluation {
                    instansi_id,
                    skp_id: plan.skp_id,
                    period_id: period.id,
                    employee_id: e.id,
                    unit_id: e.unit_id,
                    penilai_employee_id: penilai,
                    atasan_employee_id: atasan,
                    snapshot_json: serde_json::to_string(&snapshot).expect("serialisable"),
                    status: stage,
                    rating_hasil: rated.then(|| rh.code()),
                    rating_perilaku: rated.then(|| rp.code()),
                    predikat: rated.then(|| predikat.code()),
                    catatan: if rated && low {
                        rng.pick(&CATATAN_BAWAH).to_string()
                    } else {
                        String::new()
                    },
                    self_submitted_at: self_done.then_some(self_at),
                    assessed_at: rated.then_some(assessed),
                    finalised_at: (mode == Mode::Final).then_some(finalised),
                },
            )
            .await?;
            counts.evaluations += 1;
            *counts.by_status.entry(stage).or_default() += 1;
            let factor = match h {
                Rating::DiAtasEkspektasi => 1.1,
                Rating::SesuaiEkspektasi => 1.0,
                Rating::DiBawahEkspektasi => 0.7,
            };
            for (rhk, utama, inds) in &plan.rhk {
                for (i, target) in inds {
                    if stage == "draft" && rng.chance(50) {
                        continue;
                    }
                    let nilai = (target * factor * 100.0).round() / 100.0;
                    realisasi.push((
                        instansi_id,
                        ev,
                        *i,
                        Some(nilai),
                        "Sesuai laporan dan bukti dukung yang dilampirkan.".to_string(),
                    ));
                }
                // A Tambahan row may differ; Utama rows carry the rating's judgement.
                let row = if *utama { h } else { Rating::SesuaiEkspektasi };
                items.push((
                    instansi_id,
                    ev,
                    "rhk",
                    *rhk,
                    self_done.then(|| self_rating(row, &mut rng).code()),
                    String::new(),
                    rated.then(|| row.code()),
                    if rated {
                        feedback(row, &mut rng)
                    } else {
                        String::new()
                    },
                ));
            }
            for k in 1..=7 {
                let r = if k == 1 && service_low {
                    Rating::DiBawahEkspektasi
                } else {
                    p
                };
                items.push((
                    instansi_id,
                    ev,
                    "perilaku",
                    k,
                    self_done.then(|| self_rating(r, &mut rng).code()),
                    String::new(),
                    rated.then(|| r.code()),
                    if rated && (k <= 2 || r != p) {
                        feedback(r, &mut rng)
                    } else {
                        String::new()
                    },
                ));
            }
            if let Some((nh, np)) = decided {
                store::keberatan_insert_decided(
                    &mut tx,
                    instansi_id,
                    ev,
                    (
                        "Realisasi saya memenuhi target; mohon ditinjau kembali.",
                        "Bukti dukung triwulan terakhir belum lengkap saat penilaian.",
                        if (nh, np) == (h, p) {
                            "Keberatan ditolak; penilaian pejabat penilai dikuatkan."
                        } else {
                            "Keberatan diterima sebagian; rating disesuaikan."
                        },
                    ),
                    aturan.batas_keberatan(period.selesai + chrono::Days::new(20), &[]),
                    (nh.code(), np.code(), predikat.code()),
                    (finalised + 86_400_000_000, finalised + 7 * 86_400_000_000),
                )
                .await?;
            }
            if rated {
                per_unit.entry(e.unit_id).or_default().push(predikat);
            }
        }
        store::realisasi_insert_many(&mut tx, &realisasi).await?;
        store::items_insert_many(&mut tx, &items).await?;
        if mode == Mode::Final {
            let mut seeds: Vec<UnitPeriodSeed> = Vec::new();
            let mut units: Vec<(&i64, &Vec<Predikat>)> = per_unit.iter().collect();
            units.sort_by_key(|(u, _)| **u);
            for (unit, ps) in units {
                let capaian = match rng.range(0, 99) {
                    0..=14 => CapaianOrganisasi::Istimewa,
                    15..=86 => CapaianOrganisasi::Baik,
                    87..=96 => CapaianOrganisasi::ButuhPerbaikan,
                    _ => CapaianOrganisasi::Kurang,
                };
                let broken = aturan
                    .kurva
                    .check(capaian, &Histogram::from_predikat(ps.iter().copied()));
                let justifikasi = if broken.is_empty() {
                    String::new()
                } else {
                    counts.units_breaking_curve += 1;
                    "Jumlah pegawai unit kecil; predikat mengikuti capaian masing-masing pegawai."
                        .to_string()
                };
                seeds.push((
                    instansi_id,
                    *unit,
                    period.id,
                    capaian.code(),
                    Some(finalised),
                    justifikasi,
                    (!broken.is_empty())
                        .then(|| serde_json::to_string(&broken).expect("serialisable")),
                ));
            }
            store::unit_periods_insert_many(&mut tx, &seeds).await?;
        }
        tx.commit().await?;
    }
    // The judgements went in as bulk rows; derive the dashboard's mask once for all.
    let mut tx = app.db.begin().await?;
    store::refresh_perilaku_bawah(&mut tx, instansi_id, None).await?;
    tx.commit().await?;
    Ok(counts)
}
