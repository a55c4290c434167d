/**
 * The formatting pages of a Word 97–2003 document (MS-DOC 2.8.6 PlcBteChpx, 2.8.7 PlcBtePapx,
 * 2.9.34 ChpxFkp, 2.9.175 PapxFkp): a table in the table stream lists 512-byte pages (FKPs) of
 * the `WordDocument` stream, and each page holds `crun` runs of file positions (rgfc: crun + 1
 * FCs), after them an entry per run (a byte for character runs, a 13-byte BxPap for paragraph
 * runs) whose first byte says where in the page, in words, the run's properties are (0: none),
 * and `crun` in its last byte.
 *
 * Formatting is never needed to read the text, so nothing here throws: a table, page or run
 * that points outside its stream or page is a problem naming it, and its runs are passed over.
 */

/** An FKP's size. */
export const PAGE = 512;
/** Problems kept by name; past them only counted. */
const MAX_PROBLEMS = 10;

/** What differs between the two kinds of page. */
export interface FkpKind {
  /** `character formatting` or `paragraph formatting`, in problems. */
  name: string;
  /** The table's name in problems (`PlcBteChpx`). */
  table: string;
  /** Bytes of each run's entry after rgfc (1, or 13 for a BxPap). */
  entry: number;
  /** The most runs a page can hold (MS-DOC: 0x65 character runs, 0x1D paragraph runs). */
  maxRuns: number;
}

/** Problems, the first MAX_PROBLEMS by name. */
export class Problems {
  readonly list: string[] = [];
  private more = 0;
  add(p: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.more++;
  }
  /** The problems, the uncounted ones said in one line. */
  done(): string[] {
    return this.more ? [...this.list, `${this.more} more formatting problems`] : this.list;
  }
}

/**
 * Calls `visit` with each run of the pages the table at `at` lists (a page listed twice read once):
 * its bytes [start, end), the page's offset in the stream and the run's properties' offset in it
 * (past the page's run table and inside it: checked). A visit returning false stops the walk.
 */
export function eachFkpRun(
  word: Uint8Array,
  table: Uint8Array,
  at: { fc: number; lcb: number },
  tableName: string,
  kind: FkpKind,
  problems: Problems,
  visit: (start: number, end: number, page: number, offset: number, run: number, where: string) => boolean,
): void {
  // Word always writes both tables; a document without one has no formatting to read.
  if (at.lcb === 0) return;
  if (at.fc > table.length || at.lcb > table.length - at.fc) {
    problems.add(`FIB puts the ${kind.name} (${kind.table}) at ${at.fc}, ${at.lcb} bytes, past the ${table.length}-byte ${tableName} stream; hidden text, if any, reads as visible`);
    return;
  }
  if (at.lcb < 12 || (at.lcb - 4) % 8 !== 0) {
    problems.add(`${kind.name} (${kind.table}) of ${at.lcb} bytes is no whole number of entries (4 + 8 an entry); hidden text, if any, reads as visible`);
    return;
  }
  const n = (at.lcb - 4) / 8;
  const plc = new DataView(table.buffer, table.byteOffset + at.fc, at.lcb);
  const view = new DataView(word.buffer, word.byteOffset, word.byteLength);
  const pages = new Set<number>();
  for (let i = 0; i < n; i++) {
    // The page number in the entry's low 22 bits.
    const pn = plc.getUint32((n + 1) * 4 + i * 4, true) & 0x3fffff;
    // A page listed twice is read once: a hostile table can name one page a million times.
    if (pages.has(pn)) continue;
    pages.add(pn);
    const base = pn * PAGE;
    const where = `${kind.name} page (FKP) ${i + 1} at offset ${base}`;
    if (base + PAGE > word.length) {
      problems.add(`${where} lies past the ${word.length}-byte WordDocument stream; its runs read as visible`);
      continue;
    }
    const crun = word[base + PAGE - 1]!;
    if (crun === 0 || crun > kind.maxRuns) {
      problems.add(`${where} claims ${crun} runs (a page holds 1 to ${kind.maxRuns}); its runs read as visible`);
      continue;
    }
    const entries = base + (crun + 1) * 4;
    // Properties lie past rgfc and the entries, before the page's last byte.
    const free = (crun + 1) * 4 + crun * kind.entry;
    for (let r = 0; r < crun; r++) {
      const start = view.getUint32(base + r * 4, true);
      const end = view.getUint32(base + (r + 1) * 4, true);
      if (end < start) {
        problems.add(`${where}: run ${r + 1} goes backwards (${start} to ${end}); read as visible`);
        continue;
      }
      const offset = word[entries + r * kind.entry]! * 2;
      if (offset === 0 || end === start) continue;
      if (offset < free || offset >= PAGE - 1) {
        problems.add(`${where}: run ${r + 1}'s properties at byte ${offset} lie outside the page's free space; read as visible`);
        continue;
      }
      if (!visit(start, end, base, offset, r + 1, where)) return;
    }
  }
}
