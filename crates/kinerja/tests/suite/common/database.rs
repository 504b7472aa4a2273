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
    _dir: tempfile::TempDir,
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
            let url = match base.rfind('/') {
                Some(i) => format!("{}/{name}", &base[..i]),
                None => panic!("bad KINERJA_TEST_PG_URL"),
            };
            TestDb {
                url,
                pg_name: Some(name),
                _dir: dir,
            }
        } else {
            let url = format!("sqlite://{}", dir.path().join("kinerja.db").display());
            TestDb {
                url,
                pg_name: None,
                _dir: dir,
            }
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
            let url = pg_admin_url();
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
