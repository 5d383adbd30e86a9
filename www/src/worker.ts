import type { TopicFormat } from './protocol.js';
import { type Backend, serve } from './worker-core.js';

/**
 * The analyzer worker: the Rust core compiled to WebAssembly (wasm-bindgen --target web output in
 * www/pkg/, built by `make wasm`). Loaded at run time, not bundled, so the page builds without it.
 * The bindings return plain JSON-shaped objects (serde-wasm-bindgen's json_compatible serializer),
 * passed to the page as they are.
 */

interface WenfengInstance {
  analyze(text: string): unknown;
  setTopics(text: string, format: string): unknown;
  resetTopics(): void;
  setReferences(list: unknown): unknown;
  rules(): unknown;
  free?(): void;
}
interface WasmModule {
  default: (init?: unknown) => Promise<unknown>;
  Wenfeng: { new (config?: unknown): WenfengInstance; version(): string; docxText(bytes: Uint8Array): string };
}

const PKG = new URL('../pkg/wenfeng.js', import.meta.url).href;

serve(async () => {
  const t0 = performance.now();
  let mod: WasmModule;
  try {
    mod = (await import(/* @vite-ignore */ PKG)) as WasmModule;
  } catch (e) {
    throw new Error(`无法加载分析引擎 www/pkg/wenfeng.js，请先运行 make wasm。(cannot load www/pkg/wenfeng.js — run \`make wasm\` first: ${String(e)})`);
  }
  const t1 = performance.now();
  await mod.default(); // fetch + WebAssembly.instantiateStreaming (compile + instantiate) + start
  const t2 = performance.now();
  // The draft's year decides which references are stale: the browser's clock, as the CLI uses the
  // system clock (the core has no clock in wasm).
  const w = new mod.Wenfeng({ year: new Date().getFullYear() });
  const t3 = performance.now();
  const version = mod.Wenfeng.version();
  const backend: Backend = {
    engine: 'wasm',
    timings: { sinceWorkerStart: t0, importGlue: t1 - t0, fetchCompileInstantiate: t2 - t1, constructor: t3 - t2, total: t3 - t0 },
    version: () => version,
    analyze: (text) => w.analyze(text),
    setTopics: (text, format: TopicFormat) => w.setTopics(text, format),
    resetTopics: () => w.resetTopics(),
    setReferences: (refs) => w.setReferences(refs),
    docxText: (bytes) => mod.Wenfeng.docxText(new Uint8Array(bytes)),
    rules: () => w.rules(),
  };
  return backend;
});
