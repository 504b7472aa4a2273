//! Names with academic titles (gelar), as printed on official documents.

/// "dr. Siti Aminah, M.Kes." from gelar depan, nama and gelar belakang.
pub fn nama_lengkap(gelar_depan: &str, nama: &str, gelar_belakang: &str) -> String {
    let mut out = String::with_capacity(gelar_depan.len() + nama.len() + gelar_belakang.len() + 3);
    let depan = gelar_depan.trim();
    if !depan.is_empty() {
        out.push_str(depan);
        out.push(' ');
    }
    out.push_str(nama.trim());
    let belakang = gelar_belakang.trim().trim_start_matches(',').trim();
    if !belakang.is_empty() {
        out.push_str(", ");
        out.push_str(belakang);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_placed_like_on_the_forms() {
        assert_eq!(
            nama_lengkap("dr.", "Siti Aminah", "M.Kes."),
            "dr. Siti Aminah, M.Kes."
        );
        assert_eq!(nama_lengkap("", "Budi Santoso", ""), "Budi Santoso");
        assert_eq!(
            nama_lengkap("", "Budi Santoso", ", S.Pd."),
            "Budi Santoso, S.Pd."
        );
        assert_eq!(nama_lengkap(" Ir. ", " Hadi ", " "), "Ir. Hadi");
    }
}
