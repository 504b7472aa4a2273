//! Translations: Bahasa Indonesia by default, English by a switch.
//!
//! The catalogues (`locales/id.ftl`, `locales/en.ftl`) use the simple line form of Fluent
//! (`key = text with { $arg }`), compiled into the binary and parsed once. Indonesian has no
//! plural forms and English texts are written to avoid them, so the full Fluent runtime is
//! not needed on the hot path of every page. The language is always passed explicitly: an
//! async server must never keep a process-global locale.

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Some(Lang::Id),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }
}

pub const ID_SOURCE: &str = include_str!("../locales/id.ftl");
pub const EN_SOURCE: &str = include_str!("../locales/en.ftl");

/// Parses the line form of Fluent: `key = value`, `#` comments, blank lines.
pub fn parse_catalogue(src: &'static str) -> HashMap<&'static str, &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

static ID: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(ID_SOURCE));
static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(EN_SOURCE));

/// The text of `key` in `lang`. A missing key shows itself (a test keeps that from shipping).
pub fn t(lang: Lang, key: &str) -> &'static str {
    let cat = match lang {
        Lang::Id => &*ID,
        Lang::En => &*EN,
    };
    match cat.get_key_value(key) {
        Some((_, v)) => v,
        None => {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            // Leak-free fallback: look the key up in the other catalogue, else a marker.
            ID.get(key).copied().unwrap_or("??")
        }
    }
}

/// The text of `key` if the catalogue has it: for codes that are shown raw when no
/// translation exists (audit actions, field names).
/// A generated period name ("TRIWULAN II", "MARET", "SEMESTER I", "AKHIR") in `lang`;
/// a name not made of those words stays as it is.
pub fn period_name(lang: Lang, nama: &str) -> String {
    if lang == Lang::Id {
        return nama.to_string();
    }
    const WORDS: [(&str, &str); 15] = [
        ("TRIWULAN", "QUARTER"),
        ("AKHIR", "ANNUAL"),
        ("JANUARI", "JANUARY"),
        ("FEBRUARI", "FEBRUARY"),
        ("MARET", "MARCH"),
        ("APRIL", "APRIL"),
        ("MEI", "MAY"),
        ("JUNI", "JUNE"),
        ("JULI", "JULY"),
        ("AGUSTUS", "AUGUST"),
        ("SEPTEMBER", "SEPTEMBER"),
        ("OKTOBER", "OCTOBER"),
        ("NOVEMBER", "NOVEMBER"),
        ("DESEMBER", "DECEMBER"),
        ("SEMESTER", "SEMESTER"),
    ];
    nama.split(' ')
        .map(|w| {
            WORDS
                .iter()
                .find(|(id, _)| *id == w)
                .map(|(_, en)| *en)
                .unwrap_or(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text of the built-in reference data (a BerAKHLAK value or indicator, an aspek, a
/// perspektif) in `lang`; any other text stays as it is. For pages that carry the text
/// without its version (dashboards, the history).
pub fn reference_text(lang: Lang, text: &str) -> String {
    use kinerja_domain::referensi::Referensi;
    static BUILTIN: std::sync::OnceLock<Referensi> = std::sync::OnceLock::new();
    if lang == Lang::Id {
        return text.to_string();
    }
    let r = BUILTIN.get_or_init(Referensi::permenpanrb_6_2022);
    if let Some(n) = r.berakhlak.iter().find(|n| n.nama == text) {
        return r.nilai_nama(n.kode, true).to_string();
    }
    for n in &r.berakhlak {
        if let Some(i) = n.indikator.iter().position(|x| x == text) {
            return r.nilai_indikator(n.kode, true)[i].clone();
        }
    }
    let aspek = r.aspek_label(text, true);
    if aspek != text {
        return aspek.to_string();
    }
    r.perspektif_label(text, true).to_string()
}

pub fn t_opt(lang: Lang, key: &str) -> Option<&'static str> {
    let cat = match lang {
        Lang::Id => &*ID,
        Lang::En => &*EN,
    };
    cat.get(key).copied()
}

/// `t` with `{ $name }` placeholders replaced. A value that ends a sentence with its own
/// full stop (a name ending in a title such as "S.IP.") takes the place of the sentence's
/// full stop, so that no message reads "S.IP..".
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    fill(t(lang, key), args)
}

fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in args {
        let slot = format!("{{ ${name} }}");
        if value.ends_with('.') {
            out = out.replace(&format!("{slot}."), &slot);
        }
        out = out.replace(&slot, value);
    }
    out
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Period names and reference texts arrive from stored data and from the history:
        /// any text comes back unchanged in Indonesian, and never breaks in English.
        #[test]
        fn any_text_is_translated_or_left_as_it_is(s in "\\PC*") {
            proptest::prop_assert_eq!(period_name(Lang::Id, &s), s.clone());
            proptest::prop_assert_eq!(reference_text(Lang::Id, &s), s.clone());
            let _ = period_name(Lang::En, &s);
            let _ = reference_text(Lang::En, &s);
        }
    }

    #[test]
    fn period_names_and_reference_texts_in_english() {
        assert_eq!(period_name(Lang::En, "TRIWULAN II"), "QUARTER II");
        assert_eq!(period_name(Lang::En, "MARET"), "MARCH");
        assert_eq!(period_name(Lang::En, "AKHIR"), "ANNUAL");
        assert_eq!(period_name(Lang::En, "Periode Khusus"), "Periode Khusus");
        assert_eq!(
            reference_text(Lang::En, "Berorientasi Pelayanan"),
            "Service-oriented"
        );
        assert_eq!(reference_text(Lang::En, "Kuantitas"), "Quantity");
        assert_eq!(reference_text(Lang::En, "Dinas Alpha"), "Dinas Alpha");
    }
    use super::*;

    #[test]
    fn a_name_ending_in_a_full_stop_ends_the_sentence_once() {
        let p = "Menunggu persetujuan { $penilai }. Anda dapat menariknya kembali.";
        assert_eq!(
            fill(p, &[("penilai", "Drs. Ahmad, S.IP.")]),
            "Menunggu persetujuan Drs. Ahmad, S.IP. Anda dapat menariknya kembali."
        );
        assert_eq!(
            fill(p, &[("penilai", "Ahmad")]),
            "Menunggu persetujuan Ahmad. Anda dapat menariknya kembali."
        );
        // Inside a sentence the value keeps its own full stop.
        assert_eq!(
            fill("{ $nama } menilai Anda.", &[("nama", "Budi, S.IP.")]),
            "Budi, S.IP. menilai Anda."
        );
    }

    #[test]
    fn both_catalogues_define_the_same_keys() {
        let id: std::collections::BTreeSet<_> = parse_catalogue(ID_SOURCE).into_keys().collect();
        let en: std::collections::BTreeSet<_> = parse_catalogue(EN_SOURCE).into_keys().collect();
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty(), "missing in en.ftl: {only_id:?}");
        assert!(only_en.is_empty(), "missing in id.ftl: {only_en:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        let id = parse_catalogue(ID_SOURCE);
        let en = parse_catalogue(EN_SOURCE);
        let vars = |s: &str| {
            let mut v: Vec<String> = s
                .split("{ $")
                .skip(1)
                .filter_map(|p| p.split_once(" }").map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for (k, v) in &id {
            assert_eq!(vars(v), vars(en[k]), "placeholders differ for {k}");
        }
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        let id = parse_catalogue(ID_SOURCE);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        for dir in ["templates", "src"] {
            for path in walk(&root.join(dir)) {
                let text = std::fs::read_to_string(&path).unwrap();
                for key in used_keys(&text) {
                    if !id.contains_key(key.as_str()) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "undefined translation keys: {missing:#?}"
        );
    }

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        let id = parse_catalogue(ID_SOURCE);
        let en = parse_catalogue(EN_SOURCE);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut codes = std::collections::BTreeSet::new();
        let dirs = [root.join("src"), root.join("../kinerja-domain/src")];
        for path in dirs.iter().flat_map(|d| walk(d)) {
            let text = std::fs::read_to_string(&path).unwrap();
            // `Problem::new(field, "code")`, `AppError::invalid("field", "code")`,
            // `Conflict("code")`, and the `code()` tables of the domain's error enums.
            for line in text.lines() {
                let l = line.trim();
                let quoted: Vec<&str> = l.split('"').skip(1).step_by(2).collect();
                let candidate = if l.contains("Problem::new(") || l.contains("invalid(") {
                    quoted.last().copied()
                } else if l.contains("Conflict(\"") {
                    quoted.first().copied()
                } else if l.ends_with("\",")
                    && l.contains("=> \"")
                    && path.to_string_lossy().contains("kinerja-domain")
                {
                    quoted
                        .first()
                        .copied()
                        .filter(|c| c.contains('-') && !c.starts_with("permenpanrb"))
                } else {
                    None
                };
                if let Some(c) = candidate
                    && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-')
                    && c.contains('-')
                {
                    codes.insert(c.to_string());
                }
            }
        }
        let missing: Vec<_> = codes
            .iter()
            .filter(|c| {
                !id.contains_key(format!("err-{c}").as_str())
                    || !en.contains_key(format!("err-{c}").as_str())
            })
            .collect();
        assert!(codes.len() > 60, "the scan found too few codes: {codes:?}");
        assert!(
            missing.is_empty(),
            "error codes without a message: {missing:?}"
        );
    }

    /// Keys appear as calls of `t` or `tf` with a literal first (or second) argument.
    fn used_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for marker in [
            "t(\"",
            "tf(\"",
            "tf2(\"",
            "t(lang, \"",
            "tf(lang, \"",
            "t(self.lang, \"",
            "tf(self.lang, \"",
        ] {
            let pieces: Vec<&str> = text.split(marker).collect();
            for (before, part) in pieces.iter().zip(pieces.iter().skip(1)) {
                // `expect("…")` ends in `t("` too: the marker must start a name.
                let starts_name = !before
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if !starts_name {
                    continue;
                }
                if let Some((key, _)) = part.split_once('"')
                    && !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    keys.push(key.to_string());
                }
            }
        }
        keys
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn placeholders_are_filled() {
        assert!(tf(Lang::Id, "err-throttled", &[("minutes", "15")]).contains("15"));
        assert!(tf(Lang::En, "err-throttled", &[("minutes", "15")]).contains("15"));
    }
}
