/// <reference types="chrome" />
/**
 * The extension's settings: what the user chose (storage.sync), what the organization pushed
 * (storage.managed, enterprise policy; wins and shows as locked) and the topic list
 * (storage.local, it can be large). Used by the background, content scripts, popup and options:
 * the one place that knows the keys, defaults and limits.
 */

export interface Settings {
  /** Master switch. */
  enabled: boolean;
  /** Category names switched off (cliche, claim, residue, stale, style, topic, copy). */
  disabledCategories: string[];
  /** Rule ids (or id prefixes) switched off. */
  disabledRules: string[];
  /** Milliseconds of quiet after the last keystroke before analysing. */
  debounceMs: number;
  /** Host names where Wenfeng does nothing. */
  disabledSites: string[];
  /** Phrases never flagged. */
  whitelist: string[];
  /** The year drafts are written in; null = the computer's clock. */
  year: number | null;
}

export interface StoredTopics {
  text: string;
  format: string;
  name: string;
}

/** A reference document for the copied-text check (storage.local; the core enforces its caps). */
export interface StoredReference {
  name: string;
  text: string;
}

export const DEFAULTS: Readonly<Settings> = Object.freeze({
  enabled: true,
  disabledCategories: [],
  disabledRules: [],
  debounceMs: 400,
  disabledSites: [],
  whitelist: [],
  year: null,
});

export const DEBOUNCE_MIN = 100;
export const DEBOUNCE_MAX = 5000;
/** Bytes of topic-list text kept in storage.local (the core's parser has its own, lower limits). */
export const TOPICS_MAX_BYTES = 1_000_000;

export type SettingKey = keyof Settings;
const KEYS = Object.keys(DEFAULTS) as SettingKey[];

/** The effective settings plus which keys the organization locked, and the topic list in force. */
export interface Effective {
  settings: Settings;
  locked: SettingKey[];
  /** The topic list: managed (locked) or the user's, or null for the shipped list. */
  topics: (StoredTopics & { locked: boolean }) | null;
  /** Reference documents for the copied-text check (empty: the check is off). */
  references: StoredReference[];
}

function strings(v: unknown, max = 2000): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const x of v) if (typeof x === 'string' && x.trim() && out.length < max) out.push(x.trim());
  return out;
}

/**
 * Keeps only well-formed values (bad values from storage or a policy are ignored, never fatal: a
 * broken setting must not lose the others).
 */
export function sanitize(raw: unknown): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  if (typeof r['enabled'] === 'boolean') out.enabled = r['enabled'];
  const dc = strings(r['disabledCategories']);
  if (dc) out.disabledCategories = dc;
  const dr = strings(r['disabledRules']);
  if (dr) out.disabledRules = dr;
  const d = r['debounceMs'];
  if (typeof d === 'number' && Number.isFinite(d)) out.debounceMs = Math.round(Math.min(DEBOUNCE_MAX, Math.max(DEBOUNCE_MIN, d)));
  const ds = strings(r['disabledSites']);
  if (ds) out.disabledSites = ds.map((h) => normalizeHost(h)).filter((h): h is string => !!h);
  const wl = strings(r['whitelist']);
  if (wl) out.whitelist = wl;
  const y = r['year'];
  if (y === null) out.year = null;
  else if (typeof y === 'number' && Number.isInteger(y) && y >= 1949 && y <= 2100) out.year = y;
  return out;
}

/** "https://Example.org:8080/x" or "example.org" → "example.org"; null when not a host name. */
export function normalizeHost(s: string): string | null {
  let h = s.trim().toLowerCase();
  if (!h) return null;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(h)) h = new URL(h).hostname;
  } catch {
    return null;
  }
  h = h.replace(/\/.*$/, '').replace(/:\d+$/, '');
  return /^[a-z0-9.\-\[\]:]+$/.test(h) ? h : null;
}

function topicsFrom(raw: unknown): StoredTopics | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r['text'] !== 'string' || !r['text'].trim()) return null;
  const format = typeof r['format'] === 'string' ? r['format'] : 'auto';
  const name = typeof r['name'] === 'string' ? r['name'] : '';
  return { text: r['text'], format, name };
}

async function safeGet(area: chrome.storage.StorageArea | undefined, keys: string[] | null): Promise<Record<string, unknown>> {
  if (!area) return {};
  try {
    return (await area.get(keys)) ?? {};
  } catch {
    // Firefox throws for storage.managed when no policy is installed.
    return {};
  }
}

/** The policy values (storage.managed), sanitized. Keys present here are locked. */
export async function readManaged(): Promise<{ settings: Partial<Settings>; topics: StoredTopics | null }> {
  const m = await safeGet(chrome.storage.managed, null);
  const topicText = m['topicList'];
  const topics =
    typeof topicText === 'string' && topicText.trim()
      ? { text: topicText, format: typeof m['topicListFormat'] === 'string' ? m['topicListFormat'] : 'auto', name: typeof m['topicListName'] === 'string' ? m['topicListName'] : '' }
      : null;
  return { settings: sanitize(m), topics };
}

export async function readEffective(): Promise<Effective> {
  const [sync, local, managed] = await Promise.all([safeGet(chrome.storage.sync, ['settings']), safeGet(chrome.storage.local, ['topics', 'references']), readManaged()]);
  const user = sanitize(sync['settings']);
  const settings: Settings = { ...DEFAULTS, ...user, ...managed.settings };
  const locked = KEYS.filter((k) => k in managed.settings);
  let topics: Effective['topics'] = null;
  if (managed.topics) topics = { ...managed.topics, locked: true };
  else {
    const t = topicsFrom(local['topics']);
    if (t) topics = { ...t, locked: false };
  }
  return { settings, locked, topics, references: referencesFrom(local['references']) };
}

function referencesFrom(raw: unknown): StoredReference[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((r): r is StoredReference => !!r && typeof r === 'object' && typeof r.name === 'string' && typeof r.text === 'string');
}

/** Stores the reference documents (already accepted by the core). */
export async function saveReferences(list: StoredReference[]): Promise<void> {
  if (list.length === 0) await chrome.storage.local.remove('references');
  else await chrome.storage.local.set({ references: list });
}

/** Saves user settings (only the given keys; locked keys are refused by the caller's UI). */
export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const sync = await safeGet(chrome.storage.sync, ['settings']);
  const next = { ...sanitize(sync['settings']), ...sanitize(patch) };
  await chrome.storage.sync.set({ settings: next });
}

export async function saveTopics(t: StoredTopics | null): Promise<void> {
  if (t === null) await chrome.storage.local.remove('topics');
  else {
    if (new TextEncoder().encode(t.text).length > TOPICS_MAX_BYTES) {
      throw new Error('选题清单太大（超过 1 MB），未保存。 (The topic list is larger than 1 MB and was not saved.)');
    }
    await chrome.storage.local.set({ topics: t });
  }
}

/** The analyzer configuration these settings give (the core's Config, see README). */
export function analyzerConfig(s: Settings): { year: number; disabled: string[]; whitelist: string[] } {
  return {
    year: s.year ?? new Date().getFullYear(),
    disabled: [...s.disabledCategories, ...s.disabledRules],
    whitelist: s.whitelist,
  };
}

/** Whether Wenfeng works on this host name. */
export function siteEnabled(s: Settings, host: string): boolean {
  if (!s.enabled) return false;
  const h = host.toLowerCase();
  return !s.disabledSites.some((d) => h === d || h.endsWith(`.${d}`));
}

/** What changed: the analyzer's configuration (sync, managed) or only the local data. */
export type SettingsChange = 'config' | 'topics' | 'references';

/** Calls `fn` whenever any setting source changes. Returns an unsubscribe. */
export function onSettingsChanged(fn: (what: SettingsChange[]) => void): () => void {
  const listener = (changes: Record<string, chrome.storage.StorageChange>, area: string): void => {
    const what: SettingsChange[] = [];
    if (area === 'managed' || (area === 'sync' && 'settings' in changes)) what.push('config');
    if (area === 'local' && 'topics' in changes) what.push('topics');
    if (area === 'local' && 'references' in changes) what.push('references');
    if (what.length) fn(what);
  };
  chrome.storage.onChanged.addListener(listener);
  return () => chrome.storage.onChanged.removeListener(listener);
}
