import { eachFkpRun, PAGE, type Problems } from './doc-fkp.js';
import { paragraphShading, paragraphTable, type TablePlace } from './doc-para-format.js';

/**
 * The paragraph formatting of a Word 97–2003 document (MS-DOC 2.9.175 PapxFkp, 2.9.176
 * PapxInFkp): each paragraph run's style (istd) and shading, which `doc-hidden-runs.ts` needs for
 * a paragraph whose style hides its text and for white text on a shaded paragraph, and its place
 * in a table, which `doc-tables.ts` reads columns by. Only the runs `keep` wants are kept (most
 * documents have no hiding style, no shading and no table: none).
 */

const KIND = { name: 'paragraph formatting', table: 'PlcBtePapx', entry: 13, maxRuns: 0x1d };
/** Paragraph runs kept at most; past them the rest reads as unstyled, and says so. */
export const MAX_PARAGRAPH_RUNS = 1 << 20;

/** Bytes [start, end) of the `WordDocument` stream in paragraphs of style `istd`, shaded or not by their own properties (undefined: as the style), in a table or not. */
export interface ParaRun {
  start: number;
  end: number;
  istd: number;
  shaded?: boolean;
  table?: TablePlace;
}

/** The paragraph runs of the document `keep` wants, in page order. */
export function paragraphRuns(word: Uint8Array, table: Uint8Array, at: { fc: number; lcb: number }, tableName: string, problems: Problems, keep: (run: ParaRun) => boolean): ParaRun[] {
  const runs: ParaRun[] = [];
  eachFkpRun(word, table, at, tableName, KIND, problems, (start, end, page, offset, run, where) => {
    // PapxInFkp: cb, then 2 × cb - 1 bytes; or 0, cb', then 2 × cb' bytes. They open with the istd.
    const cb = word[page + offset]!;
    const from = page + offset + (cb ? 1 : 2);
    const size = cb ? 2 * cb - 1 : 2 * word[page + offset + 1]!;
    if (from + size > page + PAGE - 1 || size < 2) {
      problems.add(`${where}: run ${run}'s properties (${size} bytes at byte ${offset}) run past the page or hold no style; read as unstyled`);
      return true;
    }
    const istd = word[from]! | (word[from + 1]! << 8);
    const grpprl = word.subarray(from + 2, from + size);
    const shaded = paragraphShading(grpprl);
    const table = paragraphTable(grpprl);
    const r: ParaRun = { start, end, istd, ...(shaded === undefined ? {} : { shaded }), ...(table ? { table } : {}) };
    if (!keep(r)) return true;
    if (runs.length >= MAX_PARAGRAPH_RUNS) {
      problems.add(`more than ${MAX_PARAGRAPH_RUNS} styled paragraph runs; the rest read as unstyled`);
      return false;
    }
    runs.push(r);
    return true;
  });
  return runs;
}
