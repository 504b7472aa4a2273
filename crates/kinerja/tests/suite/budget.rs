//! What the hot pages cost: statements sent to the database per request, counted by the
//! server itself (`x-kinerja-queries`). A count, not a time: it does not depend on the
//! machine, and it must not grow with the data.

use crate::common::*;
use reqwest::StatusCode;

async fn cost(c: &mut Client, path: &str) -> u32 {
    let r = c.get(path).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.visible());
    r.queries()
}

/// Each hot page with the most statements it may send, whatever the data size. The plan
/// page: the session with its rights, the plan with owner, year, last answer and what a
/// cached page depends on, the penilai's chain, the penilai and atasan, the rows with their
/// indicators, the lampiran and expectations.
const BUDGETS: &[(&str, u32)] = &[
    ("plan (owner)", 6),
    ("plan (penilai)", 6),
    ("plan (supervisor's own)", 9),
    ("evaluation (owner)", 14),
    ("evaluation (penilai)", 14),
    ("home (pelaksana)", 15),
    ("home (kasi)", 22),
    ("home (bupati)", 23),
    ("home (admin)", 6),
    ("approval queue", 8),
    ("evaluation list (kasi)", 13),
    ("plans (owner)", 5),
];

async fn measure(
    cs: &mut [Client; 4],
    skp: i64,
    kasi_skp: i64,
    ev: i64,
) -> Vec<(&'static str, u32)> {
    let mut out = Vec::new();
    for (what, who, path) in [
        ("plan (owner)", 0, format!("/skp/{skp}")),
        ("plan (penilai)", 1, format!("/skp/{skp}")),
        ("plan (supervisor's own)", 1, format!("/skp/{kasi_skp}")),
        ("evaluation (owner)", 0, format!("/penilaian/{ev}")),
        ("evaluation (penilai)", 1, format!("/penilaian/{ev}")),
        ("home (pelaksana)", 0, "/".to_string()),
        ("home (kasi)", 1, "/".to_string()),
        ("home (bupati)", 2, "/".to_string()),
        ("home (admin)", 3, "/".to_string()),
        ("approval queue", 1, "/persetujuan".to_string()),
        ("evaluation list (kasi)", 1, "/penilaian".to_string()),
        ("plans (owner)", 0, "/skp".to_string()),
    ] {
        out.push((what, cost(&mut cs[who], &path).await));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hot_pages_cost_a_fixed_handful_of_queries_whatever_the_data() {
    let (t, f, year) = TestApp::with_year().await;
    let (kasi, mut p1, skp) = approved_plan(&t, year).await;
    let kasi_skp = kinerja::store::skp::skps_of(&t.app.db, f.instansi_id, f.id("kasi_a"), year)
        .await
        .unwrap()[0]
        .id;
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let mut cs = [p1, kasi, t.login("bupati").await, t.login("admin").await];
    // Every page is built once first: the counts below are what a second visit costs
    // without the plan cache (a plan page is measured on its first build).
    let first = measure(&mut cs, skp, kasi_skp, ev).await;
    for (what, n) in &first {
        let budget = BUDGETS.iter().find(|(w, _)| w == what).unwrap().1;
        assert!(
            *n <= budget,
            "{what}: {n} statements, budget {budget}: {first:?}"
        );
    }

    // A cached plan costs the session and its stamp.
    assert_eq!(cost(&mut cs[0], &format!("/skp/{skp}")).await, 2);

    // More data: a colleague's plan with three results linked to the supervisor's plan.
    // No count may grow.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    let skp2 = p2.create_plan(year, "kosong").await;
    let k_rhk = one_id(
        &t,
        "SELECT MIN(id) FROM skp_rhk WHERE skp_id = $1",
        kasi_skp,
    )
    .await;
    for i in 0..3 {
        p2.add_rhk(skp2, "utama", &format!("Hasil tambahan {i}"), Some(k_rhk))
            .await;
    }
    let second = measure(&mut cs, skp, kasi_skp, ev).await;
    for ((what, a), (_, b)) in first.iter().zip(&second) {
        assert!(b <= a, "{what}: {a} statements, then {b} with more data");
    }
}
