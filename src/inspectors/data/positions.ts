import type { Where } from './part.js';
import type { TextCell } from './readers/types.js';

/** Maps an offset in scanned text to a file location. */
export interface Positioner {
  at(offset: number): Where;
}

/** Maps an offset in a row's joined cells to the cell it falls in. */
export class RowPos implements Positioner {
  constructor(
    private readonly starts: number[],
    private readonly cell: (i: number) => CellPos,
  ) {}
  at(offset: number): Where {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.cell(lo).at(offset - this.starts[lo]!);
  }
}

/** Maps an offset inside a cell to a file location (exact for verbatim cells). */
export class CellPos implements Positioner {
  private nls?: number[];
  private readonly c: TextCell;
  constructor(
    cell: TextCell,
    private readonly row?: number,
  ) {
    this.c = cell.locate ? { ...cell, ...cell.locate(), locate: undefined } : cell;
  }
  at(offset: number): Where {
    const w: Where = {};
    if (this.row !== undefined) w.row = this.row;
    if (this.c.field) w.field = this.c.field;
    if (this.c.cell !== undefined) w.cell = this.c.cell;
    if (this.c.line === undefined) return w;
    if (!this.c.verbatim) {
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
}

