//! The layering, checked on the source: no file grows past what one reads at once, the
//! HTTP layer never reaches past the services, and the top-level modules form no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 800;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = e.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// Code lines only: comments may name anything.
pub(crate) fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_source_file_is_longer_than_800_lines_unless_the_architecture_says_why() {
    let doc = std::fs::read_to_string(workspace().join("docs/architecture.md")).unwrap();
    let allowed = doc
        .split("## Files over 800 lines")
        .nth(1)
        .expect("docs/architecture.md has a section 'Files over 800 lines'");
    let allowed = allowed.split("\n## ").next().unwrap_or("");
    let mut long = Vec::new();
    for krate in ["kinerja", "kinerja-domain", "kinerja-documents"] {
        let mut files = Vec::new();
        rust_files(
            &workspace().join("crates").join(krate).join("src"),
            &mut files,
        );
        assert!(!files.is_empty(), "no sources found for {krate}");
        for f in files {
            let lines = std::fs::read_to_string(&f).unwrap().lines().count();
            let rel = f
                .strip_prefix(workspace().join("crates"))
                .unwrap()
                .display()
                .to_string();
            if lines > MAX_LINES && !allowed.contains(&rel) {
                long.push(format!("{rel}: {lines} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these files or say in docs/architecture.md why they stay long: {long:#?}"
    );
}

#[test]
fn pages_and_api_reach_the_database_only_through_the_services() {
    let mut files = Vec::new();
    rust_files(&workspace().join("crates/kinerja/src/http"), &mut files);
    assert!(files.len() > 20, "the HTTP layer was not found");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| {
            let code = code_of(f);
            code.contains("crate::store") || code.contains("app.db") || code.contains(".db.")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "handlers must call services, not the store: {offenders:#?}"
    );
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let src = workspace().join("crates/kinerja/src");
    let tops: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_string();
            (p.is_dir() || p.extension().is_some_and(|x| x == "rs")).then_some(name)
        })
        .filter(|n| n != "lib" && n != "main")
        .collect();
    assert!(tops.contains("services") && tops.contains("http") && tops.contains("store"));
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let from = first.trim_end_matches(".rs").to_string();
        if !tops.contains(&from) {
            continue;
        }
        let code = code_of(&f);
        for part in code.split("crate::").skip(1) {
            let to: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if to != from && tops.contains(&to) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // A depth-first search that reports the first cycle it closes.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for t in &tops {
        if let Some(cycle) = visit(t, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "import cycle between top-level modules: {}",
                cycle.join(" -> ")
            );
        }
    }
    // The layering itself: pages and API sit above the services, the store below them.
    let http = &edges["http"];
    assert!(http.contains("services") && !http.contains("store"));
    assert!(!edges.get("store").is_some_and(|s| s.contains("services")));
    assert!(!edges.get("app").is_some_and(|s| s.contains("services")));
}
