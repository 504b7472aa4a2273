//! "Tugas saya": what a person has to do next, in the order they should do it.
//!
//! The services gather the facts (the person's plan of the year, the period being filled,
//! the counts of what waits for them as penilai); this module decides which tasks exist,
//! their deadline and whether they are overdue. Nothing here reads a clock: today is an
//! argument.

use chrono::NaiveDate;

use crate::penilaian::EvaluasiStatus;
use crate::skp::SkpStatus;

/// One kind of open task. Each has one button on the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TugasKind {
    /// No plan for the year yet: write one.
    BuatSkp,
    /// The plan is a draft: complete it and send it to the penilai.
    AjukanSkp,
    /// The penilai returned the plan: correct it and send it again.
    PerbaikiSkp,
    /// The plan waits for the penilai (nothing to do but wait; shown so nobody wonders).
    SkpMenunggu,
    /// The period's realisasi and self-assessment are to be filled and sent.
    IsiPenilaian,
    /// The self-assessment was sent; the penilai rates it.
    PenilaianMenunggu,
    /// Plans of the person's staff waiting for their decision.
    SetujuiSkp,
    /// Self-assessments of their staff waiting for their rating.
    NilaiPegawai,
    /// Objections waiting for their explanation (as penilai) or decision (as atasan).
    Keberatan,
    /// Colleagues asked for their input on someone's behaviour.
    Masukan,
    /// Daily log entries of their staff waiting for acknowledgement.
    AkuiProgres,
    /// Sensitive changes another admin asked for, waiting for this admin's confirmation.
    Konfirmasi,
}

impl TugasKind {
    /// Whether the task only waits on someone else: shown so nobody wonders, never counted.
    pub fn is_waiting(self) -> bool {
        matches!(self, TugasKind::SkpMenunggu | TugasKind::PenilaianMenunggu)
    }
}

/// One open task: its kind, how many items it covers (1 for one's own plan), its deadline
/// when the rules give one, and whether that deadline has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tugas {
    pub kind: TugasKind,
    pub count: i64,
    pub deadline: Option<NaiveDate>,
    pub overdue: bool,
}

/// The person's own plan of the year, as far as the task list needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnPlan {
    pub status: SkpStatus,
    /// A revision of an approved plan (mid-year): the planning deadline does not apply.
    pub revision: bool,
}

/// The period being filled for the person's approved plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnPeriod {
    pub batas: NaiveDate,
    /// None when the evaluation of the period has not been opened yet.
    pub status: Option<EvaluasiStatus>,
}

/// What the services found about one signed-in person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Whether the person writes an SKP at all (an employee who is not a pejabat negara).
    pub writes_skp: bool,
    /// The plan year in progress and its planning deadline, when there is one.
    pub batas_perencanaan: Option<NaiveDate>,
    /// The person's plan of that year, if any (a closed plan does not count).
    pub plan: Option<OwnPlan>,
    pub period: Option<OwnPeriod>,
    /// Plans waiting for the person's decision, and the oldest submission day among them.
    pub plans_waiting: i64,
    pub oldest_plan_waiting: Option<NaiveDate>,
    /// Self-assessments waiting for the person's rating, and the earliest period deadline.
    pub ratings_waiting: i64,
    pub ratings_batas: Option<NaiveDate>,
    pub objections: i64,
    pub masukan: i64,
    pub progres: i64,
    pub confirmations: i64,
}

/// Days a submitted plan may wait for the penilai before the task turns red. The rules set
/// no deadline for the decision; a week is what BKPSDM asks of supervisors.
pub const PLAN_DECISION_DAYS: i64 = 7;

/// The open tasks, the person's own first (plan, then period), then what waits for them as
/// penilai, colleague or atasan. Overdue tasks keep their place: the order is the order of
/// work, and the colour says what is late.
pub fn tasks(f: &Facts, today: NaiveDate) -> Vec<Tugas> {
    let mut out = Vec::new();
    let late = |d: Option<NaiveDate>| d.is_some_and(|d| today > d);
    if f.writes_skp {
        if let Some(batas) = f.batas_perencanaan {
            let revision = f.plan.is_some_and(|p| p.revision);
            let own = match f.plan.map(|p| p.status) {
                None => Some(TugasKind::BuatSkp),
                Some(SkpStatus::Draft) => Some(TugasKind::AjukanSkp),
                Some(SkpStatus::Dikembalikan) => Some(TugasKind::PerbaikiSkp),
                Some(SkpStatus::Diajukan) => Some(TugasKind::SkpMenunggu),
                Some(SkpStatus::Disetujui) => None,
            };
            if let Some(kind) = own {
                let deadline = (!revision).then_some(batas);
                out.push(Tugas {
                    kind,
                    count: 1,
                    deadline,
                    // Waiting is not the person's delay.
                    overdue: !kind.is_waiting() && late(deadline),
                });
            }
        }
        if let Some(p) = f.period {
            let kind = match p.status {
                None | Some(EvaluasiStatus::Draft) => Some(TugasKind::IsiPenilaian),
                Some(EvaluasiStatus::DinilaiSendiri) => Some(TugasKind::PenilaianMenunggu),
                _ => None,
            };
            if let Some(kind) = kind {
                out.push(Tugas {
                    kind,
                    count: 1,
                    deadline: Some(p.batas),
                    overdue: !kind.is_waiting() && late(Some(p.batas)),
                });
            }
        }
    }
    let plan_deadline = f
        .oldest_plan_waiting
        .map(|d| d + chrono::Duration::days(PLAN_DECISION_DAYS));
    for (kind, count, deadline) in [
        (TugasKind::SetujuiSkp, f.plans_waiting, plan_deadline),
        (TugasKind::NilaiPegawai, f.ratings_waiting, f.ratings_batas),
        (TugasKind::Keberatan, f.objections, None),
        (TugasKind::Masukan, f.masukan, None),
        (TugasKind::AkuiProgres, f.progres, None),
        (TugasKind::Konfirmasi, f.confirmations, None),
    ] {
        if count > 0 {
            out.push(Tugas {
                kind,
                count,
                deadline,
                overdue: late(deadline),
            });
        }
    }
    out
}

/// How many tasks ask something of the person (waiting ones excluded): the count beside
/// the menu's home entry.
pub fn open_count(tasks: &[Tugas]) -> i64 {
    tasks
        .iter()
        .filter(|t| !t.kind.is_waiting())
        .map(|t| t.count)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn pelaksana() -> Facts {
        Facts {
            writes_skp: true,
            batas_perencanaan: Some(d(2026, 1, 31)),
            ..Facts::default()
        }
    }

    fn kinds(t: &[Tugas]) -> Vec<TugasKind> {
        t.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn every_plan_state_gives_its_next_step() {
        let cases = [
            (None, Some(TugasKind::BuatSkp)),
            (Some(SkpStatus::Draft), Some(TugasKind::AjukanSkp)),
            (Some(SkpStatus::Dikembalikan), Some(TugasKind::PerbaikiSkp)),
            (Some(SkpStatus::Diajukan), Some(TugasKind::SkpMenunggu)),
            (Some(SkpStatus::Disetujui), None),
        ];
        for (status, want) in cases {
            let f = Facts {
                plan: status.map(|status| OwnPlan {
                    status,
                    revision: false,
                }),
                ..pelaksana()
            };
            let got = tasks(&f, d(2026, 1, 10));
            assert_eq!(got.first().map(|t| t.kind), want, "{status:?}");
        }
    }

    #[test]
    fn a_missed_planning_deadline_is_red_but_waiting_never_is() {
        let after = d(2026, 2, 1);
        let on_the_day = d(2026, 1, 31);
        let draft = Facts {
            plan: Some(OwnPlan {
                status: SkpStatus::Draft,
                revision: false,
            }),
            ..pelaksana()
        };
        assert!(tasks(&draft, after)[0].overdue);
        assert!(!tasks(&draft, on_the_day)[0].overdue);
        let revising = Facts {
            plan: Some(OwnPlan {
                status: SkpStatus::Draft,
                revision: true,
            }),
            ..pelaksana()
        };
        let t = tasks(&revising, d(2026, 7, 1));
        assert_eq!(
            (t[0].kind, t[0].deadline, t[0].overdue),
            (TugasKind::AjukanSkp, None, false)
        );
        let waiting = Facts {
            plan: Some(OwnPlan {
                status: SkpStatus::Diajukan,
                revision: false,
            }),
            ..pelaksana()
        };
        assert!(!tasks(&waiting, after)[0].overdue);
        assert_eq!(open_count(&tasks(&waiting, after)), 0);
    }

    #[test]
    fn a_pejabat_negara_has_no_plan_of_their_own_but_decides_plans() {
        let bupati = Facts {
            writes_skp: false,
            batas_perencanaan: Some(d(2026, 1, 31)),
            plans_waiting: 1,
            oldest_plan_waiting: Some(d(2026, 1, 28)),
            ..Facts::default()
        };
        let t = tasks(&bupati, d(2026, 3, 1));
        assert_eq!(kinds(&t), vec![TugasKind::SetujuiSkp]);
        assert_eq!(t[0].deadline, Some(d(2026, 2, 4)));
        assert!(t[0].overdue, "waiting since 28 January is late by March");
        assert_eq!(open_count(&t), 1);
    }

    #[test]
    fn the_period_task_follows_the_evaluation() {
        let base = Facts {
            plan: Some(OwnPlan {
                status: SkpStatus::Disetujui,
                revision: false,
            }),
            ..pelaksana()
        };
        let with = |status| Facts {
            period: Some(OwnPeriod {
                batas: d(2026, 4, 10),
                status,
            }),
            ..base.clone()
        };
        let today = d(2026, 4, 1);
        assert_eq!(kinds(&tasks(&with(None), today)), [TugasKind::IsiPenilaian]);
        assert_eq!(
            kinds(&tasks(&with(Some(EvaluasiStatus::Draft)), today)),
            [TugasKind::IsiPenilaian]
        );
        assert_eq!(
            kinds(&tasks(&with(Some(EvaluasiStatus::DinilaiSendiri)), today)),
            [TugasKind::PenilaianMenunggu]
        );
        assert!(tasks(&with(Some(EvaluasiStatus::Dinilai)), today).is_empty());
        assert!(tasks(&with(None), d(2026, 4, 11))[0].overdue);
    }

    #[test]
    fn supervisor_counts_come_after_own_work_and_sum_on_the_menu() {
        let f = Facts {
            plan: Some(OwnPlan {
                status: SkpStatus::Draft,
                revision: false,
            }),
            plans_waiting: 3,
            oldest_plan_waiting: Some(d(2026, 1, 20)),
            ratings_waiting: 2,
            ratings_batas: Some(d(2026, 4, 10)),
            objections: 1,
            masukan: 4,
            progres: 5,
            confirmations: 6,
            ..pelaksana()
        };
        let t = tasks(&f, d(2026, 1, 25));
        assert_eq!(
            kinds(&t),
            [
                TugasKind::AjukanSkp,
                TugasKind::SetujuiSkp,
                TugasKind::NilaiPegawai,
                TugasKind::Keberatan,
                TugasKind::Masukan,
                TugasKind::AkuiProgres,
                TugasKind::Konfirmasi
            ]
        );
        assert_eq!(open_count(&t), 1 + 3 + 2 + 1 + 4 + 5 + 6);
        assert!(t.iter().all(|t| !t.overdue));
    }

    #[test]
    fn nothing_to_do_gives_an_empty_list() {
        let f = Facts {
            plan: Some(OwnPlan {
                status: SkpStatus::Disetujui,
                revision: false,
            }),
            ..pelaksana()
        };
        assert!(tasks(&f, d(2026, 6, 1)).is_empty());
        assert!(tasks(&Facts::default(), d(2026, 6, 1)).is_empty());
    }
}
