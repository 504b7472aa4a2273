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
pub async fn assert_tallies_fresh(db: &Db) {
    use kinerja_domain::jabatan::JenisJabatan;
    use kinerja_domain::penilaian::{EvaluasiStatus, Predikat};
    use std::collections::BTreeMap;
    const KEPT: &str = "SELECT instansi_id, period_id, unit_id, pending, assessed, pb1, pb2, pb3, \
         pb4, pb5, pb6, pb7, h_atas_p_atas, h_atas_p_sesuai, h_atas_p_bawah, h_sesuai_p_atas, \
         h_sesuai_p_sesuai, h_sesuai_p_bawah, h_bawah_p_atas, h_bawah_p_sesuai, h_bawah_p_bawah, \
         p_sangat_baik, p_baik, p_butuh_perbaikan, p_kurang, p_sangat_kurang, j_jpt, j_jpt_bawah, \
         j_administrator, j_administrator_bawah, j_pengawas, j_pengawas_bawah, j_pelaksana, \
         j_pelaksana_bawah, j_fungsional, j_fungsional_bawah, j_pejabat_negara, \
         j_pejabat_negara_bawah FROM evaluation_tallies";
    const EVALUATIONS: &str = "SELECT instansi_id, period_id, unit_id, status, \
         COALESCE(rating_hasil, ''), COALESCE(rating_perilaku, ''), COALESCE(predikat, ''), \
         perilaku_bawah, jenis_jabatan FROM evaluations";
    type Key = (i64, i64, i64);
    type Eval = (i64, i64, i64, String, String, String, String, i64, String);
    let rows_of = |r: Vec<Vec<i64>>| -> BTreeMap<Key, Vec<i64>> {
        r.into_iter()
            .map(|v| ((v[0], v[1], v[2]), v[3..].to_vec()))
            .filter(|(_, c)| c.iter().any(|&n| n != 0))
            .collect()
    };
    let (kept, evaluations): (Vec<Vec<i64>>, Vec<Eval>) = match db {
        Db::Sqlite(p) => (
            sqlx::query(KEPT)
                .fetch_all(&p.read)
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    use sqlx::Row;
                    (0..r.len()).map(|i| r.get::<i64, _>(i)).collect()
                })
                .collect(),
            sqlx::query_as(EVALUATIONS)
                .fetch_all(&p.read)
                .await
                .unwrap(),
        ),
        Db::Postgres(p) => (
            sqlx::query(KEPT)
                .fetch_all(p)
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    use sqlx::Row;
                    (0..r.len()).map(|i| r.get::<i64, _>(i)).collect()
                })
                .collect(),
            sqlx::query_as(EVALUATIONS).fetch_all(p).await.unwrap(),
        ),
    };
    assert!(!evaluations.is_empty(), "there are evaluations to count");
    let ratings = ["di_atas", "sesuai", "di_bawah"];
    let mut fresh: BTreeMap<Key, Vec<i64>> = BTreeMap::new();
    for (instansi, period, unit, status, rh, rp, predikat, bawah, jenis) in evaluations {
        let c = fresh
            .entry((instansi, period, unit))
            .or_insert_with(|| vec![0; 35]);
        let result = EvaluasiStatus::parse(&status).unwrap().result_visible();
        if !result {
            c[0] += 1;
            continue;
        }
        c[1] += 1;
        for k in 0..7 {
            c[2 + k] += (bawah >> k) & 1;
        }
        for (i, h) in ratings.iter().enumerate() {
            for (j, p) in ratings.iter().enumerate() {
                c[9 + 3 * i + j] += i64::from(rh == *h && rp == *p);
            }
        }
        if let Some(p) = Predikat::parse(&predikat) {
            c[18 + p.index()] += 1;
            if let Some(j) = JenisJabatan::ALL.iter().position(|j| j.code() == jenis) {
                c[23 + 2 * j] += 1;
                c[24 + 2 * j] += i64::from(!p.at_least_baik());
            }
        }
    }
    fresh.retain(|_, c| c.iter().any(|&n| n != 0));
    assert_eq!(rows_of(kept), fresh, "the kept tallies are a fresh count");
}
