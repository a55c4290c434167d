import type { Where } from './part.js';
import { locateOnLine } from './readers/json.js';
import type { TextCell } from './readers/types.js';

/** Maps an offset in scanned text to a file location. */
export interface Positioner {
  at(offset: number): Where;
}

/**
 * The cells of one row as the detectors see them: each cell on its own, or all joined by NUL (one
 * regex pass per row instead of one per cell), with offsets in either mapped back to the file.
 * Position mappers are made per cell on first hit only: most cells have none.
 */
export class RowCells implements Positioner {
  /** Made on the first hit: most rows have none, and an array per row was garbage. */
  private made?: (CellPos | undefined)[];
  /** Cell starts in the joined text; null once `spread` until a hit needs them, undefined while offsets are the only cell's. */
  private starts?: number[] | null;

  constructor(
    private readonly cells: readonly TextCell[],
    private readonly row?: number,
  ) {}

  /** The cells' texts joined by NUL; `at` then takes offsets into it. */
  joined(): string {
    let text = '';
    for (let i = 0; i < this.cells.length; i++) {
      const t = this.cells[i]!.text;
      text = i === 0 ? t : text + '\u0000' + t;
    }
    this.spread();
    return text;
  }

  /**
   * `at` takes offsets into the cells joined by NUL from now on, without the joined string being
   * made (the injection batch copies the cells themselves); the starts are worked out at the first hit.
   */
  spread(): void {
    this.starts = null;
  }

  private startsOf(): number[] {
    const starts: number[] = [];
    let at = 0;
    for (let i = 0; i < this.cells.length; i++) {
      starts.push(at);
      at += this.cells[i]!.text.length + 1;
    }
    return (this.starts = starts);
  }

  /** Location of an offset in one cell's text. */
  cellAt(i: number, offset: number): Where {
    const made = (this.made ??= []);
    return (made[i] ??= new CellPos(this.cells[i]!, this.row)).at(offset);
  }

  /** Location of an offset in the joined text (or, before `joined`, in the only cell). */
  at(offset: number): Where {
    if (this.starts === undefined) return this.cellAt(0, offset);
    const starts = this.starts ?? this.startsOf();
    const i = lastAtOrBefore(starts, offset);
    return this.cellAt(i, offset - starts[i]!);
  }
}

/** Index of the last of ascending `starts` at or before `offset` (0 when none is). */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Maps an offset inside a cell to a file location (exact for verbatim cells). */
export class CellPos implements Positioner {
  private nls?: number[];
  private readonly c: TextCell;
  constructor(
    cell: TextCell,
    private readonly row?: number,
  ) {
    this.c = cell.source !== undefined ? { ...cell, ...locateOnLine(cell.source, cell.text), source: undefined } : cell;
  }
  at(offset: number): Where {
    const w: Where = {};
    if (this.row !== undefined) w.row = this.row;
    if (this.c.field) w.field = this.c.field;
    if (this.c.cell !== undefined) w.cell = this.c.cell;
    if (this.c.line === undefined) return w;
    if (!this.c.verbatim) {
      if (this.c.spans) return this.inSpan(w, offset, this.c.spans);
      w.line = this.c.line;
      if (this.c.column !== undefined) w.column = this.c.column;
      return w;
    }
    if (!this.nls) {
      this.nls = [];
      for (let i = this.c.text.indexOf('\n'); i >= 0; i = this.c.text.indexOf('\n', i + 1)) this.nls.push(i);
    }
    let lo = 0;
    let hi = this.nls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.nls[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    w.line = this.c.line + lo;
    w.column = lo === 0 ? (this.c.column ?? 1) + offset : offset - this.nls[lo - 1]!;
    return w;
  }

  /** An offset of a cell assembled from stretches: from the stretch's start, counting its line breaks. */
  private inSpan(w: Where, offset: number, spans: readonly number[]): Where {
    let k = 0;
    while (k + 3 < spans.length && spans[k + 3]! <= offset) k += 3;
    const from = spans[k]!;
    let line = spans[k + 1]!;
    let column = spans[k + 2]! + Math.max(0, offset - from);
    const text = this.c.text;
    for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      column = offset - i;
    }
    w.line = line;
    w.column = column;
    return w;
  }
}

