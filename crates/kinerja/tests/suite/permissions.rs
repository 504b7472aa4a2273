//! Who may see and change what: the grants and, above all, the denials.

use crate::common::*;
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
    let other = t.other_instansi().await;
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

use crate::common::forms::*;

// ---------------------------------------------------------------------------------------
// Separation of duties: nobody acts for themself or on someone above them; what hands out
// judging rights over heads waits for a second admin.

async fn count(t: &TestApp, sql: &'static str) -> i64 {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(c)
        .await)
    .unwrap()
}

/// An admin appoints `who` PLH of the head of unit `unit` from `mulai`.
async fn plh(c: &mut Client, unit: &str, who: &str, mulai: &str) -> Response {
    c.submit(
        "/admin/plt",
        &[
            ("unit_id", unit),
            ("nip", Fixture::nip(who)),
            ("jenis", "PLH"),
            ("mulai", mulai),
        ],
    )
    .await
}

async fn unit_id(t: &TestApp, f: &Fixture, kode: &str) -> String {
    f.unit(t, kode).await.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opd_admin_cannot_make_themself_the_judge_of_their_office() {
    let (t, f) = TestApp::with_fixture().await;
    let today = t.app.today().format("%Y-%m-%d").to_string();
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let dinas = unit_id(&t, &f, "A").await;
    // The reported attack: PLH of the Kepala Dinas with their own NIP.
    let r = plh(&mut opd, &dinas, "admin_a", &today).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.visible()
    );
    assert!(r.visible().contains("diri sendiri"), "{}", r.visible());
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM acting_assignments").await,
        0
    );
    assert_eq!(count(&t, "SELECT COUNT(*) FROM pending_changes").await, 0);
    // They lead nothing.
    assert!(
        kinerja::store::org::led_units(&t.app.db, f.instansi_id, f.id("admin_a"), t.app.today())
            .await
            .unwrap()
            .is_empty()
    );

    // Nor themself as someone's penilai.
    let p1 = f.id("p1");
    let mut form = edit_form(&mut opd, p1).await;
    set(&mut form, "nip_penilai", Fixture::nip("admin_a"));
    let r = opd
        .submit(&format!("/admin/pegawai/{p1}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("diri sendiri"), "{}", r.visible());
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM employees WHERE penilai_override_id IS NOT NULL"
        )
        .await,
        0
    );

    // An appointee from another OPD is for BKPSDM to appoint.
    let seksi = unit_id(&t, &f, "A.2.1").await;
    let r = plh(&mut opd, &seksi, "q1", &today).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("bukan dari OPD Anda"),
        "{}",
        r.visible()
    );

    // A pelaksana acting for their Kabid would rate their own Kasi, who rates them: the
    // same cycle check as the import refuses it.
    let bidang = unit_id(&t, &f, "A.2").await;
    let r = plh(&mut opd, &bidang, "p1", &today).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("atasannya sendiri"), "{}", r.visible());

    // A Kasi's PLH from the same OPD takes effect at once.
    let r = plh(&mut opd, &seksi, "p3", &today).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM acting_assignments").await,
        1
    );

    // The Kepala Dinas's PLH waits for an admin BKPSDM.
    let r = plh(&mut opd, &dinas, "sekre_a", &today).await;
    assert_eq!(r.location.as_deref(), Some("/admin/plt?pesan=menunggu"));
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM acting_assignments").await,
        1
    );
    let page = opd.get("/admin/plt?pesan=menunggu").await.visible();
    assert!(page.contains("menunggu konfirmasi admin BKPSDM"), "{page}");
    let mine = opd.get("/admin/konfirmasi").await;
    assert!(
        mine.visible().contains("Sekretaris Alpha"),
        "{}",
        mine.visible()
    );
    let pid = count(&t, "SELECT MAX(id) FROM pending_changes").await;
    // The requester cannot confirm their own request, nor can anyone but admin BKPSDM.
    assert_eq!(
        opd.submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    for who in ["kadis_a", "sekre_a", "p1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        assert_eq!(
            c.submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let mut bupati = t.login("bupati").await;
    assert_eq!(
        bupati
            .submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM acting_assignments").await,
        1
    );
    // Admin BKPSDM confirms; the appointment takes effect, the queue is empty.
    let mut admin = t.login("admin").await;
    let q = admin.get("/admin/konfirmasi").await.visible();
    assert!(
        q.contains("Menunggu konfirmasi (1)") && q.contains("Admin Alpha"),
        "{q}"
    );
    let r = admin
        .submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM acting_assignments").await,
        2
    );
    let q = admin.get("/admin/konfirmasi").await.visible();
    assert!(q.contains("Tidak ada permintaan yang menunggu"), "{q}");
    // Deciding twice does nothing more.
    let again = admin
        .submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        count(&t, "SELECT COUNT(*) FROM acting_assignments").await,
        2
    );
    // Every step is in the audit chain.
    for action in [
        "confirmation.request",
        "confirmation.confirm",
        "acting.create",
    ] {
        let n: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_events WHERE action = $1"
        )
        .bind(action)
        .fetch_one(c)
        .await)
        .unwrap();
        assert!(n >= 1, "{action}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn penilai_overrides_by_an_opd_admin_wait_for_bkpsdm() {
    let (t, f) = TestApp::with_fixture().await;
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let p1 = f.id("p1");
    // Outside the OPD: refused.
    let mut form = edit_form(&mut opd, p1).await;
    set(&mut form, "nip_penilai", Fixture::nip("kadis_b"));
    let r = opd
        .submit(&format!("/admin/pegawai/{p1}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("di luar OPD Anda"), "{}", r.visible());
    // Inside: saved, but the override waits; the rest of the edit is in effect.
    let mut form = edit_form(&mut opd, p1).await;
    set(&mut form, "nip_penilai", Fixture::nip("kabid_a"));
    set(&mut form, "email", "p1@kotabumi.example");
    let r = opd
        .submit(&format!("/admin/pegawai/{p1}/ubah"), &refs(&form))
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/pegawai/{p1}?pesan=penilai-menunggu").as_str())
    );
    let e = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, p1)
        .await
        .unwrap();
    assert_eq!(e.penilai_override_id, None);
    assert_eq!(e.email.as_deref(), Some("p1@kotabumi.example"));
    // A second request while one waits is refused.
    let mut form = edit_form(&mut opd, p1).await;
    set(&mut form, "nip_penilai", Fixture::nip("sekre_a"));
    let r = opd
        .submit(&format!("/admin/pegawai/{p1}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Rejecting needs a reason and keeps nothing.
    let pid = count(&t, "SELECT MAX(id) FROM pending_changes").await;
    let mut admin = t.login("admin").await;
    // The admin BKPSDM's home lists it among their tasks; the OPD admin who asked has
    // nothing to confirm.
    let home = admin.get("/").await;
    assert!(
        home.text.contains("id=\"tugas-konfirmasi\""),
        "{}",
        home.visible()
    );
    assert!(home.visible().contains("menunggu konfirmasi Anda: 1"));
    assert!(!opd.get("/").await.text.contains("id=\"tugas-konfirmasi\""));
    let r = admin
        .submit(&format!("/admin/konfirmasi/{pid}/tolak"), &[("note", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let e = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, p1)
        .await
        .unwrap();
    assert_eq!(e.penilai_override_id, Some(f.id("kabid_a")));
    // The OPD admin sees the outcome of their request.
    let mine = opd.get("/admin/konfirmasi").await.visible();
    assert!(mine.contains("dikonfirmasi"), "{mine}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_admin_acts_on_an_account_above_their_own() {
    let (t, f) = TestApp::with_fixture().await;
    // Another admin in the OPD, a pimpinan placed in it, and an admin BKPSDM who is an
    // employee.
    let who = kinerja::services::audit::Who::system("test");
    for (key, role, unit) in [
        ("p2", "admin_opd", Some("A")),
        ("kasi_b1", "pimpinan", None),
        ("q1", "admin_instansi", None),
    ] {
        let u = kinerja::store::users::user_by_username(&t.app.db, Fixture::nip(key))
            .await
            .unwrap()
            .unwrap();
        let unit_id = match unit {
            Some(k) => Some(f.unit(&t, k).await),
            None => None,
        };
        kinerja::services::accounts::grant_role(&t.app, f.instansi_id, u.id, role, unit_id, &who)
            .await
            .unwrap();
    }
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let reset = |id: i64| format!("/admin/pegawai/{id}/reset-kata-sandi");
    // The head of the OPD, the head of the admin's own unit, another admin, a pimpinan:
    // no reset, no edit.
    for key in ["kadis_a", "sekre_a", "p2", "kasi_b1"] {
        let id = f.id(key);
        assert_eq!(
            opd.submit(&reset(id), &[]).await.status,
            StatusCode::FORBIDDEN,
            "reset {key}"
        );
        assert_eq!(
            opd.get(&format!("/admin/pegawai/{id}/ubah")).await.status,
            StatusCode::FORBIDDEN,
            "edit {key}"
        );
        // Their password still works.
        t.login(Fixture::nip(key)).await;
    }
    // The profile offers no button that would be refused.
    let page = opd.get(&format!("/pegawai/{}", f.id("kadis_a"))).await;
    assert!(!page.text.contains("reset-kata-sandi"), "no reset button");
    // A pelaksana: a temporary password at once.
    let r = opd.submit(&reset(f.id("p1")), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text.contains("<code>"));
    // A Kabid (Administrator, not above the admin): waits for an admin BKPSDM, and the
    // OPD admin never reads the temporary password.
    let kabid = f.id("kabid_a");
    let r = opd.submit(&reset(kabid), &[]).await;
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/pegawai/{kabid}?pesan=reset-menunggu").as_str())
    );
    t.login(Fixture::nip("kabid_a")).await;
    let pid = count(&t, "SELECT MAX(id) FROM pending_changes").await;
    let mut admin = t.login("admin").await;
    let r = admin
        .submit(&format!("/admin/konfirmasi/{pid}/setujui"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.visible());
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
    let temp = r
        .text
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_string();
    let mut c = t.client();
    let r = c
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("kabid_a")), ("password", &temp)],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/akun/kata-sandi"));
    let mine = opd.get("/admin/konfirmasi").await.text;
    assert!(!mine.contains(&temp), "the requester never sees it");
    // Admin BKPSDM does not touch another admin BKPSDM.
    assert_eq!(
        admin.submit(&reset(f.id("q1")), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin
            .get(&format!("/admin/pegawai/{}/ubah", f.id("q1")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_temporary_password_expires() {
    let (t, f) = TestApp::with_fixture().await;
    let mut admin = t.login("admin").await;
    let r = admin
        .submit(
            &format!("/admin/pegawai/{}/reset-kata-sandi", f.id("p1")),
            &[],
        )
        .await;
    let temp = r
        .text
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_string();
    let expires = count(&t, "SELECT MAX(password_expires_at) FROM users").await;
    let hours = (expires - kinerja::store::now_micros()) / 3_600_000_000;
    assert!((71..=72).contains(&hours), "{hours}");
    write_sql(
        &t.app.db,
        "UPDATE users SET password_expires_at = 1 WHERE password_expires_at IS NOT NULL",
    )
    .await;
    let r = t
        .client()
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", &temp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.visible().contains("kedaluwarsa"), "{}", r.visible());
    // A wrong password still says only that it is wrong.
    let r = t
        .client()
        .post_form(
            "/masuk",
            &[
                ("username", Fixture::nip("p1")),
                ("password", "salah-sekali-123"),
            ],
        )
        .await;
    assert!(!r.visible().contains("kedaluwarsa"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_bkpsdm_does_not_import_their_own_record_or_name_themself_penilai() {
    let (t, f) = TestApp::with_fixture().await;
    let who = kinerja::services::audit::Who::system("test");
    let q1 = kinerja::store::users::user_by_username(&t.app.db, Fixture::nip("q1"))
        .await
        .unwrap()
        .unwrap();
    kinerja::services::accounts::grant_role(
        &t.app,
        f.instansi_id,
        q1.id,
        "admin_instansi",
        None,
        &who,
    )
    .await
    .unwrap();
    let mut c = t.login(Fixture::nip("q1")).await;
    let header = "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit,nip_penilai\n";
    // Their own row, promoted.
    let own = format!(
        "{header}{},Pegawai Beta,Kepala Bagian,administrator,IV/b,B.1,\n",
        Fixture::nip("q1")
    );
    let r = c
        .upload("/admin/impor", &[("jenis", "pegawai")], own.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("data Anda sendiri"), "{}", r.visible());
    // Themself as someone's penilai.
    let rated = format!(
        "{header}{},Pelaksana Satu,Pengadministrasi Perkantoran,pelaksana,II/c,A.2.1,{}\n",
        Fixture::nip("p1"),
        Fixture::nip("q1")
    );
    let r = c
        .upload("/admin/impor", &[("jenis", "pegawai")], rated.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("diri sendiri"), "{}", r.visible());
    let e = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, f.id("q1"))
        .await
        .unwrap();
    assert_eq!(e.jabatan, "Pengadministrasi Perkantoran");
    assert_eq!(
        kinerja::store::org::employee_get(&t.app.db, f.instansi_id, f.id("p1"))
            .await
            .unwrap()
            .penilai_override_id,
        None
    );
}
