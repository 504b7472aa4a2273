//! Audit history.

use super::*;

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
    let instansi = user.instansi_id();
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "riwayat");
    let heading;
    let events = if let Some(emp_id) = q.pegawai {
        let e = org::employee_get(&app.db, instansi, emp_id).await?;
        let path = e.unit_path();
        if !user.actor.can_view_audit_of(&Subject {
            instansi_id: instansi,
            employee_id: e.id,
            unit_path: &path,
        }) {
            return Err(AppError::Forbidden);
        }
        heading = ctx.tf("audit-of-employee", "name", e.nama_lengkap());
        audit_store::history(&app.db, instansi, Some(emp_id), None, q.sebelum, AUDIT_PAGE).await?
    } else if let (Some(kind), Some(id)) = (q.objek.as_deref(), q.id) {
        // Object histories other than employees are for instansi admins.
        if !user.actor.can_admin_instansi(instansi) {
            return Err(AppError::Forbidden);
        }
        heading = ctx.tf2("audit-of-object", "kind", kind, "id", id);
        audit_store::history(
            &app.db,
            instansi,
            None,
            Some((kind, id)),
            q.sebelum,
            AUDIT_PAGE,
        )
        .await?
    } else {
        if !user.actor.can_admin_instansi(instansi) {
            return Err(AppError::Forbidden);
        }
        heading = ctx.t("audit-all").to_string();
        audit_store::history(&app.db, instansi, None, None, q.sebelum, AUDIT_PAGE).await?
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
