/** Tiny DOM helpers (the page builds its dynamic parts with these; never innerHTML with text). */

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el;
}

/** Line and column (1-based, in characters) of a UTF-16 offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: Array.from(text.slice(lineStart, offset)).length + 1 };
}

export function download(filename: string, content: string, type: string): void {
  const blob = new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename });
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Makes `parent`'s children the elements for `items`, reusing the element of an item whose key
 * was shown before (updated in place) and moving as few nodes as possible: after a one-character
 * edit most entries of a long list stay where they are, so the browser re-lays out almost nothing.
 */
export function reconcile<T>(
  parent: HTMLElement,
  items: readonly T[],
  key: (item: T, i: number) => string,
  create: (item: T, i: number) => HTMLElement,
  update: (el: HTMLElement, item: T, i: number) => void,
): void {
  const old = new Map<string, HTMLElement>();
  for (const c of Array.from(parent.children) as HTMLElement[]) {
    const k = c.dataset['key'];
    if (k !== undefined && !old.has(k)) old.set(k, c);
    else c.remove();
  }
  let cursor = parent.firstElementChild;
  items.forEach((item, i) => {
    const k = key(item, i);
    let el = old.get(k);
    if (el) {
      old.delete(k);
      update(el, item, i);
    } else {
      el = create(item, i);
      el.dataset['key'] = k;
    }
    if (el === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(el, cursor);
  });
  for (const el of old.values()) el.remove();
}

/** Sets an attribute only when it changes (an unchanged DOM needs no style or layout work). */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Runs `fn` once the next frame has been rendered: a requestAnimationFrame, then a task after it. */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => fn();
    ch.port2.postMessage(null);
  });
}
