import { type Box, lineBoxes } from './geometry.js';
import type { HighlightTarget } from './target.js';

/** Computed-style properties that decide how a textarea lays out its text. */
const MIRRORED = [
  'font-family', 'font-size', 'font-weight', 'font-style', 'font-stretch', 'font-variant',
  'font-feature-settings', 'font-variation-settings', 'font-kerning', 'font-variant-east-asian',
  'font-variant-ligatures', 'font-variant-numeric', 'font-size-adjust', 'font-optical-sizing',
  'line-height', 'letter-spacing', 'word-spacing', 'text-transform', 'text-indent', 'text-align',
  'text-rendering', 'tab-size', 'white-space', 'word-break', 'overflow-wrap', 'line-break',
  'hyphens', 'direction', 'unicode-bidi', 'writing-mode', 'text-orientation', 'text-autospace',
  'text-spacing-trim',
] as const;

type TextField = HTMLTextAreaElement | HTMLInputElement;

function px(v: string): number {
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : 0;
}

/**
 * A textarea (or text input) measured through a mirror: a hidden element with the same text and
 * the same text-layout styles, laid out at the same content width. A Range over the mirror's text
 * node gives the line boxes of any UTF-16 span, which are then placed over the field (minus its
 * scroll offset). Mirror geometry is cached per (text, width, font) and recomputed only when one
 * of those changes, so scrolling costs no layout.
 */
export class TextareaTarget implements HighlightTarget {
  readonly kind = 'textarea' as const;
  readonly element: TextField;
  private readonly mirror: HTMLDivElement;
  private readonly node: Text;
  private readonly style: CSSStyleDeclaration;
  private key = '';
  private cache = new Map<string, Box[]>();
  private readonly singleLine: boolean;
  /** Inside beginBatch()/endBatch(): the mirror is known in sync and the frame is memoised. */
  private batch = false;
  private batchSynced = false;
  private batchFrame: { x: number; y: number; sx: number; sy: number } | null = null;

  constructor(element: TextField, mirrorParent: Node) {
    this.element = element;
    this.singleLine = element.localName === 'input';
    const doc = element.ownerDocument;
    this.mirror = doc.createElement('div');
    this.mirror.className = 'wf-mirror';
    this.mirror.setAttribute('aria-hidden', 'true');
    this.node = doc.createTextNode('');
    this.mirror.appendChild(this.node);
    mirrorParent.appendChild(this.mirror);
    this.style = (doc.defaultView ?? window).getComputedStyle(element);
  }

  getText(): string {
    return this.element.value;
  }

  invalidate(): void {
    this.key = '';
  }

  beginBatch(): void {
    this.batch = true;
    this.batchSynced = false;
    this.batchFrame = null;
    this.batchOrigin = null;
  }

  endBatch(): void {
    this.batch = false;
    this.batchSynced = false;
    this.batchFrame = null;
    this.batchOrigin = null;
  }

  /** Brings the mirror in line with the field; clears the geometry cache when anything changed. */
  private sync(): void {
    if (this.batch) {
      if (this.batchSynced) return;
      this.batchSynced = true;
    }
    const s = this.style;
    const text = this.element.value;
    const contentWidth = this.element.clientWidth - px(s.paddingLeft) - px(s.paddingRight);
    const fontKey = [s.font, s.lineHeight, s.letterSpacing, s.wordSpacing, s.whiteSpace, s.wordBreak, s.overflowWrap, s.textIndent].join('|');
    const key = `${contentWidth}|${fontKey}|${text.length}`;
    if (key === this.key && this.node.data === text) return;
    this.key = key;
    this.cache.clear();
    const m = this.mirror.style;
    for (const p of MIRRORED) m.setProperty(p, s.getPropertyValue(p));
    if (this.singleLine) {
      m.setProperty('white-space', 'pre');
      m.setProperty('overflow-wrap', 'normal');
    }
    m.setProperty('box-sizing', 'content-box');
    m.setProperty('width', `${Math.max(0, contentWidth)}px`);
    if (this.node.data !== text) this.node.data = text;
  }

  /** Line boxes of [start, end) relative to the field's content origin (unscrolled, unscaled). */
  private localBoxes(start: number, end: number): Box[] {
    this.sync();
    const len = this.node.data.length;
    const s = Math.max(0, Math.min(start, len));
    const e = Math.max(s, Math.min(end, len));
    if (s === e) return [];
    const k = `${s}:${e}`;
    const hit = this.cache.get(k);
    if (hit) return hit;
    const range = this.element.ownerDocument.createRange();
    range.setStart(this.node, s);
    range.setEnd(this.node, e);
    const origin = this.mirrorOrigin();
    const boxes = lineBoxes(range.getClientRects()).map((b) => ({
      left: b.left - origin.left,
      top: b.top - origin.top,
      width: b.width,
      height: b.height,
    }));
    range.detach();
    this.cache.set(k, boxes);
    return boxes;
  }

  private batchOrigin: DOMRect | null = null;

  /** The mirror's client rect (memoised inside a batch). */
  private mirrorOrigin(): DOMRect {
    if (this.batch) return (this.batchOrigin ??= this.mirror.getBoundingClientRect());
    return this.mirror.getBoundingClientRect();
  }

  /**
   * Offsets of the text shown in the field's scrollport (plus about a screen above and below), by
   * binary search over the mirror's layout: lines only go down as offsets grow. Null for short
   * texts (measuring everything is cheap) or when the layout cannot be read.
   */
  visibleOffsets(): [number, number] | null {
    this.sync();
    const text = this.node.data;
    const n = text.length;
    if (n < 1500 || this.singleLine) return null;
    const el = this.element;
    const margin = el.clientHeight;
    const top = el.scrollTop - px(this.style.paddingTop) - margin;
    const bottom = el.scrollTop - px(this.style.paddingTop) + el.clientHeight + margin;
    /** Local top/bottom of the line holding the first visible character at or after `i`. */
    const line = (i: number): { top: number; bottom: number } | null => {
      for (let j = i; j < Math.min(n, i + 64); j++) {
        const c = text.charCodeAt(j);
        if (c === 10 || c === 13 || (c >= 0xdc00 && c <= 0xdfff)) continue;
        const b = this.localBoxes(j, j + (c >= 0xd800 && c <= 0xdbff ? 2 : 1))[0];
        if (b) return { top: b.top, bottom: b.top + b.height };
      }
      return null;
    };
    // First offset whose line ends below `top`; first offset whose line starts below `bottom`.
    const search = (pred: (l: { top: number; bottom: number }) => boolean): number | null => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const l = line(mid);
        if (!l) return null;
        if (pred(l)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const from = search((l) => l.bottom > top);
    const to = search((l) => l.top > bottom);
    if (from === null || to === null) return null;
    // Back up over the newlines before `from` (a finding may end in them) and allow a char of slack.
    return [Math.max(0, from - 64), Math.min(n, to + 1)];
  }

  private frame(): { x: number; y: number; sx: number; sy: number } {
    if (this.batch) return (this.batchFrame ??= this.measureFrame());
    return this.measureFrame();
  }

  private measureFrame(): { x: number; y: number; sx: number; sy: number } {
    const el = this.element;
    const r = el.getBoundingClientRect();
    const sx = el.offsetWidth > 0 ? r.width / el.offsetWidth : 1;
    const sy = el.offsetHeight > 0 ? r.height / el.offsetHeight : 1;
    const s = this.style;
    let top = px(s.borderTopWidth) + px(s.paddingTop) - el.scrollTop;
    if (this.singleLine) {
      // An <input> centres its single line vertically in its content box.
      const content = el.clientHeight - px(s.paddingTop) - px(s.paddingBottom);
      top += (content - this.mirror.offsetHeight) / 2;
    }
    return {
      x: r.left + (px(s.borderLeftWidth) + px(s.paddingLeft) - el.scrollLeft) * sx,
      y: r.top + top * sy,
      sx,
      sy,
    };
  }

  clientBoxes(start: number, end: number): Box[] {
    const local = this.localBoxes(start, end);
    if (local.length === 0) return local;
    const f = this.frame();
    return local.map((b) => ({ left: f.x + b.left * f.sx, top: f.y + b.top * f.sy, width: b.width * f.sx, height: b.height * f.sy }));
  }

  visibleBox(): Box {
    const el = this.element;
    const r = el.getBoundingClientRect();
    const sx = el.offsetWidth > 0 ? r.width / el.offsetWidth : 1;
    const sy = el.offsetHeight > 0 ? r.height / el.offsetHeight : 1;
    return {
      left: r.left + el.clientLeft * sx,
      top: r.top + el.clientTop * sy,
      width: el.clientWidth * sx,
      height: el.clientHeight * sy,
    };
  }

  replace(start: number, end: number, text: string): boolean {
    const el = this.element;
    const before = el.value;
    const expected = before.slice(0, start) + text + before.slice(end);
    el.focus({ preventScroll: true });
    el.setSelectionRange(start, end);
    let done = false;
    try {
      // execCommand keeps the edit on the field's native undo stack (Ctrl+Z works).
      done = text === '' ? start < end && el.ownerDocument.execCommand('delete') : el.ownerDocument.execCommand('insertText', false, text);
    } catch {
      done = false;
    }
    if (!done || el.value !== expected) {
      el.value = expected;
      el.setSelectionRange(start + text.length, start + text.length);
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: text }));
    }
    return el.value === expected;
  }

  select(start: number, end = start): void {
    this.element.focus({ preventScroll: true });
    this.element.setSelectionRange(start, end);
  }

  caret(): number | null {
    const el = this.element;
    if (el.ownerDocument.activeElement !== el) return null;
    return el.selectionStart;
  }

  reveal(start: number, end: number): void {
    const el = this.element;
    const boxes = this.localBoxes(start, end);
    const first = boxes[0];
    if (first) {
      const s = this.style;
      const top = first.top + px(s.paddingTop);
      const viewTop = el.scrollTop;
      const viewBottom = viewTop + el.clientHeight;
      if (top < viewTop + 4 || top + first.height > viewBottom - 4) {
        el.scrollTop = Math.max(0, top - el.clientHeight / 3);
      }
      if (!this.singleLine) {
        // keep horizontal scroll as is for wrapped text
      } else {
        const left = first.left + px(s.paddingLeft);
        if (left < el.scrollLeft || left > el.scrollLeft + el.clientWidth) el.scrollLeft = Math.max(0, left - el.clientWidth / 3);
      }
    }
    const r = el.getBoundingClientRect();
    const vh = el.ownerDocument.defaultView?.innerHeight ?? 0;
    if (r.bottom < 0 || r.top > vh || r.top < 0) el.scrollIntoView({ block: 'nearest' });
  }

  observe(onChange: (textChanged: boolean) => void): () => void {
    const el = this.element;
    const win = el.ownerDocument.defaultView ?? window;
    const onScroll = (): void => onChange(false);
    const onInput = (): void => onChange(true);
    const onResize = (): void => {
      this.invalidate();
      onChange(false);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('input', onInput);
    win.addEventListener('resize', onResize, { passive: true });
    const ro = new ResizeObserver(onResize);
    ro.observe(el);
    const fonts = el.ownerDocument.fonts;
    fonts?.addEventListener?.('loadingdone', onResize);
    void fonts?.ready.then(onResize);
    return () => {
      el.removeEventListener('scroll', onScroll);
      el.removeEventListener('input', onInput);
      win.removeEventListener('resize', onResize);
      ro.disconnect();
      fonts?.removeEventListener?.('loadingdone', onResize);
    };
  }

  dispose(): void {
    this.mirror.remove();
    this.cache.clear();
  }
}
