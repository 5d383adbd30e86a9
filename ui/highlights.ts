import { categoryStyle, CATEGORY_STYLES } from './categories.js';

/**
 * CSS Custom Highlight API support: one Highlight per category ("wenfeng-<category>") shared by
 * every overlay in a window, each overlay adding and removing only its own ranges. The
 * ::highlight() rules are installed as a constructed stylesheet adopted by the editor's tree
 * scope (document or shadow root) — no <style> element is inserted into the page.
 */

interface HighlightLike {
  add(r: AbstractRange): unknown;
  delete(r: AbstractRange): boolean;
  readonly size: number;
}
interface HighlightRegistryLike {
  get(name: string): HighlightLike | undefined;
  set(name: string, h: HighlightLike): unknown;
  delete(name: string): boolean;
}
type HighlightCtor = new (...ranges: AbstractRange[]) => HighlightLike;

function api(win: Window): { registry: HighlightRegistryLike; Highlight: HighlightCtor } | null {
  const w = win as unknown as { CSS?: { highlights?: HighlightRegistryLike }; Highlight?: HighlightCtor };
  if (!w.CSS?.highlights || typeof w.Highlight !== 'function') return null;
  return { registry: w.CSS.highlights, Highlight: w.Highlight };
}

export function highlightApiAvailable(win: Window = window): boolean {
  return api(win) !== null;
}

export const ACTIVE_HIGHLIGHT = 'wenfeng-active';

export function highlightName(category: string): string {
  return `wenfeng-${category.replace(/[^a-z0-9-]/gi, '')}`;
}

function decoration(style: string): string {
  switch (style) {
    case 'wavy':
      return 'wavy';
    case 'dashed':
    case 'dashdot':
      return 'dashed';
    case 'dotted':
      return 'dotted';
    case 'double':
      return 'double';
    default:
      return 'solid';
  }
}

function highlightCss(): string {
  const rules: string[] = [];
  for (const [cat, s] of Object.entries(CATEGORY_STYLES)) {
    rules.push(
      `::highlight(${highlightName(cat)}){text-decoration-line:underline;text-decoration-style:${decoration(s.underline)};` +
        `text-decoration-color:${s.color};text-decoration-thickness:2px;text-underline-offset:3px;}`,
    );
  }
  const other = categoryStyle('other');
  rules.push(`::highlight(${highlightName('other')}){text-decoration:underline solid ${other.color} 2px;}`);
  rules.push(`::highlight(${ACTIVE_HIGHLIGHT}){background-color:rgba(255, 214, 0, 0.35);}`);
  return rules.join('\n');
}

const installed = new WeakSet<Document | ShadowRoot>();

/** Adopts the ::highlight() rules into a tree scope; false when the browser refuses (then the
 *  overlay draws boxes instead: Firefox refuses sheets constructed in a content script). */
function installStyles(scope: Document | ShadowRoot): boolean {
  if (installed.has(scope)) return true;
  const win = (scope.nodeType === 9 ? (scope as Document).defaultView : (scope as ShadowRoot).ownerDocument?.defaultView) ?? window;
  try {
    const sheet = new (win as unknown as { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet();
    sheet.replaceSync(highlightCss());
    scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, sheet];
    installed.add(scope);
    return true;
  } catch {
    return false;
  }
}

/** The ranges one overlay contributes, per highlight name. */
export class HighlightLayer {
  private readonly win: Window;
  private readonly own = new Map<string, AbstractRange[]>();
  /** Whether the ::highlight() styles are in place (if not, highlights would be invisible). */
  readonly styled: boolean;

  constructor(element: Element) {
    this.win = element.ownerDocument.defaultView ?? window;
    const root = element.getRootNode();
    const inShadow = root.nodeType === 11 && !!(root as ShadowRoot).host;
    this.styled = installStyles(inShadow ? (root as ShadowRoot) : element.ownerDocument);
    if (inShadow && this.styled) installStyles(element.ownerDocument);
  }

  static supported(element: Element): boolean {
    return api(element.ownerDocument.defaultView ?? window) !== null;
  }

  /** Replaces this layer's ranges: `byName` maps a highlight name to its ranges. */
  set(byName: Map<string, AbstractRange[]>): void {
    const a = api(this.win);
    if (!a) return;
    this.clear();
    for (const [name, ranges] of byName) {
      let h = a.registry.get(name);
      if (!h) {
        h = new a.Highlight();
        a.registry.set(name, h);
      }
      for (const r of ranges) h.add(r);
      this.own.set(name, ranges.slice());
    }
  }

  clear(): void {
    const a = api(this.win);
    if (!a) return;
    for (const [name, ranges] of this.own) {
      const h = a.registry.get(name);
      if (!h) continue;
      for (const r of ranges) h.delete(r);
    }
    this.own.clear();
  }
}
