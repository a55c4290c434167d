import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
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
  const file = objectFile(commonDir, p);
  // Read after it is verified: a file swapped in between is no worse than one swapped later.
  return (await verified(file, p)) ? readFile(file) : undefined;
}

/** Where a pointer's object sits under a git dir (`<git dir>/lfs/objects/ab/cd/abcd…`). */
function objectFile(gitDir: string, p: LfsPointer): string {
  return path.join(gitDir, 'lfs', 'objects', p.oid.slice(0, 2), p.oid.slice(2, 4), p.oid);
}

/**
 * The LFS object of a pointer file on disk, found in the `.git/lfs/objects` of the nearest folder
 * at or above it that has one (a checkout made without LFS smudging — actions/checkout's default —
 * leaves datasets as pointers): its path when there and whole, `missing` when not fetched here.
 */
export async function lfsObjectPath(absFile: string, p: LfsPointer): Promise<string | 'missing'> {
  let dir = path.dirname(absFile);
  for (let depth = 0; depth < 64; depth++) {
    const file = objectFile(path.join(dir, '.git'), p);
    const found = await verified(file, p);
    if (found) return file;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return 'missing';
}

/** Whether `file` is a regular file of the pointer's size whose bytes hash to its oid (streamed). */
async function verified(file: string, p: LfsPointer): Promise<boolean> {
  let fh;
  try {
    // Non-blocking: a FIFO planted where an object should be must not hang the scan.
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size !== p.size) return false;
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; at < p.size; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, p.size - at), at);
      if (!bytesRead) return false;
      hash.update(buf.subarray(0, bytesRead));
      at += bytesRead;
    }
    return hash.digest('hex') === p.oid;
  } finally {
    await fh.close();
  }
}
