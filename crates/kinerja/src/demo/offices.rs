//! The offices of the regency.

use super::*;

/// The other dinas and their bidang.
pub(super) const DINAS: [(&str, &str, [&str; 3]); 20] = [
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

pub(super) const BADAN: [(&str, &str, &str, [&str; 3]); 6] = [
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

pub(super) const S1: &[&str] = &["S.E.", "S.Sos.", "S.H.", "S.IP.", "S.Kom.", "S.T.", "S.AP."];

/// Head (JPT), sekretariat, bidang with seksi or subbidang, fungsional and pelaksana.
pub(super) struct Opd<'a> {
    pub(super) kode: String,
    pub(super) nama: &'a str,
    pub(super) head_title: String,
    pub(super) bidang: &'a [&'a str],
    /// "seksi" for dinas, "subbidang" for badan.
    pub(super) sub: &'a str,
    pub(super) fungsional: (&'a str, i64),
    pub(super) pelaksana: i64,
}

/// The NIPs of the people the demo accounts belong to.
#[derive(Default)]
pub(super) struct Cast {
    pub(super) sekda: String,
    pub(super) kadis_pendidikan: String,
    pub(super) kasi: String,
    pub(super) pelaksana: String,
    pub(super) guru: String,
    pub(super) admin_opd: String,
    pub(super) admin_opd_unit: String,
}

impl Gen {
    /// Generates a standard OPD; returns the NIP of its head and of each bidang's first
    /// sub-unit head and pelaksana (for the demo cast).
    pub(super) fn opd(
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
