/// <reference types="chrome" />
/**
 * The background (a service worker on Chrome, an event page on Firefox) owns the one analyzer:
 * the Rust core compiled to WebAssembly. Content scripts connect over a port and send the text of
 * the field being edited; each answer carries the text version it describes. Nothing is stored
 * but settings: texts live only in memory while they are analysed, and the popup gets numbers.
 */
import init, { Wenfeng } from 'wenfeng-wasm';
import type { Report } from '../../ui/types.js';
import WARM_TEXT from '../../www/samples/weak.txt';
import { type EngineInfo, type FieldStatus, PORT_NAME, type PortRequest, type PortResponse, type RuntimeRequest } from './protocol.js';
import { analyzerConfig, onSettingsChanged, readEffective, saveReferences, type SettingsChange, saveTopics, type StoredReference } from './settings.js';

interface Engine {
  w: Wenfeng;
  topicsError: string | null;
}

let wasm: Promise<WebAssembly.Memory> | null = null;
let engine: Promise<Engine> | null = null;
let engineError: string | null = null;
let configWarning: string | null = null;
let wasmMemory: WebAssembly.Memory | null = null;
const timings: Record<string, number> = {};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function loadWasm(): Promise<WebAssembly.Memory> {
  if (!wasm) {
    const t0 = performance.now();
    wasm = init({ module_or_path: fetch(chrome.runtime.getURL('wenfeng_bg.wasm')) }).then((out) => {
      timings['wasmLoad'] = performance.now() - t0;
      wasmMemory = out.memory;
      return out.memory;
    });
    wasm.catch(() => {
      wasm = null;
    });
  }
  return wasm;
}

/** Builds the analyzer from the current settings (again after every settings change). */
function getEngine(): Promise<Engine> {
  if (!engine) {
    const p = (async (): Promise<Engine> => {
      await loadWasm();
      const eff = await readEffective();
      const t0 = performance.now();
      const config = analyzerConfig(eff.settings);
      let w: Wenfeng;
      try {
        w = new Wenfeng(config);
        configWarning = null;
      } catch (e) {
        // A setting the core refuses (say, a rule id from an older version, or a policy typo)
        // must not stop the analyzer: keep the entries the core knows and say which were dropped.
        const probe = new Wenfeng({ ...config, disabled: [] });
        const known = probe.rules() as { id: string; category: string }[];
        probe.free();
        const ok = (d: string): boolean => known.some((r) => r.id === d || r.id.startsWith(`${d}.`) || r.category === d);
        const dropped = config.disabled.filter((d) => !ok(d));
        w = new Wenfeng({ ...config, disabled: config.disabled.filter(ok) });
        configWarning = `已忽略无法识别的设置：${dropped.join('、') || message(e)} (Ignored settings the analyzer does not know.)`;
      }
      timings['constructor'] = performance.now() - t0;
      let topicsError: string | null = null;
      if (eff.topics) {
        const r = w.setTopics(eff.topics.text, eff.topics.format) as { ok: boolean; errors: { line: number; message: string }[] };
        if (!r.ok) topicsError = r.errors.map((e) => `${e.line}: ${e.message}`).join('\n');
      }
      applyReferences(w, eff.references);
      engineError = null;
      return { w, topicsError };
    })();
    engine = p;
    p.catch((e: unknown) => {
      engineError = `文风分析引擎无法启动：${message(e)} (The Wenfeng analyzer could not start.)`;
      if (engine === p) engine = null;
    });
  }
  return engine;
}

interface ReferencesResult {
  ok: boolean;
  errors: { name?: string | null; message: string }[];
}
let referencesError: string | null = null;

function applyReferences(w: Wenfeng, list: StoredReference[]): ReferencesResult {
  const r = w.setReferences(list) as ReferencesResult;
  referencesError = r.ok ? null : r.errors.map((e) => e.message).join('\n');
  return r;
}

/** Only the topic list or the references changed: update the running analyzer in place. */
async function reloadData(what: SettingsChange[]): Promise<void> {
  if (!engine) return; // the next start reads them anyway
  let eng: Engine;
  try {
    eng = await engine;
  } catch {
    return;
  }
  const eff = await readEffective();
  if (what.includes('topics')) {
    if (eff.topics) eng.w.setTopics(eff.topics.text, eff.topics.format);
    else eng.w.resetTopics();
  }
  if (what.includes('references')) applyReferences(eng.w, eff.references);
  for (const c of clients) c.send({ type: 'refresh' });
}

async function reconfigure(): Promise<void> {
  const old = engine;
  engine = null;
  try {
    (await old)?.w.free();
  } catch {
    /* the old engine never started */
  }
  await getEngine().catch(() => undefined);
  for (const c of clients) c.send({ type: 'refresh' });
}

// ---- content-script ports ---------------------------------------------------------------------

class PortClient {
  readonly pending = new Map<number, Extract<PortRequest, { type: 'analyze' }>>();
  closed = false;
  constructor(readonly port: chrome.runtime.Port) {}
  send(m: PortResponse): void {
    if (this.closed) return;
    try {
      this.port.postMessage(m);
    } catch {
      this.closed = true;
    }
  }
}

const clients = new Set<PortClient>();
/** The focused field's numbers per tab, for the popup (memory only). */
const statusByTab = new Map<number, FieldStatus>();
let pumping = false;
/** Analyses run since the background started (engine-info; tests check IME compositions cause none). */
let analyses = 0;

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    let eng: Engine;
    try {
      eng = await getEngine();
    } catch (e) {
      for (const c of clients) {
        for (const r of c.pending.values()) c.send({ type: 'error', id: r.id, field: r.field, version: r.version, message: engineError ?? message(e) });
        c.pending.clear();
      }
      return;
    }
    for (;;) {
      // Only the newest request per field is analysed; older ones were superseded while waiting.
      let did = false;
      for (const c of clients) {
        for (const [field, r] of c.pending) {
          c.pending.delete(field);
          if (c.closed) continue;
          did = true;
          const t0 = performance.now();
          try {
            const report = eng.w.analyze(r.text) as Report;
            analyses++;
            c.send({ type: 'result', id: r.id, field, version: r.version, report, ms: performance.now() - t0 });
          } catch (e) {
            c.send({ type: 'error', id: r.id, field, version: r.version, message: `分析失败：${message(e)} (Analysis failed.)` });
          }
          // Let newer messages arrive between two analyses.
          await new Promise((res) => setTimeout(res, 0));
          if (engine === null) break;
        }
      }
      if (!did) break;
      if (engine === null) eng = await getEngine();
    }
  } finally {
    pumping = false;
  }
}

/**
 * A content script connects when the user focuses a field, usually well before the first
 * analysis is due (typing, then the debounce). Building the analyzer then, and running it once on
 * the shipped weak sample (which compiles the rules' lazily built regexes), takes that cost off
 * the writer's first result. Real requests that arrive first are served first.
 */
const warmed = new WeakSet<Engine>();
function warmUp(): void {
  getEngine().then(
    (eng) => {
      if (warmed.has(eng)) return;
      warmed.add(eng);
      setTimeout(() => {
        if (pumping || [...clients].some((c) => c.pending.size > 0)) return;
        const t0 = performance.now();
        try {
          eng.w.analyze(WARM_TEXT);
          timings['warmUp'] = performance.now() - t0;
        } catch {
          /* a failing analysis shows up on the first real request */
        }
      }, 0);
    },
    () => undefined,
  );
}

chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== PORT_NAME) return;
  warmUp();
  const c = new PortClient(port);
  const tabId = port.sender?.tab?.id;
  clients.add(c);
  port.onMessage.addListener((m: PortRequest) => {
    if (m.type === 'analyze') {
      c.pending.set(m.field, m);
      void pump();
    } else if (m.type === 'status' && tabId !== undefined) {
      if (m.status) {
        const prev = statusByTab.get(tabId);
        if (!prev || prev.at <= m.status.at) statusByTab.set(tabId, m.status);
      }
    }
  });
  port.onDisconnect.addListener(() => {
    c.closed = true;
    clients.delete(c);
  });
});

chrome.tabs?.onRemoved?.addListener((tabId) => statusByTab.delete(tabId));

// ---- popup and options ------------------------------------------------------------------------

async function handle(req: RuntimeRequest): Promise<unknown> {
  switch (req.type) {
    case 'popup-state':
      return { status: statusByTab.get(req.tabId) ?? null };
    case 'rules':
      return (await getEngine()).w.rules();
    case 'engine-info': {
      let ready = false;
      try {
        await getEngine();
        ready = true;
      } catch {
        ready = false;
      }
      const info: EngineInfo = {
        version: ready ? Wenfeng.version() : '',
        ready,
        error: engineError,
        warning: [configWarning, referencesError].filter(Boolean).join(' ') || null,
        timings: { ...timings },
        wasmMemory: wasmMemory?.buffer.byteLength ?? 0,
        ports: clients.size,
        analyses,
      };
      return info;
    }
    case 'set-topics': {
      const eff = await readEffective();
      if (eff.topics?.locked) return { ok: false, errors: [{ line: 0, column: 0, message: '选题清单由单位统一设置，不能修改。 (The topic list is set by your organization.)' }] };
      const eng = await getEngine();
      // The core parses; on errors it keeps the list in force, and nothing is saved.
      const r = eng.w.setTopics(req.text, req.format) as { ok: boolean; errors: unknown[] };
      if (r.ok) await saveTopics({ text: req.text, format: req.format, name: req.name });
      return r;
    }
    case 'set-references': {
      const eng = await getEngine();
      // The core checks the caps and names; on errors the set in force stays and nothing is saved.
      const r = eng.w.setReferences(req.list) as ReferencesResult;
      if (r.ok) {
        referencesError = null;
        await saveReferences(req.list);
      }
      return r;
    }
    case 'docx-text': {
      await loadWasm();
      const bin = atob(req.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return Wenfeng.docxText(bytes);
    }
    case 'reset-topics': {
      const eff = await readEffective();
      if (eff.topics?.locked) return { ok: false };
      await saveTopics(null);
      (await getEngine()).w.resetTopics();
      return { ok: true };
    }
  }
}

chrome.runtime.onMessage.addListener((req: RuntimeRequest, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || !req || typeof req !== 'object') return false;
  handle(req).then(
    (value) => sendResponse({ ok: true, value }),
    (e: unknown) => sendResponse({ ok: false, error: message(e) }),
  );
  return true;
});

onSettingsChanged((what) => {
  if (what.includes('config')) void reconfigure();
  else void reloadData(what);
});
