//! wasm-bindgen surface: a thin `Wenfeng` class over [`crate::Analyzer`]. No logic lives here.

use crate::topics::{self, TopicFormat, TopicList};
use crate::{Analyzer, Config};
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

/// The analyzer for JavaScript: `new Wenfeng(config?)`, `analyze(text)`, `setTopics(text, format)`,
/// `rules()`, `version()`.
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
        to_js(&self.analyzer.analyze(text))
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

    /// The crate version.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}
