//! Home and profile.

use super::*;

pub(super) async fn home(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let me = match user.session.employee_id {
        Some(id) => Some(org_svc::profile(&app, &user, id).await?),
        None => None,
    };
    let led = org_svc::led_units_counted(&app, &user)
        .await?
        .into_iter()
        .map(|l| LedUnit {
            acting: me.as_ref().is_none_or(|m| m.employee.unit_id != l.unit.id),
            id: l.unit.id,
            nama: l.unit.nama,
            employees: l.employees,
        })
        .collect();
    let admin = org_svc::scope_summary(&app, &user)
        .await?
        .map(|s| AdminSummary {
            employees: s.employees,
            units: s.units,
            vacant_heads: s.vacant_heads,
            scope_nama: s.scope.nama,
            scope_id: s.scope.id,
            can_import: user.actor.can_admin_instansi(user.instansi_id()),
        });
    let tasks = crate::services::tugas::mine(&app, &user).await?;
    let progres_today = crate::services::progres::today(&app, &user).await?;
    let mut ctx = Ctx::new(lang, Some(&user), &here(&uri), "beranda");
    ctx.badges = menu_badges(&tasks);
    render(HomePage {
        progres_today,
        ctx,
        me,
        led,
        admin,
        tasks,
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

/// The counts beside the menu: each open task under the entry its button leads to.
fn menu_badges(tasks: &crate::services::tugas::MyTasks) -> Vec<(&'static str, i64)> {
    use kinerja_domain::tugas::TugasKind;
    tasks
        .tasks
        .iter()
        .filter(|t| !t.tugas.kind.is_waiting())
        .map(|t| {
            let section = match t.tugas.kind {
                TugasKind::BuatSkp | TugasKind::AjukanSkp | TugasKind::PerbaikiSkp => "skp",
                TugasKind::SetujuiSkp => "persetujuan",
                TugasKind::AkuiProgres => "progres-tim",
                TugasKind::Konfirmasi => "konfirmasi",
                _ => "penilaian",
            };
            (section, t.count)
        })
        .collect()
}
