//! Topic lists (年度重点选题) and the alignment of a draft with them.
//!
//! A [`TopicList`] is parsed strictly from TOML, JSON (same schema) or a plain-text form
//! (`标题：关键词1，关键词2`); see `docs/TOPICS.md`. An invalid list is rejected whole with
//! [`TopicErrors`] naming line, column and field of every problem, in Chinese with English
//! alongside. The analyzer carries one list (by default the shipped sample, [`DEFAULT_TOML`]) and
//! every report gets an [`Alignment`].
//!
//! ```
//! use wenfeng::topics::{TopicFormat, TopicList};
//! let list = TopicList::parse("年份：2026\n优化营商环境：营商环境，民营经济\n", TopicFormat::Auto).unwrap();
//! assert_eq!(list.year(), 2026);
//! assert_eq!(list.topics()[0].id, "t1");
//! let err = TopicList::parse("年份：2026\n优化营商环境\n", TopicFormat::Text).unwrap_err();
//! assert_eq!(err.errors[0].line, 2);
//! ```

mod align;
mod parse;

pub use align::{Alignment, ParagraphTopic, TopicEvidence, TopicScore};
pub use parse::{MAX_BYTES, MAX_TOPICS};

use crate::finding::SharedStr;
use crate::literals::LiteralList;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// The shipped sample list for 2026 (`topics/2026.toml`), used when no list is given.
pub const DEFAULT_TOML: &str = include_str!("../../topics/2026.toml");

/// One key topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// Unique id, `[a-z0-9-]` (`t1`, `t2` … in the plain-text form).
    pub id: String,
    /// Display title.
    pub title: String,
    /// Strong cues: any one of them touches and covers the topic.
    pub keywords: Vec<String>,
    /// Weaker cues: one alone never covers the topic.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Priority in the overall alignment score (0 < weight ≤ 10, default 1).
    pub weight: f64,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A validated topic list. Only [`TopicList::parse`] (and [`TopicList::builtin`]) make one, so a
/// list in hand is always complete and valid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicList {
    year: i32,
    name: String,
    #[serde(rename = "topic")]
    topics: Vec<Topic>,
}

/// Which syntax a topic list is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicFormat {
    /// TOML (`[[topic]]` tables).
    Toml,
    /// JSON with the same schema (`{"year":…, "topic":[…]}`).
    Json,
    /// One topic per line: `标题：关键词1，关键词2｜相关词1，相关词2`, `年份：2026`.
    Text,
    /// Decide from the content (first meaningful line).
    Auto,
}

impl TopicFormat {
    /// Parses `toml`, `json`, `text` (or `txt`) and `auto`.
    pub fn from_name(s: &str) -> Option<TopicFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "toml" => Some(TopicFormat::Toml),
            "json" => Some(TopicFormat::Json),
            "text" | "txt" => Some(TopicFormat::Text),
            "auto" => Some(TopicFormat::Auto),
            _ => None,
        }
    }

    /// The format a file name suggests: `.toml`, `.json`; anything else is detected from content.
    pub fn from_path(path: &str) -> TopicFormat {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            TopicFormat::Toml
        } else if lower.ends_with(".json") {
            TopicFormat::Json
        } else {
            TopicFormat::Auto
        }
    }

    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            TopicFormat::Toml => "toml",
            TopicFormat::Json => "json",
            TopicFormat::Text => "text",
            TopicFormat::Auto => "auto",
        }
    }
}

impl std::str::FromStr for TopicFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        TopicFormat::from_name(s).ok_or_else(|| {
            format!("格式只能是 toml、json、text 或 auto，收到“{s}”。 (format must be toml, json, text or auto, got \"{s}\")")
        })
    }
}

/// One problem in a topic list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The field concerned (`year`, `topic`, `id`, `keywords` …), if any.
    pub field: Option<String>,
    /// What was expected: Chinese first, English in parentheses.
    pub message: String,
}

impl fmt::Display for TopicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行第 {} 列", self.line, self.column)?;
        if let Some(field) = &self.field {
            write!(f, "（{field}）")?;
        }
        write!(f, "：{}", self.message)
    }
}

/// Every problem found in a rejected topic list, ordered by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicErrors {
    /// The problems (at most 50 are kept).
    pub errors: Vec<TopicError>,
}

impl fmt::Display for TopicErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "选题清单有 {} 处错误，整份清单未载入： (the topic list has {} error(s) and was not loaded:)",
            self.errors.len(),
            self.errors.len()
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TopicErrors {}

/// The result of validating a list, as front ends report it: `{ok, errors:[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validation {
    /// Whether the list is valid.
    pub ok: bool,
    /// The problems (empty when `ok`).
    pub errors: Vec<TopicError>,
}

/// Validates a list without keeping it.
pub fn validate(text: &str, format: TopicFormat) -> Validation {
    match TopicList::parse(text, format) {
        Ok(_) => Validation {
            ok: true,
            errors: Vec::new(),
        },
        Err(e) => Validation {
            ok: false,
            errors: e.errors,
        },
    }
}

impl TopicList {
    /// Parses a list strictly; any error rejects the whole list.
    pub fn parse(text: &str, format: TopicFormat) -> Result<TopicList, TopicErrors> {
        parse::parse(text, format)
    }

    /// The shipped sample list ([`DEFAULT_TOML`]).
    pub fn builtin() -> TopicList {
        default_index()
            .map(|i| i.list.clone())
            .expect("the shipped topic list is valid (checked by tests)")
    }

    /// The year the list is for.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The list's name (`{year}年度重点选题` when the file gives none).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The topics, in file order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Renders the list in the plain-text form (ids, weights and descriptions are not kept).
    pub fn to_text(&self) -> String {
        let mut o = format!("年份：{}\n名称：{}\n", self.year, self.name);
        for t in &self.topics {
            o += &format!("{}：{}", t.title, t.keywords.join("，"));
            if !t.related.is_empty() {
                o += &format!("｜{}", t.related.join("，"));
            }
            o.push('\n');
        }
        o
    }
}

/// Converts printable ASCII to its full-width form (`+` → `＋`, `AI` → `ＡＩ`).
fn to_fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A list compiled for matching.
#[derive(Debug)]
pub(crate) struct TopicIndex {
    /// The list.
    pub list: TopicList,
    /// All cue patterns (keywords, related terms and their full-width variants), ASCII letters
    /// in either case.
    literals: LiteralList,
    /// Per pattern: the cue it stands for.
    pats: Vec<usize>,
    /// Per cue: (topic index, strong?).
    cues: Vec<(usize, bool)>,
    /// Per topic: its id and title, as the reports share them.
    pub names: Vec<(SharedStr, SharedStr)>,
}

impl TopicIndex {
    /// Compiles a list.
    pub fn new(list: TopicList) -> TopicIndex {
        let mut strings = Vec::new();
        let mut pats = Vec::new();
        let mut cues = Vec::new();
        for (ti, t) in list.topics.iter().enumerate() {
            for (terms, strong) in [(&t.keywords, true), (&t.related, false)] {
                // The parser refuses empty terms; an empty one could match nothing anyway.
                for k in terms.iter().filter(|k| !k.is_empty()) {
                    let cue = cues.len();
                    cues.push((ti, strong));
                    strings.push(k.clone());
                    pats.push(cue);
                    let fw = to_fullwidth(k);
                    if fw != *k {
                        strings.push(fw);
                        pats.push(cue);
                    }
                }
            }
        }
        let literals = LiteralList::new_ascii_case_insensitive(&strings)
            .expect("no empty cue reaches the matcher");
        // Every id and title in one string, which the reports' copies share.
        let names = SharedStr::pieces(
            list.topics
                .iter()
                .flat_map(|t| [t.id.as_str(), t.title.as_str()]),
        )
        .chunks_exact(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect();
        TopicIndex {
            literals,
            list,
            pats,
            cues,
            names,
        }
    }

    /// Lets `filter` pass every position where a cue may begin.
    pub(crate) fn add_to(&self, filter: &mut crate::literals::ScanFilter) {
        filter.add_list(&self.literals);
    }

    /// The cue patterns (ids are pattern numbers: see [`TopicIndex::cue_of`]).
    pub(crate) fn literals(&self) -> &LiteralList {
        &self.literals
    }

    /// The cue that pattern `p` of [`TopicIndex::literals`] stands for.
    pub(crate) fn cue_of(&self, p: usize) -> usize {
        self.pats[p]
    }
}

/// The shipped list, compiled once.
pub(crate) fn default_index() -> Result<Arc<TopicIndex>, String> {
    static ONCE: OnceLock<Result<Arc<TopicIndex>, String>> = OnceLock::new();
    ONCE.get_or_init(|| {
        TopicList::parse(DEFAULT_TOML, TopicFormat::Toml)
            .map(|l| Arc::new(TopicIndex::new(l)))
            .map_err(|e| format!("topics/2026.toml: {e}"))
    })
    .clone()
}

pub(crate) use align::align;
