import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanIssue } from '../core/index.js';
import { walk, type WalkEntry } from './walk.js';

async function collect(root: string, opts = {}) {
  const issues: ScanIssue[] = [];
  const files: WalkEntry[] = [];
  for await (const batch of walk(root, (i) => issues.push(i), opts)) files.push(...batch);
  return { files, issues, paths: files.map((f) => f.info.path).sort() };
}

async function tree(spec: Record<string, string | Uint8Array>) {
  const root = await mkdtemp(path.join(tmpdir(), 'aispm-walk-'));
  for (const [rel, content] of Object.entries(spec)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

describe('walk', () => {
  it('honours .gitignore and .aispmignore, including nested ones', async () => {
    const root = await tree({
      '.gitignore': 'build/\n*.log\n',
      '.aispmignore': 'secret-scratch.txt\n',
      'build/out.py': 'x',
      'a.log': 'x',
      'keep.py': 'x',
      'secret-scratch.txt': 'x',
      'sub/.gitignore': 'local.txt\n',
      'sub/local.txt': 'x',
      'sub/kept.txt': 'x',
      'other/local.txt': 'x',
    });
    const { paths } = await collect(root);
    expect(paths).toEqual(['.aispmignore', '.gitignore', 'keep.py', 'other/local.txt', 'sub/.gitignore', 'sub/kept.txt']);
  });

  it('skips node_modules and .git by default', async () => {
    const root = await tree({ 'node_modules/x/index.js': 'x', '.git/config': 'x', 'src/a.py': 'x' });
    expect((await collect(root)).paths).toEqual(['src/a.py']);
  });

  it('survives a symlink loop and reports it', async () => {
    const root = await tree({ 'a/file.txt': 'x' });
    await symlink(root, path.join(root, 'a', 'loop'));
    const { paths, issues } = await collect(root);
    expect(paths).toEqual(['a/file.txt']);
    expect(issues.find((i) => i.reason === 'symlink-loop')?.message).toContain('a symlink loop as the scan root');
  });

  it('says a folder reached twice through a symlink is the same folder, not a loop', async () => {
    const root = await tree({ 'docs/pkg/README': 'x', 'other/keep.txt': 'y' });
    await symlink(path.join(root, 'docs', 'pkg'), path.join(root, 'other', 'pkg-alias'));
    const { paths, issues } = await collect(root);
    // Whichever way in is walked first is the one scanned; the other is said to be the same folder.
    const readme = paths.find((p) => p.endsWith('/README'))!;
    expect(paths.sort()).toEqual([readme, 'other/keep.txt'].sort());
    const first = path.posix.dirname(readme);
    expect(issues.filter((i) => i.reason === 'symlink-loop').map((i) => i.message)).toEqual([`the same folder as ${first}, reached again through a symlink; not entered again`]);
  });

  it('reports a broken symlink and goes on', async () => {
    const root = await tree({ 'ok.txt': 'x' });
    await symlink(path.join(root, 'missing'), path.join(root, 'dangling'));
    const { paths, issues } = await collect(root);
    expect(paths).toEqual(['ok.txt']);
    expect(issues).toEqual([expect.objectContaining({ path: 'dangling', reason: 'unreadable', message: 'broken symbolic link' })]);
  });

  it('says links that point at each other are a loop, not a broken link', async () => {
    const root = await tree({ 'ok.txt': 'x' });
    await symlink(path.join(root, 'b'), path.join(root, 'a'));
    await symlink(path.join(root, 'a'), path.join(root, 'b'));
    const { paths, issues } = await collect(root);
    expect(paths).toEqual(['ok.txt']);
    expect(issues.map((i) => `${i.path}: ${i.message}`).sort()).toEqual(['a: symbolic link loop (the links point at each other)', 'b: symbolic link loop (the links point at each other)']);
  });

  it('stops at the depth limit with a message instead of recursing forever', async () => {
    const deep = Array.from({ length: 12 }, (_, i) => `d${i}`).join('/');
    const root = await tree({ [`${deep}/f.txt`]: 'x', 'top.txt': 'x' });
    const { paths, issues } = await collect(root, { maxDepth: 5 });
    expect(paths).toEqual(['top.txt']);
    expect(issues[0]).toMatchObject({ reason: 'limit' });
  });

  it('sniffs content: a pickle named .txt is a pickle', async () => {
    const root = await tree({ 'notes.txt': Uint8Array.from([0x80, 0x04, 0x95, 1, 0, 0, 0, 0, 0, 0, 0, 0x4e, 0x2e]) });
    const { files } = await collect(root);
    expect(files[0]!.info).toMatchObject({ path: 'notes.txt', ext: '.txt', sniffed: 'pickle' });
  });

  it('accepts a single file as the target', async () => {
    const root = await tree({ 'model.pkl': 'cos\nsystem\n' });
    const { files } = await collect(path.join(root, 'model.pkl'));
    expect(files.map((f) => f.info.path)).toEqual(['model.pkl']);
  });

  it('reports a missing target instead of throwing', async () => {
    const { files, issues } = await collect('/nonexistent/aispm-test');
    expect(files).toEqual([]);
    expect(issues[0]).toMatchObject({ reason: 'unreadable' });
  });
});
