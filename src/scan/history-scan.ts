import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ignore from 'ignore';
import type { Analyzer, AnalyzerOutput, Asset, Finding, Relation, ScanFile, ScanIssue } from '../core/index.js';
import type { HistoryOptions, ScanLimits } from '../config/index.js';
import { blankUnchangedLines } from './changed-lines.js';
import { hasSecrets, maskSecretsIn } from './mask-secrets.js';
import { DEFAULT_EXCLUDED_DIRS, HEAD_BYTES, sniff } from '../walker/index.js';
import { gitBlobId, headTree, historyBlobs, openRepository, resolveCommit, type GitCommitInfo, type GitRepository, type HistoryBlob } from '../walker/git/index.js';

/** The detectors history is read for: what was exposed. Poisoning of data since deleted trains nothing. */
const HISTORY_DETECTORS = ['secrets', 'pii'];
/**
 * A modified text file this size or larger is read for the lines its commit added (see
 * changed-lines.ts); a smaller one is read whole, which keeps a secret's context lines (a key name
 * on the line above) for the detectors at a cost that does not matter.
 */
const CHANGED_LINES_FROM = 64 * 1024;
/** Text formats whose lines cannot be read apart from the rest (a JSON document, markup): read whole. */
const WHOLE_TEXT = new Set(['.json', '.ipynb', '.html', '.htm', '.xhtml', '.xml', '.svg']);

function lineOriented(file: ScanFile): boolean {
  return file.sniffed === 'text' && !WHOLE_TEXT.has(file.ext);
}

/** Blobs this size or larger are handed to the inspector as a temporary file (it streams those from disk). */
const ON_DISK_BYTES = 1 << 20;
export const HISTORY_SOURCE = 'history';

export interface HistoryScanInput {
  root: string;
  /** Prepended to every path when the scan has several targets. */
  prefix: string;
  /** The data inspector (or whatever inspector reads secrets and personal data), when selected. */
  inspector: Analyzer;
  /** That inspector's options for the working tree (history narrows its detectors). */
  inspectorOptions: Record<string, unknown>;
  history: HistoryOptions;
  limits: ScanLimits;
  ignore: readonly string[];
  report(issue: ScanIssue): void;
  progress?(current: string): void;
  /** Runs the inspector with the scan's per-file timeout. */
  run(file: ScanFile, ctx: { root: string; options: Record<string, unknown> }): Promise<AnalyzerOutput>;
}

export interface HistoryScanOutput extends Required<Pick<AnalyzerOutput, 'assets' | 'relations' | 'findings'>> {
  commits: number;
  blobs: number;
  bytes: number;
}

/**
 * Reads a repository's history (the `.git` folder's bytes, never the git program) and runs the
 * inspector on every file version that was committed but is not on disk now: a key committed and
 * deleted a commit later is still in every clone. Each finding says the commit that first held it
 * (`location.commit`, and who and when in the message); a finding the files on disk give as well
 * keeps their fingerprint, so it is reported once, where it is now.
 */
export async function scanHistory(input: HistoryScanInput): Promise<HistoryScanOutput> {
  const out: HistoryScanOutput = { assets: [], relations: [], findings: [], commits: 0, blobs: 0, bytes: 0 };
  const where = input.prefix || '.';
  const located = repositoryOf(input.root);
  // No tree, commit or delta base is inflated past 64 MiB or the read limit (a forged 500 MB tree
  // would otherwise be parsed); file versions are held to the read limit by the walk itself.
  const maxObjectBytes = Math.max(input.limits.maxReadBytes, 64 * 2 ** 20);
  const repo = await (located ? openRepository(located.repoRoot, { maxObjectBytes }) : Promise.resolve(undefined)).catch((e: unknown) => {
    input.report({ path: where, reason: 'error', message: `${where}: git history not read: ${(e as Error).message}`, source: HISTORY_SOURCE });
    return null;
  });
  if (repo === null) return out;
  if (!repo) {
    input.report({ path: where, reason: 'config', message: `${where}: not in a git repository (no .git here or in a folder above); no history to read`, source: HISTORY_SOURCE });
    return out;
  }
  try {
    return await scanRepository(input, repo, where, located!.sub);
  } finally {
    await repo.close();
  }
}

/**
 * The history of the target's part of the repository: blobs under `sub` (the target's folder in
 * it, '' at its root), their paths made relative to the target as the walker's are.
 */
async function scanRepository(input: HistoryScanInput, repo: GitRepository, where: string, sub: string): Promise<HistoryScanOutput> {
  const out: HistoryScanOutput = { assets: [], relations: [], findings: [], commits: 0, blobs: 0, bytes: 0 };
  const under = sub ? `${sub}/` : '';
  // A file target is named by its base name, as the walker names it.
  const local = (repoPath: string) => (repoPath.startsWith(under) ? repoPath.slice(under.length) : sub && repoPath === sub ? sub.slice(sub.lastIndexOf('/') + 1) : undefined);
  // An unreadable HEAD (said by the walk as well) leaves every committed version to be read.
  const head = await headTree(repo).catch(() => new Map<string, string>());
  const onDisk = await blobsOnDisk(input.root, head, local, input.limits.maxReadBytes);
  const ig = ignore().add([...input.ignore]);
  const excluded = new Set(DEFAULT_EXCLUDED_DIRS);
  const options = { ...input.inspectorOptions, detectors: narrowDetectors(input.inspectorOptions.detectors) };
  const ctx = { root: input.root, options };
  const found: { commit: GitCommitInfo; output: AnalyzerOutput }[] = [];
  const messages: { commit: GitCommitInfo; message: string }[] = [];
  let temp: string | undefined;
  try {
    // CI checkouts are often shallow (actions/checkout fetches one commit by default): say what is missing.
    if (repo.shallow.size) input.report({ path: where, reason: 'limit', message: `${where}: git history: a shallow clone — the commits before its ${repo.shallow.size} shallow boundary commit(s) are not in it and were not read (fetch the full history: git fetch --unshallow, or fetch-depth: 0 in actions/checkout)`, source: HISTORY_SOURCE });
    const since = await sinceOf(input, repo, where);
    const walk = historyBlobs(repo, {
      ...(since ? { since: [since] } : {}),
      maxCommits: input.history.maxCommits,
      maxBlobBytes: input.limits.maxReadBytes,
      onIssue: (message) => input.report(historyIssue(where, message)),
      // Messages belong to the whole repository: read when the target is its root, so several
      // targets inside one repository do not each report them.
      onCommit: (commit, message) => {
        if (!sub && message && hasSecrets(message)) messages.push({ commit, message });
      },
    });
    for (;;) {
      // The walk reports what it cannot read and goes on; anything else it throws ends the history
      // read of this target with an issue, never the scan.
      const next = await walk.next().catch((e: unknown) => {
        input.report({ path: where, reason: 'error', message: `${where}: git history read stopped: ${(e as Error).message.split('\n')[0]}`, source: HISTORY_SOURCE });
        return undefined;
      });
      if (!next) break;
      if (next.done) {
        out.commits = next.value.commits;
        break;
      }
      const blob = next.value;
      const inTarget = local(blob.path);
      if (inTarget === undefined || onDisk.has(blob.id) || skipped(inTarget, ig, excluded)) continue;
      const rel = input.prefix + inTarget;
      const label = `${rel} @ ${blob.commit.id.slice(0, 12)}`;
      input.progress?.(label);
      let bytes: Buffer;
      try {
        bytes = await blob.read();
      } catch (e) {
        input.report({ path: rel, reason: 'error', message: `${label}: ${(e as Error).message}`, source: HISTORY_SOURCE });
        continue;
      }
      let file = scanFileOf(rel, bytes);
      if (!input.inspector.wants(rel, file)) continue;
      if (blob.readPrevious && bytes.length >= CHANGED_LINES_FROM && lineOriented(file)) {
        const previous = await blob.readPrevious().catch(() => undefined);
        if (previous) file = scanFileOf(rel, (bytes = blankUnchangedLines(bytes, previous)));
      }
      out.blobs++;
      out.bytes += bytes.length;
      if (bytes.length >= ON_DISK_BYTES) {
        temp ??= await mkdtemp(path.join(os.tmpdir(), 'aispm-history-'));
        file.absPath = path.join(temp, blob.id);
        await writeFile(file.absPath, bytes, { mode: 0o600 });
      }
      try {
        const output = await input.run(file, ctx);
        for (const i of output.issues ?? []) input.report({ ...i, message: i.message.split(rel).join(label) });
        if (output.findings?.length || output.assets?.some((a) => a.kind === 'secret')) found.push({ commit: blob.commit, output });
      } catch (e) {
        input.report({ path: rel, reason: 'error', message: `${label}: ${(e as Error).message.split('\n')[0]}`, source: HISTORY_SOURCE });
      } finally {
        if (file.absPath.startsWith(temp ?? '\0')) await rm(file.absPath, { force: true });
      }
    }
    for (const m of messages) {
      const output = await inspectMessage(input, ctx, m.message, m.commit).catch(() => undefined);
      if (output?.findings?.length) found.push({ commit: m.commit, output });
    }
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
  // Oldest first: where one secret sits in several commits, the first commit that held it is kept.
  found.sort((a, b) => a.commit.time.localeCompare(b.commit.time));
  for (const { commit, output } of found) rehome(output, commit, out);
  return out;
}

/** Where a commit message's findings are said to be: no file, the message of that commit. */
const MESSAGE_FILE = 'COMMIT_EDITMSG';

/**
 * A commit message holding a secret, read by the inspector for secrets only as git's own
 * `COMMIT_EDITMSG`, then located at the commit (`resource: 'commit message'`, no path).
 */
async function inspectMessage(input: HistoryScanInput, ctx: { root: string; options: Record<string, unknown> }, message: string, commit: GitCommitInfo): Promise<AnalyzerOutput> {
  const rel = input.prefix + MESSAGE_FILE;
  const output = await input.run(scanFileOf(rel, Buffer.from(message)), { ...ctx, options: { ...ctx.options, detectors: ['secrets'] } });
  const said = `the message of commit ${commit.id.slice(0, 12)}`;
  const at = <L extends { path?: string }>(l: L) => (l.path === rel ? { ...withoutPath(l), resource: 'commit message' } : l);
  return {
    assets: (output.assets ?? []).filter((a) => a.kind === 'secret').map((a) => ({ ...a, locations: a.locations.map(at) })),
    findings: (output.findings ?? []).map((f) => ({ ...f, location: at(f.location), message: f.message.split(rel).join(said) })),
  };
}

function withoutPath<L extends { path?: string }>(l: L): Omit<L, 'path'> {
  const { path: _dropped, ...rest } = l;
  return rest;
}

/**
 * The commit `history.since` names; undefined (the whole history is read, with an issue) when it
 * names none here: a CI gate given a wrong base scans more, never silently less.
 */
async function sinceOf(input: HistoryScanInput, repo: GitRepository, where: string): Promise<string | undefined> {
  const name = input.history.since;
  if (!name) return undefined;
  const id = await resolveCommit(repo, name).catch(() => undefined);
  if (!id) input.report({ path: where, reason: 'config', message: `${where}: --history-since ${name}: no such branch, tag, remote ref or commit in this repository; the whole history was read instead`, source: HISTORY_SOURCE });
  return id;
}

/**
 * A walk's note as a scan issue: a bound reached (named by the setting a user changes) is a
 * `limit`, anything else is what the repository's bytes would not give (`parse-error`).
 */
export function historyIssue(where: string, message: string): ScanIssue {
  const limit = /maxBlobBytes = \d+|maxCommits = \d+|over the (\d+-byte )?limit/.exec(message);
  const text = message.replace(/maxBlobBytes = \d+/, 'limits.maxReadBytes').replace(/maxCommits = (\d+)/, 'history.maxCommits ($1)');
  return { path: where, reason: limit ? 'limit' : 'parse-error', message: `${where}: git history: ${text}`, source: HISTORY_SOURCE };
}

/**
 * The repository a target is in: a `.git` (folder, or file of a linked worktree) in the target or
 * the nearest folder above it. `sub` is the target's path inside the repository, `/`-separated.
 */
export function repositoryOf(target: string): { repoRoot: string; sub: string } | undefined {
  let dir = path.resolve(target);
  for (let depth = 0; depth < 256; depth++) {
    if (existsSync(path.join(dir, '.git'))) return { repoRoot: dir, sub: path.relative(dir, path.resolve(target)).split(path.sep).join('/') };
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** The inspector's detectors for history: secrets and personal data, within what the user chose. */
function narrowDetectors(chosen: unknown): string[] {
  const list = Array.isArray(chosen) ? HISTORY_DETECTORS.filter((d) => chosen.includes(d)) : HISTORY_DETECTORS;
  return list.length ? list : HISTORY_DETECTORS;
}

/**
 * A blob's path is left out by the scan's own ignore patterns and the folders never scanned
 * (`node_modules`, …), not by `.gitignore`: a file in history was committed whatever the ignore
 * file says now, and `.env` committed before it was ignored is what this is for.
 */
function skipped(relPath: string, ig: ReturnType<typeof ignore>, excluded: ReadonlySet<string>): boolean {
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (excluded.has(parts[i]!)) return true;
  return ig.ignores(relPath);
}

/**
 * Ids of HEAD's blobs whose file on disk is unchanged: those are scanned as files. A file edited
 * since the last commit is not among them, so a key removed from it but still committed is read
 * from history.
 */
async function blobsOnDisk(root: string, head: ReadonlyMap<string, string>, local: (repoPath: string) => string | undefined, maxBytes: number): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const [repoPath, id] of head) {
    const rel = local(repoPath);
    if (rel === undefined) continue;
    const abs = path.join(root, ...rel.split('/'));
    try {
      const st = await stat(abs);
      if (!st.isFile() || st.size > maxBytes) continue;
      if (gitBlobId(await readFile(abs)) === id) ids.add(id);
    } catch {
      // Deleted or unreadable on disk: its committed version is read from history.
    }
  }
  return ids;
}

function scanFileOf(rel: string, bytes: Buffer): ScanFile {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const head = bytes.subarray(0, HEAD_BYTES);
  return {
    path: rel,
    name: name.toLowerCase(),
    ext: dot > 0 ? name.slice(dot).toLowerCase() : '',
    size: bytes.length,
    sniffed: sniff(head, dot > 0 ? name.slice(dot).toLowerCase() : ''),
    head,
    // Not a file until it is large enough to be streamed from disk (see ON_DISK_BYTES).
    absPath: path.join(os.tmpdir(), `aispm-history-blob-${createHash('sha1').update(rel).digest('hex').slice(0, 12)}`),
    bytes: () => Promise.resolve(bytes),
    text: () => Promise.resolve(bytes.toString('utf8')),
  };
}

/** One historical file's output, located at its commit and said so; assets kept, marked. */
function rehome(output: AnalyzerOutput, commit: GitCommitInfo, out: HistoryScanOutput): void {
  const at = (l: Asset['locations'][number]) => (l.path || l.resource === 'commit message' ? { ...l, commit: commit.id } : l);
  const when = `in git history: commit ${commit.id.slice(0, 12)} by ${commit.author}, ${commit.time.slice(0, 10)}${commit.summary ? ` ("${clip(maskSecretsIn(commit.summary))}")` : ''}`;
  for (const a of output.assets ?? []) {
    out.assets.push({ ...a, locations: a.locations.map(at), properties: a.kind === 'secret' ? a.properties : { ...a.properties, history: { commit: commit.id, time: commit.time } } });
  }
  for (const r of output.relations ?? []) out.relations.push(r as Relation);
  for (const f of output.findings ?? []) {
    const finding: Finding = { ...f, location: { ...f.location, commit: commit.id }, message: `${f.message}; ${when}`, properties: { ...f.properties, commit: commit.id, committedAt: commit.time, author: commit.author } };
    out.findings.push(finding);
  }
}

function clip(s: string): string {
  return s.length > 72 ? `${s.slice(0, 71)}…` : s;
}

export type { HistoryBlob };
