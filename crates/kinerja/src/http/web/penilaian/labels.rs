//! Labels and form controls.

use super::*;

pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn status_key(code: &str) -> &'static str {
    match code {
        "dinilai_sendiri" => "evaluasi-status-dinilai-sendiri",
        "dinilai" => "evaluasi-status-dinilai",
        "ditetapkan" => "evaluasi-status-ditetapkan",
        "keberatan" => "evaluasi-status-keberatan",
        "diputuskan" => "evaluasi-status-diputuskan",
        _ => "evaluasi-status-draft",
    }
}

impl ListPage {
    pub fn status_key(&self, code: &str) -> &'static str {
        status_key(code)
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

    pub(super) fn select(&self, name: &str, label: &str, current: &str) -> String {
        let mut s = format!(
            "<label for=\"{name}\">{}</label><select id=\"{name}\" name=\"{name}\"{}><option value=\"\">–</option>",
            esc(label),
            if self.errors.has(name) {
                " aria-invalid=\"true\""
            } else {
                ""
            }
        );
        for (code, l) in self.ratings() {
            s.push_str(&format!(
                "<option value=\"{code}\"{}>{}</option>",
                if current == code { " selected" } else { "" },
                esc(l)
            ));
        }
        s.push_str("</select>");
        if self.errors.has(name) {
            s.push_str(&format!(
                "<span class=\"field-error\">{}</span>",
                esc(&self.errors.of(name))
            ));
        }
        s
    }

    fn textarea(&self, name: &str, label: &str) -> String {
        format!(
            "<label for=\"{name}\">{}</label><textarea id=\"{name}\" name=\"{name}\" rows=\"2\">{}</textarea>",
            esc(label),
            esc(&self.val(name))
        )
    }

    /// The two judgements of one RHK or value: the employee's and the penilai's, as inputs
    /// for whoever may write now and as text for everyone allowed to see them.
    pub fn judgement(&self, subjek: &str, id: &i64) -> String {
        let id = *id;
        let t = |k| self.ctx.t(k);
        let mut s = String::from("<div class=\"judgements\">");
        let own = format!("{subjek}_{id}");
        let own_c = format!("{subjek}_komentar_{id}");
        if self.can("write_self") {
            s.push_str("<div class=\"self\">");
            s.push_str(&self.select(&own, t("evaluasi-self-judgement"), &self.val(&own)));
            s.push_str(&self.textarea(&own_c, t("evaluasi-self-comment")));
            s.push_str("</div>");
        } else if self.v.show_self {
            s.push_str(&format!(
                "<p class=\"self\" id=\"self-{own}\"><strong>{}:</strong> {}{}</p>",
                esc(t("evaluasi-self-judgement")),
                esc(self.rating_label(&self.val(&own))),
                match self.val(&own_c) {
                    c if c.is_empty() => String::new(),
                    c => format!(" — {}", esc(&c)),
                }
            ));
        }
        let n = format!("n{subjek}_{id}");
        let ub = format!("ub{subjek}_{id}");
        if self.can("assess") {
            s.push_str("<div class=\"penilai\">");
            s.push_str(&self.select(&n, t("evaluasi-penilai-judgement"), &self.val(&n)));
            s.push_str(&self.textarea(&ub, t("evaluasi-umpan-balik")));
            s.push_str("</div>");
        } else if self.v.show_result {
            s.push_str(&format!(
                "<p class=\"penilai\" id=\"penilai-{own}\"><strong>{}:</strong> {}{}</p>",
                esc(t("evaluasi-penilai-judgement")),
                esc(self.rating_label(&self.val(&n))),
                match self.val(&ub) {
                    c if c.is_empty() => String::new(),
                    c => format!(" — {}: {}", esc(t("evaluasi-umpan-balik")), esc(&c)),
                }
            ));
        }
        s.push_str("</div>");
        s
    }
}
