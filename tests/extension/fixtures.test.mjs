// Smoke test of the extension test fixtures, WITHOUT the extension: every fixture page loads with
// no console error and no request off 127.0.0.1 (no CDN: TinyMCE, CKEditor 5 … are self-hosted),
// every field takes Chinese typed as plain inserts and through CDP IME composition, the editor's
// own API sees the text, and no foreign node shows up in any editor. Also checks the harness's
// geometry helpers (textRects, overlayMarks, assertMarksOver) against the browser itself.
//   bash tests/extension/setup.sh && node --test tests/extension/
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ALL_PAGES, EDITOR_PAGES, assertMarksOver, fieldBox, fieldText, focusField, foreignNodes, getText, launchPlain,
  missingReason, openFixture, overlayMarks, setText, startFixtureServer, textRects, typeChinese, waitForText, watchRequests,
} from './harness.mjs';

const missing = missingReason();
const PLAIN = '全市工作取得显著成效，';
const IME = '得到群众一致好评。';

describe('extension fixtures (no extension)', { skip: missing ?? false }, () => {
  let server;
  let browser;
  let requests;

  before(async () => {
    server = await startFixtureServer();
    browser = await launchPlain();
    requests = watchRequests(browser.context);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const path of ALL_PAGES) {
    it(`${path}: loads offline, every field takes Chinese (insertText and IME), no foreign nodes`, async () => {
      const mark = requests.mark();
      const serverMark = server.mark();
      const { page, errors, fields } = await openFixture(browser.context, server, path);
      try {
        assert.ok(fields.length > 0, 'the page declares its fields');
        assert.ok(fields.some((f) => f.expect === 'check') && fields.some((f) => f.expect === 'never'), 'pages have fields to check and fields never to check');
        for (const f of fields) {
          if (!f.typeable) continue;
          const isNumber = await page.evaluate((i) => window.fixture.fields[i].editable().type === 'number', f.id);
          // 1. IME compositions into the field as the page left it (empty), 2. plain inserts after
          //    an emptying setText('') — both from an empty field, then one after the other.
          // Rich editors re-render asynchronously (React editors after each commit): type them at
          // a (fast) human pace, as the extension tests do; a burst raced Draft.js's caret on a
          // loaded machine (a clean-clone run saw 好评。 land before the rest).
          const delay = EDITOR_PAGES.includes(path) ? 25 : 0;
          await focusField(page, f.id);
          await typeChinese(page, IME, { ime: true, chunk: 3, delay });
          assert.equal(await waitForText(page, f.id, isNumber ? '' : IME), isNumber ? '' : IME, `${f.id} (${f.kind}): IME typing into the empty field`);
          await setText(page, f.id, '');
          assert.equal(await waitForText(page, f.id, ''), '', `${f.id}: setText('') empties it`);
          await focusField(page, f.id);
          await typeChinese(page, PLAIN, { delay });
          await typeChinese(page, IME, { ime: true, delay });
          const want = isNumber ? '' : PLAIN + IME;
          assert.equal(await waitForText(page, f.id, want), want, `${f.id} (${f.kind}): the field's own API sees exactly what was typed`);
          if (!isNumber) assert.equal(await fieldText(page, f.id), want, `${f.id}: the DOM text model agrees`);
        }
        // setText goes through the editor API and round-trips (two paragraphs).
        const ed = fields.find((f) => f.expect === 'check');
        await setText(page, ed.id, ed.kind === 'input' ? '第一段' : '第一段\n第二段');
        const two = ed.kind === 'input' ? '第一段' : '第一段\n第二段';
        assert.equal(await waitForText(page, ed.id, two), two, `${ed.id}: setText round-trips`);
        assert.deepEqual(await foreignNodes(page), [], 'no foreign node in any editor');
        assert.deepEqual(errors, [], 'no console error, no uncaught exception');
        assert.deepEqual(requests.foreign(server.origin, { from: mark }).map((r) => r.url), [], 'no request off the fixture server');
        const failed = server.requestsSince(serverMark).filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`);
        assert.deepEqual(failed, [], 'every request to the fixture server succeeded');
      } finally {
        await page.close();
      }
    });
  }

  it('csp.html and csp-strict.html are served with their Content-Security-Policy', async () => {
    for (const [path, needle] of [['csp.html', "script-src 'self'"], ['csp-strict.html', "require-trusted-types-for 'script'"]]) {
      const page = await browser.context.newPage();
      const res = await page.goto(new URL(path, server.url).href);
      assert.ok((await res.headerValue('content-security-policy')).includes(needle), path);
      // An inline script is refused there.
      const ran = await page.evaluate(() => new Promise((r) => {
        const s = document.createElement('script');
        window.__inlineRan = false;
        try {
          s.textContent = 'window.__inlineRan = true';
          document.head.append(s);
        } catch { /* Trusted Types refuse the plain string */ }
        setTimeout(() => r(window.__inlineRan), 50);
      }));
      assert.equal(ran, false, `${path}: inline script blocked`);
      await page.close();
    }
  });

  it('the server logs every request', async () => {
    const m = server.mark();
    const page = await browser.context.newPage();
    await page.goto(new URL('plain.html', server.url).href);
    await page.close();
    const paths = server.requestsSince(m).map((r) => r.path);
    for (const p of ['/plain.html', '/style.css', '/plain.js', '/fixture.js']) assert.ok(paths.includes(p), `${p} in ${paths}`);
  });

  // ---- the geometry helpers --------------------------------------------------------------------
  const SAMPLE = '在上级的正确领导下，我局各项工作取得显著成效，再上新台阶。这是一段足够长的文字，用来检查换行以后的位置是否仍然准确，取得显著成效。';
  const span = (t, needle, from = 0) => { const s = t.indexOf(needle, from); return [s, s + needle.length]; };

  /** Draws a fake <wenfeng-overlay> with one mark per rect set (what the extension will do). */
  async function fakeOverlay(page, marks) {
    await page.evaluate((ms) => {
      document.querySelector('wenfeng-overlay')?.remove();
      const host = document.createElement('wenfeng-overlay');
      const root = host.attachShadow({ mode: 'open' });
      for (const m of ms) {
        const el = document.createElement('div');
        Object.assign(el.dataset, { rule: m.rule, category: 'cliche', start: String(m.start), end: String(m.end) });
        const r = m.rect;
        el.style.cssText = `position:fixed;left:${r.x}px;top:${r.y + r.height - 2}px;width:${r.width}px;height:2px;background:red;pointer-events:none`;
        root.append(el);
      }
      document.documentElement.append(host);
    }, marks);
  }

  const CASES = [
    ['plain.html', ['textarea', 'text', 'ce']],
    ['scroll.html', ['scroll-textarea', 'scroll-ce', 'transform-textarea', 'transform-ce', 'fixed-textarea', 'fixed-ce']],
    ['shadow.html', ['shadow-textarea', 'nested-ce']],
    ['iframe.html', ['blank-body', 'srcdoc-textarea', 'src-ce']],
    ['tinymce.html', ['editor']],
    ['quill.html', ['editor']],
    ['ckeditor5.html', ['editor']],
    ['ckeditor4.html', ['editor']],
    ['wangeditor5.html', ['editor']],
  ];
  for (const [path, ids] of CASES) {
    it(`${path}: textRects() match the browser (caret clicks) and assertMarksOver() accepts marks on the text, rejects shifted ones`, async () => {
      const { page } = await openFixture(browser.context, server, path);
      try {
        for (const id of ids) {
          const kind = await page.evaluate((i) => window.fixture.fields[i].kind, id);
          const text = kind === 'input' ? SAMPLE.slice(0, 24) : SAMPLE;
          await setText(page, id, text);
          await page.waitForTimeout(50);
          const t = await fieldText(page, id);
          const wanted = kind === 'input' ? [span(t, '显著成效')] : [span(t, '显著成效'), span(t, '再上新台阶'), span(t, '取得显著成效', t.indexOf('位置'))];
          const marks = [];
          const box = await fieldBox(page, id);
          for (const [s, e] of wanted) {
            const { rects, text: slice } = await textRects(page, id, s, e);
            assert.equal(slice, t.slice(s, e));
            assert.ok(rects.length >= 1, `${id}: rects for [${s},${e})`);
            // A span past the bottom of a small field is measured where it would be (under the
            // field's visible box), so only spans in view are checked against the browser.
            const inView = rects.every((r) => r.x >= box.x - 1 && r.x + r.width <= box.x + box.width + 1 && r.y >= box.y - 1 && r.y + r.height <= box.y + box.height + 1);
            if (!inView) {
              assert.ok(rects.every((r) => r.y >= box.y + box.height - 30), `${id}: "${slice}" out of view only below the field: ${JSON.stringify(rects)} vs ${JSON.stringify(box)}`);
              continue;
            }
            marks.push({ rule: `r${s}`, start: s, end: e, rect: rects[0] });
            // Independent check: clicking just inside the first rect's edges puts the caret at the span's ends.
            if ((kind === 'textarea' || kind === 'input') && rects.length === 1) {
              const r = rects[0];
              const caret = async (x) => {
                await page.mouse.click(x, r.y + r.height / 2);
                return page.evaluate((i) => window.fixture.fields[i].editable().selectionStart, id);
              };
              assert.equal(await caret(r.x + 3), s, `${id}: click at the left edge of "${slice}"`);
              assert.equal(await caret(r.x + r.width - 3), e, `${id}: click at the right edge of "${slice}"`);
            }
          }
          assert.ok(marks.length >= 1, `${id}: at least one span in view`);
          await fakeOverlay(page, marks);
          const found = await overlayMarks(page);
          assert.equal(found.length, marks.length);
          await assertMarksOver(page, found, id);
          await fakeOverlay(page, marks.map((m) => ({ ...m, rect: { ...m.rect, x: m.rect.x + 40 } })));
          await assert.rejects(assertMarksOver(page, await overlayMarks(page), id), /not over its text/);
          await page.evaluate(() => document.querySelector('wenfeng-overlay')?.remove());
        }
      } finally {
        await page.close();
      }
    });
  }
});
