//! Demo data: a generated, realistic Kabupaten Lampung Utara (domain.md §11).
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

pub const DEMO_KODE: &str = "18.03";
pub const DEMO_PASSWORD: &str = "kinerja2026";
pub const ADMIN_USERNAME: &str = "admin.bkpsdm";
pub const BUPATI_USERNAME: &str = "bupati";

/// SplitMix64: tiny, fast, and stable forever.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

const KECAMATAN: [&str; 23] = [
    "Bukit Kemuning",
    "Abung Tinggi",
    "Tanjung Raja",
    "Abung Barat",
    "Abung Tengah",
    "Abung Kunang",
    "Abung Pekurun",
    "Kotabumi",
    "Kotabumi Utara",
    "Kotabumi Selatan",
    "Abung Selatan",
    "Abung Semuli",
    "Blambangan Pagar",
    "Abung Timur",
    "Abung Surakarta",
    "Sungkai Selatan",
    "Muara Sungkai",
    "Bunga Mayang",
    "Sungkai Barat",
    "Sungkai Utara",
    "Sungkai Jaya",
    "Sungkai Tengah",
    "Hulu Sungkai",
];

const KELURAHAN: [(&str, &str); 10] = [
    ("Kotabumi", "Kotabumi Ilir"),
    ("Kotabumi", "Kotabumi Pasar"),
    ("Kotabumi", "Kotabumi Tengah"),
    ("Kotabumi", "Rejosari"),
    ("Kotabumi", "Sindangsari"),
    ("Kotabumi Selatan", "Kelapa Tujuh"),
    ("Kotabumi Selatan", "Tanjung Harapan"),
    ("Kotabumi Selatan", "Tanjung Aman"),
    ("Kotabumi Utara", "Kota Alam"),
    ("Kotabumi Utara", "Talang Bojong"),
];

const MALE: [&str; 60] = [
    "Ahmad",
    "Agus",
    "Andi",
    "Arief",
    "Bambang",
    "Budi",
    "Dedi",
    "Dimas",
    "Eko",
    "Fajar",
    "Ferry",
    "Hendra",
    "Heri",
    "Irfan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nanang",
    "Rahmat",
    "Rizki",
    "Sigit",
    "Slamet",
    "Sugeng",
    "Sutrisno",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Hasan",
    "Imam",
    "Rudi",
    "Suryadi",
    "Hamdani",
    "Mahmud",
    "Syahrial",
    "Firmansyah",
    "Hairul",
    "Ismail",
    "Junaidi",
    "Kamaludin",
    "Mustofa",
    "Nurdin",
    "Rusli",
    "Sahril",
    "Tamrin",
    "Yudi",
    "Gunawan",
    "Herman",
    "Iwan",
    "Jamaludin",
    "Khoirul",
    "Darmawan",
    "Erwin",
    "Fikri",
    "Rohmat",
    "Samsul",
    "Wawan",
    "Yanto",
    "Zulkifli",
];

const FEMALE: [&str; 60] = [
    "Ani",
    "Ayu",
    "Dewi",
    "Desi",
    "Dian",
    "Eka",
    "Endang",
    "Fitri",
    "Indah",
    "Lestari",
    "Lina",
    "Maya",
    "Nur",
    "Nurhayati",
    "Puji",
    "Ratna",
    "Rina",
    "Siti",
    "Sri",
    "Suryani",
    "Tri",
    "Wulan",
    "Yuli",
    "Yanti",
    "Anisa",
    "Rahmawati",
    "Novi",
    "Mega",
    "Evi",
    "Heni",
    "Ika",
    "Juwita",
    "Kartika",
    "Lia",
    "Meliana",
    "Nia",
    "Okta",
    "Putri",
    "Rika",
    "Sari",
    "Tuti",
    "Umi",
    "Vera",
    "Winda",
    "Yeni",
    "Zahra",
    "Aminah",
    "Badriah",
    "Cici",
    "Dina",
    "Elis",
    "Farida",
    "Halimah",
    "Intan",
    "Khotimah",
    "Laila",
    "Marlina",
    "Nurul",
    "Rosmala",
    "Susanti",
];

const FAMILY: [&str; 60] = [
    "Saputra",
    "Pratama",
    "Wijaya",
    "Setiawan",
    "Hidayat",
    "Kurnia",
    "Santoso",
    "Nugroho",
    "Susanto",
    "Syahputra",
    "Gunawan",
    "Hakim",
    "Harahap",
    "Siregar",
    "Rahman",
    "Ramadhan",
    "Permana",
    "Purnama",
    "Lestari",
    "Handayani",
    "Wahyuni",
    "Sari",
    "Utami",
    "Rahayu",
    "Anggraini",
    "Puspita",
    "Maulana",
    "Fauzi",
    "Firdaus",
    "Iskandar",
    "Hamzah",
    "Zulkarnain",
    "Effendi",
    "Suhendra",
    "Pangestu",
    "Adipati",
    "Marga",
    "Pubian",
    "Minak",
    "Raden",
    "Sanjaya",
    "Syahrudin",
    "Kusuma",
    "Mulyadi",
    "Hartono",
    "Prasetyo",
    "Haryanto",
    "Subekti",
    "Yulianti",
    "Oktaviani",
    "Novitasari",
    "Ardiansyah",
    "Hermawan",
    "Taufik",
    "Alamsyah",
    "Batin",
    "Dalom",
    "Pesirah",
    "Rachmat",
    "Yusuf",
];

const FEMININE_FAMILY: [&str; 13] = [
    "Lestari",
    "Handayani",
    "Wahyuni",
    "Sari",
    "Utami",
    "Rahayu",
    "Anggraini",
    "Puspita",
    "Yulianti",
    "Oktaviani",
    "Novitasari",
    "Kusuma",
    "Purnama",
];

/// One employee row of the generated CSV.
struct Person {
    nip: String,
    jenis_asn: JenisAsn,
    gelar_depan: &'static str,
    nama: String,
    gelar_belakang: String,
    golongan: String,
    jabatan: String,
    jenis_jabatan: &'static str,
    jenjang: &'static str,
    kepala: bool,
    unit_kode: String,
}

/// What kind of person a position wants: education (for gelar), golongan band, age band.
#[derive(Clone, Copy)]
enum Profile {
    Jpt,
    Administrator,
    Pengawas,
    Pelaksana,
    AhliPertama,
    AhliMuda,
    AhliMadya,
    Terampil,
    Mahir,
    Penyelia,
}

impl Profile {
    /// (lowest, highest) PNS golongan index and (youngest, oldest) age.
    fn bands(self) -> ((u8, u8), (i64, i64)) {
        match self {
            Profile::Jpt => ((14, 15), (45, 58)),
            Profile::Administrator => ((11, 13), (40, 57)),
            Profile::Pengawas => ((9, 11), (33, 56)),
            Profile::Pelaksana => ((4, 9), (22, 57)),
            Profile::AhliPertama => ((8, 9), (24, 45)),
            Profile::AhliMuda => ((10, 11), (32, 55)),
            Profile::AhliMadya => ((12, 14), (42, 59)),
            Profile::Terampil => ((6, 7), (23, 50)),
            Profile::Mahir => ((8, 9), (30, 55)),
            Profile::Penyelia => ((10, 11), (38, 57)),
        }
    }
}

struct Gen {
    rng: Rng,
    today: NaiveDate,
    nips: HashSet<String>,
    units: String,
    people: Vec<Person>,
}

impl Gen {
    fn unit(&mut self, kode: &str, nama: &str, jenis: &str, induk: &str) {
        let _ = writeln!(self.units, "{kode},\"{nama}\",{jenis},{induk}");
    }

    fn name(&mut self, sex: JenisKelamin) -> String {
        let first = match sex {
            JenisKelamin::LakiLaki => *self.rng.pick(&MALE),
            JenisKelamin::Perempuan => *self.rng.pick(&FEMALE),
        };
        if self.rng.chance(15) {
            return first.to_string();
        }
        // Some family names are women's names in Indonesia; men do not carry them.
        loop {
            let family = *self.rng.pick(&FAMILY);
            if sex == JenisKelamin::Perempuan || !FEMININE_FAMILY.contains(&family) {
                return format!("{first} {family}");
            }
        }
    }

    fn nip(&mut self, jenis: JenisAsn, sex: JenisKelamin, age: i64, tmt_year: i64) -> String {
        loop {
            let year = self.today.year() as i64 - age;
            let birth = NaiveDate::from_ymd_opt(
                year as i32,
                self.rng.range(1, 12) as u32,
                self.rng.range(1, 28) as u32,
            )
            .expect("valid date");
            let parts = NipParts {
                tanggal_lahir: birth,
                tmt: if jenis.is_pppk() {
                    Tmt::Year(tmt_year as i32)
                } else {
                    Tmt::Month {
                        year: tmt_year as i32,
                        month: *self.rng.pick(&[1u32, 3, 4, 12]),
                    }
                },
                jenis_kelamin: sex,
                kontrak_ke: jenis.is_pppk().then_some(1),
                nomor_urut: self.rng.range(1, 999) as u16,
            };
            let nip = parts.format(jenis);
            if self.nips.insert(nip.clone()) {
                return nip;
            }
        }
    }

    /// Adds one employee for a position.
    #[allow(clippy::too_many_arguments)]
    fn person(
        &mut self,
        unit_kode: &str,
        jabatan: &str,
        jenis_jabatan: &'static str,
        jenjang: &'static str,
        profile: Profile,
        kepala: bool,
        jenis: JenisAsn,
        degree: &[&'static str],
    ) {
        let sex = if self.rng.chance(50) {
            JenisKelamin::LakiLaki
        } else {
            JenisKelamin::Perempuan
        };
        let ((glo, ghi), (alo, ahi)) = profile.bands();
        let age = self.rng.range(alo, ahi);
        let (golongan, tmt_year) = match jenis {
            JenisAsn::Pns => {
                let g = self.rng.range(glo as i64, ghi as i64) as u8;
                // Older people in the band have served longer.
                let service = (age - 22).clamp(1, 35);
                let tmt = (self.today.year() as i64
                    - self.rng.range((service / 2).max(1), service))
                .max(1980);
                (Golongan::Pns(g).code().to_string(), tmt)
            }
            _ => {
                let g = match profile {
                    Profile::AhliPertama | Profile::AhliMuda | Profile::AhliMadya => 9,
                    Profile::Terampil | Profile::Mahir | Profile::Penyelia => 7,
                    _ => 5,
                };
                (
                    Golongan::Pppk(g).code().to_string(),
                    self.rng.range(2019, self.today.year() as i64 - 1),
                )
            }
        };
        // Nobody starts service before 18.
        let tmt_year = tmt_year.max(self.today.year() as i64 - age + 19);
        let nip = self.nip(jenis, sex, age, tmt_year);
        let gelar_belakang = if degree.is_empty() {
            String::new()
        } else {
            let mut g = self.rng.pick(degree).to_string();
            if matches!(
                profile,
                Profile::Jpt | Profile::Administrator | Profile::AhliMadya
            ) && !g.is_empty()
                && !g.starts_with("A.Md")
                && self.rng.chance(60)
            {
                // The master's degree follows the first degree's field.
                let m = if g.starts_with("S.Pd") {
                    "M.Pd."
                } else if g.starts_with("S.Kep") || g.starts_with("S.K.M") || g.starts_with("dr.") {
                    "M.Kes."
                } else if g.starts_with("S.H") {
                    "M.H."
                } else if g.starts_with("S.T") || g.starts_with("S.Kom") {
                    "M.T."
                } else {
                    *self.rng.pick(&["M.M.", "M.Si.", "M.A.P."])
                };
                g.push_str(", ");
                g.push_str(m);
            }
            g
        };
        let gelar_depan = if degree.contains(&"dr.") {
            "dr."
        } else if self.rng.chance(3) && matches!(profile, Profile::Jpt | Profile::Administrator) {
            "Drs."
        } else {
            ""
        };
        let gelar_belakang = if gelar_depan == "dr." {
            gelar_belakang
                .replace("dr.", "")
                .trim_start_matches(", ")
                .to_string()
        } else {
            gelar_belakang
        };
        let nama = self.name(sex);
        self.people.push(Person {
            nip,
            jenis_asn: jenis,
            gelar_depan,
            nama,
            gelar_belakang,
            golongan,
            jabatan: jabatan.to_string(),
            jenis_jabatan,
            jenjang,
            kepala,
            unit_kode: unit_kode.to_string(),
        });
    }

    fn pelaksana(&mut self, unit: &str, n: i64) {
        const JOBS: [(&str, &str); 6] = [
            ("Pengadministrasi Perkantoran", "klerek"),
            ("Penata Layanan Operasional", "operator"),
            ("Pengolah Data dan Informasi", "operator"),
            ("Pengelola Umum Operasional", "klerek"),
            ("Operator Layanan Operasional", "operator"),
            ("Teknisi Sarana dan Prasarana", "teknisi"),
        ];
        for _ in 0..n {
            let (job, jenjang) = *self.rng.pick(&JOBS);
            let jenis = if self.rng.chance(55) {
                JenisAsn::Pns
            } else {
                JenisAsn::PppkParuhWaktu
            };
            self.person(
                unit,
                job,
                "pelaksana",
                jenjang,
                Profile::Pelaksana,
                false,
                jenis,
                &["", "", "S.E.", "S.Sos.", "A.Md.", "S.Kom."],
            );
        }
    }

    /// PPPK paruh waktu (former honorer staff, sworn in at the end of 2025).
    fn paruh_waktu(&mut self, unit: &str, n: i64) {
        for _ in 0..n {
            // The same positions as the PNS pelaksana: a position has one kind and level.
            let (job, jenjang) = *self.rng.pick(&[
                ("Operator Layanan Operasional", "operator"),
                ("Pengelola Umum Operasional", "klerek"),
                ("Penata Layanan Operasional", "operator"),
            ]);
            self.person(
                unit,
                job,
                "pelaksana",
                jenjang,
                Profile::Pelaksana,
                false,
                JenisAsn::PppkParuhWaktu,
                &["", "", "S.E.", "A.Md."],
            );
        }
    }

    fn fungsional(&mut self, unit: &str, name: &str, n: i64, degree: &[&'static str]) {
        const LEVELS: [(&str, Profile, &str); 4] = [
            ("Ahli Pertama", Profile::AhliPertama, "ahli_pertama"),
            ("Ahli Pertama", Profile::AhliPertama, "ahli_pertama"),
            ("Ahli Muda", Profile::AhliMuda, "ahli_muda"),
            ("Ahli Madya", Profile::AhliMadya, "ahli_madya"),
        ];
        const KETERAMPILAN: [(&str, Profile, &str); 4] = [
            ("Terampil", Profile::Terampil, "terampil"),
            ("Terampil", Profile::Terampil, "terampil"),
            ("Mahir", Profile::Mahir, "mahir"),
            ("Penyelia", Profile::Penyelia, "penyelia"),
        ];
        for _ in 0..n {
            // Diploma holders fill the keterampilan ladder, graduates the keahlian one.
            let diploma = self.rng.pick(degree).starts_with("A.Md");
            let (level, profile, jenjang) = if diploma {
                *self.rng.pick(&KETERAMPILAN)
            } else {
                *self.rng.pick(&LEVELS)
            };
            // Young Ahli Pertama are often PPPK since 2019.
            let jenis = if matches!(profile, Profile::AhliPertama) && self.rng.chance(35) {
                JenisAsn::Pppk
            } else {
                JenisAsn::Pns
            };
            self.person(
                unit,
                &format!("{name} {level}"),
                "fungsional",
                jenjang,
                profile,
                false,
                jenis,
                degree,
            );
        }
    }
}

/// The other dinas and their bidang.
const DINAS: [(&str, &str, [&str; 3]); 20] = [
    (
        "12",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        [
            "Bidang Bina Marga",
            "Bidang Sumber Daya Air",
            "Bidang Penataan Ruang",
        ],
    ),
    (
        "13",
        "Dinas Perumahan dan Kawasan Permukiman",
        [
            "Bidang Perumahan",
            "Bidang Kawasan Permukiman",
            "Bidang Pertanahan",
        ],
    ),
    (
        "14",
        "Dinas Sosial",
        [
            "Bidang Rehabilitasi Sosial",
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Pemberdayaan Sosial",
        ],
    ),
    (
        "15",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        [
            "Bidang Pemberdayaan Perempuan",
            "Bidang Perlindungan Anak",
            "Bidang Data dan Informasi Gender",
        ],
    ),
    (
        "16",
        "Dinas Ketahanan Pangan",
        [
            "Bidang Ketersediaan Pangan",
            "Bidang Distribusi Pangan",
            "Bidang Konsumsi dan Keamanan Pangan",
        ],
    ),
    (
        "17",
        "Dinas Lingkungan Hidup",
        [
            "Bidang Tata Lingkungan",
            "Bidang Pengelolaan Sampah",
            "Bidang Pengendalian Pencemaran",
        ],
    ),
    (
        "18",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        [
            "Bidang Pemerintahan Desa",
            "Bidang Pemberdayaan Masyarakat",
            "Bidang Ekonomi Desa",
        ],
    ),
    (
        "19",
        "Dinas Kependudukan dan Pencatatan Sipil",
        [
            "Bidang Pelayanan Pendaftaran Penduduk",
            "Bidang Pelayanan Pencatatan Sipil",
            "Bidang Pengelolaan Informasi Administrasi Kependudukan",
        ],
    ),
    (
        "20",
        "Dinas Perhubungan",
        [
            "Bidang Lalu Lintas",
            "Bidang Angkutan",
            "Bidang Sarana dan Prasarana",
        ],
    ),
    (
        "21",
        "Dinas Komunikasi dan Informatika",
        [
            "Bidang Informasi dan Komunikasi Publik",
            "Bidang Aplikasi Informatika",
            "Bidang Statistik dan Persandian",
        ],
    ),
    (
        "22",
        "Dinas Koperasi dan Usaha Kecil Menengah",
        [
            "Bidang Koperasi",
            "Bidang Usaha Mikro",
            "Bidang Pengawasan Koperasi",
        ],
    ),
    (
        "23",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        [
            "Bidang Pelayanan Perizinan",
            "Bidang Promosi Penanaman Modal",
            "Bidang Pengendalian Penanaman Modal",
        ],
    ),
    (
        "24",
        "Dinas Perdagangan",
        [
            "Bidang Perdagangan Dalam Negeri",
            "Bidang Pasar",
            "Bidang Metrologi",
        ],
    ),
    (
        "25",
        "Dinas Pertanian",
        [
            "Bidang Tanaman Pangan",
            "Bidang Hortikultura dan Perkebunan",
            "Bidang Peternakan dan Kesehatan Hewan",
        ],
    ),
    (
        "26",
        "Dinas Perikanan",
        [
            "Bidang Perikanan Budidaya",
            "Bidang Perikanan Tangkap",
            "Bidang Pengolahan dan Pemasaran",
        ],
    ),
    (
        "27",
        "Dinas Tenaga Kerja",
        [
            "Bidang Penempatan Tenaga Kerja",
            "Bidang Pelatihan dan Produktivitas",
            "Bidang Hubungan Industrial",
        ],
    ),
    (
        "28",
        "Dinas Perpustakaan dan Kearsipan",
        [
            "Bidang Perpustakaan",
            "Bidang Kearsipan",
            "Bidang Pembinaan Minat Baca",
        ],
    ),
    (
        "29",
        "Dinas Pariwisata",
        [
            "Bidang Destinasi Pariwisata",
            "Bidang Pemasaran Pariwisata",
            "Bidang Ekonomi Kreatif",
        ],
    ),
    (
        "30",
        "Dinas Pemuda dan Olahraga",
        [
            "Bidang Kepemudaan",
            "Bidang Keolahragaan",
            "Bidang Sarana Olahraga",
        ],
    ),
    (
        "31",
        "Satuan Polisi Pamong Praja",
        [
            "Bidang Penegakan Peraturan Daerah",
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            "Bidang Perlindungan Masyarakat",
        ],
    ),
];

const BADAN: [(&str, &str, &str, [&str; 3]); 6] = [
    (
        "04",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        [
            "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia",
            "Bidang Perencanaan Perekonomian dan Infrastruktur",
            "Bidang Penelitian, Pengembangan dan Evaluasi",
        ],
    ),
    (
        "05",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        [
            "Bidang Pengadaan, Pemberhentian dan Informasi",
            "Bidang Mutasi dan Promosi",
            "Bidang Penilaian Kinerja dan Pengembangan Kompetensi",
        ],
    ),
    (
        "06",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        ["Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Aset"],
    ),
    (
        "07",
        "Badan Pendapatan Daerah",
        "Bapenda",
        [
            "Bidang Pendataan dan Penetapan",
            "Bidang Penagihan",
            "Bidang Pengembangan Pendapatan",
        ],
    ),
    (
        "08",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        [
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ],
    ),
    (
        "09",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        [
            "Bidang Ideologi dan Wawasan Kebangsaan",
            "Bidang Politik Dalam Negeri",
            "Bidang Ketahanan Ekonomi, Sosial dan Budaya",
        ],
    ),
];

const S1: &[&str] = &["S.E.", "S.Sos.", "S.H.", "S.IP.", "S.Kom.", "S.T.", "S.AP."];

/// Head (JPT), sekretariat, bidang with seksi or subbidang, fungsional and pelaksana.
struct Opd<'a> {
    kode: String,
    nama: &'a str,
    head_title: String,
    bidang: &'a [&'a str],
    /// "seksi" for dinas, "subbidang" for badan.
    sub: &'a str,
    fungsional: (&'a str, i64),
    pelaksana: i64,
}

/// The NIPs of the people the demo accounts belong to.
#[derive(Default)]
struct Cast {
    sekda: String,
    kadis_pendidikan: String,
    kasi: String,
    pelaksana: String,
    guru: String,
    admin_opd: String,
    admin_opd_unit: String,
}

impl Gen {
    /// Generates a standard OPD; returns the NIP of its head and of each bidang's first
    /// sub-unit head and pelaksana (for the demo cast).
    fn opd(
        &mut self,
        o: &Opd<'_>,
        vacant: &mut Vec<Vacancy>,
    ) -> (String, Vec<(String, String, String)>) {
        self.unit(&o.kode, o.nama, "opd", "");
        self.person(
            &o.kode,
            &o.head_title,
            "jpt",
            "pratama",
            Profile::Jpt,
            true,
            JenisAsn::Pns,
            S1,
        );
        let head = self.people.last().expect("just added").nip.clone();
        let sek = format!("{}.01", o.kode);
        self.unit(&sek, "Sekretariat", "sekretariat", &o.kode);
        self.person(
            &sek,
            "Sekretaris",
            "administrator",
            "",
            Profile::Administrator,
            true,
            JenisAsn::Pns,
            S1,
        );
        let sekretaris = self.people.last().expect("just added").nip.clone();
        for (i, name) in [
            "Subbagian Umum dan Kepegawaian",
            "Subbagian Keuangan dan Perencanaan",
        ]
        .iter()
        .enumerate()
        {
            let k = format!("{sek}.{:02}", i + 1);
            self.unit(&k, name, "subbagian", &sek);
            self.person(
                &k,
                &format!("Kepala {name}"),
                "pengawas",
                "",
                Profile::Pengawas,
                true,
                JenisAsn::Pns,
                S1,
            );
            let n = self.rng.range(3, 6);
            self.pelaksana(&k, n);
        }
        let n = self.rng.range(15, 35);
        self.paruh_waktu(&sek, n);
        let mut subs = Vec::new();
        for (bi, b) in o.bidang.iter().enumerate() {
            let bk = format!("{}.{:02}", o.kode, bi + 2);
            self.unit(&bk, b, "bidang", &o.kode);
            // Some bidang heads are vacant; the Sekretaris acts as PLT in most of them.
            if self.rng.chance(4) {
                vacant.push(Vacancy {
                    unit_kode: bk.clone(),
                    jabatan: format!("Kepala {b}"),
                    jenis: "administrator",
                    plt_nip: self.rng.chance(75).then(|| sekretaris.clone()),
                });
            } else {
                self.person(
                    &bk,
                    &format!("Kepala {b}"),
                    "administrator",
                    "",
                    Profile::Administrator,
                    true,
                    JenisAsn::Pns,
                    S1,
                );
            }
            for si in 0..2 {
                let topic = b.trim_start_matches("Bidang ");
                let sname = if o.sub == "seksi" {
                    format!("Seksi {topic} {}", ["I", "II"][si])
                } else {
                    format!("Subbidang {topic} {}", ["I", "II"][si])
                };
                let sk = format!("{bk}.{:02}", si + 1);
                self.unit(&sk, &sname, o.sub, &bk);
                self.person(
                    &sk,
                    &format!("Kepala {sname}"),
                    "pengawas",
                    "",
                    Profile::Pengawas,
                    true,
                    JenisAsn::Pns,
                    S1,
                );
                let kasi = self.people.last().expect("just added").nip.clone();
                let first_pelaksana = self.people.len();
                let n = self.rng.range(o.pelaksana / 2, o.pelaksana);
                self.pelaksana(&sk, n.max(1));
                subs.push((sk.clone(), kasi, self.people[first_pelaksana].nip.clone()));
            }
            let (fname, fnum) = o.fungsional;
            let n = self.rng.range(fnum / 2, fnum);
            self.fungsional(&bk, fname, n, S1);
        }
        (head, subs)
    }
}

/// A head position left without holder; with a PLT or as a blocker for admins to fix.
struct Vacancy {
    unit_kode: String,
    jabatan: String,
    jenis: &'static str,
    plt_nip: Option<String>,
}

fn generate(seed: u64, today: NaiveDate) -> (String, String, Cast, Vec<Vacancy>) {
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
    pub plans: crate::services::demo_plans::PlanCounts,
    pub evaluations: crate::services::demo_penilaian::EvaluationCounts,
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
    for (nip, w) in cast_nips.iter().zip(wanted) {
        let e = org::employee_by_nip(&app.db, instansi_id, nip)
            .await?
            .ok_or(AppError::NotFound)?;
        names.push(format!("{} — {}", e.nama_lengkap(), e.jabatan));
        forced.insert(e.id, w);
    }
    let plans = crate::services::demo_plans::load(app, instansi_id, seed, &forced).await?;
    let evaluations = crate::services::demo_penilaian::load(app, instansi_id, seed).await?;
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
            role: "Admin OPD (Dinas Kesehatan)",
            username: cast.admin_opd.clone(),
            name: name_of(4),
        },
    ];
    let _ = units;
    Ok(DemoSummary {
        units: all_units.len(),
        employees: employees + 1,
        plans,
        evaluations,
        accounts,
        password: DEMO_PASSWORD,
    })
}

/// Whether the database holds no instansi yet (`serve --demo` loads the demo only then).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_nips_are_valid_and_unique() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let (u1, e1, c1, _) = generate(7, today);
        let (u2, e2, _, _) = generate(7, today);
        assert_eq!(u1, u2);
        assert_eq!(e1, e2);
        let (_, e3, _, _) = generate(8, today);
        assert_ne!(e1, e3);
        let mut seen = HashSet::new();
        let mut n = 0;
        let mut reader = csv::Reader::from_reader(e1.as_bytes());
        for rec in reader.records() {
            let rec = rec.unwrap();
            let nip = &rec[0];
            let jenis = JenisAsn::parse(&rec[4]).unwrap();
            kinerja_domain::Nip::parse(nip, jenis, today).unwrap_or_else(|e| panic!("{nip}: {e}"));
            assert!(seen.insert(nip.to_string()), "duplicate {nip}");
            n += 1;
        }
        assert!(
            (13_000..=17_000).contains(&n),
            "about 15,000 employees, got {n}"
        );
        assert!(!c1.guru.is_empty() && !c1.kasi.is_empty() && !c1.pelaksana.is_empty());
    }

    #[test]
    fn rng_is_stable() {
        let mut r = Rng::new(1);
        assert_eq!(r.next_u64(), Rng::new(1).next_u64());
        let v: Vec<i64> = (0..1000).map(|_| r.range(3, 5)).collect();
        assert!(v.iter().all(|x| (3..=5).contains(x)));
        assert!(v.contains(&3) && v.contains(&5));
    }
}
