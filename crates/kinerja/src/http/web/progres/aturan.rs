//! The admin BKPSDM's rules for the daily log and the instansi's holidays.

use super::*;
use crate::services::progres::{AturanInput, AturanView};

#[derive(Template)]
#[template(path = "progres_aturan.html")]
pub struct AturanPage {
    pub ctx: Ctx,
    pub v: AturanView,
    pub errors: FormErrors,
    pub typed: HashMap<String, String>,
    pub notice: Option<&'static str>,
}

impl AturanPage {
    pub fn typed(&self, k: &str) -> String {
        self.typed.get(k).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
pub(super) struct AturanQuery {
    #[serde(default)]
    tahun: Option<i32>,
    #[serde(default)]
    pesan: Option<String>,
}

async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    tahun: Option<i32>,
    errors: FormErrors,
    typed: HashMap<String, String>,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let v = svc::aturan_view(app, user, tahun).await?;
    let page = AturanPage {
        ctx: Ctx::new(lang, Some(user), "/admin/progres", "progres-aturan"),
        v,
        errors,
        typed,
        notice,
    };
    render_status(status_of(&page.errors), page)
}

pub(super) async fn aturan_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<AturanQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_deref() {
        Some("aturan") => Some("progres-aturan-tersimpan"),
        Some("libur") => Some("progres-libur-tersimpan"),
        Some("libur-hapus") => Some("progres-libur-dihapus"),
        _ => None,
    };
    show(
        &app,
        &user,
        lang,
        q.tahun,
        FormErrors::default(),
        HashMap::new(),
        notice,
    )
    .await
}

async fn after(
    app: &App,
    user: &WebUser,
    lang: Lang,
    f: HashMap<String, String>,
    r: AppResult<String>,
) -> AppResult<Response> {
    match r {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => match form_errors(&e, lang) {
            Some(errors) => show(app, user, lang, None, errors, f, None).await,
            None => Err(e),
        },
    }
}

pub(super) async fn save_aturan(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let input = AturanInput {
        toleransi_hari: f.get("toleransi_hari").cloned().unwrap_or_default(),
        pengakuan_wajib: f.get("pengakuan_wajib").is_some_and(|v| v != "0"),
    };
    let r = svc::set_aturan(&app, &user, &input)
        .await
        .map(|_| "/admin/progres?pesan=aturan#aturan".to_string());
    after(&app, &user, lang, f, r).await
}

pub(super) async fn add_holiday(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let r = svc::add_holiday(&app, &user, &get("tanggal"), &get("nama"))
        .await
        .map(|d| {
            format!(
                "/admin/progres?tahun={}&pesan=libur#libur-{d}",
                chrono::Datelike::year(&d)
            )
        });
    after(&app, &user, lang, f, r).await
}

pub(super) async fn remove_holiday(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::remove_holiday(
        &app,
        &user,
        f.get("tanggal").map(String::as_str).unwrap_or(""),
    )
    .await
    .map(|d| {
        format!(
            "/admin/progres?tahun={}&pesan=libur-hapus#libur",
            chrono::Datelike::year(&d)
        )
    });
    after(&app, &user, lang, f, r).await
}
