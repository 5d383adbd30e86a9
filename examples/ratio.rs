//! The criterion bench's ratio (full analysis against a bare jieba-rs `cut` of the same
//! 10,000-character draft), measured so that the host's drift cancels out:
//! `cargo run --release --example ratio [BLOCKS]`.
//!
//! Criterion times the cut for ten seconds, then the analysis for ten seconds; on a shared host
//! the two windows can run at different speeds, and single runs of the ratio spread by ±10%.
//! Here blocks of 100 analyses and blocks of 100 cuts alternate (BLOCKS pairs, default 20). The
//! first 20 iterations of each block warm its caches and are not counted; each block keeps the
//! median of its other 80, and the ratio is taken per adjacent pair. It prints the medians and the
//! spread of the per-pair ratios.
use std::time::Instant;

#[path = "../benches/common/mod.rs"]
mod common;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    const N: usize = 100;
    const WARM: usize = 20;
    let blocks: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .max(1);
    let analyzer = wenfeng::Analyzer::new(wenfeng::Config {
        year: 2026,
        ..Default::default()
    })
    .expect("the built-in rules compile");
    let text = common::draft_10k();
    let (mut analyze, mut cut, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..blocks {
        let mut a = Vec::with_capacity(N);
        for k in 0..N {
            let t = Instant::now();
            std::hint::black_box(analyzer.analyze(std::hint::black_box(&text)));
            if k >= WARM {
                a.push(t.elapsed().as_secs_f64());
            }
        }
        let mut c = Vec::with_capacity(N);
        for k in 0..N {
            let t = Instant::now();
            std::hint::black_box(
                analyzer
                    .segmenter()
                    .jieba()
                    .cut(std::hint::black_box(&text), true),
            );
            if k >= WARM {
                c.push(t.elapsed().as_secs_f64());
            }
        }
        let (a, c) = (median(&mut a), median(&mut c));
        analyze.push(a);
        cut.push(c);
        ratio.push(a / c);
    }
    let r = median(&mut ratio);
    println!(
        "{} chars, {blocks} block pairs: analyze {:.3} ms, cut {:.3} ms (block medians); \
         analyze/cut {r:.2}× (pairs {:.2}–{:.2}×; target ≤ 1.5×)",
        text.chars().count(),
        median(&mut analyze) * 1e3,
        median(&mut cut) * 1e3,
        ratio[0],
        ratio[ratio.len() - 1],
    );
}
