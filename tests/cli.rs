//! The `wenfeng` binary: exit codes, error sentences and the JSON contract.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenfeng"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn json_schema_and_utf16_offsets() {
    let text = "𠮷😀在上级的正确领导下，我们取得显著成效。\r\n今年是2024年。";
    let out = run(
        &["check", "--format", "json", "--year", "2026", "-"],
        text.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() >= 3, "{v}");
    for f in findings {
        for key in [
            "rule",
            "category",
            "severity",
            "start",
            "end",
            "start_byte",
            "end_byte",
            "text",
            "message",
            "advice",
            "replacements",
        ] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf16(&utf16[s..e]).unwrap(),
            f["text"].as_str().unwrap()
        );
        let (sb, eb) = (
            f["start_byte"].as_u64().unwrap() as usize,
            f["end_byte"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[sb..eb], f["text"].as_str().unwrap());
    }
    assert!(v["score"]["total"].as_u64().unwrap() <= 100);
    for c in ["cliche", "claim", "residue", "stale", "style"] {
        assert!(v["score"]["by_category"][c]["count"].is_u64(), "{c}");
    }
    assert_eq!(v["stats"]["paragraphs"], 2);
    assert_eq!(v["stats"]["sentences"], 2);
}

#[test]
fn exit_0_on_findings_and_text_output() {
    let out = run(
        &["check", "-"],
        "在上级的正确领导下，各项工作再上新台阶。".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("<stdin>:1:1:"), "{s}");
    assert!(s.contains("文风得分"), "{s}");
    assert!(!s.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn usage_and_io_errors_exit_2_with_one_sentence() {
    for (args, stdin, needle) in [
        (vec!["check", "/no/such/file.txt"], &b""[..], "找不到文件"),
        (vec!["check", "-"], &b"\xff\xfe\xfa abc"[..], "不是 UTF-8"),
        (vec!["check", "-"], &b"abc\x00def"[..], "二进制"),
        (vec!["check", "--format", "xml", "-"], &b""[..], "--format"),
        (vec!["check", "--year", "abc", "-"], &b""[..], "--year"),
        (
            vec!["check", "--disable", "cliche.no-such-rule", "-"],
            &b""[..],
            "cliche.no-such-rule",
        ),
        (vec!["check"], &b""[..], "文件"),
        (vec!["bogus"], &b""[..], "未知命令"),
        (vec!["check", "--nope", "-"], &b""[..], "未知选项"),
        (vec!["check", "--year", "99999", "-"], &b""[..], "year"),
    ] {
        let out = run(&args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn bom_is_accepted_and_disable_works() {
    let text = "\u{FEFF}在上级的正确领导下，各项工作再上新台阶。";
    let all = json(&run(&["check", "--format=json", "-"], text.as_bytes()));
    assert!(!all["findings"].as_array().unwrap().is_empty());
    let none = json(&run(
        &["check", "--format=json", "--disable", "cliche", "-"],
        text.as_bytes(),
    ));
    assert!(none["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["category"] != "cliche"));
}

#[test]
fn rules_lists_every_rule() {
    let out = run(&["rules", "--format", "json"], b"");
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let rules = v.as_array().unwrap();
    assert!(rules.len() > 20);
    assert!(rules
        .iter()
        .all(|r| r["id"].is_string() && r["message"].is_string()));
    let text = run(&["rules"], b"");
    assert!(String::from_utf8(text.stdout).unwrap().contains("条规则"));
}
