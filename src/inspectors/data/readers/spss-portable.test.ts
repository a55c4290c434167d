import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { dataInspector } from '../index.js';
import { columnReport } from '../testing/column-report.js';
import { scanFileFor } from '../testing/scan-file.js';
import { CollectedRows } from './sheet-table.js';
import { eachSpssRow } from './spss.js';
import { eachSpssPortableRow, isSpssPortable } from './spss-portable.js';

/**
 * SPSS portable files as GNU PSPP exports them (Debian's pspp, which .ci/run installs), read
 * beside the system file PSPP saves from the same table: the rows, the findings and the column
 * classification must be the same. PSPP only writes them here; without it the cases say so and skip.
 */
const PSPP = spawnSync('pspp', ['--version']).status === 0;
const NO_PSPP = 'no pspp here: SPSS portable files not written';

/**
 * Patients: names (UTF-8), e-mails, SSNs, an ADATE date of birth, a coded diagnosis and sex with
 * value labels (numeric and string), a BMI with a declared missing value (999) and a
 * system-missing one, a visit time, and a note whose label holds a phone number. Names of 8
 * characters at most: a portable file keeps no longer ones (PSPP cuts `date_of_birth` to `DATE_OF_`).
 */
const PATIENTS = `
DATA LIST FREE /name (A24) email (A40) ssn (A11) dob (ADATE10) dx (F1.0) sex (A1) bmi (F6.2) visit (TIME8) note (A200).
BEGIN DATA.
"Maria Lopez" "maria.lopez@acme-health.com" "536-22-8741" 05/17/1980 1 "F" 22.5 09:30:00 "callback"
"Zoë Ångström" "zoe@acme-health.com" "219-09-9999" 11/02/1975 2 "M" 999 10:15:00 "routine follow up"
"Wei Chen" "wei.chen@acme-health.com" "432-18-7650" 01/30/1990 3 "F" . 14:00:00 "no show"
END DATA.
MISSING VALUES bmi (999).
VALUE LABELS dx 1 'Type 2 diabetes mellitus' 2 'Essential hypertension' 3 'Asthma' /sex 'F' 'Female' 'M' 'Male' /note 'callback' 'Call back on 415 555 2134'.
VARIABLE LABELS email 'Patient e-mail'.
DOCUMENT Follow-up clinic export.
SAVE OUTFILE='patients.sav'.
EXPORT OUTFILE='patients.por'.
EXPORT OUTFILE='patients-tape.por' /TYPE=TAPE.
`;

/**
 * A date of birth under each day format (DATE, ADATE, EDATE, SDATE, JDATE, DATETIME, YMDHMS),
 * times (TIME, DTIME, MTIME), declared missing values — a range and a value, LO THRU x, two
 * values — a fraction past PSPP's point (written with an exponent) and a system-missing number.
 * (PSPP 1.6 writes `x THRU HI` with the highest number in place of x: that record is tested in
 * spss-portable-corrupt.test.ts, built by hand.)
 */
const NUMBERS = `
DATA LIST FREE /sex (A1) site (A8) clinic (A12) d (F2.0) m (F2.0) y (F4.0) score (F4.0) lo (F4.0) code (F4.0) tiny (F8.2) huge (F8.2).
BEGIN DATA.
"F" "S1" "CL-0042" 17 5 1980 5 -3 7 0.00000015 12345678
"M" "S9" "CL-0043" 2 11 1975 50 4 9 -2.75 .
END DATA.
MISSING VALUES score (1 THRU 10, 99) lo (LO THRU 0) code (7, 8).
VALUE LABELS sex 'F' 'Female' 'M' 'Male' /site 'S1' 'Springfield General' /clinic 'CL-0042' 'Dr Jane Smith clinic'.
COMPUTE dob = DATE.DMY(d, m, y).
COMPUTE dob_a = dob.
COMPUTE dob_e = dob.
COMPUTE dob_s = dob.
COMPUTE dob_j = dob.
COMPUTE dob_dt = dob.
COMPUTE dob_ymd = dob.
COMPUTE visit = TIME.HMS(9, 30, 0).
COMPUTE wait = 93784.
COMPUTE lap = 750.
FORMATS dob (DATE11) dob_a (ADATE10) dob_e (EDATE10) dob_s (SDATE10) dob_j (JDATE7) dob_dt (DATETIME20) dob_ymd (YMDHMS19) visit (TIME8) wait (DTIME12) lap (MTIME8).
EXPORT OUTFILE='numbers.por' /DROP d m y.
`;

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-spss-por-'));
  await mkdir(path.join(root, 'survey'));
  if (!PSPP) return;
  await writeFile(path.join(root, 'survey', 'patients.sps'), PATIENTS);
  await writeFile(path.join(root, 'survey', 'numbers.sps'), NUMBERS);
  for (const syntax of ['patients.sps', 'numbers.sps']) {
    const r = spawnSync('pspp', [syntax], { cwd: path.join(root, 'survey'), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Each row as `{ field: text }`, the fields in lower case (a portable file's names are upper case). */
function values(rows: CollectedRows): Record<string, string>[] {
  return rows.rows.map((r) => Object.fromEntries(r.cells.map((c) => [c.field!.toLowerCase(), c.text])));
}

function readPor(bytes: Uint8Array): { rows: CollectedRows; problems: string[]; truncated: boolean } {
  const rows = new CollectedRows();
  return { rows, ...eachSpssPortableRow(bytes, 1000, rows) };
}

async function survey(file: string): Promise<Buffer> {
  return readFile(path.join(root, 'survey', file));
}

/** Lines of 80 characters, line ends dropped: the characters a reader sees. */
function characters(file: Buffer): string {
  return file.toString('latin1').split('\r\n').map((l) => l.padEnd(80)).join('');
}

describe('SPSS portable files (.por) as PSPP exports them', () => {
  for (const file of ['patients.por', 'patients-tape.por']) {
    it(`reads ${file} as the .sav reader reads the same table: names, UTF-8 text, labels, dates, times, missing values left out`, async (t) => {
      if (!PSPP) return t.skip(NO_PSPP);
      const bytes = await survey(file);
      expect(isSpssPortable(bytes)).toBe(true);
      const por = readPor(bytes);
      expect({ problems: por.problems, truncated: por.truncated }).toEqual({ problems: [], truncated: false });
      expect(por.rows.headers[0]!.cells.map((c) => c.text)).toEqual(['NAME', 'EMAIL', 'SSN', 'DOB', 'DX', 'SEX', 'BMI', 'VISIT', 'NOTE']);
      expect(values(por.rows)).toEqual([
        { name: 'Maria Lopez', email: 'maria.lopez@acme-health.com', ssn: '536-22-8741', dob: '1980-05-17', dx: 'Type 2 diabetes mellitus', sex: 'Female', bmi: '22.5', visit: '09:30:00', note: 'Call back on 415 555 2134' },
        { name: 'Zoë Ångström', email: 'zoe@acme-health.com', ssn: '219-09-9999', dob: '1975-11-02', dx: 'Essential hypertension', sex: 'Male', visit: '10:15:00', note: 'routine follow up' },
        { name: 'Wei Chen', email: 'wei.chen@acme-health.com', ssn: '432-18-7650', dob: '1990-01-30', dx: 'Asthma', sex: 'Female', visit: '14:00:00', note: 'no show' },
      ]);
      const sav = new CollectedRows();
      expect(eachSpssRow(await survey('patients.sav'), 1000, sav).problems).toEqual([]);
      expect(values(por.rows)).toEqual(values(sav));
      // The long texts make the row's record, as the .sav reader's do.
      expect(por.rows.rows.map((r) => r.record)).toEqual(sav.rows.map((r) => r.record));
    });
  }

  it('reads dates under every day format, times, missing ranges and values, fractions and system-missing numbers', async (t) => {
    if (!PSPP) return t.skip(NO_PSPP);
    const por = readPor(await survey('numbers.por'));
    expect(por.problems).toEqual([]);
    const dob = (day: string) => ({ dob: day, dob_a: day, dob_e: day, dob_s: day, dob_j: day, dob_dt: day, dob_ymd: day });
    expect(values(por.rows)).toEqual([
      // score 5 is in 1 THRU 10, lo -3 in LO THRU 0, code 7 one of (7, 8): none is a cell.
      { sex: 'Female', site: 'Springfield General', clinic: 'Dr Jane Smith clinic', tiny: '1.5e-7', huge: '12345678', ...dob('1980-05-17'), visit: '09:30:00', wait: '26:03:04', lap: '00:12:30' },
      { sex: 'Male', site: 'S9', clinic: 'CL-0043', score: '50', lo: '4', code: '9', tiny: '-2.75', ...dob('1975-11-02'), visit: '09:30:00', wait: '26:03:04', lap: '00:12:30' },
    ]);
  });

  it('reads what other writers do to the layout: line feeds alone, trailing spaces left off, another character set', async (t) => {
    if (!PSPP) return t.skip(NO_PSPP);
    const pspp = await survey('patients.por');
    const expected = values(readPor(pspp).rows);
    // Lines ending LF, each without its trailing spaces: a short line is read as padded to 80.
    const trimmed = Buffer.from(pspp.toString('latin1').split('\r\n').map((l) => l.trimEnd()).join('\n'), 'latin1');
    expect(trimmed.length).toBeLessThan(pspp.length - 200);
    expect(values(readPor(trimmed).rows)).toEqual(expected);
    // Every printable ASCII byte rotated by 47 (ROT47), the translation table too: the table says what each byte is.
    const rotated = Buffer.from(pspp.map((b) => (b > 0x20 && b < 0x7f ? 0x21 + ((b - 0x21 + 47) % 94) : b)));
    expect(rotated.includes(Buffer.from('SPSSPORT'))).toBe(false);
    expect(isSpssPortable(rotated)).toBe(true);
    const read = readPor(rotated);
    expect(read.problems).toEqual([]);
    expect(values(read.rows)).toEqual(expected);
  });

  it('finds the same things in the .por as in the .sav of one table, columns classified alike: SSN, e-mail, date of birth and diagnosis are identifiable PHI', async (t) => {
    if (!PSPP) return t.skip(NO_PSPP);
    const report = async (file: string) => {
      const f = await scanFileFor(root, `survey/${file}`);
      expect(dataInspector.wants(f.path, f)).toBe(true);
      const out = await dataInspector.analyze(f, { root, options: {} });
      expect(out.issues ?? []).toEqual([]);
      const lower = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
      const { columns, found } = columnReport(out);
      const dataset = out.assets!.find((a) => a.kind === 'dataset')!.properties;
      const findings = out.findings!.map((x) => `${x.ruleId} ${x.location.field?.toLowerCase() ?? ''} ${JSON.stringify(x.properties?.entities ?? {})} ${x.severity}`).sort();
      return { columns: lower(columns), found: lower(found), findings, sensitivity: dataset.sensitivity, phi: dataset.phi, rows: dataset.rows, format: dataset.format };
    };
    const sav = await report('patients.sav');
    const por = await report('patients.por');
    expect(por).toEqual(sav);
    expect(por.columns).toMatchObject({ ssn: 'US_SSN', email: 'EMAIL_ADDRESS', dob: 'DATE_OF_BIRTH', dx: 'HEALTH_CONDITION', name: 'PERSON' });
    expect(por.found).toMatchObject({ ssn: ['US_SSN'], email: ['EMAIL_ADDRESS'], dob: ['DATE_OF_BIRTH'], note: ['PHONE_NUMBER'] });
    expect(por.findings.some((f) => f.startsWith('data_health_data_not_linked_to_identifiers '))).toBe(true);
    expect(por).toMatchObject({ phi: true, sensitivity: 'restricted', rows: 3, format: 'spss' });
  });

  it('classifies a .por by SPSSPORT after its translation table, not by its name alone', async (t) => {
    if (!PSPP) return t.skip(NO_PSPP);
    const head = (await survey('patients.por')).subarray(0, 4096);
    expect(classify('survey/patients.por', 'text', head)).toMatchObject({ class: 'data', format: 'spss', innerExt: '.por' });
    // SPSSPORT sits at character 456, line ends not counted: a byte off and it is not found.
    const chars = characters(head);
    expect(chars.slice(456, 464)).toBe('SPSSPORT');
    const shifted = Buffer.concat([Buffer.from(' '), head]);
    expect(classify('survey/patients.por', 'text', shifted)?.format).not.toBe('spss');
    expect(classify('survey/readme.por', 'text', Buffer.from('Portuguese notes, not SPSS\n'))?.format).not.toBe('spss');
    expect(classify('survey/patients.txt', 'text', head)?.format).not.toBe('spss');
    expect(classify('survey/patients.por', 'text', head, '/venv/lib/python3.11/site-packages/pkg/data/patients.por')).toBeNull();
  });
});
