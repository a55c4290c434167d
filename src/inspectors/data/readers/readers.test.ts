import { describe, expect, it } from 'vitest';
import { readCsv, sniffDialect } from './csv.js';
import { jsonDocumentRows, jsonlRow, locateOnLine, Locator } from './json.js';
import { notebookRows } from './notebook.js';
import type { DataRow, ReadStatus } from './types.js';
import { eachLine, linesOf, textChunks } from './source.js';

async function* from(lines: string[]) {
  for (const l of lines) yield l;
}
async function collect(g: AsyncIterable<DataRow>): Promise<DataRow[]> {
  const out: DataRow[] = [];
  for await (const r of g) out.push(r);
  return out;
}

describe('CSV reader', () => {
  it('sniffs delimiters and headers', () => {
    expect(sniffDialect('a;b;c\n1;2;3\n4;5;6\n')).toEqual({ delimiter: ';', quote: '"', header: true });
    expect(sniffDialect('x\ty\n1\t2\n', '.tsv').delimiter).toBe('\t');
    // A header wider than the sample: its cut last cell ("c1" of "c1234") is no repeat of "c1".
    const wide = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
    expect(sniffDialect(wide.slice(0, wide.indexOf(',c1234,') + 3))).toEqual({ delimiter: ',', quote: '"', header: true });
    expect(sniffDialect('a,b\n1,2')).toEqual({ delimiter: ',', quote: '"', header: true });
    expect(sniffDialect('1,2,3\n4,5,6\n').header).toBe(false);
    // A headerless table whose first row has no number: the rows below share its shape (tz's zone.tab).
    expect(sniffDialect('AD\t+4230+00131\tEurope/Andorra\nAE\t+2518+05518\tAsia/Dubai\nAF\t+3431+06912\tAsia/Kabul\nAG\t+1703-06151\tAmerica/Antigua\n', '.tsv').header).toBe(false);
    // A header over rows of one shape that differs from it stays a header, and so does one over varied rows.
    expect(sniffDialect('code\tcoordinates\tzone\nAD\t+4230+00131\tEurope/Andorra\nAE\t+2518+05518\tAsia/Dubai\nAF\t+3431+06912\tAsia/Kabul\n', '.tsv').header).toBe(true);
    expect(sniffDialect('text,label\nthe printer jams,hardware\nrefund please,billing\nlogin fails again,account\n').header).toBe(true);
    // One column voting for a header keeps it, whatever the others say.
    expect(sniffDialect('lang,ID\nen,AB\nfr,CD\nde,EF\n').header).toBe(true);
  });

  it('passes comment lines above the table, unless the last is the header behind a #', () => {
    expect(sniffDialect('# Data source: https://finance.yahoo.com\nDate,IBM,AAPL\n1990-01-01,10.97,0.24\n')).toEqual({ delimiter: ',', quote: '"', header: true, comments: 1 });
    expect(sniffDialect('# one\n\n# two, with a comma\nid;name\n1;x\n')).toEqual({ delimiter: ';', quote: '"', header: true, comments: 3 });
    expect(sniffDialect('#CHROM\tPOS\tID\n1\t100\trs1\n', '.tsv')).toEqual({ delimiter: '\t', quote: '"', header: true });
    expect(sniffDialect('# made by a tool\n#id,email\n1,a@b.org\n')).toEqual({ delimiter: ',', quote: '"', header: true, comments: 1 });
    // A file of nothing but comments is no table with comments.
    expect(sniffDialect('# just\n# comments\n').comments).toBeUndefined();
  });

  it('keeps quoted multi-line fields with their start line and column', async () => {
    const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
    const rows = await collect(readCsv(from(['id,note,label', '1,"line one', 'line ""two""",spam', '2,plain,ham']), { delimiter: ',', quote: '"', header: true }, status, (c) => c.indexOf('label')));
    expect(status.columns).toEqual(['id', 'note', 'label']);
    // The header row comes first, as no data row (its cells are scanned all the same).
    const header = rows.shift()!;
    expect(header).toEqual({ header: true, cells: [expect.objectContaining({ text: 'id', field: 'id', line: 1, column: 1 }), expect.objectContaining({ text: 'note', field: 'note', column: 4 }), expect.objectContaining({ text: 'label', field: 'label', column: 9 })] });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.cells[1]).toMatchObject({ text: 'line one\nline "two"', line: 2, column: 4, field: 'note', verbatim: false });
    expect(rows[0]!.cells[2]).toMatchObject({ text: 'spam', line: 3, field: 'label' });
    expect(rows[1]!.cells[1]).toMatchObject({ text: 'plain', line: 4, column: 3, verbatim: true });
    expect(status.rows).toBe(2);
  });

  it('takes prose into the record text, not long numbers or vectors', async () => {
    const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
    const rows = await collect(readCsv(from(['target,embedding,note', '1.510000000000000000e+02,"[0.125, -0.5, 0.75, 0.001]",short', '7.500000000000000000e+01,"[0.1, 0.2]",a note long enough to be prose']), { delimiter: ',', quote: '"', header: true }, status));
    expect(rows.filter((r) => !r.header).map((r) => r.record?.text)).toEqual([undefined, 'a note long enough to be prose']);
    expect(jsonlRow('{"id": "1.510000000000000000e+02", "text": "Ünïcödé prose, more than twenty"}', 1, 1).record?.text).toBe('Ünïcödé prose, more than twenty');
    expect(jsonlRow('{"vec": "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8"}', 1, 1).record).toBeUndefined();
  });

  it('reports an unterminated quote instead of swallowing the file', async () => {
    const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
    const rows = await collect(readCsv(from(['a,b', '1,"never closed', '2,3']), { delimiter: ',', quote: '"', header: true }, status));
    expect(status.problem).toMatch(/unterminated/);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('JSON readers', () => {
  it('gives field paths, lines and columns for JSONL and chat records', () => {
    const r = jsonlRow('{"messages":[{"role":"user","content":"hello there, my friend"},{"role":"assistant","content":"hi"}],"label":"ok"}', 7, 3);
    const cell = r.cells.find((c) => c.field === 'messages[0].content')!;
    expect(cell.line).toBe(7);
    expect(locateOnLine(cell.source!, cell.text)).toEqual({ column: 40, verbatim: true });
    expect(r.record).toEqual({ text: 'hello there, my friend', label: 'ok', line: 7 });
    expect(() => jsonlRow('{bad', 1, 1)).toThrow();
  });

  it('walks a document of records with lines', () => {
    const raw = '{\n "data": [\n  {"text": "first record here"},\n  {"text": "second one"}\n ]\n}';
    const rows = [...jsonDocumentRows(raw, JSON.parse(raw))];
    expect(rows.map((r) => [r.row, r.cells[0]!.field, r.cells[0]!.line])).toEqual([
      [1, 'data[0].text', 3],
      [2, 'data[1].text', 4],
    ]);
    expect(new Locator('"a"').locate('')).toBeUndefined();
  });

  it('reads notebook outputs and skips images; rejects non-notebooks', () => {
    const rows = [...notebookRows({ cells: [{ outputs: [{ output_type: 'stream', text: ['a\n', 'b'] }, { data: { 'image/png': 'AAAA' } }] }] })];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells[0]).toMatchObject({ text: 'a\nb', cell: 0, field: 'outputs[0].text' });
    expect(() => [...notebookRows({})]).toThrow(/not a Jupyter notebook/);
  });
});

describe('lines of bytes in hand', () => {
  it('are the lines the stream path gives: BOMs, CRLF, UTF-16, no final newline, a byte budget', async () => {
    const utf16 = (s: string, le: boolean) => {
      const b = Buffer.from(s, 'utf16le');
      if (!le) b.swap16();
      return Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), b]);
    };
    const inputs: Uint8Array[] = [
      Buffer.from('a\nb\r\nc'),
      Buffer.from('\ufeffkey = 1\n\n'),
      Buffer.from(''),
      Buffer.from('é ü 你好\r\nzwei\n'),
      utf16('line one\r\nline two\n', true),
      utf16('big endian\nend', false),
    ];
    for (const content of inputs) {
      for (const maxBytes of [1 << 20, 5]) {
        const a = { bytes: 0, truncated: false };
        const fromStream: string[] = [];
        await eachLine(textChunks('/nonexistent', { maxBytes, content }, a), (l) => fromStream.push(l));
        const b = { bytes: 0, truncated: false };
        const inHand = linesOf(content, maxBytes, b);
        if (maxBytes === 5 && content.length > 5) {
          // The stream stops at the budget too (its decoder may hold a split character back).
          expect(b.truncated).toBe(true);
          expect(b.bytes).toBe(5);
          continue;
        }
        expect(inHand, JSON.stringify(fromStream)).toEqual(fromStream);
        expect(b).toEqual(a);
      }
    }
  });
});

describe('JSON value locator', () => {
  it('locates values in a one-line document, in Python-escaped text, and past values it cannot find', () => {
    const records = Array.from({ length: 2000 }, (_, i) => ({ id: i, score: 150_000, text: `note ${i}`, who: `Zoë ${i}` }));
    // As Python writes it: every non-ASCII character escaped; and a number in exponent form.
    const raw = JSON.stringify(records).replace(/ë/g, '\\u00eb').replace(/"score":150000/g, '"score":1.5E5');
    const loc = new Locator(raw);
    let missed = 0;
    for (const r of records) {
      expect(loc.locate(String(r.id))).toBeDefined();
      // 1.5E5 reads back as 150000, which is not in the text: not found; the next values still are.
      if (!loc.locate(String(r.score))) missed++;
      const t = loc.locate(r.text)!;
      expect(raw.slice(t.column - 1, t.column - 1 + r.text.length)).toBe(r.text);
      const w = loc.locate(r.who)!;
      expect(t.line).toBe(1);
      expect(raw.slice(w.column - 1).startsWith(`Zo\\u00eb ${r.id}`)).toBe(true);
    }
    expect(missed).toBe(2000);
  });

  it('counts lines as it goes', () => {
    const raw = '[\n  {"a": "x"},\n  {"a": "y"}\n]';
    const loc = new Locator(raw);
    expect(loc.locate('x')).toEqual({ line: 2, column: 10 });
    expect(loc.locate('y')).toEqual({ line: 3, column: 10 });
  });
});
