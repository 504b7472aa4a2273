//! The evaluation year and its periods (docs/domain-rules.md §2): periodic evaluations (quarterly by
//! default, monthly or per semester selectable) and the annual evaluation (AKHIR).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisPeriode {
    Bulanan,
    Triwulanan,
    Semesteran,
}

impl JenisPeriode {
    pub const ALL: [JenisPeriode; 3] = [
        JenisPeriode::Bulanan,
        JenisPeriode::Triwulanan,
        JenisPeriode::Semesteran,
    ];

    pub fn code(self) -> &'static str {
        match self {
            JenisPeriode::Bulanan => "bulanan",
            JenisPeriode::Triwulanan => "triwulanan",
            JenisPeriode::Semesteran => "semesteran",
        }
    }

    pub fn parse(s: &str) -> Option<JenisPeriode> {
        JenisPeriode::ALL
            .into_iter()
            .find(|j| j.code() == s.trim().to_lowercase())
    }

    fn months(self) -> u32 {
        match self {
            JenisPeriode::Bulanan => 1,
            JenisPeriode::Triwulanan => 3,
            JenisPeriode::Semesteran => 6,
        }
    }
}

/// One period of a year, as generated; admins may move the dates afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodeSpec {
    /// Stable code: "TW1".."TW4", "B01".."B12", "S1", "S2", "AKHIR".
    pub kode: String,
    /// As printed: "TRIWULAN I", "JANUARI", "SEMESTER I", "AKHIR".
    pub nama: String,
    pub mulai: NaiveDate,
    pub selesai: NaiveDate,
    /// Last day for filling in realisasi and assessments.
    pub batas: NaiveDate,
    pub akhir: bool,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
const BULAN: [&str; 12] = [
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
];

fn last_day(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid") - Duration::days(1)
}

/// The periods of `tahun` and the annual evaluation, each with a filling deadline
/// `hari_batas` days after its end.
pub fn periods_for(tahun: i32, jenis: JenisPeriode, hari_batas: u32) -> Vec<PeriodeSpec> {
    let step = jenis.months();
    let mut out = Vec::new();
    for (i, start_month) in (1..=12).step_by(step as usize).enumerate() {
        let mulai = NaiveDate::from_ymd_opt(tahun, start_month, 1).expect("valid");
        let selesai = last_day(tahun, start_month + step - 1);
        let (kode, nama) = match jenis {
            JenisPeriode::Bulanan => (format!("B{:02}", i + 1), BULAN[i].to_string()),
            JenisPeriode::Triwulanan => (format!("TW{}", i + 1), format!("TRIWULAN {}", ROMAN[i])),
            JenisPeriode::Semesteran => (format!("S{}", i + 1), format!("SEMESTER {}", ROMAN[i])),
        };
        out.push(PeriodeSpec {
            kode,
            nama,
            mulai,
            selesai,
            batas: selesai + Duration::days(hari_batas as i64),
            akhir: false,
        });
    }
    let mulai = NaiveDate::from_ymd_opt(tahun, 1, 1).expect("valid");
    let selesai = NaiveDate::from_ymd_opt(tahun, 12, 31).expect("valid");
    out.push(PeriodeSpec {
        kode: "AKHIR".into(),
        nama: "AKHIR".into(),
        mulai,
        selesai,
        batas: selesai + Duration::days(hari_batas as i64),
        akhir: true,
    });
    out
}

/// The default planning deadline: the end of January (docs/domain-rules.md §2).
pub fn batas_perencanaan(tahun: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(tahun, 1, 31).expect("valid")
}

/// Problems with admin-edited periods: each must lie in the year, end after it starts, and
/// the periodic ones must not overlap.
pub fn check_periods(tahun: i32, periods: &[PeriodeSpec]) -> Vec<(usize, &'static str)> {
    let mut problems = Vec::new();
    for (i, p) in periods.iter().enumerate() {
        if p.mulai.year() != tahun || p.selesai.year() != tahun {
            problems.push((i, "period-outside-year"));
        }
        if p.selesai < p.mulai {
            problems.push((i, "date-end-before-start"));
        }
        if p.batas < p.selesai {
            problems.push((i, "period-deadline-before-end"));
        }
    }
    let mut periodic: Vec<(usize, &PeriodeSpec)> = periods
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.akhir)
        .collect();
    periodic.sort_by_key(|(_, p)| p.mulai);
    for w in periodic.windows(2) {
        if w[1].1.mulai <= w[0].1.selesai {
            problems.push((w[1].0, "period-overlap"));
        }
    }
    problems
}

/// A date as people type it: `2026-01-31` (the date input's value), `31-01-2026` or
/// `31/01/2026`. Anything else is `None`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let t = raw.trim();
    ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_cover_the_year_without_gaps() {
        let p = periods_for(2026, JenisPeriode::Triwulanan, 10);
        assert_eq!(p.len(), 5);
        assert_eq!(p[0].nama, "TRIWULAN I");
        assert_eq!((p[0].mulai, p[0].selesai), (d(2026, 1, 1), d(2026, 3, 31)));
        assert_eq!(
            (p[3].mulai, p[3].selesai),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(p[1].batas, d(2026, 7, 10));
        assert!(p[4].akhir && p[4].kode == "AKHIR");
        for w in p[..4].windows(2) {
            assert_eq!(w[0].selesai + Duration::days(1), w[1].mulai);
        }
        assert!(check_periods(2026, &p).is_empty());
    }

    #[test]
    fn months_and_semesters() {
        let m = periods_for(2024, JenisPeriode::Bulanan, 5);
        assert_eq!(m.len(), 13);
        assert_eq!(m[1].selesai, d(2024, 2, 29), "leap year");
        assert_eq!(m[11].nama, "DESEMBER");
        let s = periods_for(2026, JenisPeriode::Semesteran, 10);
        assert_eq!(
            s.iter().map(|p| p.nama.as_str()).collect::<Vec<_>>(),
            vec!["SEMESTER I", "SEMESTER II", "AKHIR"]
        );
    }

    #[test]
    fn bad_edits_are_found() {
        let mut p = periods_for(2026, JenisPeriode::Triwulanan, 10);
        p[1].mulai = d(2026, 3, 15);
        p[2].selesai = d(2026, 6, 1);
        p[3].batas = d(2026, 12, 1);
        let codes: Vec<&str> = check_periods(2026, &p)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert!(codes.contains(&"period-overlap"));
        assert!(codes.contains(&"date-end-before-start"));
        assert!(codes.contains(&"period-deadline-before-end"));
    }
}
