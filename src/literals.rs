//! Every occurrence of a set of literal strings (overlapping, like Aho-Corasick's standard
//! overlapping search), found through an index keyed by the first two characters.
//!
//! Why not an Aho-Corasick automaton: Wenfeng's literals are ~1,000 short Chinese phrases. Over
//! UTF-8 an automaton takes three transitions per Han character (~70 instructions per byte for the
//! contiguous NFA; the DFA is ~1.5× faster but takes ~120 ms to build, which every cold start in
//! the browser would pay). Here most positions cost one bit test: only characters that begin some
//! literal reach the hash table, keyed by that character and the next, and only literals sharing
//! both are compared. Building is a hash-map fill (well under a millisecond).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// A multiply-shift hasher for the `u64` character-pair keys.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type PairMap = HashMap<u64, Range<u32>, BuildHasherDefault<PairHasher>>;

/// Bitmap over the 65,536 values of `c as u32 & 0xFFFF` (a filter: astral characters share bits
/// with BMP ones, and the hash lookup that follows a set bit is exact).
#[derive(Clone)]
struct CharBits(Vec<u64>);

impl CharBits {
    fn new() -> Self {
        CharBits(vec![0; 1024])
    }
    fn set(&mut self, c: char) {
        let v = c as usize & 0xFFFF;
        self.0[v >> 6] |= 1 << (v & 63);
    }
    #[inline]
    fn get(&self, c: char) -> bool {
        let v = c as usize & 0xFFFF;
        self.0[v >> 6] & (1 << (v & 63)) != 0
    }
}

fn key(a: char, b: Option<char>) -> u64 {
    (u64::from(a as u32) << 21) | u64::from(b.map_or(0, |c| c as u32 + 1))
}

/// A compiled set of literals; pattern ids are their positions in the input.
#[derive(Clone)]
pub struct LiteralSet {
    patterns: Vec<Box<str>>,
    /// Characters that begin a literal of two or more characters / of one character.
    first_long: CharBits,
    first_single: CharBits,
    /// (first char, second char or none) → range in `ids`.
    by_pair: PairMap,
    /// Pattern ids grouped by key, ascending within a group.
    ids: Vec<u32>,
}

impl std::fmt::Debug for LiteralSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LiteralSet({} literals)", self.patterns.len())
    }
}

impl LiteralSet {
    /// Compiles `patterns`; an empty literal is an error.
    pub fn new<I, S>(patterns: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let patterns: Vec<Box<str>> = patterns.into_iter().map(|p| p.as_ref().into()).collect();
        let mut groups: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut first_long = CharBits::new();
        let mut first_single = CharBits::new();
        for (id, p) in patterns.iter().enumerate() {
            let mut cs = p.chars();
            let Some(a) = cs.next() else {
                return Err(format!("empty literal (pattern {id})"));
            };
            let b = cs.next();
            match b {
                Some(_) => first_long.set(a),
                None => first_single.set(a),
            }
            groups.entry(key(a, b)).or_default().push(id as u32);
        }
        let mut ids = Vec::with_capacity(patterns.len());
        let mut by_pair = PairMap::default();
        let mut keys: Vec<u64> = groups.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let start = ids.len() as u32;
            ids.extend(&groups[&k]);
            by_pair.insert(k, start..ids.len() as u32);
        }
        Ok(LiteralSet {
            patterns,
            first_long,
            first_single,
            by_pair,
            ids,
        })
    }

    /// Number of literals.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Is the set empty?
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Calls `f(pattern id, byte range)` for every occurrence of every literal, overlapping, in
    /// order of start; at one start, one-character literals first, then the others by id.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(usize, Range<usize>)) {
        let bytes = text.as_bytes();
        let mut it = text.char_indices().peekable();
        while let Some((i, a)) = it.next() {
            let long = self.first_long.get(a);
            if !long && !self.first_single.get(a) {
                continue;
            }
            let b = it.peek().map(|&(_, c)| c);
            let mut try_key = |k: u64| {
                if let Some(r) = self.by_pair.get(&k) {
                    for &id in &self.ids[r.start as usize..r.end as usize] {
                        let p = self.patterns[id as usize].as_bytes();
                        if bytes[i..].starts_with(p) {
                            f(id as usize, i..i + p.len());
                        }
                    }
                }
            };
            if self.first_single.get(a) {
                try_key(key(a, None));
            }
            if long && b.is_some() {
                try_key(key(a, b));
            }
        }
    }

    /// Every occurrence, as [`LiteralSet::for_each_match`] reports them.
    pub fn find_all(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        self.for_each_match(text, |id, r| out.push((id, r)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// Same occurrences as Aho-Corasick's standard overlapping search.
    fn same_as_aho_corasick(pats: &[&str], text: &str) {
        let set = LiteralSet::new(pats).unwrap();
        let mut ours = set.find_all(text);
        let ac = AhoCorasick::new(pats).unwrap();
        let mut theirs: Vec<(usize, Range<usize>)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect();
        ours.sort_by_key(|(p, r)| (r.start, r.end, *p));
        theirs.sort_by_key(|(p, r)| (r.start, r.end, *p));
        assert_eq!(ours, theirs, "{pats:?} in {text:?}");
    }

    #[test]
    fn overlapping_occurrences_equal_aho_corasick() {
        let pats = [
            "高度重视",
            "高度",
            "重视",
            "视",
            "度重",
            "X",
            "XX",
            "XX同志",
            "𠮷野",
            "𠮷",
            "😀好",
            "高度重视高度",
            "\r\n",
            "a",
            "重视重视",
        ];
        for text in [
            "领导高度重视高度重视，XXX同志𠮷野家😀好\r\n\r\na",
            "",
            "视",
            "重视重视重视",
            "𠮷",
        ] {
            same_as_aho_corasick(&pats, text);
        }
    }

    #[test]
    fn empty_literal_is_an_error() {
        assert!(LiteralSet::new(["好", ""]).is_err());
    }

    #[test]
    fn order_is_start_then_id() {
        let set = LiteralSet::new(["重视", "高度重视", "高度"]).unwrap();
        let got = set.find_all("高度重视");
        assert_eq!(got, vec![(1, 0..12), (2, 0..6), (0, 6..12)]);
    }
}
