//! Topic lists: strict parsing in three forms (and the exact location of every error), alignment
//! of drafts with a list, the year warning, and the CLI (`check --topics`, `topics check|show`).

mod common;

use common::{analyzer, run};
use std::path::PathBuf;
use wenfeng::topics::{self, TopicError, TopicFormat, TopicList, MAX_BYTES, MAX_TOPICS};
use wenfeng::{Category, Config, Report};

fn fixture(name: &str) -> String {
    let p: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "topics",
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fixture_path(name: &str) -> String {
    format!(
        "{}/tests/fixtures/topics/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn errors(text: &str, format: TopicFormat) -> Vec<TopicError> {
    match TopicList::parse(text, format) {
        Ok(l) => panic!(
            "expected errors, got a list of {} topics for:\n{text}",
            l.topics().len()
        ),
        Err(e) => e.errors,
    }
}

/// The first error is at `line` (and `column`, `field` when given); its message is bilingual.
#[track_caller]
fn assert_first(
    case: &str,
    errs: &[TopicError],
    line: usize,
    column: Option<usize>,
    field: Option<&str>,
) {
    let e = errs.first().unwrap_or_else(|| panic!("{case}: no error"));
    let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(e.line, line, "{case}: line\n{}", shown.join("\n"));
    if let Some(c) = column {
        assert_eq!(e.column, c, "{case}: column\n{}", shown.join("\n"));
    }
    if let Some(f) = field {
        assert_eq!(
            e.field.as_deref(),
            Some(f),
            "{case}: field\n{}",
            shown.join("\n")
        );
    }
    let has_han = e
        .message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let has_en = e.message.contains(" (") && e.message.chars().any(|c| c.is_ascii_alphabetic());
    assert!(
        has_han && has_en,
        "{case}: message must be Chinese with English alongside: {}",
        e.message
    );
    let first_han = e
        .message
        .find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c))
        .unwrap();
    let paren = e.message.rfind(" (").unwrap();
    assert!(
        first_han < paren,
        "{case}: Chinese comes first: {}",
        e.message
    );
}

// ------------------------------------------------------------------------------------------------
// Valid lists

#[test]
fn valid_toml_json_and_text_forms() {
    let toml = TopicList::parse(&fixture("valid.toml"), TopicFormat::Toml).unwrap();
    let json = TopicList::parse(&fixture("valid.json"), TopicFormat::Json).unwrap();
    assert_eq!(toml, json, "TOML and JSON share one schema");
    assert_eq!(toml.year(), 2026);
    assert_eq!(toml.name(), "某局2026年度信息宣传重点选题");
    let t = &toml.topics()[0];
    assert_eq!(t.id, "business-env");
    assert_eq!(t.keywords, ["营商环境", "民营经济"]);
    assert_eq!(t.related, ["惠企政策", "政务服务"]);
    assert_eq!(t.weight, 1.5);
    assert_eq!(t.description.as_deref(), Some("示例"));
    assert_eq!(toml.topics()[1].weight, 1.0);
    assert!(toml.topics()[1].related.is_empty());

    let text = TopicList::parse(&fixture("valid.txt"), TopicFormat::Text).unwrap();
    assert_eq!(text.year(), 2026);
    assert_eq!(text.name(), "某局2026年度信息宣传重点选题");
    let ids: Vec<&str> = text.topics().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t2", "t3"]);
    assert_eq!(text.topics()[0].title, "优化营商环境");
    assert_eq!(text.topics()[0].keywords, ["营商环境", "民营经济"]);
    assert_eq!(text.topics()[0].related, ["惠企政策", "政务服务"]);
    // Half-width colon and commas.
    assert_eq!(text.topics()[1].keywords, ["乡村全面振兴", "乡村振兴"]);
    // 顿号 and one trailing comma.
    assert_eq!(text.topics()[2].keywords, ["形式主义", "基层减负"]);
}

#[test]
fn auto_detects_the_format() {
    for (file, n) in [("valid.toml", 2), ("valid.json", 2), ("valid.txt", 3)] {
        let l = TopicList::parse(&fixture(file), TopicFormat::Auto)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(l.topics().len(), n, "{file}");
    }
    assert_eq!(TopicFormat::from_path("a/b.TOML"), TopicFormat::Toml);
    assert_eq!(TopicFormat::from_path("b.json"), TopicFormat::Json);
    assert_eq!(TopicFormat::from_path("b.txt"), TopicFormat::Auto);
    for (name, f) in [
        ("toml", TopicFormat::Toml),
        ("json", TopicFormat::Json),
        ("text", TopicFormat::Text),
        ("auto", TopicFormat::Auto),
    ] {
        assert_eq!(TopicFormat::from_name(name), Some(f));
        assert_eq!(name.parse::<TopicFormat>().unwrap(), f);
    }
    assert!("yaml".parse::<TopicFormat>().is_err());
}

#[test]
fn bom_and_crlf_are_accepted() {
    for file in ["valid.toml", "valid.json", "valid.txt"] {
        let src = fixture(file);
        let crlf = format!("\u{FEFF}{}", src.replace('\n', "\r\n"));
        let a = TopicList::parse(&src, TopicFormat::Auto).unwrap();
        let b =
            TopicList::parse(&crlf, TopicFormat::Auto).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(a, b, "{file}");
    }
}

#[test]
fn lists_round_trip_through_json_and_text() {
    let l = TopicList::parse(&fixture("valid.toml"), TopicFormat::Toml).unwrap();
    let json = serde_json::to_string(&l).unwrap();
    assert_eq!(TopicList::parse(&json, TopicFormat::Json).unwrap(), l);
    let text = TopicList::parse(&l.to_text(), TopicFormat::Text).unwrap();
    assert_eq!(text.topics().len(), l.topics().len());
    assert_eq!(text.topics()[0].related, l.topics()[0].related);
}

#[test]
fn the_shipped_sample_list() {
    let l = TopicList::builtin();
    assert_eq!(l.year(), 2026);
    assert!(l.name().contains("示例"), "{}", l.name());
    assert!(topics::DEFAULT_TOML.contains("SAMPLE") && topics::DEFAULT_TOML.contains("示例"));
    assert!(l.topics().len() >= 12, "{}", l.topics().len());
    let ids: Vec<&str> = l.topics().iter().map(|t| t.id.as_str()).collect();
    for id in [
        "plenum",
        "plan-15",
        "new-productive-forces",
        "ai-plus",
        "domestic-market",
        "private-economy",
        "rural-revitalization",
        "grassroots-burden",
        "performance-view",
        "safe-development",
        "publicity",
        "new-laws",
        "steady-progress",
    ] {
        assert!(ids.contains(&id), "missing {id}");
    }
    assert_eq!(analyzer().topics(), &l);
}

/// Every cue of the shipped list can actually match: in at least one ordinary context its ends fall
/// on jieba word boundaries (a cue jieba always glues to its neighbours would be dead data).
#[test]
fn every_shipped_cue_can_match() {
    let a = analyzer();
    let mut dead = Vec::new();
    for t in TopicList::builtin().topics() {
        for cue in t.keywords.iter().chain(&t.related) {
            let contexts = [
                format!("{cue}。"),
                format!("全面推进{cue}，取得新成效。"),
                format!("关于{cue}的情况报告"),
                format!("围绕“{cue}”开展工作。"),
            ];
            let hit = contexts.iter().any(|c| {
                a.analyze(c)
                    .alignment
                    .topics
                    .iter()
                    .any(|s| s.id == t.id && s.evidence.iter().any(|e| e.text == *cue))
            });
            if !hit {
                dead.push(format!("{}: {cue}", t.id));
            }
        }
    }
    assert!(dead.is_empty(), "cues that never match: {dead:?}");
}

// ------------------------------------------------------------------------------------------------
// Broken lists: each error names the exact line (and field)

#[test]
fn broken_toml_syntax() {
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"\n",
        TopicFormat::Toml,
    );
    assert_first("unclosed array", &e, 5, None, None);
    assert!(e[0].message.contains("TOML"), "{}", e[0].message);
}

#[test]
fn broken_toml_fullwidth_punctuation() {
    let e = errors(
        "year = 2026\n[[topic]]\nid ＝ \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n",
        TopicFormat::Toml,
    );
    assert_first("full-width equals", &e, 3, None, None);
    assert!(
        e[0].message.contains("全角") && e[0].message.contains("full-width"),
        "{}",
        e[0].message
    );

    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [“营商环境”]\n",
        TopicFormat::Toml,
    );
    assert_first("full-width quotes", &e, 5, None, None);
    assert!(e[0].message.contains("“"), "{}", e[0].message);
}

#[test]
fn broken_missing_id() {
    let e = errors(
        "year = 2026\n\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n\n[[topic]]\ntitle = \"乙\"\nkeywords = [\"乡村振兴\"]\n",
        TopicFormat::Toml,
    );
    assert_first("missing id", &e, 8, Some(1), Some("id"));
    assert!(e[0].message.contains("第 2 个选题"), "{}", e[0].message);
}

#[test]
fn broken_duplicate_id() {
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n[[topic]]\nid = \"a\"\ntitle = \"乙\"\nkeywords = [\"乡村振兴\"]\n",
        TopicFormat::Toml,
    );
    assert_eq!(e.len(), 1);
    assert_first("duplicate id", &e, 7, Some(6), Some("id"));
    assert!(
        e[0].message.contains("第 3 行"),
        "names the first use: {}",
        e[0].message
    );
}

#[test]
fn broken_id_characters() {
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"Plenum_1\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n",
        TopicFormat::Toml,
    );
    assert_first("bad id chars", &e, 3, Some(6), Some("id"));
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n",
        TopicFormat::Toml,
    );
    assert_first("empty id", &e, 3, Some(6), Some("id"));
}

#[test]
fn broken_empty_keywords() {
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = []\n",
        TopicFormat::Toml,
    );
    assert_first("empty keyword array", &e, 5, Some(12), Some("keywords"));
    // One empty item inside a multi-line array: the item's own line.
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\n  \"营商环境\",\n  \"\",\n]\n",
        TopicFormat::Toml,
    );
    assert_first("empty keyword", &e, 7, Some(3), Some("keywords"));
    // Padded and one-character keywords, duplicates across keywords and related.
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\", \" 民营经济\"]\n",
        TopicFormat::Toml,
    );
    assert_first("padded keyword", &e, 5, Some(21), Some("keywords"));
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\nrelated = [\"税\", \"营商环境\"]\n",
        TopicFormat::Toml,
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert_first("one-character term", &e, 6, Some(12), Some("related"));
    assert_eq!((e[1].line, e[1].column), (6, 17));
    assert!(e[1].message.contains("重复"), "{}", e[1].message);
}

#[test]
fn broken_wrong_types() {
    let e = errors(
        "year = \"2026\"\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = \"营商环境\"\nweight = \"高\"\n",
        TopicFormat::Toml,
    );
    assert_eq!(e.len(), 3, "{e:?}");
    assert_first("year as string", &e, 1, Some(8), Some("year"));
    assert_eq!((e[1].line, e[1].field.as_deref()), (5, Some("keywords")));
    assert!(e[1].message.contains("实为字符串") && e[1].message.contains("found string"));
    assert_eq!((e[2].line, e[2].field.as_deref()), (6, Some("weight")));

    let e = errors("year = 2026\ntopic = 3\n", TopicFormat::Toml);
    assert_first("topic as integer", &e, 2, Some(9), Some("topic"));

    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\nweight = 0\n",
        TopicFormat::Toml,
    );
    assert_first("weight out of range", &e, 6, Some(10), Some("weight"));
}

#[test]
fn broken_year_missing_or_out_of_range() {
    let e = errors(
        "name = \"某局\"\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n",
        TopicFormat::Toml,
    );
    assert_first("year missing", &e, 1, Some(1), Some("year"));
    let e = errors(
        "year = 26\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\n",
        TopicFormat::Toml,
    );
    assert_first("year out of range", &e, 1, Some(8), Some("year"));
}

#[test]
fn broken_unknown_field_suggests_the_right_one() {
    let e = errors(
        "year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeyword = [\"营商环境\"]\n",
        TopicFormat::Toml,
    );
    // Unknown `keyword` (line 5) and, as a consequence, missing `keywords` (topic header, line 2).
    assert_first("missing keywords", &e, 2, Some(1), Some("keywords"));
    let unknown = e
        .iter()
        .find(|x| x.field.as_deref() == Some("keyword"))
        .unwrap();
    assert_eq!((unknown.line, unknown.column), (5, 1));
    assert!(
        unknown.message.contains("“keywords”"),
        "{}",
        unknown.message
    );
}

#[test]
fn broken_toml_with_crlf_and_bom_keeps_lines_and_columns() {
    let src = "year = 2026\r\n[[topic]]\r\nid = \"a\"\r\ntitle = \"甲\"\r\nkeywords = [\"营商环境\"]\r\n[[topic]]\r\nid = \"B\"\r\ntitle = \"乙\"\r\nkeywords = [\"乡村振兴\"]\r\n";
    let e = errors(src, TopicFormat::Toml);
    assert_first("crlf", &e, 7, Some(6), Some("id"));
    let e = errors(&format!("\u{FEFF}{src}"), TopicFormat::Auto);
    assert_first("bom + crlf", &e, 7, Some(6), Some("id"));
    let e = errors("\u{FEFF}year = 2026\nname = \n", TopicFormat::Toml);
    assert_first("bom on the error line", &e, 2, Some(8), None);
}

#[test]
fn broken_json() {
    let e = errors(
        "{\n  \"year\": 2026,\n  \"topic\": [\n    {\"id\": \"a\", \"title\": \"甲\", \"keywords\": [\"营商环境\"],}\n  ]\n}\n",
        TopicFormat::Json,
    );
    assert_first("trailing comma", &e, 4, None, None);
    assert!(e[0].message.contains("JSON"), "{}", e[0].message);

    let e = errors(
        "{\n  \"year\": 2026,\n  \"year\": 2025,\n  \"topic\": [{\"id\": \"a\", \"title\": \"甲\", \"keywords\": [\"营商环境\"]}]\n}\n",
        TopicFormat::Json,
    );
    assert_first("duplicate key", &e, 3, Some(3), Some("year"));

    let e = errors(
        "{\n  \"year\": 2026,\n  \"topic\": [\n    {\"id\": \"a\",\n     \"title\": \"甲\",\n     \"keywords\": [\"营商环境\",\n                  7]}\n  ]\n}\n",
        TopicFormat::Json,
    );
    assert_first("number in keywords", &e, 7, Some(19), Some("keywords"));
    assert!(e[0].message.contains("整数") && e[0].message.contains("integer"));

    let e = errors(
        "{\"year\": 2026, \"topic\": [\n  {\"id\": \"a\", \"keywords\": [\"营商环境\"]}\n]}\n",
        TopicFormat::Json,
    );
    assert_first("missing title", &e, 2, Some(3), Some("title"));

    let e = errors("{\"year\": 2026, “topic”: []}", TopicFormat::Json);
    assert_first("full-width quotes in JSON", &e, 1, Some(16), None);
    assert!(e[0].message.contains("全角"));

    // serde_json counts bytes; columns are reported in characters.
    let e = errors("{\"name\": \"某局\", x}", TopicFormat::Json);
    assert_first("syntax error after Chinese", &e, 1, Some(16), None);

    let e = errors("[1, 2]", TopicFormat::Json);
    assert_first("array at top level", &e, 1, Some(1), None);
}

#[test]
fn broken_plain_text() {
    let e = errors(
        "年份：2026\n优化营商环境：营商环境\n乡村全面振兴\n",
        TopicFormat::Text,
    );
    assert_first("no colon", &e, 3, Some(1), None);

    let e = errors(
        "年份：2026\n优化营商环境：营商环境，，民营经济\n",
        TopicFormat::Text,
    );
    assert_first("empty keyword", &e, 2, Some(13), Some("关键词"));

    let e = errors(
        "# 清单\n优化营商环境：营商环境，民营经济\n",
        TopicFormat::Text,
    );
    assert_first("year missing", &e, 1, Some(1), Some("年份"));

    let e = errors(
        "年份：二〇二六\n优化营商环境：营商环境\n",
        TopicFormat::Text,
    );
    assert_first("year not a number", &e, 1, Some(4), Some("年份"));

    let e = errors(
        "年份：2026\n优化营商环境：营商环境\n优化营商环境：民营经济\n",
        TopicFormat::Text,
    );
    assert_first("duplicate title", &e, 3, Some(1), Some("标题"));
    assert!(e[0].message.contains("第 2 行"));

    let e = errors("年份：2026\n优化营商环境：\n", TopicFormat::Text);
    assert_first("no keywords", &e, 2, Some(8), Some("关键词"));

    let e = errors(
        "年份：2026\n年份：2025\n优化营商环境：营商环境\n",
        TopicFormat::Text,
    );
    assert_first("two years", &e, 2, Some(1), Some("年份"));

    let e = errors(
        "年份：2026\n甲：营商环境｜惠企政策｜政务服务\n",
        TopicFormat::Text,
    );
    assert_first("two bars", &e, 2, Some(1), None);
}

#[test]
fn broken_plain_text_with_crlf_bom_and_fullwidth_space() {
    let e = errors(
        "\u{FEFF}年份：2026\r\n\r\n# 注释\r\n优化营商环境：营商环境\r\n　乡村振兴：乡村振兴，税\r\n",
        TopicFormat::Auto,
    );
    assert_first("crlf + bom", &e, 5, Some(12), Some("关键词"));
    assert!(e[0].message.contains("太短"));
}

#[test]
fn over_the_limits() {
    let big = format!(
        "年份：2026\n# {}\n优化营商环境：营商环境\n",
        "注".repeat(MAX_BYTES / 3 + 10)
    );
    let e = errors(&big, TopicFormat::Text);
    assert_first("over 1 MB", &e, 1, Some(1), None);
    assert!(e[0].message.contains("1 MB"));

    let mut toml = String::from("year = 2026\n");
    for i in 0..=MAX_TOPICS {
        toml +=
            &format!("[[topic]]\nid = \"t{i}\"\ntitle = \"选题{i}\"\nkeywords = [\"关键词{i}\"]\n");
    }
    assert!(toml.len() < MAX_BYTES);
    let e = errors(&toml, TopicFormat::Toml);
    assert_first(
        "2,001 topics (TOML)",
        &e,
        2 + 4 * MAX_TOPICS,
        Some(1),
        Some("topic"),
    );
    assert!(e[0].message.contains("2000"));

    let mut text = String::from("年份：2026\n");
    for i in 0..=MAX_TOPICS {
        text += &format!("选题{i}：关键词{i}\n");
    }
    let e = errors(&text, TopicFormat::Text);
    assert_first("2,001 topics (text)", &e, 2 + MAX_TOPICS, Some(1), None);

    // Exactly 2,000 is fine.
    let ok: String = text
        .lines()
        .take(1 + MAX_TOPICS)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        TopicList::parse(&ok, TopicFormat::Text)
            .unwrap()
            .topics()
            .len(),
        MAX_TOPICS
    );
}

#[test]
fn errors_display_and_serialise_for_front_ends() {
    let err = TopicList::parse("年份：2026\n优化营商环境\n", TopicFormat::Text).unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("第 2 行第 1 列") && shown.contains("not loaded"),
        "{shown}"
    );
    let v = serde_json::to_value(topics::validate(
        "年份：2026\n优化营商环境\n",
        TopicFormat::Text,
    ))
    .unwrap();
    assert_eq!(v["ok"], false);
    let e = &v["errors"][0];
    for k in ["line", "column", "field", "message"] {
        assert!(e.get(k).is_some(), "missing {k} in {e}");
    }
    assert_eq!(e["line"], 2);
    let v =
        serde_json::to_value(topics::validate(&fixture("valid.txt"), TopicFormat::Auto)).unwrap();
    assert_eq!(v, serde_json::json!({"ok": true, "errors": []}));
}

// ------------------------------------------------------------------------------------------------
// Alignment

fn align(text: &str) -> Report {
    analyzer().analyze(text)
}

/// The score of topic `id` in `r`'s alignment.
fn topic<'r>(r: &'r Report, id: &str) -> &'r topics::TopicScore {
    r.alignment
        .topics
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("topic {id}"))
}

/// One paragraph that says 营商环境 (a private-economy keyword) `n` times, with a figure.
fn keyword_repeated(n: usize) -> String {
    let mut s = String::from("全区持续优化营商环境");
    for _ in 1..n {
        s += "，营商环境";
    }
    s + "，新设经营主体同比增长14%。"
}

fn covered(r: &Report) -> Vec<&str> {
    r.alignment
        .topics
        .iter()
        .filter(|t| t.covered)
        .map(|t| t.id.as_str())
        .collect()
}

#[test]
fn on_topic_drafts_rank_the_right_topic_first() {
    for (file, want) in [
        ("business-environment.txt", "private-economy"),
        ("rural.txt", "rural-revitalization"),
        ("burden.txt", "grassroots-burden"),
        ("plenum.txt", "plenum"),
        ("ai.txt", "ai-plus"),
    ] {
        let r = align(&fixture(file));
        let a = &r.alignment;
        let first = &a.topics[0];
        assert_eq!(
            first.id,
            want,
            "{file}: ranking {:?}",
            a.topics
                .iter()
                .take(3)
                .map(|t| (&t.id, t.score))
                .collect::<Vec<_>>()
        );
        assert!(first.covered, "{file}");
        assert!(first.score >= 60, "{file}: {}", first.score);
        assert!(
            a.topics.windows(2).all(|w| w[0].score >= w[1].score),
            "{file}: sorted by score"
        );
        assert!(a.score >= 60, "{file}: overall {}", a.score);
        assert!(a.summary.starts_with("本稿对应"), "{file}: {}", a.summary);
        assert!(
            a.summary.contains(first.title.as_str()),
            "{file}: {}",
            a.summary
        );
        // The body paragraphs serve the topic.
        assert!(
            a.paragraphs.iter().skip(1).all(|p| p.topic.is_some()),
            "{file}: {:?}",
            a.paragraphs
        );
    }
}

#[test]
fn off_topic_drafts_cover_nothing() {
    for file in ["canteen.txt", "sports-day.txt"] {
        let r = align(&fixture(file));
        let a = &r.alignment;
        assert!(covered(&r).is_empty(), "{file}: {:?}", covered(&r));
        assert!(a.topics.iter().all(|t| t.score <= 30), "{file}");
        assert_eq!(a.score, 0, "{file}");
        assert_eq!(a.summary, "本稿未对应任何年度重点", "{file}");
        assert!(a.paragraphs.iter().all(|p| p.topic.is_none()), "{file}");
        assert!(!a.paragraphs.is_empty());
    }
}

#[test]
fn paragraphs_without_a_topic_are_named_in_the_summary() {
    let r = align(&fixture("mixed.txt"));
    let a = &r.alignment;
    assert_eq!(
        a.summary,
        "本稿对应 1 项年度重点：促进民营经济发展，优化营商环境；第 3、4 段未对应任何重点"
    );
    let topics: Vec<Option<&str>> = a.paragraphs.iter().map(|p| p.topic.as_deref()).collect();
    assert_eq!(topics, [None, Some("private-economy"), None, None]);
    // Half the substantive paragraphs serve a topic: the overall score is below a focused draft's.
    let focused = align(&fixture("business-environment.txt")).alignment.score;
    assert!(a.score < focused, "{} vs {focused}", a.score);
}

#[test]
fn repetition_saturates() {
    let score = |n: usize| {
        let t = topic(&align(&keyword_repeated(n)), "private-economy").clone();
        (t.score, t.evidence.len())
    };
    let (s2, e2) = score(2);
    let (s3, _) = score(3);
    let (s10, e10) = score(10);
    let (s50, _) = score(50);
    assert_eq!((e2, e10), (2, 10), "every mention is evidence");
    assert!(s2 <= s3 && s3 <= s10 && s10 <= s50, "{s2} {s3} {s10} {s50}");
    assert!(s10 - s2 <= 10, "ten mentions ≈ two: {s2} vs {s10}");
    assert!(s10 - s3 <= 5, "ten mentions ≈ three: {s3} vs {s10}");
    assert!(s50 <= 90, "bounded: {s50}");
}

/// The exact score of docs/TOPICS.md: one paragraph, one keyword said n times, the paragraph
/// served by that topic (share 1): 100 × (1 − e^(−0.6 × (2.0 × (1 − ½ⁿ) + 1))).
#[test]
fn scores_follow_the_documented_formula() {
    for n in 1..=4 {
        let r = align(&keyword_repeated(n));
        let raw = 2.0 * (1.0 - 0.5f64.powi(n as i32));
        let want = (100.0 * (1.0 - (-0.6 * (raw + 1.0)).exp())).round() as u32;
        assert_eq!(topic(&r, "private-economy").score, want, "{n} mentions");
    }
}

/// A paragraph serves the topic it mentions more (per cue, saturated counts; equal weights),
/// whatever the list order: two keywords three times each (2 × 1.75) beat three keywords once
/// each (3 × 1.0) of a topic that comes first in the list.
#[test]
fn a_paragraph_serves_the_topic_it_mentions_more() {
    let r = align(
        "优化营商环境，服务民营企业，壮大民营经济，推进乡村振兴，乡村振兴见实效，乡村振兴项目落地，\
         建设和美乡村，和美乡村有新貌，和美乡村示范村12个。",
    );
    let cues = |id: &str| {
        topic(&r, id)
            .evidence
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cues("private-economy"),
        ["营商环境", "民营企业", "民营经济"]
    );
    assert_eq!(cues("rural-revitalization").len(), 6);
    let topic = r.alignment.paragraphs[0].topic.as_deref();
    assert_eq!(topic, Some("rural-revitalization"));
}

#[test]
fn keywords_weigh_more_than_related_terms() {
    let one_kw = align("全区持续优化营商环境，新设经营主体同比增长14%。");
    let one_rel = align("全区兑现惠企政策资金3.2亿元，惠及企业1860家。");
    let two_rel = align("全区兑现惠企政策资金3.2亿元，持续优化政务服务，惠及企业1860家。");
    let get = |r: &Report| {
        let t = topic(r, "private-economy");
        (t.score, t.covered)
    };
    let (kw, kw_cov) = get(&one_kw);
    let (rel, rel_cov) = get(&one_rel);
    let (rel2, rel2_cov) = get(&two_rel);
    assert!(
        kw_cov && !rel_cov && rel2_cov,
        "{kw_cov} {rel_cov} {rel2_cov}"
    );
    assert!(kw > rel2 && rel2 > rel && rel > 0, "{kw} {rel2} {rel}");
    assert!(rel <= 30);
    // One weak cue: touched, not covered, not in the summary, no paragraph assigned.
    assert_eq!(one_rel.alignment.summary, "本稿未对应任何年度重点");
    assert_eq!(one_rel.alignment.paragraphs[0].topic, None);
}

#[test]
fn matching_respects_word_boundaries() {
    // 营商环境 inside 优化营商环境 counts.
    let r = align("全区持续优化营商环境。");
    let t = topic(&r, "private-economy");
    assert_eq!(t.evidence.len(), 1);
    assert_eq!(t.evidence[0].text, "营商环境");

    // 球拍 across 乒乓球|拍卖 does not.
    let list = TopicList::parse("年份：2026\n体育器材：球拍，羽毛球", TopicFormat::Text).unwrap();
    let a = analyzer().with_topics(list);
    let r = a.analyze("乒乓球拍卖完了。");
    assert!(
        r.alignment.topics[0].evidence.is_empty(),
        "{:?}",
        r.alignment.topics[0]
    );
    let r = a.analyze("新买的球拍到了。");
    assert_eq!(r.alignment.topics[0].evidence.len(), 1);

    // 消费 inside the word 提振消费 is not the keyword 消费; ASCII cues need a script change.
    let list = TopicList::parse("年份：2026\n消费：消费，AI", TopicFormat::Text).unwrap();
    let a = analyzer().with_topics(list);
    let r = a.analyze("提振消费。OpenAI发布新模型。");
    assert!(
        r.alignment.topics[0].evidence.is_empty(),
        "{:?}",
        r.alignment.topics[0]
    );
    let r = a.analyze("居民消费稳步回升，AI应用加快落地，ＡＩ产业。");
    let ev: Vec<&str> = r.alignment.topics[0]
        .evidence
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(ev, ["消费", "AI", "ＡＩ"]);
}

#[test]
fn utf16_offsets_slice_back_to_the_text() {
    let text = "𠮷😀全市持续优化营商环境，👨‍👩‍👧民营经济稳步发展。\r\n\r\n  𠮷野家推进乡村全面振兴，常态化精准帮扶😀见实效。\n";
    let r = align(text);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let slice = |s: usize, e: usize| String::from_utf16(&utf16[s..e]).unwrap();
    let mut n = 0;
    for t in &r.alignment.topics {
        for e in &t.evidence {
            assert_eq!(slice(e.start, e.end), e.text, "{}", t.id);
            n += 1;
        }
    }
    assert!(n >= 4, "{n}");
    let paras: Vec<String> = r
        .alignment
        .paragraphs
        .iter()
        .map(|p| slice(p.start, p.end))
        .collect();
    assert_eq!(
        paras,
        [
            "𠮷😀全市持续优化营商环境，👨‍👩‍👧民营经济稳步发展。",
            "𠮷野家推进乡村全面振兴，常态化精准帮扶😀见实效。"
        ]
    );
    let topics: Vec<Option<&str>> = r
        .alignment
        .paragraphs
        .iter()
        .map(|p| p.topic.as_deref())
        .collect();
    assert_eq!(
        topics,
        [Some("private-economy"), Some("rural-revitalization")]
    );
}

#[test]
fn alignment_json_shape() {
    let r = align(&fixture("mixed.txt"));
    let v = serde_json::to_value(&r).unwrap();
    let a = &v["alignment"];
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 6, "{keys:?}");
    for k in ["year", "list", "score", "summary", "topics", "paragraphs"] {
        assert!(a.get(k).is_some(), "missing {k}");
    }
    assert_eq!(a["year"], 2026);
    assert!(a["list"].as_str().unwrap().contains("示例"));
    let t = &a["topics"][0];
    assert_eq!(t.as_object().unwrap().len(), 5);
    for k in ["id", "title", "score", "covered", "evidence"] {
        assert!(t.get(k).is_some(), "missing topics[].{k}");
    }
    let e = &t["evidence"][0];
    assert_eq!(e.as_object().unwrap().len(), 3);
    for k in ["start", "end", "text"] {
        assert!(e.get(k).is_some(), "missing evidence[].{k}");
    }
    let p = &a["paragraphs"][0];
    assert_eq!(p.as_object().unwrap().len(), 3);
    assert!(p["start"].is_u64() && p["end"].is_u64());
    assert!(p["topic"].is_null());
    assert_eq!(a["paragraphs"][1]["topic"], "private-economy");
    // Reports still deserialise (alignment defaults when absent).
    let back: Report = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back, r);
}

#[test]
fn empty_text() {
    let r = align("");
    assert_eq!(r.alignment.score, 0);
    assert!(r.alignment.paragraphs.is_empty());
    assert_eq!(r.alignment.summary, "文稿为空，未对应任何年度重点");
    assert_eq!(
        r.alignment.topics.len(),
        TopicList::builtin().topics().len()
    );
}

#[test]
fn topic_weight_counts_in_the_overall_score() {
    let src = |w: &str| {
        format!("year = 2026\n[[topic]]\nid = \"a\"\ntitle = \"甲\"\nkeywords = [\"营商环境\"]\nweight = {w}\n")
    };
    let score = |w: &str| {
        let l = TopicList::parse(&src(w), TopicFormat::Toml).unwrap();
        analyzer()
            .with_topics(l)
            .analyze("全区持续优化营商环境。")
            .alignment
            .score
    };
    assert!(
        score("0.5") < score("1.0"),
        "{} {}",
        score("0.5"),
        score("1.0")
    );
    assert!(score("3") <= 100);
}

// ------------------------------------------------------------------------------------------------
// Year check and the analyzer's list

#[test]
fn out_of_date_list_gives_one_topic_warning() {
    let topic_findings = |r: &Report| -> Vec<(String, String, usize, usize)> {
        r.findings
            .iter()
            .filter(|f| f.category == Category::Topic)
            .map(|f| (f.rule.to_string(), f.message.to_string(), f.start, f.end))
            .collect()
    };
    assert!(topic_findings(&align("全区持续优化营商环境。")).is_empty());

    let a2027 = analyzer()
        .reconfigure(Config {
            year: 2027,
            ..Config::default()
        })
        .unwrap();
    let r = a2027.analyze("全区持续优化营商环境。");
    let f = topic_findings(&r);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "topic.year");
    assert!(
        f[0].1.contains("选题清单为2026年版，当前为2027年"),
        "{}",
        f[0].1
    );
    assert_eq!((f[0].2, f[0].3), (0, 0));
    assert_eq!(
        r.score.total,
        a2027
            .reconfigure(Config {
                year: 2027,
                disabled: vec!["topic".into()],
                ..Config::default()
            })
            .unwrap()
            .analyze("全区持续优化营商环境。")
            .score
            .total,
        "topic findings do not move the 文风 score"
    );

    let old = TopicList::parse("年份：2025\n优化营商环境：营商环境", TopicFormat::Text).unwrap();
    let r = analyzer()
        .with_topics(old)
        .analyze("全区持续优化营商环境。");
    let f = topic_findings(&r);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].1.contains("选题清单为2025年版，当前为2026年"),
        "{}",
        f[0].1
    );
    assert_eq!(r.alignment.year, 2025);

    // `--disable topic` switches it off.
    let off = analyzer()
        .reconfigure(Config {
            year: 2027,
            disabled: vec!["topic.year".into()],
            ..Config::default()
        })
        .unwrap();
    assert!(topic_findings(&off.analyze("全区持续优化营商环境。")).is_empty());
}

#[test]
fn with_topics_leaves_the_old_analyzer_untouched() {
    let base = analyzer().clone();
    let list = TopicList::parse(&fixture("valid.txt"), TopicFormat::Text).unwrap();
    let custom = base.with_topics(list.clone());
    assert_eq!(custom.topics(), &list);
    assert_eq!(base.topics(), &TopicList::builtin());
    let r = custom.analyze("全区持续优化营商环境。");
    assert_eq!(r.alignment.list, "某局2026年度信息宣传重点选题");
    assert_eq!(r.alignment.topics[0].id, "t1");
    assert!(base
        .analyze("全区持续优化营商环境。")
        .alignment
        .list
        .contains("示例"));
    // A failed parse yields no list at all, so there is nothing to half-load.
    assert!(TopicList::parse("年份：2026\n甲：营商环境\n乙\n", TopicFormat::Text).is_err());
    // The rest of the configuration is kept.
    assert_eq!(custom.config(), base.config());
}

// ------------------------------------------------------------------------------------------------
// CLI (`run` is in tests/common/mod.rs)

#[test]
fn cli_topics_check() {
    for file in ["valid.toml", "valid.json", "valid.txt"] {
        let out = run(&["topics", "check", &fixture_path(file)], "");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s = String::from_utf8(out.stdout).unwrap();
        assert!(
            s.contains("有效") && s.contains("优化营商环境"),
            "{file}: {s}"
        );
    }
    let dir = std::env::temp_dir().join(format!("wenfeng-topics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "year = 2026\n[[topic]]\nid = \"A_b\"\ntitle = \"甲\"\nkeywords = []\n",
    )
    .unwrap();
    let out = run(&["topics", "check", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("第 3 行") && err.contains("第 5 行") && err.contains("not loaded"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    // check --topics with an invalid list: exit 2 with the errors, nothing analysed.
    let out = run(
        &["check", "--topics", bad.to_str().unwrap(), "-"],
        "全区持续优化营商环境。",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("第 3 行"));
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).ok();

    let out = run(&["topics", "frobnicate"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_check_with_topics_json() {
    let out = run(
        &["check", "--format", "json", "--year", "2026", "--topics", &fixture_path("valid.txt"), "-"],
        "全区持续优化营商环境。\n局工会将于4月18日举办春季职工运动会，请各科室于4月10日前报送参赛名单。",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v["alignment"];
    assert_eq!(a["list"], "某局2026年度信息宣传重点选题");
    assert_eq!(a["topics"][0]["id"], "t1");
    assert_eq!(a["topics"][0]["covered"], true);
    assert_eq!(a["paragraphs"][1]["topic"], serde_json::Value::Null);
    assert_eq!(
        a["summary"],
        "本稿对应 1 项年度重点：优化营商环境；第 2 段未对应任何重点"
    );

    // Without --topics the shipped list is used; the text report ends with the alignment line.
    let out = run(&["check", "--year", "2026", "-"], "全区持续优化营商环境。");
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("选题对接") && s.contains("促进民营经济发展，优化营商环境"),
        "{s}"
    );
}

#[test]
fn cli_topics_show() {
    let out = run(&["topics", "show"], "");
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(s, topics::DEFAULT_TOML);
    for f in ["json", "text"] {
        let out = run(&["topics", "show", "--format", f], "");
        assert_eq!(out.status.code(), Some(0));
        let s = String::from_utf8(out.stdout).unwrap();
        let l = TopicList::parse(&s, TopicFormat::Auto).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(l.topics().len(), TopicList::builtin().topics().len(), "{f}");
    }
}
