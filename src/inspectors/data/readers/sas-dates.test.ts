import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataInspector } from '../index.js';
import { columnReport } from '../testing/column-report.js';
import { pythonWith } from '../testing/python.js';
import { scanFileFor } from '../testing/scan-file.js';
import { sas7bdat, type SasValue, type SasVar } from '../testing/sas7bdat-writer.js';
import { readSas7bdat } from './sas7bdat.js';

/**
 * A date of birth under each common SAS date and datetime format, and times under the time
 * formats, in a data set from the test writer: read as dates and times, the same ones pandas'
 * `read_sas` reads from the file (a cross-check, skipped without pandas), and the dates of birth
 * found as such by the inspector.
 */

const DAY = 86_400;
const days = (iso: string) => (Date.parse(iso) - Date.UTC(1960, 0, 1)) / 1000 / DAY;
/** Each date format a date of birth is kept under, by the variable that holds it. */
const DOB_FORMATS: Record<string, string> = {
  DOB: 'DATE', DOB_MDY: 'MMDDYY', DOB_MDYS: 'MMDDYYS', DOB_DMY: 'DDMMYY', DOB_YMD: 'YYMMDD', DOB_YMDN: 'YYMMDDN', DOB_ISO: 'E8601DA', DOB_BASIC: 'B8601DA',
  DOB_WORDS: 'WORDDATE', DOB_EUR: 'EURDFDD',
};
const DOB_DATETIMES: Record<string, string> = { DOB_DT: 'DATETIME', DOB_ISODT: 'E8601DT' };
const VARS: SasVar[] = [
  { name: 'USUBJID', type: 'char', length: 12 },
  ...Object.entries(DOB_FORMATS).map(([name, format]): SasVar => ({ name, type: 'num', length: 8, format })),
  ...Object.entries(DOB_DATETIMES).map(([name, format]): SasVar => ({ name, type: 'num', length: 8, format })),
  { name: 'VISIT_TIME', type: 'num', length: 8, format: 'TIME' },
  { name: 'ARRIVAL', type: 'num', length: 8, format: 'HHMM' },
  { name: 'SEEN_TOD', type: 'num', length: 8, format: 'TOD' },
];
const BIRTHS = ['1980-05-17', '1959-01-30'];
const row = (id: string, dob: string, times: number[]): SasValue[] => [
  id,
  ...Object.keys(DOB_FORMATS).map(() => days(dob)),
  ...Object.keys(DOB_DATETIMES).map(() => days(dob) * DAY),
  ...times,
];
// TOD of a datetime (2023-05-18 03:33:20) is its time of day.
const ROWS = [row('STUDY1-0001', BIRTHS[0]!, [34_200, 29_100, 2.0e9]), row('STUDY1-0002', BIRTHS[1]!, [100_000, 0, 1.5e9])];
const DOBS = [...Object.keys(DOB_FORMATS), ...Object.keys(DOB_DATETIMES)];
const CELLS = BIRTHS.map((dob, k) => ({
  USUBJID: ROWS[k]![0],
  ...Object.fromEntries(DOBS.map((name) => [name, dob])),
  ...[{ VISIT_TIME: '09:30:00', ARRIVAL: '08:05:00', SEEN_TOD: '03:33:20' }, { VISIT_TIME: '27:46:40', ARRIVAL: '00:00:00', SEEN_TOD: '02:40:00' }][k],
}));

const PYTHON = pythonWith('pandas');
let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-sas-dates-'));
  await mkdir(path.join(root, 'sdtm'));
  await writeFile(path.join(root, 'sdtm', 'dob.sas7bdat'), sas7bdat(VARS, ROWS, { compression: 'rle' }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function cells(): Promise<Record<string, string>[]> {
  const status = { rows: 0, truncated: false };
  const out: Record<string, string>[] = [];
  for await (const r of readSas7bdat(once(sas7bdat(VARS, ROWS, { compression: 'rle' })), status, 100, [])) {
    if (!r.header) out.push(Object.fromEntries(r.cells.map((c) => [c.field!, c.text])));
  }
  return out;
}

describe('SAS date, datetime and time formats', () => {
  it('reads a date of birth under each date and datetime format as its date, and times as HH:MM:SS', async () => {
    expect(await cells()).toEqual(CELLS);
  });

  it("reads the dates and times pandas' read_sas reads from the same file", async (t) => {
    if (!PYTHON) return t.skip('no python3 with pandas here: the dates are not cross-checked');
    const script = `
import json, sys, pandas as pd
d = pd.read_sas(sys.argv[1], format='sas7bdat', encoding='utf-8')
cell = lambda v: v.isoformat() if hasattr(v, 'isoformat') else v
print(json.dumps([{k: cell(v) for k, v in r.items()} for r in d.to_dict('records')]))`;
    const r = spawnSync(PYTHON, ['-c', script, path.join(root, 'sdtm', 'dob.sas7bdat')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const pandas = JSON.parse(r.stdout) as Record<string, string | number>[];
    const hms = (s: number) => [s / 3600, (s / 60) % 60, s % 60].map((x) => String(Math.floor(x)).padStart(2, '0')).join(':');
    const isoDay = (sasDays: number) => new Date((sasDays - days('1970-01-01')) * DAY * 1000).toISOString().slice(0, 10);
    // pandas turns the date formats into timestamps, TOD into a datetime and leaves TIME and HHMM as seconds.
    const theirs = pandas.map((p) => ({
      USUBJID: p.USUBJID,
      // pandas' list of date formats lacks the European ones (`EURDFDD`): there it gives the day count.
      ...Object.fromEntries(DOBS.map((name) => [name, typeof p[name] === 'number' ? isoDay(p[name]) : String(p[name]).slice(0, 10)])),
      VISIT_TIME: hms(p.VISIT_TIME as number),
      ARRIVAL: hms(p.ARRIVAL as number),
      SEEN_TOD: String(p.SEEN_TOD).slice(11, 19),
    }));
    expect(await cells()).toEqual(theirs);
  });

  it('finds each date of birth as one, and no date in a time', async () => {
    const { columns, found } = columnReport(await dataInspector.analyze(await scanFileFor(root, 'sdtm/dob.sas7bdat'), { root, options: {} }));
    for (const name of DOBS) {
      expect(columns[name], name).toBe('DATE_OF_BIRTH');
      expect(found[name], name).toEqual(['DATE_OF_BIRTH']);
    }
    for (const name of ['VISIT_TIME', 'ARRIVAL', 'SEEN_TOD']) expect(found[name], name).toBeUndefined();
  });
});
