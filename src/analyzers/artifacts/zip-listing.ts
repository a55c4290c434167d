import { readRange, readTail } from './bounded-read.js';

/** Caps that keep a hostile archive from costing more than a few MiB of reads. */
const EOCD_SEARCH = 64 * 1024 + 22;
const MAX_CENTRAL_DIR = 4 * 1024 * 1024;
const MAX_NAMES = 20_000;

/**
 * Lists the entry names of a zip from its central directory (zip64 aware), reading only the
 * tail and the directory itself: how a torch or Keras archive is told apart from any other zip
 * without inflating anything. Returns `undefined` when the archive is not readable as a zip.
 */
export async function listZipNames(absPath: string, size: number): Promise<string[] | undefined> {
  const tail = await readTail(absPath, size, EOCD_SEARCH);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // zip64: the locator sits just before the classic end record and points at the zip64 record.
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) return undefined;
    const recOffset = Number(tail.readBigUInt64LE(loc + 8));
    const rec = await readRange(absPath, recOffset, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) return undefined;
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset >= size) return undefined;
  const dir = await readRange(absPath, cdOffset, Math.min(cdSize, MAX_CENTRAL_DIR));
  const names: string[] = [];
  let p = 0;
  while (p + 46 <= dir.length && names.length < MAX_NAMES) {
    if (dir.readUInt32LE(p) !== 0x02014b50) break;
    const nameLen = dir.readUInt16LE(p + 28);
    const extraLen = dir.readUInt16LE(p + 30);
    const commentLen = dir.readUInt16LE(p + 32);
    if (p + 46 + nameLen > dir.length) break;
    names.push(dir.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** The name of the first entry, from the local header in the walker's head bytes (no I/O). */
export function firstZipEntryName(head: Uint8Array): string | undefined {
  if (head.length < 30) return undefined;
  const nameLen = head[26]! | (head[27]! << 8);
  if (!nameLen || 30 + nameLen > head.length) return undefined;
  return Buffer.from(head.subarray(30, 30 + nameLen)).toString('utf8');
}
