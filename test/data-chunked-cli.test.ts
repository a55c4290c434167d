import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../src/inspectors/data/testing/random.js';
import * as v from '../src/inspectors/data/testing/values.js';
import { runCli } from './cli.js';

/**
 * A large table through the BUILT CLI and its worker pool: split into chunks across two workers
 * it must give exactly the report of one in-thread pass (rows, lines, columns, duplicates found
 * across the whole file, secrets). The pool only exists in the built package, so this is where
 * its job serialisation and the chunk merge meet for real.
 */
interface Report {
  findings: { id: string; ruleId: string; location: unknown; message: string; properties?: Record<string, unknown> }[];
  assets: { kind: string; properties: Record<string, unknown> }[];
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-chunked-'));
  const r = new Rng(31);
  const key = ['gh', 'p_', r.chars(36)].join('');
  const rows: string[] = [];
  for (let i = 0; i < 60_000; i++) {
    // Multi-line quoted notes (splits can fall inside them), emails in their own column, one
    // record repeated word for word at the start and the end, a key near the end.
    const note = i === 10 || i === 59_990 ? 'the same long note about refunds for parcels that arrived late' : i % 4 === 0 ? `"note ${i} ${r.chars(20)}\nsecond line, with a comma"` : `note ${i} ${r.chars(30)}`;
    rows.push(`${i},${i % 9 === 0 ? v.email(r) : 'n/a'},${i === 59_000 ? `token ${key}` : note},${i % 2 ? 'pos' : 'neg'}`);
  }
  await mkdir(path.join(root, 'data'));
  await writeFile(path.join(root, 'data', 'big.csv'), `id,email,notes,label\n${rows.join('\n')}\n`);
  await writeFile(path.join(root, 'chunked.yaml'), 'analyzers:\n  data:\n    workers: 2\n    chunkBytes: 1048576\n');
  await writeFile(path.join(root, 'whole.yaml'), 'analyzers:\n  data:\n    workers: 0\n');
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a large CSV through the worker pool, in chunks', () => {
  it('reports exactly what one in-thread pass reports', async () => {
    const scan = async (config: string) => {
      const run = await runCli(['scan', path.join(root, 'data'), '--only', 'data', '-c', path.join(root, config), '-f', 'json', '--no-store', '-q']);
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as Report;
    };
    const [whole, chunked] = [await scan('whole.yaml'), await scan('chunked.yaml')];
    const strip = (r: Report) => r.findings.map((f) => ({ id: f.id, location: f.location, message: f.message, entities: f.properties?.entities }));
    expect(strip(chunked)).toEqual(strip(whole));
    expect(chunked.assets).toEqual(whole.assets);
    const ids = whole.findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['data_no_hardcoded_secrets', 'data_no_personal_data', 'data_no_duplicate_records']));
    // The duplicate pair spans the file's first and last chunk.
    expect(whole.findings.find((f) => f.ruleId === 'data_no_duplicate_records')!.properties!.rows).toEqual([11, 59991]);
  }, 120_000);
});
