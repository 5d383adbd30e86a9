import type { Severity } from './types.js';

/** Strings the shared highlight/card module shows. www/ and the extension pass their own table. */
export interface UiStrings {
  category: Record<string, string>;
  severity: Record<Severity, string>;
  replaceWith: (text: string) => string;
  remove: string;
  close: string;
  advice: string;
  rule: string;
  cardLabel: (category: string, text: string) => string;
  overlayLabel: string;
  noReplacement: string;
}

export const UI_STRINGS_ZH: UiStrings = {
  category: {
    cliche: '套话空话',
    claim: '缺少支撑',
    residue: '模板残留',
    stale: '过时提法',
    style: '文风问题',
    topic: '选题对照',
    copy: '照搬照抄',
  },
  severity: { error: '错误', warning: '警告', info: '提示' },
  replaceWith: (t) => `改为“${t}”`,
  remove: '删除',
  close: '关闭',
  advice: '建议',
  rule: '规则',
  cardLabel: (c, t) => `${c}：“${t}”`,
  overlayLabel: '文风提示',
  noReplacement: '没有可直接套用的改法，请按建议改写。',
};

export const UI_STRINGS_EN: UiStrings = {
  category: {
    cliche: 'Cliché',
    claim: 'Unsupported claim',
    residue: 'Template residue',
    stale: 'Outdated reference',
    style: 'Style',
    topic: 'Topic',
    copy: 'Copied text',
  },
  severity: { error: 'Error', warning: 'Warning', info: 'Info' },
  replaceWith: (t) => `Replace with “${t}”`,
  remove: 'Remove',
  close: 'Close',
  advice: 'Advice',
  rule: 'Rule',
  cardLabel: (c, t) => `${c}: “${t}”`,
  overlayLabel: 'Wenfeng hints',
  noReplacement: 'No direct replacement; rewrite following the advice.',
};

export function categoryLabel(s: UiStrings, category: string): string {
  return s.category[category] ?? category;
}
