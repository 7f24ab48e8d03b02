/** Messages between the page and the verifier's Web Worker (structured-clone safe). */
import type { Report } from './verify';

export interface VerifyRequest {
  /** Same-origin URL of the record (record.json). */
  url: string;
}

export type VerifyMessage =
  | { type: 'progress'; stage: string; done: number; total: number }
  | { type: 'done'; result: VerifyOutcome }
  | { type: 'crash'; message: string };

/** A `Report` with its values rendered as text (markers and JSON values as `verify-draw` shows them). */
export interface VerifyOutcome {
  ok: boolean;
  malformed: boolean;
  path: string | null;
  expected: string | null;
  actual: string | null;
  message: string | null;
  line: string;
  summary: Report['summary'] | null;
}
