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

  /**
   * Replaces [start, end) through the editor's own editing path, so that its model and undo
   * stack stay in step (Ctrl+Z undoes the replacement, nothing is duplicated):
   *
   * 1. a cancelable `beforeinput` (`insertReplacementText`, or `deleteContentBackward` to delete)
   *    with the target range and the text: model-driven editors (Slate/wangEditor 5, CKEditor 5,
   *    Lexical, Quill) apply it themselves and cancel it. Measured with those editors: letting
   *    `execCommand` go first changes the DOM behind Slate's model (the model keeps the old text
   *    and the next undo empties the editor) and is ignored by CKEditor 5;
   * 2. when no editor cancelled it, `execCommand('insertText' | 'delete')`, which editors that
   *    read the DOM (ProseMirror/Tiptap, Draft.js, wangEditor 4, TinyMCE, plain contenteditable)
   *    take as typing, on the browser's or their own undo stack.
   *
   * Resolves to whether the field's text is now exactly the expected text.
   */
  async replace(start: number, end: number, text: string): Promise<boolean> {
    const before = this.getText();
    const expected = before.slice(0, start) + text + before.slice(end);
    const first = this.range(start, end);
    if (!first) return false;
    const doc = this.element.ownerDocument;
    const win = (doc.defaultView ?? window) as Window & typeof globalThis;
    const sel = doc.getSelection();
    this.element.focus({ preventScroll: true });
    sel?.removeAllRanges();
    sel?.addRange(first);
    // Editors learn of selection changes from `selectionchange`, which they throttle (Slate: 100
    // ms). Selecting in a turn of its own keeps the replacement out of the previous typing's undo
    // step (measured with wangEditor 5: without the pause, Ctrl+Z after a replacement also undid
    // everything typed before it).
    await new Promise((res) => win.setTimeout(res, 150));
    this.invalidate();
    if (this.getText() !== before) return false; // the user typed meanwhile: the finding is stale
    const r = this.range(start, end);
    if (!r) return false;
    sel?.removeAllRanges();
    sel?.addRange(r);

    const remove = text === '';
    let dt: DataTransfer | null = null;
    if (!remove) {
      dt = new win.DataTransfer();
      dt.setData('text/plain', text);
    }
    const ev = new win.InputEvent('beforeinput', {
      bubbles: true,
      cancelable: true,
      composed: true,
      inputType: remove ? 'deleteContentBackward' : 'insertReplacementText',
      data: remove ? null : text,
      dataTransfer: dt,
      targetRanges: [new win.StaticRange({ startContainer: r.startContainer, startOffset: r.startOffset, endContainer: r.endContainer, endOffset: r.endOffset })],
    });
    this.element.dispatchEvent(ev);
    if (ev.defaultPrevented) {
      // The editor took it; it renders on its own schedule (React editors: the next frame).
      for (let i = 0; i < 6; i++) {
        this.invalidate();
        const now = this.getText();
        if (now === expected) return true;
        if (now !== before && i >= 2) return false;
        await new Promise((res) => win.requestAnimationFrame(() => res(null)));
      }
      this.invalidate();
      if (this.getText() !== before) return this.getText() === expected;
      // Cancelled but nothing happened: the native path below.
      const again = this.range(start, end);
      if (!again) return false;
      sel?.removeAllRanges();
      sel?.addRange(again);
    }

    let ok = false;
    // Classic iframe editors (TinyMCE, UEditor, CKEditor 4: the editing host is a frame's body)
    // keep their own undo stack and record a level on an `insertReplacementText` input (what the
    // browser's spell checker sends), not on execCommand's `insertText`. Telling them before and
    // after makes the replacement one undo step of its own.
    const iframeEditor = this.element === doc.body;
    const announce = (): void => {
      this.element.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: null }));
    };
    try {
      if (iframeEditor) announce();
      ok = remove ? doc.execCommand('delete') : doc.execCommand('insertText', false, text);
      if (ok && iframeEditor) announce();
    } catch {
      ok = false;
    }
    this.invalidate();
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
