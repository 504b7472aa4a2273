//! Imports (XLSX and CSV): all or nothing, a report of every bad row, idempotent re-import.

use crate::common::*;
use kinerja::services::audit::Who;
use kinerja::services::import::{import_employees, import_units};
use reqwest::StatusCode;

/// 1,000 valid employees spread over the fixture's units, NIPs unique.
fn thousand() -> Vec<String> {
    let units = ["A.1", "A.2", "A.2.1", "A.2.2", "B.1"];
    (0..1000)
        .map(|i| {
            let year = 1970 + (i % 30);
            let month = 1 + (i % 12);
            let nip = format!(
                "{year}{month:02}15{}{:02}1{:03}",
                year + 25,
                1 + (i % 12),
                1 + (i / 12)
            );
            let golongan = ["II/a", "II/c", "III/a", "III/b"][i % 4];
            format!(
                "{nip};Pegawai Impor {i:04};Staf Umum;Pelaksana;{golongan};{}",
                units[i % 5]
            )
        })
        .collect()
}

fn file(rows: &[String]) -> Vec<u8> {
    // A spreadsheet export: UTF-8 with BOM, semicolons, SIASN column names.
    let mut s =
        String::from("\u{feff}NIP BARU;NAMA;JABATAN NAMA;JENIS JABATAN;GOL AKHIR NAMA;KODE UNOR\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

async fn count(t: &TestApp, f: &Fixture) -> usize {
    kinerja::store::org::employees_all(&t.app.db, f.instansi_id)
        .await
        .unwrap()
        .len()
}

async fn audit_events(t: &TestApp) -> u64 {
    kinerja::services::audit::verify(&t.app.db, &t.app.audit_key)
        .await
        .unwrap()
        .events_checked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bad_row_among_a_thousand_changes_nothing_then_the_fix_imports_once() {
    let (t, f) = TestApp::with_fixture().await;
    let who = Who::system("test");
    let before = count(&t, &f).await;
    let events_before = audit_events(&t).await;
    let mut rows = thousand();
    let good_row_637 = rows[637].clone();
    // Line 639 of the file (header is line 1): an impossible birth month.
    rows[637] = rows[637].replacen(&rows[637][4..6], "13", 1);
    let r = import_employees(&t.app, f.instansi_id, &who, &file(&rows), false)
        .await
        .unwrap();
    assert!(!r.ok());
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].line, 639);
    assert_eq!(r.errors[0].problems[0].code, "nip-birth-date-invalid");
    assert!(
        r.errors[0].problems[0]
            .message(kinerja::i18n::Lang::Id)
            .contains("Tanggal lahir pada NIP")
    );
    assert_eq!(count(&t, &f).await, before, "nothing imported");
    assert_eq!(audit_events(&t).await, events_before, "nothing recorded");

    rows[637] = good_row_637;
    let r = import_employees(&t.app, f.instansi_id, &who, &file(&rows), false)
        .await
        .unwrap();
    assert!(r.ok(), "{r:?}");
    assert_eq!((r.created, r.updated, r.unchanged), (1000, 0, 0));
    assert_eq!(count(&t, &f).await, before + 1000);
    let events = audit_events(&t).await;
    assert_eq!(
        events,
        events_before + 1001,
        "one event per employee and one for the import"
    );

    let r = import_employees(&t.app, f.instansi_id, &who, &file(&rows), false)
        .await
        .unwrap();
    assert!(r.ok());
    assert_eq!((r.created, r.updated, r.unchanged), (0, 0, 1000));
    assert_eq!(
        audit_events(&t).await,
        events,
        "re-importing changes nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_bad_row_is_reported_with_its_line() {
    let (t, f) = TestApp::with_fixture().await;
    let who = Who::system("test");
    let csv = "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit,nip_penilai
198001012005011001,Baik Satu,Staf,pelaksana,III/a,A.1,
19800101200501100X,NIP Huruf,Staf,pelaksana,III/a,A.1,
198001012005011002,Unit Asing,Staf,pelaksana,III/a,Z.9,
198001012005011003,Golongan Aneh,Staf,pelaksana,V/a,A.1,
198001012005011001,Ganda,Staf,pelaksana,III/a,A.1,
198001012005011004,Jenis Aneh,Staf,kepala suku,III/a,A.1,
198001012005011005,Penilai Hilang,Staf,pelaksana,III/a,A.1,199912312022011999
198001012005011006,Lingkar A,Kepala Sekretariat Beta,administrator,IV/a,B.1,198001012005011007
198001012005011007,Lingkar B,Staf,pelaksana,III/a,B.1,198001012005011006
";
    let before = count(&t, &f).await;
    let r = import_employees(&t.app, f.instansi_id, &who, csv.as_bytes(), false)
        .await
        .unwrap();
    let by_line: std::collections::HashMap<u64, Vec<&str>> = r
        .errors
        .iter()
        .map(|e| (e.line, e.problems.iter().map(|p| p.code.as_str()).collect()))
        .collect();
    assert_eq!(by_line[&3], vec!["nip-not-digits"]);
    assert_eq!(by_line[&4], vec!["unit-unknown"]);
    assert_eq!(by_line[&5], vec!["golongan-unknown-pns"]);
    assert_eq!(by_line[&6], vec!["nip-duplicate-in-file"]);
    assert_eq!(by_line[&7], vec!["jenis-jabatan-unknown"]);
    assert_eq!(by_line[&8], vec!["penilai-unknown"]);
    assert!(!by_line.contains_key(&2), "the good row is not blamed");
    assert_eq!(count(&t, &f).await, before);

    // Once the other rows are fixed, the supervisor cycle is found and named.
    let cyclic = "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit,nip_penilai
198001012005011006,Lingkar A,Kepala Sekretariat Beta,administrator,IV/a,B.1,198001012005011007
198001012005011007,Lingkar B,Staf,pelaksana,III/a,B.1,
";
    // B's penilai is the head of Sekretariat Beta (A); A's override points at B.
    let r = import_employees(&t.app, f.instansi_id, &who, cyclic.as_bytes(), false)
        .await
        .unwrap();
    assert!(!r.ok());
    assert!(
        r.errors
            .iter()
            .all(|e| e.problems[0].code == "penilai-cycle"),
        "{:?}",
        r.errors
    );
    assert_eq!(
        r.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(count(&t, &f).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_columns_and_non_utf8_files_are_refused_whole() {
    let (t, f) = TestApp::with_fixture().await;
    let who = Who::system("test");
    let r = import_employees(&t.app, f.instansi_id, &who, b"nama;jabatan\nA;B\n", false)
        .await
        .unwrap();
    assert_eq!(r.file_problems[0].code, "file-missing-columns");
    let msg = r.file_problems[0].message(kinerja::i18n::Lang::Id);
    assert!(msg.contains("nip") && msg.contains("golongan"), "{msg}");
    // Excel's "CSV" on Windows is Windows-1252: read as such, the name arrives whole.
    let cp1252 = b"nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n198001012005011001,Jos\xe9 \x92Ucok\x92,Staf,pelaksana,III/a,A.1\n";
    let r = import_employees(&t.app, f.instansi_id, &who, cp1252, false)
        .await
        .unwrap();
    assert!(r.ok(), "{:?}", r.file_problems);
    let e = kinerja::store::org::employee_by_nip(&t.app.db, f.instansi_id, "198001012005011001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(e.nama, "José ’Ucok’");
    // Excel's "Unicode text" (UTF-16) is neither: refused with the way to save it.
    let utf16: Vec<u8> = "nip,nama\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let r = import_employees(
        &t.app,
        f.instansi_id,
        &who,
        &[&[0xff, 0xfe][..], &utf16].concat(),
        false,
    )
    .await
    .unwrap();
    assert_eq!(r.file_problems[0].code, "file-not-utf8");
    assert!(
        r.file_problems[0]
            .message(kinerja::i18n::Lang::Id)
            .contains("CSV UTF-8")
    );
}

/// A workbook as an office writes one: the SIASN column names, a NIP kept as text.
fn workbook(header: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_xlsx_imports_like_its_csv_and_every_template_reads_back() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("admin").await;
    let header = [
        "NIP BARU",
        "NAMA",
        "JABATAN NAMA",
        "JENIS JABATAN",
        "GOL AKHIR NAMA",
        "KODE UNOR",
    ];
    let good = workbook(
        &header,
        &[
            vec![
                "198702152012031001",
                "Budi Santoso",
                "Staf Umum",
                "Pelaksana",
                "III/a",
                "A.1",
            ],
            vec![
                "198803162013031002",
                "Rina Wati",
                "Staf Umum",
                "Pelaksana",
                "III/b",
                "A.2",
            ],
        ],
    );
    // One bad row refuses the whole workbook, with its line, in the user's language.
    let bad = workbook(
        &header,
        &[
            vec![
                "198702152012031001",
                "Budi Santoso",
                "Staf Umum",
                "Pelaksana",
                "III/a",
                "A.1",
            ],
            vec![
                "198803162013031002",
                "Rina Wati",
                "Staf Umum",
                "Pelaksana",
                "III/x",
                "A.2",
            ],
        ],
    );
    let before = count(&t, &f).await;
    let r = c.upload("/admin/impor", &[("jenis", "pegawai")], bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("tidak dikenal untuk PNS"),
        "{}",
        r.visible()
    );
    assert_eq!(count(&t, &f).await, before);
    let r = c
        .upload("/admin/impor", &[("jenis", "pegawai")], good)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.visible());
    assert!(r.visible().contains("Impor berhasil"));
    assert_eq!(count(&t, &f).await, before + 2);
    // An old .xls is refused with the way to save it.
    let r = c
        .upload(
            "/admin/impor",
            &[("jenis", "pegawai")],
            vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1],
        )
        .await;
    assert!(
        r.visible().contains("Buku Kerja Excel (*.xlsx)"),
        "{}",
        r.visible()
    );

    // Each template holds the import's columns, an example row and the instructions.
    use calamine::Reader;
    for (kind, who) in [
        ("pegawai", "admin"),
        ("unit", "admin"),
        ("disiplin", "admin"),
        ("progres", Fixture::nip("p1")),
    ] {
        let mut c = t.login(who).await;
        let (s, ct, bytes) = c.get_bytes(&format!("/templat-impor/{kind}")).await;
        assert_eq!(s, StatusCode::OK, "{kind}");
        assert!(ct.starts_with("application/vnd.openxmlformats"), "{ct}");
        let k = kinerja::services::import::TemplateKind::parse(kind).unwrap();
        let table = kinerja_domain::table::read(&bytes, k.columns(), k.required())
            .unwrap_or_else(|p| panic!("{kind}: {p:?}"));
        assert_eq!(table.rows.len(), 1, "{kind}: one example row");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Data", "Petunjuk"], "{kind}");
        let help = book.worksheet_range("Petunjuk").unwrap();
        assert_eq!(
            help.rows().count(),
            k.columns().len() + 1,
            "{kind}: one line per column"
        );
    }
    // A template is for those who may use its import.
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert_eq!(
        p1.get("/templat-impor/pegawai").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.get("/templat-impor/lainnya").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_reports_and_writes_nothing_and_updates_are_counted() {
    let (t, f) = TestApp::with_fixture().await;
    let who = Who::system("test");
    let mut csv = people_csv();
    csv = csv.replace("Pelaksana Satu", "Pelaksana Satu Berubah");
    csv.push_str("198801012010011099,Orang Baru,Staf,pelaksana,III/a,A.1\n");
    let r = import_employees(&t.app, f.instansi_id, &who, csv.as_bytes(), true)
        .await
        .unwrap();
    assert!(r.ok() && r.dry_run);
    assert_eq!(
        (r.created, r.updated, r.unchanged),
        (1, 1, PEOPLE.len() - 1)
    );
    let p1 = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, f.id("p1"))
        .await
        .unwrap();
    assert_eq!(p1.nama, "Pelaksana Satu");
    let r = import_employees(&t.app, f.instansi_id, &who, csv.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!((r.created, r.updated), (1, 1));
    let p1 = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, f.id("p1"))
        .await
        .unwrap();
    assert_eq!(p1.nama, "Pelaksana Satu Berubah");
    // The new employee has an account that cannot sign in until an admin sets a password.
    let u = kinerja::store::users::user_by_username(&t.app.db, "198801012010011099")
        .await
        .unwrap()
        .unwrap();
    assert!(u.password_hash.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_import_builds_the_tree_and_refuses_cycles_and_moves() {
    let (t, f) = TestApp::with_fixture().await;
    let who = Who::system("test");
    // Children before parents in the file is fine.
    let csv = "kode,nama,jenis,kode_induk\nC.1.1,Seksi Gamma,seksi,C.1\nC.1,Bidang Gamma,bidang,C\nC,Dinas Gamma,opd,\n";
    let r = import_units(&t.app, f.instansi_id, &who, csv.as_bytes(), false)
        .await
        .unwrap();
    assert!(r.ok(), "{r:?}");
    assert_eq!(r.created, 3);
    let seksi = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "C.1.1")
        .await
        .unwrap()
        .unwrap();
    let anc = kinerja::store::org::unit_ancestors(&t.app.db, f.instansi_id, seksi.id)
        .await
        .unwrap();
    assert_eq!(
        anc.iter().map(|u| u.kode.as_str()).collect::<Vec<_>>(),
        vec!["99.01", "C", "C.1", "C.1.1"]
    );
    let again = import_units(&t.app, f.instansi_id, &who, csv.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));

    let cyc = "kode,nama,jenis,kode_induk\nX,Satu,bidang,Y\nY,Dua,bidang,X\n";
    let r = import_units(&t.app, f.instansi_id, &who, cyc.as_bytes(), false)
        .await
        .unwrap();
    assert!(
        r.errors.iter().any(|e| e.problems[0].code == "unit-cycle"),
        "{r:?}"
    );
    let moved = "kode,nama,jenis,kode_induk\nC.1,Bidang Gamma,bidang,A\n";
    let r = import_units(&t.app, f.instansi_id, &who, moved.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!(r.errors[0].problems[0].code, "unit-move-refused");
    assert!(
        kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "X")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upload_page_reports_bad_rows_in_the_users_language() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("admin").await;
    assert_eq!(c.get("/admin/impor").await.status, StatusCode::OK);
    let mut rows = thousand()[..5].to_vec();
    rows[2] = rows[2]
        .replace(";III/a;", ";III/x;")
        .replace(";II/a;", ";II/x;")
        .replace(";II/c;", ";II/x;")
        .replace(";III/b;", ";III/x;");
    let r = c
        .upload("/admin/impor", &[("jenis", "pegawai")], file(&rows))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.visible();
    assert!(
        v.contains("Berkas ditolak") && v.contains("Tidak ada data yang diubah"),
        "{v}"
    );
    assert!(
        v.contains("4") && v.contains("tidak dikenal untuk PNS"),
        "{v}"
    );
    let before = count(&t, &f).await;
    let r = c
        .upload(
            "/admin/impor",
            &[("jenis", "pegawai"), ("uji", "1")],
            file(&thousand()[..5]),
        )
        .await;
    assert!(r.visible().contains("Uji coba berhasil"), "{}", r.visible());
    assert_eq!(count(&t, &f).await, before);
    let r = c
        .upload(
            "/admin/impor",
            &[("jenis", "pegawai")],
            file(&thousand()[..5]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.visible().contains("Impor berhasil"));
    assert_eq!(count(&t, &f).await, before + 5);
    // Only admin BKPSDM may import.
    let mut a = t.login(Fixture::nip("admin_a")).await;
    let r = a
        .upload(
            "/admin/impor",
            &[("jenis", "pegawai")],
            file(&thousand()[5..6]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
