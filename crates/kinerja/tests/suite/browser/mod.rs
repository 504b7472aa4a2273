//! Browser tests in real headless Chromium (Debian packages `chromium`, `chromium-driver`):
//! sign-in, a denied page, the employee search, the planning path and a whole evaluation
//! period, on phone-sized and desktop windows.
//!
//! Without ChromeDriver the tests say so loudly and pass, unless `KINERJA_REQUIRE_BROWSER=1`
//! (set by the test script and CI), where they fail instead.

mod daily;
mod roles;

use crate::common::*;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thirtyfour::ChromiumLikeCapabilities;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

struct Browser {
    driver: Option<WebDriver>,
    chromedriver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(width: u32, height: u32) -> Option<Browser> {
        Self::start_with_downloads(width, height, None).await
    }

    async fn start_with_downloads(
        width: u32,
        height: u32,
        downloads: Option<&std::path::Path>,
    ) -> Option<Browser> {
        let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists());
        let Some(path) = path else {
            if std::env::var("KINERJA_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "chromedriver not found: install the Debian packages chromium and chromium-driver"
                );
            }
            eprintln!(
                "\n*** SKIPPED browser test: chromedriver not found (apt-get install chromium chromium-driver) ***\n"
            );
            return None;
        };
        let port = free_port();
        let chromedriver = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary("/usr/bin/chromium").unwrap();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.path().display()),
            &format!("--window-size={width},{height}"),
        ] {
            caps.add_arg(arg).unwrap();
        }
        if let Some(dir) = downloads {
            caps.add_experimental_option(
                "prefs",
                serde_json::json!({
                    "download.default_directory": dir.display().to_string(),
                    "download.prompt_for_download": false,
                }),
            )
            .unwrap();
        }
        let url = format!("http://127.0.0.1:{port}");
        let mut driver = None;
        for _ in 0..100 {
            match WebDriver::new(&url, caps.clone()).await {
                Ok(d) => {
                    driver = Some(d);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let driver = driver.expect("a WebDriver session");
        driver.set_window_rect(0, 0, width, height).await.unwrap();
        Some(Browser {
            driver: Some(driver),
            chromedriver,
            _profile: profile,
        })
    }

    /// The value a script returns in the page, with its arguments.
    async fn js<T: serde::de::DeserializeOwned>(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> T {
        self.d()
            .execute(script, args)
            .await
            .unwrap()
            .convert()
            .unwrap()
    }

    /// Fails when the page is wider than `max` px (the phone it is shown on).
    async fn fits_within(&self, max: u32, page: &str) {
        let width: i64 = self
            .js("return document.documentElement.scrollWidth;", vec![])
            .await;
        assert!(
            width <= i64::from(max),
            "{page} is {width} px wide on a {max} px phone"
        );
    }

    fn d(&self) -> &WebDriver {
        self.driver.as_ref().unwrap()
    }

    async fn text(&self) -> String {
        self.d()
            .find(By::Tag("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn login(&self, base: &str, username: &str, password: &str) {
        self.d().goto(format!("{base}/masuk")).await.unwrap();
        let user = self.d().query(By::Id("username")).first().await.unwrap();
        user.send_keys(username).await.unwrap();
        self.d()
            .find(By::Id("password"))
            .await
            .unwrap()
            .send_keys(password)
            .await
            .unwrap();
        self.d()
            .find(By::Css("form.stack button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn stop(mut self) {
        if let Some(d) = self.driver.take() {
            let _ = d.quit().await;
        }
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
    }
}

const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1366, 768);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_on_a_phone_with_a_wrong_then_right_password() {
    let (t, _) = TestApp::with_fixture().await;
    let Some(b) = Browser::start(PHONE.0, PHONE.1).await else {
        return;
    };
    b.login(&t.base, Fixture::nip("p1"), "keliru123").await;
    let err = b.d().query(By::Id("login-error")).first().await.unwrap();
    assert_eq!(err.text().await.unwrap(), "NIP atau kata sandi salah.");
    // The NIP typed stays in the field.
    let value = b
        .d()
        .find(By::Id("username"))
        .await
        .unwrap()
        .value()
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some(Fixture::nip("p1")));
    b.d()
        .find(By::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    b.d()
        .find(By::Css("form.stack button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.d().query(By::Id("chain-h")).first().await.unwrap();
    let text = b.text().await;
    assert!(text.contains("Selamat datang, Pelaksana Satu"), "{text}");
    assert!(text.contains("Kasi Alpha"), "{text}");
    // Nothing overflows the phone's width.
    let overflow: bool = b
        .d()
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(!overflow, "the page scrolls sideways on a phone");
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pelaksana_meets_a_clear_denied_page() {
    let (t, f) = TestApp::with_fixture().await;
    let Some(b) = Browser::start(DESKTOP.0, DESKTOP.1).await else {
        return;
    };
    b.login(&t.base, Fixture::nip("p1"), PASSWORD).await;
    b.d().query(By::Id("chain-h")).first().await.unwrap();
    b.d().goto(format!("{}/admin/impor", t.base)).await.unwrap();
    let h1 = b.d().query(By::Tag("h1")).first().await.unwrap();
    assert_eq!(h1.text().await.unwrap(), "Akses ditolak");
    b.d()
        .goto(format!("{}/pegawai/{}", t.base, f.id("q1")))
        .await
        .unwrap();
    assert!(b.text().await.contains("Anda tidak berwenang"));
    // The way back home is offered.
    b.d()
        .find(By::LinkText("Kembali ke beranda"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.d().query(By::Id("chain-h")).first().await.unwrap();
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_finds_an_employee_by_nip_and_by_name() {
    let (t, _) = TestApp::with_fixture().await;
    for (w, h) in [DESKTOP, PHONE] {
        let Some(b) = Browser::start(w, h).await else {
            return;
        };
        b.login(&t.base, "admin", PASSWORD).await;
        b.click(By::LinkText("Pegawai")).await;
        let q = b.d().query(By::Id("q")).first().await.unwrap();
        q.send_keys("19950505 2020").await.unwrap();
        b.enter_and_wait(&q).await;
        let table = b
            .d()
            .query(By::Id("employee-results"))
            .first()
            .await
            .unwrap();
        let rows = table.find_all(By::Css("tbody tr")).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].text().await.unwrap().contains("Pelaksana Satu"));
        // By name, case-insensitively; then open the profile.
        let q = b.d().find(By::Id("q")).await.unwrap();
        q.clear().await.unwrap();
        q.send_keys("alpha").await.unwrap();
        b.enter_and_wait(&q).await;
        b.d().query(By::Id("result-count")).first().await.unwrap();
        let count = b
            .d()
            .find(By::Id("result-count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(count, "6 pegawai ditemukan", "{w}x{h}");
        b.d()
            .find(By::LinkText("Kasi Alpha"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.d().query(By::Id("data-h")).first().await.unwrap();
        assert!(b.text().await.contains("19820404 200604 2 005"));
        b.stop().await;
    }
}

impl Browser {
    /// Presses Enter in a field and waits until the old page is gone, so
    /// that later lookups cannot find the previous page's elements (they
    /// share ids with the new one) and go stale under our feet.
    async fn enter_and_wait(&self, field: &WebElement) {
        let old = self.d().find(By::Tag("html")).await.unwrap();
        field.send_keys(Key::Enter).await.unwrap();
        old.wait_until().stale().await.unwrap();
    }

    /// Clicks the first element found; a menu link folded away on a phone is reached
    /// through the menu button, as a person would.
    async fn click(&self, by: By) {
        let e = self.d().query(by).first().await.unwrap();
        if !e.is_displayed().await.unwrap()
            && let Ok(toggle) = self.d().find(By::Id("menu-toggle")).await
            && toggle.is_displayed().await.unwrap()
        {
            toggle.click().await.unwrap();
        }
        e.click().await.unwrap();
    }

    async fn fill(&self, id: &str, text: &str) {
        let e = self.d().query(By::Id(id)).first().await.unwrap();
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    async fn status(&self) -> String {
        self.d()
            .query(By::Id("skp-status"))
            .first()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_planning_path_in_the_browser() {
    let (t, _, year) = TestApp::with_year().await;
    // The kasi's own plan, set up through the pages, offers two RHK to link to.
    let mut kasi_http = t.login(Fixture::nip("kasi_a")).await;
    let kasi_skp = kasi_http.create_plan(year, "kosong").await;
    kasi_http
        .add_rhk(
            kasi_skp,
            "utama",
            "Terselenggaranya layanan arsip seksi",
            None,
        )
        .await;
    kasi_http
        .add_rhk(kasi_skp, "utama", "Tersusunnya laporan kinerja seksi", None)
        .await;

    let downloads = tempfile::tempdir().unwrap();
    // The employee works on a phone.
    let Some(emp) = Browser::start_with_downloads(PHONE.0, PHONE.1, Some(downloads.path())).await
    else {
        return;
    };
    emp.login(&t.base, Fixture::nip("p1"), PASSWORD).await;
    emp.d().query(By::Id("chain-h")).first().await.unwrap();
    emp.click(By::Css("nav a[href='/skp']")).await;
    emp.click(By::Css("#create-plan button[type=submit]")).await;
    assert_eq!(emp.status().await, "Draf");
    for (teks, parent) in [
        (
            "Terarsipnya surat masuk dan keluar",
            "Terselenggaranya layanan arsip seksi",
        ),
        (
            "Tersusunnya bahan laporan kinerja",
            "Tersusunnya laporan kinerja seksi",
        ),
    ] {
        // The add form is open while the plan is empty; afterwards it is behind a summary.
        let form = emp.d().find(By::Id("rhk-baru")).await.unwrap();
        if form.attr("open").await.unwrap().is_none() {
            form.find(By::Tag("summary"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        emp.fill("teks", teks).await;
        let select = SelectElement::new(&emp.d().find(By::Id("parent_rhk_id")).await.unwrap())
            .await
            .unwrap();
        select.select_by_visible_text(parent).await.unwrap();
        emp.click(By::Css("#add-rhk-form button[type=submit]"))
            .await;
        emp.d()
            .query(By::XPath(format!("//p[contains(., '{teks}')]")))
            .first()
            .await
            .unwrap();
    }
    // One indicator on each RHK.
    for (n, (iki, target, satuan)) in [
        ("Jumlah surat terarsip", "1200", "surat"),
        ("Jumlah bahan laporan", "4", "dokumen"),
    ]
    .into_iter()
    .enumerate()
    {
        let forms = emp
            .d()
            .find_all(By::Css("article.rhk details"))
            .await
            .unwrap();
        let details = &forms[n];
        details
            .find(By::Tag("summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        details
            .find(By::Css("input[name=iki]"))
            .await
            .unwrap()
            .send_keys(iki)
            .await
            .unwrap();
        details
            .find(By::Css("input[name=target]"))
            .await
            .unwrap()
            .send_keys(target)
            .await
            .unwrap();
        details
            .find(By::Css("input[name=satuan]"))
            .await
            .unwrap()
            .send_keys(satuan)
            .await
            .unwrap();
        details
            .find(By::Css("button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        emp.d()
            .query(By::XPath(format!("//td[contains(., '{iki}')]")))
            .first()
            .await
            .unwrap();
    }
    emp.confirm_and_wait(By::Id("submit-plan")).await;
    emp.d()
        .query(By::XPath("//span[@id='skp-status' and text()='Diajukan']"))
        .first()
        .await
        .unwrap();

    // The kasi, on a desktop, returns it with a note.
    let Some(sup) = Browser::start(DESKTOP.0, DESKTOP.1).await else {
        return;
    };
    sup.login(&t.base, Fixture::nip("kasi_a"), PASSWORD).await;
    sup.d().query(By::Id("chain-h")).first().await.unwrap();
    sup.click(By::Css("nav a[href='/persetujuan']")).await;
    sup.click(By::LinkText("Pelaksana Satu")).await;
    sup.fill("catatan", "Target arsip terlalu rendah, naikkan.")
        .await;
    sup.click(By::Id("return")).await;
    sup.d()
        .query(By::XPath(
            "//span[@id='skp-status' and text()='Dikembalikan']",
        ))
        .first()
        .await
        .unwrap();

    // The employee reads the note, fixes the target and resubmits.
    emp.d().refresh().await.unwrap();
    let note = emp
        .d()
        .query(By::Id("return-note"))
        .first()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(note.contains("Target arsip terlalu rendah"), "{note}");
    let first = emp.d().find(By::Css("article.rhk")).await.unwrap();
    first
        .find(By::LinkText("Ubah hasil kerja"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let target = emp
        .d()
        .query(By::Css("form.ind-edit input[name=target]"))
        .first()
        .await
        .unwrap();
    target.clear().await.unwrap();
    target.send_keys("1500").await.unwrap();
    emp.click(By::Css("form.ind-edit button[type=submit]"))
        .await;
    emp.d()
        .query(By::XPath("//td[contains(., '1500 surat')]"))
        .first()
        .await
        .unwrap();
    assert_eq!(emp.status().await, "Draf");
    emp.confirm_and_wait(By::Id("submit-plan")).await;
    emp.d()
        .query(By::XPath("//span[@id='skp-status' and text()='Diajukan']"))
        .first()
        .await
        .unwrap();

    // The kasi approves.
    sup.d().refresh().await.unwrap();
    sup.click(By::Id("approve")).await;
    sup.d()
        .query(By::XPath("//span[@id='skp-status' and text()='Disetujui']"))
        .first()
        .await
        .unwrap();

    // The employee downloads the PDF; its text holds both RHK.
    emp.d().refresh().await.unwrap();
    assert_eq!(emp.status().await, "Disetujui");
    emp.click(By::Id("download-pdf")).await;
    let text = pdf_text(&Browser::downloaded(downloads.path(), "pdf").await);
    assert!(
        text.contains("Terarsipnya surat masuk dan keluar"),
        "{text}"
    );
    assert!(text.contains("Tersusunnya bahan laporan kinerja"), "{text}");
    assert!(text.contains("1500 surat"), "{text}");
    emp.stop().await;
    sup.stop().await;
}

impl Browser {
    /// Clicks a submit button or link and waits until the old page is gone.
    async fn click_and_wait(&self, by: By) {
        let old = self.d().find(By::Tag("html")).await.unwrap();
        self.click(by).await;
        old.wait_until().stale().await.unwrap();
    }

    /// Clicks a button that sends something for good: the page asks first (its question
    /// is checked to be there), the person agrees, and the next page is waited for.
    async fn confirm_and_wait(&self, by: By) {
        let old = self.d().find(By::Tag("html")).await.unwrap();
        self.click(by).await;
        let question = self.d().get_alert_text().await.expect("a confirmation");
        assert!(
            question.ends_with('?') || question.contains("? "),
            "{question}"
        );
        self.d().accept_alert().await.unwrap();
        old.wait_until().stale().await.unwrap();
    }

    /// Chooses `value` in every select whose name starts with `prefix`.
    async fn choose_all(&self, prefix: &str, value: &str) -> usize {
        let selects = self
            .d()
            .find_all(By::Css(format!("select[name^='{prefix}']")))
            .await
            .unwrap();
        for s in &selects {
            SelectElement::new(s)
                .await
                .unwrap()
                .select_by_value(value)
                .await
                .unwrap();
        }
        selects.len()
    }

    async fn text_of(&self, id: &str) -> String {
        self.d()
            .query(By::Id(id))
            .first()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The file downloaded into `dir`, once Chromium has finished writing it: no partial
    /// download left and the same non-zero size on two looks 100 ms apart (a file read
    /// while still being written was once an unreadable XLSX).
    async fn downloaded(dir: &std::path::Path, ext: &str) -> std::path::PathBuf {
        let mut last: Option<(std::path::PathBuf, u64)> = None;
        for _ in 0..200 {
            let files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .collect();
            let partial = files
                .iter()
                .any(|p| p.extension().is_some_and(|x| x == "crdownload"));
            let found = files
                .into_iter()
                .find(|p| p.extension().is_some_and(|x| x == ext))
                .map(|p| {
                    let len = std::fs::metadata(&p).map_or(0, |m| m.len());
                    (p, len)
                });
            match (&found, &last) {
                (Some((p, len)), Some((q, before)))
                    if !partial && *len > 0 && p == q && len == before =>
                {
                    return p.clone();
                }
                _ => last = found,
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no complete .{ext} was downloaded");
    }
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext installed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_period_in_the_browser_from_realisasi_to_the_decided_objection() {
    let (t, _, year) = TestApp::with_year().await;
    let (_, _, _) = approved_plan(&t, year).await;
    let downloads = tempfile::tempdir().unwrap();
    let uploads = tempfile::tempdir().unwrap();
    let evidence = uploads.path().join("laporan-arsip.pdf");
    std::fs::write(
        &evidence,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .unwrap();

    // The employee, on a phone, starts the annual period and attaches evidence.
    let Some(emp) = Browser::start_with_downloads(PHONE.0, PHONE.1, Some(downloads.path())).await
    else {
        return;
    };
    emp.login(&t.base, Fixture::nip("p1"), PASSWORD).await;
    emp.d().query(By::Id("chain-h")).first().await.unwrap();
    emp.click_and_wait(By::Css("nav a[href='/penilaian']"))
        .await;
    let period = emp
        .d()
        .query(By::XPath(
            "//button[@id='buka-AKHIR']/../input[@name='period_id']",
        ))
        .first()
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    emp.click_and_wait(By::Id("buka-AKHIR")).await;
    let ev_url = emp.d().current_url().await.unwrap().to_string();
    // A realisasi is typed, then evidence is uploaded without pressing Simpan first: the
    // upload sends the typed text with it and nothing is lost.
    let first = emp
        .d()
        .query(By::Css("input[name^='nilai_']"))
        .first()
        .await
        .unwrap();
    first.send_keys("1250").await.unwrap();
    let file_input = emp
        .d()
        .query(By::Css("input[type=file]"))
        .first()
        .await
        .unwrap();
    file_input
        .send_keys(evidence.display().to_string())
        .await
        .unwrap();
    let box_id = file_input.attr("id").await.unwrap().unwrap();
    let indicator = box_id.trim_start_matches("berkas_").to_string();
    emp.click_and_wait(By::Id(format!("unggah-{indicator}")))
        .await;
    emp.d()
        .query(By::LinkText("laporan-arsip.pdf"))
        .first()
        .await
        .unwrap();
    let kept = emp
        .d()
        .query(By::Css("input[name^='nilai_']"))
        .first()
        .await
        .unwrap()
        .value()
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("1250"),
        "typed realisasi survives the upload"
    );

    // Realisasi and self-assessment, then sent.
    let inputs = emp
        .d()
        .find_all(By::Css("input[name^='nilai_']"))
        .await
        .unwrap();
    assert_eq!(inputs.len(), 2);
    for (i, v) in inputs.iter().zip(["1250", "4"]) {
        i.clear().await.unwrap();
        i.send_keys(v).await.unwrap();
    }
    assert_eq!(emp.choose_all("rhk_", "sesuai").await, 2);
    assert_eq!(emp.choose_all("perilaku_", "sesuai").await, 7);
    emp.confirm_and_wait(By::Id("send-self")).await;
    let v = emp.text().await;
    assert!(v.contains("Menunggu penilaian atasan"), "{v}");

    // The kasi, on a desktop, judges each row with feedback and gives the two ratings.
    let Some(kasi) = Browser::start(DESKTOP.0, DESKTOP.1).await else {
        return;
    };
    kasi.login(&t.base, Fixture::nip("kasi_a"), PASSWORD).await;
    kasi.d().query(By::Id("chain-h")).first().await.unwrap();
    kasi.d().goto(&ev_url).await.unwrap();
    assert_eq!(kasi.choose_all("nrhk_", "sesuai").await, 2);
    assert_eq!(kasi.choose_all("nperilaku_", "sesuai").await, 7);
    // While choosing, before any Simpan, the saran, the box for a reason and the predikat
    // the choices give appear.
    let saran = kasi
        .d()
        .query(By::Id("saran-rating_perilaku"))
        .and_displayed()
        .first()
        .await
        .unwrap();
    assert!(saran.text().await.unwrap().contains("Sesuai ekspektasi"));
    kasi.d()
        .query(By::Id("alasan_perilaku"))
        .and_displayed()
        .first()
        .await
        .unwrap();
    let live = kasi
        .d()
        .query(By::Css("#predikat-live span"))
        .and_displayed()
        .first()
        .await
        .unwrap();
    assert_eq!(live.text().await.unwrap(), "Baik");
    let first_feedback = kasi
        .d()
        .query(By::Css("textarea[name^='ubrhk_']"))
        .first()
        .await
        .unwrap();
    first_feedback
        .send_keys("Arsip rapi; lanjutkan digitalisasi.")
        .await
        .unwrap();
    kasi.choose_all("rating_hasil", "sesuai").await;
    kasi.choose_all("rating_perilaku", "sesuai").await;
    kasi.confirm_and_wait(By::Id("send-assessment")).await;
    assert_eq!(kasi.text_of("predikat-value").await, "Baik");

    // The employee sees the predikat, which cell gave it, and the feedback.
    emp.d().refresh().await.unwrap();
    assert_eq!(emp.text_of("predikat-value").await, "Baik");
    let v = emp.text().await;
    assert!(v.contains("Arsip rapi; lanjutkan digitalisasi."), "{v}");
    let cell = emp
        .d()
        .query(By::Css("table.matrix td.on"))
        .first()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(cell, "Baik");

    // The kabid sets the seksi's capaian; the kasi finalises with a justification.
    kasi.click_and_wait(By::Css("nav a[href='/penilaian']"))
        .await;
    let unit = kasi
        .d()
        .query(By::Css("section[aria-labelledby=led-h] a"))
        .first()
        .await
        .unwrap();
    let unit_url = unit.attr("href").await.unwrap().unwrap();
    let unit_path = unit_url.split('?').next().unwrap();
    let unit_url = format!("{}{unit_path}?periode={period}", t.base);
    let Some(kabid) = Browser::start(DESKTOP.0, DESKTOP.1).await else {
        return;
    };
    kabid
        .login(&t.base, Fixture::nip("kabid_a"), PASSWORD)
        .await;
    kabid.d().query(By::Id("chain-h")).first().await.unwrap();
    kabid.d().goto(&unit_url).await.unwrap();
    SelectElement::new(&kabid.d().query(By::Id("capaian")).first().await.unwrap())
        .await
        .unwrap()
        .select_by_value("baik")
        .await
        .unwrap();
    kabid.click_and_wait(By::Id("save-capaian")).await;
    kasi.d().goto(&unit_url).await.unwrap();
    kasi.d()
        .query(By::Css("svg[role=img]"))
        .first()
        .await
        .unwrap();
    kasi.fill(
        "justifikasi",
        "Unit kecil; satu-satunya pelaksana memenuhi target.",
    )
    .await;
    kasi.click_and_wait(By::Id("finalise")).await;
    kasi.d()
        .query(By::Id("penetapan-done"))
        .first()
        .await
        .unwrap();

    // The employee downloads the Dokumen Evaluasi and files an objection.
    emp.d().refresh().await.unwrap();
    emp.click(By::Id("evaluasi-pdf")).await;
    let pdf = Browser::downloaded(downloads.path(), "pdf").await;
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Pelaksana Satu") && text.contains("BAIK"),
        "{text}"
    );
    emp.fill(
        "alasan",
        "Realisasi arsip melampaui target; mohon ditinjau kembali.",
    )
    .await;
    emp.click_and_wait(By::Id("object")).await;
    let v = emp.text_of("keberatan-alasan").await;
    assert!(v.contains("melampaui target"), "{v}");

    // The kabid, atasan penilai, decides: the result rises to Sangat Baik.
    kabid.d().goto(&ev_url).await.unwrap();
    kabid.choose_all("putusan_hasil", "di_atas").await;
    kabid.choose_all("putusan_perilaku", "di_atas").await;
    kabid
        .fill(
            "keputusan",
            "Realisasi 1250 dari 1200 terbukti; hasil dan perilaku di atas ekspektasi.",
        )
        .await;
    kabid.click_and_wait(By::Id("decide")).await;
    kabid
        .d()
        .query(By::Id("keberatan-putusan"))
        .first()
        .await
        .unwrap();
    emp.d().refresh().await.unwrap();
    let v = emp.text_of("keberatan-putusan").await;
    assert!(v.contains("Sangat Baik"), "{v}");
    emp.stop().await;
    kasi.stop().await;
    kabid.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bupati_drills_from_the_instansi_to_one_employee_and_downloads_the_xlsx() {
    let (t, f, year) = TestApp::with_year().await;
    let period = dashboard_dataset(&t, &f, year).await;
    let downloads = tempfile::tempdir().unwrap();
    let Some(b) = Browser::start_with_downloads(DESKTOP.0, DESKTOP.1, Some(downloads.path())).await
    else {
        return;
    };
    b.login(&t.base, "bupati", PASSWORD).await;
    b.d().query(By::LinkText("Dasbor")).first().await.unwrap();
    b.click_and_wait(By::LinkText("Dasbor")).await;
    SelectElement::new(&b.d().query(By::Id("periode")).first().await.unwrap())
        .await
        .unwrap()
        .select_by_value(&period.to_string())
        .await
        .unwrap();
    b.click_and_wait(By::Css("#period-form button[type=submit]"))
        .await;
    let story = b.text_of("story-progress").await;
    assert!(story.contains("7 dari 8 pegawai sudah dinilai"), "{story}");
    // The charts are there without JavaScript, with their numbers beside them.
    b.d().query(By::Css("svg[role=img]")).first().await.unwrap();
    for unit in ["Dinas Alpha", "Bidang Alpha Satu", "Seksi Alpha Satu A"] {
        b.click_and_wait(By::LinkText(unit)).await;
        let h1 = b
            .d()
            .find(By::Tag("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(h1.ends_with(unit), "{h1}");
    }
    b.click_and_wait(By::Id("employee-list")).await;
    b.click_and_wait(By::LinkText("Pelaksana Satu")).await;
    assert_eq!(b.text_of("predikat-value").await, "Sangat Baik");

    // Back at the top, the whole dashboard as a spreadsheet.
    b.click_and_wait(By::LinkText("Dasbor")).await;
    SelectElement::new(&b.d().query(By::Id("periode")).first().await.unwrap())
        .await
        .unwrap()
        .select_by_value(&period.to_string())
        .await
        .unwrap();
    b.click_and_wait(By::Css("#period-form button[type=submit]"))
        .await;
    b.click(By::Id("export-xlsx")).await;
    let path = Browser::downloaded(downloads.path(), "xlsx").await;
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let units = book
        .worksheet_range("Distribusi predikat per unit")
        .unwrap();
    let alpha = units
        .rows()
        .find(|r| r[0] == Data::String("Dinas Alpha".into()))
        .expect("Dinas Alpha in the workbook");
    assert_eq!(alpha[1], Data::Float(6.0));
    b.stop().await;
}
