//! Helpers shared by the integration tests (`mod common;` in each test file that uses them).
//! Not every test file uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use wenfeng::{Analyzer, Config, Finding, Report};

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

/// Strips the `[[` `]]` marks of a rule example; returns the clean text and the marked byte ranges.
pub fn parse_marked(s: &str) -> Result<(String, Vec<(usize, usize)>), String> {
    let mut out = String::new();
    let mut spans = Vec::new();
    let mut rest = s;
    let mut open: Option<usize> = None;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[[") {
            if open.is_some() {
                return Err(format!("nested [[ in {s:?}"));
            }
            open = Some(out.len());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("]]") {
            let o = open
                .take()
                .ok_or_else(|| format!("]] without [[ in {s:?}"))?;
            spans.push((o, out.len()));
            rest = r;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if open.is_some() {
        return Err(format!("unclosed [[ in {s:?}"));
    }
    Ok((out, spans))
}

/// The findings of one rule in a report.
pub fn findings_of<'a>(report: &'a Report, rule_id: &'a str) -> impl Iterator<Item = &'a Finding> {
    report.findings.iter().filter(move |f| &*f.rule == rule_id)
}

/// Runs a rule's `pass` example: the problem to report when the rule fires on it, else `None`.
pub fn pass_example_problem(a: &Analyzer, rule_id: &str, ex: &str) -> Option<String> {
    let report = a.analyze(ex);
    let got: Vec<&str> = findings_of(&report, rule_id)
        .map(|f| f.text.as_str())
        .collect();
    (!got.is_empty()).then(|| format!("{rule_id}: pass example {ex}\n    fired on {got:?}"))
}
