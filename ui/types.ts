/**
 * The analyzer's report, exactly as the CLI prints it with `--format json` and as the wasm
 * `Wenfeng.analyze` returns it (see README, "JSON schema"). `start`/`end` are UTF-16 offsets
 * into the analysed text, so they index a JS string / a textarea value directly.
 */

export type Severity = 'info' | 'warning' | 'error';

/** Known categories; the analyzer may add more, so code must tolerate unknown strings. */
export type KnownCategory = 'cliche' | 'claim' | 'residue' | 'stale' | 'style' | 'topic' | 'copy';
export type Category = KnownCategory | (string & {});

export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  start: number;
  end: number;
  start_byte: number;
  end_byte: number;
  text: string;
  message: string;
  advice: string;
  /** Concrete replacements; "" means "delete the span". */
  replacements: string[];
}

export interface CategoryScore {
  count: number;
  per_1000: number;
  penalty: number;
}

export interface Score {
  total: number;
  by_category: Record<string, CategoryScore>;
}

export interface Stats {
  chars: number;
  sentences: number;
  paragraphs: number;
}

export interface EvidenceSpan {
  start: number;
  end: number;
  text: string;
}

export interface TopicAlignment {
  id: string;
  title: string;
  score: number;
  covered: boolean;
  evidence: EvidenceSpan[];
}

export interface ParagraphTopic {
  start: number;
  end: number;
  /** A topic id, or null when the paragraph serves no topic. */
  topic: string | null;
}

export interface Alignment {
  year: number | null;
  list: string;
  score: number;
  summary: string;
  topics: TopicAlignment[];
  paragraphs: ParagraphTopic[];
}

export interface Report {
  findings: Finding[];
  score: Score;
  stats: Stats;
  alignment?: Alignment | null;
}

export interface TopicError {
  line: number | null;
  column: number | null;
  field: string | null;
  message: string;
}

export interface SetTopicsResult {
  ok: boolean;
  errors: TopicError[];
}

export interface RuleInfo {
  id: string;
  category: Category;
  family: string;
  severity: Severity;
  tier: string | null;
  message: string;
  advice: string;
  terms: number;
  disabled: boolean;
}
