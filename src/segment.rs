//! jieba-rs segmentation with Wenfeng's pruned dictionary and domain user dictionary.

use jieba_rs::Jieba;
use std::cell::RefCell;
use std::ops::Range;

const BASE_DICT: &str = include_str!("../dict/jieba-pruned.txt");
const DOMAIN_DICT: &str = include_str!("../dict/domain.txt");

/// A word segmenter. Build once; `cut` is `&self` and thread-safe.
pub struct Segmenter {
    jieba: Jieba,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

/// Tokens of one text and the set of byte offsets that are word boundaries.
#[derive(Debug, Clone)]
pub struct Segmentation {
    /// Tokens as byte ranges, in order, covering the text.
    pub tokens: Vec<Range<usize>>,
    boundary: Vec<bool>,
}

impl Segmentation {
    /// Is `byte` a word boundary (start or end of a token, or the ends of the text)?
    pub fn is_boundary(&self, byte: usize) -> bool {
        self.boundary.get(byte).copied().unwrap_or(false)
    }
}

impl Segmenter {
    /// Loads the built-in dictionaries.
    pub fn new() -> Result<Self, String> {
        let mut jieba = Jieba::empty();
        jieba
            .load_dict(&mut BASE_DICT.as_bytes())
            .map_err(|e| format!("base dictionary: {e}"))?;
        for (n, line) in DOMAIN_DICT.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap_or_default();
            let freq = parts
                .next()
                .and_then(|f| f.parse::<usize>().ok())
                .ok_or_else(|| format!("dict/domain.txt line {}: expected `word freq`", n + 1))?;
            jieba.add_word(word, Some(freq), None);
        }
        Ok(Segmenter { jieba })
    }

    /// Segments `text` (HMM on for unknown words).
    pub fn cut(&self, text: &str) -> Segmentation {
        let mut boundary = vec![false; text.len() + 1];
        boundary[0] = true;
        boundary[text.len()] = true;
        let tokens: Vec<Range<usize>> = self
            .jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.byte_start..t.byte_end)
            .collect();
        for t in &tokens {
            boundary[t.start] = true;
            boundary[t.end] = true;
        }
        Segmentation { tokens, boundary }
    }

    /// Word boundaries of `text`, segmented block by block on first use (see [`Boundaries`]).
    pub fn boundaries<'a>(&'a self, text: &'a str) -> Boundaries<'a> {
        Boundaries {
            text,
            jieba: &self.jieba,
            state: RefCell::new(Vec::new()),
        }
    }

    /// The underlying jieba instance (for benchmarks against a bare `cut`).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Token strings of `text` (for tests and tools).
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.cut(text)
            .tokens
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }
}

/// jieba's own block class (`RE_HAN_DEFAULT`): jieba segments each maximal run of these characters
/// on its own, and every other character is a token by itself (`\r\n` is one token).
fn is_block_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}'
        )
    }
}

const UNKNOWN: u8 = 0;
const INNER: u8 = 1;
const EDGE: u8 = 2;

/// The word boundaries of one text, computed lazily: a position between two block characters is
/// looked up by segmenting only the block around it (once; the block's answers are kept). Because
/// jieba segments blocks independently, every answer equals the whole-text `cut`'s; most of a draft
/// is never segmented, since only short terms, topic cues and modal verbs ask.
pub struct Boundaries<'a> {
    text: &'a str,
    jieba: &'a Jieba,
    /// Per byte: UNKNOWN until its block is segmented, then INNER or EDGE. Empty until first use.
    state: RefCell<Vec<u8>>,
}

impl Boundaries<'_> {
    /// Is `byte` a word boundary (as [`Segmentation::is_boundary`] of the whole text says)?
    pub fn is_boundary(&self, byte: usize) -> bool {
        let text = self.text;
        if byte == 0 || byte == text.len() {
            return true;
        }
        if byte > text.len() || !text.is_char_boundary(byte) {
            return false;
        }
        let before = text[..byte].chars().next_back().unwrap_or('\0');
        let after = text[byte..].chars().next().unwrap_or('\0');
        if !(is_block_char(before) && is_block_char(after)) {
            return !(before == '\r' && after == '\n');
        }
        let mut state = self.state.borrow_mut();
        if state.is_empty() {
            state.resize(text.len() + 1, UNKNOWN);
        }
        if state[byte] == UNKNOWN {
            let start = text[..byte]
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_block_char(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = text[byte..]
                .char_indices()
                .find(|&(_, c)| !is_block_char(c))
                .map_or(text.len(), |(i, _)| byte + i);
            for s in &mut state[start..=end] {
                *s = INNER;
            }
            for t in self.jieba.cut(&text[start..end], true) {
                state[start + t.byte_start] = EDGE;
                state[start + t.byte_end] = EDGE;
            }
        }
        state[byte] == EDGE
    }

    /// Is `range` exactly one word (boundaries at both ends, none inside)?
    pub fn is_word(&self, range: Range<usize>) -> bool {
        let Some(s) = self.text.get(range.clone()) else {
            return false;
        };
        self.is_boundary(range.start)
            && self.is_boundary(range.end)
            && !s
                .char_indices()
                .skip(1)
                .any(|(i, _)| self.is_boundary(range.start + i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_words_stay_whole() {
        let s = Segmenter::new().unwrap();
        let w =
            s.words("深入学习贯彻二十届四中全会精神，因地制宜发展新质生产力，推动十五五开好局。");
        assert!(w.contains(&"二十届四中全会"), "{w:?}");
        assert!(w.contains(&"新质生产力"), "{w:?}");
        assert!(w.contains(&"十五五"), "{w:?}");
    }

    /// The lazy answers equal the whole-text cut's at every byte, on awkward text.
    #[test]
    fn lazy_boundaries_equal_the_whole_cut() {
        let s = Segmenter::new().unwrap();
        for t in [
            "深入学习贯彻二十届四中全会精神，因地制宜发展新质生产力。\r\n\r\n推动AI+政务.v2落地😀𠮷野家",
            "一二三abc-1.5%四五六\u{3000}七八\t九十\r\r\n\n〇〇某某XX同志××",
            "",
            "要",
            "\r\n",
        ] {
            let whole = s.cut(t);
            let lazy = s.boundaries(t);
            for b in 0..=t.len() + 1 {
                assert_eq!(lazy.is_boundary(b), whole.is_boundary(b), "{t:?} at {b}");
            }
        }
    }

    /// Random texts mixing Han, ASCII words, punctuation, CR/LF, spaces and astral characters.
    #[test]
    fn lazy_boundaries_equal_the_whole_cut_on_random_text() {
        const PIECES: [&str; 16] = [
            "发展",
            "新质生产力",
            "要",
            "重要",
            "高度重视",
            "，",
            "。",
            "\r\n",
            "\r",
            " ",
            "AI",
            "5G",
            "1.5%",
            "𠮷",
            "😀",
            "十五五",
        ];
        let s = Segmenter::new().unwrap();
        let mut rng = crate::TestRng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200 {
            let len = rng.next(40);
            let t = rng.word(&PIECES, len);
            let whole = s.cut(&t);
            // Ask in a scrambled order, so blocks are segmented from their middle too.
            let lazy = s.boundaries(&t);
            let n = t.len() + 1;
            for k in 0..n {
                let b = (k * 7919) % n;
                assert_eq!(lazy.is_boundary(b), whole.is_boundary(b), "{t:?} at {b}");
            }
        }
    }

    #[test]
    fn boundaries_cover_text_ends() {
        let s = Segmenter::new().unwrap();
        let t = "优化营商环境";
        let seg = s.cut(t);
        assert!(seg.is_boundary(0) && seg.is_boundary(t.len()));
        assert!(seg.is_boundary("优化".len()));
    }
}
