import { fileAssetId, makeFinding, type Finding, type ScanIssue } from '../../core/index.js';
import { splitOverlapRule } from './rules.js';
import { MAX_CANDIDATES, MAX_SKETCHES, MIN_WORDS, NEAR_JACCARD, nearDuplicates, SKETCH_WORDS, type RecordSketches } from './split-sketch.js';

/**
 * Train / evaluation overlap across the files of one dataset: a test or validation split whose
 * records are also in its training split (`data/train.jsonl` and `data/test.jsonl`, Hugging Face's
 * `train-00000-of-00002.parquet` beside `test-00000-of-00001.parquet`, `train/` beside `valid/`).
 * Each data file's record keys (`recordKey`: a 52-bit hash of the record text, case and spacing
 * folded) are registered per scan as the file is analysed; a split is compared with the opposite
 * splits of its group already registered, so the order files are met in does not matter, and the
 * finding is on the evaluation file whichever came last. Keys are never raw text.
 *
 * Records of MIN_WORDS words or more also carry a MinHash sketch (`split-sketch.ts`); an evaluation
 * record that is no exact copy counts as a near-duplicate when some training record's sketch
 * estimates their word 3-shingle Jaccard at NEAR_JACCARD or more (a word changed in a record of 30
 * words or more, a short sentence appended, punctuation redone).
 */

export type SplitRole = 'train' | 'eval';

const SPLIT = /(^|[._-])(train|training|test|testing|eval|evaluation|valid|validation|dev|val|holdout)(?=[._-]|$)/i;
/** A shard suffix (`-00000-of-00004`) and the extensions: shards of one split are one split. */
const SHARD = /[-_.]\d{1,6}-of-\d{1,6}/i;

/** The split a data file belongs to and the group its sibling splits share; undefined when its path names none. */
export function splitOf(relPath: string): { role: SplitRole; group: string } | undefined {
  const parts = relPath.split('/');
  // The file name first (train.jsonl, squad_dev.json), then its folders, innermost first (data/train/part-0.csv).
  for (let i = parts.length - 1; i >= 0; i--) {
    const name = i === parts.length - 1 ? parts[i]!.replace(SHARD, '').replace(/\.[^.]*$/, '').replace(/\.[^.]*$/, '') : parts[i]!;
    const m = SPLIT.exec(name);
    if (!m) continue;
    const role: SplitRole = /^train/i.test(m[2]!) ? 'train' : 'eval';
    const marked = name.slice(0, m.index + m[1]!.length) + '*' + name.slice(m.index + m[0].length);
    // Files under a split folder are that split whatever their names.
    const group = [...parts.slice(0, i), marked].join('/');
    return { role, group };
  }
  return undefined;
}

/** Record keys registered per scan, in all (a bound on memory: 8 Mi keys are 64 MiB). */
const MAX_KEYS = 8 << 20;

interface Registered {
  path: string;
  role: SplitRole;
  keys: Float64Array;
  sketches?: RecordSketches;
  set?: Set<number>;
}

interface Registry {
  groups: Map<string, Registered[]>;
  keys: number;
  /** Sketched records registered (a bound on memory: MAX_SKETCHES of 68 bytes are 68 MiB). */
  sketched: number;
}

/** Per scan context (a new one per target and scan): dropped with it. */
const registries = new WeakMap<object, Registry>();

/**
 * Registers a data file's record keys (and near-duplicate sketches) and compares it with the
 * opposite splits of its group met so far: findings on the evaluation file of each pair that
 * shares records, exactly or nearly.
 */
export function checkSplitOverlap(scan: object, relPath: string, keys: Float64Array | undefined, sketches?: RecordSketches): { findings: Finding[]; issues: ScanIssue[] } {
  const out = { findings: [] as Finding[], issues: [] as ScanIssue[] };
  const split = splitOf(relPath);
  if (!split || !keys?.length) return out;
  let reg = registries.get(scan);
  if (!reg) registries.set(scan, (reg = { groups: new Map(), keys: 0, sketched: 0 }));
  if (reg.keys + keys.length > MAX_KEYS) {
    out.issues.push({ path: relPath, reason: 'limit', message: `${relPath}: over ${MAX_KEYS} records of this scan's dataset splits are held already; not checked against its other splits for shared records`, source: 'data' });
    return out;
  }
  reg.keys += keys.length;
  const self: Registered = { path: relPath, role: split.role, keys };
  if (sketches) self.sketches = registerSketches(reg, relPath, sketches, out.issues);
  const siblings = reg.groups.get(split.group) ?? [];
  for (const other of siblings) {
    if (other.role === self.role) continue;
    const [train, evalSplit] = self.role === 'train' ? [self, other] : [other, self];
    const f = overlapFinding(train, evalSplit, out.issues);
    if (f) out.findings.push(f);
  }
  siblings.push(self);
  reg.groups.set(split.group, siblings);
  return out;
}

/**
 * The sketches kept of a file: all while the scan holds fewer than MAX_SKETCHES, else the first
 * ones that fit (an issue says so); the exact check goes on for every record either way.
 */
function registerSketches(reg: Registry, relPath: string, sketches: RecordSketches, issues: ScanIssue[]): RecordSketches | undefined {
  const room = Math.max(0, MAX_SKETCHES - reg.sketched);
  const n = Math.min(room, sketches.at.length);
  const left = sketches.at.length - n + (sketches.unsketched ?? 0);
  if (left) issues.push({ path: relPath, reason: 'limit', message: `${relPath}: ${left} record(s) past the ${MAX_SKETCHES} sketched for near-duplicates in this scan's dataset splits; checked against its other splits for exact copies only`, source: 'data' });
  if (!n) return undefined;
  reg.sketched += n;
  return n === sketches.at.length ? sketches : { sig: sketches.sig.subarray(0, n * SKETCH_WORDS), at: sketches.at.subarray(0, n) };
}

function overlapFinding(train: Registered, evalSplit: Registered, issues: ScanIssue[]): Finding | undefined {
  const set = (train.set ??= new Set(train.keys));
  const keys = evalSplit.keys;
  let exact = 0;
  for (const k of keys) if (set.has(k)) exact++;
  let near = 0;
  if (train.sketches && evalSplit.sketches) {
    const found = nearDuplicates(train.sketches, evalSplit.sketches, (i) => set.has(keys[i]!));
    near = found.near;
    if (found.capped) issues.push({ path: evalSplit.path, reason: 'limit', message: `${evalSplit.path}: ${found.capped} record(s) have over ${MAX_CANDIDATES} candidate near-duplicates in ${train.path} (records much alike, such as a shared template); compared with the first ${MAX_CANDIDATES} only`, source: 'data' });
  }
  const shared = exact + near;
  if (!shared) return undefined;
  const total = keys.length;
  const share = shared / total;
  return makeFinding(splitOverlapRule, {
    assetId: fileAssetId('dataset', evalSplit.path),
    location: { path: evalSplit.path },
    message: `${shared} of ${total} record(s) of ${evalSplit.path} (${(share * 100).toFixed(share < 0.01 ? 2 : 1)} %) are also in the training split ${train.path}: ${exact} exact (case and spacing aside), ${near} near-duplicate (≥ ${NEAR_JACCARD * 100} % of word 3-shingles shared, records of ${MIN_WORDS} words or more); evaluating on them measures memory, not skill`,
    evidenceKey: train.path,
    properties: { shared, exact, near, records: total, share: Number(share.toFixed(4)), trainSplit: train.path },
  });
}

/**
 * A record's key: a 52-bit hash of its text with ASCII case folded and runs of whitespace as one
 * space, ends trimmed — the same in every thread (unlike the poisoning analysis's seeded keys), so
 * files scanned on different workers compare.
 */
export function recordKey(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let space = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      space = started;
      continue;
    }
    if (space) {
      h1 = Math.imul(h1 ^ 32, 0x01000193);
      h2 = Math.imul(h2 ^ 32, 0x5bd1e995);
      space = false;
    }
    if (c >= 65 && c <= 90) c += 32;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul((h2 ^ c) + (h2 >>> 13), 0x5bd1e995);
    started = true;
  }
  // 32 bits of one and 20 of the other: exact in a double.
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 12) & 0xfffff);
}
