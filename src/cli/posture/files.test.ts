import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineReader, ReportPaths } from './files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-lines-'));
  await writeFile(path.join(root, 'main.tf'), 'resource "a" "b" {\r\n  # aispm:ignore rule_x\n  name = "b"\n}\n');
  await writeFile(path.join(root, 'nb.ipynb'), JSON.stringify({ cells: [{ source: ['import os\n', '# aispm:ignore y'] }, { source: 'x = 1' }] }));
  await writeFile(path.join(root, 'broken.ipynb'), '{ not json');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('lineReader', () => {
  it("gives a file's lines, split once per file however many findings ask", async () => {
    const read = lineReader(new ReportPaths([root], '/'));
    const a = await read({ path: 'main.tf', line: 1 });
    expect(a).toEqual(['resource "a" "b" {', '  # aispm:ignore rule_x', '  name = "b"', '}', '']);
    // The same array for every location in the file: a split per finding was quadratic.
    expect(await read({ path: 'main.tf', line: 3 })).toBe(a);
    expect(await read({ path: 'missing.tf', line: 1 })).toBeUndefined();
    expect(await read({ path: '../outside.tf', line: 1 })).toBeUndefined();
    // A line of a commit's version of the file: what is on disk now does not say anything about it.
    expect(await read({ path: 'main.tf', line: 3, commit: 'ab'.repeat(20) })).toBeUndefined();
  });

  it("gives a notebook cell's own lines, an empty cell past the last, nothing for a broken notebook", async () => {
    const read = lineReader(new ReportPaths([root], '/'));
    const cell0 = await read({ path: 'nb.ipynb', cell: 0, line: 2 });
    expect(cell0).toEqual(['import os', '# aispm:ignore y']);
    expect(await read({ path: 'nb.ipynb', cell: 0, line: 1 })).toBe(cell0);
    expect(await read({ path: 'nb.ipynb', cell: 1, line: 1 })).toEqual(['x = 1']);
    expect(await read({ path: 'nb.ipynb', cell: 7, line: 1 })).toEqual(['']);
    expect(await read({ path: 'broken.ipynb', cell: 0, line: 1 })).toBeUndefined();
  });
});

describe('ReportPaths', () => {
  it('maps the report paths of several targets, a file among them, back to their files', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'aispm-lines-'));
    await writeFile(path.join(other, 'x.csv'), 'a\n');
    try {
      // The scan names these two (outside the working folder) from their common folder, the temp folder.
      const paths = new ReportPaths([root, path.join(other, 'x.csv')], '/nowhere');
      expect(paths.resolve(`${path.basename(root)}/main.tf`)).toBe(path.join(root, 'main.tf'));
      expect(paths.resolve(`${path.basename(other)}/x.csv`)).toBe(path.join(other, 'x.csv'));
      expect(paths.resolve(`${path.basename(root)}/../x.csv`)).toBeUndefined();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
