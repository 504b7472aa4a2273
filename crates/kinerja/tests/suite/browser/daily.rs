//! The daily log on a 360 px phone: a guru logs three activities (one with a photo as
//! evidence, one by "salin kemarin"), the kepala sekolah acknowledges the week, the guru's
//! realisasi of the period is pre-filled from that activity and confirmed, and the log
//! downloads in e-Kinerja's columns.

use super::*;

/// The narrowest phone the pages must serve.
const PHONE_360: (u32, u32) = (360, 800);

impl Browser {
    /// Fails when the page is wider than the phone.
    async fn fits(&self, page: &str) {
        self.fits_within(PHONE_360.0, page).await;
    }

    async fn open(&self, base: &str, path: &str) {
        self.d().goto(format!("{base}{path}")).await.unwrap();
    }
}

async fn scalar(t: &TestApp, sql: &'static str, arg: i64) -> i64 {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, i64>(sql)
        .bind(arg)
        .fetch_one(c)
        .await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guru_logs_activities_on_a_phone_and_they_become_the_realisasi() {
    let (t, f, year) = TestApp::with_year().await;
    school(&t, &f).await;
    let (_head, mut guru_http, skp) = approved_plan_of(&t, year, KEPALA_SEKOLAH, GURU).await;
    let (period, ra) = rencana_aksi_now(&t, &mut guru_http, skp).await;
    let guru = kinerja::store::org::employee_by_nip(&t.app.db, f.instansi_id, GURU)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (mulai, kode) = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_as::<
        _,
        (chrono::NaiveDate, String),
    >(
        "SELECT mulai, kode FROM periods WHERE id = $1"
    )
    .bind(period)
    .fetch_one(c)
    .await)
    .unwrap();
    let today = t.app.today();
    // An earlier day of the same period for "salin kemarin" to copy from: Monday of this
    // week, else yesterday; none on the period's first day.
    let earlier = [
        kinerja_domain::progres::monday_of(today),
        today.pred_opt().unwrap(),
    ]
    .into_iter()
    .find(|d| *d < today && *d >= mulai);
    let downloads = tempfile::tempdir().unwrap();
    let uploads = tempfile::tempdir().unwrap();
    let photo = uploads.path().join("papan-tulis.png");
    std::fs::write(
        &photo,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0",
    )
    .unwrap();

    let Some(g) =
        Browser::start_with_downloads(PHONE_360.0, PHONE_360.1, Some(downloads.path())).await
    else {
        return;
    };
    g.login(&t.base, GURU, PASSWORD).await;
    g.d().query(By::Id("chain-h")).first().await.unwrap();
    g.fits("the home page").await;
    for (path, page) in [
        (
            format!("/skp/{skp}/rencana-aksi?periode={period}"),
            "the rencana aksi",
        ),
        ("/progres/impor".to_string(), "the log import"),
    ] {
        g.open(&t.base, &path).await;
        g.d().query(By::Tag("h1")).first().await.unwrap();
        g.fits(page).await;
    }

    // A routine entry: the form holds today's defaults (the day shown, the time after the
    // day's last entry, the last rencana aksi, realisasi 1), so it is the kegiatan and
    // Simpan. Every tap is counted.
    let first_day = earlier.unwrap_or(today);
    g.open(&t.base, &format!("/progres?tanggal={first_day}"))
        .await;
    g.fits("the daily log").await;
    let mut taps = 0;
    let kegiatan = g.d().query(By::Id("kegiatan")).first().await.unwrap();
    kegiatan.click().await.unwrap();
    taps += 1;
    kegiatan
        .send_keys("Mengajar matematika kelas 4A: pecahan")
        .await
        .unwrap();
    g.click_and_wait(By::Id("simpan")).await;
    taps += 1;
    assert!(taps <= 3, "a routine entry took {taps} taps");
    assert_eq!(g.text_of("pesan").await, "Kegiatan dicatat.");
    assert!(
        g.text_of("hari")
            .await
            .contains("Mengajar matematika kelas 4A")
    );

    // Today: "salin kemarin" brings that day's activity over in one tap.
    let mut expected = 1;
    if earlier.is_some() {
        g.open(&t.base, "/progres").await;
        g.click_and_wait(By::Css("#salin-kemarin button")).await;
        assert!(g.text_of("pesan").await.contains("1 kegiatan disalin"));
        assert!(
            g.text_of("hari")
                .await
                .contains("Mengajar matematika kelas 4A")
        );
        expected += 1;
    }

    // A photo of the blackboard as evidence of today's second activity.
    g.open(&t.base, "/progres").await;
    let kegiatan = g.d().query(By::Id("kegiatan")).first().await.unwrap();
    kegiatan.click().await.unwrap();
    kegiatan
        .send_keys("Membuat media ajar pecahan")
        .await
        .unwrap();
    g.click(By::Css("#form-progres details summary")).await;
    g.d()
        .find(By::Id("berkas"))
        .await
        .unwrap()
        .send_keys(photo.display().to_string())
        .await
        .unwrap();
    g.click_and_wait(By::Id("simpan")).await;
    expected += 1;
    assert_eq!(g.text_of("pesan").await, "Kegiatan dicatat.");
    g.d()
        .query(By::PartialLinkText("papan-tulis"))
        .first()
        .await
        .unwrap();
    g.fits("the daily log with entries").await;
    assert_eq!(
        scalar(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1",
            guru
        )
        .await,
        expected
    );
    assert_eq!(
        scalar(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1 AND file_sha256 IS NOT NULL",
            guru
        )
        .await,
        1
    );

    // The kepala sekolah, on a phone too, acknowledges the guru's week from the team view
    // (and the week before when the earlier day lies there).
    let Some(h) = Browser::start(PHONE_360.0, PHONE_360.1).await else {
        return;
    };
    h.login(&t.base, KEPALA_SEKOLAH, PASSWORD).await;
    h.d().query(By::Id("chain-h")).first().await.unwrap();
    let mut weeks = vec![kinerja_domain::progres::monday_of(today)];
    if let Some(d) = earlier
        && !weeks.contains(&kinerja_domain::progres::monday_of(d))
    {
        weeks.push(kinerja_domain::progres::monday_of(d));
    }
    for monday in weeks {
        h.open(
            &t.base,
            &format!("/progres/tim?tanggal={monday}&mode=minggu"),
        )
        .await;
        h.fits("the team week").await;
        h.click(By::Css(format!("#d-{guru} summary"))).await;
        h.click_and_wait(By::Css(format!(
            "#d-{guru} button[name=pengakuan][value=disetujui]"
        )))
        .await;
        assert_eq!(h.text_of("pesan").await, "Pengakuan disimpan.");
    }
    assert_eq!(
        scalar(
            &t,
            "SELECT COUNT(*) FROM progres_entries WHERE employee_id = $1 AND pengakuan = 'disetujui'",
            guru
        )
        .await,
        expected
    );
    // Their school's dashboard with its activity coverage, and who has logged nothing.
    h.open(&t.base, "/dasbor").await;
    h.d().query(By::Id("aktivitas")).first().await.unwrap();
    h.fits("the dashboard").await;
    h.click_and_wait(By::Id("silent-link")).await;
    h.d().query(By::Id("silent-form")).first().await.unwrap();
    h.fits("the silent list").await;
    h.stop().await;

    // At period end the guru opens the period: the indicator's realisasi is pre-filled with
    // the counted activity (one kegiatan each, in the indicator's satuan), and confirmed.
    g.open(&t.base, "/penilaian").await;
    g.fits("the evaluation list").await;
    g.click_and_wait(By::Id(format!("buka-{kode}"))).await;
    let ev: i64 = g
        .d()
        .current_url()
        .await
        .unwrap()
        .path()
        .trim_start_matches("/penilaian/")
        .parse()
        .unwrap();
    let ind = scalar(
        &t,
        "SELECT indikator_id FROM rencana_aksi WHERE id = $1",
        ra,
    )
    .await;
    g.d()
        .query(By::Id(format!("prefill-{ind}")))
        .first()
        .await
        .unwrap();
    let field = g.d().find(By::Id(format!("nilai_{ind}"))).await.unwrap();
    assert_eq!(
        field.value().await.unwrap().as_deref(),
        Some(expected.to_string().as_str())
    );
    g.fits("the evaluation page").await;
    g.click_and_wait(By::Css("button[name=simpan]")).await;
    let saved: f64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, f64>(
        "SELECT nilai FROM evaluation_realisasi WHERE evaluation_id = $1 AND indikator_id = $2"
    )
    .bind(ev)
    .bind(ind)
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(saved, expected as f64);

    // The log downloads in e-Kinerja's columns, one row per activity.
    g.open(&t.base, "/progres").await;
    g.click(By::Id("unduh-xlsx")).await;
    let path = Browser::downloaded(downloads.path(), "xlsx").await;
    let rows = sheet_rows(&std::fs::read(&path).unwrap(), "Progres Harian");
    assert_eq!(rows[0][0], "NIP");
    assert_eq!(rows.len() as i64, 1 + expected, "{rows:?}");
    assert!(rows[1..].iter().all(|r| r[0] == GURU), "{rows:?}");
    g.stop().await;
}
