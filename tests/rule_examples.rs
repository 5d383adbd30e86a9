//! Runs every example of every rule in rules/*.toml: a `fail` example must be reported exactly on
//! its [[…]] spans by its rule, a `pass` example not at all. A rule without examples, or a lexicon
//! term that no fail example exercises, fails the build.

mod common;

use common::{findings_of, parse_marked, pass_example_problem};
use std::collections::{BTreeSet, HashMap};
use wenfeng::rules::Kind;
use wenfeng::{Analyzer, Category, Config};

fn base() -> &'static Analyzer {
    common::analyzer()
}

fn analyzer_for(year: i32, cache: &mut HashMap<i32, Analyzer>) -> Analyzer {
    cache
        .entry(year)
        .or_insert_with(|| {
            base()
                .reconfigure(Config {
                    year,
                    ..Config::default()
                })
                .unwrap()
        })
        .clone()
}

fn check_category(cat: Category) {
    let specs = base().rule_specs();
    let mut cache = HashMap::new();
    let mut problems = Vec::new();
    let mut n_examples = 0;
    for rule in specs.iter().filter(|r| r.category == cat) {
        let a = analyzer_for(rule.example_year.unwrap_or(2026), &mut cache);
        let pass_a = analyzer_for(
            rule.pass_year.or(rule.example_year).unwrap_or(2026),
            &mut cache,
        );
        if rule.fail.is_empty() || rule.pass.is_empty() {
            problems.push(format!(
                "{}: needs at least one fail and one pass example",
                rule.id
            ));
        }
        let mut covered: BTreeSet<&str> = BTreeSet::new();
        for ex in &rule.fail {
            n_examples += 1;
            let (text, want) = match parse_marked(ex) {
                Ok(x) => x,
                Err(e) => {
                    problems.push(format!("{}: {e}", rule.id));
                    continue;
                }
            };
            if want.is_empty() {
                problems.push(format!("{}: fail example has no [[…]] span: {ex}", rule.id));
            }
            for &(s, e) in &want {
                for t in &rule.terms {
                    if text[s..e].contains(t.as_str()) {
                        covered.insert(t);
                    }
                }
            }
            let report = a.analyze(&text);
            let got: Vec<(usize, usize)> = findings_of(&report, &rule.id)
                .map(|f| (f.start_byte, f.end_byte))
                .collect();
            let want_set: BTreeSet<_> = want.iter().copied().collect();
            let got_set: BTreeSet<_> = got.iter().copied().collect();
            if want_set != got_set {
                let show = |v: &BTreeSet<(usize, usize)>| {
                    v.iter()
                        .map(|&(s, e)| format!("[[{}]]", &text[s..e]))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let others: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| *f.rule != *rule.id)
                    .map(|f| format!("{}:{}", f.rule, f.text))
                    .collect();
                problems.push(format!(
                    "{}: fail example {ex}\n    want {}\n    got  {}\n    (other findings: {})",
                    rule.id,
                    show(&want_set),
                    show(&got_set),
                    others.join(", ")
                ));
            }
        }
        for ex in &rule.pass {
            n_examples += 1;
            if ex.contains("[[") {
                problems.push(format!(
                    "{}: pass example must not mark spans: {ex}",
                    rule.id
                ));
                continue;
            }
            problems.extend(pass_example_problem(&pass_a, &rule.id, ex));
        }
        if rule.kind == Kind::Lexicon {
            for t in &rule.terms {
                if !covered.contains(t.as_str()) {
                    problems.push(format!("{}: term {t} has no [[…]] fail example", rule.id));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in {} rule examples ({} examples run):\n{}",
        problems.len(),
        cat,
        n_examples,
        problems.join("\n")
    );
}

#[test]
fn cliche_examples() {
    check_category(Category::Cliche);
}

#[test]
fn claim_examples() {
    check_category(Category::Claim);
}

#[test]
fn residue_examples() {
    check_category(Category::Residue);
}

#[test]
fn stale_examples() {
    check_category(Category::Stale);
}

#[test]
fn style_examples() {
    check_category(Category::Style);
}

#[test]
fn topic_examples() {
    check_category(Category::Topic);
}

#[test]
fn marker_parser() {
    let (t, s) = parse_marked("甲[[乙丙]]丁[[戊]]").unwrap();
    assert_eq!(t, "甲乙丙丁戊");
    assert_eq!(s, vec![(3, 9), (12, 15)]);
    assert!(parse_marked("[[甲").is_err());
}

/// Anchors are a promise: every match of an anchored pattern contains one of its anchors. Checked
/// with the full regex over every example sentence and every labelled draft in the repository.
#[test]
fn anchors_are_sound() {
    let mut texts: Vec<String> = Vec::new();
    for r in base().rule_specs() {
        texts.extend(r.fail.iter().map(|f| f.replace("[[", "").replace("]]", "")));
        texts.extend(r.pass.iter().cloned());
    }
    for dir in [
        "tests/devset/drafts",
        "tests/heldout/drafts",
        "tests/testset/drafts",
    ] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for e in std::fs::read_dir(dir).unwrap() {
            texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
    }
    for r in base().rule_specs().iter().filter(|r| !r.anchors.is_empty()) {
        let re = regex::Regex::new(r.pattern.as_deref().unwrap()).unwrap();
        for t in &texts {
            for m in re.find_iter(t) {
                assert!(
                    r.anchors.iter().any(|a| m.as_str().contains(a.as_str())),
                    "{}: match {:?} contains none of its anchors {:?}",
                    r.id,
                    m.as_str(),
                    r.anchors
                );
            }
        }
    }
}
