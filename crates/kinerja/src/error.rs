//! Errors as types with stable codes. Pages and the API translate a code into the user's
//! language (locales/*.ftl, key `err-<code>`); logs keep the technical detail.

use crate::i18n::Lang;

/// One thing wrong with user input: which field, which rule, and the values to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub field: Option<String>,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

impl Problem {
    pub fn new(field: impl Into<Option<&'static str>>, code: &str) -> Problem {
        Problem {
            field: field.into().map(str::to_string),
            code: code.to_string(),
            args: Vec::new(),
        }
    }

    /// A problem on a field whose name is built at run time (e.g. one per row).
    pub fn at(field: impl Into<String>, code: &str) -> Problem {
        Problem {
            field: Some(field.into()),
            code: code.to_string(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Problem {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    /// The message in `lang`: the translation of `err-<code>` with the arguments filled in.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        crate::i18n::tf(lang, &format!("err-{}", self.code), &args)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not signed in")]
    Unauthorized,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("the temporary password has expired")]
    PasswordExpired,
    /// Too many failed sign-ins for this account from devices it never used (or from this
    /// device): the same answer whether or not the account exists.
    #[error("sign-in throttled for {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("too many requests, retry in {seconds} s")]
    RateLimited { seconds: u64 },
    /// The server is doing as much of this heavy work as it may at once.
    #[error("busy, retry in {seconds} s")]
    Busy { seconds: u64 },
    #[error("cross-site request refused")]
    Csrf,
    #[error("invalid input: {0:?}")]
    Invalid(Vec<Problem>),
    /// Someone else changed the record since it was read (optimistic concurrency).
    #[error("stale: the record changed since it was read")]
    Stale,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &'static str, code: &str) -> AppError {
        AppError::Invalid(vec![Problem::new(field, code)])
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::BadCredentials => "bad-credentials",
            AppError::PasswordExpired => "password-expired",
            AppError::Throttled { .. } => "throttled",
            AppError::RateLimited { .. } => "rate-limited",
            AppError::Csrf => "csrf",
            AppError::Busy { .. } => "busy",
            AppError::Invalid(_) => "invalid",
            AppError::Stale => "stale",
            AppError::Conflict(code) => code,
            AppError::Config(_) => "config",
            AppError::Db(_) | AppError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode as S;
        match self {
            AppError::NotFound => S::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => S::FORBIDDEN,
            AppError::Unauthorized | AppError::BadCredentials | AppError::PasswordExpired => {
                S::UNAUTHORIZED
            }
            AppError::Throttled { .. } | AppError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::Busy { .. } => S::SERVICE_UNAVAILABLE,
            AppError::Stale | AppError::Conflict(_) => S::CONFLICT,
            AppError::Config(_) | AppError::Db(_) | AppError::Internal(_) => {
                S::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The user-facing message in `lang`. Internal details never reach the user.
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::{t, tf};
        match self {
            AppError::Throttled { minutes } => {
                tf(lang, "err-throttled", &[("minutes", &minutes.to_string())])
            }
            AppError::RateLimited { seconds } => tf(
                lang,
                "err-rate-limited",
                &[("seconds", &seconds.to_string())],
            ),
            AppError::Invalid(problems) => problems
                .iter()
                .map(|p| p.message(lang))
                .collect::<Vec<_>>()
                .join("; "),
            AppError::Config(detail) => format!("{}: {detail}", t(lang, "err-config")),
            other => t(lang, &format!("err-{}", other.code())).to_string(),
        }
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, AppError::Db(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

pub type AppResult<T> = Result<T, AppError>;
