//! Reports as tables, written as XLSX (typed cells, a styled and frozen header row, column
//! widths) or CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs read the
//! Indonesian names right).

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};

/// One typed cell: numbers stay numbers in the spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    /// A number shown with three decimals (angka kredit).
    Num3(f64),
    /// A share from 0 to 1, shown as a percentage.
    Percent(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Width in characters.
    pub width: f64,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f64) -> Column {
        Column {
            header: header.into(),
            width,
        }
    }
}

/// One sheet of a report.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, thiserror::Error)]
#[error("xlsx: {0}")]
pub struct TableError(#[from] rust_xlsxwriter::XlsxError);

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
fn sheet_name(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let name: String = clean.chars().take(31).collect();
    if name.trim().is_empty() {
        "Sheet".into()
    } else {
        name
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
}

/// The cell formats of a sheet, made once.
struct Formats {
    percent: Format,
    decimal: Format,
    decimal3: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            percent: Format::new().set_num_format("0%"),
            decimal: Format::new().set_num_format("0.00"),
            decimal3: Format::new().set_num_format("0.000"),
        }
    }
}

fn write_header(ws: &mut Worksheet, name: &str, columns: &[Column]) -> Result<(), TableError> {
    ws.set_name(sheet_name(name))?;
    let header = header_format();
    for (c, col) in columns.iter().enumerate() {
        ws.set_column_width(c as u16, col.width)?;
        ws.write_string_with_format(0, c as u16, &col.header, &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_row(ws: &mut Worksheet, f: &Formats, r: u32, row: &[Cell]) -> Result<(), TableError> {
    for (c, cell) in row.iter().enumerate() {
        let c = c as u16;
        match cell {
            Cell::Text(s) => {
                ws.write_string(r, c, s)?;
            }
            Cell::Int(n) => {
                ws.write_number(r, c, *n as f64)?;
            }
            Cell::Num(x) => {
                ws.write_number_with_format(r, c, *x, &f.decimal)?;
            }
            Cell::Num3(x) => {
                ws.write_number_with_format(r, c, *x, &f.decimal3)?;
            }
            Cell::Percent(x) => {
                ws.write_number_with_format(r, c, *x, &f.percent)?;
            }
            Cell::Empty => {}
        }
    }
    Ok(())
}

fn write_sheet(ws: &mut Worksheet, t: &Table) -> Result<(), TableError> {
    write_header(ws, &t.name, &t.columns)?;
    let f = Formats::new();
    for (r, row) in t.rows.iter().enumerate() {
        write_row(ws, &f, r as u32 + 1, row)?;
    }
    Ok(())
}

/// A one-sheet workbook written row by row in constant memory: rows go to a temporary
/// file as they come, so a recap of a whole country's employees never sits in memory.
pub struct XlsxStream {
    workbook: Workbook,
    sheet: Worksheet,
    formats: Formats,
    next_row: u32,
}

impl XlsxStream {
    pub fn new(name: &str, columns: &[Column]) -> Result<XlsxStream, TableError> {
        let mut workbook = Workbook::new();
        let mut sheet = workbook.new_worksheet_with_constant_memory()?;
        write_header(&mut sheet, name, columns)?;
        Ok(XlsxStream {
            workbook,
            sheet,
            formats: Formats::new(),
            next_row: 1,
        })
    }

    pub fn push(&mut self, row: &[Cell]) -> Result<(), TableError> {
        write_row(&mut self.sheet, &self.formats, self.next_row, row)?;
        self.next_row += 1;
        Ok(())
    }

    /// Rows written so far, without the header.
    pub fn rows(&self) -> u32 {
        self.next_row - 1
    }

    pub fn finish<W: std::io::Write + std::io::Seek + Send>(
        mut self,
        out: W,
    ) -> Result<(), TableError> {
        self.workbook.push_worksheet(self.sheet);
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

/// A workbook with one sheet per table.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, TableError> {
    let mut wb = Workbook::new();
    for t in tables {
        let ws = wb.add_worksheet();
        write_sheet(ws, t)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Whether a spreadsheet program would read `s` as a formula (OWASP "CSV injection"):
/// it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, possibly after spaces.
fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['\t', '\r'])
        || s.trim_start()
            .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
}

fn csv_field(out: &mut String, s: &str) {
    if looks_like_formula(s) {
        // A leading apostrophe makes Excel and LibreOffice show the text as typed.
        out.push_str("\"'");
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The first line of a CSV file: the byte-order mark and the column names.
pub fn csv_header(columns: &[Column]) -> String {
    let mut out = String::from("\u{feff}");
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(&mut out, &c.header);
    }
    out.push_str("\r\n");
    out
}

/// One CSV line. Percentages are written as numbers from 0 to 100.
pub fn csv_row(out: &mut String, row: &[Cell]) {
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Text(s) => csv_field(out, s),
            Cell::Int(n) => out.push_str(&n.to_string()),
            Cell::Num(x) => out.push_str(&format!("{x:.2}")),
            Cell::Num3(x) => out.push_str(&format!("{x:.3}")),
            Cell::Percent(x) => out.push_str(&format!("{:.1}", x * 100.0)),
            Cell::Empty => {}
        }
    }
    out.push_str("\r\n");
}

/// One table as CSV.
pub fn csv(t: &Table) -> String {
    let mut out = csv_header(&t.columns);
    for row in &t.rows {
        csv_row(&mut out, row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            name: "Distribusi: per/unit [2026]".into(),
            columns: vec![Column::new("Unit", 30.0), Column::new("Pegawai", 10.0)],
            rows: vec![
                vec!["Dinas \"Alpha\", Kotabumi".into(), Cell::Int(12)],
                vec!["Dinas Beta".into(), Cell::Percent(0.25)],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_types() {
        let s = csv(&sample());
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s.trim_start_matches('\u{feff}'),
            "Unit,Pegawai\r\n\"Dinas \"\"Alpha\"\", Kotabumi\",12\r\nDinas Beta,25.0\r\n"
        );
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        let mut out = String::new();
        csv_row(
            &mut out,
            &[
                "=HYPERLINK(\"http://evil\",\"klik\")".into(),
                "+62 812".into(),
                "-1+2".into(),
                "@SUM(A1)".into(),
                "\t=1".into(),
                "  =1".into(),
                "Budi - Kotabumi".into(),
                Cell::Int(-5),
            ],
        );
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://evil\"\",\"\"klik\"\")\",\"'+62 812\",\"'-1+2\",\
             \"'@SUM(A1)\",\"'\t=1\",\"'  =1\",Budi - Kotabumi,-5\r\n"
        );
    }

    #[test]
    fn sheet_names_are_made_acceptable() {
        assert_eq!(
            sheet_name("Distribusi: per/unit [2026]"),
            "Distribusi- per-unit -2026-"
        );
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("''"), "Sheet");
    }

    #[test]
    fn streamed_workbook_is_a_zip_with_every_row() {
        let t = sample();
        let mut w = XlsxStream::new(&t.name, &t.columns).unwrap();
        for _ in 0..3 {
            for r in &t.rows {
                w.push(r).unwrap();
            }
        }
        assert_eq!(w.rows(), 6);
        let mut out = std::io::Cursor::new(Vec::new());
        w.finish(&mut out).unwrap();
        assert_eq!(&out.get_ref()[..2], b"PK");
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = xlsx(&[sample()]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
