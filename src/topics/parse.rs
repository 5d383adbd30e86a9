//! Strict topic-list parsing. TOML and JSON are read into one positioned tree and checked by the
//! same schema code; the plain-text form has its own line parser. Every error names its line and
//! column (and field); nothing is returned unless the whole list is valid.

use super::{Topic, TopicError, TopicErrors, TopicFormat, TopicList};
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Largest accepted list, in bytes (1 MB).
pub const MAX_BYTES: usize = 1 << 20;
/// Most topics in one list.
pub const MAX_TOPICS: usize = 2000;
/// Errors kept per list.
const MAX_ERRORS: usize = 50;
/// Longest id, in characters.
const MAX_ID: usize = 64;
/// Longest title, in characters.
const MAX_TITLE: usize = 100;
/// Longest keyword or related term, in characters.
const MAX_TERM: usize = 40;
/// Most keywords plus related terms in one topic.
const MAX_TERMS: usize = 200;

pub(super) fn parse(text: &str, format: TopicFormat) -> Result<TopicList, TopicErrors> {
    if text.len() > MAX_BYTES {
        return Err(TopicErrors {
            errors: vec![TopicError {
                line: 1,
                column: 1,
                field: None,
                message: format!(
                    "清单过大（{} 字节），上限为 1 MB（{MAX_BYTES} 字节）。 (the list is {} bytes; the limit is 1 MB, {MAX_BYTES} bytes)",
                    text.len(),
                    text.len()
                ),
            }],
        });
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let format = match format {
        TopicFormat::Auto => detect(text),
        f => f,
    };
    let mut e = Errs::new(text);
    let list = match format {
        TopicFormat::Json => json_tree(text, &mut e).and_then(|root| schema(&root, &mut e, true)),
        TopicFormat::Text | TopicFormat::Auto => plain(text, &mut e),
        TopicFormat::Toml => toml_tree(text, &mut e).and_then(|root| schema(&root, &mut e, false)),
    };
    match list {
        Some(l) if e.list.is_empty() => Ok(l),
        _ => Err(e.finish()),
    }
}

/// Guesses the format from the first line that is neither blank nor a `#` comment.
fn detect(text: &str) -> TopicFormat {
    let Some(first) = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('＃'))
    else {
        return TopicFormat::Text;
    };
    if first.starts_with('{') {
        return TopicFormat::Json;
    }
    if first.starts_with('[') {
        return TopicFormat::Toml;
    }
    if let Some((key, _)) = first.split_once('=') {
        let key = key.trim();
        let bare = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        let quoted = key.len() >= 2 && key.starts_with('"') && key.ends_with('"');
        if bare || quoted {
            return TopicFormat::Toml;
        }
    }
    TopicFormat::Text
}

// ---------------------------------------------------------------------------------------------
// Errors and positions

struct Errs<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    list: Vec<(usize, TopicError)>,
}

impl<'a> Errs<'a> {
    fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Errs {
            text,
            line_starts,
            list: Vec::new(),
        }
    }

    /// 1-based line and character column of a byte offset.
    fn pos(&self, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= byte);
        let start = self.line_starts[line - 1];
        (line, self.text[start..byte].chars().count() + 1)
    }

    fn at(&mut self, byte: usize, field: Option<&str>, zh: impl AsRef<str>, en: impl AsRef<str>) {
        let (line, column) = self.pos(byte);
        self.list.push((
            byte,
            TopicError {
                line,
                column,
                field: field.map(str::to_string),
                message: format!("{} ({})", zh.as_ref(), en.as_ref()),
            },
        ));
    }

    fn finish(mut self) -> TopicErrors {
        self.list.sort_by_key(|(b, _)| *b);
        self.list.dedup_by(|a, b| {
            a.1.line == b.1.line && a.1.column == b.1.column && a.1.message == b.1.message
        });
        TopicErrors {
            errors: self
                .list
                .into_iter()
                .take(MAX_ERRORS)
                .map(|(_, e)| e)
                .collect(),
        }
    }

    /// The text of the line holding `byte`.
    fn line_text(&self, byte: usize) -> &'a str {
        let (line, _) = self.pos(byte);
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        &self.text[start..end]
    }
}

/// Full-width punctuation that breaks TOML/JSON syntax when typed with a Chinese input method.
fn fullwidth_syntax(s: &str) -> Option<char> {
    s.chars().find(|c| {
        matches!(
            c,
            '＝' | '“' | '”' | '［' | '］' | '｛' | '｝' | '，' | '：' | '＃'
        )
    })
}

fn syntax_hint(e: &Errs, byte: usize) -> (String, String) {
    match fullwidth_syntax(e.line_text(byte)) {
        Some(c) => (
            format!("；该行有全角符号“{c}”，语法符号须用半角（= \" [ ] {{ }} , :）"),
            format!("; the line has the full-width character '{c}': syntax needs ASCII = \" [ ] {{ }} , :"),
        ),
        None => (String::new(), String::new()),
    }
}

// ---------------------------------------------------------------------------------------------
// The positioned tree shared by TOML and JSON

enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool,
    Null,
    Date,
    Arr(Vec<Node>),
    Obj(Vec<Entry>),
}

struct Node {
    at: usize,
    val: Val,
}

struct Entry {
    key: String,
    at: usize,
    node: Node,
}

impl Val {
    fn kind(&self, json: bool) -> (&'static str, &'static str) {
        match self {
            Val::Str(_) => ("字符串", "string"),
            Val::Int(_) => ("整数", "integer"),
            Val::Float(_) => ("小数", "float"),
            Val::Bool => ("布尔值", "boolean"),
            Val::Null => ("null", "null"),
            Val::Date => ("日期时间", "datetime"),
            Val::Arr(_) => ("数组", "array"),
            Val::Obj(_) if json => ("对象", "object"),
            Val::Obj(_) => ("表", "table"),
        }
    }
}

fn toml_tree(text: &str, e: &mut Errs) -> Option<Node> {
    match DeTable::parse(text) {
        Ok(t) => {
            let mut entries = Vec::new();
            for (k, v) in t.get_ref().iter() {
                entries.push(Entry {
                    key: k.get_ref().to_string(),
                    at: k.span().start,
                    node: from_toml(v),
                });
            }
            entries.sort_by_key(|x| x.at);
            Some(Node {
                at: 0,
                val: Val::Obj(entries),
            })
        }
        Err(err) => {
            let at = err.span().map(|s| s.start).unwrap_or(0);
            let (hz, he) = syntax_hint(e, at);
            let msg = err.message().trim().to_string();
            e.at(
                at,
                None,
                format!("TOML 语法错误{hz}"),
                format!("TOML syntax error: {msg}{he}"),
            );
            None
        }
    }
}

fn from_toml(v: &Spanned<DeValue>) -> Node {
    let at = v.span().start;
    let val = match v.get_ref() {
        DeValue::String(s) => Val::Str(s.to_string()),
        DeValue::Integer(i) => {
            Val::Int(i64::from_str_radix(i.as_str(), i.radix()).unwrap_or(i64::MAX))
        }
        DeValue::Float(f) => Val::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(_) => Val::Bool,
        DeValue::Datetime(_) => Val::Date,
        DeValue::Array(a) => Val::Arr(a.iter().map(from_toml).collect()),
        DeValue::Table(t) => {
            let mut entries: Vec<Entry> = t
                .iter()
                .map(|(k, x)| Entry {
                    key: k.get_ref().to_string(),
                    at: k.span().start,
                    node: from_toml(x),
                })
                .collect();
            entries.sort_by_key(|x| x.at);
            Val::Obj(entries)
        }
    };
    Node { at, val }
}

fn json_tree(text: &str, e: &mut Errs) -> Option<Node> {
    if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        // serde_json counts columns in bytes; convert to a byte offset.
        let line = err.line().max(1);
        let start = e.line_starts.get(line - 1).copied().unwrap_or(text.len());
        let at = (start + err.column().saturating_sub(1)).min(text.len());
        let (hz, he) = syntax_hint(e, at);
        let msg = err.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        e.at(
            at,
            None,
            format!("JSON 语法错误{hz}"),
            format!("JSON syntax error: {msg}{he}"),
        );
        return None;
    }
    let mut j = Json {
        s: text,
        i: 0,
        dup: Vec::new(),
    };
    let root = j.value();
    for (at, key) in std::mem::take(&mut j.dup) {
        e.at(
            at,
            Some(&key),
            format!("字段“{key}”重复出现"),
            format!("duplicate key \"{key}\""),
        );
    }
    if root.is_none() {
        e.at(0, None, "无法读取 JSON", "cannot read the JSON");
    }
    root
}

/// A positioned reader for JSON that serde_json has already accepted.
struct Json<'a> {
    s: &'a str,
    i: usize,
    dup: Vec<(usize, String)>,
}

impl Json<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        serde_json::from_str(self.s.get(start..self.i)?).ok()
    }

    fn value(&mut self) -> Option<Node> {
        self.ws();
        let at = self.i;
        let val = match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut entries: Vec<Entry> = Vec::new();
                loop {
                    self.ws();
                    match self.peek()? {
                        b'}' => {
                            self.i += 1;
                            break;
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let kat = self.i;
                            let key = self.string()?;
                            self.ws();
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.i += 1;
                            let node = self.value()?;
                            if entries.iter().any(|x| x.key == key) {
                                self.dup.push((kat, key.clone()));
                            }
                            entries.push(Entry { key, at: kat, node });
                        }
                        _ => return None,
                    }
                }
                Val::Obj(entries)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    match self.peek()? {
                        b']' => {
                            self.i += 1;
                            break;
                        }
                        b',' => self.i += 1,
                        _ => items.push(self.value()?),
                    }
                }
                Val::Arr(items)
            }
            b'"' => Val::Str(self.string()?),
            b't' => {
                self.i += 4;
                Val::Bool
            }
            b'f' => {
                self.i += 5;
                Val::Bool
            }
            b'n' => {
                self.i += 4;
                Val::Null
            }
            _ => {
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.i += 1;
                }
                let num = self.s.get(at..self.i)?;
                if num.is_empty() {
                    return None;
                }
                match num.parse::<i64>() {
                    Ok(n) => Val::Int(n),
                    Err(_) if num.contains(['.', 'e', 'E']) => Val::Float(num.parse().ok()?),
                    Err(_) => Val::Int(if num.starts_with('-') {
                        i64::MIN
                    } else {
                        i64::MAX
                    }),
                }
            }
        };
        Some(Node { at, val })
    }
}

// ---------------------------------------------------------------------------------------------
// The schema

const ROOT_FIELDS: &[&str] = &["year", "name", "topic"];
const TOPIC_FIELDS: &[&str] = &[
    "id",
    "title",
    "keywords",
    "related",
    "weight",
    "description",
];

fn suggest(key: &str, allowed: &[&str]) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    let s = match k.as_str() {
        "topics" | "items" => "topic",
        "keyword" | "keys" | "words" | "terms" => "keywords",
        "related_terms" | "relates" | "relate" | "weak" => "related",
        "years" => "year",
        "names" | "title" if allowed.contains(&"name") => "name",
        "name" | "titles" if allowed.contains(&"title") => "title",
        "desc" | "note" => "description",
        _ => return None,
    };
    allowed.contains(&s).then_some(s)
}

fn unknown_field(e: &mut Errs, x: &Entry, allowed: &[&str], json: bool) {
    let hint = suggest(&x.key, allowed)
        .map(|s| {
            (
                format!("，是否应为“{s}”？"),
                format!("; did you mean \"{s}\"?"),
            )
        })
        .unwrap_or_default();
    let list = allowed.join("、");
    e.at(
        x.at,
        Some(&x.key),
        format!("未知字段“{}”（可用字段：{list}）{}", x.key, hint.0),
        format!(
            "unknown {} \"{}\" (allowed: {}){}",
            if json { "key" } else { "field" },
            x.key,
            allowed.join(", "),
            hint.1
        ),
    );
}

fn wrong_type(e: &mut Errs, n: &Node, field: &str, zh: &str, en: &str, json: bool) {
    let (az, ae) = n.val.kind(json);
    e.at(
        n.at,
        Some(field),
        format!("{field} 应为{zh}，实为{az}"),
        format!("{field}: expected {en}, found {ae}"),
    );
}

fn schema(root: &Node, e: &mut Errs, json: bool) -> Option<TopicList> {
    let Val::Obj(entries) = &root.val else {
        wrong_type(
            e,
            root,
            "（根）",
            "对象",
            "an object at the top level",
            json,
        );
        return None;
    };
    let mut year = None;
    let mut name = None;
    let mut topic_node = None;
    for x in entries {
        match x.key.as_str() {
            "year" => year = Some(&x.node),
            "name" => name = Some(&x.node),
            "topic" => topic_node = Some(&x.node),
            _ => unknown_field(e, x, ROOT_FIELDS, json),
        }
    }
    let year = match year {
        None => {
            e.at(
                0,
                Some("year"),
                "缺少年份：请在开头写 year = 2026",
                "missing year: add `year = 2026` at the top",
            );
            None
        }
        Some(n) => match n.val {
            Val::Int(y) if (1900..=2200).contains(&y) => Some(y as i32),
            Val::Int(y) => {
                e.at(
                    n.at,
                    Some("year"),
                    format!("年份 {y} 超出范围，应在 1900–2200 之间"),
                    format!("year {y} is out of range 1900–2200"),
                );
                None
            }
            _ => {
                wrong_type(
                    e,
                    n,
                    "year",
                    "整数年份（如 2026）",
                    "an integer year such as 2026",
                    json,
                );
                None
            }
        },
    };
    let name = match name {
        None => None,
        Some(n) => match &n.val {
            Val::Str(s) if !s.trim().is_empty() && s.chars().count() <= 200 => {
                Some(s.trim().to_string())
            }
            Val::Str(_) => {
                e.at(
                    n.at,
                    Some("name"),
                    "name 不能为空，且不超过 200 字",
                    "name must be non-empty and at most 200 characters",
                );
                None
            }
            _ => {
                wrong_type(e, n, "name", "字符串", "a string", json);
                None
            }
        },
    };
    let topics = match topic_node {
        None => {
            e.at(
                root.at,
                Some("topic"),
                "没有任何选题：请用 [[topic]] 写出至少一项",
                "no topics: add at least one [[topic]]",
            );
            None
        }
        Some(n) => topics(n, e, json),
    };
    Some(TopicList {
        year: year?,
        name: name.unwrap_or_else(|| format!("{}年度重点选题", year.unwrap_or_default())),
        topics: topics?,
    })
}

fn topics(n: &Node, e: &mut Errs, json: bool) -> Option<Vec<Topic>> {
    let Val::Arr(items) = &n.val else {
        wrong_type(
            e,
            n,
            "topic",
            "选题数组（[[topic]]）",
            "an array of topic tables ([[topic]])",
            json,
        );
        return None;
    };
    if items.is_empty() {
        e.at(
            n.at,
            Some("topic"),
            "选题列表为空",
            "the topic array is empty",
        );
        return None;
    }
    if items.len() > MAX_TOPICS {
        e.at(
            items[MAX_TOPICS].at,
            Some("topic"),
            format!("选题过多（{} 项），上限为 {MAX_TOPICS} 项", items.len()),
            format!(
                "too many topics ({}); the limit is {MAX_TOPICS}",
                items.len()
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    // Duplicates are checked on the raw strings, so a topic with other errors still claims its id.
    let mut seen: [HashMap<String, usize>; 2] = [HashMap::new(), HashMap::new()];
    for item in items {
        let Val::Obj(entries) = &item.val else {
            continue;
        };
        for (k, (field, zh, en)) in [("id", "id ", "id"), ("title", "标题", "title")]
            .into_iter()
            .enumerate()
        {
            let Some(Entry {
                node:
                    Node {
                        at,
                        val: Val::Str(v),
                    },
                ..
            }) = entries.iter().find(|x| x.key == field)
            else {
                continue;
            };
            let v = v.trim().to_string();
            if v.is_empty() {
                continue;
            }
            if let Some(&first) = seen[k].get(&v) {
                e.at(
                    *at,
                    Some(field),
                    format!("{zh}“{v}”重复，第 {first} 行已用过"),
                    format!("duplicate {en} \"{v}\", already used on line {first}"),
                );
                ok = false;
            } else {
                let line = e.pos(*at).0;
                seen[k].insert(v, line);
            }
        }
    }
    for (i, item) in items.iter().enumerate() {
        match topic(item, i + 1, e, json) {
            Some(t) => out.push(t),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// One topic table.
fn topic(n: &Node, number: usize, e: &mut Errs, json: bool) -> Option<Topic> {
    let Val::Obj(entries) = &n.val else {
        wrong_type(
            e,
            n,
            "topic",
            "表（含 id、title、keywords）",
            "a table with id, title, keywords",
            json,
        );
        return None;
    };
    let get = |k: &str| entries.iter().find(|x| x.key == k);
    for x in entries {
        if !TOPIC_FIELDS.contains(&x.key.as_str()) {
            unknown_field(e, x, TOPIC_FIELDS, json);
        }
    }
    let which = format!("第 {number} 个选题");
    let which_en = format!("topic {number}");
    let missing = |e: &mut Errs, f: &str, zh: &str, en: &str| {
        e.at(
            n.at,
            Some(f),
            format!("{which}缺少 {f}（{zh}）"),
            format!("{which_en} has no {f} ({en})"),
        );
    };
    let id = match get("id") {
        None => {
            missing(
                e,
                "id",
                "唯一编号，只用 a-z、0-9 和 -",
                "a unique id of a-z, 0-9 and -",
            );
            None
        }
        Some(x) => match &x.node.val {
            Val::Str(s) if valid_id(s) => Some(s.clone()),
            Val::Str(s) => {
                e.at(
                    x.node.at,
                    Some("id"),
                    format!("id “{s}”不合规：只能用小写字母 a-z、数字 0-9 和连字符 -，1–{MAX_ID} 个字符"),
                    format!("id \"{s}\" is invalid: use 1–{MAX_ID} characters of a-z, 0-9 and -"),
                );
                None
            }
            _ => {
                wrong_type(e, &x.node, "id", "字符串", "a string", json);
                None
            }
        },
    };
    let title = match get("title") {
        None => {
            missing(e, "title", "选题标题", "the topic's title");
            None
        }
        Some(x) => {
            match &x.node.val {
                Val::Str(s)
                    if !s.trim().is_empty()
                        && s.trim().chars().count() <= MAX_TITLE
                        && !has_control(s) =>
                {
                    Some(s.trim().to_string())
                }
                Val::Str(_) => {
                    e.at(
                    x.node.at,
                    Some("title"),
                    format!("title 不能为空、不能换行，且不超过 {MAX_TITLE} 字"),
                    format!("title must be non-empty, on one line and at most {MAX_TITLE} characters"),
                );
                    None
                }
                _ => {
                    wrong_type(e, &x.node, "title", "字符串", "a string", json);
                    None
                }
            }
        }
    };
    let mut seen: HashMap<String, ()> = HashMap::new();
    let keywords = match get("keywords") {
        None => {
            missing(e, "keywords", "至少一个关键词", "at least one keyword");
            None
        }
        Some(x) => terms(&x.node, "keywords", true, &mut seen, e, json),
    };
    let related = match get("related") {
        None => Some(Vec::new()),
        Some(x) => terms(&x.node, "related", false, &mut seen, e, json),
    };
    if seen.len() > MAX_TERMS {
        e.at(
            n.at,
            Some("keywords"),
            format!(
                "{which}的关键词和相关词共 {} 个，上限为 {MAX_TERMS} 个",
                seen.len()
            ),
            format!(
                "{which_en} has {} keywords and related terms; the limit is {MAX_TERMS}",
                seen.len()
            ),
        );
        return None;
    }
    let weight = match get("weight") {
        None => Some(1.0),
        Some(x) => {
            let w = match x.node.val {
                Val::Int(i) => Some(i as f64),
                Val::Float(f) => Some(f),
                _ => None,
            };
            match w {
                Some(w) if w > 0.0 && w <= 10.0 => Some(w),
                Some(_) => {
                    e.at(
                        x.node.at,
                        Some("weight"),
                        "weight 应大于 0 且不超过 10",
                        "weight must be greater than 0 and at most 10",
                    );
                    None
                }
                None => {
                    wrong_type(
                        e,
                        &x.node,
                        "weight",
                        "数值（如 1.0）",
                        "a number such as 1.0",
                        json,
                    );
                    None
                }
            }
        }
    };
    let description = match get("description") {
        None => Some(None),
        Some(x) => match &x.node.val {
            Val::Str(s) => Some(Some(s.clone())),
            _ => {
                wrong_type(e, &x.node, "description", "字符串", "a string", json);
                None
            }
        },
    };
    Some(Topic {
        id: id?,
        title: title?,
        keywords: keywords?,
        related: related?,
        weight: weight?,
        description: description?,
    })
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= MAX_ID
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Checks one cue term; returns the problem (zh, en) if any.
fn term_problem(t: &str) -> Option<(String, String)> {
    if t.trim().is_empty() {
        return Some(("词语为空".into(), "the term is empty".into()));
    }
    if t.trim() != t {
        return Some((
            format!("“{t}”首尾有空格"),
            format!("\"{t}\" has leading or trailing spaces"),
        ));
    }
    if has_control(t) {
        return Some((
            format!("“{}”含换行或控制字符", t.escape_debug()),
            format!(
                "\"{}\" contains a line break or control character",
                t.escape_debug()
            ),
        ));
    }
    let n = t.chars().count();
    if n < 2 {
        return Some((
            format!("“{t}”太短，至少 2 个字符，否则会处处命中"),
            format!("\"{t}\" is too short: use at least 2 characters"),
        ));
    }
    if n > MAX_TERM {
        return Some((
            format!("“{t}”太长，最多 {MAX_TERM} 个字符"),
            format!("\"{t}\" is too long: at most {MAX_TERM} characters"),
        ));
    }
    None
}

fn terms(
    n: &Node,
    field: &str,
    required: bool,
    seen: &mut HashMap<String, ()>,
    e: &mut Errs,
    json: bool,
) -> Option<Vec<String>> {
    let Val::Arr(items) = &n.val else {
        wrong_type(
            e,
            n,
            field,
            "字符串数组（如 [\"营商环境\"]）",
            "an array of strings such as [\"营商环境\"]",
            json,
        );
        return None;
    };
    if required && items.is_empty() {
        e.at(
            n.at,
            Some(field),
            format!("{field} 不能为空，至少写一个关键词"),
            format!("{field} must not be empty: give at least one keyword"),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let Val::Str(s) = &item.val else {
            let (az, ae) = item.val.kind(json);
            e.at(
                item.at,
                Some(field),
                format!("{field} 的第 {} 项应为字符串，实为{az}", i + 1),
                format!("{field} item {}: expected a string, found {ae}", i + 1),
            );
            ok = false;
            continue;
        };
        if let Some((zh, en)) = term_problem(s) {
            e.at(
                item.at,
                Some(field),
                format!("{field} 的第 {} 项：{zh}", i + 1),
                format!("{field} item {}: {en}", i + 1),
            );
            ok = false;
            continue;
        }
        if seen.insert(s.clone(), ()).is_some() {
            e.at(
                item.at,
                Some(field),
                format!("“{s}”在本选题中重复出现"),
                format!("\"{s}\" is listed twice in this topic"),
            );
            ok = false;
            continue;
        }
        out.push(s.clone());
    }
    ok.then_some(out)
}

// ---------------------------------------------------------------------------------------------
// The plain-text form

fn is_colon(c: char) -> bool {
    matches!(c, '：' | ':')
}

fn is_sep(c: char) -> bool {
    matches!(c, '，' | ',' | '、')
}

fn is_bar(c: char) -> bool {
    matches!(c, '｜' | '|')
}

fn plain(text: &str, e: &mut Errs) -> Option<TopicList> {
    let mut year: Option<(i32, usize)> = None;
    let mut name: Option<(String, usize)> = None;
    let mut topics: Vec<Topic> = Vec::new();
    let mut titles: HashMap<String, usize> = HashMap::new();
    let mut bad = false;
    let mut count = 0usize;
    let mut line_start = 0usize;
    for (ln, raw) in text.split('\n').enumerate() {
        let this_start = line_start;
        line_start += raw.len() + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') || body.starts_with('＃') {
            continue;
        }
        let base = this_start + lead;
        let Some((ci, colon)) = body.char_indices().find(|&(_, c)| is_colon(c)) else {
            e.at(
                base,
                None,
                "缺少冒号：每行应为“标题：关键词1，关键词2”或“年份：2026”",
                "missing colon: each line is `标题：关键词1，关键词2` or `年份：2026`",
            );
            bad = true;
            continue;
        };
        let key = body[..ci].trim();
        let rest_off = base + ci + colon.len_utf8();
        let rest = &body[ci + colon.len_utf8()..];
        match key {
            "年份" | "年度" | "year" | "Year" => {
                let v = rest.trim();
                let v_at = rest_off + (rest.len() - rest.trim_start().len());
                if let Some((_, first)) = year {
                    let (fl, _) = e.pos(first);
                    e.at(
                        base,
                        Some("年份"),
                        format!("年份重复，第 {fl} 行已写过"),
                        format!("the year is given twice; see line {fl}"),
                    );
                    bad = true;
                    continue;
                }
                let digits = v.strip_suffix('年').unwrap_or(v).trim();
                let digits: String = digits
                    .chars()
                    .map(|c| match c {
                        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                        c => c,
                    })
                    .collect();
                match digits.parse::<i32>() {
                    Ok(y)
                        if (1900..=2200).contains(&y)
                            && digits.chars().all(|c| c.is_ascii_digit()) =>
                    {
                        year = Some((y, base))
                    }
                    _ => {
                        e.at(
                            v_at,
                            Some("年份"),
                            format!("年份应为 1900–2200 之间的四位数字，如“年份：2026”，收到“{v}”"),
                            format!("the year must be a number in 1900–2200 such as `年份：2026`, got \"{v}\""),
                        );
                        bad = true;
                        // Keep a placeholder so "missing year" is not reported as well.
                        year = Some((0, base));
                    }
                }
            }
            "名称" | "清单" | "清单名称" | "name" => {
                let v = rest.trim();
                if v.is_empty() || name.is_some() {
                    e.at(
                        base,
                        Some("名称"),
                        "名称为空或重复",
                        "the list name is empty or given twice",
                    );
                    bad = true;
                } else {
                    name = Some((v.to_string(), base));
                }
            }
            _ => {
                count += 1;
                if count > MAX_TOPICS {
                    e.at(
                        base,
                        None,
                        format!("选题过多，上限为 {MAX_TOPICS} 项，本行是第 {count} 项"),
                        format!("too many topics: the limit is {MAX_TOPICS} and this line is topic {count}"),
                    );
                    bad = true;
                    break;
                }
                match plain_topic(key, rest, base, rest_off, count, ln + 1, &mut titles, e) {
                    Some(t) => topics.push(t),
                    None => bad = true,
                }
            }
        }
    }
    if year.is_none() {
        e.at(
            0,
            Some("年份"),
            "缺少年份行：请在开头写“年份：2026”",
            "missing year line: add `年份：2026` at the top",
        );
        bad = true;
    }
    if topics.is_empty() && !bad {
        e.at(
            0,
            None,
            "没有任何选题：每行写一项“标题：关键词1，关键词2”",
            "no topics: write one `标题：关键词1，关键词2` per line",
        );
        bad = true;
    }
    if bad {
        return None;
    }
    let year = year.map(|(y, _)| y)?;
    Some(TopicList {
        year,
        name: name
            .map(|(n, _)| n)
            .unwrap_or_else(|| format!("{year}年度重点选题")),
        topics,
    })
}

#[allow(clippy::too_many_arguments)]
fn plain_topic(
    title: &str,
    rest: &str,
    base: usize,
    rest_off: usize,
    number: usize,
    line: usize,
    titles: &mut HashMap<String, usize>,
    e: &mut Errs,
) -> Option<Topic> {
    let mut ok = true;
    if title.is_empty() {
        e.at(
            base,
            Some("标题"),
            "冒号前缺少标题",
            "no title before the colon",
        );
        ok = false;
    } else if title.chars().count() > MAX_TITLE {
        e.at(
            base,
            Some("标题"),
            format!("标题太长，最多 {MAX_TITLE} 字"),
            format!("the title is longer than {MAX_TITLE} characters"),
        );
        ok = false;
    } else if let Some(&first) = titles.get(title) {
        e.at(
            base,
            Some("标题"),
            format!("标题“{title}”重复，第 {first} 行已用过"),
            format!("duplicate title \"{title}\", already used on line {first}"),
        );
        ok = false;
    } else {
        titles.insert(title.to_string(), line);
    }
    let mut parts = rest.splitn(3, is_bar);
    let kw_part = parts.next().unwrap_or("");
    let rel_part = parts.next();
    if parts.next().is_some() {
        e.at(
            base,
            None,
            "一行最多一个“｜”，用来分隔关键词和相关词",
            "at most one `｜` per line, separating keywords from related terms",
        );
        return None;
    }
    let mut seen: HashMap<String, ()> = HashMap::new();
    let keywords = plain_terms(kw_part, rest_off, "关键词", &mut seen, e);
    let related = match rel_part {
        Some(p) => {
            let off = rest_off
                + kw_part.len()
                + rest[kw_part.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            plain_terms(p, off, "相关词", &mut seen, e)
        }
        None => Some(Vec::new()),
    };
    if matches!(&keywords, Some(k) if k.is_empty()) {
        e.at(
            rest_off,
            Some("关键词"),
            "冒号后缺少关键词：至少写一个，用逗号分隔",
            "no keywords after the colon: give at least one, separated by commas",
        );
        ok = false;
    }
    let (keywords, related) = (keywords?, related?);
    ok.then(|| Topic {
        id: format!("t{number}"),
        title: title.to_string(),
        keywords,
        related,
        weight: 1.0,
        description: None,
    })
}

/// Splits `s` (starting at byte `off` of the text) on commas/顿号; a single trailing separator is
/// tolerated, other empty items are errors.
fn plain_terms(
    s: &str,
    off: usize,
    field: &str,
    seen: &mut HashMap<String, ()>,
    e: &mut Errs,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ok = true;
    let mut items: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if is_sep(c) {
            items.push((start, &s[start..i]));
            start = i + c.len_utf8();
        }
    }
    items.push((start, &s[start..]));
    if items.len() > 1 && items.last().is_some_and(|(_, t)| t.trim().is_empty()) {
        items.pop();
    }
    if items.len() == 1 && items[0].1.trim().is_empty() {
        return Some(Vec::new());
    }
    let en_field = if field == "关键词" {
        "keyword"
    } else {
        "related term"
    };
    for (k, (at, raw)) in items.into_iter().enumerate() {
        let t = raw.trim();
        let at = off + at + (raw.len() - raw.trim_start().len());
        let problem = if t.is_empty() {
            Some((
                "为空（两个逗号之间没有词）".to_string(),
                "is empty (nothing between two commas)".to_string(),
            ))
        } else {
            term_problem(t)
        };
        if let Some((zh, en)) = problem {
            e.at(
                at,
                Some(field),
                format!("第 {} 个{field}{zh}", k + 1),
                format!("{en_field} {}: {en}", k + 1),
            );
            ok = false;
            continue;
        }
        if seen.insert(t.to_string(), ()).is_some() {
            e.at(
                at,
                Some(field),
                format!("“{t}”在本行重复出现"),
                format!("\"{t}\" is listed twice on this line"),
            );
            ok = false;
            continue;
        }
        out.push(t.to_string());
    }
    ok.then_some(out)
}
