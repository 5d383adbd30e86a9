//! Helpers shared by the criterion benchmarks (`mod common;` in each).
#![allow(dead_code)]

/// The texts of every file in `dir` (relative to the crate root), sorted by name, with the
/// dev-set label marks (⟦category|…⟧) stripped.
pub fn read_texts(dir: &str) -> Vec<String> {
    let dir = format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let mut src = std::fs::read_to_string(f).unwrap().replace('⟧', "");
            for cat in ["cliche|", "claim|", "residue|", "stale|", "style|"] {
                src = src.replace(&format!("⟦{cat}"), "");
            }
            src
        })
        .collect()
}

/// The benchmarks' 10,000-character draft: the dev-set drafts, marks stripped, repeated as needed
/// and cut to 10,000 characters.
pub fn draft_10k() -> String {
    let texts = read_texts("tests/devset/drafts");
    let mut text = String::new();
    while text.chars().count() < 10_000 {
        for t in &texts {
            text.push_str(t);
        }
    }
    text.chars().take(10_000).collect()
}

/// Criterion's mean estimate for a benchmark `name` just run, in nanoseconds.
pub fn estimate_ns(name: &str) -> Option<f64> {
    let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let path = format!("{dir}/criterion/{name}/new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["mean"]["point_estimate"].as_f64()
}
