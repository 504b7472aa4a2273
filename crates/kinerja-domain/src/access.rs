//! Who may see or change what. Every page and API route asks one of these questions;
//! keeping the answers here makes them testable without a server.
//!
//! - every employee sees their own data;
//! - a supervisor (head of a unit, definitively or acting) sees their subtree;
//! - a penilai set by override sees the employees they rate;
//! - an admin OPD administers their OPD's subtree; an admin BKPSDM the whole instansi;
//! - a pimpinan reads the whole instansi and changes nothing.

use crate::org::{EmployeeId, UnitPath};
use serde::{Deserialize, Serialize};

pub type InstansiId = i64;
pub type UserId = i64;

/// Granted roles. Supervisor rights are not granted: they follow from the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Admin kepegawaian BKPSDM: the whole instansi.
    AdminInstansi,
    /// Admin kepegawaian of one OPD: that OPD's subtree.
    AdminOpd { opd: UnitPath },
    /// Read-only view of the whole instansi (Bupati, Sekda).
    Pimpinan,
}

impl Role {
    pub fn code(&self) -> &'static str {
        match self {
            Role::AdminInstansi => "admin_instansi",
            Role::AdminOpd { .. } => "admin_opd",
            Role::Pimpinan => "pimpinan",
        }
    }
}

/// The signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub instansi_id: InstansiId,
    pub employee_id: Option<EmployeeId>,
    pub roles: Vec<Role>,
    /// Units this user heads today (definitive or PLT/PLH).
    pub led_units: Vec<UnitPath>,
    /// Employees whose penilai this user is by admin override.
    pub rated_by_override: Vec<EmployeeId>,
}

/// The employee being looked at.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub instansi_id: InstansiId,
    pub employee_id: EmployeeId,
    pub unit_path: &'a UnitPath,
}

/// What an admin may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminScope {
    Instansi,
    Units(Vec<UnitPath>),
}

impl AdminScope {
    pub fn covers(&self, path: &UnitPath) -> bool {
        match self {
            AdminScope::Instansi => true,
            AdminScope::Units(roots) => roots.iter().any(|r| r.contains(path)),
        }
    }
}

impl Actor {
    pub fn is_admin_instansi(&self) -> bool {
        self.roles.contains(&Role::AdminInstansi)
    }

    pub fn is_pimpinan(&self) -> bool {
        self.roles.contains(&Role::Pimpinan)
    }

    pub fn is_admin(&self) -> bool {
        self.admin_scope().is_some()
    }

    pub fn is_supervisor(&self) -> bool {
        !self.led_units.is_empty() || !self.rated_by_override.is_empty()
    }

    /// The units this user administers, if any.
    pub fn admin_scope(&self) -> Option<AdminScope> {
        if self.is_admin_instansi() {
            return Some(AdminScope::Instansi);
        }
        let opds: Vec<UnitPath> = self
            .roles
            .iter()
            .filter_map(|r| match r {
                Role::AdminOpd { opd } => Some(opd.clone()),
                _ => None,
            })
            .collect();
        (!opds.is_empty()).then_some(AdminScope::Units(opds))
    }

    /// Read scope over units for lists (search, monitoring): admins and pimpinan read their
    /// whole scope, supervisors their subtrees.
    pub fn read_scope(&self) -> Option<AdminScope> {
        if self.is_admin_instansi() || self.is_pimpinan() {
            return Some(AdminScope::Instansi);
        }
        let mut units: Vec<UnitPath> = match self.admin_scope() {
            Some(AdminScope::Units(u)) => u,
            _ => Vec::new(),
        };
        units.extend(self.led_units.iter().cloned());
        (!units.is_empty()).then_some(AdminScope::Units(units))
    }

    fn same_instansi(&self, s: &Subject<'_>) -> bool {
        self.instansi_id == s.instansi_id
    }

    pub fn is_self(&self, s: &Subject<'_>) -> bool {
        self.same_instansi(s) && self.employee_id == Some(s.employee_id)
    }

    /// Supervises the subject: heads a unit above or at the subject's unit, or rates them by
    /// override. Nobody supervises themselves.
    pub fn supervises(&self, s: &Subject<'_>) -> bool {
        self.same_instansi(s)
            && !self.is_self(s)
            && (self.led_units.iter().any(|u| u.contains(s.unit_path))
                || self.rated_by_override.contains(&s.employee_id))
    }

    pub fn administers(&self, s: &Subject<'_>) -> bool {
        self.same_instansi(s)
            && self
                .admin_scope()
                .is_some_and(|scope| scope.covers(s.unit_path))
    }

    pub fn can_view_employee(&self, s: &Subject<'_>) -> bool {
        self.same_instansi(s)
            && (self.is_self(s) || self.is_pimpinan() || self.administers(s) || self.supervises(s))
    }

    /// Personnel data (unit, position, golongan, status) is changed by admins only; an
    /// admin may not edit their own record (no self-promotion).
    pub fn can_edit_employee(&self, s: &Subject<'_>) -> bool {
        self.administers(s) && !self.is_self(s)
    }

    pub fn can_reset_password(&self, s: &Subject<'_>) -> bool {
        self.can_edit_employee(s)
    }

    pub fn can_view_audit_of(&self, s: &Subject<'_>) -> bool {
        self.administers(s)
    }

    pub fn can_view_unit(&self, instansi: InstansiId, unit: &UnitPath) -> bool {
        instansi == self.instansi_id && self.read_scope().is_some_and(|scope| scope.covers(unit))
    }

    pub fn can_edit_unit(&self, instansi: InstansiId, unit: &UnitPath) -> bool {
        instansi == self.instansi_id && self.admin_scope().is_some_and(|scope| scope.covers(unit))
    }

    /// Instansi-wide acts: importing, periods, reference data, verifying the audit chain.
    pub fn can_admin_instansi(&self, instansi: InstansiId) -> bool {
        instansi == self.instansi_id && self.is_admin_instansi()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> UnitPath {
        UnitPath::from_stored(s.to_string())
    }

    fn actor(roles: Vec<Role>, led: &[&str]) -> Actor {
        Actor {
            user_id: 1,
            instansi_id: 7,
            employee_id: Some(10),
            roles,
            led_units: led.iter().map(|s| p(s)).collect(),
            rated_by_override: vec![],
        }
    }

    fn subject(id: EmployeeId, path: &UnitPath) -> Subject<'_> {
        Subject {
            instansi_id: 7,
            employee_id: id,
            unit_path: path,
        }
    }

    #[test]
    fn employee_sees_only_themself() {
        let a = actor(vec![], &[]);
        let mine = p("/1/2/3/");
        assert!(a.can_view_employee(&subject(10, &mine)));
        assert!(!a.can_view_employee(&subject(11, &mine)));
        assert!(!a.can_edit_employee(&subject(10, &mine)));
        assert!(!a.can_view_audit_of(&subject(10, &mine)));
        assert!(a.read_scope().is_none());
        assert!(!a.can_admin_instansi(7));
    }

    #[test]
    fn supervisor_sees_subtree_only() {
        let a = actor(vec![], &["/1/2/"]);
        assert!(a.can_view_employee(&subject(11, &p("/1/2/3/"))));
        assert!(a.can_view_employee(&subject(11, &p("/1/2/"))));
        assert!(!a.can_view_employee(&subject(11, &p("/1/4/"))));
        assert!(!a.can_view_employee(&subject(11, &p("/1/23/"))));
        assert!(!a.can_edit_employee(&subject(11, &p("/1/2/3/"))));
        assert!(!a.supervises(&subject(10, &p("/1/2/"))));
    }

    #[test]
    fn override_penilai_sees_the_rated_employee() {
        let mut a = actor(vec![], &[]);
        a.rated_by_override.push(55);
        assert!(a.can_view_employee(&subject(55, &p("/1/9/"))));
        assert!(!a.can_view_employee(&subject(56, &p("/1/9/"))));
    }

    #[test]
    fn admin_opd_is_bounded_by_the_opd() {
        let a = actor(vec![Role::AdminOpd { opd: p("/1/2/") }], &[]);
        assert!(a.can_edit_employee(&subject(11, &p("/1/2/3/"))));
        assert!(!a.can_edit_employee(&subject(11, &p("/1/4/"))));
        assert!(!a.can_view_employee(&subject(11, &p("/1/4/"))));
        assert!(a.can_edit_unit(7, &p("/1/2/3/")));
        assert!(!a.can_edit_unit(7, &p("/1/")));
        assert!(!a.can_admin_instansi(7));
        // Not even their own record.
        assert!(!a.can_edit_employee(&subject(10, &p("/1/2/"))));
    }

    #[test]
    fn admin_instansi_reaches_everything_in_their_instansi_only() {
        let a = actor(vec![Role::AdminInstansi], &[]);
        assert!(a.can_edit_employee(&subject(11, &p("/1/4/"))));
        assert!(a.can_admin_instansi(7));
        assert!(!a.can_admin_instansi(8));
        let other = Subject {
            instansi_id: 8,
            employee_id: 11,
            unit_path: &p("/1/4/"),
        };
        assert!(!a.can_view_employee(&other));
        assert!(!a.can_edit_employee(&other));
    }

    #[test]
    fn pimpinan_reads_but_never_writes() {
        let a = actor(vec![Role::Pimpinan], &[]);
        assert!(a.can_view_employee(&subject(11, &p("/1/4/"))));
        assert!(a.can_view_unit(7, &p("/1/4/")));
        assert!(!a.can_edit_employee(&subject(11, &p("/1/4/"))));
        assert!(!a.can_edit_unit(7, &p("/1/4/")));
        assert!(!a.can_view_audit_of(&subject(11, &p("/1/4/"))));
        assert!(!a.can_admin_instansi(7));
    }
}
