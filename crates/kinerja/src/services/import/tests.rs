use super::*;
use kinerja_domain::table::normalize_header;

#[test]
fn headers_are_normalised() {
    assert_eq!(normalize_header("\u{feff}NIP BARU"), "nip baru");
    assert_eq!(normalize_header(" Gol_Akhir-Nama "), "gol akhir nama");
}

#[test]
fn jenis_asn_is_inferred_from_the_nip_layout() {
    assert_eq!(infer_jenis_asn("196711101992031001"), "pns");
    assert_eq!(infer_jenis_asn("199005122022271003"), "pppk");
}

#[test]
fn siasn_struktural_uses_the_eselon() {
    assert_eq!(resolve_jenis_jabatan("Jabatan Struktural", "II.b"), "jpt");
    assert_eq!(
        resolve_jenis_jabatan("Jabatan Struktural", "III.a"),
        "administrator"
    );
    assert_eq!(
        resolve_jenis_jabatan("Jabatan Struktural", "IV.a"),
        "pengawas"
    );
    assert_eq!(
        resolve_jenis_jabatan("Jabatan Fungsional", ""),
        "Jabatan Fungsional"
    );
}

#[test]
fn semicolon_files_with_bom_are_read() {
    let csv =
        "\u{feff}NIP;Nama;Golongan;Jabatan;Jenis Jabatan;Kode Unit\n1;A;III/a;X;pelaksana;U1\n";
    let t = read_table(csv.as_bytes(), EMPLOYEE_COLUMNS, &["nip"]).unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.get(&t.rows[0].1, "unit_kode"), "U1");
    assert_eq!(t.rows[0].0, 2);
}

#[test]
fn missing_columns_are_named() {
    let p = read_table(b"nama\nA\n", EMPLOYEE_COLUMNS, &["nip", "nama"])
        .err()
        .unwrap();
    assert_eq!(p[0].code, "file-missing-columns");
    assert!(p[0].args.iter().any(|(_, v)| v.contains("nip")));
    assert_eq!(
        read_table(&[0xff, 0xfe, 0x00], EMPLOYEE_COLUMNS, &[])
            .err()
            .unwrap()[0]
            .code,
        "file-not-utf8"
    );
}

mod arbitrary {
    use super::*;
    use crate::services::org::{RawEmployee, validate_employee};
    use proptest::prelude::*;

    /// Text that mixes CSV syntax, BOMs, multi-byte and control characters.
    fn csvish() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-zA-Z0-9 ;,\"\n\r\t\u{feff}\u{0}áé/\\-]{0,200}",
            "(nip|NIP BARU|nama|golongan|jabatan|kode_unit|jenis_jabatan)([;,](nip|nama|golongan|jabatan|x))*\n([0-9 ;,\"áIV/a-e]{0,40}\n){0,5}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        #[test]
        fn any_file_is_read_or_refused_with_reasons(
            text in csvish(),
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            for input in [text.as_bytes(), &bytes[..]] {
                for spec in [EMPLOYEE_COLUMNS, UNIT_COLUMNS, DISIPLIN_COLUMNS] {
                    match read_table(input, spec, &["nip"]) {
                        Ok(t) => {
                            for (_, r) in &t.rows {
                                for (name, _) in spec {
                                    let _ = t.get(r, name);
                                }
                            }
                        }
                        Err(p) => prop_assert!(!p.is_empty()),
                    }
                }
            }
        }

        #[test]
        fn cell_helpers_never_panic(s in any::<String>(), t in any::<String>()) {
            let _ = normalize_header(&s);
            let _ = infer_jenis_asn(&s);
            let _ = resolve_jenis_jabatan(&s, &t);
            let _ = parse_bool(&s);
            let _ = decimal(&s);
        }

        #[test]
        fn any_employee_row_is_valid_or_refused_with_reasons(
            f in proptest::collection::vec(any::<String>(), 10),
            kepala in any::<Option<bool>>(),
        ) {
            let raw = RawEmployee {
                nip: &f[0],
                jenis_asn: &f[1],
                gelar_depan: &f[2],
                nama: &f[3],
                gelar_belakang: &f[4],
                golongan: &f[5],
                jabatan: &f[6],
                jenis_jabatan: &f[7],
                jenjang: &f[8],
                kepala,
                email: &f[9],
                aktif: true,
            };
            let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            match validate_employee(&raw, today) {
                Ok(v) => {
                    prop_assert!(kinerja_domain::text::is_single_line(&v.nama));
                    prop_assert!(!v.nama.is_empty() && !v.jabatan.is_empty());
                }
                Err(p) => prop_assert!(!p.is_empty()),
            }
        }

        #[test]
        fn realisasi_numbers_are_finite_or_refused(s in any::<String>()) {
            if let Ok(Some(n)) = crate::services::penilaian::parse_nilai(&s) {
                prop_assert!(n.is_finite() && n >= 0.0);
            }
        }
    }
}
