import { cellHiddenBy, type OdfStyles } from './odf-styles.js';
import { collapse, spacing } from './odf-text.js';
import { parseXml } from './xml.js';
import { columnLetters, SheetTable, type DocumentRead, type RowBudget, type RowSink } from './sheet-table.js';

/**
 * The sheets of an OpenDocument spreadsheet's `content.xml` (`.ods`), each a table through
 * `SheetTable` as Excel's are, row by row as they are read. A cell is its paragraphs' text, or for
 * a number, percentage, currency, date or boolean its value (`office:value`, `office:date-value`: a phone number kept as
 * a number is read whole, a date in ISO form). LibreOffice writes a run of equal cells or rows once
 * with a repeat count — `number-columns-repeated="16384"` for a row's empty tail,
 * `number-rows-repeated="1048576"` for the empty rows under the data — so a repeat only moves the
 * position unless the cell or row holds something, and what is expanded is bounded: 16,384 columns,
 * 1,048,576 rows a sheet, MAX_REPEATED cells made by repeats and MAX_CHARS characters in all (cells
 * written out are bounded by the part's size, as an `.xlsx`'s are). A sheet whose style says
 * `table:display="false"`, rows and columns with `table:visibility="collapse"` (or `"filter"`) are
 * read and their fields say so; a cell's comment (`office:annotation`) is read, not counted as a value.
 */

const MAX_COLUMNS = 16_384;
const MAX_SHEET_ROWS = 1 << 20;
/** Cells made by repeats (copies past the first), over the workbook: a 1 KiB file can ask for 17 billion. */
const MAX_REPEATED = 1_000_000;
const MAX_CHARS = 64 << 20;
const SKIP = new Set(['dc:creator', 'dc:date', 'meta:date-string', 'text:note-citation']);
const CELL = new Set(['table:table-cell', 'table:covered-table-cell']);

/** A repeat count as written, 1 when absent or not a positive number. */
function repeat(v: string | undefined): number {
  const n = Math.floor(Number(v));
  return Number.isFinite(n) && n > 1 ? n : 1;
}

/** A typed cell's value as a loader shows it; undefined for text (read from its paragraphs). */
function typedValue(a: Record<string, string>): string | undefined {
  switch (a['office:value-type']) {
    case 'float':
    case 'percentage':
    case 'currency':
      return a['office:value'];
    case 'date':
      return a['office:date-value']?.replace(/T00:00:00(?:\.0+)?$/, '');
    case 'boolean':
      return a['office:boolean-value'] === undefined ? undefined : a['office:boolean-value'] === 'true' ? 'TRUE' : 'FALSE';
    case 'string':
      return a['office:string-value'];
    default:
      return undefined;
  }
}

interface Sheet {
  name: string;
  hidden: boolean;
  hiddenCols: Set<string>;
  /**
   * Columns the sheet hides, by 0-based index: a map, so a cell's check is one read however many
   * column elements a crafted sheet lists; made only for a sheet that hides one.
   */
  collapsed?: Uint8Array;
  /** Per column (by position), the default cell style it names (`table:default-cell-style-name`). */
  cellStyles?: (string | undefined)[];
  nextColumn: number;
  row: number;
}

/**
 * Reads every sheet, handing each row to `sink` as it closes (a cell's comment to `header`), the
 * data rows of all sheets within `budget`.
 */
export function odsTables(xml: string, styles: OdfStyles, budget: RowBudget, sink: RowSink): DocumentRead {
  const problems: string[] = [];
  let truncated = false;
  let depth = 0;
  let sheets = 0;
  let sheet: Sheet | undefined;
  let table: SheetTable | undefined;
  /** The row being handed on is one the sheet hides (read by the table as it names the cells). */
  let handingHidden = false;
  /** The budget is spent: no further row is handed on. */
  let full = false;
  let cur = new Map<string, string>();
  /** Cells of the current row whose style hides them, by column letters, and why. */
  let curHidden: Map<string, string> | undefined;
  let rowStyle: string | undefined;
  let cellStyle: string | undefined;
  let rowRepeat = 1;
  let rowHidden = false;
  let col = 0;
  let cellRepeat = 1;
  let value: string | undefined;
  let inCell = false;
  let parts: string[] = [];
  let comment: string[] | undefined;
  let annotation = 0;
  let skip = 0;
  let inP = 0;
  let repeated = 0;
  let chars = 0;
  let stopped = false;
  const over = (what: string) => {
    if (!stopped) problems.push(`more than ${what}: the rest of the workbook not read`);
    stopped = truncated = true;
  };
  const inTable = () => sheet !== undefined && depth === 1;

  parseXml(xml, {
    open(name, a) {
      styles.open(name, a);
      if (name === 'table:table') {
        if (++depth === 1) {
          const s: Sheet = { name: a['table:name'] ?? `Sheet${++sheets}`, hidden: styles.get('table', a['table:style-name']).tableHidden === true, hiddenCols: new Set(), nextColumn: 0, row: 0 };
          sheet = s;
          table = new SheetTable(sink, budget, s, (_r, c) => (handingHidden ? 'hidden row' : s.hiddenCols.has(c) ? 'hidden column' : curHidden?.get(c)));
        }
        return;
      }
      if (!inTable()) return;
      const s = sheet!;
      if (name === 'table:table-column') {
        const n = repeat(a['table:number-columns-repeated']);
        if (a['table:visibility'] === 'collapse' || a['table:visibility'] === 'filter') (s.collapsed ??= new Uint8Array(MAX_COLUMNS)).fill(1, s.nextColumn, Math.min(s.nextColumn + n, MAX_COLUMNS));
        const style = a['table:default-cell-style-name'];
        if (style) (s.cellStyles ??= new Array<string | undefined>(MAX_COLUMNS)).fill(style, s.nextColumn, Math.min(s.nextColumn + n, MAX_COLUMNS));
        s.nextColumn = Math.min(s.nextColumn + n, MAX_COLUMNS);
      } else if (name === 'table:table-row') {
        rowRepeat = repeat(a['table:number-rows-repeated']);
        rowHidden = a['table:visibility'] === 'collapse' || a['table:visibility'] === 'filter';
        cur = new Map();
        curHidden = undefined;
        rowStyle = a['table:default-cell-style-name'];
        col = 0;
      } else if (CELL.has(name)) {
        cellRepeat = repeat(a['table:number-columns-repeated']);
        value = typedValue(a);
        cellStyle = a['table:style-name'] ?? rowStyle ?? s.cellStyles?.[col];
        inCell = true;
        inP = 0;
        parts = [];
        comment = undefined;
      } else if (name === 'office:annotation') {
        if (annotation++ === 0) comment = [];
      } else if (SKIP.has(name)) skip++;
      else if (name === 'text:p' && inCell) {
        const into = annotation ? comment : parts;
        if (into?.length) into.push('\n');
        inP++;
      } else if (inCell && inP && !skip) {
        const space = spacing(name, a);
        if (space) (annotation ? comment : parts)?.push(space);
      }
    },
    close(name) {
      styles.close(name);
      if (name === 'table:table') {
        if (depth-- === 1) sheet = table = undefined;
        return;
      }
      if (!inTable()) return;
      const s = sheet!;
      if (CELL.has(name)) {
        inCell = false;
        const text = value ?? parts.join('').trim();
        const n = Math.min(cellRepeat, MAX_COLUMNS - col);
        if (text && n > 1 && (repeated += n - 1) > MAX_REPEATED) over(`${MAX_REPEATED} cells made by repeats (table:number-columns-repeated, table:number-rows-repeated)`);
        if (text && !stopped) {
          const why = cellStyle ? cellHiddenBy(styles.get('table-cell', cellStyle)) : undefined;
          for (let k = 0; k < n; k++) {
            const letters = columnLetters(col + k);
            cur.set(letters, text);
            if (s.collapsed?.[col + k] === 1) s.hiddenCols.add(letters);
            if (why) (curHidden ??= new Map()).set(letters, why);
          }
        }
        const note = comment?.join('').trim();
        if (note) sink.header({ row: s.row + 1, header: true, cells: [{ text: note, field: `${s.name} (comment)!${columnLetters(col)}`, verbatim: false }] });
        col = Math.min(col + cellRepeat, MAX_COLUMNS);
      } else if (name === 'table:table-row') {
        const copies = cur.size && !full ? Math.min(rowRepeat, MAX_SHEET_ROWS - s.row) : 0;
        const size = [...cur.values()].reduce((t, v) => t + v.length, 0);
        handingHidden = rowHidden;
        for (let k = 0; k < copies && !stopped && !full; k++) {
          if (k > 0 && (repeated += cur.size) > MAX_REPEATED) over(`${MAX_REPEATED} cells made by repeats (table:number-columns-repeated, table:number-rows-repeated)`);
          else if ((chars += size) > MAX_CHARS) over(`${MAX_CHARS} characters of cell text`);
          else if (!table!.add({ row: s.row + k + 1, cells: cur })) full = truncated = true;
        }
        if (cur.size && copies < rowRepeat && !full) truncated = true;
        s.row = Math.min(s.row + rowRepeat, MAX_SHEET_ROWS);
      } else if (name === 'office:annotation') annotation = Math.max(0, annotation - 1);
      else if (SKIP.has(name)) skip = Math.max(0, skip - 1);
      else if (name === 'text:p') inP = Math.max(0, inP - 1);
    },
    text(t) {
      if (inTable() && inCell && inP && !skip) (annotation ? comment : parts)?.push(collapse(t));
    },
  });
  return { problems, truncated };
}
