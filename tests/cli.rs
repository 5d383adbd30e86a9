//! The `wenfeng` binary: exit codes, error sentences and the JSON contract.

mod common;

use common::run;
use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Asserts exit code 0, showing stderr otherwise.
fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `wenfeng check --format json --year 2026 [extra…] -` on `stdin`, asserts exit 0 and
/// returns the JSON report.
fn check_json(extra: &[&str], stdin: &str) -> serde_json::Value {
    let mut args = vec!["check", "--format", "json", "--year", "2026"];
    args.extend_from_slice(extra);
    args.push("-");
    let out = run(&args, stdin.as_bytes());
    assert_success(&out);
    json(&out)
}

/// Asserts that a finding's UTF-16 `start`/`end` delimit its `text` in `input`.
fn assert_utf16_span(input: &str, f: &serde_json::Value) {
    let utf16: Vec<u16> = input.encode_utf16().collect();
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        String::from_utf16(&utf16[s..e]).unwrap(),
        f["text"].as_str().unwrap()
    );
}

/// Asserts exit code 2 with every needle on stderr.
fn assert_refused(out: &Output, needles: &[&str]) {
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(needles.iter().all(|n| err.contains(n)), "{err}");
}

/// `wenfeng check --reference FILE -` must be refused (exit 2) with every needle on stderr.
fn assert_reference_refused(file: &str, needles: &[&str]) {
    assert_refused(&run(&["check", "--reference", file, "-"], b"x"), needles);
}

#[test]
fn json_schema_and_utf16_offsets() {
    let text = "𠮷😀在上级的正确领导下，我们取得显著成效。\r\n今年是2024年。";
    let v = check_json(&[], text);
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
        assert_utf16_span(text, f);
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

// ---------------------------------------------------------------- reference documents (copy)

const NOTICE: &str = "关于做好2026年政务信息工作的通知\n各单位要坚持围绕中心、服务大局，聚焦年度重点工作任务，及时准确反映贯彻落实上级决策部署的新举措新进展新成效。\n要进一步提高信息报送质量，多报送问题建议类和经验做法类信息，少报送一般性动态类信息。\n";
const COPIED: &str = "我局今年报送信息12条。各单位要坚持围绕中心，服务大局，聚焦年度重点工作任务，及时准确反映贯彻落实上级决策部署的新举措新进展新成效。";

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wenfeng-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A minimal .docx (ZIP with a deflated word/document.xml), as Word writes paragraphs and runs.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for p in paragraphs {
        let (a, b) = p.split_at(p.char_indices().nth(5).map_or(p.len(), |(i, _)| i));
        xml += &format!(
            r#"<w:p><w:r><w:t>{a}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{b}</w:t></w:r></w:p>"#
        );
    }
    xml += "</w:body></w:document>";
    let mut files: Vec<(&str, Vec<u8>, u16)> =
        vec![("[Content_Types].xml", b"<Types/>".to_vec(), 0)];
    files.push((
        "word/document.xml",
        miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6),
        8,
    ));
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, method) in &files {
        let off = out.len() as u32;
        let usize_ = if *method == 8 { xml.len() } else { data.len() } as u32;
        let mut h = Vec::new();
        h.extend_from_slice(&[0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
        h.extend_from_slice(&method.to_le_bytes());
        h.extend_from_slice(&[0; 8]); // time, date, crc (not checked by the reader)
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&usize_.to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&h);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        let mut c = vec![0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0];
        c.extend_from_slice(&method.to_le_bytes());
        c.extend_from_slice(&[0; 8]);
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(&usize_.to_le_bytes());
        c.extend_from_slice(&(name.len() as u16).to_le_bytes());
        c.extend_from_slice(&[0; 12]);
        c.extend_from_slice(&off.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        central.extend_from_slice(&c);
    }
    let cd_off = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_off.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

#[test]
fn reference_files_mark_copied_passages() {
    let notice = temp_file("上级通知.txt", format!("\u{FEFF}{NOTICE}").as_bytes());
    let other = temp_file(
        "去年总结.txt",
        "去年我局报送信息8条，被采用3条。".as_bytes(),
    );
    let n = notice.to_str().unwrap();
    let o = other.to_str().unwrap();
    let v = check_json(&["--reference", n, &format!("--reference={o}")], COPIED);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "copy.passage")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(f["category"], "copy");
    assert_eq!(f["message"], "与参考文件《上级通知》第 2 段重复（50 字）。");
    assert_utf16_span(COPIED, f);
    assert_eq!(v["copy"]["references"][0]["name"], "上级通知");
    assert_eq!(v["copy"]["references"][1]["copied"], 0);
    assert!(v["copy"]["share"].as_f64().unwrap() > 0.7);
    assert!(
        v["score"]["by_category"]["copy"]["penalty"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    // Text output names the share.
    let out = run(
        &["check", "--year", "2026", "--reference", n, "-"],
        COPIED.as_bytes(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[copy.passage]") && text.contains("与参考文件重复"),
        "{text}"
    );
    // Without --reference: no copy field.
    let out = run(
        &["check", "--format", "json", "--year", "2026", "-"],
        COPIED.as_bytes(),
    );
    assert!(json(&out).get("copy").is_none());
}

#[test]
fn docx_references_are_read() {
    let lines: Vec<&str> = NOTICE.lines().collect();
    let d = temp_file("通知.docx", &docx(&lines));
    let v = check_json(&["--reference", d.to_str().unwrap()], COPIED);
    assert_eq!(v["copy"]["spans"][0]["name"], "通知");
    assert_eq!(v["copy"]["spans"][0]["paragraph"], 2);
    // Not a ZIP: one clear sentence, exit 2.
    let bad = temp_file("坏.docx", "这不是docx".as_bytes());
    assert_reference_refused(
        bad.to_str().unwrap(),
        &["不是有效的 .docx 文件", "Not a valid .docx"],
    );
}

#[test]
fn bad_references_exit_2_with_a_sentence() {
    let empty = temp_file("空白.txt", "  \n，。\n".as_bytes());
    assert_reference_refused(
        empty.to_str().unwrap(),
        &["参考文件《空白》没有可比对的文字", "no text to compare"],
    );
    assert_reference_refused("/nonexistent/通知.txt", &["找不到文件"]);
    assert_refused(&run(&["check", "--reference"], b"x"), &[]);
    let huge = temp_file("巨大.txt", "字".repeat(400_000).as_bytes());
    assert_reference_refused(
        huge.to_str().unwrap(),
        &["超过每份 200000 字的上限", "limit is 200000"],
    );
    let gbk = temp_file("gbk.txt", &[0xb9, 0xd8, 0xd3, 0xda]);
    assert_reference_refused(gbk.to_str().unwrap(), &["不是 UTF-8 编码"]);
}

#[test]
fn rules_list_copy_rules() {
    let out = run(&["rules", "--format", "json"], b"");
    let v = json(&out);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"copy.passage") && ids.contains(&"copy.quotation"));
    let out = run(&["check", "--disable", "copy", "--year", "2026", "-"], b"x");
    assert_success(&out);
}
