//! One evaluation.

use super::*;

#[derive(Template)]
#[template(path = "penilaian.html")]
pub struct EvaluationPage {
    pub ctx: Ctx,
    pub v: EvaluationView,
    /// What was typed in a refused form, shown again instead of the stored values.
    pub typed: HashMap<String, String>,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
    pub reopenings: Vec<crate::services::penilaian::ReopeningRow>,
    pub max_bukti: usize,
}

impl EvaluationPage {
    pub fn can(&self, action: &str) -> bool {
        let a = match action {
            "write_self" => EvaluasiAction::WriteSelf,
            "submit_self" => EvaluasiAction::SubmitSelf,
            "assess" => EvaluasiAction::Assess,
            "submit_assessment" => EvaluasiAction::SubmitAssessment,
            "reopen" => EvaluasiAction::ReopenAssessment,
            "object" => EvaluasiAction::Object,
            "decide" => EvaluasiAction::Decide,
            "admin_reopen" => EvaluasiAction::AdminReopen,
            _ => return false,
        };
        self.v.can(a)
    }

    pub fn is_penilai(&self) -> bool {
        self.v.role == EvaluasiRole::Penilai
    }

    /// A field's value: as typed in a refused form, else as stored.
    /// The realisasi the daily log gives an indicator, when it gives one and the employee
    /// is writing the self-assessment.
    pub fn prefill(&self, indikator_id: &i64) -> Option<f64> {
        if !self.can("write_self") {
            return None;
        }
        self.v
            .activity
            .get(indikator_id)
            .filter(|a| a.tally.entries > 0)
            .map(|a| a.tally.total)
    }

    pub fn activity(&self, indikator_id: &i64) -> Option<&crate::services::progres::Activity> {
        self.v.activity.get(indikator_id)
    }

    pub fn jam(&self, m: &i64) -> String {
        crate::services::progres::jam(*m)
    }

    pub fn pengakuan(&self, e: &crate::services::progres::EntryRow) -> &'static str {
        crate::http::web::progres::pengakuan_label(&self.ctx, e.pengakuan)
    }

    pub fn val(&self, key: &str) -> String {
        if let Some(t) = self.typed.get(key) {
            return t.clone();
        }
        let id = |p: &str| key.strip_prefix(p).and_then(|x| x.parse::<i64>().ok());
        if let Some(i) = id("nilai_") {
            // Nothing written yet: the sum of the counted daily log, for the employee to
            // confirm or correct before saving.
            return self
                .v
                .realisasi
                .get(&i)
                .and_then(|r| r.nilai)
                .or_else(|| self.prefill(&i))
                .map(kinerja_domain::skp::format_number)
                .unwrap_or_default();
        }
        if let Some(i) = id("teks_") {
            return self
                .v
                .realisasi
                .get(&i)
                .map(|r| r.teks.clone())
                .unwrap_or_default();
        }
        for (prefix, subjek, which) in [
            ("rhk_komentar_", "rhk", 1),
            ("perilaku_komentar_", "perilaku", 1),
            ("rhk_", "rhk", 0),
            ("perilaku_", "perilaku", 0),
            ("ubrhk_", "rhk", 3),
            ("ubperilaku_", "perilaku", 3),
            ("nrhk_", "rhk", 2),
            ("nperilaku_", "perilaku", 2),
        ] {
            if let Some(i) = id(prefix) {
                let Some(item) = self.v.item(subjek, i) else {
                    return String::new();
                };
                return match which {
                    0 => item.self_rating.clone().unwrap_or_default(),
                    1 => item.self_comment.clone(),
                    2 => item.penilai_rating.clone().unwrap_or_default(),
                    _ => item.umpan_balik.clone(),
                };
            }
        }
        match key {
            "rating_hasil" => self.v.ev.rating_hasil.clone().unwrap_or_default(),
            "rating_perilaku" => self.v.ev.rating_perilaku.clone().unwrap_or_default(),
            "alasan_hasil" => self.v.ev.alasan_hasil.clone(),
            "alasan_perilaku" => self.v.ev.alasan_perilaku.clone(),
            "catatan" => self.v.ev.catatan.clone(),
            _ => String::new(),
        }
    }

    pub fn ratings(&self) -> [(&'static str, &'static str); 3] {
        Rating::ALL.map(|r| (r.code(), self.ctx.t(rating_key(r))))
    }

    pub fn rating_label(&self, code: &str) -> &'static str {
        Rating::parse(code)
            .map(|r| self.ctx.t(rating_key(r)))
            .unwrap_or("–")
    }

    pub fn opt_rating_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref().map(|c| self.rating_label(c)).unwrap_or("–")
    }

    pub fn predikat_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(Predikat::parse)
            .map(|p| self.ctx.t(predikat_key(p)))
            .unwrap_or("–")
    }

    pub fn preview(&self) -> Option<&'static str> {
        self.v
            .predikat_preview()
            .map(|p| self.ctx.t(predikat_key(p)))
    }

    /// The 3×3 matrix of the year's rules, best hasil first, for the explanation.
    pub fn matrix(&self) -> Vec<(&'static str, Vec<(&'static str, bool)>)> {
        let h = self.v.ev.rating_hasil.as_deref().and_then(Rating::parse);
        let p = self.v.ev.rating_perilaku.as_deref().and_then(Rating::parse);
        Rating::ALL
            .iter()
            .map(|rh| {
                (
                    self.ctx.t(rating_key(*rh)),
                    [
                        Rating::DiBawahEkspektasi,
                        Rating::SesuaiEkspektasi,
                        Rating::DiAtasEkspektasi,
                    ]
                    .iter()
                    .map(|rp| {
                        (
                            self.ctx
                                .t(predikat_key(self.v.aturan().matriks.predikat(*rh, *rp))),
                            Some(*rh) == h && Some(*rp) == p,
                        )
                    })
                    .collect(),
                )
            })
            .collect()
    }

    pub fn saran_text(&self, s: &kinerja_domain::penilaian::Saran) -> String {
        saran_words(&self.ctx, s)
    }

    pub fn ekspektasi(&self, kode: &u8) -> String {
        self.v
            .content
            .ekspektasi
            .iter()
            .find(|(k, _)| k == kode)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    /// The typed value of a free field of the objection forms.
    pub fn typed_or(&self, key: &str, stored: &Option<String>) -> String {
        self.typed
            .get(key)
            .cloned()
            .or_else(|| stored.clone())
            .unwrap_or_default()
    }

    /// The atasan's two rating choices: field, label and value, preset to the ratings
    /// under objection.
    pub fn decision_fields(&self) -> [(&'static str, &'static str, String); 2] {
        [
            (
                "putusan_hasil",
                self.ctx.t("evaluasi-rating-hasil"),
                self.typed_or("putusan_hasil", &self.v.ev.rating_hasil),
            ),
            (
                "putusan_perilaku",
                self.ctx.t("evaluasi-rating-perilaku"),
                self.typed_or("putusan_perilaku", &self.v.ev.rating_perilaku),
            ),
        ]
    }

    pub fn max_mb(&self) -> usize {
        self.max_bukti / (1024 * 1024)
    }

    pub fn files(&self, indikator: &i64) -> Vec<crate::services::penilaian::EvidenceRow> {
        self.v.evidence.get(indikator).cloned().unwrap_or_default()
    }

    pub fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / (1024.0 * 1024.0))
        } else {
            format!("{} KB", (*bytes + 1023) / 1024)
        }
    }

    pub fn old_predikat(&self, json: &str) -> &'static str {
        let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        self.predikat_label(&v["predikat"].as_str().map(str::to_string))
    }

    pub fn version(&self) -> i64 {
        self.typed
            .get("version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(self.v.ev.version)
    }
}

/// A saran in one sentence: the rating and why.
pub fn saran_words(ctx: &Ctx, s: &kinerja_domain::penilaian::Saran) -> String {
    let reason = ctx.tf2(s.alasan, "atas", s.di_atas, "bawah", s.di_bawah);
    ctx.tf3(
        "evaluasi-saran-because",
        "saran",
        ctx.t("evaluasi-saran"),
        "rating",
        ctx.t(rating_key(s.rating)),
        "alasan",
        reason,
    )
}

pub fn rating_key(r: Rating) -> &'static str {
    match r {
        Rating::DiAtasEkspektasi => "rating-di-atas",
        Rating::SesuaiEkspektasi => "rating-sesuai",
        Rating::DiBawahEkspektasi => "rating-di-bawah",
    }
}

pub fn predikat_key(p: Predikat) -> &'static str {
    match p {
        Predikat::SangatBaik => "predikat-sangat-baik",
        Predikat::Baik => "predikat-baik",
        Predikat::ButuhPerbaikan => "predikat-butuh-perbaikan",
        Predikat::Kurang => "predikat-kurang",
        Predikat::SangatKurang => "predikat-sangat-kurang",
    }
}

#[derive(Deserialize, Default)]
pub(super) struct PageQuery {
    #[serde(default)]
    pesan: Option<String>,
}

pub(super) async fn page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let notice = match q.pesan.as_deref() {
        Some("tersimpan") => Some("evaluasi-saved"),
        Some("terkirim") => Some("evaluasi-sent"),
        Some("dinilai") => Some("evaluasi-assessed"),
        Some("dibuka") => Some("evaluasi-reopened"),
        Some("keberatan") => Some("keberatan-filed"),
        Some("penjelasan") => Some("keberatan-explained"),
        Some("putusan") => Some("keberatan-decided"),
        Some("dibuka-admin") => Some("evaluasi-admin-reopened"),
        Some("bukti") => Some("bukti-added"),
        Some("bukti-hapus") => Some("bukti-removed"),
        _ => None,
    };
    show(
        &app,
        &user,
        lang,
        id,
        HashMap::new(),
        FormErrors::default(),
        notice,
    )
    .await
}

pub(super) async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    typed: HashMap<String, String>,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let v = svc::view(app, user, id).await?;
    let reopenings = svc::reopenings(app, &v).await?;
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EvaluationPage {
        ctx: Ctx::new(lang, Some(user), &format!("/penilaian/{id}"), "penilaian"),
        v,
        typed,
        errors,
        notice,
        reopenings,
        max_bukti: app.cfg.max_bukti_bytes,
    };
    Ok((status, render(page)?).into_response())
}
