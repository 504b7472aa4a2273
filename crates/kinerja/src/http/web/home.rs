//! Home and profile.

use super::*;

pub(super) async fn home(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let instansi = user.instansi_id();
    let me = match user.session.employee_id {
        Some(id) => Some(org_svc::profile(&app, &user, id).await?),
        None => None,
    };
    let mut led = Vec::new();
    if let Some(emp) = user.session.employee_id {
        for (unit_id, path) in org::led_units(&app.db, emp, app.today()).await? {
            let unit = org::unit_get(&app.db, instansi, unit_id).await?;
            let path = kinerja_domain::UnitPath::from_stored(path);
            led.push(LedUnit {
                id: unit.id,
                nama: unit.nama,
                employees: org::count_in_subtree(&app.db, instansi, &path).await?,
                acting: me.as_ref().is_none_or(|m| m.employee.unit_id != unit_id),
            });
        }
    }
    let admin = if user.actor.is_admin() || user.actor.is_pimpinan() {
        let scope = org_svc::list_scope(&app, &user, None).await?;
        let path = scope.unit_path();
        Some(AdminSummary {
            employees: org::count_in_subtree(&app.db, instansi, &path).await?,
            units: org::count_units_in_subtree(&app.db, instansi, &path).await?,
            vacant_heads: org::vacant_heads(&app.db, instansi, &path, app.today(), 1000)
                .await?
                .len(),
            scope_nama: scope.nama,
            scope_id: scope.id,
            can_import: user.actor.can_admin_instansi(instansi),
        })
    } else {
        None
    };
    let due = crate::services::penilaian::due(&app, &user).await?;
    let masukan_pending = crate::services::masukan::pending_count(&app, &user).await?;
    render(HomePage {
        masukan_pending,
        ctx: Ctx::new(lang, Some(&user), &here(&uri), "beranda"),
        me,
        led,
        admin,
        due,
    })
}

#[derive(Deserialize, Default)]
pub(super) struct ProfileQuery {
    #[serde(default)]
    pesan: String,
}

pub(super) async fn profile(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<ProfileQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let p = org_svc::profile(&app, &user, id).await?;
    let ctx = Ctx::new(lang, Some(&user), &here(&uri), "pegawai");
    let notice = match q.pesan.as_str() {
        "tersimpan" => Some(ctx.t("notice-saved").to_string()),
        "penilai-menunggu" => Some(ctx.t("notice-penilai-pending").to_string()),
        "reset-menunggu" => Some(ctx.t("notice-reset-pending").to_string()),
        _ => None,
    };
    render(ProfilePage {
        ctx,
        p,
        notice,
        temp_password: None,
    })
}
