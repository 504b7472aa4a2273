//! Activity coverage of a group of employees (docs/domain-rules.md §12): how many of the
//! working days that should carry an entry do, how many entries the penilai acknowledged,
//! and who has written nothing for the last N working days.

use super::is_working_day;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The figures of one group (a unit over its subtree) over some working days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Active employees of the group.
    pub employees: u64,
    /// Employee-days that should carry an entry: each employee's working days, less the
    /// days marked as leave or official travel.
    pub expected_days: u64,
    /// Employee working days with at least one entry.
    pub logged_days: u64,
    pub entries: u64,
    /// Entries the penilai marked disetujui.
    pub acknowledged: u64,
    /// Employees with neither an entry nor a leave or travel day on the last N working days.
    pub silent: u64,
}

impl Coverage {
    /// Share (0–1) of the expected days that carry an entry; none when no day was expected.
    /// A day logged while on leave counts as logged, so the share is capped at 1.
    pub fn logged_share(&self) -> Option<f64> {
        (self.expected_days > 0)
            .then(|| self.logged_days.min(self.expected_days) as f64 / self.expected_days as f64)
    }

    /// Share (0–1) of the entries acknowledged as disetujui; none without entries.
    pub fn acknowledged_share(&self) -> Option<f64> {
        (self.entries > 0).then(|| self.acknowledged.min(self.entries) as f64 / self.entries as f64)
    }

    /// Adds another group's figures (a sub-unit into its parent).
    pub fn add(&mut self, o: &Coverage) {
        self.employees += o.employees;
        self.expected_days += o.expected_days;
        self.logged_days += o.logged_days;
        self.entries += o.entries;
        self.acknowledged += o.acknowledged;
        self.silent += o.silent;
    }

    /// Sets the expected days from the employees and the leave or travel days counted on
    /// working days: never below zero.
    pub fn expect(&mut self, working_days: u32, away_days: u64) {
        self.expected_days = (self.employees * u64::from(working_days)).saturating_sub(away_days);
    }
}

/// Looking back at most this far for the working days of a window (a year of holidays
/// could not hide more).
const LOOK_BACK_DAYS: usize = 400;

/// The last `n` working days before `today` (today itself may still be filled in), as
/// (first, last); none when `n` is zero or no working day lies within a long look-back.
pub fn last_working_days(
    today: NaiveDate,
    n: u32,
    holidays: &BTreeSet<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    if n == 0 {
        return None;
    }
    let mut days = today
        .pred_opt()?
        .iter_days()
        .rev()
        .take(LOOK_BACK_DAYS)
        .filter(|d| is_working_day(*d, holidays));
    let last = days.next()?;
    let first = if n == 1 {
        last
    } else {
        days.nth(n as usize - 2)?
    };
    Some((first, last))
}

/// The days of a period that coverage counts: from its first day up to yesterday (today may
/// still be filled in), at most its last day; none before the period has a past day.
pub fn counted_days(
    mulai: NaiveDate,
    selesai: NaiveDate,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let to = selesai.min(today.pred_opt()?);
    (mulai <= to).then_some((mulai, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_window_of_silent_days_skips_today_weekends_and_holidays() {
        let none = BTreeSet::new();
        // Wednesday 2026-12-09: the last working day before it is Tuesday.
        assert_eq!(
            last_working_days(d("2026-12-09"), 1, &none),
            Some((d("2026-12-08"), d("2026-12-08")))
        );
        // Five working days back from a Monday: Monday to Friday of the week before.
        assert_eq!(
            last_working_days(d("2026-12-14"), 5, &none),
            Some((d("2026-12-07"), d("2026-12-11")))
        );
        // A holiday on Thursday pushes the window one working day further back.
        let libur: BTreeSet<_> = [d("2026-12-10")].into();
        assert_eq!(
            last_working_days(d("2026-12-14"), 5, &libur),
            Some((d("2026-12-04"), d("2026-12-11")))
        );
        assert_eq!(last_working_days(d("2026-12-14"), 0, &none), None);
    }

    #[test]
    fn coverage_counts_up_to_yesterday_inside_the_period() {
        let (m, s) = (d("2026-10-01"), d("2026-12-31"));
        assert_eq!(
            counted_days(m, s, d("2026-12-07")),
            Some((m, d("2026-12-06")))
        );
        assert_eq!(counted_days(m, s, d("2027-02-01")), Some((m, s)));
        // The period's first day is today: nothing is counted yet.
        assert_eq!(counted_days(m, s, m), None);
        assert_eq!(counted_days(m, s, d("2026-09-01")), None);
    }

    #[test]
    fn shares_of_a_group() {
        let mut c = Coverage {
            employees: 3,
            logged_days: 20,
            entries: 40,
            acknowledged: 10,
            ..Coverage::default()
        };
        // Three people over ten working days, five of them on leave: 25 days expected.
        c.expect(10, 5);
        assert_eq!(c.expected_days, 25);
        assert_eq!(c.logged_share(), Some(0.8));
        assert_eq!(c.acknowledged_share(), Some(0.25));
        let empty = Coverage::default();
        assert_eq!(empty.logged_share(), None);
        assert_eq!(empty.acknowledged_share(), None);
        let mut sum = empty;
        sum.add(&c);
        sum.add(&c);
        assert_eq!(sum.expected_days, 50);
        assert_eq!(sum.logged_share(), Some(0.8));
    }

    proptest! {
        #[test]
        fn shares_stay_between_zero_and_one(
            employees in 0u64..10_000,
            working in 0u32..400,
            away in 0u64..5_000_000,
            logged in 0u64..5_000_000,
            entries in 0u64..5_000_000,
            acknowledged in 0u64..5_000_000,
        ) {
            let mut c = Coverage { employees, logged_days: logged, entries, acknowledged, ..Coverage::default() };
            c.expect(working, away);
            prop_assert!(c.expected_days <= employees * u64::from(working));
            for s in [c.logged_share(), c.acknowledged_share()].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&s));
            }
        }

        #[test]
        fn the_window_holds_exactly_n_working_days_before_today(
            days in 0i64..20_000,
            n in 1u32..30,
            holidays in proptest::collection::btree_set(0i64..60, 0..10),
        ) {
            let today = d("2000-01-01") + chrono::Duration::days(days);
            let libur: BTreeSet<NaiveDate> =
                holidays.iter().map(|h| today - chrono::Duration::days(*h)).collect();
            let (first, last) = last_working_days(today, n, &libur).unwrap();
            prop_assert!(last < today);
            prop_assert_eq!(super::super::working_days(first, last, &libur), n);
            prop_assert_eq!(super::super::working_days(last.succ_opt().unwrap(), today.pred_opt().unwrap(), &libur), 0);
        }
    }
}
