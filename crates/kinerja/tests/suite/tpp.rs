//! The TPP recap against hand-computed amounts: the starting formula, a formula the admin
//! sets, disiplin scores imported from an attendance CSV (all or nothing), the sums per
//! OPD, and who may see or change what.

use crate::common::*;
use reqwest::StatusCode;

struct Data {
    t: TestApp,
    period: i64,
    tahun: i64,
}

async fn dataset() -> Data {
    let (t, f, year) = TestApp::with_year().await;
    let period = annual_results(
        &t,
        &f,
        year,
        "kasi_a",
        &[
            ("p1", "sesuai", "sesuai", ""),
            ("p2", "di_bawah", "sesuai", ""),
            ("kadis_b", "sesuai", "sesuai", ""),
        ],
    )
    .await;
    let tahun = chrono::Datelike::year(&t.app.today()) as i64;
    Data { t, period, tahun }
}

fn attendance() -> Vec<u8> {
    format!(
        "nip;nilai_disiplin;hari_kerja;hadir\n{};100;;\n{};;20;18\n{};97,5;;\n",
        Fixture::nip("p1"),
        Fixture::nip("p2"),
        Fixture::nip("kadis_b")
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amounts_follow_the_formula_and_the_imported_attendance() {
    let d = dataset().await;
    let mut admin = d.t.login("admin").await;
    let page = admin.get("/tpp").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    assert!(page.text.contains("id=\"tpp-default\""));

    // A file with one bad row changes nothing and says which row and why.
    let bad = format!(
        "nip,hari_kerja,hadir\n{},20,18\n199901012020011999,20,20\n{},20,22\n",
        Fixture::nip("p1"),
        Fixture::nip("p2")
    );
    let r = admin
        .upload(
            "/tpp/disiplin",
            &[("periode", &d.period.to_string())],
            bad.into_bytes(),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.visible()
    );
    let v = r.visible();
    assert!(
        v.contains("NIP 199901012020011999 tidak terdaftar di instansi ini."),
        "{v}"
    );
    assert!(
        v.contains("Hadir (22) tidak boleh melebihi hari kerja (20)"),
        "{v}"
    );
    let imported = table_row(&r.text, "tpp-periods", "AKHIR");
    assert_eq!(imported[1], "0", "nothing imported: {imported:?}");

    let r = admin
        .upload(
            "/tpp/disiplin",
            &[("periode", &d.period.to_string())],
            attendance(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.visible());
    assert_eq!(table_row(&r.text, "tpp-periods", "AKHIR")[1], "3");

    // The starting formula: 60 % kinerja, 40 % disiplin, Butuh Perbaikan earns 75 %.
    let page = admin
        .get(&format!("/laporan/tpp?periode={}", d.period))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    let row = |k: &str| table_row(&page.text, "laporan-table", Fixture::nip(k));
    assert_eq!(
        row("p1")[5..],
        [
            "Baik",
            "100%",
            "100,00",
            "2.000.000",
            "1.200.000",
            "800.000",
            "0",
            "2.000.000"
        ]
    );
    assert_eq!(
        row("p2")[5..],
        [
            "Butuh Perbaikan",
            "75%",
            "90,00",
            "2.000.000",
            "900.000",
            "720.000",
            "0",
            "1.620.000"
        ]
    );
    assert_eq!(
        row("kadis_b")[5..],
        [
            "Baik",
            "100%",
            "97,50",
            "12.000.000",
            "7.200.000",
            "4.680.000",
            "0",
            "11.880.000"
        ]
    );
    // No result and no attendance: nothing is guessed.
    assert_eq!(
        row("kasi_a")[5..],
        ["–", "0%", "–", "4.000.000", "0", "0", "0", "0"]
    );

    let page = admin
        .get(&format!("/laporan/tpp-opd?periode={}", d.period))
        .await;
    assert_eq!(
        table_row(&page.text, "laporan-table", "Dinas Alpha"),
        [
            "Dinas Alpha",
            "9",
            "7",
            "7",
            "41.000.000",
            "2.100.000",
            "1.520.000",
            "0",
            "3.620.000"
        ]
    );
    assert_eq!(
        table_row(&page.text, "laporan-table", "Dinas Beta")[1..],
        [
            "2",
            "1",
            "1",
            "14.000.000",
            "7.200.000",
            "4.680.000",
            "0",
            "11.880.000"
        ]
    );
    let x = admin
        .get(&format!(
            "/laporan/tpp-opd/unduh?periode={}&format=xlsx",
            d.period
        ))
        .await;
    let sheet = sheet_rows(&x.bytes, "Rekap TPP per perangkat daerah");
    let beta = sheet.iter().find(|r| r[0] == "Dinas Beta").unwrap();
    assert_eq!(beta[8], "11880000", "amounts are numbers in the workbook");

    // The admin sets this year's formula: 70/30, Butuh Perbaikan earns half.
    let form = |bk: &str| {
        vec![
            ("tahun".to_string(), d.tahun.to_string()),
            ("bobot_kinerja".to_string(), bk.to_string()),
            ("bobot_disiplin".to_string(), "30".to_string()),
            ("persen_sb".to_string(), "100".to_string()),
            ("persen_b".to_string(), "100".to_string()),
            ("persen_bp".to_string(), "50".to_string()),
            ("persen_k".to_string(), "25".to_string()),
            ("persen_sk".to_string(), "0".to_string()),
            ("tanpa_hasil".to_string(), "0".to_string()),
            ("pagu_jpt".to_string(), "12.000.000".to_string()),
            ("pagu_administrator".to_string(), "6500000".to_string()),
            ("pagu_pengawas".to_string(), "4000000".to_string()),
            ("pagu_fungsional".to_string(), "2500000".to_string()),
            ("pagu_pelaksana".to_string(), "2000000".to_string()),
        ]
    };
    // Weights not adding up to 100 are refused and the typed values stay.
    let r = admin.submit_owned("/tpp", form("80")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible()
            .contains("Bobot kinerja dan disiplin harus berjumlah 100.")
    );
    assert!(
        r.text
            .contains("id=\"bobot_kinerja\" name=\"bobot_kinerja\" value=\"80\"")
    );
    let r = admin.submit_owned("/tpp", form("70")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = admin
        .get(&format!("/laporan/tpp?periode={}", d.period))
        .await;
    assert_eq!(
        table_row(&page.text, "laporan-table", Fixture::nip("p2"))[6..],
        [
            "50%",
            "90,00",
            "2.000.000",
            "700.000",
            "540.000",
            "0",
            "1.240.000"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_bkpsdm_sets_the_formula_and_imports_and_opd_admins_see_their_opd() {
    let d = dataset().await;
    let mut opd = d.t.login(Fixture::nip("admin_a")).await;
    assert_eq!(opd.get("/tpp").await.status, StatusCode::FORBIDDEN);
    let r = opd
        .submit_owned(
            "/tpp",
            vec![
                ("tahun".to_string(), d.tahun.to_string()),
                ("bobot_kinerja".to_string(), "100".to_string()),
                ("bobot_disiplin".to_string(), "0".to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = opd
        .upload(
            "/tpp/disiplin",
            &[("periode", &d.period.to_string())],
            attendance(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let n: i64 = kinerja::store::on_db!(&d.t.app.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM disiplin"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(n, 0);
    // Their own OPD's recap only.
    let page = opd.get(&format!("/laporan/tpp?periode={}", d.period)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(Fixture::nip("p1")));
    assert!(!page.text.contains(Fixture::nip("kadis_b")));
    // The Bupati reads the formula but cannot change it.
    let mut bupati = d.t.login("bupati").await;
    let page = bupati.get("/tpp").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("id=\"disiplin-form\""));
    let mut p1 = d.t.login(Fixture::nip("p1")).await;
    assert_eq!(p1.get("/tpp").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        p1.get(&format!("/laporan/tpp?periode={}", d.period))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Unit heads read the other reports of their subtree, but no one's allowance: not on
    // screen, not as a download, not summed per OPD.
    for head in ["kadis_a", "kabid_a", "kasi_a"] {
        let mut c = d.t.login(Fixture::nip(head)).await;
        let index = c.get("/laporan").await;
        assert_eq!(index.status, StatusCode::OK, "{head}");
        assert!(index.text.contains("/laporan/rekap"), "{head}");
        assert!(!index.text.contains("/laporan/tpp"), "{head}: no TPP link");
        for path in [
            format!("/laporan/tpp?periode={}", d.period),
            format!("/laporan/tpp/unduh?periode={}&format=csv", d.period),
            format!("/laporan/tpp/unduh?periode={}&format=xlsx", d.period),
            format!("/laporan/tpp-opd?periode={}", d.period),
            format!("/laporan/tpp-opd/unduh?periode={}&format=csv", d.period),
        ] {
            let r = c.get(&path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{head} {path}");
            assert!(!r.text.contains(Fixture::nip("p1")), "{head} {path}");
        }
        assert_eq!(c.get("/tpp").await.status, StatusCode::FORBIDDEN, "{head}");
    }
}
