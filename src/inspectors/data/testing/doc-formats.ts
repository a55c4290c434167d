/**
 * Character formatting for the test `.doc` writer (`doc-writer.ts`), as MS-DOC lays it out: runs of
 * the `WordDocument` stream's bytes in 512-byte CHPX FKPs (crun + 1 FCs, a byte per run locating
 * its CHPX in words, the CHPXs from the page's end down, crun in the last byte) and the table
 * stream's PlcBteChpx listing the pages. The runs cover every byte of the text, those without
 * formatting pointing at no CHPX, as Word writes them.
 */

/** Formatting for the characters of `text`, found in the document's characters after the previous entry's. */
export interface DocFormat {
  text: string;
  /** The property list (grpprl) of the run: sprms as bytes; see CHP. */
  grpprl: number[];
}

/** Property lists the tests use (sprm opcode little-endian, then the operand). */
export const CHP = {
  vanish: [0x3c, 0x08, 0x01],
  specVanish: [0x18, 0x08, 0x01],
  deleted: [0x00, 0x08, 0x01],
  whiteIco: [0x42, 0x2a, 0x08],
  /** sprmCCv: red, green, blue, fAuto. */
  whiteCv: [0x70, 0x68, 0xff, 0xff, 0xff, 0x00],
  redIco: [0x42, 0x2a, 0x06],
  /** sprmCHps: 1 half-point. */
  tiny: [0x43, 0x4a, 0x01, 0x00],
  /** sprmCHps: 12 points. */
  normalSize: [0x43, 0x4a, 0x18, 0x00],
  bold: [0x35, 0x08, 0x01],
  /** sprmCShd80: a solid black pattern (ipat 1) under the text. */
  shaded: [0x66, 0x48, 0x01, 0x04],
  /** sprmCHighlight: yellow. */
  highlight: [0x0c, 0x2a, 0x07],
  /** sprmCFVanish "as the style" (0x80): the style hides nothing here. */
  vanishAsStyle: [0x3c, 0x08, 0x80],
} as const;

/** A piece as the writer placed it: first CP, first byte in the stream, characters, bytes a character. */
export interface PlacedPiece {
  cp: number;
  fc: number;
  length: number;
  width: 1 | 2;
}

interface Run {
  start: number;
  end: number;
  /** The bytes the run's entry points at (a CHPX, a PapxInFkp), none for an unformatted run. */
  payload?: number[];
}

const PAGE = 512;

/** The CP ranges each format covers, in order. */
function formatRanges<T extends { text: string }>(chars: string, formats: readonly T[]): (T & { start: number; end: number })[] {
  let from = 0;
  return formats.map((f) => {
    const start = chars.indexOf(f.text, from);
    if (start < 0) throw new Error(`doc writer: no ${JSON.stringify(f.text)} after CP ${from}`);
    from = start + f.text.length;
    return { ...f, start, end: from };
  });
}

/** Byte runs covering [first, last): each piece cut where ranges start and end, gaps without a payload. */
function byteRuns(pieces: readonly PlacedPiece[], ranges: readonly { start: number; end: number; payload: number[] }[], first: number, last: number): Run[] {
  const runs: Run[] = [];
  for (const p of pieces) {
    const cuts = new Set([p.cp, p.cp + p.length]);
    for (const r of ranges) for (const c of [r.start, r.end]) if (c > p.cp && c < p.cp + p.length) cuts.add(c);
    const sorted = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i]!;
      const payload = ranges.find((r) => r.start <= a && a < r.end)?.payload;
      runs.push({ start: p.fc + (a - p.cp) * p.width, end: p.fc + (sorted[i + 1]! - p.cp) * p.width, ...(payload ? { payload } : {}) });
    }
  }
  runs.sort((a, b) => a.start - b.start);
  const out: Run[] = [];
  let at = first;
  for (const r of runs) {
    if (r.start > at) out.push({ start: at, end: r.start });
    out.push(r);
    at = r.end;
  }
  if (at < last) out.push({ start: at, end: last });
  return out;
}

/** One FKP holding as many of `runs` (from `i`) as fit, at most `most`, each with an `entry`-byte entry; returns the page and the runs taken. */
function page(runs: readonly Run[], i: number, most: number, entry: number): { bytes: Buffer; taken: number } {
  const bytes = Buffer.alloc(PAGE);
  const placed = new Map<string, number>();
  let low = PAGE - 1;
  let k = 0;
  const offsets: number[] = [];
  for (; i + k < runs.length && k < most; k++) {
    const g = runs[i + k]!.payload;
    let offset = 0;
    // rgfc (k + 2 FCs) and the entries (k + 1) must stay below the lowest payload.
    const table = (k + 2) * 4 + (k + 1) * entry;
    if (g) {
      const key = g.join(',');
      offset = placed.get(key) ?? ((low - g.length) & ~1);
      if (table > Math.min(offset, low)) break;
      if (!placed.has(key)) {
        bytes.set(g, offset);
        placed.set(key, offset);
        low = offset;
      }
    } else if (table > low) break;
    offsets.push(offset);
  }
  for (let r = 0; r < k; r++) bytes.writeUInt32LE(runs[i + r]!.start, r * 4);
  bytes.writeUInt32LE(runs[i + k - 1]!.end, k * 4);
  offsets.forEach((o, r) => (bytes[(k + 1) * 4 + r * entry] = o / 2));
  bytes[PAGE - 1] = k;
  return { bytes, taken: k };
}

/** FKPs of `runs` (to go at `base` in the stream, a multiple of 512) and the PLC naming them. */
function pages(runs: readonly Run[], first: number, base: number, most: number, entry: number): { pages: Buffer; plc: Buffer } {
  const out: Buffer[] = [];
  const fcs: number[] = [];
  for (let i = 0; i < runs.length; ) {
    const { bytes, taken } = page(runs, i, most, entry);
    fcs.push(runs[i]!.start);
    out.push(bytes);
    i += taken;
  }
  fcs.push(runs.at(-1)?.end ?? first);
  const plc = Buffer.alloc(fcs.length * 4 + out.length * 4);
  fcs.forEach((fc, i) => plc.writeUInt32LE(fc, i * 4));
  out.forEach((_, i) => plc.writeUInt32LE(base / PAGE + i, fcs.length * 4 + i * 4));
  return { pages: Buffer.concat(out), plc };
}

/**
 * The CHPX FKPs for the text's bytes [first, last) (to go at `base` in the stream, a multiple of
 * 512) and the PlcBteChpx naming them; `runsPerPage` makes more pages.
 */
export function chpxPages(chars: string, pieces: readonly PlacedPiece[], formats: readonly DocFormat[], first: number, last: number, base: number, runsPerPage = 0x65): { pages: Buffer; plc: Buffer } {
  const ranges = formatRanges(chars, formats).map((r) => ({ ...r, payload: [r.grpprl.length, ...r.grpprl] }));
  return pages(byteRuns(pieces, ranges, first, last), first, base, runsPerPage, 1);
}

/** A paragraph's style and its own properties (the paragraph's text, found after the previous entry's, its mark included). */
export interface DocParagraph {
  text: string;
  istd: number;
  grpprl?: number[];
}

/** The PAPX FKPs and PlcBtePapx for paragraphs [first, last); every other paragraph has style 0. */
export function papxPages(chars: string, pieces: readonly PlacedPiece[], paragraphs: readonly DocParagraph[], first: number, last: number, base: number): { pages: Buffer; plc: Buffer } {
  const papx = (istd: number, grpprl: number[] = []) => {
    // PapxInFkp: cb and 2 × cb - 1 bytes when that is odd, else 0, cb' and 2 × cb' bytes; they open with the istd.
    const body = [istd & 0xff, istd >> 8, ...grpprl];
    return body.length % 2 ? [(body.length + 1) / 2, ...body] : [0, body.length / 2, ...body];
  };
  const ranges = formatRanges(chars, paragraphs).map((r) => ({ ...r, payload: papx(r.istd, r.grpprl) }));
  // Unstyled stretches get style 0 too: every paragraph run has a PAPX.
  const runs = byteRuns(pieces, ranges, first, last).map((r) => (r.payload ? r : { ...r, payload: papx(0) }));
  return pages(runs, first, base, 0x1d, 13);
}

/** A style the writer adds after style 0: a paragraph or character style, its base (0x0fff: none) and property lists. */
export interface DocStyle {
  name: string;
  kind: 'paragraph' | 'character';
  base?: number;
  chpx?: number[];
  papx?: number[];
}

/** The STSH: its header (Stshi), an empty style 0, then `styles` at istd 1, 2… */
export function styleSheet(styles: readonly DocStyle[]): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16LE(18, 0);
  [1 + styles.length, 0x0a, 1, 0x5b, 0x0f, 0, 0, 0, 0].forEach((v, i) => head.writeUInt16LE(v, 2 + i * 2));
  const lpstd = (std: Buffer) => Buffer.concat([Buffer.from([std.length & 0xff, std.length >> 8]), std]);
  const upx = (bytes: number[]) => {
    const b = Buffer.alloc(2 + bytes.length + (bytes.length & 1));
    b.writeUInt16LE(bytes.length, 0);
    b.set(bytes, 2);
    return b;
  };
  const stds = styles.map((s, i) => {
    const base = Buffer.alloc(10);
    const paragraph = s.kind === 'paragraph';
    // sti 0x0ffe (a user style); stk and istdBase; cupx and istdNext (itself); bchUpe; grfstd.
    base.writeUInt16LE(0x0ffe, 0);
    base.writeUInt16LE((paragraph ? 1 : 2) | ((s.base ?? 0x0fff) << 4), 2);
    base.writeUInt16LE((paragraph ? 2 : 1) | ((i + 1) << 4), 4);
    const name = Buffer.alloc(2 + s.name.length * 2 + 2);
    name.writeUInt16LE(s.name.length, 0);
    name.write(s.name, 2, 'utf16le');
    const upxs = paragraph ? [upx([(i + 1) & 0xff, (i + 1) >> 8, ...(s.papx ?? [])]), upx(s.chpx ?? [])] : [upx(s.chpx ?? [])];
    return lpstd(Buffer.concat([base, name, ...upxs]));
  });
  return Buffer.concat([head, lpstd(Buffer.alloc(0)), ...stds]);
}

/** sprmTDefTable's operand for a row of `columns` equal cells (MS-DOC 2.9.323 TDefTableOperand): itcMac, the cells' edges in twips, a blank TC80 each. */
function tableDefinition(columns: number): number[] {
  const after = [columns, ...Array.from({ length: columns + 1 }, (_, i) => [(i * 2000) & 0xff, (i * 2000) >> 8]).flat(), ...new Array<number>(columns * 20).fill(0)];
  // cb counts the bytes after it, plus one.
  return [0x08, 0xd6, (after.length + 1) & 0xff, (after.length + 1) >> 8, ...after];
}

/** Paragraph sprms a table's paragraphs carry (MS-DOC 2.6.2), opcode little-endian then the operand. */
export const PAP = {
  /** sprmPFInTable: the paragraph is in a table. */
  inTable: [0x16, 0x24, 0x01],
  /** sprmPFTtp: the paragraph is a row's end (its mark, 0x07, the row mark). */
  ttp: [0x17, 0x24, 0x01],
  /** sprmPItap: the table depth (1 outer, 2 nested in it…). */
  itap: (n: number): number[] => [0x49, 0x66, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24],
  /** sprmPFInnerTableCell: the paragraph mark (0x0D) ends a cell of a nested table. */
  innerCell: [0x4b, 0x24, 0x01],
  /** sprmPFInnerTtp: the paragraph mark (0x0D) ends a row of a nested table. */
  innerTtp: [0x4c, 0x24, 0x01],
  /** sprmTTableHeader: the row repeats as a header on each page. */
  tableHeader: [0x04, 0x34, 0x01],
  tableDefinition,
} as const;

/**
 * A table as Word 97 writes it: each cell's text ended by a cell mark (0x07) in a paragraph with
 * sprmPFInTable, each row ended by a row mark (0x07) in a paragraph with sprmPFInTable, sprmPFTtp
 * and the row's definition (sprmTDefTable; sprmTTableHeader for the first `headerRows`). Returns the characters and the paragraphs to pass as
 * `paragraphs` (after any others, in order).
 */
export function docTable(rows: readonly (readonly string[])[], o: { headerRows?: number } = {}): { text: string; paragraphs: DocParagraph[] } {
  const paragraphs: DocParagraph[] = [];
  let text = '';
  rows.forEach((row, r) => {
    for (const cell of row) {
      text += `${cell}\x07`;
      paragraphs.push({ text: `${cell}\x07`, istd: 0, grpprl: [...PAP.inTable] });
    }
    text += '\x07';
    paragraphs.push({ text: '\x07', istd: 0, grpprl: [...PAP.inTable, ...PAP.ttp, ...(r < (o.headerRows ?? 0) ? PAP.tableHeader : []), ...tableDefinition(row.length)] });
  });
  return { text, paragraphs };
}
