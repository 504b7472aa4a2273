//! NIP (Nomor Induk Pegawai): the 18-digit identifier of every ASN.
//!
//! The layout depends on the kind of ASN (docs/domain-rules.md §10), so a NIP is never validated
//! without knowing whether its holder is a PNS or a PPPK:
//!
//! ```text
//! PNS   YYYYMMDD  YYYYMM  G  NNN      birth date, TMT CPNS (year+month), sex, serial
//! PPPK  YYYYMMDD  YYYY 2 F G  NNN     birth date, TMT year, PPPK code, contract, sex, serial
//! ```

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Kind of civil servant. Pejabat negara (the Bupati) holds no NIP but rates the JPT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisAsn {
    Pns,
    Pppk,
    PppkParuhWaktu,
    PejabatNegara,
}

impl JenisAsn {
    pub const ALL: [JenisAsn; 4] = [
        JenisAsn::Pns,
        JenisAsn::Pppk,
        JenisAsn::PppkParuhWaktu,
        JenisAsn::PejabatNegara,
    ];

    /// Stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            JenisAsn::Pns => "pns",
            JenisAsn::Pppk => "pppk",
            JenisAsn::PppkParuhWaktu => "pppk_paruh_waktu",
            JenisAsn::PejabatNegara => "pejabat_negara",
        }
    }

    /// Official label, as printed.
    pub fn label(self) -> &'static str {
        match self {
            JenisAsn::Pns => "PNS",
            JenisAsn::Pppk => "PPPK",
            JenisAsn::PppkParuhWaktu => "PPPK Paruh Waktu",
            JenisAsn::PejabatNegara => "Pejabat Negara",
        }
    }

    /// Accepts the codes above and the spellings found in SIASN exports
    /// ("PNS", "CPNS", "PPPK Paruh Waktu", "PPPK-PW").
    pub fn parse(raw: &str) -> Option<JenisAsn> {
        let norm: String = raw
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match norm.as_str() {
            "pns" | "cpns" => Some(JenisAsn::Pns),
            "pppk" => Some(JenisAsn::Pppk),
            "pppkparuhwaktu" | "pppkpw" | "paruhwaktu" => Some(JenisAsn::PppkParuhWaktu),
            "pejabatnegara" => Some(JenisAsn::PejabatNegara),
            _ => None,
        }
    }

    pub fn has_nip(self) -> bool {
        self != JenisAsn::PejabatNegara
    }

    pub fn is_pppk(self) -> bool {
        matches!(self, JenisAsn::Pppk | JenisAsn::PppkParuhWaktu)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JenisKelamin {
    #[serde(rename = "L")]
    LakiLaki,
    #[serde(rename = "P")]
    Perempuan,
}

impl JenisKelamin {
    pub fn code(self) -> &'static str {
        match self {
            JenisKelamin::LakiLaki => "L",
            JenisKelamin::Perempuan => "P",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            JenisKelamin::LakiLaki => "Laki-laki",
            JenisKelamin::Perempuan => "Perempuan",
        }
    }

    pub fn parse(raw: &str) -> Option<JenisKelamin> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "l" | "laki-laki" | "laki laki" | "pria" | "m" | "1" => Some(JenisKelamin::LakiLaki),
            "p" | "perempuan" | "wanita" | "f" | "2" => Some(JenisKelamin::Perempuan),
            _ => None,
        }
    }

    fn nip_digit(self) -> u8 {
        match self {
            JenisKelamin::LakiLaki => 1,
            JenisKelamin::Perempuan => 2,
        }
    }
}

/// Start of service (TMT) encoded in the NIP: month precision for PNS, year for PPPK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tmt {
    Month { year: i32, month: u32 },
    Year(i32),
}

/// What a valid NIP says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NipParts {
    pub tanggal_lahir: NaiveDate,
    pub tmt: Tmt,
    pub jenis_kelamin: JenisKelamin,
    /// PPPK only: the contract sequence digit (1–9).
    pub kontrak_ke: Option<u8>,
    pub nomor_urut: u16,
}

impl NipParts {
    /// Writes the 18 digits for `jenis`. Used by the demo generator and by tests.
    pub fn format(&self, jenis: JenisAsn) -> String {
        let birth = self.tanggal_lahir.format("%Y%m%d");
        let sex = self.jenis_kelamin.nip_digit();
        match (jenis.is_pppk(), self.tmt) {
            (false, Tmt::Month { year, month }) => {
                format!("{birth}{year:04}{month:02}{sex}{:03}", self.nomor_urut)
            }
            (true, Tmt::Year(year)) => format!(
                "{birth}{year:04}2{}{sex}{:03}",
                self.kontrak_ke.unwrap_or(1),
                self.nomor_urut
            ),
            (false, Tmt::Year(year)) => format!("{birth}{year:04}01{sex}{:03}", self.nomor_urut),
            (true, Tmt::Month { year, .. }) => format!(
                "{birth}{year:04}2{}{sex}{:03}",
                self.kontrak_ke.unwrap_or(1),
                self.nomor_urut
            ),
        }
    }
}

/// Which part of the NIP is wrong; the UI names it to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NipPart {
    Whole,
    TanggalLahir,
    Tmt,
    KodePppk,
    Kontrak,
    JenisKelamin,
    NomorUrut,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NipError {
    #[error("NIP harus 18 digit angka (ditemukan {found} karakter)")]
    Length { found: usize },
    #[error("NIP hanya boleh berisi angka")]
    NotDigits,
    #[error("tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah")]
    BirthDateInvalid,
    #[error("tanggal lahir pada NIP (digit 1–8) tidak mungkin: di luar rentang yang wajar")]
    BirthDateImpossible,
    #[error("TMT pada NIP bukan bulan/tahun yang sah")]
    TmtInvalid,
    #[error("TMT pada NIP tidak mungkin: pegawai belum berusia 18 tahun atau TMT di masa depan")]
    TmtImpossible,
    #[error("digit ke-13 NIP PPPK harus 2 (kode PPPK)")]
    PppkCode,
    #[error("digit ke-14 NIP PPPK (urutan kontrak) harus 1–9")]
    ContractSequence,
    #[error("digit jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan)")]
    SexDigit,
    #[error("nomor urut NIP (3 digit terakhir) tidak boleh 000")]
    Serial,
    #[error("pejabat negara tidak memiliki NIP")]
    NotApplicable,
}

impl NipError {
    /// Stable error code; the UI translates it.
    pub fn code(&self) -> &'static str {
        match self {
            NipError::Length { .. } => "nip-length",
            NipError::NotDigits => "nip-not-digits",
            NipError::BirthDateInvalid => "nip-birth-date-invalid",
            NipError::BirthDateImpossible => "nip-birth-date-impossible",
            NipError::TmtInvalid => "nip-tmt-invalid",
            NipError::TmtImpossible => "nip-tmt-impossible",
            NipError::PppkCode => "nip-pppk-code",
            NipError::ContractSequence => "nip-contract-sequence",
            NipError::SexDigit => "nip-sex-digit",
            NipError::Serial => "nip-serial",
            NipError::NotApplicable => "nip-not-applicable",
        }
    }

    pub fn part(&self) -> NipPart {
        match self {
            NipError::Length { .. } | NipError::NotDigits | NipError::NotApplicable => {
                NipPart::Whole
            }
            NipError::BirthDateInvalid | NipError::BirthDateImpossible => NipPart::TanggalLahir,
            NipError::TmtInvalid | NipError::TmtImpossible => NipPart::Tmt,
            NipError::PppkCode => NipPart::KodePppk,
            NipError::ContractSequence => NipPart::Kontrak,
            NipError::SexDigit => NipPart::JenisKelamin,
            NipError::Serial => NipPart::NomorUrut,
        }
    }
}

/// A validated NIP: exactly 18 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Nip(String);

impl Nip {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Removes what people and spreadsheets add around a NIP: spaces (the printed form
    /// "19671110 199203 1 001"), a leading apostrophe (Excel text marker), dots.
    pub fn normalize(raw: &str) -> String {
        raw.trim()
            .trim_start_matches('\'')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect()
    }

    /// Validates `raw` for an ASN of kind `jenis`. `today` bounds the dates: nobody is
    /// born in the future, and service starts at the age of 18 at the earliest.
    pub fn parse(
        raw: &str,
        jenis: JenisAsn,
        today: NaiveDate,
    ) -> Result<(Nip, NipParts), NipError> {
        if !jenis.has_nip() {
            return Err(NipError::NotApplicable);
        }
        let s = Nip::normalize(raw);
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(NipError::NotDigits);
        }
        if s.len() != 18 {
            return Err(NipError::Length {
                found: s.chars().count(),
            });
        }
        let d = s.as_bytes();
        let num = |from: usize, to: usize| -> u32 {
            d[from..to]
                .iter()
                .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'))
        };

        let (by, bm, bd) = (num(0, 4) as i32, num(4, 6), num(6, 8));
        let tanggal_lahir =
            NaiveDate::from_ymd_opt(by, bm, bd).ok_or(NipError::BirthDateInvalid)?;
        if by < 1900 || tanggal_lahir > today {
            return Err(NipError::BirthDateImpossible);
        }
        let adult = |year: i32, month: u32| (year, month) >= (by + 18, bm);

        let (tmt, kontrak_ke, sex_at) = if jenis.is_pppk() {
            let year = num(8, 12) as i32;
            // The TMT year must be plausible before the PPPK code is looked at, so that a
            // shifted digit is reported where it went wrong.
            if !(1900..=9999).contains(&year) {
                return Err(NipError::TmtInvalid);
            }
            if d[12] != b'2' {
                return Err(NipError::PppkCode);
            }
            let f = d[13] - b'0';
            if f == 0 {
                return Err(NipError::ContractSequence);
            }
            // PPPK exist since 2019 (PP 49/2018).
            if year < 2019 || !adult(year, 12) || year > today.year() + 1 {
                return Err(NipError::TmtImpossible);
            }
            (Tmt::Year(year), Some(f), 14)
        } else {
            let (year, month) = (num(8, 12) as i32, num(12, 14));
            if !(1..=12).contains(&month) || year < 1900 {
                return Err(NipError::TmtInvalid);
            }
            if !adult(year, month) || year > today.year() + 1 {
                return Err(NipError::TmtImpossible);
            }
            (Tmt::Month { year, month }, None, 14)
        };

        let jenis_kelamin = match d[sex_at] {
            b'1' => JenisKelamin::LakiLaki,
            b'2' => JenisKelamin::Perempuan,
            _ => return Err(NipError::SexDigit),
        };
        let nomor_urut = num(15, 18) as u16;
        if nomor_urut == 0 {
            return Err(NipError::Serial);
        }
        Ok((
            Nip(s),
            NipParts {
                tanggal_lahir,
                tmt,
                jenis_kelamin,
                kontrak_ke,
                nomor_urut,
            },
        ))
    }

    /// Wraps a NIP read back from the database, where it was validated on the way in.
    pub fn from_trusted(s: String) -> Nip {
        Nip(s)
    }

    /// The printed form with spaces between the parts.
    pub fn display_spaced(&self, jenis: JenisAsn) -> String {
        let s = &self.0;
        if s.len() != 18 {
            return s.clone();
        }
        if jenis.is_pppk() {
            format!("{} {} {} {}", &s[0..8], &s[8..12], &s[12..15], &s[15..18])
        } else {
            format!("{} {} {} {}", &s[0..8], &s[8..14], &s[14..15], &s[15..18])
        }
    }
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn example_from_the_reference_parses() {
        let (nip, parts) = Nip::parse("196711101992031001", JenisAsn::Pns, today()).unwrap();
        assert_eq!(nip.as_str(), "196711101992031001");
        assert_eq!(
            parts.tanggal_lahir,
            NaiveDate::from_ymd_opt(1967, 11, 10).unwrap()
        );
        assert_eq!(
            parts.tmt,
            Tmt::Month {
                year: 1992,
                month: 3
            }
        );
        assert_eq!(parts.jenis_kelamin, JenisKelamin::LakiLaki);
        assert_eq!(parts.nomor_urut, 1);
        assert_eq!(nip.display_spaced(JenisAsn::Pns), "19671110 199203 1 001");
    }

    #[test]
    fn spaced_and_excel_quoted_forms_are_accepted() {
        let (nip, _) = Nip::parse("'19671110 199203 1 001", JenisAsn::Pns, today()).unwrap();
        assert_eq!(nip.as_str(), "196711101992031001");
    }

    #[test]
    fn pppk_layout_is_not_read_as_a_month() {
        // Digits 13–14 are "2" and the contract digit: "27" would be month 27 for a PNS.
        let raw = "199005122022271003";
        let (_, parts) = Nip::parse(raw, JenisAsn::Pppk, today()).unwrap();
        assert_eq!(parts.tmt, Tmt::Year(2022));
        assert_eq!(parts.kontrak_ke, Some(7));
        assert_eq!(parts.jenis_kelamin, JenisKelamin::LakiLaki);
        assert_eq!(
            Nip::parse(raw, JenisAsn::Pns, today()),
            Err(NipError::TmtInvalid)
        );
        assert!(Nip::parse(raw, JenisAsn::PppkParuhWaktu, today()).is_ok());
    }

    #[test]
    fn wrong_length_and_letters_are_refused() {
        assert_eq!(
            Nip::parse("1967111019920310", JenisAsn::Pns, today()),
            Err(NipError::Length { found: 16 })
        );
        assert_eq!(
            Nip::parse("19671110199203100A", JenisAsn::Pns, today()),
            Err(NipError::NotDigits)
        );
        assert_eq!(
            Nip::parse("196711101992031001", JenisAsn::PejabatNegara, today()),
            Err(NipError::NotApplicable)
        );
    }

    #[test]
    fn pppk_before_2019_is_impossible() {
        assert_eq!(
            Nip::parse("199005122018211003", JenisAsn::Pppk, today()),
            Err(NipError::TmtImpossible)
        );
    }

    #[test]
    fn every_error_names_a_part_and_has_a_code() {
        let all = [
            NipError::Length { found: 3 },
            NipError::NotDigits,
            NipError::BirthDateInvalid,
            NipError::BirthDateImpossible,
            NipError::TmtInvalid,
            NipError::TmtImpossible,
            NipError::PppkCode,
            NipError::ContractSequence,
            NipError::SexDigit,
            NipError::Serial,
            NipError::NotApplicable,
        ];
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), all.len());
    }

    fn arb_date(from: i32, to: i32) -> impl Strategy<Value = NaiveDate> {
        (from..=to, 1u32..=12, 1u32..=31)
            .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    fn arb_sex() -> impl Strategy<Value = JenisKelamin> {
        prop_oneof![Just(JenisKelamin::LakiLaki), Just(JenisKelamin::Perempuan)]
    }

    /// A valid PNS NIP: born 1940–2006, TMT between the 18th birthday and 2026.
    fn arb_pns() -> impl Strategy<Value = NipParts> {
        (
            arb_date(1940, 2006),
            18i32..=50,
            1u32..=12,
            arb_sex(),
            1u16..=999,
        )
            .prop_filter_map("tmt in range", |(birth, age, month, sex, serial)| {
                let year = birth.year() + age;
                let month = if age == 18 {
                    month.max(birth.month())
                } else {
                    month
                };
                (year <= 2026).then_some(NipParts {
                    tanggal_lahir: birth,
                    tmt: Tmt::Month { year, month },
                    jenis_kelamin: sex,
                    kontrak_ke: None,
                    nomor_urut: serial,
                })
            })
    }

    fn arb_pppk() -> impl Strategy<Value = NipParts> {
        (
            arb_date(1960, 2006),
            2019i32..=2026,
            1u8..=9,
            arb_sex(),
            1u16..=999,
        )
            .prop_filter_map("adult at tmt", |(birth, year, f, sex, serial)| {
                (year - birth.year() >= 19).then_some(NipParts {
                    tanggal_lahir: birth,
                    tmt: Tmt::Year(year),
                    jenis_kelamin: sex,
                    kontrak_ke: Some(f),
                    nomor_urut: serial,
                })
            })
    }

    fn set(s: &str, at: usize, digits: &str) -> String {
        let mut b = s.as_bytes().to_vec();
        b[at..at + digits.len()].copy_from_slice(digits.as_bytes());
        String::from_utf8(b).unwrap()
    }

    proptest! {
        #[test]
        fn every_valid_pns_nip_passes_and_round_trips(parts in arb_pns()) {
            let raw = parts.format(JenisAsn::Pns);
            let (nip, back) = Nip::parse(&raw, JenisAsn::Pns, today()).unwrap();
            prop_assert_eq!(nip.as_str(), raw.as_str());
            prop_assert_eq!(back, parts);
        }

        #[test]
        fn every_valid_pppk_nip_passes_and_round_trips(parts in arb_pppk()) {
            for jenis in [JenisAsn::Pppk, JenisAsn::PppkParuhWaktu] {
                let raw = parts.format(jenis);
                let (_, back) = Nip::parse(&raw, jenis, today()).unwrap();
                prop_assert_eq!(back, parts);
            }
        }

        #[test]
        fn impossible_birth_date_is_caught(parts in arb_pns(), day in 32u32..=99, month in 13u32..=99) {
            let raw = parts.format(JenisAsn::Pns);
            let bad_day = set(&raw, 6, &format!("{day:02}"));
            let e = Nip::parse(&bad_day, JenisAsn::Pns, today()).unwrap_err();
            prop_assert_eq!(e.part(), NipPart::TanggalLahir);
            let bad_month = set(&raw, 4, &format!("{month:02}"));
            let e = Nip::parse(&bad_month, JenisAsn::Pns, today()).unwrap_err();
            prop_assert_eq!(e.part(), NipPart::TanggalLahir);
            let zero_month = set(&raw, 4, "00");
            prop_assert_eq!(Nip::parse(&zero_month, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::TanggalLahir);
        }

        #[test]
        fn birth_in_the_future_is_caught(parts in arb_pppk()) {
            let raw = parts.format(JenisAsn::Pppk);
            let future = set(&raw, 0, "2027");
            prop_assert_eq!(Nip::parse(&future, JenisAsn::Pppk, today()).unwrap_err().part(), NipPart::TanggalLahir);
        }

        #[test]
        fn impossible_tmt_is_caught(parts in arb_pns(), month in 13u32..=99, years_before_adult in 1i32..=30) {
            let raw = parts.format(JenisAsn::Pns);
            let bad_month = set(&raw, 12, &format!("{month:02}"));
            prop_assert_eq!(Nip::parse(&bad_month, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::Tmt);
            let zero = set(&raw, 12, "00");
            prop_assert_eq!(Nip::parse(&zero, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::Tmt);
            // Service that starts before the 18th birthday.
            let too_young = parts.tanggal_lahir.year() + 18 - years_before_adult;
            let young = set(&raw, 8, &format!("{too_young:04}"));
            prop_assert_eq!(Nip::parse(&young, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::Tmt);
            // Service that starts years from now.
            let future = set(&raw, 8, "2031");
            prop_assert_eq!(Nip::parse(&future, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::Tmt);
        }

        #[test]
        fn impossible_sex_digit_is_caught(pns in arb_pns(), pppk in arb_pppk(), digit in prop_oneof![Just(0u8), 3u8..=9]) {
            let d = digit.to_string();
            let raw = set(&pns.format(JenisAsn::Pns), 14, &d);
            prop_assert_eq!(Nip::parse(&raw, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::JenisKelamin);
            let raw = set(&pppk.format(JenisAsn::Pppk), 14, &d);
            prop_assert_eq!(Nip::parse(&raw, JenisAsn::Pppk, today()).unwrap_err().part(), NipPart::JenisKelamin);
        }

        #[test]
        fn wrong_pppk_code_is_caught(parts in arb_pppk(), code in prop_oneof![0u8..=1, 3u8..=9]) {
            let raw = set(&parts.format(JenisAsn::Pppk), 12, &code.to_string());
            prop_assert_eq!(Nip::parse(&raw, JenisAsn::Pppk, today()).unwrap_err().part(), NipPart::KodePppk);
            let zero_contract = set(&parts.format(JenisAsn::Pppk), 13, "0");
            prop_assert_eq!(Nip::parse(&zero_contract, JenisAsn::Pppk, today()).unwrap_err().part(), NipPart::Kontrak);
        }

        #[test]
        fn serial_zero_is_caught(parts in arb_pns()) {
            let raw = set(&parts.format(JenisAsn::Pns), 15, "000");
            prop_assert_eq!(Nip::parse(&raw, JenisAsn::Pns, today()).unwrap_err().part(), NipPart::NomorUrut);
        }

        #[test]
        fn sex_read_from_the_nip_matches(parts in arb_pns()) {
            let (_, back) = Nip::parse(&parts.format(JenisAsn::Pns), JenisAsn::Pns, today()).unwrap();
            prop_assert_eq!(back.jenis_kelamin, parts.jenis_kelamin);
        }
    }
}
