import { open } from 'node:fs/promises';
import type { PartResult } from './part.js';
import { Utf8Chunks } from './readers/utf8-chunks.js';
import type { ScanRange } from './run.js';

/**
 * A file split into ranges across threads is read in one encoding, the one a single pass reads it
 * in. Text that is not UTF-8 has its encoding guessed on its first bytes past ASCII
 * (`readers/utf8-chunks.ts`), and each range guessed on its own: a Shift_JIS file could be read as
 * Shift_JIS in one range and as Windows-1252 in another (a range with a few Japanese words among
 * ASCII lines says too little), its text mojibake and its columns counted in it there.
 *
 * Most files decide in their first MiB: the main thread reads it before the split
 * (`openingEncoding`) and every range is read in what it decided. A file whose first MiB does not
 * decide (ASCII there) is left to its ranges, and `inFileEncoding` makes them agree afterwards.
 */

/** A one-pass read's first chunk (`readers/source.ts` streams 1 MiB at a time). */
const OPENING = 1 << 20;

/**
 * The encoding one pass reads the file in, when its first MiB decides it (its first byte past
 * ASCII and the sample after it are there): the same bytes through the same decoder as the first
 * chunk of one pass. Undefined when they do not (ASCII, or a sample running past them).
 */
export async function openingEncoding(absPath: string): Promise<string | undefined> {
  const fh = await open(absPath, 'r');
  try {
    const buf = Buffer.allocUnsafe(OPENING);
    const { bytesRead } = await fh.read(buf, 0, OPENING, 0);
    const decoder = new Utf8Chunks();
    decoder.write(buf.subarray(0, bytesRead));
    // Less than a MiB is the whole file: one pass decides at its end on what there is.
    if (bytesRead < OPENING) decoder.end();
    return decoder.encoding;
  } finally {
    await fh.close();
  }
}

/**
 * The ranges of a file its opening did not decide, read in one encoding: its first range's that
 * met a byte past ASCII (one pass decides at the file's first such byte, and that byte is in this
 * range; only when it lies within the last 64 KiB of its range is the range's sample shorter than
 * one pass's). A later range that decided otherwise is scanned again in that encoding. A UTF-8 or
 * ASCII file's ranges agree, and cost nothing more.
 */
export async function inFileEncoding(ranges: readonly ScanRange[], parts: readonly PartResult[], scan: (range: ScanRange, encoding: string) => Promise<PartResult>): Promise<PartResult[]> {
  const encoding = fileEncoding(parts);
  if (!encoding) return [...parts];
  return Promise.all(parts.map((p, i) => (p.status.encoding && p.status.encoding !== encoding ? scan(ranges[i]!, encoding) : p)));
}

/** The encoding the first range with bytes past ASCII read its text in (none: the file is ASCII, or not text). */
export function fileEncoding(parts: readonly PartResult[]): string | undefined {
  for (const p of parts) if (p.status.encoding) return p.status.encoding;
  return undefined;
}
