//! The instansi's rules for the daily log (lateness tolerance, whether acknowledgement is
//! required) and its holidays, kept by the admin BKPSDM.

use super::*;

pub struct AturanView {
    pub aturan: AturanRow,
    pub holidays: Vec<HariLiburRow>,
    pub tahun: i32,
}

fn admin_only(user: &CurrentUser) -> AppResult<()> {
    if user.actor.is_admin_instansi() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn aturan_view(
    app: &App,
    user: &CurrentUser,
    tahun: Option<i32>,
) -> AppResult<AturanView> {
    admin_only(user)?;
    let tahun = tahun.unwrap_or_else(|| app.today().year());
    let from = NaiveDate::from_ymd_opt(tahun, 1, 1).ok_or(AppError::NotFound)?;
    let to = NaiveDate::from_ymd_opt(tahun, 12, 31).ok_or(AppError::NotFound)?;
    Ok(AturanView {
        aturan: store::aturan_get(&app.db, user.instansi_id()).await?,
        holidays: holidays(app, user.instansi_id(), from, to).await?,
        tahun,
    })
}

/// The rules as typed in the admin's form.
pub struct AturanInput {
    pub toleransi_hari: String,
    pub pengakuan_wajib: bool,
}

pub async fn set_aturan(app: &App, user: &CurrentUser, input: &AturanInput) -> AppResult<()> {
    admin_only(user)?;
    let toleransi = match input.toleransi_hari.trim().parse::<i64>() {
        Ok(n) if (0..=31).contains(&n) => n,
        _ => return Err(AppError::invalid("toleransi_hari", "progres-toleransi")),
    };
    let instansi = user.instansi_id();
    let before = store::aturan_get(&app.db, instansi).await?;
    let after = AturanRow {
        toleransi_hari: toleransi,
        pengakuan_wajib: input.pengakuan_wajib,
    };
    let mut tx = app.db.begin().await?;
    store::aturan_set(&mut tx, instansi, &after, user.session.user_id).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "progres.aturan",
            object_type: "instansi",
            object_id: Some(instansi),
            subject_employee_id: None,
            before: Some(json!(before)),
            after: Some(json!(after)),
        },
    )
    .await?;
    tx.commit().await
}

pub async fn add_holiday(
    app: &App,
    user: &CurrentUser,
    tanggal: &str,
    nama: &str,
) -> AppResult<NaiveDate> {
    admin_only(user)?;
    let day = kinerja_domain::periode::parse_date(tanggal);
    let nama = one_line("nama", nama, 200, Some("progres-libur-nama"));
    let (day, nama) = match (day, nama) {
        (Some(d), Ok(n)) => (d, n),
        (d, n) => {
            let mut p = Vec::new();
            if d.is_none() {
                p.push(Problem::new("tanggal", "progres-tanggal"));
            }
            p.extend(n.err());
            return Err(AppError::Invalid(p));
        }
    };
    let instansi = user.instansi_id();
    let mut tx = app.db.begin().await?;
    store::holiday_set(&mut tx, instansi, day, &nama).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "progres.libur_add",
            object_type: "instansi",
            object_id: Some(instansi),
            subject_employee_id: None,
            before: None,
            after: Some(json!({"tanggal": day, "nama": nama})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(day)
}

pub async fn remove_holiday(app: &App, user: &CurrentUser, tanggal: &str) -> AppResult<NaiveDate> {
    admin_only(user)?;
    let day = kinerja_domain::periode::parse_date(tanggal)
        .ok_or_else(|| AppError::invalid("tanggal", "progres-tanggal"))?;
    let instansi = user.instansi_id();
    let mut tx = app.db.begin().await?;
    store::holiday_delete(&mut tx, instansi, day).await?;
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "progres.libur_remove",
            object_type: "instansi",
            object_id: Some(instansi),
            subject_employee_id: None,
            before: Some(json!({"tanggal": day})),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(day)
}
