import path from 'node:path';
import { fileAssetId, makeFinding, type Finding, type ScanIssue } from '../../core/index.js';
import { byCount, crossFileConflictFinding, inOriginals, originalsProperties, type Originals } from './cross-file-duplicates.js';
import { duplicateRule } from './rules.js';
import type { ShardSketchList } from './shard-sketches.js';
import { isNear, MAX_CANDIDATES, MIN_WORDS, NEAR_JACCARD, SKETCH_WORDS } from './split-sketch.js';
import { fmix32 } from './poisoning/mix.js';
import { splitOf } from './split-overlap.js';

/**
 * Records of one dataset's shards that are near-duplicates of each other: a poisoned example
 * copied into several shards with a word changed, a scrape appended twice after its text was
 * reflowed. Exact copies across shards are `cross-file-duplicates.ts`' (as each file arrives);
 * within one file the record analysis finds both kinds.
 *
 * A near match can be any earlier record of any earlier shard, so this check runs once, when the
 * scan has met every file of its target (the analyzer's `finish`): as files arrive it only holds
 * their sketches (`shard-sketches.ts`, 64 bytes a distinct record), up to MAX_HELD_SKETCHES per
 * scan. Then files are put in path order and their sketches numbered in it; per LSH band (one of
 * the sketch's 16 words) the (band key, number) pairs are sorted, and within a run of one key each
 * record is compared with the records before it, of an earlier file of its dataset, up to
 * MAX_CANDIDATES comparisons a record. A record's first confirmed match makes it a near copy of
 * that file's; a record whose sketch equals an earlier file's record's is that one's exact copy,
 * the exact check's, and is compared no further. Files of one
 * folder and format are one dataset; train beside test is the split check's.
 */

/** Sketches held per scan (64 MiB, the parts' own arrays) and numbered at the end. */
export const MAX_HELD_SKETCHES = 1 << 20;

const UNMATCHED = -1;
const EXACT = -2;

interface Held {
  path: string;
  group: string;
  list: ShardSketchList;
}

interface Registry {
  files: Held[];
  held: number;
  /** Whether the "too many records" issue was given. */
  full: boolean;
}

const registries = new WeakMap<object, Registry>();

/**
 * Keeps a dataset file's sketches for the scan's `finish`; an issue when the scan's bound is
 * reached. `list.labels` are left out by the caller when the file's labels do not follow its text.
 */
export function holdShardSketches(scan: object, relPath: string, format: string, list: ShardSketchList | undefined): ScanIssue[] {
  if (!list?.rows.length) return [];
  let reg = registries.get(scan);
  if (!reg) registries.set(scan, (reg = { files: [], held: 0, full: false }));
  const n = list.rows.length;
  if (reg.held + n > MAX_HELD_SKETCHES) {
    if (reg.full) return [];
    reg.full = true;
    return [{ path: relPath, reason: 'limit', message: `${relPath}: over ${MAX_HELD_SKETCHES} distinct records of this scan's datasets are held for the near-duplicate check across their files; it and later files are compared across files for exact copies only`, source: 'data' }];
  }
  reg.held += n;
  reg.files.push({ path: relPath, group: `${path.posix.dirname(relPath)}|${format}`, list });
  return [];
}

/** Near-duplicate records across the files of each dataset held for `scan`: one finding per copy file (and one for its copies labelled otherwise). */
export function finishShardSketches(scan: object, progress?: (fraction: number) => void): Finding[] {
  const reg = registries.get(scan);
  registries.delete(scan);
  if (!reg || reg.files.length < 2) return [];
  const files = [...reg.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const groups = new Map<string, number>();
  const groupOf = files.map((f) => {
    let g = groups.get(f.group);
    if (g === undefined) groups.set(f.group, (g = groups.size));
    return g;
  });
  // Datasets of a single file have nothing to compare.
  const filesPerGroup = new Int32Array(groups.size);
  for (const g of groupOf) filesPerGroup[g]!++;
  const base = new Int32Array(files.length + 1);
  for (let f = 0; f < files.length; f++) base[f + 1] = base[f]! + (filesPerGroup[groupOf[f]!]! > 1 ? files[f]!.list.rows.length : 0);
  const total = base[files.length]!;
  if (!total) return [];
  const fileOf = new Int32Array(total);
  for (let f = 0; f < files.length; f++) fileOf.fill(f, base[f]!, base[f + 1]!);
  const sigOf = (i: number): Int32Array => files[fileOf[i]!]!.list.sig;
  const offOf = (i: number): number => (i - base[fileOf[i]!]!) * SKETCH_WORDS;
  // Two files of one dataset are compared unless they are one path met twice or opposite splits
  // (train beside test: the split check's pair). Roles once per file: this is asked per candidate.
  const roleOf = files.map((f) => splitOf(f.path)?.role);
  const comparable = (a: number, b: number): boolean => files[a]!.path !== files[b]!.path && !(roleOf[a] && roleOf[b] && roleOf[a] !== roleOf[b]);
  /** Per record: the earlier record it is a near copy of, else UNMATCHED or EXACT. */
  const matched = new Int32Array(total).fill(UNMATCHED);
  const spent = new Uint16Array(total);
  const entries = new Float64Array(total);
  // Exact copies first, by a hash of the whole sketch: a record that copies an earlier file's one is
  // the exact check's, never a near copy of a third (whichever band met it first).
  for (let f = 0; f < files.length; f++) {
    const sig = files[f]!.list.sig;
    for (let i = base[f]!, off = 0; i < base[f + 1]!; i++, off += SKETCH_WORDS) entries[i] = (sketchHash(sig, off) >>> 0) * 0x100000 + i;
  }
  entries.sort();
  forEachRun(entries, total, (s, e) => compareRun(entries, s, e, true));
  for (let b = 0; b < SKETCH_WORDS; b++) {
    // A million sketches take seconds: the progress line says what the scan is doing meanwhile.
    progress?.((b + 1) / (SKETCH_WORDS + 1));
    // Band key (unsigned) above, number below: sorting the doubles groups keys, numbers in order.
    for (let f = 0; f < files.length; f++) {
      const sig = files[f]!.list.sig;
      for (let i = base[f]!, off = b; i < base[f + 1]!; i++, off += SKETCH_WORDS) entries[i] = (sig[off]! >>> 0) * 0x100000 + i;
    }
    entries.sort();
    forEachRun(entries, total, (s, e) => compareRun(entries, s, e, false));
  }

  /**
   * Each record of the run against the records of earlier files before it (numbers follow paths, so
   * its own file's records in the run are the ones just before it). Records of other datasets in
   * the run are passed over, a bounded number of them: a crafted run of one band key cannot make
   * this quadratic.
   */
  function compareRun(run: Float64Array, s: number, e: number, exact: boolean): void {
    let ownFrom = s;
    for (let y = s + 1; y < e; y++) {
      const j = run[y]! % 0x100000;
      const fj = fileOf[j]!;
      if (fileOf[run[y - 1]! % 0x100000] !== fj) ownFrom = y;
      if (matched[j] !== UNMATCHED) continue;
      const sj = sigOf(j);
      const oj = offOf(j);
      for (let x = s, looked = 0; x < ownFrom && spent[j]! < MAX_CANDIDATES && looked < 4 * MAX_CANDIDATES; x++, looked++) {
        const i = run[x]! % 0x100000;
        const fi = fileOf[i]!;
        if (groupOf[fi] !== groupOf[fj] || !comparable(fi, fj)) continue;
        spent[j]!++;
        const si = sigOf(i);
        const oi = offOf(i);
        if (exact) {
          if (!sameSketch(si, oi, sj, oj)) continue;
          matched[j] = EXACT;
          break;
        }
        if (!isNear(si, oi, sj, oj)) continue;
        matched[j] = i;
        break;
      }
    }
  }

  // Per copy file: its near copies by the file they copy, the first as an example, and those labelled otherwise.
  const perCopy = new Map<number, { copies: Map<number, number>; conflicts: Map<number, number>; row: number; originalRow: number }>();
  for (let j = 0; j < total; j++) {
    const i = matched[j]!;
    if (i < 0) continue;
    let p = perCopy.get(fileOf[j]!);
    if (!p) perCopy.set(fileOf[j]!, (p = { copies: new Map(), conflicts: new Map(), row: rowOf(j), originalRow: rowOf(i) }));
    const fi = fileOf[i]!;
    p.copies.set(fi, (p.copies.get(fi) ?? 0) + 1);
    const a = labelOf(i);
    const b = labelOf(j);
    if (a && b && a !== b) p.conflicts.set(fi, (p.conflicts.get(fi) ?? 0) + 1);
  }
  function rowOf(i: number): number {
    return files[fileOf[i]!]!.list.rows[i - base[fileOf[i]!]!]!;
  }
  function labelOf(i: number): number {
    return files[fileOf[i]!]!.list.labels?.[i - base[fileOf[i]!]!] ?? 0;
  }
  const originals = (m: Map<number, number>): Originals => byCount([...m].map(([f, count]) => ({ path: files[f]!.path, count })));
  return [...perCopy].flatMap(([f, p]) => {
    const copy = files[f]!.path;
    return [nearCopyFinding(copy, originals(p.copies), p), ...(p.conflicts.size ? [crossFileConflictFinding(copy, originals(p.conflicts), 'near')] : [])];
  });
}

/** Calls `fn(s, e)` for each run of two or more sorted entries with one key (the part above the low 20 bits). */
function forEachRun(entries: Float64Array, total: number, fn: (s: number, e: number) => void): void {
  for (let s = 0; s < total; ) {
    const key = Math.floor(entries[s]! / 0x100000);
    let e = s + 1;
    while (e < total && Math.floor(entries[e]! / 0x100000) === key) e++;
    if (e - s > 1) fn(s, e);
    s = e;
  }
}

function sketchHash(sig: Int32Array, off: number): number {
  let h = 0x811c9dc5 | 0;
  for (let w = 0; w < SKETCH_WORDS; w++) h = fmix32(h ^ sig[off + w]!);
  return h;
}

function sameSketch(a: Int32Array, aOff: number, b: Int32Array, bOff: number): boolean {
  for (let w = 0; w < SKETCH_WORDS; w++) if (a[aOff + w] !== b[bOff + w]) return false;
  return true;
}

function nearCopyFinding(copy: string, originals: Originals, p: { row: number; originalRow: number }): Finding {
  const props = originalsProperties(originals);
  return makeFinding(duplicateRule, {
    assetId: fileAssetId('dataset', copy),
    location: { path: copy },
    message: `${props.records} record(s) of ${copy} are near-duplicates of records ${inOriginals(originals)} (≥ ${NEAR_JACCARD * 100} % of their word 3-shingles shared, estimated; records of ${MIN_WORDS} words or more; row ${p.row} is like row ${p.originalRow} of ${originals[0]!.path}): deduplicating file by file misses them, and a poisoned example copied into several shards with a word changed is how it is made to weigh more`,
    evidenceKey: `cross-file-near|${copy}`,
    properties: { indicator: 'cross-file-near-duplicates', ...props, row: p.row, originalRow: p.originalRow },
  });
}
