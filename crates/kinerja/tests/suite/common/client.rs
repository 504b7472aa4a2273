//! The HTTP clients: a browser-like client with its cookies, and the API.

use super::*;

pub struct Response {
    pub bytes: Vec<u8>,
    pub status: StatusCode,
    pub location: Option<String>,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Response {
    /// Statements the server sent to the database for this response (`x-kinerja-queries`).
    pub fn queries(&self) -> u32 {
        self.headers
            .get("x-kinerja-queries")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("the test server counts queries")
    }

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

    /// Posts a multipart form with text fields and named file parts (name, file name,
    /// bytes), as a browser sends a whole form with its file boxes.
    pub async fn upload_parts(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Response {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (name, file_name, bytes) in files {
            form = form.part(
                name.to_string(),
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string()),
            );
        }
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

pub(super) fn extract_csrf(html: &str) -> Option<String> {
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
