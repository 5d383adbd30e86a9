// End-to-end tests of the shared highlight/card module (ui/) on its own, with synthetic findings:
// contenteditable through the CSS Custom Highlight API and through fallback boxes, textareas in a
// scrolled and in a transformed container, all with document-level <wenfeng-overlay> hosts (the
// extension's contract). Needs no analyzer, only Chromium.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALLOW_SKIP, CHROMIUM, launch, repo, shot } from './helpers.mjs';

const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing — run scripts/install-browser-deps.sh`;
const skip = missing && ALLOW_SKIP ? missing : null;
if (skip) console.log(`# ui overlay e2e skipped: ${skip}`);
else if (missing) it('has Chromium', () => assert.fail(`${missing} (WENFENG_E2E_ALLOW_SKIP=1 skips instead)`));

/** Marks of one overlay next to independent Range measurements of their text. */
function measure(id) {
  const ov = window.__fixture.overlays[id];
  const el = document.getElementById(id);
  const text = ov.target.getText();
  const hosts = [...document.querySelectorAll('wenfeng-overlay')];
  const host = ov.host;
  const independentRange = (needle) => {
    // Find the needle with a plain TreeWalker over text nodes (not the module's DomTextModel).
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const i = n.data.indexOf(needle);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + needle.length);
        return r;
      }
    }
    return null;
  };
  const marks = [...host.shadowRoot.querySelectorAll('.wf-mark')].filter((m) => m.dataset.rule).map((m) => {
    const start = Number(m.dataset.start);
    const end = Number(m.dataset.end);
    const r = m.getBoundingClientRect();
    const slice = text.slice(start, end);
    let ref = null;
    if (el.isContentEditable) {
      const range = independentRange(slice);
      const rr = range?.getBoundingClientRect();
      ref = rr ? { x: rr.x, y: rr.y, w: rr.width, h: rr.height } : null;
    }
    return { rule: m.dataset.rule, category: m.dataset.category, start, end, slice, hidden: m.hidden, rect: { x: r.x, y: r.y, w: r.width, h: r.height }, ref, segs: m.children.length };
  });
  return {
    marks,
    hostOutsideEditor: !el.contains(host) && !host.contains(el),
    hostCount: hosts.length,
    shadowOpen: host.shadowRoot?.mode === 'open',
    mutations: el.__mutations.length,
    usesHighlightApi: ov.usesHighlightApi,
    highlightSizes: Object.fromEntries(['claim', 'cliche', 'residue', 'stale', 'style'].map((c) => [c, CSS.highlights.get(`wenfeng-${c}`)?.size ?? 0])),
  };
}

function near(a, b, what, tol = 1.5) {
  for (const k of ['x', 'y', 'w', 'h']) assert.ok(Math.abs(a[k] - b[k]) <= tol, `${what}: ${k} ${a[k].toFixed(1)} vs ${b[k].toFixed(1)}`);
}

describe('ui/ highlight and card module', { skip: skip ?? (missing ? 'see the failure above' : false) }, () => {
  let server;
  let browser;
  let page;
  let dir;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wenfeng-ui-fixture-'));
    const { build } = await import('esbuild');
    await build({ absWorkingDir: repo, entryPoints: ['tests/e2e/fixtures/ui-fixture.ts'], bundle: true, format: 'esm', outfile: join(dir, 'ui-fixture.js'), logLevel: 'silent' });
    copyFileSync(join(repo, 'tests/e2e/fixtures/ui-fixture.html'), join(dir, 'index.html'));
    const { startServer } = await import(join(repo, 'scripts', 'serve.mjs'));
    server = await startServer({ root: dir, port: 0, quiet: true });
    browser = await launch();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => console.log(`# pageerror: ${e.message}`));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const id of ['ce1', 'ce2']) {
    it(`contenteditable (${id === 'ce1' ? 'Highlight API' : 'fallback boxes'}): marks sit on the Range rects, the editor DOM is untouched`, async () => {
      const m = await page.evaluate(measure, id);
      assert.equal(m.hostOutsideEditor, true);
      assert.equal(m.shadowOpen, true);
      assert.equal(m.marks.length, 7);
      assert.equal(m.usesHighlightApi, id === 'ce1');
      if (id === 'ce1') assert.ok(m.highlightSizes.claim >= 2 && m.highlightSizes.residue >= 1, JSON.stringify(m.highlightSizes));
      for (const mk of m.marks) {
        assert.ok(mk.ref, `independent range for "${mk.slice}"`);
        assert.equal(mk.hidden, false);
        near(mk.rect, mk.ref, `${id} mark "${mk.slice}"`);
      }
      assert.equal(m.mutations, 0, 'drawing caused no mutation in the editor');
    });
  }

  it('contenteditable: hover opens the card without touching the editor; a replacement applies through the editor', async () => {
    const m = await page.evaluate(measure, 'ce2');
    const mk = m.marks.find((x) => x.slice === '再上新台阶');
    await page.mouse.move(mk.rect.x + mk.rect.w / 2, mk.rect.y + mk.rect.h / 2);
    const card = page.locator('wenfeng-overlay .wf-card[data-start]:visible');
    await card.waitFor();
    assert.equal(await card.getAttribute('data-start'), String(mk.start));
    assert.equal(await page.evaluate(() => document.getElementById('ce2').__mutations.length), 0, 'opening the card mutated nothing');
    // caret: 'initial' — Playwright's default caret hiding writes a style attribute on fields.
    await shot(page, 'ui-fixture-card', { caret: 'initial' });
    const before = await page.evaluate(() => window.__fixture.overlays.ce2.target.getText());
    await card.locator('button[data-replacement]').click();
    // A contenteditable replacement lets the selection settle first (editors throttle
    // selectionchange), so it lands asynchronously; onApply reports when it has.
    await page.waitForFunction(() => window.__fixture.applied.length > 0 && window.__fixture.applied.at(-1).id === 'ce2');
    const afterText = await page.evaluate(() => window.__fixture.overlays.ce2.target.getText());
    assert.equal(afterText, before.slice(0, mk.start) + '取得新进展' + before.slice(mk.end));
    assert.deepEqual(await page.evaluate(() => window.__fixture.applied.at(-1)), { id: 'ce2', replacement: '取得新进展', ok: true });
    // Undo through the browser's own stack.
    await page.keyboard.press('Control+z');
    assert.equal(await page.evaluate(() => window.__fixture.overlays.ce2.target.getText()), before);
  });

  it('contenteditable: where highlight styles cannot be adopted, the overlay draws boxes instead of invisible highlights', async () => {
    const r = await page.evaluate(() => window.__fixture.refusedStyles());
    assert.deepEqual(r, { usesHighlightApi: false, visibleMarks: 1 });
  });

  it('textareas in scrolled and transformed containers and a text input: marks follow, and clicks at their edges land on their offsets', async () => {
    await page.evaluate(() => (document.getElementById('scroller').scrollTop = 120));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const id of ['ta1', 'ta2', 'in1']) {
      if (id !== 'ta1') {
        // Page scroll: the document-level overlay must follow.
        await page.evaluate((i) => document.getElementById(i).scrollIntoView({ block: 'center' }), id);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      }
      const m = await page.evaluate(measure, id);
      assert.equal(m.hostOutsideEditor, true);
      assert.equal(m.marks.length, id === 'in1' ? 3 : 7);
      const scroller = await page.evaluate(() => { const r = document.getElementById('scroller').getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; });
      // Marks outside the scrolled container's visible part are clipped away.
      if (id === 'ta1') {
        const clipped = await page.evaluate(() => { const c = window.__fixture.overlays.ta1.root.querySelector('.wf-clip').getBoundingClientRect(); return { top: c.top, bottom: c.bottom }; });
        assert.ok(clipped.top >= scroller.top - 1 && clipped.bottom <= scroller.bottom + 1, `ta1 marks are clipped to the scroller (${JSON.stringify(clipped)} within ${JSON.stringify(scroller)})`);
      }
      let checked = 0;
      for (const mk of m.marks.filter((x) => !x.hidden && x.segs === 1 && x.slice.length >= 2)) {
        const y = mk.rect.y + mk.rect.h / 2;
        if (id === 'ta1' && (y < scroller.top + 4 || y > scroller.bottom - 4)) continue;
        const hit = await page.evaluate(([x, yy, i]) => document.elementFromPoint(x, yy)?.id === i, [mk.rect.x + 3, y, id]);
        if (!hit) continue;
        checked++;
        await page.mouse.click(mk.rect.x + 3, y);
        const s1 = await page.evaluate((i) => document.getElementById(i).selectionStart, id);
        await page.keyboard.press('Escape');
        await page.mouse.click(mk.rect.x + mk.rect.w - 3, y);
        const s2 = await page.evaluate((i) => document.getElementById(i).selectionStart, id);
        await page.keyboard.press('Escape');
        assert.equal(s1, mk.start, `${id}: left edge of "${mk.slice}"`);
        assert.equal(s2, mk.end, `${id}: right edge of "${mk.slice}"`);
      }
      assert.ok(checked >= 2, `${id}: checked ${checked} marks by clicking`);
      const muts = await page.evaluate((i) => document.getElementById(i).__mutations.map((r) => `${r.type}:${r.attributeName ?? ''}:${r.target.nodeName}`), id);
      assert.deepEqual(muts, [], `${id}: no mutation of the field`);
    }
    await shot(page, 'ui-fixture', { fullPage: true, caret: 'initial' });
  });
});
