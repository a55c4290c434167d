import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonWith } from './python.js';
import { sas7bdat, type SasValue, type SasVar, SAS_LAYOUTS as LAYOUTS } from './sas7bdat-writer.js';

/**
 * pandas' `read_sas` reads back exactly what the writer wrote — values, names, labels, dates — in
 * every layout the reader's tests use: that shows the fixtures are real SAS data sets (no SAS here).
 */

const VARS: SasVar[] = [
  { name: 'USUBJID', type: 'char', length: 12, label: 'Unique Subject Identifier' },
  { name: 'SSN', type: 'num', length: 8 },
  { name: 'DOB', type: 'num', length: 8, format: 'DATE', label: 'Date of Birth' },
  { name: 'AGE', type: 'num', length: 4 },
  { name: 'VISITDT', type: 'num', length: 8, format: 'DATETIME' },
  { name: 'NOTE', type: 'char', length: 80, label: 'Remarque' },
];
const ROWS: SasValue[][] = [
  ['SUBJ-001', 123456789, 7378, 46, 2.0e9, 'Café visit, patient stable'],
  ['SUBJ-002', null, null, 51.5, null, ''],
  ['SUBJ-003', 987654321, -3000, 70, 1.5e9, `${'a'.repeat(40)}bcabcabcabc${' '.repeat(20)}x`],
];
const PYTHON = pythonWith('pandas');
let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-sas7bdat-writer-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const READ_BACK = `
import json, sys, pandas as pd
from pandas.io.sas.sas7bdat import SAS7BDATReader
r = SAS7BDATReader(sys.argv[1], encoding=sys.argv[2])
d = r.read()
r.close()
cell = lambda v: None if pd.isna(v) else (v.isoformat() if hasattr(v, 'isoformat') else v)
print(json.dumps({'names': list(d.columns), 'labels': [c.label for c in r.columns], 'formats': [c.format for c in r.columns], 'rows': [[cell(v) for v in row] for row in d.itertuples(index=False)]}))
`;

describe('the sas7bdat test writer', () => {
  for (const [layout, options] of Object.entries(LAYOUTS)) {
    it(`writes what pandas reads back: ${layout}`, async (t) => {
      if (!PYTHON) return t.skip('no python3 with pandas here: the sas7bdat writer is not cross-checked');
      const file = path.join(root, `${layout.replace(/\W+/g, '-')}.sas7bdat`);
      await writeFile(file, sas7bdat(VARS, ROWS, options));
      const r = spawnSync(PYTHON, ['-c', READ_BACK, file, options.encoding === 'windows-1252' ? 'cp1252' : 'utf-8'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        names: ['USUBJID', 'SSN', 'DOB', 'AGE', 'VISITDT', 'NOTE'],
        labels: ['Unique Subject Identifier', '', 'Date of Birth', '', '', 'Remarque'],
        formats: ['', '', 'DATE', '', 'DATETIME', ''],
        rows: [
          ['SUBJ-001', 123456789, '1980-03-14T00:00:00', 46, '2023-05-18T03:33:20', 'Café visit, patient stable'],
          // A blank character value is missing to pandas.
          ['SUBJ-002', null, null, 51.5, null, null],
          ['SUBJ-003', 987654321, '1951-10-15T00:00:00', 70, '2007-07-14T02:40:00', ROWS[2]![5]],
        ],
      });
    });
  }
});
