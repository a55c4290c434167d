import { open, type FileHandle } from 'node:fs/promises';
import { readWal, type WalIndex } from './sqlite-wal.js';

/**
 * The pages of a SQLite database file, read on demand through a small cache of aligned blocks, so
 * a database of any size is read in bounded memory (a Chroma store holding its embeddings queue
 * runs to gigabytes). When the database has a write-ahead log beside it (`-wal`), the pages its
 * committed transactions wrote are read from there, as SQLite itself would: a store in WAL mode
 * keeps its newest documents in the log until a checkpoint.
 *
 * The 100-byte header is checked before anything else is read: the magic string, a page size that
 * is a power of two from 512 to 65536, a usable size of at least 480 bytes. Page numbers outside
 * the file are refused by `page`.
 */

const MAGIC = 'SQLite format 3\0';
/** Bytes read at once: a table written in order lies in consecutive pages. */
const BLOCK_BYTES = 1 << 20;
/** Blocks kept (16 MiB): the b-tree's path from root to leaf, and the leaves ahead. */
const CACHE_BLOCKS = 16;

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export class SqlitePages {
  private readonly cache = new Map<number, Buffer>();

  private constructor(
    private readonly fh: FileHandle,
    readonly fileBytes: number,
    readonly pageSize: number,
    /** Page size less the bytes each page reserves at its end (for extensions such as checksums). */
    readonly usable: number,
    readonly pageCount: number,
    readonly encoding: TextEncoding,
    private readonly wal: WalIndex | undefined,
  ) {}

  /** Opens `absPath` (and its `-wal`, if it holds committed pages); throws naming what is wrong. */
  static async open(absPath: string): Promise<SqlitePages> {
    const fh = await open(absPath, 'r');
    try {
      const fileBytes = (await fh.stat()).size;
      const head = Buffer.alloc(100);
      const { bytesRead } = await fh.read(head, 0, 100, 0);
      if (bytesRead < 100 || head.toString('latin1', 0, 16) !== MAGIC) throw new Error('not a database (no SQLite header)');
      const raw = head.readUInt16BE(16);
      const pageSize = raw === 1 ? 65536 : raw;
      if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new Error(`database disk image is malformed (page size ${raw})`);
      const usable = pageSize - head[20]!;
      if (usable < 480) throw new Error(`database disk image is malformed (${head[20]} reserved bytes per page)`);
      const enc = head.readUInt32BE(56);
      const encoding: TextEncoding = enc === 2 ? 'utf16le' : enc === 3 ? 'utf16be' : 'utf8';
      const wal = await readWal(`${absPath}-wal`, pageSize);
      // The page count: what the file holds, or what the log's last commit says the database is.
      const pageCount = wal?.pageCount ?? Math.floor(fileBytes / pageSize);
      return new SqlitePages(fh, fileBytes, pageSize, usable, pageCount, encoding, wal);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** Page `n` (1-based): the cached bytes when there are, else a read. */
  page(n: number): Buffer | Promise<Buffer> {
    if (!Number.isInteger(n) || n < 1 || n > this.pageCount) throw new Error(`database disk image is malformed (page ${n} of ${this.pageCount})`);
    const logged = this.wal?.pages.get(n);
    if (logged !== undefined) return this.wal!.read(logged);
    const start = (n - 1) * this.pageSize;
    if (start + this.pageSize > this.fileBytes) throw new Error(`database disk image is malformed (page ${n} is past the end of the file)`);
    const block = Math.floor(start / BLOCK_BYTES);
    const at = start - block * BLOCK_BYTES;
    const cached = this.cache.get(block);
    if (cached) return cached.subarray(at, at + this.pageSize);
    return this.load(block).then((b) => b.subarray(at, at + this.pageSize));
  }

  private async load(block: number): Promise<Buffer> {
    const start = block * BLOCK_BYTES;
    const len = Math.min(BLOCK_BYTES, this.fileBytes - start);
    // A fresh buffer per block (never reused), so a page handed out stays valid after eviction.
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await this.fh.read(buf, got, len - got, start + got);
      if (!bytesRead) throw new Error('database disk image is malformed (file shorter than it was)');
      got += bytesRead;
    }
    if (this.cache.size >= CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(block, buf);
    return buf;
  }

  async close(): Promise<void> {
    await this.fh.close();
    await this.wal?.close();
  }
}
