//! Every SQL text of the store names `instansi_id`, or is on the list below with its reason.
//! Distributing the tables by instansi (declarative partitioning, or a PostgreSQL that
//! shards by `instansi_id`) needs each query to say which instansi it reads; a query that
//! finds a row by its id alone makes the database look in every partition.
//!
//! The texts are read from the source: each `const NAME: &str` of `src/store`, literal or
//! `concatcp!` of literals and other constants, resolved to its full text. Fragments (column
//! lists) are checked where a statement uses them.

use crate::architecture::{code_of, rust_files};
use std::collections::HashMap;
use std::path::Path;

/// Statements that need no instansi: they run before anyone's instansi is known (a session
/// token, a reset link, a sign-in by username, a sign-in counter), serve every instansi
/// alike (the outbox, the mailer's and the daily digest's scans, the daily job lease, the
/// audit key check and chain heads, the list of instansi), read the schema or the database's
/// size, or read every NIP so that a demo copy's are new.
/// Each entry is a file and a fragment of the statement's text.
const GLOBAL: &[(&str, &str)] = &[
    ("copy.rs", "SELECT m.name, p.name, (SELECT f."),
    ("copy.rs", "SELECT c.table_name::text"),
    ("copy.rs", "SELECT nip FROM employees WHERE nip IS NOT NULL"),
    ("copy.rs", "SELECT page_count * page_size"),
    ("copy.rs", "SELECT pg_database_size"),
    (
        "audit.rs",
        "SELECT instansi_id, seq, hash, signature FROM audit_heads",
    ),
    ("audit.rs", "SELECT id FROM instansi UNION"),
    ("audit.rs", "INSERT INTO audit_key_check"),
    ("audit.rs", "SELECT fingerprint FROM audit_key_check"),
    ("mail.rs", "UPDATE outbox SET claimed_at = NULL"),
    ("mail.rs", "UPDATE outbox SET sent_at"),
    ("mail.rs", "UPDATE outbox SET claimed_at = $2"),
    ("mail.rs", "INSERT INTO job_runs"),
    (
        "mail.rs",
        "UPDATE password_resets SET used_at = $2 WHERE user_id",
    ),
    (
        "mail.rs",
        "UPDATE password_resets SET used_at = $2 WHERE token_hash",
    ),
    ("mail.rs", "SELECT COUNT(*) FROM password_resets"),
    (
        "mail.rs",
        "SELECT r.user_id, u.instansi_id FROM password_resets",
    ),
    ("mail.rs", "FROM outbox WHERE sent_at IS NULL"),
    ("mail.rs", "WHERE u.username = $1 AND u.aktif"),
    ("mail.rs", "WHERE n.mailed_at IS NULL"),
    ("mail.rs", "SELECT u.id AS user_id, n.instansi_id, e.email"),
    ("mod.rs", "SELECT table_name::text"),
    ("mod.rs", "SELECT t.relname::text"),
    ("mod.rs", "SELECT m.name, p.name"),
    ("mod.rs", "SELECT m.tbl_name"),
    ("org/mod.rs", "INSERT INTO instansi"),
    ("org/mod.rs", "SELECT id, kode, nama, lokasi FROM instansi"),
    ("throttle.rs", "DELETE FROM login_throttle"),
    ("throttle.rs", "INSERT INTO login_throttle"),
    (
        "throttle.rs",
        "SELECT hits, window_start FROM login_throttle",
    ),
    ("users.rs", "DELETE FROM sessions WHERE expires_at"),
    ("users.rs", "DELETE FROM sessions WHERE token_hash"),
    ("users.rs", "FROM users WHERE username = $1"),
    ("users.rs", "WHERE s.token_hash = $1"),
];

/// `const NAME: &str = EXPR;` items, with EXPR up to its own semicolon (strings skipped).
fn str_consts(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("const ") {
        rest = &rest[i + 6..];
        let Some(colon) = rest.find(':') else { break };
        let name = rest[..colon].trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        {
            continue;
        }
        let after = rest[colon + 1..].trim_start();
        if !(after.starts_with("&str") || after.starts_with("&'static str")) {
            continue;
        }
        let Some(eq) = after.find('=') else { break };
        let body = &after[eq + 1..];
        let (mut in_str, mut escaped, mut end) = (false, false, None);
        for (k, c) in body.char_indices() {
            match (in_str, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_str = false,
                (false, _, '"') => in_str = true,
                (false, _, ';') => {
                    end = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        out.push((name.to_string(), body[..end].trim().to_string()));
        rest = &body[end..];
    }
    out
}

/// The parts of a `concatcp!` argument list: string literals and constant paths.
fn parts(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut cur, mut in_str, mut escaped) = (String::new(), false, false);
    for c in args.chars() {
        match (in_str, escaped, c) {
            (true, true, _) => {
                escaped = false;
                cur.push(c);
            }
            (true, false, '\\') => {
                escaped = true;
                cur.push(c);
            }
            (true, false, '"') => {
                in_str = false;
                cur.push(c);
            }
            (false, _, '"') => {
                in_str = true;
                cur.push(c);
            }
            (false, _, ',') => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A string literal's text: line continuations (`\` then the newline and the next line's
/// indentation) removed, `\"` unescaped.
fn literal(lit: &str) -> String {
    let inner = &lit[1..lit.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\n') => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

type Consts = HashMap<String, Vec<(String, String)>>;

fn resolve(expr: &str, file: &str, all: &Consts, depth: u32) -> String {
    assert!(depth < 12, "constant cycle at {expr}");
    let expr = expr.trim();
    if let Some(args) = expr
        .strip_prefix("const_format::concatcp!(")
        .or_else(|| expr.strip_prefix("concatcp!("))
    {
        let args = args.strip_suffix(')').unwrap_or(args);
        return parts(args)
            .iter()
            .map(|p| resolve(p, file, all, depth + 1))
            .collect();
    }
    if expr.starts_with('"') {
        return literal(expr);
    }
    let name = expr.rsplit("::").next().unwrap();
    let defs = all
        .get(name)
        .unwrap_or_else(|| panic!("{file}: constant {name} not found in the store"));
    let (f, e) = defs.iter().find(|(f, _)| f == file).unwrap_or(&defs[0]);
    resolve(e, f, all, depth + 1)
}

fn is_statement(text: &str) -> bool {
    let head = text.trim_start().to_ascii_uppercase();
    ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]
        .iter()
        .any(|k| head.starts_with(k))
}

/// Whether a statement restricts itself to one instansi: it compares `instansi_id` (`= $n`,
/// `IN (...)`, or equal to another row's) or inserts a row with it. Selecting the column
/// is not enough: `SELECT n.instansi_id FROM notifications n` still reads every instansi.
fn names_instansi(text: &str) -> bool {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.to_ascii_uppercase().starts_with("INSERT")
        && let Some(cols) = t.split('(').nth(1)
        && cols
            .split(')')
            .next()
            .is_some_and(|c| c.contains("instansi_id"))
    {
        return true;
    }
    t.match_indices("instansi_id").any(|(i, m)| {
        let after = t[i + m.len()..].trim_start();
        // In `= u.instansi_id` what precedes the alias is what counts.
        let before = t[..i].trim_end();
        let before = match before.strip_suffix('.') {
            Some(b) => b.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_'),
            None => before,
        }
        .trim_end();
        (after.starts_with('=') && !after.starts_with("=="))
            || after.to_ascii_uppercase().starts_with("IN ")
            || after.to_ascii_uppercase().starts_with("IN(")
            || before.ends_with('=')
    })
}

#[test]
fn selecting_the_instansi_column_does_not_name_the_instansi() {
    assert!(!names_instansi(
        "SELECT n.instansi_id, n.kind FROM notifications n WHERE n.id = $1"
    ));
    assert!(!names_instansi(
        "INSERT INTO t (a, b) SELECT a, instansi_id FROM u"
    ));
    assert!(names_instansi("SELECT x FROM t WHERE t.instansi_id = $1"));
    assert!(names_instansi(
        "SELECT x FROM t JOIN u ON u.id = t.u_id AND u.k = t.instansi_id"
    ));
    assert!(names_instansi("DELETE FROM t WHERE instansi_id IN (1, 2)"));
    assert!(names_instansi(
        "INSERT INTO t (instansi_id, a) VALUES ($1, $2)"
    ));
}

#[test]
fn every_store_query_names_its_instansi_or_says_why_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut all: Consts = HashMap::new();
    let mut items: Vec<(String, String, String)> = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = code_of(f);
        for (name, expr) in str_consts(&src) {
            all.entry(name.clone())
                .or_default()
                .push((rel.clone(), expr.clone()));
            items.push((rel.clone(), name, expr));
        }
    }
    let allowed = |file: &str, text: &str| -> bool {
        GLOBAL
            .iter()
            .any(|(f, fragment)| *f == file && text.contains(fragment))
    };
    let mut missing = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut checked = 0;
    // A constant that goes into other constants is a fragment (a column list), checked
    // inside the statements built from it; every other one is a statement.
    let fragments: std::collections::HashSet<String> = items
        .iter()
        .filter(|(_, _, expr)| expr.contains("concatcp!("))
        .flat_map(|(_, _, expr)| {
            let args = &expr[expr.find("concatcp!(").unwrap() + 10..];
            parts(args.strip_suffix(')').unwrap_or(args))
                .into_iter()
                .filter(|p| !p.starts_with('"'))
                .map(|p| p.rsplit("::").next().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for (file, name, expr) in &items {
        if fragments.contains(name) {
            continue;
        }
        let text = resolve(expr, file, &all, 0);
        if !is_statement(&text) {
            continue;
        }
        checked += 1;
        if names_instansi(&text) {
            continue;
        }
        if allowed(file, &text) {
            for (f, fragment) in GLOBAL.iter() {
                if f == file && text.contains(fragment) {
                    used.insert((*f, *fragment));
                }
            }
        } else {
            let head: String = text.chars().take(90).collect();
            missing.push(format!("{file} {name}: {head}"));
        }
    }
    assert!(
        checked > 250,
        "only {checked} statements found: is the scanner still reading the store?"
    );
    assert!(
        missing.is_empty(),
        "statements without instansi_id (filter by it, or list them with the reason):\n{}",
        missing.join("\n")
    );
    // An entry whose statement was fixed or removed leaves the list, so it cannot cover a
    // new statement that happens to start the same way.
    let stale: Vec<_> = GLOBAL
        .iter()
        .filter(|e| !used.contains(&(e.0, e.1)))
        .collect();
    assert!(
        stale.is_empty(),
        "entries that no statement needs any more: {stale:?}"
    );
}

/// A statement that finds a row by its id finds nothing when asked for the row under
/// another instansi, and a write aimed there changes nothing: the filter holds at the
/// store, not only in the services' checks before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_under_another_instansi_finds_and_changes_nothing() {
    use crate::common::*;
    use kinerja::store::{org, users};
    let (t, f) = TestApp::with_fixture().await;
    let other = t.other_instansi().await;
    let (db, mine, kabid, p1) = (&t.app.db, f.instansi_id, f.id("kabid_a"), f.id("p1"));
    let day = t.app.today();

    let user = users::user_by_employee(db, mine, p1)
        .await
        .unwrap()
        .unwrap();
    assert!(
        users::user_by_employee(db, other, p1)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        users::user_get(db, mine, user.id).await.unwrap().id,
        user.id
    );
    assert!(users::user_get(db, other, user.id).await.is_err());
    assert!(
        !org::led_units(db, mine, kabid, day)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        org::led_units(db, other, kabid, day)
            .await
            .unwrap()
            .is_empty()
    );

    // A write under the wrong instansi leaves the row as it was.
    let mut tx = db.begin().await.unwrap();
    org::employee_set_override(&mut tx, other, p1, Some(kabid))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let e = org::employee_get(db, mine, p1).await.unwrap();
    assert_eq!(e.penilai_override_id, None);
    let mut tx = db.begin().await.unwrap();
    org::employee_set_override(&mut tx, mine, p1, Some(kabid))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let e = org::employee_get(db, mine, p1).await.unwrap();
    assert_eq!(e.penilai_override_id, Some(kabid));
}
