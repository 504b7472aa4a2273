//! Spreadsheet files as people export them (SIASN, attendance systems, office programs):
//! the CSV reader shared by every import, and the column names it recognises. Pure: bytes
//! in, rows or the reasons out.

use std::collections::HashMap;

/// Why a file cannot be read: a code the application translates, with its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableProblem {
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl TableProblem {
    fn new(code: &'static str) -> TableProblem {
        TableProblem {
            code,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> TableProblem {
        self.args.push((name, value.to_string()));
        self
    }
}

/// A decoded CSV: header names normalised, rows with their line numbers.
pub struct Table {
    pub columns: HashMap<&'static str, usize>,
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    pub fn get<'r>(&self, rec: &'r csv::StringRecord, col: &str) -> &'r str {
        self.columns
            .get(col)
            .and_then(|i| rec.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }
    pub fn has(&self, col: &str) -> bool {
        self.columns.contains_key(col)
    }
}

/// A column name as compared: lower case, BOM and punctuation removed, spaces collapsed.
pub fn normalize_header(h: &str) -> String {
    let lower = h.trim().trim_start_matches('\u{feff}').to_lowercase();
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Our column names and the spellings accepted for them (SIASN exports, spreadsheets).
pub const EMPLOYEE_COLUMNS: &[(&str, &[&str])] = &[
    ("nip", &["nip", "nip baru", "nipbaru", "nip asn"]),
    ("nama", &["nama", "nama pegawai", "nama lengkap"]),
    ("gelar_depan", &["gelar depan"]),
    ("gelar_belakang", &["gelar belakang"]),
    (
        "jenis_asn",
        &[
            "jenis asn",
            "jenis pegawai",
            "jenis pegawai nama",
            "status pegawai",
            "status asn",
        ],
    ),
    (
        "golongan",
        &[
            "golongan",
            "gol",
            "gol akhir nama",
            "golongan ruang",
            "pangkat golongan",
            "gol ruang akhir",
        ],
    ),
    ("jabatan", &["jabatan", "jabatan nama", "nama jabatan"]),
    ("jenis_jabatan", &["jenis jabatan", "jenis jabatan nama"]),
    ("eselon", &["eselon", "eselon nama"]),
    ("jenjang", &["jenjang", "jenjang jabatan"]),
    (
        "kepala",
        &["kepala", "kepala unit", "kepala unor", "is kepala"],
    ),
    (
        "unit_kode",
        &["kode unit", "kode unor", "unor id", "unit kode", "id unor"],
    ),
    (
        "unit_nama",
        &["unit", "unor", "unor nama", "unit kerja", "nama unor"],
    ),
    ("email", &["email", "email gov", "email kantor"]),
    (
        "aktif",
        &["aktif", "status", "kedudukan hukum nama", "kedudukan hukum"],
    ),
    (
        "nip_penilai",
        &["nip penilai", "nip atasan", "nip pejabat penilai"],
    ),
];

pub const UNIT_COLUMNS: &[(&str, &[&str])] = &[
    (
        "kode",
        &["kode", "kode unit", "kode unor", "unor id", "id unor"],
    ),
    ("nama", &["nama", "nama unit", "unor nama", "nama unor"]),
    ("jenis", &["jenis", "jenis unit", "jenis unor"]),
    (
        "kode_induk",
        &[
            "kode induk",
            "induk",
            "kode unor induk",
            "unor induk id",
            "diatasan id",
        ],
    ),
    ("urutan", &["urutan", "no urut"]),
];

/// The attendance system's export: a score, or working days and days present.
pub const DISIPLIN_COLUMNS: &[(&str, &[&str])] = &[
    ("nip", &["nip baru", "nip pegawai"]),
    (
        "nilai_disiplin",
        &[
            "nilai",
            "nilai disiplin",
            "persentase kehadiran",
            "persen kehadiran",
        ],
    ),
    ("hari_kerja", &["hari kerja", "jumlah hari kerja"]),
    ("hadir", &["jumlah hadir", "hari hadir", "kehadiran"]),
];

/// A personal daily log, in the column layout of BKN's e-Kinerja progres harian (what
/// Kinerja exports, so a file round-trips).
pub const PROGRES_COLUMNS: &[(&str, &[&str])] = &[
    ("nip", &["nip baru", "nip pegawai"]),
    ("tanggal", &["tgl", "tanggal kegiatan"]),
    ("jam_mulai", &["jam mulai", "mulai", "waktu mulai"]),
    ("jam_selesai", &["jam selesai", "selesai", "waktu selesai"]),
    ("rencana_aksi", &["rencana aksi"]),
    ("kegiatan", &["uraian kegiatan", "aktivitas"]),
    ("realisasi", &["jumlah", "kuantitas"]),
    ("satuan", &["satuan output"]),
    (
        "tautan",
        &[
            "link bukti dukung",
            "bukti dukung",
            "link",
            "tautan bukti dukung",
        ],
    ),
];

/// The columns each import cannot do without (the others are optional).
pub const EMPLOYEE_REQUIRED: &[&str] = &["nip", "nama", "golongan", "jabatan", "jenis_jabatan"];
pub const UNIT_REQUIRED: &[&str] = &["kode", "nama", "jenis"];
pub const DISIPLIN_REQUIRED: &[&str] = &["nip"];
pub const PROGRES_REQUIRED: &[&str] = &[
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "rencana_aksi",
    "kegiatan",
    "realisasi",
];

/// Reads an import file: an XLSX workbook (its first sheet), or a CSV file in UTF-8 with
/// or without BOM, or in Windows-1252 as Excel on Windows saves "CSV", comma or semicolon
/// separated (whichever the header line uses more). The header is matched against `spec`.
/// Any input gives a table or the reasons it is refused, never a panic.
pub fn read(
    bytes: &[u8],
    spec: &[(&'static str, &[&str])],
    required: &[&str],
) -> Result<Table, Vec<TableProblem>> {
    // An Excel 97–2003 workbook (.xls) is an OLE file: refused with the way to save it.
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        return Err(vec![TableProblem::new("file-xls-old")]);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let (headers, rows) = xlsx_rows(bytes)?;
        return table_of(&headers, rows, spec, required);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => std::borrow::Cow::Owned(
            windows_1252(bytes).ok_or_else(|| vec![TableProblem::new("file-not-utf8")])?,
        ),
    };
    read_csv(&text, spec, required)
}

/// The characters Windows-1252 puts at 0x80–0x9F (None: unassigned); the other bytes are
/// Latin-1.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Text that is not UTF-8, read as Windows-1252. None when it cannot be that either: an
/// unassigned byte, a NUL (UTF-16 "Unicode text" from Excel).
pub fn windows_1252(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .map(|&b| match b {
            0 => None,
            0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)],
            _ => Some(char::from(b)),
        })
        .collect()
}

/// The first sheet of a workbook as text cells: the header row and the data rows with
/// their line numbers. Numbers that a spreadsheet cannot hold exactly (an 18-digit NIP
/// typed into a number cell) are refused with their place, not rounded.
/// A sheet as text: the header row, and the data rows with their line numbers.
type Sheet = (Vec<String>, Vec<(u64, Vec<String>)>);

fn xlsx_rows(bytes: &[u8]) -> Result<Sheet, Vec<TableProblem>> {
    use calamine::{Data, Reader};
    let unreadable =
        |e: &dyn std::fmt::Display| vec![TableProblem::new("file-unreadable").arg("detail", e)];
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = match book.worksheet_range_at(0) {
        Some(r) => r.map_err(|e| unreadable(&e))?,
        None => return Err(vec![TableProblem::new("file-empty")]),
    };
    let mut problems = Vec::new();
    let mut out: Vec<(u64, Vec<String>)> = Vec::new();
    let first_row = u64::from(range.start().map(|(r, _)| r).unwrap_or(0));
    for (i, row) in range.rows().enumerate() {
        let line = first_row + i as u64 + 1;
        let cells = row
            .iter()
            .enumerate()
            .map(|(col, c)| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                Data::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
                    format!("{}", *f as i64)
                }
                Data::Float(f) if f.is_finite() && f.abs() < 1e15 => f.to_string(),
                Data::Float(_) => {
                    problems.push(
                        TableProblem::new("cell-number-too-long")
                            .arg("line", line)
                            .arg("column", column_letter(col)),
                    );
                    String::new()
                }
                Data::DateTime(d) => excel_date(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => {
                    problems.push(
                        TableProblem::new("cell-error")
                            .arg("line", line)
                            .arg("column", column_letter(col))
                            .arg("detail", e),
                    );
                    String::new()
                }
            })
            .collect();
        out.push((line, cells));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut it = out.into_iter();
    let header = match it.next() {
        Some((_, h)) if h.iter().any(|c| !c.trim().is_empty()) => h,
        _ => return Err(vec![TableProblem::new("file-empty")]),
    };
    Ok((header, it.collect()))
}

/// An Excel date serial (days since 1899-12-30): a time of day alone is a fraction of a
/// day, written HH:MM; anything else is its date, `YYYY-MM-DD`. Empty when out of range.
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return String::new();
    }
    if serial < 1.0 {
        let m = (serial * 1440.0).round() as i64;
        return format!("{:02}:{:02}", m / 60, m % 60);
    }
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.checked_add_days(chrono::Days::new(serial.floor() as u64)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A spreadsheet column's letters (0 → A, 26 → AA).
fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(char::from(b'A' + (i % 26) as u8));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}

/// A CSV text as a table.
fn read_csv(
    text: &str,
    spec: &[(&'static str, &[&str])],
    required: &[&str],
) -> Result<Table, Vec<TableProblem>> {
    let first = text.lines().next().unwrap_or("");
    if first.trim().is_empty() {
        return Err(vec![TableProblem::new("file-empty")]);
    }
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| vec![TableProblem::new("file-unreadable").arg("detail", e)])?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for rec in reader.records() {
        match rec {
            Ok(r) => {
                let line = r.position().map(|p| p.line()).unwrap_or(0);
                rows.push((line, r.iter().map(str::to_string).collect()));
            }
            Err(e) => problems.push(TableProblem::new("file-unreadable").arg("detail", e)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    table_of(&headers, rows, spec, required)
}

/// Matches the header against `spec` and keeps the non-empty rows of the header's width.
fn table_of(
    headers: &[String],
    rows: Vec<(u64, Vec<String>)>,
    spec: &[(&'static str, &[&str])],
    required: &[&str],
) -> Result<Table, Vec<TableProblem>> {
    let mut columns = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let n = normalize_header(h);
        if let Some((name, _)) = spec
            .iter()
            .find(|(name, aliases)| normalize_header(name) == n || aliases.iter().any(|a| *a == n))
        {
            columns.entry(*name).or_insert(i);
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|r| !columns.contains_key(**r))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(vec![
            TableProblem::new("file-missing-columns").arg("columns", missing.join(", ")),
        ]);
    }
    // A spreadsheet's header may run past its last named column: its width is the header's
    // up to the last non-empty name, and trailing empty cells of a row do not count.
    let width = headers
        .iter()
        .rposition(|h| !h.trim().is_empty())
        .map_or(0, |i| i + 1);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (line, mut cells) in rows {
        if cells.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        while cells.len() > width && cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        cells.resize(cells.len().max(width), String::new());
        if cells.len() != width {
            problems.push(
                TableProblem::new("row-width")
                    .arg("line", line)
                    .arg("found", cells.len())
                    .arg("expected", width),
            );
            continue;
        }
        let mut rec = csv::StringRecord::from(cells);
        let mut pos = csv::Position::new();
        pos.set_line(line);
        rec.set_position(Some(pos));
        out.push((line, rec));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Table { columns, rows: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[(&str, &[&str])] = &[
        ("nip", &["nip baru"]),
        ("nama", &[]),
        ("tanggal", &["tanggal lahir"]),
    ];

    fn xlsx(write: impl Fn(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        write(sheet);
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_workbook_reads_like_its_csv() {
        let bytes = xlsx(|s| {
            s.write_string(0, 0, "NIP Baru").unwrap();
            s.write_string(0, 1, "Nama").unwrap();
            s.write_string(0, 2, "Tanggal lahir").unwrap();
            s.write_string(1, 0, "199001012015031001").unwrap();
            s.write_string(1, 1, "Siti Aminah").unwrap();
            let d = rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 1, 1).unwrap();
            let f = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
            s.write_datetime_with_format(1, 2, &d, &f).unwrap();
            // An empty row between, then a row whose NIP is a short number.
            s.write_string(3, 0, "12345").unwrap();
            s.write_number(3, 1, 42.0).unwrap();
        });
        let t = read(&bytes, SPEC, &["nip", "nama"]).unwrap();
        assert_eq!(t.rows.len(), 2);
        let (line, r) = &t.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(t.get(r, "nip"), "199001012015031001");
        assert_eq!(t.get(r, "nama"), "Siti Aminah");
        assert_eq!(t.get(r, "tanggal"), "1990-01-01");
        assert_eq!(t.rows[1].0, 4);
        assert_eq!(t.get(&t.rows[1].1, "nama"), "42");
    }

    #[test]
    fn a_nip_typed_into_a_number_cell_is_refused_with_its_place() {
        let bytes = xlsx(|s| {
            s.write_string(0, 0, "nip").unwrap();
            s.write_string(0, 1, "nama").unwrap();
            s.write_number(1, 0, 199001012015031001.0).unwrap();
            s.write_string(1, 1, "A").unwrap();
        });
        let p = read(&bytes, SPEC, &["nip"]).err().unwrap();
        assert_eq!(p[0].code, "cell-number-too-long");
        assert!(p[0].args.contains(&("line", "2".into())));
        assert!(p[0].args.contains(&("column", "A".into())));
    }

    #[test]
    fn windows_1252_csv_is_read_and_utf16_is_refused() {
        // "Dra. Néni Ärzt" and a typographic apostrophe, as Excel on Windows saves them.
        let bytes = b"nip;nama\n199001012015031001;Dra. N\xe9ni \xc4rzt \x92\x80\n";
        let t = read(bytes, SPEC, &["nip"]).unwrap();
        assert_eq!(t.get(&t.rows[0].1, "nama"), "Dra. Néni Ärzt ’€");
        assert_eq!(
            read(&[0xff, 0xfe, b'n', 0], SPEC, &[]).err().unwrap()[0].code,
            "file-not-utf8"
        );
        assert_eq!(
            read(b"nip\n\x81\n", SPEC, &[]).err().unwrap()[0].code,
            "file-not-utf8",
            "an unassigned byte is no Windows-1252 either"
        );
    }

    #[test]
    fn a_damaged_workbook_or_an_empty_sheet_is_refused() {
        let p = read(b"PK\x03\x04garbage", SPEC, &[]).err().unwrap();
        assert_eq!(p[0].code, "file-unreadable");
        assert_eq!(
            read(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1], SPEC, &[])
                .err()
                .unwrap()[0]
                .code,
            "file-xls-old"
        );
        assert_eq!(excel_date(0.5), "12:00");
        assert_eq!(excel_date(0.3125), "07:30");
        assert_eq!(excel_date(46000.0), "2025-12-09");
        assert_eq!(excel_date(-1.0), "");
        assert_eq!(excel_date(45658.0), "2025-01-01");
        assert_eq!(excel_date(f64::NAN), "");
        let empty = xlsx(|_| {});
        assert_eq!(read(&empty, SPEC, &[]).err().unwrap()[0].code, "file-empty");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn trailing_empty_cells_do_not_make_a_row_too_wide() {
        let t = read(b"nip,nama,,\n1,A,,\n2,B\n", SPEC, &[]).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.get(&t.rows[1].1, "nama"), "B");
        let p = read(b"nip,nama\n1,A,x\n", SPEC, &[]).err().unwrap();
        assert_eq!(p[0].code, "row-width");
    }
}
