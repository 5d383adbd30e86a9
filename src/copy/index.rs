//! The reference index and the matcher.
//!
//! Every window of [`K`] comparable characters of every reference is hashed (a polynomial rolling
//! hash, finalised with splitmix64) into one hash map from hash to the window's last position, with
//! a `next` array chaining earlier positions of the same hash. A draft is scanned left to right:
//! at each position the candidates of its window are verified character by character and extended
//! as far as they go; the longest wins (ties: the earlier reference), and the scan jumps past it.
//! Matches of one reference whose gaps in draft and reference are at most [`GAP`] characters
//! (inserted, deleted or changed words) merge into one hit; a hit's edges are then extended over
//! such gaps to shorter common runs (≥ [`EDGE_MIN`] characters, gaps ≤ [`EDGE_GAP`]) that the K-window cannot see.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Window length in comparable characters.
pub(crate) const K: usize = 8;
/// Largest gap (in draft and in reference) bridged when merging matches of one passage.
pub(crate) const GAP: usize = 8;
/// Shortest common run taken when extending a hit's edges over a gap.
pub(crate) const EDGE_MIN: usize = 4;
/// Largest gap (in draft and in reference) crossed when extending a hit's edges.
pub(crate) const EDGE_GAP: usize = 6;
/// Candidates verified per window at most (bounds the work on highly repetitive references).
const MAX_CANDIDATES: usize = 64;
/// Separates references in the concatenated text; never a character.
const SEP: u32 = u32::MAX;
const NONE: u32 = u32::MAX;
const BASE: u64 = 0x100_0000_01b3;

/// The hashes are already mixed: the map uses them as they are.
#[derive(Default)]
pub(crate) struct PassHasher(u64);

impl Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes of every K-window of `s` whose window contains no SEP (others: `None`).
fn window_hashes(s: &[u32], mut f: impl FnMut(usize, u64)) {
    if s.len() < K {
        return;
    }
    let top = (0..K - 1).fold(1u64, |a, _| a.wrapping_mul(BASE)); // BASE^(K-1)
    let mut h = 0u64;
    let mut last_sep: Option<usize> = None;
    for (i, &c) in s.iter().enumerate() {
        if c == SEP {
            last_sep = Some(i);
        }
        if i >= K {
            h = h.wrapping_sub(u64::from(s[i - K]).wrapping_mul(top));
        }
        h = h.wrapping_mul(BASE).wrapping_add(u64::from(c));
        if i + 1 >= K {
            let start = i + 1 - K;
            if last_sep.is_none_or(|p| p < start) {
                f(start, mix(h));
            }
        }
    }
}

#[derive(Debug)]
pub(crate) struct Index {
    /// Every reference's comparable characters, each followed by SEP.
    chars: Vec<u32>,
    /// Start of each reference in `chars`.
    starts: Vec<u32>,
    heads: HashMap<u64, u32, BuildHasherDefault<PassHasher>>,
    next: Vec<u32>,
}

/// One exact common run: draft position, reference position (doc-local), length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    pub d: u32,
    pub r: u32,
    pub len: u32,
}

/// A merged passage of one reference.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub doc: usize,
    pub d0: u32,
    pub d1: u32,
    pub parts: Vec<Part>,
}

impl Hit {
    fn r_end(&self) -> u32 {
        self.parts.iter().map(|p| p.r + p.len).max().unwrap_or(0)
    }
    fn r_start(&self) -> u32 {
        self.parts.iter().map(|p| p.r).min().unwrap_or(0)
    }

    /// Doc-local reference range matching the draft range `a..b` (inside the hit).
    pub fn ref_range(&self, a: usize, b: usize) -> (usize, usize) {
        let (mut r0, mut r1) = (usize::MAX, 0usize);
        for p in &self.parts {
            let (pd0, pd1) = (p.d as usize, (p.d + p.len) as usize);
            let (s, e) = (pd0.max(a), pd1.min(b));
            if s < e {
                r0 = r0.min(p.r as usize + (s - pd0));
                r1 = r1.max(p.r as usize + (e - pd0));
            }
        }
        if r0 == usize::MAX {
            (self.r_start() as usize, self.r_end() as usize)
        } else {
            (r0, r1)
        }
    }
}

impl Index {
    pub fn new<'a>(docs: impl Iterator<Item = &'a [u32]>) -> Index {
        let mut chars = Vec::new();
        let mut starts = Vec::new();
        for d in docs {
            starts.push(chars.len() as u32);
            chars.extend_from_slice(d);
            chars.push(SEP);
        }
        let mut heads: HashMap<u64, u32, BuildHasherDefault<PassHasher>> =
            HashMap::with_capacity_and_hasher(chars.len(), Default::default());
        let mut next = vec![NONE; chars.len()];
        window_hashes(&chars, |p, h| {
            if let Some(prev) = heads.insert(h, p as u32) {
                next[p] = prev;
            }
        });
        Index {
            chars,
            starts,
            heads,
            next,
        }
    }

    fn doc_of(&self, p: u32) -> usize {
        self.starts.partition_point(|&s| s <= p) - 1
    }

    /// The merged passages of `draft` found in the references, in draft order.
    pub fn find(&self, draft: &[u32]) -> Vec<Hit> {
        let n = draft.len();
        let mut dh = vec![0u64; n.saturating_sub(K - 1)];
        window_hashes(draft, |i, h| dh[i] = h);
        let r = &self.chars;
        // 1. Greedy maximal matches.
        let mut matches: Vec<Part> = Vec::new(); // r is global here
        let mut i = 0;
        while i + K <= n {
            let mut best = (0usize, u32::MAX);
            if let Some(&head) = self.heads.get(&dh[i]) {
                let mut p = head;
                let mut seen = 0;
                while p != NONE && seen < MAX_CANDIDATES {
                    seen += 1;
                    let pu = p as usize;
                    let mut l = 0;
                    // `r` ends with SEP, which equals no draft character: the loop stops in bounds.
                    while i + l < n && r[pu + l] == draft[i + l] {
                        l += 1;
                    }
                    if l >= K && (l > best.0 || (l == best.0 && p < best.1)) {
                        best = (l, p);
                    }
                    p = self.next[pu];
                }
            }
            if best.0 >= K {
                matches.push(Part {
                    d: i as u32,
                    r: best.1,
                    len: best.0 as u32,
                });
                i += best.0;
            } else {
                i += 1;
            }
        }
        // 2. Merge matches of one reference across small gaps.
        let mut hits: Vec<Hit> = Vec::new();
        for m in matches {
            let doc = self.doc_of(m.r);
            let local = Part {
                r: m.r - self.starts[doc],
                ..m
            };
            if let Some(h) = hits.last_mut() {
                let dgap = m.d - h.d1;
                let last = h.parts.last().unwrap();
                let rgap = i64::from(local.r) - i64::from(last.r + last.len);
                if h.doc == doc && dgap as usize <= GAP && rgap.unsigned_abs() as usize <= GAP {
                    h.d1 = m.d + m.len;
                    h.parts.push(local);
                    continue;
                }
            }
            hits.push(Hit {
                doc,
                d0: m.d,
                d1: m.d + m.len,
                parts: vec![local],
            });
        }
        // 3. Extend edges over small gaps to shorter runs.
        for k in 0..hits.len() {
            let lo = if k == 0 { 0 } else { hits[k - 1].d1 as usize };
            let hi = hits.get(k + 1).map_or(n, |h| h.d0 as usize);
            let h = &mut hits[k];
            let doc = &r[self.starts[h.doc] as usize..];
            let doc = &doc[..doc.iter().position(|&c| c == SEP).unwrap_or(doc.len())];
            extend_left(h, draft, doc, lo);
            extend_right(h, draft, doc, hi);
        }
        hits
    }
}

fn extend_left(h: &mut Hit, d: &[u32], r: &[u32], lo: usize) {
    loop {
        let (d0, r0) = (h.d0 as usize, h.parts[0].r as usize);
        let mut best: Option<(usize, usize, usize)> = None; // (new d0, new r0, run length)
        let mut best_len = 0;
        for g in 0..=EDGE_GAP {
            for e in 0..=EDGE_GAP {
                if g == 0 && e == 0 || g + lo > d0 || e > r0 {
                    continue;
                }
                let (di, ri) = (d0 - g, r0 - e);
                let mut l = 0;
                while di > l + lo && ri > l && d[di - 1 - l] == r[ri - 1 - l] {
                    l += 1;
                }
                if l >= EDGE_MIN && l > best_len {
                    best_len = l;
                    best = Some((di - l, ri - l, l));
                }
            }
        }
        let Some((nd, nr, l)) = best else { return };
        h.d0 = nd as u32;
        h.parts.insert(
            0,
            Part {
                d: nd as u32,
                r: nr as u32,
                len: l as u32,
            },
        );
    }
}

fn extend_right(h: &mut Hit, d: &[u32], r: &[u32], hi: usize) {
    loop {
        let last = *h.parts.last().unwrap();
        let (d1, r1) = (h.d1 as usize, (last.r + last.len) as usize);
        let mut best: Option<(usize, usize, usize)> = None;
        let mut best_len = 0;
        for g in 0..=EDGE_GAP {
            for e in 0..=EDGE_GAP {
                if g == 0 && e == 0 || d1 + g > hi || r1 + e > r.len() {
                    continue;
                }
                let (di, ri) = (d1 + g, r1 + e);
                let mut l = 0;
                while di + l < hi && ri + l < r.len() && d[di + l] == r[ri + l] {
                    l += 1;
                }
                if l >= EDGE_MIN && l > best_len {
                    best_len = l;
                    best = Some((di, ri, l));
                }
            }
        }
        let Some((nd, nr, l)) = best else { return };
        h.d1 = (nd + l) as u32;
        h.parts.push(Part {
            d: nd as u32,
            r: nr as u32,
            len: l as u32,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn finds_and_merges_across_an_insertion() {
        let r = cps("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥");
        let idx = Index::new([r.as_slice()].into_iter());
        let d = cps("天地甲乙丙丁戊己庚辛壬癸我们子丑寅卯辰巳午未申酉玄黄");
        let hits = idx.find(&d);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!((hits[0].d0, hits[0].d1), (2, 2 + 10 + 2 + 10));
        assert_eq!(hits[0].ref_range(2, 26), (0, 20));
    }

    #[test]
    fn edges_extend_over_a_gap() {
        let r = cps("要进一步提高信息报送质量多报送问题建议类");
        let idx = Index::new([r.as_slice()].into_iter());
        let d = cps("要进一步提高我局信息报送质量多报送问题建议类");
        let hits = idx.find(&d);
        assert_eq!((hits[0].d0, hits[0].d1), (0, d.len() as u32));
    }

    #[test]
    fn no_match_across_references() {
        let a = cps("一二三四五六");
        let b = cps("七八九十百千");
        let idx = Index::new([a.as_slice(), b.as_slice()].into_iter());
        assert!(idx.find(&cps("一二三四五六七八九十百千")).is_empty());
    }
}
