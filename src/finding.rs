//! The finding model shared by every rule pack and front end.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Deref, Range};
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
/// The rule id, message and advice are shared with the rule set (`Arc<str>`), and `text` is a
/// [`SharedStr`], a piece of one string per report: a report of a few hundred findings then copies
/// no rule text and allocates its texts once.
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
    pub text: SharedStr,
    /// What is wrong (Chinese).
    pub message: Arc<str>,
    /// How to rewrite (Chinese).
    pub advice: Arc<str>,
    /// Concrete replacements; `""` means "delete the span".
    pub replacements: Vec<String>,
}

/// A piece of a shared string. The finding texts of one report are pieces of one string that
/// holds just them (and so are its topic evidence texts), and the topic ids and titles are pieces
/// of one string per topic list, so a report of a few hundred findings allocates their texts
/// once, not once each.
///
/// It is used as a `str` (it derefs to one), compares, hashes and prints as its text, and
/// (de)serializes as a plain string.
#[derive(Clone)]
pub struct SharedStr {
    source: Arc<str>,
    range: Range<usize>,
}

impl SharedStr {
    /// The piece `range` (byte offsets on character boundaries) of `source`; `None` when the
    /// range is not one.
    pub fn new(source: &Arc<str>, range: Range<usize>) -> Option<SharedStr> {
        source.get(range.clone())?;
        Some(SharedStr {
            source: source.clone(),
            range,
        })
    }

    /// The strings `parts`, as pieces of one new string that holds them one after another.
    pub(crate) fn pieces<'s, I>(parts: I) -> Vec<SharedStr>
    where
        I: IntoIterator<Item = &'s str>,
        I::IntoIter: Clone,
    {
        let parts = parts.into_iter();
        let mut all = String::with_capacity(parts.clone().map(str::len).sum());
        let mut spans = Vec::with_capacity(parts.size_hint().0);
        for part in parts {
            let from = all.len();
            all.push_str(part);
            spans.push(from..all.len());
        }
        let all: Arc<str> = Arc::from(all);
        spans
            .into_iter()
            .map(|range| SharedStr {
                source: all.clone(),
                range,
            })
            .collect()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.source[self.range.clone()]
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr::from("")
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr {
            source: Arc::from(s),
            range: 0..s.len(),
        }
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        let len = s.len();
        SharedStr {
            source: Arc::from(s),
            range: 0..len,
        }
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

macro_rules! shared_str_eq {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for SharedStr {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<SharedStr> for $t {
            fn eq(&self, other: &SharedStr) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
shared_str_eq!(str, &str, String);

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SharedStr::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strs_behave_as_their_text() {
        let source: Arc<str> = Arc::from("全市𠮷😀营商环境\r\n");
        let s = SharedStr::new(&source, 6..14).unwrap();
        assert_eq!(s, "𠮷😀");
        assert_eq!("𠮷😀", s);
        assert_eq!(s, "𠮷😀".to_string());
        assert_eq!(s.as_str(), &source[6..14]);
        assert_eq!(s.chars().count(), 2, "derefs to str");
        assert_eq!(format!("{s} {s:?}"), "𠮷😀 \"𠮷😀\"");
        assert!(
            SharedStr::new(&source, 7..14).is_none(),
            "not a character boundary"
        );
        assert!(SharedStr::new(&source, 6..99).is_none(), "past the end");
        // Equal texts are equal, wherever they come from.
        assert_eq!(s, SharedStr::from("𠮷😀"));
        assert_eq!(SharedStr::new(&source, 14..26).unwrap(), "营商环境");
        assert_ne!(s, SharedStr::new(&source, 14..26).unwrap());
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"𠮷😀\"");
        let back: SharedStr = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(SharedStr::default(), "");
        assert_eq!(String::from(s), "𠮷😀");
    }

    #[test]
    fn pieces_share_one_string() {
        let text = "全市𠮷😀营商环境\r\n";
        let p = SharedStr::pieces([6..14, 0..26, 26..28, 14..14, 10..14].map(|r| &text[r]));
        let got: Vec<&str> = p.iter().map(SharedStr::as_str).collect();
        assert_eq!(got, ["𠮷😀", &text[..26], "\r\n", "", "😀"]);
        assert!(p
            .windows(2)
            .all(|w| Arc::ptr_eq(&w[0].source, &w[1].source)));
        assert!(SharedStr::pieces([]).is_empty());
    }
}
