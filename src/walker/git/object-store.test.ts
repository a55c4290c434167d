import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackFile } from './pack.js';
import { openRepository, type GitRepository } from './repository.js';
import { allObjects, GitFixture } from './testing/git-fixture.js';

const fixtures: GitFixture[] = [];
afterAll(() => {
  for (const f of fixtures) rmSync(f.dir, { recursive: true, force: true });
});

/** A repo with many similar revisions of a few files, so repacking makes delta chains. */
function revisions(count = 40): GitFixture {
  const fx = new GitFixture().init();
  fixtures.push(fx);
  const lines = Array.from({ length: 200 }, (_, i) => `line ${i} of the configuration notes, plain words only`);
  for (let r = 0; r < count; r++) {
    lines[(r * 7) % lines.length] = `line changed in revision ${r}`;
    fx.write('notes.txt', lines.join('\n') + '\n');
    fx.write(`dir/sub/file-${r % 3}.md`, `# Title ${r % 3}\n\n${lines.slice(0, 50 + r).join('\n')}\n`);
    fx.commit(`revision ${r}`);
  }
  return fx;
}

/** Reads every object git knows through the reader and compares type and bytes. */
async function expectSameObjects(fx: GitFixture, repo: GitRepository, all = allObjects(fx)): Promise<number> {
  expect(all.size).toBeGreaterThan(10);
  for (const [id, want] of all) {
    const got = await repo.read(id);
    expect(got.type, id).toBe(want.type);
    expect(got.data.equals(want.data), `${want.type} ${id}`).toBe(true);
    expect(await repo.objects.size(id)).toBe(want.data.length);
  }
  return all.size;
}

function packFiles(fx: GitFixture): string[] {
  const dir = path.join(fx.dir, '.git', 'objects', 'pack');
  return readdirSync(dir).filter((n) => n.endsWith('.pack')).map((n) => path.join(dir, n));
}

/** Counts pack entries by type, reading each object's entry header through the reader's PackFile. */
async function entryTypes(fx: GitFixture): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const pack of packFiles(fx)) {
    const pf = await PackFile.open(pack, pack.replace(/\.pack$/, '.idx'), 1 << 30);
    for (const id of allObjects(fx).keys()) {
      const off = pf.index.find(Buffer.from(id, 'hex'));
      if (off === undefined) continue;
      const t = (await pf.entry(off)).type;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    await pf.close();
  }
  return counts;
}

describe('object store', () => {
  it('reads loose objects only', async () => {
    const fx = revisions(5);
    expect(readdirSync(path.join(fx.dir, '.git', 'objects', 'pack'))).toEqual([]);
    const repo = (await openRepository(fx.dir))!;
    expect(await expectSameObjects(fx, repo)).toBeGreaterThan(20);
    await repo.close();
  });

  it('reads a gc-packed repository with OFS_DELTA chains', async () => {
    const fx = revisions();
    fx.git(['gc', '-q', '--aggressive']);
    const verify = fx.git(['verify-pack', '-v', packFiles(fx)[0]!]);
    expect(verify).toMatch(/chain length = [2-9]/);
    const types = await entryTypes(fx);
    expect(types.get('ofs-delta')).toBeGreaterThan(10);
    const repo = (await openRepository(fx.dir))!;
    expect(repo.problems).toEqual([]);
    await expectSameObjects(fx, repo);
    await repo.close();
  });

  it('reads REF_DELTA entries (repacked without delta-base-offset)', async () => {
    const fx = revisions();
    fx.git(['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-f', '-q']);
    const types = await entryTypes(fx);
    expect(types.get('ref-delta')).toBeGreaterThan(10);
    expect(types.get('ofs-delta')).toBeUndefined();
    const repo = (await openRepository(fx.dir))!;
    await expectSameObjects(fx, repo);
    await repo.close();
  });

  it('reads an idx version 1 and an idx v2 whose offsets all sit in the 8-byte table', async () => {
    const fx = revisions(10);
    fx.git(['gc', '-q']);
    const pack = packFiles(fx)[0]!;
    const idx = pack.replace(/\.pack$/, '.idx');
    const all = allObjects(fx);
    for (const version of ['1', '2,0']) {
      rmSync(idx);
      fx.git(['index-pack', `--index-version=${version}`, '-o', idx, pack]);
      // v1: 24 bytes an object; v2 with threshold 0: 28 bytes plus 8 in the large-offset table.
      const perObject = version === '1' ? 24 : 36;
      expect(statSync(idx).size).toBe((version === '1' ? 1024 : 1032) + all.size * perObject + 40);
      const repo = (await openRepository(fx.dir))!;
      expect(repo.problems).toEqual([]);
      await expectSameObjects(fx, repo, all);
      await repo.close();
    }
  });

  it('reads objects split between packs and loose files', async () => {
    const fx = revisions(8);
    fx.git(['gc', '-q']);
    fx.write('later.txt', 'added after the pack was made\n');
    fx.commit('later');
    const repo = (await openRepository(fx.dir))!;
    await expectSameObjects(fx, repo);
    await repo.close();
  });

  it('follows objects/info/alternates of a shared clone', async () => {
    const src = revisions(4);
    const clone = new GitFixture();
    fixtures.push(clone);
    src.git(['clone', '-q', '--shared', src.dir, clone.dir]);
    expect(readdirSync(path.join(clone.dir, '.git', 'objects', 'info'))).toContain('alternates');
    const repo = (await openRepository(clone.dir))!;
    await expectSameObjects(clone, repo);
    await repo.close();
  });
});
