import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listRefs } from './refs.js';
import { openRepository } from './repository.js';
import { GitFixture } from './testing/git-fixture.js';

const fixtures: GitFixture[] = [];
afterAll(() => {
  for (const f of fixtures) rmSync(f.dir, { recursive: true, force: true });
});

/** git's own view: every ref peeled to its commit, plus HEAD. */
function gitRefs(fx: GitFixture): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fx.git(['for-each-ref', '--format=%(refname)']).split('\n').filter(Boolean)) {
    // ^{commit} peels every level; for-each-ref's %(*objectname) peels only one.
    out.set(name, fx.git(['rev-parse', `${name}^{commit}`]).trim());
  }
  out.set('HEAD', fx.git(['rev-parse', 'HEAD']).trim());
  return out;
}

describe('listRefs', () => {
  it('matches git for-each-ref across loose and packed refs, tags peeled, a loose ref newer than its packed one', async () => {
    const fx = new GitFixture().init();
    fixtures.push(fx);
    fx.write('a.txt', 'one\n');
    const c1 = fx.commit('one');
    fx.git(['tag', '-a', 'v1', '-m', 'release one']);
    fx.git(['tag', '-a', 'nested', '-m', 'tag of a tag', 'v1']);
    fx.git(['tag', 'light']);
    fx.git(['branch', 'topic']);
    fx.git(['pack-refs', '--all']);
    fx.write('a.txt', 'two\n');
    const c2 = fx.commit('two');
    // Re-tagged after packing: the loose ref wins, and the packed peel of the old tag must not.
    fx.git(['tag', '-f', '-a', 'v1', '-m', 'release one again']);
    fx.git(['update-ref', 'refs/remotes/origin/main', c1]);
    fx.write('a.txt', 'stashed\n');
    fx.git(['stash', '-q']);
    const issues: string[] = [];
    const repo = (await openRepository(fx.dir))!;
    const refs = await listRefs(repo, (m) => issues.push(m));
    expect(new Map(refs.map((r) => [r.name, r.commit]))).toEqual(gitRefs(fx));
    expect(refs.find((r) => r.name === 'refs/tags/v1')!.commit).toBe(c2);
    expect(refs.find((r) => r.name === 'refs/tags/nested')!.commit).toBe(c1);
    expect(issues).toEqual([]);
    await repo.close();
  });

  it('follows a detached HEAD and reports a tag of a blob instead of walking it', async () => {
    const fx = new GitFixture().init();
    fixtures.push(fx);
    fx.write('a.txt', 'one\n');
    const c1 = fx.commit('one');
    fx.commit('two');
    fx.git(['checkout', '-q', '--detach', c1]);
    const blob = fx.git(['rev-parse', 'HEAD:a.txt']).trim();
    fx.git(['tag', '-a', 'blob-tag', '-m', 'tags a blob', blob]);
    const issues: string[] = [];
    const repo = (await openRepository(fx.dir))!;
    const refs = await listRefs(repo, (m) => issues.push(m));
    expect(refs.find((r) => r.name === 'HEAD')!.commit).toBe(c1);
    expect(refs.some((r) => r.name === 'refs/tags/blob-tag')).toBe(false);
    expect(issues).toEqual([expect.stringMatching(/refs\/tags\/blob-tag names a blob/)]);
    await repo.close();
  });
});
