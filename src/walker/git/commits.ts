import { parseCommit, type ParsedCommit } from './commit.js';
import { Heap } from './heap.js';
import type { GitRepository } from './repository.js';

/** The commits a walk will visit, parents before children. */
export interface CommitPlan {
  /** Commits in walk order: every commit after its (walked) parents, older first otherwise. */
  order: string[];
  commits: Map<string, ParsedCommit>;
  /** Commits found but left out because of maxCommits (a lower bound on what was left). */
  left: number;
  /**
   * Excluded commits (ancestors of `exclude`) that are parents of walked ones: not walked, but a
   * walked commit is diffed against its first parent's tree here, not treated as a root.
   */
  boundary: Map<string, ParsedCommit>;
}

/** Ancestors of the exclusion tips read at most (a bound against a hostile or enormous graph). */
const MAX_EXCLUDED = 2_000_000;

/**
 * Reads every commit reachable from `tips`, newest first (as `git log` does), up to `maxCommits`,
 * then orders them parents first with a topological sort whose ties go to the older committer
 * time. A parent that is missing (shallow clone, partial clone, damage) or left out by the limit
 * makes its child a root of the walk, never a crash.
 */
export async function planCommits(repo: GitRepository, tips: string[], maxCommits: number, onIssue: (m: string) => void, exclude: readonly string[] = []): Promise<CommitPlan> {
  const excluded = await ancestors(repo, exclude, onIssue);
  const found = new Map<string, ParsedCommit>();
  const boundary = new Map<string, ParsedCommit>();
  const newest = new Heap<string>((a, b) => found.get(a)!.committerTime > found.get(b)!.committerTime);
  const load = async (id: string, child?: string): Promise<void> => {
    if (found.has(id)) return;
    if (excluded.has(id)) {
      if (child && !boundary.has(id)) boundary.set(id, excluded.get(id)!);
      return;
    }
    try {
      const obj = await repo.objects.tryRead(id);
      if (!obj) {
        if (!child || !repo.shallow.has(child)) onIssue(`commit ${id}${child ? ` (parent of ${child})` : ''} is not in the repository; walked as if history started after it`);
        return;
      }
      if (obj.type !== 'commit') {
        onIssue(`object ${id}${child ? ` (parent of ${child})` : ''} is a ${obj.type}, not a commit`);
        return;
      }
      found.set(id, parseCommit(id, obj.data, `${repo.commonDir} (commit ${id})`));
      newest.push(id);
    } catch (err) {
      onIssue((err as Error).message);
    }
  };
  for (const tip of tips) await load(tip);
  const commits = new Map<string, ParsedCommit>();
  while (newest.size && commits.size < maxCommits) {
    const id = newest.pop()!;
    const c = found.get(id)!;
    commits.set(id, c);
    // A shallow commit's parents were never fetched: its recorded parents are not followed.
    if (!repo.shallow.has(id)) for (const p of c.parents) await load(p, id);
  }
  const left = newest.size;
  if (left) onIssue(`history walk stopped at maxCommits = ${maxCommits}; at least ${left} older commits were not walked`);

  // Kahn's algorithm over walked commits only; the ready set is taken oldest first.
  const children = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const [id, c] of commits) {
    const parents = new Set(c.parents.filter((p) => commits.has(p) && !repo.shallow.has(id)));
    waiting.set(id, parents.size);
    for (const p of parents) {
      const list = children.get(p);
      if (list) list.push(id);
      else children.set(p, [id]);
    }
  }
  const older = (a: string, b: string) => {
    const ta = commits.get(a)!.committerTime;
    const tb = commits.get(b)!.committerTime;
    return ta !== tb ? ta < tb : a < b;
  };
  const ready = new Heap<string>(older);
  for (const [id, n] of waiting) if (n === 0) ready.push(id);
  const order: string[] = [];
  while (ready.size) {
    const id = ready.pop()!;
    order.push(id);
    for (const child of children.get(id) ?? []) {
      const n = waiting.get(child)! - 1;
      waiting.set(child, n);
      if (n === 0) ready.push(child);
    }
  }
  return { order, commits, left, boundary };
}

/** Every commit reachable from `tips` (themselves included), parsed; missing ones end a line quietly. */
async function ancestors(repo: GitRepository, tips: readonly string[], onIssue: (m: string) => void): Promise<Map<string, ParsedCommit>> {
  const out = new Map<string, ParsedCommit>();
  const stack = [...tips];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    if (out.size >= MAX_EXCLUDED) {
      onIssue(`over ${MAX_EXCLUDED} commits to leave out; the rest of them may be walked`);
      break;
    }
    try {
      const obj = await repo.objects.tryRead(id);
      if (obj?.type !== 'commit') continue;
      const c = parseCommit(id, obj.data, `${repo.commonDir} (commit ${id})`);
      out.set(id, c);
      if (!repo.shallow.has(id)) for (const p of c.parents) if (!out.has(p)) stack.push(p);
    } catch (err) {
      onIssue((err as Error).message);
    }
  }
  return out;
}
