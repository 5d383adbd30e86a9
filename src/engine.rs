//! The analysis pipeline: text model → segmentation → rule packs → filters → findings → score.

use crate::finding::{Category, Finding, SharedStr};
use crate::literals::{for_each_candidate_marking, within, LiteralSet, ScanFilter};
use crate::rules::builtin::{self, Builtins};
use crate::rules::evidence::{Evidence, EvidenceDetector};
use crate::rules::{Kind, LazyRegex, Needs, RuleSet, ScanHit, Tier};
use crate::segment::{Boundaries, Segmenter};
use crate::text::{is_han, Gathered, TextModel, MAY_MATTER};
use crate::{score, Config, Report, Stats};
use aho_corasick::AhoCorasick;
use std::cell::OnceCell;
use std::ops::Range;

/// Everything compiled once: rules, dictionaries, detectors.
#[derive(Debug)]
pub struct Engine {
    pub rules: RuleSet,
    pub segmenter: Segmenter,
    evidence: EvidenceDetector,
    builtins: Builtins,
    past_year: LazyRegex,
    past_marker: LazyRegex,
    citation: LazyRegex,
    goal: LazyRegex,
    heading_marker: LazyRegex,
}

/// What the literal pass found besides lexicon candidates.
struct Literals {
    /// Per pattern rule: where its literal prefixes or anchors occur, in order, each once.
    starts: Grouped<usize>,
    /// Year-event phrase occurrences: (phrase index, byte range).
    events: Vec<(usize, Range<usize>)>,
    /// Topic cue occurrences: (cue, byte range).
    cues: Vec<(usize, Range<usize>)>,
    /// Occurrences of the `must-wall` modal verbs, in order of start.
    modals: Vec<Range<usize>>,
    /// Occurrences of the `this-year` year marks (今年 …), in order of start.
    year_marks: Vec<Range<usize>>,
    /// Per pattern rule: where its literal suffixes occur, in order of start.
    ends: Grouped<Range<usize>>,
}

/// Items in groups `0..n`, stored in one vector (the literal pass finds ~1,000 prefix
/// occurrences for ~160 pattern rules: one vector each would grow, and reallocate, ~300 times
/// per analysis).
struct Grouped<T> {
    /// Group `g` is `items[offsets[g]..offsets[g + 1]]`.
    offsets: Vec<usize>,
    items: Vec<T>,
}

impl<T: Clone + PartialEq + Default> Grouped<T> {
    /// `n` groups from `(group, item)` pairs (a counting sort: within a group, items keep
    /// their order in `pairs`); with `dedup`, an item equal to the one before it in its group
    /// is dropped.
    fn new(n: usize, pairs: &[(u32, T)], dedup: bool) -> Self {
        let mut offsets = vec![0usize; n + 1];
        for (g, _) in pairs {
            offsets[*g as usize + 1] += 1;
        }
        for g in 0..n {
            offsets[g + 1] += offsets[g];
        }
        let mut next = offsets.clone();
        let mut items = vec![T::default(); pairs.len()];
        for (g, item) in pairs {
            let g = *g as usize;
            if dedup && next[g] > offsets[g] && items[next[g] - 1] == *item {
                continue;
            }
            items[next[g]] = item.clone();
            next[g] += 1;
        }
        // Close the gaps that dropped duplicates left (groups only move left).
        let mut to = 0;
        for g in 0..n {
            let from = offsets[g];
            offsets[g] = to;
            for k in from..next[g] {
                items.swap(to, k);
                to += 1;
            }
        }
        offsets[n] = to;
        items.truncate(to);
        Grouped { offsets, items }
    }

    fn get(&self, g: usize) -> &[T] {
        &self.items[self.offsets[g]..self.offsets[g + 1]]
    }
}

/// The literal pass for one rule set and topic list: one literal set holding the rules'
/// literals (ids as in [`RuleSet::scan`]) and then the topic cues, and the filter of the
/// positions where one of them, or a watermark, may begin.
#[derive(Debug)]
pub struct Scanner {
    set: LiteralSet,
    filter: ScanFilter,
}

/// A match before filtering.
#[derive(Debug, Clone)]
struct Candidate {
    rule: usize,
    range: Range<usize>,
    event_year: Option<i32>,
}

/// Per-analysis context.
struct Ctx<'a> {
    model: TextModel<'a>,
    seg: Boundaries<'a>,
    detector: &'a EvidenceDetector,
    /// Evidence per sentence, computed on first use (most sentences never need it).
    evidence: Vec<OnceCell<Evidence>>,
    /// The topic list's year (for the `topic-year` builtin).
    topic_year: i32,
}

impl Ctx<'_> {
    fn evidence(&self, si: usize) -> Evidence {
        *self.evidence[si].get_or_init(|| {
            self.detector
                .scan(&self.model.text[self.model.sentences[si].range.clone()])
        })
    }

    /// Evidence of the sentence holding `byte` and of the next sentence in the same paragraph.
    fn evidence_near(&self, byte: usize) -> Evidence {
        let Some(si) = self.model.sentence_of(byte) else {
            return Evidence::default();
        };
        let mut e = self.evidence(si).0;
        let s = &self.model.sentences;
        if si + 1 < s.len() && s[si + 1].paragraph == s[si].paragraph {
            e |= self.evidence(si + 1).0;
        }
        Evidence(e)
    }
}

impl Engine {
    pub fn new() -> Result<Self, String> {
        let rules = RuleSet::builtin()?;
        // Compiled on first use (see `LazyRegex`); `check_regexes` compiles them all.
        let re = LazyRegex::new;
        Ok(Engine {
            builtins: Builtins::new(),
            segmenter: Segmenter::new()?,
            evidence: EvidenceDetector::new(),
            past_year: re(r"(?:19|20)[0-9]{2}\s*年"),
            past_marker: re(
                r"期间|曾经|曾|回顾|此前|当年|那时|那年|彼时|已经结束|圆满结束|结束后|收官",
            ),
            citation: re(
                r"(?:提出|强调|指出|要求|明确|号召|所说|讲话|说|写道|批示|论述|宣布|表示|概括|部署|倡导)[^。！？]{0,6}[:：，,]?\s*$",
            ),
            heading_marker: re(
                r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]+[.、．]|第[一二三四五六七八九十]+[，,、是])",
            ),
            goal: re(
                r"力争|争取|努力|奋力|确保|力求|目标|计划|预计|希望|期待|期望|有望|谋划|以期|旨在|务必|必须|应当|应该|(?:^|[^重主需只紧必])要(?:[^求点素闻害]|$)",
            ),
            rules,
        })
    }

    /// Compiles every helper regex and pattern rule now; the first error. The tests run it, so
    /// the lazily compiled sources are known to be valid.
    #[cfg(test)]
    fn check_regexes(&self) -> Result<(), String> {
        let e = |e: regex::Error| e.to_string();
        self.evidence.check().map_err(e)?;
        self.builtins.check().map_err(e)?;
        for re in [
            &self.past_year,
            &self.past_marker,
            &self.citation,
            &self.goal,
            &self.heading_marker,
        ] {
            re.check().map_err(e)?;
        }
        for p in &self.rules.patterns {
            p.re();
        }
        Ok(())
    }

    /// The per-analysis context of `text`: its model, lazy segmentation and evidence cache.
    fn context<'a>(
        &'a self,
        model: TextModel<'a>,
        seg: Boundaries<'a>,
        topic_year: i32,
    ) -> Ctx<'a> {
        let evidence = (0..model.sentences.len())
            .map(|_| OnceCell::new())
            .collect();
        Ctx {
            model,
            seg,
            detector: &self.evidence,
            evidence,
            topic_year,
        }
    }

    /// The literal pass's set and filter for these rules and `topics`' cues.
    pub fn scanner(&self, topics: &crate::topics::TopicIndex) -> Scanner {
        let mut filter = self.rules.filter.clone();
        topics.add_to(&mut filter);
        Scanner {
            set: LiteralSet::merged(&self.rules.scan, topics.literals()),
            filter,
        }
    }

    pub fn analyze(
        &self,
        text: &str,
        cfg: &Config,
        disabled: &[bool],
        whitelist: Option<&AhoCorasick>,
        topics: &crate::topics::TopicIndex,
        scanner: &Scanner,
    ) -> Report {
        // About one candidate per hundred bytes in drafts of the genre (sized once, not regrown).
        let mut cands = Vec::with_capacity(text.len() / 100 + 16);
        let seg = self.segmenter.boundaries(text);
        // The literal pass also gathers what the text model needs.
        let (lits, gathered) = self.literals(text, &seg, disabled, topics, scanner, &mut cands);
        let model = TextModel::from_gathered(text, gathered);
        let ctx = self.context(model, seg, topics.list.year());
        self.patterns(&ctx, disabled, &lits.starts, &lits.ends, &mut cands);
        self.run_builtins(&ctx, cfg, disabled, &lits, &mut cands);

        let soft_density = self.soft_density(&ctx, &cands);
        let mut kept: Vec<Candidate> = cands
            .into_iter()
            .filter(|c| self.accept(&ctx, cfg, c, &soft_density))
            .collect();
        if let Some(wl) = whitelist {
            let spans: Vec<Range<usize>> = wl.find_iter(text).map(|m| m.range()).collect();
            kept.retain(|c| {
                !spans
                    .iter()
                    .any(|w| w.start <= c.range.start && c.range.end <= w.end)
            });
        }
        let mut kept = self.resolve_overlaps(kept);
        // Text order; at one span, by rule id. No two kept candidates have the same rule and
        // span, so the order is total.
        let texts = &self.rules.texts;
        kept.sort_unstable_by_key(|c| (c.range.start, c.range.end, texts[c.rule].id_rank));
        // The findings' texts share one string.
        let pieces = SharedStr::pieces(kept.iter().map(|c| &text[c.range.clone()]));
        let mut buf = String::new();
        let findings: Vec<Finding> = kept
            .iter()
            .zip(pieces)
            .map(|(c, piece)| self.finding(&ctx, cfg, c, piece, &mut buf))
            .collect();
        let stats = Stats {
            chars: ctx.model.char_count(),
            sentences: ctx.model.sentences.len(),
            paragraphs: ctx.model.paragraphs.len(),
        };
        let score = score::score(&findings, stats.chars);
        let alignment = crate::topics::align(&ctx.model, &ctx.seg, topics, lits.cues);
        Report {
            findings,
            score,
            stats,
            alignment,
            copy: None,
        }
    }

    /// The one pass over the text's characters for every literal set: the rule lexicon (its
    /// candidates go into `out`), the literal prefixes and anchors of pattern rules, year-event
    /// phrases, topic cues, and the watermark lexicon (through inserted symbols).
    /// On the same walk over the characters it gathers what [`TextModel::from_gathered`] needs.
    fn literals(
        &self,
        text: &str,
        seg: &Boundaries,
        disabled: &[bool],
        topics: &crate::topics::TopicIndex,
        scanner: &Scanner,
        out: &mut Vec<Candidate>,
    ) -> (Literals, Gathered) {
        let bytes = text.as_bytes();
        let (mut events, mut cues, mut modals, mut year_marks) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // About one prefix occurrence per 25 bytes and one suffix per 200 in drafts of the genre.
        let (mut starts, mut ends) = (
            Vec::with_capacity(text.len() / 25 + 16),
            Vec::with_capacity(text.len() / 200 + 16),
        );
        let mut marks: Vec<(usize, Range<usize>)> = Vec::new();
        let mut rule = |id: usize, range: Range<usize>| {
            // Occurrences other than lexicon terms are for the later passes.
            let id = match self.rules.scan_hit(id) {
                ScanHit::Term(id) => id,
                ScanHit::Prefix(p) => return starts.push((p as u32, range.start)),
                ScanHit::Event(e) => return events.push((e, range)),
                ScanHit::Modal => return modals.push(range),
                ScanHit::YearMark => return year_marks.push(range),
                ScanHit::Suffix(p) => return ends.push((p as u32, range)),
            };
            let info = &self.rules.terms[id];
            if disabled[info.rule] {
                return;
            }
            if info.boundary
                && !(seg.is_boundary(range.start) && seg.is_boundary(range.end))
                && !(edge_ok(text, range.start, true) && edge_ok(text, range.end, false))
            {
                return;
            }
            out.push(Candidate {
                rule: info.rule,
                range,
                event_year: None,
            });
        };
        // The scanner's set holds the rules' literals, then the topic cues.
        let rule_literals = self.rules.scan.len();
        let mut hit = |id: usize, r: Range<usize>| match id.checked_sub(rule_literals) {
            None => rule(id, r),
            Some(p) => cues.push((topics.cue_of(p), r)),
        };
        let mut mark = |p, r| marks.push((p, r));
        let watermarks = !self.rules.skip_terms.is_empty();
        let mut gathered = Gathered::new(text);
        // A bit test or two reject a position where nothing begins.
        gathered.chars = for_each_candidate_marking(
            text,
            &scanner.filter,
            &MAY_MATTER,
            |i, a, next| {
                scanner.set.probe(bytes, i, a, next, &mut hit);
                if watermarks {
                    self.rules.skip_lexicon.probe(text, i, a, &mut mark);
                }
            },
            |i| gathered.note(text, i),
        );
        self.watermarks(text, disabled, marks, out);
        let n = self.rules.patterns.len();
        let lits = Literals {
            starts: Grouped::new(n, &starts, true),
            events,
            cues,
            modals,
            year_marks,
            ends: Grouped::new(n, &ends, false),
        };
        (lits, gathered)
    }

    /// Candidates from watermark matches (pattern id, original span): spans widened to 【】.
    fn watermarks(
        &self,
        text: &str,
        disabled: &[bool],
        marks: Vec<(usize, Range<usize>)>,
        out: &mut Vec<Candidate>,
    ) {
        let base = out.len();
        for (pid, span) in marks {
            let rule = self.rules.skip_terms[pid];
            if disabled[rule] {
                continue;
            }
            // Inserted symbols may pad a watermark, but never whole sentences.
            let orig_chars = text[span.clone()].chars().count();
            let norm_chars = self.rules.skip_lexicon.char_len(pid);
            if orig_chars > norm_chars * 3 + 8 || text[span.clone()].contains('\n') {
                continue;
            }
            let range = widen_to_brackets(text, span);
            // Skip-symbol rules have no other candidates: look among this pass's only.
            if out[base..]
                .iter()
                .any(|c| c.rule == rule && c.range == range)
            {
                continue;
            }
            out.push(Candidate {
                rule,
                range,
                event_year: None,
            });
        }
    }

    /// Pattern rules; `starts.get(pi)`: where the literal prefixes or anchors of pattern `pi`
    /// occur.
    fn patterns(
        &self,
        ctx: &Ctx,
        disabled: &[bool],
        starts: &Grouped<usize>,
        ends: &Grouped<Range<usize>>,
        out: &mut Vec<Candidate>,
    ) {
        let text = ctx.model.text;
        let mut starts_scratch = Vec::new();
        let mut chain_scratch = Vec::new();
        let scratch = std::cell::RefCell::default();
        for (pi, p) in self.rules.patterns.iter().enumerate() {
            let prefiltered = p.has_prefixes || p.anchored;
            let occ = starts.get(pi);
            if disabled[p.rule] || (prefiltered && occ.is_empty()) {
                continue;
            }
            let spec = &self.rules.rules[p.rule];
            // A rule's candidates are all pushed here, together: duplicates are looked for from
            // `base` on only.
            let base = out.len();
            let scan = Scan {
                pat: p,
                plain: None,
                spec,
                rule: p.rule,
                groups: p.needs_groups,
                base,
                prog: p.prog.as_ref(),
                scratch: &scratch,
            };
            if !prefiltered {
                scan.run(text, 0, out);
                continue;
            }
            // The literal pass reports occurrences in order of start.
            debug_assert!(occ.windows(2).all(|w| w[0] < w[1]));
            // Where the rule's chain begins (every match holds one), when it declares one.
            let chains: Option<&[usize]> = match p.chain {
                Some(c) => {
                    chain_starts(text, occ, c, &mut chain_scratch);
                    Some(&chain_scratch)
                }
                None => None,
            };
            if chains.is_some_and(<[usize]>::is_empty) {
                continue;
            }
            if p.anchored {
                // Search each line holding an anchor (the start of a chain, for a chained rule),
                // whole (patterns never cross lines; ^ and $ keep their meaning because the line
                // is searched in place).
                let anchors = chains.unwrap_or(occ);
                let mut done = 0;
                for &o in anchors.iter() {
                    if o < done {
                        continue;
                    }
                    let Range {
                        start: line_start,
                        end: line_end,
                    } = ctx.model.line_at(o);
                    let hay = &text[..line_end];
                    done = line_end + 1;
                    match (scan.prog, p.anchor_lead.or(p.max_len)) {
                        // Every match holds an anchor that begins at most `max` bytes after the
                        // match does (`anchor_lead`), or holds one (a chain's first link, for a
                        // chained rule) and is at most `max` bytes long: either way it begins at
                        // most `max` bytes before one of them.
                        (Some(prog), Some(max)) => {
                            let anchors = if p.anchor_lead.is_some() {
                                occ
                            } else {
                                anchors
                            };
                            let i = anchors.partition_point(|&a| a < line_start);
                            starts_scratch.clear();
                            for &a in anchors[i..].iter().take_while(|&&a| a < line_end) {
                                let from = floor_char(text, a.saturating_sub(max).max(line_start));
                                let from = starts_scratch
                                    .last()
                                    .map_or(from, |&l| from.max(next_char(text, l)));
                                let mut s = from;
                                while s <= a {
                                    starts_scratch.push(s);
                                    s = next_char(text, s);
                                }
                            }
                            scan.run_starts(
                                prog,
                                hay,
                                line_start,
                                starts_scratch.iter().copied(),
                                out,
                            );
                        }
                        (Some(prog), None) if prog.first_size().is_some_and(|n| n <= SELECTIVE) => {
                            let chars = hay[line_start..]
                                .char_indices()
                                .map(|(i, _)| i + line_start);
                            scan.run_starts(prog, hay, line_start, chars, out);
                        }
                        _ => {
                            scan.run(hay, line_start, out);
                        }
                    }
                }
                continue;
            }
            // Patterns never cross a sentence: search from each prefix occurrence to the end of
            // its sentence only.
            // A match from `o` to at most `end` ends with a suffix that lies in `o..end`, and
            // holds a chain that begins in `o..end`.
            let ends = ends.get(pi);
            let may_end = |o: usize, end: usize| {
                (!p.has_suffixes || within(ends, o..end).next().is_some())
                    && chains.is_none_or(|c| {
                        c.get(c.partition_point(|&x| x < o))
                            .is_some_and(|&x| x < end)
                    })
            };
            let mut done = 0;
            if p.at_prefix {
                // Every match starts at an occurrence: try each one, anchored.
                for &o in occ.iter() {
                    if o < done {
                        continue;
                    }
                    let end = ctx.model.sentence_at(o).map_or(text.len(), |s| s.range.end);
                    if !may_end(o, end) {
                        continue;
                    }
                    if let Some(e) = scan.at(text, o, end, out) {
                        done = e;
                    }
                }
                continue;
            }
            for (i, &o) in occ.iter().enumerate() {
                if o < done {
                    continue;
                }
                let end = ctx.model.sentence_at(o).map_or(text.len(), |s| s.range.end);
                if !may_end(o, end) {
                    continue;
                }
                let hay = &text[..end];
                done = match scan.prog {
                    // Every match begins at an occurrence.
                    Some(prog) => {
                        let n = occ[i..].partition_point(|&s| s < end);
                        scan.run_starts(prog, hay, o, occ[i..i + n].iter().copied(), out)
                    }
                    None => scan.run(hay, o, out),
                }
                .max(o + 1);
            }
        }
    }

    fn run_builtins(
        &self,
        ctx: &Ctx,
        cfg: &Config,
        disabled: &[bool],
        lits: &Literals,
        out: &mut Vec<Candidate>,
    ) {
        let sentences: Vec<Range<usize>> = ctx
            .model
            .sentences
            .iter()
            .map(|s| s.range.clone())
            .collect();
        let inp = builtin::Input {
            text: ctx.model.text,
            sentences: &sentences,
            utf16: &|b| ctx.model.utf16(b),
            evidence: &|si| ctx.evidence(si),
            is_word: &|r| ctx.seg.is_word(r),
            events: &lits.events,
            event_years: &self.rules.event_years,
            modals: &lits.modals,
            year_marks: &lits.year_marks,
            year: cfg.year,
            topic_year: Some(ctx.topic_year),
        };
        for (name, &rule) in &self.rules.builtins {
            if disabled[rule] {
                continue;
            }
            for h in self.builtins.run(name, &inp, cfg) {
                out.push(Candidate {
                    rule,
                    range: h.range,
                    event_year: h.event_year,
                });
            }
        }
    }

    /// Paragraphs where soft-tier words are dense: ≥ 3 of them and ≥ 1.5 per 100 characters.
    fn soft_density(&self, ctx: &Ctx, cands: &[Candidate]) -> Vec<bool> {
        let mut counts = vec![0usize; ctx.model.paragraphs.len()];
        for c in cands {
            if self.rules.rules[c.rule].tier == Some(Tier::Soft) {
                if let Some(s) = ctx.model.sentence_at(c.range.start) {
                    counts[s.paragraph] += 1;
                }
            }
        }
        counts
            .iter()
            .zip(&ctx.model.paragraphs)
            .map(|(&n, p)| {
                // Count characters only where the first condition holds.
                n >= 4 && n * 100 >= ctx.model.text[p.clone()].chars().count().max(1) * 2
            })
            .collect()
    }

    fn accept(&self, ctx: &Ctx, cfg: &Config, c: &Candidate, dense: &[bool]) -> bool {
        let spec = &self.rules.rules[c.rule];
        let text = ctx.model.text;
        if spec
            .not_after
            .iter()
            .any(|w| text[..c.range.start].ends_with(w.as_str()))
            || spec
                .not_before
                .iter()
                .any(|w| text[c.range.end..].starts_with(w.as_str()))
        {
            return false;
        }

        if let Some(from) = spec.stale_from {
            if cfg.year < from {
                return false;
            }
        }
        if let Some(until) = spec.stale_until {
            if cfg.year > until {
                return false;
            }
        }
        if spec.category == Category::Stale
            && spec.kind != Kind::Builtin
            && spec.historical_ok.unwrap_or(true)
            && self.is_historical(ctx, &c.range, cfg.year)
        {
            return false;
        }
        if matches!(
            spec.category,
            Category::Cliche | Category::Claim | Category::Style
        ) && spec.kind != Kind::Builtin
            && self.is_cited(ctx, &c.range)
        {
            return false;
        }
        if spec.needs.is_some() && self.is_goal(ctx, &c.range) {
            return false;
        }
        match spec.needs {
            Some(Needs::Evidence) if ctx.evidence_near(c.range.start).has(Evidence::CLAIM) => {
                return false
            }
            Some(Needs::Authority) if ctx.evidence_near(c.range.start).has(Evidence::AUTHORITY) => {
                return false
            }
            _ => {}
        }
        if spec.tier == Some(Tier::Soft) {
            if self.in_heading(ctx, c.range.start) {
                return false;
            }
            let para_dense = ctx
                .model
                .sentence_at(c.range.start)
                .is_some_and(|s| dense[s.paragraph]);
            if !para_dense && ctx.evidence_near(c.range.start).has(Evidence::ANY) {
                return false;
            }
        }
        true
    }

    /// The claim is a target, not a report: its clause opens with 力争/争取/确保/目标 …
    fn is_goal(&self, ctx: &Ctx, r: &Range<usize>) -> bool {
        let Some(s) = ctx.model.sentence_at(r.start) else {
            return false;
        };
        let lead = &ctx.model.text[s.range.start..r.start];
        let clause = lead
            .rfind(['，', '；', '：', ',', ';', ':'])
            .map(|i| &lead[i..])
            .unwrap_or(lead);
        self.goal.is_match(clause)
    }

    /// The match sits in a heading line (short, no closing punctuation, or numbered like 一、).
    fn in_heading(&self, ctx: &Ctx, byte: usize) -> bool {
        let Some(s) = ctx.model.sentence_at(byte) else {
            return false;
        };
        let p = &ctx.model.paragraphs[s.paragraph];
        let line = &ctx.model.text[p.clone()];
        // Counted as far as the limits need; the marker looked for only when it decides.
        let chars = line.chars().take(41).count();
        if chars > 40 {
            return false;
        }
        let open_end = !line.ends_with(['。', '！', '？', '；', '…', '!', '?', ';', '”', '」']);
        open_end || (chars <= 30 && self.heading_marker.is_match(line))
    }

    /// The reference is written about the past: its clause (or a short lead-in clause such as
    /// “2023年，”) names an earlier year, or the sentence has a past marker (期间, 曾, 回顾 …).
    fn is_historical(&self, ctx: &Ctx, r: &Range<usize>, year: i32) -> bool {
        let text = ctx.model.text;
        let Some(sentence) = ctx.model.sentence_at(r.start) else {
            return false;
        };
        if self.past_marker.is_match(&text[sentence.range.clone()]) {
            return true;
        }
        let s_start = sentence.range.start;
        let before = &text[s_start..r.start];
        let after_sep = |s: &str| {
            s.char_indices()
                .rfind(|&(_, c)| matches!(c, '，' | '；' | ',' | ';'))
                .map(|(i, c)| (i, i + c.len_utf8()))
        };
        let mut cut = after_sep(before).map_or(0, |(_, next)| next);
        // Include a short lead-in clause before the comma (“2023年，”).
        if let Some((sep, _)) = after_sep(before) {
            let prev = &before[..sep];
            let p = after_sep(prev).map_or(0, |(_, next)| next);
            if prev[p..].chars().count() <= 14 {
                cut = p;
            }
        }
        let after = &text[r.end..];
        let end = after
            .find(['，', '；', '。', ',', ';', '\n'])
            .map_or(text.len(), |i| r.end + i);
        let clause = &text[floor_char(text, s_start + cut)..end];
        // The year is the match's first four bytes, ASCII digits: no capture search (which
        // allocates) is needed.
        self.past_year
            .find_iter(clause)
            .any(|m| m.as_str()[..4].parse::<i32>().is_ok_and(|y| y < year))
    }

    /// Inside 《》, or inside quotation marks introduced by a citation verb (提出/强调/指出 …).
    fn is_cited(&self, ctx: &Ctx, r: &Range<usize>) -> bool {
        let text = ctx.model.text;
        ctx.model.enclosing_quotes(r.clone()).any(|q| match q.open {
            '《' => true,
            '“' | '「' | '『' | '"' | '‘' if is_mention(text, q, r) => true,
            '“' | '「' | '『' | '"' | '‘' => {
                let lead_start = ctx
                    .model
                    .sentence_at(q.start)
                    .map_or(q.start, |s| s.range.start)
                    .max(q.start.saturating_sub(60));
                let lead_start = floor_char(text, lead_start);
                self.citation.is_match(&text[lead_start..q.start])
            }
            _ => false,
        })
    }

    /// Within a category, keep the most severe, then longest, non-overlapping lexicon/pattern
    /// matches. Builtin spans (sentences, runs) may contain other findings.
    fn resolve_overlaps(&self, cands: Vec<Candidate>) -> Vec<Candidate> {
        // The candidates' order by key, the list order among equals (the index is the last key).
        let mut keyed: Vec<_> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let s = &self.rules.rules[c.rule];
                (
                    std::cmp::Reverse(s.effective_severity()),
                    std::cmp::Reverse(c.range.len()),
                    c.range.start,
                    c.rule,
                    i,
                )
            })
            .collect();
        keyed.sort_unstable();
        // Per category, the kept lexicon/pattern spans: disjoint (a clash keeps a second one
        // out), so ordered by start they are ordered by end too.
        // (Indexed by category, each sized for all of its candidates.)
        let mut counts = [0usize; Category::ALL.len()];
        for c in &cands {
            let spec = &self.rules.rules[c.rule];
            if spec.kind != Kind::Builtin {
                counts[spec.category as usize] += 1;
            }
        }
        let mut taken = counts.map(Vec::<Range<usize>>::with_capacity);
        let mut kept: Vec<Candidate> = Vec::with_capacity(keyed.len());
        let mut prev = None;
        for &(.., i) in &keyed {
            let c = &cands[i];
            let spec = &self.rules.rules[c.rule];
            // Duplicates (same rule, same span) have equal keys: they are neighbours.
            let this = Some((c.rule, c.range.clone()));
            if this == prev {
                continue;
            }
            prev = this;
            if spec.kind != Kind::Builtin {
                let spans = &mut taken[spec.category as usize];
                // The first kept span ending after this one's start is the only one that may
                // overlap it.
                let i = spans.partition_point(|k| k.end <= c.range.start);
                if spans.get(i).is_some_and(|k| k.start < c.range.end) {
                    continue;
                }
                spans.insert(i, c.range.clone());
            }
            kept.push(c.clone());
        }
        kept
    }

    /// The finding of candidate `c`. `buf` is scratch space for filling templated texts, reused
    /// from finding to finding, so a filled text costs one allocation (its `Arc`).
    fn finding(
        &self,
        ctx: &Ctx,
        cfg: &Config,
        c: &Candidate,
        piece: SharedStr,
        buf: &mut String,
    ) -> Finding {
        let spec = &self.rules.rules[c.rule];
        let shared = &self.rules.texts[c.rule];
        let text = &ctx.model.text[c.range.clone()];
        let mut fill = |s: &std::sync::Arc<str>, templated: bool| -> std::sync::Arc<str> {
            if !templated {
                return s.clone();
            }
            buf.clear();
            fill_template(s, buf, |name, out| {
                use std::fmt::Write;
                match name {
                    "text" => out.push_str(text),
                    "year" => {
                        let _ = write!(out, "{}", cfg.year);
                    }
                    "event_year" => match c.event_year {
                        Some(y) => {
                            let _ = write!(out, "{y}");
                        }
                        None => return false,
                    },
                    "missing" => ctx.evidence_near(c.range.start).write_missing_zh(out),
                    _ => return false,
                }
                true
            });
            std::sync::Arc::from(buf.as_str())
        };
        let message = fill(&shared.message, shared.templated[0]);
        let advice = fill(&shared.advice, shared.templated[1]);
        let replacements = spec
            .replace
            .get(text)
            .cloned()
            .unwrap_or_else(|| spec.replacements.clone());
        Finding {
            rule: shared.id.clone(),
            category: spec.category,
            severity: spec.effective_severity(),
            start: ctx.model.utf16(c.range.start),
            end: ctx.model.utf16(c.range.end),
            start_byte: c.range.start,
            end_byte: c.range.end,
            text: piece,
            message,
            advice,
            replacements,
        }
    }
}

/// Appends `template` to `out` with each `{name}` replaced by what `value(name, out)` appends
/// when it returns true, in one pass: other braces stay as they are, and inserted text is never
/// searched for placeholders again. A `value` returning false must append nothing.
fn fill_template(
    template: &str,
    out: &mut String,
    mut value: impl FnMut(&str, &mut String) -> bool,
) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            rest = after;
            break;
        };
        let (placeholder, tail) = after.split_at(close + 1);
        if !value(&placeholder[1..close], out) {
            out.push_str(placeholder);
        }
        rest = tail;
    }
    out.push_str(rest);
}

/// A pattern without a length bound is tried at every character of a line that can begin a
/// match, when at most this many characters can (otherwise its regex scans the line).
const SELECTIVE: u64 = 256;

/// A match and the span it reports (a group, with `span`).
type Spans = (Range<usize>, Range<usize>);

/// One pattern rule being searched.
struct Scan<'r> {
    pat: &'r crate::rules::PatternRule,
    /// A regex to search with instead of the rule's own (tests: the plain, unanchored one).
    plain: Option<&'r regex::Regex>,
    spec: &'r crate::rules::RuleSpec,
    rule: usize,
    /// The rule has `same`/`differ`/`span`: search with capture groups.
    groups: bool,
    /// Index in the candidate list where this rule's candidates begin.
    base: usize,
    /// The rule's backtracking program, when it has one.
    prog: Option<&'r crate::rules::backtrack::Program>,
    /// Capture slots and backtracking stack, reused by every search of an analysis.
    scratch: &'r std::cell::RefCell<(
        crate::rules::backtrack::Captures,
        Vec<crate::rules::backtrack::Frame>,
    )>,
}

impl Scan<'_> {
    fn re(&self) -> &regex::Regex {
        self.plain.unwrap_or_else(|| self.pat.re())
    }

    /// The span a capture match reports, or `None` when its `same`/`differ` group checks fail.
    fn checked_span(&self, caps: &regex::Captures) -> Option<Range<usize>> {
        let m = caps.get(0).expect("group 0 always exists");
        self.check_groups(
            m.range(),
            |g| caps.name(g).map(|x| x.range()),
            m.as_str(),
            m.start(),
        )
    }

    /// The rule's `same`/`differ` checks and `span` on a match (`whole`) whose groups `group`
    /// gives as byte ranges, `text` being the match itself, starting at byte `base`: the span to
    /// report, or `None` when a check fails. Shared by the regex and the program searches.
    fn check_groups(
        &self,
        whole: Range<usize>,
        group: impl Fn(&str) -> Option<Range<usize>>,
        text: &str,
        base: usize,
    ) -> Option<Range<usize>> {
        let spec = self.spec;
        let slice = |g: &str| group(g).map(|r| &text[r.start - base..r.end - base]);
        let ok = spec.same.iter().all(|[a, b]| slice(a) == slice(b))
            && spec.differ.iter().all(|[a, b]| slice(a) != slice(b));
        if !ok {
            return None;
        }
        Some(spec.span.as_deref().and_then(group).unwrap_or(whole))
    }

    /// Adds a candidate for this rule unless it is empty or this rule already has that span.
    fn push(&self, range: Range<usize>, out: &mut Vec<Candidate>) {
        if !range.is_empty()
            && !out[self.base..]
                .iter()
                .any(|c| c.rule == self.rule && c.range == range)
        {
            out.push(Candidate {
                rule: self.rule,
                range,
                event_year: None,
            });
        }
    }

    /// The match of the anchored regex at `o` (searched in `text[o..end]`), reported if it passes
    /// the group checks; returns its end when it passes.
    fn at(&self, text: &str, o: usize, end: usize, out: &mut Vec<Candidate>) -> Option<usize> {
        let hay = &text[..end];
        // (whole match, reported span) in `text`, when there is a match and it passes the checks.
        let found = match self.prog.map(|prog| self.program_at(prog, hay, o)) {
            Some(Ok(found)) => found,
            // No program, or it ran out of steps.
            _ => self.regex_at(&text[o..end]).map(|(m, r)| {
                let shift = |r: Range<usize>| r.start + o..r.end + o;
                (shift(m), shift(r))
            }),
        };
        let (m, range) = found?;
        self.push(range.clone(), out);
        Some(resume(hay, &m, &range))
    }

    /// The program's match at `o` in `hay`, which is the anchored regex's in `hay[o..]`: an
    /// `at_prefix` pattern looks at neither the text before `o` nor the start of the haystack.
    fn program_at(
        &self,
        prog: &crate::rules::backtrack::Program,
        hay: &str,
        o: usize,
    ) -> Result<Option<Spans>, crate::rules::backtrack::Exhausted> {
        let mut steps = crate::rules::backtrack::BUDGET;
        let (caps, stack) = &mut *self.scratch.borrow_mut();
        if !prog.match_at(hay, o, caps, stack, &mut steps)? {
            return Ok(None);
        }
        let m = caps.get(0).expect("a match sets group 0");
        Ok(if self.groups {
            self.checked_span_prog(prog, caps, hay).map(|r| (m, r))
        } else {
            Some((m.clone(), m))
        })
    }

    /// The anchored regex's match at the start of `hay` (relative offsets).
    fn regex_at(&self, hay: &str) -> Option<Spans> {
        if self.groups {
            let caps = self.re().captures(hay)?;
            let range = self.checked_span(&caps)?;
            Some((caps.get(0).expect("group 0 always exists").range(), range))
        } else {
            let m = self.re().find(hay)?;
            Some((m.range(), m.range()))
        }
    }

    /// [`Scan::checked_span`] for a program's match in `hay`.
    fn checked_span_prog(
        &self,
        prog: &crate::rules::backtrack::Program,
        caps: &crate::rules::backtrack::Captures,
        hay: &str,
    ) -> Option<Range<usize>> {
        let m = caps.get(0)?;
        let group = |g: &str| prog.group(g).and_then(|i| caps.get(i));
        self.check_groups(m.clone(), group, &hay[m.clone()], m.start)
    }

    /// [`Scan::run`] with the rule's program, trying only `starts` (ascending character
    /// boundaries; every match from `pos` on begins at one of them). When the program's budget
    /// runs out, the regex takes over from where the program was.
    fn run_starts(
        &self,
        prog: &crate::rules::backtrack::Program,
        hay: &str,
        mut pos: usize,
        starts: impl Iterator<Item = usize>,
        out: &mut Vec<Candidate>,
    ) -> usize {
        let mut steps = crate::rules::backtrack::BUDGET;
        let mut scratch = self.scratch.borrow_mut();
        let (caps, stack) = &mut *scratch;
        for s in starts {
            if s < pos || !prog.may_start(hay.as_bytes(), s) {
                continue;
            }
            match prog.match_at(hay, s, caps, stack, &mut steps) {
                Err(_) => {
                    drop(scratch);
                    return self.run(hay, pos, out);
                }
                Ok(false) => {}
                Ok(true) => {
                    let m = caps.get(0).expect("a match sets group 0");
                    let range = if self.groups {
                        match self.checked_span_prog(prog, caps, hay) {
                            Some(r) => r,
                            None => {
                                pos = next_char(hay, m.start);
                                continue;
                            }
                        }
                    } else {
                        m.clone()
                    };
                    pos = resume(hay, &m, &range);
                    self.push(range, out);
                }
            }
        }
        hay.len()
    }

    /// Reports every match in `hay` from `pos`; returns where scanning stopped.
    fn run(&self, hay: &str, mut pos: usize, out: &mut Vec<Candidate>) -> usize {
        while pos <= hay.len() {
            let (m, range) = if self.groups {
                let Some(caps) = self.re().captures_at(hay, pos) else {
                    return hay.len();
                };
                let m = caps.get(0).expect("group 0 always exists").range();
                let Some(range) = self.checked_span(&caps) else {
                    pos = next_char(hay, m.start);
                    continue;
                };
                (m, range)
            } else {
                let Some(m) = self.re().find_at(hay, pos) else {
                    return hay.len();
                };
                (m.range(), m.range())
            };
            pos = resume(hay, &m, &range);
            self.push(range, out);
        }
        pos
    }
}

/// The occurrences in `occ` (sorted, distinct byte offsets) that begin a chain: `c.count` of
/// them in a row, each at most `c.gap` characters after the one before. A match's chain shows up
/// here even when other occurrences lie between its links: they only shorten the steps.
fn chain_starts(text: &str, occ: &[usize], c: crate::rules::Chain, out: &mut Vec<usize>) {
    // Characters from `a` to `b` are at most `gap`: no more than four bytes each, at least one.
    let near = |a: usize, b: usize| {
        b - a <= c.gap || (b - a <= 4 * c.gap && text[a..b].chars().count() <= c.gap)
    };
    out.clear();
    // `run`: how many occurrences from `occ[i]` on are linked, counted from the back.
    let mut run = 0;
    for i in (0..occ.len()).rev() {
        run = if i + 1 < occ.len() && near(occ[i], occ[i + 1]) {
            run + 1
        } else {
            1
        };
        if run >= c.count {
            out.push(occ[i]);
        }
    }
    out.reverse();
}

/// Where a pattern's search goes on after match `m`, which reported `range`: after the reported
/// span, not after the whole match — a pattern's trailing context (…日[，,]) may be the start of
/// the next finding (XX县) — and always past the match's start.
fn resume(hay: &str, m: &Range<usize>, range: &Range<usize>) -> usize {
    if range.end > m.start {
        range.end
    } else if m.end > m.start {
        m.end
    } else {
        next_char(hay, m.end)
    }
}

/// The quotation holds exactly the match: the phrase is being mentioned (“有的稿件开头就是
/// ‘在上级的正确领导下’”), not used.
fn is_mention(text: &str, q: &crate::text::Quote, r: &Range<usize>) -> bool {
    let open = text[q.start..].chars().next().map_or(1, char::len_utf8);
    let close = text[..q.end].chars().next_back().map_or(1, char::len_utf8);
    let inner = &text[q.start + open..q.end - close];
    let inner = inner.trim_matches(|c: char| c.is_whitespace() || "，。、；！？…".contains(c));
    inner == &text[r.clone()]
}

/// For boundary checks: the neighbour across `pos` is not a Han character.
fn edge_ok(text: &str, pos: usize, at_start: bool) -> bool {
    let c = if at_start {
        text[..pos].chars().next_back()
    } else {
        text[pos..].chars().next()
    };
    c.is_none_or(|c| !is_han(c))
}

fn next_char(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .next()
        .map(|c| pos + c.len_utf8())
        .unwrap_or(text.len() + 1)
}

fn floor_char(text: &str, mut pos: usize) -> usize {
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Widens a watermark span to the 【】/[]/〔〕 pair around it on the same line, if any.
fn widen_to_brackets(text: &str, r: Range<usize>) -> Range<usize> {
    const PAIRS: [(char, char); 4] = [('【', '】'), ('[', ']'), ('〔', '〕'), ('［', '］')];
    let line_start = text[..r.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[r.end..]
        .find('\n')
        .map(|i| r.end + i)
        .unwrap_or(text.len());
    for (open, close) in PAIRS {
        let before = &text[line_start..r.start];
        let after = &text[r.end..line_end];
        let (Some(o), Some(cl)) = (before.rfind(open), after.find(close)) else {
            continue;
        };
        let o = line_start + o;
        let cl = r.end + cl + close.len_utf8();
        // No other bracket closes between the opener and the match, and the pair is short.
        if !text[o + open.len_utf8()..r.start].contains(close)
            && !text[r.end..cl - close.len_utf8()].contains(open)
            && text[o..cl].chars().count() <= 80
        {
            return o..cl;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Groups hold their items in input order; dedup drops only an item equal to the one
    /// before it in the same group.
    #[test]
    fn grouped_is_a_stable_counting_sort() {
        let pairs = [
            (2, 5),
            (0, 1),
            (2, 5),
            (0, 1),
            (2, 7),
            (0, 3),
            (2, 5),
            (3, 0),
        ];
        let g = Grouped::new(4, &pairs, true);
        assert_eq!(g.get(0), [1, 3]);
        assert!(g.get(1).is_empty());
        assert_eq!(g.get(2), [5, 7, 5]);
        assert_eq!(g.get(3), [0]);
        let g = Grouped::new(5, &pairs, false);
        assert_eq!(g.get(0), [1, 1, 3]);
        assert_eq!(g.get(2), [5, 5, 7, 5]);
        assert!(g.get(4).is_empty());
        assert!(Grouped::<usize>::new(3, &[], true).get(2).is_empty());
    }

    #[test]
    fn templates_fill_in_one_pass() {
        let value = |name: &str, out: &mut String| {
            match name {
                "text" => out.push_str("{year}年"),
                "year" => out.push_str("2026"),
                "empty" => {}
                _ => return false,
            }
            true
        };
        // It appends: what `out` held stays in front.
        let fill = |t: &str| {
            let mut out = "前文".to_string();
            fill_template(t, &mut out, value);
            out.strip_prefix("前文").expect("appends").to_string()
        };
        assert_eq!(
            fill("“{text}”写于{year}年{empty}。"),
            "“{year}年”写于2026年。"
        );
        assert_eq!(fill("{unknown}与{year"), "{unknown}与{year");
        assert_eq!(fill("前{}后{{year}}"), "前{}后{{year}}");
        assert_eq!(fill("没有占位符"), "没有占位符");
        assert_eq!(fill("{year}{year}"), "20262026");
    }

    /// Findings at one span are sorted by rule rank: the ranks must order rules as their ids do.
    /// The template flags must say whether a text holds a placeholder.
    #[test]
    fn rule_ranks_order_as_ids_and_flags_match_the_texts() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let t = &rules.texts;
        for a in t {
            assert_eq!(
                a.templated,
                [a.message.contains('{'), a.advice.contains('{')]
            );
            for b in t {
                assert_eq!(
                    a.id_rank.cmp(&b.id_rank),
                    a.id.cmp(&b.id),
                    "{} {}",
                    a.id,
                    b.id
                );
            }
        }
        assert!(t.iter().any(|x| x.templated[0]) && t.iter().any(|x| !x.templated[0]));
    }

    #[test]
    fn every_lazily_compiled_regex_is_valid() {
        super::Engine::new().unwrap().check_regexes().unwrap();
    }

    /// Every rule example and dev-set draft, marks removed.
    fn corpus(e: &Engine) -> Vec<String> {
        let marks = Regex::new(r"\[\[|\]\]|⟦[a-z]+\||⟧").unwrap();
        let mut texts: Vec<String> = e
            .rules
            .rules
            .iter()
            .flat_map(|r| r.pass.iter().chain(&r.fail))
            .map(|t| marks.replace_all(t, "").into_owned())
            .collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/devset/drafts");
        for f in std::fs::read_dir(dir).unwrap() {
            let t = std::fs::read_to_string(f.unwrap().path()).unwrap();
            texts.push(marks.replace_all(&t, "").into_owned());
        }
        texts
    }

    /// The prefiltered pattern search (from each prefix occurrence to the end of its sentence,
    /// anchored at the occurrence where `at_prefix`) finds exactly what searching every sentence
    /// whole with the plain regex finds; the anchored search (lines holding an anchor) finds what
    /// searching every line does.
    #[test]
    fn prefiltered_pattern_search_equals_whole_sentence_search() {
        let e = Engine::new().unwrap();
        let topics = crate::topics::default_index().unwrap();
        let disabled = vec![false; e.rules.rules.len()];
        let plain: Vec<Regex> = e
            .rules
            .patterns
            .iter()
            .map(|p| Regex::new(&p.source).unwrap())
            .collect();
        let (mut found, mut at_prefix, mut anchored) = (0, 0, 0);
        let scanner = e.scanner(&topics);
        for text in corpus(&e) {
            let mut lexicon = Vec::new();
            let seg = e.segmenter.boundaries(&text);
            let (lits, gathered) =
                e.literals(&text, &seg, &disabled, &topics, &scanner, &mut lexicon);
            let model = TextModel::from_gathered(&text, gathered);
            // The gathered model is the standalone one.
            let alone = TextModel::new(&text);
            assert_eq!(
                (&model.paragraphs, &model.sentences, &model.quotes),
                (&alone.paragraphs, &alone.sentences, &alone.quotes)
            );
            assert_eq!(model.char_count(), alone.char_count());
            let ctx = e.context(model, seg, 2026);
            let mut got = Vec::new();
            e.patterns(&ctx, &disabled, &lits.starts, &lits.ends, &mut got);
            for (p, re) in e.rules.patterns.iter().zip(&plain) {
                let mut want = Vec::new();
                let scratch = Default::default();
                let scan = Scan {
                    pat: p,
                    plain: Some(re),
                    spec: &e.rules.rules[p.rule],
                    rule: p.rule,
                    groups: p.needs_groups,
                    base: 0,
                    prog: None,
                    scratch: &scratch,
                };
                if p.anchored {
                    let mut start = 0;
                    for line in text.split_inclusive('\n') {
                        let end = start + line.trim_end_matches('\n').len();
                        scan.run(&text[..end], start, &mut want);
                        start += line.len();
                    }
                } else {
                    for s in &ctx.model.sentences {
                        scan.run(&text[..s.range.end], s.range.start, &mut want);
                    }
                }
                let ranges = |v: &[Candidate]| {
                    let mut r: Vec<Range<usize>> = v
                        .iter()
                        .filter(|c| c.rule == p.rule)
                        .map(|c| c.range.clone())
                        .collect();
                    r.sort_by_key(|r| (r.start, r.end));
                    r.dedup();
                    r
                };
                let want = ranges(&want);
                assert_eq!(ranges(&got), want, "{} in {text:?}", p.source);
                found += want.len();
                if p.at_prefix {
                    at_prefix += want.len();
                }
                if p.anchored {
                    anchored += want.len();
                }
            }
        }
        // The comparison saw matches, of every kind of search.
        assert!(
            found > 300 && at_prefix > 100 && anchored > 100,
            "{found} matches, {at_prefix} at a prefix, {anchored} anchored"
        );
    }

    /// Every rule's backtracking program reports, at every position of the corpus and of
    /// random texts made of the pattern's own pieces, exactly the match and capture groups the
    /// regex engine reports anchored there (whole text as haystack, so ^ $ see the same context).
    #[test]
    fn backtracking_programs_match_the_regex_engine_everywhere() {
        use regex_automata::{meta, Anchored, Input};
        let e = Engine::new().unwrap();
        let mut texts = corpus(&e);
        texts.push("XX县\r\n𠮷😀×月×日\n".to_string());
        let (mut compiled, mut compared, mut matched, mut exhausted) = (0, 0, 0, 0);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for p in &e.rules.patterns {
            let Some(prog) = &p.prog else { continue };
            compiled += 1;
            let re = meta::Regex::new(&p.source).unwrap();
            let mut caps = re.create_captures();
            // Random texts: runs of the pattern's characters, its words, and a few others.
            let pieces: Vec<String> = p
                .source
                .split(|c: char| c.is_ascii() || "，。；！？、".contains(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .chain(["，", "。", "、", "的", "\n", "X", "1", " ", "了", "是"].map(String::from))
                .collect();
            let mut all = texts.clone();
            for _ in 0..300 {
                let n = rand(12);
                all.push((0..n).map(|_| pieces[rand(pieces.len())].clone()).collect());
            }
            let mut slots = Default::default();
            let mut stack = Vec::new();
            for text in &all {
                let starts = text.char_indices().map(|(i, _)| i).chain([text.len()]);
                for s in starts {
                    let input = Input::new(text).range(s..).anchored(Anchored::Yes);
                    re.search_captures(&input, &mut caps);
                    let mut steps = crate::rules::backtrack::BUDGET;
                    let got = match prog.match_at(text, s, &mut slots, &mut stack, &mut steps) {
                        Ok(found) => found,
                        Err(_) => {
                            exhausted += 1;
                            continue;
                        }
                    };
                    compared += 1;
                    assert_eq!(got, caps.is_match(), "{} at {s} of {text:?}", p.source);
                    if got {
                        matched += 1;
                        assert!(prog.may_start(text.as_bytes(), s), "{}", p.source);
                        for g in 0..caps.group_len() {
                            assert_eq!(
                                slots.get(g),
                                caps.get_group(g).map(|m| m.range()),
                                "group {g} of {} at {s} of {text:?}",
                                p.source
                            );
                        }
                    }
                }
            }
        }
        assert!(
            compiled >= 70 && matched > 2000 && exhausted * 1000 < compared,
            "{compiled} programs, {compared} positions, {matched} matches, {exhausted} over budget"
        );
        eprintln!(
            "{compiled} programs, {compared} positions, {matched} matches, {exhausted} over budget"
        );
    }

    /// `anchor_lead` holds on every match in the corpus: an anchor begins at most that many
    /// bytes after the match does. And it is known for most anchored rules.
    #[test]
    fn every_match_holds_an_anchor_within_its_lead() {
        let e = Engine::new().unwrap();
        let texts = corpus(&e);
        let (mut known, mut checked) = (0, 0);
        for p in &e.rules.patterns {
            let Some(lead) = p.anchor_lead else { continue };
            known += 1;
            let anchors = &e.rules.rules[p.rule].anchors;
            let re = Regex::new(&p.source).unwrap();
            for text in &texts {
                for m in re.find_iter(text) {
                    checked += 1;
                    let end = floor_char(text, m.end().min(m.start() + lead + 32));
                    let window = &text[m.start()..end];
                    let first = anchors.iter().filter_map(|a| window.find(a.as_str())).min();
                    assert!(
                        first.is_some_and(|f| f <= lead),
                        "{} in {:?}: anchor at {first:?}, lead {lead}",
                        p.source,
                        m.as_str()
                    );
                }
            }
        }
        assert!(
            known >= 25 && checked > 200,
            "{known} rules, {checked} matches"
        );
    }
}
