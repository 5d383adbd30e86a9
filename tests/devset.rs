//! Precision and recall per category on the labelled dev set (tests/devset/).
//!
//! Drafts written for the project mark gold spans inline as ⟦category|text⟧; passages of the seed
//! speeches in ../shared/seeds are labelled in tests/devset/seeds.toml by text and occurrence, so
//! the seeds' text never enters the repository. A prediction counts as correct when it overlaps a
//! gold span of the same category; a gold span counts as found when a prediction of its category
//! overlaps it. Run `make devset` (or this test with `--nocapture`) for the table; set
//! `DEVSET_VERBOSE=1` to list every false positive and missed span.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use wenfeng::{Analyzer, Category, Config};

#[derive(Deserialize)]
struct SeedFile {
    passage: Vec<Passage>,
}

#[derive(Deserialize)]
struct Passage {
    file: String,
    lines: [usize; 2],
    #[serde(default)]
    label: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    category: String,
    /// The exact span text, or (for long spans) anchors: `start` … first `end` after it.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    /// Characters in the anchored span (a check).
    #[serde(default)]
    length: Option<usize>,
    #[serde(default = "one")]
    nth: usize,
}

fn one() -> usize {
    1
}

struct Doc {
    name: String,
    text: String,
    gold: Vec<(Category, Range<usize>)>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parse_draft(name: &str, src: &str) -> Doc {
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find('⟦') {
        text.push_str(&rest[..i]);
        let after = &rest[i + '⟦'.len_utf8()..];
        let j = after.find('⟧').unwrap_or_else(|| panic!("{name}: unclosed ⟦"));
        let (cat, span) = after[..j]
            .split_once('|')
            .unwrap_or_else(|| panic!("{name}: mark without |"));
        let cat = Category::parse(cat).unwrap_or_else(|| panic!("{name}: bad category {cat}"));
        let start = text.len();
        text.push_str(span);
        gold.push((cat, start..text.len()));
        rest = &after[j + '⟧'.len_utf8()..];
    }
    text.push_str(rest);
    Doc {
        name: name.to_string(),
        text,
        gold,
    }
}

fn load_seeds(dir: &Path) -> Vec<Doc> {
    let src = std::fs::read_to_string(root().join("tests/devset/seeds.toml")).unwrap();
    let seeds: SeedFile = toml::from_str(&src).unwrap();
    let mut docs = Vec::new();
    for (pi, p) in seeds.passage.iter().enumerate() {
        let Ok(full) = std::fs::read_to_string(dir.join(&p.file)) else {
            continue;
        };
        let lines: Vec<&str> = full.lines().collect();
        let (a, b) = (p.lines[0], p.lines[1].min(lines.len()));
        let text = lines[a - 1..b].join("\n");
        let mut gold = Vec::new();
        for l in &p.label {
            let cat = Category::parse(&l.category).expect("category");
            let first = l.text.as_deref().or(l.start.as_deref()).expect("text or start");
            let start = text
                .match_indices(first)
                .nth(l.nth - 1)
                .unwrap_or_else(|| panic!("{} passage {pi}: label {first:?} not found", p.file))
                .0;
            let end = match (&l.text, &l.end) {
                (Some(t), _) => start + t.len(),
                (None, Some(e)) => {
                    let i = text[start..].find(e.as_str()).expect("end anchor after start");
                    start + i + e.len()
                }
                (None, None) => panic!("{}: label needs text or start/end", p.file),
            };
            if let Some(n) = l.length {
                assert_eq!(text[start..end].chars().count(), n, "{} label {first:?}", p.file);
            }
            gold.push((cat, start..end));
        }
        docs.push(Doc {
            name: format!("seed {} L{}-{}", p.file, a, b),
            text,
            gold,
        });
    }
    docs
}

#[derive(Default, Clone, Copy)]
struct Counts {
    pred: usize,
    pred_ok: usize,
    gold: usize,
    gold_found: usize,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn evaluate(docs: &[Doc], verbose: bool) -> BTreeMap<Category, Counts> {
    let analyzer = Analyzer::new(Config {
        year: 2026,
        ..Config::default()
    })
    .unwrap();
    let mut table: BTreeMap<Category, Counts> = BTreeMap::new();
    for d in docs {
        let report = analyzer.analyze(&d.text);
        for f in &report.findings {
            let r = f.start_byte..f.end_byte;
            let ok = d
                .gold
                .iter()
                .any(|(c, g)| *c == f.category && overlaps(g, &r));
            let e = table.entry(f.category).or_default();
            e.pred += 1;
            if ok {
                e.pred_ok += 1;
            } else if verbose {
                println!("  FP {:<8} {} «{}» ({})", f.category, d.name, f.text, f.rule);
            }
        }
        for (c, g) in &d.gold {
            let found = report
                .findings
                .iter()
                .any(|f| f.category == *c && overlaps(g, &(f.start_byte..f.end_byte)));
            let e = table.entry(*c).or_default();
            e.gold += 1;
            if found {
                e.gold_found += 1;
            } else if verbose {
                println!("  FN {:<8} {} «{}»", c, d.name, &d.text[g.clone()]);
            }
        }
    }
    table
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn devset_precision_recall() {
    let mut docs = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("tests/devset/drafts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for p in &names {
        let src = std::fs::read_to_string(p).unwrap();
        docs.push(parse_draft(&p.file_name().unwrap().to_string_lossy(), &src));
    }
    let n_drafts = docs.len();
    let seeds_dir = root().join("../shared/seeds");
    docs.extend(load_seeds(&seeds_dir));
    let verbose = std::env::var_os("DEVSET_VERBOSE").is_some();
    let table = evaluate(&docs, verbose);
    let chars: usize = docs.iter().map(|d| d.text.chars().count()).sum();
    println!(
        "\ndev set: {} drafts + {} seed passages, {} characters",
        n_drafts,
        docs.len() - n_drafts,
        chars
    );
    println!("{:<9}{:>6}{:>6}{:>11}{:>8}", "category", "gold", "pred", "precision", "recall");
    for (c, k) in &table {
        println!(
            "{:<9}{:>6}{:>6}{:>11.3}{:>8.3}",
            c.as_str(),
            k.gold,
            k.pred,
            ratio(k.pred_ok, k.pred),
            ratio(k.gold_found, k.gold)
        );
    }
    // Floors: the targets of issue 2. Precision matters more than recall.
    let floors = [
        (Category::Cliche, 0.90, 0.80),
        (Category::Residue, 0.90, 0.80),
        (Category::Claim, 0.85, 0.80),
    ];
    if std::env::var_os("DEVSET_NO_ASSERT").is_some() {
        return;
    }
    for (c, p, r) in floors {
        let k = table.get(&c).copied().unwrap_or_default();
        let (pp, rr) = (ratio(k.pred_ok, k.pred), ratio(k.gold_found, k.gold));
        assert!(pp >= p && rr >= r, "{c}: precision {pp:.3} (≥ {p}), recall {rr:.3} (≥ {r})");
    }
}
