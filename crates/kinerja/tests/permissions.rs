//! Who may see and change what: the grants and, above all, the denials.

mod common;
use common::*;
use reqwest::StatusCode;

async fn status(c: &mut Client, path: &str) -> StatusCode {
    c.get(path).await.status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pelaksana_sees_only_their_own_record() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login(Fixture::nip("p1")).await;
    assert_eq!(
        status(&mut c, &format!("/pegawai/{}", f.id("p1"))).await,
        StatusCode::OK
    );
    for key in ["p2", "kasi_a", "q1", "kadis_b"] {
        let r = c.get(&format!("/pegawai/{}", f.id(key))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{key}");
        assert!(
            r.visible().contains("Akses ditolak"),
            "a clear page: {}",
            r.visible()
        );
    }
    for path in [
        "/pegawai",
        "/unor",
        "/admin/plt",
        "/admin/impor",
        "/admin/riwayat",
    ] {
        assert_eq!(status(&mut c, path).await, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        status(&mut c, &format!("/admin/pegawai/{}/ubah", f.id("p1"))).await,
        StatusCode::FORBIDDEN
    );
    let r = c
        .submit(
            &format!("/admin/pegawai/{}/reset-kata-sandi", f.id("p2")),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_sees_their_subtree_and_nothing_else() {
    let (t, f) = TestApp::with_fixture().await;
    let mut kabid = t.login(Fixture::nip("kabid_a")).await;
    for key in ["kasi_a", "p1", "p2", "kasi_b1", "p3"] {
        assert_eq!(
            status(&mut kabid, &format!("/pegawai/{}", f.id(key))).await,
            StatusCode::OK,
            "{key}"
        );
    }
    for key in ["kadis_a", "sekre_a", "admin_a", "q1", "kadis_b"] {
        assert_eq!(
            status(&mut kabid, &format!("/pegawai/{}", f.id(key))).await,
            StatusCode::FORBIDDEN,
            "{key}"
        );
    }
    // The search covers the subtree only.
    let r = kabid.get("/pegawai?q=pelaksana").await;
    let v = r.visible();
    assert!(v.contains("Pelaksana Satu") && v.contains("Pelaksana Tiga"));
    assert!(!v.contains("Pegawai Beta"));
    let r = kabid.get("/pegawai?q=beta").await;
    assert!(
        r.visible().contains("0 pegawai ditemukan"),
        "{}",
        r.visible()
    );
    // A unit outside the subtree cannot be browsed or searched by editing the URL.
    let unit_b = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "B")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        status(&mut kabid, &format!("/unor?id={}", unit_b.id)).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(&mut kabid, &format!("/pegawai?unit={}", unit_b.id)).await,
        StatusCode::FORBIDDEN
    );
    // Supervisors do not administer.
    assert_eq!(
        status(&mut kabid, &format!("/admin/pegawai/{}/ubah", f.id("p1"))).await,
        StatusCode::FORBIDDEN
    );

    // A kasi sees their own seksi, not the sister seksi.
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    assert_eq!(
        status(&mut kasi, &format!("/pegawai/{}", f.id("p1"))).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&mut kasi, &format!("/pegawai/{}", f.id("p3"))).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(&mut kasi, &format!("/pegawai/{}", f.id("kabid_a"))).await,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_opd_administers_their_opd_only() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login(Fixture::nip("admin_a")).await;
    assert_eq!(
        status(&mut c, &format!("/admin/pegawai/{}/ubah", f.id("p1"))).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&mut c, &format!("/pegawai/{}", f.id("q1"))).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(&mut c, &format!("/admin/pegawai/{}/ubah", f.id("q1"))).await,
        StatusCode::FORBIDDEN
    );
    let r = c
        .submit(
            &format!("/admin/pegawai/{}/reset-kata-sandi", f.id("q1")),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Not their own record either.
    assert_eq!(
        status(&mut c, &format!("/admin/pegawai/{}/ubah", f.id("admin_a"))).await,
        StatusCode::FORBIDDEN
    );
    // Instansi-wide tasks are for BKPSDM.
    assert_eq!(status(&mut c, "/admin/impor").await, StatusCode::FORBIDDEN);
    assert_eq!(
        status(&mut c, "/admin/riwayat").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(&mut c, &format!("/admin/riwayat?pegawai={}", f.id("p1"))).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&mut c, &format!("/admin/riwayat?pegawai={}", f.id("q1"))).await,
        StatusCode::FORBIDDEN
    );
    // Moving an employee of their OPD into another OPD is refused.
    let mut form = edit_form(&mut c, f.id("p1")).await;
    set(&mut form, "unit_kode", "B.1");
    let r = c
        .submit(&format!("/admin/pegawai/{}/ubah", f.id("p1")), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("di luar wilayah administrasi"),
        "{}",
        r.visible()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pimpinan_reads_everything_and_changes_nothing() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("bupati").await;
    for key in ["p1", "q1", "kadis_a"] {
        assert_eq!(
            status(&mut c, &format!("/pegawai/{}", f.id(key))).await,
            StatusCode::OK
        );
    }
    assert_eq!(status(&mut c, "/unor").await, StatusCode::OK);
    assert_eq!(
        status(&mut c, &format!("/admin/pegawai/{}/ubah", f.id("p1"))).await,
        StatusCode::FORBIDDEN
    );
    let r = c
        .submit(
            &format!("/admin/pegawai/{}/ubah", f.id("p1")),
            &[
                ("version", "1"),
                ("nip", "x"),
                ("jenis_asn", "pns"),
                ("nama", "x"),
                ("unit_kode", "A"),
                ("jabatan", "x"),
                ("jenis_jabatan", "pelaksana"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(status(&mut c, "/admin/plt").await, StatusCode::FORBIDDEN);
    assert_eq!(status(&mut c, "/admin/impor").await, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_applies_the_same_rules() {
    let (t, f) = TestApp::with_fixture().await;
    let p1 = t.api(&t.token(Fixture::nip("p1")).await);
    let (s, _) = p1.get(&format!("/api/v1/employees/{}", f.id("p1"))).await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = p1.get(&format!("/api/v1/employees/{}", f.id("q1"))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "forbidden");
    assert_eq!(body["message"], "Akses ditolak.");
    let (s, _) = p1.get("/api/v1/employees").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = p1.get("/api/v1/units").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = p1
        .send(reqwest::Method::PUT, &format!("/api/v1/employees/{}", f.id("p1")), &serde_json::json!({"version": 1, "nip": "x", "jenis_asn": "pns", "nama": "x", "unit_kode": "A", "jabatan": "x", "jenis_jabatan": "pelaksana"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let admin_a = t.api(&t.token(Fixture::nip("admin_a")).await);
    let (s, body) = admin_a.get("/api/v1/employees?per_page=200").await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["nama"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Pelaksana Satu"));
    assert!(!names.contains(&"Pegawai Beta"), "{names:?}");
    let unit_b = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "B")
        .await
        .unwrap()
        .unwrap();
    let (s, _) = admin_a
        .get(&format!("/api/v1/employees?unit_id={}", unit_b.id))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = admin_a.get(&format!("/api/v1/units/{}", unit_b.id)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_instansi_is_invisible() {
    let (t, f) = TestApp::with_fixture().await;
    // A second tenant with its own admin.
    let other = kinerja::cli::create_instansi(
        &t.app,
        "99.02",
        "Pemerintah Kota Lain",
        "Kota Lain",
        "Wali Kota Lain",
        None,
    )
    .await
    .unwrap();
    let who = kinerja::services::audit::Who::system("test");
    kinerja::services::accounts::create_admin(&t.app, other, "admin2", PASSWORD, &who)
        .await
        .unwrap();
    let mut c = t.login("admin2").await;
    let r = c.get(&format!("/pegawai/{}", f.id("p1"))).await;
    // Scoped by instansi: the record does not exist for this tenant.
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c.get("/pegawai?q=pelaksana").await;
    assert!(r.visible().contains("0 pegawai ditemukan"));
    let api = t.api(&t.token("admin2").await);
    let (s, _) = api.get(&format!("/api/v1/employees/{}", f.id("p1"))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

use common::forms::*;
