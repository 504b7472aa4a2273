//! The store: the only place with SQL.
//!
//! One SQL text serves both engines wherever they accept it (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`), dispatched over two concrete pools by [`on_db!`] and [`on_tx!`]. sqlx's
//! `Any` driver is avoided on purpose: it cannot decode dates or booleans on SQLite.
//!
//! Conventions that keep the two engines equal: ids are `i64`; timestamps are microseconds
//! since the Unix epoch in a `BIGINT` ([`now_micros`]); dates are `NaiveDate`; text matching
//! is done on columns stored lower-case, never with `LIKE`'s engine-specific case rules.

/// Inserts `$rows` in multi-row statements of `$chunk` rows (within the engines' limits on
/// bound parameters).
macro_rules! bulk {
    ($tx:expr, $head:expr, $rows:expr, $chunk:expr, |$b:ident, $r:ident| $push:block) => {{
        for chunk in $rows.chunks($chunk) {
            $crate::store::count_query();
            match &mut $tx.inner {
                $crate::store::TxInner::Sqlite(t) => {
                    let mut qb = sqlx::QueryBuilder::<sqlx::Sqlite>::new($head);
                    qb.push_values(chunk, |mut $b, $r| $push);
                    qb.build().execute(&mut **t).await?;
                }
                $crate::store::TxInner::Postgres(t) => {
                    let mut qb = sqlx::QueryBuilder::<sqlx::Postgres>::new($head);
                    qb.push_values(chunk, |mut $b, $r| $push);
                    qb.build().execute(&mut **t).await?;
                }
            }
        }
    }};
}

pub mod audit;
pub mod backup;
pub mod confirmations;
pub mod copy;
pub mod dasbor;
pub mod laporan;
pub mod mail;
pub mod masukan;
pub mod notifications;
pub mod org;
pub mod pengembangan;
pub mod penilaian;
pub mod periode;
pub mod progres;
pub mod referensi;
pub mod skp;
pub mod throttle;
pub mod tpp;
pub mod umpan_balik;
pub mod users;

use crate::error::AppError;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct SqlitePools {
    /// Readers run in parallel (WAL).
    pub read: SqlitePool,
    /// One writer connection: writers queue in the pool instead of failing with
    /// "database is locked", and `BEGIN IMMEDIATE` takes the lock before the first read.
    pub write: SqlitePool,
}

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePools),
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

tokio::task_local! {
    /// Statements sent for the request (or job) being served, when it is counted.
    static QUERIES: std::cell::Cell<u32>;
}

/// Counts one statement towards the current request's total (see [`counting_queries`]).
/// `RUST_LOG=kinerja::queries=trace` names the store function that sent each one.
#[track_caller]
pub fn count_query() {
    let _ = QUERIES.try_with(|c| c.set(c.get() + 1));
    tracing::trace!(target: "kinerja::queries", at = %std::panic::Location::caller());
}

/// Runs `f` and returns how many statements it sent through the store: the measure of a
/// page's cost that does not depend on the machine (budgets in tests/suite/budget.rs).
pub async fn counting_queries<F: std::future::Future>(f: F) -> (F::Output, u32) {
    QUERIES
        .scope(std::cell::Cell::new(0), async {
            let out = f.await;
            (out, QUERIES.with(|c| c.get()))
        })
        .await
}

/// Runs `$body` with `$conn` bound to the read pool of whichever engine `$db` is.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$conn:ident| $body:expr) => {
        match {
            $crate::store::count_query();
            $db
        } {
            $crate::store::Db::Sqlite(pools) => {
                let $conn = &pools.read;
                $body
            }
            $crate::store::Db::Postgres(pool) => {
                let $conn = pool;
                $body
            }
        }
    };
}

/// Runs `$body` with `$conn` bound to the connection of the open transaction `$tx`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match {
            $crate::store::count_query();
            &mut $tx.inner
        } {
            $crate::store::TxInner::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::store::TxInner::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

pub use crate::{on_db, on_tx};

/// An open write transaction. Dropped without [`Tx::commit`] it rolls back.
pub struct Tx {
    pub inner: TxInner,
}

pub enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub async fn commit(self) -> Result<(), AppError> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            TxInner::Sqlite(_) => Engine::Sqlite,
            TxInner::Postgres(_) => Engine::Postgres,
        }
    }
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Names of the migrations of each engine, for the parity test.
pub fn migration_names(engine: Engine) -> Vec<String> {
    let m = match engine {
        Engine::Sqlite => &SQLITE_MIGRATOR,
        Engine::Postgres => &POSTGRES_MIGRATOR,
    };
    m.iter()
        .map(|m| format!("{}_{}", m.version, m.description))
        .collect()
}

pub use crate::config::PoolSettings;

const REPLICA_NEEDS_POSTGRES: &str =
    "DATABASE_READ_URL: replika PostgreSQL (postgres://…), hanya bila DATABASE_URL juga PostgreSQL";

/// The connection options of a replica named by `DATABASE_READ_URL`, or why it is refused.
fn replica_options(url: &str) -> Result<PgConnectOptions, AppError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(AppError::Config(REPLICA_NEEDS_POSTGRES.into()));
    }
    Ok(without_parallel_query(
        PgConnectOptions::from_str(url)
            .map_err(|e| AppError::Config(format!("DATABASE_READ_URL: {e}")))?
            // A write sent here by mistake fails loudly rather than diverging.
            .options([("default_transaction_read_only", "on")]),
    ))
}

/// Kinerja's statements are short and many run at once: a parallel plan starts worker
/// processes for a few milliseconds of work and takes cores from the other requests (the
/// demo's whole-instansi dashboard served 37 req/s with it and 43 without, p99 435 ms and
/// 299 ms). Off on Kinerja's own connections unless the URL's `options` set it.
fn without_parallel_query(opts: PgConnectOptions) -> PgConnectOptions {
    const SETTING: &str = "max_parallel_workers_per_gather";
    if opts.get_options().is_some_and(|o| o.contains(SETTING)) {
        return opts;
    }
    opts.options([(SETTING, "0")])
}

/// Keeps SQLite's planner on the per-index statistics of `sqlite_stat1` only. With STAT4
/// samples present (a SQLite built with STAT4, as libsqlite3-sys builds it unless
/// `.cargo/config.toml` says otherwise) every statement whose WHERE binds an indexed column
/// is compiled again at each new value: on the demo regency the plan page spent most of its
/// time in SQLite's parser and planner (1,100 req/s; 6,200 without the samples). Run before
/// the readers open (they load statistics once per connection) and after every ANALYZE.
async fn drop_stat4(write: &SqlitePool) -> Result<(), sqlx::Error> {
    let has: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'")
            .fetch_one(write)
            .await?;
    if has > 0 {
        sqlx::query("DELETE FROM sqlite_stat4")
            .execute(write)
            .await?;
        sqlx::query("ANALYZE sqlite_schema").execute(write).await?;
    }
    Ok(())
}

impl Db {
    /// Opens the database named by `url` (`sqlite://path` or `postgres://…`), creating a
    /// SQLite file and its folder if missing.
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Db, AppError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = without_parallel_query(
                PgConnectOptions::from_str(url)
                    .map_err(|e| AppError::Config(format!("DATABASE_URL: {e}")))?,
            );
            let pool = PgPoolOptions::new()
                .max_connections(settings.postgres_max)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await
                .map_err(|e| AppError::Config(format!("PostgreSQL: {e}")))?;
            return Ok(Db::Postgres(pool));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| {
                AppError::Config(format!(
                    "DATABASE_URL harus diawali sqlite:// atau postgres:// (diberikan: {url})"
                ))
            })?;
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        // Set per connection: a PRAGMA sent once through a pool reaches one connection only.
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            // 8 MB of pages per connection: five connections stay inside the server's
            // memory budget, and the operating system caches the rest of the file.
            .pragma("cache_size", "-8000")
            // Rows travel from SQLite's worker thread to the request one message each. With
            // the default buffer of 50 a result of a thousand rows (one per unit) made the
            // two threads wake each other for every row once the buffer was full.
            .row_buffer_size(4096);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts.clone())
            .await
            .map_err(|e| AppError::Config(format!("SQLite {path}: {e}")))?;
        drop_stat4(&write)
            .await
            .map_err(|e| AppError::Config(format!("SQLite {path}: {e}")))?;
        let read = SqlitePoolOptions::new()
            .max_connections(settings.sqlite_readers.max(1))
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts)
            .await
            .map_err(|e| AppError::Config(format!("SQLite {path}: {e}")))?;
        Ok(Db::Sqlite(SqlitePools { read, write }))
    }

    /// Opens a read-only PostgreSQL replica of `primary` (`DATABASE_READ_URL`). Never
    /// migrated: the schema arrives by replication. A replica of SQLite does not exist.
    pub async fn connect_replica(
        url: &str,
        primary: &Db,
        settings: &PoolSettings,
    ) -> Result<Db, AppError> {
        if primary.engine() != Engine::Postgres {
            return Err(AppError::Config(REPLICA_NEEDS_POSTGRES.into()));
        }
        let opts = replica_options(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(settings.postgres_max)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await
            .map_err(|e| AppError::Config(format!("PostgreSQL (DATABASE_READ_URL): {e}")))?;
        Ok(Db::Postgres(pool))
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    pub async fn migrate(&self) -> Result<(), AppError> {
        match self {
            Db::Sqlite(p) => SQLITE_MIGRATOR.run(&p.write).await,
            Db::Postgres(p) => POSTGRES_MIGRATOR.run(p).await,
        }
        .map_err(|e| AppError::Internal(format!("migration failed: {e}")))
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes cannot fail midway.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        Ok(Tx {
            inner: self.begin_inner().await?,
        })
    }

    async fn begin_inner(&self) -> Result<TxInner, AppError> {
        Ok(match self {
            Db::Sqlite(p) => TxInner::Sqlite(p.write.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => TxInner::Postgres(p.begin().await?),
        })
    }

    pub async fn ping(&self) -> Result<(), AppError> {
        on_db!(self, |c| sqlx::query("SELECT 1")
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load, of the tables named or of the
    /// whole database. The plans must not depend on autovacuum having run: on a freshly
    /// loaded PostgreSQL table without statistics one plan's indicators were read by a scan
    /// of all of them. Table names come from the code, never from input.
    pub async fn analyze(&self, tables: &[&'static str]) -> Result<(), AppError> {
        match self {
            Db::Sqlite(p) if tables.is_empty() => {
                sqlx::query("ANALYZE").execute(&p.write).await?;
                drop_stat4(&p.write).await?;
            }
            Db::Sqlite(p) => {
                for t in tables {
                    sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {t}")))
                        .execute(&p.write)
                        .await?;
                }
                drop_stat4(&p.write).await?;
            }
            Db::Postgres(p) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "ANALYZE {}",
                    tables.join(", ")
                )))
                .execute(p)
                .await?;
            }
        }
        Ok(())
    }

    /// Each pool's (name, open connections, idle connections), for `/metrics`.
    pub fn pool_usage(&self) -> Vec<(&'static str, u32, usize)> {
        match self {
            Db::Sqlite(p) => vec![
                ("sqlite_read", p.read.size(), p.read.num_idle()),
                ("sqlite_write", p.write.size(), p.write.num_idle()),
            ],
            Db::Postgres(p) => vec![("postgres", p.size(), p.num_idle())],
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => {
                p.read.close().await;
                p.write.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }

    /// Table and column names as the engine reports them, for the migration parity test.
    /// The migrated schema as both engines can state it: every column with its default,
    /// and every index created by a migration with its uniqueness and columns. Defaults
    /// are normalised (PostgreSQL's casts dropped, booleans as SQLite stores them) so that
    /// the same intent compares equal.
    pub async fn schema(&self) -> Result<Schema, AppError> {
        const SQLITE_COLUMNS: &str = "SELECT m.name, p.name, p.dflt_value FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
             ORDER BY m.name, p.name";
        const PG_COLUMNS: &str = "SELECT table_name::text, column_name::text, column_default::text \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' \
             ORDER BY table_name, column_name";
        // Indexes a migration created by name; those behind a primary key or a UNIQUE
        // constraint are named by each engine its own way and are covered by the columns.
        const SQLITE_INDEXES: &str = "SELECT m.tbl_name, m.name, il.\"unique\" != 0, ii.name \
             FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) il ON il.name = m.name \
             JOIN pragma_index_info(m.name) ii \
             WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name NOT LIKE '_sqlx%' \
             ORDER BY m.tbl_name, m.name, ii.seqno";
        const PG_INDEXES: &str = "SELECT t.relname::text, c.relname::text, i.indisunique, a.attname::text \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
             CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
             WHERE n.nspname = current_schema() AND t.relname NOT LIKE '_sqlx%' \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = c.oid) \
             ORDER BY 1, 2, k.ord";
        type Col = (String, String, Option<String>);
        type Idx = (String, String, bool, Option<String>);
        let (columns, indexes): (Vec<Col>, Vec<Idx>) = match self {
            Db::Sqlite(p) => (
                sqlx::query_as(SQLITE_COLUMNS).fetch_all(&p.read).await?,
                sqlx::query_as(SQLITE_INDEXES).fetch_all(&p.read).await?,
            ),
            Db::Postgres(p) => (
                sqlx::query_as(PG_COLUMNS).fetch_all(p).await?,
                sqlx::query_as(PG_INDEXES).fetch_all(p).await?,
            ),
        };
        let mut schema = Schema::default();
        for (table, column, default) in columns {
            let default = default.as_deref().and_then(normalised_default);
            schema.columns.push((table, column, default));
        }
        for (table, name, unique, column) in indexes {
            match schema.indexes.last_mut() {
                Some(last) if last.0 == table && last.1 == name => last.3.push(column),
                _ => schema.indexes.push((table, name, unique, vec![column])),
            }
        }
        Ok(schema)
    }
}

/// Columns `(table, column, default)` and indexes `(table, name, unique, columns)`; an
/// expression in an index has no column name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub columns: Vec<(String, String, Option<String>)>,
    pub indexes: Vec<(String, String, bool, Vec<Option<String>>)>,
}

/// A column default in one spelling for both engines: no `::type` casts, no outer
/// parentheses, booleans as 0/1, lower case; sequences and identities are no default.
fn normalised_default(d: &str) -> Option<String> {
    let mut s = d.trim().to_lowercase();
    if s.starts_with("nextval(") || s == "null" {
        return None;
    }
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].trim().to_string();
    }
    if let Some(i) = s.rfind("::")
        && s[i + 2..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_')
    {
        s.truncate(i);
    }
    Some(match s.as_str() {
        "false" => "0".into(),
        "true" => "1".into(),
        _ => s,
    })
}

/// Microseconds since the Unix epoch: the one timestamp format of the store.
pub fn now_micros() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

pub fn micros_to_datetime(micros: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// The lower-case text that searches match against.
pub fn search_key(s: &str) -> String {
    s.to_lowercase()
}

/// Escapes `%` and `_` so user text is matched literally by `LIKE … ESCAPE '\'`.
pub fn like_contains(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of a server-side paginated list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    /// Exact up to [`COUNT_CAP`]; beyond it `total_capped` is set.
    pub total: u64,
    pub total_capped: bool,
}

/// Counting stops here so that a broad search never scans a national table to count it.
pub const COUNT_CAP: i64 = 10_000;

impl<T> Page<T> {
    pub fn has_next(&self) -> bool {
        (self.page as u64) * (self.per_page as u64) < self.total
    }
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1) as u64).max(1)
    }
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
            total_capped: self.total_capped,
        }
    }
}

/// The number of rows a statement changed.
/// Appends `(id, id, …)`, each bound: the id lists of a team, an export or a lookup.
pub(crate) fn push_ids<DB: sqlx::Database>(qb: &mut sqlx::QueryBuilder<DB>, ids: &[i64])
where
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    qb.push("(");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
}

pub(crate) fn rows_affected(r: sqlx::Result<u64>) -> crate::error::AppResult<u64> {
    Ok(r?)
}

#[cfg(test)]
mod tests {
    use super::normalised_default;
    use proptest::prelude::*;

    #[test]
    fn the_same_default_reads_the_same_on_both_engines() {
        for (sqlite, pg) in [
            ("0", "false"),
            ("1", "true"),
            ("'draft'", "'draft'::text"),
            ("0", "0"),
            ("('x')", "('x'::character varying)"),
        ] {
            assert_eq!(
                normalised_default(sqlite),
                normalised_default(pg),
                "{sqlite} vs {pg}"
            );
        }
        assert_eq!(
            normalised_default("nextval('units_id_seq'::regclass)"),
            None
        );
        assert_eq!(normalised_default("NULL"), None);
        assert_ne!(normalised_default("'a'"), normalised_default("'b'"));
    }

    proptest! {
        /// Whatever an engine reports as a default, reading it never panics and reading
        /// its normalised form again changes nothing.
        #[test]
        fn any_default_text_is_normalised_without_panicking(s in any::<String>()) {
            if let Some(n) = normalised_default(&s) {
                prop_assert_eq!(normalised_default(&n).unwrap_or_default(), n);
            }
        }
    }
}

#[cfg(test)]
mod replica_tests {
    use sqlx::postgres::PgConnectOptions;
    use std::str::FromStr;

    /// Kinerja's connections ask for no parallel plans, unless the operator's URL already
    /// says how many workers a plan may use; the replica keeps its read-only setting too.
    #[test]
    fn parallel_query_is_off_unless_the_url_sets_it() {
        let plain = PgConnectOptions::from_str("postgres://k@db/kinerja").unwrap();
        assert_eq!(
            super::without_parallel_query(plain).get_options(),
            Some("-c max_parallel_workers_per_gather=0")
        );
        let own = PgConnectOptions::from_str(
            "postgres://k@db/kinerja?options=-c%20max_parallel_workers_per_gather%3D4",
        )
        .unwrap();
        let kept = super::without_parallel_query(own);
        assert_eq!(
            kept.get_options(),
            Some("-c max_parallel_workers_per_gather=4")
        );
        let replica = super::replica_options("postgres://k@replica/kinerja").unwrap();
        let options = replica.get_options().unwrap();
        assert!(
            options.contains("default_transaction_read_only=on"),
            "{options}"
        );
        assert!(
            options.contains("max_parallel_workers_per_gather=0"),
            "{options}"
        );
    }

    proptest::proptest! {
        /// Whatever an operator writes into DATABASE_READ_URL is read or refused with a
        /// message naming the setting, never a panic.
        #[test]
        fn any_replica_url_is_read_or_refused(s in "\\PC*") {
            for url in [s.clone(), format!("postgres://{s}")] {
                if let Err(e) = super::replica_options(&url) {
                    proptest::prop_assert!(e.to_string().contains("DATABASE_READ_URL"));
                }
            }
        }
    }
}
