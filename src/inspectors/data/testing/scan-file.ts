import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AnalyzerOutput, ScanFile } from '../../../core/index.js';
import { dataInspector } from '../index.js';

/**
 * Sniffs like the walker does, for the types the data inspector cares about (inspectors may not
 * import the walker): gzip, zstd (RFC 8878 §3.1.1), bzip2 (`BZh` and a block size), Parquet, SQLite, zip, PDF, tar.
 */
export function sniffLite(head: Uint8Array): string {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39) return 'bzip2';
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  if (Buffer.from(head.subarray(0, 16)).toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (Buffer.from(head.subarray(0, 4)).toString('latin1') === '%PDF') return 'pdf';
  if (head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  if (head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) return 'pickle';
  for (const b of head) if (b === 0) return 'binary';
  return 'text';
}

/** A ScanFile for a file on disk (tests, bench, eval), the way the walker would hand it over. */
export async function scanFileFor(root: string, rel: string): Promise<ScanFile> {
  const abs = path.join(root, rel);
  const st = await stat(abs);
  const fh = await import('node:fs/promises').then((m) => m.open(abs, 'r'));
  const head = Buffer.alloc(Math.min(4096, st.size));
  await fh.read(head, 0, head.length, 0);
  await fh.close();
  const name = path.basename(rel).toLowerCase();
  return {
    path: rel,
    name,
    ext: path.extname(name),
    size: st.size,
    sniffed: sniffLite(head),
    head,
    absPath: abs,
    bytes: () => readFile(abs),
    text: async () => (await readFile(abs)).toString('utf8'),
  };
}

/** Runs the data inspector on one file if it wants it. */
export async function inspect(root: string, rel: string, options: Record<string, unknown> = {}): Promise<AnalyzerOutput & { wanted: boolean }> {
  const f = await scanFileFor(root, rel);
  if (!dataInspector.wants(f.path, f)) return { wanted: false };
  return { wanted: true, ...(await dataInspector.analyze(f, { root, options })) };
}
