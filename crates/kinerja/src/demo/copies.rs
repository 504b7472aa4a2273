//! National size (`kinerja demo --instansi N`): the demo regency, then N − 1 copies of it,
//! each a regency of the same shape with its own kode, accounts and NIPs. A copy is made
//! inside the database, one `INSERT … SELECT` per table (see `store::copy`), so a hundred
//! regencies take minutes where building each through the services would take hours.
//!
//! What a copy is not: its audit chain starts afresh with one event naming the source (the
//! source's history is the source's), and it has no sessions, notifications or queued mail.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change, Who};
use crate::store::copy::{self, Plan, REWRITTEN, Rewrite};
use crate::store::org;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// The kode of the `k`-th copy (from 1): 90.01 … 90.99, 91.01, …
pub fn copy_kode(k: usize) -> String {
    format!("{}.{:02}", 90 + (k - 1) / 99, (k - 1) % 99 + 1)
}

/// A NIP for the `k`-th copy of `nip`: the same birth date, TMT and sex, and the first
/// sequence number from `nip`'s own plus `k` that no NIP in `used` has. `None` when all 999
/// are taken, or `nip` is not 18 digits.
pub fn distinct_nip(nip: &str, k: usize, used: &mut HashSet<String>) -> Option<String> {
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (prefix, seq) = nip.split_at(15);
    let seq: usize = seq.parse().ok()?;
    (0..999).find_map(|step| {
        let s = (seq.max(1) - 1 + k + step) % 999 + 1;
        let candidate = format!("{prefix}{s:03}");
        used.insert(candidate.clone()).then_some(candidate)
    })
}

/// `text` with its ids moved by `offset` and its NIPs replaced from `nips`.
pub fn rewrite(how: Rewrite, text: &str, offset: i64, nips: &HashMap<String, String>) -> String {
    match how {
        Rewrite::Path => text
            .split('/')
            .map(|seg| match moved(seg, offset) {
                Some(id) => id.to_string(),
                None => seg.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/"),
        Rewrite::Json | Rewrite::JsonKeys => match serde_json::from_str::<Value>(text) {
            Ok(mut v) => {
                if how == Rewrite::Json {
                    move_ids(&mut v, offset, nips);
                } else if let Value::Object(m) = &mut v {
                    *m = std::mem::take(m)
                        .into_iter()
                        .map(|(k, x)| match moved(&k, offset) {
                            Some(id) => (id.to_string(), x),
                            None => (k, x),
                        })
                        .collect();
                }
                v.to_string()
            }
            Err(_) => text.to_string(),
        },
    }
}

/// `text` as an id moved by `offset`; `None` when it is not an id, or moving it would
/// overflow (such text was never one of our ids, and is kept as it is).
fn moved(text: &str, offset: i64) -> Option<i64> {
    text.parse::<i64>().ok()?.checked_add(offset)
}

fn move_ids(v: &mut Value, offset: i64, nips: &HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match x {
                    Value::Number(n) if k == "id" || k.ends_with("_id") => {
                        if let Some(id) = n.as_i64().and_then(|id| id.checked_add(offset)) {
                            *x = json!(id);
                        }
                    }
                    Value::String(s) if k == "nip" => {
                        if let Some(new) = nips.get(s.as_str()) {
                            *s = new.clone();
                        }
                    }
                    _ => move_ids(x, offset, nips),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| move_ids(x, offset, nips)),
        _ => {}
    }
}

/// What one copy made.
pub struct CopySummary {
    pub instansi_id: i64,
    pub kode: String,
    pub rows: u64,
}

/// Makes the `k`-th copy of instansi `from`. `used` holds every NIP in the database and
/// gains the copy's.
pub async fn copy(
    app: &App,
    plan: &Plan,
    from: i64,
    k: usize,
    used: &mut HashSet<String>,
) -> AppResult<CopySummary> {
    let kode = copy_kode(k);
    let source = org::instansi_get(&app.db, from).await?;
    if org::instansi_list(&app.db)
        .await?
        .iter()
        .any(|i| i.kode == kode)
    {
        return Err(AppError::Conflict("instansi-exists"));
    }
    // Everything read from the pool is read before the transaction: a pooled read while
    // holding SQLite's one write connection could starve.
    let mut nips = HashMap::new();
    for nip in copy::nips_of(&app.db, from).await? {
        let new = distinct_nip(&nip, k, used).ok_or_else(|| {
            AppError::Internal(format!("salinan {kode}: tidak ada NIP bebas untuk {nip}"))
        })?;
        nips.insert(nip, new);
    }
    let mut texts = Vec::new();
    for (t, c, how) in REWRITTEN {
        texts.push((*t, *c, *how, copy::texts(&app.db, t, c, from).await?));
    }

    let mut tx = app.db.begin().await?;
    let offset = copy::max_id(&mut tx, plan).await?;
    let nama = format!("Pemerintah Kabupaten Contoh {kode}");
    let to = org::instansi_create(&mut tx, &kode, &nama, "Contoh").await?;
    audit::create_chain(&mut tx, &app.audit_key, to).await?;
    copy::begin_copy(&mut tx).await?;
    let pairs: Vec<(String, String)> = nips.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
    copy::put_nips(&mut tx, &pairs).await?;
    for (t, c, how, rows) in texts {
        let moved: Vec<(i64, String)> = rows
            .into_iter()
            .map(|(id, text)| (id, rewrite(how, &text, offset, &nips)))
            .collect();
        copy::put_texts(&mut tx, &format!("{t}.{c}"), &moved).await?;
    }
    let suffix = format!(".{kode}");
    let mut rows = 0;
    for table in &plan.tables {
        rows += copy::copy_table(&mut tx, table, from, to, offset, &suffix).await?;
    }
    copy::end_copy(&mut tx, plan).await?;
    // The employees' rows of `progres_orang` came with them (a trigger); their latest days
    // are read from the copied entries.
    crate::store::progres::rebuild_last_days(&mut tx, to).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        to,
        &Who::system("demo"),
        Change {
            action: "demo.copy",
            object_type: "instansi",
            object_id: Some(to),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"dari": source.kode, "baris": rows})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CopySummary {
        instansi_id: to,
        kode,
        rows,
    })
}

/// The demo regency's `n - 1` copies (the regency itself must be loaded), with `progress`
/// told of each; ends with fresh planner statistics.
pub async fn copies(
    app: &App,
    from: i64,
    n: usize,
    mut progress: impl FnMut(&CopySummary),
) -> AppResult<Vec<CopySummary>> {
    let plan = copy::plan(&app.db).await?;
    let mut used: HashSet<String> = copy::all_nips(&app.db).await?.into_iter().collect();
    let mut out = Vec::new();
    for k in 1..n {
        let s = copy(app, &plan, from, k, &mut used).await?;
        progress(&s);
        out.push(s);
    }
    app.db.analyze(&[]).await?;
    Ok(out)
}
