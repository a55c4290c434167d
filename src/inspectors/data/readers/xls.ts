import { openCompoundFile } from './ole2.js';
import { SheetNotes, type SheetNote } from './xls-notes.js';
import { XlsFormats } from './xls-styles.js';
import { CellHiding } from './cell-hiding.js';
import { SheetHiding, type HiddenAt } from './sheet-hiding.js';
import { appendSheet, BUILTIN_DATES, columnLetters, dateFormatCode, documentRead, serialDate, type SheetRead, type SheetRow } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * Legacy Excel workbooks (`.xls`: Excel 97–2003's BIFF8 `Workbook` stream, or Excel 5/95's BIFF5
 * `Book` stream, in a compound file), read as `.xlsx` is: a table per worksheet, the header row when
 * every cell of it is text, each cell's field `Sheet!column` at its sheet row, a number in a date
 * format as its ISO date (1900 or 1904 system), a hidden sheet read and named so. Cells: shared
 * strings (SST, split across CONTINUE records), LABEL / RSTRING strings, numbers (NUMBER, RK,
 * MULRK), formulas' cached results (a string one in the STRING record after), booleans and errors.
 * Notes (cell comments) and text boxes are read as header rows (`xls-notes.ts`: `Sheet (comment)!B`).
 *
 * An encrypted workbook (FILEPASS) is not read, and says so. Bounded: the stream by the compound
 * file reader (256 MiB), at most `maxRows` rows and 256 Mi characters of cell text kept over all
 * sheets, each sheet's records read once and no further than where the next sheet begins.
 */

const BOF = 0x0809;
const EOF = 0x000a;
const CONTINUE = 0x003c;
const OBJ = 0x005d;
const TXO = 0x01b6;
const NOTE = 0x001c;
const FILEPASS = 0x002f;
const CODEPAGE = 0x0042;
const DATEMODE = 0x0022;
const FORMAT = 0x041e;
const XF = 0x00e0;
const FONT = 0x0031;
const PALETTE = 0x0092;
const ROW = 0x0208;
const COLINFO = 0x007d;
const BOUNDSHEET = 0x0085;
const SST = 0x00fc;
const LABELSST = 0x00fd;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const FORMULA = 0x0006;
const STRING = 0x0207;
const BOOLERR = 0x0205;

/** The most cell text read from one workbook (characters): shared strings can be repeated at 10 bytes a cell. */
const MAX_TEXT = 256 << 20;

const ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A' };

type Decode = (bytes: Uint8Array) => string;

/** Windows code pages (the CODEPAGE record) that BIFF5 8-bit strings are in, by WHATWG encoding name. */
const CODEPAGES: Record<number, string> = { 874: 'windows-874', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 10000: 'macintosh', 10007: 'x-mac-cyrillic', 20866: 'koi8-r', 21866: 'koi8-u', 32768: 'macintosh', 65001: 'utf-8' };

/** Windows-1252's 0x80–0x9F (Node's TextDecoder reads them as Latin-1's C1 controls). */
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** A decoder of BIFF5 8-bit strings in this code page (Windows-1252 when unknown). */
function decoderFor(codepage: number): Decode {
  const name = CODEPAGES[codepage] ?? (codepage >= 1250 && codepage <= 1258 ? `windows-${codepage}` : codepage >= 28591 && codepage <= 28605 ? `iso-8859-${codepage - 28590}` : 'windows-1252');
  if (name !== 'windows-1252') {
    try {
      const d = new TextDecoder(name);
      return (b) => d.decode(b);
    } catch {
      // An encoding this Node was built without: Windows-1252, the usual one.
    }
  }
  return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

/** A record's body and the CONTINUE records after it, read as one run of bytes except where strings restart. */
class Body {
  private seg = 0;
  private pos = 0;
  constructor(
    private readonly segs: readonly Uint8Array[],
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.seg >= this.segs.length || (this.seg === this.segs.length - 1 && this.pos >= this.segs[this.seg]!.length);
  }

  u8(): number {
    while (this.seg < this.segs.length && this.pos >= this.segs[this.seg]!.length) this.next(false);
    if (this.seg >= this.segs.length) throw new Error(`${this.what} ends inside a value`);
    return this.segs[this.seg]![this.pos++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(n: number): void {
    while (n > 0) {
      if (this.seg >= this.segs.length) throw new Error(`${this.what} ends inside a value`);
      const take = Math.min(n, this.segs[this.seg]!.length - this.pos);
      this.pos += take;
      n -= take;
      if (n > 0) this.next(false);
    }
  }

  /** `count` characters, one byte each (Latin-1, or `decode` for BIFF5) or UTF-16; in a continuation a new flag byte says which. */
  chars(count: number, wide: boolean, decode?: Decode): string {
    const parts: string[] = [];
    while (count > 0) {
      if (this.seg >= this.segs.length) throw new Error(`${this.what} ends inside a string`);
      const seg = this.segs[this.seg]!;
      const width = wide ? 2 : 1;
      const n = Math.min(count, Math.floor((seg.length - this.pos) / width));
      if (n > 0) {
        const bytes = seg.subarray(this.pos, this.pos + n * width);
        parts.push(decode ? decode(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(wide ? 'utf16le' : 'latin1'));
        this.pos += n * width;
        count -= n;
      }
      if (count > 0) {
        if (seg.length - this.pos !== 0) throw new Error(`${this.what} splits a character across records`);
        // A string split across records: the continuation opens with its own compressed/UTF-16 flag.
        this.next(true);
        wide = (this.u8() & 1) === 1;
      }
    }
    return parts.join('');
  }

  private next(needed: boolean): void {
    this.seg++;
    this.pos = 0;
    if (needed && this.seg >= this.segs.length) throw new Error(`${this.what} ends inside a string`);
  }
}

interface Rec {
  type: number;
  data: Uint8Array;
  /** Offset of the record's header in the stream. */
  at: number;
  /** Offset of the next record. */
  next: number;
}

function recordAt(stream: Uint8Array, at: number): Rec | undefined {
  if (at + 4 > stream.length) return undefined;
  const type = stream[at]! | (stream[at + 1]! << 8);
  const next = at + 4 + (stream[at + 2]! | (stream[at + 3]! << 8));
  if (next > stream.length) throw new Error(`record 0x${type.toString(16).padStart(4, '0')} at offset ${at} runs past the end of the stream (${stream.length} bytes)`);
  return { type, data: stream.subarray(at + 4, next), at, next };
}

/**
 * A record's body and the CONTINUE records after it (those before `end`, where the sheet's
 * records stop), for the few records whose strings may run on: gathered only for them, so a run
 * of CONTINUE records is walked once, not once per record that might own it.
 */
function body(stream: Uint8Array, r: Rec, end = stream.length): Body {
  const segs = [r.data];
  for (let c = recordAt(stream, r.next); c?.type === CONTINUE && c.at < end; c = recordAt(stream, c.next)) segs.push(c.data);
  return new Body(segs, `record 0x${r.type.toString(16).padStart(4, '0')} at offset ${r.at}`);
}

/** An RK number: a 30-bit integer or the top 30 bits of a double, either perhaps divided by 100. */
function rkValue(rk: number): number {
  let v: number;
  if (rk & 2) v = rk >> 2;
  else {
    const b = new DataView(new ArrayBuffer(8));
    b.setUint32(4, rk & 0xfffffffc, true);
    v = b.getFloat64(0, true);
  }
  return rk & 1 ? v / 100 : v;
}

interface Globals {
  biff8: boolean;
  decode: Decode;
  date1904: boolean;
  dateXfs: Set<number>;
  /** Which cell formats hide their cells (white text, `;;;`). */
  hiding: CellHiding;
  sst: string[];
  sheets: { name: string; hidden: boolean; offset: number }[];
  encrypted: boolean;
  problems: string[];
}

/** A BIFF8 unicode string (`cch` 8- or 16-bit, then flags) or a BIFF5 byte string in the code page. */
function readString(b: Body, g: Pick<Globals, 'biff8' | 'decode'>, shortLength: boolean): string {
  const count = shortLength ? b.u8() : b.u16();
  if (!g.biff8) return b.chars(count, false, g.decode);
  const flags = b.u8();
  return b.chars(count, (flags & 1) === 1);
}

/** The shared strings: each an XLUnicodeRichExtendedString, its rich-text runs and phonetic data skipped. */
function sharedStrings(b: Body, problems: string[]): string[] {
  b.u32();
  const unique = b.u32();
  const out: string[] = [];
  while (out.length < unique && !b.done) {
    const count = b.u16();
    const flags = b.u8();
    const runs = flags & 8 ? b.u16() : 0;
    const ext = flags & 4 ? b.u32() : 0;
    out.push(b.chars(count, (flags & 1) === 1));
    b.skip(runs * 4 + ext);
  }
  if (out.length < unique) problems.push(`the shared strings table ends after ${out.length} of its ${unique} strings`);
  return out;
}

function readGlobals(stream: Uint8Array, biff8: boolean): Globals {
  const g: Globals = { biff8, decode: decoderFor(1252), date1904: false, dateXfs: new Set(), hiding: new CellHiding([]), sst: [], sheets: [], encrypted: false, problems: [] };
  const formats = new XlsFormats();
  const dateFormats = new Set(BUILTIN_DATES);
  let r = recordAt(stream, 0);
  if (r?.type !== BOF) throw new Error('no BOF record at the start of the workbook stream');
  for (r = recordAt(stream, r.next); r && r.type !== EOF; r = recordAt(stream, r.next)) {
    const b = new Body([r.data], `record 0x${r.type.toString(16).padStart(4, '0')} at offset ${r.at}`);
    switch (r.type) {
      case FILEPASS:
        g.encrypted = true;
        return g;
      case CODEPAGE:
        g.decode = decoderFor(b.u16());
        break;
      case DATEMODE:
        g.date1904 = b.u16() === 1;
        break;
      case FORMAT: {
        const f = body(stream, r);
        const id = f.u16();
        const code = readString(f, g, !biff8);
        if (dateFormatCode(code)) dateFormats.add(id);
        formats.format(id, code);
        break;
      }
      case XF:
        formats.xf(r.data, biff8);
        break;
      case FONT:
        formats.font(r.data);
        break;
      case PALETTE:
        formats.paletteRecord(r.data);
        break;
      case BOUNDSHEET: {
        const offset = b.u32();
        // Visibility in the low two bits: 1 hidden, 2 very hidden (only a macro can show it).
        const hidden = (b.u8() & 3) !== 0;
        // Worksheets only: charts, macro sheets and VBA modules hold no table.
        if (b.u8() === 0) g.sheets.push({ offset, hidden, name: readString(b, g, true) });
        break;
      }
      case SST:
        g.sst = sharedStrings(body(stream, r), g.problems);
        break;
      default:
        break;
    }
  }
  for (let xf = 0; xf < formats.count; xf++) if (dateFormats.has(formats.formatOf(xf)!)) g.dateXfs.add(xf);
  g.hiding = formats.hiding();
  return g;
}

/**
 * One worksheet's cells by row, from its BOF at `offset` to its EOF (and never past `end`, where
 * the next sheet starts): at most `limit` rows and `budget.chars` characters of text (a 10-byte
 * LABELSST can repeat a 64 Ki-character shared string); `dropped` when cells were left out.
 */
function sheetRows(stream: Uint8Array, offset: number, end: number, g: Globals, limit: number, budget: { chars: number }): { rows: SheetRow[]; dropped: boolean; notes: SheetNote[]; hiddenAt: HiddenAt } {
  const cells = new Map<number, Map<number, string>>();
  const notes = new SheetNotes(g.biff8, g.decode);
  const hidden = new SheetHiding();
  let dropped = false;
  /** A cell's text; with its format (`xf`), whether that format hides it (`raw`: a number as stored). */
  const set = (row: number, col: number, text: string, xf = -1, kind: 'text' | 'number' = 'text', raw = text) => {
    if (!text.trim()) return;
    let r = cells.get(row);
    if (!r && cells.size >= limit) dropped = true;
    else if (text.length > budget.chars) {
      dropped = true;
      budget.chars = 0;
    } else {
      if (!r) cells.set(row, (r = new Map()));
      budget.chars -= r.get(col)?.length ? 0 : text.length;
      r.set(col, text);
      if (xf >= 0) hidden.cell(row, col, g.hiding.hiddenWhy(xf, kind, raw));
    }
  };
  const number = (row: number, col: number, v: number, xf: number) => set(row, col, num(v, xf), xf, 'number', String(v));
  const num = (v: number, xf: number) => (g.dateXfs.has(xf) ? serialDate(v, g.date1904) : undefined) ?? String(v);
  let pending: { row: number; col: number; xf: number } | undefined;
  let depth = 0;
  for (let r = recordAt(stream, offset); r && r.at < end; r = recordAt(stream, r.next)) {
    if (r.type === BOF) depth++;
    else if (r.type === EOF && --depth <= 0) break;
    // An embedded chart's substream sits inside the sheet's: its records are not cells.
    if (depth !== 1) continue;
    if (r.type === OBJ) {
      notes.obj(r.data);
      continue;
    }
    if (r.type === TXO) {
      const continues: Uint8Array[] = [];
      for (let c = recordAt(stream, r.next); c?.type === CONTINUE && c.at < end; c = recordAt(stream, c.next)) continues.push(c.data);
      notes.txo(r.data, continues);
      continue;
    }
    if (r.type === NOTE) {
      notes.note(r.data);
      continue;
    }
    if (r.type === STRING) {
      // STRING's body has no row and column: it is the cached result of the string formula before it.
      if (pending) set(pending.row, pending.col, readString(body(stream, r, end), g, false), pending.xf);
      pending = undefined;
      continue;
    }
    if (r.data.length < 6) continue;
    const d = new DataView(r.data.buffer, r.data.byteOffset, r.data.byteLength);
    const row = d.getUint16(0, true);
    const col = d.getUint16(2, true);
    // Cell records: row, column, then the cell's format (XF index).
    const xf = d.getUint16(4, true);
    switch (r.type) {
      case ROW:
        // fDyZero in the option flags: the row is hidden.
        if (r.data.length >= 14 && (d.getUint16(12, true) & 0x20) !== 0) hidden.row(row);
        break;
      case COLINFO:
        // colFirst, colLast, width, XF, then the option flags: fHidden in bit 0.
        if (r.data.length >= 10 && (d.getUint16(8, true) & 1) !== 0) hidden.columns(row, col);
        break;
      case LABELSST:
        if (r.data.length >= 10) set(row, col, g.sst[d.getUint32(6, true)] ?? '', xf);
        break;
      case LABEL:
      case RSTRING: {
        const b = body(stream, r, end);
        b.skip(6);
        set(row, col, readString(b, g, false), xf);
        break;
      }
      case NUMBER:
        if (r.data.length >= 14) number(row, col, d.getFloat64(6, true), xf);
        break;
      case RK:
        if (r.data.length >= 10) number(row, col, rkValue(d.getUint32(6, true)), xf);
        break;
      case MULRK:
        for (let o = 4, c = col; o + 6 <= r.data.length - 2; o += 6, c++) number(row, c, rkValue(d.getUint32(o + 2, true)), d.getUint16(o, true));
        break;
      case FORMULA: {
        if (r.data.length < 14) break;
        pending = undefined;
        if (d.getUint16(12, true) !== 0xffff) number(row, col, d.getFloat64(6, true), xf);
        else if (r.data[6] === 0) pending = { row, col, xf };
        else if (r.data[6] === 1) set(row, col, r.data[8] ? 'TRUE' : 'FALSE');
        else if (r.data[6] === 2) set(row, col, ERRORS[r.data[8]!] ?? '#ERROR');
        break;
      }
      case BOOLERR:
        if (r.data.length >= 8) set(row, col, r.data[7] ? (ERRORS[r.data[6]!] ?? '#ERROR') : r.data[6] ? 'TRUE' : 'FALSE');
        break;
      default:
        break;
    }
  }
  const rows = [...cells].sort((a, b) => a[0] - b[0]).map(([row, m]) => ({ row: row + 1, cells: new Map([...m].sort((a, b) => a[0] - b[0]).map(([c, t]) => [columnLetters(c), t])) }));
  return { rows, dropped, notes: notes.done(), hiddenAt: hidden.at };
}

/**
 * A legacy workbook's worksheets as rows of cells, `maxRows` rows and `maxChars` characters of
 * cell text at most (never over 256 Mi); `problems` says what was not read. Throws on a file that
 * is not one.
 */
export function xlsRows(bytes: Uint8Array, maxRows: number, maxChars = MAX_TEXT): SheetRead {
  const cfb = openCompoundFile(bytes);
  const workbook = cfb.stream('Workbook');
  const stream = workbook ?? cfb.stream('Book');
  if (!stream) throw new Error(`no Workbook or Book stream in the compound file (it holds ${cfb.streams().join(', ') || 'no streams'})`);
  const version = stream.length >= 6 && stream[0] === 0x09 && stream[1] === 0x08 ? stream[4]! | (stream[5]! << 8) : 0;
  const g = readGlobals(stream, version === 0x0600 || (version !== 0x0500 && workbook !== undefined));
  if (g.encrypted) return { rows: [], headers: [], problems: ['the workbook is encrypted (password-protected): its cells were not read'], truncated: true, unread: true };
  const out: DataRow[] = [];
  const headers: DataRow[] = [];
  let truncated = false;
  const cap = Math.min(maxChars, MAX_TEXT);
  const budget = { chars: cap };
  // Sheets' substreams follow one another: each is read up to where the next begins, so a crafted
  // list of sheets sharing records costs no more than the stream once.
  const starts = [...new Set(g.sheets.map((s) => s.offset))].sort((a, b) => a - b);
  const ends = new Map(starts.map((o, i) => [o, starts[i + 1] ?? stream.length]));
  const read = new Set<number>();
  const unread: string[] = [];
  for (const sheet of g.sheets) {
    if (out.length >= maxRows || budget.chars <= 0) {
      truncated = true;
      break;
    }
    if (sheet.offset >= stream.length || read.has(sheet.offset)) {
      unread.push(read.has(sheet.offset) ? `sheet ${sheet.name}: its records are another sheet's; not read twice` : `sheet ${sheet.name}: its records start at offset ${sheet.offset}, past the ${stream.length}-byte workbook stream; not read`);
      continue;
    }
    read.add(sheet.offset);
    const first = recordAt(stream, sheet.offset);
    // A worksheet's substream (BOF type 0x10); a BIFF5 dialog or macro sheet listed as one is passed over.
    if (first?.type !== BOF || first.data.length < 4 || (first.data[2]! | (first.data[3]! << 8)) !== 0x10) continue;
    const { rows, dropped, notes, hiddenAt } = sheetRows(stream, sheet.offset, ends.get(sheet.offset)!, g, maxRows - out.length + 1, budget);
    if (appendSheet(out, sheet, rows, maxRows, headers, hiddenAt) || dropped) truncated = true;
    // Notes are scanned like a header row (not counted as a column's value): `Sheet (comment)!B`.
    for (const n of notes) {
      if ((budget.chars -= n.text.length) < 0) break;
      const field = n.row === undefined ? `${sheet.name} (text box)` : `${sheet.name} (comment)!${columnLetters(n.col!)}`;
      headers.push({ ...(n.row === undefined ? {} : { row: n.row + 1 }), header: true, cells: [{ text: n.text, field, verbatim: false }] });
    }
  }
  g.problems.push(...unread.slice(0, 5), ...(unread.length > 5 ? [`${unread.length - 5} more sheets not read`] : []));
  if (budget.chars <= 0) g.problems.push(`cell text over ${cap} characters; the rest was not read`);
  // The row or text cap stops the reading; a sheet or a string table left out (named) leaves the rest read.
  return { rows: out, headers, ...documentRead(g.problems, truncated || budget.chars <= 0) };
}
