//! Mail: notifications, reminders and a daily digest by email, and password-reset links.
//!
//! Everything to be sent is first written to the `outbox` table in the transaction that
//! decided it; any server process then sends it. A process claims a row before sending,
//! so two processes never send the same mail, and a claim left by a process that died is
//! taken over after [`CLAIM_MINUTES`]. The daily jobs (reminders, digest) take their day's
//! row in `job_runs` first: exactly one process runs each, however many are started.
//!
//! Delivery goes through a [`Channel`]: email over SMTP, and a webhook a regency's
//! WhatsApp gateway consumes (its contract is in docs/notifications.md).

mod reset;

pub use reset::*;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::store::mail::{self as store, NewMail, OutboxRow};
use chrono::NaiveDate;

/// A claim on an outbox row older than this is taken over (its sender died).
pub const CLAIM_MINUTES: i64 = 5;
/// Notifications older than this when first looked at are not mailed (mail was off, or
/// the server was down for days): old news by mail only confuses.
pub const FRESH_HOURS: i64 = 48;

/// A way to reach people. `send` delivers one outbox row or says why it could not.
pub trait Channel: Send + Sync {
    fn name(&self) -> &'static str;
    fn send(
        &self,
        mail: &OutboxRow,
    ) -> impl std::future::Future<Output = Result<(), String>> + Send;
}

/// Email over SMTP (`KINERJA_SMTP_URL`).
pub struct SmtpChannel {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl SmtpChannel {
    pub fn new(url: &str, from: &str) -> AppResult<SmtpChannel> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| AppError::Config(format!("KINERJA_SMTP_URL: {e}")))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| AppError::Config(format!("KINERJA_MAIL_FROM: {e}")))?;
        Ok(SmtpChannel { transport, from })
    }

    /// The channel of the configuration, when mail is configured.
    pub fn from_config(app: &App) -> AppResult<Option<SmtpChannel>> {
        match &app.cfg.smtp_url {
            Some(url) => SmtpChannel::new(url, &app.cfg.mail_from).map(Some),
            None => Ok(None),
        }
    }
}

impl Channel for SmtpChannel {
    fn name(&self) -> &'static str {
        "email"
    }

    async fn send(&self, mail: &OutboxRow) -> Result<(), String> {
        use lettre::AsyncTransport;
        let to: lettre::message::Mailbox = mail.recipient.parse().map_err(|e| format!("{e}"))?;
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// A signed JSON post per outbox row to `KINERJA_WEBHOOK_URL` (plain HTTP inside the
/// regency's network; TLS, if wanted, through a proxy).
pub struct WebhookChannel {
    client: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        http_body_util::Full<bytes::Bytes>,
    >,
    url: axum::http::Uri,
    secret: String,
}

impl WebhookChannel {
    pub fn new(url: &str, secret: &str) -> AppResult<WebhookChannel> {
        let url = url
            .parse()
            .map_err(|e| AppError::Config(format!("KINERJA_WEBHOOK_URL: {e}")))?;
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        Ok(WebhookChannel {
            client,
            url,
            secret: secret.to_string(),
        })
    }

    pub fn from_config(app: &App) -> AppResult<Option<WebhookChannel>> {
        match (&app.cfg.webhook_url, &app.cfg.webhook_secret) {
            (Some(url), Some(secret)) => WebhookChannel::new(url, secret).map(Some),
            _ => Ok(None),
        }
    }

    /// The hex HMAC-SHA256 of a body under the shared secret.
    pub fn signature(secret: &str, body: &[u8]) -> String {
        use hmac::{Hmac, KeyInit, Mac};
        let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
            .expect("any key length");
        m.update(body);
        hex::encode(m.finalize().into_bytes())
    }
}

impl Channel for WebhookChannel {
    fn name(&self) -> &'static str {
        "webhook"
    }

    async fn send(&self, mail: &OutboxRow) -> Result<(), String> {
        let body = serde_json::json!({
            "id": mail.id,
            "instansi_id": mail.instansi_id,
            "recipient": mail.recipient,
            "subject": mail.subject,
            "text": mail.body,
        })
        .to_string();
        let signature = WebhookChannel::signature(&self.secret, body.as_bytes());
        let req = axum::http::Request::post(self.url.clone())
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .header("x-kinerja-signature", signature)
            .body(http_body_util::Full::new(bytes::Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let res =
            tokio::time::timeout(std::time::Duration::from_secs(20), self.client.request(req))
                .await
                .map_err(|_| "timeout".to_string())?
                .map_err(|e| e.to_string())?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("HTTP {}", res.status()))
        }
    }
}

/// Whether the deployment sends mail at all.
pub fn enabled(app: &App) -> bool {
    app.cfg.smtp_url.is_some()
}

/// An address worth trying: something@something, one line.
fn plausible(address: &str) -> bool {
    let a = address.trim();
    a.len() <= 254
        && a.split_once('@')
            .is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !d.ends_with('.'))
        && !a.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The address people reach the application at, without a trailing slash ("" if unset).
fn public_base(app: &App) -> &str {
    app.cfg
        .public_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
}

/// The closing lines of every mail: where to act and where to change one's choices.
fn footer(app: &App, lang: Lang, link: &str) -> String {
    let base = public_base(app);
    let mut s = String::new();
    if !link.is_empty() {
        s.push_str(&crate::i18n::tf(
            lang,
            "mail-open",
            &[("url", &format!("{base}{link}"))],
        ));
        s.push_str("\n\n");
    }
    s.push_str(&crate::i18n::tf(
        lang,
        "mail-why",
        &[("url", &format!("{base}/akun/notifikasi"))],
    ));
    s
}

/// Turns new in-app notifications into mail for those who want each at once and have an
/// address; every notification is looked at once (marked whatever the outcome). Returns
/// how many mails were written.
pub async fn queue_notifications(app: &App) -> AppResult<usize> {
    let lang = Lang::Id;
    let fresh_after = crate::store::now_micros() - FRESH_HOURS * 3_600_000_000;
    let mut queued = 0;
    loop {
        let batch = store::unmailed(&app.db, 200).await?;
        if batch.is_empty() {
            return Ok(queued);
        }
        let mut tx = app.db.begin().await?;
        for n in &batch {
            if !store::mark_mailed(&mut tx, n.instansi_id, n.id).await? {
                continue;
            }
            let reminder = n.kind.starts_with("pengingat_");
            let wanted = if reminder {
                n.email_pengingat
            } else {
                n.email_mode == "segera"
            };
            if !wanted || n.created_at < fresh_after {
                continue;
            }
            let text = crate::services::notifications::text(lang, &n.kind, &n.params_json);
            // The gateway knows people by NIP; it is told as soon as the person chose.
            if app.cfg.webhook_url.is_some()
                && let Some(nip) = n.nip.as_deref().filter(|x| !x.is_empty())
            {
                let body = format!("{text}\n\n{}", footer(app, lang, &n.link));
                store::outbox_insert(
                    &mut tx,
                    &NewMail {
                        instansi_id: n.instansi_id,
                        channel: "webhook",
                        recipient: nip,
                        subject: "Kinerja",
                        body: &body,
                    },
                )
                .await?;
                queued += 1;
            }
            let address = n.email.as_deref().unwrap_or("").trim();
            if !enabled(app) || !plausible(address) {
                continue;
            }
            let subject = format!("Kinerja: {}", text.chars().take(120).collect::<String>());
            let body = format!("{text}\n\n{}", footer(app, lang, &n.link));
            store::outbox_insert(
                &mut tx,
                &NewMail {
                    instansi_id: n.instansi_id,
                    channel: "email",
                    recipient: address,
                    subject: &subject,
                    body: &body,
                },
            )
            .await?;
            queued += 1;
        }
        tx.commit().await?;
    }
}

/// Sends what the outbox holds through `channel`. Returns (sent, failed).
pub async fn deliver<C: Channel>(app: &App, channel: &C) -> AppResult<(usize, usize)> {
    let stale = crate::store::now_micros() - CLAIM_MINUTES * 60_000_000;
    let (mut sent, mut failed) = (0, 0);
    for mail in store::outbox_due(&app.db, stale, 100).await? {
        if mail.channel != channel.name() {
            continue;
        }
        let mut tx = app.db.begin().await?;
        let mine = store::outbox_claim(&mut tx, mail.id, stale).await?;
        tx.commit().await?;
        if !mine {
            continue;
        }
        let outcome = channel.send(&mail).await;
        let mut tx = app.db.begin().await?;
        store::outbox_done(&mut tx, mail.id, outcome.as_ref().err().map(String::as_str)).await?;
        tx.commit().await?;
        match outcome {
            Ok(()) => sent += 1,
            Err(e) => {
                failed += 1;
                tracing::warn!(mail = mail.id, attempt = mail.attempts + 1, error = %e, "mail not sent");
            }
        }
    }
    Ok((sent, failed))
}

/// The daily jobs of `today`, each run by one process only: reminders of deadlines
/// `KINERJA_REMINDER_DAYS` ahead, then the digest of the last day's unread notifications
/// for those who chose one mail a day. Returns (reminders written, digests written).
pub async fn daily(app: &App, today: NaiveDate, holder: &str) -> AppResult<(u64, usize)> {
    let mut reminders = 0;
    let mut tx = app.db.begin().await?;
    let take = store::job_take(&mut tx, "pengingat", today, holder).await?;
    tx.commit().await?;
    if take {
        reminders = remind(app, today).await?;
    }
    let mut digests = 0;
    let mut tx = app.db.begin().await?;
    let take = store::job_take(&mut tx, "ringkasan", today, holder).await?;
    tx.commit().await?;
    if take && enabled(app) {
        digests = digest(app).await?;
    }
    Ok((reminders, digests))
}

async fn remind(app: &App, today: NaiveDate) -> AppResult<u64> {
    let mut written = 0;
    for inst in crate::store::org::instansi_list(&app.db).await? {
        let Some(year) = crate::services::periode::current_year(app, inst.id).await? else {
            continue;
        };
        let due_in = |d: NaiveDate| (d - today).num_days();
        let mut tx = app.db.begin().await?;
        if app
            .cfg
            .reminder_days
            .contains(&due_in(year.batas_perencanaan))
        {
            let params = serde_json::json!({
                "tahun": year.tahun,
                "tanggal": crate::services::documents::tanggal(year.batas_perencanaan),
            });
            written += store::remind_plans(&mut tx, inst.id, year.id, &params.to_string()).await?;
        }
        for p in crate::store::periode::periods(&app.db, inst.id, year.id).await? {
            if app.cfg.reminder_days.contains(&due_in(p.batas)) {
                let params = serde_json::json!({
                    "periode": p.nama,
                    "tanggal": crate::services::documents::tanggal(p.batas),
                });
                written +=
                    store::remind_period(&mut tx, inst.id, year.id, p.id, &params.to_string())
                        .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(written)
}

async fn digest(app: &App) -> AppResult<usize> {
    let lang = Lang::Id;
    let since = crate::store::now_micros() - 24 * 3_600_000_000;
    let lines = store::digest_lines(&app.db, since).await?;
    let mut tx = app.db.begin().await?;
    let mut written = 0;
    for person in lines.chunk_by(|a, b| a.user_id == b.user_id) {
        let first = &person[0];
        if !plausible(&first.email) {
            continue;
        }
        let mut body = crate::i18n::tf(
            lang,
            "mail-digest-intro",
            &[("n", &person.len().to_string())],
        );
        body.push_str("\n\n");
        for l in person {
            body.push_str("- ");
            body.push_str(&crate::services::notifications::text(
                lang,
                &l.kind,
                &l.params_json,
            ));
            body.push('\n');
        }
        body.push('\n');
        body.push_str(&footer(app, lang, "/notifikasi"));
        let subject = crate::i18n::tf(
            lang,
            "mail-digest-subject",
            &[("n", &person.len().to_string())],
        );
        store::outbox_insert(
            &mut tx,
            &NewMail {
                instansi_id: first.instansi_id,
                channel: "email",
                recipient: first.email.trim(),
                subject: &subject,
                body: &body,
            },
        )
        .await?;
        written += 1;
    }
    tx.commit().await?;
    Ok(written)
}

/// The mailer of a server process: every few seconds new notifications become mail and
/// the outbox is sent; from 06:00 office time the day's jobs run (in one process only).
/// Without mail configured the reminders are still written, in the application only.
pub fn spawn(app: App) -> AppResult<()> {
    let channel = SmtpChannel::from_config(&app)?;
    let webhook = WebhookChannel::from_config(&app)?;
    let holder = format!("{}:{}", std::process::id(), crate::auth::random_token(4));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
        // The day this process last tried the daily jobs: it does not ask the database
        // again that day. Only this process's own tries are skipped; the job_runs row still
        // decides which process runs them.
        let mut tried: Option<NaiveDate> = None;
        loop {
            tick.tick().await;
            let result = async {
                queue_notifications(&app).await?;
                let now = chrono::Utc::now().with_timezone(&crate::app::wib());
                let today = now.date_naive();
                if chrono::Timelike::hour(&now) >= 6 && tried != Some(today) {
                    daily(&app, today, &holder).await?;
                    tried = Some(today);
                    queue_notifications(&app).await?;
                }
                if let Some(c) = &channel {
                    deliver(&app, c).await?;
                }
                if let Some(w) = &webhook {
                    deliver(&app, w).await?;
                }
                Ok::<(), AppError>(())
            }
            .await;
            if let Err(e) = result {
                tracing::warn!(error = %e, "mailer round failed");
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plausible_addresses_are_tried() {
        for ok in ["siti@lampungutarakab.go.id", "a.b@x.co"] {
            assert!(plausible(ok), "{ok}");
        }
        for bad in [
            "",
            "siti",
            "@x.id",
            "siti@",
            "siti@localhost",
            "a b@x.id",
            "a@x.id\nBcc: z@y.id",
            "a@x.",
        ] {
            assert!(!plausible(bad), "{bad:?}");
        }
    }
}
