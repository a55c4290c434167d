import { applyProps, bears, PLAIN, whyHidden, type CharState, type RunProps } from './doc-char-format.js';
import { characterRuns, type CharRun } from './doc-chpx.js';
import type { Fib } from './doc-fib.js';
import { Problems } from './doc-fkp.js';
import { paragraphRuns, type ParaRun } from './doc-papx.js';
import { readStyles, type StyleSheet } from './doc-styles.js';

/**
 * Which bytes of a Word 97–2003 document's text are hidden, and why: each character's state is
 * its paragraph style's (`doc-styles.ts`, through the paragraph's istd in its PAPX), then its
 * character style's (sprmCIstd), then its own CHPX's properties, with toggles resolved against the
 * style beneath; white text is not hidden on a shaded paragraph (its own PAPX's shading or its
 * style's). The two kinds of run are swept together in file order.
 *
 * Most documents have no style that hides anything and no shaded paragraph: their paragraph runs
 * are then not kept, and only the character runs that hide on their own are.
 */

/** Bytes [start, end) of the `WordDocument` stream whose characters are hidden, and why. */
export interface FcRun {
  start: number;
  end: number;
  why: string;
}

/**
 * The hidden runs of the document, sorted and not overlapping; `problems` says what formatting could
 * not be read (its text then reads as visible). The paragraph runs in tables come with them, sorted
 * too (`doc-tables.ts`): the paragraph formatting is walked once for both.
 */
export function hiddenFcRuns(word: Uint8Array, table: Uint8Array, fib: Fib): { runs: FcRun[]; tables: ParaRun[]; problems: string[] } {
  const problems = new Problems();
  const styles = readStyles(table, fib.stsh);
  if (styles.problem) problems.add(styles.problem);
  const sheet = styles.sheet;
  const styled = sheet.hides;
  const hiding = (r: ParaRun) => sheet.charState(r.istd) !== PLAIN || (r.shaded ?? sheet.paragraphShaded(r.istd));
  const kept = paragraphRuns(word, table, fib.papx, fib.tableStream, problems, (r) => r.table !== undefined || hiding(r));
  const paras = kept.filter(hiding);
  // Without styles or shading to resolve against, a run matters only when it hides on its own.
  const keep = styled || paras.length ? bears : (p: RunProps) => whyHidden(applyProps(PLAIN, p)) !== undefined;
  const chars = characterRuns(word, table, fib.chpx, fib.tableStream, problems, keep);
  return { runs: sweep(ordered(chars), ordered(paras), sheet), tables: ordered(kept.filter((r) => r.table)), problems: problems.done() };
}

/** Sorted by start, each overlap given to the earlier run (a hostile file can list one byte twice). */
function ordered<T extends { start: number; end: number }>(runs: T[]): T[] {
  runs.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: T[] = [];
  for (const r of runs) {
    const start = Math.max(r.start, out.at(-1)?.end ?? 0);
    if (start < r.end) out.push(start === r.start ? r : { ...r, start });
  }
  return out;
}

/** The state a paragraph's style gives, with a character style over it. */
function styleState(sheet: StyleSheet, para: ParaRun | undefined, charIstd: number | undefined): CharState {
  const p = para ? sheet.charState(para.istd) : PLAIN;
  if (charIstd === undefined) return p;
  const c = sheet.charState(charIstd);
  return c === PLAIN ? p : { deleted: p.deleted || c.deleted, vanish: p.vanish || c.vanish, white: p.white || c.white, tiny: p.tiny || c.tiny, shaded: p.shaded || c.shaded };
}

/** The hidden runs where character runs and paragraph runs (each sorted, not overlapping) meet. */
function sweep(chars: readonly CharRun[], paras: readonly ParaRun[], sheet: StyleSheet): FcRun[] {
  const cuts = [...new Set([...chars, ...paras].flatMap((r) => [r.start, r.end]))].sort((a, b) => a - b);
  const out: FcRun[] = [];
  let c = 0;
  let p = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const at = cuts[k]!;
    while (c < chars.length && chars[c]!.end <= at) c++;
    while (p < paras.length && paras[p]!.end <= at) p++;
    const char = chars[c] && chars[c]!.start <= at ? chars[c] : undefined;
    const para = paras[p] && paras[p]!.start <= at ? paras[p] : undefined;
    if (!char && !para) continue;
    const style = styleState(sheet, para, char?.props.istd);
    const state = char ? applyProps(style, char.props, style) : style;
    const why = whyHidden(state, para ? (para.shaded ?? sheet.paragraphShaded(para.istd)) : false);
    if (!why) continue;
    const last = out.at(-1);
    if (last && last.end === at && last.why === why) last.end = cuts[k + 1]!;
    else out.push({ start: at, end: cuts[k + 1]!, why });
  }
  return out;
}
