import { chpxPages, papxPages, styleSheet, type DocFormat, type DocParagraph, type DocStyle, type PlacedPiece } from './doc-formats.js';
import { compoundFile } from './xls-writer.js';

/**
 * Writes Word 97–2003 documents (`.doc`) for tests, as MS-DOC lays them out and Word 97 wrote
 * them: a `WordDocument` stream opening with a FIB of Word 97's size (nFib 0xC1; 14 u16, 22 u32 and
 * 93 fc/lcb pairs), the characters after it in pieces, and a table stream (`1Table` by default)
 * holding the piece table (Clx: an optional Prc, then the Pcdt). Runs of text that Windows-1252
 * holds are written as compressed pieces (a byte a character), the rest as UTF-16LE pieces.
 *
 * Stories are written in Word's characters: `\r` ends a paragraph, `\x07` a cell (twice a row),
 * `\x13 instruction \x14 result \x15` a field. A style sheet of one empty style is written, and the
 * `styles` after it; character formatting (CHPX FKPs and the PlcBteChpx, `doc-formats.ts`) only
 * when `formats` is given, paragraph formatting (PAPX FKPs, PlcBtePapx) when `paragraphs` is.
 */

export interface DocStories {
  body: string;
  footnotes?: string;
  headers?: string;
  comments?: string;
  endnotes?: string;
  textBoxes?: string;
}

export interface DocOptions {
  tableStream?: '0Table' | '1Table';
  /** `fEncrypted` set (the text is written in clear; a reader must not read it). */
  encrypted?: boolean;
  /** The most characters a piece holds (more pieces); unbounded by default. */
  maxPiece?: number;
  /** Writes the pieces' characters in the stream in reverse order, as a fast save leaves edits. */
  reverse?: boolean;
  /** A Prc (property modifier) entry before the Pcdt, as Word writes when pieces carry formatting. */
  prc?: boolean;
  /** Character formatting of stretches of the text (in document order); with it, FKPs cover the whole text. */
  formats?: DocFormat[];
  /** The most runs an FKP holds (more pages); 101 by default. */
  runsPerPage?: number;
  /** Styles written after the empty style 0, at istd 1, 2… */
  styles?: DocStyle[];
  /** Paragraphs' styles and properties (in document order); with it, PAPX FKPs cover the whole text. */
  paragraphs?: DocParagraph[];
}

/** FibBase 32 bytes, csw + 14 u16, cslw + 22 u32, cbRgFcLcb + 93 pairs, cswNew. */
const FIB_SIZE = 32 + 2 + 28 + 2 + 88 + 2 + 93 * 8 + 2;
/** Where the characters start (Word 97 left room for a longer FIB). */
const TEXT_START = 0x800;
/** Offsets in the FIB the tests patch to make a hostile document. */
export const FIB_AT = { flags: 0x0a, ccpText: 0x4c, ccpFtn: 0x50, cbRgFcLcb: 0x98, fcClx: 0x9a + 33 * 8, lcbClx: 0x9a + 33 * 8 + 4, fcPlcfBteChpx: 0x9a + 12 * 8, lcbPlcfBteChpx: 0x9a + 12 * 8 + 4, fcPlcfBtePapx: 0x9a + 13 * 8, lcbPlcfBtePapx: 0x9a + 13 * 8 + 4 } as const;

const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** The Windows-1252 byte of a character, or undefined when the code page has none. */
function cp1252Byte(c: string): number | undefined {
  const code = c.charCodeAt(0);
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  const i = CP1252_C1.indexOf(c);
  return i >= 0 && !UNDEFINED_1252.has(0x80 + i) ? 0x80 + i : undefined;
}

/** Runs of characters, each all Windows-1252 (compressed) or not, at most `max` long. */
function runs(text: string, max: number): { text: string; compressed: boolean }[] {
  const out: { text: string; compressed: boolean }[] = [];
  for (const c of text) {
    const compressed = c.length === 1 && cp1252Byte(c) !== undefined;
    const last = out.at(-1);
    if (last && last.compressed === compressed && last.text.length + c.length <= max) last.text += c;
    else out.push({ text: c, compressed });
  }
  return out;
}

/** The `WordDocument` and table streams of a document holding these stories. */
export function docStreams(stories: DocStories | string, o: DocOptions = {}): { WordDocument: Uint8Array; table: Uint8Array; tableName: string } {
  const s: DocStories = typeof stories === 'string' ? { body: stories } : stories;
  const others = [s.footnotes, s.headers, s.comments, s.endnotes, s.textBoxes];
  // Story lengths in FibRgLw97's order: text, footnotes, headers, macros (none), comments, endnotes, text boxes, header text boxes.
  const lengths = [s.body, s.footnotes, s.headers, '', s.comments, s.endnotes, s.textBoxes, ''].map((t) => t?.length ?? 0);
  // When any story follows the main text, one last paragraph mark closes them all (MS-DOC 2.4.1).
  const all = s.body + others.map((t) => t ?? '').join('') + (others.some((t) => t) ? '\r' : '');
  const pieces = runs(all, o.maxPiece ?? Infinity);

  // The characters, piece by piece (in reverse when asked), then each piece's fc.
  const text: Buffer[] = [];
  const fcs = new Array<number>(pieces.length);
  const placed = new Array<PlacedPiece>(pieces.length);
  let at = TEXT_START;
  const order = pieces.map((_, i) => i);
  if (o.reverse) order.reverse();
  for (const i of order) {
    const p = pieces[i]!;
    const bytes = p.compressed ? Buffer.from([...p.text].map((c) => cp1252Byte(c)!)) : Buffer.from(p.text, 'utf16le');
    // Each piece starts a 512-byte block: antiword takes the blocks of a document that is not
    // fast-saved to fill whole sectors, as Word's own do.
    if (at % 512) {
      text.push(Buffer.alloc(512 - (at % 512)));
      at += 512 - (at % 512);
    }
    fcs[i] = p.compressed ? (at * 2) | 0x40000000 : at;
    placed[i] = { cp: 0, fc: at, length: p.text.length, width: p.compressed ? 1 : 2 };
    text.push(bytes);
    at += bytes.length;
  }

  const plc = Buffer.alloc((pieces.length + 1) * 4 + pieces.length * 8);
  let cp = 0;
  pieces.forEach((p, i) => {
    plc.writeUInt32LE(cp, i * 4);
    placed[i]!.cp = cp;
    cp += p.text.length;
    plc.writeUInt32LE(fcs[i]! >>> 0, (pieces.length + 1) * 4 + i * 8 + 2);
  });
  plc.writeUInt32LE(cp, pieces.length * 4);
  const pcdt = Buffer.alloc(5);
  pcdt[0] = 0x02;
  pcdt.writeUInt32LE(plc.length, 1);
  const prc = o.prc ? Buffer.from([0x01, 0x03, 0x00, 0x08, 0x08, 0x00]) : Buffer.alloc(0);
  const clx = Buffer.concat([prc, pcdt, plc]);
  // A style sheet, of one empty style at the least: Word always writes one, and antiword reads it unchecked.
  const stsh = styleSheet(o.styles ?? []);
  // The FKPs go on whole pages after the text.
  const fkpAt = Math.ceil(at / 512) * 512;
  const none = { pages: Buffer.alloc(0), plc: Buffer.alloc(0) };
  const chpx = o.formats ? chpxPages(all, placed, o.formats, TEXT_START, at, fkpAt, o.runsPerPage) : none;
  const papxAt = fkpAt + chpx.pages.length;
  const papx = o.paragraphs ? papxPages(all, placed, o.paragraphs, TEXT_START, at, papxAt) : none;
  // Something before the Clx, so its offset is not 0.
  const table = Buffer.concat([Buffer.alloc(16), clx, stsh, chpx.plc, papx.plc]);

  // At least 4 KiB: antiword reads only a WordDocument stream in big blocks (Word's are always larger).
  const word = Buffer.alloc(Math.max(chpx.pages.length || papx.pages.length ? papxAt + papx.pages.length : at, 4096));
  word.set(Buffer.concat(text), TEXT_START);
  if (chpx.pages.length) word.set(chpx.pages, fkpAt);
  if (papx.pages.length) word.set(papx.pages, papxAt);
  word.writeUInt16LE(0xa5ec, 0);
  word.writeUInt16LE(0xc1, 2);
  word.writeUInt16LE(0x0409, 6);
  // fExtChar (always set by Word 97+), fWhichTblStm, fEncrypted.
  word.writeUInt16LE(0x1000 | ((o.tableStream ?? '1Table') === '1Table' ? 0x0200 : 0) | (o.encrypted ? 0x0100 : 0), FIB_AT.flags);
  word.writeUInt16LE(0xbf, 0x0c);
  // FibBase's reserved5 and reserved6: the text's first and last byte (Word 6's fcMin and fcMac, which some readers still use).
  word.writeUInt32LE(TEXT_START, 0x18);
  word.writeUInt32LE(at, 0x1c);
  word.writeUInt16LE(14, 0x20);
  word.writeUInt16LE(22, 0x3e);
  word.writeUInt32LE(word.length, 0x40);
  lengths.forEach((n, i) => word.writeUInt32LE(n, 0x4c + i * 4));
  word.writeUInt16LE(93, FIB_AT.cbRgFcLcb);
  word.writeUInt32LE(16 + clx.length, 0xa2);
  word.writeUInt32LE(stsh.length, 0xa6);
  word.writeUInt32LE(16, FIB_AT.fcClx);
  word.writeUInt32LE(clx.length, FIB_AT.lcbClx);
  word.writeUInt32LE(16 + clx.length + stsh.length, FIB_AT.fcPlcfBteChpx);
  word.writeUInt32LE(chpx.plc.length, FIB_AT.lcbPlcfBteChpx);
  word.writeUInt32LE(16 + clx.length + stsh.length + chpx.plc.length, FIB_AT.fcPlcfBtePapx);
  word.writeUInt32LE(papx.plc.length, FIB_AT.lcbPlcfBtePapx);
  word.writeUInt16LE(0, 0x9a + 93 * 8);
  if (FIB_SIZE > TEXT_START) throw new Error('FIB overlaps the text');
  return { WordDocument: new Uint8Array(word), table: new Uint8Array(table), tableName: o.tableStream ?? '1Table' };
}

/** A `.doc` file (a compound file) holding these stories. */
export function docDocument(stories: DocStories | string, o: DocOptions = {}): Uint8Array {
  const { WordDocument, table, tableName } = docStreams(stories, o);
  return docFile(WordDocument, table, tableName);
}

/** Streams (perhaps patched by a test) stored as a `.doc` compound file. */
export function docFile(word: Uint8Array, table: Uint8Array, tableName = '1Table'): Uint8Array {
  return compoundFile({ WordDocument: word, [tableName]: table });
}
