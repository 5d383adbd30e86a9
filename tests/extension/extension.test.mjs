// End-to-end tests of the browser extension (dist/chrome/, built by `make extension`) in Debian's
// headless Chromium, on the fixture pages of tests/extension/fixtures/ (plain fields, strict CSP,
// shadow DOM, iframes, scrolled/transformed/fixed containers, and real editors from npm).
// Run: make test-extension  (or: node scripts/build-extension.mjs && bash tests/extension/setup.sh
//      && node --test tests/extension/)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ALL_PAGES, EDITOR_PAGES, assertMarksOver, fieldText, focusField, foreignNodes, getText, launchWithExtension,
  marksForField, missingReason, openFixture, overlayMarks, repo, setText, startFixtureServer, typeChinese, waitForText, watchRequests,
} from './harness.mjs';

const EXT = join(repo, 'dist', 'chrome');
const ARTIFACTS = join(repo, 'tests', 'extension', 'artifacts');
const skip = missingReason() ?? (existsSync(join(EXT, 'manifest.json')) ? null : 'dist/chrome is not built — run `make extension`');

/** A short draft with three findings of three categories; offsets are the CLI's (UTF-16). */
const DRAFT = '我们要高度重视这项工作，各项工作取得了显著成效。XX同志亲自抓。';
const EXPECTED = [
  { rule: 'cliche.attention.high-importance', start: 3, end: 7, text: '高度重视' },
  { rule: 'claim.achievement.obtained', start: 16, end: 23, text: '取得了显著成效' },
  { rule: 'residue.placeholder.x-run', start: 24, end: 26, text: 'XX' },
];
const APPLIED = DRAFT.replace('高度重视', '重视');
/** Multi-line fields get a first paragraph too, typed with Enter: a replacement must keep the break. */
const LEAD = '第一段只写事实。\n';
/** WENFENG_EXT_PAGES=plain.html,quill.html limits the page tests (while developing). */
const PAGES = process.env.WENFENG_EXT_PAGES ? process.env.WENFENG_EXT_PAGES.split(',') : ALL_PAGES;

let env;
let server;
let requests;

async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) }).catch(() => {});
}

/** Waits until the field shows marks for all expected rules; returns the field's visible marks. */
async function waitForMarks(page, id, rules = EXPECTED.map((e) => e.rule), timeout = 15000) {
  const t0 = Date.now();
  let marks = [];
  while (Date.now() - t0 < timeout) {
    marks = await marksForField(page, id, await overlayMarks(page));
    if (rules.every((r) => marks.some((m) => m.rule === r))) return marks;
    await page.waitForTimeout(100);
  }
  const state = [];
  for (const frame of page.frames()) {
    state.push(...await frame.evaluate(() => [...document.querySelectorAll('wenfeng-overlay')].map((h) => {
      const b = h.shadowRoot?.querySelector('.wf-badge');
      return { marks: h.shadowRoot?.querySelectorAll('[data-rule]').length ?? 0, badge: b ? `${b.textContent} (${b.title})` : null };
    })).catch(() => []));
  }
  throw new Error(`field ${id}: expected marks ${rules.join(', ')}, saw ${JSON.stringify(marks.map((m) => [m.rule, m.start, m.end]))}; ` +
    `text ${JSON.stringify(await fieldText(page, id))}; overlays ${JSON.stringify(state)}`);
}

/**
 * Types the draft into a field (after a first paragraph and Enter when `lead` is given), then
 * checks marks: rules, offsets, text under them, geometry.
 */
async function typeAndCheck(page, id, { ime = false, lead = '', delay = 0 } = {}) {
  await setText(page, id, '');
  assert.equal(await waitForText(page, id, ''), '', `${id}: emptied before typing`);
  await focusField(page, id);
  if (lead) {
    await typeChinese(page, lead.replace(/\n$/, ''), { ime, chunk: 3, delay });
    await page.keyboard.press('Enter');
    if (delay) await page.waitForTimeout(delay);
  }
  await typeChinese(page, DRAFT, { ime, chunk: 3, delay });
  const want = lead + DRAFT;
  assert.equal(await waitForText(page, id, want), want, `${id}: the editor holds exactly what was typed`);
  const marks = await waitForMarks(page, id);
  const text = await fieldText(page, id);
  for (const e of EXPECTED) {
    const m = marks.find((x) => x.rule === e.rule);
    assert.deepEqual([m.start, m.end], [e.start + lead.length, e.end + lead.length], `${id}: ${e.rule} offsets`);
    assert.equal(text.slice(m.start, m.end), e.text, `${id}: ${e.rule} covers its text`);
  }
  await assertMarksOver(page, marks, id, { tolerance: 4 });
  return marks;
}

/** The frame (of any depth) whose overlay shows an open card for `rule`, or null. */
async function frameWithCard(page, rule) {
  for (const frame of page.frames()) {
    const open = await frame.evaluate((r) => [...document.querySelectorAll('wenfeng-overlay')].some((h) => {
      const c = h.shadowRoot?.querySelector('.wf-card');
      return !!c && !c.hidden && c.dataset.rule === r;
    }), rule).catch(() => false);
    if (open) return frame;
  }
  return null;
}

/** Opens the card of a mark by clicking its text (the pointer path); returns the card's frame. */
async function openCard(page, mark) {
  const cx = mark.rect.x + Math.min(mark.rect.width / 2, 10);
  const cy = mark.rect.y + mark.rect.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.click(cx, cy);
  const t0 = Date.now();
  while (Date.now() - t0 < 5000) {
    const f = await frameWithCard(page, mark.rule);
    if (f) return f;
    await page.waitForTimeout(50);
  }
  throw new Error(`clicking ${mark.rule} at (${cx.toFixed(0)}, ${cy.toFixed(0)}) opened no card`);
}

async function clickCardButton(frame, selector) {
  await frame.evaluate((sel) => {
    for (const h of document.querySelectorAll('wenfeng-overlay')) {
      const c = h.shadowRoot?.querySelector('.wf-card');
      if (c && !c.hidden) {
        const b = c.querySelector(sel);
        if (b) return b.click();
      }
    }
    throw new Error(`no open card with ${sel}`);
  }, selector);
}

async function undo(page) {
  await page.keyboard.press('Control+z');
}

describe('extension', { skip: skip ?? false }, () => {
  before(async () => {
    server = await startFixtureServer();
    env = await launchWithExtension(EXT);
    requests = watchRequests(env.context);
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('the background service worker loads the wasm analyzer', async () => {
    const page = await env.context.newPage();
    await page.goto(env.extensionUrl('options.html'));
    const info = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'engine-info' }));
    assert.equal(info.ok, true);
    assert.equal(info.value.ready, true, info.value.error ?? '');
    assert.match(info.value.version, /^\d+\.\d+\.\d+/);
    assert.ok(info.value.wasmMemory > 1e6);
    await page.close();
  });

  for (const path of PAGES) {
    test(`${path}: every field marks the draft, cards apply and undo, the DOM stays the editor's`, async () => {
      const { page, errors, fields } = await openFixture(env.context, server, path);
      const mark = requests.mark();
      try {
        const checked = fields.filter((f) => f.expect === 'check' && f.typeable);
        assert.ok(checked.length > 0, 'the page has fields to check');
        for (const [i, f] of checked.entries()) {
          // Every other field through a real IME composition (CDP Input.imeSetComposition).
          const lead = f.kind === 'input' ? '' : LEAD;
          // Rich editors re-render asynchronously (React editors: after each commit); a human
          // pace between IME commits (25 ms, still faster than anyone types) keeps a loaded CI
          // machine from racing the caret (seen once with Draft.js).
          const editor = EDITOR_PAGES.includes(path);
          const marks = await typeAndCheck(page, f.id, { ime: i % 2 === 1 || editor, lead, delay: editor ? 25 : 0 });
          // Card → replacement → exact text → Ctrl+Z → the draft again. Editors merge edits that
          // follow typing closely into one undo step (Quill: within 1 s), as they would a user's
          // own; a writer reads the card first, so the test pauses as long before applying.
          await page.waitForTimeout(1100);
          const m = marks.find((x) => x.rule === 'cliche.attention.high-importance');
          const frame = await openCard(page, m);
          await clickCardButton(frame, '.wf-btn[data-replacement="重视"]');
          assert.equal(await waitForText(page, f.id, lead + APPLIED), lead + APPLIED, `${f.id}: the text after applying the replacement (line break kept, nothing doubled)`);
          await undo(page);
          assert.equal(await waitForText(page, f.id, lead + DRAFT), lead + DRAFT, `${f.id}: Ctrl+Z restores the draft`);
          await waitForMarks(page, f.id);
        }
        for (const f of fields.filter((x) => x.expect === 'never' && x.typeable)) {
          await focusField(page, f.id);
          await typeChinese(page, DRAFT, { chunk: 4 });
        }
        await page.waitForTimeout(900);
        const all = await overlayMarks(page);
        for (const f of fields.filter((x) => x.expect === 'never')) {
          const over = await marksForField(page, f.id, all);
          assert.deepEqual(over.map((x) => x.rule), [], `${f.id}: nothing is drawn over a field Wenfeng must leave alone`);
        }
        assert.deepEqual(await foreignNodes(page), [], 'no foreign node inside any editor');
        const hosts = await page.evaluate(() => [...document.querySelectorAll('wenfeng-overlay')].map((h) => h.parentNode === document.documentElement));
        assert.ok(hosts.every(Boolean), 'overlay hosts hang off <html>, never inside an editor');
        assert.deepEqual(requests.foreign(server.origin, { from: mark, allowExtension: true }).map((r) => r.url), [], 'no request left the fixture origin');
        assert.deepEqual(errors, [], 'no console errors');
        await shot(page, `ext-${path.replace('.html', '')}`);
      } catch (e) {
        await shot(page, `ext-${path.replace('.html', '')}-FAILED`);
        throw e;
      } finally {
        await page.close();
      }
    });
  }
});
