import ignore from 'ignore';
import type { Analyzer, AnalyzerOutput, ScanFile, ScanIssue } from '../core/index.js';
import type { HistoryOptions, ScanLimits } from '../config/index.js';
import { SpillFiles } from '../inspectors/data/index.js';
import { DEFAULT_EXCLUDED_DIRS } from '../walker/index.js';
import { headTree, historyBlobs, openRepository, resolveCommit, type GitCommitInfo, type GitRepository } from '../walker/git/index.js';
import { blankUnchangedLines } from './changed-lines.js';
import { CHANGED_LINES_FROM, committedBytes, lineOriented, scanFileOf } from './history-file.js';
import { blobsOnDisk, HISTORY_SOURCE, historyIssue, narrowDetectors, repositoryOf, skipped } from './history-place.js';
import { inspectMessage, rehome, type Rehomed } from './history-rehome.js';
import { hasSecrets } from './mask-secrets.js';

export { HISTORY_SOURCE, historyIssue } from './history-place.js';

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

export interface HistoryScanOutput extends Rehomed {
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
  let lfsMissing = 0;
  const spill = new SpillFiles('aispm-history-');
  try {
    // CI checkouts are often shallow (actions/checkout fetches one commit by default): say what is missing.
    if (repo.shallow.size) input.report({ path: where, reason: 'limit', message: `${where}: git history: a shallow clone — the commits before its ${repo.shallow.size} shallow boundary commit(s) are not in it and were not read (fetch the full history: git fetch --unshallow, or fetch-depth: 0 in actions/checkout)`, source: HISTORY_SOURCE });
    const since = await sinceOf(input, repo, where);
    const walk = historyBlobs(repo, {
      ...(since ? { since: [since] } : {}),
      maxCommits: input.history.maxCommits,
      known: (id) => onDisk.has(id),
      maxBlobBytes: input.limits.maxReadBytes,
      onIssue: (message) => input.report(historyIssue(where, message)),
      // Messages belong to the whole repository: read when the target is its root, so several
      // targets inside one repository do not each report them.
      onCommit: (commit, message) => {
        if (!sub && message && hasSecrets(message)) messages.push({ commit, message });
      },
      // An annotated tag's message (release notes pasted with a token in them) likewise.
      onTag: (tag, message) => {
        if (!sub && hasSecrets(message)) messages.push({ commit: tag, message });
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
      if (inTarget === undefined || skipped(inTarget, ig, excluded)) continue;
      const rel = input.prefix + inTarget;
      const label = `${rel} @ ${blob.commit.id.slice(0, 12)}`;
      input.progress?.(label);
      let content: Awaited<ReturnType<typeof committedBytes>>;
      try {
        content = await committedBytes(blob, repo.commonDir, input.limits.maxReadBytes);
      } catch (e) {
        input.report({ path: rel, reason: 'error', message: `${label}: ${(e as Error).message}`, source: HISTORY_SOURCE });
        continue;
      }
      if (content === 'lfs-missing') {
        lfsMissing++;
        continue;
      }
      if (content === 'lfs-too-large') {
        input.report({ path: rel, reason: 'limit', message: `${label}: its Git LFS object is over limits.maxReadBytes; not read`, source: HISTORY_SOURCE });
        continue;
      }
      let bytes = content.bytes;
      let file = scanFileOf(rel, bytes);
      if (!input.inspector.wants(rel, file)) continue;
      // (An LFS object's previous version is a pointer too: read whole.)
      if (blob.readPrevious && !content.lfs && bytes.length >= CHANGED_LINES_FROM && lineOriented(file)) {
        const previous = await blob.readPrevious().catch(() => undefined);
        if (previous) file = scanFileOf(rel, (bytes = blankUnchangedLines(bytes, previous)));
      }
      out.blobs++;
      out.bytes += bytes.length;
      const spilled = await spill.pathFor(bytes);
      if (spilled) file.absPath = spilled;
      try {
        const output = await input.run(file, ctx);
        for (const i of output.issues ?? []) input.report({ ...i, message: i.message.split(rel).join(label) });
        if (output.findings?.length || output.assets?.some((a) => a.kind === 'secret')) found.push({ commit: blob.commit, output });
      } catch (e) {
        input.report({ path: rel, reason: 'error', message: `${label}: ${(e as Error).message.split('\n')[0]}`, source: HISTORY_SOURCE });
      } finally {
        await spill.done(spilled);
      }
    }
    for (const m of messages) {
      const output = await inspectMessage(input.run, input.prefix, ctx, m.message, m.commit).catch(() => undefined);
      if (output?.findings?.length) found.push({ commit: m.commit, output });
    }
  } finally {
    await spill.close();
  }
  if (lfsMissing) input.report({ path: where, reason: 'limit', message: `${where}: git history: ${lfsMissing} file version(s) stored in Git LFS are not in this clone (.git/lfs/objects) and were not read; git lfs fetch --all brings them`, source: HISTORY_SOURCE });
  // Oldest first: where one secret sits in several commits, the first commit that held it is kept.
  found.sort((a, b) => a.commit.time.localeCompare(b.commit.time));
  for (const { commit, output } of found) rehome(output, commit, out);
  return out;
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
