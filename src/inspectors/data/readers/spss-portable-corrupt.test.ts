import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataInspector } from '../index.js';
import { scanFileFor } from '../testing/scan-file.js';
import { inScratchDir } from '../testing/scratch-dir.js';
import { POR_PREAMBLE, porNumber, porString, porVariable, portableFile } from '../testing/spss-portable-writer.js';
import { CollectedRows } from './sheet-table.js';
import { eachSpssPortableRow } from './spss-portable.js';

/**
 * Portable files no writer makes on purpose, built field by field (`spss-portable-writer.ts`):
 * each says what is wrong with it, keeps the cases read before the fault, and ends — however its
 * counts lie. And the records PSPP writes wrong (`x THRU HI`), as SPSS writes them.
 */

/** A dictionary of a numeric `AGE` and a string `NAME` of 12, with `cases` after tag `F`. */
function people(cases: string, dictionary = `4${porNumber(2)}${porVariable('AGE')}${porVariable('NAME', 12)}`): Buffer {
  return portableFile(`${POR_PREAMBLE}${dictionary}F${cases}`);
}

const ANA = `${porNumber(41)}${porString('Ana Ruiz'.padEnd(12))}`;
const BEN = `${porNumber(57)}${porString('Ben Okafor'.padEnd(12))}`;

function read(bytes: Uint8Array, maxRows = 100) {
  const rows = new CollectedRows();
  const done = eachSpssPortableRow(bytes, maxRows, rows);
  return { ...done, rows: rows.rows.map((r) => Object.fromEntries(r.cells.map((c) => [c.field, c.text]))) };
}

describe('SPSS portable files (.por) that are cut, garbled or lie', () => {
  it('reads a well-formed file built field by field', () => {
    expect(read(people(`${ANA}${BEN}Z`))).toEqual({ problems: [], truncated: false, rows: [{ AGE: '41', NAME: 'Ana Ruiz' }, { AGE: '57', NAME: 'Ben Okafor' }] });
  });

  it('leaves out values in LO THRU x, x THRU HI and x THRU y ranges and a system-missing number', () => {
    const ranges = `4${porNumber(3)}${porVariable('LOW')}9${porNumber(0)}${porVariable('HIGH')}A${porNumber(100)}${porVariable('MID')}B${porNumber(5)}${porNumber(9)}8${porNumber(99)}`;
    const cases = [
      [-3, 150, 7],
      [4, 12, 99],
      [1, 99.5, 10],
    ].map((c) => c.map(porNumber).join(''));
    expect(read(portableFile(`${POR_PREAMBLE}${ranges}F${cases.join('')}*.*.*.Z`))).toEqual({ problems: [], truncated: false, rows: [{}, { LOW: '4', HIGH: '12' }, { LOW: '1', HIGH: '99.5', MID: '10' }, {}] });
  });

  it('says a bad base-30 digit stops the reading at its case, the cases before it kept', () => {
    const r = read(people(`${ANA}${porNumber(57).replace('/', 'X/')}${porString('Ben Okafor'.padEnd(12))}Z`));
    expect(r.rows).toEqual([{ AGE: '41', NAME: 'Ana Ruiz' }]);
    expect(r.truncated).toBe(true);
    expect(r.problems).toEqual([expect.stringMatching(/^case 2 is unreadable, 'X' in a number, where its closing '\/' should be \(line \d+\): the cases from it on not read$/)]);
  });

  it('says a file cut short in its data or its dictionary is so, and what it could read', () => {
    const whole = people(`${ANA}${BEN}Z`);
    const cut = whole.subarray(0, whole.indexOf('Ben Okafor') + 3);
    expect(read(cut)).toMatchObject({ problems: [expect.stringMatching(/^case 2 is unreadable, the file ends early/)], truncated: true, rows: [{ AGE: '41', NAME: 'Ana Ruiz' }] });
    // Cut between cases: no end marker.
    expect(read(people(ANA))).toMatchObject({ problems: ['the data ends after 1 cases without its end marker (the file is cut short)'], truncated: true, rows: [{ AGE: '41' }] });
    expect(read(whole.subarray(0, whole.indexOf('NAME') + 2))).toEqual({ problems: [expect.stringMatching(/^not a readable SPSS portable file: the file ends early/)], truncated: true, rows: [] });
    expect(read(whole.subarray(0, 300)).problems).toEqual(['not a readable SPSS portable file: the file ends inside its header']);
  });

  it('says a string, a label count or a variable count that lies is a lie, and ends', () => {
    // A string of 2 billion characters, in the dictionary and in a case.
    const name = `7${porNumber(0)}${porNumber(2_000_000_000)}AGE`;
    expect(read(people(ANA, `4${porNumber(1)}${name}`)).problems).toEqual([expect.stringMatching(/^not a readable SPSS portable file: a string of 2000000000 characters/)]);
    const r = read(people(`${ANA}${porNumber(57)}${porNumber(2_000_000_000)}Ben Z`));
    expect(r.problems).toEqual([expect.stringMatching(/^case 2 is unreadable, a string of 2000000000 characters/)]);
    // 2 billion value labels, one given.
    const labels = `D${porNumber(1)}${porString('AGE')}${porNumber(2_000_000_000)}${porNumber(41)}${porString('forty-one')}`;
    expect(read(people(ANA, `4${porNumber(2)}${porVariable('AGE')}${porVariable('NAME', 12)}${labels}`)).problems).toEqual([expect.stringMatching(/^not a readable SPSS portable file: /)]);
    // A variable count of 9 over 2 variables: the cases are read by the 2.
    expect(read(people(`${ANA}Z`, `4${porNumber(9)}${porVariable('AGE')}${porVariable('NAME', 12)}`))).toEqual({ problems: ['the file declares 9 variables and describes 2; its cases were read by the 2'], truncated: true, rows: [{ AGE: '41', NAME: 'Ana Ruiz' }] });
  });

  it('says value labels for a variable not in the file, an unknown record and a missing tag make it unreadable', () => {
    const labels = `D${porNumber(1)}${porString('WEIGHT')}${porNumber(1)}${porNumber(41)}${porString('x')}`;
    expect(read(people(`${ANA}Z`, `${porVariable('AGE')}${porVariable('NAME', 12)}${labels}`)).problems).toEqual([expect.stringMatching(/^not a readable SPSS portable file: value labels for a variable not in the file \(WEIGHT\)/)]);
    expect(read(people(`${ANA}Z`, `${porVariable('AGE')}Q${porVariable('NAME', 12)}`)).problems).toEqual([expect.stringMatching(/^not a readable SPSS portable file: unknown record 'Q'/)]);
    const notPortable = Buffer.from(people(`${ANA}Z`).toString('latin1').replace('SPSSPORT', 'SPSSP0RT'), 'latin1');
    expect(read(notPortable).problems).toEqual(['not a readable SPSS portable file: no SPSSPORT tag after the translation table']);
  });

  it('ends on a file with no variables, a file of line feeds, and huge exponents', () => {
    expect(read(portableFile(`${POR_PREAMBLE}4${porNumber(0)}FZ`))).toEqual({ problems: [], truncated: false, rows: [] });
    // A million line feeds after the tag: each is a line of spaces, no field in them.
    const header = portableFile(POR_PREAMBLE);
    const blank = Buffer.concat([header.subarray(0, header.indexOf('SPSSPORT') + 8), Buffer.alloc(1_000_000, 0x0a)]);
    expect(read(blank).problems).toEqual([expect.stringMatching(/^not a readable SPSS portable file: a field of nothing but spaces \(line \d+\)$/)]);
    // 30^(30^20): past any double, so no number.
    expect(read(people(`${porNumber(1).replace('/', '+')}${'T'.repeat(20)}/${porString('Ana')}Z`)).rows).toEqual([{ NAME: 'Ana' }]);
    expect(read(people(`${'1'.repeat(500)}/Z`)).problems).toEqual([expect.stringMatching(/^case 1 is unreadable, a number longer than 200 characters/)]);
  });

  it('stops at the row cap, saying it stopped', () => {
    expect(read(people(`${ANA}${BEN}Z`), 1)).toEqual({ problems: [], truncated: true, rows: [{ AGE: '41', NAME: 'Ana Ruiz' }] });
  });

  it('reports a garbled file through the inspector with its name, and still its rows', async () => {
    await inScratchDir('aispm-por-corrupt-', async (root) => {
      await mkdir(path.join(root, 'survey'));
      const ssn = ['536', '22', '8741'].join('-');
      const cases = `${porString('Ana Ruiz')}${porString(ssn)}${porString('Ben')}${porNumber(7).replace('/', 'X/')}Z`;
      await writeFile(path.join(root, 'survey', 'garbled.por'), portableFile(`${POR_PREAMBLE}${porVariable('NAME', 12)}${porVariable('SSN', 11)}F${cases}`));
      const f = await scanFileFor(root, 'survey/garbled.por');
      expect(dataInspector.wants(f.path, f)).toBe(true);
      const out = await dataInspector.analyze(f, { root, options: {} });
      expect(out.issues!.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^survey\/garbled\.por: case 2 is unreadable, /)]));
      expect(out.findings!.find((x) => x.message.includes('US_SSN'))!.location).toMatchObject({ path: 'survey/garbled.por', field: 'SSN' });
    });
  });
});
