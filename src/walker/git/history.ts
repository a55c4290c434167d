import type { GitCommitInfo } from './commit.js';
import { planCommits } from './commits.js';
import { GitFormatError } from './errors.js';
import { ByteLru } from './lru.js';
import { reflogCommits } from './reflog.js';
import { listRefs } from './refs.js';
import type { GitRepository } from './repository.js';
import { parseTree, type TreeEntry } from './tree.js';

/** A blob of the history, yielded once, with the oldest commit that introduced it. */
export interface HistoryBlob {
  /** Path where it was introduced, `/`-separated from the repository root. */
  path: string;
  /** Blob id, hex. */
  id: string;
  /** Size in bytes, known without reading the content. */
  size: number;
  commit: GitCommitInfo;
  /** Inflates the content; throws GitFormatError when it cannot. */
  read(): Promise<Buffer>;
  /**
   * When the blob modified a file (its first parent held another version at this path), inflates
   * that version; throws GitFormatError when it cannot.
   */
  readPrevious?(): Promise<Buffer>;
}

/** Bounds and the issue sink of a history walk. */
export interface HistoryOptions {
  /** Commits walked at most, newest kept. Default 50,000. */
  maxCommits?: number;
  /** Blobs bigger than this are counted as skipped and reported, not yielded. Default 32 MiB. */
  maxBlobBytes?: number;
  /**
   * Also walk the commits the reflogs remember and no ref reaches (amended, reset, rebased away,
   * deleted branches) while their objects remain. Default true.
   */
  reflog?: boolean;
  /**
   * Walk only what HEAD has that these commits do not (`git log <since>..HEAD`): the commits a
   * branch adds, each diffed against its first parent even when that parent is left out.
   * Resolve names to ids with `resolveCommit`. The reflogs are not read then.
   */
  since?: readonly string[];
  /** Blobs the caller has already (a file on disk with this content): not yielded, not size-checked. */
  known?: (blobId: string) => boolean;
  /** Called for each walked commit, in walk order, with its message (the first 64 KiB). */
  onCommit?: (commit: GitCommitInfo, message: string) => void;
  /**
   * Called for each annotated tag with its message (the first 64 KiB, a signature left out), its
   * attribution the tagger's at the commit it names (`tag` set). Not with `since`: a branch's
   * range adds no tags.
   */
  onTag?: (tag: GitCommitInfo, message: string) => void;
  /** Unreadable packs, objects, refs, and the limits reached, one message each. */
  onIssue?: (message: string) => void;
}

/** What a walk did. */
export interface HistoryStats {
  /** Commits walked. */
  commits: number;
  /** Distinct blobs yielded. */
  blobs: number;
  /** Distinct blobs not yielded: over maxBlobBytes, or unreadable. */
  skipped: number;
  /** Commits left unwalked by maxCommits (a lower bound); 0 when the walk was complete. */
  truncated: number;
}

/** Hostile trees could nest without end; real ones are nowhere near this deep. */
const MAX_TREE_DEPTH = 256;

/**
 * Walks every commit reachable from every ref and from what the reflogs still remember (parents
 * before children) and yields each distinct blob once, attributed to the first commit in that order whose tree holds it at a path where its
 * first parent's tree did not (a root commit: all its blobs). Subtrees equal to the parent's, or
 * already fully seen, are skipped by id. Symlinks and submodule gitlinks are not file content and
 * are not yielded. Faults are reported through `onIssue` and the walk goes on.
 */
export async function* historyBlobs(repo: GitRepository, opts: HistoryOptions = {}): AsyncGenerator<HistoryBlob, HistoryStats> {
  const onIssue = opts.onIssue ?? (() => {});
  const maxBlobBytes = opts.maxBlobBytes ?? 32 * 2 ** 20;
  for (const p of repo.problems) onIssue(p.message);
  const ranged = opts.since !== undefined;
  const refs = await listRefs(repo, onIssue, ranged ? undefined : opts.onTag);
  // A range (`since..HEAD`, what a branch adds) starts from HEAD alone, as `git log since..` does.
  const tips = new Set((ranged ? refs.filter((r) => r.name === 'HEAD') : refs).map((r) => r.commit));
  // Commits only the reflogs remember (amended, reset, rebased away, deleted branches) while their
  // objects are still here; ids already pruned are skipped without a note: that is normal.
  if (opts.reflog !== false && !ranged) {
    for (const id of await reflogCommits(repo)) {
      if (tips.has(id)) continue;
      const obj = await repo.objects.tryRead(id).catch(() => undefined);
      if (obj?.type === 'commit') tips.add(id);
    }
  }
  const plan = await planCommits(repo, [...tips], opts.maxCommits ?? 50_000, onIssue, opts.since ?? []);
  if (plan.order.length < plan.commits.size) onIssue(`${plan.commits.size - plan.order.length} commits are in a parent cycle and were not walked`);

  const stats: HistoryStats = { commits: 0, blobs: 0, skipped: 0, truncated: plan.left };
  const seenBlobs = new Set<string>();
  /** Trees all of whose file blobs have been seen: met again, they are skipped whole. */
  const covered = new Set<string>();
  const trees = new ByteLru<TreeEntry[]>(16 * 2 ** 20);
  /** Trees on the current descent, to refuse a forged tree that contains itself. */
  const descent = new Set<string>();

  const readTree = async (id: string): Promise<TreeEntry[]> => {
    const hit = trees.get(id);
    if (hit) return hit;
    const obj = await repo.read(id);
    if (obj.type !== 'tree') throw new GitFormatError(repo.commonDir, `object ${id} is a ${obj.type}, expected a tree`);
    const entries = parseTree(id, obj.data, `${repo.commonDir} (tree ${id})`);
    // Parsed entries weigh far more than their bytes: two strings and an object each.
    trees.set(id, entries, obj.data.length + entries.length * 160);
    return entries;
  };

  const readBlob = async (id: string): Promise<Buffer> => {
    const obj = await repo.read(id);
    if (obj.type !== 'blob') throw new GitFormatError(repo.commonDir, `object ${id} is a ${obj.type}, expected a blob`);
    return obj.data;
  };

  /** Yields the new blobs of `newId` against `oldId`; returns whether the subtree was read whole. */
  async function* diff(newId: string, oldId: string | undefined, prefix: string, depth: number, commit: GitCommitInfo): AsyncGenerator<HistoryBlob, boolean> {
    if (newId === oldId || covered.has(newId)) return true;
    if (depth > MAX_TREE_DEPTH) {
      onIssue(`tree ${newId} at ${prefix} nests deeper than ${MAX_TREE_DEPTH}; not walked`);
      return false;
    }
    // A tree cannot hold itself unless its bytes were forged (its id would be its own hash's input).
    if (descent.has(newId)) {
      onIssue(`tree ${newId} at ${prefix} contains itself; not walked again`);
      return false;
    }
    let entries: TreeEntry[];
    let old: Map<string, TreeEntry> | undefined;
    try {
      entries = await readTree(newId);
      if (oldId) old = new Map((await readTree(oldId)).map((e) => [e.name, e]));
    } catch (err) {
      onIssue(`commit ${commit.id}: ${(err as Error).message}`);
      return false;
    }
    let whole = true;
    descent.add(newId);
    for (const e of entries) {
      const o = old?.get(e.name);
      if (o && o.id === e.id && o.kind === e.kind) continue;
      const path = prefix + e.name;
      if (e.kind === 'tree') {
        whole = (yield* diff(e.id, o?.kind === 'tree' ? o.id : undefined, `${path}/`, depth + 1, commit)) && whole;
      } else if (e.kind === 'file' && !seenBlobs.has(e.id)) {
        seenBlobs.add(e.id);
        // Known to the caller already (the file on disk): passed over unread and unsaid.
        if (opts.known?.(e.id)) continue;
        let size: number;
        try {
          size = await repo.objects.size(e.id);
        } catch (err) {
          stats.skipped++;
          onIssue(`${path} (blob ${e.id}, commit ${commit.id}): ${(err as Error).message}`);
          continue;
        }
        if (size > maxBlobBytes) {
          stats.skipped++;
          onIssue(`${path} (blob ${e.id}, commit ${commit.id}): ${size} bytes is over maxBlobBytes = ${maxBlobBytes}; not read`);
          continue;
        }
        stats.blobs++;
        const id = e.id;
        // The version it replaced at this path (a modification, not an addition): lets a caller read only what changed.
        const previous = o?.kind === 'file' ? o.id : undefined;
        yield { path, id, size, commit, read: () => readBlob(id), ...(previous ? { readPrevious: () => readBlob(previous) } : {}) };
      }
    }
    descent.delete(newId);
    if (whole) covered.add(newId);
    return whole;
  }

  for (const id of plan.order) {
    const c = plan.commits.get(id)!;
    const first = c.parents[0];
    // A parent outside the walk (missing, shallow, past maxCommits) leaves this commit a root.
    const parent = first !== undefined && !repo.shallow.has(id) ? (plan.commits.get(first) ?? plan.boundary.get(first)) : undefined;
    stats.commits++;
    opts.onCommit?.(c.info, c.message);
    yield* diff(c.tree, parent?.tree, '', 0, c.info);
  }
  return stats;
}

/**
 * HEAD's tree flattened: path → blob id of every regular file (no symlinks, no gitlinks). Empty for
 * an unborn HEAD. Throws GitFormatError when HEAD's objects cannot be read.
 */
export async function headTree(repo: GitRepository): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const head = (await listRefs(repo)).find((r) => r.name === 'HEAD');
  if (!head) return out;
  const commit = await repo.read(head.commit);
  const tree = /^tree ([0-9a-f]{40})$/m.exec(commit.data.toString('latin1', 0, Math.min(commit.data.length, 100)))?.[1];
  if (!tree) throw new GitFormatError(repo.commonDir, `commit ${head.commit} has no tree line`);
  const walk = async (id: string, prefix: string, depth: number): Promise<void> => {
    if (depth > MAX_TREE_DEPTH) throw new GitFormatError(repo.commonDir, `tree ${id} at ${prefix} nests deeper than ${MAX_TREE_DEPTH}`);
    const obj = await repo.read(id);
    if (obj.type !== 'tree') throw new GitFormatError(repo.commonDir, `object ${id} is a ${obj.type}, expected a tree`);
    for (const e of parseTree(id, obj.data, `${repo.commonDir} (tree ${id})`)) {
      if (e.kind === 'tree') await walk(e.id, `${prefix}${e.name}/`, depth + 1);
      else if (e.kind === 'file') out.set(prefix + e.name, e.id);
    }
  };
  await walk(tree, '', 0);
  return out;
}
