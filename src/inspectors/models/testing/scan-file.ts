import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScanFile } from '../../../core/index.js';

/** Writes `bytes` under `dir` and returns the ScanFile the walker would hand over for `rel`. */
export async function writeScanFile(dir: string, rel: string, bytes: Uint8Array, sniffed: string): Promise<ScanFile> {
  const abs = path.join(dir, rel.replace(/\//g, '_'));
  await writeFile(abs, bytes);
  const name = rel.slice(rel.lastIndexOf('/') + 1).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
  return { path: rel, name, ext, size: bytes.length, sniffed, head: bytes.subarray(0, 4096), absPath: abs, bytes: () => Promise.resolve(Buffer.from(bytes)), text: () => Promise.resolve('') };
}
