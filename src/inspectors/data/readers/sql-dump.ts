import type { DataRow, TextCell } from './types.js';

/**
 * SQL dumps of a database (`pg_dump`, `mysqldump`, SQLite's `.dump`) in a data folder: the rows
 * they hold, each value a cell named `table.column`, at its line and column.
 *
 * - `COPY table (a, b) FROM stdin;` (pg_dump's default): the lines up to `\.` are rows of
 *   tab-separated values with backslash escapes and `\N` for NULL.
 * - `INSERT INTO table (a, b) VALUES (…), (…);` (mysqldump's extended inserts on one long line,
 *   pg_dump --inserts one row a line, SQLite's `.dump` without column names: `column1`, …):
 *   each parenthesised tuple is a row; strings in single quotes (`''` and `\'` escapes), numbers
 *   and other bare words taken as they are, NULL left out. A statement may run over several lines
 *   (up to MAX_STATEMENT characters: past it, what is held is read and the rest of the statement
 *   skipped, and said).
 *
 * Everything else (DDL, comments, SET lines) holds no rows; its raw text is still scanned for
 * secrets by the caller, line by line.
 */

const COPY = /^COPY\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s*(?:\(([^)]*)\))?\s+FROM\s+stdin/i;
const INSERT = /^\s*(?:INSERT|REPLACE)\s+(?:IGNORE\s+)?INTO\s+((?:[`"][^`"]+[`"]|[\w$]+)(?:\.(?:[`"][^`"]+[`"]|[\w$]+))?)\s*(?:\(([^)]*)\))?\s*VALUES\s*/i;
/** Longest INSERT statement held across lines. */
const MAX_STATEMENT = 16 << 20;

/** `"public"."users"` → `public.users`; `` `users` `` → `users`. */
function unquote(name: string): string {
  return name.replace(/[`"]/g, '');
}

function columnList(list: string | undefined): string[] | undefined {
  return list?.split(',').map((c) => unquote(c.trim()));
}

/** A value of a tuple: its text, where it starts in the held text, whether it is the file's bytes as they are. */
interface Value {
  text: string;
  at: number;
  verbatim: boolean;
}

/**
 * An INSERT statement being read, line by line: the scanner's state carries over from one line to
 * the next (a string over thousands of lines is read once), and offsets are counted over the
 * whole statement so a value's place is found from where its lines start.
 */
interface OpenInsert {
  table: string;
  columns?: string[];
  /** Statement offset of the line being read; each earlier line counted with its newline. */
  base: number;
  /** (statement offset of a line's first character, its file line), from the tuple in progress on. */
  lineStarts: [number, number][];
  depth: number;
  values: Value[];
  /** A quoted string in progress: where its text starts, what it holds so far, whether escapes changed it. */
  str?: { at: number; text: string; escaped: boolean; escapeNext: boolean };
  /** A bare value in progress (a number, NULL): its start and its text so far. */
  token?: { at: number; text: string };
  cut: boolean;
}

export class SqlDumpParser {
  private copy?: { table: string; columns: string[] };
  private insert?: OpenInsert;
  private row = 0;
  /** Problems worth saying (a statement over the length read). */
  readonly problems: string[] = [];

  /** Feeds one line (without its newline); completed rows go to `out`. */
  line(l: string, lineNo: number, out: DataRow[]): void {
    if (this.copy) {
      if (l === '\\.') this.copy = undefined;
      else this.copyRow(l, lineNo, out);
      return;
    }
    if (this.insert) {
      this.more(l, lineNo, out);
      return;
    }
    const c = COPY.exec(l);
    if (c) {
      this.copy = { table: unquote(c[1]!), columns: columnList(c[2]) ?? [] };
      return;
    }
    const m = INSERT.exec(l);
    if (m) {
      this.insert = { table: unquote(m[1]!), columns: columnList(m[2]), base: 0, lineStarts: [], depth: 0, values: [], cut: false };
      this.more(l.slice(m[0].length), lineNo, out, m[0].length);
    }
  }

  /** Closes what is still open at the end of the file (a tuple the file ends inside is dropped). */
  end(): void {
    this.insert = undefined;
    this.copy = undefined;
  }

  private copyRow(l: string, lineNo: number, out: DataRow[]): void {
    const { table, columns } = this.copy!;
    const cells: TextCell[] = [];
    let from = 0;
    for (let i = 0; from <= l.length; i++) {
      const tab = l.indexOf('\t', from);
      const to = tab < 0 ? l.length : tab;
      const raw = l.slice(from, to);
      if (raw !== '\\N' && raw !== '') {
        const text = raw.includes('\\') ? raw.replace(/\\(.)/g, (_, ch: string) => (ch === 't' ? '\t' : ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch)) : raw;
        cells.push({ text, field: `${table}.${columns[i] ?? `column${i + 1}`}`, line: lineNo, column: from + 1, verbatim: text === raw });
      }
      if (tab < 0) break;
      from = tab + 1;
    }
    if (cells.length) out.push({ row: ++this.row, cells });
  }

  /** Reads a line of the open INSERT on from where the last line stopped. */
  private more(text: string, lineNo: number, out: DataRow[], column0 = 0): void {
    const ins = this.insert!;
    if (ins.cut || ins.base + text.length > MAX_STATEMENT) {
      if (!ins.cut) this.problems.push(`an INSERT into ${ins.table} longer than ${MAX_STATEMENT >> 20} Mi characters at line ${lineNo}; the rest of it was not read`);
      ins.cut = true;
      if (/;\s*$/.test(text)) this.insert = undefined;
      return;
    }
    if (ins.lineStarts.length) {
      // The newline between this line and the last: inside a string it is part of the value.
      if (ins.str) {
        ins.str.text += '\n';
        ins.str.escapeNext = false;
      } else this.bare();
      ins.base += 1;
    }
    ins.lineStarts.push([ins.base - column0, lineNo]);
    this.scan(text, out);
    if (this.insert) this.insert.base += text.length;
  }

  /** Reads one line's text: tuples are emitted as they close; a `;` outside them ends the statement. */
  private scan(s: string, out: DataRow[]): void {
    const ins = this.insert!;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      const at = ins.base + i;
      const str = ins.str;
      if (str) {
        if (str.escapeNext) {
          str.text += ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch === '0' ? '' : ch;
          str.escapeNext = false;
        } else if (ch === '\\') {
          str.escapeNext = true;
          str.escaped = true;
        } else if (ch === "'" && s[i + 1] === "'") {
          str.text += "'";
          i++;
          str.escaped = true;
        } else if (ch === "'") {
          if (str.text) ins.values.push({ text: str.text, at: str.at, verbatim: !str.escaped });
          ins.str = undefined;
        } else str.text += ch;
        continue;
      }
      if (ins.depth === 0) {
        if (ch === '(') {
          ins.depth = 1;
          ins.values = [];
          this.forget(at);
        } else if (ch === ';') {
          this.insert = undefined;
          return;
        }
        continue;
      }
      if (ch === "'") {
        this.bare();
        ins.str = { at: at + 1, text: '', escaped: false, escapeNext: false };
      } else if (ch === '(') ins.depth++;
      else if (ch === ')' || (ch === ',' && ins.depth === 1)) {
        this.bare();
        if (ch === ')' && --ins.depth === 0) this.emit(out);
      } else if (ch !== ' ' && ch !== '\t') {
        if (ins.token) ins.token.text += ch;
        else ins.token = { at, text: ch };
      } else this.bare();
    }
  }

  /** Ends the bare value in progress; NULL is no value. */
  private bare(): void {
    const ins = this.insert!;
    const t = ins.token;
    if (!t) return;
    if (!/^null$/i.test(t.text)) ins.values.push({ text: t.text, at: t.at, verbatim: true });
    ins.token = undefined;
  }

  /** Forgets the starts of lines wholly before statement offset `at` (a tuple starts there). */
  private forget(at: number): void {
    const starts = this.insert!.lineStarts;
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1]![0] <= at) k++;
    if (k) starts.splice(0, k);
  }

  private emit(out: DataRow[]): void {
    const ins = this.insert!;
    const cells: TextCell[] = ins.values.map((v, i) => {
      const { line, column } = this.position(v.at);
      return { text: v.text, field: `${ins.table}.${ins.columns?.[i] ?? `column${i + 1}`}`, line, column, verbatim: v.verbatim };
    });
    ins.values = [];
    if (cells.length) out.push({ row: ++this.row, cells });
  }

  /** The file line and column of a statement offset. */
  private position(at: number): { line: number; column: number } {
    const starts = this.insert!.lineStarts;
    let k = starts.length - 1;
    while (k > 0 && starts[k]![0] > at) k--;
    const [start, line] = starts[k]!;
    return { line, column: at - start + 1 };
  }
}
