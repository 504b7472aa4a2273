//! Sign-in, sessions, passwords, throttling, rate limiting and CSRF.

use crate::common::*;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_page_is_served_and_protected_pages_redirect_to_it() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.client();
    let r = c.get("/masuk").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.visible().contains("Masuk ke Kinerja"));
    let r = c.get("/pegawai?q=x").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location.as_deref(),
        Some("/masuk?next=%2Fpegawai%3Fq%3Dx")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nip_with_spaces_signs_in_and_session_cookie_is_hardened() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.client();
    let r = c
        .post_form(
            "/masuk",
            &[
                ("username", "19950505 202012 1 006"),
                ("password", PASSWORD),
                ("next", "/pegawai/1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/pegawai/1"));
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    let home = c.get("/").await;
    assert!(home.visible().contains("Selamat datang, Pelaksana Satu"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_user_get_the_same_generic_message() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.client();
    let wrong = c
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", "salah12345")],
        )
        .await;
    let unknown = c
        .post_form(
            "/masuk",
            &[
                ("username", "199912312022011999"),
                ("password", "salah12345"),
            ],
        )
        .await;
    for r in [&wrong, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(
            r.visible().contains("NIP atau kata sandi salah"),
            "{}",
            r.visible()
        );
        assert!(!c.cookies.contains_key("kinerja_sesi"));
    }
    // What the user typed stays in the form.
    assert!(
        wrong
            .text
            .contains(&format!("value=\"{}\"", Fixture::nip("p1")))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_redirects_are_refused() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.client();
    let r = c
        .post_form(
            "/masuk",
            &[
                ("username", Fixture::nip("p1")),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/"));
    // Payloads that browsers turn into another host once they drop tabs, newlines and
    // spaces or read a backslash as a slash; both the language switch and the login.
    for raw in [
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d%0a/evil.example",
        "/%20/evil.example",
        "/%5cevil.example",
        "%5c%5cevil.example",
        "/%E3%80%80/evil.example",
        "https://evil.example",
        "//evil.example",
    ] {
        let r = c.get(&format!("/bahasa/id?next={raw}")).await;
        assert_eq!(
            r.location.as_deref(),
            Some("/"),
            "language switch with {raw}"
        );
        let decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .unwrap()
            .to_string();
        let r = t
            .client()
            .post_form(
                "/masuk",
                &[
                    ("username", Fixture::nip("p1")),
                    ("password", PASSWORD),
                    ("next", &decoded),
                ],
            )
            .await;
        assert_eq!(r.location.as_deref(), Some("/"), "login with {raw}");
    }
    // A local target is kept.
    let r = c.get("/bahasa/id?next=/skp%3Fa%3D1").await;
    assert_eq!(r.location.as_deref(), Some("/skp?a=1"));
}

fn wrong(nip: &str) -> [(&str, &str); 2] {
    [("username", nip), ("password", "salah-kata-sandi-1")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_from_other_devices_never_shut_out_the_owners_device() {
    let (t, _) = TestApp::with_fixture().await;
    let nip = Fixture::nip("p2");
    // The owner signed in on their phone before: the browser keeps a device cookie.
    let own = t.login(nip).await;
    let device = own.cookies["kinerja_perangkat"].clone();
    // Someone who read the NIP on a document tries passwords from elsewhere.
    let mut attacker = t.client();
    for _ in 0..5 {
        let r = attacker.post_form("/masuk", &wrong(nip)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let refused = attacker
        .post_form("/masuk", &[("username", nip), ("password", PASSWORD)])
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused
            .visible()
            .contains("perangkat yang biasa Anda pakai"),
        "{}",
        refused.visible()
    );
    // An account that does not exist answers exactly the same way (no account oracle).
    let ghost = "199912312022011999";
    let mut other = t.client();
    for _ in 0..5 {
        assert_eq!(
            other.post_form("/masuk", &wrong(ghost)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let ghost_refused = other.post_form("/masuk", &wrong(ghost)).await;
    assert_eq!(ghost_refused.status, refused.status);
    let message = |r: &Response| {
        r.text
            .split("role=\"alert\"")
            .nth(1)
            .map(|s| s.split("</").next().unwrap().to_string())
    };
    assert!(message(&refused).is_some());
    assert_eq!(message(&ghost_refused), message(&refused));
    // The owner's device still signs in, right away.
    let mut phone = t.client();
    phone
        .cookies
        .insert("kinerja_perangkat".into(), device.clone());
    let r = phone
        .post_form("/masuk", &[("username", nip), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    // A forged or foreign device cookie is an unknown device.
    let mut forger = t.client();
    forger
        .cookies
        .insert("kinerja_perangkat".into(), format!("{}x", device));
    let r = forger
        .post_form("/masuk", &[("username", nip), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let mut borrowed = t.client();
    borrowed.cookies.insert(
        "kinerja_perangkat".into(),
        t.login(Fixture::nip("p1")).await.cookies["kinerja_perangkat"].clone(),
    );
    let r = borrowed
        .post_form("/masuk", &[("username", nip), ("password", PASSWORD)])
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "p1's device is not p2's"
    );
    // Once the window is over, a single wrong password does not shut anyone out again.
    write_sql(
        &t.app.db,
        "UPDATE login_throttle SET window_start = window_start - 3600000000",
    )
    .await;
    let r = attacker.post_form("/masuk", &wrong(nip)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = attacker
        .post_form("/masuk", &[("username", nip), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_is_rate_limited() {
    let (t, _) = TestApp::with_fixture_cfg(|c| c.login_per_minute = 3).await;
    let mut c = t.client();
    for _ in 0..3 {
        c.post_form("/masuk", &[("username", "x"), ("password", "y")])
            .await;
    }
    let r = c
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.visible().contains("Terlalu banyak percobaan"),
        "{}",
        r.visible()
    );
    // A forged X-Forwarded-For does not buy new attempts when no proxy is trusted.
    let r = c
        .post_form_with(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", PASSWORD)],
            &[("x-forwarded-for", "203.0.113.77")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let (t, _) = TestApp::with_fixture_cfg(|c| {
        c.login_per_minute = 3;
        c.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let mut c = t.client();
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    for _ in 0..3 {
        c.post_form_with(
            "/masuk",
            &[("username", "x"), ("password", "y")],
            &from("203.0.113.1"),
        )
        .await;
    }
    let login = [("username", Fixture::nip("p1")), ("password", PASSWORD)];
    let r = c
        .post_form_with("/masuk", &login, &from("203.0.113.1"))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Another office behind the same proxy is not held back.
    let r = t
        .client()
        .post_form_with("/masuk", &login, &from("203.0.113.2"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_ends_the_session() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.login(Fixture::nip("p1")).await;
    let old = c.cookies.clone();
    let r = c.submit("/keluar", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The old cookie no longer opens anything.
    c.cookies = old;
    let r = c.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_without_the_session_token_or_from_another_site_are_refused() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login("admin").await;
    let id = f.id("p1").to_string();
    // No token.
    let r = c
        .post_form(&format!("/admin/pegawai/{id}/reset-kata-sandi"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Wrong token.
    let r = c
        .post_form(
            &format!("/admin/pegawai/{id}/reset-kata-sandi"),
            &[("csrf", "forged")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Right token, but the browser says the form came from another site.
    let token = c.csrf().await;
    let r = c
        .post_raw(&format!("/admin/pegawai/{id}/reset-kata-sandi"), |b| {
            b.header("sec-fetch-site", "cross-site")
                .form(&[("csrf", token.as_str())])
        })
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post_raw(&format!("/admin/pegawai/{id}/reset-kata-sandi"), |b| {
            b.header("origin", "http://evil.example")
                .form(&[("csrf", token.as_str())])
        })
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nothing happened: the employee still signs in with the old password.
    t.login(Fixture::nip("p1")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_reset_forces_a_password_change_at_next_login() {
    let (t, f) = TestApp::with_fixture().await;
    let mut employee = t.login(Fixture::nip("p1")).await;
    let mut admin = t.login("admin").await;
    let r = admin
        .submit(
            &format!("/admin/pegawai/{}/reset-kata-sandi", f.id("p1")),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
    let temp = r
        .text
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_string();
    // The running session of the employee ended.
    assert_eq!(employee.get("/").await.status, StatusCode::SEE_OTHER);
    // The old password no longer works; the temporary one does, and leads to the change page.
    let mut c = t.client();
    let old = c
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let r = c
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", &temp)],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some("/akun/kata-sandi"));
    // Every other page sends back to the change page until it is done.
    let r = c.get("/").await;
    assert_eq!(r.location.as_deref(), Some("/akun/kata-sandi"));
    let page = c.get("/akun/kata-sandi").await;
    assert!(page.visible().contains("ganti kata sandi sementara"));
    // A weak password is refused with reasons, nothing changes.
    let r = c
        .submit(
            "/akun/kata-sandi",
            &[
                ("current", &temp),
                ("password", "pendek"),
                ("confirm", "pendek"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.visible().contains("minimal 12 karakter"),
        "{}",
        r.visible()
    );
    // Long enough but found in breach lists, even with digits added: refused.
    for common in ["Password2026!", "qwerty123456"] {
        let r = c
            .submit(
                "/akun/kata-sandi",
                &[
                    ("current", &temp),
                    ("password", common),
                    ("confirm", common),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{common}");
        assert!(r.visible().contains("terlalu umum"), "{}", r.visible());
    }
    let r = c
        .submit(
            "/akun/kata-sandi",
            &[
                ("current", &temp),
                ("password", "kinerjaBaru1"),
                ("confirm", "kinerjaBaru2"),
            ],
        )
        .await;
    assert!(r.visible().contains("tidak sama"));
    let r = c
        .submit(
            "/akun/kata-sandi",
            &[
                ("current", &temp),
                ("password", "kinerjaBaru1"),
                ("confirm", "kinerjaBaru1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.visible().contains("berhasil diganti"));
    assert_eq!(c.get("/").await.status, StatusCode::OK);
    t.login_with(Fixture::nip("p1"), "kinerjaBaru1").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_translates_the_page() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.login(Fixture::nip("p1")).await;
    let r = c.get("/bahasa/en?next=/").await;
    assert_eq!(r.location.as_deref(), Some("/"));
    let home = c.get("/").await;
    assert!(
        home.visible().contains("Welcome, Pelaksana Satu"),
        "{}",
        home.visible()
    );
    assert!(home.text.contains("<html lang=\"en\">"));
    c.get("/bahasa/id?next=/").await;
    assert!(c.get("/").await.visible().contains("Selamat datang"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_answers_are_never_stored_and_https_is_pinned() {
    let (t, f) = TestApp::with_fixture().await;
    let mut c = t.login(Fixture::nip("p1")).await;
    for path in ["/", &format!("/pegawai/{}", f.id("p1")), "/akun/kata-sandi"] {
        let r = c.get(path).await;
        assert_eq!(
            r.headers.get("cache-control").unwrap(),
            "no-store",
            "{path}"
        );
        assert_eq!(
            r.headers.get("strict-transport-security").unwrap(),
            "max-age=31536000",
            "{path}"
        );
    }
    let api = t.api(&t.token(Fixture::nip("p1")).await);
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/me", t.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    // Static files stay cacheable.
    let r = c.get("/static/app.css").await;
    assert!(
        r.headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    // Plain HTTP deployments (cookie_secure off) get no HSTS.
    let (t, _) = TestApp::with_fixture_cfg(|c| c.cookie_secure = false).await;
    let r = t.client().get("/masuk").await;
    assert!(r.headers.get("strict-transport-security").is_none());
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
}

/// A second `kinerja serve` process on the same database as `t`, killed when dropped.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_agree_at_once_on_logout_reset_and_deactivation() {
    let (t, f) = TestApp::with_fixture().await;
    let b = second_server(&t).await;
    // Logout on the first: the second refuses the very next request.
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let mut p1_b = on(&b.base, &p1);
    assert_eq!(p1_b.get("/").await.status, StatusCode::OK);
    assert_eq!(
        p1.submit("/keluar", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let mut p1_b = on(&b.base, &p1_b);
    p1_b.cookies = p1_b.cookies.clone();
    let r = p1_b.get("/").await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "logged out on the other server"
    );
    // A password reset on the second ends the session on the first.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    assert_eq!(p2.get("/").await.status, StatusCode::OK);
    let admin = t.login("admin").await;
    let mut admin_b = on(&b.base, &admin);
    let r = admin_b
        .submit(
            &format!("/admin/pegawai/{}/reset-kata-sandi", f.id("p2")),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.visible());
    assert_eq!(p2.get("/").await.status, StatusCode::SEE_OTHER);
    // Deactivation on the first ends the sessions and API tokens on the second.
    let mut p3 = t.login(Fixture::nip("p3")).await;
    let token = t.token(Fixture::nip("p3")).await;
    let mut p3_b = on(&b.base, &p3);
    assert_eq!(p3_b.get("/").await.status, StatusCode::OK);
    let api_b = Api {
        base: b.base.clone(),
        token: token.clone(),
        http: reqwest::Client::new(),
    };
    assert_eq!(api_b.get("/api/v1/me").await.0, StatusCode::OK);
    let mut admin = admin;
    let mut form = crate::common::forms::edit_form(&mut admin, f.id("p3")).await;
    form.retain(|(k, _)| k != "aktif");
    let r = admin
        .submit_owned(&format!("/admin/pegawai/{}/ubah", f.id("p3")), form)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(p3_b.get("/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(api_b.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    // Reactivating brings none of them back.
    let mut form = crate::common::forms::edit_form(&mut admin, f.id("p3")).await;
    form.push(("aktif".into(), "1".into()));
    let r = admin
        .submit_owned(&format!("/admin/pegawai/{}/ubah", f.id("p3")), form)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    assert_eq!(p3.get("/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(api_b.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    let n: i64 = kinerja::store::on_db!(&t.app.db, |c| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.employee_id = $1"
    )
    .bind(f.id("p3"))
    .fetch_one(c)
    .await
    })
    .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_list_and_end_their_own_sessions_and_tokens() {
    let (t, _f) = TestApp::with_fixture().await;
    let mut phone = t.login(Fixture::nip("p1")).await;
    let mut desk = t.login(Fixture::nip("p1")).await;
    let token = t.token(Fixture::nip("p1")).await;
    let api = t.api(&token);
    let page = desk.get("/akun/sesi").await;
    assert_eq!(page.status, StatusCode::OK);
    let v = page.visible();
    assert!(v.contains("Sesi dan token aktif (3)"), "{v}");
    assert!(v.contains("Token API") && v.contains("sesi ini"), "{v}");
    // The API token's handle, from its row in the list.
    let handles: Vec<String> = page
        .text
        .split("id=\"sesi-")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.len() == 16)
        .map(str::to_string)
        .collect();
    assert_eq!(handles.len(), 3, "{handles:?}");
    let token_handle = &kinerja::auth::token_hash(&token)[..16];
    assert!(handles.iter().any(|h| h == token_handle));
    let r = desk
        .submit(&format!("/akun/sesi/{token_handle}/akhiri"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(api.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    // Someone else's handle is not theirs to end.
    let mut p2 = t.login(Fixture::nip("p2")).await;
    let phone_handle = handles.iter().find(|h| *h != token_handle).unwrap();
    let r = p2
        .submit(&format!("/akun/sesi/{phone_handle}/akhiri"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // End every other: the phone is signed out, the desk stays.
    let r = desk.submit("/akun/sesi/lainnya/akhiri", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(phone.get("/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(desk.get("/").await.status, StatusCode::OK);
    // Token lifetime is configurable.
    let (t, _) = TestApp::with_fixture_cfg(|c| c.api_token_days = 2).await;
    t.token(Fixture::nip("p1")).await;
    let exp: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT MAX(expires_at) FROM sessions WHERE kind = 'api'"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let hours = (exp - kinerja::store::now_micros()) / 3_600_000_000;
    assert!((47..=48).contains(&hours), "{hours}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_address_limit_is_shared_by_every_server() {
    let (t, _) = TestApp::with_fixture_cfg(|c| c.login_per_minute = 3).await;
    let b = second_server_with(&t, &[("KINERJA_LOGIN_PER_MINUTE", "3")]).await;
    let bad = [("username", "x"), ("password", "y")];
    let mut on_a = t.client();
    let mut on_b = Client::new(&b.base);
    on_a.post_form("/masuk", &bad).await;
    on_b.post_form("/masuk", &bad).await;
    on_a.post_form("/masuk", &bad).await;
    let r = on_b
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "3 per minute across both"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_plan_is_never_served_to_someone_who_lost_the_right_to_read_it() {
    let (t, f, year) = TestApp::with_year().await;
    let (_kasi, _p1, skp) = approved_plan(&t, year).await;
    let b = second_server(&t).await;
    // kasi_b1 stands in (PLH) for the head of p1's seksi and reads p1's plan on the second
    // server, which caches the page.
    let mut admin = t.login("admin").await;
    let seksi = f.unit(&t, "A.2.1").await.to_string();
    let r = admin
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &seksi),
                ("nip", Fixture::nip("kasi_b1")),
                ("jenis", "PLH"),
                ("mulai", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let plh = t.login(Fixture::nip("kasi_b1")).await;
    let mut plh_b = on(&b.base, &plh);
    let path = format!("/skp/{skp}");
    assert_eq!(plh_b.get(&path).await.status, StatusCode::OK);
    assert_eq!(
        plh_b.get(&path).await.status,
        StatusCode::OK,
        "served from the cache"
    );
    // The first server ends the appointment: the second refuses the cached page at once.
    let acting: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(
        "SELECT MAX(id) FROM acting_assignments"
    )
    .fetch_one(c)
    .await)
    .unwrap();
    let r = admin
        .submit(&format!("/admin/plt/{acting}/akhiri"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(plh_b.get(&path).await.status, StatusCode::FORBIDDEN);
}
