import type { Report, RuleInfo, SetTopicsResult } from '../../ui/types.js';

/** Messages between the page and the analyzer worker (worker.ts, or worker-mock.ts in dev/test mode). */

/** The formats the core's topic-list parser takes (setTopics); 'auto' lets it detect the format. */
export type TopicFormat = 'toml' | 'json' | 'plain' | 'text' | 'auto';

/** A reference document for the copied-text check (category `copy`). */
export interface ReferenceDoc {
  name: string;
  text: string;
}

/** What `setReferences` returns: on errors the previous set stays in use. */
export interface SetReferencesResult {
  ok: boolean;
  errors: { name: string | null; message: string }[];
}

/** One copied passage (the report's `copy.spans`; README, "JSON report"). */
export interface CopySpan {
  rule: string;
  start: number;
  end: number;
  chars: number;
  reference: number;
  name: string;
  paragraph: number;
  ref_start: number;
  ref_end: number;
  excerpt: string;
}

/** The report's `copy` field, present only while reference documents are loaded. */
export interface CopyReport {
  share: number;
  chars: number;
  quoted: number;
  draft_chars: number;
  references: { name: string; chars: number; copied: number; share: number }[];
  spans: CopySpan[];
}

export type Request =
  | { type: 'analyze'; id: number; channel: string; version: number; text: string }
  | { type: 'setTopics'; id: number; text: string; format: TopicFormat }
  | { type: 'setReferences'; id: number; refs: ReferenceDoc[] }
  | { type: 'docxText'; id: number; bytes: ArrayBuffer }
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
