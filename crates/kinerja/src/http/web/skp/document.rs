//! History, print, PDF.

use super::*;

#[derive(Template)]
#[template(path = "skp_history.html")]
pub struct HistoryPage {
    pub ctx: Ctx,
    pub skp: SkpRow,
    pub owner: crate::services::org::EmployeeRow,
    pub submissions: Vec<SubmissionRow>,
    pub diff: Option<(i64, i64, Vec<Change>)>,
    pub shown: Option<svc::FrozenPlan>,
}

impl HistoryPage {
    pub fn change_text(&self, c: &Change) -> String {
        let t = |k: &str| crate::i18n::t(self.ctx.lang, k).to_string();
        let f = |k: &str, args: &[(&str, &str)]| crate::i18n::tf(self.ctx.lang, k, args);
        match c {
            Change::Pendekatan { before, after } => f(
                "change-pendekatan",
                &[("before", before.code()), ("after", after.code())],
            ),
            Change::RhkAdded { teks, .. } => f("change-rhk-added", &[("teks", teks)]),
            Change::RhkRemoved { teks, .. } => f("change-rhk-removed", &[("teks", teks)]),
            Change::RhkChanged {
                teks,
                field,
                before,
                after,
            } => f(
                "change-rhk-changed",
                &[
                    ("teks", teks),
                    ("field", &t(&format!("field-{}", field.replace('_', "-")))),
                    ("before", before),
                    ("after", after),
                ],
            ),
            Change::IndicatorAdded { rhk, iki } => {
                f("change-ind-added", &[("rhk", rhk), ("iki", iki)])
            }
            Change::IndicatorRemoved { rhk, iki } => {
                f("change-ind-removed", &[("rhk", rhk), ("iki", iki)])
            }
            Change::IndicatorChanged {
                rhk,
                field,
                before,
                after,
            } => f(
                "change-ind-changed",
                &[
                    ("rhk", rhk),
                    ("field", &t(&format!("field-{}", field.replace('_', "-")))),
                    ("before", before),
                    ("after", after),
                ],
            ),
            Change::Lampiran {
                bagian,
                before,
                after,
            } => f(
                "change-lampiran",
                &[
                    ("bagian", &t(&format!("lampiran-{bagian}"))),
                    ("before", &before.join("; ")),
                    ("after", &after.join("; ")),
                ],
            ),
            Change::Ekspektasi {
                nilai,
                before,
                after,
            } => f(
                "change-ekspektasi",
                &[
                    ("nilai", &nilai.to_string()),
                    ("before", before),
                    ("after", after),
                ],
            ),
        }
    }

    pub fn decision_label(&self, d: &Option<String>) -> &'static str {
        match d.as_deref() {
            Some("disetujui") => self.ctx.t("skp-status-disetujui"),
            Some("dikembalikan") => self.ctx.t("skp-status-dikembalikan"),
            Some("ditarik") => self.ctx.t("decision-withdrawn"),
            _ => self.ctx.t("decision-pending"),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct HistoryQuery {
    #[serde(default)]
    dari: Option<i64>,
    #[serde(default)]
    ke: Option<i64>,
    #[serde(default)]
    lihat: Option<i64>,
}

pub(super) async fn history(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let (skp, owner, submissions) = svc::submissions(&app, &user, id).await?;
    let diff = match (q.dari, q.ke) {
        (Some(a), Some(b)) => {
            let (_, _, changes) = svc::diff(&app, &user, id, a, b).await?;
            Some((a, b, changes))
        }
        _ => None,
    };
    let shown = match q.lihat {
        Some(s) => Some(svc::frozen(
            submissions
                .iter()
                .find(|x| x.id == s)
                .ok_or(AppError::NotFound)?,
        )?),
        None => None,
    };
    render(HistoryPage {
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "skp"),
        skp,
        owner,
        submissions,
        diff,
        shown,
    })
}

#[derive(Template)]
#[template(path = "skp_print.html")]
pub struct PrintPage {
    pub ctx: Ctx,
    pub v: PlanView,
    pub header: svc::Header,
    pub content: kinerja_domain::skp::SkpContent,
    pub approved: bool,
    pub tanggal: String,
}

impl PrintPage {
    pub fn utama(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Utama)
            .collect()
    }
    pub fn tambahan(&self) -> Vec<&kinerja_domain::skp::Rhk> {
        self.content
            .rhk
            .iter()
            .filter(|r| r.jenis == JenisRhk::Tambahan)
            .collect()
    }
    pub fn ekspektasi(&self, kode: &u8) -> String {
        self.content
            .ekspektasi
            .iter()
            .find(|(k, _)| k == kode)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }
    pub fn blocks(&self) -> Vec<(&'static str, Vec<&kinerja_domain::skp::Rhk>)> {
        vec![("A. Utama", self.utama()), ("B. Tambahan", self.tambahan())]
    }

    pub fn lampiran_parts(&self) -> Vec<(&'static str, &Vec<String>)> {
        let l = &self.content.lampiran;
        vec![
            ("DUKUNGAN SUMBER DAYA", &l.dukungan),
            ("SKEMA PERTANGGUNGJAWABAN", &l.skema),
            ("KONSEKUENSI", &l.konsekuensi),
        ]
    }

    pub fn periode(&self) -> String {
        match (&self.header.mulai, &self.header.selesai) {
            (Some(a), Some(b)) => format!("{} – {}", self.ctx.date(a), self.ctx.date(b)),
            _ => String::new(),
        }
    }
}

pub(super) async fn print(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let (v, header, content, approved) = svc::document(&app, &user, id).await?;
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "skp");
    let tanggal = ctx.date(&app.today());
    render(PrintPage {
        ctx,
        v,
        header,
        content,
        approved,
        tanggal,
    })
}

pub(super) async fn pdf(
    _: crate::http::extract::NotCrossSite,
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (bytes, filename) = crate::services::documents::skp_pdf(&app, &user, id).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
