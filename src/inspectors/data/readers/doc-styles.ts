import { applyProps, PLAIN, readRunProps, type CharState } from './doc-char-format.js';
import { paragraphShading } from './doc-para-format.js';

/**
 * The style sheet of a Word 97–2003 document (MS-DOC 2.9.271 STSH, 2.9.260 STD): a style can hide
 * its text (a "Hidden" character or paragraph style, a white one), and a run or paragraph that
 * names it is then hidden without any direct formatting of its own. Each style's character
 * properties (its UpxChpx) are applied over its base style's (istdBase), and a paragraph style's
 * shading (in its UpxPapx) is kept, since white text on a shaded paragraph shows.
 *
 * The STSH opens with its header (Stshi: cstd, the number of styles, and cbSTDBaseInFile, the size
 * of each STD's fixed part), then each style as a u16 size and its STD: the fixed part (stk, the
 * kind, in the low 4 bits of its second u16 and istdBase in the high 12), the name (a u16 count, the
 * UTF-16 characters, a null), then the property lists, each a u16 size and its bytes padded to even.
 * Everything is checked against the STSH's bytes; a style that does not fit is read as plain.
 */

/** Styles read at most (Word's own limit is 4,095: istd is 12 bits). */
const MAX_STYLES = 4095;
/** Base styles followed at most (Word's chains are a few deep; a loop is cut). */
const MAX_DEPTH = 16;
/** istdBase's "no base style". */
const NO_BASE = 0x0fff;
/** stk: paragraph, character, table, numbering style. */
const STK_PARAGRAPH = 1;
const STK_CHARACTER = 2;
const STK_TABLE = 3;

interface Style {
  base: number;
  chpx?: Uint8Array;
  papx?: Uint8Array;
}

/** A document's styles, resolved on demand. */
export class StyleSheet {
  private readonly states = new Map<number, CharState>();
  private readonly shading = new Map<number, boolean>();

  constructor(private readonly styles: readonly (Style | undefined)[]) {}

  /** Whether any style sets a property that bears on hiding; most documents' do not, and their runs are then read without styles. */
  get hides(): boolean {
    return this.styles.some((s, istd) => s && (s.chpx || s.papx) && (this.charState(istd) !== PLAIN || this.paragraphShaded(istd)));
  }

  /** The character state style `istd` gives its text, its base styles' first. */
  charState(istd: number, depth = 0): CharState {
    const known = this.states.get(istd);
    if (known) return known;
    const s = this.styles[istd];
    let state = PLAIN;
    if (s && depth < MAX_DEPTH) {
      const base = s.base === NO_BASE || s.base === istd ? PLAIN : this.charState(s.base, depth + 1);
      state = s.chpx ? applyProps(base, readRunProps(s.chpx).props) : base;
      if (state !== PLAIN && !Object.values(state).some(Boolean)) state = PLAIN;
    }
    this.states.set(istd, state);
    return state;
  }

  /** Whether paragraph style `istd` (or a base of it) shades its paragraphs. */
  paragraphShaded(istd: number, depth = 0): boolean {
    const known = this.shading.get(istd);
    if (known !== undefined) return known;
    const s = this.styles[istd];
    let shaded = false;
    if (s && depth < MAX_DEPTH) {
      const own = s.papx ? paragraphShading(s.papx) : undefined;
      shaded = own ?? (s.base !== NO_BASE && s.base !== istd && this.paragraphShaded(s.base, depth + 1));
    }
    this.shading.set(istd, shaded);
    return shaded;
  }
}

/** The style sheet at `at` in the table stream; a sheet that cannot be read is no styles, and says so. */
export function readStyles(table: Uint8Array, at: { fc: number; lcb: number }): { sheet: StyleSheet; problem?: string } {
  const none = (problem?: string) => ({ sheet: new StyleSheet([]), ...(problem ? { problem } : {}) });
  if (at.lcb === 0) return none();
  if (at.fc > table.length || at.lcb > table.length - at.fc) return none(`FIB puts the style sheet (STSH) at ${at.fc}, ${at.lcb} bytes, past the ${table.length}-byte table stream; styles not read`);
  const stsh = table.subarray(at.fc, at.fc + at.lcb);
  const u16 = (o: number) => (o + 2 <= stsh.length ? stsh[o]! | (stsh[o + 1]! << 8) : undefined);
  const cbStshi = u16(0);
  const cstd = u16(2);
  const cbBase = u16(4);
  if (cbStshi === undefined || cstd === undefined || cbBase === undefined || 2 + cbStshi > stsh.length || cbBase < 10) return none(`style sheet (STSH) of ${stsh.length} bytes has no readable header; styles not read`);
  const styles: (Style | undefined)[] = [];
  let o = 2 + cbStshi;
  for (let istd = 0; istd < Math.min(cstd, MAX_STYLES); istd++) {
    const cb = u16(o);
    if (cb === undefined || o + 2 + cb > stsh.length) return { sheet: new StyleSheet(styles), problem: `style sheet (STSH) style ${istd} runs past its ${stsh.length} bytes; the styles from it on not read` };
    styles.push(cb ? readStd(stsh.subarray(o + 2, o + 2 + cb), cbBase) : undefined);
    o += 2 + cb;
  }
  return { sheet: new StyleSheet(styles) };
}

/** One STD's base style and property lists; undefined when it does not fit its bytes. */
function readStd(std: Uint8Array, cbBase: number): Style | undefined {
  const u16 = (o: number) => (o + 2 <= std.length ? std[o]! | (std[o + 1]! << 8) : undefined);
  const kind = u16(2);
  const cch = u16(cbBase);
  if (kind === undefined || cch === undefined) return undefined;
  const stk = kind & 0xf;
  const style: Style = { base: kind >> 4 };
  // The name: a count, its UTF-16 characters and a null.
  let o = cbBase + 2 + cch * 2 + 2;
  const next = (): Uint8Array | undefined => {
    const cb = u16(o);
    if (cb === undefined || o + 2 + cb > std.length) return undefined;
    const bytes = std.subarray(o + 2, o + 2 + cb);
    o += 2 + cb + (cb & 1);
    return bytes;
  };
  if (stk === STK_TABLE) next();
  if (stk === STK_PARAGRAPH || stk === STK_TABLE) {
    // UpxPapx: the style's istd, then its paragraph properties.
    const papx = next();
    if (papx && papx.length > 2) style.papx = papx.subarray(2);
  }
  if (stk === STK_PARAGRAPH || stk === STK_CHARACTER || stk === STK_TABLE) {
    const chpx = next();
    if (chpx?.length) style.chpx = chpx;
  }
  return style;
}
