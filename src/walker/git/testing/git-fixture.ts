import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Test-only: builds fixture repositories with the real git CLI, deterministic (fixed identities
 * and dates, no user or system config), and cross-checks the reader against git. Product code
 * never imports this: the reader itself never runs git.
 */
export class GitFixture {
  readonly dir: string;
  private clock = 1_700_000_000;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'aispm-git-'));
  }

  /** Environment: a private HOME, no system config, fixed identity, the fixture's clock. */
  env(): NodeJS.ProcessEnv {
    const date = `${this.clock} +0000`;
    return {
      ...process.env,
      HOME: path.dirname(this.dir),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Ada Tester',
      GIT_AUTHOR_EMAIL: 'ada@example.test',
      GIT_COMMITTER_NAME: 'Ada Tester',
      GIT_COMMITTER_EMAIL: 'ada@example.test',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
  }

  git(args: string[], opts: { cwd?: string; input?: string | Buffer } = {}): string {
    return execFileSync('git', args, { cwd: opts.cwd ?? this.dir, env: this.env(), input: opts.input, maxBuffer: 1 << 30 }).toString('utf8');
  }

  gitBuffer(args: string[]): Buffer {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), maxBuffer: 1 << 30 });
  }

  /** `git init` with a fixed branch name. */
  init(extra: string[] = []): this {
    this.git(['init', '-q', '-b', 'main', ...extra]);
    return this;
  }

  write(rel: string, content: string | Buffer): void {
    const file = path.join(this.dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  /** Stages everything and commits; each commit one minute after the last. Returns its id. */
  commit(message: string): string {
    this.clock += 60;
    this.git(['add', '-A']);
    this.git(['commit', '-q', '--allow-empty', '-m', message]);
    return this.git(['rev-parse', 'HEAD']).trim();
  }

  /** Blob ids reachable from all refs, minus symlink targets: what historyBlobs should yield. */
  expectedBlobs(): Set<string> {
    const ids = new Set<string>();
    const lines = this.git(['rev-list', '--all', '--objects']).split('\n').filter(Boolean);
    const objs = lines.map((l) => l.split(' ')[0]!);
    const types = this.git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: objs.join('\n') + '\n' });
    for (const l of types.split('\n')) {
      const [id, type] = l.split(' ');
      if (type === 'blob') ids.add(id!);
    }
    // Symlink targets are blobs to git but not file content to us: every tree names them by mode.
    const trees = types.split('\n').filter((l) => l.endsWith(' tree')).map((l) => l.split(' ')[0]!);
    const links = new Set<string>();
    const files = new Set<string>();
    for (const t of trees) {
      for (const l of this.git(['ls-tree', t]).split('\n').filter(Boolean)) {
        const [mode, , id] = l.split(/\s+/);
        if (mode === '120000') links.add(id!);
        else if (mode?.startsWith('100')) files.add(id!);
      }
    }
    for (const id of links) if (!files.has(id)) ids.delete(id);
    return ids;
  }

  /** The oldest commit (first in `git log --reverse --all`) that added or modified `rel`. */
  firstCommitOf(rel: string): string {
    return this.git(['log', '--all', '--format=%H', '--diff-filter=AM', '--reverse', '--', rel]).split('\n')[0]!.trim();
  }
}

/** Every object git sees in the repository, with its type and content (`cat-file --batch`). */
export function allObjects(fx: GitFixture): Map<string, { type: string; data: Buffer }> {
  const out = new Map<string, { type: string; data: Buffer }>();
  const buf = fx.gitBuffer(['cat-file', '--batch-all-objects', '--batch']);
  let p = 0;
  while (p < buf.length) {
    const nl = buf.indexOf(0x0a, p);
    const [id, type, size] = buf.toString('latin1', p, nl).split(' ');
    const start = nl + 1;
    out.set(id!, { type: type!, data: buf.subarray(start, start + Number(size)) });
    p = start + Number(size) + 1;
  }
  return out;
}
