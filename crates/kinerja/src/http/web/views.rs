//! Template structs and the page context every template receives.

use crate::i18n::{self, Lang};
use crate::services::accounts::CurrentUser;
use askama::Template;
use chrono::{Datelike, NaiveDate};
use std::fmt::Display;

/// Navigation facts about the signed-in user.
#[derive(Debug, Clone, PartialEq)]
pub struct NavUser {
    pub name: String,
    pub username: String,
    pub employee_id: Option<i64>,
    pub admin: bool,
    pub admin_instansi: bool,
    pub pimpinan: bool,
    pub supervisor: bool,
    /// Whether the user writes an SKP (employees other than pejabat negara).
    pub writes_skp: bool,
}

impl NavUser {
    pub fn can_browse(&self) -> bool {
        self.admin || self.pimpinan || self.supervisor
    }
}

/// What every page needs: language, user, CSRF token, where we are.
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<NavUser>,
    pub csrf: String,
    /// Path and query of this page, for the language switch to come back to.
    pub here: String,
    /// Which menu entry is active.
    pub section: &'static str,
    /// Open-task counts beside menu entries (by section), where the page read them.
    pub badges: Vec<(&'static str, i64)>,
}

impl Ctx {
    pub fn new(lang: Lang, user: Option<&CurrentUser>, here: &str, section: &'static str) -> Ctx {
        Ctx {
            lang,
            user: user.map(|u| NavUser {
                name: u.session.display_name.clone(),
                username: u.session.username.clone(),
                employee_id: u.session.employee_id,
                admin: u.actor.is_admin(),
                admin_instansi: u.actor.is_admin_instansi(),
                pimpinan: u.actor.is_pimpinan(),
                supervisor: !u.actor.led_units.is_empty() || !u.actor.rated_by_override.is_empty(),
                writes_skp: u.writes_skp(),
            }),
            csrf: user
                .map(|u| u.session.csrf_token.clone())
                .unwrap_or_default(),
            here: here.to_string(),
            section,
            badges: Vec::new(),
        }
    }

    /// All open-task counts (beside the phone's menu button).
    pub fn badges_total(&self) -> i64 {
        self.badges.iter().map(|(_, n)| n).sum()
    }

    /// The open-task count beside a menu entry (0: none shown).
    pub fn badge(&self, section: &str) -> i64 {
        self.badges
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }

    /// Translation with one placeholder.
    pub fn tf<T: Display>(&self, key: &str, name: &str, value: T) -> String {
        i18n::tf(self.lang, key, &[(name, &value.to_string())])
    }

    /// Translation with two placeholders.
    pub fn tf2<A: Display, B: Display>(
        &self,
        key: &str,
        n1: &str,
        v1: A,
        n2: &str,
        v2: B,
    ) -> String {
        i18n::tf(
            self.lang,
            key,
            &[(n1, &v1.to_string()), (n2, &v2.to_string())],
        )
    }

    /// Translation with three placeholders.
    #[allow(clippy::too_many_arguments)]
    pub fn tf3<A: Display, B: Display, C: Display>(
        &self,
        key: &str,
        n1: &str,
        v1: A,
        n2: &str,
        v2: B,
        n3: &str,
        v3: C,
    ) -> String {
        i18n::tf(
            self.lang,
            key,
            &[
                (n1, &v1.to_string()),
                (n2, &v2.to_string()),
                (n3, &v3.to_string()),
            ],
        )
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn here_encoded(&self) -> String {
        encode(&self.here)
    }

    pub fn static_v(&self) -> &'static str {
        crate::http::static_version()
    }

    pub fn active(&self, section: &str) -> &'static str {
        if self.section == section { "aktif" } else { "" }
    }

    /// "10 November 1967" / "10 November 1967" (month names per language).
    /// A period's name in the page's language. Names are generated from the kind of
    /// period ("TRIWULAN II", "MARET", "SEMESTER I", "AKHIR"), so English swaps the words.
    pub fn period(&self, nama: &str) -> String {
        i18n::period_name(self.lang, nama)
    }

    /// The reference data's wording in the page's language (BerAKHLAK values and their
    /// indicators, aspek, perspektif): English where the version carries it.
    /// A text of the reference data met without its version (see i18n::reference_text).
    pub fn reference(&self, text: &str) -> String {
        i18n::reference_text(self.lang, text)
    }

    pub fn ref_en(&self) -> bool {
        self.lang == Lang::En
    }

    pub fn date(&self, d: &NaiveDate) -> String {
        const ID: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let months = match self.lang {
            Lang::Id => ID,
            Lang::En => EN,
        };
        format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
    }

    pub fn opt_date(&self, d: &Option<NaiveDate>) -> String {
        d.as_ref()
            .map(|d| self.date(d))
            .unwrap_or_else(|| "–".into())
    }

    /// Timestamps are shown in WIB, where the instansi works.
    pub fn datetime(&self, micros: &i64) -> String {
        let t = crate::services::micros_to_datetime(*micros).with_timezone(&crate::app::wib());
        format!("{} {} WIB", self.date(&t.date_naive()), t.format("%H:%M"))
    }

    pub fn jenis_asn(&self, code: &str) -> &'static str {
        kinerja_domain::JenisAsn::parse(code)
            .map(|j| j.label())
            .unwrap_or("–")
    }

    pub fn jenis_jabatan(&self, code: &str) -> &'static str {
        kinerja_domain::JenisJabatan::parse(code)
            .map(|j| j.label())
            .unwrap_or("–")
    }

    pub fn jenjang(&self, code: &Option<String>) -> &'static str {
        code.as_deref()
            .and_then(kinerja_domain::Jenjang::parse)
            .map(|j| j.label())
            .unwrap_or("")
    }

    pub fn jenis_unit(&self, code: &str) -> &'static str {
        kinerja_domain::JenisUnit::parse(code)
            .map(|j| j.label())
            .unwrap_or("–")
    }

    pub fn golongan(&self, code: &Option<String>) -> String {
        code.as_deref()
            .and_then(kinerja_domain::Golongan::from_code)
            .map(|g| g.pangkat_golongan())
            .unwrap_or_else(|| "–".into())
    }

    pub fn jenis_kelamin(&self, code: &str) -> &'static str {
        match code {
            "P" => self.t("sex-female"),
            _ => self.t("sex-male"),
        }
    }

    pub fn nip(&self, nip: &Option<String>, jenis_asn: &str) -> String {
        match (nip, kinerja_domain::JenisAsn::parse(jenis_asn)) {
            (Some(n), Some(j)) => kinerja_domain::Nip::from_trusted(n.clone()).display_spaced(j),
            (Some(n), None) => n.clone(),
            (None, _) => "–".into(),
        }
    }

    pub fn skp_status(&self, code: &str) -> &'static str {
        match code {
            "draft" => self.t("skp-status-draft"),
            "diajukan" => self.t("skp-status-diajukan"),
            "dikembalikan" => self.t("skp-status-dikembalikan"),
            "disetujui" => self.t("skp-status-disetujui"),
            _ => self.t("skp-status-none"),
        }
    }

    pub fn opt_skp_status(&self, code: &Option<String>) -> &'static str {
        self.skp_status(code.as_deref().unwrap_or("none"))
    }

    pub fn opt_datetime(&self, micros: &Option<i64>) -> String {
        micros
            .as_ref()
            .map(|m| self.datetime(m))
            .unwrap_or_else(|| "–".into())
    }

    pub fn nama(&self, gelar_depan: &str, nama: &str, gelar_belakang: &str) -> String {
        kinerja_domain::nama::nama_lengkap(gelar_depan, nama, gelar_belakang)
    }

    pub fn yes_no(&self, b: &bool) -> &'static str {
        if *b { self.t("yes") } else { self.t("no") }
    }
}

pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A translated problem message for a form field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<(Option<String>, String)>);

impl FormErrors {
    pub fn from_problems(problems: &[crate::error::Problem], lang: Lang) -> FormErrors {
        FormErrors(
            problems
                .iter()
                .map(|p| (p.field.clone(), p.message(lang)))
                .collect(),
        )
    }

    pub fn general(message: String) -> FormErrors {
        FormErrors(vec![(None, message)])
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Messages for one field, joined.
    pub fn of(&self, field: &str) -> String {
        self.0
            .iter()
            .filter(|(f, _)| f.as_deref() == Some(field))
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f.as_deref() == Some(field))
    }

    pub fn all(&self) -> Vec<&str> {
        self.0.iter().map(|(_, m)| m.as_str()).collect()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: Ctx,
    pub status: u16,
    pub title: &'static str,
    pub explanation: &'static str,
    pub message: String,
    pub request_id: String,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub ctx: Ctx,
    pub forced: bool,
    pub errors: FormErrors,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub me: Option<crate::services::org::Profile>,
    pub led: Vec<LedUnit>,
    pub admin: Option<AdminSummary>,
    pub tasks: crate::services::tugas::MyTasks,
    /// The viewer's own log today (entries, minutes), when they have a log.
    pub progres_today: Option<(i64, i64)>,
}

#[derive(Debug, Clone)]
pub struct LedUnit {
    pub id: i64,
    pub nama: String,
    pub employees: i64,
    pub acting: bool,
}

#[derive(Debug, Clone)]
pub struct AdminSummary {
    pub scope_nama: String,
    pub scope_id: i64,
    pub employees: i64,
    pub units: i64,
    pub vacant_heads: usize,
    pub can_import: bool,
}

#[derive(Template)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    pub ctx: Ctx,
    pub p: crate::services::org::Profile,
    pub notice: Option<String>,
    pub temp_password: Option<String>,
}

impl ProfilePage {
    /// The reader's own profile ("your raters"), or someone else's (an admin, a head).
    pub fn own(&self) -> bool {
        self.ctx.user.as_ref().and_then(|u| u.employee_id) == Some(self.p.employee.id)
    }
}

#[derive(Template)]
#[template(path = "employees.html")]
pub struct EmployeesPage {
    pub ctx: Ctx,
    pub q: String,
    pub scope: crate::services::org::UnitRow,
    pub include_inactive: bool,
    pub page: crate::services::Page<crate::services::org::EmployeeRow>,
    pub prev_link: String,
    pub next_link: String,
}

impl EmployeesPage {
    pub fn encoded_q(&self) -> String {
        encode(&self.q)
    }
}

#[derive(Template)]
#[template(path = "employee_edit.html")]
pub struct EmployeeEditPage {
    pub ctx: Ctx,
    pub id: i64,
    pub nama: String,
    pub version: i64,
    pub input: crate::services::org::EmployeeInput,
    pub errors: FormErrors,
    pub golongan_pns: Vec<&'static str>,
    pub golongan_pppk: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "units.html")]
pub struct UnitsPage {
    pub ctx: Ctx,
    pub v: crate::services::org::UnitView,
}

#[derive(Template)]
#[template(path = "acting.html")]
pub struct ActingPage {
    pub ctx: Ctx,
    pub list: Vec<crate::services::org::ActingRow>,
    pub vacant: Vec<crate::services::org::VacantHeadRow>,
    pub form: crate::services::acting::ActingInput,
    pub form_unit: Option<crate::services::org::UnitRow>,
    pub errors: FormErrors,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "import.html")]
pub struct ImportPage {
    pub ctx: Ctx,
    pub report: Option<crate::services::import::ImportReport>,
    pub kind: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub heading: String,
    pub events: Vec<AuditLine>,
    pub more_link: Option<String>,
    pub filter: AuditFilter,
    pub errors: FormErrors,
}

/// The history page's filter form as typed.
pub struct AuditFilter {
    pub nip: String,
    pub jenis: String,
    pub dari: String,
    pub sampai: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub shown: bool,
}

pub struct AuditLine {
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub changes: Vec<(String, String, String)>,
}

/// One link of the penilai chain, ready to show.
#[derive(Debug, Clone, Default)]
pub struct ChainView {
    pub employee_id: Option<i64>,
    pub name: String,
    pub jabatan: String,
    pub source: String,
    pub vacant_unit: Option<String>,
}

impl Ctx {
    pub fn chain(&self, l: &crate::services::org::ChainLink) -> ChainView {
        use crate::services::org::ChainLink;
        use kinerja_domain::PenilaiSource;
        match l {
            ChainLink::Person {
                employee,
                source,
                viewable,
            } => ChainView {
                employee_id: viewable.then_some(employee.id),
                name: employee.nama_lengkap(),
                jabatan: employee.jabatan.clone(),
                source: match source {
                    PenilaiSource::Tree => self.t("source-tree").to_string(),
                    PenilaiSource::Acting(k) => self.tf("source-acting", "kind", k.code()),
                    PenilaiSource::Override => self.t("source-override").to_string(),
                },
                vacant_unit: None,
            },
            ChainLink::Vacant { unit } => ChainView {
                vacant_unit: Some(unit.nama.clone()),
                ..Default::default()
            },
            ChainLink::None => ChainView::default(),
        }
    }
}
