//! One person's log: the week view with the entry form (their own) or the penilai's
//! acknowledgement (someone else's).

use super::*;
use crate::services::progres::{Day, EntryRow, Week};
use kinerja_domain::progres::{Ketidakhadiran, Pengakuan};

#[derive(Template)]
#[template(path = "progres.html")]
pub struct LogPage {
    pub ctx: Ctx,
    pub w: Week,
    pub errors: FormErrors,
    pub typed: HashMap<String, String>,
    pub notice: Option<String>,
    pub today: NaiveDate,
}

impl LogPage {
    pub fn own(&self) -> bool {
        self.w.owner.access == Access::Owner
    }

    pub fn penilai(&self) -> bool {
        self.w.owner.access == Access::Penilai
    }

    /// What the form shows: what was typed if it was refused, else the defaults.
    pub fn value(&self, k: &str) -> String {
        if let Some(v) = self.typed.get(k) {
            return v.clone();
        }
        match k {
            "tanggal" => self.w.selected.to_string(),
            "jam_mulai" => self.w.default_mulai.clone(),
            "jam_selesai" => self.w.default_selesai.clone(),
            "realisasi" => "1".into(),
            "rencana_aksi_id" => self
                .w
                .default_rencana_aksi
                .map(|i| i.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    pub fn selected_ra(&self, id: &i64) -> bool {
        self.value("rencana_aksi_id") == id.to_string()
    }

    pub fn jam(&self, m: &i64) -> String {
        svc::jam(*m)
    }

    pub fn durasi(&self, m: &u32) -> String {
        durasi(m)
    }

    pub fn day_label(&self, d: &Day) -> String {
        let names = ["sen", "sel", "rab", "kam", "jum", "sab", "min"];
        let i = d
            .tanggal
            .format("%u")
            .to_string()
            .parse::<usize>()
            .unwrap_or(1)
            - 1;
        format!(
            "{} {}",
            self.ctx.t(&format!("hari-{}", names[i])),
            d.tanggal.format("%d/%m")
        )
    }

    pub fn day_mark(&self, d: &Day) -> String {
        if let Some(h) = &d.holiday {
            return format!("{}: {h}", self.ctx.t("progres-libur"));
        }
        match d.away {
            Some(k) => self.away_label(&k).to_string(),
            None if d.missing => self.ctx.t("progres-belum-diisi").to_string(),
            None if !d.working => self.ctx.t("progres-akhir-pekan").to_string(),
            None => String::new(),
        }
    }

    pub fn away_label(&self, k: &Ketidakhadiran) -> &'static str {
        match k {
            Ketidakhadiran::Cuti => self.ctx.t("progres-cuti"),
            Ketidakhadiran::DinasLuar => self.ctx.t("progres-dinas-luar"),
        }
    }

    pub fn away_code(&self) -> &'static str {
        self.w
            .day()
            .and_then(|d| d.away)
            .map(|k| k.code())
            .unwrap_or("hadir")
    }

    pub fn pengakuan(&self, e: &EntryRow) -> &'static str {
        pengakuan_label(&self.ctx, e.pengakuan)
    }

    pub fn prev_week(&self) -> NaiveDate {
        self.w.monday - chrono::Duration::days(7)
    }

    pub fn next_week(&self) -> NaiveDate {
        self.w.monday + chrono::Duration::days(7)
    }

    /// Where a link to another day leads: my log, or the person's.
    pub fn base(&self) -> String {
        if self.own() {
            "/progres".into()
        } else {
            format!("/pegawai/{}/progres", self.w.owner.employee.id)
        }
    }

    pub fn can_write(&self) -> bool {
        self.own() && self.w.plan.as_ref().is_some_and(|p| !p.locked)
    }

    pub fn locked(&self) -> bool {
        self.w.plan.as_ref().is_some_and(|p| p.locked)
    }
}

pub fn pengakuan_label(ctx: &Ctx, p: Pengakuan) -> &'static str {
    match p {
        Pengakuan::Menunggu => ctx.t("progres-menunggu"),
        Pengakuan::Disetujui => ctx.t("progres-disetujui"),
        Pengakuan::PerluPerbaikan => ctx.t("progres-perlu-perbaikan"),
    }
}

#[derive(Deserialize, Default)]
pub(super) struct LogQuery {
    #[serde(default)]
    tanggal: Option<String>,
    #[serde(default)]
    pesan: Option<String>,
    #[serde(default)]
    n: Option<i64>,
}

fn notice(lang: Lang, q: &LogQuery) -> Option<String> {
    let key = match q.pesan.as_deref()? {
        "tersimpan" => "progres-tersimpan",
        "diubah" => "progres-diubah",
        "dihapus" => "progres-dihapus",
        "disalin" => {
            return Some(crate::i18n::tf(
                lang,
                "progres-disalin",
                &[("n", &q.n.unwrap_or(0).to_string())],
            ));
        }
        "diimpor" => {
            return Some(crate::i18n::tf(
                lang,
                "progres-diimpor",
                &[("n", &q.n.unwrap_or(0).to_string())],
            ));
        }
        "favorit" => "progres-favorit-tersimpan",
        "favorit-hapus" => "progres-favorit-dihapus",
        "ketidakhadiran" => "progres-ketidakhadiran-tersimpan",
        "diakui" => "progres-pengakuan-tersimpan",
        _ => return None,
    };
    Some(crate::i18n::t(lang, key).to_string())
}

#[allow(clippy::too_many_arguments)]
async fn show(
    app: &App,
    user: &WebUser,
    lang: Lang,
    employee_id: Option<i64>,
    day: Option<NaiveDate>,
    errors: FormErrors,
    typed: HashMap<String, String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let w = svc::week(app, user, employee_id, day).await?;
    let here = match employee_id {
        Some(id) => format!("/pegawai/{id}/progres"),
        None => "/progres".into(),
    };
    let section = if employee_id.is_some() {
        "progres-tim"
    } else {
        "progres"
    };
    let page = LogPage {
        ctx: Ctx::new(lang, Some(user), &here, section),
        w,
        errors,
        typed,
        notice,
        today: app.today(),
    };
    render_status(status_of(&page.errors), page)
}

pub(super) async fn my_log(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Query(q): Query<LogQuery>,
) -> AppResult<Response> {
    let n = notice(lang, &q);
    show(
        &app,
        &user,
        lang,
        None,
        parse_day(&q.tanggal),
        FormErrors::default(),
        HashMap::new(),
        n,
    )
    .await
}

pub(super) async fn someones_log(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    Query(q): Query<LogQuery>,
) -> AppResult<Response> {
    let n = notice(lang, &q);
    show(
        &app,
        &user,
        lang,
        Some(id),
        parse_day(&q.tanggal),
        FormErrors::default(),
        HashMap::new(),
        n,
    )
    .await
}

/// After a write to my log: to the day it changed, with the message; a refusal shows the
/// page again with what was typed.
async fn after_own(
    app: &App,
    user: &WebUser,
    lang: Lang,
    typed: HashMap<String, String>,
    r: AppResult<(NaiveDate, String)>,
) -> AppResult<Response> {
    match r {
        Ok((day, pesan)) => {
            Ok(Redirect::to(&format!("/progres?tanggal={day}&pesan={pesan}#hari")).into_response())
        }
        Err(e) => match form_errors(&e, lang) {
            Some(errors) => {
                let day = typed
                    .get("tanggal")
                    .and_then(|t| kinerja_domain::periode::parse_date(t));
                show(app, user, lang, None, day, errors, typed, None).await
            }
            None => Err(e),
        },
    }
}

pub(super) async fn create_entry(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    mut multipart: Multipart,
) -> AppResult<Response> {
    // Before a byte of the body is read: only people with a log of their own write one.
    svc::may_write_log(&app, &user).await?;
    let (f, file) = match read_multipart(
        &mut multipart,
        &user.session.csrf_token,
        app.cfg.max_bukti_bytes,
    )
    .await
    {
        Ok(x) => x,
        Err(e @ AppError::Invalid(_)) => {
            return after_own(&app, &user, lang, HashMap::new(), Err(e)).await;
        }
        Err(e) => return Err(e),
    };
    let input = entry_input(&f);
    let r = svc::create(&app, &user, &input, file.as_ref(), svc::Sumber::Web)
        .await
        .map(|_| {
            (
                kinerja_domain::periode::parse_date(&input.tanggal).unwrap_or(app.today()),
                "tersimpan".to_string(),
            )
        });
    after_own(&app, &user, lang, f, r).await
}

pub(super) async fn copy_yesterday(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let day = f
        .get("tanggal")
        .and_then(|t| kinerja_domain::periode::parse_date(t))
        .unwrap_or(app.today());
    match svc::copy_last_day(&app, &user, day).await {
        Ok(n) => Ok(
            Redirect::to(&format!("/progres?tanggal={day}&pesan=disalin&n={n}#hari"))
                .into_response(),
        ),
        Err(e) => after_own(&app, &user, lang, f, Err(e)).await,
    }
}

pub(super) async fn use_template(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let day = f
        .get("tanggal")
        .and_then(|t| kinerja_domain::periode::parse_date(t))
        .unwrap_or(app.today());
    let r = svc::use_template(&app, &user, id, day)
        .await
        .map(|_| (day, "tersimpan".to_string()));
    after_own(&app, &user, lang, f, r).await
}

pub(super) async fn delete_template(
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
    CsrfForm(_f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    svc::delete_template(&app, &user, id).await?;
    Ok(Redirect::to("/progres?pesan=favorit-hapus#favorit").into_response())
}

pub(super) async fn save_template(
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
    CsrfForm(_f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    svc::save_template(&app, &user, id).await?;
    Ok(Redirect::to("/progres?pesan=favorit#favorit").into_response())
}

pub(super) async fn set_away(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let r = svc::set_away(&app, &user, &get("tanggal"), &get("jenis"))
        .await
        .map(|d| (d, "ketidakhadiran".to_string()));
    after_own(&app, &user, lang, f, r).await
}

pub(super) async fn delete_entry(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let r = svc::delete(&app, &user, id)
        .await
        .map(|d| (d, "dihapus".to_string()));
    after_own(&app, &user, lang, f, r).await
}

#[derive(Template)]
#[template(path = "progres_ubah.html")]
pub struct EditEntryPage {
    pub ctx: Ctx,
    pub entry: EntryRow,
    pub w: Week,
    pub errors: FormErrors,
    pub typed: HashMap<String, String>,
}

impl EditEntryPage {
    pub fn value(&self, k: &str) -> String {
        if let Some(v) = self.typed.get(k) {
            return v.clone();
        }
        let e = &self.entry;
        match k {
            "tanggal" => e.tanggal.to_string(),
            "jam_mulai" => svc::jam(e.jam_mulai),
            "jam_selesai" => svc::jam(e.jam_selesai),
            "kegiatan" => e.kegiatan.clone(),
            "rencana_aksi_id" => e.rencana_aksi_id.to_string(),
            "realisasi" => e.realisasi.to_string(),
            "satuan" => e.satuan.clone(),
            "tautan" => e.tautan.clone(),
            "version" => e.version.to_string(),
            _ => String::new(),
        }
    }

    pub fn selected_ra(&self, id: &i64) -> bool {
        self.value("rencana_aksi_id") == id.to_string()
    }

    pub fn pengakuan(&self) -> &'static str {
        pengakuan_label(&self.ctx, self.entry.pengakuan)
    }
}

async fn show_edit(
    app: &App,
    user: &WebUser,
    lang: Lang,
    id: i64,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> AppResult<Response> {
    let (o, entry) = svc::entry(app, user, id).await?;
    if o.access != Access::Owner {
        return Err(AppError::Forbidden);
    }
    let w = svc::week(app, user, None, Some(entry.tanggal)).await?;
    let page = EditEntryPage {
        ctx: Ctx::new(lang, Some(user), &format!("/progres/{id}/ubah"), "progres"),
        entry,
        w,
        errors,
        typed,
    };
    render_status(status_of(&page.errors), page)
}

pub(super) async fn edit_entry_page(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    show_edit(&app, &user, lang, id, FormErrors::default(), HashMap::new()).await
}

pub(super) async fn update_entry(
    State(app): State<App>,
    user: WebUser,
    UserLang(lang): UserLang,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    svc::may_write_log(&app, &user).await?;
    let (f, file) = match read_multipart(
        &mut multipart,
        &user.session.csrf_token,
        app.cfg.max_bukti_bytes,
    )
    .await
    {
        Ok(x) => x,
        Err(e @ AppError::Invalid(_)) => {
            let errors = form_errors(&e, lang).unwrap_or_default();
            return show_edit(&app, &user, lang, id, errors, HashMap::new()).await;
        }
        Err(e) => return Err(e),
    };
    let input = entry_input(&f);
    let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    match svc::update(&app, &user, id, version, &input, file.as_ref()).await {
        Ok(()) => {
            let day = kinerja_domain::periode::parse_date(&input.tanggal).unwrap_or(app.today());
            Ok(
                Redirect::to(&format!("/progres?tanggal={day}&pesan=diubah#e-{id}"))
                    .into_response(),
            )
        }
        Err(e) => match form_errors(&e, lang) {
            Some(errors) => show_edit(&app, &user, lang, id, errors, f).await,
            None => Err(e),
        },
    }
}

pub(super) async fn entry_file(
    State(app): State<App>,
    user: WebUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (nama, jenis, bytes) = svc::entry_file(&app, &user, id).await?;
    crate::http::web::penilaian::file_response(&nama, &jenis, bytes)
}
