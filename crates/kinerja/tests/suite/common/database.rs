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
/// fresh count of the evaluations: equal after any kind of write.
pub async fn assert_tallies_fresh(db: &Db) {
    const KEPT: &str = "SELECT instansi_id, period_id, unit_id, jenis_jabatan, status, \
         rating_hasil AS rh, rating_perilaku AS rp, predikat AS pr, n, pb1, pb2, pb3, pb4, pb5, \
         pb6, pb7 FROM evaluation_tallies \
         WHERE n <> 0 OR pb1 <> 0 OR pb2 <> 0 OR pb3 <> 0 OR pb4 <> 0 OR pb5 <> 0 OR pb6 <> 0 OR pb7 <> 0 \
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";
    const FRESH: &str = "SELECT instansi_id, period_id, unit_id, jenis_jabatan, status, \
         COALESCE(rating_hasil, '') AS rh, COALESCE(rating_perilaku, '') AS rp, \
         COALESCE(predikat, '') AS pr, COUNT(*) AS n, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 1) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb1, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 2) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb2, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 4) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb3, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 8) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb4, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 16) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb5, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 32) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb6, \
         CAST(SUM(CASE WHEN (perilaku_bawah & 64) <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS pb7 \
         FROM evaluations GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";
    #[derive(Debug, PartialEq, sqlx::FromRow)]
    struct Row {
        instansi_id: i64,
        period_id: i64,
        unit_id: i64,
        jenis_jabatan: String,
        status: String,
        rh: String,
        rp: String,
        pr: String,
        n: i64,
        pb1: i64,
        pb2: i64,
        pb3: i64,
        pb4: i64,
        pb5: i64,
        pb6: i64,
        pb7: i64,
    }
    let (kept, fresh): (Vec<Row>, Vec<Row>) = match db {
        Db::Sqlite(p) => (
            sqlx::query_as(KEPT).fetch_all(&p.read).await.unwrap(),
            sqlx::query_as(FRESH).fetch_all(&p.read).await.unwrap(),
        ),
        Db::Postgres(p) => (
            sqlx::query_as(KEPT).fetch_all(p).await.unwrap(),
            sqlx::query_as(FRESH).fetch_all(p).await.unwrap(),
        ),
    };
    assert!(!fresh.is_empty(), "there are evaluations to count");
    assert_eq!(kept, fresh, "the kept tallies are a fresh count");
}
