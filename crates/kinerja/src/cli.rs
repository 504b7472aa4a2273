//! The `kinerja` command line. Every command exits non-zero with a one-line reason on
//! failure.

use crate::app::App;
use crate::config::Config;
use crate::demo;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::services::audit::{self, Change, Who};
use crate::services::{accounts, import};
use crate::store::org::{self, EmployeeFields, NewPosition, NewUnit};
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kinerja",
    version,
    about = "Kinerja: manajemen kinerja ASN (PermenPANRB 6/2022).",
    long_about = "Kinerja: manajemen kinerja ASN (PermenPANRB 6/2022).\n\n\
        Konfigurasi dibaca dari kinerja.toml (atau KINERJA_CONFIG) lalu dari lingkungan:\n  \
        DATABASE_URL   sqlite://./data/kinerja.db (bawaan) atau postgres://…\n  \
        KINERJA_LISTEN 127.0.0.1:8080 (bawaan)\n  \
        KINERJA_AUDIT_KEY kunci rantai audit (bawaan: dibuat sekali di data/audit.key)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Menjalankan server web (halaman dan API). Basis data dibuat dan dimigrasi otomatis.
    Serve {
        /// Muat data demo Lampung Utara bila basis data masih kosong.
        #[arg(long)]
        demo: bool,
    },
    /// Menjalankan migrasi basis data lalu keluar.
    Migrate,
    /// Mengisi basis data DATABASE_URL dengan data demo Kabupaten Lampung Utara
    /// (±15.000 pegawai) dan mencetak akun demo.
    Demo {
        /// Benih pembangkit: benih yang sama memberi data yang sama.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Jumlah instansi: kabupaten demo ditambah salinannya (kode 90.01, 90.02, …), masing-
        /// masing dengan akun dan NIP sendiri, untuk mengukur skala nasional.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=999))]
        instansi: u16,
    },
    /// Menyalin seluruh basis data ke BERKAS selagi server berjalan (SQLite: VACUUM INTO;
    /// PostgreSQL: pg_dump format custom). Berkas bukti dan kunci audit dicadangkan
    /// terpisah: lihat docs/operations.md.
    Backup {
        /// Berkas tujuan; tidak boleh sudah ada.
        file: std::path::PathBuf,
    },
    /// Mengimpor data dari CSV (semua atau tidak sama sekali).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Jejak audit.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
    /// Akun pengguna.
    User {
        #[command(subcommand)]
        what: UserWhat,
    },
    /// Instansi (tenant) dalam basis data ini.
    Instansi {
        #[command(subcommand)]
        what: InstansiWhat,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Pegawai dari CSV (upsert berdasarkan NIP). Kolom: lihat README.
    Employees {
        file: std::path::PathBuf,
        /// Periksa saja; tidak ada yang diubah.
        #[arg(long)]
        dry_run: bool,
        /// Kode instansi (wajib bila basis data memuat lebih dari satu instansi).
        #[arg(long)]
        instansi: Option<String>,
    },
    /// Unit organisasi dari CSV (upsert berdasarkan kode). Kolom: kode, nama, jenis, kode_induk.
    Units {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        instansi: Option<String>,
    },
    /// Nilai disiplin satu periode dari CSV sistem kehadiran (menggantikan nilai periode itu).
    /// Kolom: nip dan nilai_disiplin, atau nip, hari_kerja dan hadir.
    Disiplin {
        file: std::path::PathBuf,
        /// Tahun penilaian, mis. 2026.
        #[arg(long)]
        tahun: i64,
        /// Kode periode, mis. TW3 atau AKHIR.
        #[arg(long)]
        periode: String,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        instansi: Option<String>,
    },
}

/// What an import reads.
enum Kind {
    Employees,
    Units,
    Disiplin { tahun: i64, periode: String },
}

#[derive(Subcommand)]
enum AuditWhat {
    /// Memeriksa seluruh rantai audit dan menyebut tautan pertama yang rusak.
    Verify {
        /// Berkas titik periksa dari `kinerja audit checkpoint`: membuktikan juga bahwa
        /// tidak ada yang dihapus atau diubah sampai titik itu.
        #[arg(long)]
        checkpoint: Option<std::path::PathBuf>,
    },
    /// Mencetak ujung setiap rantai (instansi, nomor urut, hash, waktu) untuk disimpan di
    /// luar basis data, misalnya di log operator atau surat bertanda tangan.
    Checkpoint,
}

#[derive(Subcommand)]
enum UserWhat {
    /// Membuat akun admin BKPSDM. Kata sandi dibaca dari masukan standar.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        instansi: Option<String>,
    },
    /// Mengganti kata sandi sebuah akun (admin BKPSDM, atau pejabat yang tidak dapat diatur
    /// ulang oleh admin mana pun). Kata sandi baru dibaca dari masukan standar; semua sesi
    /// dan token akun itu diakhiri. Hanya operator server yang dapat menjalankannya.
    SetPassword {
        /// Nama pengguna atau NIP.
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum InstansiWhat {
    /// Membuat instansi beserta unit puncaknya.
    Create {
        /// Kode wilayah/instansi, mis. 18.03.
        #[arg(long)]
        kode: String,
        /// Nama resmi, mis. "Pemerintah Kabupaten Lampung Utara".
        #[arg(long)]
        nama: String,
        /// Tempat penandatanganan dokumen, mis. Kotabumi.
        #[arg(long)]
        lokasi: String,
        /// Jabatan pimpinan puncak (PPK), mis. "Bupati Lampung Utara".
        #[arg(long)]
        pimpinan_jabatan: String,
        /// Nama pimpinan (opsional): menjadi pejabat penilai para JPT.
        #[arg(long)]
        pimpinan_nama: Option<String>,
    },
    /// Menampilkan instansi yang ada.
    List,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kinerja: tidak dapat memulai runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kinerja: {}", e.line());
            ExitCode::from(e.exit_code())
        }
    }
}

/// Why a command failed, named for the operator who reads it: a refused import or a broken
/// audit chain is not a configuration problem.
#[derive(Debug)]
pub enum Failure {
    /// From the application: configuration, input, database… (its own category).
    App(AppError),
    /// The file was checked and refused; nothing changed.
    ImportRejected(String),
    /// `audit verify` found tampering.
    AuditBroken(String),
    /// An instansi, year or period named on the command line does not exist.
    NotFound(String),
    /// The command needs more to go on (e.g. which instansi).
    Usage(String),
    /// A file or standard input could not be read.
    Read(String),
    /// The server could not start listening.
    Listen(String),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        Failure::App(e)
    }
}

impl Failure {
    /// One line, in Indonesian like the rest of the command.
    pub fn line(&self) -> String {
        match self {
            Failure::App(e @ AppError::Config(_)) => e.message(Lang::Id),
            Failure::App(e @ AppError::Invalid(_)) => {
                format!("masukan ditolak: {}", e.message(Lang::Id))
            }
            Failure::App(AppError::Db(err)) => format!("basis data gagal: {err}"),
            Failure::App(AppError::Internal(d)) => format!("kesalahan internal: {d}"),
            Failure::App(e) => e.message(Lang::Id),
            Failure::ImportRejected(d) => format!("impor ditolak: {d}"),
            Failure::AuditBroken(d) => format!("rantai audit rusak: {d}"),
            Failure::NotFound(d) => format!("tidak ditemukan: {d}"),
            Failure::Usage(d) => format!("perintah kurang lengkap: {d}"),
            Failure::Read(d) => format!("tidak dapat dibaca: {d}"),
            Failure::Listen(d) => format!("server tidak dapat dimulai: {d}"),
        }
    }

    /// Distinct exit codes for the failures scripts act on (2 is clap's usage error).
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::ImportRejected(_) => 3,
            Failure::AuditBroken(_) => 4,
            _ => 1,
        }
    }
}

fn init_logs(cfg: &Config, default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if cfg.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let cfg = Config::load()?;
    match cli.command {
        Command::Serve { demo } => {
            init_logs(&cfg, "info,sqlx=warn");
            let addr = cfg.listen_addr()?;
            let app = crate::services::start(cfg).await?;
            if demo && demo::is_empty(&app.db).await? {
                eprintln!("Memuat data demo…");
                let summary = demo::load(&app, 2026).await?;
                eprint!("{}", demo::print_accounts(&summary).await);
            }
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| Failure::Listen(format!("{addr}: {e}")))?;
            // Expired sessions are removed hourly so the table stays small.
            let purge = app.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
                loop {
                    tick.tick().await;
                    let result = async {
                        let mut tx = purge.db.begin().await?;
                        let n = crate::store::users::sessions_purge_expired(
                            &mut tx,
                            crate::store::now_micros(),
                        )
                        .await?;
                        tx.commit().await?;
                        Ok::<u64, AppError>(n + crate::services::throttle::purge(&purge).await?)
                    }
                    .await;
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "session purge failed");
                    }
                }
            });
            // Mail and the daily reminders (one process runs each day's jobs).
            crate::services::mail::spawn(app.clone())?;
            eprintln!("Kinerja berjalan di http://{addr}/");
            crate::http::serve(app.clone(), listener)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
            app.db.close().await;
            Ok(())
        }
        Command::Migrate => {
            init_logs(&cfg, "warn");
            let app = crate::services::start(cfg).await?;
            app.db.close().await;
            println!("Migrasi selesai.");
            Ok(())
        }
        Command::Demo { seed, instansi } => {
            init_logs(&cfg, "warn");
            let app = crate::services::start(cfg).await?;
            let started = std::time::Instant::now();
            let summary = demo::load(&app, seed).await?;
            print!("{}", demo::print_accounts(&summary).await);
            println!("({:.1} detik)", started.elapsed().as_secs_f64());
            if instansi > 1 {
                let source = demo::demo_instansi(&app).await?;
                let copying = std::time::Instant::now();
                let copies = demo::copies::copies(&app, source, instansi.into(), |c| {
                    println!(
                        "Salinan {}: {} baris ({:.1} detik sejak mulai menyalin)",
                        c.kode,
                        c.rows,
                        copying.elapsed().as_secs_f64()
                    );
                })
                .await?;
                let size = crate::store::copy::database_size(&app.db).await?;
                println!(
                    "{} instansi ({} salinan) dalam {:.1} detik; ukuran basis data {:.1} MB. \
                     Akun salinan: nama akun sumber diikuti kode instansinya (mis. bupati.{}); \
                     pegawai masuk dengan NIP barunya.",
                    copies.len() + 1,
                    copies.len(),
                    started.elapsed().as_secs_f64(),
                    size as f64 / 1e6,
                    demo::copies::copy_kode(1)
                );
            }
            app.db.close().await;
            Ok(())
        }
        Command::Backup { file } => {
            init_logs(&cfg, "warn");
            let url = cfg.database_url.clone();
            let app = crate::services::start(cfg).await?;
            let started = std::time::Instant::now();
            crate::store::backup::backup(&app.db, &url, &file).await?;
            app.db.close().await;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            println!(
                "Cadangan ditulis ke {} ({:.1} MB, {:.1} detik).",
                file.display(),
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Import { what } => {
            init_logs(&cfg, "warn");
            let app = crate::services::start(cfg).await?;
            let (file, dry_run, instansi, kind) = match what {
                ImportWhat::Employees {
                    file,
                    dry_run,
                    instansi,
                } => (file, dry_run, instansi, Kind::Employees),
                ImportWhat::Units {
                    file,
                    dry_run,
                    instansi,
                } => (file, dry_run, instansi, Kind::Units),
                ImportWhat::Disiplin {
                    file,
                    tahun,
                    periode,
                    dry_run,
                    instansi,
                } => (file, dry_run, instansi, Kind::Disiplin { tahun, periode }),
            };
            let instansi_id = resolve_instansi(&app, instansi.as_deref()).await?;
            let bytes = std::fs::read(&file)
                .map_err(|e| Failure::Read(format!("{}: {e}", file.display())))?;
            let who = Who::system("CLI import");
            let started = std::time::Instant::now();
            let report = match kind {
                Kind::Units => {
                    import::import_units(&app, instansi_id, &who, &bytes, dry_run).await?
                }
                Kind::Employees => {
                    import::import_employees(&app, instansi_id, &who, &bytes, dry_run).await?
                }
                Kind::Disiplin { tahun, periode } => {
                    let period = period_of(&app, instansi_id, tahun, &periode).await?;
                    import::import_disiplin(&app, instansi_id, &who, period, &bytes, dry_run)
                        .await?
                }
            };
            app.db.close().await;
            print_report(&report, started.elapsed());
            if report.ok() {
                Ok(())
            } else {
                Err(Failure::ImportRejected(format!(
                    "{} baris bermasalah, tidak ada yang diubah",
                    report.errors.len() + report.file_problems.len()
                )))
            }
        }
        Command::Audit {
            what: AuditWhat::Checkpoint,
        } => {
            init_logs(&cfg, "warn");
            let app = crate::services::start(cfg).await?;
            let heads = audit::checkpoint(&app.db, &app.audit_key).await?;
            app.db.close().await;
            match heads {
                Ok(list) => {
                    for c in list {
                        println!("{c}");
                    }
                    Ok(())
                }
                Err(link) => Err(Failure::AuditBroken(link.to_string())),
            }
        }
        Command::Audit {
            what: AuditWhat::Verify { checkpoint },
        } => {
            init_logs(&cfg, "warn");
            let checkpoints = match &checkpoint {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .map_err(|e| Failure::Read(format!("{}: {e}", path.display())))?;
                    let list = audit::parse_checkpoints(&text)
                        .map_err(|e| Failure::Read(format!("{}: {e}", path.display())))?;
                    Some(list)
                }
                None => None,
            };
            let app = crate::services::start(cfg).await?;
            let report = match &checkpoints {
                Some(list) => audit::verify_against(&app.db, &app.audit_key, list).await?,
                None => audit::verify(&app.db, &app.audit_key).await?,
            };
            app.db.close().await;
            match report.broken {
                None => {
                    println!(
                        "Rantai audit utuh: {} peristiwa diperiksa.",
                        report.events_checked
                    );
                    if let Some(list) = checkpoints {
                        println!(
                            "Tidak ada yang dihapus atau diubah sampai {} titik periksa.",
                            list.len()
                        );
                    }
                    Ok(())
                }
                Some(link) => Err(Failure::AuditBroken(link.to_string())),
            }
        }
        Command::User {
            what: UserWhat::CreateAdmin { username, instansi },
        } => {
            init_logs(&cfg, "warn");
            let password = password_from_stdin()?;
            let app = crate::services::start(cfg).await?;
            let instansi_id = resolve_instansi(&app, instansi.as_deref()).await?;
            let id = accounts::create_admin(
                &app,
                instansi_id,
                &username,
                &password,
                &Who::system("CLI"),
            )
            .await?;
            app.db.close().await;
            println!("Akun admin '{username}' dibuat (id {id}).");
            Ok(())
        }
        Command::User {
            what: UserWhat::SetPassword { username },
        } => {
            init_logs(&cfg, "warn");
            let password = password_from_stdin()?;
            let app = crate::services::start(cfg).await?;
            let who = Who::system("CLI set-password");
            let done = accounts::set_password_by_operator(&app, &username, &password, &who).await;
            app.db.close().await;
            match done {
                Ok(()) => {
                    println!(
                        "Kata sandi '{}' diganti; semua sesi dan tokennya diakhiri.",
                        username.trim()
                    );
                    Ok(())
                }
                Err(AppError::NotFound) => Err(Failure::NotFound(format!(
                    "akun '{}' tidak ada",
                    username.trim()
                ))),
                Err(e) => Err(e.into()),
            }
        }
        Command::Instansi { what } => {
            init_logs(&cfg, "warn");
            let app = crate::services::start(cfg).await?;
            match what {
                InstansiWhat::List => {
                    for i in org::instansi_list(&app.db).await? {
                        println!("{}\t{}\t{}", i.kode, i.nama, i.lokasi);
                    }
                }
                InstansiWhat::Create {
                    kode,
                    nama,
                    lokasi,
                    pimpinan_jabatan,
                    pimpinan_nama,
                } => {
                    let id = create_instansi(
                        &app,
                        &kode,
                        &nama,
                        &lokasi,
                        &pimpinan_jabatan,
                        pimpinan_nama.as_deref(),
                    )
                    .await?;
                    println!("Instansi {kode} dibuat (id {id}).");
                }
            }
            app.db.close().await;
            Ok(())
        }
    }
}

/// A password given on standard input (its first line), never on the command line where
/// the process list would show it.
fn password_from_stdin() -> Result<String, Failure> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| Failure::Read(format!("stdin: {e}")))?;
    Ok(input.lines().next().unwrap_or("").to_string())
}

/// The id of a period named by its year and code (case does not matter).
async fn period_of(app: &App, instansi_id: i64, tahun: i64, kode: &str) -> Result<i64, Failure> {
    let year = crate::store::periode::year_by_tahun(&app.db, instansi_id, tahun)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("tahun penilaian {tahun} tidak ada")))?;
    let periods = crate::store::periode::periods(&app.db, instansi_id, year.id).await?;
    periods
        .iter()
        .find(|p| p.kode.eq_ignore_ascii_case(kode.trim()))
        .map(|p| p.id)
        .ok_or_else(|| {
            Failure::NotFound(format!(
                "periode {kode} tidak ada pada tahun {tahun}; pilihan: {}",
                periods
                    .iter()
                    .map(|p| p.kode.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// Creates an instansi with its root unit, the head position of the root and, when named,
/// the pejabat negara holding it.
pub async fn create_instansi(
    app: &App,
    kode: &str,
    nama: &str,
    lokasi: &str,
    pimpinan_jabatan: &str,
    pimpinan_nama: Option<&str>,
) -> AppResult<i64> {
    if kode.trim().is_empty() || nama.trim().is_empty() {
        return Err(AppError::invalid("kode", "nama-required"));
    }
    if org::instansi_list(&app.db)
        .await?
        .iter()
        .any(|i| i.kode == kode)
    {
        return Err(AppError::Conflict("instansi-exists"));
    }
    let mut tx = app.db.begin().await?;
    let id = org::instansi_create(&mut tx, kode, nama, lokasi).await?;
    audit::create_chain(&mut tx, &app.audit_key, id).await?;
    let (root, _) = org::unit_insert(
        &mut tx,
        NewUnit {
            instansi_id: id,
            parent: None,
            kode,
            nama,
            jenis: "pemda",
            urutan: 0,
        },
    )
    .await?;
    let pos = org::position_insert(
        &mut tx,
        NewPosition {
            instansi_id: id,
            unit_id: root,
            nama: pimpinan_jabatan,
            jenis: "pejabat_negara",
            jenjang: None,
            is_head: true,
        },
    )
    .await?;
    if let Some(n) = pimpinan_nama {
        org::employee_insert(
            &mut tx,
            id,
            &EmployeeFields {
                nip: None,
                jenis_asn: "pejabat_negara".into(),
                gelar_depan: String::new(),
                nama: n.to_string(),
                gelar_belakang: String::new(),
                jenis_kelamin: "L".into(),
                tanggal_lahir: None,
                golongan: None,
                position_id: pos,
                email: None,
                aktif: true,
                penilai_override_id: None,
            },
        )
        .await?;
    }
    audit::record(
        &mut tx,
        &app.audit_key,
        id,
        &Who::system("CLI"),
        Change {
            action: "instansi.create",
            object_type: "instansi",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(serde_json::json!({"kode": kode, "nama": nama, "lokasi": lokasi, "pimpinan": pimpinan_jabatan})),
        },
    )
    .await?;
    tx.commit().await?;
    // A starting development catalogue that BKPSDM then edits.
    crate::services::pengembangan::katalog_seed(app, id).await?;
    Ok(id)
}

async fn resolve_instansi(app: &App, kode: Option<&str>) -> Result<i64, Failure> {
    let all = org::instansi_list(&app.db).await?;
    match kode {
        Some(k) => all
            .iter()
            .find(|i| i.kode == k)
            .map(|i| i.id)
            .ok_or_else(|| Failure::NotFound(format!("instansi '{k}' tidak ada"))),
        None => match all.as_slice() {
            [one] => Ok(one.id),
            [] => Err(Failure::NotFound(
                "belum ada instansi: buat dengan `kinerja instansi create` atau muat `kinerja demo`".into(),
            )),
            many => Err(Failure::Usage(format!(
                "pilih instansi dengan --instansi (tersedia: {})",
                many.iter().map(|i| i.kode.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        },
    }
}

fn print_report(r: &import::ImportReport, took: std::time::Duration) {
    for p in &r.file_problems {
        println!("Berkas: {}", p.message(Lang::Id));
    }
    for e in &r.errors {
        let msgs: Vec<String> = e.problems.iter().map(|p| p.message(Lang::Id)).collect();
        println!("Baris {} ({}): {}", e.line, e.key, msgs.join("; "));
    }
    if r.ok() {
        println!(
            "{}{} baris: {} baru, {} diperbarui, {} tidak berubah ({:.2} detik).",
            if r.dry_run {
                "Uji coba (tidak ada yang disimpan): "
            } else {
                ""
            },
            r.rows,
            r.created,
            r.updated,
            r.unchanged,
            took.as_secs_f64()
        );
    }
}
