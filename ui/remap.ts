import type { Finding } from './types.js';

/**
 * One edit turning an old text into a new one: the old range [start, oldEnd) was replaced by
 * the new range [start, newEnd). Offsets are UTF-16 code units.
 */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The single edit between two texts (common prefix and suffix removed), never splitting a
 * surrogate pair. Returns null when the texts are equal.
 */
export function diffEdit(oldText: string, newText: string): TextEdit | null {
  if (oldText === newText) return null;
  const oldLen = oldText.length;
  const newLen = newText.length;
  const max = Math.min(oldLen, newLen);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  if (p > 0 && isHighSurrogate(oldText.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldLen - 1 - s) === newText.charCodeAt(newLen - 1 - s)) s++;
  if (s > 0 && isLowSurrogate(oldText.charCodeAt(oldLen - s))) s--;
  return { start: p, oldEnd: oldLen - s, newEnd: newLen - s };
}

/** Applies a replacement and returns the new text plus the edit it makes. */
export function applyReplacement(text: string, start: number, end: number, replacement: string): { text: string; edit: TextEdit } {
  return {
    text: text.slice(0, start) + replacement + text.slice(end),
    edit: { start, oldEnd: end, newEnd: start + replacement.length },
  };
}

/**
 * Moves a span through an edit. Spans wholly before or after the edit keep their text and are
 * shifted; a span the edit touches (overlaps, or an insertion strictly inside it) is dropped (null).
 */
export function remapSpan(start: number, end: number, e: TextEdit): [number, number] | null {
  const delta = e.newEnd - e.oldEnd;
  // Entirely before the edit (an insertion right at `end` leaves the span intact).
  if (end <= e.start) return [start, end];
  if (start >= e.oldEnd) return [start + delta, end + delta];
  return null;
}

/** Remaps findings through a sequence of edits; drops touched ones and any whose text moved. */
export function remapFindings<F extends Finding>(findings: readonly F[], edits: readonly TextEdit[], newText?: string): F[] {
  const out: F[] = [];
  for (const f of findings) {
    let span: [number, number] | null = [f.start, f.end];
    for (const e of edits) {
      span = remapSpan(span[0], span[1], e);
      if (!span) break;
    }
    if (!span) continue;
    if (newText !== undefined && newText.slice(span[0], span[1]) !== f.text) continue;
    if (span[0] === f.start && span[1] === f.end) out.push(f);
    else out.push({ ...f, start: span[0], end: span[1] });
  }
  return out;
}

/**
 * Tracks a field's text through versions so results computed for an older version can be shown on
 * the current text. Each `update(text)` bumps the version when the text changed and records the edit;
 * `remap(findings, version)` carries findings of `version` to the current text (or returns null when
 * that version is too old to remap).
 */
export class VersionedText {
  private _text: string;
  private _version = 0;
  /** edits[i] turns version (base + i) into (base + i + 1). */
  private edits: TextEdit[] = [];
  private base = 0;
  private readonly maxHistory: number;

  constructor(text = '', maxHistory = 500) {
    this._text = text;
    this.maxHistory = maxHistory;
  }

  get text(): string {
    return this._text;
  }
  get version(): number {
    return this._version;
  }

  /** Records a new text; returns the edit (null when unchanged). */
  update(text: string): TextEdit | null {
    const e = diffEdit(this._text, text);
    if (!e) return null;
    this._text = text;
    this._version++;
    this.edits.push(e);
    if (this.edits.length > this.maxHistory) {
      const drop = this.edits.length - this.maxHistory;
      this.edits.splice(0, drop);
      this.base += drop;
    }
    return e;
  }

  /** Forgets history older than `version` (no result of an older version will be remapped). */
  prune(version: number): void {
    const drop = Math.min(this.edits.length, Math.max(0, version - this.base));
    if (drop > 0) {
      this.edits.splice(0, drop);
      this.base += drop;
    }
  }

  /** The edits from `version` to now, or null when `version` is unknown (too old or in the future). */
  editsSince(version: number): TextEdit[] | null {
    if (version < this.base || version > this._version) return null;
    return this.edits.slice(version - this.base);
  }

  /** Carries findings of `version` to the current text; null when that cannot be done. */
  remap<F extends Finding>(findings: readonly F[], version: number): F[] | null {
    const edits = this.editsSince(version);
    if (!edits) return null;
    if (edits.length === 0) return findings.slice();
    return remapFindings(findings, edits, this._text);
  }
}
