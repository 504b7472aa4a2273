//! A small organisation for permission and workflow tests.

use super::*;

pub const UNITS_CSV: &str = "kode,nama,jenis,kode_induk
A,Dinas Alpha,opd,
A.1,Sekretariat Alpha,sekretariat,A
A.2,Bidang Alpha Satu,bidang,A
A.2.1,Seksi Alpha Satu A,seksi,A.2
A.2.2,Seksi Alpha Satu B,seksi,A.2
B,Dinas Beta,opd,
B.1,Sekretariat Beta,sekretariat,B
";

/// Who is who in the fixture: short name → (NIP, jabatan, jenis_jabatan, kepala, unit).
pub const PEOPLE: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    // key, nip, nama, jabatan, jenis_jabatan, golongan, unit
    (
        "kadis_a",
        "197001012000031001",
        "Kadis Alpha",
        "Kepala Dinas Alpha",
        "jpt",
        "IV/c",
        "A",
    ),
    (
        "sekre_a",
        "197502022001032002",
        "Sekretaris Alpha",
        "Sekretaris",
        "administrator",
        "IV/a",
        "A.1",
    ),
    (
        "admin_a",
        "199001012015031003",
        "Admin Alpha",
        "Pengelola Kepegawaian",
        "pelaksana",
        "III/a",
        "A.1",
    ),
    (
        "kabid_a",
        "197803032002031004",
        "Kabid Alpha",
        "Kepala Bidang Alpha Satu",
        "administrator",
        "IV/a",
        "A.2",
    ),
    (
        "kasi_a",
        "198204042006042005",
        "Kasi Alpha",
        "Kepala Seksi Alpha Satu A",
        "pengawas",
        "III/c",
        "A.2.1",
    ),
    (
        "p1",
        "199505052020121006",
        "Pelaksana Satu",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "II/c",
        "A.2.1",
    ),
    (
        "p2",
        "199606062021122007",
        "Pelaksana Dua",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "II/c",
        "A.2.1",
    ),
    (
        "kasi_b1",
        "198307072007031008",
        "Kasi Alpha B",
        "Kepala Seksi Alpha Satu B",
        "pengawas",
        "III/c",
        "A.2.2",
    ),
    (
        "p3",
        "199708082022212009",
        "Pelaksana Tiga",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "V",
        "A.2.2",
    ),
    (
        "kadis_b",
        "196909091995031010",
        "Kadis Beta",
        "Kepala Dinas Beta",
        "jpt",
        "IV/c",
        "B",
    ),
    (
        "q1",
        "199110102016032011",
        "Pegawai Beta",
        "Pengadministrasi Perkantoran",
        "pelaksana",
        "III/a",
        "B.1",
    ),
];

pub struct Fixture {
    pub instansi_id: i64,
    pub ids: HashMap<&'static str, i64>,
}

impl Fixture {
    pub fn id(&self, key: &str) -> i64 {
        self.ids[key]
    }

    /// The id of a fixture unit by its code (e.g. "A", "B", "A.2.1").
    pub async fn unit(&self, t: &TestApp, kode: &str) -> i64 {
        kinerja::store::org::unit_by_kode(&t.app.db, self.instansi_id, kode)
            .await
            .unwrap()
            .unwrap()
            .id
    }
    pub fn nip(key: &str) -> &'static str {
        PEOPLE.iter().find(|p| p.0 == key).map(|p| p.1).unwrap()
    }
}

/// Gives these accounts (by NIP) the password behind `hash`.
pub async fn set_passwords(
    app: &kinerja::App,
    tx: &mut kinerja::store::Tx,
    hash: &str,
    nips: impl IntoIterator<Item = &str>,
) {
    for nip in nips {
        let u = kinerja::store::users::user_by_username(&app.db, nip)
            .await
            .unwrap()
            .unwrap();
        kinerja::store::users::set_password(tx, u.instansi_id, u.id, hash, false)
            .await
            .unwrap();
    }
}

pub fn people_csv() -> String {
    let mut s = String::from("nip,nama,jabatan,jenis_jabatan,golongan,kode_unit\n");
    for (_, nip, nama, jabatan, jenis, gol, unit) in PEOPLE {
        s.push_str(&format!("{nip},{nama},{jabatan},{jenis},{gol},{unit}\n"));
    }
    s
}

impl TestApp {
    /// Spawns a server with the fixture organisation, every account's password set to
    /// [`PASSWORD`], an admin BKPSDM `admin`, the Bupati `bupati` (pimpinan) and `admin_a`
    /// as admin OPD of Dinas Alpha.
    pub async fn with_fixture() -> (TestApp, Fixture) {
        TestApp::new().with_fixture().start().await.fixture()
    }

    pub async fn with_fixture_cfg(tweak: impl FnOnce(&mut Config)) -> (TestApp, Fixture) {
        TestApp::new()
            .with_config(tweak)
            .with_fixture()
            .start()
            .await
            .fixture()
    }

    /// A second, empty instansi beside the fixture's, for tests of what one tenant cannot
    /// see or change of another.
    pub async fn other_instansi(&self) -> i64 {
        kinerja::cli::create_instansi(
            &self.app,
            "99.02",
            "Pemerintah Kota Lain",
            "Kota Lain",
            "Wali Kota Lain",
            None,
        )
        .await
        .unwrap()
    }

    /// Loads the fixture organisation into this server's database.
    pub async fn load_fixture(&self) -> Fixture {
        let t = self;
        let app = &t.app;
        let instansi_id = kinerja::cli::create_instansi(
            app,
            "99.01",
            "Pemerintah Kabupaten Uji",
            "Kota Uji",
            "Bupati Uji",
            Some("Bupati Uji"),
        )
        .await
        .unwrap();
        let who = kinerja::services::audit::Who::system("test");
        let r = kinerja::services::import::import_units(
            app,
            instansi_id,
            &who,
            UNITS_CSV.as_bytes(),
            false,
        )
        .await
        .unwrap();
        assert!(r.ok(), "{r:?}");
        let r = kinerja::services::import::import_employees(
            app,
            instansi_id,
            &who,
            people_csv().as_bytes(),
            false,
        )
        .await
        .unwrap();
        assert!(r.ok(), "{r:?}");
        kinerja::services::accounts::create_admin(app, instansi_id, "admin", PASSWORD, &who)
            .await
            .unwrap();
        let mut ids = HashMap::new();
        for (key, nip, ..) in PEOPLE {
            let e = kinerja::store::org::employee_by_nip(&app.db, instansi_id, nip)
                .await
                .unwrap()
                .unwrap();
            ids.insert(*key, e.id);
        }
        // Passwords for everyone, accounts for the Bupati, roles.
        let hash = app.passwords.hash(PASSWORD.to_string()).await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        set_passwords(app, &mut tx, &hash, PEOPLE.iter().map(|p| p.1)).await;
        let all = kinerja::store::org::employees_all(&app.db, instansi_id)
            .await
            .unwrap();
        let bupati = all.iter().find(|e| e.nip.is_none()).unwrap();
        ids.insert("bupati", bupati.id);
        let bu = kinerja::store::users::user_insert(
            &mut tx,
            kinerja::store::users::NewUser {
                instansi_id,
                employee_id: Some(bupati.id),
                username: "bupati",
                display_name: "Bupati Uji",
                password_hash: Some(&hash),
                must_change_password: false,
            },
        )
        .await
        .unwrap();
        kinerja::store::users::role_grant(&mut tx, instansi_id, bu, "pimpinan", None)
            .await
            .unwrap();
        let admin_a = kinerja::store::users::user_by_username(&app.db, Fixture::nip("admin_a"))
            .await
            .unwrap()
            .unwrap();
        let unit_a = kinerja::store::org::unit_by_kode(&app.db, instansi_id, "A")
            .await
            .unwrap()
            .unwrap();
        kinerja::store::users::role_grant(
            &mut tx,
            instansi_id,
            admin_a.id,
            "admin_opd",
            Some(unit_a.id),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        Fixture { instansi_id, ids }
    }
}
