import type { ReferenceDoc, Request, Response, TopicFormat } from './protocol.js';

/** What a worker backend must provide: the wasm Wenfeng (worker.ts) or the dev mock (worker-mock.ts). */
export interface Backend {
  engine: string;
  version(): string;
  /** Start-up steps in ms (wasm: fetch + compile + instantiate, constructor), for benchmarks. */
  timings?: Record<string, number>;
  analyze(text: string): unknown | Promise<unknown>;
  setTopics(text: string, format: TopicFormat): unknown | Promise<unknown>;
  resetTopics(): void | Promise<void>;
  setReferences(refs: ReferenceDoc[]): unknown | Promise<unknown>;
  docxText(bytes: ArrayBuffer): string | Promise<string>;
  rules(): unknown | Promise<unknown>;
}

interface WorkerScope {
  postMessage(m: Response): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<Request>) => void): void;
}

const scope = self as unknown as WorkerScope;

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || String(e);
  return String(e);
}

/**
 * Runs the worker side of the protocol. Analyze requests are coalesced per channel: when several
 * arrive while one is running, only the newest is analysed and the older ones are answered
 * "superseded", so a fast typist never queues up stale work.
 */
export function serve(load: () => Promise<Backend>): void {
  const queue: Request[] = [];
  let backend: Backend | null = null;
  let failed: string | null = null;
  let draining = false;

  const reply = (m: Response): void => scope.postMessage(m);

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (queue.length) {
        // Drop superseded analyze requests (keep the newest per channel).
        const newest = new Map<string, number>();
        queue.forEach((r, i) => {
          if (r.type === 'analyze') newest.set(r.channel, i);
        });
        const req = queue.shift()!;
        if (req.type === 'analyze' && newest.get(req.channel) !== 0) {
          reply({ type: 'result', id: req.id, ok: false, error: 'superseded', superseded: true });
          continue;
        }
        if (failed || !backend) {
          reply({ type: 'result', id: req.id, ok: false, error: failed ?? 'analyzer not loaded' });
          continue;
        }
        const t0 = performance.now();
        try {
          let value: unknown;
          switch (req.type) {
            case 'analyze':
              value = await backend.analyze(req.text);
              break;
            case 'setTopics':
              value = await backend.setTopics(req.text, req.format);
              break;
            case 'setReferences':
              value = await backend.setReferences(req.refs);
              break;
            case 'docxText':
              value = await backend.docxText(req.bytes);
              break;
            case 'resetTopics':
              await backend.resetTopics();
              value = { ok: true, errors: [] };
              break;
            case 'rules':
              value = await backend.rules();
              break;
          }
          reply({ type: 'result', id: req.id, ok: true, value, ms: performance.now() - t0 });
        } catch (e) {
          reply({ type: 'result', id: req.id, ok: false, error: errorText(e) });
        }
        // Let queued messages arrive before choosing the next request.
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      draining = false;
    }
  }

  scope.addEventListener('message', (e) => {
    queue.push(e.data);
    if (backend || failed) void drain();
  });

  load().then(
    (b) => {
      backend = b;
      reply({ type: 'ready', engine: b.engine, version: b.version(), timings: b.timings });
      void drain();
    },
    (e: unknown) => {
      failed = errorText(e);
      reply({ type: 'fatal', message: failed });
      void drain();
    },
  );
}
