//! Profiling helper: `cargo run --release --example prof FILE [N]` times construction, the first
//! (cold) analysis and then N warm analyses, then 40 interleaved batches of 10 analyses and 10
//! cuts. Under callgrind, collect only the warm runs with
//! `valgrind --tool=callgrind --toggle-collect='prof::warm' target/release/examples/prof FILE 10`
//! (that is N + 400 analyses: divide the total by it).
//! `WF_DISABLE=id,category,…` switches rules off (what one rule costs is the difference);
//! `WF_BATCHES=N` sets the number of interleaved batches (default 40).
use std::time::Instant;

#[inline(never)]
fn warm(a: &wenfeng::Analyzer, text: &str, n: u32) {
    for _ in 0..n {
        std::hint::black_box(a.analyze(std::hint::black_box(text)));
    }
}

#[inline(never)]
fn cut(a: &wenfeng::Analyzer, text: &str, n: u32) {
    for _ in 0..n {
        std::hint::black_box(a.segmenter().jieba().cut(std::hint::black_box(text), true));
    }
}

fn main() {
    let t = Instant::now();
    let config = wenfeng::Config {
        disabled: std::env::var("WF_DISABLE")
            .map(|s| s.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        ..wenfeng::Config::default()
    };
    let a = wenfeng::Analyzer::new(config).unwrap();
    eprintln!("Analyzer::new {:?}", t.elapsed());
    let path = std::env::args().nth(1).expect("FILE");
    let n: u32 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let text = std::fs::read_to_string(path).unwrap();
    let t = Instant::now();
    std::hint::black_box(a.analyze(&text));
    eprintln!("first analyze {:?}", t.elapsed());
    let t = Instant::now();
    warm(&a, &text, n);
    let full = t.elapsed() / n;
    let t = Instant::now();
    cut(&a, &text, n);
    let bare = t.elapsed() / n;
    eprintln!(
        "analyze {full:?} per run, bare cut {bare:?} ({:.2}×; {} chars)",
        full.as_secs_f64() / bare.as_secs_f64(),
        text.chars().count()
    );
    // Interleaved batches (a busy machine slows both sides alike): the median batch of each.
    let (mut a_t, mut c_t) = (Vec::new(), Vec::new());
    let batches: usize = std::env::var("WF_BATCHES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    for _ in 0..batches.max(1) {
        let t = Instant::now();
        warm(&a, &text, 10);
        a_t.push(t.elapsed().as_secs_f64() / 10.0);
        let t = Instant::now();
        cut(&a, &text, 10);
        c_t.push(t.elapsed().as_secs_f64() / 10.0);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (am, cm) = (median(&mut a_t), median(&mut c_t));
    eprintln!(
        "interleaved medians: analyze {:.3} ms, cut {:.3} ms ({:.2}×)",
        am * 1e3,
        cm * 1e3,
        am / cm
    );
}
