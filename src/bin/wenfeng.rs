//! `wenfeng` — the command-line front end. Thin: argument parsing, I/O and printing only.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use wenfeng::copy::{Reference, ReferenceSet};
use wenfeng::topics::{TopicFormat, TopicList};
use wenfeng::{Analyzer, Category, Config, Report, Severity};

const USAGE: &str = "\
文风 Wenfeng — 公文与宣传稿文风检查 (checks Chinese official and publicity drafts)

用法 Usage:
  wenfeng check [选项] FILE|-     检查文稿（- 表示标准输入）
  wenfeng rules [--format text|json]   列出全部规则
  wenfeng topics check FILE       校验选题清单并列出选题（有错误时退出码 2）
  wenfeng topics show [--format toml|json|text]   显示内置的示例选题清单
  wenfeng --version | --help

check 选项 options:
  --format text|json      输出格式（默认 text）
  --year N                文稿年份，决定哪些提法已过时（默认：系统年份）
  --disable ID,…          关闭规则、规则组或类别（如 cliche.closing,style）
  --whitelist 词,…        不提示的短语
  --long-sentence N       长句阈值（字数，默认 90）
  --topics FILE           年度重点选题清单（TOML/JSON/纯文本，默认：内置 2026 示例清单）
  --reference FILE        参考文件（.txt 或 .docx，可重复给出，最多 20 份）：标出与之重复的段落
                          (reference document to check for copied passages; repeatable)

退出码 exit codes: 0 分析完成（无论发现多少问题）; 2 用法或读写错误。
";

struct Fail(String);

fn fail<T>(zh: &str, en: &str) -> Result<T, Fail> {
    Err(Fail(format!("{zh} ({en})")))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(msg)) => {
            eprintln!("wenfeng: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), Fail> {
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("-V" | "--version") => {
            println!("wenfeng {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some("check") => check(&args[1..]),
        Some("rules") => rules(&args[1..]),
        Some("topics") => topics(&args[1..]),
        Some(other) => fail(
            &format!("未知命令“{other}”，可用命令为 check、rules 和 topics，详见 wenfeng --help。"),
            &format!("unknown command \"{other}\"; use check, rules or topics, see wenfeng --help"),
        ),
    }
}

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
}

fn parse_format(v: &str) -> Result<Format, Fail> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        _ => fail(
            &format!("--format 只能是 text 或 json，收到“{v}”。"),
            &format!("--format must be text or json, got \"{v}\""),
        ),
    }
}

fn value<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a str, Fail> {
    *i += 1;
    args.get(*i).map(String::as_str).ok_or_else(|| {
        Fail(format!(
            "选项 {flag} 缺少取值。 (option {flag} needs a value)"
        ))
    })
}

fn number<T: std::str::FromStr>(v: &str, flag: &str) -> Result<T, Fail> {
    v.parse().map_err(|_| {
        Fail(format!(
            "选项 {flag} 需要一个整数，收到“{v}”。 (option {flag} needs an integer, got \"{v}\")"
        ))
    })
}

fn list(v: &str) -> Vec<String> {
    v.split([',', '，'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn check(args: &[String]) -> Result<(), Fail> {
    let mut config = Config::default();
    let mut format = Format::Text;
    let mut input: Option<&str> = None;
    let mut topics_path: Option<&str> = None;
    let mut reference_paths: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (a, None),
        };
        let val = |i: &mut usize| -> Result<&str, Fail> {
            match inline {
                Some(v) => Ok(v),
                None => value(args, i, flag),
            }
        };
        match flag {
            "--format" => format = parse_format(val(&mut i)?)?,
            "--year" => config.year = number(val(&mut i)?, flag)?,
            "--disable" => config.disabled.extend(list(val(&mut i)?)),
            "--whitelist" => config.whitelist.extend(list(val(&mut i)?)),
            "--long-sentence" => config.long_sentence = number(val(&mut i)?, flag)?,
            "--topics" => topics_path = Some(val(&mut i)?),
            "--reference" => reference_paths.push(val(&mut i)?),
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            "-" => input = Some("-"),
            f if f.starts_with('-') => {
                return fail(
                    &format!("未知选项“{f}”，详见 wenfeng --help。"),
                    &format!("unknown option \"{f}\", see wenfeng --help"),
                )
            }
            path => {
                if input.is_some() {
                    return fail("只能检查一个文件。", "check takes exactly one FILE");
                }
                input = Some(path);
            }
        }
        i += 1;
    }
    let Some(path) = input else {
        return fail(
            "请给出要检查的文件，或用 - 表示标准输入。",
            "give a FILE to check, or - for standard input",
        );
    };
    let analyzer = Analyzer::new(config).map_err(|e| Fail(e.to_string()))?;
    let analyzer = match topics_path {
        Some(p) => analyzer.with_topics(load_topics(p)?),
        None => analyzer,
    };
    let analyzer = if reference_paths.is_empty() {
        analyzer
    } else {
        let refs = reference_paths
            .iter()
            .map(|p| load_reference(p))
            .collect::<Result<Vec<_>, _>>()?;
        let set = ReferenceSet::new(refs).map_err(|e| Fail(e.to_string()))?;
        analyzer.with_references(set)
    };
    let text = read_text(path)?;
    let report = analyzer.analyze(&text);
    let out = match format {
        Format::Json => serde_json::to_string(&report).expect("report serialises") + "\n",
        Format::Text => render_text(path, &text, &report, std::io::stdout().is_terminal()),
    };
    write_stdout(&out)
}

fn write_stdout(s: &str) -> Result<(), Fail> {
    let mut o = std::io::stdout().lock();
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (e.g. `| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => fail("无法写出结果。", &format!("cannot write output: {e}")),
    }
}

/// A reference document: a UTF-8 text file (BOM allowed) or a .docx; named by its file stem.
fn load_reference(path: &str) -> Result<Reference, Fail> {
    if path == "-" {
        return fail(
            "参考文件须是文件，不能是标准输入。",
            "a reference must be a file, not standard input",
        );
    }
    let p = std::path::Path::new(path);
    let name = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string());
    let is_docx = p
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let text = if is_docx {
        let bytes = read_bytes(path)?;
        wenfeng::copy::docx_text(&bytes).map_err(|e| Fail(format!("“{path}”：{e}")))?
    } else {
        let t = read_text(path)?;
        t.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(t)
    };
    Ok(Reference::new(name, text))
}

fn read_bytes(path: &str) -> Result<Vec<u8>, Fail> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    if let Err(e) = res {
        let zh = match e.kind() {
            std::io::ErrorKind::NotFound => format!("找不到文件“{path}”。"),
            std::io::ErrorKind::PermissionDenied => format!("没有权限读取“{path}”。"),
            _ if std::path::Path::new(path).is_dir() => format!("“{path}”是目录，不是文件。"),
            _ => format!("无法读取“{path}”。"),
        };
        return fail(&zh, &format!("cannot read {path}: {e}"));
    }
    Ok(bytes)
}

fn read_text(path: &str) -> Result<String, Fail> {
    let bytes = read_bytes(path)?;
    if bytes.contains(&0) {
        return fail(
            &format!("“{path}”看起来是二进制文件，请提供 UTF-8 编码的纯文本。"),
            &format!("{path} looks binary; give UTF-8 plain text"),
        );
    }
    // A BOM is kept: offsets refer to the input exactly as given.
    String::from_utf8(bytes).or_else(|e| {
        fail(
            &format!(
                "“{path}”不是 UTF-8 编码（第 {} 个字节处出错）；如是 GBK 编码，请先另存为 UTF-8。",
                e.utf8_error().valid_up_to() + 1
            ),
            &format!("{path} is not valid UTF-8; convert GBK files to UTF-8 first"),
        )
    })
}

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, text[line_start..byte].chars().count() + 1)
}

fn render_text(path: &str, text: &str, report: &Report, color: bool) -> String {
    let mut o = String::new();
    let name = if path == "-" { "<stdin>" } else { path };
    for f in &report.findings {
        let (l, c) = line_col(text, f.start_byte);
        let sev = match f.severity {
            Severity::Error => paint(color, "1;31", "错误"),
            Severity::Warning => paint(color, "1;33", "警告"),
            Severity::Info => paint(color, "1;36", "提示"),
        };
        let shown: String = if f.text.chars().count() > 40 {
            f.text.chars().take(38).collect::<String>() + "…"
        } else {
            f.text.to_string()
        };
        o += &format!(
            "{name}:{l}:{c}: {sev} [{}]{}\n    {}\n    建议：{}\n",
            paint(color, "2", &f.rule),
            // Whole-document notes (topic.year) have an empty span.
            if shown.is_empty() {
                String::new()
            } else {
                format!(" 「{}」", paint(color, "1", &shown))
            },
            f.message,
            f.advice
        );
        if !f.replacements.is_empty() {
            let r: Vec<String> = f
                .replacements
                .iter()
                .map(|r| {
                    if r.is_empty() {
                        "（删除）".into()
                    } else {
                        format!("“{r}”")
                    }
                })
                .collect();
            o += &format!("    可改为：{}\n", r.join(" / "));
        }
    }
    let s = &report.score;
    o += &format!(
        "\n文风得分 {}/100 · {} 字 · {} 句 · {} 段 · {} 处问题\n",
        paint(color, "1", &s.total.to_string()),
        report.stats.chars,
        report.stats.sentences,
        report.stats.paragraphs,
        report.findings.len()
    );
    let parts: Vec<String> = Category::ALL
        .iter()
        .filter_map(|c| {
            let cs = s.by_category.get(c.as_str())?;
            Some(format!(
                "{} {}（扣 {}）",
                c.label_zh(),
                cs.count,
                cs.penalty
            ))
        })
        .collect();
    o += &format!("{}\n", parts.join(" · "));
    if let Some(c) = report.copy() {
        let per_ref: Vec<String> = c
            .references
            .iter()
            .filter(|r| r.copied > 0)
            .map(|r| format!("《{}》{:.0}%", r.name, r.share * 100.0))
            .collect();
        o += &format!(
            "与参考文件重复 {:.0}%（{} 字，另有引用 {} 字）{}\n",
            c.share * 100.0,
            c.chars,
            c.quoted,
            if per_ref.is_empty() {
                String::new()
            } else {
                format!("：{}", per_ref.join("，"))
            }
        );
    }
    let a = &report.alignment;
    o += &format!(
        "选题对接 {}/100 · {}\n",
        paint(color, "1", &a.score.to_string()),
        a.summary
    );
    o
}

/// Reads and strictly parses a topic list; any error is fatal (exit 2) and lists every problem.
fn load_topics(path: &str) -> Result<TopicList, Fail> {
    let text = read_text(path)?;
    TopicList::parse(&text, TopicFormat::from_path(path))
        .map_err(|e| Fail(format!("“{path}”：{e}")))
}

fn topics(args: &[String]) -> Result<(), Fail> {
    let usage = || {
        fail::<()>(
            "用法：wenfeng topics check FILE 或 wenfeng topics show [--format toml|json|text]。",
            "usage: wenfeng topics check FILE | wenfeng topics show [--format toml|json|text]",
        )
    };
    match args.first().map(String::as_str) {
        Some("check") if args.len() == 2 => {
            let path = args[1].as_str();
            let list = load_topics(path)?;
            let mut o = format!(
                "{}：有效（{} 年，{} 项选题） ({path}: valid, year {}, {} topics)\n",
                list.name(),
                list.year(),
                list.topics().len(),
                list.year(),
                list.topics().len()
            );
            for t in list.topics() {
                o += &format!(
                    "  {:<24} {}\n    关键词：{}\n",
                    t.id,
                    t.title,
                    t.keywords.join("，")
                );
                if !t.related.is_empty() {
                    o += &format!("    相关词：{}\n", t.related.join("，"));
                }
            }
            write_stdout(&o)
        }
        Some("show") => {
            let format = match args.get(1..).unwrap_or_default() {
                [] => "toml",
                [f, v] if f == "--format" => v.as_str(),
                [f] if f.starts_with("--format=") => &f[9..],
                _ => return usage(),
            };
            let out = match format {
                "toml" => wenfeng::topics::DEFAULT_TOML.to_string(),
                "json" => {
                    serde_json::to_string_pretty(&TopicList::builtin()).expect("list serialises")
                        + "\n"
                }
                "text" => TopicList::builtin().to_text(),
                _ => return usage(),
            };
            write_stdout(&out)
        }
        _ => usage(),
    }
}

fn rules(args: &[String]) -> Result<(), Fail> {
    let mut format = Format::Text;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" => format = parse_format(value(args, &mut i, "--format")?)?,
            a if a.starts_with("--format=") => format = parse_format(&a[9..])?,
            a => {
                return fail(
                    &format!("rules 不接受参数“{a}”。"),
                    &format!("rules takes no argument \"{a}\""),
                )
            }
        }
        i += 1;
    }
    let analyzer = Analyzer::new(Config::default()).map_err(|e| Fail(e.to_string()))?;
    let rules = analyzer.rules();
    let out = if format == Format::Json {
        serde_json::to_string_pretty(&rules).expect("rules serialise") + "\n"
    } else {
        let mut o = String::new();
        for r in &rules {
            o += &format!(
                "{:<44} {:<8} {:<8} {}\n",
                r.id,
                r.category.as_str(),
                r.severity.as_str(),
                r.message
            );
        }
        o += &format!("共 {} 条规则 ({} rules)\n", rules.len(), rules.len());
        o
    };
    write_stdout(&out)
}
