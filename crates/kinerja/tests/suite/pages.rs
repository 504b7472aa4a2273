//! The admin and employee pages: search, profile, edit, unit tree, PLT/PLH.

use crate::common::forms::*;
use crate::common::*;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_static_and_unknown_pages() {
    let t = TestApp::spawn().await;
    let mut c = t.client();
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::OK, "ok"));
    let css = c.get("/static/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers.get("etag").is_some());
    assert!(css.headers.get("x-request-id").is_some());
    assert_eq!(c.get("/static/none.js").await.status, StatusCode::NOT_FOUND);
    let r = c.get("/tidak-ada").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.visible().contains("Tidak ditemukan"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_shows_data_and_the_derived_penilai_chain() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login(Fixture::nip("p1")).await;
    let r = c.get("/").await;
    let v = r.visible();
    assert!(v.contains("19950505 202012 1 006"), "{v}");
    assert!(v.contains("Pejabat penilai Kasi Alpha"), "{v}");
    assert!(v.contains("Atasan pejabat penilai Kabid Alpha"), "{v}");
    // The Kadis is rated by the Bupati, who also decides objections.
    let mut k = t.login(Fixture::nip("kadis_a")).await;
    let v = k.get("/").await.visible();
    assert!(v.contains("Pejabat penilai Bupati Uji"), "{v}");
    assert!(v.contains("Atasan pejabat penilai Bupati Uji"), "{v}");
    // The profile speaks to its reader: "your raters" to the employee, not to an admin.
    let own = c.get(&format!("/pegawai/{}", f.id("p1"))).await.visible();
    assert!(own.contains("Penilai kinerja Anda"), "{own}");
    let mut admin = t.login("admin").await;
    let other = admin
        .get(&format!("/pegawai/{}", f.id("p1")))
        .await
        .visible();
    assert!(other.contains("Penilai kinerja pegawai ini"), "{other}");
    assert!(!other.contains("Penilai kinerja Anda"), "{other}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_searches_by_name_and_nip_with_server_side_pages() {
    let (t, f) = TestApp::with_fixture().await;
    // 60 more employees in Sekretariat Beta to page through.
    let mut csv = String::from("nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n");
    for i in 0..60 {
        csv.push_str(&format!(
            "1990010120150310{:02},Pegawai Tambahan {i:02},Staf,pelaksana,III/a,B.1\n",
            i + 12
        ));
    }
    let who = kinerja::services::audit::Who::system("test");
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
    let mut c = t.login("admin").await;
    let page1 = c.get("/pegawai?q=tambahan").await;
    assert!(
        page1.visible().contains("60 pegawai ditemukan"),
        "{}",
        page1.visible()
    );
    assert!(page1.visible().contains("Halaman 1 dari 3"));
    assert_eq!(page1.text.matches("Pegawai Tambahan").count(), 25);
    let page3 = c.get("/pegawai?q=tambahan&hal=3").await;
    assert_eq!(page3.text.matches("Pegawai Tambahan").count(), 10);
    assert!(page3.text.contains("Pegawai Tambahan 59"));
    // Case does not matter; a NIP prefix finds by NIP (also typed with spaces).
    assert!(
        c.get("/pegawai?q=PELAKSANA%20SATU")
            .await
            .visible()
            .contains("1 pegawai ditemukan")
    );
    let r = c.get("/pegawai?q=19950505%20202012").await;
    assert!(r.visible().contains("1 pegawai ditemukan") && r.visible().contains("Pelaksana Satu"));
    // Wildcards are matched literally.
    assert!(
        c.get("/pegawai?q=%25")
            .await
            .visible()
            .contains("0 pegawai ditemukan")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_edit_keeps_what_was_typed_and_changes_nothing() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("admin").await;
    let id = f.id("p1");
    let mut form = edit_form(&mut c, id).await;
    set(&mut form, "nama", "Nama Baru Sekali");
    set(&mut form, "golongan", "III/z");
    let r = c
        .submit(&format!("/admin/pegawai/{id}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Golongan “III/z” tidak dikenal"),
        "{}",
        r.visible()
    );
    assert!(r.text.contains("value=\"Nama Baru Sekali\""));
    assert!(r.text.contains("value=\"III/z\""));
    let e = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, id)
        .await
        .unwrap();
    assert_eq!(e.nama, "Pelaksana Satu");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_is_saved_audited_and_a_stale_form_is_refused() {
    let (t, f) = TestApp::with_fixture().await;
    let mut a = t.login("admin").await;
    let mut b = t.login(Fixture::nip("admin_a")).await;
    let id = f.id("p2");
    let mut form_a = edit_form(&mut a, id).await;
    let mut form_b = edit_form(&mut b, id).await;
    set(&mut form_a, "golongan", "II/d");
    set(&mut form_a, "gelar_belakang", "A.Md.");
    let r = a
        .submit(&format!("/admin/pegawai/{id}/ubah"), &refs(&form_a))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let profile = a.get(r.location.as_deref().unwrap()).await;
    assert!(profile.visible().contains("Perubahan telah disimpan"));
    assert!(profile.visible().contains("Pelaksana Dua, A.Md."));
    // The second admin read the old version: their save would silently undo the first.
    set(&mut form_b, "nama", "Pelaksana Kedua");
    let r = b
        .submit(&format!("/admin/pegawai/{id}/ubah"), &refs(&form_b))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("telah diubah orang lain"),
        "{}",
        r.visible()
    );
    assert!(r.text.contains("value=\"Pelaksana Kedua\""));
    let e = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, id)
        .await
        .unwrap();
    assert_eq!(
        (e.nama.as_str(), e.golongan.as_deref()),
        ("Pelaksana Dua", Some("II/d"))
    );
    // The history shows who changed what, before and after.
    let h = a.get(&format!("/admin/riwayat?pegawai={id}")).await;
    let v = h.visible();
    assert!(v.contains("Data pegawai diubah"), "{v}");
    assert!(v.contains("Golongan Sebelum: II/c → Sesudah: II/d"), "{v}");
    assert!(v.contains("admin (admin)"), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_penilai_override_that_makes_a_circle_is_refused() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("admin").await;
    // The Kabid would be rated by a pelaksana two levels below him.
    let id = f.id("kabid_a");
    let mut form = edit_form(&mut c, id).await;
    set(&mut form, "nip_penilai", Fixture::nip("p1"));
    let r = c
        .submit(&format!("/admin/pegawai/{id}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("lingkaran"), "{}", r.visible());
    // A sensible override is accepted and shown as such.
    let id = f.id("p3");
    let mut form = edit_form(&mut c, id).await;
    set(&mut form, "nip_penilai", Fixture::nip("kasi_a"));
    let r = c
        .submit(&format!("/admin/pegawai/{id}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = c.get(&format!("/pegawai/{id}")).await.visible();
    assert!(
        v.contains("Kasi Alpha") && v.contains("ditetapkan admin"),
        "{v}"
    );
    // The override penilai may now open the employee they rate.
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    assert_eq!(
        kasi.get(&format!("/pegawai/{id}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vacant_head_blocks_and_a_plt_fills_it() {
    let (t, f) = TestApp::with_fixture().await;
    let mut admin = t.login("admin").await;
    // The Kasi leaves: their record becomes inactive, the position stays.
    let kasi = f.id("kasi_a");
    let mut form = edit_form(&mut admin, kasi).await;
    form.retain(|(k, _)| k != "aktif");
    let r = admin
        .submit(&format!("/admin/pegawai/{kasi}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let v = p1.get("/").await.visible();
    assert!(v.contains("kosong dan belum ada PLT/PLH"), "{v}");
    // Admins see the blocker.
    let plt = admin.get("/admin/plt").await.visible();
    assert!(
        plt.contains("Jabatan kepala kosong tanpa PLT/PLH (1)"),
        "{plt}"
    );
    assert!(plt.contains("Kepala Seksi Alpha Satu A"));
    // Assigning a PLT: errors keep the typed values.
    let unit = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "A.2.1")
        .await
        .unwrap()
        .unwrap();
    let uid = unit.id.to_string();
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &uid),
                ("nip", "123"),
                ("jenis", "PLT"),
                ("mulai", "2026-01-01"),
                ("dasar", "SP 1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("tidak ditemukan"));
    assert!(r.text.contains("value=\"SP 1\""));
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &uid),
                ("nip", Fixture::nip("kasi_b1")),
                ("jenis", "PLT"),
                ("mulai", "2026-01-01"),
                ("dasar", "SP Bupati 12/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get("/").await.visible();
    assert!(
        v.contains("Kasi Alpha B") && v.contains("sebagai PLT"),
        "{v}"
    );
    // The PLT can now see the employees of the unit they act for.
    let mut acting = t.login(Fixture::nip("kasi_b1")).await;
    assert_eq!(
        acting.get(&format!("/pegawai/{}", f.id("p1"))).await.status,
        StatusCode::OK
    );
    // A second PLT for the same post overlapping in time is refused.
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &uid),
                ("nip", Fixture::nip("p3")),
                ("jenis", "PLT"),
                ("mulai", "2026-02-01"),
            ],
        )
        .await;
    assert!(r.visible().contains("bertumpang tindih"), "{}", r.visible());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plt_is_refused_for_a_filled_post_and_plh_is_accepted() {
    let (t, f) = TestApp::with_fixture().await;
    let mut admin = t.login("admin").await;
    let unit = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "A.2.1")
        .await
        .unwrap()
        .unwrap();
    let uid = unit.id.to_string();
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &uid),
                ("nip", Fixture::nip("p1")),
                ("jenis", "PLT"),
                ("mulai", "2026-01-01"),
            ],
        )
        .await;
    assert!(
        r.visible().contains("PLT hanya untuk jabatan yang kosong"),
        "{}",
        r.visible()
    );
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &uid),
                ("nip", Fixture::nip("kasi_a")),
                ("jenis", "PLH"),
                ("mulai", "2026-01-01"),
            ],
        )
        .await;
    assert!(
        r.visible().contains("sudah memegang jabatan itu"),
        "{}",
        r.visible()
    );
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &uid),
                ("nip", Fixture::nip("p1")),
                ("jenis", "PLH"),
                ("mulai", "2026-01-05"),
                ("selesai", "2026-01-01"),
            ],
        )
        .await;
    assert!(
        r.visible().contains("tidak boleh sebelum"),
        "{}",
        r.visible()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unit_tree_can_be_browsed() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("admin").await;
    let root = c.get("/unor").await;
    let v = root.visible();
    assert!(v.contains("Pemerintah Kabupaten Uji"));
    assert!(v.contains("Dinas Alpha") && v.contains("Dinas Beta"), "{v}");
    let unit = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "A.2")
        .await
        .unwrap()
        .unwrap();
    let v = c.get(&format!("/unor?id={}", unit.id)).await.visible();
    assert!(
        v.contains("Pemerintah Kabupaten Uji › Dinas Alpha › Bidang Alpha Satu"),
        "{v}"
    );
    assert!(
        v.contains("Seksi Alpha Satu A") && v.contains("Kabid Alpha"),
        "{v}"
    );
    assert!(v.contains("6 pegawai"), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_history_is_listed_for_instansi_admins() {
    let (t, f) = TestApp::with_fixture().await;
    let unit = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "A.2")
        .await
        .unwrap()
        .unwrap();
    let mut c = t.login("admin").await;
    let page = c.get(&format!("/unor?id={}", unit.id)).await;
    assert!(
        page.text
            .contains(&format!("/admin/riwayat?objek=unit&amp;id={}", unit.id))
    );
    let h = c
        .get(&format!("/admin/riwayat?objek=unit&id={}", unit.id))
        .await
        .visible();
    assert!(
        h.contains("Unit ditambahkan lewat impor") && h.contains("Bidang Alpha Satu"),
        "{h}"
    );
    let mut a = t.login(Fixture::nip("admin_a")).await;
    assert_eq!(
        a.get(&format!("/admin/riwayat?objek=unit&id={}", unit.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// The breadcrumb of a plan names the reader's way to it: "SKP saya" for its owner, the
/// approval queue for the penilai, the owner's profile for anyone else who may read it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plans_breadcrumb_is_the_readers_way_to_it() {
    let (t, _f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let crumb = |html: &str| {
        html.split("class=\"crumbs\"")
            .nth(1)
            .and_then(|s| s.split("</nav>").next())
            .unwrap_or_default()
            .to_string()
    };
    let own = crumb(&p1.get(&format!("/skp/{skp}")).await.text);
    assert!(own.contains("SKP saya"), "{own}");
    let penilai = crumb(&kasi.get(&format!("/skp/{skp}")).await.text);
    assert!(
        penilai.contains("/persetujuan") && !penilai.contains("SKP saya"),
        "{penilai}"
    );
    let mut kadis = t.login(Fixture::nip("kadis_a")).await;
    let reader = crumb(&kadis.get(&format!("/skp/{skp}")).await.text);
    assert!(
        reader.contains("Pelaksana Satu") && !reader.contains("SKP saya"),
        "{reader}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_is_filtered_by_person_kind_and_days_and_says_why_it_refuses() {
    let (t, f) = TestApp::with_fixture().await;
    let mut a = t.login("admin").await;
    let id = f.id("p2");
    let mut form = edit_form(&mut a, id).await;
    set(&mut form, "golongan", "II/d");
    let r = a
        .submit(&format!("/admin/pegawai/{id}/ubah"), &refs(&form))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    // The NIP as people type it, with spaces; the kind of change.
    let nip = Fixture::nip("p2");
    let spaced = format!("{} {}", &nip[..8], &nip[8..]);
    let h = a
        .get(&format!(
            "/admin/riwayat?nip={}&jenis=pegawai",
            spaced.replace(' ', "+")
        ))
        .await;
    assert_eq!(h.status, StatusCode::OK);
    let v = h.visible();
    assert!(
        v.contains("Data pegawai diubah") && v.contains("II/d"),
        "{v}"
    );
    assert!(
        h.text.contains("class=\"before\""),
        "the old value is shown struck"
    );
    // Another kind, or days before the change: nothing.
    let h = a.get(&format!("/admin/riwayat?nip={nip}&jenis=skp")).await;
    assert!(h.text.contains("id=\"audit-none\""), "{}", h.visible());
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .date_naive();
    let yesterday = today.pred_opt().unwrap();
    let h = a
        .get(&format!("/admin/riwayat?nip={nip}&sampai={yesterday}"))
        .await;
    assert!(h.text.contains("id=\"audit-none\""));
    let h = a
        .get(&format!("/admin/riwayat?nip={nip}&dari={today}"))
        .await;
    assert!(h.visible().contains("Data pegawai diubah"));
    // A date that cannot be read, an unknown NIP: said beside the field, nothing listed.
    let h = a.get("/admin/riwayat?dari=kemarin+sore").await;
    assert_eq!(h.status, StatusCode::OK);
    assert!(
        h.visible().contains("Tanggal tidak dapat dibaca"),
        "{}",
        h.visible()
    );
    assert!(
        h.text
            .contains("id=\"dari\" name=\"dari\" value=\"kemarin sore\" aria-invalid=\"true\"")
    );
    assert!(h.text.contains("id=\"audit-none\""));
    let h = a.get("/admin/riwayat?nip=199001012020121999").await;
    assert!(h.visible().contains("Tidak ada pegawai dengan NIP ini"));
    // Arbitrary text in every filter never breaks the page.
    for junk in ["%F0%9F%98%80", "%00", "'%3B--", "9999-99-99"] {
        let h = a
            .get(&format!(
                "/admin/riwayat?nip={junk}&jenis={junk}&dari={junk}&sampai={junk}"
            ))
            .await;
        assert_eq!(h.status, StatusCode::OK, "{junk}");
    }
    // A kasi may not read the instansi's history, filtered or not.
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    assert_eq!(
        kasi.get("/admin/riwayat?jenis=pegawai").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_opens_at_the_readers_own_role_and_explains_the_terms() {
    let (t, _f, _year) = TestApp::with_year().await;
    let part_open = |html: &str, part: &str| {
        let start = html
            .find(&format!("id=\"panduan-{part}\""))
            .unwrap_or_else(|| panic!("{part} part"));
        html[start..start + 40].contains(" open")
    };
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let g = p1.get("/panduan").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(part_open(&g.text, "pegawai") && !part_open(&g.text, "admin"));
    // The instansi's own deadlines, and the words people stop at.
    let v = g.visible();
    assert!(v.contains("SKP disetujui paling lambat"), "{v}");
    for term in [
        "Kurang/Misconduct",
        "Kurva distribusi",
        "Terlambat",
        "Revisi dan pengajuan",
    ] {
        assert!(v.contains(term), "{term}: {v}");
    }
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let g = kasi.get("/panduan").await.text;
    assert!(part_open(&g, "pegawai") && part_open(&g, "penilai") && !part_open(&g, "admin"));
    let mut bupati = t.login("bupati").await;
    let g = bupati.get("/panduan").await.text;
    assert!(
        part_open(&g, "pimpinan") && !part_open(&g, "pegawai"),
        "a regent writes no SKP"
    );
    let mut admin = t.login("admin").await;
    let g = admin.get("/panduan").await.text;
    assert!(part_open(&g, "admin") && !part_open(&g, "pegawai"));
    // In English too.
    let g = admin.get("/bahasa/en?next=/panduan").await;
    assert!(g.status.is_redirection() || g.status == StatusCode::OK);
    let g = admin.get("/panduan").await.visible();
    assert!(
        g.contains("what do I have to do?") && g.contains("Distribution curve"),
        "{g}"
    );
}
