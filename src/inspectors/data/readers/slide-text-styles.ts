import type { Fill } from './slide-fill.js';

/**
 * DrawingML list styles as far as colour goes (ECMA-376 Part 1, §21.1.2.4): a shape's `a:lstStyle`,
 * a layout's or master's placeholder's, the master's `p:txStyles` (`p:titleStyle`, `p:bodyStyle`,
 * `p:otherStyle`) and the deck's `p:defaultTextStyle` each give, per outline level (`a:lvl1pPr` …
 * `a:lvl9pPr`, a paragraph's `a:pPr lvl="0"` … `"8"`, with `a:defPPr` for any), the fill of the
 * text of that level (`a:defRPr/a:solidFill`). A run with no colour of its own takes the first one
 * given along its chain of styles.
 */

/** The slot `a:defPPr` fills: the list's default for every level it does not name. */
const ANY_LEVEL = 9;

/** The level a list style's element names: `a:lvl1pPr` is 0, `a:lvl9pPr` is 8, `a:defPPr` ANY_LEVEL. */
function styleLevel(name: string | undefined): number | undefined {
  if (name === 'a:defppr') return ANY_LEVEL;
  const m = /^a:lvl([1-9])ppr$/.exec(name ?? '');
  return m ? Number(m[1]) - 1 : undefined;
}

/** A paragraph's outline level (`a:pPr lvl`), 0 when it says none or nonsense. */
export function paragraphLevel(a: Record<string, string>): number {
  const n = Number(a.lvl);
  return Number.isInteger(n) && n >= 0 && n <= 8 ? n : 0;
}

/** One list style's text fills by level. */
export class LevelFills {
  private readonly fills: (Fill | undefined)[] = [];

  /** The fill text of `level` is given, else undefined (the next style along decides). */
  at(level: number): Fill | undefined {
    return this.fills[level] ?? this.fills[ANY_LEVEL];
  }

  /**
   * Takes a fill a FillReader reports, when it is a list level's text fill: `path` is the reader's
   * (the fill element last: `…/a:lvl2pPr/a:defRPr/a:solidFill`). Returns the list element it is in
   * (`a:lststyle`, `p:bodystyle`…), or undefined when the fill is none of a list level's.
   */
  static listOf(path: readonly string[], container: string): string | undefined {
    return container === 'a:defrpr' && styleLevel(path.at(-3)) !== undefined ? path.at(-4) : undefined;
  }

  /** Records a fill `listOf` placed; the first for a level stands. */
  take(path: readonly string[], fill: Fill): void {
    const level = styleLevel(path.at(-3));
    if (level !== undefined) this.fills[level] ??= fill;
  }
}
