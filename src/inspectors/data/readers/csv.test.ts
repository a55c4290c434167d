import { describe, expect, it } from 'vitest';
import { CsvParser } from './csv.js';
import type { DataRow, ReadStatus } from './types.js';
import { Rng } from '../testing/random.js';

/**
 * RFC 4180 read the slow, obvious way (whole text, one character at a time, a quote opens a field
 * only when the field is empty): the reference the line-by-line, indexOf-jumping parser must agree with.
 */
function reference(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQ) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') inQ = false;
      else cur += c;
    } else if (c === '"' && cur === '') inQ = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += c;
  }
  return rows;
}

describe('CSV parser against an RFC 4180 reference', () => {
  it('agrees on random fields with quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    const r = new Rng(17);
    const atoms = ['a', 'bc', ' ', '"', '""', ',', 'x"y', '', 'é', '\n'];
    for (let round = 0; round < 300; round++) {
      const fields = Array.from({ length: r.int(1, 5) }, () => {
        const raw = Array.from({ length: r.int(0, 4) }, () => r.pick(atoms)).join('');
        // Fields with a delimiter, a quote or a line break are quoted, the way writers do it.
        return /[",\n]/.test(raw) || r.next() < 0.2 ? `"${raw.replace(/"/g, '""')}"` : raw;
      });
      const text = `${fields.join(',')}\nlast,row\n`;
      const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
      const parser = new CsvParser({ delimiter: ',', quote: '"', header: false }, status);
      const out: DataRow[] = [];
      for (const line of text.slice(0, -1).split('\n')) parser.line(line, out);
      parser.end(out);
      const want = reference(text).filter((cells) => !(cells.length === 1 && cells[0] === ''));
      expect(out.map((row) => row.cells.map((c) => c.text)), JSON.stringify(text)).toEqual(want);
    }
  });

  it('gives each row of one long ragged table its own cells, through a sink that takes rows as they finish', () => {
    // One parser for every row: its cells are gathered in an array kept from row to row, and a
    // narrow row after a wide one must not carry the wide one's cells (nor change rows handed out).
    const r = new Rng(18);
    const atoms = ['a', 'bc', ' ', '"', '""', ',', 'x"y', '', '\n'];
    const lines: string[] = [];
    for (let row = 0; row < 400; row++) {
      const fields = Array.from({ length: r.int(1, 12) }, () => {
        const raw = Array.from({ length: r.int(0, 4) }, () => r.pick(atoms)).join('');
        return /[",\n]/.test(raw) ? `"${raw.replace(/"/g, '""')}"` : raw;
      });
      lines.push(fields.join(','));
    }
    const text = lines.join('\n') + '\n';
    const rows: DataRow[] = [];
    const parser = new CsvParser({ delimiter: ',', quote: '"', header: false }, { truncated: false, bytes: 0, rows: 0 });
    const sink = { push: (row: DataRow) => rows.push(row) };
    for (const line of text.slice(0, -1).split('\n')) parser.line(line, sink);
    parser.end(sink);
    const want = reference(text).filter((cells) => !(cells.length === 1 && cells[0] === ''));
    expect(rows.map((row) => row.cells.map((c) => c.text))).toEqual(want);
    expect(rows.map((row) => row.cells.map((c) => c.field))).toEqual(want.map((cells) => cells.map((_, i) => `column_${i + 1}`)));
  });

  it('keeps a quote inside an unquoted field as text, and reopens after an empty quoted field', () => {
    const out: DataRow[] = [];
    const p = new CsvParser({ delimiter: ',', quote: '"', header: false }, { truncated: false, bytes: 0, rows: 0 });
    p.line('ab"c,"",""x"', out);
    p.end(out);
    expect(out[0]!.cells.map((c) => [c.text, c.column])).toEqual([['ab"c', 1], ['', 7], ['x"', 10]]);
  });
});
