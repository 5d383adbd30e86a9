//! Profiling helper: `cargo run --release --example prof FILE [N]` times construction and analysis.
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let a = wenfeng::Analyzer::new(wenfeng::Config::default()).unwrap();
    eprintln!("Analyzer::new {:?}", t.elapsed());
    let path = std::env::args().nth(1).expect("FILE");
    let n: u32 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let text = std::fs::read_to_string(path).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(a.analyze(&text));
    }
    eprintln!(
        "analyze {:?} per run ({} chars)",
        t.elapsed() / n,
        text.chars().count()
    );
}
