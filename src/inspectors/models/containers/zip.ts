import type { ByteSource } from '../io/byte-source.js';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

const decoder = new TextDecoder('utf-8');

/**
 * Reads a zip's central directory with a few bounded reads (never the whole archive), leniently
 * the way torch's reader does: CRCs are not checked, odd flag bits are ignored, ZIP64 sizes are
 * honoured. Throws `ZipError` only when no directory can be found at all.
 */
export async function readZipDirectory(src: ByteSource, maxEntries: number): Promise<{ entries: ZipEntry[]; truncated: boolean }> {
  const tailLen = Math.min(src.size, 65557 + 20);
  const tail = await src.read(src.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end-of-central-directory record');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  const eocdAbs = src.size - tailLen + eocd;
  // Where the directory must end: at the EOCD, or at the ZIP64 end record before its locator.
  let cdEnd = eocdAbs;
  if (eocd >= 20 && u32(tail, eocd - 20) === 0x07064b50) {
    const z64at = u64(tail, eocd - 12);
    const z = await src.read(z64at, 56);
    if (z.length >= 56 && u32(z, 0) === 0x06064b50) {
      count = u64(z, 32);
      cdSize = u64(z, 40);
      cdOffset = u64(z, 48);
      cdEnd = eocdAbs - 20 - 56;
    }
  }
  // Data prepended to the archive (self-extracting stubs, polyglots) shifts every stored offset
  // (Python's zipfile assumes so). But bytes between the directory and its end record shift
  // nothing for torch's miniz, which reads the directory where the record says: so the stored
  // offset is used when the shifted one holds no directory.
  let shift = cdEnd - (cdOffset + cdSize);
  if (shift > 0) {
    const at = await src.read(cdOffset + shift, 4);
    const plain = await src.read(cdOffset, 4);
    if (!(at.length === 4 && u32(at, 0) === CEN_SIG) && plain.length === 4 && u32(plain, 0) === CEN_SIG) shift = 0;
    cdOffset += shift;
  } else if (cdOffset + cdSize > src.size) throw new ZipError('central directory lies outside the file');
  if (cdSize > 256 * 1024 * 1024) throw new ZipError(`central directory of ${cdSize} bytes is over the limit`);
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  let truncated = false;
  while (p + 46 <= cd.length && u32(cd, p) === CEN_SIG) {
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    const crc = u32(cd, p + 16);
    let compressedSize = u32(cd, p + 20);
    let size = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let localHeaderOffset = u32(cd, p + 42);
    const name = decoder.decode(cd.subarray(p + 46, p + 46 + nameLen));
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(cd, e);
      const len = u16(cd, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(cd, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(cd, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(cd, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, size, crc, localHeaderOffset: localHeaderOffset + (shift > 0 ? shift : 0) });
    p = extraEnd + commentLen;
  }
  if (count > entries.length && !truncated && entries.length === 0) throw new ZipError('central directory has no readable entries');
  return { entries, truncated };
}

/**
 * Where an entry's data starts. Uses the local header's own name/extra lengths (they may differ
 * from the central copy — torch ignores such mismatches, so do we).
 */
export async function entryDataOffset(src: ByteSource, e: ZipEntry): Promise<number> {
  const h = await src.read(e.localHeaderOffset, 30);
  if (h.length < 30 || u32(h, 0) !== LOC_SIG) throw new ZipError(`no local header for ${e.name} at ${e.localHeaderOffset}`);
  return e.localHeaderOffset + 30 + u16(h, 26) + u16(h, 28);
}
