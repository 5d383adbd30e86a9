/// <reference types="chrome" />
/**
 * The content script: finds the field the user writes in, sends its text to the background's
 * analyzer, and draws the results with the shared highlight/card module (ui/). It never runs the
 * analyzer (pages with a strict CSP refuse wasm here), never changes an editor's DOM (overlays
 * live in a <wenfeng-overlay> shadow root outside the editor), and does no heavy work while the
 * user types: input handlers only (re)start a timer.
 */
import type { CardAction } from '../../ui/overlay.js';
import { VersionedText, WenfengOverlay, type Finding, type Report } from '../../ui/index.js';
import { deepActiveElement, fieldOf, type FieldKind } from './fields.js';
import { cardStrings, t } from './i18n.js';
import { PORT_NAME, type FieldStatus, type PortRequest, type PortResponse } from './protocol.js';
import { DEFAULTS, onSettingsChanged, readEffective, saveSettings, siteEnabled, type Settings } from './settings.js';

/** Longer texts are not analysed (the badge says so). */
const MAX_CHARS = 200_000;
/** Fields remembered per document; the least recently used one is released beyond this. */
const MAX_SESSIONS = 24;
const PING = 'wenfeng-ping';

/** The site's host name; about:blank and srcdoc frames (iframe editors) take their parent's. */
function siteHost(): string {
  if (location.hostname) return location.hostname;
  try {
    return window.parent.location.hostname;
  } catch {
    return '';
  }
}

function alive(): boolean {
  try {
    return !!chrome.runtime?.id;
  } catch {
    return false;
  }
}

type AnalyzeRequest = Extract<PortRequest, { type: 'analyze' }>;

/**
 * The port to the background. The background (a service worker on Chrome) may be stopped at
 * any time; the port then disconnects, and the next message reconnects, which starts it again
 * and re-instantiates the analyzer. Unanswered requests are sent again, so the user never sees
 * an error for it.
 */
class Client {
  private port: chrome.runtime.Port | null = null;
  private nextId = 1;
  private readonly inflight = new Map<number, AnalyzeRequest>();
  private retries = 0;
  private dead = false;

  constructor(
    private readonly onResponse: (m: PortResponse) => void,
    private readonly onDead: () => void,
  ) {}

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    this.port = null;
    this.onDead();
  }

  private ensure(): chrome.runtime.Port | null {
    if (this.port || this.dead) return this.port;
    if (!alive()) {
      this.die();
      return null;
    }
    try {
      const p = chrome.runtime.connect({ name: PORT_NAME });
      p.onMessage.addListener((m: PortResponse) => {
        this.retries = 0;
        if (m.type === 'result' || m.type === 'error') {
          const r = this.inflight.get(m.field);
          if (r && r.id === m.id) this.inflight.delete(m.field);
        }
        this.onResponse(m);
      });
      p.onDisconnect.addListener(() => {
        void chrome.runtime.lastError;
        if (this.port === p) this.port = null;
        if (!alive()) this.die();
        else if (this.inflight.size) this.retry();
      });
      this.port = p;
      return p;
    } catch {
      this.die();
      return null;
    }
  }

  private retry(): void {
    if (this.retries >= 5 || this.dead) return;
    this.retries++;
    setTimeout(() => {
      for (const r of this.inflight.values()) this.post(r);
    }, 50 * this.retries);
  }

  private post(m: PortRequest): void {
    const p = this.ensure();
    if (!p) return;
    try {
      p.postMessage(m);
    } catch {
      this.port = null;
      if (alive()) this.retry();
      else this.die();
    }
  }

  /** Opens the port now (the background then builds and warms its analyzer). */
  connect(): void {
    this.ensure();
  }

  analyze(field: number, version: number, text: string): void {
    const req: AnalyzeRequest = { type: 'analyze', id: this.nextId++, field, version, text };
    this.inflight.set(field, req);
    this.post(req);
  }

  forget(field: number): void {
    this.inflight.delete(field);
  }

  status(status: FieldStatus | null): void {
    this.post({ type: 'status', status });
  }

  ping(): void {
    this.post({ type: 'ping' });
  }
}

interface Context {
  settings: Settings;
  client: Client;
  focused: FieldSession | null;
}

const BADGE_CSS = `
.wf-badge {
  position: absolute; pointer-events: auto; box-sizing: border-box; height: 20px; min-width: 20px;
  padding: 0 6px; border-radius: 10px; border: 1px solid rgba(0,0,0,.15); background: #fff; color: #333;
  font: 600 12px/18px system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; cursor: pointer;
  box-shadow: 0 1px 3px rgba(0,0,0,.18); white-space: nowrap; opacity: .92;
}
.wf-badge:hover, .wf-badge:focus-visible { opacity: 1; outline: 2px solid #0072B2; outline-offset: 1px; }
.wf-badge[hidden] { display: none; }
.wf-badge[data-level="error"] { border-color: #C0392B; color: #C0392B; }
.wf-badge[data-level="warning"] { border-color: #B26B00; color: #8a5300; }
.wf-badge[data-level="ok"] { border-color: #007A5A; color: #007A5A; }
`;

let fieldCounter = 0;

function findingKey(f: Finding): string {
  return `${f.rule}|${f.text}`;
}

/** One field Wenfeng follows: its overlay, its text versions, its badge. */
class FieldSession {
  readonly id = ++fieldCounter;
  readonly overlay: WenfengOverlay;
  lastActive = Date.now();
  private readonly vt = new VersionedText();
  private base: { findings: Finding[]; version: number; report: Report } | null = null;
  private readonly ignored = new Set<string>();
  private composing = false;
  private timer = 0;
  private raf = 0;
  private badgeRaf = 0;
  private sentText: string | null = null;
  private readonly badge: HTMLButtonElement;
  private readonly cleanups: (() => void)[] = [];
  private error: string | null = null;
  private tooLong = false;
  disposed = false;

  constructor(
    readonly el: HTMLElement,
    readonly kind: FieldKind,
    private readonly ctx: Context,
  ) {
    const actions: CardAction[] = [
      { id: 'ignore', label: () => t('actionIgnore'), run: (f) => this.ignore(f) },
      { id: 'disable-rule', label: () => t('actionDisableRule'), run: (f) => void this.disableRule(f.rule) },
    ];
    this.overlay = new WenfengOverlay(el, {
      strings: cardStrings(),
      actions,
      onApply: () => this.flush(true),
    });
    const doc = el.ownerDocument;
    const win = doc.defaultView ?? window;
    this.badge = doc.createElement('button');
    this.badge.type = 'button';
    this.badge.className = 'wf-badge';
    this.badge.hidden = true;
    this.badge.addEventListener('click', (e) => {
      e.preventDefault();
      this.overlay.step(1);
    });
    this.badge.addEventListener('mousedown', (e) => e.preventDefault()); // keep the editor's focus
    this.installBadgeCss();
    this.overlay.root.appendChild(this.badge);

    const on = (target: EventTarget, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void => {
      target.addEventListener(type, fn, opts);
      this.cleanups.push(() => target.removeEventListener(type, fn, opts));
    };
    // The input handler does no work beyond a timer: analysis and drawing happen later. It
    // listens in the capture phase so that its frame callback (remapSoon) is queued before the
    // overlay's own relayout and replaces it: one layout per frame, not two.
    on(
      el,
      'input',
      (e) => {
        if (this.composing || (e as InputEvent).isComposing) return;
        this.schedule();
        this.remapSoon();
      },
      { capture: true },
    );
    on(el, 'compositionstart', () => {
      this.composing = true;
      this.cancel();
    });
    on(el, 'compositionend', () => {
      this.composing = false;
      this.schedule(0);
    });
    on(el, 'focusout', () => {
      if (!this.composing) this.schedule(0);
      win.setTimeout(() => this.placeBadge(), 0);
    });
    on(el, 'focusin', () => this.focus());
    on(doc, 'scroll', () => this.placeBadgeSoon(), { capture: true, passive: true });
    on(win, 'resize', () => this.placeBadgeSoon(), { passive: true });
    const ro = new ResizeObserver(() => this.placeBadgeSoon());
    ro.observe(el);
    this.cleanups.push(() => ro.disconnect());
    if (kind === 'contenteditable') {
      // Editors that change their content without input events (toolbar commands, collaborative
      // edits, setContent): a mutation restarts the timer. Observing is not mutating.
      const mo = new MutationObserver(() => {
        if (!this.composing) this.schedule();
      });
      mo.observe(el, { characterData: true, childList: true, subtree: true });
      this.cleanups.push(() => mo.disconnect());
    }
  }

  private installBadgeCss(): void {
    const root = this.overlay.root;
    const win = (this.el.ownerDocument.defaultView ?? window) as unknown as { CSSStyleSheet: typeof CSSStyleSheet };
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(BADGE_CSS);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      const style = this.el.ownerDocument.createElement('style');
      style.textContent = BADGE_CSS;
      root.appendChild(style);
    }
  }

  focus(): void {
    this.lastActive = Date.now();
    this.ctx.focused = this;
    // Back in a field: (re)open the port so a stopped background starts, and warms its analyzer,
    // while the user types rather than after the debounce.
    this.ctx.client.connect();
    keepAlive();
    this.placeBadge();
    this.pushStatus();
  }

  schedule(delay = this.ctx.settings.debounceMs): void {
    if (this.disposed) return;
    const win = this.el.ownerDocument.defaultView ?? window;
    if (this.timer) win.clearTimeout(this.timer);
    this.timer = win.setTimeout(() => this.flush(false), delay);
  }

  private cancel(): void {
    if (this.timer) (this.el.ownerDocument.defaultView ?? window).clearTimeout(this.timer);
    this.timer = 0;
  }

  /** Sends the field's text for analysis (unless it was already sent and `force` is false). */
  flush(force: boolean): void {
    this.cancel();
    if (this.composing || this.disposed) return;
    const text = this.overlay.target.getText();
    this.vt.update(text);
    if (!force && text === this.sentText) return;
    this.sentText = text;
    this.tooLong = text.length > MAX_CHARS;
    if (this.tooLong || !text.trim()) {
      this.ctx.client.forget(this.id);
      this.base = null;
      this.overlay.setFindings([]);
      this.placeBadge();
      this.pushStatus();
      return;
    }
    this.ctx.client.analyze(this.id, this.vt.version, text);
  }

  /** Right after an edit, carries the last results over it so marks do not lag behind. */
  private remapSoon(): void {
    if (this.raf || !this.base) return;
    const win = this.el.ownerDocument.defaultView ?? window;
    this.raf = win.requestAnimationFrame(() => {
      this.raf = 0;
      if (!this.base || this.disposed || this.composing) return;
      this.vt.update(this.overlay.target.getText());
      this.show(this.vt.remap(this.base.findings, this.base.version) ?? []);
    });
  }

  onResult(version: number, report: Report): void {
    if (this.disposed) return;
    // The result describes `version`; the text may have moved on since. Carry it over the edits
    // made since, or drop it when that is no longer possible (a newer request is on its way).
    this.vt.update(this.overlay.target.getText());
    const mapped = this.vt.remap(report.findings, version);
    if (!mapped) return;
    this.error = null;
    this.base = { findings: report.findings, version, report };
    this.vt.prune(version);
    this.show(mapped);
    this.placeBadge();
    this.pushStatus();
  }

  onError(message: string): void {
    this.error = message;
    this.placeBadge();
  }

  private show(findings: Finding[]): void {
    this.overlay.setFindings(this.ignored.size ? findings.filter((f) => !this.ignored.has(findingKey(f))) : findings);
  }

  private ignore(f: Finding): void {
    this.ignored.add(findingKey(f));
    if (this.base) this.show(this.vt.remap(this.base.findings, this.base.version) ?? []);
    this.placeBadge();
  }

  private async disableRule(rule: string): Promise<void> {
    const rules = this.ctx.settings.disabledRules;
    if (!rules.includes(rule)) await saveSettings({ disabledRules: [...rules, rule] });
  }

  private placeBadgeSoon(): void {
    if (this.badgeRaf || this.disposed) return;
    const win = this.el.ownerDocument.defaultView ?? window;
    this.badgeRaf = win.requestAnimationFrame(() => {
      this.badgeRaf = 0;
      this.placeBadge();
    });
  }

  private placeBadge(): void {
    if (this.disposed) return;
    const b = this.badge;
    const doc = this.el.ownerDocument;
    const focused = deepActiveElement(doc) === this.el || this.el.contains(deepActiveElement(doc));
    if (!focused && this.overlay.root.activeElement === null) {
      if (!b.hidden) b.hidden = true;
      return;
    }
    const shown = this.overlay.findings.length;
    const score = this.base?.report.score.total;
    let label: string;
    let level: string;
    if (this.error) {
      label = '文 !';
      level = 'error';
      b.title = this.error;
    } else if (this.tooLong) {
      label = '文 …';
      level = 'warning';
      b.title = t('badgeTooLong', String(MAX_CHARS));
    } else if (!this.base) {
      label = '文';
      level = 'ok';
      b.title = t('badgeIdle');
    } else {
      label = shown ? `文 ${shown} · ${score}` : `文 ✓ ${score}`;
      const worst = this.overlay.findings.some((f) => f.severity === 'error') ? 'error' : shown ? 'warning' : 'ok';
      level = worst;
      b.title = t('badgeTitle', [String(shown), String(score)]);
    }
    if (b.textContent !== label) b.textContent = label;
    b.dataset['level'] = level;
    b.setAttribute('aria-label', b.title);
    b.hidden = false;
    const vis = this.overlay.visibleBox();
    const host = this.overlay.host.getBoundingClientRect();
    const w = b.offsetWidth || 48;
    const left = Math.max(vis.left, vis.left + vis.width - w - 6) - host.left;
    const top = Math.max(vis.top, vis.top + vis.height - 26) - host.top;
    b.style.left = `${left}px`;
    b.style.top = `${top}px`;
  }

  status(): FieldStatus {
    const r = this.base?.report;
    const byCategory: Record<string, number> = {};
    for (const f of this.overlay.findings) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    const a = r?.alignment ?? null;
    return {
      host: siteHost(),
      kind: this.kind,
      chars: r?.stats.chars ?? 0,
      findings: this.overlay.findings.length,
      score: r?.score.total ?? 100,
      byCategory,
      topics: a
        ? {
            covered: a.topics.filter((x) => x.covered).length,
            total: a.topics.length,
            list: a.list,
            year: a.year,
            uncovered: a.topics.filter((x) => !x.covered).map((x) => x.title),
          }
        : null,
      at: this.lastActive,
    };
  }

  private pushStatus(): void {
    if (this.ctx.focused === this && this.base) this.ctx.client.status(this.status());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancel();
    const win = this.el.ownerDocument.defaultView ?? window;
    if (this.raf) win.cancelAnimationFrame(this.raf);
    if (this.badgeRaf) win.cancelAnimationFrame(this.badgeRaf);
    for (const c of this.cleanups.splice(0)) c();
    this.ctx.client.forget(this.id);
    this.overlay.dispose();
  }
}

// ---- bootstrap ----------------------------------------------------------------------------------

const sessions = new Map<number, FieldSession>();
const byElement = new WeakMap<Element, FieldSession>();
const documents = new Set<Document>();
let enabled = false;
let sweepTimer = 0;

const ctx: Context = {
  settings: { ...DEFAULTS },
  focused: null,
  client: new Client(onResponse, shutdown),
};

/**
 * While the user writes in a field, a ping every 20 s keeps the background (and its loaded
 * analyzer) from being stopped for idleness, so a pause in writing does not cost a cold start.
 * It stops as soon as no field of ours has the focus.
 */
let keepAliveTimer = 0;
function keepAlive(): void {
  if (keepAliveTimer) return;
  keepAliveTimer = window.setInterval(() => {
    const s = ctx.focused;
    const doc = s?.el.ownerDocument;
    const inField = !!s && !s.disposed && !!doc && doc.hasFocus() && (deepActiveElement(doc) === s.el || s.el.contains(deepActiveElement(doc)));
    if (inField) ctx.client.ping();
    else {
      clearInterval(keepAliveTimer);
      keepAliveTimer = 0;
    }
  }, 20_000);
}

function onResponse(m: PortResponse): void {
  if (m.type === 'refresh') {
    for (const s of sessions.values()) s.flush(true);
    return;
  }
  const s = sessions.get(m.field);
  if (!s) return;
  if (m.type === 'result') s.onResult(m.version, m.report);
  else s.onError(m.message);
}

function releaseAll(): void {
  for (const s of sessions.values()) s.dispose();
  sessions.clear();
  ctx.focused = null;
}

/** The extension was removed or updated: leave the page as if we had never been here. */
function shutdown(): void {
  enabled = false;
  releaseAll();
  for (const d of documents) d.removeEventListener('focusin', onFocusIn, true);
  documents.clear();
}

function sweep(): void {
  for (const [id, s] of sessions) {
    if (!s.el.isConnected) {
      s.dispose();
      sessions.delete(id);
    }
  }
  if (sessions.size === 0 && sweepTimer) {
    clearInterval(sweepTimer);
    sweepTimer = 0;
  }
}

function attach(el: HTMLElement, kind: FieldKind): FieldSession {
  let s = byElement.get(el);
  if (s && !s.disposed) return s;
  if (sessions.size >= MAX_SESSIONS) {
    const oldest = [...sessions.values()].sort((a, b) => a.lastActive - b.lastActive)[0];
    if (oldest) {
      oldest.dispose();
      sessions.delete(oldest.id);
    }
  }
  s = new FieldSession(el, kind, ctx);
  sessions.set(s.id, s);
  ctx.client.connect();
  byElement.set(el, s);
  if (!sweepTimer) sweepTimer = window.setInterval(sweep, 2000);
  s.flush(true);
  return s;
}

function consider(target: EventTarget | null | undefined): void {
  if (!enabled) return;
  if (target && (target as Node).nodeType === 1) listenInShadowRoots(target as Node);
  const field = fieldOf(target);
  if (field) attach(field.el, field.kind).focus();
  else if (target && (target as Element).localName === 'iframe') adoptFrame(target as HTMLIFrameElement);
}

/** Shadow roots we listen on (see listenInShadowRoots). */
const shadowRoots = new WeakSet<Node>();

/**
 * Focus moving between two elements of the same shadow tree never reaches the document (the
 * event stops where target and relatedTarget retarget to the same host), so once focus has been
 * seen inside a shadow tree, we listen on that tree's root (and on every enclosing one) too.
 */
function listenInShadowRoots(node: Node): void {
  for (let root = node.getRootNode() as Partial<ShadowRoot> & Node; root.host; root = root.host.getRootNode() as Partial<ShadowRoot> & Node) {
    if (shadowRoots.has(root)) continue;
    shadowRoots.add(root);
    root.addEventListener('focusin', onFocusIn, true);
  }
}

function onFocusIn(e: Event): void {
  consider(e.composedPath()[0]);
}

/** Whether some Wenfeng content script already follows this document (its own, or a parent's). */
function followed(doc: Document): boolean {
  const ev = new CustomEvent(PING, { cancelable: true });
  return !doc.dispatchEvent(ev);
}

function installDocument(doc: Document): void {
  if (documents.has(doc)) return;
  documents.add(doc);
  // Answer other Wenfeng scripts (a parent frame's, or this frame's own injected later).
  doc.addEventListener(PING, (e) => e.preventDefault());
  doc.addEventListener('focusin', onFocusIn, true);
  const active = deepActiveElement(doc);
  if (active) consider(active);
}

/**
 * A same-origin frame where our content script did not run (some browsers skip frames an editor
 * writes with document.write): follow it from here. Cross-origin frames throw and are left to
 * their own content script.
 */
function adoptFrame(frame: HTMLIFrameElement): void {
  let doc: Document | null = null;
  try {
    doc = frame.contentDocument;
  } catch {
    doc = null;
  }
  if (!doc || documents.has(doc) || followed(doc)) return;
  installDocument(doc);
}

async function applySettings(): Promise<void> {
  const eff = await readEffective();
  ctx.settings = eff.settings;
  const on = siteEnabled(eff.settings, siteHost());
  if (on && !enabled) {
    enabled = true;
    if (!followed(document)) installDocument(document);
    else documents.add(document); // another script (a parent frame's) follows this document
  } else if (!on && enabled) {
    enabled = false;
    releaseAll();
  }
}

function start(): void {
  if (!alive()) return;
  void applySettings();
  onSettingsChanged((what) => {
    if (what.includes('config')) void applySettings();
  });
  window.addEventListener('blur', () => {
    // Focus went into a child frame: follow it if it has no script of its own.
    setTimeout(() => {
      const a = document.activeElement;
      if (enabled && a && a.localName === 'iframe') adoptFrame(a as HTMLIFrameElement);
    }, 0);
  });
}

start();
