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

  it('keeps a quote inside an unquoted field as text, and reopens after an empty quoted field', () => {
    const out: DataRow[] = [];
    const p = new CsvParser({ delimiter: ',', quote: '"', header: false }, { truncated: false, bytes: 0, rows: 0 });
    p.line('ab"c,"",""x"', out);
    p.end(out);
    expect(out[0]!.cells.map((c) => [c.text, c.column])).toEqual([['ab"c', 1], ['', 7], ['x"', 10]]);
  });
});
