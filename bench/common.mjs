// Shared helpers for the benchmark scripts (bench/*.mjs): the draft, statistics, the machine, and
// bench/results.md (each script replaces its own section there).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = join(repo, 'bench', 'results.md');

/**
 * A draft of exactly `chars` UTF-16 code units: tests/devset/drafts/*.txt in name order with the
 * dev-set marks (⟦category| and ⟧) stripped, joined by newlines, repeated if needed, cut to length.
 */
export function devsetDraft(chars) {
  const dir = join(repo, 'tests', 'devset', 'drafts');
  const parts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/⟦[a-z]+\|/g, '').replace(/⟧/g, '').trimEnd());
  let text = parts.join('\n');
  while (text.length < chars) text += `\n${text}`;
  text = text.slice(0, chars);
  // Do not end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  return text;
}

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
}

/** { n, min, p50, p95, max, mean } of a list of numbers. */
export function summary(values) {
  const s = values.slice().sort((a, b) => a - b);
  return { n: s.length, min: s[0], p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const ms = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');

export function machine() {
  let model = '';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    model = m ? m[1].trim() : '';
  } catch {
    /* not Linux */
  }
  return {
    nproc: availableParallelism?.() ?? cpus().length,
    cpu: model || cpus()[0]?.model || 'unknown',
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** A Markdown table from a header row and rows. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Replaces (or appends) the section between <!-- bench:NAME --> markers in bench/results.md. */
export function writeSection(name, markdown) {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let doc = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Wenfeng benchmark results\n\nWritten by `npm run bench:wasm` and `npm run bench:typing` (bench/*.mjs); each run replaces its own section.\n';
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, doc.endsWith('\n') ? doc : `${doc}\n`);
}
