//! Any bytes as a submitted form (application/x-www-form-urlencoded): every value through
//! every field parser the pages use, every key through the id suffixes they read.
#![no_main]

use kinerja_domain::nip::{JenisAsn, Nip};
use kinerja_domain::org::ActingKind;
use kinerja_domain::pengembangan::Sasaran;
use kinerja_domain::penilaian::{CapaianOrganisasi, Rating};
use kinerja_domain::periode::parse_date;
use kinerja_domain::skp::{parse_realisasi, parse_target};
use kinerja_domain::{Golongan, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for (k, v) in form_urlencoded::parse(data) {
        for prefix in ["nilai_", "rhk_", "perilaku_", "nrhk_", "nperilaku_", "r_", "berkas_"] {
            let _ = k.strip_prefix(prefix).and_then(|x| x.parse::<i64>().ok());
        }
        if let Ok((min, max)) = parse_target(&v) {
            assert!(min.is_finite() && min >= 0.0);
            assert!(max.is_none_or(|m| m.is_finite() && m > min));
        }
        if let Ok(Some(n)) = parse_realisasi(&v) {
            assert!(n.is_finite() && n >= 0.0);
        }
        let _ = parse_date(&v);
        let _ = Rating::parse(&v);
        let _ = CapaianOrganisasi::parse(&v);
        let _ = ActingKind::parse(&v);
        let _ = Sasaran::parse(&v);
        let _ = Nip::normalize(&v);
        if let Ok((n, _)) = Nip::parse(&v, JenisAsn::Pns, today) {
            assert_eq!(n.as_str().len(), 18);
        }
        if let Ok(g) = Golongan::parse(&v, JenisAsn::Pns) {
            assert_eq!(Golongan::from_code(g.code()), Some(g));
        }
        let _ = text::is_single_line(&v);
        let _ = text::is_clean_multiline(&v);
    }
});
