//! Rating suggestions.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blok {
    Utama,
    Tambahan,
}

/// Thresholds of the hasil kerja rule (docs/domain-rules.md §5, marked [one]): kept as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AturanRatingHasil {
    /// "Most" means strictly more than this share of the rows, in percent.
    pub mayoritas_persen: u32,
    /// "Only a small part of Utama below" means at most this share of Utama rows, in percent.
    pub bagian_kecil_utama_persen: u32,
}

impl Default for AturanRatingHasil {
    fn default() -> Self {
        AturanRatingHasil {
            mayoritas_persen: 50,
            bagian_kecil_utama_persen: 25,
        }
    }
}

/// Why the system suggests a rating: the counts it looked at and the clause that applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saran {
    pub rating: Rating,
    /// Message code of the clause that applied (translated by the UI).
    pub alasan: &'static str,
    pub di_atas: u32,
    pub sesuai: u32,
    pub di_bawah: u32,
    /// Utama rows judged below expectation (hasil only).
    pub utama_di_bawah: u32,
    pub utama: u32,
}

pub(super) fn more_than(part: u32, whole: u32, percent: u32) -> bool {
    whole > 0 && part as u64 * 100 > percent as u64 * whole as u64
}

pub(super) fn at_most(part: u32, whole: u32, percent: u32) -> bool {
    part as u64 * 100 <= percent as u64 * whole as u64
}

/// Suggests the rating hasil kerja from the per-row judgements. `None` while no row is
/// judged. The penilai decides; the suggestion and its reason are shown beside the choice.
pub fn saran_hasil(rows: &[(Blok, Rating)], aturan: &AturanRatingHasil) -> Option<Saran> {
    if rows.is_empty() {
        return None;
    }
    let count = |r: Rating| rows.iter().filter(|(_, x)| *x == r).count() as u32;
    let (atas, sesuai, bawah) = (
        count(Rating::DiAtasEkspektasi),
        count(Rating::SesuaiEkspektasi),
        count(Rating::DiBawahEkspektasi),
    );
    let utama = rows.iter().filter(|(b, _)| *b == Blok::Utama).count() as u32;
    let utama_bawah = rows
        .iter()
        .filter(|(b, r)| *b == Blok::Utama && *r == Rating::DiBawahEkspektasi)
        .count() as u32;
    let n = rows.len() as u32;
    let (rating, alasan) = if more_than(bawah, n, aturan.mayoritas_persen) {
        (Rating::DiBawahEkspektasi, "saran-hasil-mayoritas-di-bawah")
    } else if more_than(atas, n, aturan.mayoritas_persen) && utama_bawah == 0 {
        (Rating::DiAtasEkspektasi, "saran-hasil-mayoritas-di-atas")
    } else if at_most(utama_bawah, utama, aturan.bagian_kecil_utama_persen) {
        (Rating::SesuaiEkspektasi, "saran-hasil-sesuai")
    } else {
        (Rating::DiBawahEkspektasi, "saran-hasil-utama-di-bawah")
    };
    Some(Saran {
        rating,
        alasan,
        di_atas: atas,
        sesuai,
        di_bawah: bawah,
        utama_di_bawah: utama_bawah,
        utama,
    })
}

/// Suggests the rating perilaku kerja from the per-value judgements. No official rule exists
/// (docs/domain-rules.md §5 [open]); this one is stated to the penilai: the judgement most values share,
/// and on a tie the middle one, so that a suggestion never leans to an extreme by accident.
pub fn saran_perilaku(values: &[Rating]) -> Option<Saran> {
    if values.is_empty() {
        return None;
    }
    let count = |r: Rating| values.iter().filter(|x| **x == r).count() as u32;
    let (atas, sesuai, bawah) = (
        count(Rating::DiAtasEkspektasi),
        count(Rating::SesuaiEkspektasi),
        count(Rating::DiBawahEkspektasi),
    );
    let (rating, alasan) = if atas > sesuai && atas > bawah {
        (Rating::DiAtasEkspektasi, "saran-perilaku-terbanyak")
    } else if bawah > sesuai && bawah > atas {
        (Rating::DiBawahEkspektasi, "saran-perilaku-terbanyak")
    } else if sesuai >= atas && sesuai >= bawah {
        (Rating::SesuaiEkspektasi, "saran-perilaku-terbanyak")
    } else {
        (Rating::SesuaiEkspektasi, "saran-perilaku-seri")
    };
    Some(Saran {
        rating,
        alasan,
        di_atas: atas,
        sesuai,
        di_bawah: bawah,
        utama_di_bawah: 0,
        utama: 0,
    })
}
