import { createHash } from 'node:crypto';
import { GitFormatError } from './errors.js';

const ID = 20;
const V2_MAGIC = 0xff744f63; // "\377tOc"

/**
 * A pack's `.idx`, version 2 (with its 8-byte large-offset table) or version 1: object id to offset
 * in the pack, and for each offset where the next entry starts (how many compressed bytes to read).
 * The idx is small beside its pack (28 bytes an object) and is held in memory; its own SHA-1
 * trailer is checked on load, so a flipped byte is a refused idx rather than a wrong object.
 */
export class PackIndex {
  readonly count: number;
  /** The pack's checksum as recorded in the idx, to match against the pack's trailer. */
  readonly packChecksum: Buffer;
  private readonly fanout: Uint32Array;
  private readonly idsAt: number;
  /** v1 interleaves offset and id in 24-byte records; v2 keeps the ids in their own table. */
  private readonly idStride: number;
  private readonly offsetOf: (i: number) => number;
  private sorted: Float64Array | undefined;

  constructor(
    private readonly buf: Buffer,
    readonly file: string,
  ) {
    if (buf.length < 8 + 1024 + 40) throw new GitFormatError(file, `idx is truncated (${buf.length} bytes)`);
    const digest = createHash('sha1').update(buf.subarray(0, buf.length - ID)).digest();
    if (!digest.equals(buf.subarray(buf.length - ID))) throw new GitFormatError(file, 'idx checksum does not match its content');
    const v2 = buf.readUInt32BE(0) === V2_MAGIC;
    if (v2 && buf.readUInt32BE(4) !== 2) throw new GitFormatError(file, `idx version ${buf.readUInt32BE(4)} is not supported`);
    const fanAt = v2 ? 8 : 0;
    this.fanout = new Uint32Array(256);
    let prev = 0;
    for (let i = 0; i < 256; i++) {
      const n = buf.readUInt32BE(fanAt + i * 4);
      if (n < prev) throw new GitFormatError(file, 'idx fan-out table is not ascending');
      this.fanout[i] = prev = n;
    }
    const n = (this.count = prev);
    this.packChecksum = buf.subarray(buf.length - 2 * ID, buf.length - ID);
    if (v2) {
      this.idsAt = fanAt + 1024;
      this.idStride = ID;
      const offsAt = this.idsAt + n * (ID + 4);
      const largeAt = offsAt + n * 4;
      const largeLen = buf.length - 2 * ID - largeAt;
      if (largeLen < 0 || largeLen % 8 !== 0) throw new GitFormatError(file, `idx size ${buf.length} does not fit ${n} objects`);
      this.offsetOf = (i) => {
        const small = buf.readUInt32BE(offsAt + i * 4);
        if ((small & 0x80000000) === 0) return small;
        const k = small & 0x7fffffff;
        if ((k + 1) * 8 > largeLen) throw new GitFormatError(file, `idx large offset ${k} is outside its table`);
        const big = buf.readBigUInt64BE(largeAt + k * 8);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new GitFormatError(file, 'idx large offset is beyond 2^53');
        return Number(big);
      };
    } else {
      // v1: 4-byte offset then the id, one record per object after the fan-out table.
      this.idsAt = 1024 + 4;
      this.idStride = ID + 4;
      if (1024 + n * (ID + 4) + 2 * ID !== buf.length) throw new GitFormatError(file, `idx v1 size ${buf.length} does not fit ${n} objects`);
      this.offsetOf = (i) => buf.readUInt32BE(1024 + i * (ID + 4));
    }
  }

  private idAt(i: number): Buffer {
    const at = this.idsAt + i * this.idStride;
    return this.buf.subarray(at, at + ID);
  }

  /** The pack offset of the object, or undefined when this pack does not hold it. */
  find(id: Buffer): number | undefined {
    let lo = id[0]! === 0 ? 0 : this.fanout[id[0]! - 1]!;
    let hi = this.fanout[id[0]!]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.idAt(mid).compare(id);
      if (c === 0) return this.offsetOf(mid);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /**
   * Where the entry after the one at `offset` starts, or `end` (the pack's trailer) for the last:
   * the upper bound of an entry's compressed bytes, computed once from all offsets sorted.
   */
  entryEnd(offset: number, end: number): number {
    if (!this.sorted) {
      const all = new Float64Array(this.count);
      for (let i = 0; i < this.count; i++) all[i] = this.offsetOf(i);
      this.sorted = all.sort();
    }
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < s.length ? Math.min(s[lo]!, end) : end;
  }
}
