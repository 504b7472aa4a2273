//! Bukti dukung (evidence files): the kind of a file is decided by its content, never by its
//! name, so that an executable renamed to `.pdf` is refused.

/// The kinds of evidence accepted: documents and pictures a civil servant produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JenisBerkas {
    Pdf,
    Png,
    Jpeg,
    /// Office Open XML or OpenDocument (a ZIP container with its manifest).
    DokumenKantor,
    /// Legacy Microsoft Office (OLE compound file).
    DokumenKantorLama,
}

impl JenisBerkas {
    pub fn content_type(self) -> &'static str {
        match self {
            JenisBerkas::Pdf => "application/pdf",
            JenisBerkas::Png => "image/png",
            JenisBerkas::Jpeg => "image/jpeg",
            JenisBerkas::DokumenKantor => "application/zip",
            JenisBerkas::DokumenKantorLama => "application/x-ole-storage",
        }
    }

    /// Shown inline in the browser; office documents are downloaded.
    pub fn inline(self) -> bool {
        matches!(
            self,
            JenisBerkas::Pdf | JenisBerkas::Png | JenisBerkas::Jpeg
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BerkasError {
    Empty,
    TooLarge,
    /// Not one of the accepted kinds (executables, scripts, archives, unknown).
    Type,
}

impl BerkasError {
    pub fn code(self) -> &'static str {
        match self {
            BerkasError::Empty => "bukti-empty",
            BerkasError::TooLarge => "bukti-too-large",
            BerkasError::Type => "bukti-type",
        }
    }
}

/// What an office package (a ZIP) holds, read by the caller: the names of its entries and
/// the text of its `[Content_Types].xml` (OOXML) or `mimetype` (OpenDocument) entry. The
/// domain does not read ZIP files itself; it decides on what they contain.
#[derive(Debug, Clone, Default)]
pub struct Paket {
    pub names: Vec<String>,
    /// `[Content_Types].xml`, bounded by the reader.
    pub content_types: Option<String>,
    /// The `mimetype` entry of an OpenDocument file.
    pub mimetype: Option<String>,
}

/// Entry names that carry code: macros, scripts and programs.
const EXECUTABLE_EXT: [&str; 16] = [
    "exe", "dll", "com", "bat", "cmd", "scr", "msi", "js", "jse", "vbs", "vbe", "wsf", "ps1",
    "jar", "sh", "hta",
];

/// Whether `p` is a real office document without macros or embedded programs: OOXML with
/// its content types and main part (Word, Excel or PowerPoint), or OpenDocument with its
/// mimetype, content and manifest.
pub fn paket_kantor(p: &Paket) -> Result<(), BerkasError> {
    let has = |n: &str| p.names.iter().any(|x| x == n);
    let lower: Vec<String> = p.names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let code = lower.iter().any(|n| {
        let file = n.rsplit('/').next().unwrap_or(n);
        file == "vbaproject.bin"
            || file == "vbadata.xml"
            || n.contains("/activex/")
            || n.starts_with("basic/")
            || n.starts_with("scripts/")
            || (n.contains("/embeddings/") && file.ends_with(".bin"))
            || file
                .rsplit_once('.')
                .is_some_and(|(_, ext)| EXECUTABLE_EXT.contains(&ext))
    });
    if code {
        return Err(BerkasError::Type);
    }
    let ooxml = match &p.content_types {
        Some(ct) if has("[Content_Types].xml") => {
            let ct = ct.to_ascii_lowercase();
            let main =
                has("word/document.xml") || has("xl/workbook.xml") || has("ppt/presentation.xml");
            main && !ct.contains("macroenabled") && !ct.contains("vbaproject")
        }
        _ => false,
    };
    let odf = match &p.mimetype {
        Some(m) if has("mimetype") => {
            m.trim().starts_with("application/vnd.oasis.opendocument.")
                && has("content.xml")
                && has("META-INF/manifest.xml")
        }
        _ => false,
    };
    if ooxml || odf {
        Ok(())
    } else {
        Err(BerkasError::Type)
    }
}

/// The kind of `bytes`, or why they are refused. `max` is the size limit in bytes. A ZIP is
/// an office document only when `read_package` can list it and [`paket_kantor`] accepts
/// what it holds; any other ZIP (which could carry anything) is refused.
pub fn periksa(
    bytes: &[u8],
    max: usize,
    read_package: impl FnOnce(&[u8]) -> Option<Paket>,
) -> Result<JenisBerkas, BerkasError> {
    if bytes.is_empty() {
        return Err(BerkasError::Empty);
    }
    if bytes.len() > max {
        return Err(BerkasError::TooLarge);
    }
    let head = |sig: &[u8]| bytes.starts_with(sig);
    if head(b"%PDF-") {
        Ok(JenisBerkas::Pdf)
    } else if head(b"\x89PNG\r\n\x1a\n") {
        Ok(JenisBerkas::Png)
    } else if head(b"\xFF\xD8\xFF") {
        Ok(JenisBerkas::Jpeg)
    } else if head(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Ok(JenisBerkas::DokumenKantorLama)
    } else if head(b"PK\x03\x04") {
        let p = read_package(bytes).ok_or(BerkasError::Type)?;
        paket_kantor(&p).map(|()| JenisBerkas::DokumenKantor)
    } else {
        Err(BerkasError::Type)
    }
}

impl JenisBerkas {
    /// File name endings that fit the kind (the first is added when the name has none).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            JenisBerkas::Pdf => &["pdf"],
            JenisBerkas::Png => &["png"],
            JenisBerkas::Jpeg => &["jpg", "jpeg"],
            JenisBerkas::DokumenKantor => &["docx", "xlsx", "pptx", "odt", "ods", "odp"],
            JenisBerkas::DokumenKantorLama => &["doc", "xls", "ppt"],
        }
    }
}

/// The name a file is stored and offered under: without any folder, control or
/// direction-changing characters (which disguise `fdp.exe` as `exe.pdf`), characters that
/// Windows refuses, or leading dots; at most 120 characters; never empty; and ending in
/// an extension of its real kind, so that a PDF called `laporan.exe` is saved as a PDF.
pub fn nama_berkas(raw: &str, jenis: JenisBerkas) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        })
        .map(|c| if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c })
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let stem_ok = |n: &str| {
        n.rsplit_once('.').is_some_and(|(_, ext)| {
            jenis
                .extensions()
                .contains(&ext.to_ascii_lowercase().as_str())
        })
    };
    let mut name: String = trimmed.chars().take(120).collect();
    if name.is_empty() {
        name = "berkas".into();
    }
    if !stem_ok(&name) {
        name = format!("{name}.{}", jenis.extensions()[0]);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 1024;

    fn periksa(bytes: &[u8], max: usize) -> Result<JenisBerkas, BerkasError> {
        super::periksa(bytes, max, |_| None)
    }

    fn docx(extra: &[&str], ct: &str) -> Paket {
        let mut names: Vec<String> = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        names.extend(extra.iter().map(|s| s.to_string()));
        Paket {
            names,
            content_types: Some(ct.into()),
            mimetype: None,
        }
    }

    const CT: &str = "<Types><Override ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    #[test]
    fn accepted_kinds_by_content() {
        assert_eq!(periksa(b"%PDF-1.7\n...", MAX), Ok(JenisBerkas::Pdf));
        assert_eq!(periksa(b"\x89PNG\r\n\x1a\n....", MAX), Ok(JenisBerkas::Png));
        assert_eq!(
            periksa(b"\xFF\xD8\xFF\xE0..JFIF", MAX),
            Ok(JenisBerkas::Jpeg)
        );
        assert_eq!(
            super::periksa(b"PK\x03\x04....", MAX, |_| Some(docx(&[], CT))),
            Ok(JenisBerkas::DokumenKantor)
        );
        let odt = Paket {
            names: vec![
                "mimetype".into(),
                "content.xml".into(),
                "META-INF/manifest.xml".into(),
            ],
            content_types: None,
            mimetype: Some("application/vnd.oasis.opendocument.text".into()),
        };
        assert_eq!(
            super::periksa(b"PK\x03\x04....", MAX, |_| Some(odt)),
            Ok(JenisBerkas::DokumenKantor)
        );
    }

    #[test]
    fn office_packages_must_be_real_and_carry_no_code() {
        assert_eq!(paket_kantor(&docx(&[], CT)), Ok(()));
        // The old check accepted any ZIP that mentions the manifest's name.
        let fake = Paket {
            names: vec!["[Content_Types].xml".into(), "payload.exe".into()],
            content_types: Some(CT.into()),
            mimetype: None,
        };
        assert_eq!(paket_kantor(&fake), Err(BerkasError::Type));
        let no_main = Paket {
            names: vec!["[Content_Types].xml".into()],
            content_types: Some(CT.into()),
            mimetype: None,
        };
        assert_eq!(paket_kantor(&no_main), Err(BerkasError::Type));
        for code in [
            "word/vbaProject.bin",
            "xl/VBAPROJECT.BIN",
            "word/embeddings/oleObject1.bin",
            "word/activeX/activeX1.xml",
            "word/media/run.exe",
            "docProps/x.vbs",
            "customXml/p.ps1",
        ] {
            assert_eq!(
                paket_kantor(&docx(&[code], CT)),
                Err(BerkasError::Type),
                "{code}"
            );
        }
        let macro_ct = CT.replace(".document.main", ".document.macroEnabled.main");
        assert_eq!(paket_kantor(&docx(&[], &macro_ct)), Err(BerkasError::Type));
        // Pictures embedded in a document are fine.
        assert_eq!(paket_kantor(&docx(&["word/media/image1.png"], CT)), Ok(()));
        // A ZIP that cannot be read is refused.
        assert_eq!(
            super::periksa(b"PK\x03\x04garbage", MAX, |_| None),
            Err(BerkasError::Type)
        );
    }

    #[test]
    fn stored_names_are_clean_and_end_in_their_kind() {
        use JenisBerkas::*;
        assert_eq!(
            nama_berkas("C:\\Users\\budi\\laporan.pdf", Pdf),
            "laporan.pdf"
        );
        assert_eq!(nama_berkas("../../etc/passwd", Pdf), "passwd.pdf");
        assert_eq!(nama_berkas("laporan.exe", Pdf), "laporan.exe.pdf");
        assert_eq!(nama_berkas("foto\u{202E}gpj.exe", Jpeg), "fotogpj.exe.jpg");
        assert_eq!(nama_berkas("a<b>:\"c|d?*.PDF", Pdf), "a_b___c_d__.PDF");
        assert_eq!(nama_berkas("...", Png), "berkas.png");
        assert_eq!(nama_berkas("", Pdf), "berkas.pdf");
        assert_eq!(nama_berkas(".htaccess", DokumenKantor), "htaccess.docx");
        assert_eq!(nama_berkas(&"x".repeat(500), Pdf).chars().count(), 124);
        assert_eq!(nama_berkas("Laporan.XLSX", DokumenKantor), "Laporan.XLSX");
    }

    #[test]
    fn executables_scripts_and_plain_zips_are_refused_whatever_their_name() {
        for bad in [
            &b"MZ\x90\x00\x03\x00\x00\x00"[..],
            b"\x7FELF\x02\x01\x01",
            b"#!/bin/sh\nrm -rf /",
            b"PK\x03\x04 payload.exe",
            b"<html><script>alert(1)</script>",
        ] {
            assert_eq!(periksa(bad, MAX), Err(BerkasError::Type), "{bad:?}");
        }
    }

    #[test]
    fn size_limits_at_the_boundary() {
        let mut pdf = b"%PDF-".to_vec();
        pdf.resize(MAX, b' ');
        assert_eq!(periksa(&pdf, MAX), Ok(JenisBerkas::Pdf));
        pdf.push(b' ');
        assert_eq!(periksa(&pdf, MAX), Err(BerkasError::TooLarge));
        assert_eq!(periksa(b"", MAX), Err(BerkasError::Empty));
    }
}
