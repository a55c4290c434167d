import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileAssetId, makeFinding, type Finding } from '../../core/index.js';
import { duplicateRule } from './rules.js';

/**
 * Data files that are byte-for-byte copies of one another in one scan: a document ingested twice
 * into a RAG corpus (Debian ships `chromium/copyright` and `chromium-common/copyright`), a dataset
 * copied into a second folder. A RAG index then returns the same chunks twice and a training set
 * weighs the copy double — the within-file duplicate analysis never sees it, as each file is
 * judged alone.
 *
 * Cheap for the files that have no copy: a file is only hashed once another of the same size and
 * the same opening bytes (the walker's head) has been met, so most files cost a map lookup.
 */

/** Files below this are too small to matter as copies (a stub README, an empty table). */
const MIN_BYTES = 512;
/** Files above this are not hashed (two copies of a 5 GB export would be read twice more). */
export const MAX_HASHED_BYTES = 256 * 1024 * 1024;

interface Seen {
  path: string;
  absPath: string;
  hash?: Promise<string | undefined>;
}

interface Registry {
  /** Files by size and opening bytes. */
  bySignature: Map<string, Seen[]>;
  /** Paths already reported as copies (each once). */
  flagged: Set<string>;
  /** Every file registered, by path. */
  byPath: Map<string, Seen>;
}

/** Per scan context (one per target and scan): dropped with it. */
const registries = new WeakMap<object, Registry>();

export interface DataFileRef {
  path: string;
  absPath: string;
  size: number;
  head: Uint8Array;
}

/**
 * Registers a data file of the scan and returns the copy findings it settles: on this file when an
 * earlier one with a smaller path has the same bytes, or on that earlier one when this file's path
 * is smaller. Which file is called the copy is thus the same whatever order the files arrive in:
 * every copy but the first by path.
 */
export async function checkDuplicateFile(scan: object, file: DataFileRef): Promise<Finding[]> {
  if (file.size < MIN_BYTES || file.size > MAX_HASHED_BYTES) return [];
  let reg = registries.get(scan);
  if (!reg) registries.set(scan, (reg = { bySignature: new Map(), flagged: new Set(), byPath: new Map() }));
  const signature = `${file.size}:${createHash('sha1').update(file.head).digest('base64')}`;
  const self: Seen = { path: file.path, absPath: file.absPath };
  reg.byPath.set(file.path, self);
  const earlier = reg.bySignature.get(signature);
  if (!earlier) {
    reg.bySignature.set(signature, [self]);
    return [];
  }
  const others = [...earlier];
  earlier.push(self);
  self.hash = hashFile(file.absPath);
  for (const o of others) o.hash ??= hashFile(o.absPath);
  const mine = await self.hash;
  if (mine === undefined) return [];
  const same: string[] = [];
  for (const o of others) if ((await o.hash) === mine) same.push(o.path);
  if (!same.length) return [];
  const first = same.reduce((a, b) => (b < a ? b : a));
  const [copy, original] = file.path > first ? [file.path, first] : [first, file.path];
  if (reg.flagged.has(copy)) return [];
  reg.flagged.add(copy);
  return [
    makeFinding(duplicateRule, {
      assetId: fileAssetId('dataset', copy),
      location: { path: copy },
      message: `${copy} is an exact copy of ${original} (the same ${file.size} bytes): a RAG index built from both returns the same chunks twice, and a training set weighs its records double`,
      evidenceKey: `copy|${copy}`,
      properties: { indicator: 'duplicate-file', copyOf: original, bytes: file.size },
    }),
  ];
}

/**
 * Whether two files this check has met are byte-for-byte the same. Known once the later of them
 * has been checked: files of one size and opening are hashed then.
 */
export async function identicalFiles(scan: object, a: string, b: string): Promise<boolean> {
  const reg = registries.get(scan);
  const ha = reg?.byPath.get(a)?.hash;
  const hb = reg?.byPath.get(b)?.hash;
  if (!ha || !hb) return false;
  const x = await ha;
  return x !== undefined && x === (await hb);
}

/** SHA-256 of a file, or undefined when it cannot be read (gone, or not a file on disk). */
function hashFile(absPath: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const h = createHash('sha256');
    createReadStream(absPath, { highWaterMark: 1 << 20 })
      .on('data', (c) => h.update(c))
      .on('error', () => resolve(undefined))
      .on('end', () => resolve(h.digest('hex')));
  });
}
