import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { deltaHeader } from './delta.js';
import { GitFormatError, guard } from './errors.js';
import { inflateExact, inflateHead } from './inflate.js';
import { PackIndex } from './pack-index.js';

/** Object types as numbered in a pack entry's header. */
export const PACK_TYPES = ['', 'commit', 'tree', 'blob', 'tag', '', 'ofs-delta', 'ref-delta'] as const;
/** The four object types; deltas resolve to one of them. */
export type BaseType = 'commit' | 'tree' | 'blob' | 'tag';

/** A pack entry's header: its type, its declared (inflated) size, where its zlib data starts. */
export interface PackEntry {
  offset: number;
  type: BaseType | 'ofs-delta' | 'ref-delta';
  size: number;
  dataAt: number;
  /** OFS_DELTA: the base entry's offset in this pack. */
  baseOffset?: number;
  /** REF_DELTA: the base object's id, hex, in any pack or loose. */
  baseId?: string;
}

const HEADER_MAX = 32;
const TRAILER = 20;

/**
 * Opens a file for reading only if it is a regular file. O_NONBLOCK keeps a hostile FIFO planted
 * as a pack from blocking the open forever; the fstat then refuses it and any device.
 */
export function openRegular(file: string): number {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new GitFormatError(file, 'is not a regular file');
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/**
 * One `.pack` with its `.idx`. The pack is read at offsets through a file descriptor, never loaded
 * whole: a multi-gigabyte pack costs its idx in memory and the entries actually asked for. Reads
 * are positioned and synchronous: a walk makes hundreds of thousands of small reads, and a trip
 * through libuv's thread pool for each costs more than the read (measured: walks twice as slow).
 */
export class PackFile {
  private constructor(
    readonly file: string,
    readonly index: PackIndex,
    private readonly fd: number,
    private readonly dataEnd: number,
    private readonly maxObjectBytes: number,
  ) {}

  private closed = false;

  /** Opens a pack and checks its header, object count and trailer against its idx. */
  static async open(packPath: string, idxPath: string, maxObjectBytes: number): Promise<PackFile> {
    const idxBytes = await guard(idxPath, 'cannot read idx', async () => {
      const fd = openRegular(idxPath);
      try {
        const { size } = fstatSync(fd);
        // 28 bytes an object plus the large-offset table: a 4 GiB idx is some 150 M objects.
        if (size > 4 * 2 ** 30) throw new GitFormatError(idxPath, `idx of ${size} bytes is over the 4 GiB limit`);
        return readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    });
    const index = new PackIndex(idxBytes, idxPath);
    const fd = await guard(packPath, 'cannot open pack', async () => openRegular(packPath));
    try {
      const { size } = fstatSync(fd);
      if (size < 12 + TRAILER) throw new GitFormatError(packPath, `pack is truncated (${size} bytes)`);
      const head = Buffer.alloc(12);
      readSync(fd, head, 0, 12, 0);
      if (head.toString('latin1', 0, 4) !== 'PACK') throw new GitFormatError(packPath, 'pack does not start with PACK');
      const version = head.readUInt32BE(4);
      if (version !== 2 && version !== 3) throw new GitFormatError(packPath, `pack version ${version} is not supported`);
      const count = head.readUInt32BE(8);
      if (count !== index.count) throw new GitFormatError(packPath, `pack holds ${count} objects, its idx ${index.count}`);
      const trailer = Buffer.alloc(TRAILER);
      readSync(fd, trailer, 0, TRAILER, size - TRAILER);
      // A truncated or swapped pack shows here, without hashing the whole pack.
      if (!trailer.equals(index.packChecksum)) throw new GitFormatError(packPath, 'pack trailer does not match the checksum in its idx (truncated or replaced pack)');
      return new PackFile(packPath, index, fd, size - TRAILER, maxObjectBytes);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  private readAt(at: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, this.dataEnd - at)));
    if (buf.length === 0) return buf;
    let n: number;
    try {
      n = readSync(this.fd, buf, 0, buf.length, at);
    } catch (err) {
      throw new GitFormatError(this.file, `cannot read at offset ${at}: ${(err as Error).message}`);
    }
    return buf.subarray(0, n);
  }

  /** Parses the entry header at `offset`: type, size varint, and an OFS or REF delta base. */
  async entry(offset: number): Promise<PackEntry> {
    if (offset < 12 || offset >= this.dataEnd) throw new GitFormatError(this.file, `entry offset ${offset} is outside the pack`);
    const b = this.readAt(offset, HEADER_MAX);
    const at = `entry at offset ${offset}`;
    let p = 0;
    let c = b[p++] ?? 0;
    const typeNo = (c >> 4) & 7;
    const type = PACK_TYPES[typeNo];
    if (!type) throw new GitFormatError(this.file, `${at} has invalid type ${typeNo}`);
    let size = c & 0x0f;
    let shift = 4;
    while (c & 0x80) {
      if (p >= b.length || shift > 49) throw new GitFormatError(this.file, `${at} has a truncated or oversized size`);
      c = b[p++]!;
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (size > this.maxObjectBytes) throw new GitFormatError(this.file, `${at} declares ${size} bytes, over the ${this.maxObjectBytes}-byte limit`);
    if (type === 'ofs-delta') {
      // Big-endian base-128 where each continuation adds one, so no offset has two encodings.
      if (p >= b.length) throw new GitFormatError(this.file, `${at} has a truncated delta offset`);
      c = b[p++]!;
      let rel = c & 0x7f;
      while (c & 0x80) {
        if (p >= b.length || rel > 2 ** 45) throw new GitFormatError(this.file, `${at} has a truncated or oversized delta offset`);
        c = b[p++]!;
        rel = (rel + 1) * 128 + (c & 0x7f);
      }
      const baseOffset = offset - rel;
      if (rel <= 0 || baseOffset < 12) throw new GitFormatError(this.file, `${at} has a delta base offset outside the pack`);
      return { offset, type, size, dataAt: offset + p, baseOffset };
    }
    if (type === 'ref-delta') {
      if (p + 20 > b.length) throw new GitFormatError(this.file, `${at} has a truncated delta base id`);
      return { offset, type, size, dataAt: offset + p + 20, baseId: b.toString('hex', p, p + 20) };
    }
    return { offset, type, size, dataAt: offset + p };
  }

  /**
   * The entry's inflated data (an object, or a delta), capped at its declared size. At most the
   * compressed bytes up to the next entry are read, and no more than deflate's worst case for the
   * declared size, so a lying idx cannot make one entry read the whole pack.
   */
  async data(e: PackEntry): Promise<Buffer> {
    const end = this.index.entryEnd(e.offset, this.dataEnd);
    const worst = e.size + Math.ceil(e.size / 1024) * 5 + 256;
    const input = this.readAt(e.dataAt, Math.min(end - e.dataAt, worst));
    return inflateExact(input, e.size, this.file, `entry at offset ${e.offset}`);
  }

  /** A delta entry's target size, from the first bytes of its data alone. */
  async deltaTargetSize(e: PackEntry): Promise<number> {
    let head = inflateHead(this.readAt(e.dataAt, 256), this.file, `delta at offset ${e.offset}`);
    // Two varints fit in 20 bytes; a large Huffman table can hide them past the first 256 bytes.
    if (head.length < 20 && head.length < e.size) head = await this.data(e);
    const { targetSize } = deltaHeader(head, this.file);
    if (targetSize > this.maxObjectBytes) throw new GitFormatError(this.file, `delta at offset ${e.offset} declares a ${targetSize}-byte target, over the limit`);
    return targetSize;
  }

  /** Closes the pack; again is a no-op, never a close of a descriptor since reused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
