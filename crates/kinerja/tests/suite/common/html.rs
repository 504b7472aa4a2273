//! Reading pages and spreadsheets.
//! Reading spreadsheets.

/// The cells of a table row (tags stripped, spaces collapsed), found by a text in it.
pub fn table_row(html: &str, table: &str, containing: &str) -> Vec<String> {
    let t = html.split(&format!("id=\"{table}\"")).nth(1).expect(table);
    let t = t.split("</table>").next().unwrap();
    let r = t
        .split("<tr")
        .find(|r| r.contains(containing))
        .unwrap_or_else(|| panic!("{containing} in {table}"));
    let r = r.replace("<th", "<td").replace("</th>", "</td>");
    r.split("<td")
        .skip(1)
        .map(|c| {
            let inner = c.split_once('>').map(|x| x.1).unwrap_or("");
            let inner = inner.split("</td>").next().unwrap();
            let mut out = String::new();
            let mut tag = false;
            for ch in inner.chars() {
                match ch {
                    '<' => tag = true,
                    '>' => tag = false,
                    _ if !tag => out.push(ch),
                    _ => {}
                }
            }
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// The rows of a worksheet as text (numbers as Rust prints them).
pub fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(x) => x.to_string(),
                    Data::Int(n) => n.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The numeric suffixes of the fields named `prefix…` in a form, in page order.
pub fn ids(html: &str, prefix: &str) -> Vec<i64> {
    let marker = format!("name=\"{prefix}");
    let mut out: Vec<i64> = html
        .split(marker.as_str())
        .skip(1)
        .filter_map(|s| s.split('"').next().and_then(|n| n.parse().ok()))
        .collect();
    out.dedup();
    out
}
