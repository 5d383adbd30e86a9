//! Helpers shared by the integration tests (`mod common;` in each test file that uses them).
//! Not every test file uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use wenfeng::{Analyzer, Config};

/// Runs the `wenfeng` binary with `args`, feeding `stdin` (bytes or a string) on standard input.
pub fn run(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenfeng"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may exit (with an error) before it reads its input: a broken pipe is fine.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_ref()) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing to wenfeng's stdin: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

/// One analyzer for the whole test binary, configured for 2026 (built once, on first use).
pub fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        Analyzer::new(Config {
            year: 2026,
            ..Config::default()
        })
        .unwrap()
    })
}
