/// <reference types="chrome" />
import builtinTopics from '../../topics/2026.toml';
import { categoryLabel, CATEGORY_ORDER, type RuleInfo } from '../../ui/index.js';
import { cardStrings, localize, t } from './i18n.js';
import type { EngineInfo, TopicErrorInfo } from './protocol.js';
import { DEBOUNCE_MAX, DEBOUNCE_MIN, type Effective, normalizeHost, readEffective, saveSettings, type SettingKey, onSettingsChanged } from './settings.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

let eff: Effective;
let rules: RuleInfo[] = [];

async function send<T>(msg: unknown): Promise<T> {
  const res = (await chrome.runtime.sendMessage(msg)) as { ok: boolean; value?: T; error?: string };
  if (!res?.ok) throw new Error(res?.error ?? t('errBackground'));
  return res.value as T;
}

function toast(text: string): void {
  const el = $('saved');
  el.textContent = text;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 1500);
}

function locked(key: SettingKey): boolean {
  return eff.locked.includes(key);
}

function lockNote(el: HTMLElement, key: SettingKey): void {
  const id = `lock-${key}`;
  let note = document.getElementById(id);
  if (locked(key)) {
    if (!note) {
      note = document.createElement('p');
      note.id = id;
      note.className = 'locked';
      note.textContent = t('lockedByOrg');
      el.insertAdjacentElement('afterend', note);
    }
  } else note?.remove();
}

async function save(patch: Parameters<typeof saveSettings>[0]): Promise<void> {
  await saveSettings(patch);
  toast(t('optSaved'));
}

function renderGeneral(): void {
  const s = eff.settings;
  const en = $<HTMLInputElement>('enabled');
  en.checked = s.enabled;
  en.disabled = locked('enabled');
  lockNote(en.parentElement!, 'enabled');
  const deb = $<HTMLInputElement>('debounceMs');
  deb.value = String(s.debounceMs);
  deb.disabled = locked('debounceMs');
  lockNote(deb.parentElement!, 'debounceMs');
  const year = $<HTMLInputElement>('year');
  year.value = s.year === null ? '' : String(s.year);
  year.disabled = locked('year');
  lockNote(year.parentElement!, 'year');
}

function renderCategories(): void {
  const box = $('categories');
  box.replaceChildren();
  const strings = cardStrings();
  for (const cat of CATEGORY_ORDER) {
    const label = document.createElement('label');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.checked = !eff.settings.disabledCategories.includes(cat);
    cb.disabled = locked('disabledCategories');
    cb.dataset['category'] = cat;
    cb.addEventListener('change', () => {
      const cur = eff.settings.disabledCategories.filter((c) => c !== cat);
      void save({ disabledCategories: cb.checked ? cur : [...cur, cat] });
    });
    label.append(cb, ` ${categoryLabel(strings, cat)}`);
    box.append(label);
  }
  lockNote(box, 'disabledCategories');
}

function renderRules(): void {
  const box = $('rules');
  const q = $<HTMLInputElement>('ruleFilter').value.trim().toLowerCase();
  box.replaceChildren();
  const strings = cardStrings();
  let shown = 0;
  const off = eff.settings.disabledRules;
  for (const cat of CATEGORY_ORDER) {
    const list = rules.filter((r) => r.category === cat && (!q || r.id.toLowerCase().includes(q) || r.message.toLowerCase().includes(q)));
    if (!list.length) continue;
    const h = document.createElement('h3');
    h.textContent = categoryLabel(strings, cat);
    box.append(h);
    for (const r of list) {
      const label = document.createElement('label');
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.checked = !off.includes(r.id);
      cb.disabled = locked('disabledRules');
      cb.dataset['rule'] = r.id;
      cb.addEventListener('change', () => {
        const cur = eff.settings.disabledRules.filter((x) => x !== r.id);
        void save({ disabledRules: cb.checked ? cur : [...cur, r.id] });
      });
      const code = document.createElement('code');
      code.textContent = r.id;
      const span = document.createElement('span');
      span.textContent = r.message.replaceAll('{text}', '…');
      label.append(cb, code, span);
      box.append(label);
      shown++;
    }
  }
  $('ruleCount').textContent = t('optRuleCount', [String(shown), String(rules.length), String(off.length)]);
  lockNote(box, 'disabledRules');
}

function renderSites(): void {
  const ul = $('sites');
  ul.replaceChildren();
  for (const host of eff.settings.disabledSites) {
    const li = document.createElement('li');
    li.textContent = host;
    if (!locked('disabledSites')) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = t('optRemove');
      b.setAttribute('aria-label', `${t('optRemove')} ${host}`);
      b.addEventListener('click', () => void save({ disabledSites: eff.settings.disabledSites.filter((h) => h !== host) }));
      li.append(b);
    }
    ul.append(li);
  }
  const form = $('siteForm');
  for (const el of Array.from(form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input,button'))) el.disabled = locked('disabledSites');
  lockNote(form, 'disabledSites');
}

function renderWhitelist(): void {
  const ta = $<HTMLTextAreaElement>('whitelist');
  if (document.activeElement !== ta) ta.value = eff.settings.whitelist.join('\n');
  ta.disabled = locked('whitelist');
  $<HTMLButtonElement>('saveWhitelist').disabled = locked('whitelist');
  lockNote(ta, 'whitelist');
}

// ---- topic list -------------------------------------------------------------------------------

function gutter(bad: Set<number>): void {
  const ta = $<HTMLTextAreaElement>('topicText');
  const n = Math.max(1, ta.value.split('\n').length);
  const ol = $('topicLines');
  ol.replaceChildren();
  for (let i = 1; i <= n; i++) {
    const li = document.createElement('li');
    li.textContent = String(i);
    if (bad.has(i)) li.className = 'bad';
    ol.append(li);
  }
  ol.scrollTop = ta.scrollTop;
}

function showTopicErrors(errors: TopicErrorInfo[]): void {
  const ul = $('topicErrors');
  ul.replaceChildren();
  for (const e of errors) {
    const li = document.createElement('li');
    li.dataset['line'] = String(e.line);
    li.textContent = e.line > 0 ? t('optTopicErrorAt', [String(e.line), String(e.column), e.message]) : e.message;
    li.tabIndex = 0;
    const jump = (): void => {
      const ta = $<HTMLTextAreaElement>('topicText');
      const lines = ta.value.split('\n');
      const start = lines.slice(0, Math.max(0, e.line - 1)).reduce((a, l) => a + l.length + 1, 0);
      ta.focus();
      ta.setSelectionRange(start, start + (lines[e.line - 1]?.length ?? 0));
    };
    li.addEventListener('click', jump);
    li.addEventListener('keydown', (ev) => ev.key === 'Enter' && jump());
    ul.append(li);
  }
  gutter(new Set(errors.map((e) => e.line)));
}

function renderTopics(): void {
  const tp = eff.topics;
  $('topicsCurrent').textContent = tp ? (tp.locked ? t('optTopicManaged', tp.name || '—') : t('optTopicUser', tp.name || '—')) : t('optTopicBuiltin');
  const ta = $<HTMLTextAreaElement>('topicText');
  if (document.activeElement !== ta) ta.value = tp ? tp.text : builtinTopics;
  const lockedTopics = !!tp?.locked;
  ta.readOnly = lockedTopics;
  for (const id of ['topicApply', 'topicReset', 'topicFile', 'topicFormat']) ($(id) as HTMLInputElement).disabled = lockedTopics;
  gutter(new Set());
}

async function applyTopics(name: string): Promise<void> {
  const text = $<HTMLTextAreaElement>('topicText').value;
  const format = $<HTMLSelectElement>('topicFormat').value;
  const status = $('topicStatus');
  try {
    const r = await send<{ ok: boolean; errors: TopicErrorInfo[] }>({ type: 'set-topics', text, format, name });
    showTopicErrors(r.errors ?? []);
    status.textContent = r.ok ? t('optTopicApplied') : t('optTopicRejected', String(r.errors.length));
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
  }
}

function exportTopics(): void {
  const text = $<HTMLTextAreaElement>('topicText').value;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  a.download = eff.topics?.name || 'wenfeng-topics.toml';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function renderEngine(): Promise<void> {
  try {
    const info = await send<EngineInfo>({ type: 'engine-info' });
    $('engineInfo').textContent = info.ready
      ? t('optEngine', [info.version, (info.wasmMemory / 1048576).toFixed(1)]) + (info.warning ? ` ${info.warning}` : '')
      : (info.error ?? t('errBackground'));
  } catch (e) {
    $('engineInfo').textContent = e instanceof Error ? e.message : String(e);
  }
}

// ---- reference documents ----------------------------------------------------------------------

function renderReferences(): void {
  const ul = $('refList');
  ul.replaceChildren();
  for (const r of eff.references) {
    const li = document.createElement('li');
    li.dataset['name'] = r.name;
    li.textContent = t('optRefItem', [r.name, String([...r.text].length)]);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t('optRemove');
    b.setAttribute('aria-label', `${t('optRemove')} ${r.name}`);
    b.addEventListener('click', () => void setReferences(eff.references.filter((x) => x.name !== r.name)));
    li.append(b);
    ul.append(li);
  }
  if (!eff.references.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('optRefNone');
    ul.append(li);
  }
}

function showRefErrors(messages: string[]): void {
  const ul = $('refErrors');
  ul.replaceChildren();
  for (const m of messages) {
    const li = document.createElement('li');
    li.textContent = m;
    ul.append(li);
  }
}

/** Sends the whole new list to the core; it is stored only when the core accepts it. */
async function setReferences(list: { name: string; text: string }[]): Promise<boolean> {
  try {
    const r = await send<{ ok: boolean; errors: { message: string }[] }>({ type: 'set-references', list });
    showRefErrors(r.ok ? [] : r.errors.map((e) => e.message));
    if (r.ok) toast(t('optSaved'));
    return r.ok;
  } catch (e) {
    showRefErrors([e instanceof Error ? e.message : String(e)]);
    return false;
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Reads .txt (UTF-8) or .docx (through the core) into text; throws a clear sentence. */
async function readReferenceFile(file: File): Promise<string> {
  if (file.size > 8_000_000) throw new Error(t('optRefFileTooBig', file.name));
  if (/\.docx$/i.test(file.name)) return send<string>({ type: 'docx-text', base64: base64(new Uint8Array(await file.arrayBuffer())) });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\ufeff/, '');
  } catch {
    throw new Error(t('optRefNotUtf8', file.name));
  }
}

function uniqueName(name: string, taken: { name: string }[]): string {
  let n = name.trim().slice(0, 80) || t('optRefDefaultName');
  for (let i = 2; taken.some((r) => r.name === n); i++) n = `${name.trim().slice(0, 76)} (${i})`;
  return n;
}

function renderAll(): void {
  $('managedNote').hidden = eff.locked.length === 0 && !eff.topics?.locked;
  renderGeneral();
  renderCategories();
  renderRules();
  renderSites();
  renderWhitelist();
  renderTopics();
  renderReferences();
}

async function reload(): Promise<void> {
  eff = await readEffective();
  renderAll();
}

function wire(): void {
  $('enabled').addEventListener('change', (e) => void save({ enabled: (e.target as HTMLInputElement).checked }));
  $('debounceMs').addEventListener('change', (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (!Number.isFinite(v) || v < DEBOUNCE_MIN || v > DEBOUNCE_MAX) {
      toast(t('optDebounceRange', [String(DEBOUNCE_MIN), String(DEBOUNCE_MAX)]));
      renderGeneral();
      return;
    }
    void save({ debounceMs: v });
  });
  $('year').addEventListener('change', (e) => {
    const raw = (e.target as HTMLInputElement).value.trim();
    void save({ year: raw === '' ? null : Number(raw) });
  });
  $('ruleFilter').addEventListener('input', renderRules);
  $('siteForm').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>('siteInput');
    const host = normalizeHost(input.value);
    if (!host) {
      $('siteError').textContent = t('optSiteInvalid');
      return;
    }
    $('siteError').textContent = '';
    input.value = '';
    if (!eff.settings.disabledSites.includes(host)) void save({ disabledSites: [...eff.settings.disabledSites, host] });
  });
  $('saveWhitelist').addEventListener('click', () => {
    const lines = $<HTMLTextAreaElement>('whitelist').value.split('\n').map((l) => l.trim()).filter(Boolean);
    void save({ whitelist: lines });
  });
  const ta = $<HTMLTextAreaElement>('topicText');
  ta.addEventListener('input', () => gutter(new Set()));
  ta.addEventListener('scroll', () => ($('topicLines').scrollTop = ta.scrollTop));
  $('topicApply').addEventListener('click', () => void applyTopics(eff.topics?.name ?? ''));
  $('topicFile').addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > 1_000_000) {
      $('topicStatus').textContent = t('optTopicTooBig');
      return;
    }
    const text = await file.text();
    ta.value = text;
    const sel = $<HTMLSelectElement>('topicFormat');
    if (sel.value === 'auto') {
      const ext = file.name.split('.').pop()?.toLowerCase();
      if (ext === 'toml' || ext === 'json') sel.value = ext;
      else if (ext === 'txt') sel.value = 'text';
    }
    await applyTopics(file.name);
  });
  $('topicReset').addEventListener('click', async () => {
    await send({ type: 'reset-topics' });
    showTopicErrors([]);
    $('topicStatus').textContent = t('optTopicResetDone');
  });
  $('topicExport').addEventListener('click', exportTopics);
  $('refFiles').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    const list = [...eff.references];
    const errors: string[] = [];
    for (const f of files) {
      try {
        list.push({ name: uniqueName(f.name.replace(/\.(txt|docx)$/i, ''), list), text: await readReferenceFile(f) });
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    input.value = '';
    if (list.length !== eff.references.length) await setReferences(list);
    if (errors.length) showRefErrors(errors);
  });
  $('refAdd').addEventListener('click', async () => {
    const text = $<HTMLTextAreaElement>('refText').value;
    if (!text.trim()) return;
    const name = uniqueName($<HTMLInputElement>('refName').value, eff.references);
    if (await setReferences([...eff.references, { name, text }])) {
      $<HTMLTextAreaElement>('refText').value = '';
      $<HTMLInputElement>('refName').value = '';
    }
  });
  $('refClear').addEventListener('click', () => void setReferences([]));
}

async function main(): Promise<void> {
  localize(document);
  wire();
  await reload();
  onSettingsChanged(() => void reload());
  try {
    rules = await send<RuleInfo[]>({ type: 'rules' });
  } catch (e) {
    $('ruleCount').textContent = e instanceof Error ? e.message : String(e);
  }
  renderRules();
  void renderEngine();
  document.body.dataset['ready'] = 'true';
}

void main();
