//! Test harness: the real server on a free port with a fresh database per test.
//!
//! The engine is chosen by `KINERJA_TEST_DB` (`sqlite`, the default, or `postgres`); the
//! whole suite runs once per engine (see `scripts/test`). On PostgreSQL a template database
//! is migrated once and each test gets `CREATE DATABASE … TEMPLATE` of it.

#![allow(dead_code)]

pub mod forms;

use kinerja::store::Db;
use kinerja::{App, Config};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

pub const PASSWORD: &str = "rahasia-uji-2026";
pub const AUDIT_KEY: &str = "test-audit-key-0123456789-abcdefghij";

pub fn engine() -> String {
    std::env::var("KINERJA_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

pub fn pg_admin_url() -> String {
    std::env::var("KINERJA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database made for one test, dropped with it.
pub struct TestDb {
    pub url: String,
    pub pg_name: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        if engine() == "postgres" {
            let name = format!("kinerja_t_{}", uuid::Uuid::new_v4().simple());
            let template = ensure_pg_template().await;
            let admin = sqlx::PgPool::connect(&pg_admin_url())
                .await
                .expect("PostgreSQL reachable");
            // CREATE DATABASE … TEMPLATE fails while another session is creating from the same
            // template; retry briefly.
            let sql = format!("CREATE DATABASE {name} TEMPLATE {template}");
            for attempt in 0.. {
                match sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .execute(&admin)
                    .await
                {
                    Ok(_) => break,
                    Err(e) if attempt < 50 => {
                        let _ = e;
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                    Err(e) => panic!("create test database: {e}"),
                }
            }
            admin.close().await;
            let base = pg_admin_url();
            let url = match base.rfind('/') {
                Some(i) => format!("{}/{name}", &base[..i]),
                None => panic!("bad KINERJA_TEST_PG_URL"),
            };
            TestDb {
                url,
                pg_name: Some(name),
                _dir: dir,
            }
        } else {
            let url = format!("sqlite://{}", dir.path().join("kinerja.db").display());
            TestDb {
                url,
                pg_name: None,
                _dir: dir,
            }
        }
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.path().to_path_buf()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop runs outside async; a short-lived runtime on its own thread cleans up.
            let url = pg_admin_url();
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(admin) = sqlx::PgPool::connect(&url).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Creates (once, under an advisory lock) the migrated template database.
async fn ensure_pg_template() -> String {
    let names = kinerja::store::migration_names(kinerja::store::Engine::Postgres).join(",");
    let digest = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        names.hash(&mut h);
        for f in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).unwrap()
        {
            let p = f.unwrap().path();
            std::fs::read_to_string(&p).unwrap().hash(&mut h);
        }
        h.finish()
    };
    let template = format!("kinerja_tpl_{digest:x}");
    let admin = sqlx::PgPool::connect(&pg_admin_url())
        .await
        .expect("PostgreSQL reachable at KINERJA_TEST_PG_URL");
    let mut conn = admin.acquire().await.unwrap();
    sqlx::query("SELECT pg_advisory_lock(7235401)")
        .execute(&mut *conn)
        .await
        .unwrap();
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut *conn)
        .await
        .unwrap();
    if exists.is_none() {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {template}")))
            .execute(&mut *conn)
            .await
            .unwrap();
        let base = pg_admin_url();
        let url = format!("{}/{template}", &base[..base.rfind('/').unwrap()]);
        let db = Db::connect(&url, &Default::default()).await.unwrap();
        db.migrate().await.unwrap();
        db.close().await;
    }
    sqlx::query("SELECT pg_advisory_unlock(7235401)")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    admin.close().await;
    template
}

pub fn test_config(db: &TestDb) -> Config {
    Config {
        database_url: db.url.clone(),
        data_dir: db.data_dir(),
        audit_key: Some(AUDIT_KEY.into()),
        argon2_m_cost: 1024,
        argon2_t_cost: 1,
        login_per_minute: 10_000,
        ..Config::default()
    }
}

/// Raw SQL through the write pool on SQLite (the path someone with database access
/// takes, or a test putting the database into a state no page can reach).
pub async fn write_sql(db: &Db, sql: &'static str) {
    match db {
        Db::Sqlite(p) => {
            sqlx::query(sql).execute(&p.write).await.unwrap();
        }
        Db::Postgres(p) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
    }
}

/// A running server with its database.
pub struct TestApp {
    pub app: App,
    pub addr: SocketAddr,
    pub base: String,
    pub db: Arc<TestDb>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDb::new().await;
        let mut cfg = test_config(&db);
        tweak(&mut cfg);
        let app = App::start(cfg).await.expect("app starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = kinerja::web::router(app.clone());
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        TestApp {
            app,
            addr,
            base: format!("http://{addr}"),
            db: Arc::new(db),
            shutdown: Some(tx),
        }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// Signs in through the login form and returns the client with its session.
    pub async fn login(&self, username: &str) -> Client {
        self.login_with(username, PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let mut c = self.client();
        let res = c
            .post_form(
                "/masuk",
                &[
                    ("username", username),
                    ("password", password),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login of {username} failed: {}",
            res.text
        );
        c
    }

    /// A bearer token for the API.
    pub async fn token(&self, username: &str) -> String {
        let res = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&serde_json::json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let v: serde_json::Value = res.json().await.unwrap();
        v["token"].as_str().unwrap().to_string()
    }

    pub fn api(&self, token: &str) -> Api {
        Api {
            base: self.base.clone(),
            token: token.to_string(),
            http: reqwest::Client::new(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub struct Response {
    pub bytes: Vec<u8>,
    pub status: StatusCode,
    pub location: Option<String>,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Response {
    /// The visible text, tags stripped and whitespace collapsed, for assertions on what a
    /// user reads.
    pub fn visible(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A browser-like client: keeps cookies by hand (so Secure cookies work over loopback
/// HTTP), does not follow redirects, and knows the session's CSRF token.
pub struct Client {
    base: String,
    http: reqwest::Client,
    pub cookies: HashMap<String, String>,
    csrf: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            base: base.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
            csrf: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, res: reqwest::Response) -> Response {
        for v in res.headers().get_all(reqwest::header::SET_COOKIE) {
            let s = v.to_str().unwrap();
            let pair = s.split(';').next().unwrap();
            if let Some((k, val)) = pair.split_once('=') {
                if val.is_empty() || s.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), val.to_string());
                }
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let location = headers
            .get(reqwest::header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = res.bytes().await.unwrap().to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(tok) = extract_csrf(&text) {
            self.csrf = Some(tok);
        }
        Response {
            bytes,
            status,
            location,
            text,
            headers,
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// A GET with extra request headers (e.g. what a browser says about the origin).
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut req = self
            .http
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.unwrap();
        self.finish(res).await
    }

    /// The session's CSRF token, read from a page if not seen yet.
    pub async fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            self.get("/akun/kata-sandi").await;
        }
        self.csrf.clone().expect("a page with a CSRF token")
    }

    /// Posts a form as a browser on the same site would.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .form(fields)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// [`Client::post_form`] with extra request headers (e.g. from a reverse proxy).
    pub async fn post_form_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .form(fields);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.unwrap();
        self.finish(res).await
    }

    /// Posts a form with the session's CSRF token added.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }

    /// [`Client::submit`] with fields built at run time.
    pub async fn submit_owned(&mut self, path: &str, fields: Vec<(String, String)>) -> Response {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.submit(path, &pairs).await
    }

    pub async fn post_raw(
        &mut self,
        path: &str,
        builder: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Response {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header());
        let res = builder(req).send().await.unwrap();
        self.finish(res).await
    }

    pub async fn upload(&mut self, path: &str, fields: &[(&str, &str)], file: Vec<u8>) -> Response {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "berkas",
            reqwest::multipart::Part::bytes(file).file_name("data.csv"),
        );
        self.post_raw(path, |b| {
            b.header("sec-fetch-site", "same-origin").multipart(form)
        })
        .await
    }
}

impl Client {
    /// Posts a multipart form with one file under `berkas`, named as a user's file would be.
    pub async fn upload_named(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        file: Vec<u8>,
    ) -> Response {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "berkas",
            reqwest::multipart::Part::bytes(file).file_name(file_name.to_string()),
        );
        self.post_raw(path, |b| {
            b.header("sec-fetch-site", "same-origin").multipart(form)
        })
        .await
    }

    /// The raw bytes and content type of a GET.
    pub async fn get_bytes(&mut self, path: &str) -> (reqwest::StatusCode, String, Vec<u8>) {
        let r = self.get(path).await;
        let ct = r
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (r.status, ct, r.bytes.clone())
    }
}

fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    let v = &html[start..start + end];
    (!v.is_empty()).then(|| v.to_string())
}

/// A JSON API client with a bearer token.
pub struct Api {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn get(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let res = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }
}

// ---------------------------------------------------------------------------------------
// A small organisation for permission and workflow tests.

pub const UNITS_CSV: &str = "kode,nama,jenis,kode_induk
A,Dinas Alpha,opd,
A.1,Sekretariat Alpha,sekretariat,A
A.2,Bidang Alpha Satu,bidang,A
A.2.1,Seksi Alpha Satu A,seksi,A.2
A.2.2,Seksi Alpha Satu B,seksi,A.2
B,Dinas Beta,opd,
B.1,Sekretariat Beta,sekretariat,B
";

/// Who is who in the fixture: short name → (NIP, jabatan, jenis_jabatan, kepala, unit).
pub const PEOPLE: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    // key, nip, nama, jabatan, jenis_jabatan, golongan, unit
    (
        "kadis_a",
        "197001012000031001",
        "Kadis Alpha",
        "Kepala Dinas Alpha",
        "jpt",
        "IV/c",
        "A",
    ),
    (
        "sekre_a",
        "197502022001032002",
        "Sekretaris Alpha",
        "Sekretaris",
        "administrator",
        "IV/a",
        "A.1",
    ),
    (
        "admin_a",
        "199001012015031003",
        "Admin Alpha",
        "Pengelola Kepegawaian",
        "pelaksana",
        "III/a",
        "A.1",
    ),
    (
        "kabid_a",
        "197803032002031004",
        "Kabid Alpha",
        "Kepala Bidang Alpha Satu",
        "administrator",
        "IV/a",
        "A.2",
    ),
    (
        "kasi_a",
        "198204042006042005",
        "Kasi Alpha",
        "Kepala Seksi Alpha Satu A",
        "pengawas",
        "III/c",
        "A.2.1",
    ),
    (
        "p1",
        "199505052020121006",
        "Pelaksana Satu",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "II/c",
        "A.2.1",
    ),
    (
        "p2",
        "199606062021122007",
        "Pelaksana Dua",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "II/c",
        "A.2.1",
    ),
    (
        "kasi_b1",
        "198307072007031008",
        "Kasi Alpha B",
        "Kepala Seksi Alpha Satu B",
        "pengawas",
        "III/c",
        "A.2.2",
    ),
    (
        "p3",
        "199708082022212009",
        "Pelaksana Tiga",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "V",
        "A.2.2",
    ),
    (
        "kadis_b",
        "196909091995031010",
        "Kadis Beta",
        "Kepala Dinas Beta",
        "jpt",
        "IV/c",
        "B",
    ),
    (
        "q1",
        "199110102016032011",
        "Pegawai Beta",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "III/a",
        "B.1",
    ),
];

pub struct Fixture {
    pub instansi_id: i64,
    pub ids: HashMap<&'static str, i64>,
}

impl Fixture {
    pub fn id(&self, key: &str) -> i64 {
        self.ids[key]
    }

    /// The id of a fixture unit by its code (e.g. "A", "B", "A.2.1").
    pub async fn unit(&self, t: &TestApp, kode: &str) -> i64 {
        kinerja::store::org::unit_by_kode(&t.app.db, self.instansi_id, kode)
            .await
            .unwrap()
            .unwrap()
            .id
    }
    pub fn nip(key: &str) -> &'static str {
        PEOPLE.iter().find(|p| p.0 == key).map(|p| p.1).unwrap()
    }
}

pub fn people_csv() -> String {
    let mut s = String::from("nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n");
    for (_, nip, nama, jabatan, jenis, gol, unit) in PEOPLE {
        s.push_str(&format!("{nip},{nama},{jabatan},{jenis},{gol},{unit}\n"));
    }
    s
}

impl TestApp {
    /// Spawns a server with the fixture organisation, every account's password set to
    /// [`PASSWORD`], an admin BKPSDM `admin`, the Bupati `bupati` (pimpinan) and `admin_a`
    /// as admin OPD of Dinas Alpha.
    pub async fn with_fixture() -> (TestApp, Fixture) {
        Self::with_fixture_cfg(|_| {}).await
    }

    pub async fn with_fixture_cfg(tweak: impl FnOnce(&mut Config)) -> (TestApp, Fixture) {
        let t = TestApp::spawn_with(tweak).await;
        let app = &t.app;
        let instansi_id = kinerja::cli::create_instansi(
            app,
            "99.01",
            "Pemerintah Kabupaten Uji",
            "Kota Uji",
            "Bupati Uji",
            Some("Bupati Uji"),
        )
        .await
        .unwrap();
        let who = kinerja::services::audit::Who::system("test");
        let r = kinerja::services::import::import_units(
            app,
            instansi_id,
            &who,
            UNITS_CSV.as_bytes(),
            false,
        )
        .await
        .unwrap();
        assert!(r.ok(), "{r:?}");
        let r = kinerja::services::import::import_employees(
            app,
            instansi_id,
            &who,
            people_csv().as_bytes(),
            false,
        )
        .await
        .unwrap();
        assert!(r.ok(), "{r:?}");
        kinerja::services::accounts::create_admin(app, instansi_id, "admin", PASSWORD, &who)
            .await
            .unwrap();
        let mut ids = HashMap::new();
        for (key, nip, ..) in PEOPLE {
            let e = kinerja::store::org::employee_by_nip(&app.db, instansi_id, nip)
                .await
                .unwrap()
                .unwrap();
            ids.insert(*key, e.id);
        }
        // Passwords for everyone, accounts for the Bupati, roles.
        let hash = app.passwords.hash(PASSWORD.to_string()).await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        for (_, nip, ..) in PEOPLE {
            let u = kinerja::store::users::user_by_username(&app.db, nip)
                .await
                .unwrap()
                .unwrap();
            kinerja::store::users::set_password(&mut tx, u.id, &hash, false)
                .await
                .unwrap();
        }
        let all = kinerja::store::org::employees_all(&app.db, instansi_id)
            .await
            .unwrap();
        let bupati = all.iter().find(|e| e.nip.is_none()).unwrap();
        ids.insert("bupati", bupati.id);
        let bu = kinerja::store::users::user_insert(
            &mut tx,
            kinerja::store::users::NewUser {
                instansi_id,
                employee_id: Some(bupati.id),
                username: "bupati",
                display_name: "Bupati Uji",
                password_hash: Some(&hash),
                must_change_password: false,
            },
        )
        .await
        .unwrap();
        kinerja::store::users::role_grant(&mut tx, instansi_id, bu, "pimpinan", None)
            .await
            .unwrap();
        let admin_a = kinerja::store::users::user_by_username(&app.db, Fixture::nip("admin_a"))
            .await
            .unwrap()
            .unwrap();
        let unit_a = kinerja::store::org::unit_by_kode(&app.db, instansi_id, "A")
            .await
            .unwrap()
            .unwrap();
        kinerja::store::users::role_grant(
            &mut tx,
            instansi_id,
            admin_a.id,
            "admin_opd",
            Some(unit_a.id),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (t, Fixture { instansi_id, ids })
    }
}

// ---------------------------------------------------------------------------------------
// Planning helpers.

impl TestApp {
    /// The fixture with an evaluation year for the current year (quarterly periods).
    pub async fn with_year() -> (TestApp, Fixture, i64) {
        let (t, f) = TestApp::with_fixture().await;
        let tahun = chrono::Datelike::year(&t.app.today());
        let who = kinerja::services::audit::Who::system("test");
        let input = kinerja::services::skp::YearInput {
            tahun: tahun.to_string(),
            ..Default::default()
        };
        let year = kinerja::services::skp::create_year_as(&t.app, f.instansi_id, &who, &input)
            .await
            .unwrap();
        (t, f, year)
    }
}

impl Client {
    /// Creates the signed-in employee's plan and returns its id.
    pub async fn create_plan(&mut self, year_id: i64, start: &str) -> i64 {
        let r = self
            .submit(
                "/skp/baru",
                &[("year_id", &year_id.to_string()), ("mulai_dari", start)],
            )
            .await;
        assert_eq!(
            r.status,
            reqwest::StatusCode::SEE_OTHER,
            "create plan: {}",
            r.visible()
        );
        r.location
            .unwrap()
            .trim_start_matches("/skp/")
            .parse()
            .unwrap()
    }

    /// The version the plan page was rendered at.
    pub async fn plan_version(&mut self, skp: i64) -> String {
        let page = self.get(&format!("/skp/{skp}")).await;
        assert_eq!(page.status, reqwest::StatusCode::OK, "{}", page.visible());
        let marker = "name=\"version\" value=\"";
        let start = page.text.find(marker).expect("an editable form") + marker.len();
        page.text[start..].split('"').next().unwrap().to_string()
    }

    /// Posts a plan form with the current version.
    pub async fn plan_post(&mut self, skp: i64, path: &str, fields: &[(&str, &str)]) -> Response {
        let v = self.plan_version(skp).await;
        let mut all = vec![("version", v.as_str())];
        all.extend_from_slice(fields);
        self.submit(&format!("/skp/{skp}{path}"), &all).await
    }

    /// Adds an RHK and returns its id (the newest RHK anchor on the page).
    pub async fn add_rhk(&mut self, skp: i64, jenis: &str, teks: &str, parent: Option<i64>) -> i64 {
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        let r = self
            .plan_post(
                skp,
                "/rhk",
                &[("jenis", jenis), ("teks", teks), ("parent_rhk_id", &parent)],
            )
            .await;
        assert_eq!(
            r.status,
            reqwest::StatusCode::SEE_OTHER,
            "add rhk: {}",
            r.visible()
        );
        let page = self.get(&format!("/skp/{skp}")).await;
        page.text
            .split("id=\"rhk-")
            .skip(1)
            .filter_map(|s| s.split('"').next().and_then(|n| n.parse::<i64>().ok()))
            .max()
            .expect("an RHK")
    }

    pub async fn add_indikator(
        &mut self,
        skp: i64,
        rhk: i64,
        iki: &str,
        target: &str,
        satuan: &str,
    ) {
        let r = self
            .plan_post(
                skp,
                &format!("/rhk/{rhk}/indikator"),
                &[
                    ("aspek", "Kuantitas"),
                    ("iki", iki),
                    ("target", target),
                    ("satuan", satuan),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            reqwest::StatusCode::SEE_OTHER,
            "add indikator: {}",
            r.visible()
        );
    }
}

/// p1's plan with two RHK linked to the kasi's, one indicator each, approved by the kasi.
/// Returns (kasi, p1, p1's plan id).
pub async fn approved_plan(t: &TestApp, year: i64) -> (Client, Client, i64) {
    let mut kasi = t.login(Fixture::nip("kasi_a")).await;
    let kskp = kasi.create_plan(year, "kosong").await;
    let k1 = kasi
        .add_rhk(kskp, "utama", "Terselenggaranya layanan arsip seksi", None)
        .await;
    let k2 = kasi
        .add_rhk(kskp, "utama", "Tersusunnya laporan kinerja seksi", None)
        .await;
    let mut p1 = t.login(Fixture::nip("p1")).await;
    let skp = p1.create_plan(year, "kosong").await;
    let a = p1
        .add_rhk(skp, "utama", "Terarsipnya surat masuk dan keluar", Some(k1))
        .await;
    let b = p1
        .add_rhk(skp, "utama", "Tersusunnya bahan laporan kinerja", Some(k2))
        .await;
    p1.add_indikator(skp, a, "Jumlah surat terarsip", "1200", "surat")
        .await;
    p1.add_indikator(skp, b, "Jumlah bahan laporan", "4", "dokumen")
        .await;
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let r = kasi
        .plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    (kasi, p1, skp)
}

/// Rating hasil, rating perilaku, Berorientasi Pelayanan rated low.
type Outcome = (&'static str, &'static str, bool);

/// Who, and their result (None = pending).
const RESULTS: &[(&str, Option<Outcome>)] = &[
    ("kasi_a", Some(("sesuai", "sesuai", false))),   // Baik
    ("p1", Some(("di_atas", "di_atas", false))),     // Sangat Baik
    ("p2", Some(("di_bawah", "sesuai", true))),      // Butuh Perbaikan
    ("kasi_b1", Some(("sesuai", "di_atas", false))), // Baik
    ("p3", None),                                    // still a draft
    ("sekre_a", Some(("di_bawah", "di_bawah", true))), // Sangat Kurang
    ("q1", Some(("sesuai", "sesuai", false))),       // Baik
    ("kadis_b", Some(("di_atas", "sesuai", false))), // Baik
];

/// A small dataset for the dashboard, every figure computable by hand: results in the
/// year's first period for most of the fixture. Returns the period id.
pub async fn dashboard_dataset(t: &TestApp, f: &Fixture, year: i64) -> i64 {
    let app = &t.app;
    let period = kinerja::store::skp::periods(&app.db, year).await.unwrap()[0].clone();
    let matriks = kinerja_domain::penilaian::AturanPenilaian::default().matriks;
    let mut tx = app.db.begin().await.unwrap();
    for (who, result) in RESULTS {
        let e = kinerja::store::org::employee_get(&app.db, f.instansi_id, f.id(who))
            .await
            .unwrap();
        let skp = kinerja::store::skp::skp_insert(
            &mut tx,
            kinerja::store::skp::NewSkp {
                instansi_id: f.instansi_id,
                employee_id: e.id,
                year_id: year,
                position_id: e.position_id,
                mulai: period.mulai,
                selesai: period.selesai,
                pendekatan: "kuantitatif",
            },
        )
        .await
        .unwrap();
        let (status, h, p, predikat) = match result {
            Some((h, p, _)) => {
                let pr = matriks.predikat(
                    kinerja_domain::penilaian::Rating::parse(h).unwrap(),
                    kinerja_domain::penilaian::Rating::parse(p).unwrap(),
                );
                ("dinilai", Some(*h), Some(*p), Some(pr.code()))
            }
            None => ("draft", None, None, None),
        };
        let ev = kinerja::store::penilaian::evaluation_insert_demo(
            &mut tx,
            &kinerja::store::penilaian::DemoEvaluation {
                instansi_id: f.instansi_id,
                skp_id: skp,
                period_id: period.id,
                employee_id: e.id,
                unit_id: e.unit_id,
                penilai_employee_id: None,
                atasan_employee_id: None,
                snapshot_json: "{}".into(),
                status,
                rating_hasil: h,
                rating_perilaku: p,
                predikat,
                catatan: String::new(),
                self_submitted_at: None,
                assessed_at: None,
                finalised_at: None,
            },
        )
        .await
        .unwrap();
        if let Some((_, _, low)) = result {
            let items: Vec<kinerja::store::penilaian::ItemSeed> = (1..=7)
                .map(|k| {
                    let r = if k == 1 && *low { "di_bawah" } else { "sesuai" };
                    (
                        f.instansi_id,
                        ev,
                        "perilaku",
                        k,
                        None,
                        String::new(),
                        Some(r),
                        String::new(),
                    )
                })
                .collect();
            kinerja::store::penilaian::items_insert_many(&mut tx, &items)
                .await
                .unwrap();
        }
    }
    // Rows written in bulk, as the demo does: derive the dashboard's mask once.
    kinerja::store::penilaian::refresh_perilaku_bawah(&mut tx, f.instansi_id, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    period.id
}

/// The cells of a table row (tags stripped, spaces collapsed), found by a text in it.
pub fn table_row(html: &str, table: &str, containing: &str) -> Vec<String> {
    let t = html.split(&format!("id=\"{table}\"")).nth(1).expect(table);
    let t = t.split("</table>").next().unwrap();
    let r = t
        .split("<tr")
        .find(|r| r.contains(containing))
        .unwrap_or_else(|| panic!("{containing} in {table}"));
    let r = r.replace("<th", "<td").replace("</th>", "</td>");
    r.split("<td")
        .skip(1)
        .map(|c| {
            let inner = c.split_once('>').map(|x| x.1).unwrap_or("");
            let inner = inner.split("</td>").next().unwrap();
            let mut out = String::new();
            let mut tag = false;
            for ch in inner.chars() {
                match ch {
                    '<' => tag = true,
                    '>' => tag = false,
                    _ if !tag => out.push(ch),
                    _ => {}
                }
            }
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Finalised annual (AKHIR) results written directly: (who, rating hasil, rating perilaku,
/// catatan). Each person gets a plan for the year; the snapshot holds them as they are now
/// with `penilai` as their penilai. Returns the annual period's id.
pub async fn annual_results(
    t: &TestApp,
    f: &Fixture,
    year: i64,
    penilai: &str,
    results: &[(&str, &str, &str, &str)],
) -> i64 {
    let app = &t.app;
    let periods = kinerja::store::skp::periods(&app.db, year).await.unwrap();
    let period = periods.iter().find(|p| p.akhir).unwrap().clone();
    let matriks = kinerja_domain::penilaian::AturanPenilaian::default().matriks;
    let penilai = kinerja::store::org::employee_get(&app.db, f.instansi_id, f.id(penilai))
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    for (who, h, p, catatan) in results {
        let e = kinerja::store::org::employee_get(&app.db, f.instansi_id, f.id(who))
            .await
            .unwrap();
        let skp = kinerja::store::skp::skp_insert(
            &mut tx,
            kinerja::store::skp::NewSkp {
                instansi_id: f.instansi_id,
                employee_id: e.id,
                year_id: year,
                position_id: e.position_id,
                mulai: periods[0].mulai,
                selesai: period.selesai,
                pendekatan: "kuantitatif",
            },
        )
        .await
        .unwrap();
        let (rh, rp) = (
            kinerja_domain::penilaian::Rating::parse(h).unwrap(),
            kinerja_domain::penilaian::Rating::parse(p).unwrap(),
        );
        let snapshot = kinerja::services::penilaian::Snapshot {
            pegawai: kinerja::services::skp::PersonHeader::of(&e),
            penilai: Some(kinerja::services::skp::PersonHeader::of(&penilai)),
            ..Default::default()
        };
        kinerja::store::penilaian::evaluation_insert_demo(
            &mut tx,
            &kinerja::store::penilaian::DemoEvaluation {
                instansi_id: f.instansi_id,
                skp_id: skp,
                period_id: period.id,
                employee_id: e.id,
                unit_id: e.unit_id,
                penilai_employee_id: Some(penilai.id),
                atasan_employee_id: None,
                snapshot_json: serde_json::to_string(&snapshot).unwrap(),
                status: "ditetapkan",
                rating_hasil: Some(rh.code()),
                rating_perilaku: Some(rp.code()),
                predikat: Some(matriks.predikat(rh, rp).code()),
                catatan: catatan.to_string(),
                self_submitted_at: None,
                assessed_at: None,
                finalised_at: Some(1),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    period.id
}

/// Creates another evaluation year (e.g. last year) and returns its id.
pub async fn add_year(t: &TestApp, f: &Fixture, tahun: i32) -> i64 {
    let who = kinerja::services::audit::Who::system("test");
    let input = kinerja::services::skp::YearInput {
        tahun: tahun.to_string(),
        ..Default::default()
    };
    kinerja::services::skp::create_year_as(&t.app, f.instansi_id, &who, &input)
        .await
        .unwrap()
}

/// The rows of a worksheet as text (numbers as Rust prints them).
pub fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(x) => x.to_string(),
                    Data::Int(n) => n.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Evaluation helpers.

/// The period id in the start form of the period with this code.
pub fn period_of(list_html: &str, kode: &str) -> String {
    let end = list_html.find(&format!("id=\"buka-{kode}\"")).expect(kode);
    let marker = "name=\"period_id\" value=\"";
    let start = list_html[..end].rfind(marker).unwrap() + marker.len();
    list_html[start..].split('"').next().unwrap().to_string()
}

/// Opens the evaluation of `skp` for a period as its owner; returns its id.
pub async fn open_period(p1: &mut Client, skp: i64, period: &str) -> i64 {
    let r = p1
        .submit(
            "/penilaian/buka",
            &[("skp_id", &skp.to_string()), ("period_id", period)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    r.location
        .unwrap()
        .trim_start_matches("/penilaian/")
        .parse()
        .unwrap()
}
