//! Daily work: rencana aksi and the daily log (progres harian) through the pages and the
//! API — who may write, read and acknowledge, lateness, the lock once rated, salin
//! kemarin, the export read back, the all-or-nothing import, and realisasi pre-filled.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// p1's approved plan with a rencana aksi and one entry of today; the kasi is p1's
/// penilai. Returns (t, f, kasi, p1, skp, period, ra, entry).
async fn logged() -> (TestApp, Fixture, Client, Client, i64, i64, i64, i64) {
    let (t, f, year) = TestApp::with_year().await;
    let (kasi, mut p1, skp) = approved_plan(&t, year).await;
    let (period, ra, entry) = daily_log(&t, &mut p1, skp, None).await;
    (t, f, kasi, p1, skp, period, ra, entry)
}

async fn count(t: &TestApp, sql: &'static str, arg: i64) -> i64 {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, i64>(sql)
        .bind(arg)
        .fetch_one(c)
        .await)
    .unwrap()
}

async fn period_start(t: &TestApp, period: i64) -> chrono::NaiveDate {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, chrono::NaiveDate>(
        "SELECT mulai FROM periods WHERE id = $1"
    )
    .bind(period)
    .fetch_one(c)
    .await)
    .unwrap()
}

/// p1's line of the TPP recap of a period.
async fn recap(admin: &mut Client, period: i64) -> Vec<String> {
    let page = admin.get(&format!("/laporan/tpp?periode={period}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    table_row(&page.text, "laporan-table", Fixture::nip("p1"))
}

async fn late(t: &TestApp, kegiatan: &str) -> bool {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, bool>(
        "SELECT terlambat FROM progres_entries WHERE kegiatan = $1"
    )
    .bind(kegiatan)
    .fetch_one(c)
    .await)
    .unwrap()
}

fn entry_fields<'a>(day: &'a str, ra: &'a str, kegiatan: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("tanggal", day),
        ("jam_mulai", "10:00"),
        ("jam_selesai", "11:00"),
        ("kegiatan", kegiatan),
        ("rencana_aksi_id", ra),
        ("realisasi", "3"),
        ("satuan", ""),
        ("tautan", ""),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_writes_the_penilai_and_heads_read_and_only_the_penilai_acknowledges() {
    let (t, f, mut kasi, mut p1, _skp, _period, ra, entry) = logged().await;
    let today = t.app.today().to_string();
    // The owner's week shows the entry with its total.
    let page = p1.get(&format!("/progres?tanggal={today}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Mengarsipkan 12 surat masuk"));
    assert!(page.text.contains("1 j 30 m"), "{}", page.visible());

    // A colleague in the same seksi sees nothing; nor does someone of another OPD.
    for who in ["p2", "q1"] {
        let mut c = t.login(Fixture::nip(who)).await;
        let r = c.get(&format!("/pegawai/{}/progres", f.id("p1"))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        let r = c
            .get(&format!("/progres/unduh?format=csv&pegawai={}", f.id("p1")))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        // Nor can they write into p1's log: an entry under p1's rencana aksi is not theirs.
        let s_ra = ra.to_string();
        let fields = entry_fields(&today, &s_ra, "Bukan milik saya");
        let r = c.upload_named("/progres", &fields, "", Vec::new()).await;
        assert_ne!(r.status, StatusCode::SEE_OTHER, "{who}");
        let r = c.submit(&format!("/progres/{entry}/hapus"), &[]).await;
        assert!(
            matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{who}: {}",
            r.status
        );
    }
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
            f.id("p1")
        )
        .await,
        1
    );

    // The head further up reads but does not acknowledge.
    let mut kadis = t.login(Fixture::nip("kadis_a")).await;
    let r = kadis.get(&format!("/pegawai/{}/progres", f.id("p1"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        !r.text.contains("/pengakuan\""),
        "no acknowledgement form for a reader"
    );
    let r = kadis
        .submit(
            &format!("/progres/{entry}/pengakuan"),
            &[("pengakuan", "disetujui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The penilai sees it waiting in the queue and on the home page, and approves the week.
    let q = kasi.get("/persetujuan").await;
    assert!(
        q.text.contains("1 kegiatan tim menunggu"),
        "{}",
        q.visible()
    );
    let home = kasi.get("/").await;
    assert!(
        home.text.contains("id=\"tugas-akui-progres\""),
        "{}",
        home.visible()
    );
    assert!(
        home.visible().contains("menunggu pengakuan Anda: 1"),
        "{}",
        home.visible()
    );
    let team = kasi.get("/progres/tim").await;
    assert_eq!(team.status, StatusCode::OK);
    assert!(
        team.text.contains("Pelaksana Satu") || team.text.contains(&format!("p-{}", f.id("p1")))
    );
    // "Perlu perbaikan" needs a note; refused, nothing changes.
    let r = kasi
        .submit(
            "/progres/tim/pengakuan",
            &[
                ("pegawai", &f.id("p1").to_string()),
                ("tanggal", &today),
                ("pengakuan", "perlu_perbaikan"),
                ("catatan", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&t, "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1 AND pengakuan <> 'menunggu'", f.id("p1")).await, 0);
    let r = kasi
        .submit(
            "/progres/tim/pengakuan",
            &[
                ("pegawai", &f.id("p1").to_string()),
                ("tanggal", &today),
                ("pengakuan", "disetujui"),
                ("catatan", ""),
                ("dari", "tim"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert!(r.location.unwrap().contains("pesan=diakui"));
    assert_eq!(count(&t, "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1 AND pengakuan = 'disetujui'", f.id("p1")).await, 1);
    let page = p1.get(&format!("/progres?tanggal={today}")).await;
    assert!(page.text.contains("Disetujui"));
    crate::dashboard::unit_days_match_the_entries(&t).await;
    // The owner cannot acknowledge their own entry.
    let r = p1
        .submit(
            &format!("/progres/{entry}/pengakuan"),
            &[("pengakuan", "disetujui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_entries_are_kept_and_marked_and_a_rated_period_refuses_changes() {
    let (t, f, _kasi, mut p1, skp, period, ra, entry) = logged().await;
    let today = t.app.today();
    let start = period_start(&t, period).await;
    let gap = (today - start).num_days();
    if gap >= 1 {
        // With a tolerance of `tol` days, the day `tol + 1` before today is late and the
        // day `tol` before is not.
        let tol = gap.min(4) - 1;
        let mut admin = t.login("admin").await;
        let r = admin
            .submit("/admin/progres", &[("toleransi_hari", &tol.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
        let (d0, d1) = (
            (today - chrono::Duration::days(tol + 1)).to_string(),
            (today - chrono::Duration::days(tol)).to_string(),
        );
        let s_ra = ra.to_string();
        for (day, what) in [(&d0, "Hari pertama"), (&d1, "Hari kedua")] {
            let r = p1
                .upload_named("/progres", &entry_fields(day, &s_ra, what), "", Vec::new())
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
        }
        assert!(late(&t, "Hari pertama").await, "beyond the tolerance");
        assert!(!late(&t, "Hari kedua").await, "at the tolerance");
    }
    // Rated: the log of the period no longer changes.
    let list = p1.get("/penilaian").await;
    let kode = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, String>(
        "SELECT kode FROM periods WHERE id = $1"
    )
    .bind(period)
    .fetch_one(c)
    .await)
    .unwrap();
    let ev = open_period(&mut p1, skp, &period_of(&list.text, &kode)).await;
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query(
        "UPDATE evaluations SET status = 'dinilai' WHERE id = $1"
    )
    .bind(ev)
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    let before = count(
        &t,
        "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
        f.id("p1"),
    )
    .await;
    let today_s = today.to_string();
    let r = p1
        .upload_named(
            "/progres",
            &entry_fields(&today_s, &ra.to_string(), "Setelah dinilai"),
            "",
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("sudah dinilai"), "{}", r.visible());
    let r = p1.submit(&format!("/progres/{entry}/hapus"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let r = kasi
        .submit(
            &format!("/progres/{entry}/pengakuan"),
            &[("pengakuan", "disetujui")],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
            f.id("p1")
        )
        .await,
        before
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_reads_back_as_the_screen_shows_it_and_the_import_is_all_or_nothing() {
    let (t, f, _kasi, mut p1, _skp, period, _ra, _entry) = logged().await;
    let today = t.app.today();
    // The XLSX, read back with calamine: the e-Kinerja columns and the entry as on screen.
    let (status, ct, bytes) = p1
        .get_bytes(&format!("/progres/unduh?format=xlsx&periode={period}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.contains("spreadsheetml"));
    let rows = sheet_rows(&bytes, "Progres Harian");
    assert_eq!(
        rows[0],
        [
            "NIP",
            "Tanggal",
            "Jam Mulai",
            "Jam Selesai",
            "Rencana Aksi",
            "Kegiatan",
            "Realisasi",
            "Satuan",
            "Link Bukti Dukung"
        ]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1],
        [
            Fixture::nip("p1"),
            &today.to_string(),
            "08:00",
            "09:30",
            "Mengarsipkan surat masuk harian",
            "Mengarsipkan 12 surat masuk",
            "12",
            "surat",
            ""
        ]
    );
    let screen = p1.get(&format!("/progres?tanggal={today}")).await;
    for cell in ["08:00–09:30", "Mengarsipkan 12 surat masuk", "12 surat"] {
        assert!(screen.text.contains(cell), "{cell} on screen");
    }
    let (_, _, csv) = p1
        .get_bytes(&format!("/progres/unduh?format=csv&periode={period}"))
        .await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Mengarsipkan 12 surat masuk"));

    // 1,000 rows with one bad one: refused, its line named, nothing written.
    let start = period_start(&t, period)
        .await
        .max(today - chrono::Duration::days(20));
    let days: Vec<chrono::NaiveDate> = start.iter_days().take_while(|d| *d <= today).collect();
    let mut file = String::from(
        "NIP,Tanggal,Jam Mulai,Jam Selesai,Rencana Aksi,Kegiatan,Realisasi,Satuan,Link Bukti Dukung\n",
    );
    for i in 0..1000 {
        let d = days[i % days.len()];
        let h = 7 + (i / days.len()) % 12;
        let kegiatan = if i == 617 {
            String::new()
        } else {
            format!("Kegiatan nomor {i}")
        };
        file.push_str(&format!(
            "{},{d},{h:02}:00,{h:02}:30,Mengarsipkan surat masuk harian,{kegiatan},1,surat,\n",
            Fixture::nip("p1")
        ));
    }
    let before = count(
        &t,
        "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
        f.id("p1"),
    )
    .await;
    let audit_before = count(
        &t,
        "SELECT COUNT(*) FROM audit_events WHERE instansi_id = $1",
        f.instansi_id,
    )
    .await;
    let r = p1
        .upload_named("/progres/impor", &[], "log.csv", file.clone().into_bytes())
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.visible()
    );
    let errors = table_row(&r.text, "import-errors", "619");
    assert!(
        !errors.is_empty(),
        "line 619 (row 617 after the header) is named: {}",
        r.visible()
    );
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
            f.id("p1")
        )
        .await,
        before
    );
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM audit_events WHERE instansi_id = $1",
            f.instansi_id
        )
        .await,
        audit_before
    );
    // Someone else's NIP is refused too.
    let other = file.replacen(Fixture::nip("p1"), Fixture::nip("p2"), 1);
    let r = p1
        .upload_named("/progres/impor", &[], "log.csv", other.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Mended, the whole file goes in.
    let good = file.replace(",,1,surat,", ",Kegiatan diperbaiki,1,surat,");
    let r = p1
        .upload_named("/progres/impor", &[], "log.csv", good.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1 AND sumber = 'impor'",
            f.id("p1")
        )
        .await,
        1000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn salin_kemarin_favourites_and_leave_mark_the_week() {
    let (t, f, _kasi, mut p1, _skp, period, ra, _entry) = logged().await;
    let today = t.app.today();
    let start = period_start(&t, period).await;
    // Nothing before today: salin kemarin explains itself and changes nothing.
    let r = p1
        .submit("/progres/salin-kemarin", &[("tanggal", &start.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    if start < today {
        // Log on the period's first day, then copy it to the next (when that is not today,
        // which already has an entry of its own).
        let d0 = start.to_string();
        let r = p1
            .upload_named(
                "/progres",
                &entry_fields(&d0, &ra.to_string(), "Rapat pagi"),
                "",
                Vec::new(),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let d1 = start + chrono::Duration::days(1);
        if d1 < today {
            let r = p1
                .submit("/progres/salin-kemarin", &[("tanggal", &d1.to_string())])
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
            assert!(r.location.unwrap().contains("n=1"));
            let n: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
                "SELECT COUNT(*) FROM progres_entries WHERE kegiatan = 'Rapat pagi' AND tanggal = $1 AND sumber = 'salin'"
            )
            .bind(d1)
            .fetch_one(c)
            .await)
            .unwrap();
            assert_eq!(n, 1);
        }
    }
    // A favourite logs in one tap on the chosen day.
    let id = count(
        &t,
        "SELECT MAX(id) FROM progres_entries WHERE employee_id = $1",
        f.id("p1"),
    )
    .await;
    let r = p1.submit(&format!("/progres/{id}/favorit"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let template = count(
        &t,
        "SELECT MAX(id) FROM progres_templates WHERE employee_id = $1",
        f.id("p1"),
    )
    .await;
    let before = count(
        &t,
        "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
        f.id("p1"),
    )
    .await;
    let r = p1
        .submit(
            &format!("/progres/templat/{template}/pakai"),
            &[("tanggal", &today.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
            f.id("p1")
        )
        .await,
        before + 1
    );
    // Leave on a working day of the week: not missing, marked.
    let monday = kinerja_domain::progres::monday_of(today);
    let r = p1
        .submit(
            "/progres/ketidakhadiran",
            &[("tanggal", &monday.to_string()), ("jenis", "cuti")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = p1.get(&format!("/progres?tanggal={monday}")).await;
    assert!(
        page.text.contains("id=\"tanda-hari\""),
        "{}",
        page.visible()
    );
    assert!(page.text.contains("Cuti"));
    // A holiday the admin adds is not a working day either.
    let mut admin = t.login("admin").await;
    let r = admin
        .submit(
            "/admin/progres/libur",
            &[("tanggal", &monday.to_string()), ("nama", "Hari Libur Uji")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = p1.get(&format!("/progres?tanggal={monday}")).await;
    assert!(page.text.contains("Hari Libur Uji"));
    crate::dashboard::unit_days_match_the_entries(&t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_system_posts_entries_through_the_api_and_the_penilai_acknowledges_there() {
    let (t, f, _kasi, _p1, skp, period, ra, _entry) = logged().await;
    let p1 = t.api(&t.token(Fixture::nip("p1")).await);
    let today = t.app.today().to_string();
    let (s, body) = p1
        .send(
            Method::POST,
            "/api/v1/progres",
            &json!({"tanggal": today, "jam_mulai": "13:00", "jam_selesai": "15:00",
                "kegiatan": "Input dari aplikasi lapangan", "rencana_aksi_id": ra, "realisasi": 4,
                "tautan": "https://drive.example.id/foto"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["sumber"], "api");
    assert_eq!(body["menit"], 120);
    assert_eq!(body["satuan"], "surat");
    let id = body["id"].as_i64().unwrap();
    // Bad input: every reason, nothing written.
    let (s, body) = p1
        .send(
            Method::POST,
            "/api/v1/progres",
            &json!({"tanggal": today, "jam_mulai": "15:00", "jam_selesai": "13:00",
                "kegiatan": " ", "rencana_aksi_id": ra, "realisasi": -1, "tautan": "javascript:x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, list) = p1.get(&format!("/api/v1/progres?dari={today}")).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    let (s, ras) = p1
        .get(&format!("/api/v1/skp/{skp}/rencana-aksi?periode={period}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ras[0]["id"], ra);
    // Only the penilai acknowledges; a colleague cannot read.
    let p2 = t.api(&t.token(Fixture::nip("p2")).await);
    let (s, _) = p2.get(&format!("/api/v1/progres/{id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = p1
        .send(
            Method::PUT,
            &format!("/api/v1/progres/{id}/pengakuan"),
            &json!({"pengakuan": "disetujui"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let kasi = t.api(&t.token(Fixture::nip("kasi_a")).await);
    let (s, team) = kasi.get("/api/v1/progres/tim").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(team["page"], 1);
    assert_eq!(
        team["total"].as_u64().unwrap() as usize,
        team["members"].as_array().unwrap().len(),
        "the kasi's seksi fits on one page"
    );
    let me = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["employee_id"] == f.id("p1"))
        .unwrap();
    assert_eq!(me["menunggu"], 2);
    let (s, ack) = kasi
        .send(
            Method::PUT,
            &format!("/api/v1/progres/{id}/pengakuan"),
            &json!({"pengakuan": "perlu_perbaikan", "catatan": "Foto buram"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{ack}");
    assert_eq!(ack["jumlah"], 1);
    let (_, e) = p1.get(&format!("/api/v1/progres/{id}")).await;
    assert_eq!(e["pengakuan"], "perlu_perbaikan");
    assert_eq!(e["catatan_pengakuan"], "Foto buram");
    // Edited, it waits again.
    let mut body = e.clone();
    body["kegiatan"] = json!("Input dari aplikasi lapangan, foto diganti");
    let (s, e2) = p1
        .send(Method::PUT, &format!("/api/v1/progres/{id}"), &body)
        .await;
    assert_eq!(s, StatusCode::OK, "{e2}");
    assert_eq!(e2["pengakuan"], "menunggu");
    // A stale version is refused.
    let (s, _) = p1
        .send(Method::PUT, &format!("/api/v1/progres/{id}"), &body)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // The export through the API is the same file.
    let res = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/progres/ekspor?format=csv&periode={period}",
            t.base
        ))
        .bearer_auth(&p1.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("https://drive.example.id/foto")
    );
    // Created, acknowledged, edited, deleted: the figures the dashboard reads kept pace.
    crate::dashboard::unit_days_match_the_entries(&t).await;
    let (s, _) = p1
        .send(Method::DELETE, &format!("/api/v1/progres/{id}"), &json!({}))
        .await;
    assert!(s.is_success(), "{s}");
    crate::dashboard::unit_days_match_the_entries(&t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_period_realisasi_is_prefilled_from_counted_activity_for_the_owner_to_confirm() {
    let (t, _f, mut kasi, mut p1, skp, period, ra, entry) = logged().await;
    let today = t.app.today().to_string();
    // A second entry in the indicator's satuan and one in another.
    let s_ra = ra.to_string();
    let r = p1
        .upload_named(
            "/progres",
            &entry_fields(&today, &s_ra, "Arsip sore"),
            "",
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut other = entry_fields(&today, &s_ra, "Rapat koordinasi arsip");
    other[6] = ("satuan", "rapat");
    let r = p1.upload_named("/progres", &other, "", Vec::new()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The kasi sends one back: it does not count.
    let r = kasi
        .submit(
            &format!("/progres/{entry}/pengakuan"),
            &[
                ("pengakuan", "perlu_perbaikan"),
                ("catatan", "Lampirkan daftar surat"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let list = p1.get("/penilaian").await;
    let kode = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, String>(
        "SELECT kode FROM periods WHERE id = $1"
    )
    .bind(period)
    .fetch_one(c)
    .await)
    .unwrap();
    let ev = open_period(&mut p1, skp, &period_of(&list.text, &kode)).await;
    let ind = one_id(
        &t,
        "SELECT indikator_id FROM rencana_aksi WHERE id = $1",
        ra,
    )
    .await;
    let page = p1.get(&format!("/penilaian/{ev}")).await;
    assert_eq!(page.status, StatusCode::OK);
    // 3 "surat" from the afternoon entry; the rejected 12 and the 3 "rapat" left out.
    assert!(
        page.text.contains(&format!(
            "id=\"nilai_{ind}\" name=\"nilai_{ind}\" value=\"3\""
        )),
        "{}",
        page.visible()
    );
    assert!(page.text.contains(&format!("id=\"prefill-{ind}\"")));
    assert!(page.text.contains("(rapat)"));
    // Nothing was saved for the employee: the realisasi is theirs to confirm.
    assert_eq!(
        count(
            &t,
            "SELECT COUNT(*) FROM evaluation_realisasi WHERE evaluation_id = $1",
            ev
        )
        .await,
        0
    );
    // The penilai sees the activities beside the realisasi.
    let page = kasi.get(&format!("/penilaian/{ev}")).await;
    assert!(page.text.contains(&format!("id=\"aktivitas-{ind}\"")));
    assert!(page.text.contains("Arsip sore"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tpp_activity_component_pays_counted_minutes_up_to_its_cap_and_is_off_by_default() {
    let (t, f, _kasi, _p1, _skp, period, _ra, _entry) = logged().await;
    let mut admin = t.login("admin").await;
    let tahun = chrono::Datelike::year(&t.app.today()).to_string();
    // Off by default: nothing for activity.
    let row = recap(&mut admin, period).await;
    assert_eq!(row[row.len() - 2], "0", "{row:?}");
    // 10 % for 60 counted minutes per working day, capped at 100 %.
    let mut form: Vec<(String, String)> = [
        ("tahun", tahun.as_str()),
        ("bobot_kinerja", "50"),
        ("bobot_disiplin", "40"),
        ("persen_sb", "100"),
        ("persen_b", "100"),
        ("persen_bp", "75"),
        ("persen_k", "50"),
        ("persen_sk", "25"),
        ("tanpa_hasil", "0"),
        ("pagu_jpt", "12000000"),
        ("pagu_administrator", "6500000"),
        ("pagu_pengawas", "4000000"),
        ("pagu_fungsional", "2500000"),
        ("pagu_pelaksana", "2000000"),
        ("aktivitas_bobot", "10"),
        ("aktivitas_target_menit", "0"),
        ("aktivitas_batas", "100"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    // A target of 0 minutes is refused, and nothing changes.
    let r = admin.submit_owned("/tpp", form.clone()).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        r.visible()
    );
    form[15].1 = "60".into();
    let r = admin.submit_owned("/tpp", form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    // p1 logged 90 minutes, still waiting (acknowledgement is optional): they count.
    let (mulai, selesai): (chrono::NaiveDate, chrono::NaiveDate) = kinerja::store::on_db!(
        &t.app.db,
        |c| sqlx::query_as("SELECT mulai, selesai FROM periods WHERE id = $1")
            .bind(period)
            .fetch_one(c)
            .await
    )
    .unwrap();
    let days = kinerja_domain::progres::working_days(mulai, selesai, &Default::default());
    let expected =
        2_000_000i64 * 10 * ((90u64 * 10_000) / (u64::from(days) * 60)) as i64 / 1_000_000;
    assert!(expected > 0);
    let fmt = |n: i64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    let row = recap(&mut admin, period).await;
    assert_eq!(row[row.len() - 2], fmt(expected), "{row:?}");
    // Required acknowledgement: the waiting entry no longer counts.
    let r = admin
        .submit(
            "/admin/progres",
            &[("toleransi_hari", "3"), ("pengakuan_wajib", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let row = recap(&mut admin, period).await;
    assert_eq!(row[row.len() - 2], "0", "{row:?}");
    let _ = f;
}
