//! Normalisation for matching: only letters, digits and Han characters are kept; punctuation,
//! symbols (emoji included) and whitespace are dropped; full-width ASCII is folded to half width and
//! Latin letters to lower case. Every kept character remembers its byte offset in the original.

/// Folds one character, or drops it (`None`).
pub(crate) fn fold(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_alphanumeric() {
        Some(c.to_ascii_lowercase())
    } else {
        None
    }
}

/// A text reduced to its comparable characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Normalized {
    /// Folded characters as code points.
    pub chars: Vec<u32>,
    /// Byte offset in the original text of each kept character.
    pub bytes: Vec<u32>,
}

impl Normalized {
    pub fn new(text: &str) -> Normalized {
        let mut chars = Vec::with_capacity(text.len() / 3 + 1);
        let mut bytes = Vec::with_capacity(text.len() / 3 + 1);
        for (i, c) in text.char_indices() {
            if let Some(f) = fold(c) {
                chars.push(f as u32);
                bytes.push(i as u32);
            }
        }
        Normalized { chars, bytes }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Byte range in the original text of the kept characters `from..to` (`from < to`).
    pub fn byte_range(&self, text: &str, from: usize, to: usize) -> std::ops::Range<usize> {
        let start = self.bytes[from] as usize;
        let last = self.bytes[to - 1] as usize;
        let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        start..end
    }

    /// The kept characters as a string (for the formulation automaton), with the byte offset of
    /// every character in that string.
    pub fn folded_string(&self) -> (String, Vec<u32>) {
        let mut s = String::with_capacity(self.chars.len() * 3);
        let mut offs = Vec::with_capacity(self.chars.len() + 1);
        for &c in &self.chars {
            offs.push(s.len() as u32);
            s.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
        }
        offs.push(s.len() as u32);
        (s, offs)
    }
}

/// Folds a phrase the way [`Normalized`] folds a text.
pub(crate) fn fold_str(s: &str) -> String {
    s.chars().filter_map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_punct_space() {
        let t = "Ａｂ１，中 文！😀𠮷\r\nx";
        let n = Normalized::new(t);
        let s: String = n
            .chars
            .iter()
            .map(|&c| char::from_u32(c).unwrap())
            .collect();
        assert_eq!(s, "ab1中文𠮷x");
        assert_eq!(n.bytes[3] as usize, t.find('中').unwrap());
        assert_eq!(&t[n.byte_range(t, 5, 6)], "𠮷");
        assert_eq!(fold_str("“深入贯彻”、落实"), "深入贯彻落实");
    }
}
