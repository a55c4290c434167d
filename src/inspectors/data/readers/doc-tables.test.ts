import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHP, docTable, PAP, type DocParagraph } from '../testing/doc-formats.js';
import { docDocument, type DocOptions } from '../testing/doc-writer.js';
import { columnValues, FOLLOW_UP_TABLE, paragraphCells, tableValues } from '../testing/document-tables.js';
import { Rng } from '../testing/random.js';
import { docRows } from './doc.js';

/**
 * A Word 97–2003 document's tables read as columns (`doc-tables.ts`): written here with the
 * paragraph properties Word gives a table's paragraphs (`testing/doc-formats.ts`: sprmPFInTable,
 * sprmPFTtp and the row's sprmTDefTable; sprmPItap, sprmPFInnerTableCell and sprmPFInnerTtp for a
 * nested table), cross-checked against antiword, which lays out what it reads as a table.
 */

const INTRO = 'Patients to call back this week.\r';
const AFTER = 'After the table.\r';

/** A document of a paragraph, a table (the follow-up table), its first `headerRows` marked as header rows, and a paragraph; `o` for the writer. */
function followUps(o: DocOptions = {}, table = FOLLOW_UP_TABLE, headerRows = 0): Uint8Array {
  const t = docTable(table, { headerRows });
  return docDocument(INTRO + t.text + AFTER, { ...o, paragraphs: t.paragraphs });
}

/** A paragraph and the sprms it carries. */
const para = (text: string, ...sprms: (readonly number[])[]): DocParagraph => ({ text, istd: 0, grpprl: sprms.flat() });

describe("a .doc's tables read as columns", () => {
  it('gives each body cell as a columnsOnly row named by its column, the paragraphs as they were', () => {
    const { rows, problems } = docRows(followUps());
    expect(problems).toEqual([]);
    expect(columnValues(rows)).toEqual(tableValues(FOLLOW_UP_TABLE));
    // The text rows are those of the same characters without table properties: nothing changes there.
    const t = docTable(FOLLOW_UP_TABLE);
    const plain = docRows(docDocument(INTRO + t.text + AFTER)).rows;
    expect(paragraphCells(rows)).toEqual(paragraphCells(plain));
    expect(columnValues(plain)).toEqual([]);
  });

  it('reads the same columns through fast-saved pieces (out of order, short) and a 0Table', () => {
    expect(columnValues(docRows(followUps({ maxPiece: 7, reverse: true, prc: true })).rows)).toEqual(tableValues(FOLLOW_UP_TABLE));
    expect(columnValues(docRows(followUps({ tableStream: '0Table' })).rows)).toEqual(tableValues(FOLLOW_UP_TABLE));
  });

  it("counts only a cell's visible text, and moves on a column past an empty cell; a field's result is its text", () => {
    const table = [
      ['patient_name', 'email', 'diagnosis'],
      ['Ana Ruiz', '', 'type 2 diabetes'],
      ['Ben Okafor', 'ben.okafor@acme-corp.com', 'hypertension'],
      ['Cy \x13 MERGEFIELD name \x14Park\x15', 'cy.park@acme-corp.com', 'asthma'],
    ];
    const { rows } = docRows(followUps({ formats: [{ text: 'hypertension', grpprl: [...CHP.vanish] }] }, table));
    expect(columnValues(rows)).toEqual([
      ['patient_name', 'Ana Ruiz'],
      ['diagnosis', 'type 2 diabetes'],
      ['patient_name', 'Ben Okafor'],
      ['email', 'ben.okafor@acme-corp.com'],
      ['patient_name', 'Cy Park'],
      ['email', 'cy.park@acme-corp.com'],
      ['diagnosis', 'asthma'],
    ]);
    // The hidden value is still read, as a cell of its own that says so. (The text rows still tell
    // a row's end by two marks in a row: the empty cell ended Ana's row there, as it did before.)
    expect(paragraphCells(rows)).toContainEqual(['body paragraph 5, hidden (vanish)', 'hypertension']);
  });

  it('reads a table nested in a cell as a table of its own (sprmPItap 2, its cells ended by paragraph marks)', () => {
    const d1 = [...PAP.inTable, ...PAP.itap(1)];
    const d2 = [...PAP.inTable, ...PAP.itap(2)];
    const paragraphs = [
      para('record\x07', d1),
      para('contacts\x07', d1),
      para('\x07', d1, PAP.ttp, PAP.tableDefinition(2)),
      para('R-17\x07', d1),
      para('name\r', d2, PAP.innerCell),
      para('email\r', d2, PAP.innerCell),
      para('\r', d2, PAP.innerTtp, PAP.tableDefinition(2)),
      para('Ana Ruiz\r', d2, PAP.innerCell),
      para('ana.ruiz@acme-corp.com\r', d2, PAP.innerCell),
      para('\r', d2, PAP.innerTtp, PAP.tableDefinition(2)),
      para('Call first.\x07', d1),
      para('\x07', d1, PAP.ttp, PAP.tableDefinition(2)),
    ];
    const { rows } = docRows(docDocument(INTRO + paragraphs.map((p) => p.text).join('') + AFTER, { paragraphs }));
    expect(columnValues(rows)).toEqual([
      ['record', 'R-17'],
      ['name', 'Ana Ruiz'],
      ['email', 'ana.ruiz@acme-corp.com'],
      // The outer cell's own paragraph after the nested table.
      ['contacts', 'Call first.'],
    ]);
  });

  it('reads a table nested past 16 levels (a hostile sprmPItap) as the 16th, in bounded work', () => {
    const deep = [...PAP.inTable, ...PAP.itap(0x7fffffff)];
    const paragraphs = [para('name\r', deep, PAP.innerCell), para('\r', deep, PAP.innerTtp), para('Ana Ruiz\r', deep, PAP.innerCell), para('\r', deep, PAP.innerTtp)];
    const { rows } = docRows(docDocument(paragraphs.map((p) => p.text).join('') + AFTER, { paragraphs }));
    expect(columnValues(rows)).toEqual([['name', 'Ana Ruiz']]);
  });

  it("takes rows repeated as a header (sprmTTableHeader, in each row's end paragraph) as naming columns too, as a .docx's w:tblHeader rows", () => {
    const table = [['patient_name'], ['(name)', 'email', 'diagnosis'], FOLLOW_UP_TABLE[1]!];
    // The first row names its one column; the second, marked as a header row too, the others.
    expect(columnValues(docRows(followUps({}, table, 2)).rows)).toEqual(tableValues(FOLLOW_UP_TABLE.slice(0, 2)));
    // Not marked, the second row is a body row of the one column named.
    expect(columnValues(docRows(followUps({}, table)).rows)).toEqual([
      ['patient_name', '(name)'],
      ['patient_name', 'Ana Ruiz'],
    ]);
  });

  it("takes the first row as the header whatever it holds, as a .docx's table (no rule tells a header from data there)", () => {
    const table = [
      ['Ana Ruiz', 'ana.ruiz@acme-corp.com'],
      ['Ben Okafor', 'ben.okafor@acme-corp.com'],
    ];
    expect(columnValues(docRows(followUps({}, table)).rows)).toEqual([
      ['Ana Ruiz', 'Ben Okafor'],
      ['ana.ruiz@acme-corp.com', 'ben.okafor@acme-corp.com'],
    ]);
  });

  it('fails only with an Error on corrupted bytes of a document with tables; a cell read is always named by a column', () => {
    const whole = followUps({ maxPiece: 9 });
    const rng = new Rng(23);
    for (let k = 0; k < 200; k++) {
      const bad = whole.slice();
      for (let i = 0; i < 8; i++) bad[rng.int(512, bad.length - 1)] = rng.int(0, 255);
      try {
        for (const [field, text] of columnValues(docRows(bad).rows)) expect([field, text]).toEqual([expect.any(String), expect.stringMatching(/\S/)]);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  }, 10_000); // a hang guard, not a speed measure (speed is the bench's)
});

describe('a .doc table written here, read by antiword', () => {
  it('is a table to antiword: its rows laid out between bars hold the cells we read', async (t) => {
    if (spawnSync('antiword', ['-h']).error !== undefined) return t.skip('no antiword here (Debian: apt-get install antiword); the table paragraphs not cross-checked');
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-doc-tables-'));
    try {
      // With its first row marked as a header row (sprmTTableHeader) and without.
      for (const headerRows of [0, 1]) {
        const file = path.join(dir, `follow-ups-${headerRows}.doc`);
        await writeFile(file, followUps({}, FOLLOW_UP_TABLE, headerRows));
        const out = execFileSync('antiword', ['-w', '0', file], { encoding: 'utf8', timeout: 10_000 });
        const table = out
          .split('\n')
          .filter((l) => l.startsWith('|'))
          .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
        expect(table).toEqual(FOLLOW_UP_TABLE);
        // Ours: the first row names the columns, each body cell its column's value.
        expect(columnValues(docRows(followUps({}, FOLLOW_UP_TABLE, headerRows)).rows)).toEqual(tableValues(table));
      }
      // Without the paragraph properties, antiword sees no table (no row laid out between bars).
      const plainFile = path.join(dir, 'plain.doc');
      const t2 = docTable(FOLLOW_UP_TABLE);
      await writeFile(plainFile, docDocument(INTRO + t2.text + AFTER));
      expect(execFileSync('antiword', ['-w', '0', plainFile], { encoding: 'utf8', timeout: 10_000 }).split('\n').filter((l) => l.startsWith('|'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
