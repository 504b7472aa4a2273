//! The rencana aksi of a plan, per period.

use super::*;
use crate::services::progres::{RencanaAksiInput, RencanaAksiView};

#[derive(Template)]
#[template(path = "rencana_aksi.html")]
pub struct RencanaAksiPage {
    pub ctx: Ctx,
    pub v: RencanaAksiView,
    pub errors: FormErrors,
    pub typed: HashMap<String, String>,
    pub notice: Option<String>,
}

impl RencanaAksiPage {
    pub fn typed(&self, k: &str) -> String {
        self.typed.get(k).cloned().unwrap_or_default()
    }

    pub fn target(&self, t: &Option<f64>) -> String {
        t.map(|x| x.to_string()).unwrap_or_default()
    }

    /// The names a rencana aksi was handed down to.
    pub fn handed_to(&self, id: &i64) -> String {
        self.v
            .handed_down
            .iter()
            .filter(|(from, _, _)| from == id)
            .map(|(_, _, n)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn items_of(&self, indikator_id: &i64) -> Vec<&crate::services::progres::RencanaAksiRow> {
        self.v.of_indikator(*indikator_id)
    }

    pub fn rhk_of(&self, rhk_id: &i64) -> String {
        self.v
            .rhk
            .iter()
            .find(|r| r.id == *rhk_id)
            .map(|r| r.teks.clone())
            .unwrap_or_default()
    }

    pub fn perubahan(&self, code: &str) -> &'static str {
        match code {
            "hapus" => self.ctx.t("rencana-aksi-dihapus-riwayat"),
            _ => self.ctx.t("rencana-aksi-diubah-riwayat"),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct RaQuery {
    #[serde(default)]
    periode: Option<i64>,
    #[serde(default)]
    pesan: Option<String>,
    #[serde(default)]
    n: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    skp_id: i64,
    period_id: Option<i64>,
    errors: FormErrors,
    typed: HashMap<String, String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let v = svc::rencana_aksi_view(app, user, skp_id, period_id).await?;
    let page = RencanaAksiPage {
        ctx: Ctx::new(
            lang,
            Some(user),
            &format!("/skp/{skp_id}/rencana-aksi"),
            "skp",
        ),
        v,
        errors,
        typed,
        notice,
    };
    render_status(status_of(&page.errors), page)
}

pub(super) async fn rencana_aksi_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<RaQuery>,
) -> AppResult<Response> {
    let notice = q.pesan.as_deref().and_then(|p| {
        Some(match p {
            "tersimpan" => crate::i18n::t(lang, "rencana-aksi-tersimpan").to_string(),
            "diubah" => crate::i18n::t(lang, "rencana-aksi-diubah").to_string(),
            "dihapus" => crate::i18n::t(lang, "rencana-aksi-dihapus").to_string(),
            "catatan" => crate::i18n::t(lang, "rencana-aksi-catatan-tersimpan").to_string(),
            "diturunkan" => crate::i18n::t(lang, "rencana-aksi-diturunkan").to_string(),
            "disalin" => crate::i18n::tf(
                lang,
                "rencana-aksi-disalin",
                &[("n", &q.n.unwrap_or(0).to_string())],
            ),
            _ => return None,
        })
    });
    show(
        &app,
        &user,
        lang,
        id,
        q.periode,
        FormErrors::default(),
        HashMap::new(),
        notice,
    )
    .await
}

/// The rencana aksi of my current plan (where notifications point).
pub(super) async fn my_rencana_aksi(State(app): State<App>, user: WebUser) -> AppResult<Response> {
    let (skp, period) = svc::my_current_plan(&app, &user).await?;
    Ok(Redirect::to(&format!("/skp/{skp}/rencana-aksi?periode={period}")).into_response())
}

/// Back to the plan's page for the period, at the row that changed.
fn landed(skp: i64, period: i64, pesan: &str, anchor: &str) -> Response {
    Redirect::to(&format!(
        "/skp/{skp}/rencana-aksi?periode={period}&pesan={pesan}#{anchor}"
    ))
    .into_response()
}

async fn refused(
    app: &App,
    user: &WebUser,
    lang: Lang,
    skp: i64,
    period: Option<i64>,
    f: HashMap<String, String>,
    e: AppError,
) -> AppResult<Response> {
    match form_errors(&e, lang) {
        Some(errors) => show(app, user, lang, skp, period, errors, f, None).await,
        None => Err(e),
    }
}

fn input_of(f: &HashMap<String, String>) -> RencanaAksiInput {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    RencanaAksiInput {
        indikator_id: get("indikator_id"),
        teks: get("teks"),
        target: get("target"),
        satuan: get("satuan"),
    }
}

fn period_of(f: &HashMap<String, String>) -> Option<i64> {
    f.get("periode").and_then(|p| p.parse().ok())
}

pub(super) async fn add_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(skp): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let period = period_of(&f).ok_or(AppError::NotFound)?;
    match svc::add_rencana_aksi(&app, &user, skp, period, &input_of(&f)).await {
        Ok(id) => Ok(landed(skp, period, "tersimpan", &format!("ra-{id}"))),
        Err(e) => refused(&app, &user, lang, skp, Some(period), f, e).await,
    }
}

pub(super) async fn copy_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(skp): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let period = period_of(&f).ok_or(AppError::NotFound)?;
    match svc::copy_previous(&app, &user, skp, period).await {
        Ok(n) => Ok(Redirect::to(&format!(
            "/skp/{skp}/rencana-aksi?periode={period}&pesan=disalin&n={n}"
        ))
        .into_response()),
        Err(e) => refused(&app, &user, lang, skp, Some(period), f, e).await,
    }
}

pub(super) async fn adopt_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path((skp, tid)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let indikator = f.get("indikator_id").cloned().unwrap_or_default();
    match svc::adopt(&app, &user, skp, tid, &indikator).await {
        Ok(id) => {
            let r = svc::rencana_aksi_row(&app, &user, id).await?;
            Ok(landed(skp, r.period_id, "tersimpan", &format!("ra-{id}")))
        }
        Err(e) => refused(&app, &user, lang, skp, period_of(&f), f, e).await,
    }
}

/// The plan and period of a rencana aksi, for the page a refused form shows again.
async fn home_of(app: &App, user: &WebUser, id: i64) -> AppResult<(i64, i64)> {
    let r = svc::rencana_aksi_row(app, user, id).await?;
    Ok((r.skp_id, r.period_id))
}

pub(super) async fn edit_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let (skp, period) = home_of(&app, &user, id).await?;
    match svc::edit(&app, &user, id, &input_of(&f)).await {
        Ok(_) => Ok(landed(skp, period, "diubah", &format!("ra-{id}"))),
        Err(e) => refused(&app, &user, lang, skp, Some(period), f, e).await,
    }
}

pub(super) async fn remove_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let (skp, period) = home_of(&app, &user, id).await?;
    match svc::remove(&app, &user, id).await {
        Ok(r) => Ok(landed(
            skp,
            period,
            "dihapus",
            &format!("ind-{}", r.indikator_id),
        )),
        Err(e) => refused(&app, &user, lang, skp, Some(period), f, e).await,
    }
}

pub(super) async fn comment_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let (skp, period) = home_of(&app, &user, id).await?;
    let catatan = f.get("catatan").cloned().unwrap_or_default();
    match svc::comment(&app, &user, id, &catatan).await {
        Ok(_) => Ok(landed(skp, period, "catatan", &format!("ra-{id}"))),
        Err(e) => refused(&app, &user, lang, skp, Some(period), f, e).await,
    }
}

pub(super) async fn hand_down_rencana_aksi(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (skp, period) = home_of(&app, &user, id).await?;
    let to: Vec<i64> = f
        .iter()
        .filter(|(k, _)| k == "pegawai")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match svc::hand_down(&app, &user, id, &to).await {
        Ok(()) => Ok(landed(skp, period, "diturunkan", &format!("ra-{id}"))),
        Err(e) => {
            let typed = f.into_iter().collect();
            refused(&app, &user, lang, skp, Some(period), typed, e).await
        }
    }
}
