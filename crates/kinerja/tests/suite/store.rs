//! The store on both engines: migrations in parity, concurrent writes, and the demo data.

use crate::common::*;
use kinerja::store::{Engine, migration_names, on_tx};

#[test]
fn migrations_have_the_same_names_on_both_engines() {
    let sqlite = migration_names(Engine::Sqlite);
    let pg = migration_names(Engine::Postgres);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, pg);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrated_schemas_have_the_same_tables_columns_defaults_and_indexes() {
    let t = TestApp::spawn().await;
    let mine = t.app.db.schema().await.unwrap();
    assert!(
        mine.columns
            .iter()
            .any(|(t, c, _)| t == "employees" && c == "nip")
    );
    assert!(
        mine.columns.iter().any(|(_, _, d)| d.is_some()),
        "no column default was read: {:?}",
        mine.columns
    );
    assert!(
        mine.indexes.len() > 10 && mine.indexes.iter().any(|i| i.2),
        "the migrations' indexes were not read: {:?}",
        mine.indexes
    );
    // Compare with a fresh SQLite database: on the PostgreSQL pass this checks the
    // PostgreSQL migrations against the SQLite ones.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let sqlite = kinerja::store::Db::connect(&url, &Default::default())
        .await
        .unwrap();
    sqlite.migrate().await.unwrap();
    let reference = sqlite.schema().await.unwrap();
    assert_eq!(
        mine.columns,
        reference.columns,
        "columns or defaults of engine {} differ from SQLite",
        engine()
    );
    assert_eq!(
        mine.indexes,
        reference.indexes,
        "indexes of engine {} differ from SQLite",
        engine()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_fail_with_database_locked() {
    let (t, f) = TestApp::with_fixture().await;
    // 40 admins' edits and password resets at once, each in its own transaction with its
    // audit event: all succeed, and the chain stays whole.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let app = t.app.clone();
        let instansi = f.instansi_id;
        let id = f.id(["p1", "p2", "p3", "q1"][i % 4]);
        tasks.push(tokio::spawn(async move {
            let mut tx = app.db.begin().await?;
            // Read, then write, inside the write transaction: the case where a deferred
            // SQLite transaction fails with SQLITE_BUSY instead of waiting.
            let n: i64 = on_tx!(&mut tx, |c| sqlx::query_scalar(
                "SELECT COUNT(*) FROM employees WHERE id = $1"
            )
            .bind(id)
            .fetch_one(c)
            .await)?;
            assert_eq!(n, 1);
            kinerja::services::audit::record(
                &mut tx,
                &app.audit_key,
                instansi,
                &kinerja::services::audit::Who::system("stress"),
                kinerja::services::audit::Change {
                    action: "test.touch",
                    object_type: "employee",
                    object_id: Some(id),
                    subject_employee_id: Some(id),
                    before: None,
                    after: Some(serde_json::json!({"i": i})),
                },
            )
            .await?;
            tx.commit().await
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("write succeeded");
    }
    let report = kinerja::services::audit::verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap();
    assert!(report.broken.is_none(), "{report:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_a_living_regency() {
    let t = TestApp::spawn().await;
    assert!(kinerja::demo::is_empty(&t.app.db).await.unwrap());
    let summary = kinerja::demo::load(&t.app, 2026).await.unwrap();
    assert!(
        (13_000..=17_000).contains(&summary.employees),
        "{}",
        summary.employees
    );
    assert!(summary.units > 900);
    // Loading twice is refused.
    assert!(kinerja::demo::load(&t.app, 2026).await.is_err());
    // Every printed account signs in with the printed password.
    for a in &summary.accounts {
        t.login_with(&a.username, summary.password).await;
    }
    let role = |r: &str| {
        summary
            .accounts
            .iter()
            .find(|a| a.role.starts_with(r))
            .unwrap()
            .username
            .clone()
    };
    let mut admin = t.login_with(&role("Admin BKPSDM"), summary.password).await;
    let v = admin.get("/").await.visible();
    assert!(
        v.contains("1 jabatan kepala kosong"),
        "one blocker for admins to fix: {v}"
    );
    let plt = admin.get("/admin/plt").await.visible();
    assert!(plt.contains("PLT"), "{plt}");
    // The OPD list and the 23 kecamatan of Lampung Utara are there.
    let units = admin.get("/unor").await.visible();
    for name in [
        "Dinas Pendidikan dan Kebudayaan",
        "Dinas Kesehatan",
        "BKPSDM",
        "Kecamatan Kotabumi Selatan",
        "Kecamatan Hulu Sungkai",
        "Inspektorat",
    ] {
        assert!(units.contains(name), "{name} missing");
    }
    // A guru is rated by the kepala sekolah, a pelaksana by their kasi.
    let mut guru = t.login_with(&role("Guru"), summary.password).await;
    assert!(guru.get("/").await.visible().contains("Kepala Sekolah"));
    let mut pelaksana = t.login_with(&role("Pelaksana"), summary.password).await;
    let v = pelaksana.get("/").await.visible();
    assert!(
        v.contains("Kepala Seksi Informasi dan Komunikasi Publik I"),
        "{v}"
    );
    // Evaluations: the past two years' annual results for nearly everyone, this year's quarter in
    // every state, and some units breaking their curve with a justification.
    let e = &summary.evaluations;
    assert!(e.evaluations > summary.employees, "{e:?}");
    for status in [
        "ditetapkan",
        "diputuskan",
        "draft",
        "dinilai_sendiri",
        "dinilai",
    ] {
        assert!(
            e.by_status.get(status).copied().unwrap_or(0) > 0,
            "{status}: {e:?}"
        );
    }
    assert!(e.units_breaking_curve > 0, "{e:?}");
    // The pelaksana reads last year's finalised annual result and its document.
    let rows = kinerja::store::penilaian::annual_results(
        &t.app.db,
        demo_instansi(&t).await,
        pelaksana_id(&t, &summary).await,
    )
    .await
    .unwrap();
    assert_eq!(
        rows.len(),
        2,
        "the last two years' finalised annual results"
    );
    // The reports have people in them: promotions to check and improvement to follow up.
    for (report, at_least) in [("kenaikan-pangkat", 1000), ("perlu-pembinaan", 10)] {
        let page = admin.get(&format!("/laporan/{report}")).await;
        let n: i64 = page
            .text
            .split("id=\"laporan-total\">")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{report}: {}", page.visible()));
        assert!(n >= at_least, "{report}: {n}");
    }
    let list = pelaksana.get("/penilaian").await;
    assert_eq!(list.status, reqwest::StatusCode::OK);
    // What a browser receives on a slow connection: the Bupati's home page under 30 KB and
    // the whole-instansi dashboard under 80 KB once compressed.
    let mut bupati = t.login_with(&role("Bupati"), summary.password).await;
    for (path, limit) in [("/", 30_000), ("/dasbor", 80_000)] {
        let r = bupati
            .get_with(path, &[("accept-encoding", "br, gzip")])
            .await;
        assert_eq!(r.status, reqwest::StatusCode::OK);
        assert_eq!(
            r.headers
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some("br"),
            "{path}"
        );
        assert!(r.bytes.len() < limit, "{path}: {} bytes", r.bytes.len());
    }
    let report = kinerja::services::audit::verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap();
    assert!(report.broken.is_none());
    assert!(report.events_checked as usize > summary.employees);
    assert_tallies_fresh(&t.app.db).await;
    copies_are_regencies_of_their_own(&t, &summary, &mut bupati).await;
}

/// `kinerja demo --instansi 3`: two copies of the loaded demo, each with every row of the
/// source under its own instansi and ids, no reference back into the source, NIPs distinct
/// from every other instansi's, the same dashboard for its Bupati, a chain of its own, and
/// kept tallies that match their rows.
async fn copies_are_regencies_of_their_own(
    t: &TestApp,
    summary: &kinerja::demo::DemoSummary,
    bupati: &mut Client,
) {
    use kinerja::demo::copies;
    let source = demo_instansi(t).await;
    let made = copies::copies(&t.app, source, 3, |_| {}).await.unwrap();
    assert_eq!(
        made.iter().map(|c| c.kode.as_str()).collect::<Vec<_>>(),
        ["90.01", "90.02"]
    );
    let plan = kinerja::store::copy::plan(&t.app.db).await.unwrap();
    let schema = kinerja::store::copy::schema(&t.app.db).await.unwrap();
    for table in &plan.tables {
        let sql = format!(
            "SELECT instansi_id, COUNT(*) FROM {} GROUP BY instansi_id ORDER BY instansi_id",
            table.name
        );
        let counts: Vec<(i64, i64)> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
            sqlx::AssertSqlSafe(sql.clone())
        )
        .fetch_all(c)
        .await)
        .unwrap();
        let of = |id: i64| counts.iter().find(|x| x.0 == id).map_or(0, |x| x.1);
        for c in &made {
            assert_eq!(
                of(c.instansi_id),
                of(source),
                "{} in {}",
                table.name,
                c.kode
            );
        }
    }
    assert_eq!(
        kinerja::store::copy::foreign_rows(&t.app.db, &plan, &schema)
            .await
            .unwrap(),
        vec![],
        "rows that reference a row of another instansi"
    );
    let (nips, distinct): (i64, i64) = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
        "SELECT COUNT(nip), COUNT(DISTINCT nip) FROM employees"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(nips, distinct, "every NIP in the database is distinct");
    let source_nips: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT COUNT(nip) FROM employees WHERE instansi_id = $1"
    )
    .bind(source)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(
        nips,
        3 * source_nips,
        "each copy has a NIP for each of the source's"
    );

    // The copy's Bupati sees the source's dashboard, figure for figure.
    let mut copy_bupati = t
        .login_with(&format!("bupati.{}", made[0].kode), summary.password)
        .await;
    let name = |kode: &str| format!("Pemerintah Kabupaten Contoh {kode}");
    let mine = copy_bupati.get("/dasbor").await;
    assert_eq!(mine.status, reqwest::StatusCode::OK);
    let theirs = bupati.get("/dasbor").await.visible();
    same_words(
        &mine
            .visible()
            .replace(&name(&made[0].kode), "Pemerintah Kabupaten Lampung Utara"),
        &theirs,
    );
    let report = kinerja::services::audit::verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap();
    assert!(report.broken.is_none(), "{report:?}");
    assert_tallies_fresh(&t.app.db).await;

    // PostgreSQL hands out ids from a sequence per table, which the copies wrote past: each
    // sequence of a copied table now stands at or beyond the table's largest id, so the next
    // row written there takes a free id. (SQLite takes the largest id plus one by itself.)
    if t.app.db.engine() == kinerja::store::Engine::Postgres {
        for table in plan
            .tables
            .iter()
            .filter(|p| schema.iter().any(|(t, c, _)| t == &p.name && c == "id"))
        {
            let (sequence, largest): (Option<i64>, i64) =
                kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(sqlx::AssertSqlSafe(
                    format!(
                        "SELECT (SELECT last_value FROM pg_sequences \
                         WHERE schemaname || '.' || sequencename = pg_get_serial_sequence('{0}', 'id')), \
                         COALESCE(MAX(id), 0) FROM {0}",
                        table.name
                    )
                ))
                .fetch_one(c)
                .await)
                .unwrap();
            // No sequence, or one never used, reads as 0: a table with rows fails then too.
            let sequence = sequence.unwrap_or(0);
            assert!(
                sequence >= largest,
                "{}: sequence at {sequence}, largest id {largest}",
                table.name
            );
        }
    }
}

/// Two page texts word for word; a difference shows where it starts.
fn same_words(copy: &str, source: &str) {
    let (a, b): (Vec<&str>, Vec<&str>) = (
        copy.split_whitespace().collect(),
        source.split_whitespace().collect(),
    );
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        let around = |w: &[&str]| w[i.saturating_sub(12)..(i + 12).min(w.len())].join(" ");
        panic!(
            "the copy's page differs at word {i}:\n copy:   {}\n source: {}",
            around(&a),
            around(&b)
        );
    }
}

/// The demo's instansi: the only one in a fresh database.
async fn demo_instansi(t: &TestApp) -> i64 {
    kinerja::store::org::instansi_list(&t.app.db).await.unwrap()[0].id
}

async fn pelaksana_id(t: &TestApp, summary: &kinerja::demo::DemoSummary) -> i64 {
    let a = summary
        .accounts
        .iter()
        .find(|a| a.role == "Pelaksana")
        .unwrap();
    kinerja::store::users::user_by_username(&t.app.db, &a.username)
        .await
        .unwrap()
        .unwrap()
        .employee_id
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_code_in_an_enum_column_refuses_the_row_instead_of_a_default() {
    let (t, f, _year) = TestApp::with_year().await;
    let before = kinerja::store::periode::years(&t.app.db, f.instansi_id)
        .await
        .unwrap();
    assert_eq!(
        before[0].jenis_periode,
        kinerja_domain::periode::JenisPeriode::Triwulanan
    );
    write_sql(
        &t.app.db,
        "UPDATE evaluation_years SET jenis_periode = 'mingguan'",
    )
    .await;
    let err = kinerja::store::periode::years(&t.app.db, f.instansi_id)
        .await
        .expect_err("a code the domain does not know is not read as a default");
    assert!(err.to_string().contains("jenis_periode"), "{err}");
    // The page that lists the years says something went wrong rather than guessing.
    let mut admin = t.login("admin").await;
    let r = admin.get("/admin/tahun").await;
    assert_eq!(r.status, reqwest::StatusCode::INTERNAL_SERVER_ERROR);
}
