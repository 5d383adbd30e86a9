//! A small backtracking matcher over characters for pattern rules, run only at the positions
//! where a match can begin.
//!
//! Why: a pattern rule's regex (the `regex` crate's lazy DFA) is fast per byte, but each of the
//! ~80 pattern rules keeps its own transition tables, and one analysis touches all of them. In
//! callgrind's cache simulation (512 KB last level, like one core's L2) the pattern phase made
//! more than half of an analysis' last-level misses (11 k of 20 k) for ~260 searches over ~33 KB:
//! its memory, not its instructions, was the cost. A rule compiled here is a few hundred
//! instructions over characters (a Unicode class is one instruction, not a UTF-8 automaton) and
//! is tried only at its literal prefixes' occurrences, or in a window before its anchors.
//!
//! Semantics are the `regex` crate's, exactly: the program has the shape of regex-automata's
//! Thompson NFA for the same `Hir` (alternatives in order; `x{n,m}` as n copies then nested
//! optional copies; `x*`, `x+` and lazy forms with the same preference), and running it by
//! backtracking in preference order finds the leftmost-first match at a start, which is what
//! the crate reports. What this module does not model (word boundaries, CRLF mode, byte classes,
//! unbounded repetition of something that can match empty) makes [`Program::compile`] return
//! `None`, and that rule keeps its regex. A search that runs past its step budget returns
//! [`Exhausted`] and the caller asks the regex, so the budget bounds the time, never the answer.
//! `tests` compare every rule's program with its regex at every position of the corpus.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Positions a search may take before it gives up ([`Exhausted`]).
pub const BUDGET: u32 = 20_000;

/// The search took more than [`BUDGET`] steps; ask the regex instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted;

#[derive(Debug, Clone, Copy)]
enum Inst {
    /// The bytes `lits[at..at + len]`.
    Lit {
        at: u32,
        len: u32,
    },
    /// One of the literals of alternation `alts[at]`, tried in their order.
    Alts(u32),
    /// One character in the sorted ranges `ranges[at..at + len]`.
    Class {
        at: u32,
        len: u32,
    },
    /// Go on at the first; when that fails, at the second.
    Split(u32, u32),
    Jmp(u32),
    /// Record the position in a capture slot.
    Save(u32),
    /// A zero-width assertion.
    Look(LookKind),
    Match,
}

#[derive(Debug, Clone, Copy)]
enum LookKind {
    Start,
    End,
    StartLf,
    EndLf,
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Program {
    insts: Vec<Inst>,
    lits: Vec<u8>,
    ranges: Vec<(u32, u32)>,
    alts: Vec<AltSet>,
    /// Two slots per capture group (group 0 is the whole match).
    slots: usize,
    /// Group names and their indexes.
    names: Vec<(Box<str>, usize)>,
    /// The characters a match can begin with (sorted ranges), when every match begins with one.
    first: Option<Vec<(u32, u32)>>,
    /// How many characters `first` holds.
    first_size: Option<u64>,
    /// Bit `c % 256` set for every character `c` of a small `first` (all bits otherwise): most
    /// characters are turned away without a search of the ranges.
    first_mask: [u64; 4],
}

/// An alternation of literals, indexed by their first character: `by_first` holds, for each
/// first character (sorted), the range of `lits` whose literals begin with it, in the order of the
/// alternation. Trying only those, in order, is trying every branch in order: the others fail at
/// their first character.
#[derive(Debug)]
struct AltSet {
    by_first: Vec<(u32, u32, u32)>,
    /// (offset, length) in [`Program::lits`].
    lits: Vec<(u32, u32)>,
}

impl AltSet {
    /// The literals that may match where character `c` is.
    fn candidates(&self, c: u32) -> &[(u32, u32)] {
        match self.by_first.binary_search_by_key(&c, |&(f, _, _)| f) {
            Ok(i) => {
                let (_, a, b) = self.by_first[i];
                &self.lits[a as usize..b as usize]
            }
            Err(_) => &[],
        }
    }
}

/// A match: where it is, and the capture slots (byte offsets; `None` for a group that did not
/// take part).
#[derive(Debug, Default)]
pub struct Captures {
    slots: Vec<Option<usize>>,
}

impl Captures {
    /// The span of group `g` (0: the whole match).
    pub fn get(&self, g: usize) -> Option<std::ops::Range<usize>> {
        Some(self.slots.get(2 * g).copied()??..self.slots.get(2 * g + 1).copied()??)
    }
}

struct Compiler {
    insts: Vec<Inst>,
    lits: Vec<u8>,
    ranges: Vec<(u32, u32)>,
    /// Where each class's ranges are in `ranges`.
    classes: std::collections::HashMap<Vec<(u32, u32)>, u32>,
    alts: Vec<AltSet>,
    names: Vec<(Box<str>, usize)>,
    groups: usize,
}

/// Programs longer than this are left to the regex.
const MAX_INSTS: usize = 20_000;

impl Program {
    /// The program for `hir` (parsed with `regex_syntax`'s defaults, as the `regex` crate parses
    /// it), or `None` when it uses something this matcher does not model.
    pub fn compile(hir: &Hir) -> Option<Program> {
        let mut c = Compiler {
            insts: Vec::new(),
            lits: Vec::new(),
            ranges: Vec::new(),
            classes: Default::default(),
            alts: Vec::new(),
            names: Vec::new(),
            groups: 1,
        };
        c.insts.push(Inst::Save(0));
        c.c(hir)?;
        c.insts.push(Inst::Save(1));
        c.insts.push(Inst::Match);
        if c.insts.len() > MAX_INSTS {
            return None;
        }
        let mut p = Program {
            insts: c.insts,
            lits: c.lits,
            ranges: c.ranges,
            alts: c.alts,
            slots: 2 * c.groups,
            names: c.names,
            first: None,
            first_size: None,
            first_mask: [u64::MAX; 4],
        };
        p.first = p.first_chars();
        p.first_size = p.first.as_ref().map(|f| {
            f.iter()
                .map(|&(a, b)| u64::from(b) - u64::from(a) + 1)
                .sum()
        });
        if p.first_size.is_some_and(|n| n <= 256) {
            p.first_mask = [0; 4];
            for &(a, b) in p.first.iter().flatten() {
                for c in a..=b {
                    p.first_mask[(c as usize >> 6) & 3] |= 1 << (c & 63);
                }
            }
        }
        Some(p)
    }

    /// The index of the group named `name`.
    pub fn group(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|&(_, i)| i)
    }

    /// How many characters a match can begin with (`None`: no known set, as when the empty
    /// string matches).
    pub fn first_size(&self) -> Option<u64> {
        self.first_size
    }

    /// Whether a match may begin at byte `at` of `hay` (a character boundary): false when the
    /// character there cannot begin one.
    #[inline]
    pub fn may_start(&self, hay: &[u8], at: usize) -> bool {
        match &self.first {
            None => true,
            Some(f) => crate::literals::decode(hay, at).is_some_and(|(c, _)| {
                self.first_mask[(c as usize >> 6) & 3] & (1 << (c & 63)) != 0 && in_ranges(f, c)
            }),
        }
    }

    /// The leftmost-first match of the pattern that starts exactly at `start` (a character
    /// boundary of `hay`), as the regex would report it anchored there with `hay` as its
    /// haystack. Its slots are left in `caps`. `steps` counts down the budget.
    pub fn match_at(
        &self,
        hay: &str,
        start: usize,
        caps: &mut Captures,
        stack: &mut Vec<Frame>,
        steps: &mut u32,
    ) -> Result<bool, Exhausted> {
        let bytes = hay.as_bytes();
        caps.slots.clear();
        caps.slots.resize(self.slots, None);
        stack.clear();
        stack.push(Frame(Kind::Step { ip: 0, at: start }));
        let mut left = *steps;
        let found = 'search: {
            while let Some(f) = stack.pop() {
                let (mut ip, mut at) = match f.0 {
                    Kind::Restore { slot, old } => {
                        caps.slots[slot as usize] = old;
                        continue;
                    }
                    Kind::Step { ip, at } => (ip as usize, at),
                    Kind::Alt { ip, at, k } => {
                        let Inst::Alts(a) = self.insts[ip as usize] else {
                            unreachable!("an Alt frame points at an Alts instruction")
                        };
                        match self.next_alt(a, bytes, at, k) {
                            Some((len, k)) => {
                                stack.push(Frame(Kind::Alt { ip, at, k: k + 1 }));
                                (ip as usize + 1, at + len)
                            }
                            None => continue,
                        }
                    }
                };
                loop {
                    if left == 0 {
                        *steps = 0;
                        return Err(Exhausted);
                    }
                    left -= 1;
                    match self.insts[ip] {
                        Inst::Match => break 'search true,
                        Inst::Lit { at: o, len } => {
                            let (o, len) = (o as usize, len as usize);
                            match bytes.get(at..at + len) {
                                // The first bytes differ most often: compare them first.
                                Some(b) if b[0] == self.lits[o] && b == &self.lits[o..o + len] => {
                                    at += len;
                                    ip += 1;
                                }
                                _ => break,
                            }
                        }
                        Inst::Alts(a) => match self.next_alt(a, bytes, at, 0) {
                            Some((len, k)) => {
                                stack.push(Frame(Kind::Alt {
                                    ip: ip as u32,
                                    at,
                                    k: k + 1,
                                }));
                                at += len;
                                ip += 1;
                            }
                            None => break,
                        },
                        Inst::Class { at: o, len } => {
                            let ranges = &self.ranges[o as usize..(o + len) as usize];
                            match crate::literals::decode(bytes, at) {
                                Some((c, n)) if in_ranges(ranges, c) => {
                                    at += n;
                                    ip += 1;
                                }
                                _ => break,
                            }
                        }
                        Inst::Split(a, b) => {
                            stack.push(Frame(Kind::Step { ip: b, at }));
                            ip = a as usize;
                        }
                        Inst::Jmp(a) => ip = a as usize,
                        Inst::Save(s) => {
                            let old = caps.slots[s as usize].replace(at);
                            stack.push(Frame(Kind::Restore { slot: s, old }));
                            ip += 1;
                        }
                        Inst::Look(k) => {
                            let ok = match k {
                                LookKind::Start => at == 0,
                                LookKind::End => at == bytes.len(),
                                LookKind::StartLf => at == 0 || bytes[at - 1] == b'\n',
                                LookKind::EndLf => at == bytes.len() || bytes[at] == b'\n',
                            };
                            if !ok {
                                break;
                            }
                            ip += 1;
                        }
                    }
                }
            }
            false
        };
        *steps = left;
        Ok(found)
    }

    /// The first literal of alternation `a`, from its `k`-th candidate at `at` on, that matches
    /// there: its length and index among the candidates.
    #[inline]
    fn next_alt(&self, a: u32, bytes: &[u8], at: usize, k: u32) -> Option<(usize, u32)> {
        let (c, _) = crate::literals::decode(bytes, at)?;
        let cands = self.alts[a as usize].candidates(c);
        for (i, &(o, len)) in cands.iter().enumerate().skip(k as usize) {
            let (o, len) = (o as usize, len as usize);
            if bytes.get(at..at + len) == Some(&self.lits[o..o + len]) {
                return Some((len, i as u32));
            }
        }
        None
    }

    /// The characters every match begins with: the first character of each literal or class
    /// reachable from the start without consuming input. `None` when the empty string matches.
    fn first_chars(&self) -> Option<Vec<(u32, u32)>> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.insts.len()];
        let mut todo = vec![0usize];
        while let Some(ip) = todo.pop() {
            if std::mem::replace(&mut seen[ip], true) {
                continue;
            }
            match self.insts[ip] {
                Inst::Match => return None,
                Inst::Lit { at, .. } => {
                    let (c, _) = crate::literals::decode(&self.lits, at as usize)?;
                    out.push((c, c));
                }
                Inst::Class { at, len } => {
                    out.extend_from_slice(&self.ranges[at as usize..(at + len) as usize])
                }
                Inst::Alts(a) => out.extend(
                    self.alts[a as usize]
                        .by_first
                        .iter()
                        .map(|&(c, _, _)| (c, c)),
                ),
                Inst::Split(a, b) => {
                    todo.push(a as usize);
                    todo.push(b as usize);
                }
                Inst::Jmp(a) => todo.push(a as usize),
                Inst::Save(_) | Inst::Look(_) => todo.push(ip + 1),
            }
        }
        out.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (a, b) in out {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Some(merged)
    }
}

/// A backtracking frame. The stack belongs to the caller, so that searches reuse it.
#[derive(Debug, Clone, Copy)]
pub struct Frame(Kind);

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Try instruction `ip` at byte `at`.
    Step { ip: u32, at: usize },
    /// Try the literals of the alternation at `ip` from its `k`-th candidate at byte `at` on.
    Alt { ip: u32, at: usize, k: u32 },
    /// Put a capture slot back as it was.
    Restore { slot: u32, old: Option<usize> },
}

#[inline]
fn in_ranges(ranges: &[(u32, u32)], c: u32) -> bool {
    if ranges.len() <= 4 {
        return ranges.iter().any(|&(a, b)| a <= c && c <= b);
    }
    let i = ranges.partition_point(|&(_, b)| b < c);
    ranges.get(i).is_some_and(|&(a, _)| a <= c)
}

impl Compiler {
    fn pc(&self) -> u32 {
        self.insts.len() as u32
    }

    fn c(&mut self, hir: &Hir) -> Option<()> {
        if self.insts.len() > MAX_INSTS {
            return None;
        }
        match hir.kind() {
            HirKind::Empty => {}
            // Literals that are not whole characters (bytes mode): not modelled.
            HirKind::Literal(l) if std::str::from_utf8(&l.0).is_err() => return None,
            HirKind::Literal(l) => {
                let at = self.lits.len() as u32;
                self.lits.extend_from_slice(&l.0);
                self.insts.push(Inst::Lit {
                    at,
                    len: l.0.len() as u32,
                });
            }
            HirKind::Class(Class::Unicode(cls)) => {
                let ranges: Vec<(u32, u32)> = cls
                    .ranges()
                    .iter()
                    .map(|r| (u32::from(r.start()), u32::from(r.end())))
                    .collect();
                // A class repeated ({0,10}, copies of a group) is stored once: the program's
                // memory is what a search touches.
                let at = match self.classes.get(&ranges) {
                    Some(&at) => at,
                    None => {
                        let at = self.ranges.len() as u32;
                        self.ranges.extend_from_slice(&ranges);
                        self.classes.insert(ranges.clone(), at);
                        at
                    }
                };
                let len = ranges.len() as u32;
                self.insts.push(Inst::Class { at, len });
            }
            HirKind::Class(Class::Bytes(_)) => return None,
            HirKind::Look(look) => {
                let k = match look {
                    Look::Start => LookKind::Start,
                    Look::End => LookKind::End,
                    Look::StartLF => LookKind::StartLf,
                    Look::EndLF => LookKind::EndLf,
                    _ => return None,
                };
                self.insts.push(Inst::Look(k));
            }
            HirKind::Capture(cap) => {
                let g = cap.index as usize;
                self.groups = self.groups.max(g + 1);
                if let Some(n) = &cap.name {
                    self.names.push((n.clone(), g));
                }
                self.insts.push(Inst::Save(2 * g as u32));
                self.c(&cap.sub)?;
                self.insts.push(Inst::Save(2 * g as u32 + 1));
            }
            HirKind::Concat(hs) => {
                for h in hs {
                    self.c(h)?;
                }
            }
            HirKind::Alternation(hs)
                if hs.iter().all(|h| {
                    matches!(h.kind(), HirKind::Literal(l) if std::str::from_utf8(&l.0).is_ok())
                }) =>
            {
                let mut lits: Vec<(u32, u32, u32)> = Vec::new();
                for h in hs {
                    let HirKind::Literal(l) = h.kind() else {
                        unreachable!()
                    };
                    let (first, _) = crate::literals::decode(&l.0, 0)?;
                    lits.push((first, self.lits.len() as u32, l.0.len() as u32));
                    self.lits.extend_from_slice(&l.0);
                }
                // Grouped by first character; a stable sort keeps their order within a group.
                lits.sort_by_key(|&(f, _, _)| f);
                let mut by_first: Vec<(u32, u32, u32)> = Vec::new();
                for (i, &(f, _, _)) in lits.iter().enumerate() {
                    match by_first.last_mut() {
                        Some(last) if last.0 == f => last.2 = i as u32 + 1,
                        _ => by_first.push((f, i as u32, i as u32 + 1)),
                    }
                }
                self.alts.push(AltSet {
                    by_first,
                    lits: lits.iter().map(|&(_, o, n)| (o, n)).collect(),
                });
                self.insts.push(Inst::Alts(self.alts.len() as u32 - 1));
            }
            HirKind::Alternation(hs) => {
                // Split(alt 1, next split) … last alternative; each alternative jumps to the end.
                let mut jumps = Vec::new();
                for (i, h) in hs.iter().enumerate() {
                    if i + 1 < hs.len() {
                        let split = self.insts.len();
                        self.insts.push(Inst::Split(0, 0));
                        self.c(h)?;
                        jumps.push(self.insts.len());
                        self.insts.push(Inst::Jmp(0));
                        let next = self.pc();
                        self.insts[split] = Inst::Split(split as u32 + 1, next);
                    } else {
                        self.c(h)?;
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.insts[j] = Inst::Jmp(end);
                }
            }
            HirKind::Repetition(rep) => {
                let sub = &rep.sub;
                let empty_body = sub.properties().minimum_len() == Some(0);
                match (rep.min, rep.max) {
                    (min, None) => {
                        // An unbounded loop over something that can match empty: the NFA's
                        // handling of it is not modelled.
                        if empty_body {
                            return None;
                        }
                        if min == 0 {
                            // L: Split(body, exit); body; Jmp L
                            let l = self.insts.len();
                            self.insts.push(Inst::Split(0, 0));
                            self.c(sub)?;
                            self.insts.push(Inst::Jmp(l as u32));
                            let exit = self.pc();
                            self.insts[l] = self.split(rep.greedy, l as u32 + 1, exit);
                        } else {
                            for _ in 0..min - 1 {
                                self.c(sub)?;
                            }
                            // L: body; Split(L, exit)
                            let l = self.pc();
                            self.c(sub)?;
                            let s = self.pc();
                            self.insts.push(self.split(rep.greedy, l, s + 1));
                        }
                    }
                    (min, Some(max)) => {
                        for _ in 0..min {
                            self.c(sub)?;
                        }
                        // Nested optional copies: Split(copy, end) copy Split(copy, end) copy …
                        let mut splits = Vec::new();
                        for _ in min..max {
                            splits.push(self.insts.len());
                            self.insts.push(Inst::Split(0, 0));
                            self.c(sub)?;
                            if self.insts.len() > MAX_INSTS {
                                return None;
                            }
                        }
                        let end = self.pc();
                        for s in splits {
                            self.insts[s] = self.split(rep.greedy, s as u32 + 1, end);
                        }
                    }
                }
            }
        }
        Some(())
    }

    /// A split preferring `body` when greedy, `exit` when lazy.
    fn split(&self, greedy: bool, body: u32, exit: u32) -> Inst {
        if greedy {
            Inst::Split(body, exit)
        } else {
            Inst::Split(exit, body)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::{meta, Anchored, Input};

    /// `Program` and the regex engine agree at every position of every text, on the match and
    /// every group; returns how many matches were compared.
    fn agree(pattern: &str, texts: &[&str]) -> usize {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        let prog = Program::compile(&hir).unwrap_or_else(|| panic!("{pattern} compiles"));
        let re = meta::Regex::new(pattern).unwrap();
        let mut caps = re.create_captures();
        let (mut slots, mut stack) = (Captures::default(), Vec::new());
        let mut matches = 0;
        for text in texts {
            for s in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
                re.search_captures(
                    &Input::new(text).range(s..).anchored(Anchored::Yes),
                    &mut caps,
                );
                let mut steps = BUDGET;
                let got = prog
                    .match_at(text, s, &mut slots, &mut stack, &mut steps)
                    .unwrap();
                assert_eq!(got, caps.is_match(), "{pattern} at {s} of {text:?}");
                if got {
                    matches += 1;
                    for g in 0..caps.group_len() {
                        assert_eq!(
                            slots.get(g),
                            caps.get_group(g).map(|m| m.range()),
                            "group {g} of {pattern} at {s} of {text:?}"
                        );
                    }
                }
            }
        }
        matches
    }

    #[test]
    fn preference_order_is_the_regex_engines() {
        let texts = [
            "abcabc ab abd",
            "aaa bbb aab",
            "取得了显著成效，取得明显的成绩",
            "一、二、三\n四、五\r\n六",
            "𠮷😀𠮷 emoji 😀",
            "",
        ];
        for p in [
            "ab|abc",
            "abc|ab",
            "(?:a|ab)(?:c|bcd)?",
            "a{1,3}?b?",
            "a{2,3}",
            "(?P<x>a|b)+",
            "(?P<x>a)*?b",
            "(?:a|b){0,2}(?P<r>.)",
            "^a|b$",
            "(?m)^\\p{Han}|\\p{Han}$",
            "(?m)^.{0,3}?$",
            "取得了?(?:显著|明显)的?(?P<t>成效|成绩)",
            "[^，。\\n]{0,4}?[、，]",
            "(?P<a>\\p{Han})、(?P<b>\\p{Han})",
            "𠮷|😀+",
            "\\s*[a-z]+",
            "(?:)|a",
        ] {
            agree(p, &texts);
        }
        assert!(agree("ab|abc", &texts) > 0 && agree("(?P<x>a|b)+", &texts) > 0);
    }

    #[test]
    fn what_is_not_modelled_is_left_to_the_regex() {
        for p in ["\\bab", "(?:a?)*", "(?-u:\\xFF)", "(?Rm)a$"] {
            let Ok(hir) = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(p)
            else {
                continue;
            };
            assert!(Program::compile(&hir).is_none(), "{p}");
        }
    }

    #[test]
    fn first_characters_and_budget() {
        let hir = regex_syntax::Parser::new()
            .parse("(?:取得|保持)了?")
            .unwrap();
        let prog = Program::compile(&hir).unwrap();
        assert_eq!(prog.first_size(), Some(2));
        assert!(prog.may_start("保持".as_bytes(), 0) && !prog.may_start("了".as_bytes(), 0));
        // Something that can match empty has no first-character set.
        let hir = regex_syntax::Parser::new().parse("a?").unwrap();
        assert_eq!(Program::compile(&hir).unwrap().first_size(), None);
        // A search that needs more steps than it has gives up instead of answering.
        let hir = regex_syntax::Parser::new()
            .parse("(?:a|aa){0,30}b")
            .unwrap();
        let prog = Program::compile(&hir).unwrap();
        let text = "a".repeat(30);
        let (mut slots, mut stack, mut steps) = (Captures::default(), Vec::new(), 1000);
        assert_eq!(
            prog.match_at(&text, 0, &mut slots, &mut stack, &mut steps),
            Err(Exhausted)
        );
    }
}
