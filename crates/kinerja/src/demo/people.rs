//! People and what their positions want.

use super::*;

/// One employee row of the generated CSV.
pub(super) struct Person {
    pub(super) nip: String,
    pub(super) jenis_asn: JenisAsn,
    pub(super) gelar_depan: &'static str,
    pub(super) nama: String,
    pub(super) gelar_belakang: String,
    pub(super) golongan: String,
    pub(super) jabatan: String,
    pub(super) jenis_jabatan: &'static str,
    pub(super) jenjang: &'static str,
    pub(super) kepala: bool,
    pub(super) unit_kode: String,
}

/// What kind of person a position wants: education (for gelar), golongan band, age band.
#[derive(Clone, Copy)]
pub(super) enum Profile {
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

pub(super) struct Gen {
    pub(super) rng: Rng,
    pub(super) today: NaiveDate,
    pub(super) nips: HashSet<String>,
    pub(super) units: String,
    pub(super) people: Vec<Person>,
}

impl Gen {
    pub(super) fn unit(&mut self, kode: &str, nama: &str, jenis: &str, induk: &str) {
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
    pub(super) fn person(
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

    pub(super) fn pelaksana(&mut self, unit: &str, n: i64) {
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
    pub(super) fn paruh_waktu(&mut self, unit: &str, n: i64) {
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

    pub(super) fn fungsional(&mut self, unit: &str, name: &str, n: i64, degree: &[&'static str]) {
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
