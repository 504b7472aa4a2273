//! Sign-in and account.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct NextQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    pesan: String,
}

pub(super) async fn login_page(
    UserLang(lang): UserLang,
    Query(q): Query<NextQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let notice =
        (q.pesan == "sandi-baru").then(|| crate::i18n::t(lang, "notice-sandi-baru").to_string());
    render(LoginPage {
        ctx: Ctx::new(lang, None, &here(&uri), "masuk"),
        username: String::new(),
        next: q.next,
        error: None,
        notice,
    })
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub(super) async fn login_submit(
    State(app): State<App>,
    UserLang(lang): UserLang,
    req: Request,
) -> AppResult<Response> {
    let ip = client_ip(&app.proxies, req.extensions(), req.headers());
    let device =
        cookie(req.headers(), crate::services::throttle::DEVICE_COOKIE).map(str::to_string);
    let uri = req.uri().clone();
    let form: axum::Form<LoginForm> = axum::Form::from_request(req, &app)
        .await
        .map_err(|_| AppError::invalid("form", "form-malformed"))?;
    let form = form.0;
    let origin = accounts::Origin {
        ip,
        device: device.as_deref(),
    };
    match accounts::login(&app, &form.username, &form.password, origin, KIND_WEB).await {
        Ok(login) => {
            let target = if login.must_change_password {
                "/akun/kata-sandi".to_string()
            } else {
                safe_next(&form.next).to_string()
            };
            let mut res = Redirect::to(&target).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&app, &login.token, app.cfg.session_hours * 3600),
            );
            res.headers_mut().append(
                header::SET_COOKIE,
                device_cookie(&app, &login.device_cookie),
            );
            Ok(res)
        }
        Err(
            e @ (AppError::BadCredentials
            | AppError::PasswordExpired
            | AppError::Throttled { .. }
            | AppError::RateLimited { .. }),
        ) => {
            let status = e.status();
            let page = LoginPage {
                ctx: Ctx::new(lang, None, &here(&uri), "masuk"),
                username: form.username,
                next: form.next,
                error: Some(e.message(lang)),
                notice: None,
            };
            Ok((status, render(page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

use axum::extract::FromRequest;

pub(super) async fn logout(
    State(app): State<App>,
    user: WebUser,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> AppResult<Response> {
    // The token itself is not kept in the session row; end the session by its hash.
    accounts::logout(&app, &user.session.token_hash).await?;
    let mut res = Redirect::to("/masuk").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&app, "", 0));
    Ok(res)
}

pub(super) async fn set_lang(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let mut res = Redirect::to(safe_next(&q.next)).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            lang.code()
        ))
        .expect("ASCII"),
    );
    res
}

pub(super) async fn password_page(
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    render(PasswordPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "akun"),
        forced: user.session.must_change_password,
        errors: FormErrors::default(),
        done: false,
    })
}

#[derive(Deserialize)]
pub(super) struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

pub(super) async fn password_submit(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    match accounts::change_password(&app, &user, &form.current, &form.password, &form.confirm).await
    {
        Ok(()) => {
            let mut fresh = user.0.clone();
            fresh.session.must_change_password = false;
            render(PasswordPage {
                ctx: Ctx::new(lang, Some(&fresh), &here(&uri), "akun"),
                forced: false,
                errors: FormErrors::default(),
                done: true,
            })
        }
        Err(AppError::Invalid(problems)) => {
            let page = PasswordPage {
                ctx: Ctx::new(lang, Some(&user), &here(&uri), "akun"),
                forced: user.session.must_change_password,
                errors: FormErrors::from_problems(&problems, lang),
                done: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
