import type { AnalyzeResult, ReferenceDoc, Report, Request, Response, RuleInfo, SetReferencesResult, SetTopicsResult, TopicFormat } from './protocol.js';

export class Superseded extends Error {
  constructor() {
    super('superseded');
  }
}

type Pending = { resolve: (v: { value: unknown; ms: number }) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The page's side of the analyzer worker. Every analyze call carries the text version it describes;
 * results come back tagged with it so the caller can remap or drop them.
 */
export class AnalyzerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  readonly ready: Promise<{ engine: string; version: string; timings?: Record<string, number> }>;
  /** Number of analyze requests sent (tests read it to check nothing runs during IME composition). */
  analyzeCount = 0;

  constructor(workerUrl: URL) {
    this.worker = new Worker(workerUrl, { type: 'module', name: 'wenfeng-analyzer' });
    this.ready = new Promise((resolve, reject) => {
      this.worker.addEventListener('message', (e: MessageEvent<Response>) => {
        const m = e.data;
        if (m.type === 'ready') resolve({ engine: m.engine, version: m.version, timings: m.timings });
        else if (m.type === 'fatal') reject(new Error(m.message));
        else if (m.type === 'result') {
          const p = this.pending.get(m.id);
          if (!p) return;
          this.pending.delete(m.id);
          if (m.ok) p.resolve({ value: m.value, ms: m.ms ?? 0 });
          else p.reject(m.superseded ? new Superseded() : new Error(m.error));
        }
      });
      this.worker.addEventListener('error', (e) => reject(new Error(e.message || 'worker failed to start')));
    });
    this.ready.catch(() => undefined);
  }

  private call(req: DistributiveOmit<Request, 'id'>): Promise<{ value: unknown; ms: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id } as Request);
    });
  }

  async analyze(text: string, version: number, channel = 'main'): Promise<AnalyzeResult> {
    this.analyzeCount++;
    const { value, ms } = await this.call({ type: 'analyze', channel, version, text });
    return { report: value as Report, version, ms };
  }

  async setTopics(text: string, format: TopicFormat): Promise<SetTopicsResult> {
    return (await this.call({ type: 'setTopics', text, format })).value as SetTopicsResult;
  }

  /** Loads reference documents (an empty list drops them); a refused set leaves the old one. */
  async setReferences(refs: ReferenceDoc[]): Promise<SetReferencesResult> {
    return (await this.call({ type: 'setReferences', refs })).value as SetReferencesResult;
  }

  /** The plain text of a .docx file, read by the core. */
  async docxText(bytes: ArrayBuffer): Promise<string> {
    return (await this.call({ type: 'docxText', bytes })).value as string;
  }

  async resetTopics(): Promise<void> {
    await this.call({ type: 'resetTopics' });
  }

  async rules(): Promise<RuleInfo[]> {
    return (await this.call({ type: 'rules' })).value as RuleInfo[];
  }

  terminate(): void {
    this.worker.terminate();
  }
}
