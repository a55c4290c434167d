import { columnLetters } from './sheet-table.js';

/** Why a sheet's cell at a 1-based row and column letters is hidden, or undefined (SheetTable's `hiddenAt`). */
export type HiddenAt = (row: number, col: string) => string | undefined;

/** A sheet's hidden rows and columns wider than this are cut there (BIFF8 has 256 columns). */
const MAX_COLUMNS = 16_384;

/**
 * What a legacy sheet hides, gathered as its records are read (0-based rows and columns): rows
 * (ROW's fDyZero), column ranges (COLINFO's fHidden) and cells whose format hides them.
 */
export class SheetHiding {
  private readonly rows = new Set<number>();
  private readonly cols = new Set<string>();
  private readonly cells = new Map<number, Map<string, string>>();

  row(row: number): void {
    this.rows.add(row + 1);
  }

  columns(first: number, last: number): void {
    for (let c = first; c <= Math.min(last, first + MAX_COLUMNS); c++) this.cols.add(columnLetters(c));
  }

  cell(row: number, col: number, why: string | undefined): void {
    const key = row + 1;
    if (why) {
      let r = this.cells.get(key);
      if (!r) this.cells.set(key, (r = new Map()));
      r.set(columnLetters(col), why);
    } else this.cells.get(key)?.delete(columnLetters(col));
  }

  readonly at: HiddenAt = (row, col) => (this.rows.has(row) ? 'hidden row' : this.cols.has(col) ? 'hidden column' : this.cells.get(row)?.get(col));
}
