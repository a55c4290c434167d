import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvDialect } from './csv.js';
import { recordText } from './csv-record.js';
import type { DataRow, ReadStatus, TextCell } from './types.js';
import { Rng } from '../testing/random.js';

/**
 * The parser's whole output read the slow, obvious way: the text one character at a time, each
 * field's start line and column counted as it goes, then the rows built as the parser documents
 * them (header row, empty lines skipped, record text as csv-record.ts makes it, tested there).
 */
function reference(lines: string[], dialect: CsvDialect, labelColumn?: (columns: string[]) => number): { rows: DataRow[]; status: ReadStatus } {
  const { delimiter: d, quote: q } = dialect;
  const text = lines.join('\n');
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const rows: DataRow[] = [];
  let columns: string[] | undefined;
  let labelIdx = -1;
  let cells: { text: string; line: number; column: number; quoted: boolean }[] = [];
  let cur = '';
  let inQ = false;
  let quoted = false;
  let line = 1;
  let col = 1;
  let start = { line: 1, column: 1 };
  let rowLine = 1;
  const endField = () => {
    cells.push({ text: cur, ...start, quoted });
    cur = '';
    quoted = false;
  };
  const endRow = () => {
    endField();
    const cs = cells;
    cells = [];
    if (!columns && dialect.header) {
      columns = cs.map((c, i) => c.text.trim() || `column_${i + 1}`);
      status.columns = columns;
      labelIdx = labelColumn ? labelColumn(columns) : -1;
      // The header row, as no data row: its cells named by their own column.
      rows.push({ header: true, cells: cs.map((c, i) => ({ text: c.text, line: c.line, column: c.column, field: columns![i]!, verbatim: !c.quoted || !c.text.includes(q) })) });
      return;
    }
    if (cs.length === 1 && cs[0]!.text === '') return;
    const out: TextCell[] = cs.map((c, i) => ({ text: c.text, line: c.line, column: c.column, field: columns ? (columns[i] ?? `column_${i + 1}`) : dialect.header ? '' : `column_${i + 1}`, verbatim: !c.quoted || !c.text.includes(q) }));
    const text = recordText(out, labelIdx);
    const r: DataRow = { row: ++status.rows, cells: out };
    if (text) r.record = { text, label: labelIdx >= 0 ? cs[labelIdx]?.text.trim() : undefined, line: rowLine };
    rows.push(r);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQ) {
      if (c === q && text[i + 1] === q) {
        cur += q;
        i++;
        col++;
      } else if (c === q) inQ = false;
      else cur += c;
    } else if (c === q && cur === '') {
      inQ = true;
      quoted = true;
      start = { line, column: col + 1 };
    } else if (c === d) {
      endField();
      start = { line, column: col + 1 };
    } else if (c === '\n') {
      endRow();
      start = { line: line + 1, column: 1 };
      rowLine = line + 1;
    } else cur += c;
    if (c === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  if (inQ) {
    status.problem = `unterminated quoted field starting on line ${start.line}`;
    status.problemLine = start.line;
  }
  // The last line ends the last row (a row still inside quotes ends with the input).
  if (lines.length) endRow();
  return { rows, status };
}

const ATOMS = ['a', 'bc', ' ', '"', '""', ',', ';', '\t', 'x"y', '', 'é', '你好', '😀', '\n', 'a sentence long enough to be record text', 'spam', ' ham '];

function randomCsv(r: Rng, d: string): string[] {
  const width = r.int(1, 5);
  const rows: string[] = [];
  for (let n = r.int(0, 6); n > 0; n--) {
    const fields = Array.from({ length: r.next() < 0.9 ? width : r.int(1, 7) }, () => {
      const raw = Array.from({ length: r.int(0, 4) }, () => r.pick(ATOMS)).join('');
      // Mostly written the way writers quote; sometimes raw (stray quotes, broken rows).
      const special = raw.includes('"') || raw.includes(d) || raw.includes('\n');
      if (r.next() < 0.1) return raw;
      return special || r.next() < 0.2 ? `"${raw.replace(/"/g, '""')}"` : raw;
    });
    rows.push(fields.join(d));
  }
  if (r.next() < 0.1) rows.push('');
  // Now and then a row whose quote never closes.
  if (r.next() < 0.05) rows.push(`1${d}"never closed`);
  return rows.join('\n').split('\n');
}

describe('CSV parser rows against a character-by-character reference', () => {
  it('agrees on cells, lines, columns, fields, verbatim flags, records, labels and status', () => {
    const r = new Rng(23);
    for (let round = 0; round < 2000; round++) {
      const d = r.pick([',', ';', '\t']);
      const dialect: CsvDialect = { delimiter: d, quote: '"', header: r.next() < 0.6 };
      const labelColumn = r.next() < 0.5 ? (cs: string[]) => cs.length - 1 : undefined;
      const lines = randomCsv(r, d);
      const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
      const parser = new CsvParser(dialect, status, labelColumn);
      const out: DataRow[] = [];
      for (const l of lines) parser.line(l, out);
      parser.end(out);
      const want = reference(lines, dialect, labelColumn);
      const msg = JSON.stringify({ lines, dialect });
      expect(out, msg).toEqual(want.rows);
      expect(status, msg).toEqual(want.status);
    }
  });
});
