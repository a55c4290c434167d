import { DocTableColumns } from './doc-table-columns.js';
import type { DataRow } from './types.js';

/** Columns one `number-columns-*` attribute moves the reader on by at most (a sheet's 16,384, with room). */
const MAX_COLUMNS = 1 << 15;

/** A `table:number-columns-*` count: at least 1. */
function columns(a: Record<string, string>, attr: string): number {
  return Math.min(MAX_COLUMNS, Math.max(1, Number.parseInt(a[attr] ?? '', 10) || 1));
}

/**
 * An OpenDocument text's tables (`table:table` / `table:table-row` / `table:table-cell`), watched
 * beside the paragraph reader as Word's are (docx-tables.ts): the rows in `table:table-header-rows`,
 * else the first row, name the columns; each body cell's visible text comes out as a `columnsOnly`
 * row named by its column's header. A cell spanning columns (`table:number-columns-spanned`) is
 * followed by a `table:covered-table-cell` for each column it covers, which moves the reader on; a
 * cell repeated (`table:number-columns-repeated`) fills each column it repeats over.
 */
export class OdtTables {
  private readonly columns: DocTableColumns;

  constructor(emit: (row: DataRow) => void) {
    this.columns = new DocTableColumns(emit);
  }

  open(name: string, a: Record<string, string>): void {
    if (name === 'table:table') this.columns.openTable();
    else if (name === 'table:table-header-rows') this.columns.head(true);
    else if (name === 'table:table-row') this.columns.openRow();
    else if (name === 'table:table-cell') this.columns.openCell(columns(a, 'table:number-columns-spanned'), columns(a, 'table:number-columns-repeated'));
    else if (name === 'table:covered-table-cell') this.columns.skip(columns(a, 'table:number-columns-repeated'));
  }

  close(name: string): void {
    if (name === 'table:table') this.columns.closeTable();
    else if (name === 'table:table-header-rows') this.columns.head(false);
    else if (name === 'table:table-cell') this.columns.closeCell();
    else if (name === 'text:p' || name === 'text:h') this.columns.paragraphEnd();
  }

  /** Text a reader sees (not hidden, not deleted). */
  text(text: string): void {
    this.columns.text(text);
  }
}
