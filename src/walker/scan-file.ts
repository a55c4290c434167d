import { readFile } from 'node:fs/promises';
import type { ScanFile } from '../core/index.js';
import type { WalkEntry } from './walk.js';

/** Raised when an analyzer asks for a whole file bigger than the read cap; reported as `too-large`. */
export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${size} bytes is over the ${limit}-byte read limit; skipped (raise limits.maxReadBytes to scan it)`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Wraps a walk entry with bounded whole-file readers. The bytes are read at most once and shared by
 * every analyzer that wants the file. Streaming inspectors use `absPath` and ignore the cap.
 */
export function toScanFile(entry: WalkEntry, maxReadBytes: number): ScanFile {
  let cached: Promise<Buffer> | undefined;
  const bytes = (): Promise<Buffer> => {
    if (entry.info.size > maxReadBytes) return Promise.reject(new FileTooLargeError(entry.info.path, entry.info.size, maxReadBytes));
    cached ??= entry.content ? Promise.resolve(entry.content) : readFile(entry.absPath);
    return cached;
  };
  const i = entry.info;
  // Spelled out, not spread: this runs once per file of every scan, and a spread copy of the info
  // object cost more than the rest of the wrapper. (A new required FileInfo field fails to compile here.)
  return {
    path: i.path,
    name: i.name,
    ext: i.ext,
    size: i.size,
    sniffed: i.sniffed,
    head: i.head,
    absPath: entry.absPath,
    bytes,
    text: async () => {
      const b = await bytes();
      const s = b.toString('utf8');
      return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
    },
  };
}
