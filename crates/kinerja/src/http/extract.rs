//! Extractors for pages: the signed-in user, the language, and CSRF-checked forms.

use super::{LANG_COOKIE, SESSION_COOKIE};
use crate::app::App;
use crate::auth::same_secret;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::services::accounts::{self, CurrentUser, KIND_WEB};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// The user's language (cookie, default Indonesian).
pub struct UserLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for UserLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(UserLang(lang_of(&parts.headers)))
    }
}

/// Paths a user who must change their password may still open.
const ALLOWED_BEFORE_PASSWORD_CHANGE: &[&str] = &["/akun/kata-sandi", "/keluar", "/bahasa"];

/// The signed-in user of a page request. Without a valid session the browser is sent to
/// the login page (and back here afterwards); a user who must change their password is
/// sent to do that first.
#[derive(Clone)]
pub struct WebUser(pub CurrentUser);

impl std::ops::Deref for WebUser {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.0
    }
}

fn to_login(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = format!(
        "/masuk?next={}",
        percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
    );
    Redirect::to(&target).into_response()
}

impl FromRequestParts<App> for WebUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Response> {
        if let Some(u) = parts.extensions.get::<WebUser>() {
            return Ok(u.clone());
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else {
            return Err(to_login(parts));
        };
        let user = match accounts::authenticate(app, &token, KIND_WEB).await {
            Ok(Some(u)) => WebUser(u),
            Ok(None) => return Err(to_login(parts)),
            Err(e) => return Err(e.into_response()),
        };
        let path = parts.uri.path();
        if user.session.must_change_password
            && !ALLOWED_BEFORE_PASSWORD_CHANGE
                .iter()
                .any(|p| path.starts_with(p))
        {
            return Err(Redirect::to("/akun/kata-sandi").into_response());
        }
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// A form whose `csrf` field must equal the session's token. The user must be signed in.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<App> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let user = WebUser::from_request_parts(&mut parts, app).await?;
        let bytes = axum::body::to_bytes(body, app.cfg.max_upload_bytes)
            .await
            .map_err(|_| AppError::invalid("form", "form-too-large").into_response())?;
        check_csrf(&user, &bytes).map_err(|r| *r)?;
        serde_urlencoded::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|e| {
                tracing::info!(error = %e, "form rejected");
                AppError::invalid("form", "form-malformed").into_response()
            })
    }
}

fn check_csrf(user: &CurrentUser, body: &[u8]) -> Result<(), Box<Response>> {
    let token = form_urlencoded::parse(body)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if same_secret(&token, &user.session.csrf_token) {
        Ok(())
    } else {
        Err(Box::new(AppError::Csrf.into_response()))
    }
}

/// A read that writes an audit event (a document download) must come from our own pages
/// or be typed by the user: a link or image on another site could otherwise write audit
/// rows in the victim's name. Browsers say so in `Sec-Fetch-Site`; clients that send no
/// such header (scripts with a token) are not browsers riding on a cookie.
pub struct NotCrossSite;

impl<S: Send + Sync> FromRequestParts<S> for NotCrossSite {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        match parts
            .headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
        {
            None | Some("same-origin" | "none") => Ok(NotCrossSite),
            Some(_) => Err(AppError::Csrf.into_response()),
        }
    }
}

/// A form that carries nothing but its CSRF token (buttons: end, confirm, sign out).
#[derive(serde::Deserialize)]
pub struct CsrfOnly {}

/// Deserialises an HTML checkbox: present (any value) means true.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v: Option<String> = serde::Deserialize::deserialize(d)?;
    Ok(v.is_some_and(|s| s != "0" && s != "false"))
}

/// The client's address, for login throttling. Behind a trusted reverse proxy it is the
/// last address in `X-Forwarded-For` that is not itself a trusted proxy; from anyone else
/// the header is ignored (it is trivially forged).
pub fn client_ip(
    proxies: &[crate::config::Cidr],
    parts_ext: &axum::http::Extensions,
    headers: &HeaderMap,
) -> std::net::IpAddr {
    let peer = parts_ext
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    forwarded_client(proxies, peer, headers)
}

pub fn forwarded_client(
    proxies: &[crate::config::Cidr],
    peer: std::net::IpAddr,
    headers: &HeaderMap,
) -> std::net::IpAddr {
    let trusted = |ip: std::net::IpAddr| proxies.iter().any(|c| c.contains(ip));
    if !trusted(peer) {
        return peer;
    }
    // Read from the right: our proxies append the address they saw, so only the end of the
    // list is theirs. Whatever a client put in front (garbage included) is never reached.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    hops.iter()
        .rev()
        .map_while(|h| h.trim().parse::<std::net::IpAddr>().ok())
        .find(|ip| !trusted(*ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;
    use crate::config::Cidr;
    use axum::http::HeaderMap;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies = vec![Cidr::parse("10.0.0.0/8").unwrap()];
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7, 10.0.0.3".parse().unwrap(),
        );
        // Through the proxy: the last hop before our proxies.
        assert_eq!(
            forwarded_client(&proxies, ip("10.0.0.2"), &h),
            ip("198.51.100.7")
        );
        // Straight from a client: the header is ignored.
        assert_eq!(
            forwarded_client(&proxies, ip("203.0.113.50"), &h),
            ip("203.0.113.50")
        );
        // No proxies configured: always the socket.
        assert_eq!(forwarded_client(&[], ip("10.0.0.2"), &h), ip("10.0.0.2"));
        // A garbled header falls back to the proxy itself.
        let mut bad = HeaderMap::new();
        bad.insert("x-forwarded-for", "nonsense".parse().unwrap());
        assert_eq!(
            forwarded_client(&proxies, ip("10.0.0.2"), &bad),
            ip("10.0.0.2")
        );
        // Garbage a client puts in front does not push everyone behind the proxy into the
        // proxy's own bucket: the address the proxy appended still counts.
        let mut forged = HeaderMap::new();
        forged.insert("x-forwarded-for", "garbage, 203.0.113.5".parse().unwrap());
        assert_eq!(
            forwarded_client(&proxies, ip("10.0.0.2"), &forged),
            ip("203.0.113.5")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_forwarded_header_gives_an_address(h in "[ -~]{0,120}") {
            let proxies = vec![Cidr::parse("10.0.0.0/8").unwrap()];
            let mut m = HeaderMap::new();
            if let Ok(v) = h.parse() {
                m.insert("x-forwarded-for", v);
            }
            let got = forwarded_client(&proxies, ip("10.0.0.2"), &m);
            // Never one of our own proxies, unless nothing else is known.
            proptest::prop_assert!(!proxies[0].contains(got) || got == ip("10.0.0.2"));
        }
    }
}
