import { findTriggers } from './triggers.js';
import { bandKeys, hash53Tokens, NUM_BANDS, signature, similarity, words } from './minhash.js';

/** One training / RAG record as the poisoning analysis sees it. */
export interface DataRecord {
  text: string;
  label?: string;
  /** Where it sits, for findings: 1-based row and line. */
  row: number;
  line?: number;
  field?: string;
}

export type PoisonKind = 'exact-duplicates' | 'near-duplicates' | 'conflicting-labels' | 'trigger-token';

export interface PoisonHit {
  kind: PoisonKind;
  /** Rows involved (the first few). */
  rows: number[];
  lines: number[];
  detail: string;
  count: number;
  properties?: Record<string, string | number | boolean>;
}

export interface DatasetAnalysisOptions {
  /** Records kept for near-duplicate and trigger analysis (memory bound). */
  maxRecords?: number;
  /** Estimated Jaccard at or above which two records are near-duplicates. */
  nearDuplicateThreshold?: number;
}

interface Kept {
  row: number;
  line: number;
  label?: string;
  /** Distinct token ids (into the analysis' vocabulary), in order of first appearance. */
  tokens: Int32Array;
  sig: Int32Array;
  norm: number;
}

/**
 * Accumulates records of one dataset and judges them at the end: exact and near-duplicate
 * records, duplicates whose labels disagree, and trigger tokens (a rare token whose rows almost
 * all carry one label although the rest of their text says otherwise — the BadNets pattern).
 * Memory is bounded by `maxRecords`; past it, records still count for exact duplicates (by hash).
 */
export class DatasetAnalysis {
  private readonly kept: Kept[] = [];
  /**
   * Exact duplicates: a unique record costs one Map entry holding its index in the flat `first*`
   * arrays (no per-record objects); a group object exists only once a second copy shows up.
   */
  private readonly exact = new Map<number, number>();
  private readonly firstRow: number[] = [];
  private readonly firstLine: number[] = [];
  private readonly firstLabel: (string | undefined)[] = [];
  private readonly groups = new Map<number, { rows: number[]; lines: number[]; labels: Set<string>; n: number }>();
  /**
   * LSH band keys of every kept record, flat (record-major, NUM_BANDS per record). Buckets are
   * built once in `finish` by sorting (key, record) pairs per band: far cheaper than 16 hash maps
   * updated per record.
   */
  private bandKeyArr = new Int32Array(1024 * NUM_BANDS);
  /**
   * Tokens are interned: a kept record holds an Int32Array of ids instead of a Set of strings (one
   * small typed array instead of a hash table per record: far less to allocate and to promote).
   */
  private readonly vocab = new Map<string, number>();
  private readonly vocabWords: string[] = [];
  /** Per token id, the generation that last marked it (dedupe and Jaccard without a Set). */
  private stamp = new Int32Array(1024);
  private gen = 0;
  private readonly maxRecords: number;
  private readonly threshold: number;
  private labelled = 0;
  total = 0;

  constructor(opts: DatasetAnalysisOptions = {}) {
    // The bucket sort packs record indices in 17 bits.
    this.maxRecords = Math.min(opts.maxRecords ?? 50_000, 131_072);
    this.threshold = opts.nearDuplicateThreshold ?? 0.8;
  }

  add(r: DataRecord): void {
    const tokens = words(r.text);
    if (tokens.length < 3) return;
    this.total++;
    const norm = hash53Tokens(tokens);
    const seen = this.exact.get(norm);
    if (seen === undefined) {
      if (this.exact.size < this.maxRecords * 4) {
        this.exact.set(norm, this.firstRow.length);
        this.firstRow.push(r.row);
        this.firstLine.push(r.line ?? r.row);
        this.firstLabel.push(r.label);
      }
    } else {
      let g = this.groups.get(seen);
      if (!g) {
        g = { rows: [this.firstRow[seen]!], lines: [this.firstLine[seen]!], labels: new Set<string>(), n: 1 };
        const l0 = this.firstLabel[seen];
        if (l0 !== undefined) g.labels.add(l0);
        this.groups.set(seen, g);
      }
      g.n++;
      if (g.rows.length < 5) {
        g.rows.push(r.row);
        g.lines.push(r.line ?? r.row);
      }
      if (r.label !== undefined) g.labels.add(r.label);
    }
    if (r.label !== undefined) this.labelled++;
    if (this.kept.length >= this.maxRecords) return;
    const sig = signature(tokens);
    const idx = this.kept.push({ row: r.row, line: r.line ?? r.row, label: r.label, tokens: this.intern(tokens), sig, norm }) - 1;
    const keys = bandKeys(sig);
    if ((idx + 1) * NUM_BANDS > this.bandKeyArr.length) {
      const grown = new Int32Array(this.bandKeyArr.length * 2);
      grown.set(this.bandKeyArr);
      this.bandKeyArr = grown;
    }
    for (let b = 0; b < NUM_BANDS; b++) this.bandKeyArr[idx * NUM_BANDS + b] = keys[b]!;
  }

  /** Distinct token ids of a record, in order of first appearance (the order a Set would keep). */
  private intern(tokens: readonly string[]): Int32Array {
    const gen = ++this.gen;
    const ids = new Int32Array(tokens.length);
    let n = 0;
    for (const t of tokens) {
      let id = this.vocab.get(t);
      if (id === undefined) {
        id = this.vocabWords.push(t) - 1;
        this.vocab.set(t, id);
        if (id >= this.stamp.length) {
          const grown = new Int32Array(this.stamp.length * 2);
          grown.set(this.stamp);
          this.stamp = grown;
        }
      }
      if (this.stamp[id] === gen) continue;
      this.stamp[id] = gen;
      ids[n++] = id;
    }
    return ids.slice(0, n);
  }

  /** Word-set Jaccard similarity of two records' distinct tokens. */
  private jaccard(a: Int32Array, b: Int32Array): number {
    const gen = ++this.gen;
    for (let i = 0; i < b.length; i++) this.stamp[b[i]!] = gen;
    let inter = 0;
    for (let i = 0; i < a.length; i++) if (this.stamp[a[i]!] === gen) inter++;
    return inter / (a.length + b.length - inter || 1);
  }

  /** Records sharing a band key, per band (at most 64 per bucket). */
  private *buckets(): Generator<number[]> {
    const n = this.kept.length;
    const pairs = new Float64Array(n);
    for (let b = 0; b < NUM_BANDS; b++) {
      // key (30 bits) · 2^17 + record index (< 2^17 with maxRecords ≤ 131072): exact in a double.
      for (let i = 0; i < n; i++) pairs[i] = this.bandKeyArr[i * NUM_BANDS + b]! * 131072 + i;
      pairs.sort();
      let runStart = 0;
      for (let i = 1; i <= n; i++) {
        if (i < n && Math.floor(pairs[i]! / 131072) === Math.floor(pairs[runStart]! / 131072)) continue;
        if (i - runStart > 1) {
          const list: number[] = [];
          for (let k = runStart; k < i && list.length < 64; k++) list.push(pairs[k]! % 131072);
          yield list;
        }
        runStart = i;
      }
    }
  }

  finish(): PoisonHit[] {
    const out: PoisonHit[] = [];
    let dupGroups = 0;
    let dupRecords = 0;
    const firstDup: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    // One finding per kind and file, with examples: templated data can have thousands of pairs.
    let conflictGroups = 0;
    const conflict: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    for (const e of this.groups.values()) {
      dupGroups++;
      dupRecords += e.n - 1;
      if (firstDup.rows.length < 6) {
        firstDup.rows.push(...e.rows.slice(0, 2));
        firstDup.lines.push(...e.lines.slice(0, 2));
      }
      if (e.labels.size > 1) {
        conflictGroups++;
        if (conflict.rows.length < 6) {
          conflict.rows.push(...e.rows.slice(0, 2));
          conflict.lines.push(...e.lines.slice(0, 2));
        }
      }
    }
    if (conflictGroups) out.push({ kind: 'conflicting-labels', rows: conflict.rows, lines: conflict.lines, count: conflictGroups, detail: `${conflictGroups} group(s) of identical records carry different labels`, properties: { groups: conflictGroups, similarity: 1 } });
    if (dupGroups) out.push({ kind: 'exact-duplicates', rows: firstDup.rows, lines: firstDup.lines, count: dupRecords, detail: `${dupRecords} exact duplicate record(s) in ${dupGroups} group(s)`, properties: { groups: dupGroups } });
    this.nearDuplicates(out);
    out.push(...findTriggers(this.kept, this.vocabWords));
    return out;
  }

  private nearDuplicates(out: PoisonHit[]): void {
    const seen = new Set<string>();
    let pairs = 0;
    const sample: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    let conflicts = 0;
    let minSim = 1;
    const conflictSample: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    for (const list of this.buckets()) {
      if (list.length < 2) continue;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = this.kept[list[i]!]!;
          const b = this.kept[list[j]!]!;
          if (a.norm === b.norm) continue; // exact duplicates are reported above
          const key = `${list[i]}:${list[j]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // LSH proposes, exact word-set Jaccard confirms: MinHash estimates are noisy (±0.05).
          const sim = Math.max(similarity(a.sig, b.sig), this.jaccard(a.tokens, b.tokens));
          if (sim < this.threshold) continue;
          pairs++;
          if (sample.rows.length < 6) {
            sample.rows.push(a.row, b.row);
            sample.lines.push(a.line, b.line);
          }
          if (a.label !== undefined && b.label !== undefined && a.label !== b.label) {
            conflicts++;
            minSim = Math.min(minSim, sim);
            if (conflictSample.rows.length < 6) {
              conflictSample.rows.push(a.row, b.row);
              conflictSample.lines.push(a.line, b.line);
            }
          }
        }
      }
    }
    if (conflicts) out.push({ kind: 'conflicting-labels', rows: conflictSample.rows, lines: conflictSample.lines, count: conflicts, detail: `${conflicts} near-duplicate pair(s) (similarity ≥ ${minSim.toFixed(2)}) carry different labels`, properties: { pairs: conflicts, similarity: Number(minSim.toFixed(2)) } });
    if (pairs) out.push({ kind: 'near-duplicates', rows: sample.rows, lines: sample.lines, count: pairs, detail: `${pairs} near-duplicate pair(s) (MinHash similarity ≥ ${this.threshold})` });
  }

}
