//! In-process caches: the assembled plan page (the hottest read) and the parsed reference
//! versions.
//!
//! Correctness does not depend on them, and no other process can make them wrong. Every
//! write re-reads from the database. A cached plan view is served only while everything it
//! was built from is as it was in the database, read in one indexed query per request (the
//! plan's stamp: the plan's and its owner's versions, the versions of the plans its rows
//! link to and from, the proposals it handed down, the planning deadline and the
//! instansi's organisation version), on the same office day, to a viewer with the same
//! rights, after the viewer's permission to read the plan was checked again. A change made
//! through any server changes the stamp, so the next request on every server rebuilds.
//! Nothing here is invalidated by a write elsewhere: a feedback message or another plan's
//! edit leaves this plan's view cached.

use kinerja_domain::referensi::Referensi;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a cached view was built from, as the database states it now, with the office day
/// and a fingerprint of the viewer's rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanStamp {
    pub skp_version: i64,
    pub owner_version: i64,
    pub org_version: i64,
    /// Sum of the versions of the plans this plan's rows link up to.
    pub parents: i64,
    /// Sum of the versions of the plans whose rows link to this plan, with their count.
    pub children: (i64, i64),
    /// Proposals handed down from this plan's rows, with how many were adopted.
    pub handed_down: i64,
    pub deadline: chrono::NaiveDate,
    pub today: chrono::NaiveDate,
    pub rights: u64,
}

/// The stamp a view was built under, and the view, stored type-erased: this module sits
/// below the services that define it.
type PlanEntry = (PlanStamp, Arc<dyn Any + Send + Sync>);

/// Beyond this many entries the cache is emptied rather than grown: a server's memory
/// stays bounded (a plan view is a few kilobytes) whatever the number of plans.
const MAX_ENTRIES: usize = 4096;

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
        let (built_from, view) = map.get(&(skp_id, viewer))?;
        (*built_from == stamp)
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
        map.insert((skp_id, viewer), (stamp, view));
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
