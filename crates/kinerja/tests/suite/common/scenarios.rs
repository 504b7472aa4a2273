//! Planning helpers.
//! Results of a whole year.
//! Evaluation helpers.

use super::*;

impl TestApp {
    /// The fixture with an evaluation year for the current year (quarterly periods).
    pub async fn with_year() -> (TestApp, Fixture, i64) {
        TestApp::new().with_year().start().await.with_year()
    }

    /// Opens an evaluation year for the current year (quarterly periods).
    pub async fn add_current_year(&self, f: &Fixture) -> i64 {
        let tahun = chrono::Datelike::year(&self.app.today());
        let who = kinerja::services::audit::Who::system("test");
        let input = kinerja::services::periode::YearInput {
            tahun: tahun.to_string(),
            ..Default::default()
        };
        kinerja::services::periode::create_year_as(&self.app, f.instansi_id, &who, &input)
            .await
            .unwrap()
    }
}

impl Client {
    /// Creates the signed-in employee's plan and returns its id.
    pub async fn create_plan(&mut self, year_id: i64, start: &str) -> i64 {
        let r = self
            .submit(
                "/skp/baru",
                &[("year_id", &year_id.to_string()), ("mulai_dari", start)],
            )
            .await;
        assert_eq!(
            r.status,
            reqwest::StatusCode::SEE_OTHER,
            "create plan: {}",
            r.visible()
        );
        r.location
            .unwrap()
            .trim_start_matches("/skp/")
            .parse()
            .unwrap()
    }

    /// The version the plan page was rendered at.
    pub async fn plan_version(&mut self, skp: i64) -> String {
        let page = self.get(&format!("/skp/{skp}")).await;
        assert_eq!(page.status, reqwest::StatusCode::OK, "{}", page.visible());
        let marker = "name=\"version\" value=\"";
        let start = page.text.find(marker).expect("an editable form") + marker.len();
        page.text[start..].split('"').next().unwrap().to_string()
    }

    /// Posts a plan form with the current version.
    pub async fn plan_post(&mut self, skp: i64, path: &str, fields: &[(&str, &str)]) -> Response {
        let v = self.plan_version(skp).await;
        let mut all = vec![("version", v.as_str())];
        all.extend_from_slice(fields);
        self.submit(&format!("/skp/{skp}{path}"), &all).await
    }

    /// Adds an RHK and returns its id (the newest RHK anchor on the page).
    pub async fn add_rhk(&mut self, skp: i64, jenis: &str, teks: &str, parent: Option<i64>) -> i64 {
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        let r = self
            .plan_post(
                skp,
                "/rhk",
                &[("jenis", jenis), ("teks", teks), ("parent_rhk_id", &parent)],
            )
            .await;
        assert_eq!(
            r.status,
            reqwest::StatusCode::SEE_OTHER,
            "add rhk: {}",
            r.visible()
        );
        let page = self.get(&format!("/skp/{skp}")).await;
        page.text
            .split("id=\"rhk-")
            .skip(1)
            .filter_map(|s| s.split('"').next().and_then(|n| n.parse::<i64>().ok()))
            .max()
            .expect("an RHK")
    }

    pub async fn add_indikator(
        &mut self,
        skp: i64,
        rhk: i64,
        iki: &str,
        target: &str,
        satuan: &str,
    ) {
        let r = self
            .plan_post(
                skp,
                &format!("/rhk/{rhk}/indikator"),
                &[
                    ("aspek", "Kuantitas"),
                    ("iki", iki),
                    ("target", target),
                    ("satuan", satuan),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            reqwest::StatusCode::SEE_OTHER,
            "add indikator: {}",
            r.visible()
        );
    }
}

/// p1's plan with two RHK linked to the kasi's, one indicator each, approved by the kasi.
/// Returns (kasi, p1, p1's plan id).
pub async fn approved_plan(t: &TestApp, year: i64) -> (Client, Client, i64) {
    approved_plan_of(t, year, Fixture::nip("kasi_a"), Fixture::nip("p1")).await
}

/// `member`'s plan with two RHK linked to those of `head` (their penilai), one indicator
/// each, approved by the head. Returns (head, member, the member's plan id).
pub async fn approved_plan_of(
    t: &TestApp,
    year: i64,
    head: &str,
    member: &str,
) -> (Client, Client, i64) {
    let mut kasi = t.login(head).await;
    let kskp = kasi.create_plan(year, "kosong").await;
    let k1 = kasi
        .add_rhk(kskp, "utama", "Terselenggaranya layanan arsip seksi", None)
        .await;
    let k2 = kasi
        .add_rhk(kskp, "utama", "Tersusunnya laporan kinerja seksi", None)
        .await;
    let mut p1 = t.login(member).await;
    let skp = p1.create_plan(year, "kosong").await;
    let a = p1
        .add_rhk(skp, "utama", "Terarsipnya surat masuk dan keluar", Some(k1))
        .await;
    let b = p1
        .add_rhk(skp, "utama", "Tersusunnya bahan laporan kinerja", Some(k2))
        .await;
    p1.add_indikator(skp, a, "Jumlah surat terarsip", "1200", "surat")
        .await;
    p1.add_indikator(skp, b, "Jumlah bahan laporan", "4", "dokumen")
        .await;
    let r = p1.plan_post(skp, "/ajukan", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    let r = kasi
        .plan_post(skp, "/keputusan", &[("keputusan", "setujui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    (kasi, p1, skp)
}

/// A rencana aksi under the plan's first indicator in the period in progress (satuan
/// from the indicator). Returns (period, rencana aksi).
pub async fn rencana_aksi_now(t: &TestApp, c: &mut Client, skp: i64) -> (i64, i64) {
    let period = current_ra_period(c, skp).await;
    let ind: i64 = one_id(
        t,
        "SELECT MIN(i.id) FROM skp_indikator i JOIN skp_rhk r ON r.id = i.rhk_id WHERE r.skp_id = $1",
        skp,
    )
    .await;
    let r = c
        .submit(
            &format!("/skp/{skp}/rencana-aksi"),
            &[
                ("periode", &period.to_string()),
                ("indikator_id", &ind.to_string()),
                ("teks", "Mengarsipkan surat masuk harian"),
                ("target", "300"),
                ("satuan", ""),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "rencana aksi: {}",
        r.visible()
    );
    let ra = one_id(t, "SELECT MAX(id) FROM rencana_aksi WHERE skp_id = $1", skp).await;
    (period, ra)
}

/// NIPs of the school added by [`school`]: its head and a teacher.
pub const KEPALA_SEKOLAH: &str = "197505052000031014";
pub const GURU: &str = "198801012012012013";

/// A primary school under Dinas Alpha with its head (a teacher with the extra task) and a
/// teacher, both signing in with [`PASSWORD`].
pub async fn school(t: &TestApp, f: &Fixture) {
    let who = kinerja::services::audit::Who::system("test");
    let r = kinerja::services::import::import_units(
        &t.app,
        f.instansi_id,
        &who,
        b"kode,nama,jenis,kode_induk\nA.3,SD Negeri 1 Alpha,sekolah,A\n",
        false,
    )
    .await
    .unwrap();
    assert!(r.ok(), "{r:?}");
    let people = format!(
        "nip,nama,jabatan,jenis_jabatan,golongan,kode_unit,kepala\n\
         {KEPALA_SEKOLAH},Kepala Sekolah Alpha,Guru Ahli Madya,fungsional,IV/a,A.3,ya\n\
         {GURU},Guru Alpha,Guru Ahli Pertama,fungsional,III/b,A.3,tidak\n"
    );
    let r = kinerja::services::import::import_employees(
        &t.app,
        f.instansi_id,
        &who,
        people.as_bytes(),
        false,
    )
    .await
    .unwrap();
    assert!(r.ok(), "{r:?}");
    let hash = t.app.passwords.hash(PASSWORD.to_string()).await.unwrap();
    let mut tx = t.app.db.begin().await.unwrap();
    set_passwords(&t.app, &mut tx, &hash, [KEPALA_SEKOLAH, GURU]).await;
    tx.commit().await.unwrap();
}

/// Rating hasil, rating perilaku, Berorientasi Pelayanan rated low.
pub(super) type Outcome = (&'static str, &'static str, bool);

/// Who, and their result (None = pending).
pub(super) const RESULTS: &[(&str, Option<Outcome>)] = &[
    ("kasi_a", Some(("sesuai", "sesuai", false))),   // Baik
    ("p1", Some(("di_atas", "di_atas", false))),     // Sangat Baik
    ("p2", Some(("di_bawah", "sesuai", true))),      // Butuh Perbaikan
    ("kasi_b1", Some(("sesuai", "di_atas", false))), // Baik
    ("p3", None),                                    // still a draft
    ("sekre_a", Some(("di_bawah", "di_bawah", true))), // Sangat Kurang
    ("q1", Some(("sesuai", "sesuai", false))),       // Baik
    ("kadis_b", Some(("di_atas", "sesuai", false))), // Baik
];

/// A small dataset for the dashboard, every figure computable by hand: results in the
/// year's first period for most of the fixture. Returns the period id.
pub async fn dashboard_dataset(t: &TestApp, f: &Fixture, year: i64) -> i64 {
    let app = &t.app;
    let period = kinerja::store::periode::periods(&app.db, f.instansi_id, year)
        .await
        .unwrap()[0]
        .clone();
    let matriks = kinerja_domain::penilaian::AturanPenilaian::default().matriks;
    let mut tx = app.db.begin().await.unwrap();
    for (who, result) in RESULTS {
        let e = kinerja::store::org::employee_get(&app.db, f.instansi_id, f.id(who))
            .await
            .unwrap();
        let skp = kinerja::store::skp::skp_insert(
            &mut tx,
            kinerja::store::skp::NewSkp {
                instansi_id: f.instansi_id,
                employee_id: e.id,
                year_id: year,
                position_id: e.position_id,
                mulai: period.mulai,
                selesai: period.selesai,
                pendekatan: "kuantitatif",
            },
        )
        .await
        .unwrap();
        let (status, h, p, predikat) = match result {
            Some((h, p, _)) => {
                let pr = matriks.predikat(
                    kinerja_domain::penilaian::Rating::parse(h).unwrap(),
                    kinerja_domain::penilaian::Rating::parse(p).unwrap(),
                );
                ("dinilai", Some(*h), Some(*p), Some(pr.code()))
            }
            None => ("draft", None, None, None),
        };
        let ev = kinerja::store::penilaian::evaluation_insert_demo(
            &mut tx,
            &kinerja::store::penilaian::DemoEvaluation {
                instansi_id: f.instansi_id,
                skp_id: skp,
                period_id: period.id,
                employee_id: e.id,
                unit_id: e.unit_id,
                penilai_employee_id: None,
                atasan_employee_id: None,
                snapshot_json: "{}".into(),
                status,
                rating_hasil: h,
                rating_perilaku: p,
                predikat,
                catatan: String::new(),
                self_submitted_at: None,
                assessed_at: None,
                finalised_at: None,
            },
        )
        .await
        .unwrap();
        if let Some((_, _, low)) = result {
            let items: Vec<kinerja::store::penilaian::ItemSeed> = (1..=7)
                .map(|k| {
                    let r = if k == 1 && *low { "di_bawah" } else { "sesuai" };
                    (
                        f.instansi_id,
                        ev,
                        "perilaku",
                        k,
                        None,
                        String::new(),
                        Some(r),
                        String::new(),
                    )
                })
                .collect();
            kinerja::store::penilaian::items_insert_many(&mut tx, &items)
                .await
                .unwrap();
        }
    }
    // Rows written in bulk, as the demo does: derive the dashboard's mask once.
    kinerja::store::penilaian::refresh_perilaku_bawah(&mut tx, f.instansi_id, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    period.id
}

/// Finalised annual (AKHIR) results written directly: (who, rating hasil, rating perilaku,
/// catatan). Each person gets a plan for the year; the snapshot holds them as they are now
/// with `penilai` as their penilai. Returns the annual period's id.
pub async fn annual_results(
    t: &TestApp,
    f: &Fixture,
    year: i64,
    penilai: &str,
    results: &[(&str, &str, &str, &str)],
) -> i64 {
    let app = &t.app;
    let periods = kinerja::store::periode::periods(&app.db, f.instansi_id, year)
        .await
        .unwrap();
    let period = periods.iter().find(|p| p.akhir).unwrap().clone();
    let matriks = kinerja_domain::penilaian::AturanPenilaian::default().matriks;
    let penilai = kinerja::store::org::employee_get(&app.db, f.instansi_id, f.id(penilai))
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    for (who, h, p, catatan) in results {
        let e = kinerja::store::org::employee_get(&app.db, f.instansi_id, f.id(who))
            .await
            .unwrap();
        let skp = kinerja::store::skp::skp_insert(
            &mut tx,
            kinerja::store::skp::NewSkp {
                instansi_id: f.instansi_id,
                employee_id: e.id,
                year_id: year,
                position_id: e.position_id,
                mulai: periods[0].mulai,
                selesai: period.selesai,
                pendekatan: "kuantitatif",
            },
        )
        .await
        .unwrap();
        let (rh, rp) = (
            kinerja_domain::penilaian::Rating::parse(h).unwrap(),
            kinerja_domain::penilaian::Rating::parse(p).unwrap(),
        );
        let snapshot = kinerja::services::penilaian::Snapshot {
            pegawai: kinerja::services::skp::PersonHeader::of(&e),
            penilai: Some(kinerja::services::skp::PersonHeader::of(&penilai)),
            ..Default::default()
        };
        kinerja::store::penilaian::evaluation_insert_demo(
            &mut tx,
            &kinerja::store::penilaian::DemoEvaluation {
                instansi_id: f.instansi_id,
                skp_id: skp,
                period_id: period.id,
                employee_id: e.id,
                unit_id: e.unit_id,
                penilai_employee_id: Some(penilai.id),
                atasan_employee_id: None,
                snapshot_json: serde_json::to_string(&snapshot).unwrap(),
                status: "ditetapkan",
                rating_hasil: Some(rh.code()),
                rating_perilaku: Some(rp.code()),
                predikat: Some(matriks.predikat(rh, rp).code()),
                catatan: catatan.to_string(),
                self_submitted_at: None,
                assessed_at: None,
                finalised_at: Some(1),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    period.id
}

/// Creates another evaluation year (e.g. last year) and returns its id.
pub async fn add_year(t: &TestApp, f: &Fixture, tahun: i32) -> i64 {
    let who = kinerja::services::audit::Who::system("test");
    let input = kinerja::services::periode::YearInput {
        tahun: tahun.to_string(),
        ..Default::default()
    };
    kinerja::services::periode::create_year_as(&t.app, f.instansi_id, &who, &input)
        .await
        .unwrap()
}

/// The period id in the start form of the period with this code.
pub fn period_of(list_html: &str, kode: &str) -> String {
    let end = list_html.find(&format!("id=\"buka-{kode}\"")).expect(kode);
    let marker = "name=\"period_id\" value=\"";
    let start = list_html[..end].rfind(marker).unwrap() + marker.len();
    list_html[start..].split('"').next().unwrap().to_string()
}

/// Opens the evaluation of `skp` for a period as its owner; returns its id.
pub async fn open_period(p1: &mut Client, skp: i64, period: &str) -> i64 {
    let r = p1
        .submit(
            "/penilaian/buka",
            &[("skp_id", &skp.to_string()), ("period_id", period)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.visible());
    r.location
        .unwrap()
        .trim_start_matches("/penilaian/")
        .parse()
        .unwrap()
}

/// The period the rencana aksi page of a plan opens on (today's).
pub async fn current_ra_period(c: &mut Client, skp: i64) -> i64 {
    let page = c.get(&format!("/skp/{skp}/rencana-aksi")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.visible());
    let marker = "name=\"periode\" value=\"";
    let start = page.text.find(marker).expect("a rencana aksi form") + marker.len();
    page.text[start..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// A rencana aksi under the plan's first indicator in today's period, and one entry of
/// today under it (with `file` as evidence when given). Returns (period, rencana aksi,
/// entry).
pub async fn daily_log(
    t: &TestApp,
    c: &mut Client,
    skp: i64,
    file: Option<(&str, Vec<u8>)>,
) -> (i64, i64, i64) {
    let (period, ra) = rencana_aksi_now(t, c, skp).await;
    let today = t.app.today().to_string();
    let fields = [
        ("tanggal", today.as_str()),
        ("jam_mulai", "08:00"),
        ("jam_selesai", "09:30"),
        ("kegiatan", "Mengarsipkan 12 surat masuk"),
        ("rencana_aksi_id", &ra.to_string()),
        ("realisasi", "12"),
        ("satuan", ""),
        ("tautan", ""),
    ];
    let r = match file {
        Some((name, bytes)) => c.upload_named("/progres", &fields, name, bytes).await,
        None => c.upload_named("/progres", &fields, "", Vec::new()).await,
    };
    assert_eq!(r.status, StatusCode::SEE_OTHER, "entry: {}", r.visible());
    let entry = one_id(
        t,
        "SELECT MAX(id) FROM progres_entries WHERE rencana_aksi_id = $1",
        ra,
    )
    .await;
    (period, ra, entry)
}

/// One id from a query with one argument.
pub async fn one_id(t: &TestApp, sql: &'static str, arg: i64) -> i64 {
    let v: Option<i64> = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar(sql)
        .bind(arg)
        .fetch_one(c)
        .await)
    .unwrap();
    v.expect("a row")
}
