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

/// Reads a CSV file: UTF-8 with or without BOM, comma or semicolon separated (whichever the
/// header line uses more), the header matched against `spec`. Any input gives a table or the
/// reasons it is refused, never a panic.
pub fn read(
    bytes: &[u8],
    spec: &[(&'static str, &[&str])],
    required: &[&str],
) -> Result<Table, Vec<TableProblem>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| vec![TableProblem::new("file-not-utf8")])?;
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
    let headers = reader
        .headers()
        .map_err(|e| vec![TableProblem::new("file-unreadable").arg("detail", e)])?
        .clone();
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
    let mut rows = Vec::new();
    let width = headers.len();
    let mut problems = Vec::new();
    for rec in reader.records() {
        match rec {
            Ok(r) => {
                let line = r.position().map(|p| p.line()).unwrap_or(0);
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if r.len() != width {
                    problems.push(
                        TableProblem::new("row-width")
                            .arg("line", line)
                            .arg("found", r.len())
                            .arg("expected", width),
                    );
                    continue;
                }
                rows.push((line, r));
            }
            Err(e) => problems.push(TableProblem::new("file-unreadable").arg("detail", e)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Table { columns, rows })
}
