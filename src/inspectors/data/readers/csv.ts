import type { DataRow, ReadStatus, TextCell } from './types.js';
import { recordText } from './csv-record.js';

export interface CsvDialect {
  delimiter: string;
  quote: string;
  header: boolean;
  /**
   * Lines before the table that are comments (`# Data source: …` above matplotlib's Stocks.csv,
   * the provenance lines numpy's `savetxt` and many exporters write): read as text, not rows.
   */
  comments?: number;
}

const CANDIDATES = [',', '\t', ';', '|'];

/** Counts delimiter occurrences outside double quotes in one line. */
function countOutside(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') q = !q;
    else if (!q && c === d) n++;
  }
  return n;
}

/**
 * Sniffs the dialect from the first lines (like Python's csv.Sniffer): the delimiter whose count is
 * the same non-zero number on most lines wins; a header is assumed when the first row has no
 * numbers and no empty cells while later rows do differ from it in kind.
 */
export function sniffDialect(sample: string, ext = ''): CsvDialect {
  const all = sample.split(/\r?\n/);
  // A sample cut mid-line ends in part of a line: judged only when it is all there is (a header
  // wider than the sample), and then without its last, cut cell ("c1" of "c1234" repeats "c1").
  const cut = !/[\r\n]$/.test(sample) && all.length > 0;
  const partial = cut ? all.pop()! : '';
  // Leading `#` lines (and blank lines among them) are judged apart: a comment above the table
  // would otherwise be taken for its header, one wide column.
  let lead = 0;
  while (lead < all.length && (all[lead]!.startsWith('#') || !all[lead]!.trim())) lead++;
  if (lead === all.length || !all.slice(0, lead).some((l) => l.startsWith('#'))) lead = 0;
  const dialect = sniffTable(lead ? all.slice(lead) : all, partial, ext);
  if (!lead) return dialect;
  // A last `#` line cut as the rows are is the table's header written behind a `#` (`#CHROM\tPOS…`).
  let last = lead - 1;
  while (!all[last]!.trim()) last--;
  const firstRow = all[lead]!;
  const d = dialect.delimiter;
  if (countOutside(all[last]!, d) > 0 && countOutside(all[last]!, d) === countOutside(firstRow, d)) {
    return { ...sniffTable(all.slice(last), partial, ext), ...(last ? { comments: last } : {}) };
  }
  return { ...dialect, comments: lead };
}

/** The dialect of a table's lines (no comments before them). */
function sniffTable(all: string[], partial: string, ext: string): CsvDialect {
  const ls = all.filter((l) => l.length).slice(0, 20);
  const wide = !ls.length && partial.length > 0;
  if (wide) ls.push(partial);
  let best = ext === '.tsv' ? '\t' : ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = ls.map((l) => countOutside(l, d));
    const first = counts[0] ?? 0;
    if (!first) continue;
    const same = counts.filter((c) => c === first).length / counts.length;
    const score = same * 10 + Math.min(first, 10) / 10 + (ext === '.tsv' && d === '\t' ? 5 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  const firstCells = sampleCells(ls[0] ?? '', best);
  if (wide && firstCells.length > 1) firstCells.pop();
  const numeric = (s: string) => /^[-+]?\d[\d,.]*$/.test(s);
  const header = firstCells.length > 0 && firstCells.every((c) => c.length > 0 && !numeric(c)) && new Set(firstCells).size === firstCells.length && !rowsLikeFirst(ls.slice(1), firstCells, best);
  return { delimiter: best, quote: '"', header };
}

/** A sample line's cells as the sniffer judges them: cut at every delimiter (quotes aside), trimmed, unquoted. */
function sampleCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
}

/** A cell's shape: digits as 9, capitals as A, small letters as a, the rest as it is (`AD` is `AA`, `+4230+00131` is `+9999+99999`). */
function shape(cell: string): string {
  return cell.replace(/\d/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a');
}

/**
 * Whether the rows below a header-like first row say it is one of them, as Python's csv.Sniffer
 * judges `has_header`: each column whose later cells all have one shape votes — for a header when
 * the first cell's shape differs (`country` over `AD`, `AE`), against when it is the same (`AD`
 * over `AE`, `AF`: tz's headerless zone.tab, whose first row named its columns `+4230+00131`).
 * Unlike the sniffer, one vote for is enough to keep the header: a table read without its header
 * loses the column names that classify its columns, worse than a data row read as names.
 */
function rowsLikeFirst(rows: readonly string[], first: readonly string[], delimiter: string): boolean {
  if (rows.length < 3) return false;
  const cells = rows.map((l) => sampleCells(l, delimiter));
  let against = 0;
  for (let col = 0; col < first.length; col++) {
    const s = shape(cells[0]![col] ?? '');
    if (!s || cells.some((r) => shape(r[col] ?? '') !== s)) continue;
    if (shape(first[col]!) !== s) return false;
    against++;
  }
  return against > 0;
}


const COLUMN_NAMES: string[] = [];
/** `column_<i+1>`, the name of an unnamed column; made once per index, not per cell of a headerless table. */
function columnName(i: number): string {
  if (i >= 1024) return `column_${i + 1}`;
  return (COLUMN_NAMES[i] ??= `column_${i + 1}`);
}

/**
 * Streaming CSV/TSV: RFC 4180 quoting with multi-line quoted fields; lines without a quote take a
 * fast split. Each cell carries its line and column; quoted cells are unescaped (not verbatim).
 */
export async function* readCsv(
  lineIter: AsyncIterable<string>,
  dialect: CsvDialect,
  status: ReadStatus,
  labelColumn?: (columns: string[]) => number,
): AsyncGenerator<DataRow> {
  const parser = new CsvParser(dialect, status, labelColumn);
  const out: DataRow[] = [];
  for await (const line of lineIter) {
    parser.line(line, out);
    yield* out;
    out.length = 0;
  }
  parser.end(out);
  yield* out;
}

/**
 * The CSV state machine behind `readCsv`, push-style: feed it lines, it appends finished rows.
 * Synchronous, so the scanner's hot loop pays no promise per line.
 */
/** How a quoted field that never closes is reported (followed by the line it starts on). */
export const UNTERMINATED = 'unterminated quoted field starting on line';

/**
 * Where the parser puts finished rows: an array, or whatever takes each row as it is finished (the
 * scanner hands it to the detectors at once: an array emptied after every line was given a new
 * backing store for its one row, 37 MB of garbage per pass over the bench corpus's tables).
 */
export interface RowSink {
  push(row: DataRow): unknown;
}

export class CsvParser {
  private columns: string[] | undefined;
  private labelIdx = -1;
  private lineNo = 0;
  private row = 0;
  /**
   * The row's cells so far: the first `nCells` of a scratch array kept from row to row, copied to
   * an array of their own at the row's end. A new array per row grew to 17 slots for 8 cells
   * (36 MB of garbage per pass over the bench corpus's tables).
   */
  private readonly cells: TextCell[] = [];
  private nCells = 0;
  // State carried across lines while inside a quoted field.
  private cur = '';
  private curLine = 0;
  private curCol = 0;
  private inQuotes = false;
  private quoted = false;
  /** The quoted field's text holds a quote (an escaped one, or text after the closing quote). */
  private escaped = false;
  private rowLine = 0;
  /** Leading comment lines still to pass (none for a later chunk of a file: see useColumns). */
  private comments: number;

  constructor(
    private readonly dialect: CsvDialect,
    private readonly status: ReadStatus,
    private readonly labelColumn?: (columns: string[]) => number,
  ) {
    this.comments = dialect.comments ?? 0;
  }

  /**
   * Adds a finished cell in its final shape (one object, all properties from the start: adding
   * `field` later would move every cell to a new hidden class).
   */
  private cell(text: string, line: number, column: number, verbatim: boolean): void {
    const i = this.nCells++;
    const field = this.columns ? (this.columns[i] ?? columnName(i)) : this.dialect.header ? '' : columnName(i);
    this.cells[i] = { text, line, column, field, verbatim };
  }

  private emit(out: RowSink): void {
    const { dialect, status } = this;
    const cs = this.cells.slice(0, this.nCells);
    this.nCells = 0;
    if (!this.columns && dialect.header) {
      this.columns = cs.map((c, i) => c.text.trim() || `column_${i + 1}`);
      status.columns = this.columns;
      this.labelIdx = this.labelColumn ? this.labelColumn(this.columns) : -1;
      // Its cells are scanned all the same (an instruction or a key can sit in a header), as no row.
      for (let i = 0; i < cs.length; i++) cs[i]!.field = this.columns[i]!;
      out.push({ header: true, cells: cs });
      return;
    }
    if (cs.length === 1 && cs[0]!.text === '') return;
    this.row++;
    const labelIdx = this.labelIdx;
    // The parser's cells become the row's cells (one object per cell, not two); the record text is
    // the row's prose but the label (csv-record.ts).
    const text = recordText(cs, labelIdx);
    // The record in the literal, not added after: one object shape for every row (the JSONL reader's
    // too), where adding it moved rows with a record to a second shape.
    out.push({ row: this.row, cells: cs, record: text ? { text, label: labelIdx >= 0 ? cs[labelIdx]?.text.trim() : undefined, line: this.rowLine } : undefined });
  }

  /** The cells of a line without quotes: the line cut at each delimiter. */
  private plainCells(line: string, lineNo: number): void {
    const d = this.dialect.delimiter;
    if (d.length !== 1) {
      let col = 1;
      for (const part of line.split(d)) {
        this.cell(part, lineNo, col, true);
        col += part.length + 1;
      }
      return;
    }
    // indexOf and slice, not split: split measured a third slower here.
    let from = 0;
    for (let dp = line.indexOf(d); dp >= 0; dp = line.indexOf(d, from)) {
      this.cell(line.slice(from, dp), lineNo, from + 1, true);
      from = dp + 1;
    }
    this.cell(line.slice(from), lineNo, from + 1, true);
  }

  /**
   * Names the columns from a header read elsewhere: a parser that starts in a later chunk of a
   * large file, whose first line is a data row.
   */
  useColumns(columns: string[]): void {
    this.comments = 0;
    this.columns = columns;
    this.status.columns = columns;
    this.labelIdx = this.labelColumn ? this.labelColumn(columns) : -1;
  }

  /** Records the first unterminated quoted field (where it starts). */
  private unterminated(): void {
    if (this.status.problem !== undefined) return;
    this.status.problem = `${UNTERMINATED} ${this.curLine}`;
    this.status.problemLine = this.curLine;
  }

  /** Whether the last line fed ended inside a quoted field (the next line continues it). */
  get inQuotedField(): boolean {
    return this.inQuotes;
  }

  /** Feeds one line (without its line break). */
  line(line: string, out: RowSink): void {
    const d = this.dialect.delimiter;
    const quote = this.dialect.quote;
    const lineNo = ++this.lineNo;
    if (lineNo <= this.comments) {
      // Scanned like a header (a key or an address can sit in a comment), counted as no row.
      if (line.trim()) out.push({ header: true, cells: [{ text: line, line: lineNo, column: 1, field: 'comment', verbatim: true }] });
      return;
    }
    if (!this.inQuotes) {
      this.rowLine = lineNo;
      if (!line.includes(quote)) {
        this.plainCells(line, lineNo);
        this.emit(out);
        return;
      }
      this.cur = '';
      this.curLine = lineNo;
      this.curCol = 1;
      this.quoted = false;
      this.escaped = false;
    } else {
      this.cur += '\n';
    }
    // Jumps from quote to delimiter with indexOf and copies slices: building a field a character
    // at a time cost more than everything else done with the row. The field state lives in locals
    // for the loop and goes back to the parser once, at the end of the line. A quoted cell is
    // verbatim unless its text holds a quote, which is known from where quotes were met.
    const qc = quote.charCodeAt(0);
    let cur = this.cur;
    let inQuotes = this.inQuotes;
    let quoted = this.quoted;
    let escaped = this.escaped;
    let curLine = this.curLine;
    let curCol = this.curCol;
    const n = line.length;
    let i = 0;
    while (i <= n) {
      if (inQuotes) {
        const q = line.indexOf(quote, i);
        if (q < 0) {
          cur += line.slice(i);
          break;
        }
        if (q > i) cur += line.slice(i, q);
        if (line.charCodeAt(q + 1) === qc) {
          cur += quote;
          escaped = true;
          i = q + 2;
        } else {
          inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      // A quote opens a quoted field only where the field is still empty (RFC 4180); elsewhere it is text.
      if (cur.length === 0 && line.charCodeAt(i) === qc) {
        inQuotes = true;
        quoted = true;
        curCol = i + 2;
        i++;
        continue;
      }
      const dp = line.indexOf(d, i);
      // Text up to the delimiter; after a closing quote, any quote in it is literal text.
      const t = dp < 0 ? line.slice(i) : line.slice(i, dp);
      if (quoted && t.length && t.includes(quote)) escaped = true;
      cur += t;
      if (dp < 0) break;
      // An empty field followed by a quote after the delimiter is handled on the next turn.
      this.cell(cur, curLine, curCol, !quoted || !escaped);
      cur = '';
      curLine = lineNo;
      curCol = dp + 2;
      quoted = false;
      escaped = false;
      i = dp + 1;
    }
    this.cur = cur;
    this.inQuotes = inQuotes;
    this.quoted = quoted;
    this.escaped = escaped;
    this.curLine = curLine;
    this.curCol = curCol;
    if (inQuotes) {
      // A runaway quote would swallow the file: cap a field at 1 MiB, then treat the quote as literal.
      if (cur.length > 1 << 20) {
        this.inQuotes = false;
        this.unterminated();
      } else return;
    }
    this.cell(cur, curLine, curCol, !quoted || !escaped);
    this.emit(out);
  }

  /** Flushes an unterminated quoted field and records the row count. */
  end(out: RowSink): void {
    if (this.inQuotes) {
      this.unterminated();
      this.cell(this.cur, this.curLine, this.curCol, !this.quoted || !this.escaped);
      this.inQuotes = false;
      this.emit(out);
    }
    this.status.rows = this.row;
  }
}
