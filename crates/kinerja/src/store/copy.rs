//! Copying one instansi's rows into another, for the national-size demo: one
//! `INSERT … SELECT` per table inside the database, every id moved by one offset, so a
//! regency of the demo's shape costs what the database takes to copy its rows, not what
//! the services take to build them.
//!
//! What each column becomes is read from the schema ([`plan`]): a new table or column is
//! copied by the same rules, and one the rules cannot place (an id without a foreign key,
//! text that may hold ids) stops the copy until it is named here.

use super::{Db, Tx, TxInner, on_db, on_tx};
use crate::error::{AppError, AppResult};
use std::collections::{BTreeMap, BTreeSet};

/// Tables whose rows are not copied, with the reason.
const NOT_COPIED: &[(&str, &str)] = &[
    ("instansi", "the copy is a new instansi"),
    ("audit_events", "each copy starts its own chain"),
    ("audit_heads", "each copy starts its own chain"),
    ("sessions", "sign-ins belong to the people who made them"),
    (
        "password_resets",
        "reset links belong to the people who asked",
    ),
    ("outbox", "mail already sent or queued is not sent again"),
    ("notifications", "their links name the source's rows"),
    ("evaluation_tallies", "kept by triggers on evaluations"),
    ("progres_unit_bulan", "kept by triggers on the unit-days"),
    (
        "progres_orang",
        "made by triggers on employees, its days read after the copy",
    ),
];

/// Id columns without a foreign key, and the table whose ids they hold.
const IDS_WITHOUT_KEY: &[(&str, &str, &str)] = &[("units", "opd_id", "units")];

/// `subjek_id` holds an RHK's id when `subjek` is 'rhk'; a BerAKHLAK code (1–7) or 0 otherwise.
const SUBJEK_TABLES: &[&str] = &["evaluation_items", "feedback_messages"];

/// Text columns that hold ids (or NIPs), rewritten row by row in Rust.
pub const REWRITTEN: &[(&str, &str, Rewrite)] = &[
    ("units", "path", Rewrite::Path),
    ("evaluations", "snapshot_json", Rewrite::Json),
    ("skp_submissions", "content_json", Rewrite::Json),
    ("skp_submissions", "header_json", Rewrite::Json),
    ("skp_submissions", "catatan_baris_json", Rewrite::JsonKeys),
    ("rencana_aksi_riwayat", "sebelum_json", Rewrite::Json),
    ("pending_changes", "payload", Rewrite::Json),
    ("evaluation_reopenings", "result_json", Rewrite::Json),
];

/// Text columns of the JSON kind that hold no ids: copied as they are.
const JSON_WITHOUT_IDS: &[(&str, &str)] = &[
    ("unit_periods", "pelanggaran_json"),
    ("tpp_aturan", "aturan_json"),
    ("reference_versions", "data_json"),
];

/// How a text column's ids are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// `/1/2/5/`: each segment is a unit id.
    Path,
    /// JSON whose fields `id` and `…_id` hold ids and `nip` holds a NIP.
    Json,
    /// A JSON object whose keys are ids.
    JsonKeys,
}

/// What a column of the copy holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Same,
    /// The new instansi's id.
    Instansi,
    /// An id of a copied table: moved by the offset.
    Id,
    /// `subjek_id`: moved when it names an RHK.
    SubjekId,
    /// The employee's NIP, from the table of new NIPs.
    Nip,
    /// A NIP-named account gets the new NIP; any other gets the copy's suffix.
    Username,
    Rewritten(Rewrite),
}

#[derive(Debug, Clone)]
pub struct TablePlan {
    pub name: String,
    pub columns: Vec<(String, Column)>,
}

/// The copied tables in an order where each comes after the tables it references.
#[derive(Debug, Clone)]
pub struct Plan {
    pub tables: Vec<TablePlan>,
}

/// Every column of every table, with the table its foreign key references: what [`plan`]
/// reads, and what checks over a copy walk.
pub async fn schema(db: &Db) -> AppResult<Vec<(String, String, Option<String>)>> {
    const SQLITE: &str = "SELECT m.name, p.name, (SELECT f.\"table\" FROM pragma_foreign_key_list(m.name) f \
         WHERE f.\"from\" = p.name) FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
         ORDER BY m.name, p.cid";
    const POSTGRES: &str = "SELECT c.table_name::text, c.column_name::text, \
         (SELECT ft.relname::text FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid \
         JOIN pg_class ft ON ft.oid = k.confrelid \
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
         WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND t.relname = c.table_name \
         AND a.attname = c.column_name AND t.relnamespace = to_regnamespace(current_schema())) \
         FROM information_schema.columns c \
         WHERE c.table_schema = current_schema() AND c.table_name NOT LIKE '_sqlx%' \
         ORDER BY c.table_name, c.ordinal_position";
    Ok(match db {
        Db::Sqlite(p) => sqlx::query_as(SQLITE).fetch_all(&p.read).await?,
        Db::Postgres(p) => sqlx::query_as(POSTGRES).fetch_all(p).await?,
    })
}

/// Reads the schema and decides what each column of each copied table becomes.
pub async fn plan(db: &Db) -> AppResult<Plan> {
    plan_of(&schema(db).await?)
}

/// The plan for a schema given as `(table, column, referenced table)` rows.
pub fn plan_of(rows: &[(String, String, Option<String>)]) -> AppResult<Plan> {
    let mut tables: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
    for (t, c, r) in rows {
        tables.entry(t).or_default().push((c, r.as_deref()));
    }
    let tenant: BTreeSet<&str> = tables
        .iter()
        .filter(|(_, cols)| cols.iter().any(|(c, _)| *c == "instansi_id"))
        .map(|(t, _)| *t)
        .collect();
    let copied = |t: &str| tenant.contains(t) && !NOT_COPIED.iter().any(|(n, _)| *n == t);
    let unplaced = |t: &str, c: &str, why: &str| {
        AppError::Internal(format!(
            "salinan instansi: kolom {t}.{c} {why}; tetapkan aturannya di store/copy.rs"
        ))
    };
    let mut plans = BTreeMap::new();
    let mut deps: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (t, cols) in &tables {
        if !copied(t) {
            continue;
        }
        let mut out = Vec::new();
        for (c, r) in cols {
            let rewritten = REWRITTEN
                .iter()
                .find(|(rt, rc, _)| rt == t && rc == c)
                .map(|x| x.2);
            let without_key = IDS_WITHOUT_KEY
                .iter()
                .find(|(rt, rc, _)| rt == t && rc == c)
                .map(|x| x.2);
            let column = match (*c, r, rewritten, without_key) {
                (_, _, Some(rw), _) => Column::Rewritten(rw),
                ("instansi_id", _, _, _) | (_, Some("instansi"), _, _) => Column::Instansi,
                ("id", None, _, _) => Column::Id,
                ("nip", None, _, _) if *t == "employees" => Column::Nip,
                ("username", None, _, _) if *t == "users" => Column::Username,
                ("subjek_id", None, _, _) if SUBJEK_TABLES.contains(t) => Column::SubjekId,
                (_, Some(rt), _, _) if copied(rt) => {
                    if **rt != **t {
                        deps.entry(*t).or_default().insert(*rt);
                    }
                    Column::Id
                }
                (_, None, _, Some(rt)) if copied(rt) => Column::Id,
                (_, Some(rt), _, _) if tenant.contains(rt) => {
                    return Err(unplaced(t, c, &format!("merujuk {rt}, yang tidak disalin")));
                }
                (_, Some(_), _, _) => Column::Same,
                (c, None, _, _) if c.ends_with("_id") => {
                    return Err(unplaced(t, c, "tampak seperti id tanpa kunci asing"));
                }
                (c, None, _, _)
                    if (c.ends_with("_json") || c == "payload")
                        && !JSON_WITHOUT_IDS.iter().any(|(jt, jc)| jt == t && *jc == c) =>
                {
                    return Err(unplaced(t, c, "berisi JSON yang mungkin memuat id"));
                }
                _ => Column::Same,
            };
            out.push((c.to_string(), column));
        }
        plans.insert(*t, out);
    }
    // Parents before children (self-references are checked at the end of the statement).
    let mut order = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while done.len() < plans.len() {
        let ready: Vec<&str> = plans
            .keys()
            .filter(|t| !done.contains(*t))
            .filter(|t| {
                deps.get(*t)
                    .is_none_or(|d| d.iter().all(|x| done.contains(x)))
            })
            .copied()
            .collect();
        if ready.is_empty() {
            return Err(AppError::Internal(
                "salinan instansi: kunci asing melingkar antar tabel".into(),
            ));
        }
        for t in ready {
            done.insert(t);
            order.push(TablePlan {
                name: t.to_string(),
                columns: plans[t].clone(),
            });
        }
    }
    Ok(Plan { tables: order })
}

/// The values a copy statement binds after `$1` (source) and `$2` (copy), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bind {
    /// How far every id moves.
    Offset,
    /// What accounts not named by a NIP get after their username.
    Suffix,
}

impl TablePlan {
    /// `INSERT … SELECT` of the source's rows, `$1` the source instansi and `$2` the copy,
    /// then the [`Bind`]s it uses (each statement binds only what it names).
    pub fn insert_sql(&self) -> (String, Vec<Bind>) {
        let t = &self.name;
        let mut binds = Vec::new();
        let mut param = |b: Bind| {
            let at = binds.iter().position(|x| *x == b).unwrap_or_else(|| {
                binds.push(b);
                binds.len() - 1
            });
            format!("${}", at + 3)
        };
        let mut joins = String::new();
        let mut exprs = Vec::new();
        for (i, (c, col)) in self.columns.iter().enumerate() {
            exprs.push(match col {
                Column::Same => format!("s.{c}"),
                Column::Instansi => "$2".to_string(),
                Column::Id => format!("s.{c} + {}", param(Bind::Offset)),
                Column::SubjekId => {
                    let off = param(Bind::Offset);
                    format!("CASE WHEN s.subjek = 'rhk' THEN s.{c} + {off} ELSE s.{c} END")
                }
                Column::Nip => {
                    joins.push_str(" LEFT JOIN copy_nips n ON n.lama = s.nip");
                    format!("COALESCE(n.baru, s.{c})")
                }
                Column::Username => {
                    joins.push_str(" LEFT JOIN copy_nips n ON n.lama = s.username");
                    format!("COALESCE(n.baru, s.{c} || {})", param(Bind::Suffix))
                }
                Column::Rewritten(_) => {
                    joins.push_str(&format!(
                        " LEFT JOIN copy_texts x{i} ON x{i}.kolom = '{t}.{c}' AND x{i}.id = s.id"
                    ));
                    format!("x{i}.v")
                }
            });
        }
        let cols: Vec<&str> = self.columns.iter().map(|(c, _)| c.as_str()).collect();
        let sql = format!(
            "INSERT INTO {t} ({}) SELECT {} FROM {t} s{joins} WHERE s.instansi_id = $1",
            cols.join(", "),
            exprs.join(", ")
        );
        (sql, binds)
    }

    fn has_id(&self) -> bool {
        self.columns.iter().any(|(c, _)| c == "id")
    }
}

/// The largest id of the copied tables, over every instansi: a copy's ids start above it.
pub async fn max_id(tx: &mut Tx, plan: &Plan) -> AppResult<i64> {
    let parts: Vec<String> = plan
        .tables
        .iter()
        .filter(|t| t.has_id())
        .map(|t| format!("SELECT MAX(id) AS m FROM {}", t.name))
        .collect();
    let sql = format!(
        "SELECT COALESCE(MAX(m), 0) FROM ({}) x",
        parts.join(" UNION ALL ")
    );
    Ok(on_tx!(tx, |c| sqlx::query_scalar(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .fetch_one(c)
    .await)?)
}

/// Every NIP in the database, of every instansi: a copy's NIPs are distinct from all.
pub async fn all_nips(db: &Db) -> AppResult<Vec<String>> {
    const SQL: &str = "SELECT nip FROM employees WHERE nip IS NOT NULL";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL).fetch_all(c).await)?)
}

/// The NIPs of one instansi's employees.
pub async fn nips_of(db: &Db, instansi_id: i64) -> AppResult<Vec<String>> {
    const SQL: &str = "SELECT nip FROM employees WHERE instansi_id = $1 AND nip IS NOT NULL";
    Ok(on_db!(db, |c| sqlx::query_scalar(SQL)
        .bind(instansi_id)
        .fetch_all(c)
        .await)?)
}

/// The non-null values of a rewritten column of one instansi, by row id.
pub async fn texts(
    db: &Db,
    table: &str,
    column: &str,
    instansi_id: i64,
) -> AppResult<Vec<(i64, String)>> {
    let (t, c) = REWRITTEN
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(t, c, _)| (*t, *c))
        .ok_or(AppError::NotFound)?;
    let sql = format!("SELECT id, {c} FROM {t} WHERE instansi_id = $1 AND {c} IS NOT NULL");
    Ok(on_db!(db, |conn| sqlx::query_as(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(instansi_id)
    .fetch_all(conn)
    .await)?)
}

/// The work tables of one copy, in the copy's transaction.
pub async fn begin_copy(tx: &mut Tx) -> AppResult<()> {
    const NIPS: &str = "CREATE TEMP TABLE copy_nips (lama TEXT PRIMARY KEY, baru TEXT NOT NULL)";
    const TEXTS: &str = "CREATE TEMP TABLE copy_texts (kolom TEXT NOT NULL, id BIGINT NOT NULL, \
         v TEXT NOT NULL, PRIMARY KEY (kolom, id))";
    on_tx!(tx, |c| sqlx::query(NIPS).execute(c).await.map(|_| ()))?;
    on_tx!(tx, |c| sqlx::query(TEXTS).execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn put_nips(tx: &mut Tx, nips: &[(String, String)]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO copy_nips (lama, baru) ",
        nips,
        5000,
        |b, r| {
            b.push_bind(r.0.clone()).push_bind(r.1.clone());
        }
    );
    Ok(())
}

pub async fn put_texts(tx: &mut Tx, kolom: &str, texts: &[(i64, String)]) -> AppResult<()> {
    bulk!(
        tx,
        "INSERT INTO copy_texts (kolom, id, v) ",
        texts,
        3000,
        |b, r| {
            b.push_bind(kolom.to_string())
                .push_bind(r.0)
                .push_bind(r.1.clone());
        }
    );
    Ok(())
}

/// Copies one table's rows (see [`TablePlan::insert_sql`]); returns how many.
pub async fn copy_table(
    tx: &mut Tx,
    table: &TablePlan,
    from: i64,
    to: i64,
    offset: i64,
    suffix: &str,
) -> AppResult<u64> {
    let (sql, binds) = table.insert_sql();
    let done = on_tx!(tx, |c| {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(from)
            .bind(to);
        for b in &binds {
            q = match b {
                Bind::Offset => q.bind(offset),
                Bind::Suffix => q.bind(suffix.to_string()),
            };
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(done)
}

/// Drops the work tables and, on PostgreSQL, moves each identity past the copied ids (on
/// SQLite a new row takes the largest id plus one by itself).
pub async fn end_copy(tx: &mut Tx, plan: &Plan) -> AppResult<()> {
    const DROP_NIPS: &str = "DROP TABLE copy_nips";
    const DROP_TEXTS: &str = "DROP TABLE copy_texts";
    on_tx!(tx, |c| sqlx::query(DROP_NIPS).execute(c).await.map(|_| ()))?;
    on_tx!(tx, |c| sqlx::query(DROP_TEXTS).execute(c).await.map(|_| ()))?;
    if let TxInner::Postgres(t) = &mut tx.inner {
        for table in plan.tables.iter().filter(|t| t.has_id()) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))",
                table.name
            );
            crate::store::count_query();
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut **t)
                .await?;
        }
    }
    Ok(())
}

/// The database's size in bytes.
pub async fn database_size(db: &Db) -> AppResult<i64> {
    const SQLITE: &str =
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
    const POSTGRES: &str = "SELECT pg_database_size(current_database())";
    Ok(match db {
        Db::Sqlite(p) => sqlx::query_scalar(SQLITE).fetch_one(&p.read).await?,
        Db::Postgres(p) => sqlx::query_scalar(POSTGRES).fetch_one(p).await?,
    })
}

/// Rows of one copied table that reference a row of another instansi, for every foreign
/// key of the plan: the copy must never point back into its source.
pub async fn foreign_rows(
    db: &Db,
    plan: &Plan,
    rows: &[(String, String, Option<String>)],
) -> AppResult<Vec<(String, String, i64)>> {
    let mut out = Vec::new();
    for table in &plan.tables {
        for (t, c, r) in rows.iter().filter(|(t, _, _)| *t == table.name) {
            let Some(r) = r else { continue };
            if !plan.tables.iter().any(|p| &p.name == r) {
                continue;
            }
            // One probe of the referenced row's key per row: a join left SQLite free to
            // scan the referencing table once per referenced row.
            let sql = format!(
                "SELECT COUNT(*) FROM {t} s WHERE s.{c} IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM {r} p WHERE p.id = s.{c} AND p.instansi_id = s.instansi_id)"
            );
            let n: i64 = on_db!(db, |conn| sqlx::query_scalar(sqlx::AssertSqlSafe(
                sql.clone()
            ))
            .fetch_one(conn)
            .await)?;
            if n > 0 {
                out.push((t.clone(), c.clone(), n));
            }
        }
    }
    Ok(out)
}
