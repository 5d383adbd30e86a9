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

/// The code point starting at byte `i` of valid UTF-8 and its length (None at the end).
#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    let b0 = *bytes.get(i)?;
    let (c, len) = if b0 < 0x80 {
        (u32::from(b0), 1)
    } else if b0 < 0xE0 {
        (
            (u32::from(b0 & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F),
            2,
        )
    } else if b0 < 0xF0 {
        (
            (u32::from(b0 & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F),
            3,
        )
    } else {
        (
            (u32::from(b0 & 0x07) << 18)
                | (u32::from(bytes[i + 1] & 0x3F) << 12)
                | (u32::from(bytes[i + 2] & 0x3F) << 6)
                | u32::from(bytes[i + 3] & 0x3F),
            4,
        )
    };
    Some((c, len))
}

impl CharBits {
    fn new() -> Self {
        CharBits(vec![0; 1024])
    }
    fn set(&mut self, c: u32) {
        let v = c as usize & 0xFFFF;
        self.0[v >> 6] |= 1 << (v & 63);
    }
    /// The bit for a pair key (a filter for the hash lookup).
    fn set_hash(&mut self, k: u64) {
        self.set(pair_bits(k));
    }
    #[inline(always)]
    fn get_hash(&self, k: u64) -> bool {
        self.get(pair_bits(k))
    }
    #[inline(always)]
    fn get(&self, c: u32) -> bool {
        let v = c as usize & 0xFFFF;
        self.0[v >> 6] & (1 << (v & 63)) != 0
    }
}

/// 16 bits of a pair key, for the pair filter.
#[inline(always)]
fn pair_bits(k: u64) -> u32 {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as u32
}

#[inline(always)]
fn key(a: u32, b: Option<u32>) -> u64 {
    (u64::from(a) << 21) | u64::from(b.map_or(0, |c| c + 1))
}

/// ASCII upper case to lower case, on a code point.
#[inline(always)]
fn lower(c: u32) -> u32 {
    if (u32::from(b'A')..=u32::from(b'Z')).contains(&c) {
        c + 32
    } else {
        c
    }
}

/// A compiled set of literals; pattern ids are their positions in the input.
#[derive(Clone)]
pub struct LiteralSet {
    patterns: Vec<Box<str>>,
    /// Characters that begin a literal of two or more characters / of one character.
    first_long: CharBits,
    first_single: CharBits,
    first_any: CharBits,
    /// Filter over the keys of literals of two or more characters.
    pairs: CharBits,
    /// (first char, second char or none) → range in `ids`.
    by_pair: PairMap,
    /// Pattern ids grouped by key, ascending within a group.
    ids: Vec<u32>,
    /// ASCII letters match either case.
    fold: bool,
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
        Self::build(patterns, false)
    }

    /// Like [`LiteralSet::new`], with ASCII letters matching either case.
    pub fn new_ascii_case_insensitive<I, S>(patterns: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self::build(patterns, true)
    }

    fn build<I, S>(patterns: I, fold: bool) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let f = |c: char| if fold { lower(c as u32) } else { c as u32 };
        let patterns: Vec<Box<str>> = patterns.into_iter().map(|p| p.as_ref().into()).collect();
        let mut groups: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut first_long = CharBits::new();
        let mut first_single = CharBits::new();
        let mut first_any = CharBits::new();
        let mut pairs = CharBits::new();
        for (id, p) in patterns.iter().enumerate() {
            let mut cs = p.chars().map(f);
            let Some(a) = cs.next() else {
                return Err(format!("empty literal (pattern {id})"));
            };
            let b = cs.next();
            match b {
                Some(_) => first_long.set(a),
                None => first_single.set(a),
            }
            first_any.set(a);
            if b.is_some() {
                pairs.set_hash(key(a, b));
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
            first_any,
            pairs,
            by_pair,
            ids,
            fold,
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
    pub fn for_each_match(&self, text: &str, mut emit: impl FnMut(usize, Range<usize>)) {
        let bytes = text.as_bytes();
        let fold = |c: u32| if self.fold { lower(c) } else { c };
        let mut try_key = |i: usize, k: u64| {
            if let Some(r) = self.by_pair.get(&k) {
                for &id in &self.ids[r.start as usize..r.end as usize] {
                    let p = self.patterns[id as usize].as_bytes();
                    let hit = match bytes.get(i..i + p.len()) {
                        Some(t) if self.fold => t.eq_ignore_ascii_case(p),
                        // Byte by byte from the end (literals are short; a memcmp call costs
                        // more, in wasm especially, and the first two characters matched).
                        Some(t) => t.iter().rev().zip(p.iter().rev()).all(|(a, b)| a == b),
                        None => false,
                    };
                    if hit {
                        emit(id as usize, i..i + p.len());
                    }
                }
            }
        };
        // A sliding window of two decoded characters: `a` at `i`, `next` after it.
        let mut i = 0;
        let mut cur = decode(bytes, 0);
        while let Some((a, la)) = cur {
            let next = decode(bytes, i + la);
            let a = fold(a);
            if self.first_any.get(a) {
                if self.first_single.get(a) {
                    try_key(i, key(a, None));
                }
                if let Some((b, _)) = next {
                    let k = key(a, Some(fold(b)));
                    if self.first_long.get(a) && self.pairs.get_hash(k) {
                        try_key(i, k);
                    }
                }
            }
            i += la;
            cur = next;
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

    /// Asserts the same occurrences as Aho-Corasick's standard overlapping search (ASCII case
    /// folded or not); returns how many.
    fn same_as_aho_corasick(pats: &[&str], text: &str, fold: bool) -> usize {
        let set = if fold {
            LiteralSet::new_ascii_case_insensitive(pats)
        } else {
            LiteralSet::new(pats)
        }
        .unwrap();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(fold)
            .build(pats)
            .unwrap();
        let mut ours = set.find_all(text);
        let mut theirs: Vec<(usize, Range<usize>)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect();
        ours.sort_by_key(|(p, r)| (r.start, r.end, *p));
        theirs.sort_by_key(|(p, r)| (r.start, r.end, *p));
        assert_eq!(ours, theirs, "{pats:?} in {text:?}");
        ours.len()
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
            same_as_aho_corasick(&pats, text, false);
        }
    }

    #[test]
    fn ascii_case_insensitive_equals_aho_corasick() {
        let pats = ["AI", "ai+政务", "5G", "Deepseek", "人工智能"];
        let text = "推进Ai+政务和5g基站，DEEPSEEK与人工智能ai";
        assert_eq!(same_as_aho_corasick(&pats, text, true), 6);
    }

    /// Random literals and texts over a small alphabet of 1- to 4-byte characters (so that
    /// literals share first characters, pairs and suffixes), folded and not.
    #[test]
    fn random_sets_equal_aho_corasick() {
        const ALPHABET: [&str; 8] = ["高", "度", "a", "A", "𠮷", "，", "x", "😀"];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..300 {
            let word = |len: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect()
            };
            let pats: Vec<String> = (0..1 + next(12))
                .map(|_| word(1 + next(4), &mut next))
                .collect();
            let text = word(next(60), &mut next);
            let refs: Vec<&str> = pats.iter().map(String::as_str).collect();
            same_as_aho_corasick(&refs, &text, round % 2 == 1);
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
