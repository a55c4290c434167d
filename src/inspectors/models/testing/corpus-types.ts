import type { Verdict } from '../scan-context.js';

/** One generated file and the verdict the scanner must give it. */
export interface CorpusCase {
  /** Unique, used as the test name. */
  name: string;
  /** File name to write it under (extensions are deliberately misleading in some cases). */
  file: string;
  /** The bytes; undefined when a generator is unavailable here (the test says so). */
  bytes: () => Uint8Array | undefined;
  expect: Verdict;
  /** The published technique or checkpoint shape it reproduces. */
  technique: string;
}
