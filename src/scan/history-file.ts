import os from 'node:os';
import path from 'node:path';
import type { ScanFile } from '../core/index.js';
import type { HistoryBlob } from '../walker/git/index.js';
import { HEAD_BYTES, sniff } from '../walker/index.js';
import { lfsObject, lfsPointer } from '../inspectors/data/index.js';

/**
 * A modified text file this size or larger is read for the lines its commit added (see
 * changed-lines.ts); a smaller one is read whole, which keeps a secret's context lines (a key name
 * on the line above) for the detectors at a cost that does not matter.
 */
export const CHANGED_LINES_FROM = 64 * 1024;
/** Text formats whose lines cannot be read apart from the rest (a JSON document, markup): read whole. */
const WHOLE_TEXT = new Set(['.json', '.ipynb', '.html', '.htm', '.xhtml', '.xml', '.svg']);

/** Whether a file's lines can be read apart (for the lines a commit added). */
export function lineOriented(file: ScanFile): boolean {
  return file.sniffed === 'text' && !WHOLE_TEXT.has(file.ext);
}


/** Where a version held in memory is said to be: a path nothing is ever written to (SpillFiles gives a real one when needed). */
const NOT_A_FILE = path.join(os.tmpdir(), 'aispm-history-version-in-memory');

/** A file version from history as the walker would hand a file over, its bytes in memory. */
export function scanFileOf(rel: string, bytes: Buffer): ScanFile {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  const head = bytes.subarray(0, HEAD_BYTES);
  return {
    path: rel,
    name: name.toLowerCase(),
    ext,
    size: bytes.length,
    sniffed: sniff(head, ext),
    head,
    // Not a file until it is large enough to be streamed from disk (SpillFiles).
    absPath: NOT_A_FILE,
    bytes: () => Promise.resolve(bytes),
    text: () => Promise.resolve(bytes.toString('utf8')),
  };
}

/**
 * A version's bytes as committed: a Git LFS pointer is the object it names (when this clone has it:
 * `lfs-missing` otherwise, `lfs-too-large` past `maxBytes`). Throws when the blob cannot be read.
 */
export async function committedBytes(blob: HistoryBlob, commonDir: string, maxBytes: number): Promise<{ bytes: Buffer; lfs: boolean } | 'lfs-missing' | 'lfs-too-large'> {
  const bytes = await blob.read();
  const pointer = lfsPointer(bytes);
  if (!pointer) return { bytes, lfs: false };
  const object = await lfsObject(commonDir, pointer, maxBytes);
  if (object === 'too-large') return 'lfs-too-large';
  return object ? { bytes: object, lfs: true } : 'lfs-missing';
}
