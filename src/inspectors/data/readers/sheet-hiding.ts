import { columnLetters, columnNumber } from './sheet-table.js';

/** Why a sheet's cell at a 1-based row and column letters is hidden, or undefined (SheetTable's `hiddenAt`). */
export type HiddenAt = (row: number, col: string) => string | undefined;

/** Column numbers a record can name (16 bits; BIFF8 sheets have 256 columns). */
const COLUMNS = 1 << 16;
/**
 * COLINFO ranges applied per sheet: each is one native fill of at most COLUMNS bytes, so a crafted
 * sheet of a million ranges costs no more than this many.
 */
const MAX_RANGES = 4096;

/**
 * What a legacy sheet hides, gathered as its records are read (0-based rows and columns): rows
 * (ROW's fDyZero), column ranges (COLINFO's fHidden) and cells whose format hides them.
 */
export class SheetHiding {
  private readonly rows = new Set<number>();
  /** Hidden columns by number (allocated at the first hidden range). */
  private cols: Uint8Array | undefined;
  private ranges = 0;
  private readonly cells = new Map<number, Map<string, string>>();

  row(row: number): void {
    this.rows.add(row + 1);
  }

  columns(first: number, last: number): void {
    if (this.ranges++ >= MAX_RANGES || first > last) return;
    (this.cols ??= new Uint8Array(COLUMNS)).fill(1, first, Math.min(last, COLUMNS - 1) + 1);
  }

  cell(row: number, col: number, why: string | undefined): void {
    const key = row + 1;
    if (why) {
      let r = this.cells.get(key);
      if (!r) this.cells.set(key, (r = new Map()));
      r.set(columnLetters(col), why);
    } else this.cells.get(key)?.delete(columnLetters(col));
  }

  readonly at: HiddenAt = (row, col) => (this.rows.has(row) ? 'hidden row' : this.cols?.[columnNumber(col) - 1] === 1 ? 'hidden column' : this.cells.get(row)?.get(col));
}
