//! Angka kredit (PermenPANRB 1/2023, docs/domain-rules.md §9).

use super::*;

/// Angka kredit in ten-thousandths, so that 3.75 × 75 % = 2.8125 stays exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AngkaKredit(pub u32);

impl AngkaKredit {
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 10_000.0
    }

    /// "2,813" style: three decimals with a decimal comma, as on Indonesian forms.
    pub fn format_id(self) -> String {
        let thousandths = (self.0 + 5) / 10;
        format!("{},{:03}", thousandths / 1000, thousandths % 1000)
    }
}

/// The annual coefficient of a functional jenjang; `None` for non-functional jenjang.
pub fn koefisien_tahunan(jenjang: Jenjang) -> Option<AngkaKredit> {
    use Jenjang::*;
    let v = match jenjang {
        Pemula => 37_500,
        Terampil => 50_000,
        Mahir => 125_000,
        Penyelia => 250_000,
        AhliPertama => 125_000,
        AhliMuda => 250_000,
        AhliMadya => 375_000,
        AhliUtama => 500_000,
        _ => return None,
    };
    Some(AngkaKredit(v))
}

/// The share of the coefficient earned by an annual predikat, in percent.
pub fn persen_angka_kredit(p: Predikat) -> u32 {
    match p {
        Predikat::SangatBaik => 150,
        Predikat::Baik => 100,
        Predikat::ButuhPerbaikan => 75,
        Predikat::Kurang => 50,
        Predikat::SangatKurang => 25,
    }
}

/// Angka kredit earned in a year by a fungsional of `jenjang` with annual predikat `p`.
pub fn angka_kredit(jenjang: Jenjang, p: Predikat) -> Option<AngkaKredit> {
    koefisien_tahunan(jenjang).map(|k| AngkaKredit(k.0 * persen_angka_kredit(p) / 100))
}
