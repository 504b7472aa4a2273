//! The audit trail: an append-only log of every change, written in the same transaction as
//! the change. Each event carries a keyed hash (HMAC-SHA256) over its content and the hash
//! of the event before it, per instansi. Editing, deleting or reordering history breaks the
//! chain at that point, and `kinerja audit verify` names the first broken link.

pub use crate::auth::AuditKey;
use crate::error::{AppError, AppResult};
pub use crate::store::audit::EventRow;
use crate::store::audit::{self as sql, GENESIS};
use crate::store::{Db, Tx, now_micros};
use serde_json::Value;

/// Who made a change: a signed-in user, or a named system actor (CLI, demo loader).
#[derive(Debug, Clone)]
pub struct Who {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Who {
    pub fn system(name: &str) -> Who {
        Who {
            user_id: None,
            name: name.to_string(),
        }
    }
}

/// A change to record.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: Option<i64>,
    /// The employee whose history this belongs to, when there is one.
    pub subject_employee_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The keyed hash of one event, over every field and the hash of the event before it.
pub fn event_hash(key: &AuditKey, e: &EventRow) -> String {
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    key.hash_fields(&[
        &e.prev_hash,
        &e.instansi_id.to_string(),
        &e.seq.to_string(),
        &e.at.to_string(),
        &opt(e.actor_user_id),
        &e.actor_name,
        &e.action,
        &e.object_type,
        &opt(e.object_id),
        &opt(e.subject_employee_id),
        e.before_json.as_deref().unwrap_or("\u{0}"),
        e.after_json.as_deref().unwrap_or("\u{0}"),
    ])
}

/// Records one change inside the caller's transaction.
pub async fn record(
    tx: &mut Tx,
    key: &AuditKey,
    instansi_id: i64,
    who: &Who,
    change: Change,
) -> AppResult<()> {
    record_all(tx, key, instansi_id, who, vec![change]).await
}

/// Records many changes with one chain update (imports write thousands).
pub async fn record_all(
    tx: &mut Tx,
    key: &AuditKey,
    instansi_id: i64,
    who: &Who,
    changes: Vec<Change>,
) -> AppResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let (mut seq, mut prev) = sql::reserve(tx, instansi_id, changes.len() as i64).await?;
    let at = now_micros();
    let to_text = |v: Option<Value>| v.map(|v| v.to_string());
    let mut rows = Vec::with_capacity(changes.len());
    for c in changes {
        seq += 1;
        let mut row = EventRow {
            id: 0,
            instansi_id,
            seq,
            at,
            actor_user_id: who.user_id,
            actor_name: who.name.clone(),
            action: c.action.to_string(),
            object_type: c.object_type.to_string(),
            object_id: c.object_id,
            subject_employee_id: c.subject_employee_id,
            before_json: to_text(c.before),
            after_json: to_text(c.after),
            prev_hash: prev,
            hash: String::new(),
        };
        row.hash = event_hash(key, &row);
        prev = row.hash.clone();
        rows.push(row);
    }
    sql::insert_events(tx, &rows).await?;
    sql::set_head(
        tx,
        instansi_id,
        &prev,
        &key.sign_head(instansi_id, seq, &prev),
    )
    .await
}

/// Creates the empty, signed chain of a new instansi.
pub async fn create_chain(tx: &mut Tx, key: &AuditKey, instansi_id: i64) -> AppResult<()> {
    sql::create_head(tx, instansi_id, &key.sign_head(instansi_id, 0, GENESIS)).await
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub instansi_id: i64,
    /// Sequence number where the break was found.
    pub seq: i64,
    pub event_id: Option<i64>,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakReason {
    /// The event's content no longer matches its hash: it was edited.
    HashMismatch,
    /// The event does not point at the one before it: something was removed or reordered.
    PrevMismatch,
    /// A sequence number is missing: an event was deleted.
    Missing,
    /// The chain ends before (or after) the recorded head: the newest events were removed.
    HeadMismatch,
    /// The head's signature is not the key's: it was moved by someone without the key.
    HeadSignature,
    /// An instansi has events (or exists) but no head: its chain was hidden.
    HeadMissing,
    /// An event kept in a checkpoint is gone: history up to the checkpoint was cut.
    CheckpointMissing,
    /// An event kept in a checkpoint has another hash now: history was rewritten.
    CheckpointMismatch,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.reason {
            BreakReason::HashMismatch => "isi peristiwa tidak cocok dengan hash-nya (diubah)",
            BreakReason::PrevMismatch => "tautan ke peristiwa sebelumnya putus",
            BreakReason::Missing => "peristiwa hilang (dihapus)",
            BreakReason::HeadMismatch => "ujung rantai tidak cocok (peristiwa terbaru dihapus)",
            BreakReason::HeadSignature => "tanda tangan ujung rantai tidak sah (ujung dipindah)",
            BreakReason::HeadMissing => "ujung rantai tidak ada (rantai disembunyikan)",
            BreakReason::CheckpointMissing => {
                "peristiwa yang tercatat di titik periksa tidak ada (riwayat dipotong)"
            }
            BreakReason::CheckpointMismatch => {
                "peristiwa berbeda dari titik periksa (riwayat ditulis ulang)"
            }
        };
        write!(f, "instansi {} peristiwa #{}", self.instansi_id, self.seq)?;
        if let Some(id) = self.event_id {
            write!(f, " (id {id})")?;
        }
        write!(f, ": {what}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub events_checked: u64,
    pub broken: Option<BrokenLink>,
}

/// Walks one chain in order, in batches. Returns the events checked and the first break.
async fn verify_chain(
    db: &Db,
    key: &AuditKey,
    head: &sql::HeadRow,
) -> AppResult<(u64, Option<BrokenLink>)> {
    let instansi_id = head.instansi_id;
    let mut checked = 0u64;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    loop {
        let batch = sql::events_after(db, instansi_id, expected_seq - 1, 2000).await?;
        if batch.is_empty() {
            break;
        }
        for e in batch {
            let broken = |reason| BrokenLink {
                instansi_id,
                seq: expected_seq,
                event_id: Some(e.id),
                reason,
            };
            if e.seq != expected_seq {
                return Ok((
                    checked,
                    Some(BrokenLink {
                        event_id: None,
                        ..broken(BreakReason::Missing)
                    }),
                ));
            }
            if e.prev_hash != prev {
                return Ok((checked, Some(broken(BreakReason::PrevMismatch))));
            }
            if event_hash(key, &e) != e.hash {
                return Ok((checked, Some(broken(BreakReason::HashMismatch))));
            }
            checked += 1;
            prev = e.hash;
            expected_seq += 1;
        }
    }
    if expected_seq - 1 != head.seq || prev != head.hash {
        return Ok((
            checked,
            Some(BrokenLink {
                instansi_id,
                seq: expected_seq,
                event_id: None,
                reason: BreakReason::HeadMismatch,
            }),
        ));
    }
    Ok((checked, None))
}

/// Checks every chain: a signed head for every instansi that exists or has events, and
/// every event in order up to that head. Stops at the first broken link.
pub async fn verify(db: &Db, key: &AuditKey) -> AppResult<VerifyReport> {
    let heads = sql::heads_signed(db).await?;
    let mut checked = 0u64;
    let report = |checked, broken| {
        Ok(VerifyReport {
            events_checked: checked,
            broken,
        })
    };
    for id in sql::chained_instansi(db).await? {
        if !heads.iter().any(|h| h.instansi_id == id) {
            return report(
                0,
                Some(BrokenLink {
                    instansi_id: id,
                    seq: 0,
                    event_id: None,
                    reason: BreakReason::HeadMissing,
                }),
            );
        }
    }
    for h in &heads {
        if !crate::auth::same_secret(&h.signature, &key.sign_head(h.instansi_id, h.seq, &h.hash)) {
            return report(
                checked,
                Some(BrokenLink {
                    instansi_id: h.instansi_id,
                    seq: h.seq,
                    event_id: None,
                    reason: BreakReason::HeadSignature,
                }),
            );
        }
        let (n, broken) = verify_chain(db, key, h).await?;
        checked += n;
        if broken.is_some() {
            return report(checked, broken);
        }
    }
    report(checked, None)
}

/// Refuses a key other than the one that signs this database's chains. The first start
/// records the key's fingerprint; a database from before that is accepted when one of its
/// signed heads verifies with the key (or none is signed yet).
pub async fn check_key(db: &Db, key: &AuditKey, configured: bool) -> AppResult<()> {
    let fingerprint = key.fingerprint();
    let refuse = || {
        let hint = if configured {
            "KINERJA_AUDIT_KEY tidak cocok"
        } else {
            "server ini membuat kuncinya sendiri di direktori datanya"
        };
        Err(AppError::Config(format!(
            "kunci audit salah: rantai audit di basis data ini ditandatangani dengan kunci lain \
             ({hint}); jalankan setiap server dengan KINERJA_AUDIT_KEY yang sama \
             (docs/operations.md)"
        )))
    };
    if sql::key_fingerprint(db).await?.is_none() {
        let heads = sql::heads_signed(db).await?;
        let mut signed = heads.iter().filter(|h| !h.signature.is_empty()).peekable();
        let any_signed = signed.peek().is_some();
        if any_signed
            && !signed.any(|h| {
                crate::auth::same_secret(
                    &h.signature,
                    &key.sign_head(h.instansi_id, h.seq, &h.hash),
                )
            })
        {
            return refuse();
        }
        let mut tx = db.begin().await?;
        sql::key_fingerprint_record(&mut tx, &fingerprint).await?;
        tx.commit().await?;
    }
    match sql::key_fingerprint(db).await? {
        Some(stored) if crate::auth::same_secret(&stored, &fingerprint) => Ok(()),
        _ => refuse(),
    }
}

/// Signs heads left unsigned by versions before heads were signed, once their chain has
/// verified. A head whose chain is broken stays unsigned, and `verify` says so.
pub async fn sign_unsigned_heads(db: &Db, key: &AuditKey) -> AppResult<u64> {
    let mut signed = 0;
    for h in sql::heads_signed(db).await? {
        if !h.signature.is_empty() {
            continue;
        }
        if verify_chain(db, key, &h).await?.1.is_none() {
            let mut tx = db.begin().await?;
            sql::sign_head(
                &mut tx,
                h.instansi_id,
                h.seq,
                &key.sign_head(h.instansi_id, h.seq, &h.hash),
            )
            .await?;
            tx.commit().await?;
            signed += 1;
        }
    }
    Ok(signed)
}

/// The head of one chain, to be kept outside the database (an operator's log, a signed
/// letter). Whoever holds it can later prove that nothing up to it was removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub instansi_id: i64,
    pub seq: i64,
    pub hash: String,
    /// When the event at `seq` was written (microseconds since the epoch).
    pub at: i64,
}

const CHECKPOINT_TAG: &str = "kinerja-audit-checkpoint";

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = chrono::DateTime::from_timestamp_micros(self.at)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default();
        write!(
            f,
            "{CHECKPOINT_TAG} instansi={} seq={} hash={} at={at}",
            self.instansi_id, self.seq, self.hash
        )
    }
}

/// Reads checkpoints as printed by `kinerja audit checkpoint` (other lines, such as
/// comments added by the operator, are skipped). A damaged checkpoint line is an error
/// with its line number.
pub fn parse_checkpoints(text: &str) -> Result<Vec<Checkpoint>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix(CHECKPOINT_TAG) else {
            continue;
        };
        let mut fields = std::collections::HashMap::new();
        for part in rest.split_whitespace() {
            if let Some((k, v)) = part.split_once('=') {
                fields.insert(k, v);
            }
        }
        let bad = || format!("baris {}: titik periksa tidak utuh", n + 1);
        let num = |k: &str| fields.get(k).and_then(|v| v.parse::<i64>().ok());
        let hash = fields.get("hash").copied().unwrap_or_default();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        out.push(Checkpoint {
            instansi_id: num("instansi").ok_or_else(bad)?,
            seq: num("seq").filter(|s| *s >= 0).ok_or_else(bad)?,
            hash: hash.to_string(),
            at: fields
                .get("at")
                .and_then(|v| chrono::DateTime::parse_from_rfc3339(v).ok())
                .map(|t| t.timestamp_micros())
                .unwrap_or(0),
        });
    }
    if out.is_empty() {
        return Err("berkas tidak memuat titik periksa".into());
    }
    Ok(out)
}

/// The current head of every chain, after checking that the chains hold.
pub async fn checkpoint(db: &Db, key: &AuditKey) -> AppResult<Result<Vec<Checkpoint>, BrokenLink>> {
    let report = verify(db, key).await?;
    if let Some(b) = report.broken {
        return Ok(Err(b));
    }
    let mut out = Vec::new();
    for h in sql::heads_signed(db).await? {
        let at = match sql::event_at(db, h.instansi_id, h.seq).await? {
            Some(e) => e.at,
            None => 0,
        };
        out.push(Checkpoint {
            instansi_id: h.instansi_id,
            seq: h.seq,
            hash: h.hash,
            at,
        });
    }
    Ok(Ok(out))
}

/// [`verify`], and then that every checkpoint's event is still there with the same hash:
/// since the chain holds, nothing up to any checkpoint was removed or changed.
pub async fn verify_against(
    db: &Db,
    key: &AuditKey,
    checkpoints: &[Checkpoint],
) -> AppResult<VerifyReport> {
    let mut report = verify(db, key).await?;
    if report.broken.is_some() {
        return Ok(report);
    }
    for c in checkpoints {
        let found = if c.seq == 0 {
            Some(GENESIS.to_string())
        } else {
            sql::event_at(db, c.instansi_id, c.seq)
                .await?
                .map(|e| e.hash)
        };
        let reason = match found {
            None => Some(BreakReason::CheckpointMissing),
            Some(h) if h != c.hash => Some(BreakReason::CheckpointMismatch),
            Some(_) => None,
        };
        if let Some(reason) = reason {
            report.broken = Some(BrokenLink {
                instansi_id: c.instansi_id,
                seq: c.seq,
                event_id: None,
                reason,
            });
            return Ok(report);
        }
    }
    Ok(report)
}

/// Top-level fields that differ between two JSON snapshots, as text.
pub fn diff(before: Option<&str>, after: Option<&str>) -> Vec<(String, String, String)> {
    let show = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    diff_values(before, after)
        .into_iter()
        .map(|(k, b, a)| (k, show(&b), show(&a)))
        .collect()
}

/// Top-level fields that differ between two JSON snapshots, with their values (Null where
/// a side lacks the field): what the history page puts in words.
pub fn diff_values(before: Option<&str>, after: Option<&str>) -> Vec<(String, Value, Value)> {
    let parse = |s: Option<&str>| -> serde_json::Map<String, Value> {
        s.and_then(|s| serde_json::from_str::<Value>(s).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let (b, a) = (parse(before), parse(after));
    let empty = |v: &Value| v.is_null() || v.as_str() == Some("");
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|k| {
            let get = |m: &serde_json::Map<String, Value>| m.get(k).cloned().unwrap_or(Value::Null);
            (k.clone(), get(&b), get(&a))
        })
        // A field absent on one side and empty on the other did not change for a reader.
        .filter(|(_, before, after)| before != after && !(empty(before) && empty(after)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reading the history

/// Whose history a page asks for.
pub enum HistoryOf<'a> {
    Employee(i64),
    /// An employee named by NIP as typed (spaces allowed).
    Nip(&'a str),
    Object(&'a str, i64),
    Everything,
}

/// The kinds a reader filters the history by, each a group of object types.
pub const KINDS: &[(&str, &[&str])] = &[
    ("skp", &["skp"]),
    ("penilaian", &["evaluasi", "evaluation"]),
    ("progres", &["progres"]),
    ("pegawai", &["employee", "user", "acting", "pending_change"]),
    (
        "organisasi",
        &[
            "unit",
            "instansi",
            "period",
            "year",
            "referensi",
            "tpp_aturan",
        ],
    ),
    (
        "pengembangan",
        &["katalog_pengembangan", "rencana_pengembangan"],
    ),
    ("impor", &["import"]),
];

/// A kind's object types (none for an unknown code: no filter).
pub fn kind_types(code: &str) -> &'static [&'static str] {
    KINDS
        .iter()
        .find(|(k, _)| *k == code)
        .map(|(_, t)| *t)
        .unwrap_or(&[])
}

/// Narrowing of a history page: a kind (see [`KINDS`]) and a window of days, both
/// optional. Days are office days (WIB).
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    pub kind: Option<&'static [&'static str]>,
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
}

/// A page of history, newest first, with the employee it is about (if any).
pub struct History {
    pub employee: Option<crate::store::org::EmployeeRow>,
    pub events: Vec<EventRow>,
}

/// Microseconds at the start of an office day (WIB, UTC+7).
fn day_start(d: chrono::NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(crate::app::wib()).single())
        .map(|t| t.timestamp_micros())
        .unwrap_or(i64::MIN)
}

/// An employee's history is for whoever may audit that employee; object histories and
/// the whole instansi are for its admins.
pub async fn history(
    app: &crate::app::App,
    user: &crate::services::accounts::CurrentUser,
    of: HistoryOf<'_>,
    narrow: &Narrowing,
    before_seq: Option<i64>,
    limit: i64,
) -> AppResult<History> {
    use crate::error::AppError;
    let instansi = user.instansi_id();
    let mut filter = sql::HistoryFilter {
        object_types: narrow.kind.unwrap_or(&[]),
        from: narrow.from.map(day_start),
        until: narrow.until.and_then(|d| d.succ_opt()).map(day_start),
        ..Default::default()
    };
    let of = match of {
        HistoryOf::Nip(raw) => {
            let nip = kinerja_domain::Nip::normalize(raw);
            match crate::store::org::employee_by_nip(&app.db, instansi, &nip).await? {
                Some(e) => HistoryOf::Employee(e.id),
                None => return Err(AppError::invalid("nip", "audit-nip-unknown")),
            }
        }
        other => other,
    };
    let employee = match of {
        HistoryOf::Nip(_) => unreachable!("resolved above"),
        HistoryOf::Employee(id) => {
            let e = crate::store::org::employee_get(&app.db, instansi, id).await?;
            let path = e.unit_path();
            if !user
                .actor
                .can_view_audit_of(&kinerja_domain::access::Subject {
                    instansi_id: instansi,
                    employee_id: e.id,
                    unit_path: &path,
                })
            {
                return Err(AppError::Forbidden);
            }
            filter.subject_employee_id = Some(id);
            Some(e)
        }
        HistoryOf::Object(kind, id) => {
            if !user.actor.can_admin_instansi(instansi) {
                return Err(AppError::Forbidden);
            }
            filter.object = Some((kind, id));
            None
        }
        HistoryOf::Everything => {
            if !user.actor.can_admin_instansi(instansi) {
                return Err(AppError::Forbidden);
            }
            None
        }
    };
    let events = sql::history(&app.db, instansi, &filter, before_seq, limit).await?;
    Ok(History { employee, events })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(seq: i64, prev: &str) -> EventRow {
        EventRow {
            id: seq,
            instansi_id: 1,
            seq,
            at: 5,
            actor_user_id: Some(2),
            actor_name: "admin".into(),
            action: "employee.update".into(),
            object_type: "employee".into(),
            object_id: Some(9),
            subject_employee_id: Some(9),
            before_json: Some("{\"a\":1}".into()),
            after_json: Some("{\"a\":2}".into()),
            prev_hash: prev.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn any_field_change_changes_the_hash() {
        let key = AuditKey::new(b"0123456789abcdef");
        let base = ev(1, GENESIS);
        let h = event_hash(&key, &base);
        let mut variants = Vec::new();
        let mut e = base.clone();
        e.actor_name = "admim".into();
        variants.push(e);
        let mut e = base.clone();
        e.after_json = Some("{\"a\":3}".into());
        variants.push(e);
        let mut e = base.clone();
        e.before_json = None;
        variants.push(e);
        let mut e = base.clone();
        e.object_id = None;
        variants.push(e);
        let mut e = base.clone();
        e.at = 6;
        variants.push(e);
        let mut e = base.clone();
        e.prev_hash = "1".repeat(64);
        variants.push(e);
        for v in variants {
            assert_ne!(event_hash(&key, &v), h, "{v:?}");
        }
        // A different key gives a different hash: without the key, history cannot be forged.
        assert_ne!(event_hash(&AuditKey::new(b"fedcba9876543210"), &base), h);
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let d = diff(
            Some(r#"{"nama":"A","golongan":"III/a"}"#),
            Some(r#"{"nama":"A","golongan":"III/b"}"#),
        );
        assert_eq!(d, vec![("golongan".into(), "III/a".into(), "III/b".into())]);
        let created = diff(None, Some(r#"{"nama":"A"}"#));
        assert_eq!(created, vec![("nama".into(), "".into(), "A".into())]);
    }

    proptest::proptest! {
        #[test]
        fn any_checkpoint_file_is_read_or_refused(
            s in "\\PC*",
            t in "kinerja-audit-checkpoint( [a-z]{1,8}=[0-9a-fx:TZ-]{0,70}){0,5}\n?",
        ) {
            for x in [&s, &t] {
                if let Ok(list) = parse_checkpoints(x) {
                    proptest::prop_assert!(!list.is_empty());
                    proptest::prop_assert!(list.iter().all(|c| c.hash.len() == 64 && c.seq >= 0));
                }
            }
        }
    }

    #[test]
    fn checkpoints_round_trip_and_damage_is_named() {
        let c = Checkpoint {
            instansi_id: 3,
            seq: 1200,
            hash: "ab".repeat(32),
            at: 1_764_612_000_000_000,
        };
        let text = format!("# kept by the operator\n{c}\n");
        assert_eq!(parse_checkpoints(&text).unwrap(), vec![c.clone()]);
        let cut = text.replace(&"ab".repeat(32), "abc");
        assert!(parse_checkpoints(&cut).unwrap_err().contains("baris 2"));
        assert!(parse_checkpoints("nothing here").is_err());
        let key = AuditKey::new(&[7u8; 32]);
        assert_ne!(key.sign_head(1, 5, &c.hash), key.sign_head(1, 4, &c.hash));
        assert_ne!(key.sign_head(1, 5, &c.hash), key.sign_head(2, 5, &c.hash));
    }
}
