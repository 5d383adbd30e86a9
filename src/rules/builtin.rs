//! Rules whose logic lives in code; their ids, messages, advice and examples live in the data.

use super::evidence::Evidence;
use super::LazyRegex;
use crate::literals::within;
use std::ops::Range;

/// Known builtin names.
pub const NAMES: &[&str] = &[
    "long-sentence",
    "diary",
    "must-wall",
    "this-year",
    "year-event",
    "topic-year",
];

/// A builtin's candidate: byte range plus an optional value for message templates.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Byte range.
    pub range: Range<usize>,
    /// `{event_year}` for year-event hits.
    pub event_year: Option<i32>,
}

/// The phrases the `year-event` builtin looks for, with their years: each event's text, and for
/// plan names (十四五 …) also the quoted form (“十四五”开局之年), since plan names are usually quoted.
pub fn event_patterns(events: &[super::Event]) -> (Vec<String>, Vec<i32>) {
    let mut texts = Vec::new();
    let mut years = Vec::new();
    for e in events {
        texts.push(e.text.clone());
        years.push(e.year);
        for plan in ["十三五", "十四五", "十五五", "十六五"] {
            if e.text.contains(plan) {
                texts.push(e.text.replacen(plan, &format!("“{plan}”"), 1));
                years.push(e.year);
            }
        }
    }
    (texts, years)
}

/// Words that make a sentence a call to action (the `must-wall` builtin). The rule set's literal
/// pass finds them (see [`Input::modals`]).
pub const MODALS: &[&str] = &["要", "必须", "务必", "一定要", "强化", "应当"];

/// Words that say “this year” (the `this-year` and `year-event` builtins); the literal pass finds
/// them (see [`Input::year_marks`]).
pub const YEAR_MARKS: &[&str] = &["今年", "本年度", "本年"];

/// Compiled state of the builtins.
#[derive(Debug)]
pub struct Builtins {
    this_year: Vec<LazyRegex>,
    year_mark: LazyRegex,
    diary_start: LazyRegex,
    diary_activity: LazyRegex,
    diary_result: LazyRegex,
    method: LazyRegex,
}

/// What builtins look at.
pub struct Input<'t, 'a> {
    /// The text.
    pub text: &'a str,
    /// Sentence ranges.
    pub sentences: &'t [Range<usize>],
    /// UTF-16 offset of a byte offset (see `TextModel::utf16`): the units between two offsets
    /// bound the characters between them from above.
    pub utf16: &'t dyn Fn(usize) -> usize,
    /// Evidence per sentence.
    pub evidence: &'t dyn Fn(usize) -> Evidence,
    /// Is this byte range exactly one word of the segmentation?
    pub is_word: &'t dyn Fn(Range<usize>) -> bool,
    /// Every occurrence of a year-event phrase (overlapping): (index into [`event_patterns`],
    /// byte range).
    pub events: &'t [(usize, Range<usize>)],
    /// The year of each [`event_patterns`] phrase.
    pub event_years: &'t [i32],
    /// Every occurrence of a [`MODALS`] word (overlapping), in order of start.
    pub modals: &'t [Range<usize>],
    /// Every occurrence of a [`YEAR_MARKS`] word (overlapping), in order of start.
    pub year_marks: &'t [Range<usize>],
    /// Configured year.
    pub year: i32,
    /// The topic list's year, when a list is in use.
    pub topic_year: Option<i32>,
}

fn parse_year(s: &str) -> Option<i32> {
    let digits: String = s
        .chars()
        .map(|c| match c {
            '〇' | '零' | 'Ｏ' | 'O' | 'o' => '0',
            '一' => '1',
            '二' => '2',
            '三' => '3',
            '四' => '4',
            '五' => '5',
            '六' => '6',
            '七' => '7',
            '八' => '8',
            '九' => '9',
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    digits.parse().ok()
}

impl Default for Builtins {
    fn default() -> Self {
        Self::new()
    }
}

impl Builtins {
    /// Compiles the builtins. The year-event phrases are matched by the rule set's automaton
    /// (see [`event_patterns`]); their occurrences arrive in [`Input::events`].
    pub fn new() -> Self {
        let y = r"(?P<y>(?:19|20)[0-9]{2}|[一二][〇零一二三四五六七八九]{3}|[１２][０-９]{3})";
        // Compiled on first use (see `LazyRegex`); `check` compiles them all.
        let re = |p: &str| LazyRegex::new(p);
        Builtins {
            this_year: vec![
                re(&format!(
                    r"(?:今年|本年度|本年)[，,：:]?(?:是|即|为|即为|也就是)?[（(]?{y}\s*年[）)]?"
                )),
                re(&format!(
                    r"{y}\s*年[度]?[（(](?:即|也就是)?(?:今年|本年度|本年)[）)]"
                )),
                re(&format!(
                    r"{y}\s*年[度]?[，,]?(?:即|也就是|也即)(?:今年|本年度|本年)"
                )),
            ],
            year_mark: re(&YEAR_MARKS.join("|")),
            diary_start: re(
                r"^(?:[0-9０-９]{1,2}\s*月(?:份)?[，,]|[一二三四五六七八九十]{1,3}月(?:份)?[，,]|[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*[日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|[0-9０-９]{1,2}\s*[日号]|(?:当天|当日|次日|翌日|随后|接着|之后|然后|此后|同日|近日|日前|上午|下午|晚上|中午|傍晚|周[一二三四五六日末]|星期[一二三四五六日天])|第[一二三四五六七八九十]天)",
            ),
            diary_activity: re(
                r"召开|举办|举行|承办|启动|开展|参加|出席|前往|赴|来到|调研|检查|走访|慰问|座谈|考察|观摩|组织|听取|主持|会见|视察|督导|指导|部署|学习|传达|参观|收看|观看",
            ),
            diary_result: re(
                r"解决|推动|促成|形成|签约|签订|发现|查处|整改|化解|达成|帮助|提出了|确定了|决定|因此|表明|说明|原因|问题|建议|成效|效果|结果|收到|完成|落实了|回复|办结|共有|累计|共计|反映出|暴露",
            ),
            method: re(
                r"通过|采取|采用|按照|依托|利用|借助|牵头|负责|前完成|之前|每月|每周|每季度|每年|每天|每日|清单|台账|具体|步骤|流程|办法|方式|例如|比如|由[^，。]{1,12}(?:负责|牵头|承担)|[0-9０-９](?:[^0-9０-９年]|$)|年内|月底|年底|季度",
            ),
        }
    }

    /// Compiles every regex now (for tests); the first error.
    pub fn check(&self) -> Result<(), regex::Error> {
        self.this_year
            .iter()
            .chain([
                &self.year_mark,
                &self.diary_start,
                &self.diary_activity,
                &self.diary_result,
                &self.method,
            ])
            .try_for_each(LazyRegex::check)
    }

    /// Runs builtin `name`.
    pub fn run(&self, name: &str, inp: &Input, cfg: &crate::Config) -> Vec<Hit> {
        match name {
            "long-sentence" => self.long_sentences(inp, cfg.long_sentence),
            "diary" => self.diary(inp, cfg.diary_run),
            "must-wall" => self.must_wall(inp, cfg.must_wall_run),
            "this-year" => self.this_year(inp),
            "year-event" => self.year_event(inp),
            "topic-year" => topic_year(inp),
            _ => Vec::new(),
        }
    }

    /// Sentences over `limit` characters. Clauses joined by ；/; within a line count as one
    /// sentence here: a full sentence ends at 。！？.
    fn long_sentences(&self, inp: &Input, limit: usize) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < inp.sentences.len() {
            let start = inp.sentences[i].start;
            let mut j = i;
            while j + 1 < inp.sentences.len()
                && inp.text[inp.sentences[j].clone()].ends_with(['；', ';'])
                && !inp.text[inp.sentences[j].end..inp.sentences[j + 1].start].contains('\n')
            {
                j += 1;
            }
            let range = start..inp.sentences[j].end;
            let s = &inp.text[range.clone()];
            // Visible characters are at most all characters, which are at most the UTF-16
            // units (from the text model's table): most sentences are decided without counting.
            if s.len() > limit
                && (inp.utf16)(range.end) - (inp.utf16)(range.start) > limit
                && crate::text::visible_chars(s) > limit
            {
                out.push(Hit {
                    range,
                    event_year: None,
                });
            }
            i = j + 1;
        }
        out
    }

    /// Runs of ≥ `min` consecutive sentences that satisfy both `cheap` and `dear`, as one hit
    /// each. `dear` is asked only inside stretches of ≥ `min` consecutive `cheap` sentences (every
    /// run lies in one), and each predicate at most once per sentence.
    fn runs(
        inp: &Input,
        min: usize,
        cheap: impl Fn(usize) -> bool,
        dear: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let mut out = Vec::new();
        let min = min.max(1);
        // Maximal runs of `pred` within `from..to`, each `(first, last)`.
        let each_run = |from: usize,
                        to: usize,
                        pred: &dyn Fn(usize) -> bool,
                        f: &mut dyn FnMut(usize, usize)| {
            let mut i = from;
            while i < to {
                if !pred(i) {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j + 1 < to && pred(j + 1) {
                    j += 1;
                }
                f(i, j);
                // `pred(j + 1)` is known to be false.
                i = j + 2;
            }
        };
        each_run(0, inp.sentences.len(), &cheap, &mut |i, j| {
            if j + 1 - i < min {
                return;
            }
            each_run(i, j + 1, &dear, &mut |k, l| {
                if l + 1 - k >= min {
                    out.push(Hit {
                        range: inp.sentences[k].start..inp.sentences[l].end,
                        event_year: None,
                    });
                }
            });
        });
        out
    }

    fn diary(&self, inp: &Input, min: usize) -> Vec<Hit> {
        let lead = |i: usize| {
            inp.text[inp.sentences[i].clone()]
                .trim_start_matches(|c: char| !crate::text::is_han(c) && !c.is_alphanumeric())
        };
        Self::runs(
            inp,
            min,
            // The first character decides for most sentences; the regex is asked only inside
            // runs of sentences that may open with a date or time word.
            |i| self.diary_start.may_match_start(lead(i)),
            |i| {
                let s = lead(i);
                self.diary_start.is_match(s)
                    && self.diary_activity.is_match(s)
                    && !self.diary_result.is_match(s)
                    && !(inp.evidence)(i).has(Evidence::RESULT | Evidence::SOURCE | Evidence::CASE)
            },
        )
    }

    /// Sentences where a modal is a word of its own (要 in 重要, 需要 or 要求 is not), or that open
    /// with an ordinal 要 (一要…、二要…: the segmenter may glue 要 to what follows, 三/要强/化).
    /// With `words` false, any occurrence of a modal counts (a cheaper superset).
    fn modal(inp: &Input, i: usize, words: bool) -> bool {
        let r = &inp.sentences[i];
        let s = &inp.text[r.clone()];
        let lead = s.trim_start_matches(|c: char| !crate::text::is_han(c));
        let ordinal = lead
            .trim_start_matches(|c| {
                matches!(
                    c,
                    '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
                )
            })
            .trim_start_matches('是');
        (ordinal.len() < lead.len() && ordinal.starts_with('要'))
            || within(inp.modals, r.clone()).any(|m| !words || (inp.is_word)(m.clone()))
    }

    fn must_wall(&self, inp: &Input, min: usize) -> Vec<Hit> {
        Self::runs(
            inp,
            min,
            // Few sentences hold a modal, and runs of them are rarer still: the method regex is
            // asked only inside such runs.
            |i| Self::modal(inp, i, false),
            |i| {
                !self.method.is_match(&inp.text[inp.sentences[i].clone()])
                    && !(inp.evidence)(i).has(Evidence::RESULT | Evidence::SOURCE | Evidence::CASE)
                    && Self::modal(inp, i, true)
            },
        )
    }

    fn this_year(&self, inp: &Input) -> Vec<Hit> {
        let mut out: Vec<Hit> = Vec::new();
        // Only sentences that say 今年/本年 can contradict themselves.
        for s in inp.sentences {
            if within(inp.year_marks, s.clone()).next().is_none() {
                continue;
            }
            let sentence = &inp.text[s.clone()];
            for re in &self.this_year {
                // The groups are asked for only where there is a match (a capture search
                // allocates its slots): none of these regexes matches the empty string, so the
                // matches and `captures_iter`'s are the same.
                for m in re.find_iter(sentence) {
                    let Some(c) = re.captures_at(sentence, m.start()) else {
                        continue;
                    };
                    let (Some(m), Some(y)) = (c.get(0), c.name("y")) else {
                        continue;
                    };
                    let range = s.start + m.start()..s.start + m.end();
                    if parse_year(y.as_str()).is_some_and(|y| y < inp.year)
                        && !out
                            .iter()
                            .any(|h| h.range.start < range.end && range.start < h.range.end)
                    {
                        out.push(Hit {
                            range,
                            event_year: parse_year(y.as_str()),
                        });
                    }
                }
            }
        }
        out.sort_by_key(|h| h.range.start);
        out
    }

    fn year_event(&self, inp: &Input) -> Vec<Hit> {
        // Leftmost-longest, non-overlapping: from the leftmost start the longest phrase (the first
        // listed among equals), then on from its end.
        let mut occ: Vec<&(usize, Range<usize>)> = inp.events.iter().collect();
        occ.sort_by_key(|(p, r)| (r.start, std::cmp::Reverse(r.end), *p));
        let mut pos = 0;
        let mut out = Vec::new();
        for (p, m) in occ {
            if m.start < pos {
                continue;
            }
            pos = m.end;
            let year = inp.event_years[*p];
            if year == inp.year {
                continue;
            }
            let Some(s) = inp
                .sentences
                .iter()
                .find(|s| s.start <= m.start && m.end <= s.end)
            else {
                continue;
            };
            let before = &inp.text[s.start..m.start];
            let Some(mark) = self.year_mark.find_iter(before).last() else {
                continue;
            };
            let gap = &before[mark.end()..];
            // “今年是A，也是B”: a later clause may continue the 今年 statement.
            let last = gap.rsplit(['，', ',']).next().unwrap_or(gap);
            let continues = last == gap
                || ["也是", "又是", "还是", "同时也是", "更是", "同时是"]
                    .iter()
                    .any(|w| last.starts_with(w));
            let gap_ok = gap.chars().count() <= 40
                && continues
                && !["去年", "明年", "前年", "后年", "那年", "当年", "。"]
                    .iter()
                    .any(|w| gap.contains(w))
                && !last.chars().any(|c| c.is_ascii_digit());
            if gap_ok {
                // Flag from 今年, or from the continuing clause (也是…) when there is one.
                let start = if last == gap {
                    s.start + mark.start()
                } else {
                    m.start - last.len()
                };
                out.push(Hit {
                    range: start..m.end,
                    event_year: Some(year),
                });
            }
        }
        out
    }
}

/// The topic list is for another year than the configured one: one hit, an empty span at the
/// text start, `{event_year}` = the list's year.
fn topic_year(inp: &Input) -> Vec<Hit> {
    match inp.topic_year {
        Some(y) if y != inp.year => vec![Hit {
            range: 0..0,
            event_year: Some(y),
        }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_year;

    #[test]
    fn diary_openings_pass_the_first_character_test() {
        let b = super::Builtins::new();
        assert!(b.diary_start.source().starts_with('^'));
        for s in [
            "3月12日，",
            "１２月，",
            "十月五日",
            "5日",
            "当天",
            "随后",
            "周三",
            "星期日",
            "第三天",
            "上午",
        ] {
            assert!(b.diary_start.may_match_start(s), "{s}");
            assert!(b.diary_start.is_match(s), "{s}");
        }
        for s in ["我们召开", "会议", "", "，3月"] {
            assert!(!b.diary_start.may_match_start(s), "{s}");
            assert!(!b.diary_start.is_match(s), "{s}");
        }
    }

    /// `this_year` takes its matches from `find_iter` and their groups from `captures_at`, which
    /// gives `captures_iter`'s matches only for regexes that never match the empty string.
    #[test]
    fn this_year_regexes_never_match_empty() {
        let b = super::Builtins::new();
        for re in &b.this_year {
            assert!(
                re.find("").is_none() && re.find("今年，").is_none(),
                "{}",
                re.source()
            );
        }
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2025"), Some(2025));
        assert_eq!(parse_year("二〇二五"), Some(2025));
        assert_eq!(parse_year("２０２４"), Some(2024));
    }
}
