//! Planning: the SKP from draft to approval, with cascading, revisions, permissions,
//! monitoring and the official document.

use crate::common::*;
use reqwest::StatusCode;

/// The kasi's plan with two RHK the staff can link to.
async fn kasi_plan(t: &TestApp, year: i64) -> (Client, i64, i64, i64) {
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let skp = kasi.create_plan(year, "kosong").await;
    let r1 = kasi
        .add_rhk(
            skp,
            "utama",
            "Terselenggaranya layanan administrasi seksi yang tertib",
            None,
        )
        .await;
    let r2 = kasi
        .add_rhk(
            skp,
            "utama",
            "Tersusunnya laporan kinerja seksi tepat waktu",
            None,
        )
        .await;
    (kasi, skp, r1, r2)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draft_submit_return_fix_resubmit_approve_and_print() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, _, k1, k2) = kasi_plan(&t, year).await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    // An empty plan cannot be submitted, and the refusal says what is missing.
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Belum ada hasil kerja utama"),
        "{}",
        r.visible()
    );
    // The supervisor's RHK are offered as links.
    let page = p1.get(&format!("/skp/{skp}")).await;
    assert!(
        page.text
            .contains("Tersusunnya laporan kinerja seksi tepat waktu")
    );
    let a = p1
        .add_rhk(skp, "utama", "Terarsipnya surat masuk dan keluar", Some(k1))
        .await;
    let b = p1
        .add_rhk(skp, "utama", "Tersusunnya bahan laporan kinerja", Some(k2))
        .await;
    p1.add_indikator(skp, a, "Jumlah surat terarsip", "1.200", "surat")
        .await;
    // A refused indicator keeps what was typed.
    let r = p1
        .plan_post(
            skp,
            &format!("/rhk/{b}/indikator"),
            &[
                ("aspek", "Kuantitas"),
                ("iki", "Laporan triwulan"),
                ("target", "empat"),
                ("satuan", "laporan"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("harus berupa angka"),
        "{}",
        r.visible()
    );
    assert!(r.text.contains("value=\"Laporan triwulan\"") && r.text.contains("value=\"empat\""));
    // Missing indicator on B: submission names it.
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert!(
        r.visible()
            .contains("Hasil kerja A.2 belum memiliki indikator"),
        "{}",
        r.visible()
    );
    p1.add_indikator(skp, b, "Laporan triwulan", "4", "laporan")
        .await;
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(
        v.contains("Diajukan") && v.contains("Menunggu persetujuan Kasi Alpha"),
        "{v}"
    );
    // Submitted plans are not editable.
    let r = p1
        .plan_post(skp, "/rhk", &[("jenis", "tambahan"), ("teks", "x")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("status SKP saat ini"));

    // The kasi sees it in the queue and returns it with notes, one per row.
    let q = kasi.get("/persetujuan").await.visible();
    assert!(
        q.contains("1 SKP menunggu keputusan Anda") && q.contains("Pelaksana Satu"),
        "{q}"
    );
    let r = kasi
        .plan_post(skp, "/keputusan", &[("keputusan", "kembalikan")])
        .await;
    assert!(
        r.visible().contains("Tuliskan catatan"),
        "a return needs a note: {}",
        r.visible()
    );
    let note = format!("catatan_{b}");
    let r = kasi
        .plan_post(
            skp,
            "/keputusan",
            &[
                ("keputusan", "kembalikan"),
                ("catatan", "Perjelas target laporan."),
                (&note, "Targetkan juga laporan tahunan."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(
        v.contains("Dikembalikan")
            && v.contains("Perjelas target laporan.")
            && v.contains("Targetkan juga laporan tahunan."),
        "{v}"
    );
    let notes = p1.get("/notifikasi").await.visible();
    assert!(notes.contains("dikembalikan oleh"), "{notes}");

    // Fix and resubmit; the kasi writes expectations and approves.
    p1.add_indikator(skp, b, "Laporan tahunan", "1", "laporan")
        .await;
    assert!(
        p1.get(&format!("/skp/{skp}"))
            .await
            .visible()
            .contains("Draf")
    );
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = kasi
        .plan_post(
            skp,
            "/ekspektasi",
            &[("e1", "Melayani tamu dengan ramah dan cepat")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let r = kasi
        .plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(
        v.contains("Disetujui") && v.contains("Melayani tamu dengan ramah dan cepat"),
        "{v}"
    );
    assert!(
        kasi.get("/persetujuan")
            .await
            .visible()
            .contains("0 SKP menunggu")
    );

    // The printed form and the PDF carry the approved content; the PDF's hash is audited.
    let print = p1.get(&format!("/skp/{skp}/cetak")).await.visible();
    assert!(
        print.contains("SASARAN KINERJA PEGAWAI")
            && print.contains("Terarsipnya surat masuk dan keluar"),
        "{print}"
    );
    assert!(print.contains("Terselenggaranya layanan administrasi seksi yang tertib"));
    let pdf = p1.get(&format!("/skp/{skp}/pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes);
    assert!(
        text.contains("Terarsipnya surat masuk") && text.contains("Tersusunnya bahan laporan"),
        "{text}"
    );
    assert!(text.contains(Fixture::nip("p1")));
    let mut admin = t.login("admin").await;
    let h = admin
        .get(&format!("/admin/riwayat?pegawai={}", f.id("p1")))
        .await
        .visible();
    for action in [
        "SKP dibuat",
        "SKP diajukan",
        "SKP dikembalikan",
        "SKP disetujui",
        "PDF SKP diunduh",
        "sha256",
    ] {
        assert!(h.contains(action), "{action} missing in history: {h}");
    }
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skp.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian package poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_edits_only_the_penilai_decides_and_strangers_read_nothing() {
    let (t, f, year) = TestApp::with_year().await;
    let (_kasi, kasi_skp, k1, _) = kasi_plan(&t, year).await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    let a = p1.add_rhk(skp, "utama", "Hasil kerja P1", Some(k1)).await;
    p1.add_indikator(skp, a, "Jumlah", "3", "dokumen").await;
    let version = p1.plan_version(skp).await;
    // A colleague in the same seksi may not read it, let alone edit it.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    assert_eq!(
        p2.get(&format!("/skp/{skp}")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = p2
        .submit(
            &format!("/skp/{skp}/rhk"),
            &[
                ("version", &version),
                ("jenis", "utama"),
                ("teks", "disusupkan"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Someone of another OPD cannot read it either.
    let mut q1 = t.login(Fixture::nip("q1")).await;
    assert_eq!(
        q1.get(&format!("/skp/{skp}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        q1.get(&format!("/skp/{skp}/pdf")).await.status,
        StatusCode::FORBIDDEN
    );
    // The penilai reads but may not edit the draft.
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    assert_eq!(
        kasi.get(&format!("/skp/{skp}")).await.status,
        StatusCode::OK
    );
    let r = kasi
        .submit(
            &format!("/skp/{skp}/rhk"),
            &[
                ("version", &version),
                ("jenis", "utama"),
                ("teks", "dari atasan"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    p1.plan_post(skp, "/ajukan", &[]).await;
    let version = p1.plan_version(skp).await;
    // Nobody but the derived penilai decides: not the owner, not the kabid above, not admins.
    for who in [
        Fixture::nip("p1"),
        Fixture::nip("kabid_a"),
        "admin",
        "bupati",
        Fixture::nip("admin_a"),
    ] {
        let mut c = t.login(who).await;
        let r = c
            .submit(
                &format!("/skp/{skp}/keputusan"),
                &[("version", &version), ("keputusan", "setujui")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} must not approve");
    }
    // The owner cannot act on the kasi's plan.
    let kv = kasi.plan_version(kasi_skp).await;
    let r = p1
        .submit(&format!("/skp/{kasi_skp}/ajukan"), &[("version", &kv)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Supervisors up the tree and admins of the OPD read it.
    for who in [
        Fixture::nip("kabid_a"),
        Fixture::nip("kadis_a"),
        Fixture::nip("admin_a"),
        "bupati",
    ] {
        let mut c = t.login(who).await;
        assert_eq!(
            c.get(&format!("/skp/{skp}")).await.status,
            StatusCode::OK,
            "{who}"
        );
    }
    let _ = f;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plt_approves_for_a_vacant_penilai() {
    let (t, f, year) = TestApp::with_year().await;
    let (_kasi, _, k1, _) = kasi_plan(&t, year).await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    let a = p1.add_rhk(skp, "utama", "Hasil kerja P1", Some(k1)).await;
    p1.add_indikator(skp, a, "Jumlah", "3", "dokumen").await;
    p1.plan_post(skp, "/ajukan", &[]).await;
    // The kasi leaves; kasi_b1 becomes PLT of the seksi.
    let mut admin = t.login("admin").await;
    let mut form = crate::common::forms::edit_form(&mut admin, f.id("kasi_a")).await;
    form.retain(|(k, _)| k != "aktif");
    admin
        .submit(
            &format!("/admin/pegawai/{}/ubah", f.id("kasi_a")),
            &crate::common::forms::refs(&form),
        )
        .await;
    let unit = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "A.2.1")
        .await
        .unwrap()
        .unwrap();
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &unit.id.to_string()),
                ("nip", Fixture::nip("kasi_b1")),
                ("jenis", "PLT"),
                ("mulai", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut plt = t.login(Fixture::nip("kasi_b1")).await;
    assert!(
        plt.get("/persetujuan")
            .await
            .visible()
            .contains("Pelaksana Satu")
    );
    let r = plt
        .plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cascading_proposals_links_and_broken_links_on_both_sides() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, kasi_skp, k1, k2) = kasi_plan(&t, year).await;
    // The matrix offers the kasi's direct reports only.
    let m = kasi.get(&format!("/skp/{kasi_skp}/matriks")).await;
    assert_eq!(m.status, StatusCode::OK);
    let mv = m.visible();
    assert!(
        mv.contains("Pelaksana Satu")
            && mv.contains("Pelaksana Dua")
            && !mv.contains("Pelaksana Tiga"),
        "{mv}"
    );
    let r = kasi
        .submit(
            &format!("/skp/{kasi_skp}/matriks"),
            &[
                ("rhk_id", &k1.to_string()),
                ("pegawai", &f.id("p1").to_string()),
                ("pegawai", &f.id("p2").to_string()),
                ("teks", "Mengarsip surat seksi"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    // Someone who is not a direct report is refused.
    let r = kasi
        .submit(
            &format!("/skp/{kasi_skp}/matriks"),
            &[
                ("rhk_id", &k2.to_string()),
                ("pegawai", &f.id("p3").to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // P1 starts from what was handed down: the RHK arrives linked.
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let list = p1.get("/skp").await.visible();
    assert!(list.contains("sudah menurunkan 1 hasil kerja"), "{list}");
    let skp = p1.create_plan(year, "atasan").await;
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(
        v.contains("Mengarsip surat seksi")
            && v.contains("Mengintervensi RHK atasan: Terselenggaranya layanan"),
        "{v}"
    );
    // The kasi sees the link from his side.
    let kv = kasi.get(&format!("/skp/{kasi_skp}")).await.visible();
    assert!(
        kv.contains("Diintervensi oleh bawahan") && kv.contains("Pelaksana Satu"),
        "{kv}"
    );
    // P2 adopts the proposal into an existing draft.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    let skp2 = p2.create_plan(year, "kosong").await;
    let page = p2.get(&format!("/skp/{skp2}")).await;
    let cid = page
        .text
        .split("/usulan/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let r = p2
        .plan_post(skp2, &format!("/usulan/{cid}/ambil"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        p2.get(&format!("/skp/{skp2}"))
            .await
            .visible()
            .contains("Mengarsip surat seksi")
    );
    // The kasi removes the RHK: both subordinates' links break, flagged on both sides.
    let r = kasi
        .plan_post(kasi_skp, &format!("/rhk/{k1}/hapus"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let kv = kasi.get(&format!("/skp/{kasi_skp}")).await.visible();
    assert!(
        kv.contains("masih menjadi acuan") && kv.contains("Pelaksana Dua"),
        "{kv}"
    );
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(v.contains("Tautan putus"), "{v}");
    let a = v.len();
    let _ = a;
    let rid: i64 = p1
        .get(&format!("/skp/{skp}"))
        .await
        .text
        .split("id=\"rhk-")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    p1.add_indikator(skp, rid, "Surat terarsip", "100", "surat")
        .await;
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert!(
        r.visible()
            .contains("menautkan RHK atasan yang sudah tidak ada"),
        "{}",
        r.visible()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_never_silently_overwrite_each_other() {
    let (t, _, year) = TestApp::with_year().await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    let stale = p1.plan_version(skp).await;
    p1.add_rhk(skp, "tambahan", "Menjadi panitia kegiatan HUT", None)
        .await;
    let r = p1
        .submit(
            &format!("/skp/{skp}/rhk"),
            &[
                ("version", &stale),
                ("jenis", "tambahan"),
                ("teks", "Dari tab lama"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("telah diubah orang lain"),
        "{}",
        r.visible()
    );
    assert!(r.text.contains("Dari tab lama"), "the typed text stays");
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(v.contains("Menjadi panitia kegiatan HUT") && !v.contains("Dari tab lama</p>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_approved_plan_is_a_new_revision_and_the_difference_is_shown() {
    let (t, _, year) = TestApp::with_year().await;
    let (mut kasi, _, k1, _) = kasi_plan(&t, year).await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    let a = p1
        .add_rhk(skp, "utama", "Terarsipnya surat", Some(k1))
        .await;
    p1.add_indikator(skp, a, "Jumlah surat", "100", "surat")
        .await;
    p1.plan_post(skp, "/ajukan", &[]).await;
    kasi.plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    let r = p1.plan_post(skp, "/revisi-baru", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(v.contains("Draf") && v.contains("revisi 2"), "{v}");
    let r = p1
        .plan_post(
            skp,
            &format!("/rhk/{a}"),
            &[
                ("jenis", "utama"),
                ("teks", "Terarsipnya surat secara digital"),
                ("parent_rhk_id", &k1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    p1.plan_post(skp, "/ajukan", &[]).await;
    kasi.plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    let h = p1.get(&format!("/skp/{skp}/riwayat")).await;
    let ids: Vec<String> = h
        .text
        .split("name=\"dari\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    let d = p1
        .get(&format!("/skp/{skp}/riwayat?dari={}&ke={}", ids[0], ids[1]))
        .await
        .visible();
    assert!(
        d.contains(
            "Teks diubah dari “Terarsipnya surat” menjadi “Terarsipnya surat secara digital”"
        ),
        "{d}"
    );
    // The first approved revision stays readable as it was.
    let first = p1
        .get(&format!("/skp/{skp}/riwayat?lihat={}", ids[0]))
        .await
        .visible();
    assert!(
        first.contains("Terarsipnya surat") && !first.contains("secara digital"),
        "{first}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn monitoring_counts_every_state_per_branch_and_lists_who_is_late() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, _, k1, _) = kasi_plan(&t, year).await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    let a = p1.add_rhk(skp, "utama", "R", Some(k1)).await;
    p1.add_indikator(skp, a, "I", "1", "x").await;
    p1.plan_post(skp, "/ajukan", &[]).await;
    kasi.plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    let mut p2 = t.login(Fixture::nip("p2")).await;
    let s2 = p2.create_plan(year, "kosong").await;
    let b = p2.add_rhk(s2, "utama", "R2", Some(k1)).await;
    p2.add_indikator(s2, b, "I", "1", "x").await;
    p2.plan_post(s2, "/ajukan", &[]).await;
    // Admin BKPSDM, whole instansi: 11 employees (the Bupati needs no SKP).
    let mut admin = t.login("admin").await;
    let m = admin.get("/monitoring").await;
    assert_eq!(m.status, StatusCode::OK);
    let total = m
        .text
        .split("id=\"monitoring-total\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    let nums: Vec<i64> = total
        .split("<strong>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse().unwrap())
        .collect();
    // total, approved, submitted, returned, draft, none
    assert_eq!(nums, vec![11, 1, 1, 0, 1, 8]);
    // Drill into Dinas Alpha → Bidang Alpha Satu: the seksi row holds p1, p2 and the kasi.
    let bidang = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "A.2")
        .await
        .unwrap()
        .unwrap();
    let m = admin
        .get(&format!("/monitoring?unit={}", bidang.id))
        .await
        .visible();
    assert!(m.contains("Seksi Alpha Satu A 3 0 1 1 0 1 33%"), "{m}");
    // The admin of Dinas Alpha cannot look at Dinas Beta by editing the URL.
    let beta = kinerja::store::org::unit_by_kode(&t.app.db, f.instansi_id, "B")
        .await
        .unwrap()
        .unwrap();
    let mut a = t.login(Fixture::nip("admin_a")).await;
    assert_eq!(
        a.get(&format!("/monitoring?unit={}", beta.id)).await.status,
        StatusCode::FORBIDDEN
    );
    // A pelaksana has no monitoring at all.
    assert_eq!(p2.get("/monitoring").await.status, StatusCode::FORBIDDEN);
    // The kasi's own subtree: who has no approved plan yet.
    let mk = kasi.get("/monitoring").await.visible();
    assert!(
        mk.contains("Pelaksana Dua") && !mk.contains("Pegawai Beta"),
        "{mk}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_define_years_and_move_period_dates_with_checks() {
    let (t, _) = TestApp::with_fixture().await;
    let mut admin = t.login("admin").await;
    let r = admin
        .submit(
            "/admin/tahun",
            &[
                ("tahun", "2027"),
                ("jenis_periode", "semesteran"),
                ("hari_batas", "7"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = admin.get("/admin/tahun").await;
    let v = page.visible();
    assert!(
        v.contains("Tahun 2027")
            && v.contains("SEMESTER I")
            && v.contains("SEMESTER II")
            && v.contains("AKHIR"),
        "{v}"
    );
    assert!(v.contains("31 Januari 2027"));
    let r = admin.submit("/admin/tahun", &[("tahun", "2027")]).await;
    assert!(r.visible().contains("sudah ada"));
    // Overlapping periods are refused.
    let action = page
        .text
        .split("action=\"/admin/tahun/")
        .nth(2)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = admin
        .submit(
            &format!("/admin/tahun/{action}"),
            &[
                ("mulai", "2027-06-01"),
                ("selesai", "2027-12-31"),
                ("batas", "2028-01-07"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("tumpang tindih"), "{}", r.visible());
    // Reference data is readable and non-admins may not define years.
    let rid = page
        .text
        .split("/admin/referensi/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(
        admin
            .get(&format!("/admin/referensi/{rid}"))
            .await
            .visible()
            .contains("Berorientasi Pelayanan")
    );
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert_eq!(p1.get("/admin/tahun").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        p1.submit("/admin/tahun", &[("tahun", "2030")]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_that_writes_the_audit_refuses_other_sites() {
    let (t, _f, year) = TestApp::with_year().await;
    let (_kasi, mut p1, skp) = approved_plan(&t, year).await;
    let events = |t: &TestApp| {
        let db = t.app.db.clone();
        async move {
            kinerja::store::on_db!(&db, |c| sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'document.skp_pdf'"
            )
            .fetch_one(c)
            .await)
            .unwrap()
        }
    };
    let path = format!("/skp/{skp}/pdf");
    let api = t.api(&t.token(Fixture::nip("p1")).await);
    for site in ["cross-site", "same-site"] {
        let r = p1.get_with(&path, &[("sec-fetch-site", site)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{site}");
        // The API answers the same when a browser carries the page session there.
        let r = p1
            .get_with(&format!("/api/v1{path}"), &[("sec-fetch-site", site)])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "api {site}");
    }
    assert_eq!(events(&t).await, 0, "nothing written in the victim's name");
    for site in ["same-origin", "none"] {
        let r = p1.get_with(&path, &[("sec-fetch-site", site)]).await;
        assert_eq!(r.status, StatusCode::OK, "{site}");
    }
    // A script with a token sends no such header.
    let (s, _) = api.get(&format!("/api/v1{path}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(events(&t).await, 3);
}

/// The part of a page from the element with `id` to the end of its article.
fn article<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} on the page"));
    let rest = &html[start..];
    &rest[..rest.find("</article>").unwrap_or(rest.len())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_says_what_to_do_next_and_changes_land_where_they_happened() {
    let (t, _, year) = TestApp::with_year().await;
    let (mut kasi, _, k1, _) = kasi_plan(&t, year).await;
    let mut p1 = t.login(Fixture::nip("p1")).await;

    // No plan yet: the first task is to write one, and the menu counts it.
    let home = p1.get("/").await;
    assert!(
        home.text.contains("id=\"tugas-buat-skp\""),
        "{}",
        home.visible()
    );
    assert!(home.visible().contains("Anda belum memiliki SKP tahun ini"));
    assert!(
        home.text
            .contains("href=\"/skp\" class=\"\">SKP saya <span class=\"count\"")
    );
    let skp = p1.create_plan(year, "kosong").await;
    let home = p1.get("/").await;
    assert!(
        home.text.contains("id=\"tugas-ajukan-skp\""),
        "{}",
        home.visible()
    );
    assert!(home.text.contains(&format!("href=\"/skp/{skp}\"")));
    // The plan page says this step, its deadline and what follows.
    let page = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(
        page.contains("Apa yang harus saya lakukan?")
            && page.contains("SKP disetujui paling lambat"),
        "{page}"
    );

    // Adding a hasil kerja lands on it, with the confirmation inside it, not on the form.
    let r = p1
        .plan_post(
            skp,
            "/rhk",
            &[
                ("jenis", "utama"),
                ("teks", "Terarsipnya surat"),
                ("parent_rhk_id", &k1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.location.clone().expect("a redirect");
    let rhk: i64 = to
        .rsplit("#rhk-")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("lands on the new row: {to}"));
    assert!(to.contains(&format!("di={rhk}")), "{to}");
    let page = p1.get(to.split('#').next().unwrap()).await;
    let here = article(&page.text, &format!("rhk-{rhk}"));
    assert!(here.contains("class=\"success\""), "{here}");
    assert!(!page.text.contains("<details class=\"add-rhk\" open"));
    // An indicator lands on its hasil kerja too.
    let r = p1
        .plan_post(
            skp,
            &format!("/rhk/{rhk}/indikator"),
            &[
                ("aspek", "Kuantitas"),
                ("iki", "Surat terarsip"),
                ("target", "100"),
                ("satuan", "surat"),
            ],
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/skp/{skp}?pesan=tersimpan&di={rhk}#rhk-{rhk}").as_str())
    );

    // Sent: the employee waits (nothing to do, no count); the kasi has one plan to decide.
    assert_eq!(
        p1.plan_post(skp, "/ajukan", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let home = p1.get("/").await;
    assert!(
        home.text.contains("id=\"tugas-skp-menunggu\""),
        "{}",
        home.visible()
    );
    assert!(!home.text.contains("class=\"count\""), "{}", home.text);
    let home = kasi.get("/").await;
    assert!(
        home.visible()
            .contains("SKP pegawai yang menunggu persetujuan Anda: 1"),
        "{}",
        home.visible()
    );
    assert!(
        home.text
            .contains("href=\"/persetujuan\" class=\"\">Persetujuan <span class=\"count\"")
    );

    // The kasi types expectations, then returns without the required note: refused, and
    // the typed expectation is still there. With the note it is saved with the decision.
    let page = kasi.get(&format!("/skp/{skp}")).await.text;
    assert!(
        page.contains("form=\"decision-form\""),
        "boxes belong to the decision"
    );
    assert!(page.contains("id=\"to-decision\""));
    let r = kasi
        .plan_post(
            skp,
            "/keputusan",
            &[
                ("keputusan", "kembalikan"),
                ("e2", "Tepat waktu setiap hari"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text.contains(">Tepat waktu setiap hari</textarea>"),
        "typed text kept"
    );
    let r = kasi
        .plan_post(
            skp,
            "/keputusan",
            &[
                ("keputusan", "kembalikan"),
                ("catatan", "Tambahkan target kualitas."),
                ("e2", "Tepat waktu setiap hari"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(v.contains("Tepat waktu setiap hari"), "{v}");
    let home = p1.get("/").await;
    assert!(
        home.text.contains("id=\"tugas-perbaiki-skp\""),
        "{}",
        home.visible()
    );
    // Approving saves the boxes too, into the approved content.
    assert_eq!(
        p1.plan_post(skp, "/ajukan", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let r = kasi
        .plan_post(
            skp,
            "/keputusan",
            &[("keputusan", "setujui"), ("e3", "Terus belajar hal baru")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/skp/{skp}")).await.visible();
    assert!(
        v.contains("Terus belajar hal baru") && v.contains("Tepat waktu setiap hari"),
        "{v}"
    );
    let v = kasi.get(&format!("/skp/{skp}")).await.visible();
    assert!(v.contains("Anda telah menyetujui SKP ini"), "{v}");
    assert!(!v.contains("Pegawai sedang menyusun SKP"), "{v}");

    // The Bupati is a pejabat negara: no plan of their own, no "SKP saya" in the menu.
    let mut bupati = t.login("bupati").await;
    let home = bupati.get("/").await;
    assert!(!home.text.contains("href=\"/skp\""), "{}", home.text);
    assert!(!home.text.contains("id=\"tugas-buat-skp\""));
}
