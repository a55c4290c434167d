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
  grpprl?: number[];
}

const PAGE = 512;

/** The CP ranges each format covers, in order. */
function formatRanges(chars: string, formats: readonly DocFormat[]): { start: number; end: number; grpprl: number[] }[] {
  let from = 0;
  return formats.map((f) => {
    const start = chars.indexOf(f.text, from);
    if (start < 0) throw new Error(`doc writer: no ${JSON.stringify(f.text)} after CP ${from}`);
    from = start + f.text.length;
    return { start, end: from, grpprl: f.grpprl };
  });
}

/** Byte runs covering [first, last): each piece cut where formats start and end, gaps unformatted. */
function byteRuns(pieces: readonly PlacedPiece[], ranges: ReturnType<typeof formatRanges>, first: number, last: number): Run[] {
  const runs: Run[] = [];
  for (const p of pieces) {
    const cuts = new Set([p.cp, p.cp + p.length]);
    for (const r of ranges) for (const c of [r.start, r.end]) if (c > p.cp && c < p.cp + p.length) cuts.add(c);
    const sorted = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i]!;
      const grpprl = ranges.find((r) => r.start <= a && a < r.end)?.grpprl;
      runs.push({ start: p.fc + (a - p.cp) * p.width, end: p.fc + (sorted[i + 1]! - p.cp) * p.width, ...(grpprl ? { grpprl } : {}) });
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

/** One FKP holding as many of `runs` (from `i`) as fit, at most `most`; returns the page and the runs taken. */
function page(runs: readonly Run[], i: number, most: number): { bytes: Buffer; taken: number } {
  const bytes = Buffer.alloc(PAGE);
  const placed = new Map<string, number>();
  let low = PAGE - 1;
  let k = 0;
  const offsets: number[] = [];
  for (; i + k < runs.length && k < most; k++) {
    const g = runs[i + k]!.grpprl;
    let offset = 0;
    if (g) {
      const key = g.join(',');
      offset = placed.get(key) ?? ((low - 1 - g.length) & ~1);
      // rgfc (k + 2 FCs) and rgb (k + 1 bytes) must stay below the lowest CHPX.
      if ((k + 2) * 4 + k + 1 > Math.min(offset, low)) break;
      if (!placed.has(key)) {
        bytes[offset] = g.length;
        bytes.set(g, offset + 1);
        placed.set(key, offset);
        low = offset;
      }
    } else if ((k + 2) * 4 + k + 1 > low) break;
    offsets.push(offset);
  }
  for (let r = 0; r < k; r++) bytes.writeUInt32LE(runs[i + r]!.start, r * 4);
  bytes.writeUInt32LE(runs[i + k - 1]!.end, k * 4);
  offsets.forEach((o, r) => (bytes[(k + 1) * 4 + r] = o / 2));
  bytes[PAGE - 1] = k;
  return { bytes, taken: k };
}

/**
 * The FKPs for the text's bytes [first, last) (to go at `base` in the stream, a multiple of 512)
 * and the PlcBteChpx naming them; `runsPerPage` makes more pages.
 */
export function chpxPages(chars: string, pieces: readonly PlacedPiece[], formats: readonly DocFormat[], first: number, last: number, base: number, runsPerPage = 0x65): { pages: Buffer; plc: Buffer } {
  const runs = byteRuns(pieces, formatRanges(chars, formats), first, last);
  const pages: Buffer[] = [];
  const fcs: number[] = [];
  for (let i = 0; i < runs.length; ) {
    const { bytes, taken } = page(runs, i, runsPerPage);
    fcs.push(runs[i]!.start);
    pages.push(bytes);
    i += taken;
  }
  fcs.push(runs.at(-1)?.end ?? first);
  const plc = Buffer.alloc(fcs.length * 4 + pages.length * 4);
  fcs.forEach((fc, i) => plc.writeUInt32LE(fc, i * 4));
  pages.forEach((_, i) => plc.writeUInt32LE(base / PAGE + i, fcs.length * 4 + i * 4));
  return { pages: Buffer.concat(pages), plc };
}
