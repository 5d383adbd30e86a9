//! Rules as data: the TOML specs in `rules/*.toml`, compiled into matchers.

pub mod backtrack;
pub mod builtin;
pub mod evidence;

use crate::finding::{Category, Severity};
use crate::literals::{LiteralList, SkippingSet};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The rule files compiled into the binary, in order.
pub const RULE_FILES: &[(&str, &str)] = &[
    ("rules/cliche.toml", include_str!("../../rules/cliche.toml")),
    ("rules/claim.toml", include_str!("../../rules/claim.toml")),
    (
        "rules/residue.toml",
        include_str!("../../rules/residue.toml"),
    ),
    ("rules/stale.toml", include_str!("../../rules/stale.toml")),
    ("rules/style.toml", include_str!("../../rules/style.toml")),
    ("rules/topic.toml", include_str!("../../rules/topic.toml")),
];

/// Cliché tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Always flagged.
    Hard,
    /// Flagged only without nearby facts or when dense.
    Soft,
}

/// How a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Literal phrases (found by the literal pass, `crate::literals`).
    Lexicon,
    /// A regular expression with optional group constraints.
    Pattern,
    /// Logic in code.
    Builtin,
}

/// What a claim needs to stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Needs {
    /// Any evidence in the same or next sentence.
    Evidence,
    /// A named issuing authority in the same or next sentence.
    Authority,
}

/// A dated event for `year-event` rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The phrase, e.g. 党的二十大召开之年.
    pub text: String,
    /// The year it belongs to.
    pub year: i32,
}

/// A repetition every match of a pattern rule holds: `count` occurrences of the rule's anchors
/// (of its literal prefixes, when it has no anchors), each beginning at most `gap` characters
/// after the one before. 同安排、同部署、同推进 holds three 同, four characters apart. Patterns
/// of repeated units (排比) are searched only where their literals repeat that closely; the test
/// `prefiltered_pattern_search_equals_whole_sentence_search` checks the declared numbers against
/// every match in the examples and dev drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// How many occurrences (at least 2).
    pub count: usize,
    /// The largest distance, in characters, from the start of one to the start of the next.
    pub gap: usize,
}

/// One rule as written in the data files.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable dotted id.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Display family (Chinese).
    #[serde(default)]
    pub family: String,
    /// Cliché tier.
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Severity override.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Matching kind.
    pub kind: Kind,
    /// Lexicon terms.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Regex (pattern rules).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Named groups that must be equal.
    #[serde(default)]
    pub same: Vec<[String; 2]>,
    /// Named groups that must differ.
    #[serde(default)]
    pub differ: Vec<[String; 2]>,
    /// Report only this named group.
    #[serde(default)]
    pub span: Option<String>,
    /// Pattern rules: literals of which every match contains at least one; the pattern then runs
    /// only on lines where one occurs (for patterns that do not start with a literal).
    #[serde(default)]
    pub anchors: Vec<String>,
    /// Pattern rules: a chain that every match holds (see [`Chain`]); the pattern then runs only
    /// where such a chain occurs.
    #[serde(default)]
    pub chain: Option<Chain>,
    /// Builtin name.
    #[serde(default)]
    pub builtin: Option<String>,
    /// Require word boundaries (default: terms of ≤ 2 chars).
    #[serde(default)]
    pub boundary: Option<bool>,
    /// Match ignoring inserted symbols.
    #[serde(default)]
    pub skip_symbols: bool,
    /// Not reported when the text right before the match ends with one of these.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Not reported when the text right after the match starts with one of these.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Evidence requirement.
    #[serde(default)]
    pub needs: Option<Needs>,
    /// First year in which the reference is stale.
    #[serde(default)]
    pub stale_from: Option<i32>,
    /// Last year in which the rule applies.
    #[serde(default)]
    pub stale_until: Option<i32>,
    /// Not flagged in sentences about the past.
    #[serde(default)]
    pub historical_ok: Option<bool>,
    /// Dated events (`year-event`).
    #[serde(default)]
    pub events: Vec<Event>,
    /// What is wrong.
    pub message: String,
    /// How to rewrite.
    pub advice: String,
    /// Replacements for every term.
    #[serde(default)]
    pub replacements: Vec<String>,
    /// Per-term replacements.
    #[serde(default)]
    pub replace: BTreeMap<String, Vec<String>>,
    /// Examples that must fire exactly on `[[…]]`.
    #[serde(default)]
    pub fail: Vec<String>,
    /// Examples that must not fire.
    #[serde(default)]
    pub pass: Vec<String>,
    /// Year to analyse the examples with (default 2026).
    #[serde(default)]
    pub example_year: Option<i32>,
    /// Year to analyse the `pass` examples with (default: `example_year`).
    #[serde(default)]
    pub pass_year: Option<i32>,
}

impl RuleSpec {
    /// The effective severity.
    pub fn effective_severity(&self) -> Severity {
        self.severity.unwrap_or(match (self.category, self.tier) {
            (Category::Residue, _) => Severity::Error,
            (_, Some(Tier::Soft)) => Severity::Info,
            (Category::Style, _) => Severity::Info,
            _ => Severity::Warning,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// A pattern rule. Its regex is compiled on first use: most patterns start with literals
/// (亲自, 取得, 开创 …), and a pattern whose prefixes do not occur in a text is never run on it.
#[derive(Debug)]
pub struct PatternRule {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    /// The pattern source.
    pub source: String,
    /// Whether every match starts with one of its literals in [`RuleSet::prefix_owner`].
    pub has_prefixes: bool,
    /// Whether every match of a prefixed pattern ends with one of its literals in
    /// [`RuleSet::suffix_owner`].
    pub has_suffixes: bool,
    /// Whether every match contains one of its anchors (also in [`RuleSet::prefix_owner`]); the
    /// pattern is then searched on the lines holding an anchor.
    pub anchored: bool,
    /// Whether matches are searched only *at* the prefix occurrences (the regex is compiled as
    /// `^(?:source)` and run on the text from each occurrence to the end of its sentence). Exact
    /// for prefixed patterns whose only look-around assertions are end assertions (`$`, `(?m)$`):
    /// every match starts at one of the occurrences, leftmost-first picks the same match at a
    /// given start either way, and the haystack ends at the sentence's end either way.
    pub at_prefix: bool,
    /// The chain every match holds, over its anchors or (without anchors) its prefixes.
    pub chain: Option<Chain>,
    /// Whether the rule needs capture groups (`same`, `differ` or `span`); otherwise a plain
    /// `find` (no capture slots) gives the same matches, faster.
    pub needs_groups: bool,
    /// The pattern compiled for [`backtrack`], when it uses only what that models.
    pub prog: Option<backtrack::Program>,
    /// The most bytes a match can take (`None`: unbounded).
    pub max_len: Option<usize>,
    /// For an anchored pattern: every match holds an anchor that begins at most this many bytes
    /// after the match does.
    pub anchor_lead: Option<usize>,
    re: std::sync::OnceLock<Regex>,
}

impl PatternRule {
    /// The compiled regex (validated when the rule set was built); anchored at the start of the
    /// haystack when [`PatternRule::at_prefix`].
    pub fn re(&self) -> &Regex {
        self.re.get_or_init(|| {
            let re = if self.at_prefix {
                Regex::new(&format!("^(?:{})", self.source))
            } else {
                Regex::new(&self.source)
            };
            re.expect("validated in RuleSet::compile")
        })
    }
}

/// A regex compiled on first use. Most texts never need most of the engine's helper regexes
/// (evidence kinds, builtins, citation and history checks), and compiling them all up front was a
/// large part of constructing an analyzer, which every page load pays (in wasm several times the
/// native cost). The sources are constants; `Engine::check_regexes` (run by the tests) compiles
/// every one of them.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    re: std::sync::OnceLock<Regex>,
    /// The characters a match may begin with, when a small set is known (see
    /// [`LazyRegex::may_match_start`]).
    first: std::sync::OnceLock<Option<Vec<char>>>,
}

impl LazyRegex {
    /// A regex for `source`, not compiled yet.
    pub fn new(source: impl Into<String>) -> Self {
        LazyRegex {
            source: source.into(),
            re: std::sync::OnceLock::new(),
            first: std::sync::OnceLock::new(),
        }
    }

    /// Whether a match may start at the beginning of `s`: false when `s` begins with none of the
    /// characters a match can begin with. With a pattern anchored at the start (`^…`), a cheap
    /// test that `is_match(s)` may be true.
    pub fn may_match_start(&self, s: &str) -> bool {
        let first = self.first.get_or_init(|| {
            use regex_syntax::hir::literal::{ExtractKind, Extractor};
            let hir = regex_syntax::Parser::new().parse(&self.source).ok()?;
            // Prefixes of one character at most (4 bytes; a longer prefix is cut mid-character
            // but its first character is whole), classes of up to 64 characters expanded.
            let seq = Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_literal_len(4)
                .limit_class(64)
                .limit_total(1000)
                .extract(&hir);
            let mut cs = Vec::new();
            for l in seq.literals()? {
                cs.push(String::from_utf8_lossy(l.as_bytes()).chars().next()?);
            }
            cs.sort_unstable();
            cs.dedup();
            Some(cs)
        });
        match first {
            Some(cs) => s
                .chars()
                .next()
                .is_some_and(|c| cs.binary_search(&c).is_ok()),
            None => true,
        }
    }

    /// The pattern source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Compiles now; the error if the source is invalid.
    pub fn check(&self) -> Result<(), regex::Error> {
        if self.re.get().is_none() {
            let re = Regex::new(&self.source)?;
            let _ = self.re.set(re);
        }
        Ok(())
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.re.get_or_init(|| {
            Regex::new(&self.source).expect("helper regexes are compiled by the tests")
        })
    }
}

/// The literal prefixes every match of `pattern` starts with, when there is a small set.
fn literal_prefixes(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    literal_ends(hir, regex_syntax::hir::literal::ExtractKind::Prefix)
}

/// The literals every match of `pattern` starts (`Prefix`) or ends (`Suffix`) with, when there
/// is a small set of non-empty ones.
fn literal_ends(
    hir: &regex_syntax::hir::Hir,
    kind: regex_syntax::hir::literal::ExtractKind,
) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::Extractor;
    let seq = Extractor::new().kind(kind).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > 200 {
        return None;
    }
    lits.iter()
        .map(|l| {
            std::str::from_utf8(l.as_bytes())
                .ok()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })
        .collect()
}

/// A bound on where a match of `hir` holds an anchor: `Some(b)` when every match has an
/// occurrence of one of `anchors` that begins at most `b` bytes after the match does. The
/// anchored search then tries starts at most `b` bytes before an occurrence only.
fn anchor_lead(hir: &regex_syntax::hir::Hir, anchors: &[String]) -> Option<usize> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            anchors.iter().filter_map(|a| s.find(a.as_str())).min()
        }
        // A small class of characters that are all anchors.
        HirKind::Class(Class::Unicode(c)) => {
            let mut n = 0;
            for r in c.ranges() {
                for ch in r.start()..=r.end() {
                    n += 1;
                    if n > 64 || !anchors.iter().any(|a| a.chars().eq([ch])) {
                        return None;
                    }
                }
            }
            Some(0)
        }
        HirKind::Capture(c) => anchor_lead(&c.sub, anchors),
        HirKind::Repetition(r) if r.min >= 1 => anchor_lead(&r.sub, anchors),
        HirKind::Alternation(hs) => hs
            .iter()
            .map(|h| anchor_lead(h, anchors))
            .try_fold(0, |m, b| Some(m.max(b?))),
        HirKind::Concat(hs) => {
            // The first part that always holds an anchor, after parts of bounded length. An
            // optional part holding one either matches (and its anchor bounds the lead) or takes
            // no bytes.
            let mut before = 0usize;
            let mut optional = 0usize;
            for h in hs {
                if let Some(b) = anchor_lead(h, anchors) {
                    return Some((before + b).max(optional));
                }
                match h.kind() {
                    HirKind::Repetition(r) if r.min == 0 => {
                        if let Some(b) = anchor_lead(&r.sub, anchors) {
                            optional = optional.max(before + b);
                            continue;
                        }
                    }
                    _ => {}
                }
                before += h.properties().maximum_len()?;
            }
            None
        }
        _ => None,
    }
}

fn capture_names(hir: &regex_syntax::hir::Hir, out: &mut HashSet<String>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(c) => {
            if let Some(n) = &c.name {
                out.insert(n.to_string());
            }
            capture_names(&c.sub, out);
        }
        HirKind::Concat(v) | HirKind::Alternation(v) => {
            v.iter().for_each(|h| capture_names(h, out))
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        _ => {}
    }
}

/// Which rule a lexicon pattern belongs to.
#[derive(Debug, Clone)]
pub struct TermInfo {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    /// Check word boundaries.
    pub boundary: bool,
}

/// All rules, compiled.
#[derive(Debug)]
pub struct RuleSet {
    /// Every rule, in file order.
    pub rules: Vec<RuleSpec>,
    /// One literal set over the raw text: the lexicon terms (pattern ids `0..terms.len()`), then
    /// the literal prefixes and anchors of pattern rules, the year-event phrases, the builtins'
    /// words and the pattern suffixes; [`RuleSet::scan_hit`] tells which an id is. One
    /// overlapping pass finds them all.
    pub scan: LiteralList,
    /// Per lexicon pattern.
    pub terms: Vec<TermInfo>,
    /// Lexicon of `skip_symbols` rules, matched through inserted symbols.
    pub skip_lexicon: SkippingSet,
    /// Per skip pattern: rule index.
    pub skip_terms: Vec<usize>,
    /// Pattern rules.
    pub patterns: Vec<PatternRule>,
    /// Per prefix literal (in [`RuleSet::scan`] after the terms): index into
    /// [`RuleSet::patterns`]. A prefixed pattern runs only where one of its literals occurs.
    pub prefix_owner: Vec<usize>,
    /// The year of each year-event phrase ([`builtin::event_patterns`]), in [`RuleSet::scan`]
    /// after the prefixes.
    pub event_years: Vec<i32>,
    /// Per suffix literal (in [`RuleSet::scan`] after the builtins' words): its pattern (index
    /// into [`RuleSet::patterns`]). Every match of such a pattern ends with one of its suffixes,
    /// so a prefix occurrence with none after it in its sentence is not searched.
    pub suffix_owner: Vec<usize>,
    /// Where each group of [`RuleSet::scan`] ids ends (see [`RuleSet::scan_hit`]).
    layout: ScanLayout,
    /// The positions where a literal of [`RuleSet::scan`] or [`RuleSet::skip_lexicon`] may begin.
    pub filter: crate::literals::ScanFilter,
    /// Per rule: its id, message and advice, shared by every finding of the rule.
    pub texts: Vec<RuleText>,
    /// Builtin name → rule index.
    pub builtins: HashMap<String, usize>,
    /// Rule id → index.
    pub by_id: HashMap<String, usize>,
}

/// A rule's id, message and advice as findings carry them.
#[derive(Debug, Clone)]
pub struct RuleText {
    /// The rule id.
    pub id: std::sync::Arc<str>,
    /// The message (may hold `{text}`, `{year}`, `{event_year}`, `{missing}`).
    pub message: std::sync::Arc<str>,
    /// The advice (may hold the same placeholders).
    pub advice: std::sync::Arc<str>,
    /// Where the id comes in the sorted order of all rule ids: findings at the same span are
    /// ordered by id, and comparing ranks is comparing ids.
    pub id_rank: u32,
    /// Whether the message or the advice holds a `{` (a placeholder to fill in).
    pub templated: [bool; 2],
}

/// The end of each group of ids in [`RuleSet::scan`], in scan order.
#[derive(Debug, Clone, Copy)]
struct ScanLayout {
    terms: usize,
    prefixes: usize,
    events: usize,
    modals: usize,
    year_marks: usize,
}

/// What an occurrence of a [`RuleSet::scan`] literal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanHit {
    /// Lexicon pattern `i` (see [`RuleSet::terms`]).
    Term(usize),
    /// A literal prefix or anchor of pattern rule `i` (index into [`RuleSet::patterns`]).
    Prefix(usize),
    /// Year-event phrase `i` (see [`RuleSet::event_years`]).
    Event(usize),
    /// A `must-wall` modal verb ([`builtin::MODALS`]).
    Modal,
    /// A `this-year` year mark ([`builtin::YEAR_MARKS`]).
    YearMark,
    /// A literal suffix of pattern rule `i` (index into [`RuleSet::patterns`]).
    Suffix(usize),
}

/// Characters kept by `skip_symbols` normalisation, folded (full-width → ASCII, lowercase).
pub fn skip_fold(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if crate::text::is_han(c) || c.is_ascii_alphanumeric() {
        Some(c.to_ascii_lowercase())
    } else {
        None
    }
}

/// Prefixed patterns with more literal suffixes than this are searched at every prefix.
const MAX_SUFFIXES: usize = 30;

/// Does `hir` use no look-around assertion other than the end of the haystack or of a line?
fn only_end_looks(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::Look;
    hir.properties()
        .look_set()
        .remove(Look::End)
        .remove(Look::EndLF)
        .remove(Look::EndCRLF)
        .is_empty()
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

impl RuleSet {
    /// What occurrence `id` of [`RuleSet::scan`] is.
    #[inline(always)]
    pub fn scan_hit(&self, id: usize) -> ScanHit {
        let l = &self.layout;
        if id < l.terms {
            ScanHit::Term(id)
        } else if id < l.prefixes {
            ScanHit::Prefix(self.prefix_owner[id - l.terms])
        } else if id < l.events {
            ScanHit::Event(id - l.prefixes)
        } else if id < l.modals {
            ScanHit::Modal
        } else if id < l.year_marks {
            ScanHit::YearMark
        } else {
            ScanHit::Suffix(self.suffix_owner[id - l.year_marks])
        }
    }

    /// Parses and compiles the built-in rule files.
    pub fn builtin() -> Result<Self, String> {
        let mut specs = Vec::new();
        for (name, src) in RULE_FILES {
            let f: RuleFile = toml::from_str(src).map_err(|e| format!("{name}: {e}"))?;
            specs.extend(f.rule);
        }
        Self::compile(specs)
    }

    /// Compiles rule specs, validating ids, kinds and fields.
    pub fn compile(rules: Vec<RuleSpec>) -> Result<Self, String> {
        let mut by_id = HashMap::new();
        let mut lex_patterns: Vec<String> = Vec::new();
        let mut terms = Vec::new();
        let mut skip_patterns: Vec<String> = Vec::new();
        let mut skip_terms = Vec::new();
        let mut patterns = Vec::new();
        let mut prefix_literals: Vec<String> = Vec::new();
        let mut prefix_owner: Vec<usize> = Vec::new();
        let mut suffix_literals: Vec<String> = Vec::new();
        let mut suffix_owner: Vec<usize> = Vec::new();
        let mut builtins = HashMap::new();
        let mut seen_terms: HashSet<(Category, String)> = HashSet::new();
        for (i, r) in rules.iter().enumerate() {
            let id_ok = !r.id.is_empty()
                && r.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                && r.id.split('.').count() >= 2
                && r.id.split('.').all(|s| !s.is_empty());
            if !id_ok {
                return Err(format!(
                    "rule id `{}` must be dotted lowercase [a-z0-9.-]",
                    r.id
                ));
            }
            if r.id.split('.').next() != Some(r.category.as_str()) {
                return Err(format!(
                    "rule `{}`: id must start with its category `{}`",
                    r.id, r.category
                ));
            }
            if by_id.insert(r.id.clone(), i).is_some() {
                return Err(format!("duplicate rule id `{}`", r.id));
            }
            if r.message.trim().is_empty() || r.advice.trim().is_empty() {
                return Err(format!("rule `{}`: message and advice are required", r.id));
            }
            match r.kind {
                Kind::Lexicon => {
                    if r.terms.is_empty() {
                        return Err(format!("lexicon rule `{}` has no terms", r.id));
                    }
                    for t in &r.terms {
                        if t.trim().is_empty() || t.trim() != t {
                            return Err(format!("rule `{}`: empty or padded term `{t}`", r.id));
                        }
                        if r.skip_symbols {
                            let folded: String = t.chars().filter_map(skip_fold).collect();
                            if folded.is_empty() {
                                return Err(format!("rule `{}`: term `{t}` has no letters", r.id));
                            }
                            skip_patterns.push(folded);
                            skip_terms.push(i);
                        } else {
                            if !seen_terms.insert((r.category, t.clone())) {
                                return Err(format!(
                                    "rule `{}`: term `{t}` is listed twice in {}",
                                    r.id, r.category
                                ));
                            }
                            lex_patterns.push(t.clone());
                            terms.push(TermInfo {
                                rule: i,
                                boundary: r.boundary.unwrap_or(char_len(t) <= 2),
                            });
                        }
                    }
                    for k in r.replace.keys() {
                        if !r.terms.contains(k) {
                            return Err(format!(
                                "rule `{}`: replace names unknown term `{k}`",
                                r.id
                            ));
                        }
                    }
                }
                Kind::Pattern => {
                    let p = r
                        .pattern
                        .as_deref()
                        .ok_or_else(|| format!("pattern rule `{}` has no pattern", r.id))?;
                    let hir = regex_syntax::Parser::new()
                        .parse(p)
                        .map_err(|e| format!("rule `{}`: bad pattern: {e}", r.id))?;
                    let mut names = HashSet::new();
                    capture_names(&hir, &mut names);
                    for g in r
                        .same
                        .iter()
                        .chain(&r.differ)
                        .flatten()
                        .chain(r.span.iter())
                    {
                        if !names.contains(g.as_str()) {
                            return Err(format!(
                                "rule `{}`: no group named `{g}` in pattern",
                                r.id
                            ));
                        }
                    }
                    let anchored = !r.anchors.is_empty();
                    if r.anchors.iter().any(|a| a.is_empty()) {
                        return Err(format!("rule `{}`: empty anchor", r.id));
                    }
                    let prefixes = if anchored {
                        None
                    } else {
                        literal_prefixes(&hir)
                    };
                    let pi = patterns.len();
                    for lit in prefixes.iter().flatten().chain(&r.anchors) {
                        prefix_literals.push(lit.clone());
                        prefix_owner.push(pi);
                    }
                    // A large set of suffixes is mostly common words: not worth scanning for.
                    let suffixes = prefixes
                        .as_ref()
                        .and_then(|_| {
                            literal_ends(&hir, regex_syntax::hir::literal::ExtractKind::Suffix)
                        })
                        .filter(|s| s.len() <= MAX_SUFFIXES);
                    for lit in suffixes.iter().flatten() {
                        suffix_literals.push(lit.clone());
                        suffix_owner.push(pi);
                    }
                    if let Some(c) = r.chain {
                        if c.count < 2 || c.gap == 0 {
                            return Err(format!(
                                "rule `{}`: a chain needs count ≥ 2 and gap ≥ 1",
                                r.id
                            ));
                        }
                        if !anchored && prefixes.is_none() {
                            return Err(format!(
                                "rule `{}`: a chain needs anchors or literal prefixes",
                                r.id
                            ));
                        }
                    }
                    patterns.push(PatternRule {
                        rule: i,
                        source: p.to_string(),
                        anchored,
                        chain: r.chain,
                        needs_groups: !r.same.is_empty()
                            || !r.differ.is_empty()
                            || r.span.is_some(),
                        has_prefixes: prefixes.is_some(),
                        has_suffixes: suffixes.is_some(),
                        at_prefix: prefixes.is_some() && only_end_looks(&hir),
                        prog: backtrack::Program::compile(&hir),
                        max_len: hir.properties().maximum_len(),
                        anchor_lead: anchor_lead(&hir, &r.anchors),
                        re: std::sync::OnceLock::new(),
                    });
                }
                Kind::Builtin => {
                    let b = r
                        .builtin
                        .as_deref()
                        .ok_or_else(|| format!("builtin rule `{}` names no builtin", r.id))?;
                    if !builtin::NAMES.contains(&b) {
                        return Err(format!("rule `{}`: unknown builtin `{b}`", r.id));
                    }
                    if builtins.insert(b.to_string(), i).is_some() {
                        return Err(format!("builtin `{b}` is used by two rules"));
                    }
                }
            }
            if r.kind != Kind::Pattern && (!r.anchors.is_empty() || r.chain.is_some()) {
                return Err(format!(
                    "rule `{}`: anchors and chains only apply to pattern rules",
                    r.id
                ));
            }
            if r.kind != Kind::Lexicon && (!r.terms.is_empty() || r.skip_symbols) {
                return Err(format!(
                    "rule `{}`: terms/skip_symbols only apply to lexicon rules",
                    r.id
                ));
            }
            if !r.events.is_empty() && r.builtin.as_deref() != Some("year-event") {
                return Err(format!(
                    "rule `{}`: events only apply to builtin year-event",
                    r.id
                ));
            }
            if r.tier.is_some() && r.category != Category::Cliche {
                return Err(format!(
                    "rule `{}`: tier only applies to cliche rules",
                    r.id
                ));
            }
        }

        let (event_texts, event_years) = match builtins.get("year-event") {
            Some(&i) => builtin::event_patterns(&rules[i].events),
            None => (Vec::new(), Vec::new()),
        };
        // Overlapping search reports every occurrence of every literal, so one set over the
        // lexicon, the pattern prefixes, the year-event phrases, the builtins' words and the
        // pattern suffixes finds exactly what separate ones would.
        // The builtins' words are always in the set: the builtins are fixed code.
        let terms_end = lex_patterns.len();
        let prefixes_end = terms_end + prefix_literals.len();
        let events_end = prefixes_end + event_texts.len();
        let modals_end = events_end + builtin::MODALS.len();
        let layout = ScanLayout {
            terms: terms_end,
            prefixes: prefixes_end,
            events: events_end,
            modals: modals_end,
            year_marks: modals_end + builtin::YEAR_MARKS.len(),
        };
        let scan = LiteralList::new(
            lex_patterns
                .iter()
                .chain(&prefix_literals)
                .map(String::as_str)
                .chain(event_texts.iter().map(String::as_str))
                .chain(builtin::MODALS.iter().copied())
                .chain(builtin::YEAR_MARKS.iter().copied())
                .chain(suffix_literals.iter().map(String::as_str)),
        )
        .map_err(|e| format!("lexicon: {e}"))?;
        let skip_lexicon = SkippingSet::new(&skip_patterns, skip_fold)
            .map_err(|e| format!("watermark lexicon: {e}"))?;
        let mut filter = crate::literals::ScanFilter::new();
        filter.add_list(&scan);
        filter.add_chars(skip_lexicon.first_char_list());
        let mut by_rank: Vec<usize> = (0..rules.len()).collect();
        by_rank.sort_by(|&a, &b| rules[a].id.cmp(&rules[b].id));
        let mut id_rank = vec![0u32; rules.len()];
        for (rank, &i) in by_rank.iter().enumerate() {
            id_rank[i] = rank as u32;
        }
        let texts = rules
            .iter()
            .zip(id_rank)
            .map(|(r, id_rank)| RuleText {
                id: r.id.as_str().into(),
                message: r.message.as_str().into(),
                advice: r.advice.as_str().into(),
                id_rank,
                templated: [r.message.contains('{'), r.advice.contains('{')],
            })
            .collect();
        Ok(RuleSet {
            texts,
            prefix_owner,
            event_years,
            suffix_owner,
            layout,
            filter,
            rules,
            scan,
            terms,
            skip_lexicon,
            skip_terms,
            patterns,
            builtins,
            by_id,
        })
    }
}
