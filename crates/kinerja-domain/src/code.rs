//! The codes under which the domain's enums are stored. Rows are decoded into domain types
//! at the store boundary (`#[sqlx(try_from = "String")]`): a stored code that is not one of
//! ours refuses the row, it is never read as a default.

/// A stored code that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code '{0}'")]
pub struct UnknownCode(pub String);

/// `TryFrom<String>` through the type's own `parse`.
macro_rules! decode_by_parse {
    ($($t:ty),+) => {$(
        impl TryFrom<String> for $t {
            type Error = $crate::code::UnknownCode;
            fn try_from(s: String) -> Result<$t, $crate::code::UnknownCode> {
                <$t>::parse(&s).ok_or($crate::code::UnknownCode(s))
            }
        }
    )+};
}

/// The stored code is also how the value prints (in pages it is a CSS class or a value).
macro_rules! display_by_code {
    ($($t:ty),+) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    )+};
}

display_by_code!(
    crate::skp::SkpStatus,
    crate::skp::JenisRhk,
    crate::penilaian::EvaluasiStatus,
    crate::periode::JenisPeriode
);

decode_by_parse!(
    crate::skp::SkpStatus,
    crate::skp::JenisRhk,
    crate::penilaian::EvaluasiStatus,
    crate::penilaian::Rating,
    crate::penilaian::Predikat,
    crate::periode::JenisPeriode,
    crate::progres::Pengakuan,
    crate::progres::Ketidakhadiran
);

#[cfg(test)]
mod tests {
    use crate::penilaian::{EvaluasiStatus, Predikat, Rating};
    use crate::periode::JenisPeriode;
    use crate::skp::{JenisRhk, SkpStatus};

    fn round_trip<T>(all: &[T], code: impl Fn(&T) -> &'static str)
    where
        T: TryFrom<String, Error = super::UnknownCode> + PartialEq + std::fmt::Debug,
    {
        for v in all {
            assert_eq!(&T::try_from(code(v).to_string()).unwrap(), v);
        }
        for bad in ["", "Draft", "draft ", "ditolak?", "\u{0}"] {
            if all.iter().any(|v| code(v) == bad) {
                continue;
            }
            assert_eq!(
                T::try_from(bad.to_string()),
                Err(super::UnknownCode(bad.into()))
            );
        }
    }

    #[test]
    fn stored_codes_round_trip_and_unknown_codes_are_errors() {
        round_trip(&SkpStatus::ALL, |s| s.code());
        round_trip(&EvaluasiStatus::ALL, |s| s.code());
        round_trip(&Rating::ALL, |s| s.code());
        round_trip(&Predikat::ALL, |s| s.code());
        round_trip(&JenisPeriode::ALL, |s| s.code());
        round_trip(&[JenisRhk::Utama, JenisRhk::Tambahan], |s| s.code());
        round_trip(&crate::progres::Pengakuan::ALL, |s| s.code());
        round_trip(&crate::progres::Ketidakhadiran::ALL, |s| s.code());
    }

    /// Rows holding these are serialised too (audit snapshots, the plan cache, JSON): they
    /// must read the same there as in the column. (Ratings serialise under longer names in
    /// the reference data, so they are not decoded into rows this way.)
    #[test]
    fn decoded_row_fields_serialise_as_their_stored_code() {
        fn same<T: serde::Serialize>(all: &[T], code: impl Fn(&T) -> &'static str) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(code(v)));
            }
        }
        same(&SkpStatus::ALL, |s| s.code());
        same(&EvaluasiStatus::ALL, |s| s.code());
        same(&JenisPeriode::ALL, |s| s.code());
        same(&[JenisRhk::Utama, JenisRhk::Tambahan], |s| s.code());
    }
}
