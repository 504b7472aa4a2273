//! The dashboard against a small dataset whose every figure is computed by hand, and who
//! may see which part of it.

use crate::common::*;
use kinerja::store::org;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_matches_the_hand_computed_dataset() {
    // Every share shown, however small its group: the figures are the hand count's.
    let (t, f, year) = TestApp::new()
        .with_config(|c| c.dasbor_min_group = 1)
        .with_year()
        .start()
        .await
        .with_year();
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
            "Tren",
            // The daily-log coverage of the period chosen.
            "Aktivitas TW1"
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

/// Logs an activity of the API user's on `day` and returns its id.
async fn entry_on(api: &Api, ra: i64, day: chrono::NaiveDate) -> i64 {
    let (s, e) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/progres",
            &serde_json::json!({"tanggal": day, "jam_mulai": "08:00", "jam_selesai": "09:00",
                "kegiatan": "Mengarsipkan surat", "rencana_aksi_id": ra, "realisasi": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    e["id"].as_i64().unwrap()
}

/// The figures kept per unit and day equal those counted afresh from the entries.
pub async fn unit_days_match_the_entries(t: &TestApp) {
    type Row = (i64, chrono::NaiveDate, i64, i64, i64, i64);
    let kept: Vec<Row> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
        "SELECT unit_id, tanggal, orang, entri, disetujui, tidak_hadir FROM progres_unit_hari \
         ORDER BY unit_id, tanggal"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    // Entries of everyone in the unit; leave and travel days of its active people who are
    // not pejabat negara.
    let counted: Vec<Row> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
        "SELECT x.unit_id, x.tanggal, COUNT(DISTINCT x.oleh), CAST(SUM(x.entri) AS BIGINT), \
         CAST(SUM(x.disetujui) AS BIGINT), CAST(SUM(x.tidak_hadir) AS BIGINT) FROM ( \
         SELECT q.unit_id, p.tanggal, p.employee_id AS oleh, 1 AS entri, \
         CASE WHEN p.pengakuan = 'disetujui' THEN 1 ELSE 0 END AS disetujui, 0 AS tidak_hadir \
         FROM progres_entries p JOIN employees e ON e.id = p.employee_id \
         JOIN positions q ON q.id = e.position_id \
         UNION ALL SELECT q.unit_id, k.tanggal, NULL, 0, 0, 1 FROM progres_ketidakhadiran k \
         JOIN employees e ON e.id = k.employee_id JOIN positions q ON q.id = e.position_id \
         WHERE e.aktif AND e.jenis_asn <> 'pejabat_negara') x \
         GROUP BY x.unit_id, x.tanggal ORDER BY x.unit_id, x.tanggal"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(kept, counted);
    unit_months_match_the_unit_days(t).await;
    people_match_the_organisation(t).await;
}

/// `progres_orang` holds every employee with their unit, whether the dashboard counts them
/// (active, not pejabat negara) and their two latest days with an entry, as worked out here
/// from the organisation and the entries themselves.
pub async fn people_match_the_organisation(t: &TestApp) {
    use std::collections::BTreeMap;
    type Kept = (
        i64,
        Option<i64>,
        bool,
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
    );
    let kept: Vec<Kept> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
        "SELECT employee_id, unit_id, dihitung, terakhir, sebelumnya FROM progres_orang \
         ORDER BY employee_id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let people: Vec<(i64, Option<i64>, bool, String)> =
        kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
            "SELECT e.id, q.unit_id, e.aktif, e.jenis_asn FROM employees e \
             LEFT JOIN positions q ON q.id = e.position_id ORDER BY e.id"
        )
        .fetch_all(c)
        .await)
        .unwrap();
    let entries: Vec<(i64, chrono::NaiveDate)> = kinerja::store::on_db!(&t.app.db, |c| {
        sqlx::query_as("SELECT employee_id, tanggal FROM progres_entries")
            .fetch_all(c)
            .await
    })
    .unwrap();
    let mut days: BTreeMap<i64, Vec<chrono::NaiveDate>> = BTreeMap::new();
    for (e, d) in entries {
        days.entry(e).or_default().push(d);
    }
    let expected: Vec<Kept> = people
        .into_iter()
        .map(|(id, unit, aktif, jenis)| {
            let mut d = days.remove(&id).unwrap_or_default();
            d.sort_unstable_by(|a, b| b.cmp(a));
            d.dedup();
            (
                id,
                unit,
                aktif && jenis != "pejabat_negara",
                d.first().copied(),
                d.get(1).copied(),
            )
        })
        .collect();
    assert_eq!(kept, expected);
}

/// The people each unit counts follow every change of the organisation, whoever writes it:
/// a position moved to another unit takes its holder along, and someone made inactive is no
/// longer counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_people_counted_follow_the_organisation() {
    let (t, f, _year) = TestApp::with_year().await;
    let (a2, a21, a22) = (
        f.unit(&t, "A.2").await,
        f.unit(&t, "A.2.1").await,
        f.unit(&t, "A.2.2").await,
    );
    let api = t.api(&t.token("admin").await);
    let counted = |d: &serde_json::Value, unit: i64| {
        d["activity"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_id"] == unit)
            .map(|u| u["employees"].as_i64().unwrap())
            .unwrap()
    };
    let (s, d) = api.get(&format!("/api/v1/dasbor?unit={a2}")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (b21, b22) = (counted(&d, a21), counted(&d, a22));
    people_match_the_organisation(&t).await;

    kinerja::store::on_db!(&t.app.db, |c| sqlx::query(
        "UPDATE positions SET unit_id = $1, nama = nama || ' (pindahan)' \
         WHERE id = (SELECT position_id FROM employees WHERE id = $2)"
    )
    .bind(a21)
    .bind(f.id("p3"))
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    people_match_the_organisation(&t).await;
    let (_, d) = api.get(&format!("/api/v1/dasbor?unit={a2}")).await;
    assert_eq!((counted(&d, a21), counted(&d, a22)), (b21 + 1, b22 - 1));

    kinerja::store::on_db!(&t.app.db, |c| sqlx::query(
        "UPDATE employees SET aktif = FALSE WHERE id = $1"
    )
    .bind(f.id("p2"))
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    people_match_the_organisation(&t).await;
    let (_, d) = api.get(&format!("/api/v1/dasbor?unit={a2}")).await;
    assert_eq!((counted(&d, a21), counted(&d, a22)), (b21, b22 - 1));
}

/// The figures kept per unit and month equal the unit-days of the month's working days
/// (neither a weekend nor one of the instansi's holidays), added up here.
pub async fn unit_months_match_the_unit_days(t: &TestApp) {
    use chrono::{Datelike, Weekday};
    use std::collections::{BTreeMap, BTreeSet};
    type Day = (i64, i64, chrono::NaiveDate, i64, i64, i64, i64);
    let days: Vec<Day> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
        "SELECT instansi_id, unit_id, tanggal, orang, entri, disetujui, tidak_hadir \
         FROM progres_unit_hari"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let libur: BTreeSet<(i64, chrono::NaiveDate)> =
        kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as(
            "SELECT instansi_id, tanggal FROM hari_libur"
        )
        .fetch_all(c)
        .await)
        .unwrap()
        .into_iter()
        .collect();
    let mut added: BTreeMap<(i64, i64, chrono::NaiveDate), [i64; 4]> = BTreeMap::new();
    for (instansi, unit, d, orang, entri, disetujui, tidak_hadir) in days {
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || libur.contains(&(instansi, d)) {
            continue;
        }
        let m = added
            .entry((instansi, unit, d.with_day(1).unwrap()))
            .or_default();
        m[0] += orang;
        m[1] += entri;
        m[2] += disetujui;
        m[3] += tidak_hadir;
    }
    added.retain(|_, v| v.iter().any(|&n| n != 0));
    type Month = (i64, i64, chrono::NaiveDate, i64, i64, i64, i64);
    let kept: BTreeMap<(i64, i64, chrono::NaiveDate), [i64; 4]> =
        kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as::<_, Month>(
            "SELECT instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir \
             FROM progres_unit_bulan \
             WHERE orang <> 0 OR entri <> 0 OR disetujui <> 0 OR tidak_hadir <> 0"
        )
        .fetch_all(c)
        .await)
        .unwrap()
        .into_iter()
        .map(|(i, u, m, a, b, c, d)| ((i, u, m), [a, b, c, d]))
        .collect();
    assert_eq!(
        kept, added,
        "the kept months are the sum of their working unit-days"
    );
}

/// Daily-log coverage per unit and the people silent for N working days, against entries,
/// a leave day and a holiday placed by hand on the working days before today.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daily_activity_coverage_and_silent_people_match_a_hand_count() {
    use chrono::{Datelike, Weekday};
    let (t, f, year) = TestApp::with_year().await;
    let (_kasi, mut p1, skp) = approved_plan(&t, year).await;
    // Today's entry: today is not counted yet.
    let (period, ra, _entry) = daily_log(&t, &mut p1, skp, None).await;
    let p1_api = t.api(&t.token(Fixture::nip("p1")).await);
    let kasi_api = t.api(&t.token(Fixture::nip("kasi_a")).await);
    let today = t.app.today();
    let mulai = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, chrono::NaiveDate>(
        "SELECT mulai FROM periods WHERE id = $1"
    )
    .bind(period)
    .fetch_one(c)
    .await)
    .unwrap();
    let weekday = |d: &chrono::NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let before_today = |from: chrono::NaiveDate| -> Vec<chrono::NaiveDate> {
        from.iter_days()
            .take_while(|d| *d < today)
            .filter(weekday)
            .collect()
    };
    // A holiday on the third-latest weekday before today, when the period holds it.
    let weekdays = before_today(mulai);
    let libur = weekdays.iter().rev().nth(2).copied();
    if let Some(day) = libur {
        kinerja::store::on_db!(&t.app.db, |c| sqlx::query(
            "INSERT INTO hari_libur (instansi_id, tanggal, nama) VALUES ($1, $2, 'Libur uji')"
        )
        .bind(f.instansi_id)
        .bind(day)
        .execute(c)
        .await
        .map(|_| ()))
        .unwrap();
    }
    let working: Vec<_> = weekdays.into_iter().filter(|d| Some(*d) != libur).collect();
    let w = working.len() as u64;
    // p1 logged the latest working day twice (one approved) and the one before once; an
    // entry on the holiday does not count.
    let latest: Vec<_> = working.iter().rev().take(2).copied().collect();
    for (i, d) in latest.iter().enumerate() {
        let id = entry_on(&p1_api, ra, *d).await;
        if i == 0 {
            let (s, e) = kasi_api
                .send(
                    reqwest::Method::PUT,
                    &format!("/api/v1/progres/{id}/pengakuan"),
                    &serde_json::json!({"pengakuan": "disetujui"}),
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{e}");
            entry_on(&p1_api, ra, *d).await;
        }
    }
    if let Some(day) = libur {
        entry_on(&p1_api, ra, day).await;
    }
    unit_days_match_the_entries(&t).await;
    // A holiday set on a day with entries takes them out of their month's figures, and
    // removing it gives them back.
    if let Some(d) = latest.first() {
        for sql in [
            "INSERT INTO hari_libur (instansi_id, tanggal, nama) VALUES ($1, $2, 'Libur sehari')",
            "DELETE FROM hari_libur WHERE instansi_id = $1 AND tanggal = $2",
        ] {
            kinerja::store::on_db!(&t.app.db, |c| sqlx::query(sql)
                .bind(f.instansi_id)
                .bind(*d)
                .execute(c)
                .await
                .map(|_| ()))
            .unwrap();
            unit_months_match_the_unit_days(&t).await;
        }
    }
    let (logged, entries, acknowledged) = match latest.len() {
        0 => (0, 0, 0),
        1 => (1, 2, 1),
        _ => (2, 3, 1),
    };
    // p2 was on leave on the latest working day, marked in their own log; the unit's kept
    // figures of that day count it.
    let away = if let Some(d) = working.last() {
        let mut p2 = t.login(Fixture::nip("p2")).await;
        let r = p2
            .submit(
                "/progres/ketidakhadiran",
                &[("tanggal", &d.to_string()), ("jenis", "cuti")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
        unit_days_match_the_entries(&t).await;
        1
    } else {
        0
    };
    // Silent for 5 working days: kabid_a, kasi_a, kasi_b1 and p3 wrote nothing; p1 logged
    // and p2 was on leave, unless no working day of the period lies before today.
    let silent_a21 = if w == 0 { 3 } else { 1 };

    let a2 = f.unit(&t, "A.2").await;
    let a21 = f.unit(&t, "A.2.1").await;
    let api = t.api(&t.token("admin").await);
    let (s, d) = api.get(&format!("/api/v1/dasbor?unit={a2}")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let a = &d["activity"];
    assert_eq!(a["period_id"], period);
    assert_eq!(a["working_days"], w);
    assert_eq!(a["silent_days"], 5);
    let seksi = a["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == a21)
        .unwrap();
    assert_eq!(seksi["employees"], 3);
    assert_eq!(seksi["expected_days"], 3 * w - away);
    assert_eq!(seksi["logged_days"], logged);
    assert_eq!(seksi["entries"], entries);
    assert_eq!(seksi["acknowledged"], acknowledged);
    assert_eq!(seksi["silent"], silent_a21);
    let total = &a["total"];
    assert_eq!(total["employees"], 6);
    assert_eq!(total["expected_days"], 6 * w - away);
    assert_eq!(total["logged_days"], logged);
    assert_eq!(total["silent"], silent_a21 + 3);

    // The page shows the same figures, and its workbook carries them.
    let mut admin = t.login("admin").await;
    let page = admin.get(&format!("/dasbor?unit={a2}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let pct = |part: u64, whole: u64| match whole {
        0 => "–".to_string(),
        _ => format!("{}%", (part as f64 * 100.0 / whole as f64).round() as i64),
    };
    assert_eq!(
        table_row(&page.text, "dasbor-aktivitas", "Seksi Alpha Satu A"),
        [
            "Seksi Alpha Satu A".to_string(),
            "3".into(),
            pct(logged, 3 * w - away),
            pct(acknowledged, entries),
            silent_a21.to_string(),
        ]
    );
    let x = admin
        .get(&format!("/dasbor/unduh?unit={a2}&format=xlsx"))
        .await;
    assert_eq!(x.status, StatusCode::OK);
    let kode = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, String>(
        "SELECT kode FROM periods WHERE id = $1"
    )
    .bind(period)
    .fetch_one(c)
    .await)
    .unwrap();
    let rows = sheet_rows(&x.bytes, &format!("Aktivitas {kode}"));
    let row = rows
        .iter()
        .find(|r| r[0] == "Seksi Alpha Satu A")
        .expect("the seksi in the sheet");
    assert_eq!(row[1], "3");
    assert_eq!(row[2], (3 * w - away).to_string());
    assert_eq!(row[3], logged.to_string());
    assert_eq!(row[8], silent_a21.to_string());

    // The silent list drills down, paged on screen and whole in the download.
    let list = admin
        .get(&format!("/dasbor/aktivitas?unit={a2}&hari=5"))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.visible());
    let v = list.visible();
    for who in [
        "Kabid Alpha",
        "Kasi Alpha",
        "Kasi Alpha B",
        "Pelaksana Tiga",
    ] {
        assert!(v.contains(who), "{who} is silent: {v}");
    }
    if w > 0 {
        assert!(
            !v.contains("Pelaksana Satu") && !v.contains("Pelaksana Dua"),
            "{v}"
        );
    }
    let csv = admin
        .get(&format!(
            "/dasbor/aktivitas/unduh?unit={a2}&hari=5&format=csv"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.text.lines().count() as u64,
        1 + silent_a21 + 3,
        "{}",
        csv.text
    );

    // Bad N is refused in words; a pelaksana has no such list; a kasi sees their seksi only.
    let r = admin
        .get(&format!("/dasbor/aktivitas?unit={a2}&hari=0"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("antara 1 dan 60"), "{}", r.visible());
    assert_eq!(
        p1.get("/dasbor/aktivitas").await.status,
        StatusCode::FORBIDDEN
    );
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    assert_eq!(
        kasi.get(&format!("/dasbor/aktivitas?unit={a2}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let own = kasi.get("/dasbor/aktivitas").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.visible().contains("Kabid Alpha"), "{}", own.visible());
}

/// Pages and the stylesheet are compressed for browsers that accept it (brotli first);
/// spreadsheets, already compressed, are sent as they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_and_spreadsheets_are_not() {
    let (t, _f, _year) = TestApp::with_year().await;
    let mut bupati = t.login("bupati").await;
    let plain = bupati.get("/dasbor").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get("content-encoding").is_none());
    for (accept, encoding) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let r = bupati
            .get_with("/dasbor", &[("accept-encoding", accept)])
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.headers
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some(encoding)
        );
        assert!(
            r.bytes.len() * 3 < plain.bytes.len(),
            "{encoding}: {} of {} bytes",
            r.bytes.len(),
            plain.bytes.len()
        );
    }
    let css = bupati
        .get_with("/static/app.css", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(
        css.headers
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let x = bupati
        .get_with(
            "/dasbor/unduh?format=xlsx",
            &[("accept-encoding", "br, gzip")],
        )
        .await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(x.headers.get("content-encoding").is_none());
    assert_eq!(&x.bytes[..2], b"PK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_groups_show_their_size_and_the_curve_breakers_their_rules() {
    // The default smallest group (5): Alpha's five judged results show a share, the
    // groups of one and two people show only their size.
    let (t, f, year) = TestApp::with_year().await;
    let period = dashboard_dataset(&t, &f, year).await;
    let mut admin = t.login("admin").await;
    let page = admin.get(&format!("/dasbor?periode={period}")).await;
    let h = &page.text;
    let alpha = table_row(h, "dasbor-perilaku", "Dinas Alpha");
    assert_eq!(alpha[1], "40% (2/5)", "{alpha:?}");
    assert_eq!(
        table_row(h, "dasbor-perilaku", "Dinas Beta")[1],
        "kelompok kecil (n = 2)"
    );
    assert_eq!(
        table_row(h, "dasbor-jabatan", "Dinas Alpha"),
        [
            "Dinas Alpha",
            "–",
            "kelompok kecil (n = 1)",
            "kelompok kecil (n = 2)",
            "kelompok kecil (n = 2)"
        ]
    );
    let jabatan = &h[h.find("id=\"heat-jabatan-t\"").expect("the jabatan chart")..];
    let jabatan = &jabatan[..jabatan.find("</svg>").unwrap()];
    assert!(
        !jabatan.contains(">100%<"),
        "one person is not a share: {jabatan}"
    );
    assert!(jabatan.contains(">n=1<"));
    // Charts are drawn at a phone's width.
    assert!(h.contains("viewBox=\"0 0 360 "));
    // No capaian set: no unit can break its curve yet, and none is listed.
    assert!(!h.contains("id=\"breaking-units\""));
    // Which units break their curve, and which rule, is written out. The Bupati sets
    // Dinas Alpha's capaian to Kurang: at most 10 % Sangat Baik (Alpha has 1 of 5) and
    // at least 60 % Kurang (Alpha has none).
    let alpha = org::unit_by_kode(&t.app.db, f.instansi_id, "A")
        .await
        .unwrap()
        .unwrap();
    let mut bupati = t.login("bupati").await;
    let r = bupati
        .submit(
            &format!("/penilaian/unit/{}/capaian", alpha.id),
            &[("periode", &period.to_string()), ("capaian", "kurang")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = admin.get(&format!("/dasbor?periode={period}")).await;
    let h = &page.text;
    let list = &h[h.find("id=\"breaking-units\"").expect("the list of units")..];
    let list = &list[..list.find("</ul>").unwrap()];
    let words = list.replace(['<', '>'], " ");
    assert!(list.contains("Dinas Alpha"), "{list}");
    assert_eq!(list.matches("<li>").count(), 1, "only Alpha breaks: {list}");
    assert!(
        words.contains("Sangat Baik") && words.contains("Kurang"),
        "{list}"
    );
    assert!(
        page.visible()
            .contains("1 dari 2 unit melanggar kurva distribusi"),
        "{}",
        page.visible()
    );
}

/// Two transactions that each move results of the same unit, in opposite directions and
/// interleaved, both commit: a change to an evaluation updates one row of the tallies, its
/// unit's, so the second waits for the first instead of each holding a row the other needs
/// (tallies kept per rating pair deadlocked here on PostgreSQL).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn opposite_rating_changes_in_one_unit_never_deadlock() {
    use kinerja::store::on_tx;
    let (t, f, year) = TestApp::with_year().await;
    dashboard_dataset(&t, &f, year).await;
    const SET: &str = "UPDATE evaluations SET status = 'dinilai', jenis_jabatan = 'pelaksana', \
         rating_hasil = $1, rating_perilaku = $2, predikat = $3, \
         unit_id = (SELECT MIN(unit_id) FROM evaluations WHERE instansi_id = $4) \
         WHERE instansi_id = $4 AND id = $5";
    let ids: Vec<i64> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT id FROM evaluations WHERE instansi_id = $1 ORDER BY id LIMIT 4"
    )
    .bind(f.instansi_id)
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(ids.len(), 4);
    let (x, y, z, w) = (ids[0], ids[1], ids[2], ids[3]);
    let baik = ("sesuai", "sesuai", "baik");
    let sangat_baik = ("di_atas", "di_atas", "sangat_baik");
    let butuh = ("di_bawah", "sesuai", "butuh_perbaikan");
    let baik_atas = ("di_atas", "sesuai", "baik");
    async fn set(
        tx: &mut kinerja::store::Tx,
        instansi: i64,
        id: i64,
        (h, p, pr): (&str, &str, &str),
    ) -> Result<(), sqlx::Error> {
        on_tx!(tx, |c| sqlx::query(SET)
            .bind(h)
            .bind(p)
            .bind(pr)
            .bind(instansi)
            .bind(id)
            .execute(c)
            .await
            .map(|_| ()))
    }
    let i = f.instansi_id;
    // All four in one unit; x and w start alike, y and z alike.
    let mut tx = t.app.db.begin().await.unwrap();
    for (id, s) in [(x, baik), (w, baik), (y, butuh), (z, butuh)] {
        set(&mut tx, i, id, s).await.unwrap();
    }
    tx.commit().await.unwrap();

    // A moves x up; B moves y; A moves z the way of x; B moves w the way of y.
    let mut a = t.app.db.begin().await.unwrap();
    set(&mut a, i, x, sangat_baik).await.unwrap();
    let db = t.app.db.clone();
    let b = tokio::spawn(async move {
        let mut b = db.begin().await.map_err(|e| e.to_string())?;
        set(&mut b, i, y, baik_atas)
            .await
            .map_err(|e| e.to_string())?;
        set(&mut b, i, w, baik_atas)
            .await
            .map_err(|e| e.to_string())?;
        b.commit().await.map_err(|e| e.to_string())
    });
    // Let B take what it can before A goes on.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    set(&mut a, i, z, sangat_baik)
        .await
        .expect("A's second change");
    a.commit().await.expect("A commits");
    b.await.unwrap().expect("B's changes commit");
    assert_tallies_fresh(&t.app.db).await;
}
