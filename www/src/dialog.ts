import type { AnalyzerClient } from './analyzer-client.js';
import { $, h } from './dom.js';
import type { Strings } from './strings.js';

/**
 * What the topic-list and reference-documents dialogs share: the page's strings, the
 * `<dialog id="PREFIX-dialog">`, its result area `#PREFIX-result`, the analyzer client and the
 * callback run after the analyzer accepted a change.
 */
export abstract class AnalyzerDialog {
  protected t: Strings;
  protected readonly dialog: HTMLDialogElement;
  protected readonly result: HTMLElement;

  constructor(prefix: string, t: Strings, protected readonly client: AnalyzerClient, protected readonly onChanged: () => void) {
    this.t = t;
    this.dialog = $(`${prefix}-dialog`) as HTMLDialogElement;
    this.result = $(`${prefix}-result`);
  }

  setStrings(t: Strings): void {
    this.t = t;
  }

  /** Replaces the result area with one paragraph per line: a status when `ok`, else an alert. */
  protected showMessage(lines: readonly string[], ok: boolean): void {
    this.result.replaceChildren(...lines.map((m) => h('p', { class: ok ? 'ok' : 'bad', role: ok ? 'status' : 'alert', text: m })));
  }
}
