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
    let of = match (q.pegawai, q.objek.as_deref(), q.id) {
        (Some(emp_id), _, _) => HistoryOf::Employee(emp_id),
        (None, Some(kind), Some(id)) => HistoryOf::Object(kind, id),
        _ => HistoryOf::Everything,
    };
    let heading = match &of {
        HistoryOf::Object(kind, id) => ctx.tf2("audit-of-object", "kind", kind, "id", id),
        _ => ctx.t("audit-all").to_string(),
    };
    let audit_svc::History { employee, events } =
        audit_svc::history(&app, &user, of, q.sebelum, AUDIT_PAGE).await?;
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
        format!("{base}sebelum={last}")
    });
    // Actions and field names are codes; show their translation where there is one.
    let label = |prefix: &str, code: &str| {
        crate::i18n::t_opt(lang, &format!("{prefix}-{}", code.replace(['.', '_'], "-")))
            .map(str::to_string)
            .unwrap_or_else(|| code.to_string())
    };
    let events = events
        .into_iter()
        .map(|e| AuditLine {
            changes: audit_svc::diff(e.before_json.as_deref(), e.after_json.as_deref())
                .into_iter()
                .map(|(f, b, a)| (label("field", &f), b, a))
                .collect(),
            seq: e.seq,
            at: e.at,
            actor: e.actor_name,
            object: match e.object_id {
                Some(id) => format!("{} #{id}", label("object", &e.object_type)),
                None => label("object", &e.object_type),
            },
            action: label("action", &e.action),
        })
        .collect();
    render(AuditPage {
        ctx,
        heading,
        events,
        more_link,
    })
}
