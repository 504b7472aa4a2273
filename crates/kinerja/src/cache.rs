//! In-process caches for the hottest reads: the signed-in user of a session and the
//! assembled view of a plan.
//!
//! Correctness does not depend on them. Every write re-reads from the database; a cached
//! plan is used only while its version in the database is unchanged (one indexed query per
//! request); and every change made through this process that could alter who someone is or
//! what a plan shows bumps a generation that empties both caches at once. A change made by
//! another process (the CLI, a second server) is seen within the time-to-live.

use crate::services::accounts::CurrentUser;
use crate::services::skp::PlanView;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// When a plan view was cached, at which generation, and the view.
type PlanEntry = (Instant, u64, Arc<PlanView>);

const SESSION_TTL: Duration = Duration::from_secs(30);
const PLAN_TTL: Duration = Duration::from_secs(30);
/// Beyond this many entries a cache is emptied rather than grown.
const MAX_ENTRIES: usize = 50_000;

/// Bumped by every committed write transaction that is not quiet. Process-wide on purpose:
/// a write anywhere in the process conservatively invalidates every cache.
static GENERATION: AtomicU64 = AtomicU64::new(0);

fn current() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

pub fn bump_generation() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

#[derive(Default)]
pub struct Caches {
    sessions: Mutex<HashMap<String, (Instant, u64, CurrentUser)>>,
    plans: Mutex<HashMap<(i64, i64), PlanEntry>>,
}

impl Caches {
    pub fn session(&self, token_hash: &str, now_micros: i64) -> Option<CurrentUser> {
        let map = self.sessions.lock().expect("cache lock");
        let (at, generation, user) = map.get(token_hash)?;
        (at.elapsed() < SESSION_TTL
            && *generation == current()
            && user.session.expires_at > now_micros)
            .then(|| user.clone())
    }

    pub fn put_session(&self, token_hash: String, user: CurrentUser) {
        let mut map = self.sessions.lock().expect("cache lock");
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(token_hash, (Instant::now(), current(), user));
    }

    pub fn forget_session(&self, token_hash: &str) {
        self.sessions.lock().expect("cache lock").remove(token_hash);
    }

    /// After a password change or reset: every session of the account.
    pub fn forget_user(&self, user_id: i64) {
        self.sessions
            .lock()
            .expect("cache lock")
            .retain(|_, (_, _, u)| u.session.user_id != user_id);
    }

    pub fn plan(&self, skp_id: i64, viewer: i64, version: i64) -> Option<Arc<PlanView>> {
        let map = self.plans.lock().expect("cache lock");
        let (at, generation, view) = map.get(&(skp_id, viewer))?;
        (at.elapsed() < PLAN_TTL && *generation == current() && view.skp.version == version)
            .then(|| view.clone())
    }

    pub fn put_plan(&self, viewer: i64, view: Arc<PlanView>) {
        let mut map = self.plans.lock().expect("cache lock");
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert((view.skp.id, viewer), (Instant::now(), current(), view));
    }
}
