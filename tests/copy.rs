//! Copied text against reference documents (category `copy`): exact spans, robustness to changed
//! punctuation and inserted words, paraphrases, quotations, caps, offsets, attribution, share,
//! score and JSON, the examples of rules/copy.toml, and no matches between independently written
//! documents.

mod common;

use std::collections::BTreeSet;
use wenfeng::copy::{
    CopyError, Reference, ReferenceSet, MAX_REFERENCES, MAX_REFERENCE_CHARS, MAX_TOTAL_CHARS,
    MIN_CHARS,
};
use wenfeng::{Analyzer, Category, Config, Finding, Report, Severity};

fn base() -> &'static Analyzer {
    common::analyzer()
}

fn with_refs(refs: &[(&str, &str)]) -> Analyzer {
    base()
        .with_reference_texts(refs.iter().map(|(n, t)| Reference::new(*n, *t)).collect())
        .unwrap()
}

fn copies(r: &Report) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.category == Category::Copy)
        .collect()
}

fn seed(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/");
    std::fs::read_to_string(format!("{dir}{name}")).unwrap()
}

/// The upper level's document: seed 000, a real training speech.
fn upper() -> String {
    seed("000_051952f42a5d9b4d.txt")
}

/// One paragraph of the seed, found by its opening words.
fn paragraph(doc: &str, opening: &str) -> String {
    doc.lines()
        .find(|l| l.trim_start().starts_with(opening))
        .unwrap_or_else(|| panic!("no paragraph starting {opening}"))
        .trim()
        .to_string()
}

/// `s` without leading/trailing punctuation and spaces (what a reported span covers).
fn core(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Byte range of `needle` in `hay`.
fn range_of(hay: &str, needle: &str) -> (usize, usize) {
    let s = hay
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in draft"));
    (s, s + needle.len())
}

fn spans(fs: &[&Finding]) -> Vec<(String, usize, usize)> {
    fs.iter()
        .map(|f| (f.rule.to_string(), f.start_byte, f.end_byte))
        .collect()
}

const PARTY: &str = "党的十八大以来，以习近平同志为核心的党中央高度重视宣传和信息工作";
const CHANNEL: &str = "宣传信息工作是工商联工作中一项全局性、基础性的工作";

#[test]
fn exact_copy_of_a_seed_paragraph() {
    let up = upper();
    let p = paragraph(&up, PARTY);
    let a = with_refs(&[("上级讲话", &up)]);
    let draft = format!(
        "我会今年一季度编发信息36期，被市委办采用9篇。\n{p}\n下一步，我会将每月召开一次选题会。"
    );
    let r = a.analyze(&draft);
    let c = copies(&r);
    assert_eq!(
        spans(&c),
        vec![(
            "copy.passage".to_string(),
            range_of(&draft, core(&p)).0,
            range_of(&draft, core(&p)).1
        )],
        "{c:#?}"
    );
    let f = c[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.text, core(&p));
    // The paragraph is the 9th non-empty line of the seed.
    let para_no = up
        .lines()
        .filter(|l| !l.trim().is_empty())
        .position(|l| l.trim().starts_with(PARTY))
        .unwrap()
        + 1;
    assert!(
        f.message
            .contains(&format!("《上级讲话》第 {para_no} 段重复")),
        "{}",
        f.message
    );
    let cr = r.copy().unwrap();
    let span = &cr.spans[0];
    assert_eq!(span.name, "上级讲话");
    assert_eq!(span.paragraph, para_no);
    let up16: Vec<u16> = up.encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&up16[span.ref_start..span.ref_end]).unwrap(),
        core(&p)
    );
    let upc: Vec<char> = up.chars().collect();
    assert_eq!(
        upc[span.ref_start_char..span.ref_end_char]
            .iter()
            .collect::<String>(),
        core(&p)
    );
    assert!(span.excerpt.starts_with("党的十八大以来") && span.excerpt.ends_with('…'));
}

#[test]
fn changed_punctuation_and_inserted_words_still_one_span() {
    let up = upper();
    let p = paragraph(&up, PARTY);
    let a = with_refs(&[("上级讲话", &up)]);
    // Punctuation changed, quotation marks dropped, full-width spaces added, and three short
    // insertions (我市, 各级, 切实) inside the passage.
    let changed = p
        .replace('，', "、")
        .replace('。', "；")
        .replace(['“', '”'], "")
        .replacen("高度重视宣传和信息工作", "高度重视宣传和信息工作　", 1)
        .replacen("特别是把意识形态工作", "特别是我市把意识形态工作", 1)
        .replacen("事关国家长治久安", "事关各级国家长治久安", 1)
        .replacen("积极参政议政", "积极切实参政议政", 1);
    assert_ne!(changed, p);
    let draft = format!("开头一句自己的话，写了12个数字。{changed}结尾也是自己的话。");
    let r = a.analyze(&draft);
    let c = copies(&r);
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(&*c[0].rule, "copy.passage");
    assert_eq!(c[0].text, core(&changed));
}

#[test]
fn a_paraphrase_does_not_match() {
    let up = upper();
    let a = with_refs(&[("上级讲话", &up)]);
    // The same content as the seed's paragraph on why information work matters, rewritten.
    let draft =
        "十八大以后，中央对宣传工作和信息工作一直很重视，把宣传思想工作放在全局的重要位置，\
                 尤其强调意识形态工作关系党的前途和国家的长治久安。信息工作要围绕大局反映情况，\
                 当好领导的耳目和参谋。工商联联系民营经济人士，促进非公有制经济健康发展和非公有制\
                 经济人士健康成长是本职，做好思想政治工作和参政议政是职能所在。";
    let r = a.analyze(draft);
    assert!(copies(&r).is_empty(), "{:#?}", copies(&r));
    assert_eq!(r.copy().unwrap().share, 0.0);
}

#[test]
fn common_formulations_and_short_phrases_do_not_count() {
    let up = upper();
    let a = with_refs(&[("上级讲话", &up)]);
    // Phrases the seed contains too: formulations and stock phrases, all shorter than MIN_CHARS
    // once the formulations are taken out.
    let draft = "在全国上下深入开展学习贯彻习近平新时代中国特色社会主义思想主题教育的重要节点，\
                 我们举办了培训班。宣传信息工作的任务更重，责任更大。";
    let r = a.analyze(draft);
    assert!(copies(&r).is_empty(), "{:#?}", copies(&r));
}

#[test]
fn quotations_are_reported_as_quotation_not_copy() {
    let up = upper();
    let p = paragraph(&up, PARTY);
    let first = core(p.split('。').next().unwrap()).to_string();
    let a = with_refs(&[("上级讲话", &up)]);
    // 1. Inside quotation marks.
    let d1 = format!("讲话指出：“{first}。”我会据此制定了5项措施。");
    let r = a.analyze(&d1);
    let c = copies(&r);
    assert_eq!(spans(&c).len(), 1, "{c:#?}");
    assert_eq!(&*c[0].rule, "copy.quotation");
    assert_eq!(c[0].severity, Severity::Info);
    assert_eq!(c[0].text, first);
    assert!(c[0].message.contains("《上级讲话》"), "{}", c[0].message);
    let cr = r.copy().unwrap();
    assert_eq!((cr.chars, cr.share), (0, 0.0));
    assert!(cr.quoted >= MIN_CHARS);
    // 2. After 根据《…》 in the same sentence: quoted; the next sentence, copied too, is not.
    let second = core(p.split('。').nth(1).unwrap()).to_string();
    let d2 = format!("根据《上级讲话》要求，{first}。{second}。");
    let r = a.analyze(&d2);
    let c = copies(&r);
    assert_eq!(
        spans(&c),
        vec![
            (
                "copy.quotation".to_string(),
                range_of(&d2, &first).0,
                range_of(&d2, &first).1
            ),
            (
                "copy.passage".to_string(),
                range_of(&d2, &second).0,
                range_of(&d2, &second).1
            ),
        ],
        "{c:#?}"
    );
    // 3. 《…》指出 also cites.
    let d3 = format!("《上级讲话》指出，{first}。");
    assert_eq!(&*copies(&a.analyze(&d3))[0].rule, "copy.quotation");
}

#[test]
fn short_quoted_terms_do_not_split_a_copied_passage() {
    let up = upper();
    let p = paragraph(&up, "（一）做好宣传信息工作");
    assert!(p.contains("“两个维护”"));
    let a = with_refs(&[("上级讲话", &up)]);
    let draft = format!("我们认为，{p}");
    let c = copies(&a.analyze(&draft))
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(&*c[0].rule, "copy.passage");
    assert_eq!(
        c[0].text,
        core(&p)
            .trim_start_matches("（一）")
            .trim_start_matches(|c: char| !c.is_alphanumeric())
    );
}

#[test]
fn empty_and_oversized_references_are_refused() {
    let e = ReferenceSet::new(vec![Reference::new("空", "")]).unwrap_err();
    assert_eq!(e.errors, vec![CopyError::Empty { name: "空".into() }]);
    let e = ReferenceSet::new(vec![Reference::new("标点", "，。 \r\n——…😀")]).unwrap_err();
    assert!(matches!(e.errors[0], CopyError::Empty { .. }));
    assert!(e
        .to_string()
        .starts_with("参考文件《标点》没有可比对的文字"));
    assert!(e.to_string().contains("(Reference \"标点\" has no text"));
    // An empty set is allowed and changes nothing: no `copy` in the report.
    let a = base().with_reference_texts(Vec::new()).unwrap();
    let r = a.analyze("今年我局各项工作再上新台阶。");
    assert!(r.copy().is_none());
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&base().analyze("今年我局各项工作再上新台阶。")).unwrap()
    );
    // ≥ 1 MB in one reference: refused with the cap.
    let up = upper();
    let mut huge = String::new();
    while huge.len() < 1_100_000 {
        huge.push_str(&up);
    }
    let e = ReferenceSet::new(vec![Reference::new("巨大", huge.clone())]).unwrap_err();
    assert!(
        matches!(&e.errors[0], CopyError::TooLong { name, chars } if name == "巨大" && *chars > MAX_REFERENCE_CHARS),
        "{e}"
    );
    assert!(e.to_string().contains("超过每份 200000 字的上限"), "{e}");
    // 100,000 characters: accepted, and a copy from its end is found.
    let hundred_k: String = huge.chars().take(100_000).collect();
    let tail: String = up
        .lines()
        .rev()
        .find(|l| l.chars().count() > 60)
        .unwrap()
        .to_string();
    let a = base()
        .with_reference_texts(vec![Reference::new("十万字", hundred_k.clone())])
        .unwrap();
    assert!(hundred_k.contains(&tail));
    assert!(!copies(&a.analyze(&tail)).is_empty());
    // Too many, too much in all, duplicate names, overlong names.
    let many: Vec<Reference> = (0..=MAX_REFERENCES)
        .map(|i| Reference::new(format!("r{i}"), "正文内容"))
        .collect();
    let e = ReferenceSet::new(many).unwrap_err();
    assert_eq!(
        e.errors[0],
        CopyError::TooMany {
            count: MAX_REFERENCES + 1
        }
    );
    let big: String = huge.chars().take(MAX_REFERENCE_CHARS).collect();
    let e = ReferenceSet::new(
        (0..6)
            .map(|i| Reference::new(format!("大{i}"), big.clone()))
            .collect(),
    )
    .unwrap_err();
    assert_eq!(
        e.errors,
        vec![CopyError::TotalTooLong {
            chars: 6 * MAX_REFERENCE_CHARS
        }]
    );
    const { assert!(6 * MAX_REFERENCE_CHARS > MAX_TOTAL_CHARS) };
    let e = ReferenceSet::new(vec![
        Reference::new("《通知》", "甲"),
        Reference::new("通知", "乙"),
    ])
    .unwrap_err();
    assert_eq!(
        e.errors,
        vec![CopyError::DuplicateName {
            name: "通知".into()
        }]
    );
    let e = ReferenceSet::new(vec![Reference::new("名".repeat(81), "甲")]).unwrap_err();
    assert!(matches!(e.errors[0], CopyError::NameTooLong { .. }));
    // Unnamed references are numbered.
    let s = ReferenceSet::new(vec![Reference::new("", "甲"), Reference::new(" ", "乙")]).unwrap();
    assert_eq!(s.names().collect::<Vec<_>>(), ["参考文件1", "参考文件2"]);
}

#[test]
fn offsets_with_astral_characters_emoji_bom_and_crlf() {
    let reference = "第一段😀。\r\n\r\n𠮷野家连锁餐饮企业在全市新开设门店十二家，😀带动就业三百余人，\r\n其中吸纳高校毕业生一百二十人、退役军人三十五人。\r\n";
    let a = with_refs(&[("邻县稿件", reference)]);
    let draft = "\u{FEFF}😀开头。\r\n本县情况：𠮷野家连锁餐饮企业在全市新开设门店十二家，带动就业三百余人，其中吸纳高校毕业生一百二十人、退役军人三十五人。\r\n";
    let r = a.analyze(draft);
    let c = copies(&r);
    assert_eq!(c.len(), 1, "{c:#?}");
    let f = c[0];
    let want = "𠮷野家连锁餐饮企业在全市新开设门店十二家，带动就业三百余人，其中吸纳高校毕业生一百二十人、退役军人三十五人";
    assert_eq!(f.text, want);
    assert_eq!(&draft[f.start_byte..f.end_byte], want);
    let d16: Vec<u16> = draft.encode_utf16().collect();
    assert_eq!(String::from_utf16(&d16[f.start..f.end]).unwrap(), want);
    let s = &r.copy().unwrap().spans[0];
    assert_eq!(
        (s.start, s.end, s.start_byte, s.end_byte),
        (f.start, f.end, f.start_byte, f.end_byte)
    );
    assert_eq!(s.paragraph, 2);
    let r16: Vec<u16> = reference.encode_utf16().collect();
    let in_ref = String::from_utf16(&r16[s.ref_start..s.ref_end]).unwrap();
    assert!(
        in_ref.starts_with("𠮷野家") && in_ref.ends_with("退役军人三十五人"),
        "{in_ref}"
    );
    assert!(in_ref.contains("😀带动") && in_ref.contains("\r\n其中"));
    let rc: Vec<char> = reference.chars().collect();
    assert_eq!(
        rc[s.ref_start_char..s.ref_end_char]
            .iter()
            .collect::<String>(),
        in_ref
    );
    // 𠮷 and 😀 are two UTF-16 units but one character.
    assert_eq!(
        s.ref_end - s.ref_start,
        s.ref_end_char - s.ref_start_char + 2
    );
}

#[test]
fn multiple_references_name_the_right_one() {
    let up = upper();
    let other = seed("002_abd774e1b1ce4112.txt");
    let third = seed("004_3eabea46167f2bd1.txt");
    let a = with_refs(&[
        ("工商联讲话", &up),
        ("组工信息讲话", &other),
        ("第三份", &third),
    ]);
    let p1 = paragraph(
        &up,
        &format!("同志们，{}", &CHANNEL[..CHANNEL.find('是').unwrap()]),
    );
    let p2 = paragraph(&other, "今天的培训，首次邀请");
    let draft = format!("{p2}\n我们自己的工作有3项。\n{p1}");
    let r = a.analyze(&draft);
    let c = copies(&r);
    assert_eq!(c.len(), 2, "{c:#?}");
    assert!(
        c[0].message.contains("《组工信息讲话》"),
        "{}",
        c[0].message
    );
    assert!(c[1].message.contains("《工商联讲话》"), "{}", c[1].message);
    let cr = r.copy().unwrap();
    assert_eq!(
        cr.spans.iter().map(|s| s.reference).collect::<Vec<_>>(),
        vec![1, 0]
    );
    assert_eq!(cr.references.len(), 3);
    assert_eq!(cr.references[2].copied, 0);
    assert_eq!(cr.references[0].copied + cr.references[1].copied, cr.chars);
}

#[test]
fn share_counts_copied_characters() {
    let up = upper();
    let p = core(&paragraph(&up, PARTY)).to_string();
    let own = "我会今年一季度编发信息36期，被市委办采用9篇，其中问题建议类4篇。";
    let a = with_refs(&[("上级讲话", &up)]);
    let draft = format!("{own}\n{p}。");
    let r = a.analyze(&draft);
    let cr = r.copy().unwrap();
    let count = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    assert_eq!(cr.draft_chars, count(&draft));
    assert_eq!(cr.chars, count(&p));
    let want = ((count(&p) as f64 / count(&draft) as f64) * 1000.0).round() / 1000.0;
    assert_eq!(cr.share, want);
    assert_eq!(cr.references[0].share, want);
    // The score: the copy category's penalty is 50 × share, and half copied caps the total at 59.
    let cs = &r.score.by_category["copy"];
    assert_eq!(cs.count, 1);
    assert_eq!(
        cs.penalty,
        ((50.0 * cr.share).min(40.0) * 10.0).round() / 10.0
    );
    assert!(cr.share > 0.5 && r.score.total <= 59, "{:?}", r.score);
    // Without references: no copy category at all.
    assert!(!base()
        .analyze(&draft)
        .score
        .by_category
        .contains_key("copy"));
}

#[test]
fn json_has_copy_only_with_references() {
    let up = upper();
    let p = paragraph(&up, PARTY);
    let plain = serde_json::to_value(base().analyze(&p)).unwrap();
    assert!(plain.get("copy").is_none());
    let a = with_refs(&[("上级讲话", &up)]);
    let report = a.analyze(&p);
    let s = serde_json::to_string(&report).unwrap();
    let at = |k: &str| s.find(&format!("\"{k}\":")).unwrap();
    assert!(at("findings") < at("score") && at("stats") < at("alignment"));
    assert!(s.ends_with('}') && at("alignment") < s.rfind("\"copy\":{\"share\"").unwrap());
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["copy"]["spans"][0]["name"], "上级讲话");
    assert_eq!(v["copy"]["share"], 1);
    assert!(v["score"].get("copy").is_none());
    assert_eq!(v["score"]["by_category"]["copy"]["count"], 1);
    // Round trip.
    let back: Report = serde_json::from_value(v).unwrap();
    assert_eq!(back, report);
    assert_eq!(back.copy(), report.copy());
}

#[test]
fn rules_list_and_disable() {
    let rules = base().rules();
    for id in ["copy.passage", "copy.quotation"] {
        let r = rules.iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.category, Category::Copy);
        assert!(!r.disabled && !r.message.is_empty() && !r.advice.is_empty());
    }
    let up = upper();
    let p = paragraph(&up, PARTY);
    let set = || ReferenceSet::new(vec![Reference::new("上级讲话", up.clone())]).unwrap();
    let off = base()
        .reconfigure(Config {
            year: 2026,
            disabled: vec!["copy".into()],
            ..Config::default()
        })
        .unwrap()
        .with_references(set());
    assert!(off
        .rules()
        .iter()
        .filter(|r| r.category == Category::Copy)
        .all(|r| r.disabled));
    let r = off.analyze(&p);
    assert!(copies(&r).is_empty() && r.copy().is_none());
    let no_quotes = base()
        .reconfigure(Config {
            year: 2026,
            disabled: vec!["copy.quotation".into()],
            ..Config::default()
        })
        .unwrap()
        .with_references(set());
    let first = core(p.split('。').next().unwrap()).to_string();
    assert!(copies(&no_quotes.analyze(&format!("讲话指出：“{first}。”"))).is_empty());
    assert_eq!(&*copies(&no_quotes.analyze(&p))[0].rule, "copy.passage");
    // reconfigure keeps the references; without_references drops them.
    assert!(no_quotes.references().is_some());
    assert!(no_quotes.without_references().analyze(&p).copy().is_none());
}

/// The examples of rules/copy.toml, each against the rule's own reference.
#[test]
fn copy_rule_examples() {
    let rules = base().copy_rules();
    assert_eq!(rules.len(), 2);
    let mut problems = Vec::new();
    for rule in rules {
        assert!(
            !rule.fail.is_empty() && !rule.pass.is_empty(),
            "{}",
            rule.id
        );
        let a = with_refs(&[(&rule.reference_name, &rule.reference)]);
        for ex in &rule.fail {
            let (text, want) =
                common::parse_marked(ex).unwrap_or_else(|e| panic!("{}: {e}", rule.id));
            let r = a.analyze(&text);
            let got: BTreeSet<(usize, usize)> = common::findings_of(&r, &rule.id)
                .map(|f| (f.start_byte, f.end_byte))
                .collect();
            if got != want.iter().copied().collect() {
                problems.push(format!(
                    "{}: fail example {ex}\n    got {:?}",
                    rule.id,
                    got.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>()
                ));
            }
        }
        for ex in &rule.pass {
            problems.extend(common::pass_example_problem(&a, &rule.id, ex));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every seed and every labelled draft of the project, written independently of each other.
fn corpus() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for dir in [
        "../shared/seeds",
        "tests/devset/drafts",
        "tests/heldout/drafts",
        "tests/testset/drafts",
    ] {
        let mut fs: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        fs.sort();
        for f in fs {
            let mut t = std::fs::read_to_string(&f).unwrap().replace('⟧', "");
            for c in ["cliche|", "claim|", "residue|", "stale|", "style|"] {
                t = t.replace(&format!("⟦{c}"), "");
            }
            out.push((
                format!("{dir}/{}", f.file_name().unwrap().to_string_lossy()),
                t,
            ));
        }
    }
    out
}

/// The threshold's evidence: every document against all the others (73 documents, 5,256 ordered
/// pairs) reports only two shared passages: a template-site watermark pasted into two documents
/// (really copied) and one stock opening of speeches (会议…主要任务是深入学习贯彻…精神，总结去年工作，
/// 部署今年任务, 37 characters). Stock phrases such as 思想上高度重视、行动上迅速跟进、措施上务求实效
/// (24 characters shared by three speeches) stay under MIN_CHARS.
#[test]
fn independent_documents_do_not_match() {
    let docs = corpus();
    assert!(docs.len() >= 70);
    let mut found = BTreeSet::new();
    for (i, (_, text)) in docs.iter().enumerate() {
        for chunk in docs.chunks(MAX_REFERENCES).map(|c| c.to_vec()) {
            let refs: Vec<Reference> = chunk
                .into_iter()
                .filter(|(n, _)| *n != docs[i].0)
                .map(|(n, t)| Reference::new(n, t))
                .collect();
            let a = base().with_reference_texts(refs).unwrap();
            for f in copies(&a.analyze(text)) {
                found.insert(
                    core(&f.text)
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .take(8)
                        .collect::<String>(),
                );
            }
        }
    }
    let allowed: BTreeSet<String> = ["申明敬告本站不保", "工作会议主要任务"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(found.is_subset(&allowed), "unexpected matches: {found:?}");
}
