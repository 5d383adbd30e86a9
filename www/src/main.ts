import { categoryLabel } from '../../ui/strings.js';
import { AnalyzerClient } from './analyzer-client.js';
import { $, afterNextPaint, download, h } from './dom.js';
import { EditorController, type EditorView } from './editor.js';
import { renderLegend, renderPanel, scoreRing, swatch, categoriesOf } from './panel.js';
import { Presentation } from './present.js';
import { renderPrintView, reportFilename, toMarkdown } from './report-export.js';
import { type Lang, STRINGS, type Strings } from './strings.js';
import { ReferencesDialog } from './references.js';
import { TopicsDialog } from './topics.js';
import rewriteSample from '../samples/rewrite.txt';
import weakSample from '../samples/weak.txt';

const LANG_KEY = 'wenfeng.lang';
const params = new URLSearchParams(location.search);

function initialLang(): Lang {
  const p = params.get('lang');
  if (p === 'en' || p === 'zh') return p;
  const stored = localStorage.getItem(LANG_KEY);
  return stored === 'en' ? 'en' : 'zh';
}

let lang: Lang = initialLang();
let t: Strings = STRINGS[lang];

/**
 * The analyzer backend. The page always uses the wasm worker; `?backend=mock` (dev/test only, and
 * only answered by `scripts/serve.mjs --mock`) swaps in the native-CLI mock.
 */
const mock = params.get('backend') === 'mock';
const workerUrl = new URL(mock ? './worker-mock.js' : './worker.js', import.meta.url);
const client = new AnalyzerClient(workerUrl);

const status = $('status');
const banner = $('banner');

/** The status line, kept as a function of the strings so a language switch re-renders it. */
let statusText: (t: Strings) => string = (s) => s.statusLoading;
function setStatus(f: (t: Strings) => string): void {
  statusText = f;
  status.textContent = f(t);
  status.title = status.textContent; // one line; the whole text on hover
}

function showBanner(msg: string | null): void {
  banner.hidden = !msg;
  banner.textContent = msg ?? '';
}

function applyStaticStrings(): void {
  document.documentElement.lang = t.htmlLang;
  document.title = `${t.appTitle} · ${t.appSubtitle.split(' · ')[0]}`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const v = (t as unknown as Record<string, unknown>)[el.dataset['i18n']!];
    if (typeof v === 'string') el.textContent = v;
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) {
    const v = (t as unknown as Record<string, unknown>)[el.dataset['i18nPlaceholder']!];
    if (typeof v === 'string') el.setAttribute('placeholder', v);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const v = (t as unknown as Record<string, unknown>)[el.dataset['i18nLabel']!];
    if (typeof v === 'string') el.setAttribute('aria-label', v);
  }
  $('btn-lang').setAttribute('lang', lang === 'zh' ? 'en' : 'zh');
}

// ---------------------------------------------------------------- main editor

const editor = new EditorController($('editor') as HTMLTextAreaElement, $('editor-wrap'), client, 'main', t.ui, {
  onReport: (v) => {
    setStatus((s) => s.statusDone(v.findings.length, v.ms));
    refreshAfterPaint();
  },
  onPending: (v) => {
    setStatus((s) => s.statusAnalyzing);
    markPending(v);
  },
  onError: (msg) => {
    setStatus((s) => s.statusError(msg));
  },
});

/** Redraws the side panel for the shown report (the list entries carry the text version they describe). */
function refresh(v: EditorView = editor.view()): void {
  const version = editor.version;
  renderPanel(t, v, {
    showFinding: (f, keyboard) => {
      const cur = editor.currentFinding(f, version);
      if (cur) editor.showFinding(cur, keyboard);
    },
    goTo: (s, e) => editor.goTo(editor.currentOffset(s, version), editor.currentOffset(e, version)),
  });
  renderLegend(t, v);
  const a = v.report?.alignment;
  topics.setListName(a ? t.listLabel(a.list, a.year) : '');
  // The print view is built on demand (beforeprint, the print button), not on every report.
}

/**
 * A new report: the underlines are laid out already and paint in this frame; the panel follows
 * right after that paint, so on a long draft it never delays the underlines.
 */
let refreshQueued = false;
function refreshAfterPaint(): void {
  if (refreshQueued) return;
  refreshQueued = true;
  afterNextPaint(() => {
    refreshQueued = false;
    refresh();
  });
}

/**
 * A keystroke: the panel only dims (a long draft's findings list is costly to rebuild on every key);
 * the next report redraws it. Its entries still work meanwhile: they are carried through the edits.
 */
function markPending(v: EditorView): void {
  const panel = $('panel');
  panel.classList.toggle('stale', v.report !== null);
  panel.setAttribute('aria-busy', 'true');
  renderLegend(t, v);
}

// ---------------------------------------------------------------- compare view

interface CompareSide {
  editor: EditorController;
  col: HTMLElement;
}

function makeSide(id: 'before' | 'after'): CompareSide {
  const col = $(`compare-${id}`);
  const ta = $(`editor-${id}`) as HTMLTextAreaElement;
  const side: CompareSide = {
    col,
    editor: new EditorController(ta, col.querySelector<HTMLElement>('.editor-wrap')!, client, id, t.ui, {
      onReport: () => renderCompare(),
      onPending: () => col.classList.add('stale'),
    }),
  };
  return side;
}
const before = makeSide('before');
const after = makeSide('after');
let compareLoaded = false;

function renderCompareSide(side: CompareSide): number | null {
  const v = side.editor.view();
  side.col.classList.toggle('stale', !v.fresh);
  const score = v.report?.score.total ?? null;
  const box = side.col.querySelector<HTMLElement>('[data-score]')!;
  box.replaceChildren(scoreRing(score, 64), h('span', { class: 'compare-count', text: t.compareFindings(v.findings.length) }));
  box.setAttribute('aria-label', `${t.scoreTitle} ${score ?? '–'}`);
  const ul = side.col.querySelector<HTMLElement>('[data-breakdown]')!;
  ul.replaceChildren();
  for (const c of categoriesOf(v.report, v.findings)) {
    const n = v.report?.score.by_category[c]?.count ?? v.findings.filter((f) => f.category === c).length;
    ul.append(h('li', { 'data-category': c }, swatch(c, t.swatchSample), ` ${categoryLabel(t.ui, c)} `, h('b', { text: String(n) })));
  }
  return score;
}

function renderCompare(): void {
  const a = renderCompareSide(before);
  const b = renderCompareSide(after);
  $('compare-delta').textContent = a !== null && b !== null ? `${t.compareBefore} ${a} → ${t.compareAfter} ${b} · ${t.compareDelta(b - a)}` : '';
}

function loadCompareSamples(): void {
  before.editor.setText(weakSample);
  after.editor.setText(rewriteSample);
  compareLoaded = true;
}

$('btn-compare-samples').addEventListener('click', loadCompareSamples);
$('btn-compare-editor').addEventListener('click', () => {
  before.editor.setText(editor.text);
  if (!after.editor.text) after.editor.setText(rewriteSample);
  compareLoaded = true;
});

// ---------------------------------------------------------------- tabs

const tabs = [$('tab-check'), $('tab-compare')];
function selectTab(i: number, focus = false): void {
  tabs.forEach((tab, j) => {
    const on = i === j;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')!).hidden = !on;
    if (on && focus) tab.focus();
  });
  document.body.dataset['view'] = i === 0 ? 'check' : 'compare';
  if (i === 1 && !compareLoaded) loadCompareSamples();
  // Overlays measure their field; a field that was hidden needs a fresh layout.
  for (const ed of i === 0 ? [editor] : [before.editor, after.editor]) {
    ed.overlay.target.invalidate();
    ed.overlay.schedule();
  }
}
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => selectTab(i));
  tab.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      selectTab((i + 1) % tabs.length, true);
    }
  });
});

// ---------------------------------------------------------------- toolbar

const presentation = new Presentation(t);
const topics = new TopicsDialog(t, client, () => {
  for (const ed of [editor, before.editor, after.editor]) if (ed.text) ed.schedule(0);
});

($('sample-select') as HTMLSelectElement).addEventListener('change', (e) => {
  const sel = e.target as HTMLSelectElement;
  const v = sel.value;
  sel.value = '';
  if (v === 'weak') editor.setText(weakSample);
  else if (v === 'rewrite') editor.setText(rewriteSample);
  else if (v === 'clear') editor.setText('');
  else return;
  selectTab(0);
  editor.textarea.focus();
});

const references = new ReferencesDialog(t, client, () => {
  for (const ed of [editor, before.editor, after.editor]) if (ed.text) ed.schedule(0);
});

$('btn-topics').addEventListener('click', () => topics.open());
$('btn-references').addEventListener('click', () => references.open());
$('btn-present').addEventListener('click', () => {
  const v = editor.view();
  presentation.open(v.text, v.report, v.findings);
});
$('btn-export').addEventListener('click', () => {
  const v = editor.view();
  if (!v.report) return;
  download(reportFilename(), toMarkdown(t, v.text, v.report, v.findings), 'text/markdown;charset=utf-8');
});
$('btn-print').addEventListener('click', () => {
  const v = editor.view();
  renderPrintView(t, v.text, v.report, v.findings);
  window.print();
});
window.addEventListener('beforeprint', () => {
  const v = editor.view();
  renderPrintView(t, v.text, v.report, v.findings);
});
$('btn-lang').addEventListener('click', () => setLang(lang === 'zh' ? 'en' : 'zh'));

function setLang(l: Lang): void {
  lang = l;
  t = STRINGS[l];
  localStorage.setItem(LANG_KEY, l);
  applyStaticStrings();
  for (const ed of [editor, before.editor, after.editor]) ed.setStrings(t.ui);
  presentation.setStrings(t);
  topics.setStrings(t);
  references.setStrings(t);
  status.textContent = statusText(t);
  status.title = status.textContent;
  refresh();
  renderCompare();
  void client.ready.then((r) => ($('engine').textContent = t.engineLabel(r.engine, r.version)), () => undefined);
}

// ---------------------------------------------------------------- start

applyStaticStrings();
if (mock) $('mock-banner').hidden = false;
setStatus((s) => s.statusLoading);
refresh();
client.ready.then(
  async (r) => {
    performance.mark('wenfeng:ready', { detail: r.timings ?? null });
    $('engine').textContent = t.engineLabel(r.engine, r.version);
    document.body.dataset['engine'] = r.engine;
    if (!(await topics.restore())) showBanner(t.topicsStoredInvalid);
    if (!(await references.restore())) showBanner(t.refsStoredInvalid);
    const initial = params.get('sample');
    if (initial !== 'none' && !editor.text) editor.setText(initial === 'rewrite' ? rewriteSample : weakSample);
    else if (editor.text) editor.schedule(0);
    document.body.dataset['ready'] = 'true';
  },
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    setStatus((s) => s.statusFailed(msg));
    showBanner(t.statusFailed(msg));
    // Still show a sample, so the page is not blank while the analyzer is missing.
    if (!editor.text && params.get('sample') !== 'none') editor.textarea.value = weakSample;
    document.body.dataset['ready'] = 'error';
  },
);

/** Handles for the end-to-end tests and for trainers poking around in devtools. */
declare global {
  interface Window {
    __wenfeng?: unknown;
  }
}
window.__wenfeng = { editor, before: before.editor, after: after.editor, client, presentation, topics, references, mock, setLang, selectTab };
