//! The whole regency, generated.

use super::*;

/// A head position left without holder; with a PLT or as a blocker for admins to fix.
pub(super) struct Vacancy {
    pub(super) unit_kode: String,
    pub(super) jabatan: String,
    pub(super) jenis: &'static str,
    pub(super) plt_nip: Option<String>,
}

pub(super) fn generate(seed: u64, today: NaiveDate) -> (String, String, Cast, Vec<Vacancy>) {
    let mut g = Gen {
        rng: Rng::new(seed),
        today,
        nips: HashSet::new(),
        units: String::from("kode,nama,jenis,kode_induk\n"),
        people: Vec::new(),
    };
    let mut cast = Cast::default();
    let mut vacant = Vec::new();

    // Sekretariat Daerah: the Sekda and the bagian.
    let setda = format!("{DEMO_KODE}.01");
    g.unit(&setda, "Sekretariat Daerah", "opd", "");
    g.person(
        &setda,
        "Sekretaris Daerah",
        "jpt",
        "pratama",
        Profile::Jpt,
        true,
        JenisAsn::Pns,
        S1,
    );
    cast.sekda = g.people.last().expect("sekda").nip.clone();
    for (i, b) in [
        "Bagian Tata Pemerintahan",
        "Bagian Hukum",
        "Bagian Organisasi",
        "Bagian Perekonomian dan Sumber Daya Alam",
        "Bagian Kesejahteraan Rakyat",
        "Bagian Umum",
        "Bagian Protokol dan Komunikasi Pimpinan",
        "Bagian Pengadaan Barang dan Jasa",
    ]
    .iter()
    .enumerate()
    {
        let k = format!("{setda}.{:02}", i + 1);
        g.unit(&k, b, "bagian", &setda);
        g.person(
            &k,
            &format!("Kepala {b}"),
            "administrator",
            "",
            Profile::Administrator,
            true,
            JenisAsn::Pns,
            S1,
        );
        let sk = format!("{k}.01");
        let sname = format!("Subbagian {}", b.trim_start_matches("Bagian "));
        g.unit(&sk, &sname, "subbagian", &k);
        g.person(
            &sk,
            &format!("Kepala {sname}"),
            "pengawas",
            "",
            Profile::Pengawas,
            true,
            JenisAsn::Pns,
            S1,
        );
        let n = g.rng.range(5, 9);
        g.pelaksana(&sk, n);
        let n = g.rng.range(2, 5);
        g.fungsional(&k, "Analis Kebijakan", n, S1);
    }

    let simple = |kode: &str,
                  nama: &'static str,
                  head: &str,
                  bidang: &'static [&'static str],
                  fungsional: (&'static str, i64)| Opd {
        kode: format!("{DEMO_KODE}.{kode}"),
        nama,
        head_title: head.to_string(),
        bidang,
        sub: "subbagian",
        fungsional,
        pelaksana: 6,
    };
    g.opd(
        &simple(
            "02",
            "Sekretariat DPRD",
            "Sekretaris DPRD",
            &[
                "Bagian Umum dan Keuangan",
                "Bagian Persidangan dan Perundang-undangan",
                "Bagian Fasilitasi Penganggaran dan Pengawasan",
            ],
            ("Analis Kebijakan", 4),
        ),
        &mut vacant,
    );
    g.opd(
        &simple(
            "03",
            "Inspektorat",
            "Inspektur",
            &[
                "Inspektur Pembantu Wilayah I",
                "Inspektur Pembantu Wilayah II",
                "Inspektur Pembantu Wilayah III",
            ],
            ("Auditor", 8),
        ),
        &mut vacant,
    );
    for (kode, nama, singkat, bidang) in BADAN.iter() {
        let o = Opd {
            kode: format!("{DEMO_KODE}.{kode}"),
            nama,
            head_title: format!("Kepala {singkat}"),
            bidang,
            sub: "subbidang",
            fungsional: ("Analis Sumber Daya Manusia Aparatur", 5),
            pelaksana: 7,
        };
        g.opd(&o, &mut vacant);
    }
    for (kode, nama, bidang) in DINAS.iter() {
        let pelaksana = if nama.starts_with("Satuan Polisi") {
            20
        } else {
            8
        };
        let o = Opd {
            kode: format!("{DEMO_KODE}.{kode}"),
            nama,
            head_title: format!("Kepala {nama}"),
            bidang,
            sub: "seksi",
            fungsional: ("Penyuluh", 6),
            pelaksana,
        };
        let (_, subs) = g.opd(&o, &mut vacant);
        if *kode == "21" {
            let (_, kasi, pelaksana) = subs[0].clone();
            cast.kasi = kasi;
            cast.pelaksana = pelaksana;
        }
    }

    // Dinas Pendidikan dan Kebudayaan with its schools.
    let edu = format!("{DEMO_KODE}.10");
    let edu_opd = Opd {
        kode: edu.clone(),
        nama: "Dinas Pendidikan dan Kebudayaan",
        head_title: "Kepala Dinas Pendidikan dan Kebudayaan".into(),
        bidang: &[
            "Bidang Pembinaan Sekolah Dasar",
            "Bidang Pembinaan Sekolah Menengah Pertama",
            "Bidang Pendidikan Anak Usia Dini dan Nonformal",
            "Bidang Kebudayaan",
        ],
        sub: "seksi",
        fungsional: ("Pengawas Sekolah", 10),
        pelaksana: 8,
    };
    let (kadis, _) = g.opd(&edu_opd, &mut vacant);
    cast.kadis_pendidikan = kadis;
    const GURU: &[&str] = &["S.Pd.", "S.Pd.", "S.Pd.I.", "S.Pd.SD."];
    let mut school_no = 0;
    for kec in KECAMATAN.iter() {
        let (sd, smp) = if kec.starts_with("Kotabumi") {
            (22, 5)
        } else {
            (13, 2)
        };
        for (level, count, staff, name) in [
            ("SD", sd, 11, "Guru Kelas"),
            ("SMP", smp, 24, "Guru Mata Pelajaran"),
        ] {
            for n in 1..=count {
                school_no += 1;
                let k = format!("{edu}.S{school_no:03}");
                let nama = format!("{level} Negeri {n} {kec}");
                g.unit(&k, &nama, "sekolah", &edu);
                g.person(
                    &k,
                    "Kepala Sekolah",
                    "fungsional",
                    "ahli_madya",
                    Profile::AhliMadya,
                    true,
                    JenisAsn::Pns,
                    GURU,
                );
                let first_guru = g.people.len();
                for _ in 0..g.rng.range(staff - 3, staff + 2) {
                    let (level_name, profile, jenjang) = *g.rng.pick(&[
                        ("Ahli Pertama", Profile::AhliPertama, "ahli_pertama"),
                        ("Ahli Muda", Profile::AhliMuda, "ahli_muda"),
                        ("Ahli Madya", Profile::AhliMadya, "ahli_madya"),
                    ]);
                    let jenis = if matches!(profile, Profile::AhliPertama) && g.rng.chance(60) {
                        JenisAsn::Pppk
                    } else {
                        JenisAsn::Pns
                    };
                    g.person(
                        &k,
                        &format!("{name} {level_name}"),
                        "fungsional",
                        jenjang,
                        profile,
                        false,
                        jenis,
                        GURU,
                    );
                }
                if school_no == 1 {
                    cast.guru = g.people[first_guru].nip.clone();
                }
                for _ in 0..g.rng.range(4, 9) {
                    g.person(
                        &k,
                        "Pengelola Layanan Operasional",
                        "pelaksana",
                        "operator",
                        Profile::Pelaksana,
                        false,
                        JenisAsn::PppkParuhWaktu,
                        &[""],
                    );
                }
            }
        }
    }

    // Dinas Kesehatan with Puskesmas and the regional hospital as UPTD.
    let health = format!("{DEMO_KODE}.11");
    let health_opd = Opd {
        kode: health.clone(),
        nama: "Dinas Kesehatan",
        head_title: "Kepala Dinas Kesehatan".into(),
        bidang: &[
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan dan Sumber Daya Kesehatan",
        ],
        sub: "seksi",
        fungsional: ("Epidemiolog Kesehatan", 4),
        pelaksana: 6,
    };
    g.opd(&health_opd, &mut vacant);
    let umum = format!("{health}.01.01");
    g.pelaksana(&umum, 1);
    cast.admin_opd = g.people.last().expect("admin opd").nip.clone();
    cast.admin_opd_unit = health.clone();
    const KES: &[&str] = &[
        "S.Kep., Ners",
        "A.Md.Kep.",
        "A.Md.Keb.",
        "S.Tr.Keb.",
        "S.K.M.",
        "S.Farm., Apt.",
    ];
    let staff_of_puskesmas: [(&str, &[&str], i64); 7] = [
        ("Dokter", &["dr."], 2),
        ("Perawat", &["S.Kep., Ners", "A.Md.Kep."], 9),
        ("Bidan", &["A.Md.Keb.", "S.Tr.Keb."], 9),
        ("Apoteker", &["S.Farm., Apt."], 1),
        ("Sanitarian", &["A.Md.K.L.", "S.K.M."], 2),
        ("Nutrisionis", &["A.Md.Gz.", "S.Gz."], 2),
        ("Pranata Laboratorium Kesehatan", &["A.Md.A.K."], 2),
    ];
    for (i, kec) in KECAMATAN.iter().enumerate() {
        let places: &[&str] = if kec.starts_with("Kotabumi") || i % 5 == 0 {
            &["", " II"]
        } else {
            &[""]
        };
        for suffix in places {
            let k = format!(
                "{health}.P{:02}{}",
                i + 1,
                if suffix.is_empty() { "" } else { "B" }
            );
            let nama = format!("UPTD Puskesmas {kec}{suffix}");
            g.unit(&k, &nama, "uptd", &health);
            g.person(
                &k,
                "Kepala UPTD Puskesmas",
                "pengawas",
                "",
                Profile::Pengawas,
                true,
                JenisAsn::Pns,
                KES,
            );
            for (job, degree, n) in staff_of_puskesmas.iter() {
                let n = g.rng.range(n / 2 + 1, n + 1);
                g.fungsional(&k, job, n, degree);
            }
            let n = g.rng.range(14, 26);
            for _ in 0..n {
                g.person(
                    &k,
                    "Pengelola Layanan Kesehatan",
                    "pelaksana",
                    "operator",
                    Profile::Pelaksana,
                    false,
                    JenisAsn::PppkParuhWaktu,
                    &["", "A.Md.Kes."],
                );
            }
        }
    }
    let rsd = format!("{health}.RSD");
    g.unit(&rsd, "RSD Mayjend HM Ryacudu Kotabumi", "uptd", &health);
    g.person(
        &rsd,
        "Direktur RSD Mayjend HM Ryacudu",
        "administrator",
        "",
        Profile::Administrator,
        true,
        JenisAsn::Pns,
        &["dr."],
    );
    for (i, (b, staff)) in [
        (
            "Bidang Pelayanan Medik",
            &[
                ("Dokter Spesialis", &["dr."][..], 25i64),
                ("Dokter", &["dr."][..], 30),
            ][..],
        ),
        (
            "Bidang Keperawatan",
            &[
                ("Perawat", &["S.Kep., Ners", "A.Md.Kep."][..], 260),
                ("Bidan", &["A.Md.Keb."][..], 60),
            ][..],
        ),
        (
            "Bidang Penunjang Medik",
            &[
                ("Apoteker", &["S.Farm., Apt."][..], 15),
                ("Pranata Laboratorium Kesehatan", &["A.Md.A.K."][..], 25),
                ("Radiografer", &["A.Md.Rad."][..], 15),
            ][..],
        ),
        (
            "Bagian Umum dan Keuangan",
            &[("Analis Keuangan", S1, 10)][..],
        ),
    ]
    .iter()
    .enumerate()
    {
        let k = format!("{rsd}.{:02}", i + 1);
        let jenis = if b.starts_with("Bagian") {
            "bagian"
        } else {
            "bidang"
        };
        g.unit(&k, b, jenis, &rsd);
        g.person(
            &k,
            &format!("Kepala {b}"),
            "pengawas",
            "",
            Profile::Pengawas,
            true,
            JenisAsn::Pns,
            S1,
        );
        for (job, degree, n) in staff.iter() {
            g.fungsional(&k, job, *n, degree);
        }
        let n = g.rng.range(60, 90);
        g.pelaksana(&k, n);
    }

    // Kecamatan with seksi and kelurahan. Camat are rated by the Sekda (admin override).
    let mut camat = Vec::new();
    for (i, kec) in KECAMATAN.iter().enumerate() {
        let k = format!("{DEMO_KODE}.{}", 40 + i);
        g.unit(&k, &format!("Kecamatan {kec}"), "kecamatan", "");
        g.person(
            &k,
            &format!("Camat {kec}"),
            "administrator",
            "",
            Profile::Administrator,
            true,
            JenisAsn::Pns,
            S1,
        );
        camat.push(g.people.len() - 1);
        let sek = format!("{k}.01");
        g.unit(&sek, "Sekretariat Kecamatan", "sekretariat", &k);
        g.person(
            &sek,
            "Sekretaris Kecamatan",
            "pengawas",
            "",
            Profile::Pengawas,
            true,
            JenisAsn::Pns,
            S1,
        );
        let n = g.rng.range(8, 16);
        g.pelaksana(&sek, n);
        let n = g.rng.range(20, 40);
        g.paruh_waktu(&sek, n);
        for (si, s) in [
            "Seksi Pemerintahan",
            "Seksi Pemberdayaan Masyarakat dan Desa",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Kesejahteraan Sosial",
        ]
        .iter()
        .enumerate()
        {
            let sk = format!("{k}.{:02}", si + 2);
            g.unit(&sk, s, "seksi", &k);
            if i == 4 && si == 2 {
                // One kasi post stays vacant with nobody acting: a blocker admins must see.
                vacant.push(Vacancy {
                    unit_kode: sk.clone(),
                    jabatan: format!("Kepala {s}"),
                    jenis: "pengawas",
                    plt_nip: None,
                });
            } else {
                g.person(
                    &sk,
                    &format!("Kepala {s}"),
                    "pengawas",
                    "",
                    Profile::Pengawas,
                    true,
                    JenisAsn::Pns,
                    S1,
                );
            }
            let n = g.rng.range(3, 7);
            g.pelaksana(&sk, n);
        }
        for (kk, (parent, kel)) in KELURAHAN.iter().enumerate() {
            if parent == kec {
                let lk = format!("{k}.K{:02}", kk + 1);
                g.unit(&lk, &format!("Kelurahan {kel}"), "kelurahan", &k);
                g.person(
                    &lk,
                    &format!("Lurah {kel}"),
                    "pengawas",
                    "",
                    Profile::Pengawas,
                    true,
                    JenisAsn::Pns,
                    S1,
                );
                let n = g.rng.range(5, 9);
                g.pelaksana(&lk, n);
            }
        }
    }

    let mut employees = String::from(
        "nip,gelar_depan,nama,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,jenjang,kepala,kode_unit,nip_penilai\n",
    );
    for (i, p) in g.people.iter().enumerate() {
        let penilai = if camat.contains(&i) {
            cast.sekda.as_str()
        } else {
            ""
        };
        let _ = writeln!(
            employees,
            "{},{},\"{}\",\"{}\",{},{},\"{}\",{},{},{},{},{}",
            p.nip,
            p.gelar_depan,
            p.nama,
            p.gelar_belakang,
            p.jenis_asn.code(),
            p.golongan,
            p.jabatan,
            p.jenis_jabatan,
            p.jenjang,
            if p.kepala { "ya" } else { "tidak" },
            p.unit_kode,
            penilai
        );
    }
    (g.units, employees, cast, vacant)
}
