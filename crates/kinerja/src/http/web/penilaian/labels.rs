//! Labels and form controls.

use super::*;

pub fn status_key(s: &EvaluasiStatus) -> &'static str {
    match s {
        EvaluasiStatus::Draft => "evaluasi-status-draft",
        EvaluasiStatus::DinilaiSendiri => "evaluasi-status-dinilai-sendiri",
        EvaluasiStatus::Dinilai => "evaluasi-status-dinilai",
        EvaluasiStatus::Ditetapkan => "evaluasi-status-ditetapkan",
        EvaluasiStatus::Keberatan => "evaluasi-status-keberatan",
        EvaluasiStatus::Diputuskan => "evaluasi-status-diputuskan",
    }
}

impl ListPage {
    pub fn status_key(&self, s: &EvaluasiStatus) -> &'static str {
        status_key(s)
    }

    pub fn predikat_label(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(Predikat::parse)
            .map(|p| self.ctx.t(predikat_key(p)))
            .unwrap_or("–")
    }
}

impl EvaluationPage {
    pub fn status_key(&self) -> &'static str {
        status_key(&self.v.ev.status)
    }

    /// "Apa yang harus saya lakukan?": this step for the reader, in one or two sentences
    /// (`evaluasi-todo-<role>-<status>`), when there is one for their role and the status.
    pub fn todo(&self) -> Option<String> {
        use kinerja_domain::penilaian::EvaluasiRole;
        let role = match self.v.role {
            EvaluasiRole::Pegawai => "pegawai",
            EvaluasiRole::Penilai => "penilai",
            EvaluasiRole::AtasanPenilai => "atasan",
            _ => return None,
        };
        let status = self.v.ev.status.code().replace('_', "-");
        crate::i18n::t_opt(self.ctx.lang, &format!("evaluasi-todo-{role}-{status}"))?;
        Some(self.ctx.tf(
            &format!("evaluasi-todo-{role}-{status}"),
            "tanggal",
            self.ctx.date(&self.v.period.batas),
        ))
    }

    pub fn jenis_key(&self, r: &kinerja_domain::skp::Rhk) -> &'static str {
        match r.jenis {
            kinerja_domain::skp::JenisRhk::Utama => "skp-utama",
            kinerja_domain::skp::JenisRhk::Tambahan => "skp-tambahan",
        }
    }

    pub fn rating_blocks(&self) -> Vec<(&'static str, Option<&kinerja_domain::penilaian::Saran>)> {
        vec![
            ("rating_hasil", self.v.saran_hasil.as_ref()),
            ("rating_perilaku", self.v.saran_perilaku.as_ref()),
        ]
    }

    pub fn rating_title(&self, name: &str) -> &'static str {
        if name == "rating_hasil" {
            "evaluasi-rating-hasil"
        } else {
            "evaluasi-rating-perilaku"
        }
    }

    pub fn alasan_field(&self, name: &str) -> &'static str {
        if name == "rating_hasil" {
            "alasan_hasil"
        } else {
            "alasan_perilaku"
        }
    }

    /// The choices of a rating select, the current one marked.
    pub fn rating_options(&self, current: &str) -> Vec<RatingOption> {
        self.ratings()
            .into_iter()
            .map(|(code, label)| RatingOption {
                code,
                label,
                selected: current == code,
            })
            .collect()
    }

    /// The two judgements of one RHK or value: the employee's and the penilai's, as inputs
    /// for whoever may write now and as text for everyone allowed to see them.
    pub fn judgement(&self, subjek: &str, id: &i64) -> Judgement {
        let own = format!("{subjek}_{id}");
        let own_comment = format!("{subjek}_komentar_{id}");
        let penilai = format!("n{subjek}_{id}");
        let feedback = format!("ub{subjek}_{id}");
        Judgement {
            own_value: self.val(&own),
            own_comment_value: self.val(&own_comment),
            penilai_value: self.val(&penilai),
            feedback_value: self.val(&feedback),
            own,
            own_comment,
            penilai,
            feedback,
            write_self: self.can("write_self"),
            show_self: self.v.show_self,
            assess: self.can("assess"),
            show_result: self.v.show_result,
        }
    }
}

/// One choice of a rating select.
pub struct RatingOption {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// The field names and values of one judgement block, and who sees what.
pub struct Judgement {
    pub own: String,
    pub own_comment: String,
    pub penilai: String,
    pub feedback: String,
    pub own_value: String,
    pub own_comment_value: String,
    pub penilai_value: String,
    pub feedback_value: String,
    pub write_self: bool,
    pub show_self: bool,
    pub assess: bool,
    pub show_result: bool,
}
