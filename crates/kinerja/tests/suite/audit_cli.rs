//! The audit chain and the command line: tampering is detected and named, commands exit
//! non-zero with a one-line reason.

use crate::common::*;
use kinerja::services::audit::{BreakReason, verify};
use kinerja::store::on_db;
use std::process::{Command, Stdio};

fn kinerja(t: &TestApp) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    c.env("DATABASE_URL", &t.db.url)
        .env("KINERJA_AUDIT_KEY", AUDIT_KEY)
        .env("KINERJA_DATA_DIR", t.db.data_dir())
        .env_remove("KINERJA_CONFIG")
        .current_dir(t.db.data_dir());
    c
}

/// Runs the command with `input` on its standard input (how passwords are given).
fn with_stdin(t: &TestApp, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = kinerja(t)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_event_breaks_the_chain_at_that_event() {
    let (t, _) = TestApp::with_fixture().await;
    let ok = verify(&t.app.db, &t.app.audit_key).await.unwrap();
    assert!(ok.broken.is_none());
    assert!(ok.events_checked > 10);
    let out = kinerja(&t).args(["audit", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Rantai audit utuh"));

    write_sql(
        &t.app.db,
        "UPDATE audit_events SET after_json = '{\"nama\":\"Palsu\"}' WHERE seq = 5",
    )
    .await;
    let r = verify(&t.app.db, &t.app.audit_key).await.unwrap();
    let link = r.broken.expect("tampering detected");
    assert_eq!((link.seq, link.reason), (5, BreakReason::HashMismatch));
    assert_eq!(r.events_checked, 4);
    let out = kinerja(&t).args(["audit", "verify"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("peristiwa #5") && err.contains("diubah"),
        "{err}"
    );
    // Named for what it is, with its own exit code.
    assert!(err.starts_with("kinerja: rantai audit rusak:"), "{err}");
    assert!(!err.contains("Konfigurasi"), "{err}");
    assert_eq!(out.status.code(), Some(4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_and_truncated_events_are_detected() {
    let (t, _) = TestApp::with_fixture().await;
    write_sql(&t.app.db, "DELETE FROM audit_events WHERE seq = 7").await;
    let link = verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .broken
        .unwrap();
    assert_eq!((link.seq, link.reason), (7, BreakReason::Missing));

    let (t, _) = TestApp::with_fixture().await;
    write_sql(
        &t.app.db,
        "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)",
    )
    .await;
    let link = verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .broken
        .unwrap();
    assert_eq!(link.reason, BreakReason::HeadMismatch);

    // Re-hashing an edited event without the key does not help: the next link breaks.
    let (t, _) = TestApp::with_fixture().await;
    write_sql(
        &t.app.db,
        "UPDATE audit_events SET actor_name = 'orang lain', hash = prev_hash WHERE seq = 3",
    )
    .await;
    let link = verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .broken
        .unwrap();
    assert_eq!(link.seq, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_import_reports_rows_and_exits_non_zero() {
    let (t, _) = TestApp::with_fixture().await;
    let dir = t.db.data_dir();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n198001012005011001,A,Staf,pelaksana,III/a,A.1\n123,B,Staf,pelaksana,III/a,A.1\n").unwrap();
    let out = kinerja(&t)
        .args(["import", "employees"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Baris 3 (123)") && stdout.contains("18 digit"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("tidak ada yang diubah"), "{stderr}");
    assert!(stderr.starts_with("kinerja: impor ditolak:"), "{stderr}");
    assert!(!stderr.contains("Konfigurasi"), "{stderr}");
    assert_eq!(out.status.code(), Some(3));
    // A missing file and an unknown instansi say so, not "configuration".
    let out = kinerja(&t)
        .args(["import", "employees", "tidak-ada.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("kinerja: tidak dapat dibaca: tidak-ada.csv"),
        "{stderr}"
    );
    let out = kinerja(&t)
        .args(["import", "employees", "--instansi", "00.00"])
        .arg(&bad)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("kinerja: tidak ditemukan: instansi '00.00'"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
    let good = dir.join("good.csv");
    std::fs::write(&good, "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n198001012005011001,A,Staf,pelaksana,III/a,A.1\n").unwrap();
    let out = kinerja(&t)
        .args(["import", "employees", "--dry-run"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Uji coba"));
    let out = kinerja(&t)
        .args(["import", "employees"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 baru"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_create_admin_reads_the_password_from_stdin() {
    let (t, _) = TestApp::with_fixture().await;
    let out = with_stdin(
        &t,
        &["user", "create-admin", "--username", "operator.bkpsdm"],
        b"SandiKuat2026\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = t.login_with("operator.bkpsdm", "SandiKuat2026").await;
    drop(c);
    // A weak password is refused in one line.
    let out = with_stdin(
        &t,
        &["user", "create-admin", "--username", "lemah"],
        b"abc\n",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("minimal 12 karakter"), "{err}");
    assert!(err.starts_with("kinerja: masukan ditolak:"), "{err}");
}

#[test]
fn help_explains_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in [
        "serve", "migrate", "demo", "import", "audit", "user", "instansi",
    ] {
        assert!(help.contains(cmd), "{cmd} missing from --help");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["import", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("employees") && help.contains("units") && help.contains("disiplin"));
}

#[test]
fn a_bad_database_url_fails_with_one_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .arg("migrate")
        .env("DATABASE_URL", "mysql://x/y")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("DATABASE_URL"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_imports_a_periods_disiplin_scores() {
    let (t, _f, _year) = TestApp::with_year().await;
    let tahun = chrono::Datelike::year(&t.app.today()).to_string();
    let file = t.db.data_dir().join("hadir.csv");
    std::fs::write(
        &file,
        format!(
            "nip,hari_kerja,hadir\n{},20,19\n{},20,20\n",
            Fixture::nip("p1"),
            Fixture::nip("p2")
        ),
    )
    .unwrap();
    let out = kinerja(&t)
        .args(["import", "disiplin", "--tahun", &tahun, "--periode", "tw9"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("periode tw9 tidak ada") && err.contains("AKHIR"),
        "{err}"
    );
    let out = kinerja(&t)
        .args([
            "import",
            "disiplin",
            "--tahun",
            &tahun,
            "--periode",
            "akhir",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nilai: Vec<f64> = on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT nilai FROM disiplin ORDER BY nilai"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(nilai, [95.0, 100.0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cutting_the_newest_events_and_moving_the_head_is_detected() {
    let (t, _) = TestApp::with_fixture().await;
    // Without the key: delete the newest events and point the head at the new last one.
    write_sql(
        &t.app.db,
        "DELETE FROM audit_events WHERE seq > (SELECT MAX(seq) - 3 FROM audit_events)",
    )
    .await;
    write_sql(
        &t.app.db,
        "UPDATE audit_heads SET seq = (SELECT MAX(seq) FROM audit_events), \
         hash = (SELECT hash FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events))",
    )
    .await;
    let link = verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .broken
        .expect("a moved head is detected");
    assert_eq!(link.reason, BreakReason::HeadSignature);
    let out = kinerja(&t).args(["audit", "verify"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tanda tangan ujung rantai"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_head_does_not_hide_a_chain() {
    let (t, f) = TestApp::with_fixture().await;
    write_sql(&t.app.db, "DELETE FROM audit_heads").await;
    let link = verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .broken
        .expect("a missing head is detected");
    assert_eq!(
        (link.instansi_id, link.reason),
        (f.instansi_id, BreakReason::HeadMissing)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkpoint_kept_outside_proves_nothing_before_it_changed() {
    let (t, f) = TestApp::with_fixture().await;
    let out = kinerja(&t).args(["audit", "checkpoint"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.starts_with(&format!(
            "kinerja-audit-checkpoint instansi={} seq=",
            f.instansi_id
        )),
        "{text}"
    );
    let file = t.db.data_dir().join("titik-periksa.txt");
    std::fs::write(&file, format!("# dicatat operator\n{text}")).unwrap();
    // More history after the checkpoint is fine.
    let mut admin = t.login("admin").await;
    let mut form = crate::common::forms::edit_form(&mut admin, f.id("p1")).await;
    for (k, v) in form.iter_mut() {
        if k == "email" {
            *v = "p1@kotabumi.example".into();
        }
    }
    let r = admin
        .submit_owned(&format!("/admin/pegawai/{}/ubah", f.id("p1")), form)
        .await;
    assert_eq!(r.status, reqwest::StatusCode::SEE_OTHER);
    let out = kinerja(&t)
        .args(["audit", "verify", "--checkpoint"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("sampai 1 titik periksa"));
    // Someone with the key rewrites everything from genesis (the chain holds again), but
    // the checkpoint, kept outside, no longer matches.
    let checkpoints = kinerja::services::audit::parse_checkpoints(&text).unwrap();
    let seq = checkpoints[0].seq;
    let rewritten = kinerja::services::audit::verify_against(
        &t.app.db,
        &t.app.audit_key,
        &[kinerja::services::audit::Checkpoint {
            hash: "0".repeat(64),
            ..checkpoints[0].clone()
        }],
    )
    .await
    .unwrap();
    assert_eq!(
        rewritten.broken.unwrap().reason,
        BreakReason::CheckpointMismatch
    );
    // A checkpoint beyond what is left: history was cut.
    let beyond = kinerja::services::audit::Checkpoint {
        seq: seq + 1000,
        ..checkpoints[0].clone()
    };
    let cut = kinerja::services::audit::verify_against(&t.app.db, &t.app.audit_key, &[beyond])
        .await
        .unwrap();
    assert_eq!(cut.broken.unwrap().reason, BreakReason::CheckpointMissing);
    // A damaged checkpoint file is named as such.
    std::fs::write(&file, "kinerja-audit-checkpoint instansi=1 seq=x hash=1\n").unwrap();
    let out = kinerja(&t)
        .args(["audit", "verify", "--checkpoint"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("baris 1"));
}

#[test]
fn a_short_audit_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .arg("migrate")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/k.db", dir.path().display()),
        )
        .env("KINERJA_AUDIT_KEY", "pendek-sekali-0123")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("minimal 32"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_sets_an_admin_password_from_the_command_line() {
    let (t, _) = TestApp::with_fixture().await;
    let mut admin = t.login("admin").await;
    let set = |user: &str, password: &[u8]| {
        with_stdin(&t, &["user", "set-password", "--username", user], password)
    };
    let out = set("admin", b"kopi pagi di kotabumi\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The running session ended; the new password works.
    assert_eq!(admin.get("/").await.status, reqwest::StatusCode::SEE_OTHER);
    t.login_with("admin", "kopi pagi di kotabumi").await;
    // The policy applies, and an unknown account is named.
    let out = set("admin", b"qwerty123456\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("terlalu umum"));
    let out = set("tidak.ada", b"kopi pagi di kotabumi\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("tidak ditemukan: akun 'tidak.ada'"));
}
