//! Property tests: any input is analysed without panicking, spans lie on char boundaries, UTF-16
//! offsets slice back to `text`, and analysis is deterministic.

mod common;

use common::analyzer;
use proptest::prelude::*;

/// Fragments that exercise the matchers: clichés, claims, residue, stale references, brackets,
/// quotes, numbers, astral characters and line breaks.
const FRAGMENTS: &[&str] = &[
    "在上级的正确领导下",
    "再上新台阶",
    "高度重视",
    "亲自抓、亲自管、亲自过问",
    "取得显著成效",
    "一致好评",
    "全国首创",
    "XX同志",
    "×名",
    "【#更多素@材%*尽在哒哒~文库】",
    "##paidbegin##",
    "决胜全面建成小康社会",
    "新冠肺炎",
    "今年是2024年",
    "今年是党的二十大召开之年",
    "3月5日召开会议。",
    "据统计",
    "同比增长12%",
    "“",
    "”",
    "《",
    "》",
    "（",
    "）",
    "【",
    "】",
    "。",
    "；",
    "！",
    "？",
    "……",
    "\r\n",
    "\n",
    "\n\n",
    "𠮷",
    "😀",
    "👨‍👩‍👧",
    "\u{FEFF}",
    "\u{200B}",
    " ",
    "　",
    "要",
    "必须",
    "搞",
    "抓与不抓不一样",
    "讲话没有不重要的",
    "2020年",
    "十四五",
    "A",
    "x",
    "\t",
    "\u{0}",
];

fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            2 => "\\PC{0,12}",
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let report = analyzer().analyze(text);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for f in &report.findings {
        prop_assert!(f.start_byte <= f.end_byte && f.end_byte <= text.len());
        prop_assert!(text.is_char_boundary(f.start_byte) && text.is_char_boundary(f.end_byte));
        prop_assert_eq!(&text[f.start_byte..f.end_byte], f.text.as_str());
        prop_assert!(f.start <= f.end && f.end <= utf16.len());
        prop_assert_eq!(
            String::from_utf16_lossy(&utf16[f.start..f.end]),
            f.text.clone()
        );
        prop_assert!(!f.message.is_empty() && !f.advice.is_empty());
    }
    prop_assert!(report.score.total <= 100);
    let again = analyzer().analyze(text);
    prop_assert_eq!(&report, &again, "analysis must be deterministic");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_draft_is_safe(text in draft()) {
        check(&text)?;
    }

    #[test]
    fn any_unicode_is_safe(text in any::<String>()) {
        check(&text)?;
    }
}

#[test]
fn edge_inputs() {
    for t in [
        "",
        " ",
        "\n\n\n",
        "。。。",
        "“",
        "【",
        "】【",
        "𠮷",
        "😀在上级的正确领导下😀",
        "在上级的正确领导下\r\n再上新台阶\r\n",
        &"高度重视。".repeat(2000),
        &"字".repeat(50_000),
    ] {
        check(t).unwrap();
    }
}
