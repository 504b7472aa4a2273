//! In-process caches: the assembled plan page (the hottest read) and the parsed reference
//! versions.
//!
//! Correctness does not depend on it. Every write re-reads from the database. A cached
//! view is served only while the plan's version and its owner's record version in the
//! database are the ones it was built from (one indexed query per request), only to a
//! viewer whose rights (read fresh with the session on every request) are the same as
//! when it was built, and only after the viewer's permission to read the plan has been
//! checked again. Every change made through this process that could alter what a plan
//! shows also bumps a generation that empties the cache at once.

use kinerja_domain::referensi::Referensi;
use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a cached view was built from: the plan's version, its owner's record version and
/// a fingerprint of the viewer's rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanStamp {
    pub skp_version: i64,
    pub owner_version: i64,
    pub rights: u64,
}

/// When a plan view was cached, at which generation, from what, and the view.
/// The view is stored type-erased: this module sits below the services that define it.
type PlanEntry = (Instant, u64, PlanStamp, Arc<dyn Any + Send + Sync>);

const PLAN_TTL: Duration = Duration::from_secs(30);
/// Beyond this many entries the cache is emptied rather than grown.
const MAX_ENTRIES: usize = 50_000;

/// Bumped by every committed write transaction that is not quiet. Process-wide on purpose:
/// a write anywhere in the process conservatively invalidates the cache.
static GENERATION: AtomicU64 = AtomicU64::new(0);

fn current() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

pub fn bump_generation() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

#[derive(Default)]
pub struct Caches {
    plans: Mutex<HashMap<(i64, i64), PlanEntry>>,
}

impl Caches {
    pub fn plan<T: Any + Send + Sync>(
        &self,
        skp_id: i64,
        viewer: i64,
        stamp: PlanStamp,
    ) -> Option<Arc<T>> {
        let map = self.plans.lock().expect("cache lock");
        let (at, generation, built_from, view) = map.get(&(skp_id, viewer))?;
        (at.elapsed() < PLAN_TTL && *generation == current() && *built_from == stamp)
            .then(|| view.clone().downcast::<T>().ok())
            .flatten()
    }

    pub fn put_plan<T: Any + Send + Sync>(
        &self,
        skp_id: i64,
        viewer: i64,
        stamp: PlanStamp,
        view: Arc<T>,
    ) {
        let mut map = self.plans.lock().expect("cache lock");
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert((skp_id, viewer), (Instant::now(), current(), stamp, view));
    }
}

/// Reference versions never change once written, so they are parsed once per process.
#[derive(Default)]
pub struct References(Mutex<HashMap<i64, Arc<Referensi>>>);

impl References {
    pub fn get(&self, id: i64) -> Option<Arc<Referensi>> {
        self.0.lock().expect("cache lock").get(&id).cloned()
    }

    pub fn put(&self, id: i64, r: Arc<Referensi>) {
        self.0.lock().expect("cache lock").insert(id, r);
    }
}
