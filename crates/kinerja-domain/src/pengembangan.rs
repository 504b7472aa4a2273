//! Analisis kebutuhan pengembangan: where a group of employees (a unit, a jenis jabatan, a
//! kind of unit) is repeatedly rated low on a BerAKHLAK value or on their results, and which
//! development action from the catalogue BKPSDM maintains suits it.

use crate::jabatan::JenisJabatan;
use crate::org::JenisUnit;
use serde::{Deserialize, Serialize};

/// What a development action addresses: the results (hasil kerja) or one BerAKHLAK value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Sasaran {
    Hasil,
    /// BerAKHLAK value 1..=7.
    Perilaku(u8),
}

impl Sasaran {
    /// `hasil` or `perilaku-K`, for URLs and forms.
    pub fn code(self) -> String {
        match self {
            Sasaran::Hasil => "hasil".into(),
            Sasaran::Perilaku(k) => format!("perilaku-{k}"),
        }
    }

    pub fn parse(s: &str) -> Option<Sasaran> {
        match s.trim() {
            "hasil" => Some(Sasaran::Hasil),
            other => {
                let k: u8 = other.strip_prefix("perilaku-")?.parse().ok()?;
                (1..=7).contains(&k).then_some(Sasaran::Perilaku(k))
            }
        }
    }

    /// Every sasaran, results first.
    pub fn all() -> Vec<Sasaran> {
        std::iter::once(Sasaran::Hasil)
            .chain((1..=7).map(Sasaran::Perilaku))
            .collect()
    }
}

/// When a group's low ratings call for development [open: BKPSDM may set its own].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AturanKebutuhan {
    /// At least this many people rated low…
    pub min_pegawai: u32,
    /// …and at least this share (percent) of those judged.
    pub min_persen: u32,
}

impl Default for AturanKebutuhan {
    fn default() -> Self {
        AturanKebutuhan {
            min_pegawai: 3,
            min_persen: 20,
        }
    }
}

impl AturanKebutuhan {
    /// Low ratings that recur enough to be a group's need rather than one person's.
    pub fn repeated(&self, low: u32, judged: u32) -> bool {
        judged > 0
            && low >= self.min_pegawai.max(1)
            && (low as u64) * 100 >= (self.min_persen as u64) * (judged as u64)
    }
}

/// One entry of the development catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Katalog {
    pub kode: String,
    pub nama: String,
    /// Pelatihan, workshop, coaching, mentoring, e-learning…
    pub bentuk: String,
    pub sasaran: Sasaran,
    /// Kinds of unit it is meant for; empty: any.
    pub jenis_unit: Vec<JenisUnit>,
    /// Kinds of position it is meant for; empty: any.
    pub jenis_jabatan: Vec<JenisJabatan>,
    pub penyelenggara: String,
    /// Jam pelajaran.
    pub jp: u32,
}

/// The group a need was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kelompok {
    /// A sub-unit, with its kind.
    Unit(JenisUnit),
    JenisUnit(JenisUnit),
    JenisJabatan(JenisJabatan),
}

impl Katalog {
    /// How well the entry suits a need: `None` when it does not address it or is meant
    /// for other people; otherwise more for a closer match (a targeted entry beats a
    /// general one).
    pub fn fit(&self, sasaran: Sasaran, kelompok: &Kelompok) -> Option<u32> {
        if self.sasaran != sasaran {
            return None;
        }
        // 2 for a general entry; +2 for each restriction the group matches; an entry
        // restricted on what the group does not say (a kind of unit for a jabatan group)
        // suits only part of it and comes last.
        let mut score: i32 = 2;
        let unit = match kelompok {
            Kelompok::Unit(j) | Kelompok::JenisUnit(j) => Some(*j),
            Kelompok::JenisJabatan(_) => None,
        };
        if !self.jenis_unit.is_empty() {
            match unit {
                Some(u) if self.jenis_unit.contains(&u) => score += 2,
                Some(_) => return None,
                None => score -= 2,
            }
        }
        if !self.jenis_jabatan.is_empty() {
            match kelompok {
                Kelompok::JenisJabatan(j) if self.jenis_jabatan.contains(j) => score += 2,
                Kelompok::JenisJabatan(_) => return None,
                _ => score -= 2,
            }
        }
        Some(score.max(0) as u32)
    }
}

/// The positions of the catalogue entries suiting a need, best first (ties keep the
/// catalogue's order).
pub fn rank(catalogue: &[Katalog], sasaran: Sasaran, kelompok: &Kelompok) -> Vec<usize> {
    let mut v: Vec<(u32, usize)> = catalogue
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.fit(sasaran, kelompok).map(|s| (s, i)))
        .collect();
    v.sort_by_key(|(s, i)| (std::cmp::Reverse(*s), *i));
    v.into_iter().map(|(_, i)| i).collect()
}

/// The catalogue entries suiting a need, best first.
pub fn suggest<'a>(
    catalogue: &'a [Katalog],
    sasaran: Sasaran,
    kelompok: &Kelompok,
) -> Vec<&'a Katalog> {
    rank(catalogue, sasaran, kelompok)
        .into_iter()
        .map(|i| &catalogue[i])
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KatalogError {
    #[error("kode wajib diisi (paling banyak 20 karakter, tanpa spasi)")]
    Kode,
    #[error("nama wajib diisi (paling banyak 200 karakter)")]
    Nama,
    #[error("bentuk wajib diisi")]
    Bentuk,
    #[error("sasaran tidak dikenal")]
    Sasaran,
    #[error("jenis unit tidak dikenal")]
    JenisUnit,
    #[error("jenis jabatan tidak dikenal")]
    JenisJabatan,
    #[error("JP harus bilangan 0–1000")]
    Jp,
}

impl KatalogError {
    pub fn code(&self) -> &'static str {
        match self {
            KatalogError::Kode => "katalog-kode",
            KatalogError::Nama => "katalog-nama",
            KatalogError::Bentuk => "katalog-bentuk",
            KatalogError::Sasaran => "katalog-sasaran",
            KatalogError::JenisUnit => "katalog-jenis-unit",
            KatalogError::JenisJabatan => "katalog-jenis-jabatan",
            KatalogError::Jp => "katalog-jp",
        }
    }

    /// The form field the error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            KatalogError::Kode => "kode",
            KatalogError::Nama => "nama",
            KatalogError::Bentuk => "bentuk",
            KatalogError::Sasaran => "sasaran",
            KatalogError::JenisUnit => "jenis_unit",
            KatalogError::JenisJabatan => "jenis_jabatan",
            KatalogError::Jp => "jp",
        }
    }
}

/// A catalogue entry as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KatalogInput {
    pub kode: String,
    pub nama: String,
    pub bentuk: String,
    pub sasaran: String,
    pub jenis_unit: Vec<String>,
    pub jenis_jabatan: Vec<String>,
    pub penyelenggara: String,
    pub jp: String,
}

impl KatalogInput {
    /// Every error of the input, or the entry.
    pub fn validate(&self) -> Result<Katalog, Vec<KatalogError>> {
        let mut errors = Vec::new();
        let kode = self.kode.trim().to_uppercase();
        if kode.is_empty() || kode.chars().count() > 20 || kode.contains(char::is_whitespace) {
            errors.push(KatalogError::Kode);
        }
        let nama = self.nama.trim().to_string();
        if nama.is_empty() || nama.chars().count() > 200 {
            errors.push(KatalogError::Nama);
        }
        let bentuk = self.bentuk.trim().to_string();
        if bentuk.is_empty() || bentuk.chars().count() > 60 {
            errors.push(KatalogError::Bentuk);
        }
        let sasaran = Sasaran::parse(&self.sasaran);
        if sasaran.is_none() {
            errors.push(KatalogError::Sasaran);
        }
        let jenis_unit: Vec<Option<JenisUnit>> = self
            .jenis_unit
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| JenisUnit::parse(s))
            .collect();
        if jenis_unit.iter().any(Option::is_none) {
            errors.push(KatalogError::JenisUnit);
        }
        let jenis_jabatan: Vec<Option<JenisJabatan>> = self
            .jenis_jabatan
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| JenisJabatan::parse(s))
            .collect();
        if jenis_jabatan.iter().any(Option::is_none) {
            errors.push(KatalogError::JenisJabatan);
        }
        let jp = match self.jp.trim() {
            "" => Some(0),
            s => s.parse::<u32>().ok().filter(|n| *n <= 1000),
        };
        if jp.is_none() {
            errors.push(KatalogError::Jp);
        }
        match (sasaran, jp) {
            (Some(sasaran), Some(jp)) if errors.is_empty() => Ok(Katalog {
                kode,
                nama,
                bentuk,
                sasaran,
                // In the catalogue's usual order, once each, however they were ticked.
                jenis_unit: JenisUnit::ALL
                    .into_iter()
                    .filter(|j| jenis_unit.contains(&Some(*j)))
                    .collect(),
                jenis_jabatan: JenisJabatan::ALL
                    .into_iter()
                    .filter(|j| jenis_jabatan.contains(&Some(*j)))
                    .collect(),
                penyelenggara: self.penyelenggara.trim().to_string(),
                jp,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(kode: &str, sasaran: Sasaran, units: &[JenisUnit], jab: &[JenisJabatan]) -> Katalog {
        Katalog {
            kode: kode.into(),
            nama: kode.into(),
            bentuk: "Pelatihan".into(),
            sasaran,
            jenis_unit: units.to_vec(),
            jenis_jabatan: jab.to_vec(),
            penyelenggara: String::new(),
            jp: 16,
        }
    }

    #[test]
    fn sasaran_codes_round_trip() {
        for s in Sasaran::all() {
            assert_eq!(Sasaran::parse(&s.code()), Some(s));
        }
        for bad in ["", "perilaku-0", "perilaku-8", "perilaku-x", "hasil kerja"] {
            assert_eq!(Sasaran::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn targeted_entries_come_before_general_ones_and_others_are_left_out() {
        let pelayanan = Sasaran::Perilaku(1);
        let cat = vec![
            entry("UMUM", pelayanan, &[], &[]),
            entry(
                "PRIMA",
                pelayanan,
                &[JenisUnit::Kelurahan, JenisUnit::Kecamatan],
                &[],
            ),
            entry("GURU", pelayanan, &[JenisUnit::Sekolah], &[]),
            entry("WAKTU", Sasaran::Hasil, &[], &[]),
            entry("FUNG", pelayanan, &[], &[JenisJabatan::Fungsional]),
        ];
        let kel = Kelompok::JenisUnit(JenisUnit::Kelurahan);
        let got: Vec<&str> = suggest(&cat, pelayanan, &kel)
            .iter()
            .map(|k| k.kode.as_str())
            .collect();
        assert_eq!(got, ["PRIMA", "UMUM", "FUNG"]);
        let fung = Kelompok::JenisJabatan(JenisJabatan::Fungsional);
        let got: Vec<&str> = suggest(&cat, pelayanan, &fung)
            .iter()
            .map(|k| k.kode.as_str())
            .collect();
        assert_eq!(got, ["FUNG", "UMUM", "PRIMA", "GURU"]);
        let pel = Kelompok::JenisJabatan(JenisJabatan::Pelaksana);
        assert!(
            suggest(&cat, pelayanan, &pel)
                .iter()
                .all(|k| k.kode != "FUNG")
        );
        assert_eq!(suggest(&cat, Sasaran::Hasil, &kel).len(), 1);
    }

    #[test]
    fn repeated_needs_both_people_and_share() {
        let a = AturanKebutuhan::default();
        assert!(!a.repeated(2, 4), "two people are not yet a pattern");
        assert!(a.repeated(3, 15), "3 of 15 is 20 %");
        assert!(!a.repeated(3, 16), "3 of 16 is under 20 %");
        assert!(!a.repeated(0, 0));
    }

    proptest! {
        #[test]
        fn repeated_is_monotone_in_low_ratings(low in 0u32..500, extra in 0u32..500, judged in 1u32..1000) {
            let a = AturanKebutuhan::default();
            let low = low.min(judged);
            let more = (low + extra).min(judged);
            prop_assert!(!a.repeated(low, judged) || a.repeated(more, judged));
        }

        #[test]
        fn a_suggestion_always_addresses_the_need(k in 1u8..=7, u in 0usize..12) {
            let cat: Vec<Katalog> = Sasaran::all()
                .into_iter()
                .map(|s| entry(&s.code(), s, &[], &[]))
                .collect();
            let kel = Kelompok::Unit(JenisUnit::ALL[u]);
            let s = suggest(&cat, Sasaran::Perilaku(k), &kel);
            prop_assert_eq!(s.len(), 1);
            prop_assert_eq!(s[0].sasaran, Sasaran::Perilaku(k));
        }
    }

    #[test]
    fn the_form_reports_every_error_at_once() {
        let input = KatalogInput {
            kode: "A B".into(),
            nama: " ".into(),
            bentuk: "Workshop".into(),
            sasaran: "perilaku-9".into(),
            jenis_unit: vec!["kelurahan".into(), "pasar".into()],
            jenis_jabatan: vec!["".into()],
            penyelenggara: String::new(),
            jp: "-1".into(),
        };
        let errs = input.validate().unwrap_err();
        assert_eq!(
            errs,
            [
                KatalogError::Kode,
                KatalogError::Nama,
                KatalogError::Sasaran,
                KatalogError::JenisUnit,
                KatalogError::Jp
            ]
        );
        let ok = KatalogInput {
            kode: "pp-01".into(),
            nama: "Pelayanan Prima".into(),
            bentuk: "Workshop".into(),
            sasaran: "perilaku-1".into(),
            jenis_unit: vec!["kelurahan".into()],
            jp: "16".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.kode, "PP-01");
        assert_eq!(ok.jenis_unit, [JenisUnit::Kelurahan]);
    }
}
