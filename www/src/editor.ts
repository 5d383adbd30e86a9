import { WenfengOverlay } from '../../ui/overlay.js';
import { remapFindings, remapSpan, VersionedText } from '../../ui/remap.js';
import type { UiStrings } from '../../ui/strings.js';
import type { Finding, Report } from '../../ui/types.js';
import { type AnalyzerClient, Superseded } from './analyzer-client.js';
import { afterNextPaint } from './dom.js';

export interface EditorEvents {
  /** A report was shown; `fresh` is false while the text has changed since it was computed. */
  onReport?: (view: EditorView) => void;
  /** The text changed and an analysis is pending (the panel dims). */
  onPending?: (view: EditorView) => void;
  onError?: (message: string) => void;
}

/** What the panel draws: the latest report with its findings carried to the current text. */
export interface EditorView {
  text: string;
  report: Report | null;
  findings: Finding[];
  fresh: boolean;
  ms: number;
}

/**
 * A textarea with Wenfeng underlines: tracks text versions, debounces analysis in the worker,
 * holds analysis back during IME composition, and remaps results computed for an older text
 * through the edits made since (or drops them).
 */
export class EditorController {
  readonly textarea: HTMLTextAreaElement;
  readonly overlay: WenfengOverlay;
  private readonly client: AnalyzerClient;
  private readonly channel: string;
  private readonly events: EditorEvents;
  private readonly vt: VersionedText;
  private timer = 0;
  private composing = false;
  private shownVersion = -1;
  private report: Report | null = null;
  private findings: Finding[] = [];
  private ms = 0;
  debounceMs = 250;
  /** Versions whose analysis finished (tests and the benchmark read it). */
  analyzedVersions: number[] = [];
  /**
   * Per shown analysis: debounce fired (request sent to the worker) → underlines laid out and the
   * next frame painted, in ms. Also as User Timing entries: marks `wenfeng:request`,
   * `wenfeng:laid-out`, `wenfeng:painted` and measures `wenfeng:analysis` (request → painted) and
   * `wenfeng:input` (one input event's handler), all with `detail.channel` (bench/typing-bench.mjs).
   */
  latencies: number[] = [];

  constructor(textarea: HTMLTextAreaElement, container: HTMLElement, client: AnalyzerClient, channel: string, strings: UiStrings, events: EditorEvents = {}) {
    this.textarea = textarea;
    this.client = client;
    this.channel = channel;
    this.events = events;
    this.vt = new VersionedText(textarea.value);
    this.overlay = new WenfengOverlay(textarea, {
      container,
      strings,
      zIndex: 5,
      onApply: () => this.schedule(0),
    });
    textarea.addEventListener('input', (e) => this.onInput(e as InputEvent));
    textarea.addEventListener('compositionstart', () => {
      this.composing = true;
      this.cancel();
    });
    textarea.addEventListener('compositionend', () => {
      this.composing = false;
      this.onInput(null);
      this.schedule();
    });
  }

  get text(): string {
    return this.vt.text;
  }
  get version(): number {
    return this.vt.version;
  }
  get isComposing(): boolean {
    return this.composing;
  }

  view(): EditorView {
    return { text: this.vt.text, report: this.report, findings: this.findings, fresh: this.shownVersion === this.vt.version, ms: this.ms };
  }

  /** Replaces the whole text programmatically (samples) and analyses it at once. */
  setText(text: string): void {
    this.textarea.value = text;
    this.textarea.scrollTop = 0;
    this.onInput(null);
    this.schedule(0);
  }

  private onInput(e: InputEvent | null): void {
    const t0 = performance.now();
    const edit = this.vt.update(this.textarea.value);
    if (!edit) return;
    // Carry the shown findings through this edit right away so underlines never drift.
    this.findings = remapFindings(this.findings, [edit], this.vt.text);
    this.overlay.setFindings(this.findings);
    this.events.onPending?.(this.view());
    if (!(this.composing || e?.isComposing)) this.schedule();
    if (e) performance.measure('wenfeng:input', { start: t0, end: performance.now(), detail: { channel: this.channel } });
  }

  private cancel(): void {
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = 0;
  }

  /** Analyses after the debounce (or `delay` ms). */
  schedule(delay = this.debounceMs): void {
    this.cancel();
    if (this.composing) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      void this.run();
    }, delay);
  }

  /** Analyses the current text now; resolves when its result (or a newer one) is shown. */
  async run(): Promise<void> {
    const version = this.vt.version;
    const text = this.vt.text;
    const t0 = performance.now();
    performance.mark('wenfeng:request', { startTime: t0, detail: { channel: this.channel, version } });
    try {
      const res = await this.client.analyze(text, version, this.channel);
      this.receive(res.report, res.version, res.ms, t0);
    } catch (e) {
      if (e instanceof Superseded) return;
      this.events.onError?.(e instanceof Error ? e.message : String(e));
    }
  }

  private receive(report: Report, version: number, ms: number, requested: number): boolean {
    if (version < this.shownVersion) return false; // older than what is on screen
    const findings = this.vt.remap(report.findings, version);
    if (!findings) return false; // too old to remap: drop
    this.shownVersion = version;
    this.report = report.alignment && version !== this.vt.version ? this.remapAlignment(report, version) : report;
    this.findings = findings;
    this.ms = ms;
    this.analyzedVersions.push(version);
    this.vt.prune(version);
    this.overlay.setFindings(findings);
    // The marks are laid out (synchronously, above) and paint in the next frame; timed before the
    // listeners run, so whatever they schedule after that paint is not counted.
    const detail = { channel: this.channel, version };
    performance.mark('wenfeng:laid-out', { detail });
    afterNextPaint(() => {
      const t1 = performance.now();
      performance.mark('wenfeng:painted', { startTime: t1, detail });
      performance.measure('wenfeng:analysis', { start: requested, end: t1, detail: { ...detail, workerMs: ms } });
      this.latencies.push(t1 - requested);
    });
    this.events.onReport?.(this.view());
    return true;
  }

  /** Carries alignment spans of an older version to the current text (dropping touched ones). */
  private remapAlignment(report: Report, version: number): Report {
    const edits = this.vt.editsSince(version) ?? [];
    const a = report.alignment!;
    const move = <T extends { start: number; end: number }>(x: T): T | null => {
      let s: [number, number] | null = [x.start, x.end];
      for (const e of edits) {
        if (!s) break;
        s = remapSpan(s[0], s[1], e);
      }
      return s ? { ...x, start: s[0], end: s[1] } : null;
    };
    return {
      ...report,
      alignment: {
        ...a,
        topics: a.topics.map((t) => ({ ...t, evidence: t.evidence.map(move).filter((x): x is NonNullable<typeof x> => x !== null) })),
        paragraphs: a.paragraphs.map(move).filter((x): x is NonNullable<typeof x> => x !== null),
      },
    };
  }

  /**
   * Carries a finding shown for text version `version` (e.g. a list entry rendered then) to the
   * current text; null when an edit since touched it.
   */
  currentFinding(f: Finding, version: number): Finding | null {
    return this.vt.remap([f], version)?.[0] ?? null;
  }

  /** Carries an offset of text version `version` to the current text (clamped when an edit touched it). */
  currentOffset(offset: number, version: number): number {
    let at = offset;
    for (const e of this.vt.editsSince(version) ?? []) at = remapSpan(at, at, e)?.[0] ?? e.newEnd;
    return Math.min(at, this.vt.text.length);
  }

  setStrings(s: UiStrings): void {
    this.overlay.setStrings(s);
  }

  /** Scrolls to a finding, flashes it and opens its card (focused for keyboard users). */
  showFinding(f: Finding, focusCard: boolean): void {
    this.overlay.flash(f);
    this.overlay.openCard(f, { pinned: true, focus: focusCard });
  }

  /** Puts the caret at an offset and scrolls there. */
  goTo(start: number, end = start): void {
    this.overlay.target.reveal(start, end);
    this.overlay.target.select(start, end);
    this.overlay.layoutNow();
  }
}
