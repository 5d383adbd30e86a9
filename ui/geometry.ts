/** Small rectangle helpers shared by the targets and the overlay. */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function box(left: number, top: number, width: number, height: number): Box {
  return { left, top, width, height };
}

export function right(b: Box): number {
  return b.left + b.width;
}
export function bottom(b: Box): number {
  return b.top + b.height;
}

export function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let l = Infinity;
  let t = Infinity;
  let r = -Infinity;
  let b = -Infinity;
  for (const x of boxes) {
    l = Math.min(l, x.left);
    t = Math.min(t, x.top);
    r = Math.max(r, right(x));
    b = Math.max(b, bottom(x));
  }
  return { left: l, top: t, width: r - l, height: b - t };
}

export function intersects(a: Box, b: Box): boolean {
  return a.left < right(b) && b.left < right(a) && a.top < bottom(b) && b.top < bottom(a);
}

export function contains(b: Box, x: number, y: number, slop = 0): boolean {
  return x >= b.left - slop && x <= right(b) + slop && y >= b.top - slop && y <= bottom(b) + slop;
}

/**
 * Turns a Range's client rects into one box per visual line: drops empty rects (line ends,
 * collapsed newlines) and merges the pieces a line is split into (script runs, inline boxes).
 */
export function lineBoxes(rects: ArrayLike<DOMRectReadOnly>): Box[] {
  const raw: Box[] = [];
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    if (r.width < 0.5 || r.height < 0.5) continue;
    raw.push({ left: r.left, top: r.top, width: r.width, height: r.height });
  }
  raw.sort((a, b) => a.top - b.top || a.left - b.left);
  const out: Box[] = [];
  for (const r of raw) {
    const last = out[out.length - 1];
    // Same line: vertical overlap of more than half the smaller height.
    if (last) {
      const overlap = Math.min(bottom(last), bottom(r)) - Math.max(last.top, r.top);
      if (overlap > Math.min(last.height, r.height) / 2) {
        const u = union([last, r])!;
        out[out.length - 1] = u;
        continue;
      }
    }
    out.push(r);
  }
  return out;
}

export function intersect(a: Box, b: Box): Box {
  const l = Math.max(a.left, b.left);
  const t = Math.max(a.top, b.top);
  const r = Math.min(right(a), right(b));
  const btm = Math.min(bottom(a), bottom(b));
  return { left: l, top: t, width: Math.max(0, r - l), height: Math.max(0, btm - t) };
}

/**
 * The part of the viewport that the ancestors of `el` leave visible: every ancestor whose overflow
 * clips (scrolled containers, overflow:hidden boxes), crossing shadow-root boundaries. <html> and
 * <body> are skipped: their overflow belongs to the viewport.
 */
export function ancestorClip(el: Element): Box | null {
  const doc = el.ownerDocument;
  const win = doc.defaultView ?? window;
  let clip: Box | null = null;
  let node: Node | null = el;
  for (;;) {
    let parent: Node | null = node.parentNode;
    if (parent && parent.nodeType === 11 && (parent as ShadowRoot).host) parent = (parent as ShadowRoot).host;
    if (!parent || parent.nodeType !== 1 || parent === doc.body || parent === doc.documentElement) break;
    const st = win.getComputedStyle(parent as Element);
    if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
      const p = parent as HTMLElement;
      const r = p.getBoundingClientRect();
      const sx = p.offsetWidth > 0 ? r.width / p.offsetWidth : 1;
      const sy = p.offsetHeight > 0 ? r.height / p.offsetHeight : 1;
      const b = { left: r.left + p.clientLeft * sx, top: r.top + p.clientTop * sy, width: p.clientWidth * sx, height: p.clientHeight * sy };
      clip = clip ? intersect(clip, b) : b;
    }
    if (st.position === 'fixed') break;
    node = parent;
  }
  return clip;
}
