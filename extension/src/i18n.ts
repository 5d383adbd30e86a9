/// <reference types="chrome" />
import { UI_STRINGS_EN, UI_STRINGS_ZH, type UiStrings } from '../../ui/strings.js';

/** A message from _locales (zh_CN default, en), or the key when missing. */
export function t(key: string, subs?: string | string[]): string {
  try {
    return chrome.i18n.getMessage(key, subs) || key;
  } catch {
    return key;
  }
}

export function uiLanguage(): string {
  try {
    return chrome.i18n.getUILanguage();
  } catch {
    return 'zh-CN';
  }
}

/** The card's strings: Chinese unless the browser's language is not Chinese. */
export function cardStrings(): UiStrings {
  return /^zh/i.test(uiLanguage()) ? UI_STRINGS_ZH : UI_STRINGS_EN;
}

/** Fills every element with data-i18n="key" (text) and data-i18n-title / -placeholder / -aria. */
export function localize(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) el.textContent = t(el.dataset['i18n']!);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-title]'))) el.title = t(el.dataset['i18nTitle']!);
  for (const el of Array.from(root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]'))) el.placeholder = t(el.dataset['i18nPlaceholder']!);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-aria]'))) el.setAttribute('aria-label', t(el.dataset['i18nAria']!));
  document.documentElement.lang = /^zh/i.test(uiLanguage()) ? 'zh-CN' : 'en';
}
