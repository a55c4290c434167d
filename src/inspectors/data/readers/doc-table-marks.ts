import { DocTableColumns } from './doc-table-columns.js';
import type { DataRow } from './types.js';

/**
 * Tables nested deeper than this are read as the deepest one (Word nests some tens deep; a hostile
 * depth of 2^31 would otherwise open as many tables).
 */
export const MAX_TABLE_DEPTH = 16;

/** One open table level: whether a row and a cell of it are open. */
interface Level {
  row: boolean;
  cell: boolean;
}

/**
 * Tables a document gives as a flow of text and marks rather than as elements that open and close:
 * Word 97–2003's paragraphs in tables (a depth, cell marks and row marks, `doc-tables.ts`) and
 * RTF's `\intbl` / `\itapN` paragraphs ended by `\cell` and `\row` (`rtf-tables.ts`). A table,
 * its row and its cell open when text or a mark first arrives at a depth, and close when a mark
 * ends them or the text leaves the depth; the columns are named and filled as a Word file's are
 * (`doc-table-columns.ts`: the first row names them, each body cell a `columnsOnly` row). A nested
 * table is a table of its own inside its outer cell, as in a `.docx`.
 */
export class TableMarks {
  private readonly columns: DocTableColumns;
  private readonly levels: Level[] = [];
  /** The next row of the outer table repeats as a header (RTF's `\trhdr` before its cells). */
  private headerNext = false;

  constructor(emit: (row: DataRow) => void) {
    this.columns = new DocTableColumns(emit);
  }

  /** Text a reader sees, in a paragraph at `depth` (0: outside tables, which ends them). */
  text(depth: number, text: string): void {
    // White space alone opens no cell (RTF's `\cell` is read as a tab after the cell it ends).
    if (!this.inCell(depth) && !/\S/.test(text)) return;
    if (!this.open(depth)) return;
    this.columns.text(text);
  }

  /** A paragraph at `depth` ends inside its cell: the cell's next paragraph is a line of its own. */
  paragraphEnd(depth: number): void {
    const d = clamp(depth);
    this.close(d);
    if (this.levels[d - 1]?.cell) this.columns.paragraphEnd();
  }

  /** A cell of the table at `depth` ends (an empty one too: it moves the row on a column). */
  cellEnd(depth: number): void {
    if (!this.open(depth)) return;
    this.columns.closeCell();
    this.levels.at(-1)!.cell = false;
  }

  /** A row of the table at `depth` ends; tables nested in it end with it. */
  rowEnd(depth: number): void {
    const d = clamp(depth);
    this.close(d);
    const level = this.levels[d - 1];
    if (level?.cell) this.columns.closeCell();
    if (level) level.row = level.cell = false;
    if (d === 1) this.headerNext = false;
  }

  /** The outer table's next row is marked as a header row before its cells. */
  markHeaderNext(): void {
    this.headerNext = true;
  }

  /** The end of the text: every table ends. */
  end(): void {
    this.close(0);
  }

  /** Whether a cell of the table at `depth`, and no table inside it, is open. */
  private inCell(depth: number): boolean {
    const d = clamp(depth);
    return d > 0 && this.levels.length === d && this.levels[d - 1]!.cell;
  }

  /** Opens what is missing down to a cell of the table at `depth`; false when `depth` is outside tables (they end). */
  private open(depth: number): boolean {
    const d = clamp(depth);
    this.close(d);
    if (!d) return false;
    for (let k = 0; k < d; k++) {
      if (k === this.levels.length) {
        this.columns.openTable();
        this.levels.push({ row: false, cell: false });
      }
      // A level with a table open inside it has its row and cell open already.
      if (k + 1 < this.levels.length) continue;
      const level = this.levels[k]!;
      if (!level.row) {
        this.columns.openRow();
        if (k === 0 && this.headerNext) this.columns.markHeaderRow();
        level.row = true;
      }
      if (!level.cell) {
        this.columns.openCell(1);
        level.cell = true;
      }
    }
    return true;
  }

  /** Ends the tables deeper than `depth`. */
  private close(depth: number): void {
    while (this.levels.length > depth) {
      this.columns.closeTable();
      this.levels.pop();
    }
  }
}

function clamp(depth: number): number {
  return Math.max(0, Math.min(MAX_TABLE_DEPTH, depth));
}
