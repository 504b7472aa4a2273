//! Demo data: a generated, realistic Kabupaten Lampung Utara (docs/domain-rules.md §11).
//!
//! Deterministic from a seed: the same seed gives the same organisation, names and NIPs on
//! every machine (the generator is our own SplitMix64, not a library whose stream may change
//! between versions). The units and employees are written as CSV and loaded through the
//! regular import, so the demo also exercises the import path end to end.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change, Who};
use crate::services::import;
use crate::store::Db;
use crate::store::org::{self, EmployeeFields, NewActing, NewPosition, NewUnit};
use crate::store::users::{self, NewUser};
use chrono::{Datelike, NaiveDate};
use kinerja_domain::nip::{JenisKelamin, NipParts, Tmt};
use kinerja_domain::org::ActingKind;
use kinerja_domain::skp::SkpStatus;
use kinerja_domain::{Golongan, JenisAsn};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

pub mod copies;
mod names;
mod offices;
pub mod penilaian;
mod people;
pub mod plans;
pub mod progres;
mod regency;
#[cfg(test)]
mod tests;

pub use names::*;
use offices::*;
use people::*;
use regency::*;

pub const DEMO_KODE: &str = "18.03";
pub const DEMO_PASSWORD: &str = "kinerja2026";
pub const ADMIN_USERNAME: &str = "admin.bkpsdm";
pub const BUPATI_USERNAME: &str = "bupati";

// ---------------------------------------------------------------------------------------
// Loading the demo

/// The demo's units and employees as CSV files (benchmarks import them).
pub fn demo_files(seed: u64, today: NaiveDate) -> (String, String) {
    let (units, employees, _, _) = generate(seed, today);
    (units, employees)
}

/// One printed demo account.
pub struct DemoAccount {
    pub role: &'static str,
    pub username: String,
    pub name: String,
}

pub struct DemoSummary {
    pub units: usize,
    pub employees: usize,
    pub plans: crate::demo::plans::PlanCounts,
    pub evaluations: crate::demo::penilaian::EvaluationCounts,
    pub progres: crate::demo::progres::ProgresCounts,
    pub accounts: Vec<DemoAccount>,
    pub password: &'static str,
}

/// Loads the demo into an empty database. Refuses when the demo instansi already exists.
pub async fn load(app: &App, seed: u64) -> AppResult<DemoSummary> {
    if org::instansi_list(&app.db)
        .await?
        .iter()
        .any(|i| i.kode == DEMO_KODE)
    {
        return Err(AppError::Conflict("demo-exists"));
    }
    let who = Who::system("demo");
    let today = app.today();
    let (units_csv, employees_csv, cast, vacancies) = generate(seed, today);

    // The instansi, its root unit and the Bupati, who heads the root.
    let mut tx = app.db.begin().await?;
    let instansi_id = org::instansi_create(
        &mut tx,
        DEMO_KODE,
        "Pemerintah Kabupaten Lampung Utara",
        "Kotabumi",
    )
    .await?;
    crate::services::audit::create_chain(&mut tx, &app.audit_key, instansi_id).await?;
    let (root_id, _) = org::unit_insert(
        &mut tx,
        NewUnit {
            instansi_id,
            parent: None,
            kode: DEMO_KODE,
            nama: "Pemerintah Kabupaten Lampung Utara",
            jenis: "pemda",
            urutan: 0,
        },
    )
    .await?;
    let bupati_pos = org::position_insert(
        &mut tx,
        NewPosition {
            instansi_id,
            unit_id: root_id,
            nama: "Bupati Lampung Utara",
            jenis: "pejabat_negara",
            jenjang: None,
            is_head: true,
        },
    )
    .await?;
    let bupati = org::employee_insert(
        &mut tx,
        instansi_id,
        &EmployeeFields {
            nip: None,
            jenis_asn: "pejabat_negara".into(),
            gelar_depan: "Ir. H.".into(),
            nama: "Ahmad Fauzan".into(),
            gelar_belakang: "M.M.".into(),
            jenis_kelamin: "L".into(),
            tanggal_lahir: None,
            golongan: None,
            position_id: bupati_pos,
            email: None,
            aktif: true,
            penilai_override_id: None,
        },
    )
    .await?;
    tx.commit().await?;

    let report = import::import_units(app, instansi_id, &who, units_csv.as_bytes(), false).await?;
    if !report.ok() {
        return Err(AppError::Internal(format!(
            "demo units refused: {:?}",
            report.errors.first()
        )));
    }
    let units = report.created;
    let report =
        import::import_employees(app, instansi_id, &who, employees_csv.as_bytes(), false).await?;
    if !report.ok() {
        return Err(AppError::Internal(format!(
            "demo employees refused: {:?} {:?}",
            report.file_problems,
            report.errors.first()
        )));
    }
    let employees = report.created;

    // Vacant head positions, most with a PLT. Everything needed is read before the
    // transaction starts: a pooled read while holding the write connection could starve.
    let all_units = org::units_all(&app.db, instansi_id).await?;
    let mut plt_ids = std::collections::HashMap::new();
    for v in &vacancies {
        if let Some(nip) = &v.plt_nip {
            let emp = org::employee_by_nip(&app.db, instansi_id, nip)
                .await?
                .ok_or_else(|| AppError::Internal("demo PLT missing".into()))?;
            plt_ids.insert(nip.clone(), emp.id);
        }
    }
    let sekda_user = users::user_by_username(&app.db, &cast.sekda)
        .await?
        .ok_or(AppError::NotFound)?;
    let admin_opd = users::user_by_username(&app.db, &cast.admin_opd)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = app.db.begin().await?;
    let mut changes = Vec::new();
    for v in &vacancies {
        let unit = all_units
            .iter()
            .find(|u| u.kode == v.unit_kode)
            .ok_or_else(|| AppError::Internal(format!("demo unit {} missing", v.unit_kode)))?;
        let pos = org::position_insert(
            &mut tx,
            NewPosition {
                instansi_id,
                unit_id: unit.id,
                nama: &v.jabatan,
                jenis: v.jenis,
                jenjang: None,
                is_head: true,
            },
        )
        .await?;
        if let Some(nip) = &v.plt_nip {
            let employee_id = plt_ids[nip];
            let mulai = today - chrono::Duration::days(40);
            let id = org::acting_insert(
                &mut tx,
                NewActing {
                    instansi_id,
                    employee_id,
                    position_id: pos,
                    jenis: ActingKind::Plt,
                    mulai,
                    selesai: None,
                    dasar: "Surat Perintah Bupati (demo)",
                },
            )
            .await?;
            changes.push(Change {
                action: "acting.create",
                object_type: "acting",
                object_id: Some(id),
                subject_employee_id: Some(employee_id),
                before: None,
                after: Some(json!({"jenis": "PLT", "jabatan": v.jabatan, "mulai": mulai})),
            });
        }
    }

    // Accounts: one password for every demo account, changed freely afterwards.
    let hash = app.passwords.hash(DEMO_PASSWORD.to_string()).await?;
    users::set_password_for_instansi(&mut tx, instansi_id, &hash).await?;
    let admin = users::user_insert(
        &mut tx,
        NewUser {
            instansi_id,
            employee_id: None,
            username: ADMIN_USERNAME,
            display_name: "Admin BKPSDM Lampung Utara",
            password_hash: Some(&hash),
            must_change_password: false,
        },
    )
    .await?;
    users::role_grant(&mut tx, instansi_id, admin, "admin_instansi", None).await?;
    let bupati_user = users::user_insert(
        &mut tx,
        NewUser {
            instansi_id,
            employee_id: Some(bupati),
            username: BUPATI_USERNAME,
            display_name: "Ir. H. Ahmad Fauzan, M.M.",
            password_hash: Some(&hash),
            must_change_password: false,
        },
    )
    .await?;
    users::role_grant(&mut tx, instansi_id, bupati_user, "pimpinan", None).await?;
    users::role_grant(&mut tx, instansi_id, sekda_user.id, "pimpinan", None).await?;
    let dinkes = all_units
        .iter()
        .find(|u| u.kode == cast.admin_opd_unit)
        .ok_or(AppError::NotFound)?;
    users::role_grant(
        &mut tx,
        instansi_id,
        admin_opd.id,
        "admin_opd",
        Some(dinkes.id),
    )
    .await?;
    changes.push(Change {
        action: "demo.accounts",
        object_type: "instansi",
        object_id: Some(instansi_id),
        subject_employee_id: None,
        before: None,
        after: Some(json!({"admin": ADMIN_USERNAME, "pimpinan": [BUPATI_USERNAME, cast.sekda], "admin_opd": cast.admin_opd})),
    });
    audit::record_all(&mut tx, &app.audit_key, instansi_id, &who, changes).await?;
    tx.commit().await?;

    let cast_nips = [
        &cast.kadis_pendidikan,
        &cast.kasi,
        &cast.pelaksana,
        &cast.guru,
        &cast.admin_opd,
    ];
    let mut names = Vec::new();
    // Each account finds something to do: the pelaksana's plan waits for the kasi.
    let wanted = [
        Some(SkpStatus::Disetujui),
        Some(SkpStatus::Disetujui),
        Some(SkpStatus::Diajukan),
        Some(SkpStatus::Disetujui),
        Some(SkpStatus::Draft),
    ];
    let mut forced = HashMap::new();
    let mut ids = Vec::new();
    for (nip, w) in cast_nips.iter().zip(wanted) {
        let e = org::employee_by_nip(&app.db, instansi_id, nip)
            .await?
            .ok_or(AppError::NotFound)?;
        names.push(format!("{} — {}", e.nama_lengkap(), e.jabatan));
        forced.insert(e.id, w);
        ids.push(e.id);
    }
    // The guru's penilai: the head of their school, who acknowledges the guru's log.
    let kepala_sekolah = crate::services::skp::current_penilai(app, instansi_id, ids[3])
        .await?
        .employee_id()
        .ok_or(AppError::NotFound)?;
    let kepala_sekolah = org::employee_get(&app.db, instansi_id, kepala_sekolah).await?;
    let plans = crate::demo::plans::load(app, instansi_id, seed, &forced).await?;
    let evaluations = crate::demo::penilaian::load(app, instansi_id, seed).await?;
    // The kasi, the pelaksana and the guru log every working day.
    let log_cast: HashMap<i64, &'static [&'static str]> = [
        (ids[1], &crate::demo::progres::KEGIATAN[..]),
        (ids[2], &crate::demo::progres::KEGIATAN[..]),
        (ids[3], &crate::demo::progres::KEGIATAN_GURU[..]),
    ]
    .into();
    let progres = crate::demo::progres::load(app, instansi_id, seed, &log_cast).await?;
    crate::services::pengembangan::katalog_seed(app, instansi_id).await?;
    let name_of = |i: usize| names[i].clone();
    let accounts = vec![
        DemoAccount {
            role: "Admin BKPSDM",
            username: ADMIN_USERNAME.into(),
            name: "Admin BKPSDM Lampung Utara".into(),
        },
        DemoAccount {
            role: "Bupati (pimpinan)",
            username: BUPATI_USERNAME.into(),
            name: "Ir. H. Ahmad Fauzan, M.M.".into(),
        },
        DemoAccount {
            role: "Kepala Dinas",
            username: cast.kadis_pendidikan.clone(),
            name: name_of(0),
        },
        DemoAccount {
            role: "Kepala Seksi",
            username: cast.kasi.clone(),
            name: name_of(1),
        },
        DemoAccount {
            role: "Pelaksana",
            username: cast.pelaksana.clone(),
            name: name_of(2),
        },
        DemoAccount {
            role: "Guru",
            username: cast.guru.clone(),
            name: name_of(3),
        },
        DemoAccount {
            role: "Kepala Sekolah",
            username: kepala_sekolah.nip.clone().unwrap_or_default(),
            name: format!(
                "{} — {}",
                kepala_sekolah.nama_lengkap(),
                kepala_sekolah.jabatan
            ),
        },
        DemoAccount {
            role: "Admin OPD (Dinas Kesehatan)",
            username: cast.admin_opd.clone(),
            name: name_of(4),
        },
    ];
    let _ = units;
    // Every table was just filled: the planner needs their statistics before the first
    // request, whether or not autovacuum ever runs.
    app.db.analyze(&[]).await?;
    Ok(DemoSummary {
        units: all_units.len(),
        employees: employees + 1,
        progres,
        plans,
        evaluations,
        accounts,
        password: DEMO_PASSWORD,
    })
}

/// Whether the database holds no instansi yet (`serve --demo` loads the demo only then).
/// The demo regency's instansi id.
pub async fn demo_instansi(app: &App) -> AppResult<i64> {
    org::instansi_list(&app.db)
        .await?
        .into_iter()
        .find(|i| i.kode == DEMO_KODE)
        .map(|i| i.id)
        .ok_or(AppError::NotFound)
}

pub async fn is_empty(db: &Db) -> AppResult<bool> {
    Ok(org::instansi_list(db).await?.is_empty())
}

pub async fn print_accounts(summary: &DemoSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Data demo Kabupaten Lampung Utara dimuat: {} unit organisasi, {} pegawai.",
        summary.units, summary.employees
    );
    let c = &summary.plans.by_status;
    let _ = writeln!(
        out,
        "SKP: {} tahun penilaian, {} rencana (tahun ini: {} disetujui, {} diajukan, {} dikembalikan, {} draf).",
        summary.plans.years,
        summary.plans.plans,
        c.get("disetujui").copied().unwrap_or(0),
        c.get("diajukan").copied().unwrap_or(0),
        c.get("dikembalikan").copied().unwrap_or(0),
        c.get("draft").copied().unwrap_or(0)
    );
    let e = &summary.evaluations;
    let _ = writeln!(
        out,
        "Penilaian: {} hasil (tahun lalu ditetapkan; triwulan berjalan sedang diisi), {} unit dengan kurva dilanggar dan dijustifikasi.",
        e.evaluations, e.units_breaking_curve
    );
    let p = &summary.progres;
    let _ = writeln!(
        out,
        "Progres harian periode berjalan: {} rencana aksi, {} kegiatan, {} hari cuti atau dinas luar.",
        p.rencana_aksi, p.entries, p.away_days
    );
    let _ = writeln!(
        out,
        "Akun demo (kata sandi semuanya: {}):",
        summary.password
    );
    for a in &summary.accounts {
        let _ = writeln!(out, "  {:<28} {:<20} {}", a.role, a.username, a.name);
    }
    let _ = writeln!(
        out,
        "Setiap pegawai demo lain dapat masuk dengan NIP-nya dan kata sandi yang sama."
    );
    out
}
