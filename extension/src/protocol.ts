import type { Report } from '../../ui/types.js';

/**
 * Messages of the extension. Content scripts hold a long-lived port (name PORT_NAME) to the
 * background, which owns the one wasm analyzer; popup and options use one-off runtime messages.
 */
export const PORT_NAME = 'wenfeng';

/** content → background over the port. */
export type PortRequest =
  | { type: 'analyze'; id: number; field: number; version: number; text: string }
  | { type: 'status'; status: FieldStatus | null }
  /** Sent every 20 s while the user is in a field, so the analyzer stays loaded (no cold start mid-draft). */
  | { type: 'ping' };

/** background → content over the port. */
export type PortResponse =
  | { type: 'result'; id: number; field: number; version: number; report: Report; ms: number }
  | { type: 'error'; id: number; field: number; version: number; message: string }
  /** Settings or the topic list changed: analyse every field again. */
  | { type: 'refresh' };

/** What the popup shows about the focused field: numbers only, never the user's text. */
export interface FieldStatus {
  host: string;
  kind: 'textarea' | 'input' | 'contenteditable';
  chars: number;
  findings: number;
  score: number;
  byCategory: Record<string, number>;
  topics: { covered: number; total: number; list: string; year: number | null; uncovered: string[] } | null;
  at: number;
}

/** popup / options → background (runtime.sendMessage). */
export type RuntimeRequest =
  | { type: 'popup-state'; tabId: number }
  | { type: 'rules' }
  | { type: 'engine-info' }
  | { type: 'set-topics'; text: string; format: string; name: string }
  | { type: 'reset-topics' }
  /** Replaces the reference documents (the whole list); answered {ok, errors:[{name, message}]}. */
  | { type: 'set-references'; list: { name: string; text: string }[] }
  /** The plain text of a .docx file (base64), read by the core. */
  | { type: 'docx-text'; base64: string };

export interface TopicErrorInfo {
  line: number;
  column: number;
  field?: string | null;
  message: string;
}

export interface EngineInfo {
  version: string;
  ready: boolean;
  error: string | null;
  /** Settings the analyzer refused and ignored. */
  warning: string | null;
  timings: Record<string, number>;
  /** wasm linear memory in bytes (the analyzer's heap). */
  wasmMemory: number;
  ports: number;
  /** Analyses run since the background started. */
  analyses: number;
}
