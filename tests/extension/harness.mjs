// Helpers for the browser extension's end-to-end tests (Debian's headless Chromium through
// playwright-core; never a downloaded browser). See tests/extension/README.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureServer } from './server.mjs';

export { startFixtureServer };
export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags for every launch (with or without an extension). */
export const BASE_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** Every fixture page (path under the server root); the editor pages need build-fixtures.mjs. */
export const STATIC_PAGES = ['plain.html', 'csp.html', 'csp-strict.html', 'shadow.html', 'iframe.html', 'scroll.html'];
export const EDITOR_PAGES = ['quill.html', 'tiptap.html', 'lexical.html', 'ckeditor5.html', 'tinymce.html', 'wangeditor5.html', 'wangeditor4.html', 'slate.html', 'draftjs.html', 'ckeditor4.html'];
export const ALL_PAGES = [...STATIC_PAGES, ...EDITOR_PAGES];

async function playwright() {
  try {
    return await import('playwright-core');
  } catch {
    // Fall back to the repository root's copy.
    return import(join(repo, 'node_modules', 'playwright-core', 'index.mjs'));
  }
}

/** Why a browser test cannot run here, or null. */
export function missingReason() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing — run scripts/install-browser-deps.sh`;
  if (!existsSync(join(here, 'fixtures', 'dist', '.stamp'))) return 'the editor fixtures are not built — run `bash tests/extension/setup.sh`';
  return null;
}

function launchOptions({ headless = true, viewport = { width: 1366, height: 768 }, locale = 'zh-CN', args = [], ...rest } = {}) {
  return {
    executablePath: CHROMIUM,
    headless,
    args: [...(headless ? ['--headless=new'] : []), ...BASE_ARGS, ...args],
    // Playwright's own defaults: '--headless' (old-mode switch; Chromium's new headless is asked for
    // above) and '--disable-extensions' (would stop --load-extension).
    ignoreDefaultArgs: ['--headless', '--disable-extensions'],
    viewport,
    locale,
    ...rest,
  };
}

/**
 * Chromium with the unpacked extension in `extDir` loaded, headless, in a fresh profile.
 * Resolves to { context, worker, extensionId, extensionUrl(path), userDataDir, close() }.
 * `worker` is the extension's MV3 service worker (null with `{ waitForWorker: false }`).
 */
export async function launchWithExtension(extDir, { waitForWorker = true, workerTimeout = 15000, ...opts } = {}) {
  const { chromium } = await playwright();
  const dir = resolve(extDir);
  const userDataDir = mkdtempSync(join(tmpdir(), 'wenfeng-ext-profile-'));
  const options = launchOptions(opts);
  options.args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, options);
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  let worker = null;
  if (waitForWorker) {
    try {
      worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
        ?? await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: workerTimeout });
    } catch (e) {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
      throw e;
    }
  }
  const extensionId = worker ? new URL(worker.url()).host : null;
  return {
    context,
    worker,
    extensionId,
    extensionUrl: (path = '') => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    userDataDir,
    launchOptions: options,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The same browser without any extension (for baselines and the fixtures' own smoke test). */
export async function launchPlain(opts = {}) {
  const { chromium } = await playwright();
  const userDataDir = mkdtempSync(join(tmpdir(), 'wenfeng-plain-profile-'));
  const options = launchOptions(opts);
  const context = await chromium.launchPersistentContext(userDataDir, options);
  return {
    context,
    userDataDir,
    launchOptions: options,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records every request the browser context makes (pages, frames, workers: Playwright's
 * context 'request' event) as { url, resourceType, frameUrl, method }. `foreign(origin)` lists the
 * ones that went anywhere but `origin` (data:, blob:, about: are never foreign; chrome-extension:
 * URLs are foreign unless `allowExtension`).
 */
export function watchRequests(context) {
  const all = [];
  const onRequest = (r) => {
    let frameUrl = null;
    try { frameUrl = r.frame()?.url() ?? null; } catch { /* service worker requests have no frame */ }
    all.push({ url: r.url(), method: r.method(), resourceType: r.resourceType(), frameUrl });
  };
  context.on('request', onRequest);
  return {
    all,
    clear: () => { all.length = 0; },
    mark: () => all.length,
    since: (mark) => all.slice(mark),
    foreign(origin, { allowExtension = false, from = 0 } = {}) {
      return all.slice(from).filter(({ url }) => !(url.startsWith(`${origin}/`) || url === origin || /^(data|blob|about):/.test(url)
        || (allowExtension && url.startsWith('chrome-extension://'))));
    },
    stop: () => context.off('request', onRequest),
  };
}

/**
 * Opens a fixture page and waits for `window.fixture.ready`. Collects the page's console errors
 * and uncaught exceptions (`errors`). Resolves to { page, errors, fields }.
 */
export async function openFixture(context, server, path, { timeout = 30000, page: reuse } = {}) {
  const page = reuse ?? await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()} @ ${m.location()?.url ?? ''}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.fixture?.ready && document.documentElement.dataset.fixtureReady, null, { timeout });
  const state = await page.evaluate(() => document.documentElement.dataset.fixtureReady);
  if (state !== 'true') throw new Error(`${path}: fixture failed: ${await page.evaluate(() => window.fixture.errors.join('\n'))}`);
  return { page, errors, fields: await listFields(page) };
}

/** Every field of the page: [{ id, kind, expect, selector, frameSelector, typeable }]. */
export function listFields(page) {
  return page.evaluate(() => Object.values(window.fixture.fields).map((f) => ({
    id: f.id, kind: f.kind, expect: f.expect, selector: f.selector, frameSelector: f.frameSelector, typeable: f.typeable !== false,
  })));
}

/** The Playwright Frame holding a field (the main frame, or its same-origin iframe). */
export async function fieldFrame(page, id) {
  const fs = await page.evaluate((i) => window.fixture.fields[i].frameSelector, id);
  if (!fs) return page.mainFrame();
  const el = await page.waitForSelector(fs, { state: 'attached' });
  const frame = await el.contentFrame();
  if (!frame) throw new Error(`field ${id}: ${fs} has no content frame`);
  return frame;
}

/** A Locator for a field's editable element (inside its iframe when it has one). */
export async function fieldLocator(page, id) {
  const f = await page.evaluate((i) => ({ s: window.fixture.fields[i].selector, fs: window.fixture.fields[i].frameSelector }), id);
  return f.fs ? page.frameLocator(f.fs).locator(f.s) : page.locator(f.s);
}

/** Focuses a field with the caret at the end of its text, through the field's / editor's own API. */
export async function focusField(page, id) {
  await page.evaluate((i) => window.fixture.fields[i].focus(), id);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
}

export const getText = (page, id) => page.evaluate((i) => window.fixture.fields[i].getText(), id);
export const setText = (page, id, text) => page.evaluate(([i, t]) => window.fixture.fields[i].setText(t), [id, text]);
/** The field's text by ui/dom-text.ts rules (contenteditable) or its value (textarea / input). */
export const fieldText = (page, id) => page.evaluate((i) => {
  const f = window.fixture.fields[i];
  const el = f.editable();
  return 'value' in el && (el.localName === 'textarea' || el.localName === 'input') ? el.value : window.fixture.domText(i);
}, id);
/**
 * Waits until the field's own text (getText) equals `expected` (editors such as Draft.js commit
 * asynchronously); resolves to the last text seen — assert on it.
 */
export async function waitForText(page, id, expected, { timeout = 3000 } = {}) {
  const t0 = Date.now();
  let text;
  do {
    text = await getText(page, id);
    if (text === expected) return text;
    await page.waitForTimeout(25);
  } while (Date.now() - t0 < timeout);
  return text;
}
export const foreignNodes = (page) => page.evaluate(() => window.fixture.foreignNodes());

/** Splits text into chunks as an IME commits them: CJK runs of `size`, punctuation on its own. */
export function chunks(text, size = 2) {
  const out = [];
  let cur = '';
  for (const ch of text) {
    if (/[\p{P}\s]/u.test(ch)) {
      if (cur) out.push(cur);
      out.push(ch);
      cur = '';
    } else {
      cur += ch;
      if ([...cur].length >= size) { out.push(cur); cur = ''; }
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Types Chinese text into the focused element (focus it first, e.g. with focusField()).
 *   ime: false — keyboard.insertText per chunk (what an IME's commit looks like to the page:
 *        beforeinput/input with insertText, no key events for the characters);
 *   ime: true  — a real composition per chunk through CDP: Input.imeSetComposition with pinyin,
 *        then partial characters, then Input.insertText to commit (compositionstart / update / end);
 *        punctuation is committed directly.
 * `chunk` is the chunk size in characters, `delay` ms between chunks, `holdMs` how long each
 * composition stays open before the commit.
 */
export async function typeChinese(page, text, { ime = false, chunk = 2, delay = 0, holdMs = 0 } = {}) {
  const parts = chunks(text, chunk);
  if (!ime) {
    for (const p of parts) {
      await page.keyboard.insertText(p);
      if (delay) await page.waitForTimeout(delay);
    }
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const p of parts) {
      if (/^[\p{P}\s]$/u.test(p)) {
        await cdp.send('Input.insertText', { text: p });
      } else {
        const pinyin = 'pinyin'.slice(0, Math.min(6, 2 + [...p].length));
        for (let i = 1; i <= pinyin.length; i += 2) {
          await cdp.send('Input.imeSetComposition', { text: pinyin.slice(0, i), selectionStart: i, selectionEnd: i });
        }
        const first = [...p][0];
        await cdp.send('Input.imeSetComposition', { text: first + pinyin.slice(2), selectionStart: first.length + pinyin.length - 2, selectionEnd: first.length + pinyin.length - 2 });
        await cdp.send('Input.imeSetComposition', { text: p, selectionStart: p.length, selectionEnd: p.length });
        if (holdMs) await page.waitForTimeout(holdMs);
        await cdp.send('Input.insertText', { text: p });
      }
      if (delay) await page.waitForTimeout(delay);
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// ---- geometry ---------------------------------------------------------------------------------
// Every rect the helpers below return is { x, y, width, height } in CSS pixels of the TOP-LEVEL
// viewport (rects inside same-origin iframes are shifted by the iframes' content-box offsets).

/**
 * Every mark of every <wenfeng-overlay> in `target` (a Page: all its same-origin frames; or one
 * Frame): [{ rule, category, start, end, rect, frameRect, hidden, frameUrl, host }]. `host` is
 * where the overlay is attached ('documentElement', 'body', or the host's parent tag).
 */
export async function overlayMarks(target) {
  const frames = typeof target.frames === 'function' ? target.frames() : [target];
  const out = [];
  for (const frame of frames) {
    let marks;
    try {
      marks = await frame.evaluate(() => {
        const toTop = (r) => {
          let x = r.x;
          let y = r.y;
          let w = window;
          try {
            while (w.frameElement) {
              const fe = w.frameElement;
              const b = fe.getBoundingClientRect();
              const cs = w.parent.getComputedStyle(fe);
              x += b.left + fe.clientLeft + parseFloat(cs.paddingLeft);
              y += b.top + fe.clientTop + parseFloat(cs.paddingTop);
              w = w.parent;
            }
          } catch { /* cross-origin parent: frame coordinates */ }
          return { x, y, width: r.width, height: r.height };
        };
        const res = [];
        const hosts = [];
        const find = (root) => {
          for (const el of root.querySelectorAll('*')) {
            if (el.localName === 'wenfeng-overlay') hosts.push(el);
            if (el.shadowRoot && el.localName !== 'wenfeng-overlay') find(el.shadowRoot);
          }
        };
        find(document);
        for (const host of hosts) {
          const sr = host.shadowRoot;
          if (!sr) continue;
          const where = host.parentNode === document.documentElement ? 'documentElement' : host.parentNode === document.body ? 'body' : (host.parentNode?.localName ?? host.parentNode?.nodeName ?? 'detached');
          for (const m of sr.querySelectorAll('[data-rule]')) {
            const r = m.getBoundingClientRect();
            const cs = getComputedStyle(m);
            res.push({
              rule: m.dataset.rule, category: m.dataset.category, start: Number(m.dataset.start), end: Number(m.dataset.end),
              frameRect: { x: r.x, y: r.y, width: r.width, height: r.height },
              rect: toTop(r),
              hidden: m.hidden || cs.display === 'none' || cs.visibility === 'hidden' || (r.width === 0 && r.height === 0),
              frameUrl: location.href,
              host: where,
            });
          }
        }
        return res;
      });
    } catch { continue; /* detached or cross-origin-inaccessible frame */ }
    out.push(...marks);
  }
  return out;
}

/**
 * Client rects of the field's text [start, end) (UTF-16 offsets), top-level viewport coordinates.
 * contenteditable / iframe bodies: a DOM Range over the text model of ui/dom-text.ts (text nodes
 * verbatim, <br> and block boundaries as a virtual "\n"). textarea / input: a mirror element with
 * the field's text-layout styles (built off-screen in a detached shadow host at the end of the
 * top document, never inside the field) — scroll offsets, borders, padding and CSS scale are
 * taken into account. Resolves to { rects, text } where `text` is the field's text slice.
 */
export async function textRects(page, id, start, end) {
  return page.evaluate(([fid, s, e]) => {
    const f = window.fixture.fields[fid];
    const el = f.editable();
    const doc = el.ownerDocument;
    const win = doc.defaultView;
    // Offset of this document's viewport in the top-level one.
    let ox = 0;
    let oy = 0;
    for (let w = win; w.frameElement; w = w.parent) {
      const fe = w.frameElement;
      const b = fe.getBoundingClientRect();
      const cs = w.parent.getComputedStyle(fe);
      ox += b.left + fe.clientLeft + parseFloat(cs.paddingLeft);
      oy += b.top + fe.clientTop + parseFloat(cs.paddingTop);
    }
    const plain = (r) => ({ x: r.x + ox, y: r.y + oy, width: r.width, height: r.height });
    const isValue = el.localName === 'textarea' || el.localName === 'input';
    if (!isValue) {
      // Same walk as ui/dom-text.ts DomTextModel.read.
      const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'caption']);
      const SKIP = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'object', 'svg', 'math', 'img', 'video', 'audio', 'canvas']);
      const segs = [];
      let text = '';
      const walk = (n) => {
        if (n.nodeType === 3) {
          if (!n.data.length) return;
          segs.push({ node: n, start: text.length, end: text.length + n.data.length });
          text += n.data;
          return;
        }
        if (n.nodeType !== 1 && n.nodeType !== 11) return;
        const name = n.nodeType === 1 ? n.localName : '';
        if (SKIP.has(name)) return;
        if (name === 'br') { text += '\n'; return; }
        const block = BLOCK.has(name);
        if (block && text.length && !text.endsWith('\n')) text += '\n';
        for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
        if (block && text.length && !text.endsWith('\n')) text += '\n';
      };
      for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
      const rects = [];
      for (const seg of segs) {
        const a = Math.max(s, seg.start);
        const b = Math.min(e, seg.end);
        if (a >= b) continue;
        const r = doc.createRange();
        r.setStart(seg.node, a - seg.start);
        r.setEnd(seg.node, b - seg.start);
        for (const cr of r.getClientRects()) if (cr.width > 0 || cr.height > 0) rects.push(plain(cr));
      }
      return { rects, text: text.slice(s, e) };
    }
    // textarea / input: mirror.
    const cs = win.getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const scaleX = el.offsetWidth ? box.width / el.offsetWidth : 1;
    const scaleY = el.offsetHeight ? box.height / el.offsetHeight : 1;
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;overflow:visible;visibility:hidden;pointer-events:none;contain:layout;';
    const sr = host.attachShadow({ mode: 'open' });
    const m = document.createElement('div');
    const PROPS = ['boxSizing', 'width', 'height', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle',
      'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize',
      'fontSizeAdjust', 'lineHeight', 'fontFamily', 'fontFeatureSettings', 'fontKerning', 'textAlign', 'textTransform', 'textIndent',
      'textDecoration', 'letterSpacing', 'wordSpacing', 'tabSize', 'MozTabSize', 'wordBreak', 'overflowWrap', 'lineBreak', 'direction', 'writingMode', 'textRendering'];
    for (const p of PROPS) m.style[p] = cs[p];
    m.style.position = 'absolute';
    m.style.left = '0px';
    m.style.top = '0px';
    m.style.margin = '0';
    m.style.overflow = 'hidden';
    m.style.borderColor = 'transparent';
    if (el.localName === 'input') {
      m.style.whiteSpace = 'pre';
      m.style.overflowWrap = 'normal';
      m.style.display = 'flex';
      m.style.alignItems = 'center';
    } else {
      m.style.whiteSpace = 'pre-wrap';
      if (cs.overflowWrap === 'normal' && cs.wordWrap !== 'break-word') m.style.overflowWrap = 'break-word';
    }
    // The textarea's content width excludes its vertical scrollbar: match it with the padding.
    const scrollbar = el.localName === 'textarea' ? el.offsetWidth - el.clientWidth - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth) : 0;
    if (scrollbar > 0) m.style.paddingRight = `${parseFloat(cs.paddingRight) + scrollbar}px`;
    const value = el.value;
    const inner = document.createElement('span');
    inner.style.whiteSpace = 'inherit';
    const before = document.createTextNode(value.slice(0, s));
    const mid = document.createTextNode(value.slice(s, e));
    const after = document.createTextNode(value.slice(e) + (el.localName === 'textarea' ? '\u200b' : ''));
    inner.append(before, mid, after);
    m.append(inner);
    sr.append(m);
    document.documentElement.append(host);
    try {
      const mb = m.getBoundingClientRect();
      const r = document.createRange();
      r.setStart(mid, 0);
      r.setEnd(mid, mid.data.length);
      const rects = [];
      for (const cr of r.getClientRects()) {
        if (cr.width === 0 && cr.height === 0) continue;
        const lx = (cr.x - mb.x - el.clientLeft + el.clientLeft) - el.scrollLeft;
        const ly = (cr.y - mb.y) - el.scrollTop;
        rects.push(plain({ x: box.x + lx * scaleX, y: box.y + ly * scaleY, width: cr.width * scaleX, height: cr.height * scaleY }));
      }
      return { rects, text: value.slice(s, e) };
    } finally {
      host.remove();
    }
  }, [id, start, end]);
}

/** The bounding box of a field's editable element (top-level viewport coordinates). */
export async function fieldBox(page, id) {
  return page.evaluate((fid) => {
    const el = window.fixture.fields[fid].editable();
    let r = el.getBoundingClientRect();
    r = { x: r.x, y: r.y, width: r.width, height: r.height };
    for (let w = el.ownerDocument.defaultView; w.frameElement; w = w.parent) {
      const fe = w.frameElement;
      const b = fe.getBoundingClientRect();
      const cs = w.parent.getComputedStyle(fe);
      r.x += b.left + fe.clientLeft + parseFloat(cs.paddingLeft);
      r.y += b.top + fe.clientTop + parseFloat(cs.paddingTop);
    }
    return r;
  }, id);
}

const overlaps = (a, b, tol = 0) => a.x < b.x + b.width + tol && b.x < a.x + a.width + tol && a.y < b.y + b.height + tol && b.y < a.y + a.height + tol;
export function unionRect(rects) {
  const l = Math.min(...rects.map((r) => r.x));
  const t = Math.min(...rects.map((r) => r.y));
  const r = Math.max(...rects.map((q) => q.x + q.width));
  const b = Math.max(...rects.map((q) => q.y + q.height));
  return { x: l, y: t, width: r - l, height: b - t };
}

/** The marks (from overlayMarks) that lie over a field's box. */
export async function marksForField(page, id, marks) {
  const box = await fieldBox(page, id);
  return marks.filter((m) => !m.hidden && overlaps(m.rect, box, 1));
}

/**
 * Checks every visible mark sits over its text: the mark's rect must intersect the text rects of
 * [start, end) and lie within their union grown by `tolerance` px; if `expectText` is given
 * (a function (mark) => string, or true to skip) the field's text slice is returned for checking.
 * Throws an AssertionError-like Error listing every mark that is off; returns
 * [{ ...mark, textRects, text }].
 */
export async function assertMarksOver(page, marks, fieldId, { tolerance = 3 } = {}) {
  const out = [];
  const bad = [];
  for (const m of marks) {
    if (m.hidden) continue;
    const { rects, text } = await textRects(page, fieldId, m.start, m.end);
    const res = { ...m, textRects: rects, text };
    out.push(res);
    if (!rects.length) {
      bad.push(`${m.rule} [${m.start},${m.end}) "${text}": no text rects (is it scrolled out of view or empty?)`);
      continue;
    }
    const u = unionRect(rects);
    const grown = { x: u.x - tolerance, y: u.y - tolerance, width: u.width + 2 * tolerance, height: u.height + 2 * tolerance };
    const inside = m.rect.x >= grown.x && m.rect.y >= grown.y && m.rect.x + m.rect.width <= grown.x + grown.width && m.rect.y + m.rect.height <= grown.y + grown.height;
    const hits = rects.some((r) => overlaps(m.rect, r, tolerance));
    if (!inside || !hits) {
      const f = (r) => `(${r.x.toFixed(1)},${r.y.toFixed(1)} ${r.width.toFixed(1)}×${r.height.toFixed(1)})`;
      bad.push(`${m.rule} [${m.start},${m.end}) "${text}": mark ${f(m.rect)} is not over its text ${rects.map(f).join(' ')}`);
    }
  }
  if (bad.length) {
    const err = new Error(`marks off their text in field ${fieldId}:\n  ${bad.join('\n  ')}`);
    err.name = 'AssertionError';
    throw err;
  }
  return out;
}
