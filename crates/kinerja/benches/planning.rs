//! Benchmarks on the demo regency (SQLite): the monitoring page's data for the whole
//! instansi, predikat and the curve check of every unit of the instansi for last year's
//! annual period, the whole-instansi dashboard of that period (data and HTML), a plan's
//! full view (uncached), and one SKP PDF through the service.
//!
//! `cargo bench --bench planning`. Targets: monitoring < 200 ms, predikat and curves
//! < 100 ms, dashboard < 150 ms, PDF < 100 ms.

mod common;

use kinerja::demo;
use kinerja::services::accounts::{self, KIND_WEB};
use kinerja::services::{documents, penilaian, periode, referensi, skp};
use std::time::{Duration, Instant};

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (_dir, app, summary) = common::demo_app(|_| {}).await;
        let ip: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        let origin = || accounts::Origin { ip, device: None };
        let login = accounts::login(
            &app,
            demo::ADMIN_USERNAME,
            demo::DEMO_PASSWORD,
            origin(),
            KIND_WEB,
        )
        .await
        .unwrap();
        let admin = accounts::authenticate(&app, &login.token, KIND_WEB)
            .await
            .unwrap()
            .unwrap();
        let year = periode::current_year(&app, admin.instansi_id())
            .await
            .unwrap()
            .unwrap();

        let m = time("monitoring, whole instansi", 20, || async {
            skp::monitoring(&app, &admin, year.id, None, 1)
                .await
                .unwrap();
        })
        .await;
        // Last year's annual period: every employee assessed, every unit's curve checked.
        let last = kinerja::store::periode::year_by_tahun(&app.db, admin.instansi_id(), year.tahun - 1)
            .await
            .unwrap()
            .unwrap();
        let akhir = kinerja::store::periode::periods(&app.db, admin.instansi_id(), last.id)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.akhir)
            .unwrap();
        let referensi = referensi::referensi(&app, admin.instansi_id(), last.reference_version_id)
            .await
            .unwrap();
        let root = kinerja::store::org::unit_root(&app.db, admin.instansi_id())
            .await
            .unwrap();
        let all = penilaian::tallies(&app, admin.instansi_id(), &root, &akhir, &referensi)
            .await
            .unwrap();
        println!(
            "curves: {} units, {} evaluations, {} with predikat, {} units breaking their curve",
            all.len(),
            all[0].total(),
            all[0].histogram.total(),
            all.iter().filter(|u| !u.pelanggaran.is_empty()).count()
        );
        let c = time("predikat and curve check, whole instansi", 20, || async {
            penilaian::tallies(&app, admin.instansi_id(), &root, &akhir, &referensi)
                .await
                .unwrap();
        })
        .await;
        // The whole-instansi dashboard of that period, rendered to HTML.
        let d = time("dashboard page, whole instansi (data + HTML)", 20, || async {
            use askama::Template;
            let d = kinerja::services::dasbor::dashboard(&app, &admin, None, Some(akhir.id))
                .await
                .unwrap();
            let page = kinerja::http::web::dasbor::DashboardPage {
                ctx: kinerja::http::web::views::Ctx::new(
                    kinerja::i18n::Lang::Id,
                    Some(&admin),
                    "/dasbor",
                    "dasbor",
                ),
                d,
                min_group: 5,
            };
            assert!(page.render().unwrap().len() > 10_000);
        })
        .await;
        // The national-style recap of that period for the whole instansi, as a workbook.
        let recap = kinerja::services::laporan::subject(
            &app,
            &admin,
            kinerja::services::laporan::Jenis::Rekap,
            &kinerja::services::laporan::Params {
                periode: Some(akhir.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let expected = kinerja::services::laporan::count(&app, &recap).await.unwrap();
        let src = kinerja::http::web::laporan::ReportRows {
            app: app.clone(),
            ctx: kinerja::http::web::views::Ctx::new(
                kinerja::i18n::Lang::Id,
                Some(&admin),
                "/laporan",
                "laporan",
            ),
            subject: recap,
        };
        let x = time("recap XLSX, whole instansi (streamed)", 5, || async {
            let tmp = tempfile::tempfile().unwrap();
            let (file, rows) = kinerja::http::web::laporan::write_xlsx(&src, tmp).await.unwrap();
            assert_eq!(rows as i64, expected);
            assert!(file.metadata().unwrap().len() > 100_000);
        })
        .await;
        println!("recap: {expected} rows");
        let pelaksana = summary
            .accounts
            .iter()
            .find(|a| a.role == "Pelaksana")
            .unwrap()
            .username
            .clone();
        let login = accounts::login(&app, &pelaksana, demo::DEMO_PASSWORD, origin(), KIND_WEB)
            .await
            .unwrap();
        let me = accounts::authenticate(&app, &login.token, KIND_WEB)
            .await
            .unwrap()
            .unwrap();
        let plans = skp::plans_of(&app, &me, me.session.employee_id.unwrap(), year.id)
            .await
            .unwrap();
        let skp_id = plans[0].id;
        time("plan view, uncached", 50, || async {
            skp::plan_view(&app, &me, skp_id).await.unwrap();
        })
        .await;
        // The renderer loads its fonts once per process.
        let t = Instant::now();
        documents::skp_pdf(&app, &me, skp_id).await.unwrap();
        println!(
            "first SKP PDF (fonts loaded): {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        let p = time("SKP PDF through the service", 20, || async {
            documents::skp_pdf(&app, &me, skp_id).await.unwrap();
        })
        .await;
        println!(
            "targets: monitoring {} (< 200 ms), curves {} (< 100 ms), dashboard {} (< 150 ms), PDF {} (< 100 ms), recap XLSX {} (< 2 s)",
            if m < Duration::from_millis(200) {
                "met"
            } else {
                "MISSED"
            },
            if c < Duration::from_millis(100) {
                "met"
            } else {
                "MISSED"
            },
            if d < Duration::from_millis(150) {
                "met"
            } else {
                "MISSED"
            },
            if p < Duration::from_millis(100) {
                "met"
            } else {
                "MISSED"
            },
            if x < Duration::from_secs(2) {
                "met"
            } else {
                "MISSED"
            }
        );
    });
}

async fn time<F, Fut>(what: &str, n: u32, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    f().await;
    let t = Instant::now();
    for _ in 0..n {
        f().await;
    }
    let mean = t.elapsed() / n;
    println!(
        "{what}: {:.1} ms mean over {n}",
        mean.as_secs_f64() * 1000.0
    );
    mean
}
