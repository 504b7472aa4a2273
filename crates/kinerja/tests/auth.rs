//! Sign-in, sessions, passwords, lockout, rate limiting and CSRF.

mod common;
use common::*;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_locks_after_repeated_failures_with_a_clear_message() {
    let (t, _) = TestApp::with_fixture().await;
    let mut c = t.client();
    let nip = Fixture::nip("p2");
    for _ in 0..4 {
        let r = c
            .post_form("/masuk", &[("username", nip), ("password", "salah12345")])
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let fifth = c
        .post_form("/masuk", &[("username", nip), ("password", "salah12345")])
        .await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        fifth.visible().contains("dikunci sementara"),
        "{}",
        fifth.visible()
    );
    // Even the right password is refused while locked.
    let right = c
        .post_form("/masuk", &[("username", nip), ("password", PASSWORD)])
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    // Another account is not affected.
    let other = c
        .post_form(
            "/masuk",
            &[("username", Fixture::nip("p1")), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
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
