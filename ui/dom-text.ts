/**
 * The text of a contenteditable element as the analyzer sees it, with a map back to DOM
 * positions. Text nodes contribute their data verbatim (so offsets map 1:1 into them); <br> and
 * the boundaries of block elements contribute a virtual "\n" that belongs to no node. Nothing in
 * the DOM is changed.
 */

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'caption',
]);
const SKIP = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'object', 'svg', 'math', 'img', 'video', 'audio', 'canvas']);

export interface TextSegment {
  node: Text;
  /** Global UTF-16 offsets of the node's data in `text`. */
  start: number;
  end: number;
}

export interface DomPosition {
  node: Node;
  offset: number;
}

export class DomTextModel {
  readonly root: Node;
  readonly text: string;
  readonly segments: readonly TextSegment[];

  private constructor(root: Node, text: string, segments: TextSegment[]) {
    this.root = root;
    this.text = text;
    this.segments = segments;
  }

  static read(root: Node): DomTextModel {
    const parts: string[] = [];
    const segments: TextSegment[] = [];
    let len = 0;
    let lastIsNewline = true; // no leading virtual newline
    const push = (s: string): void => {
      parts.push(s);
      len += s.length;
      lastIsNewline = s.endsWith('\n');
    };
    const walk = (n: Node): void => {
      if (n.nodeType === 3) {
        const t = n as Text;
        if (t.data.length === 0) return;
        segments.push({ node: t, start: len, end: len + t.data.length });
        push(t.data);
        return;
      }
      if (n.nodeType !== 1 && n.nodeType !== 11) return;
      const name = n.nodeType === 1 ? (n as Element).localName : '';
      if (SKIP.has(name)) return;
      if (name === 'br') {
        push('\n');
        return;
      }
      const block = BLOCK.has(name);
      if (block && len > 0 && !lastIsNewline) push('\n');
      for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
      if (block && len > 0 && !lastIsNewline) push('\n');
    };
    for (let c = root.firstChild; c; c = c.nextSibling) walk(c);
    let text = parts.join('');
    // Drop a trailing virtual newline (it belongs to no node and no editor shows it as text).
    const lastSeg = segments[segments.length - 1];
    if (text.endsWith('\n') && (!lastSeg || lastSeg.end < text.length)) text = text.slice(0, -1);
    return new DomTextModel(root, text, segments);
  }

  /** Index of the last segment starting at or before `offset`, or -1. */
  private seek(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid]!.start <= offset) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /**
   * DOM position of a text offset. `bias` decides where an offset on a virtual newline goes:
   * 'forward' to the start of the next text node, 'backward' to the end of the previous one.
   */
  position(offset: number, bias: 'forward' | 'backward'): DomPosition | null {
    if (this.segments.length === 0) return null;
    const i = this.seek(offset);
    const seg = i >= 0 ? this.segments[i]! : undefined;
    if (seg && offset <= seg.end) {
      if (offset === seg.end && bias === 'forward') {
        const next = this.segments[i + 1];
        if (next && next.start === seg.end) return { node: next.node, offset: 0 };
      }
      return { node: seg.node, offset: offset - seg.start };
    }
    if (bias === 'backward' && seg) return { node: seg.node, offset: seg.node.data.length };
    const next = this.segments[i + 1];
    if (next) return { node: next.node, offset: 0 };
    return seg ? { node: seg.node, offset: seg.node.data.length } : null;
  }

  range(start: number, end: number): Range | null {
    const doc = this.root.ownerDocument ?? (this.root as Document);
    const a = this.position(start, 'forward');
    const b = this.position(end, 'backward');
    if (!a || !b) return null;
    const r = doc.createRange();
    try {
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
    } catch {
      return null;
    }
    return r.collapsed && start < end ? null : r;
  }

  /** Text offset of a DOM position inside the root (e.g. the selection's focus), or null. */
  offsetOf(node: Node, offset: number): number | null {
    if (node.nodeType === 3) {
      const seg = this.segments.find((s) => s.node === node);
      if (seg) return seg.start + Math.min(offset, seg.node.data.length);
    }
    const doc = this.root.ownerDocument ?? (this.root as Document);
    const r = doc.createRange();
    try {
      r.setStart(node, offset);
    } catch {
      return null;
    }
    // First text segment at or after the position.
    for (const seg of this.segments) {
      if (r.comparePoint(seg.node, 0) >= 0) return seg.start;
    }
    return this.text.length;
  }
}
