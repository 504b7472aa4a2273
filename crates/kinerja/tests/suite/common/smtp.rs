//! A real SMTP server for the mail tests: aiosmtpd (Python) on a free port, delivering
//! into a Maildir the test reads. Without Python's aiosmtpd the tests say so loudly and
//! pass, unless `KINERJA_REQUIRE_SMTP=1` (the test script sets it).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

/// One delivered message: its recipients' header and its decoded text body.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl SmtpServer {
    pub async fn start() -> Option<SmtpServer> {
        let ok = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            if std::env::var("KINERJA_REQUIRE_SMTP").as_deref() == Ok("1") {
                panic!("aiosmtpd not found: pip install aiosmtpd");
            }
            eprintln!(
                "\n*** SKIPPED mail test: python3 -m aiosmtpd not available (pip install aiosmtpd) ***\n"
            );
            return None;
        }
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        let mut child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(SmtpServer { child, port, dir });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on {port}");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message delivered so far, oldest first.
    pub fn delivered(&self) -> Vec<Delivered> {
        let mut files: Vec<_> = ["new", "cur"]
            .iter()
            .filter_map(|d| std::fs::read_dir(self.dir.path().join("mail").join(d)).ok())
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| {
                let meta = e.metadata().unwrap();
                (meta.modified().unwrap(), e.path())
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, p)| parse(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// The messages to `address`.
    pub fn to(&self, address: &str) -> Vec<Delivered> {
        self.delivered()
            .into_iter()
            .filter(|m| m.to.contains(address))
            .collect()
    }
}

/// A port nothing listens on now, for a helper server of a test.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Headers and the body of a one-part text message, its transfer encoding undone.
fn parse(raw: &str) -> Delivered {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    // Unfold continued header lines.
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    let encoding = header("Content-Transfer-Encoding").to_ascii_lowercase();
    let body = match encoding.as_str() {
        "base64" => {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default(),
            )
            .unwrap_or_default()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    };
    Delivered {
        to: header("To"),
        subject: header("Subject"),
        body,
    }
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if b[i] == b'='
            && let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
