import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './folder-lock.js';
import { openPglite, PGLITE_CONF } from './pglite-driver.js';
import { writePgliteTemplate } from './pglite-template.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-pglite-template-'));
});

afterAll(() => rm(root, { recursive: true, force: true }));

/** A template whose cluster holds a marker table, so a store that has it was made from the template. */
async function markedTemplate(file: string): Promise<void> {
  const db = await PGlite.create();
  await db.exec('create table from_template (x int); insert into from_template values (7)');
  await writeFile(file, Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer()));
  await db.close();
}

describe('embedded store template', () => {
  it('starts a new store from the template written at install, with the store\'s settings, and keeps what it writes', async () => {
    const template = path.join(root, 'written', 'pglite-template.tar.gz');
    await writePgliteTemplate(template, PGLITE_CONF);
    expect(existsSync(template)).toBe(true);
    const dir = path.join(root, 'from-written');
    let db = await openPglite(dir, template);
    try {
      expect(await db.query('show shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
      await db.exec('create table scans (id int); insert into scans values (1)');
    } finally {
      await db.close();
    }
    db = await openPglite(dir, template);
    try {
      expect(await db.query('select id from scans')).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('uses the template only for a new store: an existing one is opened as it is', async () => {
    const template = path.join(root, 'marked.tar.gz');
    await markedTemplate(template);
    const dir = path.join(root, 'marked');
    let db = await openPglite(dir, template);
    try {
      expect(await db.query('select x from from_template')).toEqual([{ x: 7 }]);
      await db.exec('delete from from_template');
    } finally {
      await db.close();
    }
    db = await openPglite(dir, template);
    try {
      expect(await db.query('select x from from_template')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('initialises the store as before when the template is missing or damaged, and keeps what the folder held', async () => {
    const damaged = path.join(root, 'damaged.tar.gz');
    await writeFile(damaged, Buffer.from('not a gzipped tar of a cluster'));
    for (const [name, template] of [['missing', path.join(root, 'no-such-template.tar.gz')], ['damaged', damaged]] as const) {
      const dir = path.join(root, name);
      // A folder the user named for the store, with a file of their own in it.
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'notes.txt'), 'mine');
      const db = await openPglite(dir, template);
      expect(existsSync(path.join(dir, 'notes.txt')), name).toBe(true);
      try {
        expect(await db.query('select 1 as one'), name).toEqual([{ one: 1 }]);
        expect(existsSync(path.join(dir, LOCK_FILE)), name).toBe(true);
      } finally {
        await db.close();
      }
    }
  });
});
