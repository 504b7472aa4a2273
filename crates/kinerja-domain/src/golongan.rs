//! Golongan ruang (PNS, with pangkat names) and golongan PPPK (I–XVII), docs/domain-rules.md §10.

use crate::nip::JenisAsn;
use serde::{Deserialize, Serialize};

/// PNS golongan with their pangkat, in rank order.
pub const GOLONGAN_PNS: [(&str, &str); 17] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
];

const ROMAN: [&str; 17] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
];

/// A golongan, valid for the kind of ASN it was parsed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Golongan {
    /// Index into [`GOLONGAN_PNS`].
    Pns(u8),
    /// Golongan PPPK 1..=17.
    Pppk(u8),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GolonganError {
    #[error("golongan '{0}' tidak dikenal untuk PNS (contoh: III/a)")]
    UnknownPns(String),
    #[error("golongan '{0}' tidak dikenal untuk PPPK (I sampai XVII)")]
    UnknownPppk(String),
    #[error("pejabat negara tidak memiliki golongan")]
    NotApplicable,
}

impl GolonganError {
    pub fn code(&self) -> &'static str {
        match self {
            GolonganError::UnknownPns(_) => "golongan-unknown-pns",
            GolonganError::UnknownPppk(_) => "golongan-unknown-pppk",
            GolonganError::NotApplicable => "golongan-not-applicable",
        }
    }
}

impl Golongan {
    /// Parses "III/a", "iii/A", "III a", "3a" for PNS; "IX" or "9" for PPPK.
    pub fn parse(raw: &str, jenis: JenisAsn) -> Result<Golongan, GolonganError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '/' && *c != '.' && *c != '-')
            .collect();
        match jenis {
            JenisAsn::Pns => {
                let upper = compact.to_ascii_uppercase();
                // Split before the last character, not the last byte: "III/á" must be
                // refused, not cut inside a character.
                let split = upper.char_indices().last().map_or(0, |(i, _)| i);
                let (major, ruang) = upper.split_at(split);
                let major = match major {
                    "I" | "1" => Some(1u8),
                    "II" | "2" => Some(2),
                    "III" | "3" => Some(3),
                    "IV" | "4" => Some(4),
                    _ => None,
                };
                let ruang = ruang.chars().next().map(|c| c.to_ascii_lowercase());
                let idx = match (major, ruang) {
                    (Some(4), Some(r @ 'a'..='e')) => Some(12 + (r as u8 - b'a')),
                    (Some(m), Some(r @ 'a'..='d')) if m < 4 => Some((m - 1) * 4 + (r as u8 - b'a')),
                    _ => None,
                };
                idx.map(Golongan::Pns)
                    .ok_or_else(|| GolonganError::UnknownPns(raw.trim().to_string()))
            }
            JenisAsn::Pppk | JenisAsn::PppkParuhWaktu => {
                let upper = compact.to_ascii_uppercase();
                let n = ROMAN
                    .iter()
                    .position(|r| *r == upper)
                    .map(|i| i as u8 + 1)
                    .or_else(|| upper.parse::<u8>().ok().filter(|n| (1..=17).contains(n)));
                n.map(Golongan::Pppk)
                    .ok_or_else(|| GolonganError::UnknownPppk(raw.trim().to_string()))
            }
            JenisAsn::PejabatNegara => Err(GolonganError::NotApplicable),
        }
    }

    /// The code as printed and stored: "III/a" or "IX".
    pub fn code(self) -> &'static str {
        match self {
            Golongan::Pns(i) => GOLONGAN_PNS[i as usize].0,
            Golongan::Pppk(n) => ROMAN[n as usize - 1],
        }
    }

    /// Pangkat name (PNS only).
    pub fn pangkat(self) -> Option<&'static str> {
        match self {
            Golongan::Pns(i) => Some(GOLONGAN_PNS[i as usize].1),
            Golongan::Pppk(_) => None,
        }
    }

    /// "Penata Muda (III/a)" for PNS, "IX" for PPPK: the pangkat/golongan line of the forms.
    pub fn pangkat_golongan(self) -> String {
        match self.pangkat() {
            Some(p) => format!("{p} ({})", self.code()),
            None => self.code().to_string(),
        }
    }

    /// Reads a stored code back (trusted, validated on the way in).
    pub fn from_code(code: &str) -> Option<Golongan> {
        GOLONGAN_PNS
            .iter()
            .position(|(c, _)| *c == code)
            .map(|i| Golongan::Pns(i as u8))
            .or_else(|| {
                ROMAN
                    .iter()
                    .position(|r| *r == code)
                    .map(|i| Golongan::Pppk(i as u8 + 1))
            })
    }

    pub fn all_for(jenis: JenisAsn) -> Vec<Golongan> {
        match jenis {
            JenisAsn::Pns => (0..17).map(Golongan::Pns).collect(),
            JenisAsn::Pppk | JenisAsn::PppkParuhWaktu => (1..=17).map(Golongan::Pppk).collect(),
            JenisAsn::PejabatNegara => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pns_code_round_trips() {
        for g in Golongan::all_for(JenisAsn::Pns) {
            assert_eq!(Golongan::parse(g.code(), JenisAsn::Pns), Ok(g));
            assert_eq!(Golongan::from_code(g.code()), Some(g));
        }
        assert_eq!(Golongan::Pns(8).pangkat_golongan(), "Penata Muda (III/a)");
    }

    #[test]
    fn every_pppk_code_round_trips() {
        for g in Golongan::all_for(JenisAsn::Pppk) {
            assert_eq!(Golongan::parse(g.code(), JenisAsn::PppkParuhWaktu), Ok(g));
            assert_eq!(Golongan::from_code(g.code()), Some(g));
        }
        assert_eq!(Golongan::parse("9", JenisAsn::Pppk), Ok(Golongan::Pppk(9)));
    }

    #[test]
    fn tolerant_spellings() {
        assert_eq!(
            Golongan::parse(" iii / A ", JenisAsn::Pns),
            Ok(Golongan::Pns(8))
        );
        assert_eq!(Golongan::parse("4e", JenisAsn::Pns), Ok(Golongan::Pns(16)));
    }

    #[test]
    fn impossible_golongan_are_refused() {
        for bad in ["I/e", "III/e", "V/a", "IV", "", "XVIII"] {
            assert!(Golongan::parse(bad, JenisAsn::Pns).is_err(), "{bad}");
        }
        for bad in ["XVIII", "0", "III/a", "18"] {
            assert!(Golongan::parse(bad, JenisAsn::Pppk).is_err(), "{bad}");
        }
        assert_eq!(
            Golongan::parse("III/a", JenisAsn::PejabatNegara),
            Err(GolonganError::NotApplicable)
        );
    }
}
