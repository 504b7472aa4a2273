//! The plan page.

use super::*;
use axum::body::Bytes;
use axum::response::Html;

/// A form of the plan page that was refused: which one, what was typed, and why.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub which: String,
    pub values: HashMap<String, String>,
    pub errors: FormErrors,
}

impl FormState {
    pub fn is(&self, which: &str) -> bool {
        self.which == which
    }
    pub fn value(&self, which: &str, field: &str) -> String {
        if self.which == which {
            self.values.get(field).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

#[derive(Template)]
#[template(path = "skp.html")]
pub struct PlanPage {
    pub ctx: Ctx,
    pub v: std::sync::Arc<PlanView>,
    pub form: FormState,
    pub notice: Option<String>,
    /// The hasil kerja just changed: the confirmation is shown in it, not on top.
    pub changed: Option<i64>,
}

impl PlanPage {
    pub fn is_changed(&self, rhk_id: &i64) -> bool {
        self.changed == Some(*rhk_id)
    }

    pub fn can(&self, a: &str) -> bool {
        let action = match a {
            "edit" => SkpAction::Edit,
            "submit" => SkpAction::Submit,
            "withdraw" => SkpAction::Withdraw,
            "approve" => SkpAction::Approve,
            "return" => SkpAction::Return,
            "revise" => SkpAction::Revise,
            "expect" => SkpAction::WriteExpectations,
            _ => return false,
        };
        self.v.can(action)
    }

    pub fn utama(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.v
            .content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Utama)
            .collect()
    }

    pub fn tambahan(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.v
            .content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Tambahan)
            .collect()
    }

    /// Block A (Utama) and block B (Tambahan) with their rows.
    pub fn blocks(&self) -> Vec<(&'static str, &'static str, Vec<&kinerja_domain::skp::Rhk>)> {
        vec![
            ("A", self.ctx.t("skp-utama"), self.utama()),
            ("B", self.ctx.t("skp-tambahan"), self.tambahan()),
        ]
    }

    pub fn lampiran_parts(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("dukungan", self.ctx.t("lampiran-dukungan")),
            ("skema", self.ctx.t("lampiran-skema")),
            ("konsekuensi", self.ctx.t("lampiran-konsekuensi")),
        ]
    }

    pub fn note_of(&self, rhk_id: &i64) -> String {
        self.v.row_notes.get(rhk_id).cloned().unwrap_or_default()
    }

    pub fn ekspektasi(&self, kode: &u8) -> String {
        // Typed text comes back after a refusal of either form that carries the boxes.
        for which in ["ekspektasi", "keputusan"] {
            if self.form.is(which) {
                let typed = self.form.value(which, &format!("e{kode}"));
                if which == "ekspektasi" || !typed.is_empty() {
                    return typed;
                }
            }
        }
        self.v
            .content
            .ekspektasi
            .iter()
            .find(|(k, _)| k == kode)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    pub fn lampiran_text(&self, bagian: &str) -> String {
        if self.form.is(&format!("lampiran-{bagian}")) {
            return self.form.value(&format!("lampiran-{bagian}"), "isi");
        }
        let l = &self.v.content.lampiran;
        match bagian {
            "dukungan" => l.dukungan.join("\n"),
            "skema" => l.skema.join("\n"),
            _ => l.konsekuensi.join("\n"),
        }
    }

    /// Subordinates' RHK that intervene this RHK.
    pub fn children_of(&self, rhk_id: &i64) -> Vec<&ChildLinkRow> {
        self.v
            .child_links
            .iter()
            .filter(|c| c.parent_rhk_id == *rhk_id)
            .collect()
    }

    /// Removed RHK of this plan that subordinates still point at: broken on both sides.
    pub fn orphaned(&self) -> Vec<&ChildLinkRow> {
        self.v
            .child_links
            .iter()
            .filter(|c| !c.parent_aktif)
            .collect()
    }

    pub fn missing_messages(&self) -> Vec<String> {
        self.v
            .missing
            .iter()
            .map(|m| {
                let mut p = crate::error::Problem::new(None, m.code());
                for (k, val) in m.args() {
                    p = p.arg(k, val);
                }
                p.message(self.ctx.lang)
            })
            .collect()
    }

    pub fn penilai_name(&self) -> String {
        match &self.v.penilai {
            crate::services::org::ChainLink::Person { employee, .. } => employee.nama_lengkap(),
            _ => String::new(),
        }
    }

    /// A refused form shows its reasons beside it, unless that form is no longer on the
    /// page (the plan changed status meanwhile): then at the top.
    pub fn errors_at_top(&self) -> bool {
        if !self.form.errors.any() {
            return false;
        }
        let w = self.form.which.as_str();
        if w == "rhk-baru" || w.starts_with("ind-") || w.starts_with("lampiran-") {
            !self.can("edit")
        } else if w == "ekspektasi" {
            !self.can("expect")
        } else if w == "keputusan" {
            !self.can("approve")
        } else {
            true
        }
    }

    pub fn version(&self) -> i64 {
        self.v.skp.version
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct PlanQuery {
    #[serde(default)]
    pub(crate) pesan: String,
    /// The hasil kerja the change touched: the confirmation is shown beside it.
    #[serde(default)]
    pub(crate) di: String,
}

pub(super) async fn plan_page_with(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    form: FormState,
    notice: Option<String>,
    changed: Option<i64>,
) -> AppResult<Response> {
    let check = svc::plan_check(app, user, id).await?;
    let ctx = Ctx::new(lang, Some(user), &format!("/skp/{id}"), "skp");
    // Only the plain page is kept: a notice, a highlighted row or a refused form belong to
    // one answer.
    let plain =
        form.which.is_empty() && !form.errors.any() && notice.is_none() && changed.is_none();
    let stamp = check.stamp.filter(|_| plain);
    if let Some(stamp) = stamp
        && let Some(page) = app
            .caches
            .plan::<RenderedPlan>(id, user.session.user_id, stamp)
        && page.ctx == ctx
    {
        return Ok(Html(page.body.clone()).into_response());
    }
    let v = std::sync::Arc::new(svc::plan_view_checked(app, user, check).await?);
    // Only a hasil kerja of this plan holds the confirmation; otherwise it stays on top.
    let changed = changed.filter(|c| v.content.rhk.iter().any(|r| r.id == *c));
    let status = if form.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = PlanPage {
        ctx: ctx.clone(),
        v,
        form,
        notice,
        changed,
    };
    let mut html = html_of(&page)?;
    // The cache counts what it holds: not the spare half of a doubled buffer.
    html.shrink_to_fit();
    let body = Bytes::from(html);
    if let Some(stamp) = stamp {
        let size = body.len();
        let page = std::sync::Arc::new(RenderedPlan {
            ctx,
            body: body.clone(),
        });
        app.caches
            .put_plan(id, user.session.user_id, stamp, page, size);
    }
    Ok((status, Html(body)).into_response())
}

/// A plan page as it was sent, and the frame (viewer, session, language) it was rendered
/// in: a page is served again only into the same frame.
struct RenderedPlan {
    ctx: Ctx,
    body: Bytes,
}

pub(super) async fn plan_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_str() {
        "" => None,
        code => crate::i18n::t_opt(lang, &format!("notice-skp-{code}")).map(str::to_string),
    };
    let changed = q.di.parse().ok();
    plan_page_with(&app, &user, lang, id, FormState::default(), notice, changed).await
}
