/**
 * Which elements Wenfeng works on. Text areas, text inputs and contenteditable editing hosts
 * (rich editors), in the page, in open shadow roots and in same-origin frames; never password,
 * e-mail, number, hidden or payment/one-time-code fields, read-only fields, or anything inside an
 * element marked data-wenfeng="off".
 */

export type FieldKind = 'textarea' | 'input' | 'contenteditable';

/** Input types that hold prose. Everything else (password, email, number, hidden, url …) is skipped. */
const PROSE_INPUT_TYPES = new Set(['', 'text', 'search']);

/** autocomplete tokens of fields that must never be read: payment cards and one-time codes. */
const SECRET_AUTOCOMPLETE = /(^|\s)(cc-[a-z-]+|one-time-code|current-password|new-password)(\s|$)/i;

/** The parent across shadow-root boundaries (and not across frames). */
function composedParent(n: Node): Element | null {
  if (n.parentElement) return n.parentElement;
  // Duck-typed (not instanceof): nodes of same-origin frames come from another realm.
  const root = n.getRootNode() as Partial<ShadowRoot>;
  return root.host ?? null;
}

/** Whether an element or any ancestor (through shadow roots) opted out with data-wenfeng="off". */
export function optedOut(el: Element): boolean {
  for (let n: Element | null = el; n; n = composedParent(n)) {
    if (n.getAttribute('data-wenfeng') === 'off') return true;
    if (n.localName === 'wenfeng-overlay') return true;
  }
  return false;
}

export function kindOf(el: Element): FieldKind | null {
  const name = el.localName;
  if (name === 'textarea') return 'textarea';
  if (name === 'input') return PROSE_INPUT_TYPES.has((el.getAttribute('type') ?? '').toLowerCase()) ? 'input' : null;
  if ((el as HTMLElement).isContentEditable) return 'contenteditable';
  return null;
}

/**
 * The field an event target belongs to, or null when Wenfeng must leave it alone. For
 * contenteditable content the field is the editing host (the outermost editable element).
 */
export function fieldOf(target: EventTarget | null | undefined): { el: HTMLElement; kind: FieldKind } | null {
  if (!target || (target as Node).nodeType !== 1) return null;
  let el = target as HTMLElement;
  const kind = kindOf(el);
  if (!kind) return null;
  if (kind === 'contenteditable') {
    while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement;
    const doc = el.ownerDocument;
    // designMode documents: the whole document is editable; its body is the editor.
    if (el === doc.documentElement) {
      if (!doc.body) return null;
      el = doc.body;
    }
  } else {
    const f = el as HTMLInputElement | HTMLTextAreaElement;
    if (f.readOnly || f.disabled) return null;
    if (SECRET_AUTOCOMPLETE.test(f.getAttribute('autocomplete') ?? '')) return null;
  }
  if (el.getAttribute('aria-hidden') === 'true') return null;
  if (optedOut(el)) return null;
  return { el, kind };
}

/** The deepest focused element, through open shadow roots (not into frames). */
export function deepActiveElement(doc: Document): Element | null {
  let a: Element | null = doc.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
