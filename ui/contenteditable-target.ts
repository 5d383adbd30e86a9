import { DomTextModel } from './dom-text.js';
import { type Box, lineBoxes } from './geometry.js';
import type { HighlightTarget } from './target.js';

/**
 * A contenteditable element (any rich editor's editing host). The text is read through
 * DomTextModel; spans are measured with DOM Ranges. Nothing is ever inserted into the editor:
 * underlines are drawn by the CSS Custom Highlight API when the browser has it (see
 * highlights.ts), else by the overlay's boxes, which also serve hit-testing in both cases.
 */
export class ContentEditableTarget implements HighlightTarget {
  readonly kind = 'contenteditable' as const;
  readonly element: HTMLElement;
  private model: DomTextModel | null = null;

  constructor(element: HTMLElement) {
    this.element = element;
  }

  textModel(): DomTextModel {
    if (!this.model) this.model = DomTextModel.read(this.element);
    return this.model;
  }

  getText(): string {
    return this.textModel().text;
  }

  invalidate(): void {
    this.model = null;
  }

  range(start: number, end: number): Range | null {
    return this.textModel().range(start, end);
  }

  clientBoxes(start: number, end: number): Box[] {
    const r = this.range(start, end);
    if (!r) return [];
    return lineBoxes(r.getClientRects());
  }

  visibleBox(): Box {
    const el = this.element;
    const r = el.getBoundingClientRect();
    // Clip to the element's scrollport when it scrolls itself; otherwise to its border box, so
    // text in overflowing, non-scrolling editors still gets marks.
    const win = el.ownerDocument.defaultView ?? window;
    const st = win.getComputedStyle(el);
    const scrolls = /(auto|scroll|hidden)/.test(st.overflowX + st.overflowY);
    if (!scrolls) return { left: r.left, top: r.top, width: r.width, height: r.height };
    const sx = el.offsetWidth > 0 ? r.width / el.offsetWidth : 1;
    const sy = el.offsetHeight > 0 ? r.height / el.offsetHeight : 1;
    return { left: r.left + el.clientLeft * sx, top: r.top + el.clientTop * sy, width: el.clientWidth * sx, height: el.clientHeight * sy };
  }

  replace(start: number, end: number, text: string): boolean {
    const before = this.getText();
    const expected = before.slice(0, start) + text + before.slice(end);
    const r = this.range(start, end);
    if (!r) return false;
    const doc = this.element.ownerDocument;
    const sel = doc.getSelection();
    this.element.focus({ preventScroll: true });
    sel?.removeAllRanges();
    sel?.addRange(r);
    let ok = false;
    try {
      // The editor's own editing path: editors (ProseMirror, Quill, wangEditor …) listen for the
      // beforeinput/input that execCommand produces and keep their model and undo stack in step.
      ok = text === '' ? doc.execCommand('delete') : doc.execCommand('insertText', false, text);
    } catch {
      ok = false;
    }
    this.invalidate();
    if (ok && this.getText() === expected) return true;
    if (!ok) {
      // Editors that cancel execCommand but handle beforeinput themselves.
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      const ev = new InputEvent('beforeinput', {
        bubbles: true,
        cancelable: true,
        inputType: text === '' ? 'deleteContentBackward' : 'insertReplacementText',
        data: text === '' ? null : text,
        dataTransfer: text === '' ? null : dt,
        targetRanges: [new StaticRange({ startContainer: r.startContainer, startOffset: r.startOffset, endContainer: r.endContainer, endOffset: r.endOffset })],
      });
      this.element.dispatchEvent(ev);
      this.invalidate();
    }
    return this.getText() === expected;
  }

  select(start: number, end = start): void {
    const r = this.range(start, end) ?? this.range(start, start);
    this.element.focus({ preventScroll: true });
    if (!r) return;
    const sel = this.element.ownerDocument.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(r);
  }

  caret(): number | null {
    const sel = this.element.ownerDocument.getSelection();
    if (!sel || sel.rangeCount === 0 || !sel.focusNode) return null;
    if (!this.element.contains(sel.focusNode)) return null;
    return this.textModel().offsetOf(sel.focusNode, sel.focusOffset);
  }

  reveal(start: number, end: number): void {
    const r = this.range(start, end);
    const target = r?.startContainer.parentElement;
    target?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  observe(onChange: (textChanged: boolean) => void): () => void {
    const el = this.element;
    const win = el.ownerDocument.defaultView ?? window;
    const onScroll = (): void => onChange(false);
    const onResize = (): void => onChange(false);
    // Observing is not mutating: the MutationObserver only tells us the text moved.
    const mo = new MutationObserver(() => {
      this.invalidate();
      onChange(true);
    });
    mo.observe(el, { characterData: true, childList: true, subtree: true });
    el.addEventListener('scroll', onScroll, { passive: true });
    win.addEventListener('resize', onResize, { passive: true });
    const ro = new ResizeObserver(onResize);
    ro.observe(el);
    const fonts = el.ownerDocument.fonts;
    fonts?.addEventListener?.('loadingdone', onResize);
    return () => {
      mo.disconnect();
      el.removeEventListener('scroll', onScroll);
      win.removeEventListener('resize', onResize);
      ro.disconnect();
      fonts?.removeEventListener?.('loadingdone', onResize);
    };
  }

  dispose(): void {
    this.model = null;
  }
}
