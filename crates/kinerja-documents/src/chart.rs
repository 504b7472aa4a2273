//! Server-rendered SVG charts: readable without JavaScript, embeddable in PDFs, and with a
//! title and description for screen readers (the numbers are also printed beside them).

use std::fmt::Write;

/// A limit drawn across some bars of a [`histogram`]: "at most" or "at least" a share.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// Indexes of the bars the limit covers (a rule may sum several predikat).
    pub bars: Vec<usize>,
    pub at_most: bool,
    pub percent: u32,
    /// The unit breaks this limit: drawn in the warning colour.
    pub broken: bool,
    pub label: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: f64 = 520.0;
const H: f64 = 260.0;
const LEFT: f64 = 44.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 64.0;

/// A histogram of shares (percent of the total) with the allowed limits drawn over it.
pub fn histogram(title: &str, labels: &[String], counts: &[u32], limits: &[Limit]) -> String {
    let total: u32 = counts.iter().sum();
    let plot_h = H - TOP - BOTTOM;
    let n = counts.len().max(1) as f64;
    let slot = (W - LEFT - 8.0) / n;
    let y = |pct: f64| TOP + plot_h * (1.0 - pct / 100.0);
    let share = |c: u32| {
        if total == 0 {
            0.0
        } else {
            c as f64 * 100.0 / total as f64
        }
    };
    let mut desc = String::new();
    for (l, c) in labels.iter().zip(counts) {
        let _ = write!(desc, "{l}: {c} ({:.0}%). ", share(*c));
    }
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-labelledby="chart-t chart-d" font-family="sans-serif" font-size="11">"#
    );
    let _ = write!(
        s,
        r#"<title id="chart-t">{}</title><desc id="chart-d">{}</desc>"#,
        esc(title),
        esc(desc.trim())
    );
    // Grid at 0, 25, 50, 75, 100 %.
    for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let yy = y(p);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#d0d7de" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#444">{p:.0}%</text>"##,
            W - 8.0,
            LEFT - 4.0,
            yy + 4.0
        );
    }
    let broken_bar = |i: usize| limits.iter().any(|l| l.broken && l.bars.contains(&i));
    for (i, (label, c)) in labels.iter().zip(counts).enumerate() {
        let pct = share(*c);
        let x = LEFT + slot * i as f64 + slot * 0.2;
        let w = slot * 0.6;
        let top = y(pct);
        let fill = if broken_bar(i) { "#b42318" } else { "#1f6feb" };
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{top:.1}" width="{w:.1}" height="{:.1}" fill="{fill}"><title>{}: {c} ({pct:.0}%)</title></rect>"##,
            (y(0.0) - top).max(0.0),
            esc(label)
        );
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#111">{c}</text>"##,
            x + w / 2.0,
            top - 3.0
        );
        // Labels wrap on two lines at the first space so that long predikat fit.
        let (a, b) = label.split_once(' ').unwrap_or((label.as_str(), ""));
        let cx = x + w / 2.0;
        let _ = write!(
            s,
            r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#111">{}</text><text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#111">{}</text>"##,
            H - BOTTOM + 16.0,
            esc(a),
            H - BOTTOM + 30.0,
            esc(b)
        );
    }
    for l in limits {
        let (Some(first), Some(last)) = (l.bars.iter().min(), l.bars.iter().max()) else {
            continue;
        };
        let x1 = LEFT + slot * *first as f64 + 2.0;
        let x2 = LEFT + slot * (*last + 1) as f64 - 2.0;
        let yy = y(l.percent as f64);
        let colour = if l.broken { "#b42318" } else { "#2da44e" };
        let _ = write!(
            s,
            r##"<line x1="{x1:.1}" y1="{yy:.1}" x2="{x2:.1}" y2="{yy:.1}" stroke="{colour}" stroke-width="2" stroke-dasharray="6 3"/><text x="{x1:.1}" y="{:.1}" fill="{colour}">{}</text>"##,
            yy - 3.0,
            esc(&l.label)
        );
    }
    let _ = write!(
        s,
        r##"<text x="{LEFT}" y="{:.1}" fill="#444">n = {total}</text></svg>"##,
        H - 8.0
    );
    s
}

/// The opening of a responsive chart: its size, and a title and description (every number)
/// that screen readers announce, under ids unique on the page.
fn svg_open(id: &str, title: &str, desc: &str, width: f64, height: f64) -> String {
    let id = esc(id);
    // Charts drawn at a phone's width are shown at about that width: a larger font there.
    let font = if width <= PHONE_W { 13 } else { 11 };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" role="img" aria-labelledby="{id}-t {id}-d" font-family="sans-serif" font-size="{font}"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc.trim())
    )
}

/// Colours of the five predikat, best first (colour-blind-safe ordering by lightness).
pub const PREDIKAT_COLOURS: [&str; 5] = ["#1a7f37", "#57ab5a", "#d4a72c", "#e16f24", "#b42318"];

/// The width every dashboard chart is drawn at: a phone's screen, so text is read at its
/// own size there and a desktop shows it no wider.
pub const PHONE_W: f64 = 360.0;

/// Lays out legend entries (a swatch and a name) over as many lines as the width needs,
/// never cutting a name. Returns the markup and the height used.
fn legend(categories: &[String], colours: &[&str], top: f64) -> (String, f64) {
    let mut s = String::new();
    let (mut x, mut y) = (0.0, top);
    for (c, colour) in categories.iter().zip(colours) {
        let w = 20.0 + 7.4 * c.chars().count() as f64;
        if x > 0.0 && x + w > PHONE_W {
            x = 0.0;
            y += 18.0;
        }
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{:.1}" width="11" height="11" fill="{colour}"/><text x="{:.1}" y="{y:.1}" fill="#111">{}</text>"##,
            y - 10.0,
            x + 14.0,
            esc(c)
        );
        x += w;
    }
    (s, y - top + 18.0)
}

/// A label that fits the chart's width at 11 px; the full text stays in its tooltip and in
/// the table beside the chart.
fn fit(label: &str) -> String {
    const MAX: usize = 46;
    if label.chars().count() > MAX {
        label
            .chars()
            .take(MAX - 1)
            .chain(std::iter::once('…'))
            .collect()
    } else {
        label.to_string()
    }
}

/// Horizontal 100 % stacked bars, one per row (a unit, a period), each split into
/// `categories`, drawn phone-first: each row's name on its own line above its bar, the
/// legend wrapped. Segments carry their count and share as tooltips, and the description
/// lists every number for screen readers.
pub fn stacked_bars(
    id: &str,
    title: &str,
    categories: &[String],
    colours: &[&str],
    rows: &[(String, Vec<u32>)],
) -> String {
    const BAR_W: f64 = PHONE_W - 62.0;
    const ROW_H: f64 = 40.0;
    let (legend_svg, legend_h) = legend(categories, colours, 14.0);
    let top = legend_h + 6.0;
    let height = top + ROW_H * rows.len() as f64 + 4.0;
    let mut desc = String::new();
    for (label, counts) in rows {
        let _ = write!(desc, "{label}: ");
        for (c, n) in categories.iter().zip(counts) {
            let _ = write!(desc, "{c} {n}; ");
        }
    }
    let mut s = svg_open(id, title, &desc, PHONE_W, height);
    s.push_str(&legend_svg);
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = top + ROW_H * i as f64;
        let total: u32 = counts.iter().sum();
        let _ = write!(
            s,
            r##"<text x="0" y="{:.1}" fill="#111"><title>{}</title>{}</text>"##,
            y + 13.0,
            esc(label),
            esc(&fit(label))
        );
        let bar_y = y + 18.0;
        if total == 0 {
            let _ = write!(
                s,
                r##"<rect x="0" y="{bar_y:.1}" width="{BAR_W}" height="16" fill="#eaeef2"/>"##
            );
        }
        let mut x = 0.0;
        for ((c, n), colour) in categories.iter().zip(counts).zip(colours) {
            if *n == 0 || total == 0 {
                continue;
            }
            let w = BAR_W * *n as f64 / total as f64;
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{bar_y:.1}" width="{w:.1}" height="16" fill="{colour}"><title>{}: {} {n} ({:.0}%)</title></rect>"##,
                esc(label),
                esc(c),
                *n as f64 * 100.0 / total as f64
            );
            x += w;
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" fill="#444">n = {total}</text>"##,
            BAR_W + 5.0,
            bar_y + 13.0
        );
    }
    s.push_str("</svg>");
    s
}

/// One cell of a [`heat_map`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatCell {
    /// Nobody was rated.
    Empty,
    /// Fewer people than the smallest group shown: a share of one or two people says
    /// more about them than about the unit, so only the number of people is shown.
    Few(u32),
    /// The share (0–1) of low ratings.
    Share(f64),
}

/// A heat map: rows × columns of shares drawn from white to red with the percentage in
/// each cell, phone-first (each row's name on its own line above its cells; columns
/// headed by `short` names, the full names in a key under the map). Empty cells are
/// grey; groups too small to show say so.
pub fn heat_map(
    id: &str,
    title: &str,
    columns: &[String],
    short: &[String],
    rows: &[(String, Vec<HeatCell>)],
) -> String {
    const ROW_H: f64 = 46.0;
    const HEAD_H: f64 = 20.0;
    let cell_w = ((PHONE_W - 2.0) / columns.len().max(1) as f64).min(72.0);
    let key_lines = columns.len().div_ceil(2);
    let height = HEAD_H + ROW_H * rows.len() as f64 + 10.0 + 17.0 * key_lines as f64;
    let mut desc = String::new();
    for (label, cells) in rows {
        let _ = write!(desc, "{label}: ");
        for (c, v) in columns.iter().zip(cells) {
            let text = match v {
                HeatCell::Empty => "–".to_string(),
                HeatCell::Few(n) => format!("n = {n}"),
                HeatCell::Share(v) => format!("{:.0}%", v * 100.0),
            };
            let _ = write!(desc, "{c} {text}; ");
        }
    }
    let mut s = svg_open(id, title, &desc, PHONE_W, height);
    for (j, c) in short.iter().enumerate() {
        let x = cell_w * j as f64 + cell_w / 2.0;
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="15" text-anchor="middle" fill="#111" font-weight="bold"><title>{}</title>{}</text>"##,
            esc(columns.get(j).map(String::as_str).unwrap_or("")),
            esc(c)
        );
    }
    for (i, (label, cells)) in rows.iter().enumerate() {
        let y = HEAD_H + ROW_H * i as f64;
        let _ = write!(
            s,
            r##"<text x="0" y="{:.1}" fill="#111"><title>{}</title>{}</text>"##,
            y + 13.0,
            esc(label),
            esc(&fit(label))
        );
        for (j, v) in cells.iter().enumerate() {
            let x = cell_w * j as f64;
            let (fill, text, ink) = match v {
                HeatCell::Empty => ("#eaeef2".to_string(), "–".to_string(), "#444"),
                HeatCell::Few(n) => ("#eaeef2".to_string(), format!("n={n}"), "#444"),
                HeatCell::Share(v) => {
                    let v = v.clamp(0.0, 1.0);
                    // White at 0 %, full red from 40 % of low ratings.
                    let t = (v / 0.4).min(1.0);
                    let g = (255.0 - t * (255.0 - 35.0)) as u8;
                    let b = (255.0 - t * (255.0 - 24.0)) as u8;
                    let r = (255.0 - t * (255.0 - 180.0)) as u8;
                    let ink = if t > 0.6 { "#fff" } else { "#111" };
                    (
                        format!("#{r:02x}{g:02x}{b:02x}"),
                        format!("{:.0}%", v * 100.0),
                        ink,
                    )
                }
            };
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="24" fill="{fill}" stroke="#fff"><title>{} · {}: {text}</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{ink}">{text}</text>"##,
                x + 1.0,
                y + 18.0,
                cell_w - 2.0,
                esc(label),
                esc(columns.get(j).map(String::as_str).unwrap_or("")),
                x + cell_w / 2.0,
                y + 35.0
            );
        }
    }
    // The key: short name = full name, two per line.
    let key_top = HEAD_H + ROW_H * rows.len() as f64 + 16.0;
    for (j, (c, sh)) in columns.iter().zip(short).enumerate() {
        let x = if j % 2 == 0 { 0.0 } else { PHONE_W / 2.0 };
        let y = key_top + 17.0 * (j / 2) as f64;
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{y:.1}" fill="#444">{} = {}</text>"##,
            esc(sh),
            esc(&c.chars().take(20).collect::<String>())
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_limits_and_text_alternative() {
        let labels: Vec<String> = [
            "Sangat Baik",
            "Baik",
            "Butuh Perbaikan",
            "Kurang",
            "Sangat Kurang",
        ]
        .map(String::from)
        .to_vec();
        let svg = histogram(
            "Kurva <unit>",
            &labels,
            &[8, 2, 0, 0, 0],
            &[Limit {
                bars: vec![0],
                at_most: true,
                percent: 70,
                broken: true,
                label: "maks 70%".into(),
            }],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"chart-t\">Kurva &lt;unit&gt;</title>"));
        assert!(svg.contains("Sangat Baik: 8 (80%)"));
        assert!(
            svg.contains("#b42318"),
            "a broken limit is drawn as a warning"
        );
        assert!(svg.contains("n = 10"));
        assert_eq!(svg.matches("<rect").count(), 5);
    }

    #[test]
    fn an_empty_unit_draws_without_dividing_by_zero() {
        let labels: Vec<String> = vec!["A".into(), "B".into()];
        let svg = histogram("t", &labels, &[0, 0], &[]);
        assert!(svg.contains("n = 0") && !svg.contains("NaN"));
    }

    #[test]
    fn stacked_bars_split_each_row_by_share() {
        let cats: Vec<String> = vec!["Baik".into(), "Kurang".into()];
        let svg = stacked_bars(
            "d1",
            "Distribusi",
            &cats,
            &["#0a0", "#a00"],
            &[
                ("Dinas A".into(), vec![3, 1]),
                ("Dinas B".into(), vec![0, 0]),
            ],
        );
        assert!(svg.contains("aria-labelledby=\"d1-t d1-d\""));
        assert!(svg.contains("Dinas A: Baik 3 (75%)"));
        assert!(svg.contains("Dinas A: Kurang 1 (25%)"));
        assert!(svg.contains("Dinas B: Baik 0; Kurang 0;"));
        assert!(svg.contains("n = 4") && svg.contains("n = 0") && !svg.contains("NaN"));
        assert!(
            svg.contains("viewBox=\"0 0 360 "),
            "drawn at a phone's width"
        );
        // A long name is cut to the width with its full text in the tooltip.
        let long = "Badan Kesatuan Bangsa dan Politik Kabupaten Lampung Utara Provinsi Lampung";
        let svg = stacked_bars(
            "d2",
            "t",
            &cats,
            &["#0a0", "#a00"],
            &[(long.into(), vec![1, 0])],
        );
        assert!(svg.contains(&format!("<title>{long}</title>")));
        // Every legend name is whole, however many.
        let many: Vec<String> = (0..5)
            .map(|i| format!("Sangat Panjang Sekali {i}"))
            .collect();
        let svg = stacked_bars("d3", "t", &many, &["#000"; 5], &[]);
        for m in &many {
            assert!(svg.contains(&format!(">{m}</text>")), "{m}");
        }
    }

    #[test]
    fn heat_map_colours_by_share_and_marks_empty_cells() {
        let cols: Vec<String> = vec!["Akuntabel".into(), "Kompeten".into()];
        let short: Vec<String> = vec!["A".into(), "K".into()];
        let svg = heat_map(
            "h1",
            "Rendah",
            &cols,
            &short,
            &[
                (
                    "Dinas A".into(),
                    vec![HeatCell::Share(0.5), HeatCell::Empty],
                ),
                (
                    "Seksi B".into(),
                    vec![HeatCell::Few(1), HeatCell::Share(0.0)],
                ),
            ],
        );
        assert!(svg.contains("Dinas A · Akuntabel: 50%"));
        assert!(svg.contains("Dinas A · Kompeten: –"));
        assert!(svg.contains("fill=\"#b42318\""), "50 % is full red: {svg}");
        assert!(svg.contains("fill=\"#eaeef2\""));
        // One person is not a share: no "100%" for a group of one.
        assert!(
            svg.contains(">n=1</text>") && !svg.contains(">100%<"),
            "{svg}"
        );
        assert!(svg.contains("A = Akuntabel"), "the key names each column");
        assert!(
            svg.contains("viewBox=\"0 0 360 "),
            "drawn at a phone's width"
        );
    }
}
