//! "Lupa kata sandi" (a one-time link by email) and the choice of mails.

use super::*;
use crate::http::extract::client_ip;
use crate::services::mail as mail_svc;
use axum::extract::FromRequest;

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/akun/lupa-kata-sandi",
            get(forgot_page).post(forgot_submit),
        )
        .route("/akun/atur-ulang", get(reset_page).post(reset_submit))
        .route("/akun/notifikasi", get(choice_page).post(choice_submit))
}

#[derive(Template)]
#[template(path = "lupa.html")]
pub struct ForgotPage {
    pub ctx: Ctx,
    pub available: bool,
    pub sent: bool,
    pub who: String,
    pub error: Option<String>,
}

async fn forgot_page(
    State(app): State<App>,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    render(ForgotPage {
        ctx: Ctx::new(lang, None, &here(&uri), "masuk"),
        available: mail_svc::reset_available(&app),
        sent: false,
        who: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    nip: String,
}

async fn forgot_submit(
    State(app): State<App>,
    UserLang(lang): UserLang,
    req: Request,
) -> AppResult<Response> {
    let ip = client_ip(&app.proxies, req.extensions(), req.headers());
    let uri = req.uri().clone();
    let form: axum::Form<ForgotForm> = axum::Form::from_request(req, &app)
        .await
        .map_err(|_| AppError::invalid("form", "form-malformed"))?;
    let who = form.0.nip.trim().to_string();
    let ctx = Ctx::new(lang, None, &here(&uri), "masuk");
    let (status, sent, error) = if !mail_svc::reset_available(&app) {
        // Nothing to send: the page says to ask the admin, as on a GET.
        (StatusCode::OK, false, None)
    } else if who.is_empty() {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
            Some(ctx.t("err-lupa-nip-required").to_string()),
        )
    } else {
        match mail_svc::request_reset(&app, ip, &who).await {
            Ok(()) => (StatusCode::OK, true, None),
            Err(e @ AppError::RateLimited { .. }) => (e.status(), false, Some(e.message(lang))),
            Err(e) => return Err(e),
        }
    };
    let page = ForgotPage {
        available: mail_svc::reset_available(&app),
        sent,
        who: if sent { String::new() } else { who },
        error,
        ctx,
    };
    Ok((status, render(page)?).into_response())
}

#[derive(Template)]
#[template(path = "atur_ulang.html")]
pub struct ResetPage {
    pub ctx: Ctx,
    pub token: String,
    pub valid: bool,
    pub errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

async fn reset_page(
    State(app): State<App>,
    UserLang(lang): UserLang,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let valid = !q.token.is_empty() && mail_svc::reset_link_valid(&app, &q.token).await?;
    let page = ResetPage {
        ctx: Ctx::new(lang, None, "/akun/atur-ulang", "masuk"),
        token: q.token,
        valid,
        errors: FormErrors::default(),
    };
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok((status, render(page)?).into_response())
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn reset_submit(
    State(app): State<App>,
    UserLang(lang): UserLang,
    axum::Form(f): axum::Form<ResetForm>,
) -> AppResult<Response> {
    match mail_svc::reset_with_link(&app, &f.token, &f.password, &f.confirm).await {
        Ok(()) => Ok(Redirect::to("/masuk?pesan=sandi-baru").into_response()),
        Err(AppError::Invalid(p)) => {
            let valid = mail_svc::reset_link_valid(&app, &f.token).await?;
            let page = ResetPage {
                ctx: Ctx::new(lang, None, "/akun/atur-ulang", "masuk"),
                token: f.token,
                valid,
                errors: FormErrors::from_problems(&p, lang),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "akun_notifikasi.html")]
pub struct ChoicePage {
    pub ctx: Ctx,
    pub choice: crate::services::notifications::MailChoice,
    pub mail_on: bool,
    pub saved: bool,
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    pesan: String,
}

async fn choice_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<SavedQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let choice = crate::services::notifications::mail_choice(&app, &user).await?;
    render(ChoicePage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "notifikasi"),
        choice,
        mail_on: mail_svc::enabled(&app),
        saved: q.pesan == "tersimpan",
    })
}

#[derive(Deserialize)]
struct ChoiceForm {
    #[serde(default)]
    email_mode: String,
    #[serde(default)]
    email_pengingat: Option<String>,
}

async fn choice_submit(
    State(app): State<App>,
    user: WebUser,
    CsrfForm(f): CsrfForm<ChoiceForm>,
) -> AppResult<Response> {
    crate::services::notifications::set_mail_choice(
        &app,
        &user,
        &f.email_mode,
        f.email_pengingat.is_some(),
    )
    .await?;
    Ok(Redirect::to("/akun/notifikasi?pesan=tersimpan#pilihan").into_response())
}
