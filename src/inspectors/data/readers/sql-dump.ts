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

export class SqlDumpParser {
  private copy?: { table: string; columns: string[] };
  /** An INSERT still open: its table, columns, and its text so far with each line's start. */
  private insert?: { table: string; columns?: string[]; text: string; lineStarts: [number, number][]; cut: boolean };
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
      this.insert = { table: unquote(m[1]!), columns: columnList(m[2]), text: '', lineStarts: [], cut: false };
      this.more(l.slice(m[0].length), lineNo, out, m[0].length);
    }
  }

  /** Closes what is still open at the end of the file. */
  end(out: DataRow[]): void {
    if (this.insert) this.tuples(out, true);
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

  /** Adds a line's text to the open INSERT and reads the tuples it completes. */
  private more(text: string, lineNo: number, out: DataRow[], column0 = 0): void {
    const ins = this.insert!;
    if (ins.text.length + text.length > MAX_STATEMENT) {
      if (!ins.cut) this.problems.push(`an INSERT into ${ins.table} longer than ${MAX_STATEMENT >> 20} Mi characters at line ${lineNo}; the rest of it was not read`);
      ins.cut = true;
      if (/;\s*$/.test(text)) this.insert = undefined;
      return;
    }
    if (ins.text) ins.text += '\n';
    ins.lineStarts.push([ins.text.length - column0, lineNo]);
    ins.text += text;
    this.tuples(out, false);
  }

  /**
   * Reads the complete tuples at the front of the open INSERT's text, keeping what is left; the
   * statement is done at a `;` outside any tuple and string (or at the end of the file, `last`).
   */
  private tuples(out: DataRow[], last: boolean): void {
    const ins = this.insert!;
    const s = ins.text;
    let depth = 0;
    let tupleStart = -1;
    let consumed = 0;
    let values: { text: string; at: number; verbatim: boolean }[] = [];
    let tokenStart = -1;
    // A bare value (a number, a keyword): from its first character to the comma or parenthesis.
    const bare = (to: number) => {
      if (tokenStart < 0) return;
      const word = s.slice(tokenStart, to).trimEnd();
      if (word && !/^null$/i.test(word)) values.push({ text: word, at: tokenStart, verbatim: true });
      tokenStart = -1;
    };
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (depth === 0) {
        if (ch === '(') {
          depth = 1;
          tupleStart = i;
          values = [];
        } else if (ch === ';') {
          this.insert = undefined;
          return;
        }
        continue;
      }
      if (ch === "'") {
        bare(i);
        // A quoted string: '' and \' are quotes inside it.
        let j = i + 1;
        let text = '';
        let escaped = false;
        for (; j < s.length; j++) {
          const c = s[j]!;
          if (c === '\\' && j + 1 < s.length) {
            const n = s[j + 1]!;
            text += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '0' ? '' : n;
            j++;
            escaped = true;
          } else if (c === "'" && s[j + 1] === "'") {
            text += "'";
            j++;
            escaped = true;
          } else if (c === "'") break;
          else text += c;
        }
        if (j >= s.length) break; // the string goes on past what is held: wait for the next line
        if (text) values.push({ text, at: i + 1, verbatim: !escaped });
        i = j;
      } else if (ch === '(') depth++;
      else if (ch === ')' || (ch === ',' && depth === 1)) {
        bare(i);
        if (ch === ')' && --depth === 0) {
          this.emit(values, out);
          consumed = i + 1;
          tupleStart = -1;
        }
      } else if (tokenStart < 0 && ch !== ' ' && ch !== '\n' && ch !== '\t') tokenStart = i;
    }
    if (last || tupleStart < 0) {
      ins.text = s.slice(consumed);
      ins.lineStarts = this.shift(ins.lineStarts, consumed);
      return;
    }
    ins.text = s.slice(tupleStart);
    ins.lineStarts = this.shift(ins.lineStarts, tupleStart);
  }

  /** Line starts after dropping the first `n` characters of the held text. */
  private shift(starts: [number, number][], n: number): [number, number][] {
    const kept = starts.filter((_, k) => k === starts.length - 1 || starts[k + 1]![0] > n);
    return kept.map(([at, line]) => [at - n, line]);
  }

  private emit(values: { text: string; at: number; verbatim: boolean }[], out: DataRow[]): void {
    const ins = this.insert!;
    const cells: TextCell[] = values.map((v, i) => {
      const { line, column } = this.position(v.at);
      return { text: v.text, field: `${ins.table}.${ins.columns?.[i] ?? `column${i + 1}`}`, line, column, verbatim: v.verbatim };
    });
    if (cells.length) out.push({ row: ++this.row, cells });
  }

  /** The file line and column of an offset in the held text. */
  private position(at: number): { line: number; column: number } {
    const starts = this.insert!.lineStarts;
    let k = starts.length - 1;
    while (k > 0 && starts[k]![0] > at) k--;
    const [start, line] = starts[k]!;
    return { line, column: at - start + 1 };
  }
}
