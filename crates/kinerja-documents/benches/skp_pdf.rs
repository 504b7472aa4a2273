//! How long an SKP PDF takes. Run with `cargo bench -p kinerja-documents`.
//!
//! Prints the first render (which includes parsing the embedded fonts) and the mean over
//! 50 further documents.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kinerja_documents::{Indikator, Perilaku, Person, Renderer, RhkRow, SkpDocument};

const RUNS: u32 = 50;

fn main() {
    // `cargo bench` passes `--bench`; under `cargo test --all-targets` this target runs
    // unoptimised, so only check that it renders once.
    let benching = std::env::args().any(|arg| arg == "--bench");

    let start = Instant::now();
    let renderer = Renderer::new();
    let fonts = start.elapsed();
    let first = renderer.skp_pdf(&document(0)).expect("render");
    let first_total = start.elapsed();
    if !benching {
        assert!(first.starts_with(b"%PDF-"));
        return;
    }

    let mut total = Duration::ZERO;
    for i in 1..=RUNS {
        // A different employee each time, as on a server: identical input would mostly be
        // answered from typst's memoisation cache.
        let doc = document(i);
        let started = Instant::now();
        let pdf = renderer.skp_pdf(black_box(&doc)).expect("render");
        total += started.elapsed();
        let _ = black_box(pdf);
    }

    println!(
        "first render: {:.1} ms (of which Renderer::new, parsing fonts: {:.1} ms)",
        ms(first_total),
        ms(fonts)
    );
    println!(
        "mean over {RUNS} documents: {:.1} ms per document",
        ms(total / RUNS)
    );
    println!("PDF size: {:.1} KiB", first.len() as f64 / 1024.0);
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn person(nama: String, nip: &str, pangkat: &str, jabatan: &str, unit: &str) -> Person {
    Person {
        nama,
        nip: nip.into(),
        pangkat: pangkat.into(),
        jabatan: jabatan.into(),
        unit: unit.into(),
    }
}

fn indikator(aspek: &str, iki: String, target: &str) -> Indikator {
    Indikator {
        aspek: aspek.into(),
        iki,
        target: target.into(),
    }
}

fn rhk(intervensi: &str, rhk: String, indikator: Vec<Indikator>) -> RhkRow {
    RhkRow {
        intervensi: intervensi.into(),
        rhk,
        perspektif: String::new(),
        indikator,
    }
}

/// A typical SKP: two RHK utama with two indicators each, one tambahan, the seven
/// BerAKHLAK values and a lampiran. `n` varies the text so every document is new.
fn document(n: u32) -> SkpDocument {
    let perilaku = [
        (
            "Berorientasi Pelayanan",
            "Memahami dan memenuhi kebutuhan masyarakat",
        ),
        (
            "Akuntabel",
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, dan disiplin",
        ),
        (
            "Kompeten",
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        ),
        (
            "Harmonis",
            "Menghargai setiap orang apa pun latar belakangnya",
        ),
        (
            "Loyal",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        ),
        ("Adaptif", "Cepat menyesuaikan diri menghadapi perubahan"),
        (
            "Kolaboratif",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        ),
    ]
    .into_iter()
    .map(|(nilai, pertama)| Perilaku {
        nilai: nilai.into(),
        indikator: vec![
            pertama.into(),
            "Melaksanakan tugas dengan kualitas terbaik".into(),
            "Bertindak proaktif".into(),
        ],
        ekspektasi: format!("Menyelesaikan {} permintaan layanan tepat waktu", 10 + n),
    })
    .collect();

    SkpDocument {
        instansi: "Pemerintah Kabupaten Lampung Utara".into(),
        periode: "1 Januari 2026 – 31 Desember 2026".into(),
        pendekatan: "Kuantitatif".into(),
        status: "Disetujui".into(),
        approved: true,
        revisi: n,
        pegawai: person(
            format!("Pegawai Contoh {n}, S.Kom."),
            "199003152015032004",
            "Penata Muda Tk. I (III/b)",
            "Pranata Komputer Ahli Pertama",
            "Bidang Aplikasi Informatika, Dinas Komunikasi dan Informatika",
        ),
        penilai: person(
            "Drs. Hendra Saputra, M.Si.".into(),
            "197805102005011003",
            "Pembina (IV/a)",
            "Kepala Bidang Aplikasi Informatika",
            "Dinas Komunikasi dan Informatika",
        ),
        utama: vec![
            rhk(
                "Meningkatnya layanan publik berbasis elektronik",
                format!(
                    "Tersedianya {} modul aplikasi layanan perizinan daring",
                    2 + n % 5
                ),
                vec![
                    indikator(
                        "Kuantitas",
                        format!("Jumlah modul aplikasi ({n})"),
                        "4 modul",
                    ),
                    indikator("Kualitas", "Persentase ketersediaan layanan".into(), "99 %"),
                ],
            ),
            rhk(
                "Meningkatnya keamanan informasi pemerintah daerah",
                "Terlaksananya pemutakhiran keamanan server aplikasi".into(),
                vec![
                    indikator(
                        "Kuantitas",
                        "Jumlah laporan pemutakhiran".into(),
                        "12 laporan",
                    ),
                    indikator(
                        "Waktu",
                        "Ketepatan waktu laporan bulanan".into(),
                        "12 bulan",
                    ),
                ],
            ),
        ],
        tambahan: vec![rhk(
            "",
            "Menjadi narasumber bimbingan teknis literasi digital".into(),
            vec![indikator(
                "Kuantitas",
                "Jumlah kegiatan".into(),
                "2 kegiatan",
            )],
        )],
        perilaku,
        dukungan: vec!["Anggaran pemeliharaan server".into()],
        skema: vec!["Laporan bulanan kepada Kepala Bidang".into()],
        konsekuensi: vec!["Predikat kinerja sesuai capaian".into()],
        tempat: "Kotabumi".into(),
        tanggal: "31 Januari 2026".into(),
        footer: format!("Dicetak dari Kinerja · revisi {n} · 31 Januari 2026"),
    }
}
