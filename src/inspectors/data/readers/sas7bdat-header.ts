/**
 * The header of a SAS data set (`.sas7bdat`): its magic, bitness and alignment, byte order, text
 * encoding, and the page size and count. Offsets from Shotwell's "SAS7BDAT Database Binary Format"
 * (the R `sas7bdat` package's vignette), as pandas and ReadStat read them. Every size is checked
 * before it is used: a hostile header may claim gigabyte pages or billions of them.
 */

/** Bytes 0–31 of every `.sas7bdat` file (12 zero bytes, then a fixed signature). */
export const SAS7BDAT_MAGIC = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11];

/** The header's fixed fields end by byte 296 (288 plus the 64-bit alignment); a header is never shorter. */
export const MIN_HEADER = 296;
/** SAS pages are 4 KiB to a few MiB; past this a page size is taken for corruption. */
export const MAX_PAGE = 16 << 20;
const MIN_PAGE = 256;

export class SasFormatError extends Error {}

export interface SasHeader {
  /** 64-bit layout: 8-byte integers and offsets, 24-byte subheader pointers, page header at 32. */
  u64: boolean;
  little: boolean;
  intLen: 4 | 8;
  /** Where a page's type, block and subheader counts sit (16, or 32 on 64-bit). */
  pageBitOffset: number;
  pointerLen: number;
  headerLength: number;
  pageSize: number;
  pageCount: number;
  /** A WHATWG TextDecoder label for the encoding byte. */
  encoding: string;
  /** The encoding byte when this reader does not know it (the text is then read as Windows-1252). */
  unknownEncoding?: number;
}

/** Whether the bytes open a SAS data set. */
export function isSas7bdat(head: Uint8Array): boolean {
  if (head.length < SAS7BDAT_MAGIC.length) return false;
  for (let i = 0; i < SAS7BDAT_MAGIC.length; i++) if (head[i] !== SAS7BDAT_MAGIC[i]) return false;
  return true;
}

/**
 * SAS's encoding codes (byte 70) for what SAS writes most: UTF-8 and the Latin and Windows
 * code pages. 0 is "the session's default", which in practice is Windows Latin 1 (`wlatin1`).
 */
const ENCODINGS: Record<number, string> = {
  0: 'windows-1252',
  20: 'utf-8',
  28: 'windows-1252',
  29: 'iso-8859-1',
  30: 'iso-8859-2',
  33: 'iso-8859-5',
  34: 'iso-8859-6',
  35: 'iso-8859-7',
  36: 'iso-8859-8',
  37: 'iso-8859-9',
  40: 'iso-8859-15',
  60: 'windows-1250',
  61: 'windows-1251',
  62: 'windows-1252',
  63: 'windows-1253',
  64: 'windows-1254',
  65: 'windows-1255',
  66: 'windows-1256',
  67: 'windows-1257',
  68: 'windows-1258',
  119: 'big5',
  123: 'big5',
  125: 'gb18030',
  134: 'euc-jp',
  138: 'shift_jis',
  140: 'euc-kr',
};


/** Reads an unsigned integer of `n` (1, 2, 4 or 8) bytes; an 8-byte one past 2^53 is Infinity, caught by the bounds. */
export function uint(b: Uint8Array, at: number, n: number, little: boolean): number {
  if (at < 0 || at + n > b.length) throw new SasFormatError(`a field at byte ${at} lies past the data it belongs to`);
  const dv = new DataView(b.buffer, b.byteOffset + at, n);
  if (n === 1) return dv.getUint8(0);
  if (n === 2) return dv.getUint16(0, little);
  if (n === 4) return dv.getUint32(0, little);
  const v = dv.getBigUint64(0, little);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

/** The header's fields from its first `MIN_HEADER` bytes (or more). */
export function parseSasHeader(b: Uint8Array): SasHeader {
  if (!isSas7bdat(b)) throw new SasFormatError('no SAS7BDAT magic number');
  if (b.length < MIN_HEADER) throw new SasFormatError('the file ends inside its header');
  const u64 = b[32] === 0x33;
  // Byte 35 says whether 4 bytes of padding sit before the date and size fields.
  const align1 = b[35] === 0x33 ? 4 : 0;
  const little = b[37] === 0x01;
  const intLen = u64 ? 8 : 4;
  const headerLength = uint(b, 196 + align1, 4, little);
  const pageSize = uint(b, 200 + align1, 4, little);
  const pageCount = uint(b, 204 + align1, intLen, little);
  if (headerLength < MIN_HEADER || headerLength > MAX_PAGE) throw new SasFormatError(`header length ${headerLength} is out of range`);
  if (pageSize < MIN_PAGE || pageSize > MAX_PAGE) throw new SasFormatError(`page size ${pageSize} is out of range (${MIN_PAGE} to ${MAX_PAGE} bytes)`);
  return { u64, little, intLen, pageBitOffset: u64 ? 32 : 16, pointerLen: u64 ? 24 : 12, headerLength, pageSize, pageCount, encoding: ENCODINGS[b[70]!] ?? 'windows-1252', ...(ENCODINGS[b[70]!] ? {} : { unknownEncoding: b[70]! }) };
}
