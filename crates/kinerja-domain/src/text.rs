//! Text typed by people. One-line fields (names, jabatan, unit names, titles) carry no
//! control characters: a newline or tab splits a CSV row or a PDF line, and NUL ends a C
//! string in the tools BKPSDM opens the exports with.

/// Whether `s` fits a one-line field: no control character (C0, DEL, C1) and no line or
/// paragraph separator.
pub fn is_single_line(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
}

/// Whether `s` fits a multi-line field (notes, feedback): newlines and tabs are allowed,
/// other control characters are not.
pub fn is_clean_multiline(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_in_one_line_fields() {
        assert!(is_single_line("Drs. Budi Santoso, M.Si."));
        assert!(is_single_line(
            "Kepala Seksi Pelayanan Umum — Kec. Kotabumi"
        ));
        for bad in [
            "Budi\nSantoso",
            "Budi\tSantoso",
            "Budi\0",
            "a\u{7f}",
            "a\u{85}b",
            "a\u{2028}b",
        ] {
            assert!(!is_single_line(bad), "{bad:?}");
        }
        assert!(is_clean_multiline("baris satu\nbaris dua\r\n\tindent"));
        assert!(!is_clean_multiline("a\0b"));
        assert!(!is_clean_multiline("a\u{1b}[31m"));
    }
}
