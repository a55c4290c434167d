import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutChanceHits } from './chance-hits.js';
import { emptyPart, piiKey, type PiiGroup } from './part.js';
import { deaValid, npiValid } from './pii/checksums.js';
import { inspect } from './testing/scan-file.js';

/**
 * Identifiers of another scheme shaped like one with a single check digit: one in ten passes it.
 * The values are made here, in sequence, and sorted by the check itself.
 */
const deaShaped = (i: number) => `R9${String(3920000 + i * 37).padStart(7, '0')}`;
/** The valid DEA number of a prefix and six digits: the seventh is the check digit. */
function validDea(i: number): string {
  const six = String(120000 + i * 53).padStart(6, '0');
  for (let d = 0; d < 10; d++) if (deaValid(`AB${six}${d}`)) return `AB${six}${d}`;
  throw new Error('unreachable');
}
const npiShaped = (i: number) => `1${String(((i * 7919) % 1e9) + 123456).padStart(9, '0')}`;

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-chance-'));
  await mkdir(path.join(root, 'data'));
  const grades = ['student_id,grade', ...Array.from({ length: 200 }, (_, i) => `${deaShaped(i)},${60 + (i % 40)}`)];
  await writeFile(path.join(root, 'data', 'grades.csv'), grades.join('\n') + '\n');
  await writeFile(path.join(root, 'data', 'grades.txt'), ['學號 學期成績', ...Array.from({ length: 60 }, (_, i) => `${deaShaped(i)} ${60 + (i % 40)}`)].join('\n') + '\n');
  // Real DEA numbers with two typed wrong: the valid ones are kept.
  const prescribers = ['prescriber,dea', ...Array.from({ length: 40 }, (_, i) => `dr ${i},${i < 2 ? validDea(i).replace(/\d$/, (d) => String((Number(d) + 1) % 10)) : validDea(i)}`)];
  await writeFile(path.join(root, 'data', 'prescribers.csv'), prescribers.join('\n') + '\n');
  await writeFile(path.join(root, 'data', 'providers.csv'), ['npi,visits', ...Array.from({ length: 300 }, (_, i) => `${npiShaped(i)},${i}`)].join('\n') + '\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const entitiesOf = async (rel: string) => (await inspect(root, rel)).assets?.find((a) => a.kind === 'dataset')?.properties?.entities as Record<string, number>;

describe('hits that passed a one-in-ten check by chance', () => {
  it('are not reported in a column of another scheme whose values mostly fail the check', async () => {
    // The fixture holds both kinds: about a tenth of these pass the DEA check, the rest fail it.
    const passing = Array.from({ length: 200 }, (_, i) => deaValid(deaShaped(i))).filter(Boolean).length;
    expect(passing).toBeGreaterThan(10);
    expect(passing).toBeLessThan(40);
    expect(await entitiesOf('data/grades.csv')).toEqual({});
  });

  it('are not reported in a text whose list of such values mostly fails', async () => {
    expect(await entitiesOf('data/grades.txt')).toEqual({});
  });

  it('are not reported in a column named for the entity whose values mostly fail (NPI, context-gated)', async () => {
    const passing = Array.from({ length: 300 }, (_, i) => npiValid(npiShaped(i))).filter(Boolean).length;
    expect(passing).toBeGreaterThan(10);
    expect(await entitiesOf('data/providers.csv')).toEqual({});
  });

  it('keeps real identifiers that pass, a few typos among them', async () => {
    expect(await entitiesOf('data/prescribers.csv')).toEqual({ MEDICAL_LICENSE: 38 });
  });
});

describe('withoutChanceHits', () => {
  const group = (count: number, field?: string): PiiGroup => ({ entity: 'MEDICAL_LICENSE', phi: true, severity: 'high', count, maxScore: 0.6, samples: [], where: [], ...(field ? { field } : {}) });
  it('drops a group only when its failures are many and its passes under half', () => {
    const part = emptyPart();
    part.pii = [group(21, 'student_id'), group(5, 'dea'), group(9)];
    part.shapeMisses = { [piiKey('MEDICAL_LICENSE', 'student_id')]: 179, [piiKey('MEDICAL_LICENSE', 'dea')]: 9, [piiKey('MEDICAL_LICENSE', undefined)]: 9 };
    expect(withoutChanceHits(part).pii.map((g) => g.field ?? '-')).toEqual(['dea', '-']);
    part.shapeMisses[piiKey('MEDICAL_LICENSE', undefined)] = 12;
    expect(withoutChanceHits(part).pii.map((g) => g.field ?? '-')).toEqual(['dea']);
    delete part.shapeMisses;
    expect(withoutChanceHits(part)).toBe(part);
  });
});
