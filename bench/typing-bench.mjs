#!/usr/bin/env node
// Typing benchmark of the demo page in headless Chromium (playwright-core, Debian /usr/bin/chromium)
// — a script, not a test. Needs www/dist (node scripts/build-www.mjs) and www/pkg (the wasm).
//
//   node bench/typing-bench.mjs [--edits N] [--chars N]
//
// For a 5,000-character draft in the page's textarea, for each of N single-character edits typed
// at spread-out positions: the time from the analysis request (sent when the debounce fires) to
// underlines painted, from the page's own User Timing entries (www/src/editor.ts):
//   wenfeng:request  → debounce fired, request posted to the worker
//   wenfeng:laid-out → result received, findings remapped, marks laid out, panel rendered
//   wenfeng:painted  → the next frame rendered (requestAnimationFrame, then a task after it)
// plus the worker's own analyze time, and `wenfeng:input`, the input handler's cost per keystroke
// (single edits and a burst of typing at ~12 keys/s, where shown underlines are remapped). Two
// drafts: the dev-set drafts (typical density) and the weak sample repeated (dense findings).
// Also the page's cold start: navigation → analyzer ready, with the worker's steps.
// Target: p95 request → painted ≤ 50 ms. Prints tables; writes bench/results.md.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { devsetDraft, machine, ms, repo, summary, table, writeSection } from './common.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const EDITS = Math.max(20, arg('--edits', 30));
const CHARS = arg('--chars', 5000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

for (const [f, how] of [[CHROMIUM, 'scripts/install-browser-deps.sh'], [join(repo, 'www', 'dist', 'app.js'), 'node scripts/build-www.mjs'], [join(repo, 'www', 'pkg', 'wenfeng_bg.wasm'), 'bash scripts/build-wasm.sh']]) {
  if (!existsSync(f)) {
    console.error(`typing-bench: ${f} is missing — run ${how}`);
    process.exit(2);
  }
}

function weakDraft(chars) {
  const weak = readFileSync(join(repo, 'www', 'samples', 'weak.txt'), 'utf8');
  let t = '';
  while (t.length < chars) t += `${weak}\n`;
  return t.slice(0, chars);
}

async function settle(page, n) {
  await page.waitForFunction((k) => {
    const ed = window.__wenfeng.editor;
    return ed.latencies.length >= k && ed.view().fresh;
  }, n, { timeout: 30000 });
}

/** One draft: load it, then EDITS single-key edits and a burst; returns the measurements. */
async function runDraft(page, name, text) {
  await page.evaluate((t) => {
    const ed = window.__wenfeng.editor;
    ed.latencies.length = 0;
    ed.setText(t);
  }, text);
  await settle(page, 1);
  // Warm-up edits (JIT, caches), not counted.
  for (let i = 0; i < 3; i++) {
    await page.evaluate((k) => {
      const ta = window.__wenfeng.editor.textarea;
      ta.focus();
      ta.setSelectionRange(k, k);
    }, 40 + i);
    await page.keyboard.type('的');
    await settle(page, 2 + i);
  }
  await page.evaluate(() => {
    performance.clearMarks();
    performance.clearMeasures();
    window.__wenfeng.editor.latencies.length = 0;
  });
  const findings = await page.evaluate(() => window.__wenfeng.editor.view().findings.length);
  for (let i = 0; i < EDITS; i++) {
    // Spread the edits over the draft; the textarea scrolls to the caret like a writer's would.
    const at = Math.floor(((i + 0.5) / EDITS) * (text.length - 20));
    await page.evaluate((k) => {
      const ta = window.__wenfeng.editor.textarea;
      ta.focus();
      ta.setSelectionRange(k, k);
    }, at);
    await page.keyboard.type(i % 2 ? '的' : '了');
    await settle(page, i + 1);
  }
  const single = await page.evaluate(() => ({
    analysis: performance.getEntriesByName('wenfeng:analysis').filter((e) => e.detail.channel === 'main').map((e) => ({
      total: e.duration, worker: e.detail.workerMs, version: e.detail.version,
    })),
    laidOut: performance.getEntriesByName('wenfeng:laid-out').filter((e) => e.detail.channel === 'main').map((e) => [e.detail.version, e.startTime]),
    request: performance.getEntriesByName('wenfeng:request').filter((e) => e.detail.channel === 'main').map((e) => [e.detail.version, e.startTime]),
    painted: performance.getEntriesByName('wenfeng:painted').filter((e) => e.detail.channel === 'main').map((e) => [e.detail.version, e.startTime]),
    input: performance.getEntriesByName('wenfeng:input').filter((e) => e.detail.channel === 'main').map((e) => e.duration),
  }));
  // A burst: 24 keys at ~80 ms, faster than the debounce, so shown underlines are remapped per key.
  await page.evaluate(() => {
    performance.clearMeasures('wenfeng:input');
    const ta = window.__wenfeng.editor.textarea;
    ta.focus();
    ta.setSelectionRange(ta.value.length >> 1, ta.value.length >> 1);
  });
  await page.keyboard.type('我们要把这项工作抓实抓细抓出成效确保群众满意。', { delay: 80 });
  const burst = await page.evaluate(() => performance.getEntriesByName('wenfeng:input').filter((e) => e.detail.channel === 'main').map((e) => e.duration));
  await settle(page, 1);

  const at = (list, v) => list.find(([x]) => x === v)?.[1];
  const reqToLaid = [];
  const laidToPaint = [];
  for (const [v, t] of single.request) {
    const l = at(single.laidOut, v);
    const p = at(single.painted, v);
    if (l !== undefined) reqToLaid.push(l - t);
    if (l !== undefined && p !== undefined) laidToPaint.push(p - l);
  }
  return {
    name, chars: text.length, findings,
    total: summary(single.analysis.map((a) => a.total)),
    worker: summary(single.analysis.map((a) => a.worker)),
    reqToLaid: summary(reqToLaid),
    laidToPaint: summary(laidToPaint),
    inputSingle: summary(single.input),
    inputBurst: summary(burst),
  };
}

async function main() {
  const { startServer } = await import(pathToFileURL(join(repo, 'scripts', 'serve.mjs')).href);
  const { chromium } = await import('playwright-core');
  const server = await startServer({ port: 0, quiet: true });
  const profile = mkdtempSync(join(tmpdir(), 'wenfeng-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--headless'],
    viewport: { width: 1366, height: 768 }, locale: 'zh-CN',
  });
  const m = machine();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
    const browserVersion = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?'));
    const url = new URL(server.url);
    url.searchParams.set('sample', 'none');
    await page.goto(url.href);
    await page.waitForSelector('body[data-ready]', { timeout: 60000 });
    if ((await page.getAttribute('body', 'data-ready')) !== 'true') throw new Error(`the page did not start: ${await page.textContent('#status')}`);
    const cold = await page.evaluate(() => {
      const r = performance.getEntriesByName('wenfeng:ready')[0];
      return { ready: r.startTime, ...(r.detail ?? {}) };
    });
    console.log(`typing-bench: Chromium ${browserVersion}; ${m.cpu} × ${m.nproc}; ${EDITS} edits per draft`);
    const results = [];
    for (const [name, text] of [['dev-set drafts', devsetDraft(CHARS)], ['weak sample repeated (dense)', weakDraft(CHARS)]]) {
      results.push(await runDraft(page, name, text));
    }
    const row = (label, s, d = 1) => [label, ms(s.p50, d), ms(s.p95, d), ms(s.max, d), String(s.n)];
    const tables = results.map((r) => [
      `**${r.name}**: ${r.chars} chars, ${r.findings} findings`,
      '',
      table(['measure', 'p50 ms', 'p95 ms', 'max ms', 'n'], [
        row('**debounce fired → underlines painted** (target p95 ≤ 50)', r.total),
        row('… request → marks laid out (worker round trip, remap, mark layout; the panel follows after the paint)', r.reqToLaid),
        row('… of which analyze in the worker (wasm)', r.worker),
        row('… marks laid out → next frame painted', r.laidToPaint),
        row('input handler per keystroke, single edits', r.inputSingle, 2),
        row('input handler per keystroke, burst typing (~12 keys/s)', r.inputBurst, 2),
      ]),
    ].join('\n'));
    const coldTable = table(['page cold start (Chromium)', 'ms'], [
      ['navigation → analyzer ready (main thread)', ms(cold.ready)],
      ['worker: import wasm-bindgen glue', ms(cold.importGlue)],
      ['worker: fetch + compile + instantiate (instantiateStreaming)', ms(cold.fetchCompileInstantiate)],
      ['worker: new Wenfeng()', ms(cold.constructor)],
    ]);
    const verdict = results.map((r) => `${r.name}: p95 ${ms(r.total.p95)} ms — ${r.total.p95 <= 50 ? 'within' : 'OVER'} the 50 ms target`);
    console.log(`\n${tables.join('\n\n')}\n\n${coldTable}\n\n${verdict.join('\n')}`);
    writeSection('typing', [
      '## Typing in the demo page, headless Chromium (`npm run bench:typing`)',
      '',
      `${m.date} · ${m.cpu}, nproc ${m.nproc} · Chromium ${browserVersion} (headless, --disable-gpu) · viewport 1366×768 · debounce 250 ms (not counted) · ${EDITS} single-character edits per draft, spread over the text`,
      '',
      ...tables.flatMap((t) => [t, '']),
      coldTable,
      '',
      ...verdict.map((v) => `- ${v}`),
    ].join('\n'));
    console.log('\ntyping-bench: written to bench/results.md');
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}

await main();
