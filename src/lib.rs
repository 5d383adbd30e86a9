//! # Wenfeng (文风)
//!
//! An offline checker for Chinese official and publicity drafts: 套话/空话, unsupported claims,
//! template residue, stale references and style problems, each finding with a message, advice and
//! offsets in both UTF-8 bytes and UTF-16 code units.
//!
//! ```
//! use wenfeng::{Analyzer, Config};
//! let analyzer = Analyzer::new(Config { year: 2026, ..Config::default() }).unwrap();
//! let report = analyzer.analyze("在上级的正确领导下，我局各项工作再上新台阶。");
//! assert!(report.findings.iter().any(|f| f.rule.starts_with("cliche.")));
//! ```

#![warn(missing_docs)]

pub mod config;
mod engine;
pub mod finding;
pub mod rules;
pub mod score;
pub mod segment;
pub mod text;
pub mod topics;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::{Config, ConfigError};
pub use finding::{Category, Finding, Severity};
pub use score::{CategoryScore, Score};

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Counts describing the analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Non-whitespace characters.
    pub chars: usize,
    /// Sentences.
    pub sentences: usize,
    /// Paragraphs (non-empty lines).
    pub paragraphs: usize,
}

/// The result of one analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Findings ordered by position.
    pub findings: Vec<Finding>,
    /// The 文风 score.
    pub score: Score,
    /// Text counts.
    pub stats: Stats,
    /// Alignment with the analyzer's topic list (年度重点选题).
    #[serde(default)]
    pub alignment: topics::Alignment,
}

/// A rule as listed by `wenfeng rules`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// Stable id.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Family (Chinese display group).
    pub family: String,
    /// Severity.
    pub severity: Severity,
    /// `hard`/`soft` for clichés.
    pub tier: Option<rules::Tier>,
    /// What the rule flags.
    pub message: String,
    /// How to rewrite.
    pub advice: String,
    /// Number of lexicon terms (0 for patterns and builtins).
    pub terms: usize,
    /// Whether the current config switches it off.
    pub disabled: bool,
}

/// The analyzer: compiled rules, dictionaries and settings. Immutable, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Analyzer {
    inner: Arc<engine::Engine>,
    config: Config,
    disabled: Arc<Vec<bool>>,
    whitelist: Option<Arc<aho_corasick::AhoCorasick>>,
    topics: Arc<topics::TopicIndex>,
}

impl Analyzer {
    /// Builds an analyzer; fails on an unknown rule id in `config.disabled` or bad thresholds.
    pub fn new(config: Config) -> Result<Analyzer, ConfigError> {
        let inner = engine::Engine::new().map_err(ConfigError::RuleData)?;
        let topics = topics::default_index().map_err(ConfigError::RuleData)?;
        Self::with_engine(Arc::new(inner), config, topics)
    }

    /// A new analyzer with other settings, sharing this one's compiled rules (cheap).
    pub fn reconfigure(&self, config: Config) -> Result<Analyzer, ConfigError> {
        Self::with_engine(self.inner.clone(), config, self.topics.clone())
    }

    /// A new analyzer aligning drafts with `list` instead, sharing everything else (cheap). Lists
    /// are validated when parsed, so this cannot fail; `self` is untouched.
    pub fn with_topics(&self, list: topics::TopicList) -> Analyzer {
        Analyzer {
            topics: Arc::new(topics::TopicIndex::new(list)),
            ..self.clone()
        }
    }

    /// The topic list drafts are aligned with.
    pub fn topics(&self) -> &topics::TopicList {
        &self.topics.list
    }

    fn with_engine(
        inner: Arc<engine::Engine>,
        config: Config,
        topics: Arc<topics::TopicIndex>,
    ) -> Result<Analyzer, ConfigError> {
        if !(1900..=2200).contains(&config.year) {
            return Err(ConfigError::OutOfRange {
                field: "year",
                allowed: "1900–2200",
            });
        }
        if !(10..=10_000).contains(&config.long_sentence) {
            return Err(ConfigError::OutOfRange {
                field: "long_sentence",
                allowed: "10–10000",
            });
        }
        if !(2..=50).contains(&config.diary_run) {
            return Err(ConfigError::OutOfRange {
                field: "diary_run",
                allowed: "2–50",
            });
        }
        if !(2..=50).contains(&config.must_wall_run) {
            return Err(ConfigError::OutOfRange {
                field: "must_wall_run",
                allowed: "2–50",
            });
        }
        let rules = &inner.rules.rules;
        let mut disabled = vec![false; rules.len()];
        for d in &config.disabled {
            let d = d.trim();
            if d.is_empty() {
                continue;
            }
            let mut any = false;
            for (i, r) in rules.iter().enumerate() {
                let hit = r.category.as_str() == d
                    || r.id == d
                    || (r.id.starts_with(d) && r.id.as_bytes().get(d.len()) == Some(&b'.'));
                if hit {
                    disabled[i] = true;
                    any = true;
                }
            }
            if !any {
                return Err(ConfigError::UnknownRule(d.to_string()));
            }
        }
        let words: Vec<&str> = config
            .whitelist
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
            .collect();
        let whitelist = if words.is_empty() {
            None
        } else {
            Some(Arc::new(aho_corasick::AhoCorasick::new(&words).map_err(
                |_| ConfigError::OutOfRange {
                    field: "whitelist",
                    allowed: "a list of phrases",
                },
            )?))
        };
        Ok(Analyzer {
            inner,
            config,
            disabled: Arc::new(disabled),
            whitelist,
            topics,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Analyses `text`. Never panics; any input is fine.
    pub fn analyze(&self, text: &str) -> Report {
        self.inner.analyze(
            text,
            &self.config,
            &self.disabled,
            self.whitelist.as_deref(),
            &self.topics,
        )
    }

    /// Every rule with its metadata.
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.inner
            .rules
            .rules
            .iter()
            .zip(self.disabled.iter())
            .map(|(r, &disabled)| RuleInfo {
                id: r.id.clone(),
                category: r.category,
                family: r.family.clone(),
                severity: r.effective_severity(),
                tier: r.tier,
                message: r.message.clone(),
                advice: r.advice.clone(),
                terms: r.terms.len(),
                disabled,
            })
            .collect()
    }

    /// The segmenter (shared with topic alignment and tools).
    pub fn segmenter(&self) -> &segment::Segmenter {
        &self.inner.segmenter
    }

    /// The compiled rule specs (for tests and tools).
    pub fn rule_specs(&self) -> &[rules::RuleSpec] {
        &self.inner.rules.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn analyzer_is_send_sync() {
        assert_send_sync::<Analyzer>();
    }

    #[test]
    fn unknown_disable_is_an_error() {
        let e = Analyzer::new(Config {
            disabled: vec!["cliche.nope".into()],
            ..Config::default()
        })
        .unwrap_err();
        assert!(matches!(e, ConfigError::UnknownRule(_)));
        assert!(e.to_string().contains("cliche.nope"));
    }
}
