//! Audit history.

use super::*;
use crate::services::audit::HistoryOf;

#[derive(Deserialize, Default)]
pub(super) struct AuditQuery {
    #[serde(default)]
    pegawai: Option<i64>,
    #[serde(default)]
    objek: Option<String>,
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    sebelum: Option<i64>,
    /// Narrowing typed in the filter form: an employee's NIP, a kind, a window of days.
    #[serde(default)]
    nip: String,
    #[serde(default)]
    jenis: String,
    #[serde(default)]
    dari: String,
    #[serde(default)]
    sampai: String,
}

pub(super) const AUDIT_PAGE: i64 = 50;

pub(super) async fn audit_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<AuditQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "riwayat");
    let nip = q.nip.trim();
    let of = match (q.pegawai, q.objek.as_deref(), q.id) {
        (Some(emp_id), _, _) => HistoryOf::Employee(emp_id),
        (None, Some(kind), Some(id)) => HistoryOf::Object(kind, id),
        _ if !nip.is_empty() => HistoryOf::Nip(nip),
        _ => HistoryOf::Everything,
    };
    let heading = match &of {
        HistoryOf::Object(kind, id) => ctx.tf2("audit-of-object", "kind", kind, "id", id),
        _ => ctx.t("audit-all").to_string(),
    };
    // A date that cannot be read is said so beside its field, and nothing is filtered by it.
    let mut problems = Vec::new();
    let mut date = |field: &str, raw: &str| {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let d = kinerja_domain::periode::parse_date(raw);
        if d.is_none() {
            problems.push(crate::error::Problem::at(field, "audit-date-invalid"));
        }
        d
    };
    let narrow = audit_svc::Narrowing {
        kind: (!q.jenis.is_empty()).then(|| audit_svc::kind_types(&q.jenis)),
        from: date("dari", &q.dari),
        until: date("sampai", &q.sampai),
    };
    let (employee, events) = if problems.is_empty() {
        match audit_svc::history(&app, &user, of, &narrow, q.sebelum, AUDIT_PAGE).await {
            Ok(h) => (h.employee, h.events),
            Err(AppError::Invalid(p)) => {
                problems = p;
                (None, Vec::new())
            }
            Err(e) => return Err(e),
        }
    } else {
        (None, Vec::new())
    };
    let heading = match employee {
        Some(e) => ctx.tf("audit-of-employee", "name", e.nama_lengkap()),
        None => heading,
    };
    let more_link = (events.len() as i64 == AUDIT_PAGE).then(|| {
        let last = events.last().map(|e| e.seq).unwrap_or(0);
        let mut base = String::from("/admin/riwayat?");
        if let Some(p) = q.pegawai {
            base.push_str(&format!("pegawai={p}&"));
        }
        if let (Some(k), Some(i)) = (&q.objek, q.id) {
            base.push_str(&format!("objek={}&id={i}&", encode(k)));
        }
        for (k, v) in [
            ("nip", nip),
            ("jenis", &q.jenis),
            ("dari", &q.dari),
            ("sampai", &q.sampai),
        ] {
            if !v.trim().is_empty() {
                base.push_str(&format!("{k}={}&", encode(v.trim())));
            }
        }
        format!("{base}sebelum={last}")
    });
    let events = events
        .into_iter()
        .map(|e| AuditLine {
            changes: audit_svc::diff_values(e.before_json.as_deref(), e.after_json.as_deref())
                .into_iter()
                .map(|(f, b, a)| (field_label(lang, &f), plain(lang, &b), plain(lang, &a)))
                .collect(),
            seq: e.seq,
            at: e.at,
            actor: e.actor_name,
            object: match e.object_id {
                Some(id) => format!("{} #{id}", label(lang, "object", &e.object_type)),
                None => label(lang, "object", &e.object_type),
            },
            action: label(lang, "action", &e.action),
        })
        .collect();
    let kinds = audit_svc::KINDS
        .iter()
        .map(|(k, _)| (*k, ctx.t(&format!("audit-kind-{k}"))))
        .collect();
    render(AuditPage {
        errors: FormErrors::from_problems(&problems, lang),
        filter: AuditFilter {
            nip: nip.to_string(),
            jenis: q.jenis.clone(),
            dari: q.dari.trim().to_string(),
            sampai: q.sampai.trim().to_string(),
            kinds,
            // The form narrows the whole instansi's history; an object's has no filter.
            shown: q.objek.is_none() && q.pegawai.is_none(),
        },
        ctx,
        heading,
        events,
        more_link,
    })
}

/// Codes (actions, objects) in words where there is a translation.
fn label(lang: Lang, prefix: &str, code: &str) -> String {
    crate::i18n::t_opt(lang, &format!("{prefix}-{}", code.replace(['.', '_'], "-")))
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

fn field_label(lang: Lang, key: &str) -> String {
    label(lang, "field", key)
}

/// A recorded value as a reader says it: yes/no for flags, a dash for nothing, the name of
/// a rating, predikat or status instead of its code, lists and records spelled out.
fn plain(lang: Lang, v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "–".to_string(),
        Value::Bool(b) => {
            crate::i18n::t(lang, if *b { "audit-yes" } else { "audit-no" }).to_string()
        }
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => "–".to_string(),
        Value::String(s) => code_name(lang, s).unwrap_or_else(|| {
            // Period names and reference texts in the page's language.
            crate::i18n::reference_text(lang, &crate::i18n::period_name(lang, s))
        }),
        Value::Array(items) if items.is_empty() => "–".to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| plain(lang, i))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(m) if m.is_empty() => "–".to_string(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{}: {}", field_label(lang, k), plain(lang, v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The name of a stored code (`di_atas`, `sangat_baik`, `dinilai_sendiri`, …), if the
/// text is a code at all.
fn code_name(lang: Lang, s: &str) -> Option<String> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return None;
    }
    let key = s.replace('_', "-");
    [
        "rating",
        "predikat",
        "skp-status",
        "evaluasi-status",
        "audit-value",
    ]
    .iter()
    .find_map(|p| crate::i18n::t_opt(lang, &format!("{p}-{key}")))
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn recorded_values_are_put_in_words() {
        let id = Lang::Id;
        assert_eq!(plain(id, &json!(true)), "ya");
        assert_eq!(plain(id, &json!(false)), "tidak");
        assert_eq!(plain(Lang::En, &json!(true)), "yes");
        assert_eq!(plain(id, &json!(null)), "–");
        assert_eq!(plain(id, &json!("")), "–");
        assert_eq!(plain(id, &json!([])), "–");
        assert_eq!(plain(id, &json!("di_atas")), "Di atas ekspektasi");
        assert_eq!(plain(id, &json!("sangat_baik")), "Sangat Baik");
        assert_eq!(
            plain(id, &json!("dinilai_sendiri")),
            "Menunggu penilaian atasan"
        );
        // Text that is not a code stays as written, whatever it holds.
        assert_eq!(plain(id, &json!("III/b")), "III/b");
        assert_eq!(plain(id, &json!("rapat_<b>")), "rapat_<b>");
        assert_eq!(plain(id, &json!(12.5)), "12.5");
        assert_eq!(
            plain(id, &json!({"golongan": "III/a", "aktif": false})),
            "Golongan: III/a; Aktif: tidak"
        );
        assert_eq!(plain(id, &json!(["a", true])), "a; ya");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_shown_without_panicking(s in "\\PC*") {
            let v = plain(Lang::Id, &serde_json::Value::String(s.clone()));
            proptest::prop_assert!(!v.is_empty());
        }
    }
}
