//! The application under test: its configuration and the server of one test.

use super::*;

pub fn test_config(db: &TestDb) -> Config {
    Config {
        database_url: db.url.clone(),
        data_dir: db.data_dir(),
        audit_key: Some(AUDIT_KEY.into()),
        argon2_m_cost: 1024,
        argon2_t_cost: 1,
        login_per_minute: 10_000,
        query_header: true,
        ..Config::default()
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
        Self::spawn_on(TestDb::new().await, tweak).await
    }

    pub async fn spawn_on(db: TestDb, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let mut cfg = test_config(&db);
        tweak(&mut cfg);
        let app = kinerja::services::start(cfg).await.expect("app starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = kinerja::http::router(app.clone());
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

/// Another `kinerja serve` process on the same database: what a second server behind the
/// proxy sees.
pub struct SecondServer {
    child: std::process::Child,
    pub base: String,
}

impl SecondServer {
    /// Asks the server to stop, as a service manager does (SIGTERM).
    pub fn terminate(&self) {
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Its exit status, once it has stopped within `within`.
    pub async fn exited(
        &mut self,
        within: std::time::Duration,
    ) -> Option<std::process::ExitStatus> {
        let until = std::time::Instant::now() + within;
        while std::time::Instant::now() < until {
            if let Some(s) = self.child.try_wait().unwrap() {
                return Some(s);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for SecondServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn second_server(t: &TestApp) -> SecondServer {
    second_server_with(t, &[]).await
}

pub async fn second_server_with(t: &TestApp, env: &[(&str, &str)]) -> SecondServer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .arg("serve")
        .env("DATABASE_URL", &t.db.url)
        .env("KINERJA_AUDIT_KEY", AUDIT_KEY)
        .env("KINERJA_DATA_DIR", t.db.data_dir())
        .env("KINERJA_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .env_remove("KINERJA_CONFIG")
        .current_dir(t.db.data_dir())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let server = SecondServer {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("{}/readyz", server.base)).await
            && r.status() == StatusCode::OK
        {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the second server did not start");
}

/// The same client (cookies) pointed at another server.
pub fn on(base: &str, c: &Client) -> Client {
    let mut other = Client::new(base);
    other.cookies = c.cookies.clone();
    other
}
