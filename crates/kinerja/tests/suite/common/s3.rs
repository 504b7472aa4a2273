//! A real S3-protocol server for the storage tests: `s3s-fs` (from crates.io) on a free
//! port, keeping the objects as files in a temporary folder the test can look into.
//! Without it the tests say so loudly and pass, unless `KINERJA_REQUIRE_S3=1` (the test
//! script installs it and sets that).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct S3Server {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

pub const S3_BUCKET: &str = "bukti-kinerja";
const ACCESS_KEY: &str = "kinerja-uji";
const SECRET_KEY: &str = "rahasia-s3-uji-2026";

fn binary() -> Option<std::path::PathBuf> {
    let from_env = std::env::var_os("KINERJA_S3S_FS").map(std::path::PathBuf::from);
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))
        .map(|h| h.join("bin/s3s-fs"));
    let on_path = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("s3s-fs"))
            .find(|f| f.is_file())
    });
    [from_env, on_path, cargo_bin]
        .into_iter()
        .flatten()
        .find(|f| f.is_file())
}

impl S3Server {
    pub async fn start() -> Option<S3Server> {
        let Some(bin) = binary() else {
            if std::env::var("KINERJA_REQUIRE_S3").as_deref() == Ok("1") {
                panic!("s3s-fs not found: cargo install s3s-fs --features binary");
            }
            eprintln!(
                "\n*** SKIPPED object-storage test: s3s-fs not installed (cargo install s3s-fs --features binary) ***\n"
            );
            return None;
        };
        let port = super::free_port();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(S3_BUCKET)).unwrap();
        let mut child = Command::new(bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs starts");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(S3Server { child, port, dir });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("s3s-fs did not listen on {port}");
    }

    /// `KINERJA_STORAGE_URL` for this server's bucket, under `prefix`.
    pub fn url(&self, prefix: &str) -> String {
        format!(
            "s3://{S3_BUCKET}/{prefix}?endpoint=http://127.0.0.1:{}&region=us-east-1\
             &access_key_id={ACCESS_KEY}&secret_access_key={SECRET_KEY}",
            self.port
        )
    }

    /// Every object stored so far, as paths inside the bucket.
    pub fn objects(&self) -> Vec<String> {
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, root, out);
                } else {
                    out.push(p.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
        let root = self.dir.path().join(S3_BUCKET);
        let mut out = Vec::new();
        walk(&root, &root, &mut out);
        out.retain(|p| !p.contains(".s3s") && !p.ends_with(".json"));
        out.sort();
        out
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
