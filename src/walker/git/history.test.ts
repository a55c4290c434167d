import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitBlobId } from './blob-id.js';
import { headTree, historyBlobs, type HistoryBlob, type HistoryOptions, type HistoryStats } from './history.js';
import { resolveCommit } from './refs.js';
import { openRepository, type GitRepository } from './repository.js';
import { GitFixture } from './testing/git-fixture.js';

const fixtures: GitFixture[] = [];
afterAll(() => {
  for (const f of fixtures) rmSync(f.dir, { recursive: true, force: true });
});

function fixture(): GitFixture {
  const fx = new GitFixture();
  fixtures.push(fx);
  return fx;
}

async function walk(repo: GitRepository, opts: HistoryOptions = {}): Promise<{ blobs: HistoryBlob[]; stats: HistoryStats; issues: string[] }> {
  const issues: string[] = [];
  const blobs: HistoryBlob[] = [];
  const gen = historyBlobs(repo, { onIssue: (m) => issues.push(m), ...opts });
  for (;;) {
    const r = await gen.next();
    if (r.done) return { blobs, stats: r.value, issues };
    blobs.push(r.value);
  }
}

/** The yielded set equals git's blob set; every content is git's; every id hashes right. */
async function crossCheck(fx: GitFixture, repo: GitRepository): Promise<HistoryBlob[]> {
  const { blobs, stats } = await walk(repo);
  const ids = blobs.map((b) => b.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(fx.expectedBlobs());
  expect(stats.blobs).toBe(blobs.length);
  for (const b of blobs) {
    const data = await b.read();
    expect(data.equals(fx.gitBuffer(['cat-file', 'blob', b.id])), b.path).toBe(true);
    expect(gitBlobId(data)).toBe(b.id);
    expect(b.size).toBe(data.length);
  }
  return blobs;
}

/**
 * One repository with most of what history holds: branches, a merge, annotated and lightweight
 * tags, a deletion, a rename, a symlink, a submodule gitlink, a stash, packed refs.
 */
function richRepo(): { fx: GitFixture; ids: Record<string, string> } {
  const fx = fixture().init();
  const ids: Record<string, string> = {};
  fx.write('README.md', 'a project readme\n');
  fx.write('src/app.py', 'print("hello")\n');
  ids.root = fx.commit('initial import');
  fx.write('notes/deleted.txt', 'this note is removed later\n');
  fx.write('old-name.txt', 'this file is renamed later\n');
  ids.addNotes = fx.commit('add notes');
  fx.git(['tag', '-a', 'v1', '-m', 'first release']);
  fx.git(['checkout', '-q', '-b', 'feature']);
  fx.write('src/feature.py', 'def feature():\n    return 1\n');
  ids.feature = fx.commit('feature work');
  fx.git(['tag', 'light']);
  fx.git(['checkout', '-q', 'main']);
  rmSync(path.join(fx.dir, 'notes/deleted.txt'));
  fx.git(['mv', 'old-name.txt', 'new-name.txt']);
  symlinkSync('README.md', path.join(fx.dir, 'link-to-readme'));
  symlinkSync('target-only-a-link-names', path.join(fx.dir, 'dangling-link'));
  ids.rename = fx.commit('delete a note, rename a file, add symlinks');
  fx.git(['update-index', '--add', '--cacheinfo', `160000,${ids.root},vendor/sub`]);
  ids.gitlink = fx.commit('add a submodule gitlink');
  fx.git(['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature']);
  ids.merge = fx.git(['rev-parse', 'HEAD']).trim();
  fx.write('src/app.py', 'print("stashed change")\n');
  fx.git(['stash', '-q']);
  fx.git(['checkout', '-q', '-b', 'side', ids.root!]);
  fx.write('side.txt', 'only on a side branch\n');
  ids.side = fx.commit('side branch');
  fx.git(['checkout', '-q', 'main']);
  fx.git(['pack-refs', '--all']);
  return { fx, ids };
}

describe('historyBlobs', () => {
  let rich: { fx: GitFixture; ids: Record<string, string> };
  beforeAll(() => {
    rich = richRepo();
  });

  it('yields every blob git has once, loose, with git’s bytes, attributed to the adding commit', async () => {
    const { fx, ids } = rich;
    const repo = (await openRepository(fx.dir))!;
    const blobs = await crossCheck(fx, repo);
    // Walk order is oldest first, so the first blob yielded at a path is its first version.
    const byPath = new Map<string, HistoryBlob>();
    for (const b of blobs) if (!byPath.has(b.path)) byPath.set(b.path, b);
    expect(byPath.get('notes/deleted.txt')!.commit.id).toBe(ids.addNotes);
    expect(byPath.get('notes/deleted.txt')!.commit.id).toBe(fx.firstCommitOf('notes/deleted.txt'));
    expect(byPath.get('src/feature.py')!.commit.id).toBe(ids.feature);
    expect(byPath.get('side.txt')!.commit.id).toBe(ids.side);
    // A rename keeps the blob: it was introduced under its first name.
    expect(byPath.get('old-name.txt')!.commit.id).toBe(ids.addNotes);
    expect(byPath.has('new-name.txt')).toBe(false);
    expect(byPath.get('src/app.py')!.commit).toEqual({
      id: ids.root,
      author: 'Ada Tester',
      email: 'ada@example.test',
      time: '2023-11-14T22:14:20Z',
      summary: 'initial import',
    });
    // The stash's working-tree blob is reachable from refs/stash.
    expect(blobs.some((b) => b.path === 'src/app.py' && b.commit.id !== ids.root)).toBe(true);
    expect([...byPath.keys()].some((p) => p.includes('link') || p.startsWith('vendor'))).toBe(false);
    for (const p of ['README.md', 'src/app.py', 'old-name.txt']) expect(byPath.get(p)!.commit.id).toBe(fx.firstCommitOf(p));
    await repo.close();
  });

  it('yields the same after git gc packed objects and refs', async () => {
    const { fx } = rich;
    const before = await (async () => {
      const repo = (await openRepository(fx.dir))!;
      const r = await walk(repo);
      await repo.close();
      return r.blobs.map((b) => `${b.id} ${b.path} ${b.commit.id}`).sort();
    })();
    fx.git(['gc', '-q']);
    const repo = (await openRepository(fx.dir))!;
    const after = await crossCheck(fx, repo);
    expect(after.map((b) => `${b.id} ${b.path} ${b.commit.id}`).sort()).toEqual(before);
    await repo.close();
  });

  it('gives a modified file its previous version (readPrevious), and an added one none', async () => {
    const repo = (await openRepository(rich.fx.dir))!;
    const { blobs } = await walk(repo);
    const stashed = blobs.find((b) => b.path === 'src/app.py' && b.commit.id !== rich.ids.root)!;
    expect((await stashed.read()).toString()).toBe('print("stashed change")\n');
    expect((await stashed.readPrevious!()).toString()).toBe('print("hello")\n');
    expect(blobs.find((b) => b.path === 'src/feature.py')!.readPrevious).toBeUndefined();
    expect(blobs.find((b) => b.path === 'README.md')!.readPrevious).toBeUndefined();
    await repo.close();
  });

  it('counts commits and reports its stats', async () => {
    const repo = (await openRepository(rich.fx.dir))!;
    const { stats, issues } = await walk(repo);
    expect(stats.commits).toBe(Number(rich.fx.git(['rev-list', '--all', '--count']).trim()));
    expect(stats.truncated).toBe(0);
    expect(stats.skipped).toBe(0);
    expect(issues).toEqual([]);
    await repo.close();
  });

  it('gives a blob added on two branches to the older commit, whichever branch it is on', async () => {
    const fx = fixture().init();
    fx.write('base.txt', 'base\n');
    const root = fx.commit('root');
    fx.git(['checkout', '-q', '-b', 'later', root]);
    fx.git(['checkout', '-q', 'main']);
    fx.write('first/shared.txt', 'the same words on two branches\n');
    const older = fx.commit('main adds it first');
    fx.git(['checkout', '-q', 'later']);
    fx.write('second/copy.txt', 'the same words on two branches\n');
    fx.commit('later adds it again');
    // A newer commit on main, so main's tip is the newest of all.
    fx.git(['checkout', '-q', 'main']);
    fx.write('base.txt', 'base, edited\n');
    fx.commit('main moves on');
    const repo = (await openRepository(fx.dir))!;
    const { blobs } = await walk(repo);
    const shared = blobs.filter((b) => b.path.endsWith('shared.txt') || b.path.endsWith('copy.txt'));
    expect(shared.map((b) => [b.path, b.commit.id])).toEqual([['first/shared.txt', older]]);
    await repo.close();
  });

  it('walks the commits only the reflogs remember — amended, reset away, a deleted branch — until they are pruned', async () => {
    const fx = fixture().init();
    fx.write('app.cfg', 'mode = dev\n');
    fx.commit('start');
    fx.write('app.cfg', 'mode = dev\nnote = amended away\n');
    const amended = fx.commit('oops');
    fx.write('app.cfg', 'mode = prod\n');
    fx.git(['commit', '-q', '-a', '--amend', '-m', 'fixed']);
    fx.write('scratch.txt', 'reset away\n');
    const reset = fx.commit('scratch');
    fx.git(['reset', '-q', '--hard', 'HEAD~1']);
    fx.git(['checkout', '-q', '-b', 'gone']);
    fx.write('branch.txt', 'on a deleted branch\n');
    const onBranch = fx.commit('branch work');
    fx.git(['checkout', '-q', '-']);
    fx.git(['branch', '-q', '-D', 'gone']);
    const repo = (await openRepository(fx.dir))!;
    const texts = async (opts: HistoryOptions) => {
      const { blobs } = await walk(repo, opts);
      return new Map(await Promise.all(blobs.map(async (b) => [(await b.read()).toString(), b.commit.id] as const)));
    };
    const withLog = await texts({});
    expect(withLog.get('mode = dev\nnote = amended away\n')).toBe(amended);
    expect(withLog.get('reset away\n')).toBe(reset);
    expect(withLog.get('on a deleted branch\n')).toBe(onBranch);
    const refsOnly = await texts({ reflog: false });
    for (const t of ['mode = dev\nnote = amended away\n', 'reset away\n', 'on a deleted branch\n']) expect(refsOnly.has(t)).toBe(false);
    await repo.close();
    // Expired and pruned: gone from the clone, nothing to walk and nothing to say.
    fx.git(['reflog', 'expire', '--expire=now', '--all']);
    fx.git(['gc', '-q', '--prune=now']);
    const pruned = (await openRepository(fx.dir))!;
    const after = await walk(pruned);
    expect(after.issues).toEqual([]);
    expect(after.stats.commits).toBe(2);
    await pruned.close();
  });

  it('since: walks only what HEAD adds to a base (git log base..HEAD), diffing the first added commit against the base', async () => {
    const fx = fixture().init();
    fx.write('a.txt', 'version one\n');
    fx.commit('one');
    fx.write('a.txt', 'version two\n');
    const base = fx.commit('two');
    fx.git(['tag', 'release', base]);
    fx.git(['checkout', '-q', '-b', 'feature']);
    fx.write('secret.txt', 'added then removed\n');
    const added = fx.commit('add');
    rmSync(path.join(fx.dir, 'secret.txt'));
    fx.write('a.txt', 'version three\n');
    const removed = fx.commit('remove');
    const repo = (await openRepository(fx.dir))!;
    for (const name of ['main', 'refs/heads/main', 'heads/main', 'release', base]) expect(await resolveCommit(repo, name), name).toBe(base);
    expect(await resolveCommit(repo, 'HEAD')).toBe(removed);
    expect(await resolveCommit(repo, 'no-such-branch')).toBeUndefined();
    expect(await resolveCommit(repo, 'f'.repeat(40))).toBeUndefined();
    const { blobs, stats, issues } = await walk(repo, { since: [base] });
    expect(issues).toEqual([]);
    expect(stats.commits).toBe(2);
    const got = await Promise.all(blobs.map(async (b) => [b.path, (await b.read()).toString(), b.commit.id]));
    expect(got).toEqual([
      ['secret.txt', 'added then removed\n', added],
      ['a.txt', 'version three\n', removed],
    ]);
    // Nothing to add: an empty walk, not the whole history.
    expect((await walk(repo, { since: [removed] })).stats.commits).toBe(0);
    await repo.close();
  });

  it('stops at maxCommits keeping the newest, and says how many were left', async () => {
    const fx = fixture().init();
    for (let i = 0; i < 6; i++) {
      fx.write(`f${i}.txt`, `file number ${i}\n`);
      fx.commit(`commit ${i}`);
    }
    const repo = (await openRepository(fx.dir))!;
    const { blobs, stats, issues } = await walk(repo, { maxCommits: 2, reflog: false });
    expect(stats.commits).toBe(2);
    expect(stats.truncated).toBe(1);
    expect(issues.join('\n')).toMatch(/maxCommits = 2; at least 1 older/);
    // The reflog names every commit HEAD was at: all are known, so the count left is exact.
    expect((await walk(repo, { maxCommits: 2 })).stats.truncated).toBe(4);
    // The oldest walked commit becomes a root: everything in its tree is still scanned.
    expect(blobs.map((b) => b.path).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt']);
    await repo.close();
  });

  it('skips blobs over maxBlobBytes with a note, without reading them', async () => {
    const fx = fixture().init();
    fx.write('small.txt', 'small\n');
    fx.write('big.txt', 'x'.repeat(5000));
    fx.commit('sizes');
    const repo = (await openRepository(fx.dir))!;
    const { blobs, stats, issues } = await walk(repo, { maxBlobBytes: 1000 });
    expect(blobs.map((b) => b.path)).toEqual(['small.txt']);
    expect(stats.skipped).toBe(1);
    expect(issues[0]).toMatch(/big\.txt .*5000 bytes is over maxBlobBytes = 1000/);
    await repo.close();
  });

  it('walks a shallow clone, its boundary commit as a root, without an issue', async () => {
    const src = rich.fx;
    const clone = fixture();
    src.git(['clone', '-q', '--depth', '1', `file://${src.dir}`, clone.dir]);
    const repo = (await openRepository(clone.dir))!;
    expect(repo.shallow.size).toBe(1);
    const { issues } = await walk(repo);
    expect(issues).toEqual([]);
    await crossCheck(clone, repo);
    await repo.close();
  });

  it('walks past a missing parent commit as a root, with an issue naming it', async () => {
    const fx = fixture().init();
    fx.write('a.txt', 'first\n');
    const first = fx.commit('first');
    fx.write('b.txt', 'second\n');
    fx.commit('second');
    rmSync(path.join(fx.dir, '.git', 'objects', first.slice(0, 2), first.slice(2)));
    const repo = (await openRepository(fx.dir))!;
    const { blobs, issues, stats } = await walk(repo);
    expect(issues).toEqual([expect.stringContaining(`commit ${first} (parent of`)]);
    expect(blobs.map((b) => b.path).sort()).toEqual(['a.txt', 'b.txt']);
    expect(stats.commits).toBe(1);
    await repo.close();
  });

  it('opens a linked worktree through its .git file and commondir', async () => {
    const fx = fixture().init();
    fx.write('base.txt', 'base\n');
    fx.commit('base');
    const wtDir = `${fx.dir}-wt`;
    fx.git(['worktree', 'add', '-q', '-b', 'wt-branch', wtDir]);
    const wt = new GitFixture(wtDir);
    fixtures.push(wt);
    wt.write('from-worktree.txt', 'made in the worktree\n');
    wt.commit('worktree commit');
    const repo = (await openRepository(wtDir))!;
    expect(repo.gitDir).not.toBe(repo.commonDir);
    const blobs = await crossCheck(wt, repo);
    expect(blobs.map((b) => b.path).sort()).toEqual(['base.txt', 'from-worktree.txt']);
    expect(await headTree(repo)).toEqual(new Map([['base.txt', gitBlobId(Buffer.from('base\n'))], ['from-worktree.txt', gitBlobId(Buffer.from('made in the worktree\n'))]]));
    await repo.close();
  });

  it('resolves a relative gitdir in a .git file (as a submodule checkout has)', async () => {
    const fx = rich.fx;
    const outer = fixture();
    writeFileSync(path.join(outer.dir, '.git'), `gitdir: ${path.relative(outer.dir, path.join(fx.dir, '.git'))}\n`);
    const repo = (await openRepository(outer.dir))!;
    expect(repo.gitDir).toBe(path.join(fx.dir, '.git'));
    await repo.close();
  });

  it('returns undefined where there is no repository', async () => {
    expect(await openRepository(fixture().dir)).toBeUndefined();
  });
});

describe('headTree', () => {
  it('maps HEAD’s regular files to blob ids, as git ls-tree does', async () => {
    const { fx } = richRepo();
    const repo = (await openRepository(fx.dir))!;
    const want = new Map<string, string>();
    for (const line of fx.git(['ls-tree', '-r', 'HEAD']).split('\n').filter(Boolean)) {
      const [mode, , id, name] = line.split(/\s+/);
      if (mode!.startsWith('100')) want.set(name!, id!);
    }
    expect(await headTree(repo)).toEqual(want);
    expect(want.size).toBeGreaterThan(3);
    await repo.close();
  });
});

describe('gitBlobId', () => {
  it('is git hash-object of the bytes', () => {
    const fx = fixture();
    fx.write('x.txt', 'some plain words\n');
    expect(gitBlobId(Buffer.from('some plain words\n'))).toBe(fx.git(['hash-object', 'x.txt']).trim());
    expect(gitBlobId(new Uint8Array(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});
