//! Criterion benchmark: full analysis of a 10,000-character draft against a bare jieba-rs `cut` of
//! the same text (same dictionary, same run), and Analyzer construction time.
//!
//! `make bench` runs it; the last lines print the ratios the issue asks for.

mod common;

use common::{draft_10k, estimate_ns};
use criterion::{black_box, Criterion};
use std::time::Duration;
use wenfeng::{Analyzer, Config};

fn main() {
    let text = draft_10k();
    let analyzer = Analyzer::new(Config {
        year: 2026,
        ..Config::default()
    })
    .unwrap();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    c.bench_function("jieba_cut_10k", |b| {
        b.iter(|| black_box(analyzer.segmenter().jieba().cut(black_box(&text), true)))
    });
    c.bench_function("analyze_10k", |b| {
        b.iter(|| black_box(analyzer.analyze(black_box(&text))))
    });
    let mut slow = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .configure_from_args();
    slow.bench_function("analyzer_new", |b| {
        b.iter(|| black_box(Analyzer::new(Config::default()).unwrap()))
    });
    c.final_summary();
    if let (Some(cut), Some(full), Some(new)) = (
        estimate_ns("jieba_cut_10k"),
        estimate_ns("analyze_10k"),
        estimate_ns("analyzer_new"),
    ) {
        println!("\n== Wenfeng benchmark ({} chars) ==", text.chars().count());
        println!("bare jieba cut : {:>8.3} ms", cut / 1e6);
        println!(
            "full analyze   : {:>8.3} ms  ({:.2}× the bare cut; target ≤ 1.5×)",
            full / 1e6,
            full / cut
        );
        println!("Analyzer::new  : {:>8.3} ms  (target < 150 ms)", new / 1e6);
    }
}
