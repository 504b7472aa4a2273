//! Keberatan deadline.

use super::*;

/// The last day to object: `hari` days after `diterima`, counted in calendar days or in
/// working days (Monday–Friday, not a holiday). The day of receipt does not count.
pub fn batas_keberatan(
    diterima: NaiveDate,
    hari: u32,
    jenis: JenisHari,
    libur: &[NaiveDate],
) -> NaiveDate {
    match jenis {
        JenisHari::Kalender => diterima + chrono::Days::new(hari as u64),
        JenisHari::Kerja => {
            let mut d = diterima;
            let mut left = hari;
            while left > 0 {
                d = d.succ_opt().expect("date in range");
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !libur.contains(&d) {
                    left -= 1;
                }
            }
            d
        }
    }
}

/// Whether a keberatan filed on `hari_ini` is in time.
pub fn keberatan_tepat_waktu(batas: NaiveDate, hari_ini: NaiveDate) -> bool {
    hari_ini <= batas
}
