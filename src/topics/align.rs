//! Alignment of a draft with a topic list, on the analysis' own jieba segmentation.
//!
//! A cue (keyword or related term) occurs where its text does and both ends fall on word
//! boundaries (a jieba token edge, or a change between Han, alphanumeric and other characters).
//! Per topic, each distinct cue contributes `weight × (1 − ½ⁿ)` for n occurrences (keywords 2.0,
//! related terms 0.6), so repetition saturates. See `docs/TOPICS.md` for the whole model.

use super::TopicIndex;
use crate::finding::SharedStr;
use crate::segment::Boundaries;
use crate::text::{is_han, TextModel};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Weight of a keyword's saturated count.
const W_STRONG: f64 = 2.0;
/// Weight of a related term's saturated count.
const W_RELATED: f64 = 0.6;
/// Steepness of the 0–100 curve: score = 100 × (1 − e^(−λ·raw)).
const LAMBDA: f64 = 0.6;
/// Raw points for the share of paragraphs a topic is the best topic of.
const SPREAD: f64 = 1.0;
/// Highest score of a topic that is touched but not covered.
const UNCOVERED_CAP: f64 = 30.0;
/// Paragraphs shorter than this (non-whitespace characters) and without cues are headings,
/// dates or signatures: they are not reported as serving no topic.
const MIN_PARA_CHARS: usize = 20;
/// Evidence spans kept per topic.
const MAX_EVIDENCE: usize = 100;

/// One matched cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicEvidence {
    /// UTF-16 start offset.
    pub start: usize,
    /// UTF-16 end offset (exclusive).
    pub end: usize,
    /// The matched text.
    pub text: SharedStr,
}

/// How strongly the draft serves one topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicScore {
    /// The topic's id.
    pub id: SharedStr,
    /// The topic's title.
    pub title: SharedStr,
    /// 0–100.
    pub score: u32,
    /// A keyword occurs, or at least two different related terms do.
    pub covered: bool,
    /// The matched cues, in text order.
    pub evidence: Vec<TopicEvidence>,
}

/// The topic one paragraph serves best.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphTopic {
    /// UTF-16 start offset of the paragraph.
    pub start: usize,
    /// UTF-16 end offset of the paragraph (exclusive).
    pub end: usize,
    /// The best topic's id, or `None` when the paragraph serves no topic.
    pub topic: Option<SharedStr>,
}

/// The alignment of a draft with the topic list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    /// The list's year.
    pub year: i32,
    /// The list's name.
    pub list: String,
    /// 0–100: how strongly the draft serves its best topic and how many paragraphs serve one.
    pub score: u32,
    /// One line of Chinese, e.g. “本稿对应 2 项年度重点：…；第 3、4 段未对应任何重点”.
    pub summary: String,
    /// Every topic of the list, highest score first (ties in list order).
    pub topics: Vec<TopicScore>,
    /// Every paragraph, in text order.
    pub paragraphs: Vec<ParagraphTopic>,
}

#[derive(Debug, Clone)]
struct Hit {
    topic: usize,
    cue: usize,
    strong: bool,
    range: Range<usize>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    raw: f64,
    strong: usize,
    related: usize,
}

impl Acc {
    fn add(&mut self, strong: bool, n: usize) {
        self.raw += if strong { W_STRONG } else { W_RELATED } * sat(n);
        if strong {
            self.strong += 1;
        } else {
            self.related += 1;
        }
    }

    /// A keyword, or two different related terms.
    fn serves(&self) -> bool {
        self.strong >= 1 || self.related >= 2
    }
}

/// Saturating count: 1 − ½ⁿ (½, ¾, ⅞ … → 1).
fn sat(n: usize) -> f64 {
    1.0 - 0.5f64.powi(n.min(64) as i32)
}

/// 0 other, 1 Han, 2 other alphanumeric.
fn class(c: char) -> u8 {
    if is_han(c) {
        1
    } else if c.is_alphanumeric() {
        2
    } else {
        0
    }
}

/// A cue edge at `pos` is a word edge: a token boundary, the text's end, or a change of script.
fn edge_ok(seg: &Boundaries, pos: usize, inner: Option<char>, outer: Option<char>) -> bool {
    if seg.is_boundary(pos) {
        return true;
    }
    match (inner, outer) {
        (Some(i), Some(o)) => {
            let (a, b) = (class(i), class(o));
            a != b || a == 0
        }
        _ => true,
    }
}

fn hits(
    model: &TextModel,
    seg: &Boundaries,
    idx: &TopicIndex,
    occurrences: Vec<(usize, Range<usize>)>,
) -> Vec<Hit> {
    let text = model.text;
    let mut hits: Vec<Hit> = occurrences
        .into_iter()
        .filter(|(_, r)| {
            let m = &text[r.clone()];
            edge_ok(
                seg,
                r.start,
                m.chars().next(),
                text[..r.start].chars().next_back(),
            ) && edge_ok(
                seg,
                r.end,
                m.chars().next_back(),
                text[r.end..].chars().next(),
            )
        })
        .map(|(cue, range)| {
            let (topic, strong) = idx.cues[cue];
            Hit {
                topic,
                cue,
                strong,
                range,
            }
        })
        .collect();
    // Within a topic, overlapping cues count once: the leftmost, then longest.
    hits.sort_by_key(|h| {
        (
            h.topic,
            h.range.start,
            std::cmp::Reverse(h.range.end),
            h.cue,
        )
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if let Some(last) = kept.last() {
            if last.topic == h.topic && h.range.start < last.range.end {
                continue;
            }
        }
        kept.push(h);
    }
    kept
}

/// Aligns the analysed text with the list, given every occurrence of every cue (cue, byte range;
/// overlapping, as [`TopicIndex::probe`] reports them).
pub(crate) fn align(
    model: &TextModel,
    seg: &Boundaries,
    idx: &TopicIndex,
    occurrences: Vec<(usize, Range<usize>)>,
) -> Alignment {
    let text = model.text;
    let topics = idx.list.topics();
    let paras = &model.paragraphs;
    let hits = hits(model, seg, idx, occurrences);

    let para_of = |b: usize| -> Option<usize> {
        let i = paras.partition_point(|p| p.end <= b);
        paras.get(i).filter(|p| p.start <= b).map(|_| i)
    };

    // Occurrence counts per (topic, cue) and per (paragraph, topic, cue), summed per topic and
    // per (paragraph, topic) in key order (sorted vectors: a few dozen keys, no tree nodes).
    let mut doc: Vec<(usize, usize, bool)> =
        hits.iter().map(|h| (h.topic, h.cue, h.strong)).collect();
    doc.sort_unstable();
    let mut topic_acc: Vec<Acc> = vec![Acc::default(); topics.len()];
    for run in doc.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (t, _, strong) = run[0];
        topic_acc[t].add(strong, run.len());
    }
    let mut per_para: Vec<(usize, usize, usize, bool)> = hits
        .iter()
        .filter_map(|h| para_of(h.range.start).map(|p| (p, h.topic, h.cue, h.strong)))
        .collect();
    per_para.sort_unstable();
    let mut para_acc: Vec<((usize, usize), Acc)> = Vec::new();
    for run in per_para.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        let (p, t, _, strong) = run[0];
        if para_acc.last().is_none_or(|(key, _)| *key != (p, t)) {
            para_acc.push(((p, t), Acc::default()));
        }
        if let Some((_, acc)) = para_acc.last_mut() {
            acc.add(strong, run.len());
        }
    }

    // Best topic per paragraph, highest weighted raw, ties in list order. A paragraph serves a
    // topic with a keyword or two related terms of it, or with any cue of a topic the draft covers.
    let mut best: Vec<Option<(usize, f64)>> = vec![None; paras.len()];
    for &((p, t), acc) in &para_acc {
        let draft_covers = topic_acc[t].serves();
        if !(acc.serves() || draft_covers) {
            continue;
        }
        let v = acc.raw * topics[t].weight;
        if best[p].is_none_or(|(_, b)| v > b) {
            best[p] = Some((t, v));
        }
    }
    let counted: Vec<bool> = paras
        .iter()
        .zip(&best)
        .map(|(p, b)| {
            b.is_some()
                || crate::text::visible_chars_upto(&text[p.clone()], MIN_PARA_CHARS)
                    >= MIN_PARA_CHARS
        })
        .collect();
    let n_counted = counted.iter().filter(|&&c| c).count();
    let mut best_count = vec![0usize; topics.len()];
    for (t, _) in best.iter().flatten() {
        best_count[*t] += 1;
    }

    // The evidence of each topic: its first hits, in text order (the hits are sorted by topic,
    // then start). Their texts share one string.
    let shown: Vec<&Hit> = hits
        .chunk_by(|a, b| a.topic == b.topic)
        .flat_map(|run| run.iter().take(MAX_EVIDENCE))
        .collect();
    let pieces = SharedStr::pieces(shown.iter().map(|h| &text[h.range.clone()]));
    let mut shown = shown.into_iter().zip(pieces).peekable();

    // Per-topic scores.
    let mut scores: Vec<TopicScore> = Vec::with_capacity(topics.len());
    let mut order: Vec<(u32, usize)> = Vec::with_capacity(topics.len());
    let mut top = 0.0f64;
    for (t, topic) in topics.iter().enumerate() {
        let acc = topic_acc[t];
        let covered = acc.serves();
        let score = if acc.strong + acc.related == 0 {
            0.0
        } else {
            let share = if n_counted == 0 {
                0.0
            } else {
                best_count[t] as f64 / n_counted as f64
            };
            let s = 100.0 * (1.0 - (-LAMBDA * (acc.raw + SPREAD * share)).exp());
            if covered {
                s
            } else {
                s.min(UNCOVERED_CAP)
            }
        };
        let score = score.round().clamp(0.0, 100.0) as u32;
        if covered {
            top = top.max((score as f64 * topic.weight).min(100.0));
        }
        let evidence: Vec<TopicEvidence> =
            std::iter::from_fn(|| shown.next_if(|(h, _)| h.topic == t))
                .map(|(h, text)| TopicEvidence {
                    start: model.utf16(h.range.start),
                    end: model.utf16(h.range.end),
                    text,
                })
                .collect();
        order.push((score, t));
        scores.push(TopicScore {
            id: idx.names[t].0.clone(),
            title: idx.names[t].1.clone(),
            score,
            covered,
            evidence,
        });
    }
    order.sort_by_key(|&(s, t)| {
        (
            std::cmp::Reverse(s),
            std::cmp::Reverse(scores[t].covered),
            t,
        )
    });
    let mut slots: Vec<Option<TopicScore>> = scores.into_iter().map(Some).collect();
    let ranked: Vec<TopicScore> = order.iter().filter_map(|&(_, t)| slots[t].take()).collect();

    let served = best
        .iter()
        .zip(&counted)
        .filter(|(b, &c)| c && b.is_some())
        .count();
    let share = if n_counted == 0 {
        0.0
    } else {
        served as f64 / n_counted as f64
    };
    let score = if top > 0.0 {
        (0.6 * top + 40.0 * share).round().clamp(0.0, 100.0) as u32
    } else {
        0
    };

    let unserved: Vec<usize> = best
        .iter()
        .zip(&counted)
        .enumerate()
        .filter(|(_, (b, &c))| c && b.is_none())
        .map(|(i, _)| i + 1)
        .collect();
    let covered: Vec<&str> = ranked
        .iter()
        .filter(|t| t.covered)
        .map(|t| t.title.as_str())
        .collect();
    let summary = summary(&covered, &unserved, paras.len());

    let paragraphs = paras
        .iter()
        .zip(&best)
        .map(|(p, b)| ParagraphTopic {
            start: model.utf16(p.start),
            end: model.utf16(p.end),
            topic: b.map(|(t, _)| idx.names[t].0.clone()),
        })
        .collect();

    Alignment {
        year: idx.list.year(),
        list: idx.list.name().to_string(),
        score,
        summary,
        topics: ranked,
        paragraphs,
    }
}

/// “本稿对应 2 项年度重点：甲、乙；第 3、4 段未对应任何重点”.
fn summary(covered: &[&str], unserved: &[usize], n_paras: usize) -> String {
    if n_paras == 0 {
        return "文稿为空，未对应任何年度重点".to_string();
    }
    if covered.is_empty() {
        return "本稿未对应任何年度重点".to_string();
    }
    use std::fmt::Write;
    let mut s = String::with_capacity(128);
    let _ = write!(s, "本稿对应 {} 项年度重点：", covered.len());
    for (i, t) in covered.iter().take(3).enumerate() {
        if i > 0 {
            s += "、";
        }
        s += t;
    }
    if covered.len() > 3 {
        s += " 等";
    }
    if unserved.is_empty() {
        s += "；各段均有对应";
    } else {
        s += "；第 ";
        for (i, n) in unserved.iter().take(10).enumerate() {
            let _ = write!(s, "{}{n}", if i > 0 { "、" } else { "" });
        }
        s += " 段";
        if unserved.len() > 10 {
            let _ = write!(s, "等 {} 段", unserved.len());
        }
        s += "未对应任何重点";
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_is_bounded() {
        assert!((sat(1) - 0.5).abs() < 1e-9);
        assert!(sat(10) < 1.0 && sat(1000) <= 1.0);
    }

    #[test]
    fn summary_lines() {
        assert_eq!(
            summary(&["甲", "乙"], &[3, 4], 5),
            "本稿对应 2 项年度重点：甲、乙；第 3、4 段未对应任何重点"
        );
        assert_eq!(summary(&[], &[1], 1), "本稿未对应任何年度重点");
        assert_eq!(
            summary(&["甲"], &[], 2),
            "本稿对应 1 项年度重点：甲；各段均有对应"
        );
    }
}
