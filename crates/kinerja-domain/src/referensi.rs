//! Versioned reference data: everything regulatory is data, one version selected per year
//! (docs/domain-rules.md, introduction).
//!
//! An evaluation year is bound to one version; a new regulation means a new version, never
//! an edit of the one past years were assessed with.

use serde::{Deserialize, Serialize};

/// One BerAKHLAK core value with its three behaviour indicators (SE MenPANRB 20/2021).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NilaiBerakhlak {
    /// 1..=7, the order on the forms.
    pub kode: u8,
    pub nama: String,
    pub indikator: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referensi {
    /// Stable code of the version, e.g. "permenpanrb-6-2022".
    pub kode: String,
    pub nama: String,
    pub berakhlak: Vec<NilaiBerakhlak>,
    /// Aspek of an indicator: Kuantitas, Kualitas, Waktu, Biaya.
    pub aspek: Vec<String>,
    /// Perspektif of a JPT's RHK (balanced-scorecard style).
    pub perspektif: Vec<String>,
    /// Matrix, curve, rating thresholds and keberatan days. Versions written before these
    /// rules were data read as the PermenPANRB 6/2022 values.
    #[serde(default)]
    pub aturan: crate::penilaian::AturanPenilaian,
    /// The texts in English, for pages read in English. The Indonesian text stays the one
    /// recorded with a plan and printed on the official forms. Versions written before
    /// carry none (see [`Referensi::with_english_of`]).
    #[serde(default)]
    pub en: Option<ReferensiEn>,
}

/// The English wording of a version, parallel to its Indonesian lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReferensiEn {
    /// Per BerAKHLAK value, in order: its name and its three indicators.
    pub berakhlak: Vec<(String, Vec<String>)>,
    pub aspek: Vec<String>,
    pub perspektif: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferensiError {
    #[error("kode versi kosong")]
    EmptyCode,
    #[error("nilai BerAKHLAK harus 7 dengan kode 1–7 berurutan")]
    Berakhlak,
    #[error("setiap nilai BerAKHLAK harus memiliki 3 indikator")]
    Indikator,
    #[error("daftar aspek atau perspektif kosong")]
    EmptyList,
}

impl ReferensiError {
    pub fn code(&self) -> &'static str {
        match self {
            ReferensiError::EmptyCode => "referensi-empty-code",
            ReferensiError::Berakhlak => "referensi-berakhlak",
            ReferensiError::Indikator => "referensi-indikator",
            ReferensiError::EmptyList => "referensi-empty-list",
        }
    }
}

impl Referensi {
    /// PermenPANRB 6/2022 with the BerAKHLAK wording of the SKP form (docs/domain-rules.md §4).
    pub fn permenpanrb_6_2022() -> Referensi {
        let v = |kode: u8, nama: &str, i: [&str; 3]| NilaiBerakhlak {
            kode,
            nama: nama.to_string(),
            indikator: i.iter().map(|s| s.to_string()).collect(),
        };
        Referensi {
            kode: "permenpanrb-6-2022".into(),
            nama: "PermenPANRB Nomor 6 Tahun 2022".into(),
            berakhlak: vec![
                v(
                    1,
                    "Berorientasi Pelayanan",
                    [
                        "Memahami dan memenuhi kebutuhan masyarakat",
                        "Ramah, cekatan, solutif, dan dapat diandalkan",
                        "Melakukan perbaikan tiada henti",
                    ],
                ),
                v(
                    2,
                    "Akuntabel",
                    [
                        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
                        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
                        "Tidak menyalahgunakan kewenangan jabatan",
                    ],
                ),
                v(
                    3,
                    "Kompeten",
                    [
                        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
                        "Membantu orang lain belajar",
                        "Melaksanakan tugas dengan kualitas terbaik",
                    ],
                ),
                v(
                    4,
                    "Harmonis",
                    [
                        "Menghargai setiap orang apapun latar belakangnya",
                        "Suka menolong orang lain",
                        "Membangun lingkungan kerja yang kondusif",
                    ],
                ),
                v(
                    5,
                    "Loyal",
                    [
                        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
                        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
                        "Menjaga rahasia jabatan dan negara",
                    ],
                ),
                v(
                    6,
                    "Adaptif",
                    [
                        "Cepat menyesuaikan diri menghadapi perubahan",
                        "Terus berinovasi dan mengembangkan kreativitas",
                        "Bertindak proaktif",
                    ],
                ),
                v(
                    7,
                    "Kolaboratif",
                    [
                        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
                        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
                        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
                    ],
                ),
            ],
            aspek: ["Kuantitas", "Kualitas", "Waktu", "Biaya"]
                .map(String::from)
                .to_vec(),
            perspektif: [
                "Perspektif Penerima Layanan",
                "Perspektif Proses Bisnis",
                "Perspektif Penguatan Internal",
                "Perspektif Anggaran",
            ]
            .map(String::from)
            .to_vec(),
            aturan: crate::penilaian::AturanPenilaian::default(),
            en: Some(ReferensiEn {
                berakhlak: [
                    ("Service-oriented", ["Understands and meets the needs of the public", "Friendly, quick, solution-minded and reliable", "Keeps improving without end"]),
                    ("Accountable", ["Carries out duties honestly, responsibly, carefully, with discipline and high integrity", "Uses state wealth and property responsibly, effectively and efficiently", "Does not abuse the authority of the office"]),
                    ("Competent", ["Improves own competence to meet ever-changing challenges", "Helps others learn", "Carries out duties with the best quality"]),
                    ("Harmonious", ["Respects everyone whatever their background", "Likes to help others", "Builds a conducive working environment"]),
                    ("Loyal", ["Holds firmly to Pancasila and the 1945 Constitution, faithful to the Unitary State and the lawful government", "Keeps the good name of fellow ASN, leaders, the instansi and the state", "Keeps official and state secrets"]),
                    ("Adaptive", ["Adjusts quickly to change", "Keeps innovating and developing creativity", "Acts proactively"]),
                    ("Collaborative", ["Gives various parties the chance to contribute", "Open to working together to create added value", "Mobilises the use of various resources for a common goal"]),
                ]
                .map(|(n, i)| (n.to_string(), i.map(String::from).to_vec()))
                .to_vec(),
                aspek: ["Quantity", "Quality", "Time", "Cost"].map(String::from).to_vec(),
                perspektif: [
                    "Service recipients' perspective",
                    "Business process perspective",
                    "Internal strengthening perspective",
                    "Budget perspective",
                ]
                .map(String::from)
                .to_vec(),
            }),
        }
    }

    /// A version written before texts had English wording takes it from `builtin` when
    /// both are the same version (same code and the same Indonesian texts): a wording for
    /// readers, which changes no rule.
    pub fn with_english_of(mut self, builtin: &Referensi) -> Referensi {
        if self.en.is_none()
            && self.kode == builtin.kode
            && self.berakhlak == builtin.berakhlak
            && self.aspek == builtin.aspek
            && self.perspektif == builtin.perspektif
        {
            self.en = builtin.en.clone();
        }
        self
    }

    /// A BerAKHLAK value's name, in English when asked and present.
    pub fn nilai_nama(&self, kode: impl std::borrow::Borrow<u8>, english: bool) -> &str {
        let kode = *kode.borrow();
        let i = usize::from(kode).saturating_sub(1);
        match (english, &self.en) {
            (true, Some(en)) if i < en.berakhlak.len() => &en.berakhlak[i].0,
            _ => self.nilai(kode).map(|n| n.nama.as_str()).unwrap_or(""),
        }
    }

    /// A BerAKHLAK value's indicators, in English when asked and present.
    pub fn nilai_indikator(&self, kode: impl std::borrow::Borrow<u8>, english: bool) -> &[String] {
        let kode = *kode.borrow();
        let i = usize::from(kode).saturating_sub(1);
        match (english, &self.en) {
            (true, Some(en)) if i < en.berakhlak.len() => &en.berakhlak[i].1,
            _ => self
                .nilai(kode)
                .map(|n| n.indikator.as_slice())
                .unwrap_or(&[]),
        }
    }

    /// The label of a recorded aspek (its Indonesian text), in English when asked.
    pub fn aspek_label<'a>(&'a self, aspek: &'a str, english: bool) -> &'a str {
        parallel(
            &self.aspek,
            self.en.as_ref().map(|e| &e.aspek),
            aspek,
            english,
        )
    }

    /// The label of a recorded perspektif, in English when asked.
    pub fn perspektif_label<'a>(&'a self, p: &'a str, english: bool) -> &'a str {
        parallel(
            &self.perspektif,
            self.en.as_ref().map(|e| &e.perspektif),
            p,
            english,
        )
    }

    pub fn validate(&self) -> Result<(), ReferensiError> {
        if self.kode.trim().is_empty() {
            return Err(ReferensiError::EmptyCode);
        }
        let codes: Vec<u8> = self.berakhlak.iter().map(|n| n.kode).collect();
        if codes != (1..=7).collect::<Vec<u8>>() {
            return Err(ReferensiError::Berakhlak);
        }
        if self
            .berakhlak
            .iter()
            .any(|n| n.indikator.len() != 3 || n.indikator.iter().any(|i| i.trim().is_empty()))
        {
            return Err(ReferensiError::Indikator);
        }
        if self.aspek.is_empty() || self.perspektif.is_empty() {
            return Err(ReferensiError::EmptyList);
        }
        Ok(())
    }

    pub fn nilai(&self, kode: u8) -> Option<&NilaiBerakhlak> {
        self.berakhlak.iter().find(|n| n.kode == kode)
    }
}

/// The entry of `other` at the position of `text` in `list`, or `text` itself.
fn parallel<'a>(
    list: &'a [String],
    other: Option<&'a Vec<String>>,
    text: &'a str,
    english: bool,
) -> &'a str {
    if !english {
        return text;
    }
    list.iter()
        .position(|t| t == text)
        .and_then(|i| other.and_then(|o| o.get(i)))
        .map(String::as_str)
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_wording_is_parallel_and_older_versions_take_it() {
        let r = Referensi::permenpanrb_6_2022();
        let en = r.en.as_ref().unwrap();
        assert_eq!(en.berakhlak.len(), r.berakhlak.len());
        assert!(en.berakhlak.iter().all(|(_, i)| i.len() == 3));
        assert_eq!(en.aspek.len(), r.aspek.len());
        assert_eq!(en.perspektif.len(), r.perspektif.len());
        assert_eq!(r.nilai_nama(1, true), "Service-oriented");
        assert_eq!(r.nilai_nama(1, false), "Berorientasi Pelayanan");
        assert_eq!(r.nilai_indikator(6, true)[2], "Acts proactively");
        assert_eq!(r.aspek_label("Kualitas", true), "Quality");
        assert_eq!(r.aspek_label("Kualitas", false), "Kualitas");
        assert_eq!(
            r.aspek_label("Ketepatan", true),
            "Ketepatan",
            "unknown text stays"
        );
        assert_eq!(r.nilai_nama(9, true), "", "no such value");
        // A stored version from before the wording: same texts take it, edited ones do not.
        let mut old = r.clone();
        old.en = None;
        let json = serde_json::to_string(&old)
            .unwrap()
            .replace(",\"en\":null", "");
        let old: Referensi = serde_json::from_str(&json).unwrap();
        assert!(old.en.is_none());
        assert_eq!(old.clone().with_english_of(&r).en, r.en);
        let mut edited = old.clone();
        edited.aspek.push("Manfaat".into());
        assert!(edited.with_english_of(&r).en.is_none());
    }

    #[test]
    fn the_default_version_is_valid_and_round_trips() {
        let r = Referensi::permenpanrb_6_2022();
        r.validate().unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Referensi>(&json).unwrap(), r);
        assert_eq!(r.nilai(1).unwrap().nama, "Berorientasi Pelayanan");
        assert_eq!(r.nilai(7).unwrap().indikator.len(), 3);
    }

    #[test]
    fn broken_versions_are_refused() {
        let mut r = Referensi::permenpanrb_6_2022();
        r.berakhlak.pop();
        assert_eq!(r.validate(), Err(ReferensiError::Berakhlak));
        let mut r = Referensi::permenpanrb_6_2022();
        r.berakhlak[2].indikator.pop();
        assert_eq!(r.validate(), Err(ReferensiError::Indikator));
        let mut r = Referensi::permenpanrb_6_2022();
        r.kode = " ".into();
        assert_eq!(r.validate(), Err(ReferensiError::EmptyCode));
    }
}
