import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { GitFormatError } from './errors.js';
import { historyBlobs } from './history.js';
import { openRepository, type GitRepository } from './repository.js';
import { allObjects, GitFixture } from './testing/git-fixture.js';
import { craftDelta, craftPack, type CraftedEntry } from './testing/pack-writer.js';

const fixtures: GitFixture[] = [];
afterAll(() => {
  for (const f of fixtures) rmSync(f.dir, { recursive: true, force: true });
});

function repoWithHistory(pack: boolean): GitFixture {
  const fx = new GitFixture().init();
  fixtures.push(fx);
  const lines = Array.from({ length: 80 }, (_, i) => `row ${i} with ordinary words`);
  for (let r = 0; r < 12; r++) {
    lines[r * 5] = `row edited in revision ${r}`;
    fx.write('data.txt', lines.join('\n'));
    fx.write(`other-${r % 2}.txt`, `other file, revision ${r}\n`);
    fx.commit(`revision ${r}`);
  }
  if (pack) fx.git(['gc', '-q']);
  return fx;
}

function packPath(fx: GitFixture, ext: 'pack' | 'idx'): string {
  const dir = path.join(fx.dir, '.git', 'objects', 'pack');
  return path.join(dir, readdirSync(dir).find((n) => n.endsWith(`.${ext}`))!);
}

/** The call must throw a GitFormatError whose message names `file`. */
async function expectFormatError(fn: () => Promise<unknown>, file: RegExp | string): Promise<GitFormatError> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a GitFormatError').toBeInstanceOf(GitFormatError);
  expect((err as Error).message).toMatch(typeof file === 'string' ? new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : file);
  return err as GitFormatError;
}

/** Walks the whole history, reading every blob; returns the issues. Must never throw. */
async function walkAll(repo: GitRepository): Promise<string[]> {
  const issues: string[] = [];
  for await (const b of historyBlobs(repo, { onIssue: (m) => issues.push(m) })) {
    try {
      await b.read();
    } catch (err) {
      expect(err).toBeInstanceOf(GitFormatError);
      issues.push((err as Error).message);
    }
  }
  return issues;
}

/** A fresh repository whose packs are the crafted ones (`pack-crafted`, `pack-crafted2`…). */
async function craftedRepo(entries: CraftedEntry[], limits = {}, more: CraftedEntry[][] = [], setup?: (fx: GitFixture) => void): Promise<GitRepository> {
  const fx = new GitFixture().init();
  fixtures.push(fx);
  setup?.(fx);
  const dir = path.join(fx.dir, '.git', 'objects', 'pack');
  [entries, ...more].forEach((list, i) => {
    const { pack, idx } = craftPack(list);
    writeFileSync(path.join(dir, `pack-crafted${i || ''}.pack`), pack);
    writeFileSync(path.join(dir, `pack-crafted${i || ''}.idx`), idx);
  });
  const repo = (await openRepository(fx.dir, limits))!;
  expect(repo.problems).toEqual([]);
  return repo;
}

const id = (n: number) => n.toString(16).padStart(2, '0').repeat(20);
const text = Buffer.from('a base text of plain words');

describe('corrupt and hostile repositories', () => {
  it('a truncated pack is refused at open, naming the pack; the walk goes on with issues', async () => {
    const fx = repoWithHistory(true);
    const objects = [...allObjects(fx).keys()];
    const pack = packPath(fx, 'pack');
    truncateSync(pack, Math.floor(readFileSync(pack).length / 2));
    const repo = (await openRepository(fx.dir))!;
    expect(repo.problems.map((p) => p.file)).toEqual([pack]);
    expect(repo.problems[0]!.message).toMatch(/trailer/);
    await expectFormatError(() => repo.read(objects[0]!), pack);
    expect((await walkAll(repo)).join('\n')).toContain(pack);
    await repo.close();
  });

  it('a flipped byte in an idx is refused, naming the idx', async () => {
    const fx = repoWithHistory(true);
    const idx = packPath(fx, 'idx');
    const bytes = readFileSync(idx);
    bytes[1100]! ^= 0x40;
    writeFileSync(idx, bytes);
    const repo = (await openRepository(fx.dir))!;
    expect(repo.problems.map((p) => p.file)).toEqual([idx]);
    expect(repo.problems[0]!.message).toMatch(/idx checksum/);
    expect((await walkAll(repo)).join('\n')).toContain(idx);
    await repo.close();
  });

  it('a flipped byte in a loose object is a GitFormatError naming the object file', async () => {
    const fx = repoWithHistory(false);
    const blob = fx.git(['rev-parse', 'HEAD:data.txt']).trim();
    const file = path.join(fx.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    writeFileSync(file, bytes);
    const repo = (await openRepository(fx.dir))!;
    await expectFormatError(() => repo.read(blob), file);
    expect((await walkAll(repo)).join('\n')).toContain(file);
    await repo.close();
  });

  it('a loose object declaring a huge size is refused before inflating it', async () => {
    const fx = repoWithHistory(false);
    const fake = 'ab'.repeat(20);
    const file = path.join(fx.dir, '.git', 'objects', 'ab', fake.slice(2));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, deflateSync(Buffer.from('blob 99999999999999\0tiny')));
    const repo = (await openRepository(fx.dir))!;
    const err = await expectFormatError(() => repo.read(fake), file);
    expect(err.message).toMatch(/over the .*limit/);
    await repo.close();
  });

  it('random byte flips in a pack body give content or GitFormatError, never another error', async () => {
    const fx = repoWithHistory(true);
    const objects = [...allObjects(fx).keys()];
    const pack = packPath(fx, 'pack');
    const pristine = readFileSync(pack);
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let failures = 0;
    for (let round = 0; round < 60; round++) {
      const bytes = Buffer.from(pristine);
      // Flip body bytes only: the trailer check would refuse the pack before any entry is read.
      for (let k = 0; k < 3; k++) bytes[12 + rand(bytes.length - 32)]! ^= 1 << rand(8);
      writeFileSync(pack, bytes);
      const repo = (await openRepository(fx.dir))!;
      for (const o of objects) {
        try {
          await repo.read(o);
          await repo.objects.size(o);
        } catch (err) {
          expect(err).toBeInstanceOf(GitFormatError);
          expect((err as Error).message).toContain(fx.dir);
          failures++;
        }
      }
      await walkAll(repo);
      await repo.close();
    }
    expect(failures).toBeGreaterThan(0);
  });

  it('refuses a delta whose copy runs past its base', async () => {
    const repo = await craftedRepo([
      { id: id(1), type: 'blob', data: text },
      { id: id(2), type: 'ofs-delta', base: 0, data: craftDelta(text.length, 10, [0x91, 20, 10]) },
    ]);
    const err = await expectFormatError(() => repo.read(id(2)), 'pack-crafted.pack');
    expect(err.message).toMatch(/copies bytes 20\.\.30 from a base of 26/);
    await repo.close();
  });

  it('applies a well-formed crafted OFS and REF delta (the crafting is right)', async () => {
    const repo = await craftedRepo([
      { id: id(1), type: 'blob', data: text },
      { id: id(2), type: 'ofs-delta', base: 0, data: craftDelta(text.length, 6, [0x90, 6]) },
      { id: id(3), type: 'ref-delta', baseId: id(2), data: craftDelta(6, 4, [0x91, 2, 4]) },
    ]);
    expect((await repo.read(id(2))).data.toString()).toBe('a base');
    expect((await repo.read(id(3))).data.toString()).toBe('base');
    expect(await repo.objects.size(id(3))).toBe(4);
    await repo.close();
  });

  it('resolves a REF_DELTA base held in another pack', async () => {
    const repo = await craftedRepo(
      [{ id: id(1), type: 'ref-delta', baseId: id(2), data: craftDelta(text.length, 5, [0x91, 2, 4, 0x01, 0x21]) }],
      {},
      [[{ id: id(2), type: 'blob', data: text }]],
    );
    expect((await repo.read(id(1))).data.toString()).toBe('base!');
    await repo.close();
  });

  it('resolves a REF_DELTA base stored loose', async () => {
    const words = Buffer.from('loose base words');
    let loose = '';
    const repo = await craftedRepo([], {}, [], (fx) => {
      loose = fx.git(['hash-object', '-w', '--stdin'], { input: words }).trim();
      const { pack, idx } = craftPack([{ id: id(1), type: 'ref-delta', baseId: loose, data: craftDelta(words.length, 5, [0x91, 6, 4, 0x01, 0x3f]) }]);
      writeFileSync(path.join(fx.dir, '.git', 'objects', 'pack', 'pack-thin.pack'), pack);
      writeFileSync(path.join(fx.dir, '.git', 'objects', 'pack', 'pack-thin.idx'), idx);
    });
    expect((await repo.read(id(1))).data.toString()).toBe('base?');
    await repo.close();
  });

  it('refuses a REF_DELTA chain that loops', async () => {
    const repo = await craftedRepo([
      { id: id(1), type: 'ref-delta', baseId: id(2), data: craftDelta(3, 3, [0x90, 3]) },
      { id: id(2), type: 'ref-delta', baseId: id(1), data: craftDelta(3, 3, [0x90, 3]) },
    ]);
    const err = await expectFormatError(() => repo.read(id(1)), 'pack-crafted.pack');
    expect(err.message).toMatch(/loops/);
    await repo.close();
  });

  it('refuses a delta chain over the depth limit', async () => {
    const entries: CraftedEntry[] = [{ id: id(1), type: 'blob', data: text }];
    for (let i = 1; i < 12; i++) entries.push({ id: id(i + 1), type: 'ofs-delta', base: i - 1, data: craftDelta(text.length, text.length, [0x90, text.length]) });
    const repo = await craftedRepo(entries, { maxDeltaDepth: 8 });
    // The long chain first: once the short one is read, its bases are cached and shorten it.
    const err = await expectFormatError(() => repo.read(id(12)), 'pack-crafted.pack');
    expect(err.message).toMatch(/longer than 8/);
    expect((await repo.read(id(8))).data.equals(text)).toBe(true);
    await repo.close();
  });

  it('refuses a pack entry declaring a huge size, and one that inflates short of its size', async () => {
    const repo = await craftedRepo([
      { id: id(1), type: 'blob', data: text, declaredSize: 2 ** 40 },
      { id: id(2), type: 'blob', data: text, declaredSize: text.length + 5 },
      { id: id(3), type: 'blob', data: text, declaredSize: 3 },
      { id: id(4), type: 'ref-delta', baseId: id(9), data: craftDelta(3, 3, [0x90, 3]) },
    ]);
    expect((await expectFormatError(() => repo.read(id(1)), 'pack-crafted.pack')).message).toMatch(/declares 1099511627776 bytes, over/);
    expect((await expectFormatError(() => repo.objects.size(id(1)), 'pack-crafted.pack')).message).toMatch(/over/);
    expect((await expectFormatError(() => repo.read(id(2)), 'pack-crafted.pack')).message).toMatch(/inflates to 26 bytes, declared 31/);
    expect((await expectFormatError(() => repo.read(id(3)), 'pack-crafted.pack')).message).toMatch(/more than its declared 3/);
    expect((await expectFormatError(() => repo.read(id(4)), 'pack-crafted.pack')).message).toMatch(/needs base 0909/);
    await repo.close();
  });

  it('reports a SHA-256 repository as unsupported, naming its config', async () => {
    const fx = new GitFixture().init(['--object-format=sha256']);
    fixtures.push(fx);
    await expectFormatError(() => openRepository(fx.dir), /config: object format 'sha256' .* not supported/);
  });

  it('reports reftable ref storage as unsupported rather than finding no refs', async () => {
    const fx = new GitFixture().init();
    fixtures.push(fx);
    fx.git(['config', 'extensions.refStorage', 'reftable']);
    await expectFormatError(() => openRepository(fx.dir), /config: ref storage 'reftable' .* not supported/);
  });

  it('a hostile tree entry name is an issue, not a path outside the repository', async () => {
    const fx = repoWithHistory(false);
    const blob = fx.git(['hash-object', '-w', '--stdin'], { input: 'plain\n' }).trim();
    const tree = Buffer.concat([Buffer.from('100644 ../escape\0'), Buffer.from(blob, 'hex')]);
    const treeId = fx.git(['hash-object', '-w', '-t', 'tree', '--literally', '--stdin'], { input: tree }).trim();
    expect(treeId).toBe(createHash('sha1').update(`tree ${tree.length}\0`).update(tree).digest('hex'));
    const commit = fx.git(['commit-tree', treeId, '-m', 'hostile']).trim();
    fx.git(['update-ref', 'refs/heads/hostile', commit]);
    const repo = (await openRepository(fx.dir))!;
    const issues = await walkAll(repo);
    expect(issues.join('\n')).toMatch(/invalid entry name '\.\.\/escape'/);
    await repo.close();
  });

  it('a FIFO planted as a pack or a loose object is refused, not waited on', async () => {
    const fx = repoWithHistory(false);
    const blob = fx.git(['rev-parse', 'HEAD:data.txt']).trim();
    const file = path.join(fx.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    rmSync(file);
    execFileSync('mkfifo', [file]);
    const pack = path.join(fx.dir, '.git', 'objects', 'pack', 'pack-fifo.pack');
    execFileSync('mkfifo', [pack]);
    writeFileSync(pack.replace(/\.pack$/, '.idx'), craftPack([]).idx);
    const repo = (await openRepository(fx.dir))!;
    expect(repo.problems.map((p) => p.message)).toEqual([`${pack}: is not a regular file`]);
    await expectFormatError(() => repo.read(blob), `${file}: loose object is not a regular file`);
    expect((await walkAll(repo)).join('\n')).toContain(file);
    await repo.close();
    await repo.close();
  });

  it('a commit graph that loops and a tree that contains itself end the walk with issues, not a hang', async () => {
    const commit = (tree: string, parent: string) => Buffer.from(`tree ${tree}\nparent ${parent}\nauthor A <a@example.test> 1 +0000\ncommitter A <a@example.test> 1 +0000\n\nloop\n`);
    const selfTree = Buffer.concat([Buffer.from('40000 dir\0'), Buffer.from(id(5), 'hex'), Buffer.from('100644 f.txt\0'), Buffer.from(id(6), 'hex')]);
    let gitDir = '';
    const repo = await craftedRepo(
      [
        { id: id(1), type: 'commit', data: commit(id(5), id(2)) },
        { id: id(2), type: 'commit', data: commit(id(5), id(1)) },
        { id: id(3), type: 'commit', data: Buffer.from(`tree ${id(5)}\nauthor A <a@example.test> 1 +0000\n\nroot\n`) },
        { id: id(5), type: 'tree', data: selfTree },
        { id: id(6), type: 'blob', data: text },
      ],
      {},
      [],
      (fx) => {
        gitDir = path.join(fx.dir, '.git');
      },
    );
    writeFileSync(path.join(gitDir, 'refs', 'heads', 'main'), `${id(1)}\n`);
    mkdirSync(path.join(gitDir, 'refs', 'heads', 'x'));
    writeFileSync(path.join(gitDir, 'refs', 'heads', 'x', 'root'), `${id(3)}\n`);
    const issues: string[] = [];
    const paths: string[] = [];
    for await (const b of historyBlobs(repo, { onIssue: (m) => issues.push(m) })) paths.push(b.path);
    expect(issues).toEqual([expect.stringMatching(/2 commits are in a parent cycle/), expect.stringMatching(/tree 0505.* at dir\/ contains itself/)]);
    expect(paths).toEqual(['f.txt']);
    await repo.close();
  });

  it('a .git file without a gitdir line is a GitFormatError naming it', async () => {
    const fx = new GitFixture();
    fixtures.push(fx);
    writeFileSync(path.join(fx.dir, '.git'), 'nothing useful\n');
    await expectFormatError(() => openRepository(fx.dir), path.join(fx.dir, '.git'));
  });
});
