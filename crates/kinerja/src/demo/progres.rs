//! Demo daily work: for the period in progress, one rencana aksi per indicator of every
//! approved plan, and a daily log over its working days up to today. Most people log
//! every working day, some only now and then, a few hardly at all; some days are leave or
//! travel; a share of entries is written late; older entries are mostly acknowledged.
//! Deterministic from the seed; written through the bulk path like the other demo data.

use crate::app::App;
use crate::demo::Rng;
use crate::error::AppResult;
use crate::store::progres::{self as store, DemoEntry};
use chrono::{Datelike, NaiveDate};
use kinerja_domain::progres::is_working_day;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Default, Clone)]
pub struct ProgresCounts {
    pub rencana_aksi: usize,
    pub entries: usize,
    pub away_days: usize,
}

/// National holidays and joint leave days the demo knows (month, day, name).
const HOLIDAYS: [(u32, u32, &str); 6] = [
    (1, 1, "Tahun Baru Masehi"),
    (5, 1, "Hari Buruh Internasional"),
    (6, 1, "Hari Lahir Pancasila"),
    (8, 17, "Hari Kemerdekaan Republik Indonesia"),
    (12, 24, "Cuti bersama Hari Raya Natal"),
    (12, 25, "Hari Raya Natal"),
];

const VERBS: [&str; 4] = ["Menyiapkan", "Melaksanakan", "Menyusun", "Menyelesaikan"];

pub const KEGIATAN: [&str; 10] = [
    "Mengolah data dan memeriksa kelengkapan berkas",
    "Rapat koordinasi dengan tim kerja",
    "Menyusun draf laporan dan mengirimkannya ke atasan",
    "Melayani pemohon dan mencatat permohonan",
    "Memperbarui basis data dan arsip digital",
    "Memverifikasi dokumen yang masuk",
    "Menyiapkan bahan paparan pimpinan",
    "Mengunggah bukti kegiatan ke folder bersama",
    "Memantau tindak lanjut hasil rapat",
    "Mendampingi kegiatan lapangan",
];

/// What a teacher of the demo cast logs.
pub const KEGIATAN_GURU: [&str; 6] = [
    "Mengajar matematika kelas 4A sesuai modul ajar",
    "Mengajar IPAS kelas 5 dan mendampingi praktik",
    "Memeriksa tugas dan mencatat nilai siswa",
    "Menyusun modul ajar minggu depan",
    "Membimbing siswa yang tertinggal pelajaran",
    "Rapat guru dan kelompok kerja guru",
];

/// Entries kept in memory before they are written.
const FLUSH: usize = 20_000;

/// `cast`: the demo accounts' people, who log every working day (what they log, when it
/// is not the general list), so that each account shows a full week and a queue.
pub async fn load(
    app: &App,
    instansi_id: i64,
    seed: u64,
    cast: &HashMap<i64, &'static [&'static str]>,
) -> AppResult<ProgresCounts> {
    let today = app.today();
    let mut counts = ProgresCounts::default();
    let Some(period) = crate::services::periode::period_of_day(app, instansi_id, today).await?
    else {
        return Ok(counts);
    };
    let mut rng = Rng::new(seed ^ 0x9A06_4E55);
    let year = today.year();
    let holidays: Vec<(NaiveDate, &str)> = HOLIDAYS
        .iter()
        .filter_map(|(m, d, n)| NaiveDate::from_ymd_opt(year, *m, *d).map(|x| (x, *n)))
        .collect();
    let holiday_set: BTreeSet<NaiveDate> = holidays.iter().map(|(d, _)| *d).collect();
    let days: Vec<NaiveDate> = period
        .mulai
        .iter_days()
        .take_while(|d| *d <= period.selesai.min(today))
        .filter(|d| is_working_day(*d, &holiday_set))
        .collect();

    // One rencana aksi per indicator, its target a share of the year's.
    let indicators = store::demo_indicators(&app.db, instansi_id, period.year_id).await?;
    let share = if period.akhir { 1.0 } else { 4.0 };
    let ra_rows: Vec<store::DemoRencanaAksi> = indicators
        .iter()
        .map(|i| store::DemoRencanaAksi {
            instansi_id,
            skp_id: i.skp_id,
            indikator_id: i.indikator_id,
            period_id: period.id,
            teks: format!(
                "{} {}",
                VERBS[(i.indikator_id as usize) % VERBS.len()],
                lower_first(&i.iki)
            ),
            target: i.target.map(|t| (t / share).ceil()),
            satuan: i.satuan.clone(),
        })
        .collect();
    let mut tx = app.db.begin().await?;
    for (d, n) in &holidays {
        store::holiday_set(&mut tx, instansi_id, *d, n).await?;
    }
    store::rencana_aksi_insert_many(&mut tx, &ra_rows).await?;
    tx.commit().await?;
    counts.rencana_aksi = ra_rows.len();

    // Each person's rencana aksi, to log under.
    let mut by_employee: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (id, employee_id, satuan) in
        store::demo_rencana_aksi_of(&app.db, instansi_id, period.id).await?
    {
        by_employee
            .entry(employee_id)
            .or_default()
            .push((id, satuan));
    }
    let mut people: Vec<i64> = by_employee.keys().copied().collect();
    people.sort_unstable();
    let created = |d: NaiveDate, hour: u32| {
        d.and_hms_opt(hour, 0, 0)
            .expect("valid")
            .and_utc()
            .timestamp_micros()
            - 7 * 3_600_000_000
    };
    let mut entries: Vec<DemoEntry> = Vec::with_capacity(FLUSH + 8);
    let mut away: Vec<(i64, i64, NaiveDate, &'static str)> = Vec::new();
    let mut tx = app.db.begin().await?;
    for e in people {
        let ras = &by_employee[&e];
        // Diligent, now and then, hardly at all.
        let p_log = match (cast.contains_key(&e), rng.range(0, 99)) {
            (true, _) => 100,
            (_, 0..=69) => 95,
            (_, 70..=89) => 70,
            _ => 20,
        };
        let kegiatan: &[&str] = cast.get(&e).copied().unwrap_or(&KEGIATAN);
        for d in &days {
            if !cast.contains_key(&e) && rng.chance(3) {
                away.push((
                    instansi_id,
                    e,
                    *d,
                    if rng.chance(60) { "cuti" } else { "dinas_luar" },
                ));
                continue;
            }
            if !rng.chance(p_log) {
                continue;
            }
            let n = if rng.chance(20) { 2 } else { 1 };
            let mut start = 7 * 60 + 30 + rng.range(0, 4) * 15;
            for _ in 0..n {
                let (ra, satuan) = rng.pick(ras);
                let len = 60 + rng.range(0, 12) * 15;
                let end = (start + len).min(16 * 60);
                let late = rng.chance(8);
                let written = if late {
                    (*d + chrono::Days::new(4 + rng.range(0, 5) as u64)).min(today)
                } else {
                    *d
                };
                let old = (today - *d).num_days() > 7;
                let pengakuan = if !old {
                    "menunggu"
                } else {
                    match rng.range(0, 99) {
                        0..=74 => "disetujui",
                        75..=77 => "perlu_perbaikan",
                        _ => "menunggu",
                    }
                };
                let at = created(written, 16);
                entries.push(DemoEntry {
                    instansi_id,
                    employee_id: e,
                    period_id: period.id,
                    rencana_aksi_id: *ra,
                    tanggal: *d,
                    jam_mulai: start,
                    jam_selesai: end,
                    kegiatan: rng.pick(kegiatan).to_string(),
                    realisasi: 1 + rng.range(0, 2),
                    satuan: satuan.clone(),
                    terlambat: late && (written - *d).num_days() > 3,
                    pengakuan,
                    diakui_at: (pengakuan != "menunggu")
                        .then(|| created(*d + chrono::Days::new(7), 10)),
                    created_at: at,
                });
                start = end + 15;
                if start >= 16 * 60 {
                    break;
                }
            }
            if entries.len() >= FLUSH {
                counts.entries += entries.len();
                store::entries_insert_many(&mut tx, &entries).await?;
                entries.clear();
            }
        }
    }
    counts.entries += entries.len();
    store::entries_insert_many(&mut tx, &entries).await?;
    counts.away_days = away.len();
    store::away_insert_many(&mut tx, &away).await?;
    store::rebuild_unit_days(&mut tx, instansi_id, period.mulai, period.selesai).await?;
    tx.commit().await?;
    Ok(counts)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
