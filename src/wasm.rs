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

// Builds the findings of a report in JS from one string holding all their strings and a table of
// numbers. The object is exactly what serde-wasm-bindgen makes of `Report` (same keys in the same
// order, same values; the wasm tests compare both with the CLI's JSON), but each string is a slice
// of one decoded string instead of a TextDecoder call and a property set across the boundary per
// field, which was ~20% of `analyze` for a dense 10,000-character draft.
#[wasm_bindgen(inline_js = r#"
export function wenfengReport(joined, lens, nums, score, stats, alignment, copy) {
  const findings = new Array(nums.length / 5);
  let at = 0;
  let s = 0;
  const next = () => {
    const v = joined.slice(at, at + lens[s]);
    at += lens[s++];
    return v;
  };
  for (let i = 0, f = 0; i < nums.length; i += 5, f++) {
    const rule = next();
    const category = next();
    const severity = next();
    const text = next();
    const message = next();
    const advice = next();
    const replacements = new Array(nums[i + 4]);
    for (let k = 0; k < replacements.length; k++) replacements[k] = next();
    findings[f] = {
      rule, category, severity,
      start: nums[i], end: nums[i + 1], start_byte: nums[i + 2], end_byte: nums[i + 3],
      text, message, advice, replacements,
    };
  }
  const report = { findings, score, stats, alignment };
  if (copy !== undefined) report.copy = copy;
  return report;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = wenfengReport)]
    #[allow(clippy::too_many_arguments)]
    fn wenfeng_report(
        joined: &str,
        lens: &[u32],
        nums: &[u32],
        score: JsValue,
        stats: JsValue,
        alignment: JsValue,
        copy: JsValue,
    ) -> JsValue;
}

/// The report as a plain object (see `wenfengReport`): every string of the findings in one
/// string, with their UTF-16 lengths, and five numbers per finding.
fn report_to_js(r: &Report) -> Result<JsValue, JsError> {
    let mut joined = String::new();
    let mut lens: Vec<u32> = Vec::new();
    let mut nums: Vec<u32> = Vec::with_capacity(r.findings.len() * 5);
    let mut push = |s: &str| {
        joined.push_str(s);
        lens.push(s.chars().map(|c| c.len_utf16() as u32).sum());
    };
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    for f in &r.findings {
        push(&f.rule);
        push(f.category.as_str());
        push(f.severity.as_str());
        push(&f.text);
        push(&f.message);
        push(&f.advice);
        for s in &f.replacements {
            push(s);
        }
        nums.extend([
            n(f.start),
            n(f.end),
            n(f.start_byte),
            n(f.end_byte),
            n(f.replacements.len()),
        ]);
    }
    let copy = match &r.copy {
        Some(c) => to_js(c)?,
        None => JsValue::UNDEFINED,
    };
    Ok(wenfeng_report(
        &joined,
        &lens,
        &nums,
        to_js(&r.score)?,
        to_js(&r.stats)?,
        to_js(&r.alignment)?,
        copy,
    ))
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
