//! Configuration: defaults, then an optional TOML file, then the environment.
//!
//! | setting | env | default |
//! |---|---|---|
//! | listen | `KINERJA_LISTEN` | `127.0.0.1:8080` |
//! | database_url | `DATABASE_URL` | `sqlite://./data/kinerja.db` |
//! | database_read_url | `DATABASE_READ_URL` (PostgreSQL replica) | none: everything on `DATABASE_URL` |
//! | data_dir | `KINERJA_DATA_DIR` | `./data` |
//! | audit_key | `KINERJA_AUDIT_KEY` | generated once into `<data_dir>/audit.key` |
//! | cookie_secure | `KINERJA_COOKIE_SECURE` | `true` |
//! | log_format | `KINERJA_LOG_FORMAT` (`text`/`json`) | `text` |
//! | sqlite_readers | `KINERJA_SQLITE_READERS` | `4` |
//! | postgres_max_connections | `KINERJA_PG_MAX_CONNECTIONS` | `16` |
//! | api_token_days | `KINERJA_API_TOKEN_DAYS` | `30` |
//! | temporary_password_hours | `KINERJA_TEMP_PASSWORD_HOURS` | `72` |
//! | public_url | `KINERJA_PUBLIC_URL` (e.g. `https://kinerja.lampungutarakab.go.id`) | none: exported file links are paths |
//! | storage_url | `KINERJA_STORAGE_URL` (`file:///…`, `s3://bucket/prefix?endpoint=…`) | `<data_dir>/bukti` |
//! | metrics_from | `KINERJA_METRICS_FROM` | loopback |
//!
//! The file is `kinerja.toml` in the working directory, or the path in `KINERJA_CONFIG`.

use crate::error::AppError;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: String,
    pub database_url: String,
    /// A read-only PostgreSQL replica (`DATABASE_READ_URL`) for dashboards, reports,
    /// exports and monitoring: the reads that may be a moment behind. Pages that read
    /// their own writes, and every permission check, stay on `database_url`.
    pub database_read_url: Option<String>,
    pub data_dir: PathBuf,
    /// Secret for the keyed hash of the audit chain. Whoever holds it can forge history,
    /// so it must not live in the database.
    pub audit_key: Option<String>,
    pub cookie_secure: bool,
    pub log_format: String,
    pub sqlite_readers: u32,
    pub postgres_max_connections: u32,
    /// Argon2 memory cost in KiB. Lower only in tests.
    pub argon2_m_cost: u32,
    pub argon2_t_cost: u32,
    pub session_hours: i64,
    /// Lifetime of an API token (`KINERJA_API_TOKEN_DAYS`).
    pub api_token_days: i64,
    /// Lifetime of a temporary password set by an admin (`KINERJA_TEMP_PASSWORD_HOURS`).
    pub temporary_password_hours: i64,
    /// Failed sign-ins allowed per window for an account from devices it never signed in
    /// on, and for each known device on its own (`KINERJA_THROTTLE_FAILURES`).
    pub throttle_failures: i64,
    /// The length of that window in minutes (`KINERJA_THROTTLE_MINUTES`).
    pub throttle_minutes: i64,
    /// Login attempts per client address per minute (`KINERJA_LOGIN_PER_MINUTE`).
    pub login_per_minute: u32,
    /// Addresses (or CIDR ranges) of the reverse proxies whose `X-Forwarded-For` is
    /// believed (`KINERJA_TRUSTED_PROXIES`, comma separated). Empty: the socket address.
    pub trusted_proxies: Vec<String>,
    /// Password hashes computed at once; more wait (`KINERJA_ARGON2_CONCURRENCY`, default
    /// the number of cores). Each takes `argon2_m_cost` KiB of memory.
    pub argon2_concurrency: usize,
    pub request_timeout_secs: u64,
    pub max_upload_bytes: usize,
    /// Largest evidence file (bukti dukung) accepted.
    pub max_bukti_bytes: usize,
    /// The address people reach the application at, for links written into exports.
    pub public_url: Option<String>,
    /// The smallest group whose share the dashboard shows (`KINERJA_DASBOR_MIN_GROUP`):
    /// a share of fewer people says more about them than about their unit.
    pub dasbor_min_group: u32,
    /// The mail server (`KINERJA_SMTP_URL`: `smtp://host:25` plain, `smtp://…?tls=required`
    /// or `smtps://user:password@host:465`). None: no mail; "Lupa kata sandi" says to ask
    /// an admin.
    pub smtp_url: Option<String>,
    /// The sender of the mails (`KINERJA_MAIL_FROM`).
    pub mail_from: String,
    /// Days before a deadline on which reminders go out (`KINERJA_REMINDER_DAYS`, comma
    /// separated).
    pub reminder_days: Vec<i64>,
    /// A second channel (`KINERJA_WEBHOOK_URL`, http://): each notification mailed at once
    /// is also posted there as JSON for a gateway (a regency's WhatsApp service), signed
    /// with `KINERJA_WEBHOOK_SECRET` (docs/notifications.md).
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    /// Where evidence files live (`KINERJA_STORAGE_URL`): none for `<data_dir>/bukti`,
    /// `file:///path`, or `s3://bucket/prefix?endpoint=…&region=…` for an S3-compatible
    /// bucket every server reaches (credentials from the query or `AWS_ACCESS_KEY_ID` /
    /// `AWS_SECRET_ACCESS_KEY`).
    pub storage_url: Option<String>,
    /// Who may read `/metrics` (`KINERJA_METRICS_FROM`, addresses or CIDR, comma
    /// separated): the monitoring server, not the public.
    pub metrics_from: Vec<String>,
    /// Seconds a stopping server keeps serving after its readiness check turned
    /// unavailable, for the proxy to stop sending to it (`KINERJA_DRAIN_SECONDS`).
    pub drain_seconds: u64,
    /// Sends each response's number of database statements as `x-kinerja-queries`
    /// (`KINERJA_QUERY_HEADER`): for tests and load runs, not for production.
    pub query_header: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://./data/kinerja.db".into(),
            database_read_url: None,
            data_dir: PathBuf::from("./data"),
            audit_key: None,
            cookie_secure: true,
            log_format: "text".into(),
            sqlite_readers: 4,
            postgres_max_connections: 16,
            argon2_m_cost: 19 * 1024,
            argon2_t_cost: 2,
            session_hours: 12,
            api_token_days: 30,
            temporary_password_hours: 72,
            throttle_failures: 5,
            throttle_minutes: 15,
            trusted_proxies: Vec::new(),
            argon2_concurrency: std::thread::available_parallelism().map_or(2, |n| n.get()),
            login_per_minute: 30,
            request_timeout_secs: 60,
            max_upload_bytes: 20 * 1024 * 1024,
            max_bukti_bytes: 5 * 1024 * 1024,
            public_url: None,
            dasbor_min_group: 5,
            smtp_url: None,
            mail_from: "Kinerja <kinerja@localhost>".into(),
            reminder_days: vec![3],
            webhook_url: None,
            webhook_secret: None,
            storage_url: None,
            metrics_from: vec!["127.0.0.0/8".into(), "::1/128".into()],
            drain_seconds: 0,
            query_header: false,
        }
    }
}

impl Config {
    /// Reads the file (if any) and the environment.
    pub fn load() -> Result<Config, AppError> {
        let path = std::env::var("KINERJA_CONFIG").ok().map(PathBuf::from);
        let mut cfg = match &path {
            Some(p) => Self::from_file(p)?,
            None if std::path::Path::new("kinerja.toml").exists() => {
                Self::from_file(std::path::Path::new("kinerja.toml"))?
            }
            None => Config::default(),
        };
        cfg.apply_env(|k| std::env::var(k).ok())?;
        Ok(cfg)
    }

    fn from_file(p: &std::path::Path) -> Result<Config, AppError> {
        let text = std::fs::read_to_string(p)
            .map_err(|e| AppError::Config(format!("{}: {e}", p.display())))?;
        toml::from_str(&text).map_err(|e| AppError::Config(format!("{}: {e}", p.display())))
    }

    /// Overrides from environment variables; `get` is injectable for tests.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), AppError> {
        fn parse<T: std::str::FromStr>(name: &str, v: String) -> Result<T, AppError> {
            v.trim()
                .parse()
                .map_err(|_| AppError::Config(format!("{name}: nilai tidak sah '{v}'")))
        }
        if let Some(v) = get("KINERJA_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = get("DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = get("DATABASE_READ_URL") {
            let v = v.trim().to_string();
            self.database_read_url = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = get("KINERJA_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("KINERJA_AUDIT_KEY") {
            self.audit_key = Some(v);
        }
        if let Some(v) = get("KINERJA_COOKIE_SECURE") {
            self.cookie_secure = parse("KINERJA_COOKIE_SECURE", v)?;
        }
        if let Some(v) = get("KINERJA_LOG_FORMAT") {
            self.log_format = v;
        }
        if let Some(v) = get("KINERJA_SQLITE_READERS") {
            self.sqlite_readers = parse("KINERJA_SQLITE_READERS", v)?;
        }
        if let Some(v) = get("KINERJA_THROTTLE_FAILURES") {
            self.throttle_failures = parse("KINERJA_THROTTLE_FAILURES", v)?;
        }
        if let Some(v) = get("KINERJA_THROTTLE_MINUTES") {
            self.throttle_minutes = parse("KINERJA_THROTTLE_MINUTES", v)?;
        }
        if let Some(v) = get("KINERJA_LOGIN_PER_MINUTE") {
            self.login_per_minute = parse("KINERJA_LOGIN_PER_MINUTE", v)?;
        }
        let list = |v: String| -> Vec<String> {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        if let Some(v) = get("KINERJA_TRUSTED_PROXIES") {
            self.trusted_proxies = list(v);
        }
        if let Some(v) = get("KINERJA_METRICS_FROM") {
            self.metrics_from = list(v);
        }
        if let Some(v) = get("KINERJA_QUERY_HEADER") {
            self.query_header = parse("KINERJA_QUERY_HEADER", v)?;
        }
        if let Some(v) = get("KINERJA_DRAIN_SECONDS") {
            self.drain_seconds = parse("KINERJA_DRAIN_SECONDS", v)?;
        }
        if let Some(v) = get("KINERJA_STORAGE_URL") {
            let v = v.trim().to_string();
            self.storage_url = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = get("KINERJA_ARGON2_CONCURRENCY") {
            self.argon2_concurrency = parse("KINERJA_ARGON2_CONCURRENCY", v)?;
        }
        if let Some(v) = get("KINERJA_API_TOKEN_DAYS") {
            self.api_token_days = parse("KINERJA_API_TOKEN_DAYS", v)?;
        }
        if let Some(v) = get("KINERJA_TEMP_PASSWORD_HOURS") {
            self.temporary_password_hours = parse("KINERJA_TEMP_PASSWORD_HOURS", v)?;
        }
        if let Some(v) = get("KINERJA_PUBLIC_URL") {
            let v = v.trim().trim_end_matches('/');
            self.public_url = (!v.is_empty()).then(|| v.to_string());
        }
        if let Some(v) = get("KINERJA_SMTP_URL") {
            let v = v.trim().to_string();
            self.smtp_url = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = get("KINERJA_MAIL_FROM") {
            self.mail_from = v.trim().to_string();
        }
        if let Some(v) = get("KINERJA_REMINDER_DAYS") {
            self.reminder_days = v
                .split(',')
                .filter(|d| !d.trim().is_empty())
                .map(|d| parse::<i64>("KINERJA_REMINDER_DAYS", d.to_string()))
                .collect::<Result<_, _>>()?;
            if self.reminder_days.iter().any(|d| !(0..=60).contains(d)) {
                return Err(AppError::Config(
                    "KINERJA_REMINDER_DAYS: setiap nilai 0–60 hari".into(),
                ));
            }
        }
        if let Some(v) = get("KINERJA_WEBHOOK_URL") {
            let v = v.trim().to_string();
            self.webhook_url = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = get("KINERJA_WEBHOOK_SECRET") {
            let v = v.trim().to_string();
            self.webhook_secret = (!v.is_empty()).then_some(v);
        }
        if let Some(url) = &self.webhook_url {
            if !url.starts_with("http://") {
                return Err(AppError::Config(
                    "KINERJA_WEBHOOK_URL: alamat http:// di jaringan instansi (TLS lewat proxy)"
                        .into(),
                ));
            }
            if self.webhook_secret.as_deref().is_none_or(|s| s.len() < 16) {
                return Err(AppError::Config(
                    "KINERJA_WEBHOOK_SECRET: wajib, minimal 16 karakter, bila KINERJA_WEBHOOK_URL diisi"
                        .into(),
                ));
            }
        }
        if let Some(v) = get("KINERJA_DASBOR_MIN_GROUP") {
            self.dasbor_min_group = parse("KINERJA_DASBOR_MIN_GROUP", v)?;
            if self.dasbor_min_group == 0 {
                return Err(AppError::Config(
                    "KINERJA_DASBOR_MIN_GROUP: paling kecil 1".into(),
                ));
            }
        }
        if let Some(v) = get("KINERJA_PG_MAX_CONNECTIONS") {
            self.postgres_max_connections = parse("KINERJA_PG_MAX_CONNECTIONS", v)?;
        }
        Ok(())
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, AppError> {
        self.listen.parse().map_err(|_| {
            AppError::Config(format!(
                "KINERJA_LISTEN: alamat tidak sah '{}'",
                self.listen
            ))
        })
    }

    /// The audit key: configured, or generated once and kept beside the data. Either way at
    /// least [`AUDIT_KEY_MIN`] bytes: a short key could be guessed and history forged.
    pub fn audit_key_bytes(&self) -> Result<Vec<u8>, AppError> {
        if let Some(k) = &self.audit_key {
            if k.len() < AUDIT_KEY_MIN {
                return Err(AppError::Config(format!(
                    "KINERJA_AUDIT_KEY: minimal {AUDIT_KEY_MIN} karakter"
                )));
            }
            return Ok(k.as_bytes().to_vec());
        }
        let path = self.data_dir.join("audit.key");
        let read = |path: &std::path::Path| -> Result<Option<Vec<u8>>, AppError> {
            match std::fs::read_to_string(path) {
                Ok(existing) => {
                    let key = existing.trim().as_bytes().to_vec();
                    if key.len() < AUDIT_KEY_MIN {
                        return Err(AppError::Config(format!(
                            "{}: kunci audit minimal {AUDIT_KEY_MIN} byte",
                            path.display()
                        )));
                    }
                    Ok(Some(key))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(AppError::Config(format!("{}: {e}", path.display()))),
            }
        };
        if let Some(key) = read(&path)? {
            return Ok(key);
        }
        std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| AppError::Config(format!("{}: {e}", self.data_dir.display())))?;
        create_key_file(&path, &crate::auth::random_token(32))
            .map_err(|e| AppError::Config(format!("{}: {e}", path.display())))?;
        // Whoever created it first, every process now reads the same key.
        read(&path)?.ok_or_else(|| AppError::Config(format!("{}: hilang", path.display())))
    }

    /// The trusted proxies, parsed; a malformed entry is a configuration error.
    pub fn proxies(&self) -> Result<Vec<Cidr>, AppError> {
        cidrs("KINERJA_TRUSTED_PROXIES", &self.trusted_proxies)
    }

    /// The monitoring servers that may read `/metrics`.
    pub fn metrics_readers(&self) -> Result<Vec<Cidr>, AppError> {
        cidrs("KINERJA_METRICS_FROM", &self.metrics_from)
    }

    pub fn pool_settings(&self) -> PoolSettings {
        PoolSettings {
            sqlite_readers: self.sqlite_readers,
            postgres_max: self.postgres_max_connections,
        }
    }
}

fn cidrs(name: &str, list: &[String]) -> Result<Vec<Cidr>, AppError> {
    list.iter()
        .map(|s| {
            Cidr::parse(s)
                .ok_or_else(|| AppError::Config(format!("{name}: alamat tidak sah '{s}'")))
        })
        .collect()
}

/// An address or a range of addresses (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (a, p) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|n| *n <= max)?,
            None => max,
        };
        Some(Cidr { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        fn bits(ip: IpAddr) -> (u128, u8) {
            match ip {
                IpAddr::V4(v) => (u32::from(v) as u128, 32),
                // An IPv4-mapped IPv6 address is the IPv4 address it maps.
                IpAddr::V6(v) => match v.to_ipv4_mapped() {
                    Some(v4) => (u32::from(v4) as u128, 32),
                    None => (u128::from(v), 128),
                },
            }
        }
        let ((net, w1), (x, w2)) = (bits(self.addr), bits(ip));
        if w1 != w2 {
            return false;
        }
        let host_bits = u32::from(w1 - self.prefix.min(w1));
        let mask = if host_bits >= 128 {
            0
        } else {
            u128::MAX << host_bits
        };
        (net & mask) == (x & mask)
    }
}

/// Shortest audit key accepted, in bytes.
pub const AUDIT_KEY_MIN: usize = 32;

/// Writes a new key file atomically and privately: the key goes into a temporary file made
/// readable by the owner only, is flushed to disk, and is then linked under its name, which
/// fails if another process got there first (then that one's key is kept). Nobody ever
/// sees a half-written or world-readable key.
fn create_key_file(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp-{}", crate::auth::random_token(6)));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(content.as_bytes())?;
        f.sync_all()?;
        match std::fs::hard_link(&tmp, path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            other => other,
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// The sizes of the database pools.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub sqlite_readers: u32,
    pub postgres_max: u32,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            sqlite_readers: 4,
            postgres_max: 16,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let mut c = Config::default();
        c.apply_env(|k| match k {
            "KINERJA_LISTEN" => Some("0.0.0.0:9000".into()),
            "DATABASE_URL" => Some("postgres://x/y".into()),
            "DATABASE_READ_URL" => Some(" postgres://replica/y ".into()),
            "KINERJA_COOKIE_SECURE" => Some("false".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.listen_addr().unwrap().port(), 9000);
        assert_eq!(c.database_url, "postgres://x/y");
        assert_eq!(c.database_read_url.as_deref(), Some("postgres://replica/y"));
        assert!(!c.cookie_secure);
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        let mut c = Config::default();
        let err = c
            .apply_env(|k| (k == "KINERJA_SQLITE_READERS").then(|| "many".into()))
            .unwrap_err();
        assert!(err.to_string().contains("KINERJA_SQLITE_READERS"));
    }

    #[test]
    fn audit_keys_are_long_and_created_privately_once() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = Config {
            data_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        let a = cfg.audit_key_bytes().unwrap();
        assert!(a.len() >= AUDIT_KEY_MIN);
        assert_eq!(cfg.audit_key_bytes().unwrap(), a, "created once");
        let path = dir.path().join("audit.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by the owner only: {mode:o}");
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
            .collect();
        assert!(leftovers.is_empty());
        // A short key file or variable is refused.
        std::fs::write(&path, "pendek").unwrap();
        let err = cfg.audit_key_bytes().unwrap_err().to_string();
        assert!(err.contains("32"), "{err}");
        let short = Config {
            audit_key: Some("x".repeat(31)),
            ..Config::default()
        };
        assert!(short.audit_key_bytes().is_err());
        // Two processes racing to create it end up with one key.
        let dir = tempfile::tempdir().unwrap();
        let cfg = Config {
            data_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        let keys: Vec<Vec<u8>> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|_| s.spawn(|| cfg.audit_key_bytes().unwrap()))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(keys.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn proxy_ranges() {
        let c = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(c.contains("10.1.200.3".parse().unwrap()));
        assert!(!c.contains("10.2.0.1".parse().unwrap()));
        assert!(c.contains("::ffff:10.1.0.9".parse().unwrap()));
        let one = Cidr::parse("127.0.0.1").unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()));
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        assert!(
            Cidr::parse("::/0")
                .unwrap()
                .contains("2001:db8::1".parse().unwrap())
        );
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        for bad in ["", "10.0.0.0/33", "x", "10.0.0.0/", "1.2.3.4/-1"] {
            assert!(Cidr::parse(bad).is_none(), "{bad}");
        }
        let mut cfg = Config::default();
        cfg.apply_env(|k| (k == "KINERJA_TRUSTED_PROXIES").then(|| "127.0.0.1, 10.0.0.0/8".into()))
            .unwrap();
        assert_eq!(cfg.proxies().unwrap().len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn any_proxy_setting_is_read_or_refused(s in "\\PC*", t in "[0-9a-f.:/ ]{0,40}") {
            for x in [&s, &t] {
                if let Some(c) = Cidr::parse(x) {
                    let _ = c.contains("10.0.0.1".parse().unwrap());
                }
            }
        }
    }

    #[test]
    fn file_form_parses() {
        let c: Config =
            toml::from_str("listen = \"127.0.0.1:1\"\ncookie_secure = false\n").unwrap();
        assert_eq!(c.listen, "127.0.0.1:1");
        assert!(!c.cookie_secure);
        assert!(toml::from_str::<Config>("lisen = 1").is_err());
    }
}
