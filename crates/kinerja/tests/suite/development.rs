//! Development needs against a hand-written period: which groups are repeatedly rated low,
//! what the catalogue suggests, the plan built from a finding and its export, the
//! catalogue form, and who may see or change which.

use crate::common::*;
use reqwest::StatusCode;

struct Data {
    t: TestApp,
    f: Fixture,
    period: i64,
    beta: i64,
}

/// This year's annual results: Berorientasi Pelayanan rated low for p1, p2 and p3 (three
/// of Dinas Alpha's six results, three of the five pelaksana); p2's results low too.
async fn dataset() -> Data {
    let (t, f, year) = TestApp::with_year().await;
    let period = annual_results(
        &t,
        &f,
        year,
        "kasi_a",
        &[
            ("p1", "sesuai", "sesuai", ""),
            ("p2", "di_bawah", "sesuai", "Perlu pendampingan pelayanan"),
            ("p3", "sesuai", "sesuai", ""),
            ("kasi_a", "sesuai", "sesuai", ""),
            ("kasi_b1", "di_atas", "sesuai", ""),
            ("admin_a", "sesuai", "sesuai", ""),
            ("q1", "sesuai", "sesuai", ""),
            ("kadis_b", "sesuai", "sesuai", ""),
        ],
    )
    .await;
    let app = &t.app;
    let ids: Vec<(String, i64)> = {
        let mut v = Vec::new();
        for who in [
            "p1", "p2", "p3", "kasi_a", "kasi_b1", "admin_a", "q1", "kadis_b",
        ] {
            let ev: i64 = kinerja::store::on_db!(&app.db, |c| sqlx::query_scalar(
                "SELECT id FROM evaluations WHERE employee_id = $1 AND period_id = $2"
            )
            .bind(f.id(who))
            .bind(period)
            .fetch_one(c)
            .await)
            .unwrap();
            v.push((who.to_string(), ev));
        }
        v
    };
    let mut items: Vec<kinerja::store::penilaian::ItemSeed> = Vec::new();
    for (who, ev) in &ids {
        for k in 1..=7 {
            let low = k == 1 && ["p1", "p2", "p3"].contains(&who.as_str());
            items.push((
                f.instansi_id,
                *ev,
                "perilaku",
                k,
                None,
                String::new(),
                Some(if low { "di_bawah" } else { "sesuai" }),
                if low {
                    format!("Layanan tamu {who} perlu lebih ramah")
                } else {
                    String::new()
                },
            ));
        }
    }
    let mut tx = app.db.begin().await.unwrap();
    kinerja::store::penilaian::items_insert_many(&mut tx, &items)
        .await
        .unwrap();
    kinerja::store::penilaian::refresh_perilaku_bawah(&mut tx, f.instansi_id, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let beta = f.unit(&t, "B").await;
    Data { t, f, period, beta }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn findings_match_the_hand_computed_period() {
    let d = dataset().await;
    let mut admin = d.t.login("admin").await;
    let page = admin
        .get(&format!("/pengembangan?periode={}", d.period))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    let h = &page.text;
    assert_eq!(
        table_row(h, "by-unit", "Dinas Alpha"),
        [
            "Dinas Alpha",
            "Berorientasi Pelayanan",
            "50% (3/6)",
            "E-learning Budaya Melayani",
            "Lihat pegawai"
        ]
    );
    assert!(
        !h.split("id=\"by-unit\"")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap()
            .contains("Dinas Beta")
    );
    // Pelaksana: p1, p2, p3 of five (with admin_a and q1). The unit-bound entries of the
    // catalogue come after the general one.
    let row = table_row(h, "by-jabatan", "Pelaksana");
    assert_eq!(row[1..3], ["Berorientasi Pelayanan", "60% (3/5)"]);
    assert!(
        row[3].starts_with("E-learning Budaya Melayani; "),
        "{row:?}"
    );
    // Every unit is an office here: one group of eight results.
    assert_eq!(
        table_row(h, "by-kind", "Perangkat Daerah")[1..3],
        ["Berorientasi Pelayanan", "37% (3/8)"]
    );
    // p2's low results alone are not a pattern.
    assert!(
        !page.visible().contains("Hasil kerja"),
        "{}",
        page.visible()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finding_becomes_a_plan_that_can_be_exported_and_edited() {
    let d = dataset().await;
    let mut admin = d.t.login("admin").await;
    let alpha = d.f.unit(&d.t, "A").await;
    let finding = format!(
        "/pengembangan/temuan?periode={}&kelompok=unit-{alpha}&sasaran=perilaku-1",
        d.period
    );
    let page = admin.get(&finding).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    for who in ["p1", "p2", "p3"] {
        let row = table_row(&page.text, "finding-people", Fixture::nip(who));
        assert!(
            row[4].contains(&format!("Layanan tamu {who} perlu lebih ramah")),
            "{row:?}"
        );
    }
    assert!(!page.text.contains(Fixture::nip("kasi_a")));
    // The suiting entry is marked and offered first.
    let select = page.text.split("id=\"katalog_id\"").nth(1).unwrap();
    let first = select.split("<option").nth(1).unwrap();
    assert!(first.contains("★ PP-03"), "{first}");
    let katalog_id: String = first
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();

    let form = |k: &str| {
        vec![
            ("periode".to_string(), d.period.to_string()),
            ("kelompok".to_string(), format!("unit-{alpha}")),
            ("sasaran".to_string(), "perilaku-1".to_string()),
            ("katalog_id".to_string(), k.to_string()),
        ]
    };
    // An unknown entry is refused with a message, nothing planned.
    let r = admin
        .submit_owned("/pengembangan/temuan", form("999999"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible()
            .contains("Pilih pengembangan yang ada dan aktif")
    );
    let r = admin
        .submit_owned("/pengembangan/temuan", form(&katalog_id))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let plan = admin.get(r.location.as_deref().unwrap()).await;
    assert!(
        plan.visible().contains("3 pegawai ditambahkan"),
        "{}",
        plan.visible()
    );
    // Twice is not double.
    let r = admin
        .submit_owned("/pengembangan/temuan", form(&katalog_id))
        .await;
    let again = admin.get(r.location.as_deref().unwrap()).await;
    assert!(again.visible().contains("0 pegawai ditambahkan"));
    assert!(
        again.visible().contains("3 pegawai."),
        "{}",
        again.visible()
    );
    let row = table_row(&again.text, "laporan-table", Fixture::nip("p2"));
    assert_eq!(
        row[5..11],
        [
            "PP-03",
            "E-learning Budaya Melayani",
            "E-learning",
            "8",
            "BKPSDM",
            "Berorientasi Pelayanan"
        ]
    );
    let x = admin
        .get(&format!(
            "/laporan/rencana-pengembangan/unduh?periode={}&format=xlsx",
            d.period
        ))
        .await;
    let sheet = sheet_rows(&x.bytes, "Rencana pengembangan");
    assert_eq!(sheet.len(), 4);
    assert_eq!(sheet[1][8], "8", "JP is a number");
    // Taking p2 off the plan.
    let id: String = again
        .text
        .split("/laporan/rencana-pengembangan/")
        .filter_map(|s| s.split("/hapus").next())
        .find(|s| s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty())
        .unwrap()
        .to_string();
    let r = admin
        .submit_owned(
            &format!("/laporan/rencana-pengembangan/{id}/hapus"),
            vec![("periode".to_string(), d.period.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = admin.get(r.location.as_deref().unwrap()).await;
    assert!(
        after.visible().contains("2 pegawai."),
        "{}",
        after.visible()
    );
    // The finding shows who is already planned.
    let page = admin.get(&finding).await;
    let planned = page
        .text
        .split("id=\"finding-people\"")
        .nth(1)
        .unwrap()
        .matches("1 pengembangan")
        .count();
    assert_eq!(planned, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_may_see_and_plan() {
    let d = dataset().await;
    let finding_beta = format!(
        "/pengembangan/temuan?periode={}&kelompok=unit-{}&sasaran=perilaku-1",
        d.period, d.beta
    );
    let plan_beta = vec![
        ("periode".to_string(), d.period.to_string()),
        ("kelompok".to_string(), format!("unit-{}", d.beta)),
        ("sasaran".to_string(), "perilaku-1".to_string()),
        ("katalog_id".to_string(), "1".to_string()),
    ];
    // The OPD admin of Alpha: their OPD only, by any URL.
    let mut opd = d.t.login(Fixture::nip("admin_a")).await;
    let page = opd
        .get(&format!("/pengembangan?periode={}", d.period))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.visible()
            .contains("Kebutuhan pengembangan · Dinas Alpha")
    );
    assert_eq!(opd.get(&finding_beta).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        opd.get(&format!(
            "/pengembangan?unit={}&periode={}",
            d.beta, d.period
        ))
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // Asking with the instansi as scope and Beta as the group is refused too.
    let r = opd
        .submit_owned("/pengembangan/temuan", plan_beta.clone())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The Bupati reads everything but plans nothing; a kasi reads their unit only.
    let mut bupati = d.t.login("bupati").await;
    assert_eq!(bupati.get(&finding_beta).await.status, StatusCode::OK);
    let page = bupati.get(&finding_beta).await;
    assert!(!page.text.contains("id=\"plan-form\""));
    let r = bupati
        .submit_owned("/pengembangan/temuan", plan_beta.clone())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut kasi = d.t.login(Fixture::nip("kasi_a")).await;
    assert_eq!(
        kasi.get(&format!("/pengembangan?periode={}", d.period))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(kasi.get(&finding_beta).await.status, StatusCode::FORBIDDEN);
    // A pelaksana has no development pages.
    let mut p1 = d.t.login(Fixture::nip("p1")).await;
    for path in [
        "/pengembangan",
        "/pengembangan/katalog",
        finding_beta.as_str(),
    ] {
        assert_eq!(p1.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let no_plan: i64 = kinerja::store::on_db!(&d.t.app.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM rencana_pengembangan"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(no_plan, 0, "every refused attempt planned nothing");

    // Taking someone off the plan: only an admin whose scope holds them.
    let mut tx = d.t.app.db.begin().await.unwrap();
    let planned: i64 = kinerja::store::on_tx!(&mut tx, |c| sqlx::query_scalar(
        "INSERT INTO rencana_pengembangan (instansi_id, period_id, katalog_id, employee_id, \
         sasaran, created_at) SELECT instansi_id, $1, MIN(id), $2, 'perilaku-1', 1 \
         FROM katalog_pengembangan GROUP BY instansi_id RETURNING id"
    )
    .bind(d.period)
    .bind(d.f.id("q1"))
    .fetch_one(c)
    .await)
    .unwrap();
    tx.commit().await.unwrap();
    let remove = format!("/laporan/rencana-pengembangan/{planned}/hapus");
    let form = vec![("periode".to_string(), d.period.to_string())];
    // Alpha's admin does not reach Beta's employee, even naming the row.
    let r = opd.submit_owned(&remove, form.clone()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for who in [&mut bupati, &mut kasi] {
        let r = who.submit_owned(&remove, form.clone()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let r = p1.submit_owned(&remove, form.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let still: i64 = kinerja::store::on_db!(&d.t.app.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM rencana_pengembangan"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(still, 1, "no refused removal removed anything");
    // The catalogue's edit form is for BKPSDM only.
    assert_eq!(
        opd.get("/pengembangan/katalog/1").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_form_keeps_what_was_typed_and_only_bkpsdm_edits() {
    let (t, _f) = TestApp::with_fixture().await;
    let mut admin = t.login("admin").await;
    let page = admin.get("/pengembangan/katalog").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.visible().contains("Workshop Pelayanan Prima"),
        "seeded"
    );
    let bad = vec![
        ("kode".to_string(), "PP 9".to_string()),
        ("nama".to_string(), "Pelayanan Publik Terpadu".to_string()),
        ("bentuk".to_string(), "Workshop".to_string()),
        ("sasaran".to_string(), "perilaku-1".to_string()),
        ("jenis_unit".to_string(), "kelurahan".to_string()),
        ("jp".to_string(), "banyak".to_string()),
    ];
    let r = admin.submit_owned("/pengembangan/katalog", bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.visible();
    assert!(
        v.contains("Kode wajib diisi, paling banyak 20 karakter, tanpa spasi."),
        "{v}"
    );
    assert!(v.contains("JP harus bilangan bulat 0–1000."), "{v}");
    assert!(
        r.text.contains("value=\"Pelayanan Publik Terpadu\""),
        "typed text kept"
    );
    assert!(
        r.text.contains("value=\"kelurahan\" checked"),
        "ticked box kept"
    );
    let good = vec![
        ("kode".to_string(), "pp-09".to_string()),
        ("nama".to_string(), "Pelayanan Publik Terpadu".to_string()),
        ("bentuk".to_string(), "Workshop".to_string()),
        ("sasaran".to_string(), "perilaku-1".to_string()),
        ("jenis_unit".to_string(), "kelurahan".to_string()),
        ("jenis_unit".to_string(), "kecamatan".to_string()),
        ("jp".to_string(), "12".to_string()),
    ];
    let r = admin
        .submit_owned("/pengembangan/katalog", good.clone())
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let page = admin.get("/pengembangan/katalog").await;
    assert_eq!(
        table_row(&page.text, "katalog", "PP-09")[1..4],
        [
            "Pelayanan Publik Terpadu",
            "Berorientasi Pelayanan",
            "Kecamatan, Kelurahan"
        ]
    );
    let r = admin
        .submit_owned("/pengembangan/katalog", good.clone())
        .await;
    assert!(
        r.visible().contains("Kode ini sudah dipakai"),
        "{}",
        r.visible()
    );
    // An OPD admin reads the catalogue but does not change it.
    let mut opd = t.login(Fixture::nip("admin_a")).await;
    let page = opd.get("/pengembangan/katalog").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("id=\"katalog-form\""));
    let r = opd.submit_owned("/pengembangan/katalog", good).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
