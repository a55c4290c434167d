import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseTag, parseTagMessage, type GitCommitInfo } from './commit.js';
import { GitFormatError } from './errors.js';
import type { GitRepository } from './repository.js';

/** A ref resolved to the commit it finally names. */
export interface GitRef {
  /** `HEAD`, `refs/heads/main`, `refs/tags/v1`, `worktrees/<name>/HEAD`… */
  name: string;
  /** The commit, annotated tags peeled. */
  commit: string;
}

const HEX_ID = /^[0-9a-f]{40}$/;
/** Bounds against a hostile refs tree: nesting, count, symbolic hops, tag-of-tag hops. */
const MAX_REF_DEPTH = 16;
const MAX_REFS = 200_000;
const MAX_SYMREF_HOPS = 5;
const MAX_TAG_HOPS = 10;

async function readRefFile(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    if (!s.isFile() || s.size > 4096) return undefined;
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Loose refs under `<dir>/refs`, name → raw content (an id or `ref: …`). */
async function looseRefs(gitDir: string, out: Map<string, string>): Promise<void> {
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > MAX_REF_DEPTH || out.size >= MAX_REFS) return;
    let entries;
    try {
      entries = await readdir(path.join(gitDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const name = `${rel}/${e.name}`;
      // Symlinks are not followed: a hostile repo could point a ref outside the repository.
      if (e.isDirectory()) await walk(name, depth + 1);
      else if (e.isFile()) {
        const text = await readRefFile(path.join(gitDir, name));
        if (text !== undefined && !e.name.endsWith('.lock')) out.set(name, text);
      }
    }
  };
  await walk('refs', 0);
}

/**
 * `packed-refs`: `<id> <name>` lines, each optionally followed by `^<peeled id>`. Peeled ids are
 * keyed by `<id> <name>` so a newer loose ref of the same name never borrows a stale peel.
 */
async function packedRefs(commonDir: string, out: Map<string, string>, peeled: Map<string, string>): Promise<void> {
  const file = path.join(commonDir, 'packed-refs');
  let text: string;
  try {
    const s = await stat(file);
    if (s.size > 512 * 2 ** 20) throw new GitFormatError(file, `packed-refs of ${s.size} bytes is over the limit`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof GitFormatError) throw err;
    return;
  }
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line) continue;
    if (line.startsWith('^')) {
      const id = line.slice(1).trim();
      if (last && HEX_ID.test(id)) peeled.set(last, id);
      continue;
    }
    const m = /^([0-9a-f]{40}) (\S+)$/.exec(line.trim());
    last = m ? `${m[1]} ${m[2]}` : undefined;
    // Loose refs win over packed ones of the same name: they are newer.
    if (m && !out.has(m[2]!)) out.set(m[2]!, m[1]!);
  }
}

/**
 * Every ref of the repository resolved to a commit: HEAD (symbolic or detached), loose refs under
 * `refs/` (heads, tags, remotes, stash, notes…), `packed-refs`, and the HEADs of linked worktrees.
 * Annotated tags are peeled; a ref that names no commit (a tag of a tree or blob, a dangling or
 * malformed ref) is reported through `onIssue` and left out.
 */
export async function listRefs(repo: GitRepository, onIssue: (message: string) => void = () => {}, onTag?: (tag: GitCommitInfo, message: string) => void): Promise<GitRef[]> {
  const raw = new Map<string, string>();
  const peeled = new Map<string, string>();
  const head = await readRefFile(path.join(repo.gitDir, 'HEAD'));
  if (head !== undefined) raw.set('HEAD', head);
  if (repo.gitDir !== repo.commonDir) await looseRefs(repo.gitDir, raw);
  await looseRefs(repo.commonDir, raw);
  try {
    await packedRefs(repo.commonDir, raw, peeled);
  } catch (err) {
    onIssue((err as Error).message);
  }
  try {
    for (const wt of await readdir(path.join(repo.commonDir, 'worktrees'))) {
      const text = await readRefFile(path.join(repo.commonDir, 'worktrees', wt, 'HEAD'));
      if (text !== undefined) raw.set(`worktrees/${wt}/HEAD`, text);
    }
  } catch {
    // No linked worktrees.
  }
  const refs: GitRef[] = [];
  for (const name of raw.keys()) {
    let value = raw.get(name)!;
    for (let hop = 0; value.startsWith('ref:') && hop < MAX_SYMREF_HOPS; hop++) {
      const target = value.slice(4).trim();
      value = raw.get(target) ?? '';
    }
    if (value.startsWith('ref:') || value === '') {
      // An unborn branch (a fresh repo's HEAD) is normal; only a loop is worth a note.
      if (value.startsWith('ref:')) onIssue(`ref ${name}: symbolic refs loop or nest too deep`);
      continue;
    }
    if (!HEX_ID.test(value)) {
      onIssue(`ref ${name}: '${value.slice(0, 60)}' is not an object id`);
      continue;
    }
    try {
      const commit = peeled.get(`${value} ${name}`) ?? (await peel(repo, value, name, onIssue));
      if (commit) refs.push({ name, commit });
      if (onTag && commit && name.startsWith('refs/tags/')) await tagMessage(repo, value, name, commit, onTag);
    } catch (err) {
      onIssue(`ref ${name}: ${(err as Error).message}`);
    }
  }
  return refs;
}

/** An annotated tag's message, to `onTag` (a lightweight tag names the commit itself: it has none). */
async function tagMessage(repo: GitRepository, id: string, name: string, commit: string, onTag: (tag: GitCommitInfo, message: string) => void): Promise<void> {
  const obj = await repo.read(id);
  if (obj.type !== 'tag') return;
  const { info, message } = parseTagMessage(obj.data, name.slice('refs/tags/'.length), commit);
  if (message.trim()) onTag(info, message);
}

/** Follows annotated tags down to a commit; undefined (with a note) for anything else. */
async function peel(repo: GitRepository, id: string, name: string, onIssue: (message: string) => void): Promise<string | undefined> {
  let cur = id;
  for (let hop = 0; hop <= MAX_TAG_HOPS; hop++) {
    const obj = await repo.read(cur);
    if (obj.type === 'commit') return cur;
    if (obj.type !== 'tag') {
      onIssue(`ref ${name} names a ${obj.type} (${cur}), not a commit; its content is not walked`);
      return undefined;
    }
    cur = parseTag(cur, obj.data, `${repo.commonDir} (tag ${cur})`).object;
  }
  onIssue(`ref ${name}: tags nest deeper than ${MAX_TAG_HOPS}`);
  return undefined;
}

/**
 * The commit a name gives, as git resolves a revision name (gitrevisions(7)): a full 40-hex id
 * (a tag peeled), else the first ref of `<name>`, `refs/<name>`, `refs/tags/<name>`,
 * `refs/heads/<name>`, `refs/remotes/<name>`, `refs/remotes/<name>/HEAD`. Undefined when none is
 * a commit here. Abbreviated ids and `~`/`^` suffixes are not read.
 */
export async function resolveCommit(repo: GitRepository, name: string): Promise<string | undefined> {
  if (HEX_ID.test(name)) {
    const obj = await repo.objects.tryRead(name).catch(() => undefined);
    return obj ? peel(repo, name, name, () => {}).catch(() => undefined) : undefined;
  }
  const refs = new Map((await listRefs(repo)).map((r) => [r.name, r.commit]));
  for (const candidate of [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`]) {
    const commit = refs.get(candidate);
    if (commit) return commit;
  }
  return undefined;
}
