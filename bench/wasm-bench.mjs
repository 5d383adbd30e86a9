#!/usr/bin/env node
// Benchmark of the wasm package (www/pkg/) in Node — a script, not a test.
//
//   node bench/wasm-bench.mjs [--iterations N] [--cold-runs N] [--chars N] [--pkg DIR]
//                             [--baseline DIR] [--no-write]
//
// --pkg DIR: the package to measure (default www/pkg). --baseline DIR: also measure another build
// (e.g. one of the previous commit) in the same run — cold runs alternate between the two, each
// going first in every other pair; steady state runs both in this process, interleaved — and print
// before/after ratios. --no-write: do not touch bench/results.md.
//
// 1. Steady state, same process: `analyze` on a 10,000-character draft (tests/devset/drafts, marks
//    stripped) against `benchCut`, a bare jieba-rs cut of the same text with the same dictionary
//    compiled into the same wasm (the floor). Median / p95 of each and their ratio (target ≤ 3×).
// 2. Cold start, each run in a fresh Node process: read the .wasm, WebAssembly.compile,
//    instantiate (wasm-bindgen init with the compiled module: WebAssembly.instantiate + start),
//    `new Wenfeng()` (rules, dictionary, topic list), then the first `analyze` (target: compile +
//    instantiate + constructor ≤ 250 ms). V8 compiles wasm functions lazily (Liftoff on first
//    call, TurboFan for hot ones), so "compile" is mostly validation and the constructor also pays
//    for compiling the code it runs.
// 3. With --attribute: where analyze's time goes, by switching rules off (Config.disabled) one
//    at a time and all at once (the rule-independent floor: text model, segmentation, topic
//    alignment, conversion to JS). Slow (one constructor per rule), so not by default.
// Prints tables and writes them to bench/results.md with the machine and date.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { devsetDraft, machine, ms, repo, summary, table, writeSection } from './common.mjs';

const strArg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
};
const arg = (name, def) => {
  const v = strArg(name, undefined);
  return v === undefined ? def : Number(v);
};
const pkgFiles = (dir) => ({ dir, js: join(dir, 'wenfeng.js'), wasm: join(dir, 'wenfeng_bg.wasm') });
const PKG = pkgFiles(strArg('--pkg', join(repo, 'www', 'pkg')));
const BASE = strArg('--baseline', undefined) ? pkgFiles(strArg('--baseline')) : undefined;
const PKG_JS = PKG.js;
const PKG_WASM = PKG.wasm;
const CHARS = arg('--chars', 10000);
const YEAR = 2026;

/** One cold start, measured in this (fresh) process; prints JSON. */
async function coldOnce() {
  const text = devsetDraft(CHARS);
  // wasm-bindgen's init tests `instanceof Response`; in Node the first touch of the fetch globals
  // loads undici (~50–100 ms), which a browser does not pay: touch them outside the timings.
  void globalThis.Response;
  void globalThis.Request;
  const t0 = performance.now();
  const glue = await import(pathToFileURL(PKG_JS).href);
  const t1 = performance.now();
  const bytes = readFileSync(PKG_WASM);
  const t2 = performance.now();
  const module = await WebAssembly.compile(bytes);
  const t3 = performance.now();
  await glue.default({ module_or_path: module }); // WebAssembly.instantiate(module, imports) + __wbindgen_start
  const t4 = performance.now();
  const w = new glue.Wenfeng({ year: YEAR });
  const t5 = performance.now();
  w.analyze(text);
  const t6 = performance.now();
  w.analyze(text);
  const t7 = performance.now();
  process.stdout.write(JSON.stringify({
    importGlue: t1 - t0, read: t2 - t1, compile: t3 - t2, instantiate: t4 - t3, constructor: t5 - t4,
    firstAnalyze: t6 - t5, secondAnalyze: t7 - t6, coldStart: t5 - t2,
  }));
}

async function main() {
  for (const f of [PKG_JS, PKG_WASM, ...(BASE ? [BASE.js, BASE.wasm] : [])]) {
    try {
      statSync(f);
    } catch {
      console.error(`wasm-bench: ${f} is missing — build it first: bash scripts/build-wasm.sh`);
      process.exit(2);
    }
  }
  const iterations = arg('--iterations', 60);
  const coldRuns = arg('--cold-runs', 7);
  const text = devsetDraft(CHARS);
  const m = machine();
  const wasmBytes = statSync(PKG_WASM).size;
  console.log(`wasm-bench: ${text.length} chars, ${iterations} iterations, ${coldRuns} cold runs; ${m.cpu} × ${m.nproc}, Node ${m.node}`);

  // ---- cold start, one fresh process per run
  const self = fileURLToPath(import.meta.url);
  const cold = [];
  const coldBase = [];
  const coldOf = (pkg) => JSON.parse(execFileSync(process.execPath,
    [self, '--cold-once', '--chars', String(CHARS), '--pkg', pkg.dir], { encoding: 'utf8' }));
  // With a baseline, the two builds take turns going first: a process started right after another
  // one runs in a different machine state (page cache, frequency, the other's freed memory), and a
  // fixed order showed up as a difference between builds even in the compile step.
  for (let i = 0; i < coldRuns; i++) {
    if (BASE && i % 2 === 0) coldBase.push(coldOf(BASE));
    cold.push(coldOf(PKG));
    if (BASE && i % 2 === 1) coldBase.push(coldOf(BASE));
  }
  const coldKeys = ['compile', 'instantiate', 'constructor', 'coldStart', 'firstAnalyze', 'secondAnalyze', 'read', 'importGlue'];
  const coldStats = Object.fromEntries(coldKeys.map((k) => [k, summary(cold.map((c) => c[k]))]));
  const coldBaseStats = BASE ? Object.fromEntries(coldKeys.map((k) => [k, summary(coldBase.map((c) => c[k]))])) : undefined;

  // ---- steady state, this process
  const glue = await import(pathToFileURL(PKG_JS).href);
  glue.initSync({ module: readFileSync(PKG_WASM) });
  const w = new glue.Wenfeng({ year: YEAR });
  const report = w.analyze(text);
  const tokens = w.benchCut(text);
  // Warm up until both have been tiered up (V8 compiles wasm lazily: Liftoff first, TurboFan later).
  for (let i = 0; i < 15; i++) {
    w.analyze(text);
    w.benchCut(text);
  }
  let wb;
  if (BASE) {
    // A second instance (its own module and memory) in the same process, warmed up alike.
    const bglue = await import(pathToFileURL(BASE.js).href);
    bglue.initSync({ module: readFileSync(BASE.wasm) });
    wb = new bglue.Wenfeng({ year: YEAR });
    for (let i = 0; i < 16; i++) {
      wb.analyze(text);
      wb.benchCut(text);
    }
  }
  const a = [];
  const c = [];
  const ab = [];
  const cb = [];
  for (let i = 0; i < iterations; i++) {
    // Interleaved, so drift (thermal, GC, other load) hits both alike.
    let t = performance.now();
    w.benchCut(text);
    c.push(performance.now() - t);
    t = performance.now();
    w.analyze(text);
    a.push(performance.now() - t);
    if (wb) {
      t = performance.now();
      wb.benchCut(text);
      cb.push(performance.now() - t);
      t = performance.now();
      wb.analyze(text);
      ab.push(performance.now() - t);
    }
  }
  const as = summary(a);
  const cs = summary(c);
  const ratio50 = as.p50 / cs.p50;
  const ratio95 = as.p95 / cs.p95;

  const steady = table(['measure', 'median ms', 'p95 ms', 'min ms'], [
    [`analyze (${text.length} chars, ${report.findings.length} findings)`, ms(as.p50, 2), ms(as.p95, 2), ms(as.min, 2)],
    [`benchCut: bare jieba-rs cut (${tokens} tokens)`, ms(cs.p50, 2), ms(cs.p95, 2), ms(cs.min, 2)],
    ['ratio analyze / cut (target ≤ 3×)', `${ratio50.toFixed(1)}×`, `${ratio95.toFixed(1)}×`, `${(as.min / cs.min).toFixed(1)}×`],
  ]);
  const coldTable = table(['cold start step (fresh process)', 'median ms', 'p95 ms', 'min ms'], [
    ['WebAssembly.compile(bytes)', ...['p50', 'p95', 'min'].map((q) => ms(coldStats.compile[q]))],
    ['instantiate (WebAssembly.instantiate + wasm-bindgen start)', ...['p50', 'p95', 'min'].map((q) => ms(coldStats.instantiate[q]))],
    ['new Wenfeng() (rules, dictionary, topics)', ...['p50', 'p95', 'min'].map((q) => ms(coldStats.constructor[q]))],
    ['**cold start = compile + instantiate + constructor** (target ≤ 250)', ...['p50', 'p95', 'min'].map((q) => `**${ms(coldStats.coldStart[q])}**`)],
    [`first analyze (${text.length} chars, cold code)`, ...['p50', 'p95', 'min'].map((q) => ms(coldStats.firstAnalyze[q]))],
    ['second analyze', ...['p50', 'p95', 'min'].map((q) => ms(coldStats.secondAnalyze[q]))],
    ['(not counted) read .wasm from disk', ...['p50', 'p95', 'min'].map((q) => ms(coldStats.read[q]))],
    ['(not counted) import the JS glue', ...['p50', 'p95', 'min'].map((q) => ms(coldStats.importGlue[q]))],
  ]);
  const verdict = [
    `analyze/cut median ratio ${ratio50.toFixed(1)}× — ${ratio50 <= 3 ? 'within' : 'OVER'} the 3× target`,
    `cold start median ${ms(coldStats.coldStart.p50)} ms — ${coldStats.coldStart.p50 <= 250 ? 'within' : 'OVER'} the 250 ms target`,
  ];
  console.log(`\n${steady}\n\n${coldTable}\n\n${verdict.join('\n')}`);

  let comparison = '';
  if (BASE) {
    const abs = summary(ab);
    const cbs = summary(cb);
    const row = (name, before, after, digits = 1) =>
      [name, ms(before, digits), ms(after, digits), `${(after / before).toFixed(2)}×`];
    comparison = [
      `### Before/after in the same run (baseline ${BASE.dir}, ${(statSync(BASE.wasm).size / 1024).toFixed(0)} KiB; medians)`,
      '',
      table(['measure', 'before ms', 'after ms', 'after / before'], [
        row('analyze (steady state)', abs.p50, as.p50, 2),
        row('benchCut (steady state)', cbs.p50, cs.p50, 2),
        ['ratio analyze / cut', `${(abs.p50 / cbs.p50).toFixed(1)}×`, `${ratio50.toFixed(1)}×`, ''],
        ...['compile', 'instantiate', 'constructor', 'coldStart', 'firstAnalyze', 'secondAnalyze'].map((k) =>
          row(`${k} (median of ${coldRuns} fresh processes)`, coldBaseStats[k].p50, coldStats[k].p50)),
        ...['coldStart', 'firstAnalyze'].map((k) =>
          row(`${k} p95`, coldBaseStats[k].p95, coldStats[k].p95)),
      ]),
    ].join('\n');
    console.log(`\n${comparison}`);
  }

  let attribution = '';
  if (process.argv.includes('--attribute')) attribution = attribute(glue, text);
  if (process.argv.includes('--no-write')) return;

  writeSection('wasm', [
    '## wasm in Node (`npm run bench:wasm`)',
    '',
    `${m.date} · ${m.cpu}, nproc ${m.nproc} · Node ${m.node} · ${PKG.dir === join(repo, 'www', 'pkg') ? 'www/pkg' : PKG.dir}/wenfeng_bg.wasm ${(wasmBytes / 1024).toFixed(0)} KiB · draft: tests/devset/drafts (marks stripped), ${text.length} chars · ${iterations} iterations after warm-up, ${coldRuns} cold runs`,
    '',
    steady,
    '',
    coldTable,
    '',
    ...verdict.map((v) => `- ${v}`),
    ...(comparison ? ['', comparison] : []),
    ...(attribution ? ['', attribution] : []),
  ].join('\n'));
  console.log('\nwasm-bench: written to bench/results.md');
}

/**
 * Time saved by switching `disabled` off: a fresh analyzer with those rules off, run interleaved
 * with the full analyzer `base` so drift hits both alike; median of the paired differences.
 */
function savedBy(glue, base, text, disabled, runs = 31) {
  const w = new glue.Wenfeng({ year: YEAR, disabled });
  for (let i = 0; i < 4; i++) w.analyze(text);
  const d = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    base.analyze(text);
    const full = performance.now() - t0;
    t0 = performance.now();
    w.analyze(text);
    d.push(full - (performance.now() - t0));
  }
  w.free();
  return summary(d).p50;
}

/** analyze's time by category and rule family (each switched off alone) and the rule-independent floor. */
function attribute(glue, text) {
  const base = new glue.Wenfeng({ year: YEAR });
  const rules = base.rules();
  for (let i = 0; i < 10; i++) base.analyze(text);
  const full = summary(Array.from({ length: 31 }, () => { const t0 = performance.now(); base.analyze(text); return performance.now() - t0; })).p50;
  const cut = summary(Array.from({ length: 31 }, () => { const t0 = performance.now(); base.benchCut(text); return performance.now() - t0; })).p50;
  const cats = [...new Set(rules.map((r) => r.category))];
  const floor = full - savedBy(glue, base, text, cats);
  const pct = (v) => `${((v / full) * 100).toFixed(0)}%`;
  const byCat = cats.map((c) => [c, savedBy(glue, base, text, [c])]).sort((a, b) => b[1] - a[1]);
  const families = new Map();
  for (const r of rules) families.set(`${r.category} · ${r.family}`, [...(families.get(`${r.category} · ${r.family}`) ?? []), r.id]);
  const byFamily = [];
  for (const [fam, ids] of families) {
    byFamily.push([fam, ids, savedBy(glue, base, text, ids)]);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  base.free();
  byFamily.sort((a, b) => b[2] - a[2]);
  const md = [
    `### Where analyze's time goes (${text.length} chars; time saved by switching rules off, paired with the full analyzer)`,
    '',
    table(['part', 'ms', 'share'], [
      ['analyze, all rules', ms(full, 2), '100%'],
      [`rule-independent floor (all ${cats.length} categories off: text model, jieba cut, topic alignment, conversion to JS)`, ms(floor, 2), pct(floor)],
      ['… of which the bare jieba cut (benchCut)', ms(cut, 2), pct(cut)],
      ...byCat.map(([c, d]) => [`category \`${c}\``, ms(d, 2), pct(d)]),
    ]),
    '',
    'Costliest rule families (time saved when that family alone is off; noise ≈ ±0.3 ms):',
    '',
    table(['family', 'rules', 'ms'], byFamily.slice(0, 12).map(([fam, ids, d]) => [fam, ids.length <= 3 ? ids.map((i) => `\`${i}\``).join(' ') : `${ids.length} rules`, ms(d, 2)])),
  ].join('\n');
  console.log(`\n${md}`);
  return md;
}

if (process.argv.includes('--cold-once')) await coldOnce();
else await main();
