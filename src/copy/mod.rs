//! Copied text (照搬照抄 / 文件返销): passages of a draft that repeat a reference document.
//!
//! The user loads reference documents (the upper level's notice, last year's report, a
//! neighbour's article) as a [`ReferenceSet`]; [`crate::Analyzer::with_references`] attaches it.
//! Every report then marks the passages of the draft that repeat a reference (`copy.passage`), or
//! quote one with a source (`copy.quotation`), names the reference and where in it, and gives the
//! copied share in [`CopyReport`]. Method and thresholds: `docs/COPY.md`.
//!
//! ```
//! use wenfeng::copy::{Reference, ReferenceSet};
//! use wenfeng::{Analyzer, Config};
//! let notice = "各单位要坚持围绕中心、服务大局，聚焦年度重点工作任务，及时准确反映贯彻落实上级决策部署的新举措新进展新成效。";
//! let refs = ReferenceSet::new(vec![Reference::new("上级通知", notice)]).unwrap();
//! let a = Analyzer::new(Config { year: 2026, ..Config::default() }).unwrap().with_references(refs);
//! let r = a.analyze("我局坚持围绕中心，服务大局，聚焦年度重点工作任务，及时准确反映贯彻落实上级决策部署的新举措新进展新成效。");
//! let f = r.findings.iter().find(|f| &*f.rule == "copy.passage").unwrap();
//! assert!(f.message.contains("《上级通知》第 1 段"));
//! assert!(r.copy().unwrap().share > 0.9);
//! ```

mod docx;
mod index;
mod normalize;

pub use docx::{docx_text, DocxError};

use crate::finding::{Category, Finding, Severity};
use crate::text::TextModel;
use aho_corasick::{AhoCorasick, MatchKind};
use index::{Hit, Index};
use normalize::Normalized;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// At most this many references in one set.
pub const MAX_REFERENCES: usize = 20;
/// At most this many characters in one reference.
pub const MAX_REFERENCE_CHARS: usize = 200_000;
/// At most this many characters in all references together.
pub const MAX_TOTAL_CHARS: usize = 1_000_000;
/// At most this many characters in a reference's name.
pub const MAX_NAME_CHARS: usize = 80;
/// A passage is reported when at least this many of its repeated characters (letters, digits and
/// Han only) lie outside fixed formulations and 《》 titles. See `docs/COPY.md` for the data.
pub const MIN_CHARS: usize = 25;

/// One reference document as given: a display name and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Display name (e.g. the file name without extension); 《》 around it are dropped. Empty
    /// names become 参考文件1, 参考文件2 … by position.
    #[serde(default)]
    pub name: String,
    /// The text.
    pub text: String,
}

impl Reference {
    /// A reference from a name and a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Reference {
        Reference {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Why a set of references was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyError {
    /// More than [`MAX_REFERENCES`] references.
    TooMany {
        /// References given.
        count: usize,
    },
    /// One reference is longer than [`MAX_REFERENCE_CHARS`].
    TooLong {
        /// Its name.
        name: String,
        /// Its length in characters.
        chars: usize,
    },
    /// All references together are longer than [`MAX_TOTAL_CHARS`].
    TotalTooLong {
        /// Total length in characters.
        chars: usize,
    },
    /// A reference has no letters, digits or Han characters.
    Empty {
        /// Its name.
        name: String,
    },
    /// A name is longer than [`MAX_NAME_CHARS`].
    NameTooLong {
        /// The name.
        name: String,
    },
    /// Two references have the same name.
    DuplicateName {
        /// The name.
        name: String,
    },
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::TooMany { count } => write!(
                f,
                "最多可载入 {MAX_REFERENCES} 份参考文件，现有 {count} 份，请删去一些。 \
                 (At most {MAX_REFERENCES} reference documents can be loaded; {count} were given.)"
            ),
            CopyError::TooLong { name, chars } => write!(
                f,
                "参考文件《{name}》有 {chars} 字，超过每份 {MAX_REFERENCE_CHARS} 字的上限，请只保留需要比对的部分。 \
                 (Reference \"{name}\" has {chars} characters; the limit is {MAX_REFERENCE_CHARS} per reference.)"
            ),
            CopyError::TotalTooLong { chars } => write!(
                f,
                "参考文件合计 {chars} 字，超过 {MAX_TOTAL_CHARS} 字的总上限，请删去一些。 \
                 (The references total {chars} characters; the limit is {MAX_TOTAL_CHARS} in all.)"
            ),
            CopyError::Empty { name } => write!(
                f,
                "参考文件《{name}》没有可比对的文字（为空，或只有标点和空白）。 \
                 (Reference \"{name}\" has no text to compare: it is empty or only punctuation and spaces.)"
            ),
            CopyError::NameTooLong { name } => {
                let short: String = name.chars().take(20).collect();
                write!(
                    f,
                    "参考文件名“{short}…”超过 {MAX_NAME_CHARS} 字，请改短。 \
                     (The reference name \"{short}…\" is longer than {MAX_NAME_CHARS} characters.)"
                )
            }
            CopyError::DuplicateName { name } => write!(
                f,
                "有两份参考文件都叫《{name}》，请改名以便区分。 \
                 (Two references are named \"{name}\"; rename one.)"
            ),
        }
    }
}

impl std::error::Error for CopyError {}

/// Every problem of a rejected set (the set is never half-loaded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyErrors {
    /// The problems, in reference order.
    pub errors: Vec<CopyError>,
}

impl fmt::Display for CopyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CopyErrors {}

/// One loaded reference: its original text and what is needed to report positions in it.
#[derive(Debug)]
pub(crate) struct RefDoc {
    pub name: String,
    pub text: String,
    /// Byte offset of every comparable character.
    pub bytes: Vec<u32>,
    /// Byte offset where every non-empty line starts.
    pub paragraphs: Vec<u32>,
    /// (byte, char, UTF-16) every [`CHECKPOINT`] characters, for offset conversion.
    pub checkpoints: Vec<(u32, u32, u32)>,
}

const CHECKPOINT: usize = 512;

impl RefDoc {
    fn new(name: String, text: String, bytes: Vec<u32>) -> RefDoc {
        let mut paragraphs = Vec::new();
        let mut checkpoints = Vec::new();
        let mut line_start = 0usize;
        let mut line_has_text = false;
        let (mut ci, mut ui) = (0u32, 0u32);
        for (i, c) in text.char_indices() {
            if (ci as usize) % CHECKPOINT == 0 {
                checkpoints.push((i as u32, ci, ui));
            }
            ci += 1;
            ui += c.len_utf16() as u32;
            if c == '\n' || c == '\r' || c == '\u{2029}' {
                line_start = i + c.len_utf8();
                line_has_text = false;
            } else if !line_has_text && !c.is_whitespace() {
                line_has_text = true;
                paragraphs.push(line_start as u32);
            }
        }
        if checkpoints.is_empty() {
            checkpoints.push((0, 0, 0));
        }
        RefDoc {
            name,
            text,
            bytes,
            paragraphs,
            checkpoints,
        }
    }

    /// (char, UTF-16) offsets of a byte offset (a char boundary).
    fn offsets(&self, byte: usize) -> (usize, usize) {
        let k = self
            .checkpoints
            .partition_point(|&(b, _, _)| b as usize <= byte)
            .saturating_sub(1);
        let (b0, c0, u0) = self.checkpoints[k];
        let (mut ci, mut ui) = (c0 as usize, u0 as usize);
        for c in self.text[b0 as usize..byte].chars() {
            ci += 1;
            ui += c.len_utf16();
        }
        (ci, ui)
    }

    /// 1-based paragraph (non-empty line) holding `byte`.
    fn paragraph(&self, byte: usize) -> usize {
        self.paragraphs
            .partition_point(|&p| p as usize <= byte)
            .max(1)
    }
}

/// A validated, indexed set of reference documents. Built once ([`ReferenceSet::new`]); cheap to
/// share (the analyzer holds it in an `Arc`). Memory is proportional to the references' length.
#[derive(Debug)]
pub struct ReferenceSet {
    docs: Vec<RefDoc>,
    index: Index,
}

impl ReferenceSet {
    /// Validates and indexes `refs`. Every problem is reported; nothing is kept on error.
    pub fn new(refs: Vec<Reference>) -> Result<ReferenceSet, CopyErrors> {
        let mut errors = Vec::new();
        if refs.len() > MAX_REFERENCES {
            errors.push(CopyError::TooMany { count: refs.len() });
        }
        let mut names: Vec<String> = Vec::new();
        let mut total = 0usize;
        let mut normalized = Vec::with_capacity(refs.len());
        for (i, r) in refs.iter().enumerate() {
            let name = clean_name(&r.name, i);
            if name.chars().count() > MAX_NAME_CHARS {
                errors.push(CopyError::NameTooLong { name: name.clone() });
            } else if names.contains(&name) {
                errors.push(CopyError::DuplicateName { name: name.clone() });
            }
            let chars = r.text.chars().count();
            total += chars;
            if chars > MAX_REFERENCE_CHARS {
                errors.push(CopyError::TooLong {
                    name: name.clone(),
                    chars,
                });
                normalized.push(Normalized::default());
            } else {
                let n = Normalized::new(&r.text);
                if n.len() == 0 {
                    errors.push(CopyError::Empty { name: name.clone() });
                }
                normalized.push(n);
            }
            names.push(name);
        }
        if total > MAX_TOTAL_CHARS {
            errors.push(CopyError::TotalTooLong { chars: total });
        }
        if !errors.is_empty() {
            return Err(CopyErrors { errors });
        }
        let index = Index::new(normalized.iter().map(|n| n.chars.as_slice()));
        let docs = refs
            .into_iter()
            .zip(names)
            .zip(normalized)
            .map(|((r, name), n)| RefDoc::new(name, r.text, n.bytes))
            .collect();
        Ok(ReferenceSet { docs, index })
    }

    /// Number of references.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the set is empty (an empty set reports nothing).
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The references' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.docs.iter().map(|d| d.name.as_str())
    }
}

fn clean_name(name: &str, i: usize) -> String {
    let n = name.trim();
    let n = n.strip_prefix('《').unwrap_or(n);
    let n = n.strip_suffix('》').unwrap_or(n).trim();
    if n.is_empty() {
        format!("参考文件{}", i + 1)
    } else {
        n.to_string()
    }
}

/// A rule of category `copy`, as declared in `rules/copy.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CopyRule {
    /// Stable id (`copy.passage`, `copy.quotation`).
    pub id: String,
    /// Always `copy`.
    pub category: Category,
    /// Display family.
    pub family: String,
    /// Severity.
    pub severity: Severity,
    /// Message template: `{reference}`, `{paragraph}`, `{chars}`.
    pub message: String,
    /// How to rewrite.
    pub advice: String,
    /// Name of the examples' reference.
    pub reference_name: String,
    /// The examples' reference text.
    pub reference: String,
    /// Examples reported exactly on their `[[…]]` spans.
    pub fail: Vec<String>,
    /// Examples that must not be reported.
    pub pass: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CopyFile {
    formulations: Vec<String>,
    rule: Vec<CopyRule>,
}

/// The compiled `rules/copy.toml`.
#[derive(Debug)]
pub(crate) struct CopyRules {
    pub rules: Vec<CopyRule>,
    formulations: AhoCorasick,
    cite: Regex,
}

/// The rule data file, compiled in.
pub const RULES_TOML: &str = include_str!("../../rules/copy.toml");

/// Index of `copy.passage` and `copy.quotation` in [`CopyRules::rules`].
pub(crate) const PASSAGE: usize = 0;
pub(crate) const QUOTATION: usize = 1;

/// The copy rules (parsed once; immutable).
pub(crate) fn rules() -> Result<&'static CopyRules, String> {
    static ONCE: OnceLock<Result<CopyRules, String>> = OnceLock::new();
    ONCE.get_or_init(|| {
        let f: CopyFile = toml::from_str(RULES_TOML).map_err(|e| format!("rules/copy.toml: {e}"))?;
        let ids: Vec<&str> = f.rule.iter().map(|r| r.id.as_str()).collect();
        if ids != ["copy.passage", "copy.quotation"] {
            return Err(format!(
                "rules/copy.toml must declare copy.passage then copy.quotation, found {ids:?}"
            ));
        }
        if let Some(r) = f.rule.iter().find(|r| r.category != Category::Copy) {
            return Err(format!("rules/copy.toml: {} must have category copy", r.id));
        }
        let terms: Vec<String> = f
            .formulations
            .iter()
            .map(|t| normalize::fold_str(t))
            .filter(|t| !t.is_empty())
            .collect();
        let formulations = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .map_err(|e| format!("rules/copy.toml formulations: {e}"))?;
        // A cited source: 根据《…》 / 按照《…》 …, or 《…》指出/提出/要求 …
        let cite = Regex::new(
            r"(?:根据|按照|依据|依照|遵照|对照|贯彻|落实)《[^》\n]{1,80}》(?:的|中的)?(?:有关|相关)?(?:要求|规定|精神|部署|提出的|明确的)?|《[^》\n]{1,80}》(?:中|里)?(?:规定|指出|提出|要求|明确|强调|写道|所说|载明)",
        )
        .map_err(|e| e.to_string())?;
        Ok(CopyRules {
            rules: f.rule,
            formulations,
            cite,
        })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// How much of the draft repeats one reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceShare {
    /// The reference's name.
    pub name: String,
    /// Comparable characters (letters, digits, Han) in the reference.
    pub chars: usize,
    /// Draft characters copied from it (not counting quotations).
    pub copied: usize,
    /// `copied` / the draft's comparable characters, rounded to 3 decimals.
    #[serde(serialize_with = "crate::score::number")]
    pub share: f64,
}

/// One repeated passage: where in the draft, which reference, where in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopySpan {
    /// `copy.passage` or `copy.quotation`.
    pub rule: String,
    /// UTF-16 start in the draft (as in findings).
    pub start: usize,
    /// UTF-16 end in the draft.
    pub end: usize,
    /// UTF-8 byte start in the draft.
    pub start_byte: usize,
    /// UTF-8 byte end in the draft.
    pub end_byte: usize,
    /// Repeated comparable characters.
    pub chars: usize,
    /// Index of the reference in the set.
    pub reference: usize,
    /// The reference's name.
    pub name: String,
    /// 1-based paragraph (non-empty line) of the reference where the passage starts.
    pub paragraph: usize,
    /// UTF-16 start in the reference.
    pub ref_start: usize,
    /// UTF-16 end in the reference.
    pub ref_end: usize,
    /// Character (code point) start in the reference.
    pub ref_start_char: usize,
    /// Character (code point) end in the reference.
    pub ref_end_char: usize,
    /// The start of the passage as the reference writes it (at most 30 characters, then …).
    pub excerpt: String,
}

/// The copy part of a report (present only when references are loaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyReport {
    /// Copied characters / the draft's comparable characters (letters, digits, Han), 3 decimals.
    #[serde(serialize_with = "crate::score::number")]
    pub share: f64,
    /// Draft characters in copied passages (`copy.passage`).
    pub chars: usize,
    /// Draft characters in quotations of a reference (`copy.quotation`).
    pub quoted: usize,
    /// The draft's comparable characters.
    pub draft_chars: usize,
    /// Per reference, in set order.
    pub references: Vec<ReferenceShare>,
    /// Every reported passage, in draft order (the same spans as the `copy` findings).
    pub spans: Vec<CopySpan>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Finds the copied passages of `text`. `enabled[PASSAGE]` / `enabled[QUOTATION]` say which rules
/// report. Returns the findings (unsorted) and the summary.
pub(crate) fn analyze(
    text: &str,
    refs: &ReferenceSet,
    rules: &CopyRules,
    enabled: [bool; 2],
) -> (Vec<Finding>, CopyReport) {
    let draft = Normalized::new(text);
    let n = draft.len();
    let model = TextModel::new(text);
    let hits = refs.index.find(&draft.chars);

    // Per draft position: repeated, exempt (formulation or 《》 title), quoted.
    let mut matched = vec![false; n];
    for h in &hits {
        for p in &h.parts {
            matched[p.d as usize..(p.d + p.len) as usize].fill(true);
        }
    }
    let mut exempt = vec![false; n];
    let mut quoted = vec![false; n];
    if !hits.is_empty() {
        let (s, offs) = draft.folded_string();
        for m in rules.formulations.find_iter(&s) {
            let a = offs.partition_point(|&o| (o as usize) < m.start());
            let b = offs.partition_point(|&o| (o as usize) < m.end());
            exempt[a..b].fill(true);
        }
        let pos_of = |byte: usize| draft.bytes.partition_point(|&b| (b as usize) < byte);
        for q in &model.quotes {
            let inner = pos_of(q.start + 1)..pos_of(q.end.saturating_sub(1));
            match q.open {
                '“' | '‘' | '「' | '『' | '"' | '\'' => quoted[inner].fill(true),
                '《' => exempt[inner].fill(true),
                _ => {}
            }
        }
        for m in rules.cite.find_iter(text) {
            if let Some(s) = model.sentence_at(m.start()) {
                let r = pos_of(m.end())..pos_of(s.range.end);
                quoted[r].fill(true);
            }
        }
    }

    let mut findings = Vec::new();
    let mut spans = Vec::new();
    let mut copied_by_ref = vec![0usize; refs.docs.len()];
    let (mut copied, mut quoted_chars) = (0usize, 0usize);
    for h in &hits {
        let own_in = |a: usize, b: usize| (a..b).filter(|&i| matched[i] && !exempt[i]).count();
        for seg in split_runs(h, &quoted, own_in) {
            let (a, b) = seg;
            // Trim to repeated characters at both ends.
            let Some(a) = (a..b).find(|&i| matched[i]) else {
                continue;
            };
            let b = (a..b).rev().find(|&i| matched[i]).unwrap() + 1;
            if own_in(a, b) < MIN_CHARS {
                continue;
            }
            let is_quote = is_quoted_run(&quoted, a, b);
            let rule_ix = if is_quote { QUOTATION } else { PASSAGE };
            if !enabled[rule_ix] {
                continue;
            }
            let chars = (a..b).filter(|&i| matched[i]).count();
            let (r0, r1) = h.ref_range(a, b);
            let doc = &refs.docs[h.doc];
            let rb = doc.byte_range(r0, r1);
            let (c0, u0) = doc.offsets(rb.start);
            let (c1, u1) = doc.offsets(rb.end);
            let paragraph = doc.paragraph(rb.start);
            let passage = &doc.text[rb.clone()];
            let mut excerpt: String = passage.chars().take(30).collect();
            if excerpt.len() < passage.len() {
                excerpt.push('…');
            }
            let db = draft.byte_range(text, a, b);
            let rule = &rules.rules[rule_ix];
            let message = rule
                .message
                .replace("{reference}", &doc.name)
                .replace("{paragraph}", &paragraph.to_string())
                .replace("{chars}", &chars.to_string());
            if is_quote {
                quoted_chars += chars;
            } else {
                copied += chars;
                copied_by_ref[h.doc] += chars;
            }
            findings.push(Finding {
                rule: rule.id.as_str().into(),
                category: Category::Copy,
                severity: rule.severity,
                start: model.utf16(db.start),
                end: model.utf16(db.end),
                start_byte: db.start,
                end_byte: db.end,
                text: text[db.clone()].into(),
                message: message.into(),
                advice: rule.advice.as_str().into(),
                replacements: Vec::new(),
            });
            spans.push(CopySpan {
                rule: rule.id.as_str().into(),
                start: model.utf16(db.start),
                end: model.utf16(db.end),
                start_byte: db.start,
                end_byte: db.end,
                chars,
                reference: h.doc,
                name: doc.name.clone(),
                paragraph,
                ref_start: u0,
                ref_end: u1,
                ref_start_char: c0,
                ref_end_char: c1,
                excerpt,
            });
        }
    }
    let share = |c: usize| {
        if n == 0 {
            0.0
        } else {
            round3(c as f64 / n as f64)
        }
    };
    let report = CopyReport {
        share: share(copied),
        chars: copied,
        quoted: quoted_chars,
        draft_chars: n,
        references: refs
            .docs
            .iter()
            .zip(&copied_by_ref)
            .map(|(d, &c)| ReferenceShare {
                name: d.name.clone(),
                chars: d.bytes.len(),
                copied: c,
                share: share(c),
            })
            .collect(),
        spans,
    };
    (findings, report)
}

/// Splits a hit's draft range into maximal runs of equal `quoted` flag. A quoted run too short to
/// be reported on its own (a quoted term such as “两个维护” inside a copied passage) counts as
/// unquoted, so it never breaks a passage apart.
fn split_runs(
    h: &Hit,
    quoted: &[bool],
    own: impl Fn(usize, usize) -> usize,
) -> Vec<(usize, usize)> {
    let (a, b) = (h.d0 as usize, h.d1 as usize);
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    let mut s = a;
    for i in a + 1..=b {
        if i == b || quoted[i] != quoted[i - 1] {
            let q = quoted[s] && own(s, i) >= MIN_CHARS;
            match runs.last_mut() {
                Some(last) if last.2 == q => last.1 = i,
                _ => runs.push((s, i, q)),
            }
            s = i;
        }
    }
    runs.into_iter().map(|(s, e, _)| (s, e)).collect()
}

/// Whether a run (from [`split_runs`]) is a quotation.
fn is_quoted_run(quoted: &[bool], a: usize, b: usize) -> bool {
    let q = (a..b).filter(|&i| quoted[i]).count();
    q * 2 > b - a
}

impl RefDoc {
    /// Byte range in the reference text of comparable characters `from..to` (doc-local).
    fn byte_range(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        let start = self.bytes[from] as usize;
        let last = self.bytes[to - 1] as usize;
        let end = last + self.text[last..].chars().next().map_or(0, char::len_utf8);
        start..end
    }
}
