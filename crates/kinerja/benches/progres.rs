//! Benchmarks of daily work on the demo regency (SQLite), through a real server on
//! loopback in the same process:
//! - posting an entry with its audit event through the API at 64 connections, 64 distinct
//!   employees (target ≥ 500 entries/s);
//! - the team-week page of a head rating about 30 people (target < 20 ms);
//! - one employee's quarter export as XLSX (target < 50 ms);
//! - the whole regency's quarter export, CSV streamed and XLSX, and the peak memory the
//!   server reaches meanwhile (target < 10 s each, memory independent of the row count).
//!
//! `cargo bench -p kinerja --bench progres`. The client shares the machine's cores with the
//! server, so the posting rate is a lower bound.

mod common;

use kinerja::demo;
use kinerja::services::accounts::{self, KIND_WEB};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const POSTERS: usize = 64;
const POST_SECONDS: u64 = 10;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

/// A memory figure of this process from /proc/self/status (`VmHWM`: the peak since the
/// last reset; `VmRSS`: now), in MiB (Linux).
fn memory_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Starts the peak-memory count afresh (writing 5 to clear_refs resets VmHWM).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

async fn run() {
    let (_dir, app, _) = common::demo_app(|c| c.login_per_minute = 100_000).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(kinerja::http::serve(app.clone(), listener));
    let instansi = kinerja::store::org::instansi_list(&app.db).await.unwrap()[0].id;
    let today = app.today();
    let period = kinerja::services::periode::period_of_day(&app, instansi, today)
        .await
        .unwrap()
        .expect("a period in progress");
    let web = |username: String| {
        let app = app.clone();
        async move {
            let ip: std::net::IpAddr = "127.0.0.1".parse().unwrap();
            let login = accounts::login(
                &app,
                &username,
                demo::DEMO_PASSWORD,
                accounts::Origin { ip, device: None },
                KIND_WEB,
            )
            .await
            .unwrap();
            format!("{}={}", kinerja::http::cookies::SESSION_COOKIE, login.token)
        }
    };
    let http = reqwest::Client::new();
    let get = |cookie: String, url: String| {
        let http = http.clone();
        async move {
            let res = http
                .get(url)
                .header(reqwest::header::COOKIE, cookie)
                .send()
                .await
                .unwrap();
            assert!(res.status().is_success(), "{}", res.status());
            res
        }
    };

    // Posting: 64 employees with a rencana aksi in the period, each on its own connection.
    let posters: Vec<(String, i64)> = kinerja::store::on_db!(&app.db, |c| sqlx::query_as(
        "SELECT e.nip, MIN(r.id) FROM rencana_aksi r JOIN skps s ON s.id = r.skp_id \
         JOIN employees e ON e.id = s.employee_id \
         WHERE r.instansi_id = $1 AND r.period_id = $2 AND r.aktif AND e.nip IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM evaluations v WHERE v.skp_id = s.id AND v.period_id = $2 \
           AND v.status IN ('dinilai', 'ditetapkan', 'keberatan', 'diputuskan')) \
         GROUP BY e.nip ORDER BY e.nip LIMIT 64"
    )
    .bind(instansi)
    .bind(period.id)
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(posters.len(), POSTERS);
    let mut tokens = Vec::new();
    for (nip, _) in &posters {
        let v: serde_json::Value = http
            .post(format!("{base}/api/v1/auth/token"))
            .json(&serde_json::json!({"username": nip, "password": demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(v["token"].as_str().expect("a token").to_string());
    }
    let posted = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(POST_SECONDS);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for ((_, ra), token) in posters.iter().zip(tokens) {
        let (ra, base, posted, refused) = (*ra, base.clone(), posted.clone(), refused.clone());
        tasks.push(tokio::spawn(async move {
            // One client each: its own connection, kept alive.
            let c = reqwest::Client::new();
            let mut i = 0u32;
            while Instant::now() < deadline {
                i += 1;
                let res = c
                    .post(format!("{base}/api/v1/progres"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({
                        "tanggal": today, "jam_mulai": "08:00", "jam_selesai": "09:00",
                        "kegiatan": format!("Kegiatan uji beban {i}"), "rencana_aksi_id": ra,
                        "realisasi": 1
                    }))
                    .send()
                    .await
                    .unwrap();
                if res.status() == reqwest::StatusCode::CREATED {
                    posted.fetch_add(1, Ordering::Relaxed);
                } else {
                    refused.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = posted.load(Ordering::Relaxed) as f64 / secs;
    println!(
        "posting: {} entries with their audit events in {secs:.1} s at {POSTERS} connections = {rate:.0} entries/s ({} refused)",
        posted.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed)
    );

    // A head rating about 30 people: the head of a unit without sub-units whose members
    // number 25 to 40.
    let (head_nip, member): (String, i64) = kinerja::store::on_db!(&app.db, |c| {
        sqlx::query_as(
        "SELECT h.nip, (SELECT MIN(e.id) FROM employees e JOIN positions q ON q.id = e.position_id \
           WHERE q.unit_id = u.id AND NOT q.is_head AND e.aktif) \
         FROM units u JOIN positions hp ON hp.unit_id = u.id AND hp.is_head \
         JOIN employees h ON h.position_id = hp.id AND h.aktif \
         WHERE u.instansi_id = $1 AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id) \
         AND (SELECT COUNT(*) FROM employees e JOIN positions q ON q.id = e.position_id \
              WHERE q.unit_id = u.id AND NOT q.is_head AND e.aktif) BETWEEN 25 AND 40 \
         ORDER BY u.id LIMIT 1"
    )
    .bind(instansi)
    .fetch_one(c)
    .await
    })
    .unwrap();
    let head = web(head_nip).await;
    let week_url = format!("{base}/progres/tim?tanggal={today}&mode=minggu");
    let page = get(head.clone(), week_url.clone())
        .await
        .text()
        .await
        .unwrap();
    let people = page.matches("<tr id=\"p-").count();
    let team = time(&format!("team week page, {people} people"), 50, || {
        get(head.clone(), week_url.clone())
    })
    .await;

    // One employee's quarter, as their head downloads it.
    let one_url = format!(
        "{base}/progres/unduh?format=xlsx&pegawai={member}&periode={}",
        period.id
    );
    let bytes = get(head.clone(), one_url.clone())
        .await
        .bytes()
        .await
        .unwrap();
    println!("one employee's quarter: {} bytes of XLSX", bytes.len());
    let one = time("one employee's quarter export (XLSX)", 50, || async {
        get(head.clone(), one_url.clone())
            .await
            .bytes()
            .await
            .unwrap();
    })
    .await;

    // The whole regency's quarter, as the admin BKPSDM downloads it, body read as it comes.
    let admin = web(demo::ADMIN_USERNAME.to_string()).await;
    let root = kinerja::store::org::unit_root(&app.db, instansi)
        .await
        .unwrap();
    let mut regency = Vec::new();
    for format in ["csv", "xlsx"] {
        let url = format!(
            "{base}/progres/unduh?format={format}&unit={}&periode={}",
            root.id, period.id
        );
        let before = memory_mib("VmRSS:");
        reset_peak();
        let t = Instant::now();
        let mut res = get(admin.clone(), url).await;
        let mut size = 0usize;
        let mut first = None;
        while let Some(chunk) = res.chunk().await.unwrap() {
            first.get_or_insert_with(|| t.elapsed());
            size += chunk.len();
        }
        let took = t.elapsed();
        let peak = memory_mib("VmHWM:");
        println!(
            "regency quarter export ({format}): {:.1} MiB in {:.2} s (first bytes after {:.0} ms); memory {before:.0} MiB before, peak {peak:.0} MiB",
            size as f64 / 1_048_576.0,
            took.as_secs_f64(),
            first.unwrap_or_default().as_secs_f64() * 1000.0,
        );
        regency.push(took);
    }
    println!(
        "targets: posting {} (>= 500/s), team week {} (< 20 ms), one export {} (< 50 ms), regency CSV {} and XLSX {} (< 10 s)",
        verdict(rate >= 500.0),
        verdict(team < Duration::from_millis(20)),
        verdict(one < Duration::from_millis(50)),
        verdict(regency[0] < Duration::from_secs(10)),
        verdict(regency[1] < Duration::from_secs(10)),
    );
}

async fn time<F, Fut, T>(what: &str, n: u32, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    f().await;
    let mut all = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        f().await;
        all.push(t.elapsed());
    }
    all.sort();
    let mean = all.iter().sum::<Duration>() / n;
    println!(
        "{what}: {:.1} ms mean, {:.1} ms median, {:.1} ms max over {n}",
        mean.as_secs_f64() * 1000.0,
        all[all.len() / 2].as_secs_f64() * 1000.0,
        all[all.len() - 1].as_secs_f64() * 1000.0,
    );
    mean
}
