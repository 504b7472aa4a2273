//! The organisation tree (unit organisasi, "unor") and the penilai derived from it.
//!
//! Units form a tree under the instansi's root (the Pemerintah Kabupaten, led by the Bupati).
//! Each unit may have one head position. The pejabat penilai of an employee is the holder of
//! the head position of their own unit, or of the parent unit when they lead their own unit
//! (docs/domain-rules.md §1). A PLT/PLH holding a vacant head position inherits its duties; an admin
//! override wins over the tree. A vacant head with nobody acting is a *blocker*: it is
//! reported, never silently replaced by a higher superior.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub type UnitId = i64;
pub type EmployeeId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisUnit {
    Pemda,
    Opd,
    Kecamatan,
    Sekretariat,
    Bagian,
    Bidang,
    Subbagian,
    Subbidang,
    Seksi,
    Kelurahan,
    Uptd,
    Sekolah,
}

impl JenisUnit {
    pub const ALL: [JenisUnit; 12] = [
        JenisUnit::Pemda,
        JenisUnit::Opd,
        JenisUnit::Kecamatan,
        JenisUnit::Sekretariat,
        JenisUnit::Bagian,
        JenisUnit::Bidang,
        JenisUnit::Subbagian,
        JenisUnit::Subbidang,
        JenisUnit::Seksi,
        JenisUnit::Kelurahan,
        JenisUnit::Uptd,
        JenisUnit::Sekolah,
    ];

    pub fn code(self) -> &'static str {
        match self {
            JenisUnit::Pemda => "pemda",
            JenisUnit::Opd => "opd",
            JenisUnit::Kecamatan => "kecamatan",
            JenisUnit::Sekretariat => "sekretariat",
            JenisUnit::Bagian => "bagian",
            JenisUnit::Bidang => "bidang",
            JenisUnit::Subbagian => "subbagian",
            JenisUnit::Subbidang => "subbidang",
            JenisUnit::Seksi => "seksi",
            JenisUnit::Kelurahan => "kelurahan",
            JenisUnit::Uptd => "uptd",
            JenisUnit::Sekolah => "sekolah",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            JenisUnit::Pemda => "Pemerintah Daerah",
            JenisUnit::Opd => "Perangkat Daerah",
            JenisUnit::Kecamatan => "Kecamatan",
            JenisUnit::Sekretariat => "Sekretariat",
            JenisUnit::Bagian => "Bagian",
            JenisUnit::Bidang => "Bidang",
            JenisUnit::Subbagian => "Subbagian",
            JenisUnit::Subbidang => "Subbidang",
            JenisUnit::Seksi => "Seksi",
            JenisUnit::Kelurahan => "Kelurahan",
            JenisUnit::Uptd => "UPTD",
            JenisUnit::Sekolah => "Sekolah",
        }
    }

    pub fn parse(raw: &str) -> Option<JenisUnit> {
        let norm = raw.trim().to_ascii_lowercase().replace([' ', '_', '-'], "");
        let alias = match norm.as_str() {
            "subbag" => "subbagian",
            "subbid" => "subbidang",
            "perangkatdaerah" | "dinas" | "badan" => "opd",
            "puskesmas" | "rsud" | "rsd" => "uptd",
            other => other,
        };
        JenisUnit::ALL.into_iter().find(|j| j.code() == alias)
    }
}

/// Materialised path of a unit: "/1/5/23/" (ids from the root). Subtree tests and range
/// queries are prefix tests, identical on every database engine.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitPath(String);

impl UnitPath {
    pub fn root(id: UnitId) -> UnitPath {
        UnitPath(format!("/{id}/"))
    }

    pub fn child(&self, id: UnitId) -> UnitPath {
        UnitPath(format!("{}{id}/", self.0))
    }

    /// Wraps a stored path. Invalid text yields a path that contains nothing.
    pub fn from_stored(s: String) -> UnitPath {
        UnitPath(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Ids from the root down to this unit.
    pub fn ids(&self) -> Vec<UnitId> {
        self.0
            .split('/')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect()
    }

    pub fn depth(&self) -> usize {
        self.ids().len().saturating_sub(1)
    }

    /// True when `other` is this unit or lies below it.
    pub fn contains(&self, other: &UnitPath) -> bool {
        self.0.len() > 2 && other.0.starts_with(&self.0)
    }

    /// Upper bound for a range scan of the subtree: every path in it is `>= self` and
    /// `< self.subtree_end()` ('/' + 1 = '0'), which both engines can serve from an index.
    pub fn subtree_end(&self) -> String {
        let mut s = self.0.clone();
        s.pop();
        s.push('0');
        s
    }

    /// The OPD a unit belongs to: the unit one level below the root.
    pub fn opd_id(&self) -> Option<UnitId> {
        self.ids().get(1).copied()
    }
}

/// The head position of a unit and who fills it today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadSlot {
    /// The unit has no head position (a grouping node): look further up.
    NoHeadPosition,
    /// A head position exists but nobody holds it or acts in it.
    Vacant,
    Held {
        employee_id: EmployeeId,
        /// Some when the holder only acts (PLT/PLH).
        acting: Option<ActingKind>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActingKind {
    /// Pelaksana Tugas: the position is vacant.
    Plt,
    /// Pelaksana Harian: the holder is temporarily absent.
    Plh,
}

impl ActingKind {
    pub fn code(self) -> &'static str {
        match self {
            ActingKind::Plt => "PLT",
            ActingKind::Plh => "PLH",
        }
    }

    pub fn parse(raw: &str) -> Option<ActingKind> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "PLT" => Some(ActingKind::Plt),
            "PLH" => Some(ActingKind::Plh),
            _ => None,
        }
    }
}

/// Where a derived penilai came from; shown to users so the result is explainable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PenilaiSource {
    /// Holder of the head position found in the tree.
    Tree,
    /// Acting official (PLT/PLH) in the head position.
    Acting(ActingKind),
    /// Set by an admin for this employee.
    Override,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    Found {
        employee_id: EmployeeId,
        source: PenilaiSource,
        /// The unit whose head rates (None for overrides).
        via_unit: Option<UnitId>,
    },
    /// The head position of this unit is vacant and nobody acts: an admin must fix it.
    Vacant { unit_id: UnitId },
    /// The top of the tree: nobody rates the Bupati.
    Top,
}

impl Derived {
    pub fn employee_id(&self) -> Option<EmployeeId> {
        match self {
            Derived::Found { employee_id, .. } => Some(*employee_id),
            _ => None,
        }
    }
}

/// What the derivation needs to know about the organisation.
pub trait OrgView {
    /// The unit of the employee's position, and whether that position heads the unit.
    fn position_of(&self, employee: EmployeeId) -> Option<(UnitId, bool)>;
    fn parent(&self, unit: UnitId) -> Option<UnitId>;
    fn head(&self, unit: UnitId) -> HeadSlot;
    fn penilai_override(&self, employee: EmployeeId) -> Option<EmployeeId>;
}

/// The pejabat penilai of `employee`.
pub fn penilai_of(view: &impl OrgView, employee: EmployeeId) -> Derived {
    if let Some(p) = view.penilai_override(employee) {
        return Derived::Found {
            employee_id: p,
            source: PenilaiSource::Override,
            via_unit: None,
        };
    }
    match view.position_of(employee) {
        Some((unit, is_head)) => head_above(view, employee, unit, is_head),
        None => Derived::Top,
    }
}

/// Walks up from `unit` to the first unit with a head position (skipping `unit` itself when
/// the subject heads it, and any unit the subject leads as acting official).
fn head_above(view: &impl OrgView, subject: EmployeeId, unit: UnitId, skip_first: bool) -> Derived {
    let mut current = if skip_first {
        view.parent(unit)
    } else {
        Some(unit)
    };
    // The depth of a real tree is small; the bound only guards against a corrupt cycle.
    for _ in 0..64 {
        let Some(u) = current else {
            return Derived::Top;
        };
        match view.head(u) {
            HeadSlot::NoHeadPosition => {}
            HeadSlot::Vacant => return Derived::Vacant { unit_id: u },
            HeadSlot::Held { employee_id, .. } if employee_id == subject => {}
            HeadSlot::Held {
                employee_id,
                acting,
            } => {
                return Derived::Found {
                    employee_id,
                    source: acting.map_or(PenilaiSource::Tree, PenilaiSource::Acting),
                    via_unit: Some(u),
                };
            }
        }
        current = view.parent(u);
    }
    Derived::Top
}

/// Penilai and atasan penilai of one employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenilaiChain {
    pub penilai: Derived,
    pub atasan: Derived,
}

/// The atasan pejabat penilai is the penilai's own superior in the capacity in which they
/// rate: for a head found in unit U, the head above U. At the top (the Bupati rates the JPT
/// and also decides their objections) the atasan is the penilai.
pub fn penilai_chain(view: &impl OrgView, employee: EmployeeId) -> PenilaiChain {
    let penilai = penilai_of(view, employee);
    let atasan = match penilai {
        Derived::Found {
            employee_id,
            via_unit: Some(u),
            ..
        } => head_above(view, employee_id, u, true),
        Derived::Found {
            employee_id,
            via_unit: None,
            ..
        } => penilai_of(view, employee_id),
        other => other,
    };
    let atasan = match (atasan, penilai) {
        (Derived::Top, Derived::Found { .. }) => penilai,
        (a, _) => a,
    };
    PenilaiChain { penilai, atasan }
}

/// Finds a penilai cycle (someone who is, through the chain, their own penilai) among the
/// chains starting at `employees`. Only admin overrides can create one; imports and edits
/// that would are refused. Returns the employees on the cycle.
pub fn penilai_cycle(
    view: &impl OrgView,
    employees: impl IntoIterator<Item = EmployeeId>,
) -> Option<Vec<EmployeeId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnPath,
        Done,
    }
    let mut state: HashMap<EmployeeId, State> = HashMap::new();
    for start in employees {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(e) = cur {
            match state.get(&e) {
                Some(State::Done) => break,
                Some(State::OnPath) => {
                    let at = path.iter().position(|x| *x == e).unwrap_or(0);
                    return Some(path[at..].to_vec());
                }
                None => {}
            }
            state.insert(e, State::OnPath);
            path.push(e);
            cur = penilai_of(view, e).employee_id();
        }
        for e in path {
            state.insert(e, State::Done);
        }
    }
    None
}

/// An in-memory [`OrgView`], filled by the store for one employee's ancestry or for a
/// whole instansi at once (bulk derivation for lists without a query per row).
#[derive(Debug, Default, Clone)]
pub struct OrgSnapshot {
    pub positions: HashMap<EmployeeId, (UnitId, bool)>,
    pub parents: HashMap<UnitId, UnitId>,
    pub heads: HashMap<UnitId, HeadSlot>,
    pub overrides: HashMap<EmployeeId, EmployeeId>,
}

impl OrgView for OrgSnapshot {
    fn position_of(&self, employee: EmployeeId) -> Option<(UnitId, bool)> {
        self.positions.get(&employee).copied()
    }
    fn parent(&self, unit: UnitId) -> Option<UnitId> {
        self.parents.get(&unit).copied()
    }
    fn head(&self, unit: UnitId) -> HeadSlot {
        self.heads
            .get(&unit)
            .copied()
            .unwrap_or(HeadSlot::NoHeadPosition)
    }
    fn penilai_override(&self, employee: EmployeeId) -> Option<EmployeeId> {
        self.overrides.get(&employee).copied()
    }
}

/// True when following parents from any unit would loop: used to refuse imports and edits
/// that would make a unit its own ancestor.
pub fn has_cycle(parents: &HashMap<UnitId, UnitId>) -> Option<UnitId> {
    for &start in parents.keys() {
        let mut seen = 0usize;
        let mut cur = start;
        while let Some(&p) = parents.get(&cur) {
            if p == start {
                return Some(start);
            }
            seen += 1;
            if seen > parents.len() {
                return Some(start);
            }
            cur = p;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pemda(1, Bupati 100) → Dinas(2, Kadis 200) → Bidang(3, Kabid 300) → Seksi(4, Kasi 400)
    /// with pelaksana 401 in the seksi and a fungsional 301 directly in the bidang.
    fn tree() -> OrgSnapshot {
        let mut s = OrgSnapshot::default();
        s.parents.extend([(2, 1), (3, 2), (4, 3)]);
        for (unit, head) in [(1, 100), (2, 200), (3, 300), (4, 400)] {
            s.heads.insert(
                unit,
                HeadSlot::Held {
                    employee_id: head,
                    acting: None,
                },
            );
            s.positions.insert(head, (unit, true));
        }
        s.positions.insert(401, (4, false));
        s.positions.insert(301, (3, false));
        s
    }

    fn found(d: Derived) -> EmployeeId {
        d.employee_id().expect("found")
    }

    #[test]
    fn the_table_of_domain_section_1() {
        let s = tree();
        // Pelaksana → Pengawas, atasan Administrator.
        let c = penilai_chain(&s, 401);
        assert_eq!((found(c.penilai), found(c.atasan)), (400, 300));
        // Pengawas → Administrator, atasan JPT.
        let c = penilai_chain(&s, 400);
        assert_eq!((found(c.penilai), found(c.atasan)), (300, 200));
        // Administrator → JPT, atasan Bupati.
        let c = penilai_chain(&s, 300);
        assert_eq!((found(c.penilai), found(c.atasan)), (200, 100));
        // JPT → Bupati, atasan Bupati.
        let c = penilai_chain(&s, 200);
        assert_eq!((found(c.penilai), found(c.atasan)), (100, 100));
        // Fungsional → head of the unit it sits in.
        let c = penilai_chain(&s, 301);
        assert_eq!((found(c.penilai), found(c.atasan)), (300, 200));
        // The Bupati has nobody above.
        assert_eq!(penilai_of(&s, 100), Derived::Top);
    }

    #[test]
    fn vacant_head_is_a_blocker_not_a_jump() {
        let mut s = tree();
        s.heads.insert(4, HeadSlot::Vacant);
        assert_eq!(penilai_of(&s, 401), Derived::Vacant { unit_id: 4 });
        // The atasan of someone rated by a vacant unit is unknown as well.
        assert_eq!(
            penilai_chain(&s, 401).atasan,
            Derived::Vacant { unit_id: 4 }
        );
    }

    #[test]
    fn acting_official_fills_the_vacancy() {
        let mut s = tree();
        s.heads.insert(
            4,
            HeadSlot::Held {
                employee_id: 301,
                acting: Some(ActingKind::Plt),
            },
        );
        let c = penilai_chain(&s, 401);
        assert_eq!(
            c.penilai,
            Derived::Found {
                employee_id: 301,
                source: PenilaiSource::Acting(ActingKind::Plt),
                via_unit: Some(4)
            }
        );
        // As PLT of the seksi, 301 answers to the head of the bidang.
        assert_eq!(found(c.atasan), 300);
    }

    #[test]
    fn acting_head_of_own_unit_is_not_their_own_penilai() {
        let mut s = tree();
        s.heads.insert(
            4,
            HeadSlot::Held {
                employee_id: 401,
                acting: Some(ActingKind::Plh),
            },
        );
        assert_eq!(found(penilai_of(&s, 401)), 300);
    }

    #[test]
    fn units_without_head_position_are_skipped() {
        let mut s = tree();
        s.heads.remove(&3);
        assert_eq!(found(penilai_of(&s, 400)), 200);
        assert_eq!(found(penilai_of(&s, 301)), 200);
    }

    #[test]
    fn override_wins_and_its_own_chain_gives_the_atasan() {
        let mut s = tree();
        s.overrides.insert(401, 300);
        let c = penilai_chain(&s, 401);
        assert_eq!(c.penilai.employee_id(), Some(300));
        assert!(matches!(
            c.penilai,
            Derived::Found {
                source: PenilaiSource::Override,
                ..
            }
        ));
        assert_eq!(found(c.atasan), 200);
    }

    #[test]
    fn override_cycles_are_found() {
        let mut s = tree();
        assert_eq!(penilai_cycle(&s, [401, 400, 301, 300, 200, 100]), None);
        // The Kabid is rated by override by the pelaksana below him: 401 → 400 → 300 → 401.
        s.overrides.insert(300, 401);
        let cycle = penilai_cycle(&s, [100, 401]).expect("cycle");
        let mut sorted = cycle.clone();
        sorted.sort();
        assert_eq!(sorted, vec![300, 400, 401]);
        // Rated by oneself.
        let mut s = tree();
        s.overrides.insert(401, 401);
        assert_eq!(penilai_cycle(&s, [401]), Some(vec![401]));
    }

    #[test]
    fn paths() {
        let root = UnitPath::root(1);
        let dinas = root.child(2);
        let bidang = dinas.child(23);
        assert_eq!(bidang.as_str(), "/1/2/23/");
        assert_eq!(bidang.ids(), vec![1, 2, 23]);
        assert_eq!(bidang.depth(), 2);
        assert_eq!(bidang.opd_id(), Some(2));
        assert!(dinas.contains(&bidang));
        assert!(dinas.contains(&dinas));
        assert!(!bidang.contains(&dinas));
        // "/1/2/" must not contain "/1/23/".
        assert!(!dinas.contains(&root.child(23)));
        let end = dinas.subtree_end();
        assert!(bidang.as_str() >= dinas.as_str() && bidang.as_str() < end.as_str());
        assert!(root.child(3).as_str() >= end.as_str());
    }

    #[test]
    fn cycles_are_found() {
        let ok: HashMap<_, _> = [(2, 1), (3, 2)].into_iter().collect();
        assert_eq!(has_cycle(&ok), None);
        let bad: HashMap<_, _> = [(2, 3), (3, 2), (4, 1)].into_iter().collect();
        assert!(has_cycle(&bad).is_some());
    }

    #[test]
    fn jenis_unit_round_trips() {
        for j in JenisUnit::ALL {
            assert_eq!(JenisUnit::parse(j.code()), Some(j));
        }
        assert_eq!(JenisUnit::parse("Puskesmas"), Some(JenisUnit::Uptd));
    }
}
