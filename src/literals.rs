//! Every occurrence of a set of literal strings (overlapping, like Aho-Corasick's standard
//! overlapping search), found through an index keyed by the first two characters.
//!
//! Why not an Aho-Corasick automaton: Wenfeng's literals are ~3,000 short Chinese phrases. Over
//! UTF-8 an automaton takes three transitions per Han character (~70 instructions per byte for the
//! contiguous NFA; the DFA is ~1.5× faster but takes ~120 ms to build, which every cold start in
//! the browser would pay). Here only characters that begin some literal reach the hash table,
//! keyed by that character and the next, and only literals sharing both are compared. Building is
//! a hash-map fill (about a millisecond). Sets that are searched together are indexed as one
//! ([`LiteralSet::merged`]), and the pass ([`for_each_candidate_marking`] with the set's `probe`)
//! lets a [`ScanFilter`] look at each position's raw UTF-8 bytes (its character and the next, two
//! hash-bit tests) and decode only the positions where some literal may begin (about a fifth of
//! a draft's).

use crate::text::utf8_len;
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
pub struct CharBits(Box<[u64; 1024]>);

/// Where `c` lives in a 65,536-bit table of 1,024 words: (word, bit mask).
#[inline(always)]
fn bit_slot(c: u32) -> (usize, u64) {
    let v = c as usize & 0xFFFF;
    (v >> 6, 1 << (v & 63))
}

/// Two [`CharBits`] in one table: which characters begin a literal of one character, and which
/// begin a longer one. Their words for a character lie side by side, so a probe reads both from
/// one cache line.
#[derive(Clone)]
struct FirstBits(Box<[[u64; 2]; 1024]>);

impl FirstBits {
    fn new() -> Self {
        FirstBits(Box::new([[0; 2]; 1024]))
    }
    /// Adds `c` as the first character of a literal of one character (`long` false) or more.
    fn set(&mut self, c: u32, long: bool) {
        let (w, bit) = bit_slot(c);
        self.0[w][usize::from(long)] |= bit;
    }
    /// (begins a one-character literal, begins a longer one), for `c` or a character sharing
    /// its bits.
    #[inline(always)]
    fn get(&self, c: u32) -> (bool, bool) {
        let (w, bit) = bit_slot(c);
        let [single, long] = self.0[w];
        (single & bit != 0, long & bit != 0)
    }
}

/// The code point starting at byte `i` of valid UTF-8 and its length (None at the end).
#[inline(always)]
pub(crate) fn decode(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
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

/// Calls `f(i, a, next)` for every character `a` of `text`, which begins at byte `i` and is
/// followed by `next` (code points; `None` at the end): the one decoding pass that several literal
/// sets can share through [`LiteralSet::probe`].
#[inline(always)]
pub fn for_each_char(text: &str, mut f: impl FnMut(usize, u32, Option<u32>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut cur = decode(bytes, 0);
    while let Some((a, la)) = cur {
        let next = decode(bytes, i + la);
        f(i, a, next.map(|(b, _)| b));
        i += la;
        cur = next;
    }
}

/// A filter for one pass that probes several sets (see [`for_each_candidate_marking`]): the
/// positions where some set may report a literal. It looks at the text's UTF-8 bytes as they
/// are: a position passes when the bytes of its character and the next equal the first two
/// characters of a literal of some set, or the bytes of its character equal a one-character
/// literal or a character added with [`ScanFilter::add_chars`] (through hash bits, so a few other
/// positions pass too). The sets' own probes then decide exactly.
#[derive(Clone, Debug, Default)]
pub struct ScanFilter {
    bits: CharBits,
}

/// The UTF-8 bytes of `chars` as a little-endian integer (at most eight bytes).
fn prefix_value(chars: &[u32]) -> u64 {
    let mut buf = [0u8; 8];
    let mut n = 0;
    for &c in chars {
        let c = char::from_u32(c).expect("a literal holds characters");
        n += c.encode_utf8(&mut buf[n..]).len();
    }
    u64::from_le_bytes(buf)
}

impl ScanFilter {
    /// Passes nothing.
    pub fn new() -> Self {
        ScanFilter::default()
    }
    /// Passes every position where a set holding `list`'s literals may report one.
    pub fn add_list(&mut self, list: &LiteralList) {
        for &v in &list.filter_keys {
            self.bits.set_hash(v);
        }
    }
    /// Passes every position where one of `chars` begins.
    pub fn add_chars(&mut self, chars: impl IntoIterator<Item = char>) {
        for c in chars {
            self.bits.set_hash(prefix_value(&[c as u32]));
        }
    }
}

/// `MASK[n]` keeps the low `n` bytes of a `u64`.
const MASK: [u64; 9] = {
    let mut m = [0u64; 9];
    let mut n = 1;
    while n < 9 {
        m[n] = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        n += 1;
    }
    m
};

/// Eight bytes of `bytes` from `i`, little-endian, zero past the end.
#[inline(always)]
fn load8(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..i + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
        None => {
            let mut buf = [0u8; 8];
            let tail = &bytes[i..];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// Calls `f(i, a, next)` as [`for_each_char`] does, but only where `filter` passes (most
/// characters are never decoded), and `g(i)` for every character whose lead byte `marks` lets
/// through (in text order); returns the number of characters. The literal pass gathers what the
/// text model needs on the same walk over the characters.
#[inline(always)]
pub fn for_each_candidate_marking(
    text: &str,
    filter: &ScanFilter,
    marks: &[bool; 256],
    mut f: impl FnMut(usize, u32, Option<u32>),
    mut g: impl FnMut(usize),
) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut chars = 0;
    let mut i = 0;
    let mut la = bytes.first().map_or(0, |&b| utf8_len(b));
    // Positions are gathered a batch at a time without a branch on the filter's answer (it
    // passes about one in five, unpredictably), then handed on.
    let mut batch = [0usize; 128];
    let mut marked = [0usize; 128];
    while i < n {
        let (mut k, mut m) = (0, 0);
        while i < n && k < batch.len() && m < marked.len() {
            let j = i + la;
            let lb = bytes.get(j).map_or(0, |&b| utf8_len(b));
            let w = load8(bytes, i);
            // At the last character, the "pair" is the character itself: no harm in a filter.
            let hit = filter.bits.get_hash(w & MASK[la]) | filter.bits.get_hash(w & MASK[la + lb]);
            batch[k] = i;
            k += usize::from(hit);
            marked[m] = i;
            m += usize::from(marks[(w & 0xFF) as usize]);
            chars += 1;
            i = j;
            la = lb;
        }
        for &p in &marked[..m] {
            g(p);
        }
        for &p in &batch[..k] {
            let (a, l) = decode(bytes, p).unwrap_or((0, 1));
            f(p, a, decode(bytes, p + l).map(|(c, _)| c));
        }
    }
    chars
}

/// The occurrences in `occ` (ordered by start, as the literal pass reports them) that lie within
/// `r`.
pub fn within(occ: &[Range<usize>], r: Range<usize>) -> impl Iterator<Item = &Range<usize>> {
    let from = occ.partition_point(|m| m.start < r.start);
    occ[from..]
        .iter()
        .take_while(move |m| m.start < r.end)
        .filter(move |m| m.end <= r.end)
}

impl std::fmt::Debug for CharBits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        write!(f, "CharBits({n} set)")
    }
}

impl Default for CharBits {
    fn default() -> Self {
        Self::new()
    }
}

impl CharBits {
    /// No character.
    pub fn new() -> Self {
        CharBits(Box::new([0; 1024]))
    }
    /// Adds `c`.
    pub fn set(&mut self, c: u32) {
        let (w, bit) = bit_slot(c);
        self.0[w] |= bit;
    }
    /// The bit for a pair key (a filter for the hash lookup).
    fn set_hash(&mut self, k: u64) {
        self.set(pair_bits(k));
    }
    #[inline(always)]
    fn get_hash(&self, k: u64) -> bool {
        self.get(pair_bits(k))
    }
    /// Is `c` (or a character sharing its bit) in the set?
    #[inline(always)]
    pub fn get(&self, c: u32) -> bool {
        let (w, bit) = bit_slot(c);
        self.0[w] & bit != 0
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

/// ASCII lower case to upper case, on a code point.
#[inline(always)]
fn upper(c: u32) -> u32 {
    if (u32::from(b'a')..=u32::from(b'z')).contains(&c) {
        c - 32
    } else {
        c
    }
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

/// One literal of a [`LiteralSet`].
#[derive(Clone, Copy)]
struct Entry {
    id: u32,
    start: u32,
    len: u32,
    /// ASCII letters match either case.
    fold: bool,
    /// The literal's last eight bytes (all of it, zero-padded, when shorter), little-endian: one
    /// comparison decides most candidates.
    last8: u64,
}

/// The last `min(len, 8)` bytes of `p`, as [`Entry::last8`] holds them.
fn last8(p: &[u8]) -> u64 {
    let tail = &p[p.len().saturating_sub(8)..];
    let mut buf = [0u8; 8];
    buf[..tail.len()].copy_from_slice(tail);
    u64::from_le_bytes(buf)
}

/// A compiled set of literals; pattern ids are their positions in the input.
#[derive(Clone)]
pub struct LiteralSet {
    /// Characters that begin a literal of one character / of two or more.
    first: FirstBits,
    /// Filter over the keys of literals of two or more characters.
    pairs: CharBits,
    /// (first char, second char or none) → range in `entries`.
    by_pair: PairMap,
    /// The literals grouped by key, ids ascending within a group: (id, start in `bytes`, length).
    entries: Vec<Entry>,
    /// The literals' bytes, in `entries` order (a group's candidates are compared from memory
    /// that is close together).
    bytes: Vec<u8>,
}

/// Literals before indexing: what a [`LiteralSet`] is built from (one list, or two merged) and
/// what a [`ScanFilter`] needs. Lists that are only ever searched merged with another are kept
/// as lists, so no index is built for them alone.
#[derive(Clone, Debug, Default)]
pub struct LiteralList {
    /// The literals, and whether each one's ASCII letters match either case.
    patterns: Vec<(Box<str>, bool)>,
    /// The UTF-8 bytes of each literal's first two characters (of one-character literals, the
    /// character), in every case of folded letters.
    filter_keys: Vec<u64>,
}

impl LiteralList {
    /// `patterns`, matched exactly; an empty literal is an error.
    pub fn new<I, S>(patterns: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self::build(patterns, false)
    }

    /// Like [`LiteralList::new`], with ASCII letters matching either case.
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
        let patterns: Vec<(Box<str>, bool)> = patterns
            .into_iter()
            .map(|p| (p.as_ref().into(), fold))
            .collect();
        let mut filter_keys = Vec::new();
        for (id, (p, fold)) in patterns.iter().enumerate() {
            let mut raw = p.chars().map(|c| c as u32);
            let Some(ra) = raw.next() else {
                return Err(format!("empty literal (pattern {id})"));
            };
            // The characters of the text that this literal's character `c` matches.
            let text_cases = |c: u32| {
                let (l, u) = (lower(c), upper(c));
                let both = *fold && l != u;
                [Some(if *fold { l } else { c }), both.then_some(u)]
                    .into_iter()
                    .flatten()
            };
            match raw.next() {
                Some(rb) => {
                    for ta in text_cases(ra) {
                        for tb in text_cases(rb) {
                            filter_keys.push(prefix_value(&[ta, tb]));
                        }
                    }
                }
                None => filter_keys.extend(text_cases(ra).map(|ta| prefix_value(&[ta]))),
            }
        }
        Ok(LiteralList {
            patterns,
            filter_keys,
        })
    }

    /// Number of literals.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Is the list empty?
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

impl std::fmt::Debug for LiteralSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LiteralSet({} literals)", self.entries.len())
    }
}

impl LiteralSet {
    /// Compiles `patterns`; an empty literal is an error.
    pub fn new<I, S>(patterns: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Ok(Self::from_list(&LiteralList::new(patterns)?))
    }

    /// Like [`LiteralSet::new`], with ASCII letters matching either case.
    pub fn new_ascii_case_insensitive<I, S>(patterns: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Ok(Self::from_list(&LiteralList::new_ascii_case_insensitive(
            patterns,
        )?))
    }

    /// One set holding `a`'s literals (ids `0..a.len()`) and then `b`'s (ids from `a.len()`),
    /// each matching as it does alone: one probe per position then does the work of two.
    pub fn merged(a: &LiteralList, b: &LiteralList) -> LiteralSet {
        Self::index(&[a, b])
    }

    /// The set of `list`'s literals (pattern ids are their positions in it).
    pub fn from_list(list: &LiteralList) -> LiteralSet {
        Self::index(&[list])
    }

    /// Indexes the literals of `parts`, one after the other (lists hold no empty literal). Keys
    /// are built from ASCII-lowered characters for every literal (a probe lowers the text's), so
    /// folded and exact literals share one table; each entry is then compared its own way.
    fn index(parts: &[&LiteralList]) -> Self {
        let patterns: Vec<&(Box<str>, bool)> = parts.iter().flat_map(|l| &l.patterns).collect();
        let mut groups: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut first = FirstBits::new();
        let mut pairs = CharBits::new();
        for (id, (p, _)) in patterns.iter().copied().enumerate() {
            let mut raw = p.chars().map(|c| lower(c as u32));
            let a = raw.next().expect("lists hold no empty literal");
            let b = raw.next();
            first.set(a, b.is_some());
            if b.is_some() {
                pairs.set_hash(key(a, b));
            }
            groups.entry(key(a, b)).or_default().push(id as u32);
        }
        let mut entries = Vec::with_capacity(patterns.len());
        let mut bytes = Vec::new();
        let mut by_pair = PairMap::default();
        let mut keys: Vec<u64> = groups.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let start = entries.len() as u32;
            for &id in &groups[&k] {
                let (p, fold) = &patterns[id as usize];
                let p = p.as_bytes();
                entries.push(Entry {
                    id,
                    start: bytes.len() as u32,
                    len: p.len() as u32,
                    fold: *fold,
                    last8: last8(p),
                });
                bytes.extend_from_slice(p);
            }
            by_pair.insert(k, start..entries.len() as u32);
        }
        LiteralSet {
            first,
            pairs,
            by_pair,
            entries,
            bytes,
        }
    }

    /// Number of literals.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Is the set empty?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Calls `f(pattern id, byte range)` for every occurrence of every literal, overlapping, in
    /// order of start; at one start, one-character literals first, then the others by id.
    pub fn for_each_match(&self, text: &str, mut emit: impl FnMut(usize, Range<usize>)) {
        let bytes = text.as_bytes();
        for_each_char(text, |i, a, next| self.probe(bytes, i, a, next, &mut emit));
    }

    /// Reports (as [`LiteralSet::for_each_match`] does) the literals that occur at byte `i`,
    /// where character `a` begins, followed by `next`.
    #[inline(always)]
    pub fn probe(
        &self,
        bytes: &[u8],
        i: usize,
        a: u32,
        next: Option<u32>,
        emit: &mut impl FnMut(usize, Range<usize>),
    ) {
        let a = lower(a);
        let (single, long) = self.first.get(a);
        if single {
            self.try_key(bytes, i, key(a, None), emit);
        }
        if let (true, Some(b)) = (long, next) {
            let k = key(a, Some(lower(b)));
            if self.pairs.get_hash(k) {
                self.try_key(bytes, i, k, emit);
            }
        }
    }

    /// The literals of key `k` that occur at byte `i`.
    #[inline(always)]
    fn try_key(&self, bytes: &[u8], i: usize, k: u64, emit: &mut impl FnMut(usize, Range<usize>)) {
        let Some(r) = self.by_pair.get(&k) else {
            return;
        };
        for e in &self.entries[r.start as usize..r.end as usize] {
            let len = e.len as usize;
            let Some(t) = bytes.get(i..i + len) else {
                continue;
            };
            let hit = if e.fold {
                t.eq_ignore_ascii_case(&self.bytes[e.start as usize..e.start as usize + len])
            } else {
                // The last eight bytes at once (the first two characters matched already), then
                // any bytes before them, from the end (a memcmp call costs more, in wasm
                // especially).
                let n = len.min(8);
                let tail = if len >= 8 {
                    load8(t, len - 8)
                } else {
                    load8(bytes, i) & MASK[len]
                };
                tail == e.last8
                    && t[..len - n]
                        .iter()
                        .rev()
                        .zip(
                            self.bytes[e.start as usize..e.start as usize + len - n]
                                .iter()
                                .rev(),
                        )
                        .all(|(a, b)| a == b)
            };
            if hit {
                emit(e.id as usize, i..i + len);
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

/// Literals matched over the text as a fold function sees it: characters it maps to `None` are
/// skipped, the others compared folded. Symbols inserted into a phrase then do not hide it
/// (更多素@材%尽在 is 更多素材尽在). A match reports the original text's span, from the first
/// matched character to the end of the last.
///
/// The fold may change only ASCII and full-width forms (U+FF01–U+FF5E); every other character
/// folds to itself or is skipped. The rule set's `skip_fold` is such a fold.
pub struct SkippingSet {
    /// Folded literals.
    patterns: Vec<Box<[char]>>,
    fold: fn(char) -> Option<char>,
    /// Unfolded characters whose fold begins a literal.
    first: CharBits,
    /// The same characters, exactly.
    first_list: Vec<char>,
    /// (first folded character, pattern id), sorted.
    by_first: Vec<(char, u32)>,
}

impl std::fmt::Debug for SkippingSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SkippingSet({} literals)", self.patterns.len())
    }
}

impl SkippingSet {
    /// Compiles `patterns`, which must be folded already (`fold(c) == Some(c)` for each of their
    /// characters); an empty or unfolded literal is an error.
    pub fn new<I, S>(patterns: I, fold: fn(char) -> Option<char>) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Vec::new();
        let mut by_first = Vec::new();
        for (id, p) in patterns.into_iter().enumerate() {
            let p = p.as_ref();
            let chars: Box<[char]> = p.chars().collect();
            let Some(&a) = chars.first() else {
                return Err(format!("empty literal (pattern {id})"));
            };
            if chars.iter().any(|&c| fold(c) != Some(c)) {
                return Err(format!("literal `{p}` is not folded"));
            }
            by_first.push((a, id as u32));
            out.push(chars);
        }
        by_first.sort_unstable();
        let mut first_list: Vec<char> = by_first.iter().map(|&(a, _)| a).collect();
        // The other characters that fold to a first character: ASCII and full-width forms only.
        for c in (0u32..0x80).chain(0xFF01..=0xFF5E) {
            if let Some(c) = char::from_u32(c) {
                if fold(c).is_some_and(|f| by_first.iter().any(|&(a, _)| a == f)) {
                    first_list.push(c);
                }
            }
        }
        first_list.sort_unstable();
        first_list.dedup();
        let mut first = CharBits::new();
        for &c in &first_list {
            first.set(c as u32);
        }
        Ok(SkippingSet {
            patterns: out,
            fold,
            first,
            first_list,
            by_first,
        })
    }

    /// The number of characters of literal `id`.
    pub fn char_len(&self, id: usize) -> usize {
        self.patterns[id].len()
    }

    /// The characters a match may begin with, exactly (for a [`ScanFilter`]).
    pub fn first_char_list(&self) -> impl Iterator<Item = char> + '_ {
        self.first_list.iter().copied()
    }

    /// Reports `f(pattern id, byte range)` for the literals whose match begins at byte `i`, where
    /// character `a` begins; in order of id.
    #[inline(always)]
    pub fn probe(&self, text: &str, i: usize, a: u32, emit: &mut impl FnMut(usize, Range<usize>)) {
        if !self.first.get(a) {
            return;
        }
        let Some(a) = char::from_u32(a).and_then(self.fold) else {
            return;
        };
        let from = self.by_first.partition_point(|&(c, _)| c < a);
        for &(c, id) in &self.by_first[from..] {
            if c != a {
                break;
            }
            if let Some(end) = self.match_at(text, i, &self.patterns[id as usize]) {
                emit(id as usize, i..end);
            }
        }
    }

    /// The end of `p` matched from byte `i` (whose character folds to `p[0]`), skipping what the
    /// fold drops.
    fn match_at(&self, text: &str, i: usize, p: &[char]) -> Option<usize> {
        let mut want = p.iter();
        let mut end = i;
        let mut next = want.next();
        for (j, c) in text[i..].char_indices() {
            let Some(w) = next else { break };
            match (self.fold)(c) {
                None => continue,
                Some(f) if f == *w => {
                    end = i + j + c.len_utf8();
                    next = want.next();
                }
                Some(_) => return None,
            }
        }
        next.is_none().then_some(end)
    }

    /// Every match in `text`: (pattern id, byte range), in order of start, then id.
    pub fn find_all(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        let mut emit = |id, r| out.push((id, r));
        for_each_char(text, |i, a, _| self.probe(text, i, a, &mut emit));
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
        let mut rng = crate::TestRng(0x2545_F491_4F6C_DD1D);
        for round in 0..300 {
            let pats: Vec<String> = (0..1 + rng.next(12))
                .map(|_| {
                    let len = 1 + rng.next(4);
                    rng.word(&ALPHABET, len)
                })
                .collect();
            let len = rng.next(60);
            let text = rng.word(&ALPHABET, len);
            let refs: Vec<&str> = pats.iter().map(String::as_str).collect();
            same_as_aho_corasick(&refs, &text, round % 2 == 1);
        }
    }

    /// A merged set reports what its two sets report (the second's ids after the first's),
    /// each matching its own way: exact literals stay exact beside folded ones that share their
    /// folded first characters.
    #[test]
    fn merged_sets_report_what_both_report() {
        const ALPHABET: [&str; 8] = ["高", "度", "a", "A", "𠮷", "，", "x", "X"];
        let mut rng = crate::TestRng(0x9E37_79B9_7F4A_7C15);
        let mut seen = [0usize; 2];
        for _ in 0..300 {
            let mut set = || -> Vec<String> {
                (0..1 + rng.next(8))
                    .map(|_| {
                        let len = 1 + rng.next(3);
                        rng.word(&ALPHABET, len)
                    })
                    .collect()
            };
            let (exact, folded) = (set(), set());
            let (la, lb) = (
                LiteralList::new(&exact).unwrap(),
                LiteralList::new_ascii_case_insensitive(&folded).unwrap(),
            );
            let (a, b) = (LiteralSet::from_list(&la), LiteralSet::from_list(&lb));
            let m = LiteralSet::merged(&la, &lb);
            let len = rng.next(60);
            let text = rng.word(&ALPHABET, len);
            let mut want = a.find_all(&text);
            want.extend(b.find_all(&text).into_iter().map(|(p, r)| (p + a.len(), r)));
            let mut got = m.find_all(&text);
            want.sort_by_key(|(p, r)| (r.start, *p));
            got.sort_by_key(|(p, r)| (r.start, *p));
            assert_eq!(got, want, "{exact:?} {folded:?} in {text:?}");
            seen[0] += want.iter().filter(|(p, _)| *p < a.len()).count();
            seen[1] += want.len();
            // The filter of both sets passes every position the merged set reports.
            let mut filter = ScanFilter::new();
            filter.add_list(&la);
            filter.add_list(&lb);
            let passed = passed(&text, &filter);
            assert!(
                got.iter().all(|(_, r)| passed.contains(&r.start)),
                "{text:?}"
            );
        }
        assert!(seen[0] > 100 && seen[1] > seen[0] + 100, "{seen:?}");
    }

    /// The marking walk reports every character whose lead byte the table lets through, in
    /// order, counts every character, and passes the same positions as a walk marking nothing.
    #[test]
    fn marking_walk_sees_every_marked_character() {
        const ALPHABET: [&str; 9] = ["高", "。", "a", " ", "𠮷", "，", "\n", "😀", "\u{3000}"];
        let mut table = [false; 256];
        for b in [b' ', b'\n', 0xE3, 0xEF] {
            table[b as usize] = true;
        }
        let mut filter = ScanFilter::new();
        filter.add_list(&LiteralList::new(["高。", "𠮷", "a"]).unwrap());
        let mut rng = crate::TestRng(0x1234_5678_9ABC_DEF1);
        for _ in 0..200 {
            let len = rng.next(400);
            let text = rng.word(&ALPHABET, len);
            let (mut marked, mut seen) = (Vec::new(), Vec::new());
            let chars = for_each_candidate_marking(
                &text,
                &filter,
                &table,
                |i, _, _| seen.push(i),
                |i| marked.push(i),
            );
            assert_eq!(chars, text.chars().count(), "{text:?}");
            let want: Vec<usize> = text
                .char_indices()
                .filter(|&(i, _)| table[text.as_bytes()[i] as usize])
                .map(|(i, _)| i)
                .collect();
            assert_eq!(marked, want, "{text:?}");
            assert_eq!(seen, passed(&text, &filter), "{text:?}");
        }
    }

    /// The positions [`for_each_candidate_marking`] passes, with `filter`.
    fn passed(text: &str, filter: &ScanFilter) -> Vec<usize> {
        let mut out = Vec::new();
        for_each_candidate_marking(
            text,
            filter,
            &[false; 256],
            |i, a, next| {
                let mut cs = text[i..].chars();
                assert_eq!(Some(a), cs.next().map(|c| c as u32), "decoded at {i}");
                assert_eq!(next, cs.next().map(|c| c as u32), "next at {i}");
                out.push(i);
            },
            |_| {},
        );
        out
    }

    /// Every position where a set (folded or not) or a skipping set reports a match passes the
    /// filter built from them; most other positions do not.
    #[test]
    fn scan_filter_never_hides_a_match() {
        const ALPHABET: [&str; 11] = ["高", "度", "a", "A", "Ｘ", "𠮷", "，", "x", "😀", "é", "\n"];
        let mut rng = crate::TestRng(0x0DDB_1A5E_5BAD_5EED);
        let (mut matches, mut through, mut positions) = (0, 0, 0);
        for round in 0..400 {
            let words = |rng: &mut crate::TestRng, n: usize| -> Vec<String> {
                (0..1 + rng.next(n))
                    .map(|_| {
                        let len = 1 + rng.next(4);
                        rng.word(&ALPHABET, len)
                    })
                    .collect()
            };
            let plain = words(&mut rng, 6);
            let folded = words(&mut rng, 6);
            let skipping: Vec<String> = words(&mut rng, 3)
                .into_iter()
                .map(|w| w.chars().filter_map(crate::rules::skip_fold).collect())
                .filter(|w: &String| !w.is_empty())
                .collect();
            let plain = LiteralList::new(&plain).unwrap();
            let folded = LiteralList::new_ascii_case_insensitive(&folded).unwrap();
            let len = rng.next(80);
            let text = rng.word(&ALPHABET, len);
            let mut filter = ScanFilter::new();
            filter.add_list(&plain);
            filter.add_list(&folded);
            let (plain, folded) = (
                LiteralSet::from_list(&plain),
                LiteralSet::from_list(&folded),
            );
            let mut starts: Vec<usize> = plain
                .find_all(&text)
                .into_iter()
                .chain(folded.find_all(&text))
                .map(|(_, r)| r.start)
                .collect();
            if round % 2 == 0 && !skipping.is_empty() {
                let set = SkippingSet::new(&skipping, crate::rules::skip_fold).unwrap();
                filter.add_chars(set.first_char_list());
                starts.extend(set.find_all(&text).into_iter().map(|(_, r)| r.start));
            }
            let pass = passed(&text, &filter);
            for s in &starts {
                assert!(
                    pass.binary_search(s).is_ok(),
                    "match at {s} of {text:?} hidden"
                );
            }
            matches += starts.len();
            through += pass.len();
            positions += text.chars().count();
        }
        assert!(matches > 500, "only {matches} matches");
        // Hash bits let a few other positions through, not most of them.
        assert!(
            through < positions,
            "{through} of {positions} positions passed"
        );
        let mut filter = ScanFilter::new();
        filter.add_list(&LiteralList::new(["高度重视", "Ｘ"]).unwrap());
        assert_eq!(passed("度高度重视高Ｘ度", &filter), [3, 18]);
        assert!(passed("", &filter).is_empty());
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

    /// The reference for [`SkippingSet`]: every literal found in the folded text (dropped
    /// characters removed), its span mapped back to the original.
    fn skipping_reference(pats: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let fold = crate::rules::skip_fold;
        let mut norm = String::new();
        let mut map = Vec::new();
        for (i, c) in text.char_indices() {
            if let Some(f) = fold(c) {
                map.extend(std::iter::repeat_n((i, i + c.len_utf8()), f.len_utf8()));
                norm.push(f);
            }
        }
        let mut out: Vec<(usize, Range<usize>)> = LiteralSet::new(pats)
            .unwrap()
            .find_all(&norm)
            .into_iter()
            .map(|(id, r)| (id, map[r.start].0..map[r.end - 1].1))
            .collect();
        out.sort_by_key(|(id, r)| (r.start, *id));
        out
    }

    #[test]
    fn skipping_set_sees_through_inserted_symbols() {
        let pats = ["更多素材尽在", "dadawk", "文库", "更多"];
        let set = SkippingSet::new(pats, crate::rules::skip_fold).unwrap();
        let text = "【#更多素@材%*尽在哒哒~文库，微&%信ＤａＤＡwk01】更 多";
        let got = set.find_all(text);
        assert_eq!(got, skipping_reference(&pats, text));
        let spans: Vec<&str> = got.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(
            spans,
            ["更多素@材%*尽在", "更多", "文库", "ＤａＤＡwk", "更 多"]
        );
        assert!(SkippingSet::new(["Abc"], crate::rules::skip_fold).is_err());
        assert!(SkippingSet::new([""], crate::rules::skip_fold).is_err());
    }

    #[test]
    fn random_skipping_sets_equal_the_folded_text_search() {
        const ALPHABET: [&str; 10] = ["高", "度", "a", "A", "Ａ", "𠮷", "，", "#", " ", "😀"];
        let mut rng = crate::TestRng(0x9E37_79B9_7F4A_7C15);
        let mut found = 0;
        for _ in 0..300 {
            let pats: Vec<String> = (0..1 + rng.next(6))
                .map(|_| {
                    let len = 1 + rng.next(4);
                    rng.word(&ALPHABET, len)
                })
                .map(|w| w.chars().filter_map(crate::rules::skip_fold).collect())
                .filter(|w: &String| !w.is_empty())
                .collect();
            if pats.is_empty() {
                continue;
            }
            let len = rng.next(60);
            let text = rng.word(&ALPHABET, len);
            let refs: Vec<&str> = pats.iter().map(String::as_str).collect();
            let set = SkippingSet::new(&refs, crate::rules::skip_fold).unwrap();
            let want = skipping_reference(&refs, &text);
            assert_eq!(set.find_all(&text), want, "{refs:?} in {text:?}");
            found += want.len();
        }
        assert!(found > 100, "only {found} matches in all rounds");
    }
}
