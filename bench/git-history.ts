import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyBlobs, openRepository, type HistoryStats } from '../src/walker/git/index.js';
import { peakRssMB, printTable } from './table.js';

/**
 * History reading speed (`aispm scan --history`): our `.git` reader walking every commit and
 * reading every distinct blob, beside what the peers run — `git log -p --all` (gitleaks) and
 * `git cat-file --batch-all-objects --batch` (every object, no walk). The peers' output is read
 * and thrown away. Without a repository argument, a repository of COMMITS commits of text edits is
 * made with git fast-import and packed with git gc, as a clone would be.
 */
const COMMITS = Number(process.env.AISPM_BENCH_GIT_COMMITS) || 3000;
const FILES = 200;

const gitEnv = (home: string): NodeJS.ProcessEnv => ({ ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });

/** A fast-import stream: each commit rewrites a few lines of three files of a FILES-file tree. */
function fastImportStream(): Buffer {
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  const files = Array.from({ length: FILES }, (_, f) => Array.from({ length: 120 }, (_, l) => `file ${f} line ${l}: the quick brown fox jumps over the lazy dog`));
  for (let c = 1; c <= COMMITS; c++) {
    const when = 1_600_000_000 + c * 600;
    parts.push(`commit refs/heads/main\nmark :${c}\nauthor Bench Author <bench@example.test> ${when} +0000\ncommitter Bench Author <bench@example.test> ${when} +0000\n`);
    parts.push(data(`change ${c}`));
    if (c > 1) parts.push(`from :${c - 1}\n`);
    for (let k = 0; k < 3; k++) {
      const f = (c * 7 + k * 61) % FILES;
      const lines = files[f]!;
      lines[(c * 13 + k) % lines.length] = `file ${f} edited in commit ${c}, part ${k}`;
      parts.push(`M 100644 inline src/module-${f % 20}/file-${f}.txt\n`, data(lines.join('\n') + '\n'));
    }
  }
  return Buffer.from(parts.join(''));
}

function makeRepo(dir: string): void {
  const env = gitEnv(dir);
  spawnSync('git', ['init', '-q', '-b', 'main', dir], { env });
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: fastImportStream(), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr.toString()}`);
  spawnSync('git', ['gc', '-q'], { cwd: dir, env });
}

/** Runs a command, discarding its output; wall time, bytes out, and its peak RSS from /proc. */
function runPeer(dir: string, args: string[], command = 'git'): Promise<{ seconds: number; bytes: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: dir, env: gitEnv(dir), stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    let rssKB = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) rssKB = Math.max(rssKB, Number(m[1]));
      } catch {
        // Already gone, or no /proc: the peak stays what it was.
      }
    }, 20);
    child.stdout.on('data', (b: Buffer) => (bytes += b.length));
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(poll);
      resolve({ seconds: (performance.now() - t0) / 1000, bytes, rssMB: rssKB / 1024 });
    });
  });
}

interface WalkResult {
  seconds: number;
  bytes: number;
  issues: number;
  rssMB: number;
  stats: HistoryStats;
}

/** The measured part: walk the history and read every blob, in this process. */
async function walk(dir: string): Promise<WalkResult> {
  const repo = await openRepository(dir);
  if (!repo) throw new Error(`${dir} holds no git repository`);
  const t0 = performance.now();
  let bytes = 0;
  let issues = 0;
  const gen = historyBlobs(repo, { onIssue: () => issues++ });
  let r = await gen.next();
  while (!r.done) {
    bytes += (await r.value.read()).length;
    r = await gen.next();
  }
  const seconds = (performance.now() - t0) / 1000;
  await repo.close();
  return { seconds, bytes, issues, rssMB: peakRssMB(), stats: r.value };
}

/** Runs the bench on `repoDir`, or on a generated repository. */
export async function benchGitHistory(repoDir?: string): Promise<void> {
  const made = repoDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'aispm-bench-git-'));
  const dir = repoDir ?? made!;
  try {
    if (made) {
      const t = performance.now();
      makeRepo(made);
      process.stdout.write(`generated ${COMMITS} commits in ${((performance.now() - t) / 1000).toFixed(1)} s at ${made}\n`);
    }
    // The walk runs in a child so its peak RSS is its own, not the repository generator's.
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--walk', dir], { maxBuffer: 1 << 20 }).toString();
    const ours = JSON.parse(out.trim().split('\n').pop()!) as WalkResult;
    const { seconds, bytes, issues, stats } = ours;
    const commits = stats.commits;
    const row = (name: string, s: number, b: number, rss: number, note: string) => [
      name,
      s.toFixed(2),
      Math.round(commits / s).toLocaleString('en-US'),
      (b / 2 ** 20 / s).toFixed(1),
      rss.toFixed(0),
      note,
    ];
    const rows = [row('aispm historyBlobs + read()', seconds, bytes, ours.rssMB, `${stats.blobs} blobs, ${(bytes / 2 ** 20).toFixed(1)} MB, ${issues} issues`)];
    // The whole feature: the CLI reading every version for secrets and personal data (the generated
    // repository has no working tree, so every blob is history), the start-up of node included.
    const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
    const scan = await runPeer(dir, [cli, 'scan', dir, '--history', '--only', 'data', '--no-store', '-q', '-f', 'json'], process.execPath);
    rows.push(row('aispm scan --history --only data', scan.seconds, bytes, scan.rssMB, 'secrets + PII/PHI on every version: the walk and the inspection'));
    const log = await runPeer(dir, ['log', '-p', '--all']);
    rows.push(row('git log -p --all (what gitleaks reads)', log.seconds, log.bytes, log.rssMB, `${(log.bytes / 2 ** 20).toFixed(1)} MB of diff text, no detection`));
    const cat = await runPeer(dir, ['cat-file', '--batch-all-objects', '--batch']);
    rows.push(row('git cat-file --batch-all-objects --batch', cat.seconds, cat.bytes, cat.rssMB, `${(cat.bytes / 2 ** 20).toFixed(1)} MB, all objects, no walk`));
    process.stdout.write(`${commits} commits walked\n`);
    printTable(['reader', 'seconds', 'commits/s', 'MB/s', 'peak RSS MB', 'read'], rows);
  } finally {
    if (made) rmSync(made, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--walk') process.stdout.write(`${JSON.stringify(await walk(process.argv[3]!))}\n`);
  else await benchGitHistory(process.argv[2]);
}
