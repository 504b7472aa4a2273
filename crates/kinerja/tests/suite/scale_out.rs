//! Many servers on one database: files in a shared bucket, one audit key, readiness and
//! draining for the proxy, metrics per server, backups that restore, and statistics that
//! do not wait for autovacuum.

use crate::common::*;
use reqwest::StatusCode;
use std::process::Command;
use std::time::Duration;

fn kinerja(url: &str, data_dir: &std::path::Path, key: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    c.env("DATABASE_URL", url)
        .env("KINERJA_DATA_DIR", data_dir)
        .env_remove("KINERJA_AUDIT_KEY")
        .env_remove("KINERJA_CONFIG")
        .current_dir(data_dir);
    if let Some(k) = key {
        c.env("KINERJA_AUDIT_KEY", k);
    }
    c
}

/// Runs `kinerja migrate` (which starts the application) and returns what it said on
/// stderr, once it has refused to start.
fn refused_start(mut c: Command) -> String {
    let out = c.arg("migrate").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "started: {err}");
    err
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_uploaded_through_one_server_is_served_by_another_from_the_bucket() {
    let Some(s3) = S3Server::start().await else {
        return;
    };
    let url = s3.url("lampura");
    let bucket = url.clone();
    let (t, _f, year) = TestApp::new()
        .with_config(move |c| c.storage_url = Some(bucket))
        .with_year()
        .start()
        .await
        .with_year();
    let (_kasi, mut p1, skp) = approved_plan(&t, year).await;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let ind = ids(&page.text, "nilai_")[0].to_string();
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n% bucket\n".to_vec();
    let r = p1
        .upload_named(
            &format!("/penilaian/{ev}/bukti"),
            &[("indikator_id", &ind)],
            "laporan.pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // In the bucket under its hash, not on this server's disk.
    let sha = kinerja::storage::sha256_hex(&pdf);
    assert_eq!(
        s3.objects(),
        vec![format!("lampura/{}/{sha}", &sha[..2])],
        "the file is an object of the bucket"
    );
    assert!(
        !t.db.data_dir().join("bukti").join(&sha[..2]).exists(),
        "nothing on the local disk"
    );

    // A second server with its own (empty) data directory serves it.
    let other_dir = tempfile::tempdir().unwrap();
    let other_dir_s = other_dir.path().display().to_string();
    let b = second_server_with(
        &t,
        &[
            ("KINERJA_STORAGE_URL", &url),
            ("KINERJA_DATA_DIR", &other_dir_s),
        ],
    )
    .await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let file = page
        .text
        .split(&format!("/penilaian/{ev}/bukti/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to the file")
        .to_string();
    let mut p1_b = on(&b.base, &p1);
    let (status, ct, bytes) = p1_b
        .get_bytes(&format!("/penilaian/{ev}/bukti/{file}"))
        .await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));
    assert_eq!(bytes, pdf, "the same bytes through the other server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_with_another_audit_key_refuses_to_start() {
    let (t, _f) = TestApp::with_fixture().await;
    let dir = t.db.data_dir();
    // The key the chains are signed with: accepted.
    let out = kinerja(&t.db.url, &dir, Some(AUDIT_KEY))
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Another configured key: refused, nothing written.
    let before = kinerja::services::audit::verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .events_checked;
    let err = refused_start(kinerja(
        &t.db.url,
        &dir,
        Some("another-key-of-another-server-0123456789"),
    ));
    assert!(
        err.contains("kunci audit salah") && err.contains("KINERJA_AUDIT_KEY tidak cocok"),
        "{err}"
    );
    // No key at all: a fresh data directory generates its own, which is refused too.
    let fresh = tempfile::tempdir().unwrap();
    let err = refused_start(kinerja(&t.db.url, fresh.path(), None));
    assert!(
        err.contains("kunci audit salah") && err.contains("membuat kuncinya sendiri"),
        "{err}"
    );
    let after = kinerja::services::audit::verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap();
    assert!(after.broken.is_none());
    assert_eq!(after.events_checked, before, "nothing was written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_metrics_and_draining_for_the_proxy() {
    let (t, _f) = TestApp::with_fixture().await;
    let mut c = t.client();
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    let r = c.get("/readyz").await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::OK, "ready"));

    // Requests are counted by route pattern and status; the pools are reported.
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert_eq!(p1.get("/skp").await.status, StatusCode::OK);
    let m = c.get("/metrics").await;
    assert_eq!(m.status, StatusCode::OK);
    for line in [
        "kinerja_http_requests_total{method=\"GET\",route=\"/skp\",status=\"200\"}",
        "kinerja_http_requests_total{method=\"POST\",route=\"/masuk\",status=\"303\"}",
        "kinerja_http_request_duration_seconds_bucket{route=\"/skp\",le=\"0.005\"}",
        "kinerja_db_pool_connections{pool=",
    ] {
        assert!(m.text.contains(line), "{line} in\n{}", m.text);
    }
    assert!(
        !m.text.contains(Fixture::nip("p1")),
        "no ids or names in the series"
    );

    // Only the monitoring servers named may read them.
    let (t2, _) = TestApp::with_fixture_cfg(|c| c.metrics_from = vec!["10.0.0.0/8".into()]).await;
    assert_eq!(
        t2.client().get("/metrics").await.status,
        StatusCode::NOT_FOUND
    );

    // A stopping server says it is not ready at once, keeps serving while the proxy
    // notices, then exits cleanly.
    let mut b = second_server_with(&t, &[("KINERJA_DRAIN_SECONDS", "3")]).await;
    let mut p1_b = on(&b.base, &p1);
    assert_eq!(p1_b.get("/skp").await.status, StatusCode::OK);
    b.terminate();
    let mut ready = Client::new(&b.base);
    let mut said_not_ready = false;
    for _ in 0..40 {
        let r = ready.get("/readyz").await;
        if r.status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(r.text, "shutting down");
            said_not_ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(said_not_ready, "readiness turned unavailable");
    assert_eq!(
        p1_b.get("/skp").await.status,
        StatusCode::OK,
        "still serving while draining"
    );
    let status = b.exited(Duration::from_secs(20)).await.expect("it stops");
    assert!(status.success(), "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_to_the_same_data_and_a_verified_chain() {
    let (t, _f) = TestApp::with_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kinerja.backup");
    let out = kinerja(&t.db.url, &t.db.data_dir(), Some(AUDIT_KEY))
        .arg("backup")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Cadangan ditulis"));
    // Never over an existing file.
    let again = kinerja(&t.db.url, &t.db.data_dir(), Some(AUDIT_KEY))
        .arg("backup")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("sudah ada"));

    // The drill of docs/operations.md: restore into a new database.
    let restored = if engine() == "postgres" {
        let name = format!("kinerja_restore_{}", uuid::Uuid::new_v4().simple());
        let admin_url = pg_admin_url();
        let base = &admin_url[..admin_url.rfind('/').unwrap()];
        let url = format!("{base}/{name}");
        let pool = sqlx::PgPool::connect(&admin_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let out = Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname", &url])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (url, Some(name))
    } else {
        let db = dir.path().join("restored.db");
        std::fs::copy(&file, &db).unwrap();
        (format!("sqlite://{}", db.display()), None)
    };
    let out = kinerja(&restored.0, &t.db.data_dir(), Some(AUDIT_KEY))
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = kinerja::store::Db::connect(&restored.0, &Default::default())
        .await
        .unwrap();
    let count = |db: kinerja::store::Db, sql: &'static str| async move {
        let n: i64 =
            kinerja::store::on_db!(&db, |c| sqlx::query_scalar(sql).fetch_one(c).await).unwrap();
        n
    };
    let sql = "SELECT COUNT(*) FROM employees";
    assert_eq!(
        count(db.clone(), sql).await,
        count(t.app.db.clone(), sql).await
    );
    assert!(count(db.clone(), sql).await > 10);
    db.close().await;
    if let Some(name) = restored.1 {
        let pool = sqlx::PgPool::connect(&pg_admin_url()).await.unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&pool)
        .await;
        pool.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_leaves_the_planner_statistics_of_what_it_filled() {
    let (t, _f) = TestApp::with_fixture().await;
    // The fixture was loaded by the unit and employee imports.
    let analysed: i64 = match &t.app.db {
        kinerja::store::Db::Sqlite(p) => sqlx::query_scalar(
            "SELECT COUNT(DISTINCT tbl) FROM sqlite_stat1 WHERE tbl IN ('employees', 'units', 'positions')",
        )
        .fetch_one(&p.read)
        .await
        .unwrap(),
        // reltuples is -1 until the table is analysed (or vacuumed).
        kinerja::store::Db::Postgres(p) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_class WHERE relname IN ('employees', 'units', 'positions') \
             AND relkind = 'r' AND reltuples > 0",
        )
        .fetch_one(p)
        .await
        .unwrap(),
    };
    assert_eq!(analysed, 3);
    // SQLite keeps no STAT4 samples (the bundled build has none, and stray ones are
    // deleted): with them each statement binding an indexed column would be compiled again
    // at every new value.
    if let kinerja::store::Db::Sqlite(p) = &t.app.db {
        let tables: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'")
                .fetch_one(&p.read)
                .await
                .unwrap();
        let samples: i64 = match tables {
            0 => 0,
            _ => sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_stat4")
                .fetch_one(&p.read)
                .await
                .unwrap(),
        };
        assert_eq!(samples, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_plan_page_shows_at_once_what_another_server_changed() {
    use crate::common::forms::{edit_form, refs, set};
    let (t, f, year) = TestApp::with_year().await;
    let (_kasi, mut p1, skp) = approved_plan(&t, year).await;
    let b = second_server(&t).await;
    let path = format!("/skp/{skp}");
    let first = p1.get(&path).await;
    assert!(
        first.visible().contains("Kasi Alpha"),
        "{}",
        first.visible()
    );
    let again = p1.get(&path).await;
    assert_eq!(
        again.queries(),
        2,
        "from the cache: the session and the plan's stamp"
    );
    assert_eq!(again.text, first.text);

    // Writes elsewhere leave it cached: another person's notification read, a sign-in.
    let _ = t.login(Fixture::nip("p2")).await;
    assert_eq!(p1.get(&path).await.queries(), 2);

    // The admin renames the penilai through the other server: the next view here shows it.
    let admin = t.login("admin").await;
    let mut admin_b = on(&b.base, &admin);
    let kasi_id = f.id("kasi_a");
    let mut form = edit_form(&mut admin_b, kasi_id).await;
    set(&mut form, "nama", "Kasi Alpha Baru");
    let r = admin_b
        .submit(&format!("/admin/pegawai/{kasi_id}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let after = p1.get(&path).await;
    assert!(
        after.visible().contains("Kasi Alpha Baru"),
        "the penilai's new name: {}",
        after.visible()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_plan_page_goes_only_to_the_session_and_language_it_was_rendered_for() {
    let (t, _f, year) = TestApp::with_year().await;
    let (_kasi, mut phone, skp) = approved_plan(&t, year).await;
    let path = format!("/skp/{skp}");
    phone.get(&path).await;
    let on_phone = phone.get(&path).await;
    assert_eq!(on_phone.queries(), 2, "cached");
    let phone_token = phone.csrf().await;

    // The same person on a desktop: another session, whose forms carry its own token.
    let mut desktop = t.login(Fixture::nip("p1")).await;
    let on_desktop = desktop.get(&path).await;
    let desktop_token = desktop.csrf().await;
    assert_ne!(phone_token, desktop_token);
    assert!(on_desktop.text.contains(&desktop_token));
    assert!(
        !on_desktop.text.contains(&phone_token),
        "the phone's CSRF token was served to the desktop"
    );
    // And back on the phone: its own token again, not the desktop's.
    let phone_again = phone.get(&path).await;
    assert!(phone_again.text.contains(&phone_token));
    assert!(!phone_again.text.contains(&desktop_token));

    // In English the page is rendered in English, then served from the cache in English.
    desktop.get(&format!("/bahasa/en?next={path}")).await;
    let english = desktop.get(&path).await;
    assert!(english.text.contains("<html lang=\"en\">"));
    let english_again = desktop.get(&path).await;
    assert_eq!(english_again.queries(), 2, "cached in English");
    assert_eq!(english_again.text, english.text);
    assert!(phone.get(&path).await.text.contains("<html lang=\"id\">"));
}

/// The figures of the monitoring page's total: total, approved, submitted, returned,
/// draft, none.
fn monitoring_total(html: &str) -> Vec<i64> {
    html.split("id=\"monitoring-total\"")
        .nth(1)
        .expect("the monitoring total")
        .split("</ul>")
        .next()
        .unwrap()
        .split("<strong>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn monitoring_reads_the_replica_and_a_plan_just_written_reads_the_primary() {
    let Some((primary, replica)) = replica_urls() else {
        return;
    };
    let db = TestDb::on_cluster(&primary, &replica).await;
    let name = db.pg_name.clone().unwrap();
    let (primary_db, replica_db) = (db.url.clone(), with_database(&replica, &name));
    let read_url = replica_db.clone();
    let (t, _f, year) = TestApp::new()
        .on_db(db)
        .with_config(move |c| c.database_read_url = Some(read_url))
        .with_year()
        .start()
        .await
        .with_year();
    let standby = sqlx::PgPool::connect(&replica).await.unwrap();
    replica_caught_up(&primary_db, &replica_db).await;
    let mut admin = t.login("admin").await;
    let before = monitoring_total(&admin.get("/monitoring").await.text);
    assert_eq!(before, vec![11, 0, 0, 0, 0, 11]);

    // The replica stops replaying: whatever is written now exists on the primary only.
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&standby)
        .await
        .unwrap();
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    // The writer's own page reads the primary: the plan is there at once.
    let page = p1.get(&format!("/skp/{skp}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    // Monitoring reads the replica: not yet.
    let paused = monitoring_total(&admin.get("/monitoring").await.text);
    assert_eq!(paused, before, "monitoring read the primary");

    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&standby)
        .await
        .unwrap();
    replica_caught_up(&primary_db, &replica_db).await;
    let after = monitoring_total(&admin.get("/monitoring").await.text);
    assert_eq!(after, vec![11, 0, 0, 0, 1, 10]);
    // Readiness checks the replica too.
    let ready = reqwest::get(format!("{}/readyz", t.base)).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    standby.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_replica_beside_sqlite_is_refused_at_start() {
    if engine() != "sqlite" {
        return;
    }
    let db = TestDb::new().await;
    let mut c = kinerja(&db.url, &db.data_dir(), Some(AUDIT_KEY));
    c.env(
        "DATABASE_READ_URL",
        "postgres://postgres@127.0.0.1:5432/postgres",
    );
    let err = refused_start(c);
    assert!(
        err.contains("DATABASE_READ_URL: replika PostgreSQL"),
        "{err}"
    );
}
