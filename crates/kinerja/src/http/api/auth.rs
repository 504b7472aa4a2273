//! Tokens and the signed-in user.

use super::*;

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// NIP (employees) or username (admin accounts).
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub token: String,
}

/// Exchanges credentials for a bearer token.
#[utoipa::path(
    post, path = "/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "NIP atau kata sandi salah", body = ApiErrorBody),
        (status = 429, description = "Terlalu banyak percobaan", body = ApiErrorBody),
    )
)]
pub async fn create_token(State(app): State<App>, req: Request) -> ApiResult<Json<TokenResponse>> {
    let ip = client_ip(&app.proxies, req.extensions(), req.headers());
    let ApiJson(body): ApiJson<TokenRequest> = ApiJson::from_request(req, &app).await?;
    // API clients keep no device cookie: their failures count against the account.
    let origin = accounts::Origin { ip, device: None };
    let login = accounts::login(&app, &body.username, &body.password, origin, KIND_API).await?;
    Ok(Json(TokenResponse { token: login.token }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeDto {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub employee_id: Option<i64>,
    pub roles: Vec<String>,
    /// Units this user leads (definitively or as PLT/PLH).
    pub led_unit_paths: Vec<String>,
}

/// The signed-in account and its rights.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeDto), (status = 401, body = ApiErrorBody)))]
pub async fn me(ApiUser(u): ApiUser) -> Json<MeDto> {
    Json(MeDto {
        user_id: u.session.user_id,
        username: u.session.username.clone(),
        display_name: u.session.display_name.clone(),
        employee_id: u.session.employee_id,
        roles: u.actor.roles.iter().map(|r| r.code().to_string()).collect(),
        led_unit_paths: u
            .actor
            .led_units
            .iter()
            .map(|p| p.as_str().to_string())
            .collect(),
    })
}
