//! Every parser of the domain on arbitrary Unicode: none may panic, and what they accept
//! is well-formed. People paste from spreadsheets, PDFs and chat apps; an import or a form
//! must answer with a reason, never crash.

use chrono::NaiveDate;
use kinerja_domain::jabatan::{JenisJabatan, Jenjang};
use kinerja_domain::nip::{JenisAsn, JenisKelamin, Nip};
use kinerja_domain::org::{ActingKind, JenisUnit};
use kinerja_domain::pengembangan::Sasaran;
use kinerja_domain::penilaian::{CapaianOrganisasi, EvaluasiStatus, Predikat, Rating};
use kinerja_domain::periode::{JenisPeriode, parse_date};
use kinerja_domain::skp::{JenisRhk, Pendekatan, SkpStatus, parse_target};
use kinerja_domain::{Golongan, bukti, text};
use proptest::prelude::*;

const JENIS: [JenisAsn; 4] = [
    JenisAsn::Pns,
    JenisAsn::Pppk,
    JenisAsn::PppkParuhWaktu,
    JenisAsn::PejabatNegara,
];

/// Arbitrary text, biased towards what breaks byte-slicing parsers: combining marks,
/// wide and multi-byte characters next to the ASCII that the parsers look for.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC*",
        "[IVX0-9/a-eá-é̃ー／ ]{0,8}",
        "[0-9 .'\u{a0}\u{200b}٠-٩]{0,24}",
        "[0-9.,\\-–— e+NaNinf]{0,12}",
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn golongan_never_panics_and_round_trips(s in tricky()) {
        for j in JENIS {
            if let Ok(g) = Golongan::parse(&s, j) {
                prop_assert_eq!(Golongan::from_code(g.code()), Some(g));
                prop_assert_eq!(Golongan::parse(g.code(), j), Ok(g));
            }
        }
    }

    #[test]
    fn nip_never_panics_and_accepts_only_18_digits(s in tricky()) {
        let _ = Nip::normalize(&s);
        for j in JENIS {
            if let Ok((n, _)) = Nip::parse(&s, j, today()) {
                prop_assert_eq!(n.as_str().len(), 18);
                prop_assert!(n.as_str().bytes().all(|b| b.is_ascii_digit()));
                let _ = n.display_spaced(j);
            }
        }
    }

    #[test]
    fn codes_never_panic(s in tricky()) {
        let _ = JenisAsn::parse(&s);
        let _ = JenisKelamin::parse(&s);
        let _ = JenisJabatan::parse(&s);
        let _ = Jenjang::parse(&s);
        let _ = JenisUnit::parse(&s);
        let _ = ActingKind::parse(&s);
        let _ = JenisPeriode::parse(&s);
        let _ = SkpStatus::parse(&s);
        let _ = JenisRhk::parse(&s);
        let _ = Pendekatan::parse(&s);
        let _ = Rating::parse(&s);
        let _ = Predikat::parse(&s);
        let _ = CapaianOrganisasi::parse(&s);
        let _ = EvaluasiStatus::parse(&s);
        let _ = Sasaran::parse(&s);
    }

    #[test]
    fn targets_are_finite_and_ordered(s in tricky()) {
        if let Ok((min, max)) = parse_target(&s) {
            prop_assert!(min.is_finite() && min >= 0.0);
            if let Some(max) = max {
                prop_assert!(max.is_finite() && max > min);
            }
        }
    }

    #[test]
    fn dates_never_panic(s in tricky()) {
        let _ = parse_date(&s);
    }

    #[test]
    fn one_line_text_has_no_control_characters(s in tricky()) {
        if text::is_single_line(&s) {
            prop_assert!(!s.contains(['\n', '\r', '\t', '\0']));
        }
        let _ = text::is_clean_multiline(&s);
    }

    #[test]
    fn evidence_kind_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = bukti::periksa(&bytes, 500, |_| None);
    }

    #[test]
    fn stored_file_names_are_always_clean(s in tricky()) {
        for jenis in [bukti::JenisBerkas::Pdf, bukti::JenisBerkas::Jpeg, bukti::JenisBerkas::DokumenKantor] {
            let n = bukti::nama_berkas(&s, jenis);
            prop_assert!(!n.is_empty() && n.chars().count() <= 125);
            prop_assert!(!n.contains(['/', '\\', '"', '<', '>', '\0', '\n']));
            prop_assert!(!n.starts_with('.'));
            let bidi = '\u{202A}'..='\u{202E}';
            prop_assert!(n.chars().all(|c| !c.is_control() && !bidi.contains(&c)), "{:?}", n);
            let ext = n.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            prop_assert!(jenis.extensions().contains(&ext.as_str()), "{}", n);
        }
    }
}

#[test]
fn the_reported_crash_is_a_refusal() {
    // `III/á` used to cut inside the last character.
    assert!(Golongan::parse("III/á", JenisAsn::Pns).is_err());
    assert!(Golongan::parse("IIIá", JenisAsn::Pns).is_err());
    assert!(Golongan::parse("á", JenisAsn::Pns).is_err());
    assert_eq!(
        Golongan::parse("III/a", JenisAsn::Pns).map(|g| g.code()),
        Ok("III/a")
    );
}

#[test]
fn realisasi_values_as_people_type_them() {
    use kinerja_domain::skp::parse_realisasi;
    assert_eq!(parse_realisasi(" 12 "), Ok(Some(12.0)));
    assert_eq!(parse_realisasi("12,5"), Ok(Some(12.5)));
    assert_eq!(parse_realisasi("12.5"), Ok(Some(12.5)));
    assert_eq!(parse_realisasi(""), Ok(None));
    for bad in ["1.200,5", "1e3", "-3", "+3", "inf", "NaN", "١٢", "12 000"] {
        assert_eq!(parse_realisasi(bad), Err(()), "{bad}");
    }
}

proptest! {
    /// A daily log entry as typed on a phone, pasted from a chat or read from a spreadsheet:
    /// never a panic, and what is accepted is a sound entry.
    #[test]
    fn daily_entries_never_panic_and_accepted_ones_are_sound(
        tanggal in tricky(),
        mulai in prop_oneof![tricky(), "[0-9]{1,2}[:.][0-9]{2}"],
        selesai in prop_oneof![tricky(), "[0-9]{1,2}[:.][0-9]{2}"],
        kegiatan in tricky(),
        realisasi in tricky(),
        tautan in prop_oneof![tricky(), "https?://[a-z.]{0,12}/\\PC{0,8}"],
    ) {
        use kinerja_domain::progres::{Jam, RawEntry, is_web_link, validate_entry};
        let period = (
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        );
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let _ = (Jam::parse(&mulai), is_web_link(&tautan));
        let raw = RawEntry {
            tanggal: &tanggal,
            jam_mulai: &mulai,
            jam_selesai: &selesai,
            kegiatan: &kegiatan,
            realisasi: &realisasi,
            tautan: &tautan,
        };
        match validate_entry(&raw, period, today) {
            Ok(e) => {
                prop_assert!(e.mulai < e.selesai && e.selesai <= Jam::MIDNIGHT_END);
                prop_assert!(e.tanggal >= period.0 && e.tanggal <= period.1 && e.tanggal <= today);
                prop_assert!(!e.kegiatan.is_empty() && e.kegiatan.chars().all(|c| !c.is_control()));
                prop_assert!(e.realisasi >= 0.0 && e.realisasi.is_finite());
                if let Some(t) = &e.tautan {
                    prop_assert!(t.starts_with("http://") || t.starts_with("https://"));
                }
            }
            Err(errs) => prop_assert!(!errs.is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any bytes as an import file, also those that claim to be a workbook or are not
    /// UTF-8: a table or reasons, never a panic.
    #[test]
    fn import_files_never_panic(
        tail in proptest::collection::vec(any::<u8>(), 0..400),
        text in "\\PC*",
        zip in any::<bool>(),
    ) {
        use kinerja_domain::table::{self, EMPLOYEE_COLUMNS};
        let mut bytes = if zip { b"PK\x03\x04".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&tail);
        let _ = table::read(&bytes, EMPLOYEE_COLUMNS, &["nip"]);
        let _ = table::read(text.as_bytes(), EMPLOYEE_COLUMNS, &[]);
        if let Some(s) = table::windows_1252(&tail) {
            prop_assert_eq!(s.chars().count(), tail.len());
        }
    }
}
