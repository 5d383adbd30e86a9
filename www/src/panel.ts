import { categoryStyle, sortCategories } from '../../ui/categories.js';
import { categoryLabel } from '../../ui/strings.js';
import type { Finding, Report } from '../../ui/types.js';
import { topicChart } from './chart.js';
import { $, h, reconcile, s, setAttr } from './dom.js';
import type { EditorView } from './editor.js';
import type { CopyReport } from './protocol.js';
import type { Strings } from './strings.js';

/** The findings the list's entries stand for (one click handler per list, not per entry). */
const listFindings = new WeakMap<HTMLElement, { findings: Map<HTMLElement, Finding>; show: PanelActions['showFinding'] }>();

export interface PanelActions {
  showFinding(f: Finding, keyboard: boolean): void;
  goTo(start: number, end: number): void;
}

export function scoreColor(score: number): string {
  return score >= 85 ? '#1e7d45' : score >= 60 ? '#a86400' : '#b3261e';
}

/** A ring gauge with the score in the middle. */
export function scoreRing(score: number | null, size = 92): SVGSVGElement {
  const r = size / 2 - 7;
  const c = 2 * Math.PI * r;
  const v = score === null ? 0 : Math.max(0, Math.min(100, score));
  const svg = s('svg', { viewBox: `0 0 ${size} ${size}`, width: size, height: size, 'aria-hidden': 'true', class: 'ring' });
  svg.append(
    s('circle', { cx: size / 2, cy: size / 2, r, fill: 'none', stroke: '#e6e6e6', 'stroke-width': 9 }),
    s('circle', {
      cx: size / 2, cy: size / 2, r, fill: 'none', stroke: score === null ? '#ccc' : scoreColor(v), 'stroke-width': 9,
      // A zero-length arc with a round cap would still draw a dot at the top.
      'stroke-dasharray': `${(c * v) / 100} ${c}`, 'stroke-linecap': v > 0 ? 'round' : 'butt', transform: `rotate(-90 ${size / 2} ${size / 2})`,
    }),
    s('text', { x: size / 2, y: size / 2 + size * 0.11, 'text-anchor': 'middle', class: 'ring-value', 'font-size': size * 0.32 }, score === null ? '–' : String(Math.round(v))),
  );
  return svg;
}

/** Categories to show: every one in the score plus every one that has findings. */
export function categoriesOf(report: Report | null, findings: readonly Finding[]): string[] {
  return sortCategories([...Object.keys(report?.score.by_category ?? {}), ...findings.map((f) => f.category)]);
}

/** A small sample of a category's underline (colour + line style), for legends and chips. */
export function swatch(category: string, sample = '文字'): HTMLElement {
  const st = categoryStyle(category);
  const el = h('span', { class: `swatch ul-${st.underline}`, 'aria-hidden': 'true' }, sample);
  el.style.setProperty('--c', st.color);
  return el;
}

export function renderLegend(t: Strings, view: EditorView): void {
  const ul = $('legend');
  ul.replaceChildren();
  ul.setAttribute('aria-label', t.legendTitle);
  const counts = new Map<string, number>();
  for (const f of view.findings) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const cats = sortCategories(['residue', 'claim', 'cliche', 'stale', 'style', ...categoriesOf(view.report, view.findings)]);
  for (const c of cats) {
    const li = h('li', { 'data-category': c }, swatch(c, t.swatchSample), h('span', { class: 'legend-name', text: categoryLabel(t.ui, c) }), h('span', { class: 'legend-count', text: String(counts.get(c) ?? 0) }));
    ul.append(li);
  }
}

export function renderPanel(t: Strings, view: EditorView, actions: PanelActions): void {
  const { report, findings, text } = view;
  const panel = $('panel');
  panel.classList.toggle('stale', !view.fresh && report !== null);
  panel.setAttribute('aria-busy', String(!view.fresh));
  // Score
  const ring = $('score-ring');
  ring.replaceChildren(scoreRing(report ? report.score.total : null));
  ring.setAttribute('aria-label', report ? `${t.scoreTitle} ${report.score.total}` : t.scoreTitle);
  ring.setAttribute('role', 'img');
  const copy = (report as (Report & { copy?: CopyReport }) | null)?.copy;
  $('stats').textContent = report
    ? t.stats(report.stats.chars, report.stats.sentences, report.stats.paragraphs) + (copy ? ` · ${t.copyShare(Math.round(copy.share * 100))}` : '')
    : t.noText;

  // Breakdown
  const table = $('breakdown');
  table.replaceChildren();
  table.append(
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t.colCategory }), h('th', { scope: 'col', text: t.colCount }), h('th', { scope: 'col', text: t.colPer1000 }), h('th', { scope: 'col', text: t.colPenalty }))),
  );
  const tbody = h('tbody');
  for (const c of categoriesOf(report, findings)) {
    const sc = report?.score.by_category[c];
    const count = sc?.count ?? findings.filter((f) => f.category === c).length;
    tbody.append(
      h('tr', { 'data-category': c },
        h('th', { scope: 'row' }, swatch(c, t.swatchSample), ' ', categoryLabel(t.ui, c)),
        h('td', { text: String(count) }),
        h('td', { text: sc ? sc.per_1000.toFixed(1) : '–' }),
        h('td', { text: sc ? (sc.penalty > 0 ? `−${Math.round(sc.penalty)}` : '0') : '–' })),
    );
  }
  table.append(tbody);

  // Findings list: entries are keyed by rule, text and occurrence, so a re-analysis after a small
  // edit reuses them (offsets updated in place) instead of rebuilding hundreds of nodes.
  $('findings-title').textContent = t.findingsTitle(findings.length);
  const ol = $('findings');
  ol.setAttribute('aria-label', t.findingsListLabel);
  const shown = new Map<HTMLElement, Finding>();
  listFindings.set(ol, { findings: shown, show: actions.showFinding });
  if (!ol.dataset['wired']) {
    ol.dataset['wired'] = '1';
    ol.addEventListener('click', (e) => {
      const btn = (e.target as Element).closest<HTMLElement>('button.finding');
      const entry = listFindings.get(ol);
      const f = btn && entry?.findings.get(btn);
      if (entry && f) entry.show(f, (e as MouseEvent).detail === 0);
    });
  }
  const seen = new Map<string, number>();
  const items = findings.length ? findings : [null];
  const lang = t.htmlLang;
  reconcile(ol, items, (f) => {
    if (!f) return `empty|${lang}|${text.trim() ? (report ? 'none' : 'pending') : 'blank'}`;
    const base = `${lang}|${f.rule}|${f.text}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  }, (f, i) => {
    if (!f) return h('li', { class: 'empty', text: text.trim() ? (report ? t.noFindings : t.statusAnalyzing) : t.noText });
    const btn = h('button', { type: 'button', class: 'finding', 'data-rule': f.rule, 'data-category': f.category, 'data-start': f.start, 'data-end': f.end, 'data-index': i },
      h('span', { class: 'finding-head' },
        h('span', { class: 'chip', text: categoryLabel(t.ui, f.category) }),
        h('span', { class: `sev sev-${f.severity}`, text: t.ui.severity[f.severity] ?? f.severity })),
      h('span', { class: 'finding-text', text: `“${f.text}”` }),
      h('span', { class: 'finding-msg', text: f.message }));
    btn.style.setProperty('--c', categoryStyle(f.category).color);
    shown.set(btn, f);
    return h('li', {}, btn);
  }, (li, f, i) => {
    const btn = li.firstElementChild as HTMLElement | null;
    if (!f || !btn) return;
    setAttr(btn, 'data-start', String(f.start));
    setAttr(btn, 'data-end', String(f.end));
    setAttr(btn, 'data-index', String(i));
    shown.set(btn, f);
  });

  // Topics
  const a = report?.alignment ?? null;
  const chart = $('topics-chart');
  chart.replaceChildren();
  const paras = $('paragraphs');
  $('list-name').textContent = a ? t.listLabel(a.list, a.year) : '';
  $('topics-summary').textContent = a ? `${t.topicsScore(a.score)} · ${a.summary}` : report ? t.topicsNone : '';
  if (a?.topics.length) chart.append(topicChart(a, t));
  // Paragraph → topic map, keyed like the findings list (a long draft has many paragraphs).
  const titles = new Map((a?.topics ?? []).map((x) => [x.id, x.title]));
  const starts = new Map<HTMLElement, number>();
  paraStarts.set(paras, { starts, goTo: actions.goTo });
  if (!paras.dataset['wired']) {
    paras.dataset['wired'] = '1';
    paras.addEventListener('click', (e) => {
      const btn = (e.target as Element).closest<HTMLElement>('button.para');
      const entry = paraStarts.get(paras);
      const at = btn ? entry?.starts.get(btn) : undefined;
      if (entry && at !== undefined) entry.goTo(at, at);
    });
  }
  const rows = (a?.paragraphs ?? []).map((p, i) => ({
    p,
    n: t.paragraphN(i + 1),
    topic: p.topic ? (titles.get(p.topic) ?? p.topic) : t.paragraphNone,
    excerpt: text.slice(p.start, Math.min(p.end, p.start + 18)).replace(/\s+/g, ' ') + (p.end - p.start > 18 ? '…' : ''),
  }));
  reconcile(paras, rows, (r) => `${r.n}|${r.p.topic ?? ''}|${r.topic}|${r.excerpt}`, (r) => {
    const btn = h('button', { type: 'button', class: r.p.topic ? 'para' : 'para none', 'data-topic': r.p.topic ?? '' },
      h('span', { class: 'para-n', text: r.n }),
      h('span', { class: 'para-topic', text: r.topic }),
      h('span', { class: 'para-excerpt', text: r.excerpt }));
    starts.set(btn, r.p.start);
    return h('li', {}, btn);
  }, (li, r) => {
    const btn = li.firstElementChild as HTMLElement | null;
    if (btn) starts.set(btn, r.p.start);
  });
}

const paraStarts = new WeakMap<HTMLElement, { starts: Map<HTMLElement, number>; goTo: PanelActions['goTo'] }>();
