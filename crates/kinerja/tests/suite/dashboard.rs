//! The dashboard against a small dataset whose every figure is computed by hand, and who
//! may see which part of it.

use crate::common::*;
use kinerja::store::org;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_matches_the_hand_computed_dataset() {
    let (t, f, year) = TestApp::with_year().await;
    let period = dashboard_dataset(&t, &f, year).await;
    let mut admin = t.login("admin").await;
    let page = admin.get(&format!("/dasbor?periode={period}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    let h = &page.text;

    // Per OPD: employees, assessed, pending, SB, B, BP, K, SK, share Baik or better, curve.
    assert_eq!(
        table_row(h, "dasbor-units", "Dinas Alpha"),
        [
            "Dinas Alpha",
            "6",
            "5 (83%)",
            "1",
            "1",
            "2",
            "1",
            "0",
            "1",
            "60%",
            "–"
        ]
    );
    assert_eq!(
        table_row(h, "dasbor-units", "Dinas Beta"),
        [
            "Dinas Beta",
            "2",
            "2 (100%)",
            "0",
            "0",
            "2",
            "0",
            "0",
            "0",
            "100%",
            "–"
        ]
    );
    assert_eq!(
        table_row(h, "dasbor-units", "Jumlah"),
        [
            "Jumlah", "8", "7 (87%)", "1", "1", "4", "1", "0", "1", "71%"
        ]
    );
    let v = page.visible();
    assert!(v.contains("7 dari 8 pegawai sudah dinilai (87%)"), "{v}");
    // Lateness counts from the period's filling deadline.
    let p = kinerja::store::periode::period_get(&t.app.db, f.instansi_id, period)
        .await
        .unwrap();
    let late = (t.app.today() - p.batas).num_days();
    let said = format!("Batas pengisian sudah lewat {late} hari dan 1 penilaian belum selesai");
    assert_eq!(v.contains(&said), late > 0, "{said}: {v}");
    assert!(
        v.contains("Berorientasi Pelayanan (28% penilaian)"),
        "2 of 7 judgements of the value are low: {v}"
    );
    // BerAKHLAK heat map: value 1 low in 2 of Alpha's 5 results, none of Beta's 2.
    let alpha = table_row(h, "dasbor-perilaku", "Dinas Alpha");
    assert_eq!(alpha[1], "40% (2/5)", "{alpha:?}");
    assert_eq!(alpha[2], "0% (0/5)", "{alpha:?}");
    assert_eq!(table_row(h, "dasbor-perilaku", "Dinas Beta")[1], "0% (0/2)");
    // Jenis jabatan heat map: columns in the order JPT, Administrator, Pengawas, Pelaksana.
    assert_eq!(
        table_row(h, "dasbor-jabatan", "Dinas Alpha"),
        ["Dinas Alpha", "–", "100% (1/1)", "0% (0/2)", "50% (1/2)"]
    );
    assert_eq!(
        table_row(h, "dasbor-jabatan", "Dinas Beta"),
        ["Dinas Beta", "0% (0/1)", "–", "–", "0% (0/1)"]
    );
    // Trend: one period with results.
    let trend = table_row(h, "dasbor-trend", "·");
    assert_eq!(trend[1..], ["1", "4", "1", "0", "1"], "{trend:?}");
    // Charts are SVG with their numbers in the description.
    assert!(h.contains("<svg") && h.contains("Dinas Alpha: Sangat Baik 1;"));

    // The spreadsheet holds the same numbers, typed; the CSV the units table.
    let (s, ct, bytes) = admin
        .get_bytes(&format!("/dasbor/unduh?periode={period}&format=xlsx"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("application/vnd.openxmlformats"), "{ct}");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::{Data, Reader};
    assert_eq!(
        book.sheet_names(),
        [
            "Distribusi predikat per unit",
            "BerAKHLAK rendah",
            "Jenis jabatan",
            "Tren"
        ]
    );
    let units = book
        .worksheet_range("Distribusi predikat per unit")
        .unwrap();
    assert_eq!(units.get((0, 0)), Some(&Data::String("Unit".into())));
    let alpha: Vec<&Data> = units
        .rows()
        .find(|r| r[0] == Data::String("Dinas Alpha".into()))
        .unwrap()
        .iter()
        .collect();
    assert_eq!(alpha[1], &Data::Float(6.0));
    assert_eq!(alpha[2], &Data::Float(5.0));
    assert_eq!(
        alpha[4..9],
        [
            &Data::Float(1.0),
            &Data::Float(2.0),
            &Data::Float(1.0),
            &Data::Float(0.0),
            &Data::Float(1.0)
        ]
    );
    assert_eq!(alpha[9], &Data::Float(0.6));
    let heat = book.worksheet_range("BerAKHLAK rendah").unwrap();
    let alpha = heat
        .rows()
        .find(|r| r[0] == Data::String("Dinas Alpha".into()))
        .unwrap();
    assert_eq!(alpha[1], Data::Float(0.4));
    let (s, ct, csv) = admin
        .get_bytes(&format!("/dasbor/unduh?periode={period}&format=csv"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("\r\nDinas Alpha,6,5,1,1,2,1,0,1,60.0,,\r\n"),
        "{csv}"
    );

    // Drill down into Alpha, then into the bidang.
    let a = admin
        .get(&format!(
            "/dasbor?unit={}&periode={period}",
            alpha_id(&t, &f).await
        ))
        .await;
    assert_eq!(
        table_row(&a.text, "dasbor-units", "Bidang Alpha Satu"),
        [
            "Bidang Alpha Satu",
            "5",
            "4 (80%)",
            "1",
            "1",
            "2",
            "1",
            "0",
            "0",
            "75%",
            "–"
        ]
    );
    assert_eq!(
        table_row(&a.text, "dasbor-units", "Sekretariat Alpha"),
        [
            "Sekretariat Alpha",
            "1",
            "1 (100%)",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1",
            "0%",
            "–"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_figures_through_the_api() {
    let (t, f, year) = TestApp::with_year().await;
    let period = dashboard_dataset(&t, &f, year).await;
    let api = t.api(&t.token("admin").await);
    let (s, d) = api.get(&format!("/api/v1/dasbor?periode={period}")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["total"]["employees"], 8);
    assert_eq!(d["total"]["assessed"], 7);
    assert_eq!(d["total"]["predikat"]["baik"], 4);
    let alpha = d["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["nama"] == "Dinas Alpha")
        .unwrap();
    assert_eq!(alpha["pending"], 1);
    assert_eq!(alpha["predikat"]["sangat_baik"], 1);
    assert_eq!(alpha["predikat"]["sangat_kurang"], 1);
    let heat = d["perilaku"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["nama"] == "Dinas Alpha")
        .unwrap();
    assert_eq!(heat["cells"][0], serde_json::json!([2, 5]));
    assert_eq!(
        d["jenis_jabatan"],
        serde_json::json!(["jpt", "administrator", "pengawas", "pelaksana"])
    );
    // The office admin's token reaches only the office.
    let api = t.api(&t.token(Fixture::nip("admin_a")).await);
    let beta = org::unit_by_kode(&t.app.db, f.instansi_id, "B")
        .await
        .unwrap()
        .unwrap();
    let (s, _) = api
        .get(&format!("/api/v1/dasbor?unit={}&periode={period}", beta.id))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, d) = api.get(&format!("/api/v1/dasbor?periode={period}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["unit"], "Dinas Alpha");
}

async fn alpha_id(t: &TestApp, f: &Fixture) -> i64 {
    org::unit_by_kode(&t.app.db, f.instansi_id, "A")
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_admin_sees_only_their_office_and_staff_see_nothing() {
    let (t, f, year) = TestApp::with_year().await;
    let period = dashboard_dataset(&t, &f, year).await;
    let mut admin_a = t.login(Fixture::nip("admin_a")).await;
    let page = admin_a.get(&format!("/dasbor?periode={period}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let v = page.visible();
    assert!(v.contains("Dasbor kinerja · Dinas Alpha"), "{v}");
    assert!(!v.contains("Dinas Beta"), "{v}");
    // Editing the URL does not walk into another office, nor up to the instansi.
    let beta = org::unit_by_kode(&t.app.db, f.instansi_id, "B")
        .await
        .unwrap()
        .unwrap();
    let root = org::unit_root(&t.app.db, f.instansi_id).await.unwrap();
    for u in [beta.id, root.id] {
        let r = admin_a
            .get(&format!("/dasbor?unit={u}&periode={period}"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "unit {u}");
    }
    // A unit head sees their own unit; a pelaksana has no dashboard.
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let r = kasi.get(&format!("/dasbor?periode={period}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.visible().contains("Seksi Alpha Satu A"));
    assert!(r.text.contains("id=\"employee-list\""));
    let r = kasi
        .get(&format!(
            "/dasbor?unit={}&periode={period}",
            alpha_id(&t, &f).await
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert_eq!(p1.get("/dasbor").await.status, StatusCode::FORBIDDEN);
}
