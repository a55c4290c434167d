import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from './pglite-driver.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-pglite-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('embedded store', () => {
  it('runs PostgreSQL with small shared buffers (the default 128 MB was most of the CLI\'s memory), on every open', async () => {
    for (let open = 0; open < 2; open++) {
      const db = await openPglite(dir);
      try {
        expect(await db.query<{ shared_buffers: string }>('show shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
      } finally {
        await db.close();
      }
    }
  });
});
