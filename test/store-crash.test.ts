/**
 * A process killed in the middle of saving a scan leaves the previous state intact: the real CLI is
 * started with the store's pause hook (AISPM_STORE_TEST_PAUSE_MS), SIGKILLed while its transaction is
 * open, and the store is reopened and checked. Run on PGlite and on the PostgreSQL server.
 * Needs `npm run build` (it runs dist/src/cli/main.js).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, PAUSE_ENV } from '../src/store/index.js';
import { cliPath, runCli } from './cli.js';
import { TEST_DATABASE_URL, dropSchema, freshSchema } from './store-fixtures.js';

let estate: string;
beforeAll(async () => {
  if (!existsSync(cliPath)) throw new Error('run `npm run build` first: this test runs the built CLI');
  estate = await mkdtemp(path.join(os.tmpdir(), 'aispm-crash-estate-'));
  await mkdir(path.join(estate, 'app'), { recursive: true });
  await writeFile(path.join(estate, 'app', 'requirements.txt'), 'torch==2.3.0\ntransformers\nopenai>=1.0\nlangchain\n');
  await writeFile(path.join(estate, 'app', 'main.py'), 'import openai\nclient = openai.OpenAI()\n');
});
afterAll(async () => {
  await rm(estate, { recursive: true, force: true });
});

/** Starts a scan that pauses inside its save transaction; resolves once paused, then SIGKILLs it. */
function killMidSave(db: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'scan', estate, '--db', db, '-f', 'json', '-o', os.devNull], {
      env: { ...process.env, [PAUSE_ENV]: '60000', NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`never paused: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('aispm-store: paused in save')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ signal, stderr });
    });
  });
}

describe.each([
  ['pglite', async () => ({ db: await mkdtemp(path.join(os.tmpdir(), 'aispm-crash-db-')), schema: undefined as string | undefined })],
  ['postgres', async () => {
    const schema = freshSchema();
    const u = new URL(TEST_DATABASE_URL);
    u.searchParams.set('schema', schema);
    return { db: u.toString(), schema };
  }],
] as const)('killed mid-save on %s', (name, make) => {
  let db: string;
  let schema: string | undefined;
  beforeAll(async () => ({ db, schema } = await make()));
  afterAll(async () => {
    if (name === 'pglite') await rm(db, { recursive: true, force: true });
    else if (schema) await dropSchema(schema);
  });

  it('keeps the previous scan and lifecycle; nothing of the killed save remains', async () => {
    const first = await runCli(['scan', estate, '--db', db, '-f', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const firstId = (JSON.parse(first.stdout) as { scan: { id: string } }).scan.id;

    const killed = await killMidSave(db);
    expect(killed.signal).toBe('SIGKILL');

    const store = await openStore(db);
    try {
      const scans = await store.listScans();
      expect(scans.map((s) => s.id)).toEqual([firstId]);
      const orphans = await store.db.query<{ n: number }>('SELECT count(*) AS n FROM scan_data WHERE scan_id <> $1', [firstId]);
      expect(Number(orphans[0]!.n)).toBe(0);
      const states = await store.db.query<{ n: number }>('SELECT count(*) AS n FROM finding_states WHERE last_scan <> $1', [firstId]);
      expect(Number(states[0]!.n)).toBe(0);
      expect((await store.getScan(firstId))?.scan.id).toBe(firstId);
    } finally {
      await store.close();
    }
    // And the store takes the next scan normally (the dead process's lock is reclaimed).
    const again = await runCli(['scan', estate, '--db', db, '-f', 'json', '-o', os.devNull]);
    expect(again.code, again.stderr).toBe(0);
  });
});
