//! Evidence detection: what counts as backing for a claim or a stock phrase.
//!
//! Each sentence gets a set of evidence kinds. Claims need some evidence in their sentence or the
//! next one; superlatives and firsts need a named authority.

use super::LazyRegex;

/// Bit set of evidence kinds found in a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence(pub u16);

impl Evidence {
    /// A number with a unit or a multi-digit figure (placeholders like ×篇 never count).
    pub const NUMBER: u16 = 1;
    /// A percentage or percentage-point change.
    pub const PERCENT: u16 = 2;
    /// A comparison base: 同比, 环比, 较上年, 由X降至Y …
    pub const COMPARISON: u16 = 4;
    /// A date (year, month, day). Backs a soft stock word (a fact stands near it) but not a claim:
    /// 截至2025年6月底 or 2021年 says when, not what was achieved (tests/devset/README.md: dates
    /// alone are not evidence).
    pub const DATE: u16 = 8;
    /// A named case: 例如/比如/以…为例 + a place or organisation.
    pub const CASE: u16 = 16;
    /// A source: 据…统计/通报/调查, …显示.
    pub const SOURCE: u16 = 32;
    /// A named issuing authority: 经…认定, 被…评为 …
    pub const AUTHORITY: u16 = 64;
    /// A counted frequency (每月抽检一次、每周通报一次): a concrete fact near a soft stock word, too
    /// weak to back a claim.
    pub const FREQUENCY: u16 = 128;

    /// Any fact near a soft stock word, dates included.
    pub const ANY: u16 = Self::NUMBER
        | Self::PERCENT
        | Self::COMPARISON
        | Self::DATE
        | Self::CASE
        | Self::SOURCE
        | Self::AUTHORITY
        | Self::FREQUENCY;
    /// What backs a `needs = "evidence"` claim: a figure, a comparison base, a named case, a source
    /// or an authority. Not a bare date: a dated event backs a claim only through its result (a
    /// number), its case (以…为例) or its source.
    pub const CLAIM: u16 = Self::NUMBER
        | Self::PERCENT
        | Self::COMPARISON
        | Self::CASE
        | Self::SOURCE
        | Self::AUTHORITY;
    /// Results and figures (not bare dates).
    pub const RESULT: u16 = Self::NUMBER | Self::PERCENT | Self::COMPARISON;

    /// Has any of `bits`.
    pub fn has(self, bits: u16) -> bool {
        self.0 & bits != 0
    }

    /// A Chinese list of the evidence kinds missing from `self`, among those a claim can use.
    pub fn missing_zh(self) -> String {
        let mut s = String::new();
        self.write_missing_zh(&mut s);
        s
    }

    /// Appends [`Evidence::missing_zh`] to `out`.
    pub fn write_missing_zh(self, out: &mut String) {
        let parts = [
            (Self::NUMBER | Self::PERCENT, "数据"),
            (Self::COMPARISON, "对比基数"),
            (Self::CASE, "具体事例"),
            (Self::SOURCE, "出处"),
        ];
        let mut first = true;
        for (kind, name) in parts {
            if !self.has(kind) {
                if !first {
                    out.push('、');
                }
                out.push_str(name);
                first = false;
            }
        }
    }
}

const UNITS: &str = "个|家|人|名|位|次|项|件|条|篇|期|场|批|户|所|座|辆|台|套|元|块|吨|公斤|千克|斤|公里|千米|米|平方米|平方公里|立方米|亩|公顷|倍|天|小时|分钟|秒|个月|周|份|册|本|起|例|处|间|栋|幢|张|支|只|头|株|棵|层|类|种|款|部|集|段|节|课|轮|组|队|班|群|笔|宗|单|件次|人次|户次|家次|车次|架次|千瓦|兆瓦|度|吨标准煤|GB|TB|MB|km|kg|km²|亿|万";

/// A figure glued to a placeholder (20XX, 3×) is template text, not evidence.
fn placeholder_next_to(s: &str, start: usize, end: usize) -> bool {
    let is_ph = |c: char| matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ' | '*' | '＊' | '某');
    s[..start].chars().next_back().is_some_and(is_ph) || s[end..].chars().next().is_some_and(is_ph)
}

/// Numbered political formulas are names, not counts: “两个维护”、“四个意识”, and unquoted 中央八项
/// 规定精神、四个不摘、两个确立.
fn formula_name(s: &str, start: usize, end: usize) -> bool {
    const TAILS: &[&str] = &[
        "规定",
        "意识",
        "自信",
        "维护",
        "确立",
        "不摘",
        "务必",
        "区分开来",
        "必由之路",
    ];
    s[..start].ends_with(['“', '「', '"', '『'])
        || (!s[start..end].starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            && TAILS.iter().any(|t| s[end..].starts_with(t)))
}

/// Compiled evidence detectors.
#[derive(Debug)]
pub struct EvidenceDetector {
    detectors: Vec<(u16, LazyRegex)>,
    /// What a sentence must hold for each kind to be searched (see [`trigger_clauses`]); most
    /// sentences trigger few kinds or none.
    triggers: Triggers,
}

/// Per evidence kind, what every match of its detector holds (the test
/// `triggers_never_hide_a_match` checks it against the detectors): one or more clauses, each a
/// list of groups joined by ` & ` that must all occur; a group is a list of literals separated by
/// spaces, of one or two characters, where `[…]` is a character set (`a-b` a range, `\s` any
/// white space). A sentence is searched for a kind only when one of its clauses holds. Two
/// characters say much more than one: 数据 alone does not ask for a source, nor 经济 for an
/// authority, nor 形成 for a percentage.
fn trigger_clauses() -> Vec<(u16, String)> {
    const D: &str = "0-9０-９";
    // What may follow a Chinese numeral inside a count: 多/余/来, a larger unit, a measure word.
    let follow: String = "多余来万亿千百"
        .chars()
        .chain(UNITS.split('|').filter_map(|u| u.chars().next()))
        .collect();
    let appraisal = "考核 考评 评估 评比 评选 评价 测评 认定 排名 排序 验收";
    let mut v: Vec<(u16, String)> = vec![
        // 1200个, 三百余人, 12.5: a digit, or a numeral before what a count continues with.
        (Evidence::NUMBER, format!("[{D}]")),
        (
            Evidence::NUMBER,
            format!(r"[〇零一二三四五六七八九十百千万亿两][\s{follow}]"),
        ),
        // 12%, 百分之三, 3个百分点, 三成以上.
        (
            Evidence::PERCENT,
            "[%％‰] 百分 [一二三四五六七八九]成".into(),
        ),
        // 同比, 较上年, 与去年相比, 较2024年, 由80件降至20件.
        (
            Evidence::COMPARISON,
            format!("同比 环比 上年 去年 上月 同期 [较比][{D}]"),
        ),
        (
            Evidence::COMPARISON,
            "由 & [降升高加增减少短缩大][至到]".into(),
        ),
        // 2025年, 3月12日, 6月份, 三月五日, 二〇二五年.
        (
            Evidence::DATE,
            format!(r"[{D}][{D}\s月] [一二三四五六七八九十]月 [〇零一二三四五六七八九]年"),
        ),
        (Evidence::CASE, "例如 比如 譬如 诸如 其中".into()),
        (Evidence::CASE, "以 & 为例".into()),
        (
            Evidence::SOURCE,
            "据 & 统计 通报 调查 测算 监测 显示 报道 数据 介绍 反映 评估 抽查 普查 核查 公布"
                .into(),
        ),
        (Evidence::SOURCE, "显示 表明 来源".into()),
        (
            Evidence::FREQUENCY,
            "每[天日周月季年半学] & [次回期批]".into(),
        ),
        (
            Evidence::AUTHORITY,
            "经 & 认定 评定 认证 评选 评审 鉴定 公布 批准 验收 审定 核定 确认 核实 通报 发布"
                .into(),
        ),
        (
            Evidence::AUTHORITY,
            "[被获] & 评为 认定 授予 命名 列为 定为".into(),
        ),
        (Evidence::AUTHORITY, "由 & 认定 评定 发布 公布 颁发".into()),
        // 省农业农村厅发布, 市委命名: the body's last character, then the act's first.
        (
            Evidence::AUTHORITY,
            "[部委局厅院室会织构][发公认评授命颁]".into(),
        ),
    ];
    v.push((Evidence::AUTHORITY, format!("在 & {appraisal}")));
    v.push((Evidence::AUTHORITY, format!("[据经] & {appraisal}")));
    v
}

/// The compiled [`trigger_clauses`]: which clauses a sentence satisfies is found in one pass over
/// its characters.
#[derive(Debug)]
struct Triggers {
    /// Per character with a part in a literal, sorted: (the character, the groups it completes
    /// alone, the two-character literals it may begin, those it may end).
    table: Vec<(char, u64, u128, u128)>,
    /// Where each character of `table` is in it.
    index: CharIndex,
    /// Per two-character literal, the groups it belongs to.
    pair_groups: Vec<u64>,
    /// Per clause: its kind and the groups it needs.
    clauses: Vec<(u16, u64)>,
}

/// The positions of a sorted set of BMP characters in that order, found without a search: a
/// bitmap over the BMP and, per 64-character word of it, how many set characters come before.
struct CharIndex {
    bits: Box<[u64; 1024]>,
    before: Box<[u16; 1024]>,
}

impl std::fmt::Debug for CharIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        write!(f, "CharIndex({n} characters)")
    }
}

impl CharIndex {
    /// The index of `chars`, which must be sorted, distinct and in the BMP (the trigger sets
    /// are: digits, Han, punctuation and whitespace up to U+3000).
    fn new(chars: impl Iterator<Item = char>) -> Self {
        let mut bits = Box::new([0u64; 1024]);
        let mut last = None;
        for c in chars {
            let v = c as u32;
            assert!(v <= 0xFFFF, "trigger character {c:?} is past the BMP");
            assert!(last < Some(c), "trigger characters sorted and distinct");
            last = Some(c);
            bits[(v >> 6) as usize] |= 1 << (v & 63);
        }
        let mut before = Box::new([0u16; 1024]);
        let mut n = 0u16;
        for (w, b) in bits.iter().zip(before.iter_mut()) {
            *b = n;
            n += w.count_ones() as u16;
        }
        CharIndex { bits, before }
    }

    /// The position of `c` among the characters, if it is one of them.
    #[inline(always)]
    fn get(&self, c: char) -> Option<usize> {
        let v = c as u32;
        if v > 0xFFFF {
            return None;
        }
        let (w, b) = ((v >> 6) as usize, v & 63);
        let word = self.bits[w];
        if word >> b & 1 == 0 {
            return None;
        }
        Some(usize::from(self.before[w]) + (word & ((1u64 << b) - 1)).count_ones() as usize)
    }
}

impl Triggers {
    fn new() -> Self {
        let set = |spec: &str| -> Vec<Vec<char>> {
            // The units of one literal: a character or a `[…]` set each.
            let mut units = Vec::new();
            let mut it = spec.chars().peekable();
            while let Some(c) = it.next() {
                if c != '[' {
                    units.push(vec![c]);
                    continue;
                }
                let mut body: Vec<char> = Vec::new();
                while let Some(c) = it.next() {
                    match c {
                        ']' => break,
                        '\\' => {
                            let e = it.next();
                            assert_eq!(e, Some('s'), "trigger set escape in {spec}");
                            // Unicode White_Space, as the regex's `\s` (none is past U+3000).
                            body.extend(('\0'..='\u{3000}').filter(|c| c.is_whitespace()));
                        }
                        '-' if !body.is_empty() && it.peek().is_some_and(|&n| n != ']') => {
                            let (a, b) = (*body.last().unwrap(), it.next().unwrap());
                            body.extend((a..=b).skip(1));
                        }
                        c => body.push(c),
                    }
                }
                units.push(body);
            }
            units
        };
        let mut single: std::collections::BTreeMap<char, u64> = Default::default();
        let mut pairs: Vec<(Vec<char>, Vec<char>, u64)> = Vec::new();
        let mut clauses = Vec::new();
        let mut groups = 0;
        for (kind, clause) in trigger_clauses() {
            let mut need = 0u64;
            for group in clause.split(" & ") {
                assert!(groups < 64, "at most 64 trigger groups");
                let bit = 1u64 << groups;
                groups += 1;
                need |= bit;
                for lit in group.split(' ') {
                    match &set(lit)[..] {
                        [one] => one
                            .iter()
                            .for_each(|&c| *single.entry(c).or_default() |= bit),
                        [a, b] => match pairs.iter_mut().find(|p| p.0 == *a && p.1 == *b) {
                            Some(p) => p.2 |= bit,
                            None => pairs.push((a.clone(), b.clone(), bit)),
                        },
                        _ => panic!("trigger literal {lit:?}: one or two characters"),
                    }
                }
            }
            clauses.push((kind, need));
        }
        assert!(
            pairs.len() <= 128,
            "at most 128 two-character trigger literals"
        );
        let mut table: std::collections::BTreeMap<char, (u64, u128, u128)> =
            single.into_iter().map(|(c, g)| (c, (g, 0, 0))).collect();
        for (i, (a, b, _)) in pairs.iter().enumerate() {
            for &c in a {
                table.entry(c).or_default().1 |= 1 << i;
            }
            for &c in b {
                table.entry(c).or_default().2 |= 1 << i;
            }
        }
        let index = CharIndex::new(table.keys().copied());
        Triggers {
            table: table
                .into_iter()
                .map(|(c, (g, a, b))| (c, g, a, b))
                .collect(),
            index,
            pair_groups: pairs.into_iter().map(|p| p.2).collect(),
            clauses,
        }
    }

    /// The kinds one of whose clauses `s` satisfies.
    fn kinds(&self, s: &str) -> u16 {
        let mut present = 0u64;
        // The two-character literals the previous character may begin.
        let mut open = 0u128;
        for c in s.chars() {
            let Some(i) = self.index.get(c) else {
                open = 0;
                continue;
            };
            let (_, groups, begins, ends) = self.table[i];
            present |= groups;
            let mut hit = open & ends;
            while hit != 0 {
                present |= self.pair_groups[hit.trailing_zeros() as usize];
                hit &= hit - 1;
            }
            open = begins;
        }
        self.clauses
            .iter()
            .filter(|&&(_, need)| need & !present == 0)
            .fold(0, |k, &(kind, _)| k | kind)
    }
}

impl Default for EvidenceDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl EvidenceDetector {
    /// Compiles the detectors.
    pub fn new() -> Self {
        let digits = r"[0-9０-９]+(?:[.．][0-9０-９]+)?";
        let cn = r"(?:[两二三四五六七八九十]|一[十百千万亿])[〇零一二三四五六七八九十百千万亿两]*";
        // A named body that appraises: 省农业农村厅, 市统计局, 国务院, 市委组织部, 省企业联合会 …
        // The character before 部/局/办 must not make a common word of it (干部, 全局, 主办 …).
        let org = r"\p{Han}{0,12}?(?:[\p{Han}&&[^干全内外细局俱乐]]部|[\p{Han}&&[^全格布结开当大变]]局|[\p{Han}&&[^举主承协督创兴合]]办|\p{Han}(?:委|厅|院|署|政府|协会|学会|联合会|委员会|办公室|办公厅))";
        let appraisal = "考核|考评|评估|评比|评选|评价|测评|认定|排名|排序|验收";
        let d = vec![
            (
                Evidence::NUMBER,
                format!(
                    r"(?:{digits}|{cn})\s*(?:多|余|来)?\s*(?:万|亿|千|百)?\s*(?:{UNITS})|[0-9０-９]{{2,}}(?:[.．][0-9０-９]+)?"
                ),
            ),
            (
                Evidence::PERCENT,
                format!(r"{digits}\s*[%％‰]|百分之[〇零一二三四五六七八九十百点]+|{digits}\s*个百分点|[一二三四五六七八九]成(?:以上|左右|多)"),
            ),
            (
                Evidence::COMPARISON,
                r"同比|环比|较上年|比上年|较去年|比去年|较上月|比上月|较同期|比同期|与上年相比|与去年相比|较[0-9０-９]{4}年|比[0-9０-９]{4}年|由[^，。；！？\n]{1,14}?(?:降至|升至|降到|升到|提高到|提高至|提升至|提升到|增加到|增加至|下降到|下降至|上升到|上升至|增至|减至|减少到|减少至|缩短到|缩短至|压缩到|压缩至|扩大到|扩大至)".to_string(),
            ),
            (
                Evidence::DATE,
                r"(?:19|20)[0-9]{2}\s*年|[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*[日号]|[0-9０-９]{1,2}\s*月(?:份|上旬|中旬|下旬|底|初|以来)?|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|[一二][〇零一二三四五六七八九]{3}年".to_string(),
            ),
            (
                Evidence::CASE,
                r"(?:例如|比如|譬如|诸如|其中)[^。；！？\n]{0,24}?(?:省|市|县|区|镇|乡|村|街道|社区|公司|集团|企业|厂|学校|大学|医院|中心|局|委|厅|站|所|院|合作社|商会|协会|银行|园区|小组|支部|工作室)|以[^。；！？\n]{1,20}为例".to_string(),
            ),
            (
                Evidence::SOURCE,
                r"据[^，。；！？\n]{0,24}?(?:统计|通报|调查|测算|监测|显示|报道|数据|介绍|反映|评估|抽查|普查|核查|公布)|(?:统计|调查|监测|评估|普查|抽查)(?:数据|结果)?(?:显示|表明)|数据来源|来源[:：]".to_string(),
            ),
            (
                Evidence::FREQUENCY,
                r"每(?:天|日|周|月|季度?|年|半年|学期)[^，。；！？\n]{0,8}?(?:[一两二三四五六七八九十]|[0-9０-９]+)\s*(?:次|回|期|批)".to_string(),
            ),
            (
                Evidence::AUTHORITY,
                [
                    r"经[^，。；！？\n]{1,24}?(?:认定|评定|认证|评选|评审|鉴定|公布|批准|验收|审定|核定|确认|核实|通报|发布)|(?:被|获)[^，。；！？\n]{1,24}?(?:评为|认定为|授予|命名为|列为|确定为|评定为)|由[^，。；！？\n]{1,24}?(?:认定|评定|发布|公布|颁发)|\p{Han}{2,16}(?:部|委|局|厅|院|办公室|协会|学会|联合会|组织|机构)(?:发布|公布|认定|评定|授予|命名|颁发)",
                    // A ranking inside a named body's appraisal: 在省农业农村厅2025年度…考核中,
                    // 据省统计局评估, 经市委组织部考核. After 在 the phrase must close with 中.
                    &format!(r"|在(?:[0-9０-９]{{4}}年度?)?{org}[^，。；！？\n]{{0,30}}?(?:{appraisal})(?:结果)?中"),
                    &format!(r"|(?:据|经){org}[^，。；！？\n]{{0,30}}?(?:{appraisal})"),
                ]
                .concat(),
            ),
        ];
        // Compiled on first use (see `LazyRegex`); `check` compiles them all.
        let detectors = d.into_iter().map(|(k, p)| (k, LazyRegex::new(p))).collect();
        EvidenceDetector {
            detectors,
            triggers: Triggers::new(),
        }
    }

    /// Compiles every detector now (for tests); the first error.
    pub fn check(&self) -> Result<(), regex::Error> {
        self.detectors.iter().try_for_each(|(_, re)| re.check())
    }

    /// The kinds that `s` holds the trigger literals of.
    fn triggered(&self, s: &str) -> u16 {
        self.triggers.kinds(s)
    }

    /// Evidence kinds in `s`.
    pub fn scan(&self, s: &str) -> Evidence {
        let kinds = self.triggered(s);
        if kinds == 0 {
            return Evidence(0);
        }
        let mut bits = 0;
        let date = self
            .detectors
            .iter()
            .find(|(k, _)| *k == Evidence::DATE)
            .expect("date");
        let dates: Vec<_> = if kinds & Evidence::DATE != 0 {
            date.1.find_iter(s).map(|m| m.range()).collect()
        } else {
            Vec::new()
        };
        if !dates.is_empty() {
            bits |= Evidence::DATE;
        }
        for (k, re) in &self.detectors {
            if kinds & k == 0 {
                continue;
            }
            match *k {
                Evidence::DATE => {}
                // The parts of a date (3月12日) are not counts.
                Evidence::NUMBER => {
                    if re.find_iter(s).any(|m| {
                        !dates.iter().any(|d| d.start < m.end() && m.start() < d.end)
                            && !placeholder_next_to(s, m.start(), m.end())
                            && !formula_name(s, m.start(), m.end())
                    }) {
                        bits |= k;
                    }
                }
                _ => {
                    if re.is_match(s) {
                        bits |= k;
                    }
                }
            }
        }
        Evidence(bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every detector match, taken alone, satisfies a trigger clause of its kind: the triggers
    /// never hide evidence. Checked on every match in the dev drafts, the seeds and the rule
    /// examples, in random strings over the detectors' own characters, and in strings drawn from
    /// each detector's own syntax (every branch) inside random context.
    #[test]
    fn triggers_never_hide_a_match() {
        let d = EvidenceDetector::new();
        d.check().unwrap();
        let mut texts: Vec<String> = Vec::new();
        for dir in ["tests/devset/drafts", "../shared/seeds"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        for r in crate::rules::RuleSet::builtin().unwrap().rules {
            texts.extend(
                r.fail
                    .iter()
                    .chain(&r.pass)
                    .map(|x| x.replace(['[', ']'], "")),
            );
        }
        assert!(texts.len() > 500, "{} texts", texts.len());
        // Random strings over the characters the detectors and triggers mention.
        let alphabet: Vec<char> = d
            .detectors
            .iter()
            .flat_map(|(_, re)| re.source().chars().collect::<Vec<_>>())
            .filter(|c| !c.is_ascii_punctuation())
            .chain("，。 文字 XX".chars())
            .collect();
        let mut rng = crate::TestRng(0x5eed_e71d);
        for _ in 0..20_000 {
            let n = 1 + rng.next(24);
            texts.push((0..n).map(|_| alphabet[rng.next(alphabet.len())]).collect());
        }
        // Strings each detector matches, drawn from its own syntax (every branch, every set),
        // inside random context.
        for (_, re) in &d.detectors {
            let hir = regex_syntax::Parser::new().parse(re.source()).unwrap();
            for _ in 0..3_000 {
                let mut s = String::new();
                let pad = rng.next(4);
                s.extend((0..pad).map(|_| alphabet[rng.next(alphabet.len())]));
                sample(&hir, &alphabet, &mut rng, &mut s);
                let pad = rng.next(4);
                s.extend((0..pad).map(|_| alphabet[rng.next(alphabet.len())]));
                texts.push(s);
            }
        }
        let mut matched = 0;
        for t in &texts {
            for s in t.split_inclusive(['。', '！', '？', '；', '\n']) {
                for (k, re) in &d.detectors {
                    for m in re.find_iter(s) {
                        matched += 1;
                        // The match alone holds what its kind's triggers ask for.
                        let kinds = d.triggered(m.as_str());
                        assert!(kinds & k != 0, "kind {k}: {:?} in {s:?}", m.as_str());
                    }
                }
            }
        }
        assert!(matched > 30_000, "{matched} matches");
    }

    /// Appends a random string of the language of `hir` (classes: a character of `alphabet` in
    /// the class, or any character of it; unbounded repetitions: at most three more).
    fn sample(
        hir: &regex_syntax::hir::Hir,
        alphabet: &[char],
        rng: &mut crate::TestRng,
        out: &mut String,
    ) {
        use regex_syntax::hir::{Class, HirKind};
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(l) => out.push_str(std::str::from_utf8(&l.0).unwrap()),
            HirKind::Class(Class::Unicode(c)) => {
                let inside: Vec<char> = alphabet
                    .iter()
                    .copied()
                    .filter(|&a| c.ranges().iter().any(|r| r.start() <= a && a <= r.end()))
                    .collect();
                if !inside.is_empty() && rng.next(4) != 0 {
                    out.push(inside[rng.next(inside.len())]);
                } else {
                    let r = c.ranges()[rng.next(c.ranges().len())];
                    let span = u32::from(r.end()) - u32::from(r.start()) + 1;
                    let x = u32::from(r.start()) + rng.next(span as usize) as u32;
                    out.push(char::from_u32(x).unwrap_or(r.start()));
                }
            }
            HirKind::Class(Class::Bytes(_)) => unreachable!("detectors are Unicode"),
            HirKind::Repetition(r) => {
                let max = r.max.unwrap_or(r.min + 3).min(r.min + 30);
                let n = r.min + rng.next((max - r.min + 1) as usize) as u32;
                for _ in 0..n {
                    sample(&r.sub, alphabet, rng, out);
                }
            }
            HirKind::Capture(c) => sample(&c.sub, alphabet, rng, out),
            HirKind::Concat(v) => v.iter().for_each(|h| sample(h, alphabet, rng, out)),
            HirKind::Alternation(v) => sample(&v[rng.next(v.len())], alphabet, rng, out),
        }
    }

    /// The index finds every character of the trigger table where a search of the table does,
    /// and nothing else, over all of Unicode.
    #[test]
    fn char_index_equals_the_table_search() {
        let t = Triggers::new();
        assert!(t.table.len() > 50, "{}", t.table.len());
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let search = t.table.binary_search_by_key(&c, |e| e.0).ok();
            assert_eq!(t.index.get(c), search, "{c:?}");
        }
    }

    #[test]
    fn kinds() {
        let d = EvidenceDetector::new();
        d.check().unwrap();
        assert!(d.scan("新增就业岗位1200个").has(Evidence::NUMBER));
        assert!(d.scan("培训三百余人").has(Evidence::NUMBER));
        assert!(!d.scan("报送信息×篇，XX条").has(Evidence::ANY));
        assert!(!d.scan("20XX年以来").has(Evidence::NUMBER));
        assert!(!d
            .scan("增强“四个意识”、做到“两个维护”")
            .has(Evidence::NUMBER));
        assert!(!d.scan("学习十九届六中全会精神").has(Evidence::NUMBER));
        assert!(!d
            .scan("扎实开展中央八项规定精神学习教育，落实四个不摘要求，做到两个维护")
            .has(Evidence::NUMBER));
        assert!(d.scan("督查组八项检查全部完成").has(Evidence::NUMBER));
        assert!(d
            .scan("三项任务全面完成，两个代表团到访")
            .has(Evidence::NUMBER));
        assert!(d.scan("市场监管所每月抽检一次食材").has(Evidence::ANY));
        assert!(!d.scan("市场监管所每月抽检一次食材").has(Evidence::CLAIM));
        assert!(!d.scan("一项重要工作，一系列措施").has(Evidence::ANY));
        assert!(d.scan("增长12.5%").has(Evidence::PERCENT));
        assert!(d.scan("投诉量由每月80件降至20件").has(Evidence::COMPARISON));
        assert!(d.scan("同比下降").has(Evidence::COMPARISON));
        assert!(d.scan("3月15日召开会议").has(Evidence::DATE));
        assert!(!d.scan("3月15日召开会议").has(Evidence::NUMBER));
        assert!(!d.scan("去年以来，在各地商会支持下").has(Evidence::CASE));
        assert!(d.scan("以城东街道为例").has(Evidence::CASE));
        assert!(d.scan("比如城东街道推行“一窗通办”").has(Evidence::CASE));
        assert!(d.scan("据市统计局统计").has(Evidence::SOURCE));
        assert!(d.scan("经科技部认定").has(Evidence::AUTHORITY));
        assert!(d.scan("被商务部评为示范单位").has(Evidence::AUTHORITY));
        // A ranking inside a named body's appraisal names its authority.
        for s in [
            "在省农业农村厅2025年度农业社会化服务工作考核中，南岗县排名全省第一",
            "在2025年省商务厅县域商业体系建设评估中，我县位列第一",
            "在国务院大督查评比中",
            "在市委组织部组织的年度考核中",
            "据省统计局评估，我市创新指数排名全省第一",
            "经省生态环境厅考核，我市空气质量排名全省第一",
            "在省企业联合会评选中",
        ] {
            assert!(d.scan(s).has(Evidence::AUTHORITY), "{s}");
        }
        // No named body, or the body is not the appraiser.
        for s in [
            "在全县干部考核中排名第一",
            "在全局年度考核中",
            "在2025年全市政务公开考核中，我局名列前茅",
            "在县委县政府的坚强领导下，我县考核排名全省第一",
            "在承办的评比中",
            "在省农业农村厅的指导下，考核排名全省第一",
        ] {
            assert!(!d.scan(s).has(Evidence::AUTHORITY), "{s}");
        }
        // A bare date backs a soft stock word, not a claim.
        assert!(d.scan("截至2025年6月底").has(Evidence::ANY));
        assert!(!d.scan("截至2025年6月底").has(Evidence::CLAIM));
        assert!(!d
            .scan("2021年，全市组织部门聚焦主责主业")
            .has(Evidence::CLAIM));
        assert!(d.scan("2025年9月，焊接速度提高40%").has(Evidence::CLAIM));
        assert_eq!(
            Evidence(Evidence::NUMBER | Evidence::DATE).missing_zh(),
            "对比基数、具体事例、出处"
        );
    }
}
