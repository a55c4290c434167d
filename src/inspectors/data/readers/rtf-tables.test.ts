import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnValues, FOLLOW_UP_TABLE, paragraphCells, tableValues } from '../testing/document-tables.js';
import { rtfDocument, rtfTable, type RtfTableStyle } from '../testing/rtf-tables.js';
import { Rng } from '../testing/random.js';
import { rtfRows } from './rtf-doc.js';

/**
 * An RTF document's tables read as columns (`rtf-tables.ts`), as Word 97, Word 2000 and later, and
 * pandoc write them (`testing/rtf-tables.ts`), cross-checked against unrtf, whose HTML output lays
 * out the table it reads.
 */

const STYLES: RtfTableStyle[] = ['word97', 'word2000', 'pandoc'];
const tables = { tables: true };

describe("an RTF document's tables read as columns", () => {
  it.each(STYLES)('gives each body cell as a columnsOnly row named by its column (%s), the paragraphs as they were', (style) => {
    const raw = rtfDocument(rtfTable(FOLLOW_UP_TABLE, { style }));
    const { rows, problems } = rtfRows(raw, undefined, tables);
    expect(problems).toEqual([]);
    expect(columnValues(rows)).toEqual(tableValues(FOLLOW_UP_TABLE));
    // The text rows are those read without tables (as a mail body's RTF is still read).
    const plain = rtfRows(raw).rows;
    expect(paragraphCells(rows)).toEqual(paragraphCells(plain));
    expect(columnValues(plain)).toEqual([]);
  });

  it("counts only a cell's visible text, moves on a column past an empty cell, and leaves a link's target out", () => {
    const table = [
      ['patient_name', 'email', 'diagnosis'],
      ['Ana Ruiz', '', 'type 2 diabetes'],
      ['Ben Okafor', '{\\field{\\*\\fldinst HYPERLINK "mailto:ben.okafor@acme-corp.com"}{\\fldrslt ben.okafor@acme-corp.com}}', '{\\v hypertension}'],
      ["Cy P\\'e1rk", 'cy.park@acme-corp.com', 'asthma'],
    ];
    const { rows } = rtfRows(rtfDocument(rtfTable(table)), undefined, tables);
    expect(columnValues(rows)).toEqual([
      ['patient_name', 'Ana Ruiz'],
      ['diagnosis', 'type 2 diabetes'],
      ['patient_name', 'Ben Okafor'],
      ['email', 'ben.okafor@acme-corp.com'],
      ['patient_name', 'Cy Párk'],
      ['email', 'cy.park@acme-corp.com'],
      ['diagnosis', 'asthma'],
    ]);
    // The hidden value and the link's target are still read, in the paragraph's text.
    expect(paragraphCells(rows)).toContainEqual(['paragraph 4, hidden (vanish)', 'hypertension']);
    expect(paragraphCells(rows)).toContainEqual(['paragraph 4', 'Ben Okafor\tben.okafor@acme-corp.com <mailto:ben.okafor@acme-corp.com>']);
  });

  it("takes a row defined as a header (\\trhdr) as naming columns too, as a .docx's w:tblHeader row", () => {
    // The first row names its one column; the \trhdr row after it names the others.
    const head = rtfTable([['patient_name']]) + rtfTable([['(name)', 'email', 'diagnosis']], { header: true }) + rtfTable(FOLLOW_UP_TABLE.slice(1, 2));
    expect(columnValues(rtfRows(rtfDocument(head), undefined, tables).rows)).toEqual(tableValues(FOLLOW_UP_TABLE.slice(0, 2)));
    // Without \trhdr that row is a body row of the one column named.
    const body = rtfTable([['patient_name']]) + rtfTable([['(name)', 'email', 'diagnosis']]) + rtfTable(FOLLOW_UP_TABLE.slice(1, 2));
    expect(columnValues(rtfRows(rtfDocument(body), undefined, tables).rows)).toEqual([
      ['patient_name', '(name)'],
      ['patient_name', 'Ana Ruiz'],
    ]);
  });

  it('reads a table nested in a cell (\\itap2, \\nestcell, \\nestrow in \\*\\nesttableprops) as a table of its own', () => {
    const d2 = '\\pard\\intbl\\itap2 ';
    const nested = (cells: string[]) => `${d2}${cells.map((c) => `${c}\\nestcell `).join('')}{\\*\\nesttableprops\\trowd\\cellx1000\\cellx2000\\nestrow}{\\nonesttables\\par}\n`;
    const body = [
      '\\trowd\\cellx2000\\cellx4000\\pard\\intbl\\itap1 record\\cell contacts\\cell\\row\n',
      '\\trowd\\cellx2000\\cellx4000\\pard\\intbl\\itap1 R-17\\cell ',
      nested(['name', 'email']),
      nested(['Ana Ruiz', 'ana.ruiz@acme-corp.com']),
      '\\pard\\intbl\\itap1 Call first.\\cell\\row\n',
    ].join('');
    expect(columnValues(rtfRows(rtfDocument(body), undefined, tables).rows)).toEqual([
      ['record', 'R-17'],
      ['name', 'Ana Ruiz'],
      ['email', 'ana.ruiz@acme-corp.com'],
      ['contacts', 'Call first.'],
    ]);
  });

  it('reads a hostile nesting depth (\\itap2147483647) as the 16th level, and a table with no rows closed', () => {
    const deep = '\\pard\\intbl\\itap2147483647 name\\nestcell {\\*\\nesttableprops\\nestrow}\\pard\\intbl\\itap2147483647 Ana Ruiz\\nestcell {\\*\\nesttableprops\\nestrow}\n';
    expect(columnValues(rtfRows(rtfDocument(deep), undefined, tables).rows)).toEqual([['name', 'Ana Ruiz']]);
    // A file cut inside its table: the cells read so far count.
    const cut = rtfDocument(rtfTable(FOLLOW_UP_TABLE)).split('Ben Okafor')[0]!;
    expect(columnValues(rtfRows(cut, undefined, tables).rows)).toEqual(tableValues(FOLLOW_UP_TABLE.slice(0, 2)));
  });

  it("takes the first row as the header whatever it holds, as a .docx's table (no rule tells a header from data there)", () => {
    const table = [
      ['Ana Ruiz', 'ana.ruiz@acme-corp.com'],
      ['Ben Okafor', 'ben.okafor@acme-corp.com'],
    ];
    expect(columnValues(rtfRows(rtfDocument(rtfTable(table)), undefined, tables).rows)).toEqual([
      ['Ana Ruiz', 'Ben Okafor'],
      ['ana.ruiz@acme-corp.com', 'ben.okafor@acme-corp.com'],
    ]);
  });

  it('never throws on cuts and random changes of a document with tables; a cell read is always named by a column', () => {
    const whole = rtfDocument(rtfTable(FOLLOW_UP_TABLE, { style: 'word2000' }) + rtfTable(FOLLOW_UP_TABLE, { style: 'pandoc' }));
    const rng = new Rng(29);
    const pieces = ['\\cell ', '\\row ', '\\nestcell ', '\\nestrow ', '\\itap9 ', '\\pard ', '\\trowd ', '{', '}', '\\intbl '];
    for (let k = 0; k < 300; k++) {
      let bad = whole.slice(0, rng.int(0, whole.length));
      for (let i = 0; i < 6; i++) {
        const at = rng.int(0, bad.length);
        bad = bad.slice(0, at) + pieces[rng.int(0, pieces.length - 1)]! + bad.slice(at);
      }
      for (const [field, text] of columnValues(rtfRows(bad, undefined, tables).rows)) expect([field, text]).toEqual([expect.any(String), expect.stringMatching(/\S/)]);
    }
  });
});

describe('an RTF table written here, read by unrtf', () => {
  it.for(STYLES)("is a table to unrtf (%s): its HTML table's rows hold the cells we read", async (style, t) => {
    if (spawnSync('unrtf', ['--version']).error !== undefined) return t.skip('no unrtf here (Debian: apt-get install unrtf); RTF tables not cross-checked');
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-rtf-tables-'));
    try {
      const file = path.join(dir, `${style}.rtf`);
      await writeFile(file, rtfDocument(rtfTable(FOLLOW_UP_TABLE, { style })));
      const html = execFileSync('unrtf', ['--nopict', '--html', file], { encoding: 'latin1', timeout: 10_000 });
      const table = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]*>/g, '').trim()));
      // unrtf runs the table on over the paragraph after it (it has no \intbl): that last row is not the table's.
      expect(table.slice(0, FOLLOW_UP_TABLE.length)).toEqual(FOLLOW_UP_TABLE);
      expect(table.slice(FOLLOW_UP_TABLE.length)).toEqual([['After the table.']]);
      expect(columnValues(rtfRows(rtfDocument(rtfTable(FOLLOW_UP_TABLE, { style })), undefined, tables).rows)).toEqual(tableValues(table.slice(0, FOLLOW_UP_TABLE.length)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
