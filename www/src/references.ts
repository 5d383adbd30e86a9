import type { AnalyzerClient } from './analyzer-client.js';
import { AnalyzerDialog } from './dialog.js';
import { $, h } from './dom.js';
import type { ReferenceDoc, SetReferencesResult } from './protocol.js';
import type { Strings } from './strings.js';

export const REFERENCES_KEY = 'wenfeng.references.v1';

/** Files larger than this are refused before reading (the core's caps are in characters). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

function readStored(): ReferenceDoc[] | null {
  try {
    const raw = localStorage.getItem(REFERENCES_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as unknown;
    if (!Array.isArray(v)) return null;
    const ok = v.every((r) => r && typeof (r as ReferenceDoc).name === 'string' && typeof (r as ReferenceDoc).text === 'string');
    return ok ? (v as ReferenceDoc[]) : null;
  } catch {
    return null;
  }
}

/** A file's name without its extension (the reference's display name, as the CLI does). */
export function stem(filename: string): string {
  const i = filename.lastIndexOf('.');
  return i > 0 ? filename.slice(0, i) : filename;
}

/**
 * The reference-documents dialog (参考文件): paste or open .txt / .docx files, list them with name,
 * size and a remove button. Every change is sent to the analyzer's own validation
 * (setReferences); only a set it accepts is kept and stored in localStorage, so a refused file never
 * replaces the set in use, and the draft in the editor is never touched.
 */
export class ReferencesDialog extends AnalyzerDialog {
  private readonly name = $('references-name') as HTMLInputElement;
  private readonly text = $('references-text') as HTMLTextAreaElement;
  private readonly list = $('references-list');
  private readonly button = $('btn-references');
  /** The set the analyzer uses. */
  private refs: ReferenceDoc[] = [];

  constructor(t: Strings, client: AnalyzerClient, onChanged: () => void) {
    super('references', t, client, onChanged);
    $('references-add').addEventListener('click', () => void this.addPasted());
    $('references-clear').addEventListener('click', () => void this.apply([], this.t.refsCleared));
    ($('references-file') as HTMLInputElement).addEventListener('change', (e) => void this.loadFiles(e.target as HTMLInputElement));
    this.render();
  }

  override setStrings(t: Strings): void {
    super.setStrings(t);
    this.render();
  }

  get references(): readonly ReferenceDoc[] {
    return this.refs;
  }

  open(): void {
    this.render();
    this.dialog.showModal();
    this.name.focus();
  }

  /** Re-applies the stored set at start-up; false when it no longer loads (then none is used). */
  async restore(): Promise<boolean> {
    const stored = readStored();
    if (!stored || stored.length === 0) return true;
    try {
      const r = await this.client.setReferences(stored);
      if (r.ok) {
        this.refs = stored;
        this.render();
      }
      return r.ok;
    } catch {
      return false;
    }
  }

  private uniqueName(base: string): string {
    const taken = new Set(this.refs.map((r) => r.name));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
  }

  private async addPasted(): Promise<void> {
    const text = this.text.value;
    if (!text.trim()) {
      this.showMessage([this.t.refsEmpty], false);
      return;
    }
    const name = this.uniqueName(this.name.value.trim() || this.t.refsPastedName(this.refs.length + 1));
    if (await this.apply([...this.refs, { name, text }], this.t.refsAdded(name))) {
      this.text.value = '';
      this.name.value = '';
    }
  }

  private async loadFiles(input: HTMLInputElement): Promise<void> {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (!files.length) return;
    const added: ReferenceDoc[] = [];
    const problems: string[] = [];
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) {
        problems.push(this.t.refsFileTooLarge(file.name, MAX_FILE_BYTES / 1024 / 1024));
        continue;
      }
      try {
        const text = /\.docx$/i.test(file.name) ? await this.client.docxText(await file.arrayBuffer()) : await file.text();
        const name = stem(file.name);
        added.push({ name: this.uniqueName(added.some((a) => a.name === name) ? `${name} (${added.length + 1})` : name), text });
      } catch (e) {
        problems.push(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (problems.length) {
      this.showMessage(problems, false);
      return;
    }
    await this.apply([...this.refs, ...added], this.t.refsAdded(added.map((a) => a.name).join('、')));
  }

  private async remove(i: number): Promise<void> {
    const name = this.refs[i]?.name ?? '';
    await this.apply(this.refs.filter((_, j) => j !== i), this.t.refsRemoved(name));
  }

  /** Sends `next` to the analyzer; keeps and stores it only when accepted. */
  async apply(next: ReferenceDoc[], okMessage: string): Promise<boolean> {
    let r: SetReferencesResult;
    try {
      r = await this.client.setReferences(next);
    } catch (e) {
      r = { ok: false, errors: [{ name: null, message: e instanceof Error ? e.message : String(e) }] };
    }
    if (!r.ok) {
      this.showMessage([this.t.refsRejected, ...r.errors.map((e) => e.message)], false);
      return false;
    }
    this.refs = next;
    let saved = true;
    try {
      if (next.length) localStorage.setItem(REFERENCES_KEY, JSON.stringify(next));
      else localStorage.removeItem(REFERENCES_KEY);
    } catch {
      saved = false;
    }
    this.render();
    this.showMessage(saved ? [okMessage] : [okMessage, this.t.refsNotSaved], saved);
    this.onChanged();
    return true;
  }

  private render(): void {
    const t = this.t;
    this.button.textContent = this.refs.length ? `${t.refsButton}（${this.refs.length}）` : t.refsButton;
    this.list.replaceChildren();
    if (!this.refs.length) {
      this.list.append(h('li', { class: 'none', text: t.refsNone }));
    }
    this.refs.forEach((r, i) => {
      const remove = h('button', { type: 'button', class: 'remove', 'aria-label': t.refsRemoveLabel(r.name), text: t.refsRemove });
      remove.addEventListener('click', () => void this.remove(i));
      this.list.append(h('li', { 'data-name': r.name }, h('span', { class: 'ref-name', text: `《${r.name}》` }), h('span', { class: 'ref-size', text: t.refsSize(Array.from(r.text).length) }), remove));
    });
    const total = this.refs.reduce((n, r) => n + Array.from(r.text).length, 0);
    $('references-total').textContent = t.refsTotal(this.refs.length, total);
  }
}
