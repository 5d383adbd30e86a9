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
        let j = after
            .find('⟧')
            .unwrap_or_else(|| panic!("{name}: unclosed ⟦"));
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
            let first = l
                .text
                .as_deref()
                .or(l.start.as_deref())
                .expect("text or start");
            let start = text
                .match_indices(first)
                .nth(l.nth - 1)
                .unwrap_or_else(|| panic!("{} passage {pi}: label {first:?} not found", p.file))
                .0;
            let end = match (&l.text, &l.end) {
                (Some(t), _) => start + t.len(),
                (None, Some(e)) => {
                    let i = text[start..]
                        .find(e.as_str())
                        .expect("end anchor after start");
                    start + i + e.len()
                }
                (None, None) => panic!("{}: label needs text or start/end", p.file),
            };
            if let Some(n) = l.length {
                assert_eq!(
                    text[start..end].chars().count(),
                    n,
                    "{} label {first:?}",
                    p.file
                );
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
    unjudged: usize,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn evaluate(docs: &[Doc], verbose: bool) -> BTreeMap<Category, Counts> {
    // `DEVSET_RULES=1`: per-rule counts of correct and false predictions (dev set only).
    let per_rule = verbose && std::env::var_os("DEVSET_RULES").is_some();
    let mut rules: BTreeMap<String, (usize, usize)> = BTreeMap::new();
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
            // Labellers cover a long sentence or a wall with one style span and leave the stock
            // wording inside it unlabelled (tests/devset/README.md): such predictions are unjudged.
            let inside_style = !ok
                && d.gold.iter().any(|(c, g)| {
                    *c == Category::Style
                        && g.start <= r.start
                        && r.end <= g.end
                        && g.len() > r.len()
                });
            let e = table.entry(f.category).or_default();
            if inside_style {
                e.unjudged += 1;
                continue;
            }
            e.pred += 1;
            if per_rule {
                let r = rules.entry(f.rule.to_string()).or_default();
                if ok {
                    r.0 += 1;
                } else {
                    r.1 += 1;
                }
            }
            if ok {
                e.pred_ok += 1;
            } else if verbose {
                println!(
                    "  FP {:<8} {} «{}» ({})",
                    f.category, d.name, f.text, f.rule
                );
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
    for (id, (ok, bad)) in &rules {
        println!("  RULE {id:<40} ok {ok:>3}  false {bad:>3}");
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

fn load_drafts(dir: &str) -> Vec<Doc> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).unwrap();
            parse_draft(&p.file_name().unwrap().to_string_lossy(), &src)
        })
        .collect()
}

fn print_table(title: &str, docs: &[Doc], table: &BTreeMap<Category, Counts>) {
    let chars: usize = docs.iter().map(|d| d.text.chars().count()).sum();
    println!("\n{title}: {} documents, {} characters", docs.len(), chars);
    println!(
        "{:<9}{:>6}{:>6}{:>11}{:>8}{:>10}",
        "category", "gold", "pred", "precision", "recall", "unjudged"
    );
    for (c, k) in table {
        println!(
            "{:<9}{:>6}{:>6}{:>11.3}{:>8.3}{:>10}",
            c.as_str(),
            k.gold,
            k.pred,
            ratio(k.pred_ok, k.pred),
            ratio(k.gold_found, k.gold),
            k.unjudged
        );
    }
}

/// Floors. Precision floors are issue 2's targets (precision matters more than recall). Recall
/// floors are the targets too, except claim, which is guarded above its target (0.80). The
/// free-form praise rules added 2026-11 lifted claim recall from 0.750 to 0.853; a bare date no
/// longer counting as evidence for a claim (the labelling guideline: dates alone are not evidence),
/// the named-body appraisal pattern for authorities (在省农业农村厅…考核中) and the 你追我赶…局面
/// 已经形成 pattern then lifted it to 0.971 (66/68) at precision 1.000 (66/66). The floors sit about
/// two spans below that (0.96 / 0.94) so a regression fails here. When the set grew to 45 drafts
/// (2026-11-26) claim measured 1.000 / 0.796 before tuning; the felt-benefit, transformation,
/// against-trend, benefit, deterrence, certain-future and scoped-first rules brought it to
/// 1.000 / 0.956 (108/108, 108/113), so the floors still hold with the same margin.
const FLOORS: [(Category, f64, f64); 3] = [
    (Category::Cliche, 0.90, 0.80),
    (Category::Residue, 0.90, 0.80),
    (Category::Claim, 0.96, 0.94),
];

fn assert_floors(set: &str, table: &BTreeMap<Category, Counts>) {
    if std::env::var_os("DEVSET_NO_ASSERT").is_some() {
        return;
    }
    for (c, p, r) in FLOORS {
        let k = table.get(&c).copied().unwrap_or_default();
        let (pp, rr) = (ratio(k.pred_ok, k.pred), ratio(k.gold_found, k.gold));
        assert!(
            pp >= p && rr >= r,
            "{set} {c}: precision {pp:.3} (≥ {p}), recall {rr:.3} (≥ {r})"
        );
    }
}

/// The tuning set: drafts written for the project plus labelled seed passages.
#[test]
fn devset_precision_recall() {
    let mut docs = load_drafts("tests/devset/drafts");
    docs.extend(load_seeds(&root().join("../shared/seeds")));
    let verbose = std::env::var_os("DEVSET_VERBOSE").is_some();
    let table = evaluate(&docs, verbose);
    print_table(
        "dev set (tuning: tests/devset + seed passages)",
        &docs,
        &table,
    );
    assert_floors("dev set", &table);
}

/// The held-out set: written without seeing the rules or the dev set; used once as a validation
/// set (its false positives were read once, 2026-11-26), never as tuning data for single phrases.
/// Its numbers are printed, not asserted: they measure, they do not gate.
#[test]
fn heldout_precision_recall() {
    let docs = load_drafts("tests/heldout/drafts");
    let table = evaluate(&docs, false);
    print_table(
        "held-out set (tests/heldout, never tuned on)",
        &docs,
        &table,
    );
}

/// The final test set: written without seeing the rules, the dev set or the held-out set; only
/// its aggregate numbers are read, for the closing report.
#[test]
fn testset_precision_recall() {
    let docs = load_drafts("tests/testset/drafts");
    let table = evaluate(&docs, false);
    print_table(
        "test set (tests/testset, final measurement only)",
        &docs,
        &table,
    );
}
