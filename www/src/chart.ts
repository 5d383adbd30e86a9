import type { Alignment } from '../../ui/types.js';
import { s } from './dom.js';
import type { Strings } from './strings.js';

/**
 * The topic alignment as an SVG bar chart: one bar per topic (score 0–100), covered topics solid,
 * uncovered ones hatched and marked ✗, so the chart reads without colour too.
 */
export function topicChart(a: Alignment, t: Strings): SVGSVGElement {
  const topics = a.topics.slice().sort((x, y) => Number(y.covered) - Number(x.covered) || y.score - x.score);
  const rowH = 26;
  const labelW = 168;
  const barW = 150;
  const width = labelW + barW + 54;
  const top = 6;
  const height = top + topics.length * rowH + 30;
  const covered = topics.filter((x) => x.covered).length;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', class: 'chart', 'aria-labelledby': 'chart-title chart-desc' });
  svg.append(s('title', { id: 'chart-title' }, t.chartLabel(covered, topics.length)));
  svg.append(s('desc', { id: 'chart-desc' }, topics.map((x) => `${x.title}：${Math.round(x.score)}，${x.covered ? t.covered : t.notCovered}`).join('；')));
  const defs = s('defs');
  const pat = s('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pat.append(s('rect', { width: 6, height: 6, fill: '#f3f3f3' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#9a9a9a', 'stroke-width': 2 }));
  defs.append(pat);
  svg.append(defs);
  topics.forEach((tp, i) => {
    const y = top + i * rowH;
    const g = s('g', { class: tp.covered ? 'bar covered' : 'bar uncovered', 'data-topic': tp.id });
    const label = tp.title.length > 13 ? `${tp.title.slice(0, 12)}…` : tp.title;
    const text = s('text', { x: labelW - 6, y: y + rowH / 2 + 5, 'text-anchor': 'end', class: 'bar-label' }, label);
    text.append(s('title', {}, tp.title));
    const track = s('rect', { x: labelW, y: y + 5, width: barW, height: rowH - 10, rx: 3, fill: '#ffffff', stroke: '#c8c8c8' });
    const w = Math.max(0, Math.min(100, tp.score)) / 100 * barW;
    const bar = s('rect', {
      x: labelW, y: y + 5, width: Math.max(w, tp.score > 0 ? 2 : 0), height: rowH - 10, rx: 3,
      fill: tp.covered ? '#0072B2' : 'url(#hatch)', stroke: tp.covered ? '#005a8c' : '#8a8a8a', class: 'bar-fill',
    });
    const value = s('text', { x: labelW + barW + 6, y: y + rowH / 2 + 5, class: 'bar-value' }, `${Math.round(tp.score)} ${tp.covered ? '✓' : '✗'}`);
    g.append(text, track, bar, value);
    svg.append(g);
  });
  const ly = top + topics.length * rowH + 12;
  const legend = s('g', { class: 'chart-legend' });
  legend.append(
    s('rect', { x: labelW, y: ly, width: 12, height: 12, fill: '#0072B2' }),
    s('text', { x: labelW + 16, y: ly + 11 }, `${t.covered} ✓`),
    s('rect', { x: labelW + 82, y: ly, width: 12, height: 12, fill: 'url(#hatch)', stroke: '#8a8a8a' }),
    s('text', { x: labelW + 98, y: ly + 11 }, `${t.notCovered} ✗`),
  );
  svg.append(legend);
  return svg;
}
