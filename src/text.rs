//! The text model: paragraphs, sentences, quotations and the byte → UTF-16 offset table,
//! all computed once per analysis.

use std::ops::Range;

/// Sentence terminators (a sentence ends after one of these, plus any closing quotes/brackets).
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…')
}

fn closer_for(c: char) -> Option<char> {
    Some(match c {
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        '（' => '）',
        '(' => ')',
        '《' => '》',
        '【' => '】',
        '〔' => '〕',
        '[' => ']',
        _ => return None,
    })
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕' | ']' | '"' | '\''
    )
}

/// Is `c` a Han character (CJK Unified Ideographs, extensions A–I, compatibility ideographs)?
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // Ext A
        | 0x4E00..=0x9FFF    // URO
        | 0xF900..=0xFAFF    // Compatibility
        | 0x20000..=0x2A6DF  // Ext B
        | 0x2A700..=0x2EBEF  // Ext C–F, I
        | 0x2EBF0..=0x2EE5F  // Ext I
        | 0x2F800..=0x2FA1F  // Compatibility supplement
        | 0x30000..=0x323AF  // Ext G, H
        | 0x3007             // 〇
    )
}

/// A matched pair of quotation marks or brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Opening mark.
    pub open: char,
    /// Byte offset of the opening mark.
    pub start: usize,
    /// Byte offset just past the closing mark.
    pub end: usize,
}

/// A sentence: its byte range (trimmed of surrounding whitespace) and its paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Index of the paragraph holding it.
    pub paragraph: usize,
}

/// Paragraphs, sentences, quotations and offsets of one text.
#[derive(Debug)]
pub struct TextModel<'a> {
    /// The text.
    pub text: &'a str,
    /// Non-empty lines, trimmed, as byte ranges.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Matched quotation/bracket pairs, ordered by start.
    pub quotes: Vec<Quote>,
    /// Byte offsets of the `\n` characters, ascending.
    newlines: Vec<usize>,
    /// UTF-16 offset of byte `k × UTF16_STEP`, for every k up to `text.len() / UTF16_STEP`
    /// (counting every character whose first byte lies before it).
    utf16: Vec<u32>,
    /// Number of characters.
    chars: usize,
    /// Number of whitespace characters.
    whitespace: usize,
}

/// First bytes of the characters the model looks at (ASCII punctuation and whitespace; the lead
/// bytes of U+0080–U+00BF, U+1000–U+3FFF and U+F000–U+FFFF, where the CJK marks, the Unicode
/// whitespace and the line separators live). Every other character is skipped undecoded.
pub(crate) const MAY_MATTER: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(
            b as u8,
            b'\t'
                ..=b'\r'
                    | b' '
                    | b'!'
                    | b'"'
                    | b'\''
                    | b'('
                    | b')'
                    | b';'
                    | b'?'
                    | b'['
                    | b']'
                    | 0xC2
                    | 0xE1
                    | 0xE2
                    | 0xE3
                    | 0xEF
        );
        b += 1;
    }
    t
};

/// What [`TextModel`] needs from a pass over every character of a text: the number of
/// characters, of whitespace characters, and the marks (characters that split paragraphs or
/// sentences or open/close pairs), in text order.
pub(crate) struct Gathered {
    /// Characters seen (the pass counts them).
    pub chars: usize,
    whitespace: usize,
    marks: Vec<(usize, char)>,
}

impl Gathered {
    /// Nothing yet, with room for the marks a draft of `text`'s length usually has.
    pub fn new(text: &str) -> Self {
        Gathered {
            chars: 0,
            whitespace: 0,
            // About one mark per twenty bytes in drafts of the genre (sized once, not regrown).
            marks: Vec::with_capacity(text.len() / 20 + 8),
        }
    }

    /// Looks at the character at byte `p`, whose lead byte [`MAY_MATTER`] lets through. The pass
    /// notes every such character, in text order.
    #[inline(always)]
    pub fn note(&mut self, text: &str, p: usize) {
        let c = text[p..].chars().next().unwrap_or('\0');
        if c.is_whitespace() {
            self.whitespace += 1;
        }
        if is_line_break(c) || is_terminator(c) || is_closer(c) || closer_for(c).is_some() {
            self.marks.push((p, c));
        }
    }
}

/// Bytes between two UTF-16 checkpoints of [`TextModel`].
const UTF16_STEP: usize = 64;

/// UTF-16 code units of the characters whose first byte is in `bytes`, at most
/// [`UTF16_STEP`] bytes (a continuation byte counts 0, a four-byte lead 2, every other lead 1).
/// Byte counters, so that the loop vectorises.
#[inline]
fn utf16_units(bytes: &[u8]) -> usize {
    debug_assert!(bytes.len() <= UTF16_STEP);
    let mut n: u8 = 0;
    for &b in bytes {
        n += u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0);
    }
    usize::from(n)
}

/// The length of the UTF-8 sequence that lead byte `b` begins (valid UTF-8 assumed), without a
/// branch (scanning loops over mixed Han, punctuation and ASCII would mispredict one).
#[inline(always)]
pub(crate) fn utf8_len(b: u8) -> usize {
    1 + usize::from(b >= 0xC0) + usize::from(b >= 0xE0) + usize::from(b >= 0xF0)
}

/// The number of non-whitespace characters of `s` (what `s.chars().filter(|c|
/// !c.is_whitespace()).count()` says, decoding only the characters that may be whitespace).
pub fn visible_chars(s: &str) -> usize {
    visible_chars_upto(s, usize::MAX)
}

/// [`visible_chars`] of `s`, counted no further than `cap` (the smaller of the two).
pub fn visible_chars_upto(s: &str, cap: usize) -> usize {
    let bytes = s.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() && n < cap {
        let b = bytes[i];
        // U+4000–U+9FFF (lead bytes E4–E9): Han, never whitespace.
        if (0xE4..=0xE9).contains(&b) {
            n += 1;
            i += 3;
            continue;
        }
        let len = utf8_len(b);
        if !(MAY_MATTER[b as usize] && s[i..].chars().next().is_some_and(char::is_whitespace)) {
            n += 1;
        }
        i += len;
    }
    n
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2029}')
}

impl<'a> TextModel<'a> {
    /// Builds the model in one pass over the bytes: only the few characters that matter here
    /// (line breaks, terminators, quotation marks and brackets, whitespace) are decoded.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut g = Gathered::new(text);
        let mut i = 0;
        // The positions of characters that may matter are gathered a batch at a time without a
        // branch (about one in six, unpredictably), then decoded.
        let mut batch = [0usize; 128];
        while i < bytes.len() {
            let mut k = 0;
            while i < bytes.len() && k < batch.len() {
                let b = bytes[i];
                g.chars += 1;
                // U+4000–U+9FFF (lead bytes E4–E9): Han, never a mark or whitespace.
                if (0xE4..=0xE9).contains(&b) {
                    i += 3;
                    continue;
                }
                batch[k] = i;
                k += usize::from(MAY_MATTER[b as usize]);
                i += utf8_len(b);
            }
            for &p in &batch[..k] {
                g.note(text, p);
            }
        }
        Self::from_gathered(text, g)
    }

    /// The model from what a pass over every character of `text` gathered (the literal pass
    /// gathers it too, so an analysis reads the text once for both).
    pub(crate) fn from_gathered(text: &'a str, g: Gathered) -> Self {
        let bytes = text.as_bytes();
        // UTF-16 checkpoints, in a pass the compiler vectorises.
        let mut utf16 = Vec::with_capacity(bytes.len() / UTF16_STEP + 2);
        let mut u = 0usize;
        for chunk in bytes.chunks(UTF16_STEP) {
            utf16.push(u as u32);
            u += utf16_units(chunk);
        }
        utf16.push(u as u32);
        let Gathered {
            chars,
            whitespace,
            marks,
        } = g;

        let mut paragraphs = Vec::new();
        let mut para_marks = Vec::new();
        let mut line_start = 0;
        let mut first_mark = 0;
        let line_ends = marks
            .iter()
            .enumerate()
            .filter(|(_, &(_, c))| is_line_break(c))
            .map(|(k, &(i, c))| (k, i, i + c.len_utf8()))
            .chain(std::iter::once((marks.len(), text.len(), text.len())));
        for (k, i, next) in line_ends {
            if let Some(r) = trim_range(text, line_start..i) {
                paragraphs.push(r);
                para_marks.push(first_mark..k);
            }
            line_start = next;
            first_mark = k + 1;
        }

        let mut quotes = Vec::new();
        // About one sentence per two marks in drafts of the genre (sized once, not regrown).
        let mut sentences = Vec::with_capacity(marks.len() / 2 + paragraphs.len());
        let mut stack = Vec::new();
        for (pi, (p, mk)) in paragraphs.iter().zip(para_marks).enumerate() {
            let m = &marks[mk];
            let from = quotes.len();
            match_quotes(m, &mut stack, &mut quotes);
            split_sentences(text, p.clone(), m, &quotes[from..], pi, &mut sentences);
        }
        quotes.sort_by_key(|q| (q.start, std::cmp::Reverse(q.end)));
        let newlines = marks
            .iter()
            .filter(|&&(_, c)| c == '\n')
            .map(|&(i, _)| i)
            .collect();

        TextModel {
            text,
            paragraphs,
            sentences,
            quotes,
            newlines,
            utf16,
            chars,
            whitespace,
        }
    }

    /// UTF-16 offset of a byte offset (must be a char boundary).
    pub fn utf16(&self, byte: usize) -> usize {
        let k = byte / UTF16_STEP;
        self.utf16[k] as usize + utf16_units(&self.text.as_bytes()[k * UTF16_STEP..byte])
    }

    /// The line holding `byte` (a character boundary): from just after the `\n` before it (or
    /// the start) to the next `\n` at or after it (or the end), the break itself excluded.
    pub fn line_at(&self, byte: usize) -> Range<usize> {
        let k = self.newlines.partition_point(|&n| n < byte);
        let start = k.checked_sub(1).map_or(0, |p| self.newlines[p] + 1);
        start..self.newlines.get(k).copied().unwrap_or(self.text.len())
    }

    /// Index of the sentence containing `byte`, if any.
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        if byte > self.text.len() {
            return None;
        }
        // Sentences are ordered and disjoint: the first one ending after `byte`.
        let si = self.sentences.partition_point(|s| s.range.end <= byte);
        let s = self.sentences.get(si)?;
        (s.range.start <= byte && byte < s.range.end).then_some(si)
    }

    /// The sentence containing `byte`, if any.
    pub fn sentence_at(&self, byte: usize) -> Option<&Sentence> {
        self.sentence_of(byte).map(|si| &self.sentences[si])
    }

    /// Number of non-whitespace characters.
    pub fn char_count(&self) -> usize {
        // Astral characters are two UTF-16 units but one character.
        self.chars - self.whitespace
    }

    /// The innermost matched quote/bracket pair strictly containing `range`.
    pub fn enclosing_quotes(&self, range: Range<usize>) -> impl Iterator<Item = &Quote> + '_ {
        // Pairs never cross a paragraph: look only at those opening in this one, before `range`.
        let pi = self.paragraphs.partition_point(|p| p.end < range.start);
        let para_start = self.paragraphs.get(pi).map_or(usize::MAX, |p| p.start);
        let lo = self.quotes.partition_point(|q| q.start < para_start);
        let hi = self.quotes.partition_point(|q| q.start < range.start);
        self.quotes[lo.min(hi)..hi]
            .iter()
            .filter(move |q| q.start < range.start && range.end < q.end)
    }
}

/// Trims whitespace (incl. full-width space) from both ends; None when empty.
pub fn trim_range(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    // No whitespace character lies past U+3000 (the full-width space): Han characters and
    // full-width punctuation are decided without the Unicode table.
    let ws = |c: char| c <= '\u{3000}' && c.is_whitespace();
    let s = &text[r.clone()];
    let t = s.trim_start_matches(ws);
    let start = r.start + (s.len() - t.len());
    let t = t.trim_end_matches(ws);
    if t.is_empty() {
        None
    } else {
        Some(start..start + t.len())
    }
}

/// Adds to `out` the matched quote/bracket pairs among one paragraph's marks (unmatched marks
/// are ignored); `stack` is scratch space.
fn match_quotes(
    marks: &[(usize, char)],
    stack: &mut Vec<(char, char, usize)>,
    out: &mut Vec<Quote>,
) {
    stack.clear();
    let mut straight_open: Option<usize> = None;
    for &(b, c) in marks {
        if c == '"' {
            match straight_open.take() {
                Some(s) => out.push(Quote {
                    open: '"',
                    start: s,
                    end: b + 1,
                }),
                None => straight_open = Some(b),
            }
            continue;
        }
        if let Some(close) = closer_for(c) {
            stack.push((c, close, b));
        } else if is_closer(c) {
            if let Some(pos) = stack.iter().rposition(|&(_, cl, _)| cl == c) {
                let (open, _, s) = stack[pos];
                stack.truncate(pos);
                out.push(Quote {
                    open,
                    start: s,
                    end: b + c.len_utf8(),
                });
            }
        }
    }
}

/// Splits one paragraph into sentences; `marks` are its marks (see [`TextModel::new`]).
fn split_sentences(
    text: &str,
    p: Range<usize>,
    marks: &[(usize, char)],
    quotes: &[Quote],
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    // A boundary at byte `b` is at depth 0 when no matched pair strictly encloses it.
    let depth0 = |b: usize| !quotes.iter().any(|q| q.start < b && b < q.end);
    let mut start = p.start;
    let mut iter = marks.iter().copied().peekable();
    while let Some((b, c)) = iter.next() {
        if !is_terminator(c) {
            continue;
        }
        let mut end = b + c.len_utf8();
        // Absorb repeated terminators (……, ？！) and the closing marks of matched pairs that
        // follow at once.
        while let Some(&(nb, n)) = iter.peek() {
            if nb != end {
                break;
            }
            let closes = is_closer(n) && quotes.iter().any(|q| q.end == nb + n.len_utf8());
            if is_terminator(n) || closes {
                end = nb + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        // A terminator inside a quotation ends the sentence only when the quotation closes with it.
        if !depth0(end) {
            continue;
        }
        if let Some(r) = trim_range(text, start..end) {
            out.push(Sentence {
                range: r,
                paragraph,
            });
        }
        start = end;
    }
    if let Some(r) = trim_range(text, start..p.end) {
        out.push(Sentence {
            range: r,
            paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `trim_range` (and the evidence triggers' `\s`) take no whitespace past U+3000.
    #[test]
    fn no_whitespace_past_the_full_width_space() {
        assert!('\u{3000}'.is_whitespace());
        assert!((0x3001..=0x10FFFF)
            .filter_map(char::from_u32)
            .all(|c| !c.is_whitespace()));
        let t = "\u{3000} \t高度重视。\u{2029}\u{3000}";
        assert_eq!(trim_range(t, 0..t.len()), Some(5..20));
        assert_eq!(trim_range(t, 0..5), None);
    }

    /// The branch-free length agrees with std at every code point's lead byte.
    #[test]
    fn utf8_len_of_every_lead_byte() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let e = c.encode_utf8(&mut buf);
            assert_eq!(utf8_len(e.as_bytes()[0]), e.len(), "{c:?}");
        }
    }

    /// `line_at` says what searching for `\n` around the byte says, at every character
    /// boundary of texts with LF, CRLF, CR, U+2029, blank lines and breaks at both ends.
    #[test]
    fn line_at_equals_the_newline_search() {
        for t in [
            "",
            "\n",
            "一行",
            "第一行\n第二行\r\n\r\n第三行\r第四\u{2029}行\n",
            "\n\n开头两个空行，结尾也有\n\n",
            "𠮷😀\n 　缩进\n",
        ] {
            let m = TextModel::new(t);
            for (b, _) in t.char_indices().chain([(t.len(), ' ')]) {
                let start = t[..b].rfind('\n').map_or(0, |i| i + 1);
                let end = t[b..].find('\n').map_or(t.len(), |i| b + i);
                assert_eq!(m.line_at(b), start..end, "{t:?} at {b}");
            }
        }
    }

    fn sents(t: &str) -> Vec<&str> {
        let m = TextModel::new(t);
        m.sentences.iter().map(|s| &t[s.range.clone()]).collect()
    }

    #[test]
    fn splits_on_terminators_and_keeps_closing_quotes() {
        assert_eq!(
            sents("他强调：“要抓落实。”会议要求各单位落实。好吗？好！"),
            vec![
                "他强调：“要抓落实。”",
                "会议要求各单位落实。",
                "好吗？",
                "好！"
            ]
        );
    }

    #[test]
    fn no_split_inside_quotes_or_brackets() {
        assert_eq!(
            sents("他说：“第一。第二”，我们同意（见附件。）。完"),
            vec!["他说：“第一。第二”，我们同意（见附件。）。", "完"]
        );
    }

    #[test]
    fn ellipsis_and_line_breaks() {
        assert_eq!(
            sents("一是……二是\r\n\r\n第三段；第四句"),
            vec!["一是……", "二是", "第三段；", "第四句"]
        );
        let m = TextModel::new("甲\r\n\r\n乙");
        assert_eq!(m.paragraphs.len(), 2);
    }

    #[test]
    fn utf16_offsets_with_astral_chars() {
        let t = "𠮷野家😀好";
        let m = TextModel::new(t);
        assert_eq!(m.utf16(0), 0);
        assert_eq!(m.utf16(4), 2); // after 𠮷 (surrogate pair)
        assert_eq!(m.utf16(t.len()), 2 + 1 + 1 + 2 + 1);
        assert!(is_han('𠮷'));
    }

    #[test]
    fn visible_chars_are_the_non_whitespace_characters() {
        for t in [
            "",
            " \t\r\n",
            "高度重视　工作\u{a0}x\u{85}y\u{2028}z\u{2003}𠮷😀“好”。",
            "ａｂｃ 123\u{3000}",
        ] {
            let want = t.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(t), want, "{t:?}");
            for cap in 0..want + 2 {
                assert_eq!(visible_chars_upto(t, cap), want.min(cap), "{t:?} {cap}");
            }
        }
        // Random strings over the White_Space characters and their neighbours in UTF-8 (same
        // lead bytes), Han, ASCII and astral characters: every position of the byte window.
        let alphabet: Vec<char> = "\t\n\u{b}\u{c}\r \u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{200b}\u{2028}\u{2029}\u{202a}\u{202f}\u{205f}\u{2060}\u{3000}\u{3001}\u{1681}\u{a1}\u{84}\u{1c}x高。“𠮷😀"
            .chars()
            .collect();
        let mut rng = crate::TestRng(0x005e_ed0f_5ace);
        for _ in 0..20_000 {
            let len = rng.next(12);
            let t: String = (0..len)
                .map(|_| alphabet[rng.next(alphabet.len())])
                .collect();
            let want = t.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(&t), want, "{t:?}");
            assert_eq!(visible_chars_upto(&t, 5), want.min(5), "{t:?}");
        }
        // Every character, alone.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut b = [0; 4];
            let want = usize::from(!c.is_whitespace());
            assert_eq!(visible_chars(c.encode_utf8(&mut b)), want, "{c:?}");
        }
    }

    #[test]
    fn utf16_offsets_at_every_character_of_a_long_text() {
        let unit = "高度重视𠮷😀ab\r\n“好”。é\u{3000}";
        for n in [0, 1, 7, 40] {
            let t = unit.repeat(n);
            let m = TextModel::new(&t);
            let mut u = 0;
            for (i, c) in t.char_indices() {
                assert_eq!(m.utf16(i), u, "byte {i} of {n} units");
                u += c.len_utf16();
            }
            assert_eq!(m.utf16(t.len()), u);
        }
    }

    #[test]
    fn unmatched_quote_does_not_swallow_paragraph() {
        assert_eq!(sents("他说“好。我们走。"), vec!["他说“好。", "我们走。"]);
    }
}
