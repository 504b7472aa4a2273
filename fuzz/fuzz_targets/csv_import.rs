//! Any bytes as an import file: read as a table or refused with reasons, and every cell of
//! every row through the parsers the import applies to it. Nothing may panic.
#![no_main]

use kinerja_domain::nip::{JenisAsn, Nip};
use kinerja_domain::org::JenisUnit;
use kinerja_domain::table::{self, DISIPLIN_COLUMNS, EMPLOYEE_COLUMNS, UNIT_COLUMNS};
use kinerja_domain::{Golongan, JenisJabatan, Jenjang, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for spec in [EMPLOYEE_COLUMNS, UNIT_COLUMNS, DISIPLIN_COLUMNS] {
        let Ok(t) = table::read(data, spec, &[]) else {
            continue;
        };
        for (_, rec) in &t.rows {
            let get = |c: &str| t.get(rec, c);
            for jenis in [JenisAsn::Pns, JenisAsn::Pppk, JenisAsn::PppkParuhWaktu] {
                let _ = Nip::parse(get("nip"), jenis, today);
                let _ = Golongan::parse(get("golongan"), jenis);
            }
            let _ = JenisAsn::parse(get("jenis_asn"));
            let _ = JenisJabatan::parse(get("jenis_jabatan"));
            let _ = Jenjang::parse(get("jenjang"));
            let _ = JenisUnit::parse(get("jenis"));
            for (name, _) in spec {
                let _ = text::is_single_line(get(name));
            }
        }
    }
});
