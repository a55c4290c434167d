import { RecordTextBuilder } from './csv-record.js';
import { LABEL_KEYS } from './json-paths.js';
import type { DataRow, TextCell } from './types.js';

/**
 * What Excel workbooks share whatever their file format (`.xlsx` XML parts, `.xls` BIFF records):
 * which number formats are dates, a date serial as its date, and a sheet's rows as a table.
 */

/** Excel's built-in number formats that are dates or times (ids 14–22, 45–47, and the East Asian 27–36, 50–58). */
export const BUILTIN_DATES: ReadonlySet<number> = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code that shows a date: day, month or year letters outside quotes and brackets. */
export function dateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmy]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** An Excel date serial as an ISO date (the 1900 system, or 1904 when the workbook says so). */
export function serialDate(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  // Excel counts a 29 February 1900 that never was (Lotus 1-2-3's bug): serials before it are a day off.
  const lotus = !date1904 && serial < 61 ? 1 : 0;
  const ms = (serial + lotus - (date1904 ? 24107 : 25569)) * 86_400_000;
  return new Date(Math.round(ms / 1000) * 1000).toISOString().slice(0, 10);
}

/** A 0-based column index as its letters (0 → A, 27 → AB). */
export function columnLetters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A column's 1-based number from its letters (`A` → 1, `AB` → 28). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** One sheet row: cell texts by column letter, at its 1-based sheet row. */
export interface SheetRow {
  row: number;
  cells: Map<string, string>;
}

/** A workbook read as tables: data rows, and each sheet's header row apart. */
export interface SheetRead {
  rows: DataRow[];
  /**
   * Header rows (`header: true`): scanned like any cell — a key or an instruction can sit there,
   * and a sheet of one row of text is all header — but no data row (not counted, no column value).
   */
  headers: DataRow[];
  problems: string[];
  truncated: boolean;
  /** Nothing was read and `problems` says why (an encrypted file). */
  unread?: boolean;
  /** `problems` name parts left out, and the rest was read (DocumentRead's). */
  partsLeftOut?: boolean;
}

/**
 * Where a document reader hands its rows as it reads them, so that a large document is never held
 * as rows: a 5 MB workbook or text of 800,000 short rows took 0.6 to 1 GB held whole.
 */
export interface RowSink {
  /** A data row: counted, a column's value. */
  row(r: DataRow): void;
  /** A header row, a comment, metadata (`header: true`): scanned, not counted. */
  header(r: DataRow): void;
}

/** What a streaming document reader says once done (its rows went to the sink). */
export interface DocumentRead {
  problems: string[];
  truncated: boolean;
  /** Nothing was read and `problems` says why (an encrypted file). */
  unread?: boolean;
  /** `problems` name parts left out, and the reader went on past them to the end (a MAT-file's unreadable variable). */
  partsLeftOut?: boolean;
}

/**
 * How a document reader ended: `stopped` when something ended the reading early (the file broken
 * off, a text or row cap, the bounds spent), so the rest of the file was not read; else its
 * problems, if any, name parts it left out (a page, a zip part, a stream, an attachment) while it
 * read on to the end, and the issue says the rest was scanned.
 */
export function documentRead(problems: string[], stopped: boolean): DocumentRead {
  return { problems, truncated: stopped || problems.length > 0, ...(!stopped && problems.length ? { partsLeftOut: true } : {}) };
}

/** A sink that keeps every row it is handed (small documents: tests, the benchmark). */
export class CollectedRows implements RowSink {
  readonly rows: DataRow[] = [];
  readonly headers: DataRow[] = [];
  row(r: DataRow): void {
    this.rows.push(r);
  }
  header(r: DataRow): void {
    this.headers.push(r);
  }
  /** The reader's result with the rows kept, in the shape the array readers return. */
  read(done: DocumentRead): SheetRead {
    return { rows: this.rows, headers: this.headers, problems: done.problems, truncated: done.truncated, ...(done.unread ? { unread: true } : {}), ...(done.partsLeftOut ? { partsLeftOut: true } : {}) };
  }
}

/** Data rows handed on so far over a whole document (all its sheets), and how many may be. */
export class RowBudget {
  count = 0;
  constructor(readonly max: number) {}
}

/**
 * One sheet as a table, row by row as the reader meets them: the first row is the header when
 * every cell of it is text (no numbers), and each cell's field is `Sheet!column` (`Sheet (hidden
 * sheet)!column` for a sheet the workbook hides); the header row goes to the sink's `header`.
 * `hiddenAt` names a row or column the sheet hides (`Sheet (hidden row)!column`).
 */
export class SheetTable {
  private first = true;
  private head: Map<string, string> | undefined;
  private labelCol: string | undefined;
  private readonly sheetPrefix: string;
  /** The row's record, by a CSV row's rule (csv-record.ts). */
  private readonly record = new RecordTextBuilder();

  constructor(
    private readonly sink: RowSink,
    private readonly budget: RowBudget,
    private readonly sheet: { name: string; hidden: boolean },
    private readonly hiddenAt?: (row: number, col: string) => string | undefined,
  ) {
    this.sheetPrefix = `${sheet.name}${sheet.hidden ? ' (hidden sheet)' : ''}!`;
  }

  private prefixAt(row: number, col: string): string {
    const why = this.sheet.hidden ? undefined : this.hiddenAt?.(row, col);
    return why ? `${this.sheet.name} (${why})!` : this.sheetPrefix;
  }

  /** The sheet's next row; false when it was left out because the budget is spent (the reader may stop). */
  add(r: SheetRow): boolean {
    if (this.first) {
      this.first = false;
      if ([...r.cells.values()].every((v) => Number.isNaN(Number(v)))) {
        const head = (this.head = r.cells);
        this.labelCol = [...head].find(([, name]) => LABEL_KEYS.test(name.trim()))?.[0];
        this.sink.header({ row: r.row, header: true, cells: [...head].map(([col, name]) => ({ text: name, field: this.prefixAt(r.row, col) + (name.trim() || col), verbatim: false })) });
        return true;
      }
    }
    if (this.budget.count >= this.budget.max) return false;
    this.budget.count++;
    const cells: TextCell[] = [];
    for (const [col, value] of r.cells) {
      cells.push({ text: value, field: this.prefixAt(r.row, col) + (this.head?.get(col)?.trim() || col), verbatim: false });
      if (col !== this.labelCol) this.record.add(value);
    }
    const record = this.record.take();
    this.sink.row({ row: r.row, cells, ...(record ? { record: { text: record, label: this.labelCol ? r.cells.get(this.labelCol)?.trim() : undefined } } : {}) });
    return true;
  }
}

/**
 * Appends a sheet read whole (`.xls`: BIFF allows 65,536 rows a sheet) to `out` as a table,
 * `maxRows` rows at most in `out`, the header row to `headers`. Returns whether rows were left out.
 */
export function appendSheet(out: DataRow[], sheet: { name: string; hidden: boolean }, rows: readonly SheetRow[], maxRows: number, headers: DataRow[], hiddenAt?: (row: number, col: string) => string | undefined): boolean {
  const budget = new RowBudget(maxRows);
  budget.count = out.length;
  const table = new SheetTable({ row: (r) => out.push(r), header: (r) => headers.push(r) }, budget, sheet, hiddenAt);
  for (const r of rows) if (!table.add(r)) return true;
  return false;
}
