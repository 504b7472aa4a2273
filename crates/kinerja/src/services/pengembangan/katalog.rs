//! The training catalogue.

use super::*;

/// The catalogue, for everyone who may read the analysis; edits by the admin BKPSDM.
pub async fn katalog(app: &App, user: &CurrentUser) -> AppResult<Vec<KatalogRow>> {
    if user.actor.read_scope().is_none() {
        return Err(AppError::Forbidden);
    }
    store::katalog_list(&app.db, user.instansi_id()).await
}

pub(super) fn problems(errs: Vec<kinerja_domain::pengembangan::KatalogError>) -> AppError {
    AppError::Invalid(
        errs.iter()
            .map(|e| Problem::at(e.field(), e.code()))
            .collect(),
    )
}

/// Adds (`id` None) or changes a catalogue entry. Every error of the form at once.
pub async fn katalog_save(
    app: &App,
    user: &CurrentUser,
    id: Option<i64>,
    input: &KatalogInput,
    aktif: bool,
) -> AppResult<i64> {
    let instansi = user.instansi_id();
    if !user.actor.can_admin_instansi(instansi) {
        return Err(AppError::Forbidden);
    }
    let k = input.validate().map_err(problems)?;
    let mut tx = app.db.begin().await?;
    let saved = match id {
        None => store::katalog_insert(&mut tx, instansi, &k).await,
        Some(id) => match store::katalog_update(&mut tx, instansi, id, &k, aktif).await {
            Ok(0) => Err(AppError::NotFound),
            Ok(_) => Ok(id),
            Err(e) => Err(e),
        },
    };
    let id = match saved {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() => {
            return Err(AppError::invalid("kode", "katalog-kode-taken"));
        }
        Err(e) => return Err(e),
    };
    audit::record(
        &mut tx,
        &app.audit_key,
        instansi,
        &user.who(),
        Change {
            action: "katalog.save",
            object_type: "katalog_pengembangan",
            object_id: Some(id),
            subject_employee_id: None,
            before: None,
            after: Some(serde_json::to_value(&k).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The entries every new instansi starts from (BKPSDM edits them at will).
pub fn katalog_awal() -> Vec<KatalogInput> {
    let e = |kode: &str,
             nama: &str,
             bentuk: &str,
             sasaran: &str,
             units: &[&str],
             jab: &[&str],
             penyelenggara: &str,
             jp: u32| KatalogInput {
        kode: kode.into(),
        nama: nama.into(),
        bentuk: bentuk.into(),
        sasaran: sasaran.into(),
        jenis_unit: units.iter().map(|s| s.to_string()).collect(),
        jenis_jabatan: jab.iter().map(|s| s.to_string()).collect(),
        penyelenggara: penyelenggara.into(),
        jp: jp.to_string(),
    };
    vec![
        e(
            "PP-01",
            "Workshop Pelayanan Prima",
            "Workshop",
            "perilaku-1",
            &["kecamatan", "kelurahan", "uptd"],
            &[],
            "BKPSDM",
            16,
        ),
        e(
            "PP-02",
            "Pelatihan Pelayanan Publik bagi Pendidik",
            "Pelatihan",
            "perilaku-1",
            &["sekolah"],
            &[],
            "Dinas Pendidikan dan Kebudayaan",
            24,
        ),
        e(
            "PP-03",
            "E-learning Budaya Melayani",
            "E-learning",
            "perilaku-1",
            &[],
            &[],
            "BKPSDM",
            8,
        ),
        e(
            "AK-01",
            "Pelatihan Akuntabilitas dan Pelaporan Kinerja",
            "Pelatihan",
            "perilaku-2",
            &[],
            &[],
            "BKPSDM",
            16,
        ),
        e(
            "KM-01",
            "Pelatihan Teknis Sesuai Bidang Tugas",
            "Pelatihan",
            "perilaku-3",
            &[],
            &["pelaksana", "fungsional"],
            "BKPSDM",
            32,
        ),
        e(
            "HR-01",
            "Coaching Harmonisasi Tim Kerja",
            "Coaching",
            "perilaku-4",
            &[],
            &[],
            "Atasan langsung",
            4,
        ),
        e(
            "LY-01",
            "Penguatan Integritas dan Kode Etik ASN",
            "Workshop",
            "perilaku-5",
            &[],
            &[],
            "Inspektorat",
            8,
        ),
        e(
            "AD-01",
            "Pelatihan Literasi Digital dan Aplikasi Perkantoran",
            "Pelatihan",
            "perilaku-6",
            &[],
            &[],
            "Dinas Komunikasi dan Informatika",
            24,
        ),
        e(
            "KL-01",
            "Workshop Kolaborasi Lintas Unit",
            "Workshop",
            "perilaku-7",
            &[],
            &[],
            "BKPSDM",
            8,
        ),
        e(
            "HK-01",
            "Pelatihan Manajemen Waktu dan Penyusunan Target Kinerja",
            "Pelatihan",
            "hasil",
            &[],
            &[],
            "BKPSDM",
            16,
        ),
        e(
            "HK-02",
            "Mentoring Pencapaian Target oleh Atasan",
            "Mentoring",
            "hasil",
            &[],
            &["pelaksana", "fungsional"],
            "Atasan langsung",
            6,
        ),
        e(
            "HK-03",
            "Pelatihan Kepemimpinan Pengawas",
            "Pelatihan",
            "hasil",
            &[],
            &["pengawas", "administrator"],
            "BPSDM Provinsi Lampung",
            40,
        ),
    ]
}

/// Seeds the starting catalogue into an instansi that has none.
pub async fn katalog_seed(app: &App, instansi_id: i64) -> AppResult<usize> {
    if !store::katalog_list(&app.db, instansi_id).await?.is_empty() {
        return Ok(0);
    }
    let mut tx = app.db.begin().await?;
    let entries = katalog_awal();
    for input in &entries {
        let k = input
            .validate()
            .map_err(|e| AppError::Internal(format!("katalog awal: {e:?}")))?;
        store::katalog_insert(&mut tx, instansi_id, &k).await?;
    }
    tx.commit().await?;
    Ok(entries.len())
}

/// The training catalogue is kept by the instansi's admins.
pub fn may_keep_katalog(user: &CurrentUser) -> AppResult<()> {
    if !user.actor.can_admin_instansi(user.instansi_id()) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}
