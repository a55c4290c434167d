import { officeParts } from './office.js';
import { commentPartsOf, sheetComments } from './xlsx-comments.js';
import { drawingTexts } from './xlsx-drawing.js';
import { parseXml } from './xml.js';
import { CollectedRows, columnNumber, documentRead, RowBudget, serialDate, SheetTable, type DocumentRead, type RowSink, type SheetRead, type SheetRow } from './sheet-table.js';
import { cellStyles, type CellStyles } from './xlsx-styles.js';
import { resolvePart } from './opc-paths.js';
import { propertyRows } from './ooxml-properties.js';

export { serialDate } from './sheet-table.js';

/**
 * Excel workbooks (`.xlsx`, `.xlsm`: a zip of XML parts), read as a table per sheet: the first row
 * is the header when every cell of it is text, and each cell's field is `Sheet!column` (so columns
 * are classified as a CSV's are) at its sheet row. Shared strings, inline strings and rich text are
 * read; numbers as written, except a number in a date style, which is the date it shows (ISO; the
 * 1900 or 1904 date system). A sheet the workbook hides (`state="hidden"` / `"veryHidden"`) is read
 * too — a hidden sheet of customer data is a classic leak — and its fields say so, as do hidden
 * rows and columns and cells whose style hides them (`;;;`, white text: `xlsx-styles.ts`); a
 * sheet's notes and comments are read as header rows (`Sheet (comment)!B2`), as are its drawing's
 * text boxes and alt text (`Sheet (text box)`, `Sheet (alt text)`), and the workbook's own
 * properties as `metadata` (`ooxml-properties.ts`).
 *
 * Bounded like Word files: parts inflate only within their declared size (64 MiB each, 256 MiB in
 * all) into an exact buffer, and at most `maxRows` rows are read over all sheets.
 */

const WANTED = /^(?:docProps\/(?:core|custom)\.xml|xl\/(?:sharedStrings\.xml|styles\.xml|workbook\.xml|_rels\/workbook\.xml\.rels|worksheets\/[^/]+\.xml|worksheets\/_rels\/[^/]+\.xml\.rels|comments[^/]*\.xml|threadedComments\/[^/]+\.xml|drawings\/[^/]+\.xml))$/;
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
/** Excel's widest sheet (XFD). */
const MAX_COLUMNS = 16_384;

/** Column letters of a cell reference (`AB12` → `AB`). */
function columnOf(ref: string): string {
  return /^[A-Z]+/.exec(ref)?.[0] ?? '';
}


/** The shared strings table: each `<si>`, its runs joined. */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let cur: string[] | undefined;
  let inT = false;
  let inPhonetic = false;
  parseXml(xml, {
    open(name) {
      if (name === 'si') cur = [];
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inT = true;
    },
    close(name) {
      if (name === 'si') {
        out.push((cur ?? []).join(''));
        cur = undefined;
      } else if (name === 'rPh') inPhonetic = false;
      else if (name === 't') inT = false;
    },
    text(t) {
      if (inT && cur) cur.push(t);
    },
  });
  return out;
}

/**
 * A workbook relationship's part: relative to `xl/` (`worksheets/sheet1.xml`, `./worksheets/…`) or
 * absolute (`/xl/worksheets/sheet1.xml`). Some writers put the package path without its leading
 * slash (`xl/worksheets/sheet1.xml`), which resolved strictly would be `xl/xl/…`: taken as meant.
 */
function workbookTarget(target: string): string {
  return resolvePart('xl/', target.replace(/^xl\//, ''));
}

/** Sheet names and visibility by the worksheet part they live in. */
function sheetsOf(workbook: string | undefined, rels: string | undefined): Map<string, { name: string; hidden: boolean }> {
  const targets = new Map<string, string>();
  if (rels) {
    parseXml(rels, {
      open(name, a) {
        if (name === 'Relationship' && a.Id && a.Target) targets.set(a.Id, workbookTarget(a.Target));
      },
    });
  }
  const out = new Map<string, { name: string; hidden: boolean }>();
  if (workbook) {
    parseXml(workbook, {
      open(name, a) {
        const target = targets.get(a['r:id'] ?? '');
        if (name === 'sheet' && target) out.set(target, { name: a.name ?? target, hidden: a.state === 'hidden' || a.state === 'veryHidden' });
      },
    });
  }
  return out;
}

/**
 * One worksheet's rows, each handed to a table as soon as it closes (cell texts by column letter,
 * at its sheet row); rows and columns the sheet hides (`<row hidden="1">`, `<col hidden="1">`)
 * are read and their fields say so. Returns false when the table turned a row away (the row
 * budget is spent).
 */
function sheetRows(xml: string, strings: readonly string[], styles: CellStyles, date1904: boolean, sink: RowSink, budget: RowBudget, sheet: { name: string; hidden: boolean }): boolean {
  let current: (SheetRow & { hidden?: Map<string, string> }) | undefined;
  let currentHidden = false;
  /**
   * Hidden columns by 1-based number (`<cols>` comes before the rows): a map, so a cell's check is
   * one read however many `<col>` ranges a crafted sheet lists (the first MAX_COLUMNS are taken).
   */
  const hiddenCols = new Uint8Array(MAX_COLUMNS + 1);
  let colRanges = 0;
  const table = new SheetTable(sink, budget, sheet, (_row, col) => (currentHidden ? 'hidden row' : hiddenCols[columnNumber(col)] === 1 ? 'hidden column' : current?.hidden?.get(col)));
  let lastRow = 0;
  let full = false;
  let cell: { ref: string; type: string; style: number; text: string[] } | undefined;
  let inValue = false;
  parseXml(xml, {
    open(name, a) {
      if (name === 'row') {
        if (full) return;
        current = { row: Number(a.r) || lastRow + 1, cells: new Map() };
        currentHidden = on(a.hidden);
      } else if (name === 'col' && on(a.hidden) && colRanges++ < MAX_COLUMNS) {
        const from = Math.max(1, Number(a.min) || 1);
        hiddenCols.fill(1, from, Math.min(MAX_COLUMNS, Number(a.max) || from) + 1);
      }
      else if (name === 'c' && current) cell = { ref: a.r ?? '', type: a.t ?? 'n', style: Number(a.s ?? 0), text: [] };
      else if ((name === 'v' || name === 't') && cell) inValue = true;
    },
    close(name) {
      if (name === 'v' || name === 't') inValue = false;
      else if (name === 'c' && cell && current) {
        const raw = cell.text.join('');
        // A number in a date style is a date (a date of birth stored as 30753 is 1984-03-12).
        const date = cell.type === 'n' && styles.dates.has(cell.style) ? serialDate(Number(raw), date1904) : undefined;
        const text = cell.type === 's' ? (strings[Number(raw)] ?? '') : (date ?? raw);
        if (text.trim()) {
          const col = columnOf(cell.ref) || `column_${current.cells.size + 1}`;
          current.cells.set(col, text);
          // Shown as nothing, or in the page's colour: the field says so, as for a hidden column.
          const kind = cell.type === 'n' ? 'number' : cell.type === 's' || cell.type === 'inlineStr' || cell.type === 'str' ? 'text' : undefined;
          const why = kind && styles.hiddenWhy(cell.style, kind, raw);
          if (why) (current.hidden ??= new Map()).set(col, why);
        }
        cell = undefined;
      } else if (name === 'row' && current) {
        if (current.cells.size) {
          lastRow = current.row;
          if (!table.add(current)) full = true;
        }
        current = undefined;
      }
    },
    text(t) {
      if (inValue && cell) cell.text.push(t);
    },
  });
  return !full;
}

/** An OOXML boolean attribute that is set (`1`, `true`). */
function on(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/**
 * A sheet's notes and comments as header rows (scanned, not counted): `Sheet (comment)!B2`; and
 * its drawing's text boxes and alt text: `Sheet (text box)`, `Sheet (alt text)`.
 */
function commentRows(part: string, sheet: { name: string }, text: (name: string) => string | undefined, sink: RowSink): void {
  const { notes, threaded, drawing } = commentPartsOf(part, text(part.replace(/([^/]+)$/, '_rels/$1.rels')));
  const drawn = drawing && text(drawing);
  if (drawn) for (const d of drawingTexts(drawn)) sink.header({ header: true, cells: [{ text: d.text, field: `${sheet.name} (${d.kind})`, verbatim: false }] });
  for (const c of sheetComments(notes && text(notes), threaded && text(threaded))) {
    const row = Number(/\d+$/.exec(c.ref)?.[0] ?? 0);
    sink.header({ ...(row ? { row } : {}), header: true, cells: [{ text: c.text, field: `${sheet.name} (comment)!${columnOf(c.ref) || c.ref}`, verbatim: false }] });
  }
}

/**
 * A workbook's sheets as rows of cells, handed to `sink` as they are read, `maxRows` data rows at
 * most over all sheets; `problems` says what was not read.
 */
export function eachXlsxRow(bytes: Uint8Array, maxRows: number, sink: RowSink): DocumentRead {
  const { files, problems } = officeParts(bytes, WANTED);
  const text = (name: string) => (files[name] ? new TextDecoder('utf-8').decode(files[name]) : undefined);
  const strings = sharedStrings(text('xl/sharedStrings.xml') ?? '');
  const workbook = text('xl/workbook.xml');
  const sheets = sheetsOf(workbook, text('xl/_rels/workbook.xml.rels'));
  const styles = cellStyles(text('xl/styles.xml'));
  const date1904 = /<workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook ?? '');
  const parts = Object.keys(files).filter((n) => SHEET_PART.test(n)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  for (const name of ['docProps/core.xml', 'docProps/custom.xml']) {
    const xml = text(name);
    if (xml) propertyRows(name, xml, sink);
  }
  const budget = new RowBudget(maxRows);
  for (const part of parts) {
    const sheet = sheets.get(part) ?? { name: part.replace(/^xl\/worksheets\/|\.xml$/g, ''), hidden: false };
    const xml = text(part)!;
    // The inflated part goes once decoded: one sheet's text is held at a time.
    delete files[part];
    commentRows(part, sheet, text, sink);
    // The row cap stops the reading; a part officeParts left out (named) leaves the rest read.
    if (!sheetRows(xml, strings, styles, date1904, sink, budget, sheet)) return documentRead(problems, true);
  }
  return documentRead(problems, false);
}

/** A workbook's sheets as rows of cells, held (small workbooks: tests, the benchmark). */
export function xlsxRows(bytes: Uint8Array, maxRows: number): SheetRead {
  const rows = new CollectedRows();
  return rows.read(eachXlsxRow(bytes, maxRows, rows));
}
