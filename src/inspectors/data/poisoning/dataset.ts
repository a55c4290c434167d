import { ExactDuplicates } from './exact-duplicates.js';
import { KeptRecords } from './kept.js';
import { chanceOfConflict, foldConflicts, labelsIgnoreText } from './label-agreement.js';
import { Labels } from './labels.js';
import { findNearDuplicates } from './near-duplicates.js';
import { TokenBuffer } from './tokens.js';
import { findTriggers } from './triggers.js';
import { fmix32 } from './mix.js';
import { Vocab } from './vocab.js';

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

/**
 * Accumulates records of one dataset and judges them at the end: exact and near-duplicate
 * records, duplicates whose labels disagree, and trigger tokens (a rare token whose rows almost
 * all carry one label although the rest of their text says otherwise — the BadNets pattern).
 * Memory is bounded by `maxRecords`; past it, records still count for exact duplicates (by hash).
 *
 * `add` runs once per CSV row / JSONL record, so it allocates nothing per record in the common
 * case: tokens are hashed by char code into a reused buffer, interned by hash (a token's string is
 * made once, when first seen), and kept records live in typed-array columns.
 */
export class DatasetAnalysis {
  private readonly labels = new Labels();
  private readonly kept = new KeptRecords(this.labels.names);
  private readonly exact: ExactDuplicates;
  private readonly tokens = new TokenBuffer();
  private readonly vocab = new Vocab();
  /**
   * Per token id, side by side (one cache line for both): at 2·id the generation that last marked
   * it (dedupe without a Set), at 2·id + 1 its signature value (made once per id rather than once
   * per token): the token's unseeded hash mixed, so the same token has the same value in every
   * analysis, thread and run, and signatures of records of different files compare
   * (`shard-sketches.ts`).
   */
  private perId = new Int32Array(2048);
  private gen = 0;
  /** The current record's token ids, mixed (signature input). */
  private seq = new Int32Array(256);
  private readonly maxRecords: number;
  private readonly threshold: number;
  private findings: PoisonHit[] | undefined;
  total = 0;
  /**
   * The last record's key in every thread alike (52 bits of its token sequence's unseeded hashes:
   * equal for records with the same words in the same order, case and punctuation aside); 0 for a
   * record of under three tokens, which is not analysed.
   */
  lastKey = 0;
  /**
   * Whether the last record became a kept representative (its signature made): its token values
   * are `repTokens()`, its signature `repSignature`. False for a copy, a
   * record past `maxRecords` or one of under three tokens.
   */
  lastRep = false;
  private lastLen = 0;

  constructor(opts: DatasetAnalysisOptions = {}) {
    // Each kept record costs ~400 bytes of signature, band keys and bucket state: a hard cap keeps
    // a large `maxRecords` from turning into gigabytes.
    this.maxRecords = Math.min(opts.maxRecords ?? 50_000, 131_072);
    this.threshold = opts.nearDuplicateThreshold ?? 0.8;
    this.exact = new ExactDuplicates(this.maxRecords * 4);
  }

  add(r: DataRecord): void {
    this.addRecord(r.text, r.label, r.row, r.line);
  }

  /** `add` without a record object (the collector calls this once per row: one object less each). */
  addRecord(text: string, labelName: string | undefined, row: number, line_: number | undefined): void {
    const buf = this.tokens;
    const n = buf.tokenize(text);
    this.lastKey = 0;
    this.lastRep = false;
    if (n < 3) return;
    this.total++;
    buf.sequenceKey();
    this.lastKey = (buf.key2 >>> 0) * 0x100000 + (buf.key3 >>> 12);
    const label = this.labels.id(labelName);
    // 0 where the format has no lines (Parquet): the finding then says the row alone.
    const line = line_ ?? 0;
    const group = this.exact.add(buf.key1, buf.key2, row, line, label);
    // Kept records are the first maxRecords: the exact index (4 × as large) always has their group.
    if (this.kept.n >= this.maxRecords || group < 0) return;
    // A copy of a kept record shares its tokens and signature: nothing more to do.
    if (this.kept.push(row, line, label, group) < 0) return;
    const kept = this.kept;
    this.intern(kept.n - 1, n);
    kept.signatures.add(this.seq, n);
    this.lastRep = true;
    this.lastLen = n;
  }

  /** The last representative's token values, in order (a view of scratch: valid until the next record). */
  repTokens(): Int32Array {
    return this.seq.subarray(0, this.lastLen);
  }

  /** Where the last representative's signature is: `NUM_HASHES` minima of `sig` from `off`. */
  get repSignature(): { sig: Int32Array; off: number } {
    return this.kept.signatures.last;
  }

  /**
   * Writes record idx's distinct token ids, in order of first appearance (the order a Set keeps),
   * and the whole id sequence, mixed, into `seq` for the signature: ids, unlike the seeded hashes,
   * come out the same on every run.
   */
  private intern(idx: number, n: number): void {
    const buf = this.tokens;
    const kept = this.kept;
    const gen = ++this.gen;
    const ids = kept.reserveTokens(n);
    if (this.seq.length < n) this.seq = new Int32Array(Math.max(n, this.seq.length * 2));
    const seq = this.seq;
    let at = kept.tokensAt();
    let perId = this.perId;
    for (let k = 0; k < n; k++) {
      const a = buf.hashA[k]!;
      const b = buf.hashB[k]!;
      let id = this.vocab.find(a, b);
      if (id < 0) {
        id = this.vocab.add(a, b, buf.word(k));
        if (2 * id >= perId.length) {
          const grown = new Int32Array(perId.length * 2);
          grown.set(perId);
          this.perId = perId = grown;
        }
        perId[2 * id + 1] = fmix32(b ^ 0x7f4a7c15);
      }
      seq[k] = perId[2 * id + 1]!;
      // Without a branch: whether a token repeats within its record follows no pattern. A repeat
      // writes its id past the last distinct one, where the next distinct id overwrites it.
      ids[at] = id;
      at += +(perId[2 * id] !== gen);
      perId[2 * id] = gen;
    }
    kept.endTokens(idx, at);
  }

  /**
   * The findings. The signature blocks go back to the thread's pool here, so a second call returns
   * the first call's findings rather than searching blocks another analysis may be filling.
   */
  finish(): PoisonHit[] {
    if (this.findings) return this.findings;
    const near = findNearDuplicates(this.kept, this.exact.count, this.vocab.size, this.threshold);
    this.kept.signatures.release();
    let duplicates = [...this.exact.findings(), ...near.hits];
    if (near.labels.conflicts) {
      const chance = chanceOfConflict(this.kept.labelOf, this.kept.n, this.kept.labelNames.length);
      if (labelsIgnoreText(near.labels, chance)) duplicates = foldConflicts(duplicates, near.labels, chance);
    }
    this.findings = [...duplicates, ...findTriggers(this.kept, this.vocab.words)];
    return this.findings;
  }
}
