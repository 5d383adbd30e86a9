//! jieba-rs segmentation with Wenfeng's pruned dictionary and domain user dictionary.

use jieba_rs::Jieba;
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

    #[test]
    fn boundaries_cover_text_ends() {
        let s = Segmenter::new().unwrap();
        let t = "优化营商环境";
        let seg = s.cut(t);
        assert!(seg.is_boundary(0) && seg.is_boundary(t.len()));
        assert!(seg.is_boundary("优化".len()));
    }
}
