//! Validating an employee record.

use super::*;

/// The edit form of an employee, as typed (kept as text so a refused form shows exactly
/// what the user entered).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, utoipa::ToSchema)]
pub struct EmployeeInput {
    pub nip: String,
    pub jenis_asn: String,
    #[serde(default)]
    pub gelar_depan: String,
    pub nama: String,
    #[serde(default)]
    pub gelar_belakang: String,
    #[serde(default)]
    pub golongan: String,
    /// Code of the unit (kode unor).
    pub unit_kode: String,
    pub jabatan: String,
    pub jenis_jabatan: String,
    #[serde(default)]
    pub jenjang: String,
    /// The position heads its unit.
    #[serde(default)]
    pub kepala: bool,
    #[serde(default)]
    pub email: String,
    #[serde(default = "yes")]
    pub aktif: bool,
    /// NIP of a penilai set by an admin instead of the tree (empty: derived).
    #[serde(default)]
    pub nip_penilai: String,
}

pub(super) fn yes() -> bool {
    true
}

impl EmployeeInput {
    pub fn from_row(e: &EmployeeRow, unit_kode: String, nip_penilai: String) -> EmployeeInput {
        EmployeeInput {
            nip: e.nip.clone().unwrap_or_default(),
            jenis_asn: e.jenis_asn.clone(),
            gelar_depan: e.gelar_depan.clone(),
            nama: e.nama.clone(),
            gelar_belakang: e.gelar_belakang.clone(),
            golongan: e.golongan.clone().unwrap_or_default(),
            unit_kode,
            jabatan: e.jabatan.clone(),
            jenis_jabatan: e.jenis_jabatan.clone(),
            jenjang: e.jenjang.clone().unwrap_or_default(),
            kepala: e.is_head,
            email: e.email.clone().unwrap_or_default(),
            aktif: e.aktif,
            nip_penilai,
        }
    }
}

/// Fields that passed validation, ready for the store.
#[derive(Debug, Clone)]
pub struct ValidEmployee {
    pub nip: Option<String>,
    pub jenis_asn: JenisAsn,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub golongan: Option<Golongan>,
    pub jabatan: String,
    pub jenis_jabatan: JenisJabatan,
    pub jenjang: Option<Jenjang>,
    pub kepala: bool,
    pub email: Option<String>,
    pub aktif: bool,
}

/// An employee record as typed (form, API body or CSV row).
#[derive(Debug, Clone, Copy)]
pub struct RawEmployee<'a> {
    pub nip: &'a str,
    pub jenis_asn: &'a str,
    pub gelar_depan: &'a str,
    pub nama: &'a str,
    pub gelar_belakang: &'a str,
    pub golongan: &'a str,
    pub jabatan: &'a str,
    pub jenis_jabatan: &'a str,
    pub jenjang: &'a str,
    /// None: structural positions head their unit, others do not.
    pub kepala: Option<bool>,
    pub email: &'a str,
    pub aktif: bool,
}

impl<'a> RawEmployee<'a> {
    pub fn of_input(i: &'a EmployeeInput) -> RawEmployee<'a> {
        RawEmployee {
            nip: &i.nip,
            jenis_asn: &i.jenis_asn,
            gelar_depan: &i.gelar_depan,
            nama: &i.nama,
            gelar_belakang: &i.gelar_belakang,
            golongan: &i.golongan,
            jabatan: &i.jabatan,
            jenis_jabatan: &i.jenis_jabatan,
            jenjang: &i.jenjang,
            kepala: Some(i.kepala),
            email: &i.email,
            aktif: i.aktif,
        }
    }
}

/// Checks everything that can be checked without the database. Shared by the edit form,
/// the API and the CSV import, so all three accept and refuse the same things.
pub fn validate_employee(
    raw: &RawEmployee<'_>,
    today: NaiveDate,
) -> Result<ValidEmployee, Vec<Problem>> {
    let RawEmployee {
        nip,
        jenis_asn,
        gelar_depan,
        nama,
        gelar_belakang,
        golongan,
        jabatan,
        jenis_jabatan,
        jenjang,
        kepala,
        email,
        aktif,
    } = *raw;
    let mut problems = Vec::new();
    let jenis = JenisAsn::parse(jenis_asn);
    if jenis.is_none() {
        problems.push(Problem::new("jenis_asn", "jenis-asn-unknown").arg("value", jenis_asn));
    }
    let jenis = jenis.unwrap_or(JenisAsn::Pns);
    let mut parts = None;
    let nip_value = if jenis.has_nip() {
        match Nip::parse(nip, jenis, today) {
            Ok((n, p)) => {
                parts = Some(p);
                Some(n.as_str().to_string())
            }
            Err(e) => {
                problems.push(Problem::new("nip", e.code()).arg("value", nip.trim()));
                None
            }
        }
    } else {
        None
    };
    let nama_t = nama.trim();
    if nama_t.is_empty() {
        problems.push(Problem::new("nama", "nama-required"));
    } else if nama_t.chars().count() > 120 {
        problems.push(Problem::new("nama", "nama-too-long"));
    }
    let gol = if golongan.trim().is_empty() || !jenis.has_nip() {
        None
    } else {
        match Golongan::parse(golongan, jenis) {
            Ok(g) => Some(g),
            Err(e) => {
                problems.push(Problem::new("golongan", e.code()).arg("value", golongan.trim()));
                None
            }
        }
    };
    if jenis.has_nip() && golongan.trim().is_empty() {
        problems.push(Problem::new("golongan", "golongan-required"));
    }
    let jabatan_t = jabatan.trim();
    if jabatan_t.is_empty() {
        problems.push(Problem::new("jabatan", "jabatan-required"));
    }
    let jj = JenisJabatan::parse(jenis_jabatan);
    if jj.is_none() {
        problems.push(
            Problem::new("jenis_jabatan", "jenis-jabatan-unknown")
                .arg("value", jenis_jabatan.trim()),
        );
    }
    let jj = jj.unwrap_or(JenisJabatan::Pelaksana);
    let jenjang_v = if jenjang.trim().is_empty() {
        None
    } else {
        match Jenjang::parse(jenjang) {
            Some(j) if j.fits(jj) => Some(j),
            Some(_) => {
                problems.push(
                    Problem::new("jenjang", "jenjang-mismatch")
                        .arg("value", jenjang.trim())
                        .arg("jenis", jj.label()),
                );
                None
            }
            None => {
                problems
                    .push(Problem::new("jenjang", "jenjang-unknown").arg("value", jenjang.trim()));
                None
            }
        }
    };
    let email_t = email.trim();
    if !email_t.is_empty() && (!email_t.contains('@') || email_t.contains(char::is_whitespace)) {
        problems.push(Problem::new("email", "email-invalid"));
    }
    // A newline or tab in a name breaks every export and document line it is printed on.
    for (field, value) in [
        ("gelar_depan", gelar_depan),
        ("nama", nama),
        ("gelar_belakang", gelar_belakang),
        ("jabatan", jabatan),
        ("email", email),
    ] {
        if !kinerja_domain::text::is_single_line(value.trim()) {
            problems.push(Problem::new(field, "text-control-char"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (jenis_kelamin, tanggal_lahir) = match parts {
        Some(p) => (p.jenis_kelamin.code().to_string(), Some(p.tanggal_lahir)),
        None => ("L".to_string(), None),
    };
    Ok(ValidEmployee {
        nip: nip_value,
        jenis_asn: jenis,
        gelar_depan: gelar_depan.trim().to_string(),
        nama: nama_t.to_string(),
        gelar_belakang: gelar_belakang.trim().to_string(),
        jenis_kelamin,
        tanggal_lahir,
        golongan: gol,
        jabatan: jabatan_t.to_string(),
        jenis_jabatan: jj,
        jenjang: jenjang_v,
        // Structural positions lead their unit unless said otherwise.
        kepala: kepala.unwrap_or(jj.is_structural()),
        email: (!email_t.is_empty()).then(|| email_t.to_string()),
        aktif,
    })
}

/// The position part of an audit snapshot.
pub struct PositionLabel<'a> {
    pub nama: &'a str,
    pub jenis: &'a str,
    pub jenjang: Option<&'a str>,
    pub kepala: bool,
}

impl<'a> PositionLabel<'a> {
    pub fn of_row(e: &'a EmployeeRow) -> PositionLabel<'a> {
        PositionLabel {
            nama: &e.jabatan,
            jenis: &e.jenis_jabatan,
            jenjang: e.jenjang.as_deref(),
            kepala: e.is_head,
        }
    }
    pub fn of_valid(v: &'a ValidEmployee) -> PositionLabel<'a> {
        PositionLabel {
            nama: &v.jabatan,
            jenis: v.jenis_jabatan.code(),
            jenjang: v.jenjang.map(|j| j.code()),
            kepala: v.kepala,
        }
    }
}

/// What the audit trail keeps of an employee record.
pub fn audit_snapshot(
    f: &EmployeeFields,
    jabatan: &PositionLabel<'_>,
    unit: &str,
) -> serde_json::Value {
    json!({
        "nip": f.nip, "jenis_asn": f.jenis_asn, "gelar_depan": f.gelar_depan, "nama": f.nama,
        "gelar_belakang": f.gelar_belakang, "jenis_kelamin": f.jenis_kelamin,
        "tanggal_lahir": f.tanggal_lahir, "golongan": f.golongan, "jabatan": jabatan.nama,
        "jenis_jabatan": jabatan.jenis, "jenjang": jabatan.jenjang, "kepala": jabatan.kepala, "unit": unit,
        "email": f.email, "aktif": f.aktif, "penilai_override_id": f.penilai_override_id,
    })
}

/// Finds the position `(unit, nama)` or creates it; refuses a second head in a unit.
/// Returns the position and whether anything was written.
pub async fn ensure_position(
    app: &App,
    tx: &mut Tx,
    instansi_id: i64,
    unit_id: i64,
    v: &ValidEmployee,
) -> AppResult<(i64, bool)> {
    let _ = instansi_id;
    let existing = org::positions_of_unit(&app.db, instansi_id, unit_id).await?;
    if v.kepala
        && let Some(h) = existing.iter().find(|p| p.is_head && p.nama != v.jabatan)
    {
        return Err(AppError::Invalid(vec![
            Problem::new("kepala", "unit-has-head").arg("jabatan", &h.nama),
        ]));
    }
    let jenjang = v.jenjang.map(|j| j.code());
    match existing.iter().find(|p| p.nama == v.jabatan) {
        Some(p) => {
            let changed = p.jenis != v.jenis_jabatan.code()
                || p.jenjang.as_deref() != jenjang
                || p.is_head != v.kepala;
            if changed {
                org::position_update(
                    tx,
                    instansi_id,
                    p.id,
                    v.jenis_jabatan.code(),
                    jenjang,
                    v.kepala,
                )
                .await?;
            }
            Ok((p.id, changed))
        }
        None => {
            let id = org::position_insert(
                tx,
                NewPosition {
                    instansi_id,
                    unit_id,
                    nama: &v.jabatan,
                    jenis: v.jenis_jabatan.code(),
                    jenjang,
                    is_head: v.kepala,
                },
            )
            .await?;
            Ok((id, true))
        }
    }
}
