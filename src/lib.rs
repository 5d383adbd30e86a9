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
pub mod copy;
mod engine;
pub mod finding;
pub mod literals;
pub mod rules;
pub mod score;
pub mod segment;
pub mod text;
pub mod topics;
#[cfg(target_arch = "wasm32")]
mod wasm;

/// A seeded xorshift generator for the randomised unit tests.
#[cfg(test)]
pub(crate) struct TestRng(pub u64);

#[cfg(test)]
impl TestRng {
    /// A number in `0..n`.
    pub fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// `len` picks from `alphabet`, strung together.
    pub fn word(&mut self, alphabet: &[&str], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.next(alphabet.len())])
            .collect()
    }
}

pub use config::{Config, ConfigError};
pub use finding::{Category, Finding, Severity, SharedStr};
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
///
/// Serialised as `{findings, score, stats, alignment}`, plus `copy` when reference documents were
/// loaded; without references the JSON is exactly as before.
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
    /// Copied passages and the copied share, when reference documents were loaded
    /// ([`Analyzer::with_references`]); `None` (and absent from the JSON) otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<copy::CopyReport>,
}

impl Report {
    /// Copied passages and the copied share, when reference documents were loaded.
    pub fn copy(&self) -> Option<&copy::CopyReport> {
        self.copy.as_ref()
    }
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
    /// The literal pass's set and filter (rule literals and topic cues): it depends on the rules
    /// and the topic list only, so it is built with them, not per analysis.
    scanner: Arc<engine::Scanner>,
    references: Option<Arc<copy::ReferenceSet>>,
    /// Whether `copy.passage` / `copy.quotation` report (not disabled).
    copy_enabled: [bool; 2],
}

impl Analyzer {
    /// Builds an analyzer; fails on an unknown rule id in `config.disabled` or bad thresholds.
    pub fn new(config: Config) -> Result<Analyzer, ConfigError> {
        let inner = engine::Engine::new().map_err(ConfigError::RuleData)?;
        copy::rules().map_err(ConfigError::RuleData)?;
        let topics = topics::default_index().map_err(ConfigError::RuleData)?;
        Self::with_engine(Arc::new(inner), config, topics)
    }

    /// A new analyzer with other settings, sharing this one's compiled rules (cheap).
    pub fn reconfigure(&self, config: Config) -> Result<Analyzer, ConfigError> {
        let mut a = Self::with_engine(self.inner.clone(), config, self.topics.clone())?;
        a.references = self.references.clone();
        Ok(a)
    }

    /// A new analyzer aligning drafts with `list` instead, sharing everything else (cheap). Lists
    /// are validated when parsed, so this cannot fail; `self` is untouched.
    pub fn with_topics(&self, list: topics::TopicList) -> Analyzer {
        let topics = Arc::new(topics::TopicIndex::new(list));
        Analyzer {
            scanner: Arc::new(self.inner.scanner(&topics)),
            topics,
            ..self.clone()
        }
    }

    /// The topic list drafts are aligned with.
    pub fn topics(&self) -> &topics::TopicList {
        &self.topics.list
    }

    /// A new analyzer that also compares drafts with `refs` (category `copy`), sharing everything
    /// else (cheap; the set is indexed when built). Sets are validated when built
    /// ([`copy::ReferenceSet::new`]), so this cannot fail; `self` is untouched.
    pub fn with_references(&self, refs: copy::ReferenceSet) -> Analyzer {
        Analyzer {
            references: Some(Arc::new(refs)),
            ..self.clone()
        }
    }

    /// Validates and indexes `refs`, then [`Analyzer::with_references`]; on error nothing changes.
    pub fn with_reference_texts(
        &self,
        refs: Vec<copy::Reference>,
    ) -> Result<Analyzer, copy::CopyErrors> {
        Ok(self.with_references(copy::ReferenceSet::new(refs)?))
    }

    /// A new analyzer without reference documents (reports have no `copy` field).
    pub fn without_references(&self) -> Analyzer {
        Analyzer {
            references: None,
            ..self.clone()
        }
    }

    /// The loaded reference documents, if any.
    pub fn references(&self) -> Option<&copy::ReferenceSet> {
        self.references.as_deref()
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
        let mut copy_enabled = [true; 2];
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
            for (i, r) in copy::rules()
                .map_err(ConfigError::RuleData)?
                .rules
                .iter()
                .enumerate()
            {
                let hit = r.category.as_str() == d
                    || r.id == d
                    || (r.id.starts_with(d) && r.id.as_bytes().get(d.len()) == Some(&b'.'));
                if hit {
                    copy_enabled[i] = false;
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
            scanner: Arc::new(inner.scanner(&topics)),
            inner,
            config,
            disabled: Arc::new(disabled),
            whitelist,
            topics,
            references: None,
            copy_enabled,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Analyses `text`. Never panics; any input is fine.
    pub fn analyze(&self, text: &str) -> Report {
        let mut report = self.inner.analyze(
            text,
            &self.config,
            &self.disabled,
            self.whitelist.as_deref(),
            &self.topics,
            &self.scanner,
        );
        if let (Some(refs), Ok(rules)) = (&self.references, copy::rules()) {
            if !refs.is_empty() && self.copy_enabled.iter().any(|&e| e) {
                let (found, summary) = copy::analyze(text, refs, rules, self.copy_enabled);
                report.findings.extend(found);
                report.findings.sort_by(|a, b| {
                    (a.start_byte, a.end_byte, &a.rule).cmp(&(b.start_byte, b.end_byte, &b.rule))
                });
                report.score =
                    score::score_with_copy(&report.findings, report.stats.chars, &summary);
                report.copy = Some(summary);
            }
        }
        report
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
            .chain(
                copy::rules()
                    .map(|c| c.rules.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .zip(self.copy_enabled)
                    .map(|(r, enabled)| RuleInfo {
                        id: r.id.clone(),
                        category: r.category,
                        family: r.family.clone(),
                        severity: r.severity,
                        tier: None,
                        message: r.message.clone(),
                        advice: r.advice.clone(),
                        terms: 0,
                        disabled: !enabled,
                    }),
            )
            .collect()
    }

    /// The copy rules of `rules/copy.toml` with their examples (for tests and tools).
    pub fn copy_rules(&self) -> &'static [copy::CopyRule] {
        copy::rules()
            .map(|c| c.rules.as_slice())
            .unwrap_or_default()
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
