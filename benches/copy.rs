//! Criterion benchmark of the copied-text check (issue 6): a 10,000-character draft against
//! 100,000 characters of references, and the time to validate and index those references.
//!
//! References: the sentences of the three seed speeches and of the held-out and test-set drafts,
//! in a fixed shuffled order, until 100,000 characters, split into five documents. Draft: the dev-set
//! drafts (not in the references) with five seed paragraphs pasted in, cut to 10,000 characters.
//!
//! `cargo bench --bench copy`; the last lines print the numbers.

mod common;

use common::estimate_ns;
use criterion::{black_box, Criterion};
use std::time::Duration;
use wenfeng::copy::{Reference, ReferenceSet};
use wenfeng::{Analyzer, Config};

fn references() -> Vec<Reference> {
    let mut sentences: Vec<String> = Vec::new();
    for dir in [
        "../shared/seeds",
        "tests/heldout/drafts",
        "tests/testset/drafts",
    ] {
        for t in common::read_texts(dir) {
            sentences.extend(t.split_inclusive(['。', '\n']).map(str::to_string));
        }
    }
    // A fixed pseudo-random order (LCG), repeated as needed.
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut x: u64 = 42;
    for i in (1..order.len()).rev() {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        order.swap(i, (x >> 33) as usize % (i + 1));
    }
    let mut all = String::new();
    'fill: loop {
        for &i in &order {
            all.push_str(&sentences[i]);
            if all.chars().count() >= 100_000 {
                break 'fill;
            }
        }
    }
    let chars: Vec<char> = all.chars().take(100_000).collect();
    chars
        .chunks(20_000)
        .enumerate()
        .map(|(i, c)| Reference::new(format!("参考{}", i + 1), c.iter().collect::<String>()))
        .collect()
}

fn draft() -> String {
    let seeds = common::read_texts("../shared/seeds");
    let pasted: Vec<&str> = seeds[0]
        .lines()
        .chain(seeds[1].lines())
        .filter(|l| l.chars().count() > 120)
        .step_by(3)
        .take(5)
        .collect();
    let own = common::read_texts("tests/devset/drafts").concat();
    let mut text = String::new();
    let mut k = 0;
    for (i, para) in own.lines().cycle().enumerate() {
        text.push_str(para);
        text.push('\n');
        if i % 25 == 24 && k < pasted.len() {
            text.push_str(pasted[k]);
            text.push('\n');
            k += 1;
        }
        if text.chars().count() >= 10_000 {
            break;
        }
    }
    text.chars().take(10_000).collect()
}

fn main() {
    let refs = references();
    let text = draft();
    let plain = Analyzer::new(Config {
        year: 2026,
        ..Config::default()
    })
    .unwrap();
    let with = plain.with_reference_texts(refs.clone()).unwrap();
    let report = with.analyze(&text);
    let cr = report.copy().unwrap();
    let ref_chars: usize = refs.iter().map(|r| r.text.chars().count()).sum();

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(6))
        .configure_from_args();
    c.bench_function("copy_analyze_10k_plain", |b| {
        b.iter(|| black_box(plain.analyze(black_box(&text))))
    });
    c.bench_function("copy_analyze_10k_refs_100k", |b| {
        b.iter(|| black_box(with.analyze(black_box(&text))))
    });
    c.bench_function("copy_index_100k", |b| {
        b.iter(|| black_box(ReferenceSet::new(black_box(refs.clone())).unwrap()))
    });
    c.final_summary();
    if let (Some(p), Some(w), Some(ix)) = (
        estimate_ns("copy_analyze_10k_plain"),
        estimate_ns("copy_analyze_10k_refs_100k"),
        estimate_ns("copy_index_100k"),
    ) {
        println!(
            "\n== Wenfeng copy benchmark: draft {} chars, references {} chars in {} documents ==",
            text.chars().count(),
            ref_chars,
            refs.len()
        );
        println!(
            "found {} copied passages, share {:.3}",
            cr.spans.len(),
            cr.share
        );
        println!("analyze, no references    : {:>8.3} ms", p / 1e6);
        println!(
            "analyze, with references  : {:>8.3} ms  (copy check {:.3} ms; target ≤ 20 ms)",
            w / 1e6,
            (w - p) / 1e6
        );
        println!("ReferenceSet::new (index) : {:>8.3} ms", ix / 1e6);
    }
}
