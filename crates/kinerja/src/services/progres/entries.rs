//! The daily log of one person: the week view, writing, editing and removing entries,
//! "salin kemarin", favourites, and leave and travel days.

use super::*;
use crate::store::progres::{EntryFile, NewEntry, NewTemplate};
use kinerja_domain::progres::{
    self as rules, Entry, Ketidakhadiran, RawEntry, is_late, is_working_day, monday_of,
};

/// An entry as typed in a form, an API body or a spreadsheet row.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EntryInput {
    #[serde(default)]
    pub tanggal: String,
    #[serde(default)]
    pub jam_mulai: String,
    #[serde(default)]
    pub jam_selesai: String,
    #[serde(default)]
    pub kegiatan: String,
    #[serde(default)]
    pub rencana_aksi_id: String,
    #[serde(default)]
    pub realisasi: String,
    #[serde(default)]
    pub satuan: String,
    #[serde(default)]
    pub tautan: String,
}

/// An evidence file sent with an entry.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Where an entry comes from (kept on it: the penilai sees what was typed by hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sumber {
    Web,
    Api,
    Impor,
    Salin,
}

impl Sumber {
    pub fn code(self) -> &'static str {
        match self {
            Sumber::Web => "web",
            Sumber::Api => "api",
            Sumber::Impor => "impor",
            Sumber::Salin => "salin",
        }
    }
}

pub const MAX_SATUAN: usize = 60;

/// An entry that passed every check, ready to be written.
pub(crate) struct Checked {
    pub plan: PlanPeriod,
    pub entry: Entry,
    pub rencana_aksi: RencanaAksiRow,
    pub satuan: String,
}

/// Checks an entry of `owner`'s log against their plan on its day; every reason at once.
pub(crate) async fn check_entry(
    app: &App,
    instansi: i64,
    employee_id: i64,
    input: &EntryInput,
) -> AppResult<Checked> {
    let day = kinerja_domain::periode::parse_date(&input.tanggal);
    let plan = match day {
        Some(d) => plan_period_on(app, instansi, employee_id, d).await?,
        None => None,
    };
    let ras = match &plan {
        Some(p) => store::rencana_aksi_of(&app.db, instansi, p.skp.id, p.period.id).await?,
        None => Vec::new(),
    };
    check_with(plan, &ras, input, app.today()).map_err(AppError::Invalid)
}

/// The checks of an entry once its day's plan and rencana aksi are known (an import
/// reads them once per period, not once per row).
pub(crate) fn check_with(
    plan: Option<PlanPeriod>,
    ras: &[RencanaAksiRow],
    input: &EntryInput,
    today: NaiveDate,
) -> Result<Checked, Vec<Problem>> {
    let raw = RawEntry {
        tanggal: &input.tanggal,
        jam_mulai: &input.jam_mulai,
        jam_selesai: &input.jam_selesai,
        kegiatan: &input.kegiatan,
        realisasi: &input.realisasi,
        tautan: &input.tautan,
    };
    let day = kinerja_domain::periode::parse_date(&input.tanggal);
    let bounds = plan
        .as_ref()
        .map(|p| (p.period.mulai, p.period.selesai))
        .unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
    let mut problems = Vec::new();
    let entry = match rules::validate_entry(&raw, bounds, today) {
        Ok(e) => Some(e),
        Err(errs) => {
            problems.extend(errs.into_iter().map(|e| Problem::new(e.field(), e.code())));
            None
        }
    };
    if day.is_some() && plan.is_none() {
        problems.push(Problem::new("tanggal", "progres-tanpa-rencana"));
    }
    let rencana_aksi = input
        .rencana_aksi_id
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| ras.iter().find(|r| r.id == id))
        .cloned();
    if plan.is_some() && rencana_aksi.is_none() {
        problems.push(Problem::new("rencana_aksi_id", "progres-rencana-aksi"));
    }
    let satuan = match (&rencana_aksi, input.satuan.trim()) {
        (Some(r), "") => Ok(r.satuan.clone()),
        (_, s) => one_line("satuan", s, MAX_SATUAN, None),
    };
    let satuan = match satuan {
        Ok(s) if s.is_empty() => {
            problems.push(Problem::new("satuan", "progres-satuan"));
            String::new()
        }
        Ok(s) => s,
        Err(p) => {
            problems.push(p);
            String::new()
        }
    };
    match (plan, entry, rencana_aksi) {
        (Some(plan), Some(entry), Some(rencana_aksi)) if problems.is_empty() => Ok(Checked {
            plan,
            entry,
            rencana_aksi,
            satuan,
        }),
        _ => Err(problems),
    }
}

/// Checks and stores an evidence file the way bukti dukung are checked.
pub(crate) async fn store_file(app: &App, file: &Upload) -> AppResult<EntryFile> {
    let max = app.cfg.max_bukti_bytes;
    let jenis =
        kinerja_domain::bukti::periksa(&file.bytes, max, crate::services::penilaian::read_package)
            .map_err(|e| {
                AppError::Invalid(vec![
                    Problem::new("berkas", e.code())
                        .arg("max", format!("{} MB", max / (1024 * 1024))),
                ])
            })?;
    let nama = kinerja_domain::bukti::nama_berkas(&file.name, jenis);
    let sha256 = app.blobs.put(&file.bytes).await?;
    Ok(EntryFile {
        nama,
        jenis: jenis.content_type().to_string(),
        size: file.bytes.len() as i64,
        sha256,
    })
}

pub(crate) fn new_entry<'a>(
    instansi_id: i64,
    employee_id: i64,
    c: &'a Checked,
    file: Option<&'a EntryFile>,
    sumber: Sumber,
    today: NaiveDate,
    tolerance: i64,
) -> NewEntry<'a> {
    NewEntry {
        instansi_id,
        employee_id,
        period_id: c.plan.period.id,
        rencana_aksi_id: c.rencana_aksi.id,
        tanggal: c.entry.tanggal,
        jam_mulai: i64::from(c.entry.mulai.minutes()),
        jam_selesai: i64::from(c.entry.selesai.minutes()),
        kegiatan: &c.entry.kegiatan,
        realisasi: c.entry.realisasi,
        satuan: &c.satuan,
        tautan: c.entry.tautan.as_deref().unwrap_or(""),
        file,
        terlambat: is_late(c.entry.tanggal, today, tolerance.max(0) as u32),
        sumber: sumber.code(),
    }
}

/// Adds an entry to the signed-in user's own log. Entries written after the instansi's
/// tolerance are kept and marked late; a locked period refuses them.
pub async fn create(
    app: &App,
    user: &CurrentUser,
    input: &EntryInput,
    file: Option<&Upload>,
    sumber: Sumber,
) -> AppResult<i64> {
    let o = own(app, user).await?;
    let instansi = user.instansi_id();
    let c = check_entry(app, instansi, o.employee.id, input).await?;
    if c.plan.locked {
        return Err(AppError::Conflict("progres-terkunci"));
    }
    let stored = match file {
        Some(f) => Some(store_file(app, f).await?),
        None => None,
    };
    let aturan = store::aturan_get(&app.db, instansi).await?;
    let e = new_entry(
        instansi,
        o.employee.id,
        &c,
        stored.as_ref(),
        sumber,
        app.today(),
        aturan.toleransi_hari,
    );
    let mut tx = app.db.begin().await?;
    let id = store::entry_insert(&mut tx, &e).await?;
    audit_one(
        &mut tx,
        app,
        user,
        o.employee.id,
        "progres.create",
        ("progres", id),
        (
            None,
            Some(new_entry_json(
                &e,
                stored.as_ref().map(|f| f.sha256.as_str()),
            )),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An entry of the signed-in user's own log that may still change.
async fn own_entry(app: &App, user: &CurrentUser, id: i64) -> AppResult<(Owner, EntryRow)> {
    let o = own(app, user).await?;
    let e = store::entry_get(&app.db, user.instansi_id(), id).await?;
    if e.employee_id != o.employee.id {
        // Someone else's entry: whoever may read it is told no, others that it is not there.
        let _ = owner(app, user, e.employee_id).await?;
        return Err(AppError::Forbidden);
    }
    let plan = plan_period_on(app, user.instansi_id(), o.employee.id, e.tanggal).await?;
    if plan.is_some_and(|p| p.locked) {
        return Err(AppError::Conflict("progres-terkunci"));
    }
    Ok((o, e))
}

/// Rewrites an entry read at `version`; it waits for acknowledgement again.
pub async fn update(
    app: &App,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: &EntryInput,
    file: Option<&Upload>,
) -> AppResult<()> {
    let (o, before) = own_entry(app, user, id).await?;
    let instansi = user.instansi_id();
    let c = check_entry(app, instansi, o.employee.id, input).await?;
    if c.plan.locked {
        return Err(AppError::Conflict("progres-terkunci"));
    }
    let stored = match file {
        Some(f) => Some(store_file(app, f).await?),
        None => None,
    };
    let aturan = store::aturan_get(&app.db, instansi).await?;
    let mut e = new_entry(
        instansi,
        o.employee.id,
        &c,
        stored.as_ref(),
        Sumber::Web,
        app.today(),
        aturan.toleransi_hari,
    );
    // Lateness is about when the day was first written down: the same day keeps its mark.
    if e.tanggal == before.tanggal {
        e.terlambat = before.terlambat;
    }
    let mut tx = app.db.begin().await?;
    store::entry_update(&mut tx, id, version, &e).await?;
    audit_one(
        &mut tx,
        app,
        user,
        o.employee.id,
        "progres.update",
        ("progres", id),
        (
            Some(entry_json(&before)),
            Some(new_entry_json(
                &e,
                stored
                    .as_ref()
                    .map(|f| f.sha256.as_str())
                    .or(before.file_sha256.as_deref()),
            )),
        ),
    )
    .await?;
    tx.commit().await
}

pub async fn delete(app: &App, user: &CurrentUser, id: i64) -> AppResult<NaiveDate> {
    let (o, before) = own_entry(app, user, id).await?;
    let mut tx = app.db.begin().await?;
    store::entry_delete(&mut tx, user.instansi_id(), id).await?;
    audit_one(
        &mut tx,
        app,
        user,
        o.employee.id,
        "progres.delete",
        ("progres", id),
        (Some(entry_json(&before)), None),
    )
    .await?;
    tx.commit().await?;
    Ok(before.tanggal)
}

/// One entry for reading (its owner, their penilai and the chain above).
pub async fn entry(app: &App, user: &CurrentUser, id: i64) -> AppResult<(Owner, EntryRow)> {
    let e = store::entry_get(&app.db, user.instansi_id(), id).await?;
    let o = owner(app, user, e.employee_id).await?;
    Ok((o, e))
}

/// The evidence file of an entry with its bytes, for whoever may read the entry.
pub async fn entry_file(
    app: &App,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(String, String, Vec<u8>)> {
    let (employee_id, nama, jenis, sha) =
        store::entry_file(&app.db, user.instansi_id(), id).await?;
    let _ = owner(app, user, employee_id).await?;
    let bytes = app.blobs.get(&sha).await?;
    Ok((nama, jenis, bytes))
}

/// "Salin kemarin": copies the entries of the last day before `to` that has any (usually
/// yesterday) to `to`. Evidence files stay with the day they prove; links are copied.
/// Returns how many entries were copied.
pub async fn copy_last_day(app: &App, user: &CurrentUser, to: NaiveDate) -> AppResult<usize> {
    let o = own(app, user).await?;
    let instansi = user.instansi_id();
    let Some(from) = store::last_day_before(&app.db, instansi, o.employee.id, to).await? else {
        return Err(AppError::invalid("tanggal", "progres-tidak-ada-kemarin"));
    };
    let source = store::entries_between(&app.db, instansi, o.employee.id, from, from).await?;
    let aturan = store::aturan_get(&app.db, instansi).await?;
    // Every copy lands on `to`: its plan and rencana aksi are read once.
    let plan = plan_period_on(app, instansi, o.employee.id, to).await?;
    let ras = match &plan {
        Some(p) => store::rencana_aksi_of(&app.db, instansi, p.skp.id, p.period.id).await?,
        None => Vec::new(),
    };
    let mut checked = Vec::new();
    let mut refused = None;
    for s in &source {
        let input = EntryInput {
            tanggal: to.to_string(),
            jam_mulai: jam(s.jam_mulai),
            jam_selesai: jam(s.jam_selesai),
            kegiatan: s.kegiatan.clone(),
            rencana_aksi_id: s.rencana_aksi_id.to_string(),
            realisasi: s.realisasi.to_string(),
            satuan: s.satuan.clone(),
            tautan: s.tautan.clone(),
        };
        // A rencana aksi of another period does not carry over; the others do.
        match check_with(plan.clone(), &ras, &input, app.today()) {
            Ok(c) => checked.push(c),
            Err(p) => refused = refused.or(Some(p)),
        }
    }
    if let (true, Some(p)) = (checked.is_empty() && source.len() == 1, refused) {
        return Err(AppError::Invalid(p));
    }
    if checked.is_empty() {
        return Err(AppError::invalid("tanggal", "progres-tidak-ada-kemarin"));
    }
    if checked.iter().any(|c| c.plan.locked) {
        return Err(AppError::Conflict("progres-terkunci"));
    }
    let mut tx = app.db.begin().await?;
    let mut changes = Vec::new();
    for c in &checked {
        let e = new_entry(
            instansi,
            o.employee.id,
            c,
            None,
            Sumber::Salin,
            app.today(),
            aturan.toleransi_hari,
        );
        let id = store::entry_insert(&mut tx, &e).await?;
        changes.push(Change {
            action: "progres.create",
            object_type: "progres",
            object_id: Some(id),
            subject_employee_id: Some(o.employee.id),
            before: None,
            after: Some({
                let mut v = new_entry_json(&e, None);
                v["dari"] = json!(from);
                v
            }),
        });
    }
    audit::record_all(&mut tx, &app.audit_key, instansi, &user.who(), changes).await?;
    tx.commit().await?;
    Ok(checked.len())
}

/// A time of day stored in minutes, as people read it.
pub fn jam(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Whether the signed-in user has a log to write (asked before an upload's body is read).
pub async fn may_write_log(app: &App, user: &CurrentUser) -> AppResult<()> {
    own(app, user).await.map(|_| ())
}

/// Logs a favourite on `day` in one tap: its kegiatan, times, rencana aksi and realisasi.
pub async fn use_template(
    app: &App,
    user: &CurrentUser,
    id: i64,
    day: NaiveDate,
) -> AppResult<i64> {
    let o = own(app, user).await?;
    let t = store::templates_of(&app.db, user.instansi_id(), o.employee.id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    let input = EntryInput {
        tanggal: day.to_string(),
        jam_mulai: jam(t.jam_mulai),
        jam_selesai: jam(t.jam_selesai),
        kegiatan: t.kegiatan,
        rencana_aksi_id: t.rencana_aksi_id.to_string(),
        realisasi: t.realisasi.to_string(),
        satuan: String::new(),
        tautan: String::new(),
    };
    create(app, user, &input, None, Sumber::Web).await
}

/// Keeps an entry of the user's own log as a favourite for recurring work.
pub async fn save_template(app: &App, user: &CurrentUser, entry_id: i64) -> AppResult<i64> {
    let o = own(app, user).await?;
    let e = store::entry_get(&app.db, user.instansi_id(), entry_id).await?;
    if e.employee_id != o.employee.id {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.begin().await?;
    let id = store::template_insert(
        &mut tx,
        &NewTemplate {
            instansi_id: user.instansi_id(),
            employee_id: o.employee.id,
            rencana_aksi_id: e.rencana_aksi_id,
            kegiatan: &e.kegiatan,
            jam_mulai: e.jam_mulai,
            jam_selesai: e.jam_selesai,
            realisasi: e.realisasi,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_template(app: &App, user: &CurrentUser, id: i64) -> AppResult<()> {
    let o = own(app, user).await?;
    let mut tx = app.db.begin().await?;
    store::template_delete(&mut tx, user.instansi_id(), o.employee.id, id).await?;
    tx.commit().await
}

/// Marks a working day of the user's own log as leave or official travel (or clears it).
pub async fn set_away(
    app: &App,
    user: &CurrentUser,
    tanggal: &str,
    jenis: &str,
) -> AppResult<NaiveDate> {
    let o = own(app, user).await?;
    let instansi = user.instansi_id();
    let day = kinerja_domain::periode::parse_date(tanggal)
        .ok_or_else(|| AppError::invalid("tanggal", "progres-tanggal"))?;
    let jenis = match jenis.trim() {
        "" | "hadir" => None,
        j => Some(
            Ketidakhadiran::parse(j)
                .ok_or_else(|| AppError::invalid("jenis", "progres-ketidakhadiran"))?,
        ),
    };
    if plan_period_on(app, instansi, o.employee.id, day)
        .await?
        .is_some_and(|p| p.locked)
    {
        return Err(AppError::Conflict("progres-terkunci"));
    }
    let mut tx = app.db.begin().await?;
    store::away_set(&mut tx, instansi, o.employee.id, day, jenis).await?;
    audit_one(
        &mut tx,
        app,
        user,
        o.employee.id,
        "progres.away",
        ("employee", o.employee.id),
        (
            None,
            Some(json!({"tanggal": day, "jenis": jenis.map(|j| j.code())})),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(day)
}

/// One day of a week view.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Day {
    pub tanggal: NaiveDate,
    pub entries: Vec<EntryRow>,
    pub menit: u32,
    pub working: bool,
    pub holiday: Option<String>,
    pub away: Option<Ketidakhadiran>,
    /// A working day up to today with no entry and no leave or travel.
    pub missing: bool,
}

/// One person's week (Monday to Sunday) with what the entry form needs.
pub struct Week {
    pub owner: Owner,
    pub monday: NaiveDate,
    pub selected: NaiveDate,
    pub days: Vec<Day>,
    pub total_menit: u32,
    /// The plan and period of the selected day (none: nothing can be logged there).
    pub plan: Option<PlanPeriod>,
    pub rencana_aksi: Vec<RencanaAksiRow>,
    pub templates: Vec<TemplateRow>,
    /// The form's defaults: the last rencana aksi used and a start after the day's last entry.
    pub default_rencana_aksi: Option<i64>,
    pub default_mulai: String,
    pub default_selesai: String,
    pub aturan: AturanRow,
}

impl Week {
    pub fn day(&self) -> Option<&Day> {
        self.days.iter().find(|d| d.tanggal == self.selected)
    }
}

/// The week around `day` of someone's log, for whoever may read it.
pub async fn week(
    app: &App,
    user: &CurrentUser,
    employee_id: Option<i64>,
    day: Option<NaiveDate>,
) -> AppResult<Week> {
    let o = match employee_id {
        Some(id) => owner(app, user, id).await?,
        None => own(app, user).await?,
    };
    let instansi = user.instansi_id();
    let today = app.today();
    let selected = day.unwrap_or(today);
    let monday = monday_of(selected);
    let sunday = monday + chrono::Duration::days(6);
    let entries = store::entries_between(&app.db, instansi, o.employee.id, monday, sunday).await?;
    let away = store::away_between(&app.db, instansi, o.employee.id, monday, sunday).await?;
    let libur = holidays(app, instansi, monday, sunday).await?;
    let hs = holiday_set(&libur);
    let days: Vec<Day> = monday
        .iter_days()
        .take(7)
        .map(|d| {
            let es: Vec<EntryRow> = entries.iter().filter(|e| e.tanggal == d).cloned().collect();
            let away = away.iter().find(|a| a.tanggal == d).map(|a| a.jenis);
            let working = is_working_day(d, &hs);
            Day {
                tanggal: d,
                menit: es.iter().map(|e| e.menit.max(0) as u32).sum(),
                missing: working && d <= today && es.is_empty() && away.is_none(),
                entries: es,
                working,
                holiday: libur
                    .iter()
                    .find(|h| h.tanggal == d)
                    .map(|h| h.nama.clone()),
                away,
            }
        })
        .collect();
    let plan = plan_period_on(app, instansi, o.employee.id, selected).await?;
    let (rencana_aksi, templates, default_rencana_aksi) = match (&plan, o.access == Access::Owner) {
        (Some(p), true) => {
            let ra = store::rencana_aksi_of(&app.db, instansi, p.skp.id, p.period.id).await?;
            let last = store::last_rencana_aksi(&app.db, instansi, o.employee.id).await?;
            let default = last
                .filter(|id| ra.iter().any(|r| r.id == *id))
                .or(ra.first().map(|r| r.id));
            let templates = store::templates_of(&app.db, instansi, o.employee.id)
                .await?
                .into_iter()
                .filter(|t| ra.iter().any(|r| r.id == t.rencana_aksi_id))
                .collect();
            (ra, templates, default)
        }
        _ => (Vec::new(), Vec::new(), None),
    };
    let start = entries
        .iter()
        .filter(|e| e.tanggal == selected)
        .map(|e| e.jam_selesai)
        .max()
        .unwrap_or(7 * 60 + 30)
        .min(23 * 60);
    let aturan = store::aturan_get(&app.db, instansi).await?;
    Ok(Week {
        total_menit: days.iter().map(|d| d.menit).sum(),
        owner: o,
        monday,
        selected,
        days,
        plan,
        rencana_aksi,
        templates,
        default_rencana_aksi,
        default_mulai: jam(start),
        default_selesai: jam((start + 60).min(24 * 60)),
        aturan,
    })
}

/// The signed-in user's log today: how many entries and minutes (None: no log to keep).
pub async fn today(app: &App, user: &CurrentUser) -> AppResult<Option<(i64, i64)>> {
    let Some(me) = user.session.employee_id else {
        return Ok(None);
    };
    let today = app.today();
    let entries = store::entries_between(&app.db, user.instansi_id(), me, today, today).await?;
    Ok(Some((
        entries.len() as i64,
        entries.iter().map(|e| e.menit).sum(),
    )))
}

/// The longest range one read of a log may cover (a quarter and a little more).
pub const MAX_RANGE_DAYS: i64 = 100;

/// Someone's entries from `from` to `to`, for whoever may read their log.
pub async fn entries(
    app: &App,
    user: &CurrentUser,
    employee_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<(Owner, Vec<EntryRow>)> {
    let o = match employee_id {
        Some(id) => owner(app, user, id).await?,
        None => own(app, user).await?,
    };
    if to < from || (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(AppError::invalid("sampai", "progres-rentang"));
    }
    let rows = store::entries_between(&app.db, user.instansi_id(), o.employee.id, from, to).await?;
    Ok((o, rows))
}
