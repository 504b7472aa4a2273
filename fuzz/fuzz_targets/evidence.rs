//! Any bytes as an uploaded evidence file and any text as its name: the kind is decided or
//! refused, the stored name is always clean. (The ZIP listing of office files is read by the
//! application; here a package reader that finds nothing stands in.)
#![no_main]

use kinerja_domain::bukti::{self, JenisBerkas};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bukti::periksa(data, 5 * 1024 * 1024, |_| None);
    let name = String::from_utf8_lossy(data);
    for jenis in [JenisBerkas::Pdf, JenisBerkas::Png, JenisBerkas::DokumenKantor] {
        let n = bukti::nama_berkas(&name, jenis);
        assert!(!n.is_empty() && !n.contains(['/', '\\', '\0', '"']));
    }
});
