// MOCK ANALYZER BACKEND — development and tests only, never used by the page by default.
//
// Answers the page's `?backend=mock` worker (www/src/worker-mock.ts) with reports produced by the
// native CLI: `wenfeng check --format json -`. It exists so the UI can be developed and tested
// before the wasm package (www/pkg/) exists. Enabled only by `node scripts/serve.mjs --mock`.
//
// Where the CLI does not yet support topic lists (`--topics`, `topics check`), this file
// FABRICATES a crude alignment object and crude topic-list errors, clearly labelled "MOCK", only so
// the page's chart and error display can be exercised. They are not the analyzer's behaviour.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function findCli() {
  const candidates = [process.env.WENFENG_BIN, join(repo, 'target', 'release', 'wenfeng'), join(repo, 'target', 'debug', 'wenfeng')];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

function run(bin, args, input) {
  return new Promise((ok) => {
    const p = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    p.stdin.on('error', () => {}); // commands that do not read stdin close it early
    p.on('error', (e) => ok({ code: -1, stdout: '', stderr: String(e) }));
    p.on('close', (code) => ok({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    p.stdin.end(input ?? '');
  });
}

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? JSON.parse(raw) : {};
}

const MOCK_TOPICS = [
  { id: 'governance', title: '基层治理与基层减负（MOCK）', keywords: ['基层治理', '网格', '矛盾纠纷', '调解'] },
  { id: 'business', title: '优化营商环境（MOCK）', keywords: ['营商环境', '民营经济', '企业'] },
  { id: 'rural', title: '乡村全面振兴（MOCK）', keywords: ['乡村振兴', '农村', '村（社区）'] },
  { id: 'tech', title: '新质生产力与人工智能+（MOCK）', keywords: ['新质生产力', '人工智能'] },
];

/** MOCK: a crude plain-text topic parser, only so the page's error display can be exercised. */
function mockParse(text, format) {
  const errors = [];
  const topics = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (format === 'json') {
    try {
      const v = JSON.parse(text);
      for (const t of v.topic ?? v.topics ?? []) topics.push({ id: t.id, title: t.title, keywords: t.keywords ?? [] });
    } catch (e) {
      const m = /position (\d+)/.exec(e.message);
      const line = m ? text.slice(0, Number(m[1])).split('\n').length : 1;
      errors.push({ line, column: null, field: null, message: `MOCK: JSON 语法错误 (${e.message})` });
    }
  } else if (format === 'toml') {
    lines.forEach((l, i) => {
      if (!/^\s*(#.*|\[\[topic\]\]|[A-Za-z_][\w-]*\s*=.*|)$/.test(l)) errors.push({ line: i + 1, column: 1, field: null, message: 'MOCK: 不是 TOML 的“键 = 值”行 (not a TOML key = value line)' });
    });
  } else {
    lines.forEach((l, i) => {
      const s = l.trim();
      if (!s || s.startsWith('#') || /^年份[：:]/.test(s)) return;
      const m = /^(.+?)[：:](.+)$/.exec(s);
      if (!m) {
        errors.push({ line: i + 1, column: 1, field: 'title', message: 'MOCK: 应写成“标题：关键词1，关键词2” (expected "title: keyword, keyword")' });
        return;
      }
      topics.push({ id: `t${i + 1}`, title: m[1].trim(), keywords: m[2].split(/[，,、]/).map((k) => k.trim()).filter(Boolean) });
    });
  }
  if (!errors.length && topics.length === 0 && format !== 'toml') errors.push({ line: null, column: null, field: null, message: 'MOCK: 清单里没有选题 (no topics)' });
  return { errors, topics };
}

/** MOCK alignment: keyword occurrences per topic; not the analyzer's algorithm. */
function mockAlignment(text, list) {
  const topics = list.topics.map((t) => {
    const evidence = [];
    for (const k of t.keywords) {
      for (let i = text.indexOf(k); i >= 0 && k; i = text.indexOf(k, i + k.length)) evidence.push({ start: i, end: i + k.length, text: k });
    }
    evidence.sort((a, b) => a.start - b.start);
    const score = Math.min(100, evidence.length * 20);
    return { id: t.id, title: t.title, score, covered: score >= 40, evidence };
  });
  const paragraphs = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const start = pos;
    const end = pos + line.length;
    pos = end + 1;
    if (!line.trim()) continue;
    let best = null;
    let bestN = 0;
    for (const t of topics) {
      const n = t.evidence.filter((e) => e.start >= start && e.end <= end).length;
      if (n > bestN) {
        best = t.id;
        bestN = n;
      }
    }
    paragraphs.push({ start, end, topic: best });
  }
  const covered = topics.filter((t) => t.covered);
  const none = paragraphs.map((p, i) => (p.topic ? null : i + 1)).filter(Boolean);
  return {
    year: list.year,
    list: list.name,
    score: topics.length ? Math.round(topics.reduce((s, t) => s + t.score, 0) / topics.length) : 0,
    summary: `MOCK：本稿对应 ${covered.length} 项重点${covered.length ? `：${covered.map((t) => t.title).join('、')}` : ''}${none.length ? `；第 ${none.join('、')} 段未对应任何重点` : ''}`,
    topics,
    paragraphs,
  };
}

export async function createMockBackend({ quiet = false } = {}) {
  const bin = findCli();
  if (!bin) throw new Error('mock backend: no wenfeng CLI found (cargo build --release, or set WENFENG_BIN)');
  const help = await run(bin, ['--help']);
  const cliHasTopics = /--topics/.test(help.stdout);
  const version = (await run(bin, ['--version'])).stdout.trim();
  const year = process.env.WENFENG_YEAR ?? '2026';
  const dir = mkdtempSync(join(tmpdir(), 'wenfeng-mock-'));
  let topicsFile = null;
  let list = { name: '示例选题清单（MOCK）', year: Number(year), topics: MOCK_TOPICS };
  if (!quiet) console.log(`mock backend: ${bin} (${version}); CLI topic support: ${cliHasTopics ? 'yes' : 'no — alignment is MOCKED'}`);

  const send = (res, status, obj) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(obj));
  };

  return async function handle(req, res, url) {
    const b = req.method === 'POST' ? await body(req) : {};
    switch (url.pathname) {
      case '/__mock__/info':
        return send(res, 200, { value: { version: `${version} [mock]` } });
      case '/__mock__/rules': {
        const r = await run(bin, ['rules', '--format', 'json']);
        return r.code === 0 ? send(res, 200, { value: JSON.parse(r.stdout) }) : send(res, 500, { error: r.stderr.trim() });
      }
      case '/__mock__/analyze': {
        const args = ['check', '--format', 'json', '--year', year];
        if (cliHasTopics && topicsFile) args.push('--topics', topicsFile);
        args.push('-');
        const r = await run(bin, args, String(b.text ?? ''));
        if (r.code !== 0) return send(res, 500, { error: r.stderr.trim() || `wenfeng exited ${r.code}` });
        const report = JSON.parse(r.stdout);
        if (!report.alignment && !cliHasTopics) report.alignment = mockAlignment(String(b.text ?? ''), list);
        return send(res, 200, { value: report });
      }
      case '/__mock__/topics': {
        if (b.reset) {
          topicsFile = null;
          list = { name: '示例选题清单（MOCK）', year: Number(year), topics: MOCK_TOPICS };
          return send(res, 200, { value: { ok: true, errors: [] } });
        }
        const format = b.format ?? 'plain';
        const ext = format === 'toml' || format === 'json' ? format : 'txt'; // plain, text, auto: the CLI detects
        const file = join(dir, `topics-${Date.now()}.${ext}`);
        writeFileSync(file, String(b.text ?? ''));
        if (cliHasTopics) {
          const r = await run(bin, ['topics', 'check', file]);
          if (r.code === 0) {
            topicsFile = file;
            return send(res, 200, { value: { ok: true, errors: [] } });
          }
          const errors = r.stderr.trim().split('\n').filter(Boolean).map((line) => {
            const m = /(?:第\s*(\d+)\s*行|line\s+(\d+))/i.exec(line) ?? /:(\d+)(?::(\d+))?:/.exec(line);
            return { line: m ? Number(m[1] ?? m[2]) : null, column: null, field: null, message: line };
          });
          return send(res, 200, { value: { ok: false, errors } });
        }
        const parsed = mockParse(String(b.text ?? ''), format);
        if (parsed.errors.length) return send(res, 200, { value: { ok: false, errors: parsed.errors } });
        const ym = /年份[：:]\s*(\d{4})/.exec(String(b.text)) ?? /year\s*[=:]\s*"?(\d{4})/.exec(String(b.text));
        list = { name: '自定义清单（MOCK）', year: ym ? Number(ym[1]) : Number(year), topics: parsed.topics.length ? parsed.topics : MOCK_TOPICS };
        return send(res, 200, { value: { ok: true, errors: [] } });
      }
      default:
        return send(res, 404, { error: `unknown mock endpoint ${url.pathname}` });
    }
  };
}
