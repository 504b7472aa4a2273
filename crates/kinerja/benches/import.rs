//! Import benchmark: the demo regency's ~15,000 employees into a fresh SQLite database
//! (and PostgreSQL when `KINERJA_BENCH_PG_URL` names an empty database).
//!
//! `cargo bench --bench import`. Target: under 5 s on SQLite on a 2-core machine.

use kinerja::Config;
use kinerja::demo;
use kinerja::services::audit::Who;
use kinerja::services::import;
use std::time::Instant;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        run("SQLite", &url, dir.path()).await;
        if let Ok(pg) = std::env::var("KINERJA_BENCH_PG_URL") {
            run("PostgreSQL", &pg, dir.path()).await;
        }
    });
}

async fn run(engine: &str, url: &str, data: &std::path::Path) {
    let cfg = Config {
        database_url: url.to_string(),
        data_dir: data.to_path_buf(),
        audit_key: Some("bench-audit-key-0123456789-abcdefghij".into()),
        ..Config::default()
    };
    let app = kinerja::services::start(cfg).await.unwrap();
    let today = app.today();
    let (units, employees) = demo::demo_files(2026, today);
    let rows = employees.lines().count() - 1;
    let who = Who::system("bench");
    let instansi = kinerja::cli::create_instansi(
        &app,
        "18.03",
        "Pemerintah Kabupaten Lampung Utara",
        "Kotabumi",
        "Bupati Lampung Utara",
        Some("Bupati"),
    )
    .await
    .unwrap();
    let r = import::import_units(&app, instansi, &who, units.as_bytes(), false)
        .await
        .unwrap();
    assert!(r.ok());
    let t = Instant::now();
    let r = import::import_employees(&app, instansi, &who, employees.as_bytes(), true)
        .await
        .unwrap();
    assert!(r.ok());
    let dry = t.elapsed();
    let t = Instant::now();
    let r = import::import_employees(&app, instansi, &who, employees.as_bytes(), false)
        .await
        .unwrap();
    assert!(r.ok() && r.created == rows, "{:?}", r.errors.first());
    let first = t.elapsed();
    let t = Instant::now();
    let r = import::import_employees(&app, instansi, &who, employees.as_bytes(), false)
        .await
        .unwrap();
    assert_eq!(r.unchanged, rows);
    let again = t.elapsed();
    println!(
        "import {engine}: {rows} employees — dry run {:.2} s, first import {:.2} s, re-import (no change) {:.2} s",
        dry.as_secs_f64(),
        first.as_secs_f64(),
        again.as_secs_f64()
    );
    app.db.close().await;
}
