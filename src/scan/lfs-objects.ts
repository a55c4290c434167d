import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

/**
 * Git LFS: a large file (a dataset, a model) is committed as a small pointer text and its bytes
 * kept in `.git/lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>` once fetched. Scanning history, the
 * pointer says nothing; the object is what was committed. A pointer (git-lfs spec v1):
 *
 *   version https://git-lfs.github.com/spec/v1
 *   oid sha256:<64 hex>
 *   size <bytes>
 */
export interface LfsPointer {
  oid: string;
  size: number;
}

const POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\noid sha256:([0-9a-f]{64})\r?\nsize (\d{1,15})\r?\n/;

/** The pointer a blob is, when it is one (pointers are under 1 KiB by the spec). */
export function lfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (bytes.length > 1024 || bytes[0] !== 0x76) return undefined;
  const m = POINTER.exec(Buffer.from(bytes).toString('latin1'));
  return m ? { oid: m[1]!, size: Number(m[2]) } : undefined;
}

/**
 * The object a pointer names from the repository's LFS store: undefined when it was never fetched
 * here, is larger than `maxBytes`, or its bytes do not hash to its oid (a damaged or planted file
 * is not read as the committed one).
 */
export async function lfsObject(commonDir: string, p: LfsPointer, maxBytes: number): Promise<Buffer | undefined | 'too-large'> {
  if (p.size > maxBytes) return 'too-large';
  const file = path.join(commonDir, 'lfs', 'objects', p.oid.slice(0, 2), p.oid.slice(2, 4), p.oid);
  let fh;
  try {
    // Non-blocking: a FIFO planted where an object should be must not hang the scan.
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size !== p.size) return undefined;
    const bytes = Buffer.alloc(p.size);
    const { bytesRead } = await fh.read(bytes, 0, p.size, 0);
    if (bytesRead !== p.size) return undefined;
    return createHash('sha256').update(bytes).digest('hex') === p.oid ? bytes : undefined;
  } finally {
    await fh.close();
  }
}
