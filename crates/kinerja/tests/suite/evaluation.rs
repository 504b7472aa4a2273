//! Evaluation per period: realisasi and self-assessment, the penilai's judgements and
//! ratings, the predikat with its explanation, privacy of drafts, and the denials.

use crate::common::*;
use reqwest::StatusCode;

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect(name) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Opens p1's first period and returns the evaluation id.
async fn open_first_period(p1: &mut Client, skp: i64) -> i64 {
    let list = p1.get("/penilaian").await;
    assert_eq!(list.status, StatusCode::OK);
    let period = hidden(&list.text, "period_id");
    open_period(p1, skp, &period).await
}

async fn post_with_version(
    c: &mut Client,
    ev: i64,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    let page = c.get(&format!("/penilaian/{ev}")).await;
    let v = hidden(&page.text, "version");
    let mut all = vec![("version", v.as_str())];
    all.extend_from_slice(fields);
    c.submit(&format!("/penilaian/{ev}{path}"), &all).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_period_from_realisasi_to_predikat_with_its_explanation() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    // The annual period: its filling deadline is always ahead within the year.
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    // Opening twice finds the same record.
    assert_eq!(open_period(&mut p1, skp, &period).await, ev);

    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let v = page.visible();
    assert!(
        v.contains("Kasi Alpha") && v.contains("Kabid Alpha"),
        "snapshot: {v}"
    );
    let inds = ids(&page.text, "nilai_");
    let rhks = ids(&page.text, "rhk_");
    assert_eq!((inds.len(), rhks.len()), (2, 2), "{inds:?} {rhks:?}");
    let (n0, n1) = (format!("nilai_{}", inds[0]), format!("nilai_{}", inds[1]));
    let (t0, r0, r1) = (
        format!("teks_{}", inds[0]),
        format!("rhk_{}", rhks[0]),
        format!("rhk_{}", rhks[1]),
    );
    let c0 = format!("rhk_komentar_{}", rhks[0]);

    // A bad number is refused, what was typed stays, and nothing is saved.
    let r = post_with_version(
        &mut p1,
        ev,
        "/diri",
        &[(&n0, "seribu"), (&n1, "4"), (&t0, "Arsip lengkap")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Realisasi harus berupa angka"),
        "{}",
        r.visible()
    );
    assert!(r.text.contains("value=\"seribu\"") && r.text.contains("Arsip lengkap"));
    let fresh = p1.get(&format!("/penilaian/{ev}")).await;
    assert!(
        !fresh.text.contains("Arsip lengkap"),
        "a refused form saved something"
    );

    // Saved as a draft: the comment is private until sent.
    let r = post_with_version(
        &mut p1,
        ev,
        "/diri",
        &[
            (&n0, "1250"),
            (&n1, "4"),
            (&t0, "Arsip lengkap"),
            (&r0, "di_atas"),
            (&c0, "Komentar diri yang belum dikirim"),
            (&r1, "sesuai"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let k = kasi.get(&format!("/penilaian/{ev}")).await;
    assert_eq!(k.status, StatusCode::OK);
    assert!(
        k.visible().contains("1250"),
        "realisasi is visible to the penilai"
    );
    assert!(!k.text.contains("Komentar diri yang belum dikirim"));
    // The penilai cannot assess before the employee sends (and before the deadline).
    let r = post_with_version(&mut kasi, ev, "/nilai", &[("rating_hasil", "sesuai")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("tahap penilaian saat ini"),
        "{}",
        r.visible()
    );

    // Sending an incomplete self-assessment names what is missing and keeps the draft.
    let r = post_with_version(&mut p1, ev, "/diri", &[("kirim", "1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible()
            .contains("Penilaian diri untuk nilai Berorientasi Pelayanan belum dipilih"),
        "{}",
        r.visible()
    );
    let mut all: Vec<(String, String)> = (1..=7)
        .map(|k| (format!("perilaku_{k}"), "sesuai".to_string()))
        .collect();
    all.push(("kirim".into(), "1".into()));
    let refs: Vec<(&str, &str)> = all.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = post_with_version(&mut p1, ev, "/diri", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(v.contains("Menunggu penilaian atasan"), "{v}");
    // Sent: the penilai sees it, and is notified.
    let k = kasi.get(&format!("/penilaian/{ev}")).await;
    assert!(k.text.contains("Komentar diri yang belum dikirim"));
    assert!(
        kasi.get("/notifikasi")
            .await
            .visible()
            .contains("mengirim penilaian diri")
    );
    assert!(
        kasi.get(&format!("/penilaian?periode={period}"))
            .await
            .visible()
            .contains("Pelaksana Satu")
    );
    // The employee can no longer change it.
    let r = post_with_version(&mut p1, ev, "/diri", &[(&n0, "1")]).await;
    assert!(r.status.is_client_error());

    // The penilai's draft is private.
    let (nr0, nr1) = (format!("nrhk_{}", rhks[0]), format!("nrhk_{}", rhks[1]));
    let ub0 = format!("ubrhk_{}", rhks[0]);
    let mut fields: Vec<(String, String)> = vec![
        (nr0.clone(), "di_atas".into()),
        (ub0.clone(), "Umpan balik yang masih draf".into()),
        (nr1.clone(), "di_atas".into()),
    ];
    for k in 1..=7 {
        fields.push((format!("nperilaku_{k}"), "sesuai".into()));
    }
    fields.push(("rating_hasil".into(), "sesuai".into()));
    fields.push(("rating_perilaku".into(), "sesuai".into()));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = post_with_version(&mut kasi, ev, "/nilai", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let mine = p1.get(&format!("/penilaian/{ev}")).await;
    assert!(!mine.text.contains("Umpan balik yang masih draf"));
    assert!(!mine.visible().contains("Predikat ini berasal"));

    // Both rows above expectation suggest Di Atas; choosing Sesuai needs a reason.
    let k = kasi.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(k.contains("Saran sistem: Di atas ekspektasi"), "{k}");
    let r = post_with_version(&mut kasi, ev, "/nilai", &[("kirim", "1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("berbeda dari saran"),
        "{}",
        r.visible()
    );
    let mut with_reason = fields.clone();
    with_reason.push((
        "alasan_hasil".into(),
        "Target arsip baru tercapai pada akhir periode.".into(),
    ));
    with_reason.push((
        "catatan".into(),
        "Ikuti pelatihan kearsipan digital.".into(),
    ));
    with_reason.push(("kirim".into(), "1".into()));
    let refs: Vec<(&str, &str)> = with_reason
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = post_with_version(&mut kasi, ev, "/nilai", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // The employee sees the result, the feedback and why.
    let v = p1.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(v.contains("Sudah dinilai"), "{v}");
    assert!(v.contains("Umpan balik yang masih draf"), "{v}");
    assert!(
        v.contains(
            "rating hasil kerja Sesuai ekspektasi dan rating perilaku kerja Sesuai ekspektasi"
        ),
        "{v}"
    );
    assert!(v.contains("Baik") && v.contains("Ikuti pelatihan kearsipan digital."));
    assert!(
        p1.get("/notifikasi")
            .await
            .visible()
            .contains("telah menilai kinerja Anda")
    );
    // Every step is on record.
    let instansi = t.app.db.clone();
    let audit = kinerja::store::audit::history(
        &instansi,
        f.instansi_id,
        &kinerja::store::audit::HistoryFilter {
            object: Some(("evaluasi", ev)),
            ..Default::default()
        },
        None,
        50,
    )
    .await
    .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "evaluasi.open",
        "evaluasi.self_save",
        "evaluasi.self_submit",
        "evaluasi.assess_save",
        "evaluasi.assess_submit",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    // Every write above kept the dashboard's tallies.
    assert_tallies_fresh(&t.app.db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_rates_themself_or_reads_a_colleagues_evaluation() {
    let (t, _, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let list = p1.get("/penilaian").await;
    let period = hidden(&list.text, "period_id");
    // A colleague cannot open p1's evaluation, nor can someone of another office.
    for who in ["p2", "q1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        let r = c
            .submit(
                "/penilaian/buka",
                &[("skp_id", &skp.to_string()), ("period_id", &period)],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} opened");
    }
    let ev = open_first_period(&mut p1, skp).await;
    for who in ["p2", "q1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        let r = c.get(&format!("/penilaian/{ev}")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} read it");
        let r = c
            .submit(&format!("/penilaian/{ev}/diri"), &[("version", "1")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} wrote it");
    }
    // The employee cannot rate themself; the penilai cannot write the self-assessment.
    let r = p1
        .submit(
            &format!("/penilaian/{ev}/nilai"),
            &[("version", "1"), ("rating_hasil", "di_atas")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = kasi
        .submit(&format!("/penilaian/{ev}/diri"), &[("version", "1")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Admins of the office read it; the admin of another office does not exist in the
    // fixture, so the BKPSDM admin reads and the Bupati (pimpinan) reads.
    let mut admin_a = t.login(Fixture::nip("admin_a")).await;
    assert_eq!(
        admin_a.get(&format!("/penilaian/{ev}")).await.status,
        StatusCode::OK
    );
    // The office admin monitors Dinas Alpha unit by unit; staff have no such view.
    let list = admin_a.get("/penilaian").await;
    let start = list
        .text
        .find("id=\"monitoring-link\" href=\"")
        .expect("monitoring link")
        + "id=\"monitoring-link\" href=\"".len();
    let link = list.text[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let mon = admin_a.get(&link).await;
    assert_eq!(mon.status, StatusCode::OK);
    let v = mon.visible();
    assert!(
        v.contains("Dinas Alpha")
            && v.contains("Sekretariat Alpha")
            && v.contains("Bidang Alpha Satu"),
        "{v}"
    );
    assert!(!v.contains("Dinas Beta"), "{v}");
    let mut p2 = t.login(Fixture::nip("p2")).await;
    assert!(!p2.get("/penilaian").await.text.contains("monitoring-link"));
    // The employee may not open a period of a plan that is not approved.
    let skp2 = p2.create_plan(year, "kosong").await;
    let r = p2
        .submit(
            "/penilaian/buka",
            &[("skp_id", &skp2.to_string()), ("period_id", &period)],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(
        r.visible().contains("setelah SKP disetujui"),
        "{}",
        r.visible()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_snapshot_keeps_the_penilai_after_a_transfer() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let ev = open_first_period(&mut p1, skp).await;
    // p1 moves to Dinas Beta: the period's evaluation still names the kasi, who still
    // reads it, and the new superior does not become its penilai.
    let mut tx = t.app.db.begin().await.unwrap();
    kinerja::store::on_tx!(&mut tx, |c| sqlx::query(
        "UPDATE employees SET position_id = (SELECT position_id FROM employees WHERE id = $1) WHERE id = $2"
    )
    .bind(f.id("q1"))
    .bind(f.id("p1"))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
    let k = kasi.get(&format!("/penilaian/{ev}")).await;
    assert_eq!(k.status, StatusCode::OK);
    assert!(k.visible().contains("Kasi Alpha"));
    let row = kinerja::store::penilaian::evaluation_get(&t.app.db, f.instansi_id, ev)
        .await
        .unwrap();
    assert_eq!(row.penilai_employee_id, Some(f.id("kasi_a")));
    assert_eq!(row.atasan_employee_id, Some(f.id("kabid_a")));
    // Every write above kept the dashboard's tallies.
    assert_tallies_fresh(&t.app.db).await;
}

/// Fields that complete every judgement on an evaluation page with one value.
fn all_judgements(html: &str, prefixes: &[&str], value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in prefixes {
        for id in ids(html, p) {
            out.push((format!("{p}{id}"), value.to_string()));
        }
    }
    out
}

/// p1's annual evaluation, realisasi and self-assessment sent to the kasi.
/// Returns (kasi, p1, evaluation id, period id).
async fn self_assessed_annual(t: &TestApp, year: i64) -> (Client, Client, i64, String) {
    let (kasi, mut p1, skp) = approved_plan(t, year).await;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let mut f = all_judgements(&page.text, &["rhk_", "perilaku_"], "sesuai");
    f.extend(all_judgements(&page.text, &["nilai_"], "4"));
    f.push(("kirim".into(), "1".into()));
    let r = post_with_version(&mut p1, ev, "/diri", &as_refs(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    (kasi, p1, ev, period)
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn unit_link(html: &str) -> String {
    let start = html.find("href=\"/penilaian/unit/").expect("a unit link") + 6;
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capaian_curve_and_penetapan_lock_the_unit() {
    let (t, _, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, ev, period) = self_assessed_annual(&t, year).await;

    // The kasi leads the unit; the unit page is reached from the evaluation list.
    let list = kasi.get(&format!("/penilaian?periode={period}")).await;
    assert!(
        list.visible().contains("Unit yang saya pimpin"),
        "{}",
        list.visible()
    );
    let unit = unit_link(&list.text);
    let uid: String = unit
        .trim_start_matches("/penilaian/unit/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let unit_path = format!("/penilaian/unit/{uid}?periode={period}");
    let v = kasi.get(&unit_path).await;
    assert_eq!(v.status, StatusCode::OK);
    assert!(v.visible().contains("belum ditetapkan"), "{}", v.visible());
    // Only the leader one level up sets the capaian: not the unit head, not staff.
    for c in [&mut kasi, &mut p1] {
        let r = c
            .submit(
                &format!("/penilaian/unit/{uid}/capaian"),
                &[("periode", &period), ("capaian", "baik")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    // Staff and other offices do not see the unit's curve.
    for who in ["p2", "q1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        assert_eq!(
            c.get(&unit_path).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let mut kabid = t.login(Fixture::nip("kabid_a")).await;
    let r = kabid
        .submit(
            &format!("/penilaian/unit/{uid}/capaian"),
            &[("periode", &period), ("capaian", "baik")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // Not everyone is assessed yet: the penetapan waits.
    let finalise = format!("/penilaian/unit/{uid}/penetapan");
    let r = kasi.submit(&finalise, &[("periode", &period)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Masih ada 1 pegawai"),
        "{}",
        r.visible()
    );

    let page = kasi.get(&format!("/penilaian/{ev}")).await;
    let mut f = all_judgements(&page.text, &["nrhk_", "nperilaku_"], "sesuai");
    f.push(("rating_hasil".into(), "sesuai".into()));
    f.push(("rating_perilaku".into(), "sesuai".into()));
    f.push(("kirim".into(), "1".into()));
    let r = post_with_version(&mut kasi, ev, "/nilai", &as_refs(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // One Baik in a Baik unit breaks two rules, spelled out beside the chart.
    let v = kasi.get(&unit_path).await;
    let text = v.visible();
    assert!(v.text.contains("<svg") && v.text.contains("role=\"img\""));
    assert!(
        text.contains("Baik paling banyak 70% — saat ini 1 pegawai (100%)"),
        "{text}"
    );
    assert!(
        text.contains("harus ada pegawai dengan predikat Butuh Perbaikan + Kurang/Misconduct"),
        "{text}"
    );
    // One level up, the kabid's unit lists its seksi with progress and the broken curve.
    let list = kabid.get(&format!("/penilaian?periode={period}")).await;
    let parent = kabid.get(&unit_link(&list.text)).await;
    assert_eq!(parent.status, StatusCode::OK);
    let cells = table_row(&parent.text, "child-units", "Seksi Alpha Satu A");
    assert_eq!(
        cells,
        [
            "Seksi Alpha Satu A",
            "1",
            "1 (100%)",
            "0",
            "Baik",
            "2 aturan dilanggar",
            "–"
        ]
    );
    let r = kasi.submit(&finalise, &[("periode", &period)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("tuliskan justifikasi"),
        "{}",
        r.visible()
    );
    let r = kasi
        .submit(
            &finalise,
            &[
                ("periode", &period),
                (
                    "justifikasi",
                    "Unit kecil; satu-satunya pelaksana memenuhi semua target.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = kasi.get(&unit_path).await.visible();
    assert!(
        v.contains("Ditetapkan pada") && v.contains("satu-satunya pelaksana"),
        "{v}"
    );

    // Locked: the penilai can no longer take the assessment back or change it.
    let r = post_with_version(&mut kasi, ev, "/buka-kembali", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_with_version(&mut kasi, ev, "/nilai", &[("rating_hasil", "di_atas")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mine = p1.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(mine.contains("Ditetapkan"), "{mine}");
    assert!(
        p1.get("/notifikasi")
            .await
            .visible()
            .contains("telah ditetapkan")
    );
    // Every write above kept the dashboard's tallies.
    assert_tallies_fresh(&t.app.db).await;
}

/// p1's annual evaluation assessed Baik by the kasi and finalised in a Baik unit.
/// Returns (kasi, p1, kabid, evaluation id).
async fn finalised(t: &TestApp, year: i64) -> (Client, Client, Client, i64) {
    let (mut kasi, mut p1, skp) = approved_plan(t, year).await;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let mut f = all_judgements(&page.text, &["rhk_", "perilaku_"], "sesuai");
    f.extend(all_judgements(&page.text, &["nilai_"], "4"));
    f.push(("kirim".into(), "1".into()));
    assert_eq!(
        post_with_version(&mut p1, ev, "/diri", &as_refs(&f))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = kasi.get(&format!("/penilaian/{ev}")).await;
    let mut f = all_judgements(&page.text, &["nrhk_", "nperilaku_"], "sesuai");
    f.push(("rating_hasil".into(), "sesuai".into()));
    f.push(("rating_perilaku".into(), "sesuai".into()));
    f.push(("kirim".into(), "1".into()));
    assert_eq!(
        post_with_version(&mut kasi, ev, "/nilai", &as_refs(&f))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let list = kasi.get(&format!("/penilaian?periode={period}")).await;
    let uid: String = unit_link(&list.text)
        .trim_start_matches("/penilaian/unit/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let mut kabid = t.login(Fixture::nip("kabid_a")).await;
    let r = kabid
        .submit(
            &format!("/penilaian/unit/{uid}/capaian"),
            &[("periode", &period), ("capaian", "baik")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = kasi
        .submit(
            &format!("/penilaian/unit/{uid}/penetapan"),
            &[("periode", &period), ("justifikasi", "Unit kecil.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    (kasi, p1, kabid, ev)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_objection_is_explained_and_decided_and_an_admin_reopens_with_a_reason() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, mut kabid, ev) = finalised(&t, year).await;
    let v = p1.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(v.contains("dapat mengajukan keberatan tertulis"), "{v}");

    // A keberatan needs reasons; the refusal changes nothing.
    let r = post_with_version(&mut p1, ev, "/keberatan", &[("alasan", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("Tuliskan alasan keberatan"));
    let r = post_with_version(
        &mut p1,
        ev,
        "/keberatan",
        &[("alasan", "Target arsip terlampaui jauh; mohon ditinjau.")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert!(
        kabid
            .get("/notifikasi")
            .await
            .visible()
            .contains("mengajukan keberatan")
    );

    // Only the atasan penilai decides.
    for c in [&mut p1, &mut kasi] {
        let r = post_with_version(
            c,
            ev,
            "/keberatan/putusan",
            &[
                ("keputusan", "x"),
                ("putusan_hasil", "di_atas"),
                ("putusan_perilaku", "di_atas"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let mut p2 = t.login(Fixture::nip("p2")).await;
    let r = p2
        .submit(
            &format!("/penilaian/{ev}/keberatan/putusan"),
            &[("version", "1"), ("keputusan", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The objection waits in the queues of the atasan penilai and the penilai, nobody else's.
    for c in [&mut kabid, &mut kasi] {
        let q = c.get("/penilaian").await;
        assert!(
            q.text
                .contains(&format!("href=\"/penilaian/{ev}#keberatan\"")),
            "{}",
            q.visible()
        );
    }
    assert!(!p2.get("/penilaian").await.text.contains("objection-queue"));
    // Both sides explain; the atasan reads them and decides.
    let r = kasi
        .submit(
            &format!("/penilaian/{ev}/keberatan/penjelasan"),
            &[("penjelasan", "Kualitas arsip belum diverifikasi.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = p1
        .submit(
            &format!("/penilaian/{ev}/keberatan/penjelasan"),
            &[("penjelasan", "Verifikasi sudah dilakukan bidang.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let k = kabid.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(
        k.contains("Kualitas arsip belum diverifikasi.")
            && k.contains("Verifikasi sudah dilakukan bidang."),
        "{k}"
    );
    let r = post_with_version(
        &mut kabid,
        ev,
        "/keberatan/putusan",
        &[
            ("keputusan", ""),
            ("putusan_hasil", "di_atas"),
            ("putusan_perilaku", "di_atas"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text.contains("<option value=\"di_atas\" selected>"),
        "the choice is kept"
    );
    let r = post_with_version(
        &mut kabid,
        ev,
        "/keberatan/putusan",
        &[
            ("keputusan", "Keberatan diterima: bukti verifikasi lengkap."),
            ("putusan_hasil", "di_atas"),
            ("putusan_perilaku", "di_atas"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = p1.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(
        v.contains("Predikat setelah keputusan (final): Sangat Baik"),
        "{v}"
    );
    assert!(v.contains("Keberatan diputuskan"));
    // The official document carries all eight blocks, the objection and the decision.
    let (status, ct, pdf) = p1.get_bytes(&format!("/penilaian/{ev}/pdf")).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));
    let text = pdf_text(&pdf);
    for s in [
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PERIODE: AKHIR",
        "ATASAN PEJABAT PENILAI KINERJA",
        "Kabid Alpha",
        "CAPAIAN KINERJA ORGANISASI",
        "POLA DISTRIBUSI",
        "PREDIKAT KINERJA PEGAWAI SANGAT BAIK",
        "Target arsip terlampaui jauh",
        "Kualitas arsip belum diverifikasi.",
        "Keberatan diterima: bukti verifikasi lengkap.",
        "EVALUASI KINERJA PEGAWAI",
        "Terarsipnya surat masuk dan keluar",
        "UMPAN BALIK KINERJA PEGAWAI",
    ] {
        assert!(text.contains(s), "{s} missing from the PDF: {text}");
    }
    // A colleague cannot download it.
    assert_eq!(
        p2.get(&format!("/penilaian/{ev}/pdf")).await.status,
        StatusCode::FORBIDDEN
    );
    // The unit's documents as one ZIP, for the unit's leader only.
    let row = kinerja::store::penilaian::evaluation_get(&t.app.db, f.instansi_id, ev)
        .await
        .unwrap();
    let zip_path = format!(
        "/penilaian/unit/{}/zip?periode={}",
        row.unit_id, row.period_id
    );
    let (status, ct, zip) = kasi.get_bytes(&zip_path).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(archive.len(), 1);
    let mut inner = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_index(0).unwrap(), &mut inner).unwrap();
    assert!(pdf_text(&inner).contains("DOKUMEN EVALUASI KINERJA PEGAWAI"));
    assert_eq!(p1.get(&zip_path).await.status, StatusCode::FORBIDDEN);
    // The ZIP is streamed; its audit event, with each document's hash, follows the last
    // byte sent.
    let name = archive.by_index(0).unwrap().name().unwrap().to_string();
    let mut recorded = None;
    for _ in 0..50 {
        let events = kinerja::store::audit::history(
            &t.app.db,
            f.instansi_id,
            &kinerja::store::audit::HistoryFilter {
                object: Some(("unit", row.unit_id)),
                ..Default::default()
            },
            None,
            5,
        )
        .await
        .unwrap();
        if let Some(e) = events.iter().find(|e| e.action == "document.evaluasi_zip") {
            recorded = e.after_json.clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let recorded = recorded.expect("the ZIP is audited");
    let hash = kinerja::storage::sha256_hex(&inner);
    assert!(
        recorded.contains("\"lengkap\":true")
            && recorded.contains(&name)
            && recorded.contains(&hash),
        "{recorded}"
    );
    // Final: no second objection, no change by the penilai.
    let r = post_with_version(&mut p1, ev, "/keberatan", &[("alasan", "lagi")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Only an admin reopens, only with a reason; the old result stays readable.
    let r = post_with_version(&mut p1, ev, "/buka-admin", &[("alasan_buka", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut admin_a = t.login(Fixture::nip("admin_a")).await;
    let r = post_with_version(&mut admin_a, ev, "/buka-admin", &[("alasan_buka", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_with_version(
        &mut admin_a,
        ev,
        "/buka-admin",
        &[("alasan_buka", "Salah input realisasi oleh operator.")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let v = kasi.get(&format!("/penilaian/{ev}")).await;
    let text = v.visible();
    assert!(text.contains("Menunggu penilaian atasan"), "{text}");
    assert!(
        text.contains("Salah input realisasi oleh operator.")
            && text.contains("predikat sebelumnya: Sangat Baik"),
        "{text}"
    );
    assert!(
        v.text.contains("id=\"assess-form\""),
        "the penilai assesses again"
    );
    // Every write above kept the dashboard's tallies.
    assert_tallies_fresh(&t.app.db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_is_checked_by_content_and_served_only_to_readers() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let ind = ids(&page.text, "nilai_")[0];
    let nilai = format!("nilai_{ind}");
    let r = post_with_version(&mut p1, ev, "/diri", &[(&nilai, "1250")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let upload = format!("/penilaian/{ev}/bukti");
    let ind_s = ind.to_string();

    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n".to_vec();
    let r = p1
        .upload_named(
            &upload,
            &[("indikator_id", &ind_s)],
            "laporan arsip.pdf",
            pdf.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // An executable renamed to .pdf, an oversized file: refused with the reason, nothing
    // attached, the realisasi as it was.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00this program cannot be run in DOS mode".to_vec();
    let r = p1
        .upload_named(&upload, &[("indikator_id", &ind_s)], "bukti.pdf", exe)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Jenis berkas tidak diterima"),
        "{}",
        r.visible()
    );
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let r = p1
        .upload_named(&upload, &[("indikator_id", &ind_s)], "besar.pdf", big)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("terlalu besar (maksimal 5 MB)"),
        "{}",
        r.visible()
    );
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    assert!(
        page.text
            .contains(&format!("name=\"{nilai}\" value=\"1250\"")),
        "realisasi kept"
    );
    let links: Vec<&str> = page
        .text
        .split(&format!("/penilaian/{ev}/bukti/"))
        .skip(1)
        .collect();
    let files: Vec<i64> = links
        .iter()
        .filter_map(|s| s.split('"').next().and_then(|n| n.parse().ok()))
        .collect();
    assert_eq!(files.len(), 1, "only the PDF is attached: {files:?}");
    assert!(page.visible().contains("laporan arsip.pdf"));

    // Served with the kind from its content, to the employee and the penilai only.
    let path = format!("/penilaian/{ev}/bukti/{}", files[0]);
    let (status, ct, bytes) = p1.get_bytes(&path).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));
    assert_eq!(bytes, pdf);
    assert_eq!(kasi.get(&path).await.status, StatusCode::OK);
    for who in ["p2", "q1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        assert_eq!(c.get(&path).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    // The content hash is on record.
    let hash = kinerja::storage::sha256_hex(&pdf);
    let events = kinerja::store::audit::history(
        &t.app.db,
        f.instansi_id,
        &kinerja::store::audit::HistoryFilter {
            object: Some(("evaluasi", ev)),
            ..Default::default()
        },
        None,
        50,
    )
    .await
    .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "bukti.add"
                && e.after_json.as_deref().unwrap_or("").contains(&hash)),
        "bukti.add with the file's hash"
    );
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dokumen.pdf");
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
async fn a_fungsional_profile_shows_angka_kredit_from_the_finalised_annual_predikat() {
    let (t, f, year) = TestApp::with_year().await;
    let (_, mut p1, _, _) = finalised(&t, year).await;
    let profile = format!("/pegawai/{}", f.id("p1"));
    // A pelaksana earns no angka kredit: no section.
    assert!(!p1.get(&profile).await.visible().contains("Angka kredit"));
    // As Ahli Pertama, a Baik year earns 100 % of 12.5.
    let mut tx = t.app.db.begin().await.unwrap();
    kinerja::store::on_tx!(&mut tx, |c| sqlx::query(
        "UPDATE positions SET jenis = 'fungsional', jenjang = 'ahli_pertama' \
         WHERE id = (SELECT position_id FROM employees WHERE id = $1)"
    )
    .bind(f.id("p1"))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
    let v = p1.get(&profile).await.visible();
    assert!(v.contains("Angka kredit"), "{v}");
    assert!(v.contains("BAIK 100% 12,500 12,500"), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_threads_and_dialogs_between_the_employee_and_the_penilai() {
    let (t, _, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let path = format!("/skp/{skp}/umpan-balik");
    let page = p1.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let rhk_id: i64 = page
        .text
        .split("id=\"t-rhk-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("an RHK thread");
    let sid = rhk_id.to_string();
    // The penilai writes on an RHK, the employee answers; both appear in order.
    let r = kasi
        .submit(
            &path,
            &[
                ("subjek", "rhk"),
                ("subjek_id", &sid),
                ("pesan", "Arsip bulan Maret belum lengkap."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let r = p1
        .submit(
            &path,
            &[
                ("subjek", "rhk"),
                ("subjek_id", &sid),
                ("pesan", "Akan dilengkapi minggu ini."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = p1
        .submit(
            &path,
            &[("subjek", "perilaku"), ("subjek_id", "1"), ("pesan", "   ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("Tuliskan pesan"));
    let v = p1.get(&path).await.visible();
    let a = v
        .find("Arsip bulan Maret belum lengkap.")
        .expect("penilai's message");
    let b = v
        .find("Akan dilengkapi minggu ini.")
        .expect("employee's answer");
    assert!(a < b, "messages in order");
    // The employee's home says what is due and shows the penilai's latest word.
    let home = p1.get("/").await.visible();
    assert!(
        home.contains("isi realisasi, bukti dukung, dan penilaian diri"),
        "{home}"
    );
    assert!(
        home.contains("Umpan balik terbaru dari Kasi Alpha: Arsip bulan Maret belum lengkap."),
        "{home}"
    );
    assert!(
        p1.get("/notifikasi")
            .await
            .visible()
            .contains("menulis umpan balik")
    );

    // Colleagues and other offices neither read nor write.
    for who in ["p2", "q1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        assert_eq!(c.get(&path).await.status, StatusCode::FORBIDDEN, "{who}");
        let r = c
            .submit(
                &path,
                &[("subjek", "umum"), ("subjek_id", "0"), ("pesan", "x")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    // The kabid reads (subtree) but does not write into the conversation.
    let mut kabid = t.login(Fixture::nip("kabid_a")).await;
    assert!(kabid.get(&path).await.visible().contains("Akan dilengkapi"));
    let r = kabid
        .submit(
            &path,
            &[("subjek", "umum"), ("subjek_id", "0"), ("pesan", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Only the penilai records a dialog; a bad one keeps what was typed.
    let dialog = format!("/skp/{skp}/dialog");
    let r = p1
        .submit(
            &dialog,
            &[
                ("tanggal", "2026-01-10"),
                ("jenis", "coaching"),
                ("topik", "x"),
                ("kesepakatan", "y"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = kasi
        .submit(
            &dialog,
            &[
                ("tanggal", "2999-01-01"),
                ("jenis", "coaching"),
                ("topik", "Ketertiban arsip"),
                ("kesepakatan", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.visible();
    assert!(
        v.contains("tidak boleh di masa depan") && v.contains("Tuliskan tindak lanjut"),
        "{v}"
    );
    assert!(r.text.contains("value=\"Ketertiban arsip\""));
    let today = t.app.today().to_string();
    let r = kasi
        .submit(
            &dialog,
            &[
                ("tanggal", &today),
                ("jenis", "coaching"),
                ("topik", "Ketertiban arsip"),
                ("kesepakatan", "Arsip dipindai setiap Jumat."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = p1.get(&path).await;
    let did: String = page
        .text
        .split("id=\"dialog-")
        .filter_map(|s| s.split('"').next())
        .find(|s| s.parse::<i64>().is_ok())
        .expect("a dialog")
        .to_string();
    let r = p1
        .submit(
            &format!("/skp/{skp}/dialog/{did}/tanggapan"),
            &[("tanggapan", "Sesi membantu; saya butuh pemindai.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = kasi
        .submit(
            &format!("/skp/{skp}/dialog/{did}/tanggapan"),
            &[("tanggapan", "x")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "only the employee responds"
    );
    let v = kasi.get(&path).await.visible();
    assert!(
        v.contains("Arsip dipindai setiap Jumat.")
            && v.contains("Sesi membantu; saya butuh pemindai."),
        "{v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_evaluation_through_the_api() {
    use reqwest::Method;
    use serde_json::json;
    let (t, _, year) = TestApp::with_year().await;
    let (_, mut p1, skp) = approved_plan(&t, year).await;
    let list = p1.get("/penilaian").await;
    let period: i64 = period_of(&list.text, "AKHIR").parse().unwrap();
    let me = t.api(&t.token(Fixture::nip("p1")).await);
    let (s, ev) = me
        .send(
            Method::POST,
            "/api/v1/evaluasi",
            &json!({"skp_id": skp, "period_id": period}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{ev}");
    let id = ev["id"].as_i64().unwrap();
    assert_eq!(ev["status"], "draft");
    assert_eq!(ev["role"], "pegawai");
    assert!(
        ev["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("write_self"))
    );
    let rhk: Vec<i64> = ev["content"]["rhk"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    let ind = ev["content"]["rhk"][0]["indikator"][0]["id"]
        .as_i64()
        .unwrap();
    // A bad value: 422 with the field, nothing saved.
    let (s, e) = me
        .send(
            Method::PUT,
            &format!("/api/v1/evaluasi/{id}/diri"),
            &json!({"version": ev["version"], "realisasi": {ind.to_string(): ["banyak", ""]}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["problems"][0]["code"], "evaluasi-nilai-invalid");
    let mut rhk_map = serde_json::Map::new();
    for r in &rhk {
        rhk_map.insert(r.to_string(), json!(["sesuai", ""]));
    }
    let perilaku: serde_json::Map<String, serde_json::Value> = (1..=7)
        .map(|k| (k.to_string(), json!(["sesuai", ""])))
        .collect();
    let (s, ev) = me
        .send(
            Method::PUT,
            &format!("/api/v1/evaluasi/{id}/diri"),
            &json!({"version": ev["version"], "realisasi": {ind.to_string(): ["1200", "lengkap"]},
                    "rhk": rhk_map, "perilaku": perilaku}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{ev}");
    // Incomplete: the second indicator has no realisasi.
    let (s, e) = me
        .send(
            Method::POST,
            &format!("/api/v1/evaluasi/{id}/transitions"),
            &json!({"action": "submit_self", "version": ev["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["problems"][0]["code"], "evaluasi-missing-realisasi");
    // The employee cannot rate themself; a colleague cannot read.
    let (s, _) = me
        .send(
            Method::PUT,
            &format!("/api/v1/evaluasi/{id}/penilaian"),
            &json!({"version": ev["version"], "rating_hasil": "di_atas"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let other = t.api(&t.token(Fixture::nip("p2")).await);
    let (s, _) = other.get(&format!("/api/v1/evaluasi/{id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Feedback through the API.
    let (s, msgs) = me
        .send(
            Method::POST,
            &format!("/api/v1/skp/{skp}/umpan-balik"),
            &json!({"subjek": "umum", "subjek_id": 0, "body": "Mohon arahan target kualitas."}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{msgs}");
    assert_eq!(msgs[0]["body"], "Mohon arahan target kualitas.");
}

/// kasi_a's plan, cascaded from and approved by kabid_a, and its first period's evaluation.
/// Returns (kabid, kasi, evaluation id).
async fn kasi_evaluation(t: &TestApp, year: i64) -> (Client, Client, i64) {
    let mut kabid = t.login(Fixture::nip("kabid_a")).await;
    let kskp = kabid.create_plan(year, "kosong").await;
    let k1 = kabid
        .add_rhk(kskp, "utama", "Meningkatnya layanan bidang", None)
        .await;
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let skp = kasi.create_plan(year, "kosong").await;
    let a = kasi
        .add_rhk(skp, "utama", "Terselenggaranya layanan seksi", Some(k1))
        .await;
    kasi.add_indikator(skp, a, "Persentase layanan tepat waktu", "90", "persen")
        .await;
    let r = kasi.plan_post(skp, "/ajukan", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let r = kabid
        .plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let ev = open_first_period(&mut kasi, skp).await;
    (kabid, kasi, ev)
}

/// The request link on a colleague's list of requests.
fn request_link(html: &str) -> String {
    let start = html.find("href=\"/masukan/").expect("a request") + "href=\"".len();
    html[start..].split('"').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colleagues_input_is_anonymous_and_shown_only_from_three_answers() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kabid, mut kasi, ev) = kasi_evaluation(&t, year).await;
    let url = format!("/penilaian/{ev}/masukan");

    // The penilai may ask the unit's staff and the head of the sibling seksi, nobody else.
    let page = kabid.get(&url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    for who in ["p1", "p2", "kasi_b1"] {
        assert!(
            page.text.contains(&format!("name=\"r_{}\"", f.id(who))),
            "{who}"
        );
    }
    for who in ["kasi_a", "kabid_a", "q1", "p3", "kadis_a"] {
        assert!(
            !page.text.contains(&format!("name=\"r_{}\"", f.id(who))),
            "{who}"
        );
    }
    assert!(
        kabid
            .get(&format!("/penilaian/{ev}"))
            .await
            .text
            .contains("id=\"masukan-link\"")
    );
    // Neither the employee nor a colleague reads the input page.
    for who in ["kasi_a", "p1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        assert_eq!(c.get(&url).await.status, StatusCode::FORBIDDEN, "{who}");
        let r = c.submit(&url, &[(&format!("r_{}", f.id("p2")), "1")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} asked");
    }
    assert!(
        !kasi
            .get(&format!("/penilaian/{ev}"))
            .await
            .text
            .contains("masukan-link")
    );
    // Asking someone outside, or nobody, is refused and asks nobody.
    let r = kabid
        .submit(&url, &[(&format!("r_{}", f.id("q1")), "1")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = kabid.submit(&url, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible()
            .contains("Pilih paling sedikit satu rekan kerja")
    );
    assert!(
        kabid
            .get(&url)
            .await
            .visible()
            .contains("Belum ada yang diminta")
    );

    let asked: Vec<String> = ["p1", "p2", "kasi_b1"]
        .iter()
        .map(|w| format!("r_{}", f.id(w)))
        .collect();
    let fields: Vec<(&str, &str)> = asked.iter().map(|k| (k.as_str(), "1")).collect();
    let r = kabid.submit(&url, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // Each colleague finds the request; nobody answers another's.
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert!(
        p1.get("/")
            .await
            .visible()
            .contains("Permintaan masukan tentang rekan kerja yang menunggu jawaban Anda: 1"),
        "home shows the request"
    );
    let list = p1.get("/masukan").await;
    assert!(list.visible().contains("Kasi Alpha"), "{}", list.visible());
    let link1 = request_link(&list.text);
    let mut p2 = t.login(Fixture::nip("p2")).await;
    assert_eq!(p2.get(&link1).await.status, StatusCode::FORBIDDEN);
    assert!(
        p1.get("/notifikasi")
            .await
            .visible()
            .contains("diminta memberi masukan")
    );

    // A comment without a judgement is refused, keeping what was typed.
    let r = p1
        .submit(&link1, &[("komentar_2", "Selalu jujur dalam laporan")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible()
            .contains("Pilih penilaian untuk nilai yang Anda beri komentar")
    );
    assert!(r.text.contains("Selalu jujur dalam laporan"));
    let r = p1
        .submit(
            &link1,
            &[
                ("rating_1", "di_bawah"),
                ("komentar_1", "Balasan surat warga sering terlambat"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    // Once only.
    let r = p1.submit(&link1, &[("rating_1", "di_atas")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        p1.get("/masukan")
            .await
            .visible()
            .contains("Tidak ada permintaan masukan")
    );

    let link2 = request_link(&p2.get("/masukan").await.text);
    let r = p2.submit(&link2, &[("rating_1", "sesuai")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // Two answers: the penilai sees neither the answers nor how many came in (a live
    // count would tell when a given person answered).
    let page = kabid.get(&url).await;
    let v = page.visible();
    assert!(!v.contains("dari 3 orang"), "{v}");
    assert!(!page.text.contains("id=\"masukan-count\""));
    assert!(page.text.contains("id=\"masukan-hidden\""));
    assert!(!v.contains("sering terlambat"), "{v}");
    // Nobody more can be asked once someone answered.
    assert!(!page.text.contains("id=\"masukan-send\""));

    let mut kb = t.login(Fixture::nip("kasi_b1")).await;
    let link3 = request_link(&kb.get("/masukan").await.text);
    let r = kb
        .submit(&link3, &[("rating_1", "di_atas"), ("rating_3", "sesuai")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    // Three answers, everyone asked: the request closes, counts per value and the
    // comments show, without names.
    let page = kabid.get(&url).await;
    let v = page.visible();
    assert!(v.contains("3 dari 3 orang"), "{v}");
    let row = page.text.split("id=\"masukan-1\"").nth(1).unwrap();
    let row = row.split("</tr>").next().unwrap();
    let counts: Vec<&str> = row
        .split("<td class=\"num\"")
        .skip(1)
        .map(|c| c.split('>').nth(1).unwrap().split(' ').next().unwrap())
        .collect();
    assert_eq!(counts, ["1", "1", "1"], "{row}");
    let row3 = page.text.split("id=\"masukan-3\"").nth(1).unwrap();
    assert!(row3.split("</tr>").next().unwrap().contains(">0 <"));
    assert!(v.contains("Balasan surat warga sering terlambat"));
    // The employee still sees nothing of it.
    assert_eq!(kasi.get(&url).await.status, StatusCode::FORBIDDEN);
    let own = kasi.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(!own.contains("sering terlambat"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_rated_low_by_the_penilai_reaches_the_dashboard() {
    // One person rated: shares shown from a group of one for this test.
    let (t, _, year) = TestApp::new()
        .with_config(|c| c.dasbor_min_group = 1)
        .with_year()
        .start()
        .await
        .with_year();
    let (mut kasi, _, ev, period) = self_assessed_annual(&t, year).await;

    let page = kasi.get(&format!("/penilaian/{ev}")).await;
    let mut f = all_judgements(&page.text, &["nrhk_", "nperilaku_"], "sesuai");
    for (k, v) in f.iter_mut() {
        if k == "nperilaku_1" {
            *v = "di_bawah".into();
        }
    }
    f.push((
        "ubperilaku_1".into(),
        "Balas surat warga dalam tiga hari.".into(),
    ));
    f.push(("rating_hasil".into(), "sesuai".into()));
    f.push(("rating_perilaku".into(), "sesuai".into()));
    f.push(("alasan_hasil".into(), "Target tercapai.".into()));
    f.push(("alasan_perilaku".into(), "Satu nilai perlu dibina.".into()));
    f.push(("kirim".into(), "1".into()));
    let r = post_with_version(&mut kasi, ev, "/nilai", &as_refs(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());

    let mut admin = t.login("admin").await;
    let v = admin
        .get(&format!("/dasbor?periode={period}"))
        .await
        .visible();
    assert!(
        v.contains("Dinas Alpha · Berorientasi Pelayanan: 100%")
            && v.contains("Dinas Alpha · Akuntabel: 0%"),
        "{v}"
    );
    // Every write above kept the dashboard's tallies.
    assert_tallies_fresh(&t.app.db).await;
}

/// A ZIP with the given entries (name, content), as an office program would write it.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

const DOCX_TYPES: &str = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_checked_before_the_body_and_office_files_must_be_real() {
    let (t, _f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    let ind = ids(&page.text, "nilai_")[0].to_string();
    let upload = format!("/penilaian/{ev}/bukti");

    // Someone who may not write the evaluation is refused before the body is read: the
    // answer comes although the body never ends.
    let csrf = kasi.csrf().await;
    let session = kasi.cookies["kinerja_sesi"].clone();
    let head = format!(
        "POST {upload} HTTP/1.1\r\nHost: {}\r\nCookie: kinerja_sesi={session}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=B\r\n\
         Content-Length: 20000000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --B\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"x.pdf\"\r\n\r\n%PDF-1.4 ",
        t.addr
    );
    let answer = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(t.addr).await.unwrap();
        s.write_all(head.as_bytes()).await.unwrap();
        let mut buf = vec![0u8; 64];
        let n = s.read(&mut buf).await.unwrap();
        String::from_utf8_lossy(&buf[..n]).to_string()
    })
    .await
    .expect("answered without waiting for the body");
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");

    // A ZIP that only mentions the manifest's name is not an office document.
    let fake = zip_of(&[("payload.exe", "MZ [Content_Types].xml")]);
    let r = p1
        .upload_named(&upload, &[("indikator_id", &ind)], "laporan.docx", fake)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Jenis berkas tidak diterima"),
        "{}",
        r.visible()
    );
    // Nor is one with macros.
    let docm = zip_of(&[
        ("[Content_Types].xml", DOCX_TYPES),
        ("word/document.xml", "<w:document/>"),
        ("word/vbaProject.bin", "Attribute VB_Name"),
    ]);
    let r = p1
        .upload_named(&upload, &[("indikator_id", &ind)], "laporan.docx", docm)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A real document is accepted, stored under a clean name that ends in its kind.
    let docx = zip_of(&[
        ("[Content_Types].xml", DOCX_TYPES),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ]);
    let r = p1
        .upload_named(
            &upload,
            &[("indikator_id", &ind)],
            "C:\\Users\\budi\\laporan\u{202E}xcod.exe",
            docx,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = p1.get(&format!("/penilaian/{ev}")).await.visible();
    assert!(page.contains("laporanxcod.exe.docx"), "{page}");
    assert!(!page.contains('\u{202E}'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_one_more_cannot_reveal_a_colleagues_answer() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kabid, _kasi, ev) = kasi_evaluation(&t, year).await;
    let url = format!("/penilaian/{ev}/masukan");
    let ask = |who: &str| format!("r_{}", f.id(who));
    let r = kabid
        .submit(&url, &[(&ask("p1"), "1"), (&ask("p2"), "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let link1 = request_link(&p1.get("/masukan").await.text);
    let r = p1.submit(&link1, &[("rating_1", "di_bawah")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The set is fixed at the first answer: a third person cannot be added.
    let r = kabid.submit(&url, &[(&ask("kasi_b1"), "1")]).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.visible()
    );
    assert!(
        r.visible().contains("tidak ada orang baru"),
        "{}",
        r.visible()
    );
    let mut kb = t.login(Fixture::nip("kasi_b1")).await;
    assert!(
        kb.get("/masukan")
            .await
            .visible()
            .contains("Tidak ada permintaan masukan")
    );
    // Closing with fewer than three answers shows nothing, ever.
    let r = kabid.submit(&format!("{url}/tutup"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = kabid.get(&url).await;
    assert!(
        page.visible().contains("kurang dari 3 jawaban"),
        "{}",
        page.visible()
    );
    assert!(!page.text.contains("id=\"masukan-table\""));
    // And nobody answers after the close: the request is gone from p2's list, and a
    // direct answer is refused and stores nothing.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    assert!(
        p2.get("/masukan")
            .await
            .visible()
            .contains("Tidak ada permintaan masukan")
    );
    let rid: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT id FROM masukan_requests WHERE responder_employee_id = $1"
    )
    .bind(f.id("p2"))
    .fetch_one(c)
    .await)
    .unwrap();
    let r = p2
        .submit(&format!("/masukan/{rid}"), &[("rating_1", "di_atas")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let answers: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM masukan_answers"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(answers, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_objection_through_the_api() {
    use reqwest::Method;
    use serde_json::json;
    let (t, _f, year) = TestApp::with_year().await;
    let (_kasi, _p1, _kabid, ev) = finalised(&t, year).await;
    let me = t.api(&t.token(Fixture::nip("p1")).await);
    let penilai = t.api(&t.token(Fixture::nip("kasi_a")).await);
    let atasan = t.api(&t.token(Fixture::nip("kabid_a")).await);
    let colleague = t.api(&t.token(Fixture::nip("p2")).await);
    let path = format!("/api/v1/evaluasi/{ev}/keberatan");
    // None yet.
    assert_eq!(me.get(&path).await.0, StatusCode::NOT_FOUND);
    let (_, view) = me.get(&format!("/api/v1/evaluasi/{ev}")).await;
    assert!(view["keberatan"].is_null());
    assert!(view["realisasi"].is_array() && view["items"].is_array());
    let version = view["version"].clone();
    // Only the employee files, with a reason.
    let (s, _) = colleague
        .send(
            Method::POST,
            &path,
            &json!({"version": version, "alasan": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = me
        .send(
            Method::POST,
            &path,
            &json!({"version": version, "alasan": "  "}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    // An integer written as 14.0 is an integer.
    let v = version.as_i64().unwrap() as f64;
    let (s, k) = me
        .send(
            Method::POST,
            &path,
            &json!({"version": v, "alasan": "Target arsip terlampaui; mohon ditinjau."}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{k}");
    assert_eq!(k["alasan"], "Target arsip terlampaui; mohon ditinjau.");
    assert_eq!(k["keputusan"], "");
    // The penilai explains; a colleague cannot.
    let body = json!({"penjelasan": "Kualitas arsip belum sesuai standar."});
    let (s, _) = colleague
        .send(Method::PUT, &format!("{path}/penjelasan"), &body)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, k) = penilai
        .send(Method::PUT, &format!("{path}/penjelasan"), &body)
        .await;
    assert_eq!(s, StatusCode::OK, "{k}");
    assert_eq!(
        k["penjelasan_penilai"],
        "Kualitas arsip belum sesuai standar."
    );
    // The atasan penilai decides; neither the employee nor the penilai can.
    let version = me.get(&format!("/api/v1/evaluasi/{ev}")).await.1["version"].clone();
    let decision = json!({"version": version, "keputusan": "Keberatan diterima.",
        "rating_hasil": "di_atas", "rating_perilaku": "sesuai"});
    for who in [&me, &penilai] {
        let (s, _) = who
            .send(Method::PUT, &format!("{path}/putusan"), &decision)
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    // An unknown rating is refused by the document's enum.
    let (s, _) = atasan
        .send(
            Method::PUT,
            &format!("{path}/putusan"),
            &json!({"version": version, "keputusan": "x", "rating_hasil": "luar_biasa", "rating_perilaku": "sesuai"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, k) = atasan
        .send(Method::PUT, &format!("{path}/putusan"), &decision)
        .await;
    assert_eq!(s, StatusCode::OK, "{k}");
    assert_eq!(k["keputusan"], "Keberatan diterima.");
    assert_eq!(k["rating_hasil"], "di_atas");
    assert!(k["decided_at"].is_i64());
    let (_, view) = me.get(&format!("/api/v1/evaluasi/{ev}")).await;
    assert_eq!(view["status"], "diputuskan");
    assert_eq!(view["keberatan"]["keputusan"], "Keberatan diterima.");
    // Final: deciding again is refused.
    let (s, _) = atasan
        .send(Method::PUT, &format!("{path}/putusan"), &decision)
        .await;
    assert!(
        s == StatusCode::CONFLICT || s == StatusCode::FORBIDDEN,
        "{s}"
    );
    // An id that is not a number names nothing.
    let (s, e) = me
        .get("/api/v1/evaluasi/99999999999999999999/keberatan")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["code"], "not-found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_from_the_self_assessment_keeps_what_was_typed() {
    let (t, _, year) = TestApp::with_year().await;
    let (_kasi, mut p1, skp) = approved_plan(&t, year).await;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    // The file box and its button belong to the self-assessment form.
    let inds = ids(&page.text, "nilai_");
    let (a, b) = (inds[0], inds[1]);
    assert!(
        page.text
            .contains(&format!("name=\"berkas_{a}\" form=\"self-form\""))
    );
    let version = hidden(&page.text, "version");
    let (na, ta, nb) = (
        format!("nilai_{a}"),
        format!("teks_{a}"),
        format!("nilai_{b}"),
    );
    let berkas_a = format!("berkas_{a}");
    let berkas_b = format!("berkas_{b}");
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n".to_vec();
    // The realisasi typed, then a file chosen for A and uploaded (no Simpan pressed); the
    // empty file box of B arrives as an empty part, as a browser sends it.
    let r = p1
        .upload_parts(
            &format!("/penilaian/{ev}/bukti"),
            &[
                ("version", &version),
                (&na, "1250"),
                (&ta, "Arsip rapi"),
                (&nb, "3"),
            ],
            &[
                (&berkas_a, "arsip.pdf", pdf.clone()),
                (&berkas_b, "", Vec::new()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/penilaian/{ev}?pesan=bukti#bukti-{a}").as_str())
    );
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    assert!(
        page.text
            .contains(&format!("id=\"{na}\" name=\"{na}\" value=\"1250\"")),
        "typed realisasi saved"
    );
    assert!(page.text.contains(">Arsip rapi</textarea>"));
    assert!(
        page.text
            .contains(&format!("id=\"{nb}\" name=\"{nb}\" value=\"3\""))
    );
    assert!(page.text.contains(">arsip.pdf</a>"), "the file is attached");
    // Upload pressed without a file: what was typed is still saved, and the page says to
    // choose a file.
    let version = hidden(&page.text, "version");
    let r = p1
        .upload_parts(
            &format!("/penilaian/{ev}/bukti"),
            &[("version", &version), (&na, "1300")],
            &[(&berkas_a, "", Vec::new())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("Pilih berkas terlebih dahulu"),
        "{}",
        r.visible()
    );
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    assert!(
        page.text
            .contains(&format!("id=\"{na}\" name=\"{na}\" value=\"1300\""))
    );
    // A realisasi that is not a number is refused with the typed text given back, and
    // no file is attached.
    let version = hidden(&page.text, "version");
    let r = p1
        .upload_parts(
            &format!("/penilaian/{ev}/bukti"),
            &[("version", &version), (&na, "banyak")],
            &[(&berkas_b, "kedua.pdf", pdf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("value=\"banyak\""));
    assert!(
        !p1.get(&format!("/penilaian/{ev}"))
            .await
            .text
            .contains("kedua.pdf")
    );
}

/// Indonesian words of the application's own text (menus, buttons, headings, reference
/// texts, period names) that an English page must not show. Data people typed or imported
/// (names, units, positions, hasil kerja) is taken out before the check; official terms
/// kept in Indonesian on purpose (SKP, predikat names, BerAKHLAK, realisasi, pejabat
/// penilai; see docs/glossary.md) are not in the list.
const INDONESIAN_CHROME: &[&str] = &[
    "TRIWULAN",
    "Berorientasi",
    "Akuntabel",
    "Kompeten",
    "Harmonis",
    "Adaptif",
    "Kolaboratif",
    "Kuantitas",
    "Kualitas",
    "Waktu",
    "Biaya",
    "Perspektif",
    "Simpan",
    "Kembalikan",
    "Setujui",
    "Ajukan",
    "Tarik",
    "Beranda",
    "Sesudah",
    "Sebelum",
    "ekspektasi",
    "Ekspektasi",
    "Batas",
    "terlambat",
    "Tugas",
    "Lihat",
    "Buka",
    "Belum",
    "sudah",
    "dan",
    "yang",
    "untuk",
    "dengan",
    "atau",
    "tidak",
    "Unggah",
    "Kirim",
    "Hapus",
    "Catatan",
    "Saran",
    "Periode",
    "periode",
    "Pegawai",
    "Penilaian",
    "penilaian",
    "Perilaku",
    "Hasil",
    "kerja",
    "Keluar",
    "Menunggu",
    "Diisi",
    "Uraian",
];

/// The visible words of a page without the data of this test (names, units, texts).
fn chrome_words(page: &Response, data: &[&str]) -> String {
    let mut text = page.visible();
    for d in data {
        text = text.replace(d, " ");
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_pages_speak_english_apart_from_the_data() {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, ev, _) = self_assessed_annual(&t, year).await;
    let skp: i64 = p1
        .get("/skp")
        .await
        .text
        .split("href=\"/skp/")
        .filter_map(|s| s.split('"').next().and_then(|n| n.parse().ok()))
        .next()
        .expect("the plan");
    let mut admin = t.login("admin").await;
    let mut bupati = t.login("bupati").await;
    // The data of this test: the fixture's people, units and positions, the plans' texts.
    let mut data: Vec<String> = Vec::new();
    for e in kinerja::store::org::employees_all(&t.app.db, f.instansi_id)
        .await
        .unwrap()
    {
        data.extend([
            e.nama_lengkap(),
            e.nama.clone(),
            e.jabatan.clone(),
            e.unit_nama.clone(),
        ]);
    }
    for u in kinerja::store::org::units_all(&t.app.db, f.instansi_id)
        .await
        .unwrap()
    {
        data.push(u.nama);
    }
    data.extend(
        [
            "Terselenggaranya layanan arsip seksi",
            "Tersusunnya laporan kinerja seksi",
            "Terarsipnya surat masuk dan keluar",
            "Tersusunnya bahan laporan kinerja",
            "Jumlah surat terarsip",
            "Jumlah bahan laporan",
            "Pemerintah Kabupaten Uji",
            "surat",
            "dokumen",
        ]
        .map(String::from),
    );
    // Longest first, so a name inside a longer text goes with it.
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let data: Vec<&str> = data.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for (who, c, paths) in [
        (
            "p1",
            &mut p1,
            vec![
                "/".to_string(),
                format!("/skp/{skp}"),
                format!("/penilaian/{ev}"),
                "/penilaian".into(),
                "/panduan".into(),
            ],
        ),
        (
            "kasi",
            &mut kasi,
            vec![
                "/".to_string(),
                format!("/penilaian/{ev}"),
                format!("/skp/{skp}"),
            ],
        ),
        (
            "admin",
            &mut admin,
            vec!["/".to_string(), "/admin/riwayat".into(), "/dasbor".into()],
        ),
        (
            "bupati",
            &mut bupati,
            vec!["/".to_string(), "/dasbor".into()],
        ),
    ] {
        let r = c.get("/bahasa/en?next=/").await;
        assert!(r.status.is_redirection(), "{who}");
        for path in paths {
            let page = c.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{who} {path}");
            let words = chrome_words(&page, &data);
            for w in INDONESIAN_CHROME {
                let whole = words
                    .split(|ch: char| !ch.is_alphanumeric())
                    .any(|x| x == *w);
                if whole {
                    let at = words.find(w).unwrap_or(0);
                    let from = words[..at]
                        .char_indices()
                        .rev()
                        .nth(60)
                        .map(|(i, _)| i)
                        .unwrap_or(0);
                    let to = (at + 60).min(words.len());
                    let to = (to..words.len())
                        .find(|i| words.is_char_boundary(*i))
                        .unwrap_or(words.len());
                    found.push(format!("{who} {path}: '{w}' in …{}…", &words[from..to]));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "Indonesian chrome on English pages:\n{}",
        found.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_penilai_sees_the_saran_and_predikat_of_unsaved_choices() {
    let (t, _, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, ev, _) = self_assessed_annual(&t, year).await;
    let page = kasi.get(&format!("/penilaian/{ev}")).await;
    assert!(page.text.contains("data-preview=\"/penilaian/"));
    // Five values above expectation, two as expected, results as expected.
    let mut f = all_judgements(&page.text, &["nrhk_"], "sesuai");
    for k in 1..=7 {
        f.push((
            format!("nperilaku_{k}"),
            if k <= 5 { "di_atas" } else { "sesuai" }.into(),
        ));
    }
    let r = kasi
        .submit(&format!("/penilaian/{ev}/pratinjau"), &as_refs(&f))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let j: serde_json::Value = serde_json::from_str(&r.text).unwrap();
    assert!(
        j["saran_hasil"]
            .as_str()
            .unwrap()
            .contains("Sesuai ekspektasi"),
        "{j}"
    );
    assert!(
        j["saran_perilaku"]
            .as_str()
            .unwrap()
            .contains("Di atas ekspektasi"),
        "{j}"
    );
    assert!(
        j["saran_perilaku"]
            .as_str()
            .unwrap()
            .contains("5 di atas ekspektasi"),
        "{j}"
    );
    assert_eq!(j["predikat"], "Baik", "{j}");
    // A chosen rating wins over the saran.
    f.push(("rating_hasil".into(), "di_atas".into()));
    let r = kasi
        .submit(&format!("/penilaian/{ev}/pratinjau"), &as_refs(&f))
        .await;
    let j: serde_json::Value = serde_json::from_str(&r.text).unwrap();
    assert_eq!(j["predikat"], "Sangat Baik", "{j}");
    // Nothing was saved.
    let page = kasi.get(&format!("/penilaian/{ev}")).await;
    assert!(!page.text.contains("id=\"predikat-value\""));
    // Only the penilai asks.
    let r = p1
        .submit(&format!("/penilaian/{ev}/pratinjau"), &as_refs(&f))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
