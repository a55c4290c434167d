import { GitFormatError } from './errors.js';

/** Who made a commit and when, for attributing a finding to it. */
export interface GitCommitInfo {
  /** The commit id, hex. */
  id: string;
  /** Author name. */
  author: string;
  /** Author email, without the angle brackets. */
  email: string;
  /** Author time, ISO 8601 UTC (`2024-05-01T12:00:00Z`). */
  time: string;
  /** First line of the message. */
  summary: string;
  /**
   * Set when this is an annotated tag's attribution, not a commit's: the tag's name (`v1.2.0`);
   * `id` is then the commit the tag names, and author and time are the tagger's.
   */
  tag?: string;
}

/** A parsed commit: its tree, parents, attribution, and committer time for ordering. */
export interface ParsedCommit {
  tree: string;
  parents: string[];
  /** Committer time, epoch seconds: the walk's order. */
  committerTime: number;
  info: GitCommitInfo;
  /** The message (its first MAX_MESSAGE bytes): a key pasted into one is in every clone too. */
  message: string;
}

/** Message bytes kept per commit: real ones are far shorter; a hostile one stays bounded. */
const MAX_MESSAGE = 64 * 1024;

const HEX_ID = /^[0-9a-f]{40}$/;
/** `Name <email> 1700000000 +0100`; the name may be empty and the email odd, the tail may not. */
const IDENT = /^(.*?) ?<([^>]*)> (-?\d{1,16}) ?([+-]\d{4})?$/;

function parseIdent(line: string): { name: string; email: string; seconds: number } | undefined {
  const m = IDENT.exec(line);
  if (!m) return undefined;
  return { name: m[1]!, email: m[2]!, seconds: Number(m[3]) };
}

/**
 * The epoch seconds as ISO 8601 UTC. The timezone in the ident is the author's local offset only:
 * the instant itself is already UTC. Out-of-range times (hostile or broken) give the epoch.
 */
function isoTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00Z' : d.toISOString().replace('.000Z', 'Z');
}

/** A commit's or tag's message: what follows the headers' blank line at `bodyAt`, its first MAX_MESSAGE bytes. */
function messageAfter(data: Buffer, bodyAt: number): string {
  return bodyAt < 0 ? '' : data.toString('utf8', bodyAt + 2, Math.min(data.length, bodyAt + 2 + MAX_MESSAGE));
}

/** A message's first line, trimmed. */
function summaryOf(message: string): string {
  return message.slice(0, 4096).split('\n', 1)[0]!.trim();
}

/** Parses a commit object; `file` names where it came from for the error. */
export function parseCommit(id: string, data: Buffer, file: string): ParsedCommit {
  const bodyAt = data.indexOf('\n\n');
  const head = data.toString('utf8', 0, bodyAt < 0 ? data.length : bodyAt);
  let tree: string | undefined;
  const parents: string[] = [];
  let author: ReturnType<typeof parseIdent>;
  let committer: ReturnType<typeof parseIdent>;
  for (const line of head.split('\n')) {
    // Continuation lines (a gpgsig, a mergetag) start with a space and carry nothing we use.
    if (line.startsWith(' ')) continue;
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'tree' && tree === undefined) tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author' && !author) author = parseIdent(value);
    else if (key === 'committer' && !committer) committer = parseIdent(value);
  }
  if (!tree || !HEX_ID.test(tree)) throw new GitFormatError(file, `commit ${id} has no valid tree line`);
  for (const p of parents) if (!HEX_ID.test(p)) throw new GitFormatError(file, `commit ${id} has an invalid parent '${p.slice(0, 60)}'`);
  const body = messageAfter(data, bodyAt);
  const who = author ?? committer;
  return {
    tree,
    parents,
    committerTime: (committer ?? author)?.seconds ?? 0,
    info: { id, author: who?.name ?? '', email: who?.email ?? '', time: isoTime(who?.seconds ?? 0), summary: summaryOf(body) },
    message: body,
  };
}

/** Parses an annotated tag: the object it points at and that object's type. */
export function parseTag(id: string, data: Buffer, file: string): { object: string; type: string } {
  const head = data.toString('utf8', 0, Math.min(data.length, 512));
  const object = /^object ([0-9a-f]{40})$/m.exec(head)?.[1];
  const type = /^type (\S+)$/m.exec(head)?.[1];
  if (!object || !type) throw new GitFormatError(file, `tag ${id} has no valid object or type line`);
  return { object, type };
}

/**
 * An annotated tag's tagger, time and message (its first MAX_MESSAGE bytes, the signature of a
 * signed tag left out), attributed to the tag's name at `target`, the commit it names.
 */
export function parseTagMessage(data: Buffer, name: string, target: string): { info: GitCommitInfo; message: string } {
  const bodyAt = data.indexOf('\n\n');
  const head = data.toString('utf8', 0, Math.min(bodyAt < 0 ? data.length : bodyAt, 4096));
  const tagger = parseIdent(/^tagger (.*)$/m.exec(head)?.[1] ?? '');
  let message = messageAfter(data, bodyAt);
  const signature = message.search(/^-----BEGIN (?:PGP|SSH) SIGNATURE-----$/m);
  if (signature >= 0) message = message.slice(0, signature);
  return { info: { id: target, author: tagger?.name ?? '', email: tagger?.email ?? '', time: isoTime(tagger?.seconds ?? 0), summary: summaryOf(message), tag: name }, message };
}
