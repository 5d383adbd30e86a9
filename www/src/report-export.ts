import { categoryStyle } from '../../ui/categories.js';
import { categoryLabel } from '../../ui/strings.js';
import type { Finding, Report } from '../../ui/types.js';
import { h, lineCol } from './dom.js';
import { categoriesOf } from './panel.js';
import type { Strings } from './strings.js';

function mdEscape(s: string): string {
  return s.replace(/([\\`*_[\]|<>#])/g, '\\$1').replace(/\n/g, '↵');
}

function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function reportFilename(d = new Date()): string {
  return `wenfeng-report-${stamp(d).replace(/[ :]/g, '-').replace(/-(\d\d)-(\d\d)$/, '-$1$2')}.md`;
}

/** The report as Markdown: score, breakdown, every finding with location and advice, topics, the text. */
export function toMarkdown(t: Strings, text: string, report: Report, findings: readonly Finding[], now = new Date()): string {
  const out: string[] = [];
  out.push(`# ${t.reportTitle}`, '', t.reportGenerated(stamp(now)), '');
  out.push(`**${t.scoreTitle}：${report.score.total} / 100**　${t.stats(report.stats.chars, report.stats.sentences, report.stats.paragraphs)}`, '');
  out.push(`## ${t.breakdownTitle}`, '', `| ${t.colCategory} | ${t.colCount} | ${t.colPer1000} | ${t.colPenalty} |`, '| --- | ---: | ---: | ---: |');
  for (const c of categoriesOf(report, findings)) {
    const sc = report.score.by_category[c];
    out.push(`| ${categoryLabel(t.ui, c)} | ${sc?.count ?? findings.filter((f) => f.category === c).length} | ${sc ? sc.per_1000.toFixed(1) : '–'} | ${sc ? Math.round(sc.penalty) : '–'} |`);
  }
  out.push('', `## ${t.reportFindings}（${findings.length}）`, '');
  if (findings.length === 0) out.push(t.noFindings, '');
  findings.forEach((f, i) => {
    const { line, col } = lineCol(text, f.start);
    out.push(`${i + 1}. **“${mdEscape(f.text)}”** — ${categoryLabel(t.ui, f.category)} · ${t.ui.severity[f.severity] ?? f.severity} · ${t.reportLocation(line, col)} · \`${f.rule}\``);
    out.push(`   - ${mdEscape(f.message)}`);
    out.push(`   - ${t.reportAdvice}：${mdEscape(f.advice)}`);
    if (f.replacements.length) {
      out.push(`   - ${t.reportReplace}：${f.replacements.map((r) => (r === '' ? t.reportDelete : `“${mdEscape(r)}”`)).join('、')}`);
    }
  });
  const a = report.alignment;
  if (a) {
    out.push('', `## ${t.reportTopics}`, '', t.listLabel(a.list, a.year), '', `${t.topicsScore(a.score)}：${a.summary}`, '');
    out.push(`| ${t.reportTopicCol} | ${t.reportScoreCol} | ${t.reportCoveredCol} |`, '| --- | ---: | :---: |');
    for (const tp of a.topics) out.push(`| ${mdEscape(tp.title)} | ${Math.round(tp.score)} | ${tp.covered ? t.reportYes : t.reportNo} |`);
    const titles = new Map(a.topics.map((x) => [x.id, x.title]));
    out.push('', `### ${t.paragraphsTitle}`, '');
    a.paragraphs.forEach((p, i) => out.push(`- ${t.paragraphN(i + 1)}：${p.topic ? mdEscape(titles.get(p.topic) ?? p.topic) : t.paragraphNone}`));
  }
  out.push('', `## ${t.reportText}`, '');
  for (const line of text.split('\n')) out.push(line.trim() ? `> ${line}` : '>');
  out.push('', '---', t.reportFooter, '');
  return out.join('\n');
}

/** Fills the print-only section: score, breakdown, the text with numbered marks, the findings. */
export function renderPrintView(t: Strings, text: string, report: Report | null, findings: readonly Finding[]): void {
  const root = document.getElementById('print-view');
  if (!root) return;
  root.replaceChildren();
  if (!report) return;
  root.append(
    h('h1', { text: t.reportTitle }),
    h('p', { class: 'print-meta', text: `${t.reportGenerated(stamp())} · ${t.scoreTitle} ${report.score.total}/100 · ${t.stats(report.stats.chars, report.stats.sentences, report.stats.paragraphs)}` }),
  );
  const table = h('table', { class: 'print-breakdown' }, h('tr', {}, h('th', { text: t.colCategory }), h('th', { text: t.colCount }), h('th', { text: t.colPer1000 }), h('th', { text: t.colPenalty })));
  for (const c of categoriesOf(report, findings)) {
    const sc = report.score.by_category[c];
    table.append(h('tr', {}, h('td', { text: categoryLabel(t.ui, c) }), h('td', { text: String(sc?.count ?? 0) }), h('td', { text: sc ? sc.per_1000.toFixed(1) : '–' }), h('td', { text: sc ? String(Math.round(sc.penalty)) : '–' })));
  }
  root.append(table, h('h2', { text: t.reportText }));
  // Text with numbered marks (non-overlapping: nested findings are numbered but not wrapped).
  const body = h('div', { class: 'print-text' });
  let pos = 0;
  let para = h('p');
  const flushText = (s: string): void => {
    const parts = s.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) {
        body.append(para);
        para = h('p');
      }
      if (part) para.append(part);
    });
  };
  findings.forEach((f, i) => {
    if (f.start < pos) {
      para.append(h('sup', { text: `[${i + 1}]` }));
      return;
    }
    flushText(text.slice(pos, f.start));
    const m = h('mark', { class: `pm ul-${categoryStyle(f.category).underline}` }, f.text.replace(/\n/g, ' '));
    m.style.setProperty('--c', categoryStyle(f.category).color);
    para.append(m, h('sup', { text: `[${i + 1}]` }));
    pos = f.end;
  });
  flushText(text.slice(pos));
  body.append(para);
  root.append(body, h('h2', { text: `${t.reportFindings}（${findings.length}）` }));
  const ol = h('ol', { class: 'print-findings' });
  for (const f of findings) {
    ol.append(h('li', {},
      h('strong', { text: `“${f.text}”` }), ` ${categoryLabel(t.ui, f.category)} · ${t.ui.severity[f.severity]} — ${f.message}`,
      h('br'), `${t.reportAdvice}：${f.advice}`,
      f.replacements.length ? ` ${t.reportReplace}：${f.replacements.map((r) => (r === '' ? t.reportDelete : `“${r}”`)).join('、')}` : ''));
  }
  root.append(ol);
  const a = report.alignment;
  if (a) {
    root.append(h('h2', { text: t.reportTopics }), h('p', { text: `${t.listLabel(a.list, a.year)} · ${t.topicsScore(a.score)} · ${a.summary}` }));
    const tt = h('table', { class: 'print-breakdown' }, h('tr', {}, h('th', { text: t.reportTopicCol }), h('th', { text: t.reportScoreCol }), h('th', { text: t.reportCoveredCol })));
    for (const tp of a.topics) tt.append(h('tr', {}, h('td', { text: tp.title }), h('td', { text: String(Math.round(tp.score)) }), h('td', { text: tp.covered ? `✓ ${t.reportYes}` : `✗ ${t.reportNo}` })));
    root.append(tt);
  }
  root.append(h('p', { class: 'print-meta', text: t.reportFooter }));
}
