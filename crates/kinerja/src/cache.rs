//! In-process caches: the rendered plan page (the hottest read) and the parsed reference
//! versions.
//!
//! Correctness does not depend on them, and no other process can make them wrong. Every
//! write re-reads from the database. A rendered plan page is served only while everything
//! it was built from is as it was in the database, read in one indexed query per request
//! (the plan's stamp: the plan's and its owner's versions, the versions of the plans its
//! rows link to and from, the proposals it handed down, the planning deadline and the
//! instansi's organisation version), on the same office day, to a viewer with the same
//! rights, session and language, after the viewer's permission to read the plan was
//! checked again. A change made through any server changes the stamp, so the next request
//! on every server renders afresh. Nothing here is invalidated by a write elsewhere: a
//! feedback message or another plan's edit leaves this plan's page cached.

use kinerja_domain::referensi::Referensi;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a cached page was built from, as the database states it now, with the office day
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

/// The stamp a page was rendered under, what else it was rendered for (the viewer's
/// session and language, compared in full by the caller), stored type-erased: this module
/// sits below the web layer that defines it; and the page's size.
type PlanEntry = (PlanStamp, Arc<dyn Any + Send + Sync>, usize);

/// Beyond this many bytes of pages the cache is emptied rather than grown: a server's
/// memory stays bounded whatever the number of plans (a plan page is 20–60 kB; 16 MB holds
/// the pages of a few hundred people reading at once).
const MAX_BYTES: usize = 16 << 20;

#[derive(Default)]
pub struct Caches {
    plans: Mutex<PlanPages>,
}

#[derive(Default)]
struct PlanPages {
    by_plan_and_viewer: HashMap<(i64, i64), PlanEntry>,
    bytes: usize,
}

impl Caches {
    /// The page of a plan for a viewer, if it was rendered under this stamp.
    pub fn plan<T: Any + Send + Sync>(
        &self,
        skp_id: i64,
        viewer: i64,
        stamp: PlanStamp,
    ) -> Option<Arc<T>> {
        let pages = self.plans.lock().expect("cache lock");
        let (built_from, page, _) = pages.by_plan_and_viewer.get(&(skp_id, viewer))?;
        (*built_from == stamp)
            .then(|| page.clone().downcast::<T>().ok())
            .flatten()
    }

    pub fn put_plan<T: Any + Send + Sync>(
        &self,
        skp_id: i64,
        viewer: i64,
        stamp: PlanStamp,
        page: Arc<T>,
        size: usize,
    ) {
        let mut pages = self.plans.lock().expect("cache lock");
        if let Some((_, _, old)) = pages.by_plan_and_viewer.remove(&(skp_id, viewer)) {
            pages.bytes -= old;
        }
        if pages.bytes + size > MAX_BYTES {
            pages.by_plan_and_viewer.clear();
            pages.bytes = 0;
        }
        pages
            .by_plan_and_viewer
            .insert((skp_id, viewer), (stamp, page, size));
        pages.bytes += size;
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
