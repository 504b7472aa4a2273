//! Official documents of Kinerja rendered to PDF with typst.
//!
//! Everything is offline: the templates are compiled into the binary, the fonts come from
//! `typst-assets` (embedded, subset into each PDF), no package is ever downloaded and no
//! system font is scanned, so a PDF looks the same on every server.
//!
//! Data reaches a template only as JSON bytes in `sys.inputs.data`, decoded in typst with
//! `json(..)`. No text is ever spliced into typst source, so names containing markup
//! characters (`*`, `_`, `#`, `$`, `@`, `<`) print literally.

pub mod chart;
pub mod table;

use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Dict, Value};
use typst::syntax::DiagSpan;
use typst::{World, WorldExt};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_pdf::PdfOptions;

const SKP_TEMPLATE: &str = include_str!("../templates/skp.typ");
const EVALUASI_TEMPLATE: &str = include_str!("../templates/evaluasi.typ");

/// Memoised typst results unused for this many renders are dropped (see `comemo::evict`).
/// Non-zero so that re-downloading a document, and the parts every SKP shares, hit the
/// cache; small so that memory stays bounded on a long-running server.
const CACHE_MAX_AGE: usize = 5;

/// An employee as printed in the identity table of the SKP.
#[derive(Serialize, Debug, Clone)]
pub struct Person {
    pub nama: String,
    pub nip: String,
    pub pangkat: String,
    pub jabatan: String,
    pub unit: String,
}

/// One indicator (IKI) of an RHK.
#[derive(Serialize, Debug, Clone)]
pub struct Indikator {
    pub aspek: String,
    pub iki: String,
    pub target: String,
}

/// One Rencana Hasil Kerja with its indicators.
#[derive(Serialize, Debug, Clone)]
pub struct RhkRow {
    /// Text of the supervisor's RHK this one cascades from; empty for Tambahan.
    pub intervensi: String,
    pub rhk: String,
    /// Balanced-scorecard perspective, JPT only; empty otherwise.
    pub perspektif: String,
    pub indikator: Vec<Indikator>,
}

/// One BerAKHLAK value with its indicators and the supervisor's specific expectation.
#[derive(Serialize, Debug, Clone)]
pub struct Perilaku {
    pub nilai: String,
    /// Normally three items.
    pub indikator: Vec<String>,
    pub ekspektasi: String,
}

/// An SKP ready to print. All text is already formatted, in Indonesian.
#[derive(Serialize, Debug, Clone)]
pub struct SkpDocument {
    /// E.g. "Pemerintah Kabupaten Lampung Utara".
    pub instansi: String,
    /// E.g. "1 Januari 2026 – 31 Desember 2026".
    pub periode: String,
    /// "Kuantitatif" or "Kualitatif".
    pub pendekatan: String,
    /// E.g. "Disetujui" or "Draf"; printed under the draft note when not approved.
    pub status: String,
    /// When false the title carries "DRAF — belum disetujui pejabat penilai".
    pub approved: bool,
    pub revisi: u32,
    pub pegawai: Person,
    pub penilai: Person,
    pub utama: Vec<RhkRow>,
    pub tambahan: Vec<RhkRow>,
    /// The seven BerAKHLAK values.
    pub perilaku: Vec<Perilaku>,
    pub dukungan: Vec<String>,
    pub skema: Vec<String>,
    pub konsekuensi: Vec<String>,
    /// Place of signing, e.g. "Kotabumi".
    pub tempat: String,
    /// Date of signing, e.g. "31 Januari 2026".
    pub tanggal: String,
    /// Small line at the bottom of every page.
    pub footer: String,
}

/// Why a document could not be produced.
/// One indicator of the Evaluasi Kinerja form.
#[derive(Serialize, Debug, Clone)]
pub struct EvalIndikator {
    pub aspek: String,
    pub iki: String,
    pub target: String,
    pub realisasi: String,
}

/// One RHK of the Evaluasi Kinerja form with the penilai's judgement and feedback.
#[derive(Serialize, Debug, Clone)]
pub struct EvalRhk {
    pub rhk: String,
    pub indikator: Vec<EvalIndikator>,
    pub penilaian: String,
    pub umpan_balik: String,
}

#[derive(Serialize, Debug, Clone)]
pub struct EvalPerilaku {
    pub nilai: String,
    pub ekspektasi: String,
    pub penilaian: String,
    pub umpan_balik: String,
}

/// Dokumen Evaluasi Kinerja Pegawai (blocks 1–8 of docs/domain-rules.md §8) with the Evaluasi Kinerja
/// and Umpan Balik forms printed after it.
#[derive(Serialize, Debug, Clone)]
pub struct EvaluasiDocument {
    pub instansi: String,
    /// "TRIWULAN I" … "AKHIR".
    pub periode_nama: String,
    pub periode: String,
    pub pegawai: Person,
    pub penilai: Person,
    pub atasan: Person,
    pub capaian: String,
    /// The unit's curve as SVG, empty when there is none to draw.
    pub kurva_svg: String,
    pub predikat: String,
    pub rating_hasil: String,
    pub rating_perilaku: String,
    pub catatan: String,
    pub keberatan: String,
    pub penjelasan: String,
    pub keputusan: String,
    pub utama: Vec<EvalRhk>,
    pub tambahan: Vec<EvalRhk>,
    pub perilaku: Vec<EvalPerilaku>,
    pub final_result: bool,
    pub tempat: String,
    pub tanggal: String,
    pub footer: String,
}

#[derive(thiserror::Error, Debug)]
pub enum DocumentError {
    /// typst refused the template or the export; the text lists its diagnostics, one per
    /// line, with the template line when known.
    #[error("typst: {0}")]
    Typst(String),
    /// The data could not be turned into JSON for the template.
    #[error("document data: {0}")]
    Data(#[from] serde_json::Error),
}

/// Renders documents. Build it once (it parses the fonts) and share it, e.g. in an `Arc`;
/// rendering takes `&self` and is CPU-bound, so call it from `spawn_blocking`.
pub struct Renderer {
    skp: TypstEngine<TypstTemplateMainFile>,
    evaluasi: TypstEngine<TypstTemplateMainFile>,
}

// The web server shares one renderer between threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
};

impl Renderer {
    /// Parses the embedded fonts and prepares the templates.
    pub fn new() -> Renderer {
        let engine = |main: &'static str| {
            TypstEngine::builder()
                .main_file(main)
                // `Bytes::new` borrows the static font data instead of copying it.
                .fonts(typst_assets::fonts().map(Bytes::new))
                .build()
        };
        Renderer {
            skp: engine(SKP_TEMPLATE),
            evaluasi: engine(EVALUASI_TEMPLATE),
        }
    }

    pub fn evaluasi_pdf(&self, doc: &EvaluasiDocument) -> Result<Vec<u8>, DocumentError> {
        render(&self.evaluasi, doc).map(|r| r.pdf)
    }

    /// The SKP and its lampiran as an A4 PDF.
    pub fn skp_pdf(&self, doc: &SkpDocument) -> Result<Vec<u8>, DocumentError> {
        self.render_skp(doc).map(|rendered| rendered.pdf)
    }

    fn render_skp(&self, doc: &SkpDocument) -> Result<Rendered, DocumentError> {
        render(&self.skp, doc)
    }
}

fn render<T: Serialize>(
    engine: &TypstEngine<TypstTemplateMainFile>,
    doc: &T,
) -> Result<Rendered, DocumentError> {
    let json = serde_json::to_vec(doc)?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Value::Bytes(Bytes::new(json)));
    let world = engine
        .world_builder()
        .with_inputs(inputs)
        .build()
        .map_err(|err| DocumentError::Typst(err.to_string()))?;
    let rendered = compile_to_pdf(&world);
    typst::comemo::evict(CACHE_MAX_AGE);
    rendered
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

/// A rendered document with what the tests look at.
struct Rendered {
    pdf: Vec<u8>,
    #[cfg_attr(not(test), allow(dead_code))]
    pages: usize,
    #[cfg_attr(not(test), allow(dead_code))]
    warnings: Vec<String>,
    /// The laid-out text, to check what was printed without parsing the PDF.
    #[cfg(test)]
    text: String,
}

fn compile_to_pdf(world: &dyn World) -> Result<Rendered, DocumentError> {
    let warned = typst::compile(world);
    let warnings = warned.warnings.iter().map(|w| describe(world, w)).collect();
    // The document type (`typst_layout::PagedDocument`) is inferred from `typst_pdf::pdf`,
    // which saves a direct dependency on typst-layout.
    let document = match warned.output {
        Ok(document) => document,
        Err(errors) => return Err(DocumentError::Typst(describe_all(world, &errors))),
    };
    let pdf = typst_pdf::pdf(&document, &PdfOptions::default())
        .map_err(|errors| DocumentError::Typst(describe_all(world, &errors)))?;
    let pages = document.pages().len();
    #[cfg(test)]
    let text = {
        let mut text = String::new();
        for page in document.pages() {
            collect_text(&page.frame, &mut text);
        }
        text
    };
    Ok(Rendered {
        pdf,
        pages,
        warnings,
        #[cfg(test)]
        text,
    })
}

fn describe_all(world: &dyn World, diagnostics: &[SourceDiagnostic]) -> String {
    let lines: Vec<String> = diagnostics.iter().map(|d| describe(world, d)).collect();
    lines.join("\n")
}

fn describe(world: &dyn World, diagnostic: &SourceDiagnostic) -> String {
    let mut text = match line_of(world, diagnostic.span) {
        Some(line) => format!("skp.typ:{line}: "),
        None => String::new(),
    };
    text.push_str(&diagnostic.message);
    for hint in diagnostic.hints.iter() {
        text.push_str(" (hint: ");
        text.push_str(&hint.v);
        text.push(')');
    }
    text
}

/// 1-based line in the template, when the diagnostic points into it.
fn line_of(world: &dyn World, span: DiagSpan) -> Option<usize> {
    let id = span.id()?;
    let range = world.range(span)?;
    let source = world.source(id).ok()?;
    source
        .lines()
        .byte_to_line(range.start)
        .map(|line| line + 1)
}

#[cfg(test)]
fn collect_text(frame: &typst::layout::Frame, out: &mut String) {
    use typst::layout::FrameItem;
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_text(&group.frame, out),
            FrameItem::Text(text) => {
                out.push_str(&text.text);
                out.push(' ');
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(nama: &str, nip: &str, pangkat: &str, jabatan: &str, unit: &str) -> Person {
        Person {
            nama: nama.into(),
            nip: nip.into(),
            pangkat: pangkat.into(),
            jabatan: jabatan.into(),
            unit: unit.into(),
        }
    }

    fn indikator(aspek: &str, iki: &str, target: &str) -> Indikator {
        Indikator {
            aspek: aspek.into(),
            iki: iki.into(),
            target: target.into(),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn berakhlak() -> Vec<Perilaku> {
        let values: [(&str, [&str; 3]); 7] = [
            (
                "Berorientasi Pelayanan",
                [
                    "Memahami dan memenuhi kebutuhan masyarakat",
                    "Ramah, cekatan, solutif, dan dapat diandalkan",
                    "Melakukan perbaikan tiada henti",
                ],
            ),
            (
                "Akuntabel",
                [
                    "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
                    "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
                    "Tidak menyalahgunakan kewenangan jabatan",
                ],
            ),
            (
                "Kompeten",
                [
                    "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
                    "Membantu orang lain belajar",
                    "Melaksanakan tugas dengan kualitas terbaik",
                ],
            ),
            (
                "Harmonis",
                [
                    "Menghargai setiap orang apa pun latar belakangnya",
                    "Suka menolong orang lain",
                    "Membangun lingkungan kerja yang kondusif",
                ],
            ),
            (
                "Loyal",
                [
                    "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
                    "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
                    "Menjaga rahasia jabatan dan negara",
                ],
            ),
            (
                "Adaptif",
                [
                    "Cepat menyesuaikan diri menghadapi perubahan",
                    "Terus berinovasi dan mengembangkan kreativitas",
                    "Bertindak proaktif",
                ],
            ),
            (
                "Kolaboratif",
                [
                    "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
                    "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
                    "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
                ],
            ),
        ];
        values
            .iter()
            .enumerate()
            .map(|(i, (nilai, indikator))| Perilaku {
                nilai: nilai.to_string(),
                indikator: strings(indikator),
                ekspektasi: if i % 2 == 0 {
                    "Menyelesaikan layanan aplikasi sesuai standar waktu yang disepakati".into()
                } else {
                    String::new()
                },
            })
            .collect()
    }

    fn realistic() -> SkpDocument {
        SkpDocument {
            instansi: "Pemerintah Kabupaten Lampung Utara".into(),
            periode: "1 Januari 2026 – 31 Desember 2026".into(),
            pendekatan: "Kuantitatif".into(),
            status: "Disetujui".into(),
            approved: true,
            revisi: 2,
            pegawai: person(
                "Rina Kurniasih, S.Kom.",
                "199003152015032004",
                "Penata Muda Tk. I (III/b)",
                "Pranata Komputer Ahli Pertama",
                "Bidang Aplikasi Informatika, Dinas Komunikasi dan Informatika",
            ),
            penilai: person(
                "Drs. Hendra Saputra, M.Si.",
                "197805102005011003",
                "Pembina (IV/a)",
                "Kepala Bidang Aplikasi Informatika",
                "Dinas Komunikasi dan Informatika",
            ),
            utama: vec![
                RhkRow {
                    intervensi: "Meningkatnya layanan publik berbasis elektronik".into(),
                    rhk: "Tersedianya aplikasi layanan perizinan daring yang andal".into(),
                    perspektif: String::new(),
                    indikator: vec![
                        indikator(
                            "Kuantitas",
                            "Jumlah modul aplikasi yang dioperasikan",
                            "4 modul",
                        ),
                        indikator(
                            "Kualitas",
                            "Persentase ketersediaan layanan (uptime)",
                            "99 %",
                        ),
                    ],
                },
                RhkRow {
                    intervensi: "Meningkatnya keamanan informasi pemerintah daerah".into(),
                    rhk: "Terlaksananya pemutakhiran keamanan server aplikasi".into(),
                    perspektif: "Proses Bisnis Internal".into(),
                    indikator: vec![
                        indikator(
                            "Kuantitas",
                            "Jumlah laporan pemutakhiran keamanan",
                            "12 laporan",
                        ),
                        indikator(
                            "Waktu",
                            "Ketepatan waktu penyampaian laporan bulanan",
                            "12 bulan",
                        ),
                    ],
                },
            ],
            tambahan: vec![RhkRow {
                intervensi: String::new(),
                rhk: "Menjadi narasumber bimbingan teknis literasi digital".into(),
                perspektif: String::new(),
                indikator: vec![indikator(
                    "Kuantitas",
                    "Jumlah kegiatan yang diisi",
                    "2 kegiatan",
                )],
            }],
            perilaku: berakhlak(),
            dukungan: strings(&["Anggaran pemeliharaan server", "Pelatihan keamanan siber"]),
            skema: strings(&[
                "Laporan bulanan kepada Kepala Bidang",
                "Evaluasi triwulanan",
            ]),
            konsekuensi: strings(&[
                "Predikat kinerja sesuai capaian",
                "Pertimbangan pengembangan karier",
            ]),
            tempat: "Kotabumi".into(),
            tanggal: "31 Januari 2026".into(),
            footer: "Dicetak dari Kinerja · revisi 2 · 31 Januari 2026 10.15 WIB".into(),
        }
    }

    /// Whitespace-free, so that line breaks and text runs do not matter.
    fn squeeze(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn assert_pdf(pdf: &[u8]) {
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        // Embedded font subsets alone take several kilobytes.
        assert!(
            pdf.len() > 5_000,
            "PDF suspiciously small: {} bytes",
            pdf.len()
        );
        assert!(
            pdf.len() < 5_000_000,
            "PDF suspiciously large: {} bytes",
            pdf.len()
        );
    }

    #[test]
    fn renders_a_realistic_skp() {
        let renderer = Renderer::new();
        let rendered = renderer.render_skp(&realistic()).expect("render");
        assert_pdf(&rendered.pdf);
        // A missing font only shows up as a warning ("unknown font family").
        assert!(
            rendered.warnings.is_empty(),
            "warnings: {:?}",
            rendered.warnings
        );
        assert!(
            rendered.pages >= 2,
            "SKP and lampiran: {} pages",
            rendered.pages
        );
        let text = squeeze(&rendered.text);
        for expected in [
            "SASARANKINERJAPEGAWAI",
            "PENDEKATANHASILKERJAKUANTITATIF",
            "LAMPIRANSASARANKINERJAPEGAWAI",
            "PERIODEPENILAIAN:1Januari2026–31Desember2026",
            "Rina",
            "199003152015032004",
            "Perspektif:ProsesBisnisInternal",
            "Kolaboratif",
            "DUKUNGANSUMBERDAYA",
            "Kotabumi,31Januari2026",
            "NIP.197805102005011003",
            "Halaman1dari",
        ] {
            assert!(text.contains(expected), "missing {expected:?}");
        }
        assert!(
            !text.contains("DRAF"),
            "an approved SKP carries no draft note"
        );
        assert_pdf(&renderer.skp_pdf(&realistic()).expect("public API"));
    }

    #[test]
    fn markup_characters_print_literally_and_long_plans_paginate() {
        let hostile = "Budi *_#$@<> `x` [y] {z} \\ ~ $a$";
        let long_rhk =
            "Terwujudnya *tata kelola* _data_ #sektoral $x$ @ref <label> yang terpadu; ".repeat(28);
        assert!(long_rhk.chars().count() > 2_000);

        let mut doc = realistic();
        doc.pegawai.nama = hostile.into();
        doc.penilai.unit = "Unit <b>#1</b> & *bintang*".into();
        doc.footer = "Dicetak #{panic()} $x$ @footer".into();
        doc.utama = (0..60)
            .map(|i| RhkRow {
                intervensi: format!("RHK pimpinan #{i} dengan *tanda* _khusus_"),
                rhk: if i == 3 {
                    long_rhk.clone()
                } else {
                    format!("RHK ke-{i}: $100 @unit <x>")
                },
                perspektif: if i % 10 == 0 {
                    "Pemangku #Kepentingan".into()
                } else {
                    String::new()
                },
                indikator: vec![
                    indikator("Kuantitas", &format!("Jumlah dokumen #{i}"), "10 dokumen"),
                    indikator("Kualitas", "Persentase *kesesuaian*", "100 %"),
                ],
            })
            .collect();

        let rendered = Renderer::new().render_skp(&doc).expect("render");
        assert_pdf(&rendered.pdf);
        assert!(rendered.pages >= 5, "only {} pages", rendered.pages);
        let text = squeeze(&rendered.text);
        assert!(
            text.contains(&squeeze(hostile)),
            "name not printed literally"
        );
        assert!(text.contains(&squeeze("Unit <b>#1</b> & *bintang*")));
        assert!(text.contains(&squeeze("Dicetak #{panic()} $x$ @footer")));
        assert!(text.contains(&squeeze("RHK ke-59: $100 @unit <x>")));
    }

    #[test]
    fn empty_blocks_and_drafts_render() {
        let mut doc = realistic();
        doc.approved = false;
        doc.status = "Draf".into();
        doc.tambahan.clear();
        doc.utama[0].indikator.clear();
        doc.perilaku.clear();
        doc.dukungan.clear();
        doc.skema.clear();
        doc.konsekuensi.clear();

        let rendered = Renderer::new().render_skp(&doc).expect("render");
        assert_pdf(&rendered.pdf);
        assert!(
            rendered.pages >= 2,
            "lampiran starts a page: {} pages",
            rendered.pages
        );
        let text = squeeze(&rendered.text);
        assert!(text.contains("DRAF—belumdisetujuipejabatpenilai"));
        assert!(text.contains("Status:Draf"));
        assert!(text.contains("B.Tambahan–"), "empty block prints a dash");
    }
}

#[cfg(test)]
mod evaluasi_tests {
    use super::*;

    fn person(n: &str) -> Person {
        Person {
            nama: n.into(),
            nip: "199505052020121006".into(),
            pangkat: "Penata Muda (III/a)".into(),
            jabatan: "Pengadministrasi".into(),
            unit: "Seksi *Arsip* #1".into(),
        }
    }

    pub fn sample() -> EvaluasiDocument {
        EvaluasiDocument {
            instansi: "PEMERINTAH KABUPATEN LAMPUNG UTARA".into(),
            periode_nama: "AKHIR".into(),
            periode: "1 Januari 2026 – 31 Desember 2026".into(),
            pegawai: person("Pelaksana Satu"),
            penilai: person("Kasi Alpha"),
            atasan: person("Kabid Alpha"),
            capaian: "Baik".into(),
            kurva_svg: chart::histogram(
                "Kurva",
                &[
                    "Sangat Baik".into(),
                    "Baik".into(),
                    "Butuh Perbaikan".into(),
                ],
                &[1, 5, 2],
                &[],
            ),
            predikat: "BAIK".into(),
            rating_hasil: "Sesuai Ekspektasi".into(),
            rating_perilaku: "Di Atas Ekspektasi".into(),
            catatan: "Ikuti pelatihan kearsipan digital.".into(),
            keberatan: String::new(),
            penjelasan: String::new(),
            keputusan: String::new(),
            utama: vec![EvalRhk {
                rhk: "Terarsipnya surat masuk dan keluar".into(),
                indikator: vec![EvalIndikator {
                    aspek: "Kuantitas".into(),
                    iki: "Jumlah surat terarsip".into(),
                    target: "1200 surat".into(),
                    realisasi: "1250 surat".into(),
                }],
                penilaian: "Di Atas Ekspektasi".into(),
                umpan_balik: "Pertahankan ketelitian.".into(),
            }],
            tambahan: vec![],
            perilaku: vec![EvalPerilaku {
                nilai: "Berorientasi Pelayanan".into(),
                ekspektasi: "Ramah kepada tamu".into(),
                penilaian: "Sesuai Ekspektasi".into(),
                umpan_balik: "Baik".into(),
            }],
            final_result: true,
            tempat: "Kotabumi".into(),
            tanggal: "28 November 2026".into(),
            footer: "Kinerja · uji".into(),
        }
    }

    #[test]
    fn the_evaluation_document_has_its_blocks_and_forms() {
        let r = render(&Renderer::new().evaluasi, &sample()).expect("render");
        assert!(r.pdf.starts_with(b"%PDF-"));
        assert!(
            r.pages >= 3,
            "document, evaluation form, feedback form: {}",
            r.pages
        );
        for s in [
            "DOKUMEN EVALUASI KINERJA PEGAWAI",
            "ATASAN PEJABAT PENILAI KINERJA",
            "KEPUTUSAN ATASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN",
            "Terarsipnya surat masuk dan keluar",
            "1250 surat",
            "UMPAN BALIK KINERJA PEGAWAI",
            "Seksi *Arsip* #1",
        ] {
            assert!(r.text.contains(s), "{s} missing");
        }
    }
}
