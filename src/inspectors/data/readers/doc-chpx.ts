import { charHiding } from './doc-char-format.js';

/**
 * The character formatting of a Word 97–2003 document (MS-DOC 2.8.6 PlcBteChpx, 2.9.34 ChpxFkp):
 * the table stream's PlcBteChpx lists 512-byte pages (FKPs) of the `WordDocument` stream; each
 * page holds `crun` runs of file positions (rgfc: crun + 1 FCs), a byte per run (rgb) giving where
 * in the page its CHPX (a size byte and a property list) is, 0 for none, and `crun` in its last
 * byte. Only the runs that hide their text are kept, as byte ranges of the `WordDocument` stream
 * with the reason (`doc-char-format.ts`); `doc-hidden-spans.ts` maps them to characters.
 *
 * Formatting is never needed to read the text, so nothing here throws: a table, page or run that
 * points outside its stream or page is a problem naming it, and its text reads as visible.
 */

/** An FKP's size, and the most runs one can hold (MS-DOC: crun is at most 0x65). */
const PAGE = 512;
const MAX_RUNS = 0x65;
/** Hidden runs kept at most; past them the rest of the document reads as visible, and says so. */
export const MAX_HIDDEN_RUNS = 1 << 20;
/** Property lists read at most (each page's distinct ones once): a bound on a hostile file's work. */
const MAX_LISTS = 1 << 20;
/** Problems kept by name; past them only counted. */
const MAX_PROBLEMS = 10;

/** Bytes [start, end) of the `WordDocument` stream whose characters are hidden, and why. */
export interface FcRun {
  start: number;
  end: number;
  why: string;
}

/** The table's place, as the FIB gives it (fcPlcfBteChpx, lcbPlcfBteChpx). */
export interface ChpxTable {
  fc: number;
  lcb: number;
}

/**
 * The hidden runs of the document, sorted and not overlapping; `problems` says what formatting
 * could not be read (its text then reads as visible).
 */
export function hiddenFcRuns(word: Uint8Array, table: Uint8Array, at: ChpxTable, tableName: string): { runs: FcRun[]; problems: string[] } {
  const problems: string[] = [];
  let more = 0;
  const problem = (p: string) => (problems.length < MAX_PROBLEMS ? problems.push(p) : more++);
  const runs: FcRun[] = [];
  const done = () => {
    if (more) problems.push(`${more} more character formatting problems`);
    return { runs: ordered(runs), problems };
  };
  // Word always writes the table; a document without one has no formatting to read.
  if (at.lcb === 0) return done();
  if (at.fc > table.length || at.lcb > table.length - at.fc) {
    problem(`FIB puts the character formatting (PlcBteChpx) at ${at.fc}, ${at.lcb} bytes, past the ${table.length}-byte ${tableName} stream; hidden text, if any, reads as visible`);
    return done();
  }
  if (at.lcb < 12 || (at.lcb - 4) % 8 !== 0) {
    problem(`character formatting (PlcBteChpx) of ${at.lcb} bytes is no whole number of entries (4 + 8 an entry); hidden text, if any, reads as visible`);
    return done();
  }
  const n = (at.lcb - 4) / 8;
  const plc = new DataView(table.buffer, table.byteOffset + at.fc, at.lcb);
  const view = new DataView(word.buffer, word.byteOffset, word.byteLength);
  const pages = new Set<number>();
  let lists = 0;
  for (let i = 0; i < n; i++) {
    // PnFkpChpx: the page number in its low 22 bits.
    const pn = plc.getUint32((n + 1) * 4 + i * 4, true) & 0x3fffff;
    // A page listed twice is read once: a hostile table can name one page a million times.
    if (pages.has(pn)) continue;
    pages.add(pn);
    const base = pn * PAGE;
    const where = `character formatting page (FKP) ${i + 1} at offset ${base}`;
    if (base + PAGE > word.length) {
      problem(`${where} lies past the ${word.length}-byte WordDocument stream; its runs read as visible`);
      continue;
    }
    const crun = word[base + PAGE - 1]!;
    // rgfc (crun + 1 FCs) and rgb (crun bytes) must fit before the page's last byte.
    if (crun === 0 || crun > MAX_RUNS) {
      problem(`${where} claims ${crun} runs (a page holds 1 to ${MAX_RUNS}); its runs read as visible`);
      continue;
    }
    const rgb = base + (crun + 1) * 4;
    /** Each CHPX offset's reading, once per page. */
    const seen = new Map<number, string | undefined>();
    for (let r = 0; r < crun; r++) {
      const start = view.getUint32(base + r * 4, true);
      const end = view.getUint32(base + (r + 1) * 4, true);
      if (end < start) {
        problem(`${where}: run ${r + 1} goes backwards (${start} to ${end}); read as visible`);
        continue;
      }
      const offset = word[rgb + r]! * 2;
      // 0: no CHPX, the paragraph style's formatting (not read), so nothing hidden by this run.
      if (offset === 0 || end === start) continue;
      let why = seen.get(offset);
      if (!seen.has(offset)) {
        if (++lists > MAX_LISTS) {
          problem(`more than ${MAX_LISTS} character property lists; the rest read as visible`);
          return done();
        }
        why = chpxAt(word, base, offset, crun, (p) => problem(`${where}: run ${r + 1}'s ${p}`));
        seen.set(offset, why);
      }
      if (!why) continue;
      if (runs.length >= MAX_HIDDEN_RUNS) {
        problem(`more than ${MAX_HIDDEN_RUNS} hidden runs; the rest read as visible`);
        return done();
      }
      runs.push({ start, end, why });
    }
  }
  return done();
}

/** The reason the CHPX at `offset` of the page at `base` hides its run, if it does; `problem` hears what is wrong with it. */
function chpxAt(word: Uint8Array, base: number, offset: number, crun: number, problem: (p: string) => void): string | undefined {
  // A CHPX sits past the rgfc and rgb arrays and before the page's last byte (crun).
  const cb = offset < PAGE - 1 ? word[base + offset]! : 0;
  if (offset < (crun + 1) * 4 + crun || offset + 1 + cb > PAGE - 1) {
    problem(`properties (${cb} bytes at byte ${offset}) lie outside the page's free space; read as visible`);
    return undefined;
  }
  const read = charHiding(word.subarray(base + offset + 1, base + offset + 1 + cb));
  if (read.problem) problem(`${read.problem}; the properties after it not applied`);
  return read.why;
}

/** Sorted by start, each overlap given to the earlier run (a hostile file can list one byte twice). */
function ordered(runs: FcRun[]): FcRun[] {
  runs.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: FcRun[] = [];
  for (const r of runs) {
    const last = out.at(-1);
    const start = last ? Math.max(r.start, last.end) : r.start;
    if (start >= r.end) continue;
    if (last && last.end === start && last.why === r.why) last.end = r.end;
    else out.push({ start, end: r.end, why: r.why });
  }
  return out;
}
