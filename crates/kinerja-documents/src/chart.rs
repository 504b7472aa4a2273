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
}
