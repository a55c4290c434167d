import { readRunProps, type RunProps } from './doc-char-format.js';
import { eachFkpRun, PAGE, type Problems } from './doc-fkp.js';

/**
 * The character formatting of a Word 97–2003 document (MS-DOC 2.9.34 ChpxFkp, 2.9.33 Chpx): each
 * character run's CHPX, a size byte and a property list, read into the properties that bear on
 * hiding (`doc-char-format.ts`). Only the runs `keep` wants are kept; `doc-hidden-runs.ts` resolves
 * them over their styles.
 */

const KIND = { name: 'character formatting', table: 'PlcBteChpx', entry: 1, maxRuns: 0x65 };
/** Character runs kept at most; past them the rest of the document reads as visible, and says so. */
export const MAX_CHARACTER_RUNS = 1 << 20;
/** Property lists read at most (each page's distinct ones once): a bound on a hostile file's work. */
const MAX_LISTS = 1 << 20;

/** Bytes [start, end) of the `WordDocument` stream and the properties their CHPX sets. */
export interface CharRun {
  start: number;
  end: number;
  props: RunProps;
}

/** The character runs of the document `keep` wants, in page order. */
export function characterRuns(word: Uint8Array, table: Uint8Array, at: { fc: number; lcb: number }, tableName: string, problems: Problems, keep: (props: RunProps) => boolean): CharRun[] {
  const runs: CharRun[] = [];
  let lists = 0;
  /** Each CHPX's reading, once per page (runs share them). */
  let page = -1;
  const seen = new Map<number, RunProps | undefined>();
  eachFkpRun(word, table, at, tableName, KIND, problems, (start, end, base, offset, run, where) => {
    if (base !== page) {
      page = base;
      seen.clear();
    }
    if (!seen.has(offset)) {
      if (++lists > MAX_LISTS) {
        problems.add(`more than ${MAX_LISTS} character property lists; the rest read as visible`);
        return false;
      }
      const cb = word[base + offset]!;
      if (offset + 1 + cb > PAGE - 1) {
        problems.add(`${where}: run ${run}'s properties (${cb} bytes at byte ${offset}) run past the page; read as visible`);
        seen.set(offset, undefined);
      } else {
        const read = readRunProps(word.subarray(base + offset + 1, base + offset + 1 + cb));
        if (read.problem) problems.add(`${where}: run ${run}'s ${read.problem}; the properties after it not applied`);
        seen.set(offset, keep(read.props) ? read.props : undefined);
      }
    }
    const props = seen.get(offset);
    if (!props) return true;
    if (runs.length >= MAX_CHARACTER_RUNS) {
      problems.add(`more than ${MAX_CHARACTER_RUNS} formatted character runs; the rest read as visible`);
      return false;
    }
    runs.push({ start, end, props });
    return true;
  });
  return runs;
}
