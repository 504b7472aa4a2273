//! The database of one test.
//! Raw SQL, for states no page can reach.

use super::*;

pub fn engine() -> String {
    std::env::var("KINERJA_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

pub fn pg_admin_url() -> String {
    std::env::var("KINERJA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database made for one test, dropped with it.
pub struct TestDb {
    pub url: String,
    pub pg_name: Option<String>,
    /// The PostgreSQL cluster's admin URL, to drop the database with.
    admin: String,
    _dir: tempfile::TempDir,
}

/// The admin URLs of a primary and its streaming replica (`KINERJA_TEST_PG_PRIMARY_URL`,
/// `KINERJA_TEST_PG_REPLICA_URL`, set by the test script for the PostgreSQL pass). None
/// when absent, which `KINERJA_REQUIRE_REPLICA=1` turns into a failure.
pub fn replica_urls() -> Option<(String, String)> {
    let pair = std::env::var("KINERJA_TEST_PG_PRIMARY_URL")
        .ok()
        .zip(std::env::var("KINERJA_TEST_PG_REPLICA_URL").ok());
    if pair.is_none() && engine() == "postgres" {
        assert!(
            std::env::var("KINERJA_REQUIRE_REPLICA").as_deref() != Ok("1"),
            "KINERJA_REQUIRE_REPLICA=1 but no replica: set KINERJA_TEST_PG_PRIMARY_URL and KINERJA_TEST_PG_REPLICA_URL"
        );
        eprintln!("SKIPPED: no PostgreSQL replica configured");
    }
    pair.filter(|_| engine() == "postgres")
}

/// `admin` (…/postgres) with another database name.
pub fn with_database(admin: &str, name: &str) -> String {
    match admin.rfind('/') {
        Some(i) => format!("{}/{name}", &admin[..i]),
        None => panic!("bad PostgreSQL URL {admin}"),
    }
}

/// Waits until the replica has replayed everything the primary wrote so far.
pub async fn replica_caught_up(primary: &str, replica: &str) {
    let p = sqlx::PgPool::connect(primary).await.expect("primary");
    // The insert position, not the written one: with asynchronous commit (as the test
    // clusters run) a commit may not be written yet, and waiting for the written position
    // let the replica look caught up before it had the commit.
    let lsn: String = sqlx::query_scalar("SELECT pg_current_wal_insert_lsn()::text")
        .fetch_one(&p)
        .await
        .unwrap();
    p.close().await;
    let r = sqlx::PgPool::connect(replica).await.expect("replica");
    for _ in 0..600 {
        let done: Option<bool> =
            sqlx::query_scalar("SELECT pg_last_wal_replay_lsn() >= CAST($1 AS pg_lsn)")
                .bind(&lsn)
                .fetch_one(&r)
                .await
                .unwrap();
        if done == Some(true) {
            r.close().await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the replica did not catch up with {lsn}");
}

impl TestDb {
    pub async fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        if engine() == "postgres" {
            let name = format!("kinerja_t_{}", uuid::Uuid::new_v4().simple());
            let template = ensure_pg_template().await;
            let admin = sqlx::PgPool::connect(&pg_admin_url())
                .await
                .expect("PostgreSQL reachable");
            // CREATE DATABASE … TEMPLATE fails while another session is creating from the same
            // template; retry briefly.
            let sql = format!("CREATE DATABASE {name} TEMPLATE {template}");
            for attempt in 0.. {
                match sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .execute(&admin)
                    .await
                {
                    Ok(_) => break,
                    Err(e) if attempt < 50 => {
                        let _ = e;
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                    Err(e) => panic!("create test database: {e}"),
                }
            }
            admin.close().await;
            let base = pg_admin_url();
            TestDb {
                url: with_database(&base, &name),
                pg_name: Some(name),
                admin: base,
                _dir: dir,
            }
        } else {
            let url = format!("sqlite://{}", dir.path().join("kinerja.db").display());
            TestDb {
                url,
                pg_name: None,
                admin: String::new(),
                _dir: dir,
            }
        }
    }

    /// An empty database on the cluster of `admin` (the server migrates it), once the
    /// replica of that cluster has it too.
    pub async fn on_cluster(admin: &str, replica: &str) -> TestDb {
        let name = format!("kinerja_r_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(admin)
            .await
            .expect("primary reachable");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        // A test that failed while the replica's replay was paused left it paused.
        let standby = sqlx::PgPool::connect(replica)
            .await
            .expect("replica reachable");
        sqlx::query("SELECT pg_wal_replay_resume()")
            .execute(&standby)
            .await
            .expect("a standby");
        standby.close().await;
        replica_caught_up(admin, replica).await;
        TestDb {
            url: with_database(admin, &name),
            pg_name: Some(name),
            admin: admin.to_string(),
            _dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.path().to_path_buf()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop runs outside async; a short-lived runtime on its own thread cleans up.
            let url = self.admin.clone();
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(admin) = sqlx::PgPool::connect(&url).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Creates (once, under an advisory lock) the migrated template database.
pub(super) async fn ensure_pg_template() -> String {
    let names = kinerja::store::migration_names(kinerja::store::Engine::Postgres).join(",");
    let digest = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        names.hash(&mut h);
        for f in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).unwrap()
        {
            let p = f.unwrap().path();
            std::fs::read_to_string(&p).unwrap().hash(&mut h);
        }
        h.finish()
    };
    let template = format!("kinerja_tpl_{digest:x}");
    let admin = sqlx::PgPool::connect(&pg_admin_url())
        .await
        .expect("PostgreSQL reachable at KINERJA_TEST_PG_URL");
    let mut conn = admin.acquire().await.unwrap();
    sqlx::query("SELECT pg_advisory_lock(7235401)")
        .execute(&mut *conn)
        .await
        .unwrap();
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut *conn)
        .await
        .unwrap();
    if exists.is_none() {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {template}")))
            .execute(&mut *conn)
            .await
            .unwrap();
        let base = pg_admin_url();
        let url = format!("{}/{template}", &base[..base.rfind('/').unwrap()]);
        let db = Db::connect(&url, &Default::default()).await.unwrap();
        db.migrate().await.unwrap();
        db.close().await;
    }
    sqlx::query("SELECT pg_advisory_unlock(7235401)")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    admin.close().await;
    template
}

/// Raw SQL through the write pool on SQLite (the path someone with database access
/// takes, or a test putting the database into a state no page can reach).
pub async fn write_sql(db: &Db, sql: &'static str) {
    match db {
        Db::Sqlite(p) => {
            sqlx::query(sql).execute(&p.write).await.unwrap();
        }
        Db::Postgres(p) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
    }
}

/// The dashboard's kept tallies (`evaluation_tallies`, maintained by triggers) against a
/// fresh count of the evaluations by the rules in Rust: equal after any kind of write.
/// Counters are matched by column name, so a column the count here does not know fails.
pub async fn assert_tallies_fresh(db: &Db) {
    use kinerja_domain::jabatan::JenisJabatan;
    use kinerja_domain::penilaian::{EvaluasiStatus, Predikat};
    use sqlx::{Column, Row};
    use std::collections::BTreeMap;
    const EVALUATIONS: &str = "SELECT instansi_id, period_id, unit_id, status, \
         COALESCE(rating_hasil, ''), COALESCE(rating_perilaku, ''), COALESCE(predikat, ''), \
         perilaku_bawah, jenis_jabatan FROM evaluations";
    type Key = (i64, i64, i64);
    type Counts = BTreeMap<Key, BTreeMap<String, i64>>;
    type Eval = (i64, i64, i64, String, String, String, String, i64, String);
    // Every row's nonzero counters by column name.
    fn named<R: Row>(rows: Vec<R>) -> Counts
    where
        for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
        for<'a> &'a str: sqlx::ColumnIndex<R>,
    {
        let mut out = Counts::new();
        for r in rows {
            let key = (r.get("instansi_id"), r.get("period_id"), r.get("unit_id"));
            let counters: BTreeMap<String, i64> = r
                .columns()
                .iter()
                .map(|c| c.name().to_string())
                .filter(|n| !["instansi_id", "period_id", "unit_id"].contains(&n.as_str()))
                .map(|n| {
                    let v: i64 = r.get(n.as_str());
                    (n, v)
                })
                .filter(|(_, v)| *v != 0)
                .collect();
            if !counters.is_empty() {
                out.insert(key, counters);
            }
        }
        out
    }
    let (kept, evaluations): (Counts, Vec<Eval>) = match db {
        Db::Sqlite(p) => (
            named(
                sqlx::query("SELECT * FROM evaluation_tallies")
                    .fetch_all(&p.read)
                    .await
                    .unwrap(),
            ),
            sqlx::query_as(EVALUATIONS)
                .fetch_all(&p.read)
                .await
                .unwrap(),
        ),
        Db::Postgres(p) => (
            named(
                sqlx::query("SELECT * FROM evaluation_tallies")
                    .fetch_all(p)
                    .await
                    .unwrap(),
            ),
            sqlx::query_as(EVALUATIONS).fetch_all(p).await.unwrap(),
        ),
    };
    assert!(!evaluations.is_empty(), "there are evaluations to count");
    fn short(r: &str) -> &str {
        match r {
            "di_atas" => "atas",
            "di_bawah" => "bawah",
            other => other,
        }
    }
    let mut fresh = Counts::new();
    for (instansi, period, unit, status, rh, rp, predikat, bawah, jenis) in evaluations {
        let c = fresh.entry((instansi, period, unit)).or_default();
        let mut add = |name: String| *c.entry(name).or_default() += 1;
        if !EvaluasiStatus::parse(&status).unwrap().result_visible() {
            add("pending".into());
            continue;
        }
        add("assessed".into());
        for k in 0..7 {
            if (bawah >> k) & 1 == 1 {
                add(format!("pb{}", k + 1));
            }
        }
        if !rh.is_empty() && !rp.is_empty() {
            add(format!("h_{}_p_{}", short(&rh), short(&rp)));
        }
        if let Some(p) = Predikat::parse(&predikat) {
            add(format!("p_{}", p.code()));
            if let Some(j) = JenisJabatan::ALL.iter().find(|j| j.code() == jenis) {
                add(format!("j_{}", j.code()));
                if !p.at_least_baik() {
                    add(format!("j_{}_bawah", j.code()));
                }
            }
        }
    }
    assert_eq!(kept, fresh, "the kept tallies are a fresh count");
}
