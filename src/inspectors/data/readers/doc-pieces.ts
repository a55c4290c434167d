import { firstEndingPast } from './sorted-ranges.js';

/**
 * The piece table of a Word 97–2003 document (MS-DOC 2.9.38 Clx, 2.9.177 PlcPcd, 2.9.178 Pcd):
 * Word's text is not stored in order but as pieces, each a run of character positions (CPs) whose
 * characters sit at a file offset (fc) of the `WordDocument` stream, either one byte each
 * ("compressed": Windows-1252) or UTF-16LE. A fast-saved document appends its edits as new pieces,
 * so the piece table is the only way to the text in reading order.
 *
 * Nothing is trusted: the Clx must lie inside the table stream, each piece's bytes inside the
 * `WordDocument` stream, CPs must not go backwards; an `Error` names what is wrong. The piece count
 * is bounded by the Clx's size and MAX_PIECES, the text by the caller's character cap.
 */

/** Pieces read at most (a real document has some thousands; the Clx's size bounds them too). */
export const MAX_PIECES = 1 << 20;
/** Prc entries (formatting kept with the piece table) skipped at most before the Pcdt. */
const MAX_PRC = 1 << 16;
/** `fCompressed` in a Pcd's fc: its characters are single bytes at fc / 2. */
const COMPRESSED = 0x40000000;

export interface Piece {
  /** First and one-past-last character position. */
  cpStart: number;
  cpEnd: number;
  /** Byte offset of the first character in the `WordDocument` stream. */
  offset: number;
  compressed: boolean;
}

/** Windows-1252's 0x80–0x9F; the rest of a compressed piece's bytes are Latin-1. */
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** The pieces of the Clx at `fcClx` (`lcbClx` bytes) in the table stream, each checked against the `WordDocument` stream's `wordLength`. */
export function readPieces(table: Uint8Array, fcClx: number, lcbClx: number, wordLength: number, tableName: string): Piece[] {
  if (lcbClx === 0) throw new Error('FIB gives the piece table (Clx) no bytes');
  if (fcClx > table.length || lcbClx > table.length - fcClx) throw new Error(`FIB puts the piece table (Clx) at ${fcClx}, ${lcbClx} bytes, past the ${table.length}-byte ${tableName} stream`);
  const clx = table.subarray(fcClx, fcClx + lcbClx);
  const view = new DataView(clx.buffer, clx.byteOffset, clx.byteLength);
  let at = 0;
  // Prc entries (clxt 0x01) come first: property modifiers, of no use to text.
  for (let prc = 0; clx[at] === 0x01; prc++) {
    if (prc >= MAX_PRC || at + 3 > clx.length) throw new Error(`piece table (Clx) holds no Pcdt among its first ${prc} Prc entries`);
    const size = view.getInt16(at + 1, true);
    if (size < 0 || at + 3 + size > clx.length) throw new Error(`piece table (Clx) Prc at ${at} claims ${size} bytes, past the Clx's ${clx.length}`);
    at += 3 + size;
  }
  if (clx[at] !== 0x02 || at + 5 > clx.length) throw new Error(`piece table (Clx) has no Pcdt (0x02) where its Prc entries end (offset ${at}: 0x${(clx[at] ?? 0).toString(16)})`);
  const lcb = view.getUint32(at + 1, true);
  const plc = at + 5;
  if (lcb > clx.length - plc) throw new Error(`piece table (Clx) Pcdt claims ${lcb} bytes, past the Clx's ${clx.length - plc} left`);
  // A PlcPcd of n pieces: n + 1 CPs (4 bytes each), then n 8-byte Pcds.
  if (lcb < 16 || (lcb - 4) % 12 !== 0) throw new Error(`piece table (Clx) PlcPcd of ${lcb} bytes is no whole number of pieces (4 + 12 a piece)`);
  const count = (lcb - 4) / 12;
  if (count > MAX_PIECES) throw new Error(`piece table holds ${count} pieces, over the ${MAX_PIECES} read`);
  const pieces: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const cpStart = view.getUint32(plc + i * 4, true);
    const cpEnd = view.getUint32(plc + (i + 1) * 4, true);
    if (cpEnd < cpStart || (pieces.length && cpStart < pieces.at(-1)!.cpEnd)) throw new Error(`piece table CPs go backwards at piece ${i + 1} (${cpStart} to ${cpEnd})`);
    const fc = view.getUint32(plc + (count + 1) * 4 + i * 8 + 2, true);
    const compressed = (fc & COMPRESSED) !== 0;
    const raw = fc & 0x3fffffff;
    const offset = compressed ? raw / 2 : raw;
    const bytes = (cpEnd - cpStart) * (compressed ? 1 : 2);
    // A compressed piece's fc is twice its offset, so it is even; an odd one leaves half a byte.
    if ((compressed && raw % 2 !== 0) || offset > wordLength || bytes > wordLength - offset) throw new Error(`piece ${i + 1} (${cpEnd - cpStart} ${compressed ? '8-bit' : 'UTF-16'} characters at offset ${offset}) lies past the ${wordLength}-byte WordDocument stream`);
    if (cpEnd > cpStart) pieces.push({ cpStart, cpEnd, offset, compressed });
  }
  return pieces;
}

/**
 * The characters of CPs [from, to) read through `pieces` (sorted, as readPieces returns them);
 * CPs no piece covers are left out.
 */
export function piecesText(word: Uint8Array, pieces: readonly Piece[], from: number, to: number): string {
  const parts: string[] = [];
  for (let i = firstEndingPast(pieces, from, (p) => p.cpEnd); i < pieces.length && pieces[i]!.cpStart < to; i++) {
    const p = pieces[i]!;
    const a = Math.max(from, p.cpStart) - p.cpStart;
    const b = Math.min(to, p.cpEnd) - p.cpStart;
    if (p.compressed) parts.push(cp1252(word.subarray(p.offset + a, p.offset + b)));
    else parts.push(Buffer.from(word.buffer, word.byteOffset + p.offset + a * 2, (b - a) * 2).toString('utf16le'));
  }
  return parts.join('');
}

function cp1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}
