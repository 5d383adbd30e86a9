//! wasm-bindgen surface: a thin `Wenfeng` class over [`crate::Analyzer`]. No logic lives here.

use crate::copy::{Reference, ReferenceSet};
use crate::topics::{self, TopicFormat, TopicList};
use crate::{Analyzer, Config, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            JsError::new(&format!(
                "结果无法转换为 JS 对象 (cannot convert result): {e}"
            ))
        })
}

// Builds the findings and the topic alignment of a report in JS from one string holding the
// distinct strings they use and tables of numbers. The object is exactly what serde-wasm-bindgen
// makes of `Report` (same keys in the same order, same values; the wasm tests compare both with the
// CLI's JSON), but each string is a slice of one decoded string instead of a TextDecoder call and
// a property set across the boundary per field (the handover was ~20% of `analyze` for a dense
// 10,000-character draft).
#[wasm_bindgen(inline_js = r#"
export function wenfengReport(joined, lens, nums, anums, score, stats, copy) {
  const strs = new Array(lens.length);
  for (let i = 0, at = 0; i < lens.length; i++) {
    strs[i] = joined.slice(at, at + lens[i]);
    at += lens[i];
  }
  const findings = [];
  for (let i = 0; i < nums.length; ) {
    const n = nums[i + 10];
    const replacements = new Array(n);
    for (let k = 0; k < n; k++) replacements[k] = strs[nums[i + 11 + k]];
    findings.push({
      rule: strs[nums[i]], category: strs[nums[i + 1]], severity: strs[nums[i + 2]],
      start: nums[i + 3], end: nums[i + 4], start_byte: nums[i + 5], end_byte: nums[i + 6],
      text: strs[nums[i + 7]], message: strs[nums[i + 8]], advice: strs[nums[i + 9]],
      replacements,
    });
    i += 11 + n;
  }
  // The alignment: see `alignment_nums`.
  const a = anums;
  let k = 0;
  const year = a[k++] | 0, list = strs[a[k++]], ascore = a[k++], summary = strs[a[k++]];
  const topics = new Array(a[k++]);
  for (let t = 0; t < topics.length; t++) {
    const id = strs[a[k++]], title = strs[a[k++]], tscore = a[k++], covered = a[k++] === 1;
    const evidence = new Array(a[k++]);
    for (let e = 0; e < evidence.length; e++) {
      evidence[e] = { start: a[k++], end: a[k++], text: strs[a[k++]] };
    }
    topics[t] = { id, title, score: tscore, covered, evidence };
  }
  const paragraphs = new Array(a[k++]);
  for (let p = 0; p < paragraphs.length; p++) {
    const start = a[k++], end = a[k++], topic = a[k++];
    paragraphs[p] = { start, end, topic: topic === 0xFFFFFFFF ? null : strs[topic] };
  }
  const alignment = { year, list, score: ascore, summary, topics, paragraphs };
  const report = { findings, score, stats, alignment };
  if (copy !== undefined) report.copy = copy;
  return report;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = wenfengReport)]
    fn wenfeng_report(
        joined: &str,
        lens: &[u32],
        nums: &[u32],
        anums: &[u32],
        score: JsValue,
        stats: JsValue,
        copy: JsValue,
    ) -> JsValue;
}

/// The strings of a report for `wenfengReport`: concatenated, with their UTF-16 lengths.
#[derive(Default)]
struct Table {
    joined: String,
    lens: Vec<u32>,
}

impl Table {
    /// Adds `s`; its index.
    fn add(&mut self, s: &str) -> u32 {
        self.add_sized(s, s.chars().map(|c| c.len_utf16()).sum())
    }

    /// Adds `s`, whose UTF-16 length is known (a span's text: its end minus its start).
    fn add_sized(&mut self, s: &str, utf16_len: usize) -> u32 {
        self.joined.push_str(s);
        self.lens.push(num(utf16_len));
        num(self.lens.len() - 1)
    }
}

/// A count or offset as a table number (saturating; nothing in a report comes near 2³²).
fn num(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// The report as a plain object (see `wenfengReport`): the findings' and the alignment's strings
/// in one string with their UTF-16 lengths — a rule's id, message and advice once per rule unless
/// they differ — and per finding eleven numbers (string indices and offsets) plus its
/// replacements' indices; the alignment as [`alignment_nums`].
fn report_to_js(r: &Report) -> Result<JsValue, JsError> {
    use crate::finding::{Category, Severity};
    use std::collections::HashMap;
    let mut t = Table::default();
    // Per rule id: its index and the last message and advice added for it.
    let mut per_rule: HashMap<&str, (u32, (&str, u32), (&str, u32))> = HashMap::new();
    let cat: Vec<u32> = Category::ALL.iter().map(|c| t.add(c.as_str())).collect();
    let sev: Vec<u32> = [Severity::Info, Severity::Warning, Severity::Error]
        .iter()
        .map(|s| t.add(s.as_str()))
        .collect();
    let mut nums: Vec<u32> = Vec::with_capacity(r.findings.len() * 11);
    for f in &r.findings {
        let entry = per_rule.entry(&f.rule).or_insert_with(|| {
            let id = t.add(&f.rule);
            let m = t.add(&f.message);
            let a = t.add(&f.advice);
            (id, (&*f.message, m), (&*f.advice, a))
        });
        if entry.1 .0 != &*f.message {
            entry.1 = (&f.message, t.add(&f.message));
        }
        if entry.2 .0 != &*f.advice {
            entry.2 = (&f.advice, t.add(&f.advice));
        }
        let (rule, message, advice) = (entry.0, entry.1 .1, entry.2 .1);
        let category = cat[Category::ALL
            .iter()
            .position(|&c| c == f.category)
            .unwrap_or(0)];
        let severity = match f.severity {
            Severity::Info => sev[0],
            Severity::Warning => sev[1],
            Severity::Error => sev[2],
        };
        let text = t.add_sized(&f.text, f.end - f.start);
        nums.extend([
            rule,
            category,
            severity,
            num(f.start),
            num(f.end),
            num(f.start_byte),
            num(f.end_byte),
            text,
            message,
            advice,
            num(f.replacements.len()),
        ]);
        for s in &f.replacements {
            nums.push(t.add(s));
        }
    }
    let copy = match &r.copy {
        Some(c) => to_js(c)?,
        None => JsValue::UNDEFINED,
    };
    let anums = alignment_nums(&r.alignment, &mut t);
    Ok(wenfeng_report(
        &t.joined,
        &t.lens,
        &nums,
        &anums,
        to_js(&r.score)?,
        to_js(&r.stats)?,
        copy,
    ))
}

/// The alignment as numbers for `wenfengReport` (strings as indices into `t`): year, list,
/// score, summary, the topic count, per topic its id, title, score, covered (0/1), evidence count
/// and per evidence start, end and text; then the paragraph count and per paragraph start, end
/// and topic id (`u32::MAX` for none).
fn alignment_nums(al: &topics::Alignment, t: &mut Table) -> Vec<u32> {
    let mut a = vec![
        al.year as u32,
        t.add(&al.list),
        al.score,
        t.add(&al.summary),
    ];
    a.push(num(al.topics.len()));
    let mut ids: Vec<(&str, u32)> = Vec::with_capacity(al.topics.len());
    for tp in &al.topics {
        let id = t.add(&tp.id);
        ids.push((&tp.id, id));
        a.extend([id, t.add(&tp.title), tp.score, u32::from(tp.covered)]);
        a.push(num(tp.evidence.len()));
        for e in &tp.evidence {
            a.extend([
                num(e.start),
                num(e.end),
                t.add_sized(&e.text, e.end - e.start),
            ]);
        }
    }
    a.push(num(al.paragraphs.len()));
    for p in &al.paragraphs {
        let topic = p.topic.as_deref().map_or(u32::MAX, |topic| {
            ids.iter()
                .find(|(id, _)| *id == topic)
                .map_or_else(|| t.add(topic), |&(_, i)| i)
        });
        a.extend([num(p.start), num(p.end), topic]);
    }
    a
}

/// The result of `setReferences`: `{ok, errors: [{name, message}]}`.
#[derive(Serialize)]
struct ReferencesResult {
    ok: bool,
    errors: Vec<ReferenceError>,
}

#[derive(Serialize)]
struct ReferenceError {
    /// The reference concerned, when the error is about one.
    name: Option<String>,
    message: String,
}

/// The analyzer for JavaScript: `new Wenfeng(config?)`, `analyze(text)`, `setTopics(text, format)`,
/// `setReferences([{name, text}])`, `clearReferences()`, `docxText(bytes)`, `rules()`, `version()`.
#[wasm_bindgen]
pub struct Wenfeng {
    analyzer: Analyzer,
}

#[wasm_bindgen]
impl Wenfeng {
    /// Builds the analyzer. `config` is an optional object with the fields of [`Config`]
    /// (`year`, `disabled`, `long_sentence`, `whitelist` …); bad settings throw an `Error`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Wenfeng, JsError> {
        console_error_panic_hook::set_once();
        let config: Config = if config.is_undefined() || config.is_null() {
            Config::default()
        } else {
            serde_wasm_bindgen::from_value(config)
                .map_err(|e| JsError::new(&format!("设置无效：{e} (invalid settings: {e})")))?
        };
        let analyzer = Analyzer::new(config).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Wenfeng { analyzer })
    }

    /// Analyses `text`; returns the CLI's JSON report as a plain object.
    pub fn analyze(&self, text: &str) -> Result<JsValue, JsError> {
        report_to_js(&self.analyzer.analyze(text))
    }

    /// Replaces the topic list: `format` is `"toml"`, `"json"`, `"text"` (or `"plain"`) or
    /// `"auto"`. Returns `{ok, errors:[{line, column, field, message}]}`; on errors the previous
    /// list stays in use.
    #[wasm_bindgen(js_name = setTopics)]
    pub fn set_topics(&mut self, text: &str, format: &str) -> Result<JsValue, JsError> {
        let fmt = match format {
            "plain" => TopicFormat::Text,
            f => TopicFormat::from_name(f).ok_or_else(|| {
                JsError::new(&format!(
                    "未知的选题清单格式“{f}”，可用 toml、json、text、auto。 (unknown topic-list format \"{f}\")"
                ))
            })?,
        };
        match TopicList::parse(text, fmt) {
            Ok(list) => {
                self.analyzer = self.analyzer.with_topics(list);
                to_js(&topics::Validation {
                    ok: true,
                    errors: Vec::new(),
                })
            }
            Err(e) => to_js(&topics::Validation {
                ok: false,
                errors: e.errors,
            }),
        }
    }

    /// Restores the shipped topic list.
    #[wasm_bindgen(js_name = resetTopics)]
    pub fn reset_topics(&mut self) {
        self.analyzer = self.analyzer.with_topics(TopicList::builtin());
    }

    /// Loads reference documents, `[{name, text}]`: drafts are then checked for passages copied
    /// from them (category `copy`, and the report's `copy` field). Returns `{ok, errors:[{name,
    /// message}]}`; on errors the previous set stays in use. An empty list clears the set.
    #[wasm_bindgen(js_name = setReferences)]
    pub fn set_references(&mut self, list: JsValue) -> Result<JsValue, JsError> {
        let refs: Vec<Reference> = serde_wasm_bindgen::from_value(list).map_err(|e| {
            JsError::new(&format!(
                "参考文件列表应为 [{{name, text}}] 形式：{e} (references must be a list of {{name, text}}: {e})"
            ))
        })?;
        match ReferenceSet::new(refs) {
            Ok(set) => {
                self.analyzer = if set.is_empty() {
                    self.analyzer.without_references()
                } else {
                    self.analyzer.with_references(set)
                };
                to_js(&ReferencesResult {
                    ok: true,
                    errors: Vec::new(),
                })
            }
            Err(e) => to_js(&ReferencesResult {
                ok: false,
                errors: e
                    .errors
                    .iter()
                    .map(|err| ReferenceError {
                        name: match err {
                            crate::copy::CopyError::TooLong { name, .. }
                            | crate::copy::CopyError::Empty { name }
                            | crate::copy::CopyError::NameTooLong { name }
                            | crate::copy::CopyError::DuplicateName { name } => Some(name.clone()),
                            _ => None,
                        },
                        message: err.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    /// Drops the reference documents.
    #[wasm_bindgen(js_name = clearReferences)]
    pub fn clear_references(&mut self) {
        self.analyzer = self.analyzer.without_references();
    }

    /// The plain text of a `.docx` file (one line per paragraph); throws a clear `Error` when the
    /// bytes are not a readable .docx.
    #[wasm_bindgen(js_name = docxText)]
    pub fn docx_text(bytes: &[u8]) -> Result<String, JsError> {
        crate::copy::docx_text(bytes).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Every rule with id, category, family, severity, tier, message, advice.
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(&self.analyzer.rules())
    }

    /// Benchmark baseline: a bare jieba-rs `cut` of `text` with the same dictionary; returns the
    /// token count. Not used by the analysis itself.
    #[wasm_bindgen(js_name = benchCut)]
    pub fn bench_cut(&self, text: &str) -> usize {
        self.analyzer.segmenter().jieba().cut(text, true).len()
    }

    /// Benchmark helper: analyses `text` without converting the report to JS; returns the number
    /// of findings. `analyze` minus this is the cost of handing the report to JS.
    #[wasm_bindgen(js_name = benchAnalyzeNative)]
    pub fn bench_analyze_native(&self, text: &str) -> usize {
        self.analyzer.analyze(text).findings.len()
    }

    /// The crate version.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}
