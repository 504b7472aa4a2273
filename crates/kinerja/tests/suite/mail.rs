//! Mail through a real SMTP server: the one-time password link, notifications by mail
//! with each person's choice, the daily digest and the reminders that exactly one process
//! writes.

use crate::common::*;
use kinerja::services::mail::{self, SmtpChannel};
use reqwest::StatusCode;

async fn exec(t: &TestApp, sql: &'static str, text: &str, id: i64) {
    let mut tx = t.app.db.begin().await.unwrap();
    kinerja::store::on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(text)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

async fn set_email(t: &TestApp, employee_id: i64, email: &str) {
    exec(
        t,
        "UPDATE employees SET email = $1 WHERE id = $2",
        email,
        employee_id,
    )
    .await;
}

/// Queues and sends what is waiting; returns how many were sent.
async fn send_all(t: &TestApp, smtp: &SmtpServer) -> usize {
    mail::queue_notifications(&t.app).await.unwrap();
    let channel = SmtpChannel::new(&smtp.url(), "Kinerja <kinerja@kinerja.test>").unwrap();
    let (sent, failed) = mail::deliver(&t.app, &channel).await.unwrap();
    assert_eq!(failed, 0);
    sent
}

async fn mail_app(smtp: &SmtpServer) -> (TestApp, Fixture, i64) {
    let url = smtp.url();
    TestApp::new()
        .with_config(move |c| {
            c.smtp_url = Some(url);
            c.public_url = Some("http://kinerja.test".into());
        })
        .with_year()
        .start()
        .await
        .with_year()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_once_through_a_mailed_link() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let (t, f, _) = mail_app(&smtp).await;
    set_email(&t, f.id("p1"), "p1@kinerja.test").await;
    let mut old = t.login(Fixture::nip("p1")).await;
    assert_eq!(old.get("/").await.status, StatusCode::OK);

    let mut anon = t.client();
    let page = anon.get("/akun/lupa-kata-sandi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("name=\"nip\""));
    // The same answer for an account with an address, one without, and no account.
    let spaced = format!("{} {}", &Fixture::nip("p1")[..8], &Fixture::nip("p1")[8..]);
    let mut answers = Vec::new();
    for who in [spaced.as_str(), Fixture::nip("p2"), "199901012020121999"] {
        let r = anon
            .post_form("/akun/lupa-kata-sandi", &[("nip", who)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{who}");
        answers.push(r.visible());
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert!(answers[0].contains("Bila NIP atau nama pengguna itu terdaftar"));
    // An empty field is refused with its message.
    let r = anon
        .post_form("/akun/lupa-kata-sandi", &[("nip", " ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(
        send_all(&t, &smtp).await,
        1,
        "one mail: only p1 has an address"
    );
    let mails = smtp.to("p1@kinerja.test");
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.contains("kata sandi baru"),
        "{:?}",
        mails[0]
    );
    let body = &mails[0].body;
    let at = body
        .find("http://kinerja.test/akun/atur-ulang?token=")
        .unwrap_or_else(|| panic!("a link in {body}"));
    let link = body[at..].split_whitespace().next().unwrap();
    let path = link.trim_start_matches("http://kinerja.test").to_string();
    let token = path.split("token=").nth(1).unwrap().to_string();

    // The link asks for the new password; refusals keep the link usable.
    assert_eq!(anon.get(&path).await.status, StatusCode::OK);
    let strong = "lada hitam dari kotabumi";
    let r = anon
        .post_form(
            "/akun/atur-ulang",
            &[("token", &token), ("password", strong), ("confirm", "lain")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = anon
        .post_form(
            "/akun/atur-ulang",
            &[
                ("token", &token),
                ("password", "pendek"),
                ("confirm", "pendek"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("Minimal"), "{}", r.visible());
    let r = anon
        .post_form(
            "/akun/atur-ulang",
            &[("token", &token), ("password", strong), ("confirm", strong)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(r.location.as_deref(), Some("/masuk?pesan=sandi-baru"));
    // Every session of the account ended; the new password signs in.
    assert_eq!(old.get("/").await.status, StatusCode::SEE_OTHER);
    let mut fresh = t.login_with(Fixture::nip("p1"), strong).await;
    assert_eq!(fresh.get("/").await.status, StatusCode::OK);
    // Once only.
    assert_eq!(anon.get(&path).await.status, StatusCode::GONE);
    let r = anon
        .post_form(
            "/akun/atur-ulang",
            &[
                ("token", &token),
                ("password", "jeruk nipis di pagi hari"),
                ("confirm", "jeruk nipis di pagi hari"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.visible().contains("sudah tidak berlaku"));
    // A link runs out after its 30 minutes.
    anon.post_form("/akun/lupa-kata-sandi", &[("nip", Fixture::nip("p1"))])
        .await;
    send_all(&t, &smtp).await;
    let mails = smtp.to("p1@kinerja.test");
    assert_eq!(mails.len(), 2);
    let token2 = mails[1]
        .body
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    exec(
        &t,
        "UPDATE password_resets SET expires_at = 0 WHERE used_at IS NULL AND $1 <> '' AND $2 > 0",
        "x",
        1,
    )
    .await;
    assert_eq!(
        anon.get(&format!("/akun/atur-ulang?token={token2}"))
            .await
            .status,
        StatusCode::GONE
    );
    // Anything as a token is a refusal, never an error.
    for junk in ["", "x", "%00", "'%3B--"] {
        assert_eq!(
            anon.get(&format!("/akun/atur-ulang?token={junk}"))
                .await
                .status,
            StatusCode::GONE
        );
    }
    // The history says a link was asked for and used.
    let mut admin = t.login("admin").await;
    let h = admin
        .get(&format!("/admin/riwayat?pegawai={}", f.id("p1")))
        .await
        .visible();
    assert!(
        h.contains("Kata sandi dibuat ulang lewat tautan email"),
        "{h}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_mail_the_page_says_to_ask_the_admin() {
    let (t, _) = TestApp::with_fixture().await;
    let mut anon = t.client();
    let page = anon.get("/akun/lupa-kata-sandi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("id=\"lupa-admin\"") && !page.text.contains("name=\"nip\""));
    let r = anon
        .post_form("/akun/lupa-kata-sandi", &[("nip", Fixture::nip("p1"))])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text.contains("id=\"lupa-admin\""));
    assert!(
        anon.get("/masuk")
            .await
            .text
            .contains("href=\"/akun/lupa-kata-sandi\"")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_reach_the_mailbox_as_each_person_chose() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let (t, f, year) = mail_app(&smtp).await;
    set_email(&t, f.id("kasi_a"), "kasi@kinerja.test").await;
    set_email(&t, f.id("p1"), "p1@kinerja.test").await;
    // p1 sends a plan: the kasi is told at once, by mail too.
    let (_kasi, _p1, _skp) = approved_plan(&t, year).await;
    send_all(&t, &smtp).await;
    let to_kasi = smtp.to("kasi@kinerja.test");
    assert!(
        to_kasi
            .iter()
            .any(|m| m.body.contains("mengajukan SKP")
                && m.body.contains("http://kinerja.test/skp/")),
        "{to_kasi:?}"
    );
    assert!(
        to_kasi[0]
            .body
            .contains("http://kinerja.test/akun/notifikasi"),
        "how to change it"
    );
    let to_p1 = smtp.to("p1@kinerja.test");
    assert!(
        to_p1.iter().any(|m| m.body.contains("disetujui")),
        "{to_p1:?}"
    );
    // Sending again sends nothing twice.
    assert_eq!(send_all(&t, &smtp).await, 0);

    // p1 chooses no mail: the next event reaches the page only.
    let mut p1 = t.login(Fixture::nip("p1")).await;
    assert!(
        p1.get("/notifikasi")
            .await
            .text
            .contains("href=\"/akun/notifikasi\"")
    );
    let page = p1.get("/akun/notifikasi").await;
    assert!(page.text.contains("p1@kinerja.test"));
    let r = p1
        .submit("/akun/notifikasi", &[("email_mode", "tidak")])
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some("/akun/notifikasi?pesan=tersimpan#pilihan")
    );
    let r = p1
        .submit("/akun/notifikasi", &[("email_mode", "lain")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let skp: i64 = one_id(&t, "SELECT id FROM skps WHERE employee_id = $1", f.id("p1")).await;
    let r = kasi
        .submit(
            &format!("/skp/{skp}/umpan-balik"),
            &[
                ("subjek", "umum"),
                ("subjek_id", "0"),
                ("pesan", "Bagus, pertahankan."),
            ],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.visible());
    let before = smtp.to("p1@kinerja.test").len();
    send_all(&t, &smtp).await;
    assert_eq!(
        smtp.to("p1@kinerja.test").len(),
        before,
        "no mail after choosing none"
    );

    // One mail a day instead: the digest lists the day's unread notifications.
    p1.submit(
        "/akun/notifikasi",
        &[("email_mode", "ringkasan"), ("email_pengingat", "1")],
    )
    .await;
    kasi.submit(
        &format!("/skp/{skp}/umpan-balik"),
        &[
            ("subjek", "umum"),
            ("subjek_id", "0"),
            ("pesan", "Satu lagi."),
        ],
    )
    .await;
    send_all(&t, &smtp).await;
    assert_eq!(
        smtp.to("p1@kinerja.test").len(),
        before,
        "no single mail in digest mode"
    );
    let today = t.app.today();
    let (_, digests) = mail::daily(&t.app, today, "proses-a").await.unwrap();
    assert_eq!(digests, 1);
    // A second process the same day runs nothing.
    assert_eq!(
        mail::daily(&t.app, today, "proses-b").await.unwrap(),
        (0, 0)
    );
    send_all(&t, &smtp).await;
    let digest = smtp.to("p1@kinerja.test");
    let last = digest.last().unwrap();
    assert_eq!(digest.len(), before + 1);
    assert!(last.body.contains("menulis umpan balik"), "{}", last.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_go_out_once_a_few_days_before_the_deadline() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let (t, f, year) = mail_app(&smtp).await;
    set_email(&t, f.id("p1"), "p1@kinerja.test").await;
    set_email(&t, f.id("p2"), "p2@kinerja.test").await;
    // p2 opts out of reminders; p1 has none approved: three days before the planning
    // deadline p1 is reminded, by a note on the page and by mail.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    p2.submit("/akun/notifikasi", &[("email_mode", "segera")])
        .await;
    let y = kinerja::store::periode::year_get(&t.app.db, f.instansi_id, year)
        .await
        .unwrap();
    let day = y.batas_perencanaan - chrono::Duration::days(3);
    // Two processes start their day's jobs at once: one writes the reminders.
    let (a, b) = tokio::join!(mail::daily(&t.app, day, "a"), mail::daily(&t.app, day, "b"));
    let written = a.unwrap().0 + b.unwrap().0;
    let count: i64 = one_id(&t, "SELECT COUNT(*) FROM notifications WHERE kind = 'pengingat_skp' AND user_id = (SELECT id FROM users WHERE employee_id = $1)", f.id("p1")).await;
    assert_eq!(count, 1, "one reminder, not one per process");
    assert!(written >= 1);
    let p2_count: i64 = one_id(&t, "SELECT COUNT(*) FROM notifications WHERE kind = 'pengingat_skp' AND user_id = (SELECT id FROM users WHERE employee_id = $1)", f.id("p2")).await;
    assert_eq!(p2_count, 0, "p2 chose no reminders");
    // The Bupati, a pejabat negara, writes no plan and is not reminded.
    let bupati: i64 = one_id(&t, "SELECT COUNT(*) FROM notifications WHERE kind = 'pengingat_skp' AND user_id = (SELECT id FROM users WHERE employee_id = $1)", f.id("bupati")).await;
    assert_eq!(bupati, 0);
    send_all(&t, &smtp).await;
    let m = smtp.to("p1@kinerja.test");
    assert!(m.iter().any(|m| m.body.contains("Pengingat: SKP")), "{m:?}");
    // The next day nothing more (not 3 days before any deadline).
    let (n, _) = mail::daily(&t.app, day.succ_opt().unwrap(), "a")
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// A gateway for the webhook test: a real HTTP server that answers the first post with
/// 500 and every later one with 200, and keeps what it received (body, signature).
async fn gateway() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>,
) {
    use std::sync::{Arc, Mutex};
    let got: Arc<Mutex<Vec<(String, String)>>> = Arc::new(Mutex::new(Vec::new()));
    let keep = got.clone();
    let app = axum::Router::new().route(
        "/kirim",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let keep = keep.clone();
            async move {
                let sig = headers
                    .get("x-kinerja-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let mut g = keep.lock().unwrap();
                g.push((body, sig));
                if g.len() == 1 {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/kirim"), got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_gets_each_notification_signed_and_retried_until_it_answers() {
    let (url, got) = gateway().await;
    let secret = "rahasia-gateway-kotabumi";
    let hook = url.clone();
    let (t, f, year) = TestApp::new()
        .with_config(move |c| {
            c.webhook_url = Some(hook);
            c.webhook_secret = Some(secret.into());
            c.public_url = Some("http://kinerja.test".into());
        })
        .with_year()
        .start()
        .await
        .with_year();
    // p1 sends a plan and the kasi approves it: the kasi is told of the plan, p1 of the
    // approval; the gateway knows them by NIP. Mail is off: only the gateway is told.
    let (_kasi, _p1, _skp) = approved_plan(&t, year).await;
    mail::queue_notifications(&t.app).await.unwrap();
    let channel = mail::WebhookChannel::new(&url, secret).unwrap();
    let (sent, failed) = mail::deliver(&t.app, &channel).await.unwrap();
    assert_eq!(failed, 1, "the gateway's first answer is an error");
    assert!(sent >= 1);
    // The failed one goes out on the next round; nothing is sent twice.
    let (sent2, failed2) = mail::deliver(&t.app, &channel).await.unwrap();
    assert_eq!((sent2, failed2), (1, 0));
    assert_eq!(mail::deliver(&t.app, &channel).await.unwrap(), (0, 0));
    let got = got.lock().unwrap().clone();
    let bodies: Vec<serde_json::Value> = got
        .iter()
        .map(|(b, s)| {
            assert_eq!(
                *s,
                mail::WebhookChannel::signature(secret, b.as_bytes()),
                "signed"
            );
            serde_json::from_str(b).unwrap()
        })
        .collect();
    let to = |nip: &str| bodies.iter().filter(|b| b["recipient"] == nip).count();
    assert!(to(Fixture::nip("kasi_a")) >= 1, "{bodies:?}");
    assert!(
        bodies.iter().any(|b| b["recipient"] == Fixture::nip("p1")
            && b["text"].as_str().unwrap().contains("disetujui")),
        "{bodies:?}"
    );
    assert!(bodies.iter().all(|b| b["instansi_id"] == f.instansi_id));
    // A wrong secret would not verify.
    assert_ne!(
        got[0].1,
        mail::WebhookChannel::signature("lain", got[0].0.as_bytes())
    );
}
