import { categoryStyle } from '../../ui/categories.js';
import { categoryLabel } from '../../ui/strings.js';
import type { Finding, Report } from '../../ui/types.js';
import { $, h } from './dom.js';
import type { Strings } from './strings.js';

/** The sentence (or up to ~60 characters either side) around a finding. */
function context(text: string, f: Finding): { before: string; after: string } {
  const stop = /[。！？!?；;\n]/;
  let a = f.start;
  while (a > 0 && f.start - a < 60 && !stop.test(text[a - 1]!)) a--;
  let b = f.end;
  while (b < text.length && b - f.end < 60 && !stop.test(text[b]!)) b++;
  if (b < text.length && text[b] !== '\n') b++;
  return { before: (a > 0 && f.start - a >= 60 ? '…' : '') + text.slice(a, f.start), after: text.slice(f.end, b) + (b < text.length && b - f.end >= 60 ? '…' : '') };
}

/**
 * Presentation mode for projectors: large type, high contrast, one finding at a time.
 * ← / → (and PageUp / PageDown, Home / End) move, Esc leaves.
 */
export class Presentation {
  private index = 0;
  private findings: readonly Finding[] = [];
  private text = '';
  private report: Report | null = null;
  private t: Strings;
  private returnFocus: HTMLElement | null = null;
  private readonly el = $('present');

  constructor(t: Strings) {
    this.t = t;
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    $('present-prev').addEventListener('click', () => this.go(this.index - 1));
    $('present-next').addEventListener('click', () => this.go(this.index + 1));
    $('present-exit').addEventListener('click', () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  setStrings(t: Strings): void {
    this.t = t;
    if (this.isOpen) this.render();
  }

  open(text: string, report: Report | null, findings: readonly Finding[]): void {
    this.text = text;
    this.report = report;
    this.findings = findings;
    this.index = 0;
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.el.hidden = false;
    document.body.classList.add('presenting');
    this.render();
    this.el.focus();
  }

  close(): void {
    if (!this.isOpen) return;
    this.el.hidden = true;
    document.body.classList.remove('presenting');
    this.returnFocus?.focus();
  }

  go(i: number): void {
    if (this.findings.length === 0) return;
    this.index = Math.max(0, Math.min(this.findings.length - 1, i));
    this.render();
  }

  private onKey(e: KeyboardEvent): void {
    const k = e.key;
    if (k === 'Escape') this.close();
    else if (k === 'ArrowRight' || k === 'PageDown' || k === 'ArrowDown') this.go(this.index + 1);
    else if (k === 'ArrowLeft' || k === 'PageUp' || k === 'ArrowUp') this.go(this.index - 1);
    else if (k === 'Home') this.go(0);
    else if (k === 'End') this.go(this.findings.length - 1);
    else return;
    e.preventDefault();
  }

  private render(): void {
    const t = this.t;
    $('present-score').textContent = this.report ? t.presentScore(this.report.score.total) : '';
    const body = $('present-body');
    body.replaceChildren();
    const n = this.findings.length;
    $('present-counter').textContent = n ? t.presentCounter(this.index + 1, n) : '';
    ($('present-prev') as HTMLButtonElement).disabled = this.index <= 0;
    ($('present-next') as HTMLButtonElement).disabled = this.index >= n - 1;
    if (n === 0) {
      body.append(h('p', { class: 'present-empty', text: t.presentNone }));
      return;
    }
    const f = this.findings[this.index]!;
    const st = categoryStyle(f.category);
    const ctx = context(this.text, f);
    const mark = h('mark', { class: `present-mark ul-${st.underline}`, 'data-rule': f.rule, 'data-start': f.start, 'data-end': f.end }, f.text);
    mark.style.setProperty('--c', st.color);
    const chip = h('span', { class: 'present-chip', text: `${categoryLabel(t.ui, f.category)} · ${t.ui.severity[f.severity] ?? f.severity}` });
    chip.style.setProperty('--c', st.color);
    body.append(
      h('div', { class: 'present-finding', 'data-index': this.index },
        chip,
        h('blockquote', { class: 'present-context' }, ctx.before, mark, ctx.after),
        h('p', { class: 'present-msg', text: f.message }),
        h('p', { class: 'present-advice', text: `${t.ui.advice}：${f.advice}` }),
        f.replacements.length
          ? h('p', { class: 'present-rep', text: f.replacements.map((r) => (r === '' ? t.presentDelete : `${t.presentReplace}“${r}”`)).join(' · ') })
          : null),
    );
  }
}
