//! Progres harian: the daily log of activities (kegiatan), each under a rencana aksi of an
//! indicator of the employee's SKP (docs/domain-rules.md §2–3). The rules here are pure:
//! dates and "today" come in as arguments.
//!
//! - An entry is a date, a time from–to on that day, the kegiatan, and a realisasi quantity
//!   in the rencana aksi's satuan.
//! - Working days are Monday to Friday, minus the instansi's holidays; a working day with
//!   no entry, no leave (cuti) and no official travel (dinas luar) is a missing day.
//! - An entry written more than the instansi's tolerance of days after its date is late:
//!   allowed, but marked.
//! - The penilai acknowledges entries (disetujui / perlu perbaikan); the realisasi of an
//!   indicator at period end is pre-filled from the sum of its approved entries.

mod coverage;
pub use coverage::*;

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A time of day in minutes since midnight (00:00 to 24:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Jam(u16);

impl Jam {
    pub const MIDNIGHT_END: Jam = Jam(24 * 60);

    pub fn minutes(self) -> u16 {
        self.0
    }

    /// `HH:MM` or `HH.MM` (how Indonesian forms write it), or `H:MM`; `24:00` is the end of
    /// the day. Anything else, including stray spaces inside, is refused.
    pub fn parse(raw: &str) -> Option<Jam> {
        let (h, m) = raw.trim().split_once([':', '.'])?;
        let ascii_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        // Minutes always have two digits ("8:5" is a typo, not 8:05).
        if !(1..=2).contains(&h.len()) || m.len() != 2 || !ascii_digits(h) || !ascii_digits(m) {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return None;
        }
        Some(Jam(h * 60 + m))
    }
}

impl std::fmt::Display for Jam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Why an entry is refused: a stable code for the message, and the field it is shown beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError {
    /// The date is not a date.
    Tanggal,
    /// The date lies after today.
    TanggalNanti,
    /// The date lies outside the period the entry belongs to.
    DiluarPeriode,
    /// A time is not a time of day.
    Jam,
    /// The end is not after the start.
    JamTerbalik,
    /// The kegiatan is empty.
    KegiatanKosong,
    /// The kegiatan is longer than [`MAX_KEGIATAN`] characters.
    KegiatanPanjang,
    /// The realisasi is not a non-negative number.
    Realisasi,
    /// The evidence link is not an http(s) address.
    Tautan,
}

impl EntryError {
    pub fn code(self) -> &'static str {
        match self {
            EntryError::Tanggal => "progres-tanggal",
            EntryError::TanggalNanti => "progres-tanggal-nanti",
            EntryError::DiluarPeriode => "progres-diluar-periode",
            EntryError::Jam => "progres-jam",
            EntryError::JamTerbalik => "progres-jam-terbalik",
            EntryError::KegiatanKosong => "progres-kegiatan-kosong",
            EntryError::KegiatanPanjang => "progres-kegiatan-panjang",
            EntryError::Realisasi => "progres-realisasi",
            EntryError::Tautan => "progres-tautan",
        }
    }

    /// The form field the reason is shown beside.
    pub fn field(self) -> &'static str {
        match self {
            EntryError::Tanggal | EntryError::TanggalNanti | EntryError::DiluarPeriode => "tanggal",
            EntryError::Jam => "jam",
            EntryError::JamTerbalik => "jam_selesai",
            EntryError::KegiatanKosong | EntryError::KegiatanPanjang => "kegiatan",
            EntryError::Realisasi => "realisasi",
            EntryError::Tautan => "tautan",
        }
    }
}

pub const MAX_KEGIATAN: usize = 2_000;

/// An entry as typed (form, API body or spreadsheet row).
#[derive(Debug, Clone, Default)]
pub struct RawEntry<'a> {
    pub tanggal: &'a str,
    pub jam_mulai: &'a str,
    pub jam_selesai: &'a str,
    pub kegiatan: &'a str,
    pub realisasi: &'a str,
    pub tautan: &'a str,
}

/// An entry that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub tanggal: NaiveDate,
    pub mulai: Jam,
    pub selesai: Jam,
    pub kegiatan: String,
    pub realisasi: f64,
    pub tautan: Option<String>,
}

impl Entry {
    pub fn minutes(&self) -> u16 {
        self.selesai.0 - self.mulai.0
    }
}

/// Checks an entry against its period `[mulai, batas]` and today; every reason is
/// returned at once so a refused form can show them all.
pub fn validate_entry(
    raw: &RawEntry<'_>,
    period: (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<Entry, Vec<EntryError>> {
    let mut errors = Vec::new();
    let tanggal = crate::periode::parse_date(raw.tanggal);
    match tanggal {
        None => errors.push(EntryError::Tanggal),
        Some(d) if d > today => errors.push(EntryError::TanggalNanti),
        Some(d) if d < period.0 || d > period.1 => errors.push(EntryError::DiluarPeriode),
        Some(_) => {}
    }
    let (mulai, selesai) = (Jam::parse(raw.jam_mulai), Jam::parse(raw.jam_selesai));
    match (mulai, selesai) {
        (Some(a), Some(b)) if b <= a => errors.push(EntryError::JamTerbalik),
        (Some(_), Some(_)) => {}
        _ => errors.push(EntryError::Jam),
    }
    // One line: runs of spaces, tabs and newlines become one space, control characters go.
    let kegiatan = raw
        .kegiatan
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(|c: char| c.is_control(), "");
    if kegiatan.is_empty() {
        errors.push(EntryError::KegiatanKosong);
    } else if kegiatan.chars().count() > MAX_KEGIATAN {
        errors.push(EntryError::KegiatanPanjang);
    }
    let realisasi = match crate::skp::parse_realisasi(raw.realisasi) {
        Ok(Some(v)) if v >= 0.0 && v.is_finite() => Some(v),
        _ => {
            errors.push(EntryError::Realisasi);
            None
        }
    };
    let tautan = raw.tautan.trim();
    let tautan = if tautan.is_empty() {
        None
    } else if is_web_link(tautan) {
        Some(tautan.to_string())
    } else {
        errors.push(EntryError::Tautan);
        None
    };
    match (tanggal, mulai, selesai, realisasi) {
        (Some(tanggal), Some(mulai), Some(selesai), Some(realisasi)) if errors.is_empty() => {
            Ok(Entry {
                tanggal,
                mulai,
                selesai,
                kegiatan,
                realisasi,
                tautan,
            })
        }
        _ => Err(errors),
    }
}

/// An evidence link people may follow: http or https, a host, no spaces or control
/// characters (a `javascript:` link is refused).
pub fn is_web_link(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && s.len() <= 2_000
                && s.chars().all(|c| {
                    c.is_ascii_graphic() || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
                })
        }
        None => false,
    }
}

/// Monday to Friday and not one of the instansi's holidays.
pub fn is_working_day(d: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// The number of working days from `from` to `to` (both included).
pub fn working_days(from: NaiveDate, to: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> u32 {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d, holidays))
        .count() as u32
}

/// Written more than `tolerance_days` calendar days after the day it is about.
pub fn is_late(tanggal: NaiveDate, written_on: NaiveDate, tolerance_days: u32) -> bool {
    (written_on - tanggal).num_days() > i64::from(tolerance_days)
}

/// Why a working day without entries does not count as missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ketidakhadiran {
    Cuti,
    DinasLuar,
}

impl Ketidakhadiran {
    pub const ALL: [Ketidakhadiran; 2] = [Ketidakhadiran::Cuti, Ketidakhadiran::DinasLuar];

    pub fn code(self) -> &'static str {
        match self {
            Ketidakhadiran::Cuti => "cuti",
            Ketidakhadiran::DinasLuar => "dinas_luar",
        }
    }

    pub fn parse(s: &str) -> Option<Ketidakhadiran> {
        Ketidakhadiran::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The working days from `from` to `to` (both included) with no entry and no leave or
/// travel: the days a person's log shows as missing.
pub fn missing_days(
    from: NaiveDate,
    to: NaiveDate,
    logged: &BTreeSet<NaiveDate>,
    away: &BTreeMap<NaiveDate, Ketidakhadiran>,
    holidays: &BTreeSet<NaiveDate>,
) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d, holidays) && !logged.contains(d) && !away.contains_key(d))
        .collect()
}

/// The penilai's acknowledgement of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pengakuan {
    Menunggu,
    Disetujui,
    PerluPerbaikan,
}

impl Pengakuan {
    pub const ALL: [Pengakuan; 3] = [
        Pengakuan::Menunggu,
        Pengakuan::Disetujui,
        Pengakuan::PerluPerbaikan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Pengakuan::Menunggu => "menunggu",
            Pengakuan::Disetujui => "disetujui",
            Pengakuan::PerluPerbaikan => "perlu_perbaikan",
        }
    }

    pub fn parse(s: &str) -> Option<Pengakuan> {
        Pengakuan::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// One entry as the realisasi sum sees it.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a> {
    pub indikator_id: i64,
    pub satuan: &'a str,
    pub realisasi: f64,
    pub pengakuan: Pengakuan,
}

/// The sum of an indicator's entries that count, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    pub total: f64,
    pub entries: usize,
    /// Entries that count but are in another satuan than the indicator's: they cannot
    /// be added to it (3 "rapat" are not 3 "laporan"), so they are left out and named.
    pub other_satuan: Vec<String>,
}

/// Satuan are compared as people write them: case, surrounding and repeated spaces aside.
pub fn same_satuan(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Whether an entry counts towards realisasi. When the instansi requires acknowledgement
/// only approved entries count; otherwise every entry but those sent back for correction.
pub fn counts(p: Pengakuan, acknowledgement_required: bool) -> bool {
    match p {
        Pengakuan::Disetujui => true,
        Pengakuan::Menunggu => !acknowledgement_required,
        Pengakuan::PerluPerbaikan => false,
    }
}

/// What the realisasi of each indicator is pre-filled with: the sum of its entries that
/// count, in the indicator's satuan (`satuan_of`); entries of an indicator not in
/// `satuan_of` are ignored.
pub fn realisasi_from_entries<'a>(
    satuan_of: &HashMap<i64, String>,
    entries: impl IntoIterator<Item = Counted<'a>>,
    acknowledgement_required: bool,
) -> HashMap<i64, Tally> {
    let mut out: HashMap<i64, Tally> = HashMap::new();
    for e in entries {
        let Some(satuan) = satuan_of.get(&e.indikator_id) else {
            continue;
        };
        if !counts(e.pengakuan, acknowledgement_required) {
            continue;
        }
        let t = out.entry(e.indikator_id).or_default();
        if same_satuan(satuan, e.satuan) {
            t.total += e.realisasi;
            t.entries += 1;
        } else if !t.other_satuan.iter().any(|s| same_satuan(s, e.satuan)) {
            t.other_satuan.push(e.satuan.trim().to_string());
        }
    }
    out
}

/// The log of a period can no longer change once the penilai has rated it: the rating
/// rests on the record as it stood (docs/domain-rules.md §12).
pub fn log_locked(status: crate::penilaian::EvaluasiStatus) -> bool {
    use crate::penilaian::EvaluasiStatus as S;
    !matches!(status, S::Draft | S::DinilaiSendiri)
}

/// The Monday of the week `d` falls in.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Minutes logged per day of the week starting at `monday` (index 0 = Monday).
pub fn week_minutes(monday: NaiveDate, entries: &[(NaiveDate, u16)]) -> [u32; 7] {
    let mut out = [0u32; 7];
    for (d, minutes) in entries {
        let i = (*d - monday).num_days();
        if (0..7).contains(&i) {
            out[i as usize] += u32::from(*minutes);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn times_of_day_are_read_as_forms_write_them_and_nothing_else() {
        for (raw, minutes) in [
            ("08:00", 480),
            ("8:30", 510),
            ("16.45", 1005),
            (" 07:05 ", 425),
            ("00:00", 0),
            ("24:00", 1440),
        ] {
            assert_eq!(Jam::parse(raw).map(Jam::minutes), Some(minutes), "{raw}");
        }
        for raw in [
            "",
            "8",
            "8:5",
            "8:005",
            "24:01",
            "25:00",
            "12:60",
            "-1:00",
            "1 2:00",
            "12:3 0",
            "٠٨:٠٠",
            "08：00",
            "+8:00",
            "08:00:00",
        ] {
            assert_eq!(Jam::parse(raw), None, "{raw:?}");
        }
        assert_eq!(Jam::parse("7:05").unwrap().to_string(), "07:05");
    }

    fn raw<'a>() -> RawEntry<'a> {
        RawEntry {
            tanggal: "2026-03-02",
            jam_mulai: "08:00",
            jam_selesai: "09:30",
            kegiatan: "Menyusun laporan  bulanan",
            realisasi: "1",
            tautan: "",
        }
    }

    const Q1: (&str, &str) = ("2026-01-01", "2026-03-31");

    fn q1() -> (NaiveDate, NaiveDate) {
        (d(Q1.0), d(Q1.1))
    }

    #[test]
    fn a_routine_entry_is_accepted_with_its_minutes() {
        let e = validate_entry(&raw(), q1(), d("2026-03-02")).unwrap();
        assert_eq!(e.minutes(), 90);
        assert_eq!(e.kegiatan, "Menyusun laporan bulanan");
        assert_eq!(e.tautan, None);
    }

    #[test]
    fn every_reason_is_given_at_once() {
        let bad = RawEntry {
            tanggal: "2026-03-03",
            jam_mulai: "10:00",
            jam_selesai: "09:00",
            kegiatan: "  ",
            realisasi: "-2",
            tautan: "javascript:alert(1)",
        };
        let errs = validate_entry(&bad, q1(), d("2026-03-02")).unwrap_err();
        assert_eq!(
            errs,
            vec![
                EntryError::TanggalNanti,
                EntryError::JamTerbalik,
                EntryError::KegiatanKosong,
                EntryError::Realisasi,
                EntryError::Tautan
            ]
        );
        let outside = RawEntry {
            tanggal: "2025-12-31",
            ..raw()
        };
        assert_eq!(
            validate_entry(&outside, q1(), d("2026-03-02")).unwrap_err(),
            vec![EntryError::DiluarPeriode]
        );
    }

    #[test]
    fn links_are_web_addresses_only() {
        assert!(is_web_link("https://drive.example.id/berkas?id=1"));
        assert!(is_web_link("http://intra.lampungutarakab.go.id/laporan"));
        for bad in [
            "javascript:alert(1)",
            "https://",
            "ftp://x",
            "https://a b",
            "https:///x",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }

    #[test]
    fn missing_days_skip_weekends_holidays_leave_and_logged_days() {
        // 2026-03-02 is a Monday.
        let holidays: BTreeSet<_> = [d("2026-03-04")].into();
        let logged: BTreeSet<_> = [d("2026-03-02")].into();
        let away: BTreeMap<_, _> = [(d("2026-03-05"), Ketidakhadiran::DinasLuar)].into();
        assert_eq!(
            missing_days(d("2026-03-02"), d("2026-03-09"), &logged, &away, &holidays),
            vec![d("2026-03-03"), d("2026-03-06"), d("2026-03-09")]
        );
        assert!(
            missing_days(d("2026-03-09"), d("2026-03-02"), &logged, &away, &holidays).is_empty()
        );
        // Two weeks, one holiday: nine working days, leave does not change that.
        assert_eq!(working_days(d("2026-03-02"), d("2026-03-15"), &holidays), 9);
        assert_eq!(working_days(d("2026-03-07"), d("2026-03-08"), &holidays), 0);
    }

    #[test]
    fn lateness_is_beyond_the_tolerance_only() {
        assert!(!is_late(d("2026-03-02"), d("2026-03-05"), 3));
        assert!(is_late(d("2026-03-02"), d("2026-03-06"), 3));
        assert!(!is_late(d("2026-03-02"), d("2026-03-02"), 0));
    }

    #[test]
    fn realisasi_counts_what_the_instansi_counts_in_the_indicators_satuan() {
        let satuan: HashMap<i64, String> =
            [(1, "Laporan".to_string()), (2, "dokumen".to_string())].into();
        let e = |indikator_id, satuan, realisasi, pengakuan| Counted {
            indikator_id,
            satuan,
            realisasi,
            pengakuan,
        };
        let entries = [
            e(1, "laporan", 2.0, Pengakuan::Disetujui),
            e(1, " LAPORAN ", 3.0, Pengakuan::Menunggu),
            e(1, "laporan", 5.0, Pengakuan::PerluPerbaikan),
            e(1, "rapat", 4.0, Pengakuan::Disetujui),
            e(1, "Rapat", 1.0, Pengakuan::Disetujui),
            e(2, "dokumen", 1.5, Pengakuan::Disetujui),
            e(9, "dokumen", 7.0, Pengakuan::Disetujui),
        ];
        let strict = realisasi_from_entries(&satuan, entries, true);
        assert_eq!(strict[&1].total, 2.0);
        assert_eq!(strict[&1].entries, 1);
        assert_eq!(strict[&1].other_satuan, vec!["rapat".to_string()]);
        assert_eq!(strict[&2].total, 1.5);
        assert!(!strict.contains_key(&9), "not an indicator of this plan");
        let open = realisasi_from_entries(&satuan, entries, false);
        assert_eq!(open[&1].total, 5.0);
        assert_eq!(open[&1].entries, 2);
    }

    #[test]
    fn the_log_locks_once_the_penilai_has_rated() {
        use crate::penilaian::EvaluasiStatus as S;
        assert!(!log_locked(S::Draft));
        assert!(!log_locked(S::DinilaiSendiri));
        for s in [S::Dinilai, S::Ditetapkan, S::Keberatan, S::Diputuskan] {
            assert!(log_locked(s), "{s:?}");
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(d("2026-03-08")), d("2026-03-02"));
        assert_eq!(monday_of(d("2026-03-02")), d("2026-03-02"));
        assert_eq!(monday_of(d("2026-03-04")), d("2026-03-02"));
    }

    #[test]
    fn week_totals_fall_on_their_day() {
        let monday = d("2026-03-02");
        let totals = week_minutes(
            monday,
            &[
                (d("2026-03-02"), 90),
                (d("2026-03-02"), 30),
                (d("2026-03-06"), 60),
                (d("2026-03-09"), 5),
            ],
        );
        assert_eq!(totals, [120, 0, 0, 0, 60, 0, 0]);
    }

    #[test]
    fn codes_round_trip() {
        for p in Pengakuan::ALL {
            assert_eq!(Pengakuan::parse(p.code()), Some(p));
        }
        for k in Ketidakhadiran::ALL {
            assert_eq!(Ketidakhadiran::parse(k.code()), Some(k));
        }
        assert_eq!(Pengakuan::parse("Disetujui"), None);
    }
}
