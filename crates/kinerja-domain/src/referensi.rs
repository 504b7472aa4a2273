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
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
