import { open } from 'node:fs/promises';

/**
 * Reads at most `length` bytes at `offset` without touching the rest of the file, so a 40 GB
 * weight file costs one small read. Returns fewer bytes at end of file.
 */
export async function readRange(absPath: string, offset: number, length: number): Promise<Buffer> {
  if (length <= 0 || offset < 0) return Buffer.alloc(0);
  const fh = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The last `length` bytes of a file of `size` bytes. */
export function readTail(absPath: string, size: number, length: number): Promise<Buffer> {
  const n = Math.min(size, length);
  return readRange(absPath, size - n, n);
}

/** The parts of a ScanFile the prefix reader needs (kept structural so tests can pass plain objects). */
interface PrefixSource {
  absPath: string;
  size: number;
  bytes(): Promise<Buffer>;
}

/**
 * The first `length` bytes. A file that fits is taken from the walker's shared read (often already
 * in memory), so small files cost no second open; bigger ones get one bounded read.
 */
export async function readPrefix(file: PrefixSource, length: number): Promise<Buffer> {
  if (file.size <= length) {
    try {
      return await file.bytes();
    } catch {
      // Over the configured whole-file cap: fall through to the bounded read.
    }
  }
  return readRange(file.absPath, 0, length);
}
