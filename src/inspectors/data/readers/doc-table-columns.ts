import type { DataRow } from './types.js';

/** Longest header text taken as a column's name (as HTML and Markdown tables take it). */
const MAX_HEADER = 64;
/** Characters of one cell kept for its column's classification: a value, not a chapter. */
const MAX_CELL_CHARS = 64 << 10;
/** Columns one cell names or fills at most (a header spanning the page, a repeated empty cell). */
const MAX_COLUMNS_PER_CELL = 64;
/**
 * Columns of a table named at most (Word's grid has 63; a sheet pasted into a text, some hundreds).
 * Past it cells name and fill nothing: a row of 100,000 cells each spanning 1,000 columns named
 * 6.4 million places of a sparse array, 27 s and over 2 GB, before there was a bound.
 */
const MAX_TABLE_COLUMNS = 1024;

/** A table being read: its header texts by column, the row and column the reader is at, the cell open. */
interface OpenTable {
  headers: string[];
  row: number;
  col: number;
  /** Inside the table's declared header rows (OpenDocument's `table:table-header-rows`). */
  inHead: boolean;
  headerRow: boolean;
  /** The row's cells that named columns, and whether one of them spans several (a title row, when it is the only one). */
  named: number;
  spanning: boolean;
  cell?: { parts: string[]; chars: number; span: number; repeat: number; advance: number };
}

/**
 * The tables of a word-processing document (Word's `w:tbl`, OpenDocument's `table:table`) as their
 * readers walk them: header rows name the columns (a header cell spanning columns names each), and
 * each body cell, once it closes, is handed to `emit` as a `columnsOnly` row of one cell named by
 * its column's header (`tableColumn`). Its text already went to the detectors as the cell's
 * paragraphs: the row only counts toward column classification (collector.ts), never as a data row,
 * a record or a finding of its own. Tables nest; each keeps its own header and place.
 */
export class DocTableColumns {
  private readonly tables: OpenTable[] = [];

  constructor(private readonly emit: (row: DataRow) => void) {}

  openTable(): void {
    this.tables.push({ headers: [], row: -1, col: 0, inHead: false, headerRow: false, named: 0, spanning: false });
  }

  closeTable(): void {
    this.tables.pop();
  }

  /** Entering (or leaving) the table's declared header rows. */
  head(on: boolean): void {
    const t = this.tables.at(-1);
    if (t) t.inHead = on;
  }

  /**
   * A new row: a header row when it is the table's first or among its declared header rows. A first
   * row of one cell spanning the table is its title ("Follow-ups, week 12"), not its columns' names:
   * the row after it names them instead.
   */
  openRow(): void {
    const t = this.tables.at(-1);
    if (!t) return;
    const title = t.row === 0 && t.named === 1 && t.spanning;
    if (title) t.headers = [];
    t.row++;
    t.col = 0;
    t.named = 0;
    t.spanning = false;
    t.headerRow = t.row === 0 || t.inHead || title;
  }

  /** The row repeats as a header on each page (Word's `w:tblHeader`): its cells name columns too. */
  markHeaderRow(): void {
    const t = this.tables.at(-1);
    if (t) t.headerRow = true;
  }

  /** Columns the row leaves empty before its next cell. */
  skip(columns: number): void {
    const t = this.tables.at(-1);
    if (t) t.col += columns;
  }

  /**
   * A cell opens: it names `span` columns as a header, fills `repeat` columns as a body cell (an
   * OpenDocument cell repeated), and moves the reader on by `advance` columns.
   */
  openCell(span: number, repeat = 1, advance = repeat): void {
    const t = this.tables.at(-1);
    if (t) t.cell = { parts: [], chars: 0, span, repeat, advance };
  }

  /** The open cell spans `span` grid columns (Word's `w:gridSpan`): it names and moves on by that many. */
  widenCell(span: number): void {
    const cell = this.tables.at(-1)?.cell;
    if (cell) cell.span = cell.advance = span;
  }

  /** Text a reader sees in the innermost open cell. */
  text(text: string): void {
    const cell = this.tables.at(-1)?.cell;
    if (!cell || cell.chars >= MAX_CELL_CHARS) return;
    cell.parts.push(text);
    cell.chars += text.length;
  }

  /** A paragraph of the cell ends: the next one's text starts on a line of its own (one break for hidden or empty paragraphs between). */
  paragraphEnd(): void {
    const cell = this.tables.at(-1)?.cell;
    if (cell?.parts.length && cell.parts.at(-1) !== '\n') cell.parts.push('\n');
  }

  closeCell(): void {
    const t = this.tables.at(-1);
    const cell = t?.cell;
    if (!t || !cell) return;
    t.cell = undefined;
    const text = cell.parts.join('').trim();
    if (t.headerRow) {
      const name = text.replace(/\s+/g, ' ').slice(0, MAX_HEADER);
      const n = Math.min(Math.max(cell.span, cell.repeat), MAX_COLUMNS_PER_CELL, MAX_TABLE_COLUMNS - t.col);
      if (name) {
        for (let k = 0; k < n; k++) t.headers[t.col + k] ??= name;
        t.named++;
        t.spanning ||= cell.span > 1;
      }
    } else if (text) {
      for (let k = 0; k < Math.min(cell.repeat, MAX_COLUMNS_PER_CELL, MAX_TABLE_COLUMNS - t.col); k++) {
        const field = t.headers[t.col + k];
        if (field) this.emit({ columnsOnly: true, cells: [{ text, field, tableColumn: true, verbatim: false }] });
      }
    }
    t.col += cell.advance;
  }
}
