import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect } from '../testing/scan-file.js';
import { SqlDumpParser } from './sql-dump.js';
import type { DataRow } from './types.js';

/**
 * Dumps as the tools write them: pg_dump's COPY blocks (and --inserts), mysqldump's extended
 * INSERT on one line with backquoted names, SQLite's `.dump` without column names.
 */
function rowsOf(text: string): { rows: [string | undefined, string, number | undefined, number | undefined][][]; problems: string[] } {
  const p = new SqlDumpParser();
  const out: DataRow[] = [];
  text.split('\n').forEach((l, i) => p.line(l, i + 1, out));
  p.end();
  return { rows: out.map((r) => r.cells.map((c) => [c.field, c.text, c.line, c.column])), problems: p.problems };
}

describe('SQL dumps', () => {
  it("reads pg_dump's COPY blocks: tab-separated rows up to \\., escapes decoded, NULL left out", () => {
    const dump = [
      '-- PostgreSQL database dump',
      'SET statement_timeout = 0;',
      'CREATE TABLE public.users (id integer, email text, note text);',
      'COPY public.users (id, email, note) FROM stdin;',
      '1\tjane.roe@acme-health.com\tcalls\\tafter 5',
      '2\t\\N\tplain',
      '\\.',
      'SELECT 1;',
    ].join('\n');
    expect(rowsOf(dump).rows).toEqual([
      [['public.users.id', '1', 5, 1], ['public.users.email', 'jane.roe@acme-health.com', 5, 3], ['public.users.note', 'calls\tafter 5', 5, 28]],
      [['public.users.id', '2', 6, 1], ['public.users.note', 'plain', 6, 6]],
    ]);
  });

  it("reads mysqldump's extended INSERT on one line: every tuple a row, quotes and escapes handled", () => {
    const dump = "INSERT INTO `customers` (`id`, `name`, `ssn`) VALUES (1,'Jane O''Roe','219-45-1234'),(2,'Sam \\'Ace\\' Smith',NULL),(3,'a, (b)','x');";
    expect(rowsOf(dump).rows).toEqual([
      [['customers.id', '1', 1, 55], ['customers.name', "Jane O'Roe", 1, 58], ['customers.ssn', '219-45-1234', 1, 72]],
      [['customers.id', '2', 1, 87], ['customers.name', "Sam 'Ace' Smith", 1, 90]],
      [['customers.id', '3', 1, 116], ['customers.name', 'a, (b)', 1, 119], ['customers.ssn', 'x', 1, 128]],
    ]);
  });

  it("reads a statement over several lines and SQLite's .dump without column names", () => {
    const dump = ['INSERT INTO "notes" VALUES(1,', "'first line", "second line');", 'INSERT INTO notes VALUES(2,\'ok\');'].join('\n');
    expect(rowsOf(dump).rows).toEqual([
      [['notes.column1', '1', 1, 28], ['notes.column2', 'first line\nsecond line', 2, 2]],
      [['notes.column1', '2', 4, 26], ['notes.column2', 'ok', 4, 29]],
    ]);
  });

  it('an INSERT the file ends inside gives the tuples it completed and no error', () => {
    expect(rowsOf("INSERT INTO t VALUES (1,'done'),(2,'never closed").rows).toEqual([[['t.column1', '1', 1, 23], ['t.column2', 'done', 1, 26]]]);
    expect(rowsOf('COPY t (a) FROM stdin;\nonly').rows).toEqual([[['t.a', 'only', 2, 1]]]);
  });

  it('reads a string over twenty thousand lines and a line of ten thousand tuples, each once', () => {
    const long = ["INSERT INTO notes VALUES (1,'start", ...Array.from({ length: 20_000 }, (_, i) => `line ${i}`), "end');"].join('\n');
    const { rows } = rowsOf(long);
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]![1].split('\n')).toHaveLength(20_002);
    const wide = `INSERT INTO t (a) VALUES ${Array.from({ length: 10_000 }, (_, i) => `('v${i}')`).join(',')};`;
    const many = rowsOf(wide).rows;
    expect(many).toHaveLength(10_000);
    expect(many[9_999]).toEqual([['t.a', 'v9999', 1, wide.indexOf("'v9999'") + 2]]);
  });

  it('through the inspector: personal data found in a dump in a data folder, by table and column', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-sql-'));
    try {
      await mkdir(path.join(dir, 'data'), { recursive: true });
      const rows = Array.from({ length: 20 }, (_, i) => `${i}\tPerson ${i}\tperson${i}@mailhost-${i}.io`).join('\n');
      await writeFile(path.join(dir, 'data', 'crm.sql'), `COPY public.contacts (id, name, email) FROM stdin;\n${rows}\n\\.\n`);
      await writeFile(path.join(dir, 'migration.sql'), `INSERT INTO contacts VALUES (1, 'dana@acme-health.com');\n`);
      const out = await inspect(dir, 'data/crm.sql');
      const pii = out.findings?.filter((f) => f.ruleId === 'data_no_personal_data').map((f) => [f.location.field, f.properties?.entities]);
      expect(pii).toContainEqual(['public.contacts.email', { EMAIL_ADDRESS: 20 }]);
      // Outside a data folder a .sql file is a migration: read for secrets only.
      expect((await inspect(dir, 'migration.sql')).findings ?? []).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
