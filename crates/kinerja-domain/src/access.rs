//! Who may see or change what. Every page and API route asks one of these questions;
//! keeping the answers here makes them testable without a server.
//!
//! - every employee sees their own data;
//! - a supervisor (head of a unit, definitively or acting) sees their subtree;
//! - a penilai set by override sees the employees they rate;
//! - an admin OPD administers their OPD's subtree; an admin BKPSDM the whole instansi;
//! - a pimpinan reads the whole instansi and changes nothing.
//!
//! Separation of duties: nobody acts on their own account through admin pages, nor on an
//! account with more rights than their own (another admin, a pimpinan, someone above them
//! in the organisation); an OPD admin's acts that hand out judging rights over heads wait
//! for an admin BKPSDM (four eyes).

use crate::jabatan::JenisJabatan;
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
    /// The unit of this user's own position (None for accounts without an employee).
    pub own_unit: Option<UnitPath>,
}

/// The rights of the person an admin would act on: their granted roles and the units
/// they lead. Nobody acts on someone standing above them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub roles: Vec<Role>,
    pub led_units: Vec<UnitPath>,
    /// The kind of their position (heads of JPT and Administrator rank are protected by
    /// four eyes).
    pub jenis_jabatan: Option<JenisJabatan>,
}

impl Standing {
    fn is_senior_head(&self) -> bool {
        !self.led_units.is_empty()
            && matches!(
                self.jenis_jabatan,
                Some(JenisJabatan::Jpt | JenisJabatan::Administrator)
            )
    }
}

/// The answer to an admin act that may need a second admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Refused outright.
    Denied,
    /// Takes effect now.
    Allowed,
    /// Recorded, and takes effect once an admin BKPSDM confirms it.
    NeedsConfirmation,
}

impl Decision {
    pub fn is_denied(self) -> bool {
        self == Decision::Denied
    }
}

/// The acting appointment (PLT/PLH) an admin wants to make.
#[derive(Debug, Clone, Copy)]
pub struct Appointment<'a> {
    pub instansi_id: InstansiId,
    /// The unit whose head position is filled.
    pub unit: &'a UnitPath,
    /// The kind of that head position.
    pub jenis_jabatan: JenisJabatan,
    pub appointee: EmployeeId,
    pub appointee_unit: &'a UnitPath,
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
    /// admin may not edit their own record (no self-promotion). This is the scope check;
    /// [`Actor::can_act_on`] adds the subject's standing.
    pub fn can_edit_employee(&self, s: &Subject<'_>) -> bool {
        self.administers(s) && !self.is_self(s)
    }

    /// Whether `st` stands above this user: another admin or a pimpinan, or a head of a
    /// unit this user works in. An admin BKPSDM ranks above OPD admins and pimpinan
    /// accounts in personnel matters, but not above another admin BKPSDM.
    fn outranked_by(&self, st: &Standing) -> bool {
        let above_in_tree = self
            .own_unit
            .as_ref()
            .is_some_and(|mine| st.led_units.iter().any(|u| u.contains(mine)));
        let higher_role = if self.is_admin_instansi() {
            st.roles.contains(&Role::AdminInstansi)
        } else {
            !st.roles.is_empty()
        };
        higher_role || above_in_tree
    }

    /// Editing the personnel record of the subject: in scope, not oneself, and not someone
    /// with more rights (an OPD admin cannot touch other admins, pimpinan or the head of
    /// their OPD; an admin BKPSDM cannot touch another admin BKPSDM).
    pub fn can_act_on(&self, s: &Subject<'_>, st: &Standing) -> bool {
        self.can_edit_employee(s) && !self.outranked_by(st)
    }

    /// Resetting the subject's password. An OPD admin's reset of a head of JPT or
    /// Administrator rank waits for an admin BKPSDM.
    pub fn can_reset_password(&self, s: &Subject<'_>, st: &Standing) -> Decision {
        if !self.can_act_on(s, st) {
            Decision::Denied
        } else if !self.is_admin_instansi() && st.is_senior_head() {
            Decision::NeedsConfirmation
        } else {
            Decision::Allowed
        }
    }

    /// Naming `penilai` as the subject's penilai instead of the tree. Never oneself; an OPD
    /// admin names someone of their own OPD, and the change waits for an admin BKPSDM.
    /// `None` returns the subject to the penilai of the tree.
    pub fn can_set_penilai(
        &self,
        s: &Subject<'_>,
        st: &Standing,
        penilai: Option<(EmployeeId, &UnitPath)>,
    ) -> Decision {
        if !self.can_act_on(s, st) || penilai.is_some_and(|(id, _)| self.employee_id == Some(id)) {
            return Decision::Denied;
        }
        if self.is_admin_instansi() {
            return Decision::Allowed;
        }
        let in_scope = penilai
            .is_none_or(|(_, unit)| self.admin_scope().is_some_and(|scope| scope.covers(unit)));
        if in_scope {
            Decision::NeedsConfirmation
        } else {
            Decision::Denied
        }
    }

    /// Appointing a PLT/PLH. Never oneself; an OPD admin appoints someone of their own OPD
    /// into a head position of their OPD, and a head position of JPT or Administrator rank
    /// (which rates whole offices, the admin included) waits for an admin BKPSDM.
    pub fn can_appoint(&self, a: &Appointment<'_>) -> Decision {
        let Some(scope) = self.admin_scope() else {
            return Decision::Denied;
        };
        if a.instansi_id != self.instansi_id
            || self.employee_id == Some(a.appointee)
            || !scope.covers(a.unit)
        {
            return Decision::Denied;
        }
        if self.is_admin_instansi() {
            return Decision::Allowed;
        }
        if !scope.covers(a.appointee_unit) {
            return Decision::Denied;
        }
        match a.jenis_jabatan {
            JenisJabatan::Jpt | JenisJabatan::Administrator | JenisJabatan::PejabatNegara => {
                Decision::NeedsConfirmation
            }
            _ => Decision::Allowed,
        }
    }

    /// Confirming or rejecting an act that waits for four eyes: an admin BKPSDM other than
    /// the one who asked, and never on their own behalf.
    pub fn can_confirm(
        &self,
        instansi: InstansiId,
        requested_by: UserId,
        subject: Option<EmployeeId>,
    ) -> bool {
        self.can_admin_instansi(instansi)
            && requested_by != self.user_id
            && (subject.is_none() || subject != self.employee_id)
    }

    /// Individual TPP amounts (allowances) are personal: the employee, the admins of their
    /// unit and the pimpinan see them; supervisors do not (a head of three people could
    /// read each one's pay from a list or a sum).
    pub fn can_view_tpp_of(&self, s: &Subject<'_>) -> bool {
        self.same_instansi(s) && (self.is_self(s) || self.is_pimpinan() || self.administers(s))
    }

    /// The subtree whose TPP lists (per employee and per OPD) this user may read.
    pub fn tpp_scope(&self) -> Option<AdminScope> {
        if self.is_pimpinan() {
            Some(AdminScope::Instansi)
        } else {
            self.admin_scope()
        }
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
            own_unit: Some(p("/1/2/9/")),
        }
    }

    fn standing(roles: Vec<Role>, led: &[&str], jenis: JenisJabatan) -> Standing {
        Standing {
            roles,
            led_units: led.iter().map(|s| p(s)).collect(),
            jenis_jabatan: Some(jenis),
        }
    }

    fn plain() -> Standing {
        standing(vec![], &[], JenisJabatan::Pelaksana)
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

    #[test]
    fn nobody_acts_on_themself_or_on_someone_above() {
        let opd = actor(vec![Role::AdminOpd { opd: p("/1/2/") }], &[]);
        let (u3, u9, u2, u4, u45, u7) = (
            p("/1/2/3/"),
            p("/1/2/9/"),
            p("/1/2/"),
            p("/1/2/4/"),
            p("/1/2/4/5/"),
            p("/1/7/"),
        );
        let colleague = subject(11, &u3);
        assert!(opd.can_act_on(&colleague, &plain()));
        assert_eq!(
            opd.can_reset_password(&colleague, &plain()),
            Decision::Allowed
        );
        // Their own record, even though it is in scope.
        let me = subject(10, &u9);
        assert!(!opd.can_act_on(&me, &plain()));
        assert!(opd.can_reset_password(&me, &plain()).is_denied());
        // Other admins and pimpinan placed in the OPD.
        for roles in [
            vec![Role::AdminOpd { opd: p("/1/2/") }],
            vec![Role::AdminInstansi],
            vec![Role::Pimpinan],
        ] {
            let st = standing(roles, &[], JenisJabatan::Pelaksana);
            assert!(!opd.can_act_on(&colleague, &st));
            assert!(opd.can_reset_password(&colleague, &st).is_denied());
        }
        // The head of the OPD and the head of the admin's own unit stand above them.
        let kadis = standing(vec![], &["/1/2/"], JenisJabatan::Jpt);
        assert!(!opd.can_act_on(&subject(12, &u2), &kadis));
        let sekretaris = standing(vec![], &["/1/2/9/"], JenisJabatan::Administrator);
        assert!(!opd.can_act_on(&subject(13, &u9), &sekretaris));
        // A head elsewhere in the OPD is not above them, but resetting a senior head needs
        // an admin BKPSDM; a kasi's does not.
        let kabid = standing(vec![], &["/1/2/4/"], JenisJabatan::Administrator);
        let kabid_subject = subject(14, &u4);
        assert!(opd.can_act_on(&kabid_subject, &kabid));
        assert_eq!(
            opd.can_reset_password(&kabid_subject, &kabid),
            Decision::NeedsConfirmation
        );
        let kasi = standing(vec![], &["/1/2/4/5/"], JenisJabatan::Pengawas);
        assert_eq!(
            opd.can_reset_password(&subject(15, &u45), &kasi),
            Decision::Allowed
        );
        // Outside the OPD: nothing.
        assert!(
            opd.can_reset_password(&subject(16, &u7), &plain())
                .is_denied()
        );
    }

    #[test]
    fn admin_bkpsdm_does_not_act_on_another_admin_bkpsdm() {
        let mut bkpsdm = actor(vec![Role::AdminInstansi], &[]);
        bkpsdm.own_unit = None;
        let u2 = p("/1/2/");
        let s = subject(11, &u2);
        let kadis = standing(vec![], &["/1/2/"], JenisJabatan::Jpt);
        assert_eq!(bkpsdm.can_reset_password(&s, &kadis), Decision::Allowed);
        let opd_admin = standing(
            vec![Role::AdminOpd { opd: p("/1/2/") }],
            &[],
            JenisJabatan::Pelaksana,
        );
        assert!(bkpsdm.can_act_on(&s, &opd_admin));
        let peer = standing(vec![Role::AdminInstansi], &[], JenisJabatan::Pelaksana);
        assert!(!bkpsdm.can_act_on(&s, &peer));
        assert!(bkpsdm.can_reset_password(&s, &peer).is_denied());
        // An admin BKPSDM who is an employee does not act on their own superiors either.
        bkpsdm.own_unit = Some(p("/1/2/9/"));
        assert!(!bkpsdm.can_act_on(&s, &kadis));
    }

    #[test]
    fn penilai_overrides_never_name_the_admin_and_wait_for_bkpsdm() {
        let opd = actor(vec![Role::AdminOpd { opd: p("/1/2/") }], &[]);
        let u3 = p("/1/2/3/");
        let s = subject(11, &u3);
        let (u9, u4, u7) = (p("/1/2/9/"), p("/1/2/4/"), p("/1/7/"));
        assert!(
            opd.can_set_penilai(&s, &plain(), Some((10, &u9)))
                .is_denied()
        );
        assert_eq!(
            opd.can_set_penilai(&s, &plain(), Some((12, &u4))),
            Decision::NeedsConfirmation
        );
        assert_eq!(
            opd.can_set_penilai(&s, &plain(), None),
            Decision::NeedsConfirmation
        );
        assert!(
            opd.can_set_penilai(&s, &plain(), Some((12, &u7)))
                .is_denied()
        );
        let bkpsdm = actor(vec![Role::AdminInstansi], &[]);
        assert_eq!(
            bkpsdm.can_set_penilai(&s, &plain(), Some((12, &u7))),
            Decision::Allowed
        );
        assert!(
            bkpsdm
                .can_set_penilai(&s, &plain(), Some((10, &u7)))
                .is_denied()
        );
    }

    #[test]
    fn acting_appointments_stay_in_the_opd_and_senior_ones_need_four_eyes() {
        let opd = actor(vec![Role::AdminOpd { opd: p("/1/2/") }], &[]);
        let appoint = |appointee, appointee_unit: &str, unit: &str, jenis| {
            opd.can_appoint(&Appointment {
                instansi_id: 7,
                unit: &p(unit),
                jenis_jabatan: jenis,
                appointee,
                appointee_unit: &p(appointee_unit),
            })
        };
        // Themself as PLH of the Kepala Dinas: the reported attack.
        assert!(appoint(10, "/1/2/9/", "/1/2/", JenisJabatan::Jpt).is_denied());
        // Someone from another OPD, or a head outside the OPD.
        assert!(appoint(11, "/1/7/", "/1/2/4/", JenisJabatan::Administrator).is_denied());
        assert!(appoint(11, "/1/2/3/", "/1/7/", JenisJabatan::Pengawas).is_denied());
        // Senior heads wait for BKPSDM; a kasi's PLH takes effect.
        assert_eq!(
            appoint(11, "/1/2/3/", "/1/2/", JenisJabatan::Jpt),
            Decision::NeedsConfirmation
        );
        assert_eq!(
            appoint(11, "/1/2/3/", "/1/2/4/", JenisJabatan::Administrator),
            Decision::NeedsConfirmation
        );
        assert_eq!(
            appoint(11, "/1/2/3/", "/1/2/4/5/", JenisJabatan::Pengawas),
            Decision::Allowed
        );
        let bkpsdm = actor(vec![Role::AdminInstansi], &[]);
        let a = Appointment {
            instansi_id: 7,
            unit: &p("/1/2/"),
            jenis_jabatan: JenisJabatan::Jpt,
            appointee: 11,
            appointee_unit: &p("/1/7/"),
        };
        assert_eq!(bkpsdm.can_appoint(&a), Decision::Allowed);
        assert!(
            bkpsdm
                .can_appoint(&Appointment { appointee: 10, ..a })
                .is_denied()
        );
        assert!(
            bkpsdm
                .can_appoint(&Appointment {
                    instansi_id: 8,
                    ..a
                })
                .is_denied()
        );
        let plain_user = actor(vec![], &["/1/2/"]);
        assert!(plain_user.can_appoint(&a).is_denied());
    }

    #[test]
    fn confirmation_needs_a_second_admin_bkpsdm() {
        let bkpsdm = actor(vec![Role::AdminInstansi], &[]);
        assert!(bkpsdm.can_confirm(7, 2, Some(11)));
        assert!(!bkpsdm.can_confirm(7, 1, Some(11)), "not their own request");
        assert!(!bkpsdm.can_confirm(7, 2, Some(10)), "not about themself");
        assert!(!bkpsdm.can_confirm(8, 2, Some(11)));
        let opd = actor(vec![Role::AdminOpd { opd: p("/1/2/") }], &[]);
        assert!(!opd.can_confirm(7, 2, Some(11)));
    }

    #[test]
    fn tpp_amounts_are_for_the_employee_their_admins_and_the_pimpinan() {
        let path = p("/1/2/3/");
        let other = subject(11, &path);
        let head = actor(vec![], &["/1/2/"]);
        assert!(head.can_view_employee(&other));
        assert!(!head.can_view_tpp_of(&other), "supervisors do not");
        assert!(head.tpp_scope().is_none());
        assert!(head.can_view_tpp_of(&subject(10, &path)), "their own");
        let opd = actor(vec![Role::AdminOpd { opd: p("/1/2/") }], &[]);
        assert!(opd.can_view_tpp_of(&other));
        assert!(!opd.can_view_tpp_of(&subject(11, &p("/1/7/"))));
        assert_eq!(opd.tpp_scope(), Some(AdminScope::Units(vec![p("/1/2/")])));
        let bupati = actor(vec![Role::Pimpinan], &[]);
        assert!(bupati.can_view_tpp_of(&other));
        assert_eq!(bupati.tpp_scope(), Some(AdminScope::Instansi));
        let bkpsdm = actor(vec![Role::AdminInstansi], &[]);
        assert!(bkpsdm.can_view_tpp_of(&subject(11, &p("/1/7/"))));
        let other_instansi = Subject {
            instansi_id: 8,
            employee_id: 11,
            unit_path: &path,
        };
        assert!(!bkpsdm.can_view_tpp_of(&other_instansi));
    }
}
