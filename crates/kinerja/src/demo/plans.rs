//! Demo planning data: last year complete, this year in progress, with plans in every state
//! and cascaded from each head down to their staff, deterministic from the seed.

use crate::app::App;
use crate::demo::Rng;
use crate::error::AppResult;
use crate::services::audit::Who;
use crate::services::periode::YearInput;
use crate::services::periode::create_year_as;
use crate::services::skp::{Header, PersonHeader};
use crate::store::org::{self, EmployeeRow};
use crate::store::skp::{self as store, NewIndikator, NewRhk, NewSkp, SubmissionSeed};
use chrono::{Datelike, NaiveDate};
use kinerja_domain::org::penilai_of;
use kinerja_domain::skp::{Indikator, JenisRhk, Lampiran, Pendekatan, Rhk, SkpContent, SkpStatus};
use std::collections::{HashMap, VecDeque};

/// How a demo employee's plan should end up this year (None: no plan yet).
pub type Wanted = Option<SkpStatus>;

#[derive(Debug, Default, Clone)]
pub struct PlanCounts {
    pub years: usize,
    pub plans: usize,
    pub by_status: HashMap<&'static str, usize>,
}

struct Row {
    teks: String,
    pk: String,
    perspektif: String,
    indikator: Vec<(String, String, f64, Option<f64>, String)>,
    jenis: JenisRhk,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Plausible results for a position, by the kind of work it does.
fn results_for(e: &EmployeeRow, rng: &mut Rng) -> Vec<Row> {
    let unit = &e.unit_nama;
    let j = e.jabatan.to_lowercase();
    let ind = |aspek: &str, iki: &str, min: f64, max: Option<f64>, satuan: &str| {
        (
            aspek.to_string(),
            iki.to_string(),
            min,
            max,
            satuan.to_string(),
        )
    };
    let row = |teks: String, indikator| Row {
        teks,
        pk: String::new(),
        perspektif: String::new(),
        indikator,
        jenis: JenisRhk::Utama,
    };
    if e.jenis_jabatan == "jpt" {
        let opd = unit.clone();
        let mut rows = vec![
            Row {
                teks: format!("Meningkatnya kualitas pelayanan publik {opd}"),
                pk: "Indeks Kepuasan Masyarakat minimal 85".into(),
                perspektif: "Perspektif Penerima Layanan".into(),
                indikator: vec![ind(
                    "Kualitas",
                    "Indeks Kepuasan Masyarakat",
                    85.0,
                    None,
                    "indeks",
                )],
                jenis: JenisRhk::Utama,
            },
            Row {
                teks: format!("Meningkatnya akuntabilitas kinerja {opd}"),
                pk: "Nilai SAKIP minimal B".into(),
                perspektif: "Perspektif Proses Bisnis".into(),
                indikator: vec![ind(
                    "Kualitas",
                    "Nilai evaluasi SAKIP perangkat daerah",
                    70.0,
                    None,
                    "nilai",
                )],
                jenis: JenisRhk::Utama,
            },
            Row {
                teks: format!("Terkelolanya anggaran {opd} secara efektif"),
                pk: "Realisasi anggaran minimal 95%".into(),
                perspektif: "Perspektif Anggaran".into(),
                indikator: vec![ind(
                    "Biaya",
                    "Persentase realisasi anggaran",
                    95.0,
                    None,
                    "%",
                )],
                jenis: JenisRhk::Utama,
            },
        ];
        rows.truncate(2 + rng.range(0, 1) as usize);
        return rows;
    }
    let mut rows = if j.contains("kepala sekolah") {
        vec![
            row(
                format!("Meningkatnya mutu pembelajaran di {unit}"),
                vec![ind(
                    "Kualitas",
                    "Persentase peserta didik mencapai KKM",
                    85.0,
                    None,
                    "%",
                )],
            ),
            row(
                format!("Terlaksananya supervisi akademik guru {unit}"),
                vec![
                    ind(
                        "Kuantitas",
                        "Jumlah guru yang disupervisi",
                        8.0,
                        Some(12.0),
                        "orang",
                    ),
                    ind(
                        "Waktu",
                        "Supervisi selesai dalam semester berjalan",
                        2.0,
                        None,
                        "semester",
                    ),
                ],
            ),
        ]
    } else if j.starts_with("guru") {
        vec![
            row(
                "Terlaksananya pembelajaran yang berkualitas".into(),
                vec![
                    ind(
                        "Kuantitas",
                        "Jumlah rencana pelaksanaan pembelajaran yang disusun",
                        36.0,
                        None,
                        "dokumen",
                    ),
                    ind(
                        "Kualitas",
                        "Persentase peserta didik tuntas KKM",
                        80.0,
                        None,
                        "%",
                    ),
                ],
            ),
            row(
                "Terlaksananya penilaian hasil belajar peserta didik".into(),
                vec![ind(
                    "Kuantitas",
                    "Jumlah laporan hasil belajar",
                    2.0,
                    None,
                    "laporan",
                )],
            ),
        ]
    } else if [
        "perawat",
        "bidan",
        "dokter",
        "apoteker",
        "sanitarian",
        "nutrisionis",
        "pranata laboratorium",
        "radiografer",
        "epidemiolog",
    ]
    .iter()
    .any(|k| j.contains(k))
    {
        let layanan = e
            .jabatan
            .split(" Ahli")
            .next()
            .unwrap_or(&e.jabatan)
            .split(" Terampil")
            .next()
            .unwrap_or(&e.jabatan)
            .split(" Mahir")
            .next()
            .unwrap_or(&e.jabatan)
            .split(" Penyelia")
            .next()
            .unwrap_or(&e.jabatan)
            .to_string();
        vec![
            row(
                format!(
                    "Terlaksananya pelayanan {} sesuai standar di {unit}",
                    lower_first(&layanan)
                ),
                vec![
                    ind(
                        "Kuantitas",
                        "Jumlah pasien yang dilayani",
                        600.0,
                        Some(900.0),
                        "pasien",
                    ),
                    ind(
                        "Kualitas",
                        "Persentase pelayanan sesuai SOP",
                        95.0,
                        None,
                        "%",
                    ),
                ],
            ),
            row(
                "Tersusunnya laporan pelayanan bulanan".into(),
                vec![
                    ind("Kuantitas", "Jumlah laporan bulanan", 12.0, None, "laporan"),
                    ind(
                        "Waktu",
                        "Laporan diserahkan paling lambat tanggal 5",
                        12.0,
                        None,
                        "bulan",
                    ),
                ],
            ),
        ]
    } else if e.is_head {
        vec![
            row(
                format!("Terlaksananya program kerja {unit} sesuai rencana"),
                vec![ind(
                    "Kuantitas",
                    "Persentase kegiatan terlaksana",
                    100.0,
                    None,
                    "%",
                )],
            ),
            row(
                format!("Tersusunnya laporan kinerja {unit} tepat waktu"),
                vec![
                    ind("Kuantitas", "Jumlah laporan kinerja", 4.0, None, "laporan"),
                    ind(
                        "Waktu",
                        "Ketepatan waktu penyampaian laporan",
                        4.0,
                        None,
                        "triwulan",
                    ),
                ],
            ),
            row(
                format!("Meningkatnya kualitas layanan {unit}"),
                vec![ind(
                    "Kualitas",
                    "Persentase pengaduan yang ditindaklanjuti",
                    90.0,
                    None,
                    "%",
                )],
            ),
        ]
    } else if j.contains("analis")
        || j.contains("penyuluh")
        || j.contains("auditor")
        || j.contains("pengawas sekolah")
    {
        vec![
            row(
                format!("Tersusunnya hasil kajian dan rekomendasi {unit}"),
                vec![ind(
                    "Kuantitas",
                    "Jumlah dokumen kajian",
                    2.0,
                    Some(4.0),
                    "dokumen",
                )],
            ),
            row(
                format!("Terlaksananya pendampingan teknis {unit}"),
                vec![
                    ind(
                        "Kuantitas",
                        "Jumlah kegiatan pendampingan",
                        12.0,
                        None,
                        "kegiatan",
                    ),
                    ind(
                        "Kualitas",
                        "Persentase rekomendasi ditindaklanjuti",
                        80.0,
                        None,
                        "%",
                    ),
                ],
            ),
        ]
    } else {
        vec![
            row(
                format!("Tertibnya administrasi {unit}"),
                vec![
                    ind(
                        "Kuantitas",
                        "Jumlah dokumen administrasi yang diselesaikan",
                        120.0,
                        None,
                        "dokumen",
                    ),
                    ind(
                        "Waktu",
                        "Penyelesaian paling lama 3 hari kerja",
                        3.0,
                        None,
                        "hari",
                    ),
                ],
            ),
            row(
                format!("Tersajinya data dan informasi {unit} yang mutakhir"),
                vec![ind(
                    "Kuantitas",
                    "Jumlah pemutakhiran data",
                    12.0,
                    None,
                    "kali",
                )],
            ),
        ]
    };
    rows.truncate(rows.len().min(2 + rng.range(0, 1) as usize));
    if rng.chance(30) {
        rows.push(Row {
            teks: (*rng.pick(&[
                "Menjadi panitia peringatan Hari Kemerdekaan",
                "Menjadi anggota tim pengelola website",
                "Menjadi petugas pengadaan barang/jasa",
                "Menjadi narasumber sosialisasi internal",
            ]))
            .to_string(),
            pk: String::new(),
            perspektif: String::new(),
            indikator: vec![ind(
                "Kuantitas",
                "Jumlah kegiatan yang diikuti",
                1.0,
                None,
                "kegiatan",
            )],
            jenis: JenisRhk::Tambahan,
        });
    }
    rows
}

fn micros(d: NaiveDate, hour: u32) -> i64 {
    d.and_hms_opt(hour, 0, 0)
        .expect("valid")
        .and_utc()
        .timestamp_micros()
        - 7 * 3_600_000_000
}

/// Loads three evaluation years with plans (two finished, this one under way). `forced` fixes the state of some employees'
/// plans this year (the demo accounts), so each account shows something to do.
pub async fn load(
    app: &App,
    instansi_id: i64,
    seed: u64,
    forced: &HashMap<i64, Wanted>,
) -> AppResult<PlanCounts> {
    let who = Who::system("demo");
    let today = app.today();
    let this_year = today.year();
    let inst = org::instansi_get(&app.db, instansi_id).await?;
    let employees = org::employees_all(&app.db, instansi_id).await?;
    let by_id: HashMap<i64, &EmployeeRow> = employees.iter().map(|e| (e.id, e)).collect();
    let snap = org::snapshot_all(&app.db, instansi_id, today).await?;
    let people: Vec<&EmployeeRow> = employees
        .iter()
        .filter(|e| e.aktif && e.jenis_asn != "pejabat_negara")
        .collect();
    let penilai: HashMap<i64, Option<i64>> = people
        .iter()
        .map(|e| (e.id, penilai_of(&snap, e.id).employee_id()))
        .collect();
    // Penilai before the people they rate, so that links have something to point at.
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut order = Vec::with_capacity(people.len());
    let mut queue = VecDeque::new();
    for e in &people {
        match penilai[&e.id].filter(|p| penilai.contains_key(p)) {
            Some(p) => children.entry(p).or_default().push(e.id),
            None => queue.push_back(e.id),
        }
    }
    while let Some(e) = queue.pop_front() {
        order.push(e);
        if let Some(c) = children.remove(&e) {
            queue.extend(c);
        }
    }
    let mut counts = PlanCounts::default();
    let mut rng = Rng::new(seed ^ 0x5EED_51C9);
    for (tahun, complete) in [
        (this_year - 2, true),
        (this_year - 1, true),
        (this_year, false),
    ] {
        let year_id = create_year_as(
            app,
            instansi_id,
            &who,
            &YearInput {
                tahun: tahun.to_string(),
                ..Default::default()
            },
        )
        .await?;
        counts.years += 1;
        let year_start = NaiveDate::from_ymd_opt(tahun, 1, 1).expect("valid");
        let year_end = NaiveDate::from_ymd_opt(tahun, 12, 31).expect("valid");
        let mut rhk_of: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        let mut submissions = Vec::new();
        let mut lampiran = Vec::new();
        let mut ekspektasi = Vec::new();
        let mut cascades = Vec::new();
        let mut tx = app.db.begin().await?;
        for &id in &order {
            let e = by_id[&id];
            let p = penilai[&id];
            let wanted: Wanted = if complete {
                Some(SkpStatus::Disetujui)
            } else if let Some(w) = forced.get(&id) {
                *w
            } else {
                let roll = rng.range(0, 99);
                let heads = e.is_head;
                match roll {
                    _ if heads && roll < 92 => Some(SkpStatus::Disetujui),
                    _ if heads => Some(SkpStatus::Diajukan),
                    0..=76 => Some(SkpStatus::Disetujui),
                    77..=82 => Some(SkpStatus::Diajukan),
                    83..=85 => Some(SkpStatus::Dikembalikan),
                    86..=91 => Some(SkpStatus::Draft),
                    _ => None,
                }
            };
            let parent_rows = p.and_then(|p| rhk_of.get(&p)).cloned().unwrap_or_default();
            let is_jpt = e.jenis_jabatan == "jpt";
            // Without a penilai (vacancy) or a penilai's plan to link to, a plan stays a draft.
            let status = match wanted {
                None => {
                    // Someone without a plan may still have proposals waiting.
                    if let Some(first) = parent_rows.first() {
                        cascades.push((first.0, id, first.1.clone(), instansi_id));
                    }
                    continue;
                }
                Some(s) if (p.is_none() || parent_rows.is_empty()) && !is_jpt => {
                    if s == SkpStatus::Disetujui || s == SkpStatus::Diajukan {
                        SkpStatus::Draft
                    } else {
                        s
                    }
                }
                Some(s) => s,
            };
            let skp_id = store::skp_insert(
                &mut tx,
                NewSkp {
                    instansi_id,
                    employee_id: id,
                    year_id,
                    position_id: e.position_id,
                    mulai: year_start,
                    selesai: year_end,
                    pendekatan: Pendekatan::Kuantitatif.code(),
                },
            )
            .await?;
            let rows = results_for(e, &mut rng);
            let mut content_rows = Vec::new();
            let mut mine = Vec::new();
            let mut parent_cursor = rng.range(0, 3) as usize;
            for r in rows {
                let parent = if r.jenis == JenisRhk::Utama && !is_jpt && !parent_rows.is_empty() {
                    parent_cursor += 1;
                    Some(parent_rows[parent_cursor % parent_rows.len()].clone())
                } else {
                    None
                };
                let rid = store::rhk_insert(
                    &mut tx,
                    NewRhk {
                        instansi_id,
                        skp_id,
                        jenis: r.jenis.code(),
                        teks: &r.teks,
                        parent_rhk_id: parent.as_ref().map(|p| p.0),
                        pk_target: &r.pk,
                        perspektif: &r.perspektif,
                    },
                )
                .await?;
                if r.jenis == JenisRhk::Utama {
                    mine.push((rid, r.teks.clone()));
                }
                let mut inds = Vec::new();
                for (aspek, iki, min, max, satuan) in &r.indikator {
                    let iid = store::indikator_insert(
                        &mut tx,
                        NewIndikator {
                            instansi_id,
                            rhk_id: rid,
                            aspek,
                            iki,
                            target_min: Some(*min),
                            target_max: *max,
                            satuan,
                            target_teks: "",
                        },
                    )
                    .await?;
                    inds.push(Indikator {
                        id: iid,
                        aspek: aspek.clone(),
                        iki: iki.clone(),
                        target_min: Some(*min),
                        target_max: *max,
                        satuan: satuan.clone(),
                        target_teks: String::new(),
                    });
                }
                content_rows.push(Rhk {
                    id: rid,
                    jenis: r.jenis,
                    teks: r.teks,
                    parent_rhk_id: parent.as_ref().map(|p| p.0),
                    parent_teks: parent.map(|p| p.1),
                    link_ok: true,
                    pk_target: r.pk,
                    perspektif: r.perspektif,
                    indikator: inds,
                });
            }
            rhk_of.insert(id, mine);
            let l = Lampiran {
                dukungan: vec![
                    format!("Anggaran kegiatan pada DPA {}", e.unit_nama),
                    "Sarana dan prasarana kerja".into(),
                ],
                skema: vec!["Laporan berkala kepada pejabat penilai".into()],
                konsekuensi: vec![
                    "Capaian kinerja menjadi dasar pemberian TPP dan pengembangan karier".into(),
                ],
            };
            for (bagian, items) in [
                ("dukungan", &l.dukungan),
                ("skema", &l.skema),
                ("konsekuensi", &l.konsekuensi),
            ] {
                for (i, t) in items.iter().enumerate() {
                    lampiran.push((instansi_id, skp_id, bagian, i as i64 + 1, t.clone()));
                }
            }
            let mut eks = Vec::new();
            if matches!(status, SkpStatus::Disetujui | SkpStatus::Diajukan) && rng.chance(70) {
                for (k, t) in [
                    (
                        1u8,
                        "Memberikan pelayanan yang cepat dan ramah kepada masyarakat",
                    ),
                    (
                        2u8,
                        "Menyelesaikan tugas tepat waktu dan dapat dipertanggungjawabkan",
                    ),
                    (6u8, "Mengusulkan perbaikan cara kerja di unit"),
                ] {
                    ekspektasi.push((instansi_id, skp_id, k as i64, t.to_string()));
                    eks.push((k, t.to_string()));
                }
            }
            let content = SkpContent {
                pendekatan: Pendekatan::Kuantitatif,
                rhk: content_rows,
                lampiran: l,
                ekspektasi: eks,
            };
            let header = Header {
                instansi: inst.nama.clone(),
                lokasi: inst.lokasi.clone(),
                mulai: Some(year_start),
                selesai: Some(year_end),
                pegawai: PersonHeader::of(e),
                penilai: p.and_then(|p| by_id.get(&p)).map(|p| PersonHeader::of(p)),
            };
            let day = |d: i64| (year_start + chrono::Duration::days(d)).min(today);
            let submitted = micros(day(rng.range(8, 28)), 9 + rng.range(0, 7) as u32);
            let decided = submitted + rng.range(1, 96) * 3_600_000_000;
            let (decision, catatan, sub_at, appr_at) = match status {
                SkpStatus::Disetujui => (Some("disetujui"), "", Some(submitted), Some(decided)),
                SkpStatus::Diajukan => (None, "", Some(submitted), None),
                SkpStatus::Dikembalikan => (
                    Some("dikembalikan"),
                    "Indikator belum terukur; lengkapi target dan satuannya.",
                    Some(submitted),
                    None,
                ),
                SkpStatus::Draft => (None, "", None, None),
            };
            if status != SkpStatus::Draft {
                submissions.push(SubmissionSeed {
                    instansi_id,
                    skp_id,
                    revisi: 1,
                    content_json: serde_json::to_string(&content).expect("serialisable"),
                    header_json: serde_json::to_string(&header).expect("serialisable"),
                    penilai_employee_id: p,
                    submitted_at: submitted,
                    decision: decision.map(str::to_string),
                    catatan: catatan.to_string(),
                    decided_at: decision.map(|_| decided),
                });
            }
            store::skp_set_state(&mut tx, instansi_id, skp_id, status.code(), sub_at, appr_at)
                .await?;
            counts.plans += 1;
            if !complete {
                *counts.by_status.entry(status.code()).or_default() += 1;
            }
        }
        store::lampiran_insert_many(&mut tx, &lampiran).await?;
        store::ekspektasi_insert_many(&mut tx, &ekspektasi).await?;
        store::submission_insert_many(&mut tx, &submissions).await?;
        store::cascade_insert_many(&mut tx, &cascades).await?;
        tx.commit().await?;
    }
    Ok(counts)
}
