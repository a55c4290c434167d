import { open, type FileHandle } from 'node:fs/promises';

/**
 * A SQLite write-ahead log (`db-wal`), read as SQLite recovers it: frames are valid while their
 * salts match the log header's and their cumulative checksum holds; of those, the frames up to the
 * last commit count, and the newest copy of each page wins over the database file's. A log left
 * over from before a checkpoint reset (old salts), a torn last transaction, or a log for another
 * page size is ignored from that point, as SQLite ignores it.
 */
export interface WalIndex {
  /** Page number → offset of the newest committed copy of that page in the log. */
  pages: Map<number, number>;
  /** Database size in pages after the last commit. */
  pageCount: number;
  read(offset: number): Promise<Buffer>;
  close(): Promise<void>;
}

const HEADER = 32;
const FRAME_HEADER = 24;
/** Frames read at once while checking the log. */
const READ_BYTES = 1 << 20;
/** Distinct pages indexed at most (a log this large has not been checkpointed in a very long time). */
const MAX_PAGES = 4_000_000;

/** The log at `walPath` for a database of `pageSize`, or undefined when there is none with a commit. */
export async function readWal(walPath: string, pageSize: number): Promise<WalIndex | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(walPath, 'r');
  } catch {
    return undefined;
  }
  try {
    const index = await indexWal(fh, pageSize);
    if (index) return index;
  } catch {
    // An unreadable log is one SQLite would not use either.
  }
  await fh.close();
  return undefined;
}

async function indexWal(fh: FileHandle, pageSize: number): Promise<WalIndex | undefined> {
  const size = (await fh.stat()).size;
  const head = Buffer.alloc(HEADER);
  if ((await fh.read(head, 0, HEADER, 0)).bytesRead < HEADER) return undefined;
  const magic = head.readUInt32BE(0);
  if ((magic & ~1) !== 0x377f0682 || head.readUInt32BE(8) !== pageSize) return undefined;
  const bigEndian = (magic & 1) === 1;
  const sum = new WalChecksum(bigEndian);
  sum.add(head, 0, 24);
  if (sum.s0 !== head.readUInt32BE(24) || sum.s1 !== head.readUInt32BE(28)) return undefined;
  const salt1 = head.readUInt32BE(16);
  const salt2 = head.readUInt32BE(20);

  const frameBytes = FRAME_HEADER + pageSize;
  const framesPerRead = Math.max(1, Math.floor(READ_BYTES / frameBytes));
  const buf = Buffer.allocUnsafe(framesPerRead * frameBytes);
  const pending = new Map<number, number>();
  const pages = new Map<number, number>();
  let pageCount = 0;
  let at = HEADER;
  scan: while (at + frameBytes <= size) {
    const want = Math.min(framesPerRead, Math.floor((size - at) / frameBytes)) * frameBytes;
    const { bytesRead } = await fh.read(buf, 0, want, at);
    for (let o = 0; o + frameBytes <= bytesRead; o += frameBytes, at += frameBytes) {
      if (buf.readUInt32BE(o + 8) !== salt1 || buf.readUInt32BE(o + 12) !== salt2) break scan;
      sum.add(buf, o, 8);
      sum.add(buf, o + FRAME_HEADER, pageSize);
      if (sum.s0 !== buf.readUInt32BE(o + 16) || sum.s1 !== buf.readUInt32BE(o + 20)) break scan;
      const page = buf.readUInt32BE(o);
      if (page === 0) break scan;
      pending.set(page, at + FRAME_HEADER);
      const commitSize = buf.readUInt32BE(o + 4);
      if (commitSize !== 0) {
        for (const [p, off] of pending) pages.set(p, off);
        pending.clear();
        pageCount = commitSize;
        if (pages.size > MAX_PAGES) throw new Error('write-ahead log too large to index');
      }
    }
    if (bytesRead < want) break;
  }
  if (pageCount === 0) return undefined;
  // Pages past the committed size were truncated away by that commit (a VACUUM shrinks the file).
  for (const p of pages.keys()) if (p > pageCount) pages.delete(p);
  return {
    pages,
    pageCount,
    async read(offset: number) {
      const page = Buffer.allocUnsafe(pageSize);
      const { bytesRead } = await fh.read(page, 0, pageSize, offset);
      if (bytesRead < pageSize) throw new Error('write-ahead log shorter than it was');
      return page;
    },
    close: () => fh.close(),
  };
}

/** SQLite's WAL checksum: two running 32-bit sums over pairs of words, in the log's byte order. */
export class WalChecksum {
  s0 = 0;
  s1 = 0;
  constructor(private readonly bigEndian: boolean) {}

  add(b: Buffer, from: number, len: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    for (let i = from; i + 8 <= from + len; i += 8) {
      const x0 = this.bigEndian ? b.readUInt32BE(i) : b.readUInt32LE(i);
      const x1 = this.bigEndian ? b.readUInt32BE(i + 4) : b.readUInt32LE(i + 4);
      s0 = (s0 + x0 + s1) >>> 0;
      s1 = (s1 + x1 + s0) >>> 0;
    }
    this.s0 = s0;
    this.s1 = s1;
  }
}
