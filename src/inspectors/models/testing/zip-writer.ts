import { deflateSync } from 'fflate';
import { open } from 'node:fs/promises';

/** One member to write. `sparse` writes a stored member of that many bytes without writing them (a hole). */
export interface ZipInput {
  name: string;
  data?: Uint8Array;
  sparse?: number;
  deflate?: boolean;
  /** Write a wrong CRC (torch and this scanner ignore it). */
  badCrc?: boolean;
  /** Name in the local header when it should differ from the central directory's. */
  localName?: string;
  /** Extra general-purpose flag bits. */
  flags?: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

class Bytes {
  parts: number[] = [];
  u16(n: number) {
    this.parts.push(n & 0xff, (n >>> 8) & 0xff);
    return this;
  }
  u32(n: number) {
    this.parts.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
    return this;
  }
  u64(n: number) {
    return this.u32(n % 0x100000000).u32(Math.floor(n / 0x100000000));
  }
  bytes(b: Uint8Array) {
    for (const x of b) this.parts.push(x);
    return this;
  }
  get(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

interface Placed {
  e: ZipInput;
  offset: number;
  size: number;
  csize: number;
  crc: number;
  method: number;
}

function localHeader(e: ZipInput, method: number, crc: number, csize: number, size: number, zip64: boolean): Uint8Array {
  const name = new TextEncoder().encode(e.localName ?? e.name);
  const b = new Bytes().u32(0x04034b50).u16(zip64 ? 45 : 20).u16(e.flags ?? 0).u16(method).u16(0).u16(0x21).u32(crc);
  if (zip64) b.u32(0xffffffff).u32(0xffffffff).u16(name.length).u16(20).bytes(name).u16(1).u16(16).u64(size).u64(csize);
  else b.u32(csize).u32(size).u16(name.length).u16(0).bytes(name);
  return b.get();
}

function centralAndEnd(placed: Placed[], cdOffset: number): Uint8Array {
  const cd = new Bytes();
  for (const p of placed) {
    const name = new TextEncoder().encode(p.e.name);
    const big = p.size >= 0xffffffff || p.csize >= 0xffffffff || p.offset >= 0xffffffff;
    cd.u32(0x02014b50).u16(45).u16(big ? 45 : 20).u16(p.e.flags ?? 0).u16(p.method).u16(0).u16(0x21).u32(p.crc);
    cd.u32(big ? 0xffffffff : p.csize).u32(big ? 0xffffffff : p.size).u16(name.length).u16(big ? 28 : 0).u16(0).u16(0).u16(0).u32(0);
    cd.u32(big ? 0xffffffff : p.offset).bytes(name);
    if (big) cd.u16(1).u16(24).u64(p.size).u64(p.csize).u64(p.offset);
  }
  const cdBytes = cd.get();
  const end = new Bytes();
  const needs64 = cdOffset >= 0xffffffff || placed.length >= 0xffff;
  if (needs64) {
    const z64 = cdOffset + cdBytes.length;
    end.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(placed.length).u64(placed.length).u64(cdBytes.length).u64(cdOffset);
    end.u32(0x07064b50).u32(0).u64(z64).u32(1);
  }
  end.u32(0x06054b50).u16(0).u16(0).u16(Math.min(placed.length, 0xffff)).u16(Math.min(placed.length, 0xffff));
  end.u32(cdBytes.length).u32(needs64 ? 0xffffffff : cdOffset).u16(0);
  const e = end.get();
  const out = new Uint8Array(cdBytes.length + e.length);
  out.set(cdBytes);
  out.set(e, cdBytes.length);
  return out;
}

function prepare(e: ZipInput): { method: number; payload: Uint8Array; crc: number } {
  const data = e.data ?? new Uint8Array(0);
  const payload = e.deflate ? deflateSync(data) : data;
  const crc = e.badCrc ? (crc32(data) ^ 0xdeadbeef) >>> 0 : crc32(data);
  return { method: e.deflate ? 8 : 0, payload, crc };
}

/** A whole zip in memory. */
export function zipBytes(entries: ZipInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const placed: Placed[] = [];
  let off = 0;
  for (const e of entries) {
    const { method, payload, crc } = prepare(e);
    const size = e.data?.length ?? 0;
    const h = localHeader(e, method, crc, payload.length, size, false);
    placed.push({ e, offset: off, size, csize: payload.length, crc, method });
    parts.push(h, payload);
    off += h.length + payload.length;
  }
  parts.push(centralAndEnd(placed, off));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Writes a zip to disk; `sparse` members are stored holes (the file system allocates nothing), so
 * a multi-GB torch checkpoint costs a few KB of disk and no time. ZIP64 records are used as needed.
 */
export async function writeZipFile(path: string, entries: ZipInput[]): Promise<number> {
  const fh = await open(path, 'w');
  try {
    const placed: Placed[] = [];
    let off = 0;
    for (const e of entries) {
      if (e.sparse !== undefined) {
        const h = localHeader(e, 0, 0, e.sparse, e.sparse, e.sparse >= 0xffffffff);
        await fh.write(h, 0, h.length, off);
        placed.push({ e, offset: off, size: e.sparse, csize: e.sparse, crc: 0, method: 0 });
        off += h.length + e.sparse;
        continue;
      }
      const { method, payload, crc } = prepare(e);
      const size = e.data?.length ?? 0;
      const h = localHeader(e, method, crc, payload.length, size, false);
      await fh.write(h, 0, h.length, off);
      await fh.write(payload, 0, payload.length, off + h.length);
      placed.push({ e, offset: off, size, csize: payload.length, crc, method });
      off += h.length + payload.length;
    }
    const tail = centralAndEnd(placed, off);
    await fh.write(tail, 0, tail.length, off);
    return off + tail.length;
  } finally {
    await fh.close();
  }
}
