//! SQL of the audit chain. The chain logic (hashing, verification) is in
//! `services::audit`; here are only the rows.

use super::{Db, Tx, TxInner, on_db, on_tx};
use crate::error::AppResult;
use sqlx::QueryBuilder;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct EventRow {
    pub id: i64,
    pub instansi_id: i64,
    pub seq: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub subject_employee_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Genesis value of every chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Creates the empty chain of a new instansi with its signed head.
pub async fn create_head(tx: &mut Tx, instansi_id: i64, signature: &str) -> AppResult<()> {
    const SQL: &str =
        "INSERT INTO audit_heads (instansi_id, seq, hash, signature) VALUES ($1, 0, $2, $3)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(GENESIS)
        .bind(signature)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Reserves `n` sequence numbers and returns (last seq before them, hash at that point).
/// The UPDATE takes the row lock on PostgreSQL, so concurrent writers of one instansi queue
/// here; on SQLite the transaction already holds the write lock.
pub async fn reserve(tx: &mut Tx, instansi_id: i64, n: i64) -> AppResult<(i64, String)> {
    const SQL: &str =
        "UPDATE audit_heads SET seq = seq + $2 WHERE instansi_id = $1 RETURNING seq, hash";
    let (seq, hash): (i64, String) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(n)
        .fetch_one(c)
        .await)?;
    Ok((seq - n, hash))
}

pub async fn set_head(tx: &mut Tx, instansi_id: i64, hash: &str, signature: &str) -> AppResult<()> {
    const SQL: &str = "UPDATE audit_heads SET hash = $2, signature = $3 WHERE instansi_id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(hash)
        .bind(signature)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The head of each chain: (instansi, seq, hash, signature).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeadRow {
    pub instansi_id: i64,
    pub seq: i64,
    pub hash: String,
    pub signature: String,
}

pub async fn heads_signed(db: &Db) -> AppResult<Vec<HeadRow>> {
    const SQL: &str =
        "SELECT instansi_id, seq, hash, signature FROM audit_heads ORDER BY instansi_id";
    Ok(on_db!(db, |c| sqlx::query_as(SQL).fetch_all(c).await)?)
}

/// The fingerprint of the key that signs this database's chains, once recorded.
pub async fn key_fingerprint(db: &Db) -> AppResult<Option<String>> {
    const SQL: &str = "SELECT fingerprint FROM audit_key_check WHERE id = 1";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .fetch_optional(c)
        .await)?)
}

/// Records the key's fingerprint unless one is there (the first server to start wins).
pub async fn key_fingerprint_record(tx: &mut Tx, fingerprint: &str) -> AppResult<()> {
    const SQL: &str = "INSERT INTO audit_key_check (id, fingerprint) VALUES (1, $1) \
                       ON CONFLICT (id) DO NOTHING";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(fingerprint)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every instansi that must have a chain: those that exist and those that have events.
pub async fn chained_instansi(db: &Db) -> AppResult<Vec<i64>> {
    const SQL: &str = "SELECT id FROM instansi UNION SELECT DISTINCT instansi_id FROM audit_events";
    let mut ids: Vec<i64> = on_db!(db, |c| sqlx::query_scalar(SQL).fetch_all(c).await)?;
    ids.sort_unstable();
    Ok(ids)
}

/// The event at `seq` of a chain, if it is there.
pub async fn event_at(db: &Db, instansi_id: i64, seq: i64) -> AppResult<Option<EventRow>> {
    const SQL: &str = const_format::concatcp!(SELECT, "WHERE instansi_id = $1 AND seq = $2");
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(seq)
        .fetch_optional(c)
        .await)?)
}

/// Signs heads written before heads were signed (run once at start-up after the chain
/// behind them verified).
pub async fn sign_head(tx: &mut Tx, instansi_id: i64, seq: i64, signature: &str) -> AppResult<()> {
    const SQL: &str = "UPDATE audit_heads SET signature = $3 WHERE instansi_id = $1 AND seq = $2 AND signature = ''";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(instansi_id)
        .bind(seq)
        .bind(signature)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

const INSERT_HEAD: &str = "INSERT INTO audit_events (instansi_id, seq, at, actor_user_id, actor_name, \
     action, object_type, object_id, subject_employee_id, before_json, after_json, prev_hash, hash) ";

/// Inserts finished events in multi-row statements (an import writes thousands).
pub async fn insert_events(tx: &mut Tx, events: &[EventRow]) -> AppResult<()> {
    for chunk in events.chunks(500) {
        macro_rules! build {
            ($db:ty) => {{
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(INSERT_HEAD);
                qb.push_values(chunk, |mut b, e| {
                    b.push_bind(e.instansi_id)
                        .push_bind(e.seq)
                        .push_bind(e.at)
                        .push_bind(e.actor_user_id)
                        .push_bind(e.actor_name.clone())
                        .push_bind(e.action.clone())
                        .push_bind(e.object_type.clone())
                        .push_bind(e.object_id)
                        .push_bind(e.subject_employee_id)
                        .push_bind(e.before_json.clone())
                        .push_bind(e.after_json.clone())
                        .push_bind(e.prev_hash.clone())
                        .push_bind(e.hash.clone());
                });
                qb
            }};
        }
        crate::store::count_query();
        match &mut tx.inner {
            TxInner::Sqlite(t) => {
                build!(sqlx::Sqlite).build().execute(&mut **t).await?;
            }
            TxInner::Postgres(t) => {
                build!(sqlx::Postgres).build().execute(&mut **t).await?;
            }
        }
    }
    Ok(())
}

const SELECT: &str = "SELECT id, instansi_id, seq, at, actor_user_id, actor_name, action, object_type, \
     object_id, subject_employee_id, before_json, after_json, prev_hash, hash FROM audit_events ";

/// A batch of one chain in order, for verification without loading the whole log.
pub async fn events_after(
    db: &Db,
    instansi_id: i64,
    after_seq: i64,
    limit: i64,
) -> AppResult<Vec<EventRow>> {
    const SQL: &str = const_format::concatcp!(
        SELECT,
        "WHERE instansi_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    );
    Ok(on_db!(db, |c| sqlx::query_as(SQL)
        .bind(instansi_id)
        .bind(after_seq)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// What a history page asks for besides its instansi: one employee (as subject) or one
/// object, kinds of objects, and a time window (microseconds, `from` included).
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter<'a> {
    pub subject_employee_id: Option<i64>,
    pub object: Option<(&'a str, i64)>,
    pub object_types: &'a [&'a str],
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// One page of history, newest first, before `before_seq`.
pub async fn history(
    db: &Db,
    instansi_id: i64,
    f: &HistoryFilter<'_>,
    before_seq: Option<i64>,
    limit: i64,
) -> AppResult<Vec<EventRow>> {
    macro_rules! build {
        ($db:ty) => {{
            let mut qb = QueryBuilder::<$db>::new(SELECT);
            qb.push("WHERE instansi_id = ").push_bind(instansi_id);
            if let Some(s) = f.subject_employee_id {
                qb.push(" AND subject_employee_id = ").push_bind(s);
            }
            if let Some((t, id)) = f.object {
                qb.push(" AND object_type = ").push_bind(t);
                qb.push(" AND object_id = ").push_bind(id);
            }
            if !f.object_types.is_empty() {
                qb.push(" AND object_type IN (");
                let mut sep = qb.separated(", ");
                for t in f.object_types {
                    sep.push_bind(*t);
                }
                qb.push(")");
            }
            if let Some(from) = f.from {
                qb.push(" AND at >= ").push_bind(from);
            }
            if let Some(until) = f.until {
                qb.push(" AND at < ").push_bind(until);
            }
            qb.push(" AND seq < ")
                .push_bind(before_seq.unwrap_or(i64::MAX));
            qb.push(" ORDER BY seq DESC LIMIT ").push_bind(limit);
            qb
        }};
    }
    crate::store::count_query();
    Ok(match db {
        Db::Sqlite(p) => {
            build!(sqlx::Sqlite)
                .build_query_as()
                .fetch_all(&p.read)
                .await?
        }
        Db::Postgres(p) => build!(sqlx::Postgres).build_query_as().fetch_all(p).await?,
    })
}
