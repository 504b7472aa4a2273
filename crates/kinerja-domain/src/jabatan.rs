//! Kinds and levels of positions (jenis and jenjang jabatan), docs/domain-rules.md §10.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisJabatan {
    Jpt,
    Administrator,
    Pengawas,
    Pelaksana,
    Fungsional,
    /// Bupati / Wakil Bupati: not an ASN position, but the top of the penilai chain.
    PejabatNegara,
}

impl JenisJabatan {
    pub const ALL: [JenisJabatan; 6] = [
        JenisJabatan::Jpt,
        JenisJabatan::Administrator,
        JenisJabatan::Pengawas,
        JenisJabatan::Pelaksana,
        JenisJabatan::Fungsional,
        JenisJabatan::PejabatNegara,
    ];

    pub fn code(self) -> &'static str {
        match self {
            JenisJabatan::Jpt => "jpt",
            JenisJabatan::Administrator => "administrator",
            JenisJabatan::Pengawas => "pengawas",
            JenisJabatan::Pelaksana => "pelaksana",
            JenisJabatan::Fungsional => "fungsional",
            JenisJabatan::PejabatNegara => "pejabat_negara",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            JenisJabatan::Jpt => "Jabatan Pimpinan Tinggi",
            JenisJabatan::Administrator => "Administrator",
            JenisJabatan::Pengawas => "Pengawas",
            JenisJabatan::Pelaksana => "Pelaksana",
            JenisJabatan::Fungsional => "Fungsional",
            JenisJabatan::PejabatNegara => "Pejabat Negara",
        }
    }

    /// Accepts the codes and SIASN spellings ("Struktural" is ambiguous and refused).
    pub fn parse(raw: &str) -> Option<JenisJabatan> {
        let norm: String = raw
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match norm.as_str() {
            "jpt" | "jabatanpimpinantinggi" | "pimpinantinggi" => Some(JenisJabatan::Jpt),
            "administrator" | "jabatanadministrator" => Some(JenisJabatan::Administrator),
            "pengawas" | "jabatanpengawas" => Some(JenisJabatan::Pengawas),
            "pelaksana" | "jabatanpelaksana" | "jfu" | "fungsionalumum" => {
                Some(JenisJabatan::Pelaksana)
            }
            "fungsional" | "jabatanfungsional" | "jft" | "fungsionaltertentu" | "jf" => {
                Some(JenisJabatan::Fungsional)
            }
            "pejabatnegara" => Some(JenisJabatan::PejabatNegara),
            _ => None,
        }
    }

    /// Structural positions lead a unit.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            JenisJabatan::Jpt | JenisJabatan::Administrator | JenisJabatan::Pengawas
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jenjang {
    // JPT
    Utama,
    Madya,
    Pratama,
    // Fungsional keterampilan
    Pemula,
    Terampil,
    Mahir,
    Penyelia,
    // Fungsional keahlian
    AhliPertama,
    AhliMuda,
    AhliMadya,
    AhliUtama,
    // Pelaksana
    Klerek,
    Operator,
    Teknisi,
}

impl Jenjang {
    pub const ALL: [Jenjang; 14] = [
        Jenjang::Utama,
        Jenjang::Madya,
        Jenjang::Pratama,
        Jenjang::Pemula,
        Jenjang::Terampil,
        Jenjang::Mahir,
        Jenjang::Penyelia,
        Jenjang::AhliPertama,
        Jenjang::AhliMuda,
        Jenjang::AhliMadya,
        Jenjang::AhliUtama,
        Jenjang::Klerek,
        Jenjang::Operator,
        Jenjang::Teknisi,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Jenjang::Utama => "utama",
            Jenjang::Madya => "madya",
            Jenjang::Pratama => "pratama",
            Jenjang::Pemula => "pemula",
            Jenjang::Terampil => "terampil",
            Jenjang::Mahir => "mahir",
            Jenjang::Penyelia => "penyelia",
            Jenjang::AhliPertama => "ahli_pertama",
            Jenjang::AhliMuda => "ahli_muda",
            Jenjang::AhliMadya => "ahli_madya",
            Jenjang::AhliUtama => "ahli_utama",
            Jenjang::Klerek => "klerek",
            Jenjang::Operator => "operator",
            Jenjang::Teknisi => "teknisi",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Jenjang::Utama => "Utama",
            Jenjang::Madya => "Madya",
            Jenjang::Pratama => "Pratama",
            Jenjang::Pemula => "Pemula",
            Jenjang::Terampil => "Terampil",
            Jenjang::Mahir => "Mahir",
            Jenjang::Penyelia => "Penyelia",
            Jenjang::AhliPertama => "Ahli Pertama",
            Jenjang::AhliMuda => "Ahli Muda",
            Jenjang::AhliMadya => "Ahli Madya",
            Jenjang::AhliUtama => "Ahli Utama",
            Jenjang::Klerek => "Klerek",
            Jenjang::Operator => "Operator",
            Jenjang::Teknisi => "Teknisi",
        }
    }

    pub fn parse(raw: &str) -> Option<Jenjang> {
        let norm: String = raw
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Jenjang::ALL
            .into_iter()
            .find(|j| j.code().replace('_', "") == norm)
    }

    /// Which jenjang belong to which jenis jabatan.
    pub fn fits(self, jenis: JenisJabatan) -> bool {
        use Jenjang::*;
        match jenis {
            JenisJabatan::Jpt => matches!(self, Utama | Madya | Pratama),
            JenisJabatan::Fungsional => matches!(
                self,
                Pemula
                    | Terampil
                    | Mahir
                    | Penyelia
                    | AhliPertama
                    | AhliMuda
                    | AhliMadya
                    | AhliUtama
            ),
            JenisJabatan::Pelaksana => matches!(self, Klerek | Operator | Teknisi),
            JenisJabatan::Administrator | JenisJabatan::Pengawas | JenisJabatan::PejabatNegara => {
                false
            }
        }
    }

    /// Annual angka kredit coefficient of a fungsional jenjang (PermenPANRB 1/2023).
    pub fn koefisien_angka_kredit(self) -> Option<f64> {
        use Jenjang::*;
        match self {
            Pemula => Some(3.75),
            Terampil => Some(5.0),
            Mahir => Some(12.5),
            Penyelia => Some(25.0),
            AhliPertama => Some(12.5),
            AhliMuda => Some(25.0),
            AhliMadya => Some(37.5),
            AhliUtama => Some(50.0),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for j in JenisJabatan::ALL {
            assert_eq!(JenisJabatan::parse(j.code()), Some(j));
        }
        for j in Jenjang::ALL {
            assert_eq!(Jenjang::parse(j.code()), Some(j));
            assert_eq!(Jenjang::parse(j.label()), Some(j));
        }
    }

    #[test]
    fn every_jenjang_fits_exactly_one_jenis() {
        for j in Jenjang::ALL {
            let n = JenisJabatan::ALL.iter().filter(|k| j.fits(**k)).count();
            assert_eq!(n, 1, "{j:?}");
        }
    }

    #[test]
    fn only_fungsional_have_angka_kredit() {
        for j in Jenjang::ALL {
            assert_eq!(
                j.koefisien_angka_kredit().is_some(),
                j.fits(JenisJabatan::Fungsional),
                "{j:?}"
            );
        }
    }
}
