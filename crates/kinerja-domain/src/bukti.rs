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

/// The kind of `bytes`, or why they are refused. `max` is the size limit in bytes.
pub fn periksa(bytes: &[u8], max: usize) -> Result<JenisBerkas, BerkasError> {
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
    } else if head(b"PK\x03\x04") && is_office_zip(bytes) {
        Ok(JenisBerkas::DokumenKantor)
    } else {
        Err(BerkasError::Type)
    }
}

/// A ZIP is an office document when it carries the manifest of one: `[Content_Types].xml`
/// (OOXML) or a `mimetype` entry naming an OpenDocument type. Any other ZIP (which could
/// carry anything) is refused.
fn is_office_zip(bytes: &[u8]) -> bool {
    let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    find(b"[Content_Types].xml") || find(b"application/vnd.oasis.opendocument")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 1024;

    #[test]
    fn accepted_kinds_by_content() {
        assert_eq!(periksa(b"%PDF-1.7\n...", MAX), Ok(JenisBerkas::Pdf));
        assert_eq!(periksa(b"\x89PNG\r\n\x1a\n....", MAX), Ok(JenisBerkas::Png));
        assert_eq!(
            periksa(b"\xFF\xD8\xFF\xE0..JFIF", MAX),
            Ok(JenisBerkas::Jpeg)
        );
        assert_eq!(
            periksa(b"PK\x03\x04....[Content_Types].xml....", MAX),
            Ok(JenisBerkas::DokumenKantor)
        );
        assert_eq!(
            periksa(
                b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text",
                MAX
            ),
            Ok(JenisBerkas::DokumenKantor)
        );
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
