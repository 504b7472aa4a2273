//! The agency's reports against two years of hand-written annual results: who meets the
//! kenaikan pangkat condition, who is below Baik twice running, the angka kredit of a
//! fungsional employee, the per-employee recap, the downloads, and who may see which.

use crate::common::*;
use reqwest::StatusCode;

struct Data {
    t: TestApp,
    now: i64,
    beta: i64,
}

/// Last year and this year, annual results finalised. p2 is an Ahli Pertama.
async fn dataset() -> Data {
    let (t, f, year) = TestApp::with_year().await;
    let tahun = chrono::Datelike::year(&t.app.today());
    let last = add_year(&t, &f, tahun - 1).await;
    // p2 moves to a functional position of their own, as an import from SIASN would do.
    let who = kinerja::services::audit::Who::system("test");
    let csv = format!(
        "nip,nama,jabatan,jenis_jabatan,jenjang,golongan,kode_unit\n\
         {},Pelaksana Dua,Analis SDM Aparatur Ahli Pertama,fungsional,ahli_pertama,II/c,A.2.1\n",
        Fixture::nip("p2")
    );
    let r = kinerja::services::import::import_employees(
        &t.app,
        f.instansi_id,
        &who,
        csv.as_bytes(),
        false,
    )
    .await
    .unwrap();
    assert!(r.ok(), "{r:?}");
    annual_results(
        &t,
        &f,
        last,
        "kadis_a",
        &[
            ("kasi_a", "sesuai", "sesuai", ""),
            ("p1", "di_atas", "di_atas", ""),
            ("p2", "di_bawah", "sesuai", "Perlu pendampingan"),
            ("q1", "sesuai", "sesuai", ""),
            ("kadis_b", "sesuai", "sesuai", ""),
            ("sekre_a", "sesuai", "di_bawah", ""),
        ],
    )
    .await;
    let now = annual_results(
        &t,
        &f,
        year,
        "kadis_a",
        &[
            ("kasi_a", "sesuai", "sesuai", ""),
            ("p1", "di_atas", "sesuai", ""),
            (
                "p2",
                "di_bawah",
                "sesuai",
                "Diusulkan pelatihan manajemen waktu",
            ),
            ("q1", "di_bawah", "sesuai", ""),
            ("kadis_b", "sesuai", "sesuai", ""),
            ("sekre_a", "sesuai", "sesuai", ""),
            ("kasi_b1", "sesuai", "di_atas", ""),
        ],
    )
    .await;
    let beta = f.unit(&t, "B").await;
    Data { t, now, beta }
}

/// The NIPs in a report table, in order.
fn nips(html: &str) -> Vec<String> {
    let Some(t) = html.split("id=\"laporan-table\"").nth(1) else {
        return Vec::new();
    };
    let t = t.split("</table>").next().unwrap();
    t.split("<th scope=\"row\"")
        .skip(1)
        .map(|r| {
            r.split_once('>')
                .unwrap()
                .1
                .split('<')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kenaikan_pangkat_lists_who_meets_the_condition_and_why_others_do_not() {
    let d = dataset().await;
    let mut admin = d.t.login("admin").await;
    let page = admin
        .get(&format!("/laporan/kenaikan-pangkat?periode={}", d.now))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    let mut got = nips(&page.text);
    got.sort();
    let mut want: Vec<String> = ["kasi_a", "p1", "kadis_b"]
        .iter()
        .map(|k| Fixture::nip(k).to_string())
        .collect();
    want.sort();
    assert_eq!(got, want);
    let p1 = table_row(&page.text, "laporan-table", Fixture::nip("p1"));
    assert_eq!(p1[6], "Sangat Baik", "{p1:?}");
    assert_eq!(p1[7], "Baik", "{p1:?}");
    assert!(page.visible().contains("3 pegawai."));

    let page = admin
        .get(&format!(
            "/laporan/kenaikan-pangkat?periode={}&syarat=belum",
            d.now
        ))
        .await;
    assert_eq!(nips(&page.text).len(), 4, "{}", page.visible());
    let row = |k: &str| table_row(&page.text, "laporan-table", Fixture::nip(k));
    assert_eq!(
        row("kasi_b1")[8],
        "Predikat tahunan tahun sebelumnya belum ada."
    );
    assert_eq!(row("sekre_a")[6], "Kurang/Misconduct");
    assert_eq!(row("q1")[8], "Salah satu predikat tahunan di bawah Baik.");
    // A quarter is not an annual result: the report offers annual periods only.
    let select = page.text.split("id=\"periode\"").nth(1).unwrap();
    let select = select.split("</select>").next().unwrap();
    assert_eq!(select.matches("<option").count(), 2, "{select}");
    assert_eq!(select.matches("· AKHIR</option>").count(), 2, "{select}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn perlu_pembinaan_and_angka_kredit() {
    let d = dataset().await;
    let mut admin = d.t.login("admin").await;
    let page = admin
        .get(&format!("/laporan/perlu-pembinaan?periode={}", d.now))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    assert_eq!(nips(&page.text), [Fixture::nip("p2")]);
    let row = table_row(&page.text, "laporan-table", Fixture::nip("p2"));
    assert_eq!(
        row[6..],
        [
            "Butuh Perbaikan",
            "Butuh Perbaikan",
            "Diusulkan pelatihan manajemen waktu"
        ]
    );

    let page = admin
        .get(&format!("/laporan/angka-kredit?periode={}", d.now))
        .await;
    assert_eq!(nips(&page.text), [Fixture::nip("p2")]);
    let row = table_row(&page.text, "laporan-table", Fixture::nip("p2"));
    assert_eq!(
        row[6..],
        ["Ahli Pertama", "Butuh Perbaikan", "75%", "12,50", "9,375"]
    );
    let x = admin
        .get(&format!(
            "/laporan/angka-kredit/unduh?periode={}&format=xlsx",
            d.now
        ))
        .await;
    let rows = sheet_rows(&x.bytes, "Angka kredit");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], Fixture::nip("p2"));
    assert_eq!(rows[1][8..], ["0.75", "12.5", "9.375"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recap_on_screen_in_xlsx_and_in_csv_agree() {
    let d = dataset().await;
    let mut admin = d.t.login("admin").await;
    let page = admin
        .get(&format!("/laporan/rekap?periode={}", d.now))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    assert_eq!(nips(&page.text).len(), 7);
    let p1 = table_row(&page.text, "laporan-table", Fixture::nip("p1"));
    assert_eq!(p1[1], "Pelaksana Satu");
    assert_eq!(
        p1[7..],
        [
            "Ditetapkan",
            "Di atas ekspektasi",
            "Sesuai ekspektasi",
            "Baik",
            Fixture::nip("kadis_a"),
            "Kadis Alpha"
        ]
    );

    let x = admin
        .get(&format!(
            "/laporan/rekap/unduh?periode={}&format=xlsx",
            d.now
        ))
        .await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(
        x.headers["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with(".xlsx\"")
    );
    let sheet = sheet_rows(&x.bytes, "Rekap penilaian per pegawai");
    assert_eq!(sheet[0][0], "NIP");
    assert_eq!(sheet.len(), 8);
    let c = admin
        .get(&format!(
            "/laporan/rekap/unduh?periode={}&format=csv",
            d.now
        ))
        .await;
    assert_eq!(c.status, StatusCode::OK);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(c.text.trim_start_matches('\u{feff}').as_bytes());
    let csv_rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        csv_rows, sheet,
        "the CSV and the workbook hold the same rows"
    );
    // Every screen row is in the file, in the same order.
    let file_nips: Vec<String> = sheet[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(file_nips, nips(&page.text));
    let p1_file = sheet.iter().find(|r| r[0] == Fixture::nip("p1")).unwrap();
    assert_eq!(p1_file[..], p1[..]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_stay_inside_the_viewers_scope() {
    let d = dataset().await;
    let mut opd = d.t.login(Fixture::nip("admin_a")).await;
    let page = opd
        .get(&format!("/laporan/kenaikan-pangkat?periode={}", d.now))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    let mut got = nips(&page.text);
    got.sort();
    let mut want = vec![
        Fixture::nip("kasi_a").to_string(),
        Fixture::nip("p1").to_string(),
    ];
    want.sort();
    assert_eq!(got, want, "Dinas Alpha only");
    // Another OPD by URL: refused, on screen and as a file.
    for path in [
        format!("/laporan/rekap?unit={}&periode={}", d.beta, d.now),
        format!(
            "/laporan/rekap/unduh?unit={}&periode={}&format=csv",
            d.beta, d.now
        ),
        format!(
            "/laporan/kenaikan-pangkat/unduh?unit={}&periode={}&format=xlsx",
            d.beta, d.now
        ),
    ] {
        assert_eq!(opd.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let x = opd
        .get(&format!(
            "/laporan/rekap/unduh?periode={}&format=xlsx",
            d.now
        ))
        .await;
    let sheet = sheet_rows(&x.bytes, "Rekap penilaian per pegawai");
    assert!(
        sheet[1..].iter().all(|r| r[5] == "Dinas Alpha"),
        "{sheet:?}"
    );
    assert_eq!(sheet.len(), 1 + 5);

    // An employee without a supervisory or admin role sees no reports at all.
    let mut p1 = d.t.login(Fixture::nip("p1")).await;
    for path in ["/laporan", "/laporan/rekap", "/laporan/angka-kredit/unduh"] {
        assert_eq!(p1.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    // An unknown report is not found, not an error.
    assert_eq!(
        d.t.login("admin")
            .await
            .get("/laporan/tidak-ada")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_employee_list_downloads_whole_and_only_within_scope() {
    let (t, f) = TestApp::with_fixture().await;
    let beta = f.unit(&t, "B").await;
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let page = opd.get("/pegawai").await;
    assert!(page.text.contains("id=\"export-xlsx\""));
    let c = opd.get("/pegawai/unduh?format=csv").await;
    assert_eq!(c.status, StatusCode::OK);
    let lines: Vec<&str> = c.text.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0].trim_start_matches('\u{feff}'),
        "NIP,Nama,Pangkat/golongan,Jabatan,Jenis jabatan,Unit kerja,Status"
    );
    // Dinas Alpha's nine people, nobody from Beta.
    assert_eq!(lines.len(), 1 + 9, "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with(Fixture::nip("p1"))));
    assert!(!c.text.contains(Fixture::nip("q1")));
    let x = opd.get("/pegawai/unduh?format=xlsx&q=pelaksana").await;
    let sheet = sheet_rows(&x.bytes, "Pegawai");
    assert_eq!(sheet.len(), 1 + 3, "the search is kept: {sheet:?}");
    assert_eq!(
        opd.get(&format!("/pegawai/unduh?unit={beta}&format=csv"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert_eq!(
        p1.get("/pegawai/unduh?format=csv").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_has_no_approved_plan_downloads_within_scope() {
    let (t, f, _year) = TestApp::with_year().await;
    let beta = f.unit(&t, "B").await;
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let page = opd.get("/monitoring").await;
    assert!(
        page.text.contains("id=\"export-csv\""),
        "{}",
        page.visible()
    );
    let c = opd.get("/monitoring/unduh?format=csv").await;
    assert_eq!(c.status, StatusCode::OK);
    let lines: Vec<&str> = c.text.trim_end().split("\r\n").collect();
    // Nobody has a plan yet: Dinas Alpha's nine people.
    assert_eq!(lines.len(), 1 + 9, "{lines:?}");
    assert!(
        lines[1..].iter().all(|l| l.ends_with(",Belum ada SKP")),
        "{lines:?}"
    );
    let x = opd.get("/monitoring/unduh").await;
    assert_eq!(sheet_rows(&x.bytes, "SKP belum disetujui").len(), 1 + 9);
    assert_eq!(
        opd.get(&format!("/monitoring/unduh?unit={beta}&format=csv"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert_eq!(
        p1.get("/monitoring/unduh?format=csv").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exported_cells_never_run_as_formulas_and_names_stay_on_one_line() {
    let (t, f) = TestApp::with_fixture().await;
    let who = kinerja::services::audit::Who::system("test");
    let evil = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    let csv = format!(
        "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n{},\"{}\",Pengadministrasi,pelaksana,II/c,A.2.1\n",
        Fixture::nip("p1"),
        evil.replace('"', "\"\"")
    );
    let r = kinerja::services::import::import_employees(
        &t.app,
        f.instansi_id,
        &who,
        csv.as_bytes(),
        false,
    )
    .await
    .unwrap();
    assert!(r.ok(), "{r:?}");
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let c = opd.get("/pegawai/unduh?format=csv").await;
    let line = c
        .text
        .split("\r\n")
        .find(|l| l.starts_with(Fixture::nip("p1")))
        .unwrap()
        .to_string();
    assert!(
        line.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\","),
        "{line}"
    );
    // The spreadsheet keeps the name exactly, as text.
    let x = opd.get("/pegawai/unduh?format=xlsx").await;
    let sheet = sheet_rows(&x.bytes, "Pegawai");
    assert!(sheet.iter().any(|r| r[1] == evil), "{sheet:?}");

    // A newline, tab or NUL in a one-line field refuses the file and changes nothing.
    for bad in ["Budi\nSantoso", "Budi\tSantoso", "Budi\u{0}"] {
        let csv = format!(
            "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n{},\"{bad}\",Pengadministrasi,pelaksana,II/c,A.2.1\n",
            Fixture::nip("p2"),
        );
        let r = kinerja::services::import::import_employees(
            &t.app,
            f.instansi_id,
            &who,
            csv.as_bytes(),
            false,
        )
        .await
        .unwrap();
        assert!(!r.ok(), "{bad:?} accepted");
        let e = kinerja::store::org::employee_by_nip(&t.app.db, f.instansi_id, Fixture::nip("p2"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.nama, "Pelaksana Dua");
    }
    // The edit form refuses it too, with the reason beside the field.
    let p2 = f.id("p2");
    let mut admin = t.login("admin").await;
    let mut fields = crate::common::forms::edit_form(&mut admin, p2).await;
    for (k, v) in fields.iter_mut() {
        if k == "jabatan" {
            *v = "Pengadministrasi\nPerkantoran".into();
        }
    }
    let r = admin
        .submit_owned(&format!("/admin/pegawai/{p2}/ubah"), fields)
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.visible()
    );
    assert!(r.visible().contains("karakter kendali"), "{}", r.visible());
}
