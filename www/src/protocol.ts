import type { Report, RuleInfo, SetTopicsResult } from '../../ui/types.js';

/** Messages between the page and the analyzer worker (worker.ts, or worker-mock.ts in dev/test mode). */

/** The formats the core's topic-list parser takes (setTopics); 'auto' lets it detect the format. */
export type TopicFormat = 'toml' | 'json' | 'plain' | 'text' | 'auto';

export type Request =
  | { type: 'analyze'; id: number; channel: string; version: number; text: string }
  | { type: 'setTopics'; id: number; text: string; format: TopicFormat }
  | { type: 'resetTopics'; id: number }
  | { type: 'rules'; id: number };

export type Response =
  | { type: 'ready'; engine: string; version: string; timings?: Record<string, number> }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; ok: true; value: unknown; ms?: number }
  | { type: 'result'; id: number; ok: false; error: string; superseded?: boolean };

export interface AnalyzeResult {
  report: Report;
  version: number;
  ms: number;
}

export type { Report, RuleInfo, SetTopicsResult };
