//! Four eyes: the kinds of admin acts that wait for a second admin, and their states.

use serde::Serialize;

/// What waits for confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A PLT/PLH appointment to a head position of JPT or Administrator rank.
    Acting,
    /// A penilai named instead of the tree.
    Penilai,
    /// A temporary password for a head of JPT or Administrator rank.
    PasswordReset,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 3] = [
        ChangeKind::Acting,
        ChangeKind::Penilai,
        ChangeKind::PasswordReset,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Acting => "acting",
            ChangeKind::Penilai => "penilai",
            ChangeKind::PasswordReset => "password_reset",
        }
    }
}

/// Where a request stands. Confirmed and rejected requests are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Menunggu,
    Disetujui,
    Ditolak,
}

impl ChangeStatus {
    pub const ALL: [ChangeStatus; 3] = [
        ChangeStatus::Menunggu,
        ChangeStatus::Disetujui,
        ChangeStatus::Ditolak,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeStatus::Menunggu => "menunggu",
            ChangeStatus::Disetujui => "disetujui",
            ChangeStatus::Ditolak => "ditolak",
        }
    }
}

pub use crate::code::UnknownCode;

macro_rules! decode_by_code {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = UnknownCode;
            fn try_from(s: String) -> Result<$t, UnknownCode> {
                <$t>::ALL
                    .into_iter()
                    .find(|k| k.code() == s)
                    .ok_or(UnknownCode(s))
            }
        }
    };
}
decode_by_code!(ChangeKind);
decode_by_code!(ChangeStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_errors() {
        for k in ChangeKind::ALL {
            assert_eq!(ChangeKind::try_from(k.code().to_string()), Ok(k));
        }
        for s in ChangeStatus::ALL {
            assert_eq!(ChangeStatus::try_from(s.code().to_string()), Ok(s));
        }
        assert!(ChangeKind::try_from("Acting".to_string()).is_err());
        assert!(ChangeStatus::try_from(String::new()).is_err());
    }
}
