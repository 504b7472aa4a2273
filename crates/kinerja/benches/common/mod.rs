//! What the benchmarks on the demo regency share: a fresh SQLite database in a temporary
//! directory with the demo loaded (cheap password hashing, a fixed audit key).

use kinerja::{App, Config};
use std::time::Instant;

/// The application over a fresh demo database; keep the directory alive as long as the app.
pub async fn demo_app(
    tweak: impl FnOnce(&mut Config),
) -> (tempfile::TempDir, App, kinerja::demo::DemoSummary) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = Config {
        database_url: format!("sqlite://{}", dir.path().join("bench.db").display()),
        data_dir: dir.path().to_path_buf(),
        audit_key: Some("bench-audit-key-0123456789-abcdefghij".into()),
        argon2_m_cost: 1024,
        argon2_t_cost: 1,
        ..Config::default()
    };
    tweak(&mut cfg);
    let app = kinerja::services::start(cfg).await.unwrap();
    let t = Instant::now();
    let summary = kinerja::demo::load(&app, 2026).await.unwrap();
    println!(
        "demo: {} employees, {} plans, {} log entries loaded in {:.1} s",
        summary.employees,
        summary.plans.plans,
        summary.progres.entries,
        t.elapsed().as_secs_f64()
    );
    (dir, app, summary)
}
