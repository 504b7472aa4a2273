//! Kinerja's domain core: the rules of ASN performance management (PermenPANRB 6/2022)
//! as pure functions and types. No database, web, clock or file access lives here; a rule
//! that depends on the date takes it as an argument.

pub mod access;
pub mod bukti;
pub mod code;
pub mod confirmation;
pub mod golongan;
pub mod jabatan;
pub mod nama;
pub mod nip;
pub mod org;
pub mod pengembangan;
pub mod penilaian;
pub mod periode;
pub mod progres;
pub mod referensi;
pub mod skp;
pub mod table;
pub mod text;
pub mod tpp;
pub mod tugas;

pub use access::{Actor, AdminScope, Appointment, Decision, Role, Standing, Subject};
pub use golongan::Golongan;
pub use jabatan::{JenisJabatan, Jenjang};
pub use nip::{JenisAsn, JenisKelamin, Nip, NipError, NipParts};
pub use org::{Derived, HeadSlot, JenisUnit, PenilaiChain, PenilaiSource, UnitPath};
pub use penilaian::{CapaianOrganisasi, EvaluasiStatus, Predikat, Rating};
