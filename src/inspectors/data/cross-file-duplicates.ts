import path from 'node:path';
import { fileAssetId, makeFinding, type Finding, type ScanIssue } from '../../core/index.js';
import { conflictingLabelRule, duplicateRule } from './rules.js';
import { MAX_SHARD_KEYS, type ShardKeyList } from './shard-keys.js';
import { splitOf } from './split-overlap.js';

/**
 * Records repeated across the files of one dataset: the shards of a training set
 * (`data/part-00001.jsonl` … `part-00013.jsonl`, `train-00000-of-00004.parquet` …), the parts of an
 * export. Each file is deduplicated on its own by the record analysis, so a record copied into
 * several shards — the cheap way to make one poisoned example weigh more, and what a pipeline
 * that appends the same scrape twice produces — was never seen. Files of one folder and one
 * format are one dataset here; the opposite splits of one dataset (train beside test) are the
 * split-overlap check's, not this one's.
 *
 * Per scan one open-addressing table maps (dataset, record key) to the file with the smallest path
 * that holds it so far. A file whose record is already held by a file of a smaller path is a copy
 * of it; when the new file's path is smaller, the holder becomes the copy and the new file holds
 * the key. So every file but the first by path that holds a record is called a copy, whatever
 * order the files come in. One finding per copy file, at the end of the target, naming every
 * earlier file it shares records with.
 */

/** Keys held per scan: the table is at most 2 × this many slots of 20 bytes (80 MiB). */
const MAX_HELD_KEYS = 1 << 21;

interface Registry {
  /** Per slot: the key (0: empty; keys are never 0 in practice, and one that is is passed over), … */
  keys: Float64Array;
  /** … its dataset's id, and the index (in `files`) of the smallest-path file holding it. */
  group: Int32Array;
  holder: Int32Array;
  /** … and the holder's label for it (`labelHash`; 0: none), to tell a copy labelled otherwise. */
  label: Int32Array;
  mask: number;
  held: number;
  groups: Map<string, number>;
  files: string[];
  /** Copy path → original path → records shared, and how many of them labelled otherwise: reported at the end of the target. */
  pairs: Map<string, Map<string, { count: number; conflicts: number }>>;
  /** Files whose keys stopped at MAX_SHARD_KEYS (only their first records compared). */
  cut: Set<string>;
  /** Whether the "too many records" issue was given. */
  full: boolean;
}

const registries = new WeakMap<object, Registry>();

/**
 * Registers a dataset file's record keys and the copies they settle (reported by
 * `finishCrossFileDuplicates`), and records whose copy carries another label; returns an issue
 * when the scan's bound is reached. `list.labels` are left out by the caller when the file's own
 * analysis found its labels do not follow its text (its duplicates disagree at chance).
 */
export function checkCrossFileDuplicates(scan: object, relPath: string, format: string, list: ShardKeyList | undefined): { findings: Finding[]; issues: ScanIssue[] } {
  const out = { findings: [] as Finding[], issues: [] as ScanIssue[] };
  const keys = list?.keys;
  if (!keys?.length) return out;
  const labels = list!.labels;
  let reg = registries.get(scan);
  if (!reg) registries.set(scan, (reg = newRegistry()));
  if (reg.held + keys.length > MAX_HELD_KEYS) {
    if (!reg.full) out.issues.push({ path: relPath, reason: 'limit', message: `${relPath}: over ${MAX_HELD_KEYS} records of this scan's datasets are held for the check across their files; it and later files are checked for duplicates within themselves only`, source: 'data' });
    reg.full = true;
    return out;
  }
  const groupName = `${path.posix.dirname(relPath)}|${format}`;
  let group = reg.groups.get(groupName);
  if (group === undefined) reg.groups.set(groupName, (group = reg.groups.size + 1));
  const self = reg.files.length;
  reg.files.push(relPath);
  // Room for every key first: one rehash, not one per doubling while they go in.
  // At most half full: 2 Mi keys fit 4 Mi slots (64 MiB).
  while ((reg.held + keys.length) * 2 > reg.mask + 1) grow(reg);
  /** Per other file: the keys it shares with this one, and how many of them it labels otherwise. */
  const shared = new Map<number, { count: number; conflicts: number }>();
  const meet = (key: number, label: number) => {
    const other = holdOrMeet(reg, group, key, self, label);
    if (other < 0) return;
    let pair = shared.get(other);
    if (!pair) shared.set(other, (pair = { count: 0, conflicts: 0 }));
    pair.count++;
    if (label && met.label && met.label !== label) pair.conflicts++;
  };
  // A record repeated within the file is the file's own duplicate: each key once.
  if (!labels) {
    const sorted = keys.slice().sort();
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i]!;
      if (key !== 0 && (i === 0 || key !== sorted[i - 1])) meet(key, 0);
    }
  } else {
    // With its first record's label: keys sorted with their index, a key's top 32 bits above and
    // the index below (a file has at most MAX_SHARD_KEYS = 2^20 keys).
    const order = new Float64Array(keys.length);
    for (let i = 0; i < keys.length; i++) order[i] = Math.floor(keys[i]! / 0x100000) * 0x100000 + i;
    order.sort();
    for (let x = 0; x < order.length; x++) {
      const i = order[x]! % 0x100000;
      if (keys[i] !== 0 && !metBefore(order, x, keys)) meet(keys[i]!, labels[i]!);
    }
  }
  if (keys.length >= MAX_SHARD_KEYS) reg.cut.add(relPath);
  for (const [other, pair] of shared) {
    const otherPath = reg.files[other]!;
    // The same path met twice in one scan is no pair.
    if (otherPath === relPath) continue;
    // Train beside test in one folder: the split-overlap check's pair.
    const a = splitOf(relPath)?.role;
    const b = splitOf(otherPath)?.role;
    if (a && b && a !== b) continue;
    const [copy, original] = relPath > otherPath ? [relPath, otherPath] : [otherPath, relPath];
    let originals = reg.pairs.get(copy);
    if (!originals) reg.pairs.set(copy, (originals = new Map()));
    originals.set(original, pair);
  }
  return out;
}

/**
 * The copies met in the target, when every file has been: one finding per copy file (and one for
 * its records labelled otherwise) naming all its originals. Made as files arrived, a copy met
 * before some of its originals got a finding per original, and a dataset of many shards alike
 * one per pair of them.
 */
export function finishCrossFileDuplicates(scan: object): Finding[] {
  const reg = registries.get(scan);
  registries.delete(scan);
  if (!reg) return [];
  const out: Finding[] = [];
  for (const copy of [...reg.pairs.keys()].sort()) {
    const pairs = [...reg.pairs.get(copy)!];
    out.push(copyFinding(copy, byCount(pairs.map(([path, p]) => ({ path, count: p.count }))), reg.cut.has(copy)));
    const conflicts = pairs.filter(([, p]) => p.conflicts > 0).map(([path, p]) => ({ path, count: p.conflicts }));
    if (conflicts.length) out.push(crossFileConflictFinding(copy, byCount(conflicts), 'exact'));
  }
  return out;
}

/** The files a copy's records are also in, with how many of them each holds. */
export type Originals = { path: string; count: number }[];

/** Most records first, then by path. */
export function byCount(originals: Originals): Originals {
  return originals.sort((x, y) => y.count - x.count || (x.path < y.path ? -1 : 1));
}

/** `in O, another file of the same dataset` or `in 3 other files of the same dataset (O: 5, P: 2, Q: 1)`: at most five named. */
export function inOriginals(originals: Originals): string {
  if (originals.length === 1) return `in ${originals[0]!.path}, another file of the same dataset`;
  const named = originals.slice(0, 5).map((o) => `${o.path}: ${o.count}`).join(', ');
  return `in ${originals.length} other files of the same dataset (${named}${originals.length > 5 ? ', …' : ''})`;
}

/** A finding's properties for its originals: the one holding most (`copyOf`), and how many there are. */
export function originalsProperties(originals: Originals): { copyOf: string; records: number; originals?: number } {
  const records = originals.reduce((n, o) => n + o.count, 0);
  return { copyOf: originals[0]!.path, records, ...(originals.length > 1 ? { originals: originals.length } : {}) };
}

/**
 * Whether the key at sorted position x was met earlier in the file (an equal key before it among
 * those sharing its top 32 bits). At most 64 such keys are looked at: keys are unseeded hashes, and
 * a file crafted to share one top half must not make this quadratic (a repeat past them counts twice).
 */
function metBefore(order: Float64Array, x: number, keys: Float64Array): boolean {
  const key = keys[order[x]! % 0x100000]!;
  const top = Math.floor(order[x]! / 0x100000);
  for (let y = x - 1; y >= 0 && y >= x - 64 && Math.floor(order[y]! / 0x100000) === top; y--) if (keys[order[y]! % 0x100000] === key) return true;
  return false;
}

/** The label of the key `holdOrMeet` met last, as its holder had it (0: none). */
const met = { label: 0 };

function newRegistry(): Registry {
  const size = 1 << 12;
  return { keys: new Float64Array(size), group: new Int32Array(size), holder: new Int32Array(size), label: new Int32Array(size), mask: size - 1, held: 0, groups: new Map(), files: [], pairs: new Map(), cut: new Set(), full: false };
}

/**
 * Finds (group, key): when held by another file, returns that file and leaves the smaller path
 * holding it; when absent, this file holds it and -1 is returned.
 */
function holdOrMeet(reg: Registry, group: number, key: number, self: number, label: number): number {
  let s = slotOf(key, group) & reg.mask;
  for (; reg.keys[s] !== 0; s = (s + 1) & reg.mask) {
    if (reg.keys[s] !== key || reg.group[s] !== group) continue;
    const other = reg.holder[s]!;
    met.label = reg.label[s]!;
    if (reg.files[self]! < reg.files[other]!) {
      reg.holder[s] = self;
      reg.label[s] = label;
    }
    return other;
  }
  reg.keys[s] = key;
  reg.group[s] = group;
  reg.holder[s] = self;
  reg.label[s] = label;
  if (++reg.held * 2 > reg.mask + 1) grow(reg);
  return -1;
}

/** A slot from the key's two halves and the group (keys are 52-bit hashes: well mixed already). */
function slotOf(key: number, group: number): number {
  return (key | 0) ^ Math.imul((key / 0x100000000) | 0, 0x9e3779b1) ^ Math.imul(group, 0x85ebca6b);
}

function grow(reg: Registry): void {
  const { keys, group, holder, label } = reg;
  const size = keys.length * 2;
  reg.keys = new Float64Array(size);
  reg.group = new Int32Array(size);
  reg.holder = new Int32Array(size);
  reg.label = new Int32Array(size);
  reg.mask = size - 1;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === 0) continue;
    let s = slotOf(keys[i]!, group[i]!) & reg.mask;
    while (reg.keys[s] !== 0) s = (s + 1) & reg.mask;
    reg.keys[s] = keys[i]!;
    reg.group[s] = group[i]!;
    reg.holder[s] = holder[i]!;
    reg.label[s] = label[i]!;
  }
}

function copyFinding(copy: string, originals: Originals, firstOnly: boolean): Finding {
  const compared = firstOnly ? ` (its first ${MAX_SHARD_KEYS} records compared)` : '';
  const props = originalsProperties(originals);
  return makeFinding(duplicateRule, {
    assetId: fileAssetId('dataset', copy),
    location: { path: copy },
    message: `${props.records} record(s) of ${copy} are also ${inOriginals(originals)} (the same words in the same order, case and punctuation aside; records of 32 characters or more)${compared}: deduplicating file by file misses them, and training weighs each such record twice — more if it was copied into further shards, which is how a poisoned example is made to count`,
    evidenceKey: `cross-file|${copy}|${originals[0]!.path}`,
    properties: { indicator: 'cross-file-duplicates', ...props },
  });
}

/** Records of a copy that earlier files of the dataset hold, exactly or nearly, under another label. */
export function crossFileConflictFinding(copy: string, originals: Originals, how: 'exact' | 'near'): Finding {
  const what = how === 'exact' ? 'the same words in the same order' : 'near-duplicates, ≥ 80 % of their word 3-shingles shared';
  const props = originalsProperties(originals);
  return makeFinding(conflictingLabelRule, {
    assetId: fileAssetId('dataset', copy),
    location: { path: copy },
    message: `${props.records} record(s) of ${copy} carry another label than their copies ${inOriginals(originals)} (${what}): a label flipped in one shard is how label-flipping poisoning hides from a check made file by file — or the labelling of one part went wrong; either way training sees the same example taught both ways`,
    evidenceKey: `cross-file-labels|${how}|${copy}|${originals[0]!.path}`,
    properties: { indicator: how === 'exact' ? 'cross-file-conflicting-labels' : 'cross-file-near-conflicting-labels', ...props },
  });
}
