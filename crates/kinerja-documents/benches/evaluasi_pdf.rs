//! How long a Dokumen Evaluasi Kinerja Pegawai (with its two forms and the curve picture)
//! takes. Run with `cargo bench -p kinerja-documents --bench evaluasi_pdf`. Target: < 100 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kinerja_documents::chart::{Limit, histogram};
use kinerja_documents::{EvalIndikator, EvalPerilaku, EvalRhk, EvaluasiDocument, Person, Renderer};

const RUNS: u32 = 50;

fn person(nama: String, nip: &str, jabatan: &str) -> Person {
    Person {
        nama,
        nip: nip.into(),
        pangkat: "Penata Muda Tingkat I (III/b)".into(),
        jabatan: jabatan.into(),
        unit: "Seksi Pelayanan Kesehatan Primer, Dinas Kesehatan".into(),
    }
}

fn document(i: u32) -> EvaluasiDocument {
    let labels: Vec<String> = [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    ]
    .map(String::from)
    .to_vec();
    let rhk = |n: u32| EvalRhk {
        rhk: format!("Meningkatnya cakupan pelayanan kesehatan dasar di wilayah kerja {n}"),
        indikator: (0..2)
            .map(|k| EvalIndikator {
                aspek: ["Kuantitas", "Kualitas"][k].into(),
                iki: format!("Persentase desa dengan posyandu aktif {n}.{k}"),
                target: "85 %".into(),
                realisasi: format!("{} % — laporan bulanan terlampir", 80 + (i + n) % 15),
            })
            .collect(),
        penilaian: "Sesuai Ekspektasi".into(),
        umpan_balik: "Pertahankan pendampingan kader; perbaiki ketepatan waktu laporan.".into(),
    };
    EvaluasiDocument {
        instansi: "PEMERINTAH KABUPATEN LAMPUNG UTARA".into(),
        periode_nama: "AKHIR".into(),
        periode: "1 Januari 2026 – 31 Desember 2026".into(),
        pegawai: person(
            format!("dr. Siti Rahmawati {i}, M.Kes."),
            "198706152010012003",
            "Epidemiolog Kesehatan Ahli Muda",
        ),
        penilai: person(
            "Hendra Saputra, S.K.M.".into(),
            "197904122005011004",
            "Kepala Seksi",
        ),
        atasan: person(
            "Drs. Bambang Wijaya".into(),
            "196812011995031002",
            "Kepala Bidang",
        ),
        capaian: "BAIK".into(),
        kurva_svg: histogram(
            "Pola distribusi",
            &labels,
            &[3, 14 + i % 3, 4, 1, 0],
            &[Limit {
                bars: vec![1],
                at_most: true,
                percent: 70,
                broken: false,
                label: "≤ 70%".into(),
            }],
        ),
        predikat: "BAIK".into(),
        rating_hasil: "Sesuai Ekspektasi".into(),
        rating_perilaku: "Di Atas Ekspektasi".into(),
        catatan: "Diusulkan mengikuti pelatihan analisis data surveilans.".into(),
        keberatan: String::new(),
        penjelasan: String::new(),
        keputusan: String::new(),
        utama: (1..=5).map(rhk).collect(),
        tambahan: vec![rhk(9)],
        perilaku: [
            "Berorientasi Pelayanan",
            "Akuntabel",
            "Kompeten",
            "Harmonis",
            "Loyal",
            "Adaptif",
            "Kolaboratif",
        ]
        .iter()
        .map(|n| EvalPerilaku {
            nilai: n.to_string(),
            ekspektasi: "Menjadi teladan bagi staf puskesmas".into(),
            penilaian: "Di Atas Ekspektasi".into(),
            umpan_balik: "Konsisten dan dapat diandalkan.".into(),
        })
        .collect(),
        final_result: true,
        tempat: "Kotabumi".into(),
        tanggal: "15 Januari 2027".into(),
        footer: format!("Kinerja · Dokumen Evaluasi AKHIR 2026 · {i}"),
    }
}

fn main() {
    let benching = std::env::args().any(|arg| arg == "--bench");
    let start = Instant::now();
    let renderer = Renderer::new();
    let first = renderer.evaluasi_pdf(&document(0)).expect("render");
    let first_total = start.elapsed();
    if !benching {
        assert!(first.starts_with(b"%PDF-"));
        return;
    }
    let mut total = Duration::ZERO;
    for i in 1..=RUNS {
        let doc = document(i);
        let started = Instant::now();
        let pdf = renderer.evaluasi_pdf(black_box(&doc)).expect("render");
        total += started.elapsed();
        let _ = black_box(pdf);
    }
    let mean = total / RUNS;
    println!(
        "first render (fonts parsed): {:.1} ms",
        first_total.as_secs_f64() * 1000.0
    );
    println!(
        "mean over {RUNS} documents: {:.1} ms per document",
        mean.as_secs_f64() * 1000.0
    );
    println!(
        "target < 100 ms: {}",
        if mean < Duration::from_millis(100) {
            "met"
        } else {
            "MISSED"
        }
    );
}
