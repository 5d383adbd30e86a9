import type { SetTopicsResult, TopicError } from '../../ui/types.js';
import type { AnalyzerClient } from './analyzer-client.js';
import { AnalyzerDialog } from './dialog.js';
import { $, h } from './dom.js';
import type { TopicFormat } from './protocol.js';
import type { Strings } from './strings.js';

export const TOPICS_KEY = 'wenfeng.topics.v1';

interface StoredTopics {
  text: string;
  format: TopicFormat;
}

/**
 * The format to send to the core for the dialog's choice: a `.toml` / `.json` file name decides;
 * otherwise "auto" lets the core's own parser detect it from the content (no JS parsing here).
 */
export function formatFor(choice: string, filename = ''): TopicFormat {
  if (choice !== 'auto') return choice as TopicFormat;
  const ext = filename.toLowerCase().split('.').pop();
  return ext === 'json' ? 'json' : ext === 'toml' ? 'toml' : 'auto';
}

const FORMATS: readonly string[] = ['toml', 'json', 'plain', 'text', 'auto'] satisfies TopicFormat[];

function readStored(): StoredTopics | null {
  try {
    const raw = localStorage.getItem(TOPICS_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<StoredTopics>;
    return typeof v.text === 'string' && FORMATS.includes(v.format as string) ? { text: v.text, format: v.format as TopicFormat } : null;
  } catch {
    return null;
  }
}

/**
 * The topic-list dialog. A list is sent to the analyzer's own parser (setTopics); only a list it
 * accepts is stored in localStorage, so an invalid list never replaces the stored one, and the
 * analyzer keeps the previous list too.
 */
export class TopicsDialog extends AnalyzerDialog {
  private readonly text = $('topics-text') as HTMLTextAreaElement;
  private readonly format = $('topics-format') as HTMLSelectElement;
  private readonly errorsEl = $('topics-errors');
  private filename = '';

  constructor(t: Strings, client: AnalyzerClient, onChanged: () => void) {
    super('topics', t, client, onChanged);
    $('topics-apply').addEventListener('click', () => void this.apply());
    $('topics-reset').addEventListener('click', () => void this.reset());
    ($('topics-file') as HTMLInputElement).addEventListener('change', (e) => void this.loadFile(e.target as HTMLInputElement));
    this.text.addEventListener('input', () => {
      this.filename = '';
    });
  }

  setListName(label: string): void {
    $('dialog-list-name').textContent = label;
  }

  open(): void {
    const stored = readStored();
    if (stored && !this.text.value) {
      this.text.value = stored.text;
      this.format.value = stored.format === 'text' ? 'plain' : stored.format;
    }
    this.dialog.showModal();
    this.text.focus();
  }

  /** Re-applies the stored list at start-up; false (and the default list) when it no longer loads. */
  async restore(): Promise<boolean> {
    const stored = readStored();
    if (!stored) return true;
    try {
      const r = await this.client.setTopics(stored.text, stored.format);
      return r.ok;
    } catch {
      return false;
    }
  }

  private async loadFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const content = await file.text();
    this.text.value = content;
    this.filename = file.name;
    this.format.value = 'auto';
    input.value = '';
    await this.apply();
  }

  async apply(): Promise<SetTopicsResult | null> {
    const t = this.t;
    const text = this.text.value;
    if (!text.trim()) {
      this.showMessage([t.topicsEmpty], false);
      return null;
    }
    const format = formatFor(this.format.value, this.filename);
    let r: SetTopicsResult;
    try {
      r = await this.client.setTopics(text, format);
    } catch (e) {
      r = { ok: false, errors: [{ line: null, column: null, field: null, message: e instanceof Error ? e.message : String(e) }] };
    }
    if (r.ok) {
      localStorage.setItem(TOPICS_KEY, JSON.stringify({ text, format } satisfies StoredTopics));
      this.errorsEl.hidden = true;
      this.errorsEl.replaceChildren();
      this.showMessage([t.topicsOk(0)], true);
      this.onChanged();
    } else {
      this.showMessage([t.topicsErrors(r.errors.length)], false);
      this.showErrors(text, r.errors);
    }
    return r;
  }

  private async reset(): Promise<void> {
    await this.client.resetTopics();
    localStorage.removeItem(TOPICS_KEY);
    this.errorsEl.hidden = true;
    this.showMessage([this.t.topicsReverted], true);
    this.onChanged();
  }

  /** The list, line by line, each error printed right under the line it names. */
  private showErrors(text: string, errors: readonly TopicError[]): void {
    const t = this.t;
    const ol = this.errorsEl;
    ol.replaceChildren();
    ol.hidden = false;
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    const byLine = new Map<number, TopicError[]>();
    const general: TopicError[] = [];
    for (const e of errors) {
      if (e.line && e.line >= 1 && e.line <= lines.length) {
        const arr = byLine.get(e.line) ?? [];
        arr.push(e);
        byLine.set(e.line, arr);
      } else general.push(e);
    }
    const errRow = (e: TopicError, line: number | null): HTMLElement =>
      h('li', { class: 'topic-error', role: 'note', 'data-line': line ?? '' },
        h('span', { class: 'err-where', text: line ? `${t.topicsLine(line)}${e.column ? `:${e.column}` : ''}${e.field ? ` · ${e.field}` : ''}` : t.topicsGeneral }),
        h('span', { class: 'err-msg', text: e.message }));
    for (const e of general) ol.append(errRow(e, null));
    // Show the lines with errors with two lines of context around each.
    const show = new Set<number>();
    for (const n of byLine.keys()) for (let k = n - 2; k <= n + 1; k++) if (k >= 1 && k <= lines.length) show.add(k);
    let last = 0;
    for (const n of [...show].sort((a, b) => a - b)) {
      if (last && n > last + 1) ol.append(h('li', { class: 'gap', 'aria-hidden': 'true', text: '⋯' }));
      const errs = byLine.get(n);
      ol.append(h('li', { class: errs ? 'topic-line has-error' : 'topic-line', 'data-line': n }, h('span', { class: 'ln', text: String(n) }), h('code', { text: lines[n - 1] || ' ' })));
      for (const e of errs ?? []) ol.append(errRow(e, n));
      last = n;
    }
  }
}
