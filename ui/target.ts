import type { Box } from './geometry.js';

/**
 * What the overlay needs from an editable field. Implementations never mutate the field's DOM to
 * draw: a textarea/input is measured through a mirror element, a contenteditable through Ranges.
 */
export interface HighlightTarget {
  readonly element: HTMLElement;
  readonly kind: 'textarea' | 'contenteditable';
  /** The field's text; findings' UTF-16 offsets index this string. */
  getText(): string;
  /** One box per visual line of [start, end), in viewport (client) coordinates. */
  clientBoxes(start: number, end: number): Box[];
  /** The part of the viewport where the field shows its text (for clipping), client coordinates. */
  visibleBox(): Box;
  /**
   * Replaces [start, end) with `text` through the editor's own editing path (undoable where
   * possible); true (or a promise of true) when the field's text is then exactly the expected text.
   */
  replace(start: number, end: number, text: string): boolean | Promise<boolean>;
  /** Puts the caret (or a selection) at the given offsets and focuses the field. */
  select(start: number, end?: number): void;
  /** Caret offset when the field has focus, else null. */
  caret(): number | null;
  /** Scrolls the field (and the page) so that [start, end) is visible. */
  reveal(start: number, end: number): void;
  /**
   * Optional: between beginBatch() and endBatch() the caller promises not to change the DOM, so
   * the target may compute its per-call state (styles, field position) once for many clientBoxes().
   */
  beginBatch?(): void;
  endBatch?(): void;
  /**
   * Optional: the UTF-16 offsets [from, to) whose text can currently be seen, with some margin;
   * null when unknown or not worth it (short text). Spans outside need no measuring.
   */
  visibleOffsets?(): [number, number] | null;
  /** Forget cached text/geometry (text, size or fonts changed). */
  invalidate(): void;
  /** Subscribe to changes that move the text (scroll, resize, mutations). Returns an unsubscribe. */
  observe(onChange: (textChanged: boolean) => void): () => void;
  dispose(): void;
}
