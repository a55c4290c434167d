import path from 'node:path';
import type { FileInfo, ScanFile } from '../../core/index.js';

/**
 * An in-memory `ScanFile` for analyzer tests (shared by the deps, mcp, env and containers tests):
 * same shape the walker hands over, no disk needed.
 */
export function fakeFile(relPath: string, content: string | Uint8Array, sniffed = 'text'): ScanFile {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const name = path.posix.basename(relPath).toLowerCase();
  const dot = name.lastIndexOf('.');
  const info: FileInfo = { path: relPath, name, ext: dot > 0 ? name.slice(dot) : '', size: buf.length, sniffed, head: buf.subarray(0, 4096) };
  return {
    ...info,
    absPath: `/virtual/${relPath}`,
    bytes: () => Promise.resolve(buf),
    text: () => Promise.resolve(buf.toString('utf8').replace(/^\uFEFF/, '')),
  };
}
