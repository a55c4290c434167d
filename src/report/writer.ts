import type { RuleMeta, ScanResult } from '../core/index.js';

export interface WriterOptions {
  /** Colour for terminals; false when NO_COLOR is set or output is not a TTY. */
  color: boolean;
  /** Rule metadata by id, for writers that print help text (SARIF, table). */
  rules: ReadonlyMap<string, RuleMeta>;
}

/** A report format: a pure function from the scan result to the bytes written. */
export interface Writer {
  format: string;
  description: string;
  /** File extension for `-o` defaults and the server's downloads. */
  extension: string;
  write(result: ScanResult, opts: WriterOptions): string;
}

export function defineWriter(w: Writer): Writer {
  return w;
}
