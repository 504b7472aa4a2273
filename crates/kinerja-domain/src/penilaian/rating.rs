//! Ratings and predikat.

use super::*;

/// A judgement against the expectation: per row, per BerAKHLAK value, and the two ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    DiBawahEkspektasi,
    SesuaiEkspektasi,
    DiAtasEkspektasi,
}

impl Rating {
    pub const ALL: [Rating; 3] = [
        Rating::DiAtasEkspektasi,
        Rating::SesuaiEkspektasi,
        Rating::DiBawahEkspektasi,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rating::DiBawahEkspektasi => "di_bawah",
            Rating::SesuaiEkspektasi => "sesuai",
            Rating::DiAtasEkspektasi => "di_atas",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Index in the matrix (0 = di bawah, 2 = di atas).
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// Predikat kinerja pegawai, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predikat {
    SangatBaik,
    Baik,
    /// Also called "Cukup".
    ButuhPerbaikan,
    /// "Kurang/Misconduct" in the matrix.
    Kurang,
    SangatKurang,
}

impl Predikat {
    pub const ALL: [Predikat; 5] = [
        Predikat::SangatBaik,
        Predikat::Baik,
        Predikat::ButuhPerbaikan,
        Predikat::Kurang,
        Predikat::SangatKurang,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Predikat::SangatBaik => "sangat_baik",
            Predikat::Baik => "baik",
            Predikat::ButuhPerbaikan => "butuh_perbaikan",
            Predikat::Kurang => "kurang",
            Predikat::SangatKurang => "sangat_kurang",
        }
    }

    pub fn parse(s: &str) -> Option<Predikat> {
        Predikat::ALL.into_iter().find(|p| p.code() == s)
    }

    /// As printed on the official documents.
    pub fn printed(self) -> &'static str {
        match self {
            Predikat::SangatBaik => "SANGAT BAIK",
            Predikat::Baik => "BAIK",
            Predikat::ButuhPerbaikan => "BUTUH PERBAIKAN",
            Predikat::Kurang => "KURANG/MISCONDUCT",
            Predikat::SangatKurang => "SANGAT KURANG",
        }
    }

    /// Position in [`Predikat::ALL`], for histograms.
    pub fn index(self) -> usize {
        self as usize
    }

    /// At least Baik (kenaikan pangkat, docs/domain-rules.md §9).
    pub fn at_least_baik(self) -> bool {
        matches!(self, Predikat::SangatBaik | Predikat::Baik)
    }
}

/// The predikat matrix: `cells[hasil][perilaku]`, indexed di bawah, sesuai, di atas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatriksPredikat {
    pub cells: [[Predikat; 3]; 3],
}

impl MatriksPredikat {
    /// PermenPANRB 6/2022 (docs/domain-rules.md §5).
    pub fn permenpanrb_6_2022() -> MatriksPredikat {
        use Predikat::*;
        MatriksPredikat {
            cells: [
                // hasil di bawah
                [SangatKurang, ButuhPerbaikan, ButuhPerbaikan],
                // hasil sesuai
                [Kurang, Baik, Baik],
                // hasil di atas
                [Kurang, Baik, SangatBaik],
            ],
        }
    }

    pub fn predikat(&self, hasil: Rating, perilaku: Rating) -> Predikat {
        self.cells[hasil.index()][perilaku.index()]
    }
}
