/// <reference types="chrome" />
import { categoryLabel, categoryStyle, sortCategories } from '../../ui/index.js';
import { cardStrings, localize, t } from './i18n.js';
import type { FieldStatus } from './protocol.js';
import { normalizeHost, readEffective, saveSettings } from './settings.js';

function $(id: string): HTMLElement {
  return document.getElementById(id)!;
}

async function activeTab(): Promise<chrome.tabs.Tab | undefined> {
  // popup.html?tab=N shows tab N (opened as a page: for tests and for keyboard users who open
  // the popup in a tab); the toolbar popup shows the active tab.
  const wanted = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(wanted) && wanted > 0) return chrome.tabs.get(wanted).catch(() => undefined);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function render(s: FieldStatus | null): void {
  $('empty').hidden = !!s;
  $('filled').hidden = !s;
  if (!s) return;
  $('score').textContent = String(s.score);
  $('summary').textContent = t('popupSummary', [String(s.chars), String(s.findings)]);
  const ul = $('counts');
  ul.replaceChildren();
  const strings = cardStrings();
  for (const cat of sortCategories(Object.keys(s.byCategory))) {
    const li = document.createElement('li');
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.style.background = categoryStyle(cat).color;
    li.append(dot, `${categoryLabel(strings, cat)} ${s.byCategory[cat]}`);
    li.dataset['category'] = cat;
    ul.append(li);
  }
  if (!ul.childElementCount) {
    const li = document.createElement('li');
    li.textContent = t('popupClean');
    ul.append(li);
  }
  const tp = s.topics;
  $('topics').hidden = !tp || tp.total === 0;
  if (tp) {
    $('topicLine').textContent = t('popupTopicLine', [String(tp.covered), String(tp.total), tp.list]);
    $('uncovered').textContent = tp.uncovered.length ? t('popupUncovered', tp.uncovered.slice(0, 6).join('、')) : '';
  }
}

async function main(): Promise<void> {
  localize(document);
  const tab = await activeTab();
  let host: string | null = null;
  try {
    host = tab?.url ? normalizeHost(new URL(tab.url).hostname) : null;
  } catch {
    host = null;
  }
  if (tab?.id !== undefined) {
    const res = (await chrome.runtime.sendMessage({ type: 'popup-state', tabId: tab.id })) as { ok: boolean; value?: { status: FieldStatus | null } };
    const st = res?.ok ? (res.value?.status ?? null) : null;
    if (st && !host) host = st.host;
    render(st);
  } else render(null);

  const eff = await readEffective();
  const sw = $('siteSwitch') as HTMLInputElement;
  const label = $('siteLabel');
  if (!host) {
    sw.disabled = true;
    label.textContent = t('popupNoSite');
    return;
  }
  const disabled = eff.settings.disabledSites.includes(host);
  sw.checked = eff.settings.enabled && !disabled;
  label.textContent = t('popupSiteSwitch', host);
  const locked = eff.locked.includes('disabledSites') || eff.locked.includes('enabled');
  sw.disabled = locked;
  $('siteLocked').hidden = !locked;
  sw.addEventListener('change', async () => {
    const cur = (await readEffective()).settings.disabledSites.filter((h) => h !== host);
    await saveSettings({ disabledSites: sw.checked ? cur : [...cur, host!] });
  });
}

void main();
