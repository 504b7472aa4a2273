//! The audit trail: an append-only log of every change, written in the same transaction as
//! the change. Each event carries a keyed hash (HMAC-SHA256) over its content and the hash
//! of the event before it, per instansi. Editing, deleting or reordering history breaks the
//! chain at that point, and `kinerja audit verify` names the first broken link.

use crate::error::AppResult;
use crate::store::audit::{self as sql, EventRow, GENESIS};
use crate::store::{Db, Tx, now_micros};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

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

#[derive(Clone)]
pub struct AuditKey(std::sync::Arc<[u8]>);

impl AuditKey {
    pub fn new(bytes: &[u8]) -> AuditKey {
        AuditKey(bytes.into())
    }

    /// A key for another purpose derived from this one (HMAC of a label), so that a cookie
    /// signature can never be replayed as an audit hash or the other way round.
    pub fn derive(&self, label: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("any key length");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// The keyed hash of one event. Every field is length-prefixed so that moving text
    /// from one field to the next changes the hash.
    pub fn hash(&self, e: &EventRow) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("any key length");
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields: [&str; 12] = [
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
        ];
        for f in fields {
            mac.update(&(f.len() as u64).to_be_bytes());
            mac.update(f.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }
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
        row.hash = key.hash(&row);
        prev = row.hash.clone();
        rows.push(row);
    }
    sql::insert_events(tx, &rows).await?;
    sql::set_head_hash(tx, instansi_id, &prev).await
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
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.reason {
            BreakReason::HashMismatch => "isi peristiwa tidak cocok dengan hash-nya (diubah)",
            BreakReason::PrevMismatch => "tautan ke peristiwa sebelumnya putus",
            BreakReason::Missing => "peristiwa hilang (dihapus)",
            BreakReason::HeadMismatch => "ujung rantai tidak cocok (peristiwa terbaru dihapus)",
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

/// Walks every chain in order, in batches, and stops at the first broken link.
pub async fn verify(db: &Db, key: &AuditKey) -> AppResult<VerifyReport> {
    let mut checked = 0u64;
    for (instansi_id, head_seq, head_hash) in sql::heads(db).await? {
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
                    return Ok(VerifyReport {
                        events_checked: checked,
                        broken: Some(BrokenLink {
                            event_id: None,
                            ..broken(BreakReason::Missing)
                        }),
                    });
                }
                if e.prev_hash != prev {
                    return Ok(VerifyReport {
                        events_checked: checked,
                        broken: Some(broken(BreakReason::PrevMismatch)),
                    });
                }
                if key.hash(&e) != e.hash {
                    return Ok(VerifyReport {
                        events_checked: checked,
                        broken: Some(broken(BreakReason::HashMismatch)),
                    });
                }
                checked += 1;
                prev = e.hash;
                expected_seq += 1;
            }
        }
        if expected_seq - 1 != head_seq || prev != head_hash {
            return Ok(VerifyReport {
                events_checked: checked,
                broken: Some(BrokenLink {
                    instansi_id,
                    seq: expected_seq,
                    event_id: None,
                    reason: BreakReason::HeadMismatch,
                }),
            });
        }
    }
    Ok(VerifyReport {
        events_checked: checked,
        broken: None,
    })
}

/// Top-level fields that differ between two JSON snapshots: what the history page shows.
pub fn diff(before: Option<&str>, after: Option<&str>) -> Vec<(String, String, String)> {
    let parse = |s: Option<&str>| -> serde_json::Map<String, Value> {
        s.and_then(|s| serde_json::from_str::<Value>(s).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let (b, a) = (parse(before), parse(after));
    let show = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| (k.clone(), show(b.get(k)), show(a.get(k))))
        // A field absent on one side and empty on the other did not change for a reader.
        .filter(|(_, before, after)| before != after)
        .collect()
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
        let h = key.hash(&base);
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
            assert_ne!(key.hash(&v), h, "{v:?}");
        }
        // A different key gives a different hash: without the key, history cannot be forged.
        assert_ne!(AuditKey::new(b"fedcba9876543210").hash(&base), h);
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
}
