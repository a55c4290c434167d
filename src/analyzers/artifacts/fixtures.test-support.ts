import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ScanFile } from '../../core/index.js';

/** A temp folder for one test file's fixtures. */
export function tempRoot(prefix = 'aispm-artifacts-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * Writes `bytes` at `rel` under `root` and returns the ScanFile the walker would hand over.
 * `sniffed` is passed as the walker's magic-byte sniff would report it (analyzers may not import
 * the walker; the e2e test in test/report-schema.test.ts covers the real sniff).
 */
export function scanFile(root: string, rel: string, bytes: Uint8Array | string, sniffed: string): ScanFile {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, bytes);
  const name = path.basename(rel).toLowerCase();
  const dot = name.lastIndexOf('.');
  const data = readFileSync(abs);
  return {
    path: rel,
    name,
    ext: dot > 0 ? name.slice(dot) : '',
    size: statSync(abs).size,
    sniffed,
    head: new Uint8Array(data.subarray(0, 4096)),
    absPath: abs,
    bytes: async () => data,
    text: async () => data.toString('utf8'),
  };
}
