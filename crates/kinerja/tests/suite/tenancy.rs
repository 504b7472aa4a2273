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
/// token, a reset link, a sign-in counter), serve every instansi alike (the outbox, the
/// daily job lease, the audit key check, the list of instansi) or read the schema.
const GLOBAL: &[(&str, &str)] = &[
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
    ("mail.rs", "SELECT r.user_id FROM password_resets"),
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
];

/// Statements still finding rows by an id whose instansi the service checked first. Each
/// one is a partition scan once tables are distributed; this list only shrinks (a new
/// statement must name its instansi), and partitioning waits until it is empty
/// (docs/operations.md).
const BY_CHECKED_ID: &[(&str, &str)] = &[
    ("mail.rs", "SELECT u.email_mode"),
    ("mail.rs", "UPDATE notifications SET mailed_at"),
    ("mail.rs", "UPDATE users SET email_mode"),
    ("masukan.rs", "SELECT masukan_closed_at FROM evaluations"),
    ("masukan.rs", "SELECT nilai, komentar FROM masukan_answers"),
    (
        "masukan.rs",
        "SELECT nilai, rating, COUNT(*) FROM masukan_answers",
    ),
    (
        "masukan.rs",
        "SELECT r.id, r.evaluation_id, r.responder_employee_id",
    ),
    ("masukan.rs", "UPDATE evaluations SET masukan_closed_at"),
    ("masukan.rs", "UPDATE masukan_requests SET answered_at"),
    ("notifications.rs", "SELECT COUNT(*) FROM notifications"),
    ("notifications.rs", "SELECT id, kind, params_json"),
    ("notifications.rs", "UPDATE notifications SET read_at"),
    ("org/employees.rs", "UPDATE employees SET nip"),
    (
        "org/positions.rs",
        "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions",
    ),
    ("org/positions.rs", "UPDATE positions SET jenis"),
    ("org/snapshots.rs", "WITH RECURSIVE anc(id, parent_id)"),
    (
        "org/snapshots.rs",
        "SELECT id, unit_id, nama, jenis, jenjang, is_head FROM positions",
    ),
    ("org/snapshots.rs", "SELECT u.id, u.path FROM employees"),
    (
        "org/snapshots.rs",
        "UPDATE employees SET penilai_override_id",
    ),
    ("org/units.rs", "UPDATE units SET path"),
    ("org/units.rs", "UPDATE units SET nama"),
    (
        "penilaian/bukti.rs",
        "SELECT id, evaluation_id, indikator_id",
    ),
    (
        "penilaian/bukti.rs",
        "SELECT y.tahun, v.predikat FROM evaluations",
    ),
    ("penilaian/bukti.rs", "UPDATE evidence_files SET removed_at"),
    ("penilaian/bulk.rs", "SELECT k.id, k.employee_id, r.id"),
    (
        "penilaian/keberatan.rs",
        "UPDATE keberatan SET penjelasan_pegawai",
    ),
    (
        "penilaian/keberatan.rs",
        "UPDATE keberatan SET penjelasan_penilai",
    ),
    ("penilaian/keberatan.rs", "SELECT alasan, result_json"),
    (
        "penilaian/keberatan.rs",
        "SELECT content_json FROM skp_submissions",
    ),
    ("penilaian/keberatan.rs", "SELECT id, evaluation_id, alasan"),
    ("penilaian/keberatan.rs", "UPDATE keberatan SET keputusan"),
    ("penilaian/lists.rs", "UPDATE unit_periods SET finalised_at"),
    (
        "penilaian/mod.rs",
        "SELECT id FROM evaluations WHERE skp_id",
    ),
    ("penilaian/mod.rs", "UPDATE evaluations SET finalised_at"),
    ("penilaian/mod.rs", "UPDATE evaluations SET rating_hasil"),
    (
        "penilaian/mod.rs",
        "UPDATE evaluations SET self_submitted_at",
    ),
    ("penilaian/mod.rs", "UPDATE evaluations SET status"),
    ("penilaian/rating.rs", "SELECT indikator_id, nilai, teks"),
    (
        "penilaian/rating.rs",
        "SELECT subjek, subjek_id, self_rating",
    ),
    ("periode.rs", "SELECT id, year_id, kode"),
    (
        "periode.rs",
        "UPDATE evaluation_years SET batas_perencanaan",
    ),
    ("periode.rs", "UPDATE periods SET mulai"),
    ("progres/aturan.rs", "SELECT status FROM evaluations"),
    ("progres/bulk.rs", "SELECT k.id AS skp_id"),
    ("progres/bulk.rs", "SELECT r.id, k.employee_id, r.satuan"),
    (
        "progres/rencana_aksi.rs",
        "UPDATE rencana_aksi_turunan SET adopted_id",
    ),
    ("skp/bulk.rs", "UPDATE skps SET status"),
    ("skp/cascade.rs", "SELECT c.id, c.from_rhk_id"),
    ("skp/cascade.rs", "UPDATE skp_cascades SET adopted_rhk_id"),
    ("skp/mod.rs", "UPDATE skps SET closed"),
    ("skp/mod.rs", "UPDATE skps SET pendekatan"),
    ("skp/mod.rs", "UPDATE skps SET submitted_at"),
    ("skp/mod.rs", "UPDATE skps SET version"),
    ("skp/page.rs", "SELECT CAST(0 AS BIGINT) AS part, bagian"),
    ("skp/page.rs", "SELECT CAST(0 AS BIGINT) AS part, p.id"),
    ("skp/page.rs", "SELECT r.id, r.skp_id, r.jenis"),
    ("skp/rows.rs", "DELETE FROM skp_lampiran"),
    ("skp/rows.rs", "SELECT r.id, r.skp_id, r.jenis"),
    ("skp/rows.rs", "SELECT i.id, i.rhk_id, i.urutan"),
    ("skp/rows.rs", "UPDATE skp_indikator SET aktif"),
    ("skp/rows.rs", "UPDATE skp_indikator SET aspek"),
    ("skp/rows.rs", "UPDATE skp_rhk SET aktif"),
    ("skp/rows.rs", "UPDATE skp_rhk SET jenis"),
    ("skp/submissions.rs", "SELECT id, skp_id, revisi"),
    ("skp/submissions.rs", "UPDATE skp_submissions SET decision"),
    ("umpan_balik.rs", "SELECT id, subjek, subjek_id"),
    ("umpan_balik.rs", "SELECT id, tanggal, jenis, topik"),
    (
        "umpan_balik.rs",
        "UPDATE dialog_kinerja SET tanggapan_pegawai",
    ),
    ("users.rs", "DELETE FROM sessions WHERE user_id"),
    ("users.rs", "SELECT substr(token_hash, 1, 16)"),
    ("users.rs", "SELECT 'role' AS kind"),
    ("users.rs", "UPDATE users SET password_hash"),
    ("users.rs", "UPDATE users SET username"),
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
        let text = text.trim_start();
        GLOBAL
            .iter()
            .chain(BY_CHECKED_ID)
            .any(|(f, prefix)| *f == file && text.starts_with(prefix))
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
        if text.contains("instansi_id") {
            continue;
        }
        if allowed(file, &text) {
            for (f, prefix) in GLOBAL.iter().chain(BY_CHECKED_ID) {
                if f == file && text.trim_start().starts_with(prefix) {
                    used.insert((*f, *prefix));
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
        .chain(BY_CHECKED_ID)
        .filter(|e| !used.contains(&(e.0, e.1)))
        .collect();
    assert!(
        stale.is_empty(),
        "entries that no statement needs any more: {stale:?}"
    );
}
