import type { TopicFormat } from './protocol.js';
import { type Backend, serve } from './worker-core.js';

/**
 * DEV/TEST ONLY — never the default. Answers the worker protocol with reports from the native CLI
 * (`wenfeng check --format json`), run by scripts/serve.mjs when started with `--mock`
 * (see tests/e2e/mock-backend.mjs). The page uses it only with `?backend=mock` in its URL.
 */

async function post(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = (await res.json()) as { ok?: boolean; error?: string; value?: unknown };
  if (!res.ok || data.error) throw new Error(data.error ?? `mock backend: HTTP ${res.status}`);
  return data.value;
}

serve(async () => {
  const info = (await post('/__mock__/info', {})) as { version: string };
  const backend: Backend = {
    engine: 'mock (native CLI)',
    version: () => info.version,
    analyze: (text) => post('/__mock__/analyze', { text }),
    setTopics: (text, format: TopicFormat) => post('/__mock__/topics', { text, format }),
    resetTopics: async () => {
      await post('/__mock__/topics', { reset: true });
    },
    rules: () => post('/__mock__/rules', {}),
    // The mock (one native CLI run per request) has no reference documents.
    setReferences: (refs) => {
      if (refs.length === 0) return { ok: true, errors: [] };
      throw new Error('参考文件仅在 WebAssembly 引擎中可用。 (Reference documents need the wasm engine; the mock backend has none.)');
    },
    docxText: () => {
      throw new Error('The mock backend cannot read .docx files.');
    },
  };
  return backend;
});
