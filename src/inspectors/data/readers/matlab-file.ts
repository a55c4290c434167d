import { open } from 'node:fs/promises';
import { MI, MatError, matBytes, readElement } from './matlab-elements.js';
import { eachMatRow, matRead, rowEmitter } from './matlab.js';
import { isMatV5, littleEndian, readVariable, skippedAtStart, type EachVariable, type V5Reading } from './matlab-v5.js';
import type { DocumentRead, RowSink } from './sheet-table.js';

/**
 * A MAT-file on disk read variable by variable: an EEG or imaging study is often gigabytes of
 * samples beside a small `subject` struct, and holding it whole (or refusing it past the document
 * limit) would lose the struct. Each top-level element's first bytes say whether it is a variable
 * to read; a large numeric array is passed over without reading it, and any one variable over
 * `maxVariableBytes` is said and skipped. Level 4 files (no tags to skip by) are read whole up to
 * that size.
 */

export interface MatLimits {
  /** The most one variable (or a level-4 file) may take, as stored. */
  maxVariableBytes: number;
  /** What compressed variables may inflate to, in all. */
  maxInflated: number;
}

/** How much of a matrix is looked at before reading the rest: its flags, dimensions and name. */
const PEEK_BYTES = 4096;

export async function readMatFile(absPath: string, size: number, maxRows: number, sink: RowSink, limits: MatLimits): Promise<DocumentRead> {
  const fh = await open(absPath, 'r');
  try {
    const readAt = async (at: number, length: number): Promise<Uint8Array> => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - at)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      return buf.subarray(0, bytesRead);
    };
    const head = await readAt(0, 128);
    if (!isMatV5(head)) {
      if (size > limits.maxVariableBytes) return { problems: [`a level-4 MAT-file of ${size} bytes, over the ${limits.maxVariableBytes} read whole (analyzers.data.maxDocumentBytes); not read`], truncated: true };
      return eachMatRow(await readAt(0, size), maxRows, sink, limits.maxInflated);
    }
    const problems: string[] = [];
    const out = rowEmitter(maxRows, sink);
    const r: V5Reading = { budget: { left: limits.maxInflated }, matrices: 0, problems };
    try {
      await eachVariable(readAt, littleEndian(head), size, r, limits, out.each);
    } catch (e) {
      if (!(e instanceof MatError)) throw e;
      problems.push(`not a readable MAT-file: ${e.message}`);
      r.stopped = true;
    }
    return matRead(r, out.truncated());
  } finally {
    await fh.close();
  }
}

async function eachVariable(readAt: (at: number, length: number) => Promise<Uint8Array>, little: boolean, size: number, r: V5Reading, limits: MatLimits, each: EachVariable): Promise<void> {
  let at = 128;
  for (let index = 1; at < size; index++) {
    // The tag as a buffer of its own whose end is the file's: a claim past it is caught as in a file held whole.
    const tag = matBytes(await readAt(at, 8), little, at);
    const e = readElement(tag, 0, size - at);
    const start = at;
    at += e.next;
    if (e.type !== MI.MATRIX && e.type !== MI.COMPRESSED) continue;
    const length = 8 + e.size;
    const peek = matBytes(await readAt(start, Math.min(length, PEEK_BYTES)), little, start);
    if (skippedAtStart(peek, readElement(peek, 0, Number.MAX_SAFE_INTEGER))) continue;
    if (length > limits.maxVariableBytes) {
      r.problems.push(`variable ${index} (at byte ${start}) not read: ${e.size} bytes, over the ${limits.maxVariableBytes} a variable may take (analyzers.data.maxDocumentBytes)`);
      continue;
    }
    const whole = length <= peek.bytes.length ? peek : matBytes(await readAt(start, length), little, start);
    if (!readVariable(whole, readElement(whole, 0, whole.bytes.length), index, r, each, start)) return;
  }
}
