//! Targets.

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("target harus berupa angka atau rentang, mis. 12 atau 2–3")]
    NotANumber,
    #[error("batas atas rentang lebih kecil dari batas bawah")]
    RangeReversed,
    #[error("target tidak boleh negatif")]
    Negative,
}

impl TargetError {
    pub fn code(self) -> &'static str {
        match self {
            TargetError::NotANumber => "target-not-a-number",
            TargetError::RangeReversed => "target-range-reversed",
            TargetError::Negative => "target-negative",
        }
    }
}

pub(super) fn parse_number(s: &str) -> Result<f64, TargetError> {
    // Indonesian writes 2,5 and 1.000; a single comma is the decimal mark.
    let t = s.trim().replace(' ', "");
    let normalised = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1
        || (t.contains('.')
            && t.split('.').nth(1).is_some_and(|d| d.len() == 3)
            && !t.starts_with("0."))
    {
        t.replace('.', "")
    } else {
        t
    };
    let v: f64 = normalised.parse().map_err(|_| TargetError::NotANumber)?;
    if !v.is_finite() {
        return Err(TargetError::NotANumber);
    }
    if v < 0.0 {
        return Err(TargetError::Negative);
    }
    Ok(v)
}

/// "12" → (12, None); "2-3" or "2–3" → (2, Some(3)); "2,5" → 2.5.
pub fn parse_target(s: &str) -> Result<(f64, Option<f64>), TargetError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(TargetError::NotANumber);
    }
    match s.split_once(['-', '–', '—']) {
        Some((a, b)) if !a.trim().is_empty() => {
            let (min, max) = (parse_number(a)?, parse_number(b)?);
            if max < min {
                return Err(TargetError::RangeReversed);
            }
            Ok((min, if max == min { None } else { Some(max) }))
        }
        Some(_) => Err(TargetError::Negative),
        None => Ok((parse_number(s)?, None)),
    }
}

/// A realisasi value typed by a person: "12", "12,5" or "12.5". "1.200" is ambiguous
/// (1,2 or 1200?), so one decimal separator at most and no thousands grouping; empty is
/// none yet.
#[allow(clippy::result_unit_err)]
pub fn parse_realisasi(s: &str) -> Result<Option<f64>, ()> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.matches(['.', ',']).count() > 1
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(());
    }
    let n: f64 = t.replace(',', ".").parse().map_err(|_| ())?;
    if !n.is_finite() || n < 0.0 {
        return Err(());
    }
    Ok(Some(n))
}

/// A number as Indonesians write it: no trailing zeros, comma as decimal mark.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.replace('.', ",")
    }
}

/// "12 laporan", "2–3 dokumen", "100 %".
pub fn format_target(min: f64, max: Option<f64>, satuan: &str) -> String {
    let n = match max {
        Some(max) if max != min => format!("{}–{}", format_number(min), format_number(max)),
        _ => format_number(min),
    };
    let satuan = satuan.trim();
    if satuan.is_empty() {
        n
    } else {
        format!("{n} {satuan}")
    }
}

/// The target as typed back into a form field.
pub fn target_input(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a != b => format!("{}-{}", format_number(a), format_number(b)),
        (Some(a), _) => format_number(a),
        _ => String::new(),
    }
}
