//! The finding model shared by every rule pack and front end.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// What kind of problem a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// 套话 / 空话.
    Cliche,
    /// Unsupported achievement, effect, praise or superlative claims.
    Claim,
    /// Unfilled template text and pasted watermarks.
    Residue,
    /// References that were current in earlier years.
    Stale,
    /// 口语化, 流水账, overlong sentences, walls of 要/必须.
    Style,
    /// Topic-list alignment notes (e.g. an out-of-date list).
    Topic,
    /// Passages repeating a loaded reference document (照搬照抄 / 文件返销); only reported when
    /// references are loaded.
    Copy,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 7] = [
        Category::Cliche,
        Category::Claim,
        Category::Residue,
        Category::Stale,
        Category::Style,
        Category::Topic,
        Category::Copy,
    ];

    /// The stable lowercase name used in ids, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Cliche => "cliche",
            Category::Claim => "claim",
            Category::Residue => "residue",
            Category::Stale => "stale",
            Category::Style => "style",
            Category::Topic => "topic",
            Category::Copy => "copy",
        }
    }

    /// Chinese display name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Cliche => "套话空话",
            Category::Claim => "缺少支撑",
            Category::Residue => "模板残留",
            Category::Stale => "过时提法",
            Category::Style => "文风问题",
            Category::Topic => "选题对接",
            Category::Copy => "照搬照抄",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; often fine when apt.
    Info,
    /// Should be rewritten.
    Warning,
    /// Must never go out (template residue).
    Error,
}

impl Severity {
    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One problem in the analysed text.
///
/// The rule id, message and advice are shared with the rule set (`Arc<str>`): a report of a few
/// hundred findings then copies no rule text.
///
/// `start`/`end` are UTF-16 code-unit offsets (what browsers use); `start_byte`/`end_byte` are
/// UTF-8 byte offsets into the same text. `text` is exactly the flagged slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable dotted rule id, e.g. `cliche.closing.new-height`.
    pub rule: Arc<str>,
    /// The rule's category.
    pub category: Category,
    /// The finding's severity.
    pub severity: Severity,
    /// UTF-16 start offset.
    pub start: usize,
    /// UTF-16 end offset (exclusive).
    pub end: usize,
    /// UTF-8 byte start offset.
    pub start_byte: usize,
    /// UTF-8 byte end offset (exclusive).
    pub end_byte: usize,
    /// The flagged text.
    pub text: String,
    /// What is wrong (Chinese).
    pub message: Arc<str>,
    /// How to rewrite (Chinese).
    pub advice: Arc<str>,
    /// Concrete replacements; `""` means "delete the span".
    pub replacements: Vec<String>,
}
