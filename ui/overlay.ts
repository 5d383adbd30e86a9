import { categoryStyle } from './categories.js';
import { ContentEditableTarget } from './contenteditable-target.js';
import { ancestorClip, type Box, bottom, contains, intersect, intersects, union } from './geometry.js';
import { ACTIVE_HIGHLIGHT, HighlightLayer, highlightName } from './highlights.js';
import { categoryLabel, UI_STRINGS_ZH, type UiStrings } from './strings.js';
import { OVERLAY_CSS } from './styles.js';
import type { HighlightTarget } from './target.js';
import { TextareaTarget } from './textarea-target.js';
import type { Finding } from './types.js';

/** An extra button on the card (the extension adds "ignore here" and "turn this rule off"). */
export interface CardAction {
  id: string;
  label: (s: UiStrings) => string;
  run: (finding: Finding) => void;
}

export interface OverlayOptions {
  strings?: UiStrings;
  /**
   * A positioned element to hold the <wenfeng-overlay> host (never the editor itself). Default:
   * the document element (<html>, outside <body>), with a fixed-position host (the extension's case).
   */
  container?: HTMLElement | null;
  /** Open the card when the pointer rests on a mark (default true). */
  hoverCards?: boolean;
  hoverDelay?: number;
  /** Contenteditable: draw with the CSS Custom Highlight API when available (default 'auto'). */
  highlightApi?: 'auto' | 'never';
  /** Editor shortcuts: Alt+Enter opens the card at the caret, F8 / Shift+F8 next / previous (default true). */
  keyboard?: boolean;
  actions?: CardAction[];
  /** Called after a replacement was applied through the editor (the owner re-analyses). */
  onApply?: (finding: Finding, replacement: string, ok: boolean) => void;
  /** Called when the card opens (with its finding) or closes (null). */
  onCard?: (finding: Finding | null) => void;
  zIndex?: number;
}

export interface OpenCardOptions {
  /** Move keyboard focus into the card (keyboard users). */
  focus?: boolean;
  /** Keep the card open until closed explicitly (click) rather than following the pointer. */
  pinned?: boolean;
}

const HOST_TAG = 'wenfeng-overlay';
let overlayCounter = 0;

/** Tag-name checks rather than instanceof, so fields from another realm (iframes) qualify too. */
function isTextField(el: Element): el is HTMLTextAreaElement | HTMLInputElement {
  const name = el.localName;
  return name === 'textarea' || (name === 'input' && /^(text|search|url|tel|)$/.test((el as HTMLInputElement).type));
}

/** Sets a box's left/top/width/height in px, writing only the ones that changed. */
function setPx(s: CSSStyleDeclaration, left: number, top: number, width: number, height: number): void {
  const l = `${left}px`;
  const t = `${top}px`;
  const w = `${width}px`;
  const h = `${height}px`;
  if (s.left !== l) s.left = l;
  if (s.top !== t) s.top = t;
  if (s.width !== w) s.width = w;
  if (s.height !== h) s.height = h;
}

function findingKey(f: Finding): string {
  return `${f.rule}|${f.start}|${f.end}`;
}

/**
 * Draws findings over an editable field without touching its DOM: a <wenfeng-overlay> host with an
 * open shadow root holds one element per finding (data-rule, data-category, data-start, data-end)
 * placed over the flagged text, and the card. Used by www/ and by the extension.
 */
export class WenfengOverlay {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly target: HighlightTarget;
  private readonly opts: Required<Pick<OverlayOptions, 'hoverCards' | 'hoverDelay' | 'keyboard'>> & OverlayOptions;
  private strings: UiStrings;
  private readonly clip: HTMLDivElement;
  private readonly card: HTMLDivElement;
  private readonly id: string;
  private list: Finding[] = [];
  private marks: HTMLDivElement[] = [];
  private hits: { index: number; boxes: Box[] }[] = [];
  private raf = 0;
  private cardIndex = -1;
  private cardPinned = false;
  private hoverIndex = -1;
  private hoverTimer = 0;
  private closeTimer = 0;
  private pointerInCard = false;
  private highlights: HighlightLayer | null = null;
  private highlightsDirty = true;
  private readonly cleanups: (() => void)[] = [];
  private disposed = false;

  constructor(element: HTMLElement, options: OverlayOptions = {}) {
    this.opts = { hoverCards: true, hoverDelay: 150, keyboard: true, ...options };
    this.strings = options.strings ?? UI_STRINGS_ZH;
    this.id = `wf${++overlayCounter}`;
    const doc = element.ownerDocument;
    this.host = doc.createElement(HOST_TAG);
    const hs = this.host.style;
    const fixed = !options.container;
    for (const [k, v] of [
      ['position', fixed ? 'fixed' : 'absolute'], ['left', '0'], ['top', '0'], ['width', '0'], ['height', '0'],
      ['overflow', 'visible'], ['pointer-events', 'none'], ['z-index', String(options.zIndex ?? 2147483000)],
      ['display', 'block'], ['margin', '0'], ['padding', '0'], ['border', '0'], ['transform', 'none'],
    ] as const) hs.setProperty(k, v, 'important');
    this.root = this.host.attachShadow({ mode: 'open' });
    this.adoptCss();
    this.clip = doc.createElement('div');
    this.clip.className = 'wf-clip';
    this.clip.setAttribute('aria-hidden', 'true');
    this.card = doc.createElement('div');
    this.card.className = 'wf-card';
    this.card.id = `${this.id}-card`;
    this.card.hidden = true;
    this.card.tabIndex = -1;
    this.card.setAttribute('role', 'dialog');
    this.root.append(this.clip, this.card);
    // Without a container the host goes under <html>, outside <body>: the body may be the editor
    // itself (iframe editors such as TinyMCE, designMode documents) or carry a transform that
    // would move a fixed-position host.
    (options.container ?? doc.documentElement).appendChild(this.host);

    if (isTextField(element)) {
      this.target = new TextareaTarget(element, this.root);
    } else {
      const ce = new ContentEditableTarget(element);
      this.target = ce;
      if (options.highlightApi !== 'never' && HighlightLayer.supported(element)) {
        const layer = new HighlightLayer(element);
        // Without its styles a highlight is invisible: draw boxes instead.
        if (layer.styled) this.highlights = layer;
      }
    }
    this.listen();
    this.schedule();
  }

  private adoptCss(): void {
    const win = this.host.ownerDocument.defaultView ?? window;
    try {
      const sheet = new (win as unknown as { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet();
      sheet.replaceSync(OVERLAY_CSS);
      this.root.adoptedStyleSheets = [sheet];
    } catch {
      const style = this.host.ownerDocument.createElement('style');
      style.textContent = OVERLAY_CSS;
      this.root.appendChild(style);
    }
  }

  /** Whether underlines are drawn by the CSS Custom Highlight API (contenteditable only). */
  get usesHighlightApi(): boolean {
    return this.highlights !== null;
  }

  get findings(): readonly Finding[] {
    return this.list;
  }

  /** The mark elements, in the order of `findings` (for tests and tools). */
  markElements(): readonly HTMLElement[] {
    return this.marks.slice(0, this.list.length);
  }

  setStrings(s: UiStrings): void {
    this.strings = s;
    if (this.cardIndex >= 0) this.renderCard(this.cardIndex);
  }

  /** Shows these findings (offsets must refer to the field's current text). */
  setFindings(findings: readonly Finding[]): void {
    const previous = this.cardIndex >= 0 ? this.list[this.cardIndex] : undefined;
    this.list = findings.slice().sort((a, b) => a.start - b.start || a.end - b.end);
    this.hoverIndex = -1;
    if (previous) {
      const k = findingKey(previous);
      let idx = this.list.findIndex((f) => findingKey(f) === k);
      if (idx < 0) idx = this.list.findIndex((f) => f.rule === previous.rule && f.text === previous.text);
      if (idx >= 0) this.cardIndex = idx;
      else this.closeCard();
    }
    const doc = this.host.ownerDocument;
    while (this.marks.length < this.list.length) {
      const m = doc.createElement('div');
      m.className = 'wf-mark';
      this.clip.appendChild(m);
      this.marks.push(m);
    }
    const base = this.highlights ? 'wf-mark wf-hl' : 'wf-mark';
    for (let i = 0; i < this.marks.length; i++) {
      const m = this.marks[i]!;
      const f = this.list[i];
      if (!f) {
        if (!m.hidden || m.hasAttribute('data-rule')) {
          m.hidden = true;
          m.className = base;
          m.removeAttribute('data-rule');
          m.removeAttribute('data-start');
          m.removeAttribute('data-end');
          m.removeAttribute('data-category');
        }
        continue;
      }
      // Only what changed is written: after a small edit most marks keep their finding, and an
      // untouched mark costs the browser no style work.
      const cls = i === this.cardIndex ? `${base} wf-active` : base;
      if (m.className !== cls) m.className = cls;
      const d = m.dataset;
      if (d['rule'] !== f.rule || d['category'] !== f.category) {
        const st = categoryStyle(f.category);
        d['rule'] = f.rule;
        d['category'] = f.category;
        d['ul'] = st.underline;
        m.style.setProperty('--wf-c', st.color);
        m.style.setProperty('--wf-t', st.tint);
      }
      if (d['severity'] !== f.severity) d['severity'] = f.severity;
      const start = String(f.start);
      const end = String(f.end);
      const index = String(i);
      if (d['start'] !== start) d['start'] = start;
      if (d['end'] !== end) d['end'] = end;
      if (d['index'] !== index) d['index'] = index;
    }
    this.highlightsDirty = true;
    this.layoutNow();
  }

  /** Re-measures on the next frame. */
  schedule(): void {
    if (this.raf || this.disposed) return;
    const win = this.host.ownerDocument.defaultView ?? window;
    this.raf = win.requestAnimationFrame(() => this.layoutNow());
  }

  /** Measures and places every mark now. */
  layoutNow(): void {
    if (this.raf) {
      (this.host.ownerDocument.defaultView ?? window).cancelAnimationFrame(this.raf);
      this.raf = 0;
    }
    if (this.disposed) return;
    // Read everything first, then write: a style write between two measurements would force a
    // fresh style/layout pass per finding (hundreds of them on a long draft).
    const hostRect = this.host.getBoundingClientRect();
    const vis = this.visibleBox();
    const text = this.target.getText();
    const all: Box[][] = [];
    this.target.beginBatch?.();
    try {
      // On a long text only the findings near the visible part are measured and drawn; the others
      // get their marks when scrolled into view (scrolling re-runs this).
      const span = this.target.visibleOffsets?.() ?? null;
      for (const f of this.list) {
        const seen = !span || (f.end >= span[0] && f.start <= span[1]);
        all.push(seen && text.slice(f.start, f.end) === f.text ? this.target.clientBoxes(f.start, f.end) : []);
      }
    } finally {
      this.target.endBatch?.();
    }
    const cs = this.clip.style;
    cs.left = `${vis.left - hostRect.left}px`;
    cs.top = `${vis.top - hostRect.top}px`;
    cs.width = `${Math.max(0, vis.width)}px`;
    cs.height = `${Math.max(0, vis.height)}px`;
    this.hits = [];
    const doc = this.host.ownerDocument;
    for (let i = 0; i < this.list.length; i++) {
      const m = this.marks[i]!;
      const boxes = all[i]!;
      const u = union(boxes);
      if (!u) {
        if (!m.hidden) m.hidden = true;
        continue;
      }
      if (m.hidden) m.hidden = false;
      setPx(m.style, u.left - vis.left, u.top - vis.top, u.width, u.height);
      while (m.childElementCount < boxes.length) {
        const seg = doc.createElement('div');
        seg.className = 'wf-seg';
        m.appendChild(seg);
      }
      while (m.childElementCount > boxes.length) m.lastElementChild!.remove();
      for (let j = 0; j < boxes.length; j++) {
        const b = boxes[j]!;
        setPx((m.children[j] as HTMLElement).style, b.left - u.left, b.top - u.top, b.width, b.height);
      }
      const visible = boxes.filter((b) => intersects(b, vis));
      if (visible.length) this.hits.push({ index: i, boxes: visible });
    }
    if (this.highlights && this.highlightsDirty) this.paintHighlights(text);
    if (this.cardIndex >= 0) this.positionCard();
  }

  /** Where the field's text can be seen: its own scrollport, clipped by scrolling ancestors. */
  visibleBox(): Box {
    const own = this.target.visibleBox();
    const anc = ancestorClip(this.target.element);
    return anc ? intersect(own, anc) : own;
  }

  private paintHighlights(text: string): void {
    const layer = this.highlights;
    const ce = this.target as ContentEditableTarget;
    if (!layer) return;
    this.highlightsDirty = false;
    const byName = new Map<string, AbstractRange[]>();
    const active: AbstractRange[] = [];
    this.list.forEach((f, i) => {
      if (text.slice(f.start, f.end) !== f.text) return;
      const r = ce.range(f.start, f.end);
      if (!r) return;
      const name = highlightName(categoryStyle(f.category) === categoryStyle('other') ? 'other' : f.category);
      let arr = byName.get(name);
      if (!arr) byName.set(name, (arr = []));
      arr.push(r);
      if (i === this.cardIndex) active.push(r.cloneRange());
    });
    if (active.length) byName.set(ACTIVE_HIGHLIGHT, active);
    layer.set(byName);
  }

  /** The finding under a viewport point, or -1. */
  hitTest(x: number, y: number): number {
    let best = -1;
    for (const h of this.hits) {
      if (h.boxes.some((b) => contains(b, x, y, 1))) {
        // Prefer the narrowest (innermost) finding when spans nest.
        if (best < 0 || this.list[h.index]!.end - this.list[h.index]!.start < this.list[best]!.end - this.list[best]!.start) best = h.index;
      }
    }
    return best;
  }

  /** Index of the finding that contains the offset (caret), or -1. */
  indexAt(offset: number): number {
    let best = -1;
    this.list.forEach((f, i) => {
      if (offset >= f.start && offset <= f.end) {
        if (best < 0 || f.end - f.start < this.list[best]!.end - this.list[best]!.start) best = i;
      }
    });
    return best;
  }

  private indexOf(f: Finding | number): number {
    if (typeof f === 'number') return f >= 0 && f < this.list.length ? f : -1;
    const k = findingKey(f);
    return this.list.findIndex((x) => x === f || findingKey(x) === k);
  }

  private setHover(i: number): void {
    if (i === this.hoverIndex) return;
    if (this.hoverIndex >= 0) this.marks[this.hoverIndex]?.classList.remove('wf-hover');
    this.hoverIndex = i;
    if (i >= 0) this.marks[i]?.classList.add('wf-hover');
  }

  openCard(f: Finding | number, o: OpenCardOptions = {}): void {
    const i = this.indexOf(f);
    if (i < 0) return;
    this.clearTimers();
    if (this.cardIndex >= 0 && this.cardIndex !== i) this.marks[this.cardIndex]?.classList.remove('wf-active');
    this.cardIndex = i;
    this.cardPinned = this.cardPinned || !!o.pinned || !!o.focus;
    if (o.pinned) this.cardPinned = true;
    this.marks[i]?.classList.add('wf-active');
    this.renderCard(i);
    this.card.hidden = false;
    this.highlightsDirty = true;
    this.layoutNow();
    if (o.focus) {
      const first = this.card.querySelector<HTMLElement>('.wf-actions .wf-btn') ?? this.card;
      first.focus({ preventScroll: true });
    }
    this.opts.onCard?.(this.list[i]!);
  }

  closeCard(o: { restoreFocus?: boolean } = {}): void {
    this.clearTimers();
    if (this.cardIndex < 0) return;
    const f = this.list[this.cardIndex];
    this.marks[this.cardIndex]?.classList.remove('wf-active');
    const hadFocus = this.root.activeElement !== null;
    this.cardIndex = -1;
    this.cardPinned = false;
    this.card.hidden = true;
    this.highlightsDirty = true;
    this.schedule();
    if (o.restoreFocus && hadFocus && f) this.target.select(f.end);
    this.opts.onCard?.(null);
  }

  get openFinding(): Finding | null {
    return this.cardIndex >= 0 ? (this.list[this.cardIndex] ?? null) : null;
  }

  /** Scrolls the finding into view and makes its mark blink. */
  flash(f: Finding | number): void {
    const i = this.indexOf(f);
    if (i < 0) return;
    const fi = this.list[i]!;
    this.target.reveal(fi.start, fi.end);
    this.layoutNow();
    const m = this.marks[i];
    if (!m) return;
    m.classList.remove('wf-flash');
    void m.offsetWidth; // restart the animation
    m.classList.add('wf-flash');
    const win = this.host.ownerDocument.defaultView ?? window;
    win.setTimeout(() => m.classList.remove('wf-flash'), 1500);
  }

  private renderCard(i: number): void {
    const f = this.list[i];
    if (!f) return;
    const s = this.strings;
    const doc = this.host.ownerDocument;
    const el = (tag: string, cls: string, text?: string): HTMLElement => {
      const e = doc.createElement(tag);
      e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const st = categoryStyle(f.category);
    const card = this.card;
    card.replaceChildren();
    card.style.setProperty('--wf-c', st.color);
    card.dataset['rule'] = f.rule;
    card.dataset['category'] = f.category;
    card.dataset['start'] = String(f.start);
    card.dataset['end'] = String(f.end);
    const cat = categoryLabel(s, f.category);
    card.setAttribute('aria-label', s.cardLabel(cat, f.text));

    const head = el('div', 'wf-head');
    head.append(el('span', 'wf-chip', cat));
    const sev = el('span', 'wf-sev', s.severity[f.severity] ?? f.severity);
    sev.dataset['severity'] = f.severity;
    head.append(sev);
    const quote = el('p', 'wf-quote', `“${f.text}”`);
    const msg = el('p', 'wf-msg', f.message);
    const advice = el('p', 'wf-advice');
    const b = el('b', '', `${s.advice}：`);
    advice.append(b, doc.createTextNode(f.advice));
    const actions = el('div', 'wf-actions');
    actions.setAttribute('role', 'group');
    for (const rep of f.replacements) {
      const btn = el('button', rep === '' ? 'wf-btn wf-danger' : 'wf-btn', rep === '' ? s.remove : s.replaceWith(rep)) as HTMLButtonElement;
      btn.type = 'button';
      btn.dataset['replacement'] = rep;
      btn.addEventListener('click', () => this.apply(f, rep));
      actions.append(btn);
    }
    for (const a of this.opts.actions ?? []) {
      const btn = el('button', 'wf-btn wf-secondary', a.label(s)) as HTMLButtonElement;
      btn.type = 'button';
      btn.dataset['action'] = a.id;
      btn.addEventListener('click', () => {
        this.closeCard({ restoreFocus: true });
        a.run(f);
      });
      actions.append(btn);
    }
    const close = el('button', 'wf-close', '×') as HTMLButtonElement;
    close.type = 'button';
    close.setAttribute('aria-label', s.close);
    close.addEventListener('click', () => this.closeCard({ restoreFocus: true }));
    card.append(head, quote, msg, advice);
    if (f.replacements.length === 0) card.append(el('p', 'wf-none', s.noReplacement));
    if (actions.childElementCount) card.append(actions);
    card.append(el('div', 'wf-rule', `${s.rule}：${f.rule}`), close);
  }

  private positionCard(): void {
    const f = this.list[this.cardIndex];
    if (!f) return;
    const win = this.host.ownerDocument.defaultView ?? window;
    const hostRect = this.host.getBoundingClientRect();
    const vis = this.visibleBox();
    const boxes = this.target.clientBoxes(f.start, f.end).filter((b) => intersects(b, vis));
    const first = boxes[0] ?? { left: vis.left + 8, top: vis.top, width: 0, height: 0 };
    const last = boxes[boxes.length - 1] ?? first;
    const cw = this.card.offsetWidth;
    const ch = this.card.offsetHeight;
    const vw = win.innerWidth;
    const vh = win.innerHeight;
    let top = bottom(last) + 8;
    if (top + ch > vh - 8 && first.top - ch - 8 >= 8) top = first.top - ch - 8;
    let left = Math.min(first.left, vw - cw - 8);
    left = Math.max(8, left);
    if (!boxes.length) top = Math.max(8, Math.min(top, vh - ch - 8));
    this.card.style.left = `${left - hostRect.left}px`;
    this.card.style.top = `${top - hostRect.top}px`;
  }

  private apply(f: Finding, replacement: string): void {
    const result = this.target.replace(f.start, f.end, replacement);
    this.closeCard();
    void Promise.resolve(result).then((ok) => this.opts.onApply?.(f, replacement, ok));
  }

  private clearTimers(): void {
    const win = this.host.ownerDocument.defaultView ?? window;
    if (this.hoverTimer) win.clearTimeout(this.hoverTimer);
    if (this.closeTimer) win.clearTimeout(this.closeTimer);
    this.hoverTimer = 0;
    this.closeTimer = 0;
  }

  private scheduleClose(): void {
    if (this.cardPinned || this.cardIndex < 0) return;
    const win = this.host.ownerDocument.defaultView ?? window;
    if (this.closeTimer) win.clearTimeout(this.closeTimer);
    this.closeTimer = win.setTimeout(() => {
      this.closeTimer = 0;
      if (!this.pointerInCard && !this.cardPinned) this.closeCard();
    }, 300);
  }

  private listen(): void {
    const el = this.target.element;
    const doc = el.ownerDocument;
    const win = doc.defaultView ?? window;
    const on = <K extends keyof HTMLElementEventMap>(t: EventTarget, type: K | string, fn: (e: never) => void, opt?: AddEventListenerOptions): void => {
      t.addEventListener(type, fn as EventListener, opt);
      this.cleanups.push(() => t.removeEventListener(type, fn as EventListener, opt));
    };
    this.cleanups.push(
      this.target.observe((textChanged) => {
        if (textChanged) this.highlightsDirty = true;
        this.schedule();
      }),
    );
    // Scrolling anywhere (page, scrolled containers) moves the field.
    on(doc, 'scroll', () => this.schedule(), { capture: true, passive: true });

    on(el, 'pointermove', (e: PointerEvent) => {
      const i = this.hitTest(e.clientX, e.clientY);
      this.setHover(i);
      if (!this.opts.hoverCards || e.pointerType === 'touch') return;
      if (i >= 0) {
        if (i === this.cardIndex) {
          if (this.closeTimer) win.clearTimeout(this.closeTimer);
          this.closeTimer = 0;
          return;
        }
        if (this.cardPinned) return;
        if (this.hoverTimer) win.clearTimeout(this.hoverTimer);
        this.hoverTimer = win.setTimeout(() => {
          this.hoverTimer = 0;
          if (this.hoverIndex === i) this.openCard(i);
        }, this.opts.hoverDelay);
      } else {
        if (this.hoverTimer) win.clearTimeout(this.hoverTimer);
        this.hoverTimer = 0;
        this.scheduleClose();
      }
    }, { passive: true });
    on(el, 'pointerleave', () => {
      this.setHover(-1);
      if (this.hoverTimer) win.clearTimeout(this.hoverTimer);
      this.hoverTimer = 0;
      this.scheduleClose();
    }, { passive: true });
    on(el, 'click', (e: MouseEvent) => {
      const i = this.hitTest(e.clientX, e.clientY);
      if (i >= 0) this.openCard(i, { pinned: true });
      else if (this.cardIndex >= 0) this.closeCard();
    });
    on(this.card, 'pointerenter', () => {
      this.pointerInCard = true;
      if (this.closeTimer) win.clearTimeout(this.closeTimer);
      this.closeTimer = 0;
    });
    on(this.card, 'pointerleave', () => {
      this.pointerInCard = false;
      this.scheduleClose();
    });
    on(doc, 'pointerdown', (e: PointerEvent) => {
      if (this.cardIndex < 0) return;
      const path = e.composedPath();
      if (path.includes(this.card) || path.includes(el)) return;
      this.closeCard();
    }, { capture: true });
    on(this.card, 'keydown', (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.closeCard({ restoreFocus: true });
      }
    });
    on(this.card, 'focusout', (e: FocusEvent) => {
      const to = e.relatedTarget as Node | null;
      if (to && (this.card.contains(to) || to === el)) return;
      if (to) this.closeCard();
    });
    if (this.opts.keyboard) {
      on(el, 'keydown', (e: KeyboardEvent) => {
        if (e.isComposing) return;
        if (e.key === 'Escape' && this.cardIndex >= 0) {
          e.preventDefault();
          this.closeCard();
          return;
        }
        if (e.key === 'Enter' && e.altKey) {
          const c = this.target.caret();
          const i = c === null ? -1 : this.indexAt(c);
          if (i >= 0) {
            e.preventDefault();
            this.openCard(i, { focus: true });
          }
          return;
        }
        if (e.key === 'F8') {
          e.preventDefault();
          this.step(e.shiftKey ? -1 : 1);
        }
      });
    }
  }

  /** Moves the caret to the next (1) or previous (-1) finding and opens its card with focus. */
  step(dir: 1 | -1): void {
    if (this.list.length === 0) return;
    const c = this.target.caret() ?? -1;
    let i: number;
    if (dir > 0) {
      i = this.list.findIndex((f) => f.start > c);
      if (i < 0) i = 0;
    } else {
      i = -1;
      this.list.forEach((f, j) => {
        if (f.end < c || (f.start < c && j !== this.indexAt(c))) i = j;
      });
      if (i < 0) i = this.list.length - 1;
    }
    const f = this.list[i]!;
    this.target.select(f.start);
    this.target.reveal(f.start, f.end);
    this.openCard(i, { focus: true });
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    if (this.raf) (this.host.ownerDocument.defaultView ?? window).cancelAnimationFrame(this.raf);
    for (const c of this.cleanups.splice(0)) c();
    this.highlights?.clear();
    this.target.dispose();
    this.host.remove();
  }
}
