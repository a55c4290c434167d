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
}

/**
 * Appends a sheet's rows to `out` as a table, `maxRows` rows at most in `out`: the first row is
 * the header when every cell of it is text (no numbers), and each cell's field is `Sheet!column`
 * (`Sheet (hidden sheet)!column` for a sheet the workbook hides); the header row goes to `headers`.
 * `hiddenAt` names a row or column the sheet hides (`Sheet (hidden row)!column`).
 * Returns whether rows were left out.
 */
export function appendSheet(out: DataRow[], sheet: { name: string; hidden: boolean }, rows: readonly SheetRow[], maxRows: number, headers: DataRow[], hiddenAt?: (row: number, col: string) => string | undefined): boolean {
  if (!rows.length) return false;
  const first = rows[0]!;
  const header = [...first.cells.values()].every((v) => Number.isNaN(Number(v))) ? first.cells : undefined;
  const labelCol = header ? [...header].find(([, name]) => LABEL_KEYS.test(name.trim()))?.[0] : undefined;
  const sheetPrefix = `${sheet.name}${sheet.hidden ? ' (hidden sheet)' : ''}!`;
  const prefixAt = (row: number, col: string) => {
    const why = sheet.hidden ? undefined : hiddenAt?.(row, col);
    return why ? `${sheet.name} (${why})!` : sheetPrefix;
  };
  if (header) headers.push({ row: first.row, header: true, cells: [...header].map(([col, name]) => ({ text: name, field: prefixAt(first.row, col) + (name.trim() || col), verbatim: false })) });
  for (const r of header ? rows.slice(1) : rows) {
    if (out.length >= maxRows) return true;
    const cells: TextCell[] = [];
    let record = '';
    for (const [col, value] of r.cells) {
      cells.push({ text: value, field: prefixAt(r.row, col) + (header?.get(col)?.trim() || col), verbatim: false });
      if (col !== labelCol && value.length > 20) record = record ? `${record} ${value}` : value;
    }
    out.push({ row: r.row, cells, ...(record ? { record: { text: record, label: labelCol ? r.cells.get(labelCol)?.trim() : undefined } } : {}) });
  }
  return false;
}
