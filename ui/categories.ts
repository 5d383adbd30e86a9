import type { Category, Severity } from './types.js';

/**
 * How each category is drawn. Colours are the Okabe–Ito palette (safe for the common forms of
 * colour blindness), darkened where needed for contrast on white; every category also has its own
 * underline *style*, so nothing depends on colour alone. The extension uses the same table.
 */
export type UnderlineStyle = 'wavy' | 'dashed' | 'double' | 'dotted' | 'solid' | 'dashdot';

export interface CategoryStyle {
  color: string;
  /** A lighter tint for backgrounds (active / flashing spans). */
  tint: string;
  underline: UnderlineStyle;
}

export const CATEGORY_ORDER: readonly string[] = ['residue', 'claim', 'cliche', 'stale', 'style', 'topic', 'copy'];

export const CATEGORY_STYLES: Readonly<Record<string, CategoryStyle>> = {
  residue: { color: '#C0392B', tint: 'rgba(213, 94, 0, 0.18)', underline: 'double' },
  claim: { color: '#0072B2', tint: 'rgba(0, 114, 178, 0.16)', underline: 'dashed' },
  cliche: { color: '#B26B00', tint: 'rgba(230, 159, 0, 0.22)', underline: 'wavy' },
  stale: { color: '#A23E86', tint: 'rgba(204, 121, 167, 0.22)', underline: 'dotted' },
  style: { color: '#007A5A', tint: 'rgba(0, 158, 115, 0.18)', underline: 'solid' },
  topic: { color: '#3A7FB0', tint: 'rgba(86, 180, 233, 0.22)', underline: 'dashdot' },
  copy: { color: '#555555', tint: 'rgba(85, 85, 85, 0.15)', underline: 'double' },
};

const FALLBACK: CategoryStyle = { color: '#666666', tint: 'rgba(102, 102, 102, 0.15)', underline: 'solid' };

export function categoryStyle(category: Category): CategoryStyle {
  return CATEGORY_STYLES[category] ?? FALLBACK;
}

export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

/** Categories sorted in display order, unknown ones last (alphabetically). */
export function sortCategories(cats: Iterable<string>): string[] {
  const list = Array.from(new Set(cats));
  return list.sort((a, b) => {
    const ia = CATEGORY_ORDER.indexOf(a);
    const ib = CATEGORY_ORDER.indexOf(b);
    const ra = ia < 0 ? 99 : ia;
    const rb = ib < 0 ? 99 : ib;
    return ra !== rb ? ra - rb : a.localeCompare(b);
  });
}
