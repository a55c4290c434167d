import { createHash } from 'node:crypto';
import { maskValue } from '../../core/index.js';
import { CHUNK_LIMIT_FACTOR, emptyPart, MAX_COLUMNS, MAX_INJECTION, MAX_PII_FIELDS, MAX_SECRETS, MAX_WHERE, piiKey, type InjectionOcc, type PartResult, type PiiGroup } from './part.js';
import { addPlaces, wantsPlace } from './injection-places.js';
import { scanPii, type PiiOptions } from './pii/engine.js';
import { DIRECT_IDENTIFIERS, HEALTH_ENTITIES } from './pii/recognizers.js';
import { agentInstructionsTool, TABLE_FORMATS } from './classify.js';
import { InjectionBatch } from './injection-batch.js';
import { findToolPoisoning } from './poisoning/tool-poisoning.js';
import { DatasetAnalysis } from './poisoning/dataset.js';
import { mayHoldInvisible, type InjectionHit } from './poisoning/injection.js';
import { CellPos, RowCells, type Positioner } from './positions.js';
import type { DataRow, TextCell } from './readers/types.js';
import type { ScanJob } from './scan-part.js';
import { SecretEngine } from './secrets/engine.js';
import { isLockfile } from './secrets/false-positives.js';
import { builtinSecretRules } from './secrets/rules/index.js';
import { recordKey, splitOf } from './split-overlap.js';
import { SketchList } from './split-sketch.js';
import { DOCUMENT_FORMATS, DocSketch } from './doc-sketch.js';
import { holdsShardRecords, labelHash, MIN_SHARD_RECORD_CHARS, ShardKeys } from './shard-keys.js';
import { ShardSketches } from './shard-sketches.js';
import { detectorOn, type DataOptions } from './options.js';
import type { RawSeen } from './readers/raw-seen.js';

const engines = new Map<string, SecretEngine>();
/** The engine of an options object already seen (one per scan in the main thread; a JSON key per file was measurable). */
const byOptions = new WeakMap<DataOptions, SecretEngine>();
/** One compiled engine per rule set, cached per thread (compiling 150 regexes costs ~1 ms, not 0). */
export function engineFor(options: DataOptions): SecretEngine {
  const known = byOptions.get(options);
  if (known) return known;
  const key = JSON.stringify([options.userRules ?? [], options.disableSecretRules ?? []]);
  let e = engines.get(key);
  if (!e) {
    const off = new Set(options.disableSecretRules ?? []);
    e = new SecretEngine([...(options.userRules ?? []), ...builtinSecretRules.filter((r) => !off.has(r.id))]);
    engines.set(key, e);
  }
  byOptions.set(options, e);
  return e;
}

/**
 * PII options per options object: the entity set must be the same Set from file to file, since
 * the recognizer plan is cached by it (a new Set per file rebuilt the plan for every file).
 */
const piiOptionsCache = new WeakMap<DataOptions, PiiOptions>();
export function piiOptionsFor(options: DataOptions): PiiOptions {
  let o = piiOptionsCache.get(options);
  if (!o) piiOptionsCache.set(options, (o = { threshold: options.threshold, entities: options.entities ? new Set(options.entities) : undefined }));
  return o;
}

/** True for an empty or all-whitespace cell, without trimming a copy. */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return s.trim() === '';
    if (c > 32) return false;
  }
  return true;
}

/** Record keys kept per file for the split-overlap check (16 MiB). */
const MAX_RECORD_KEYS = 1 << 21;

const valueHash = (v: string) => createHash('sha256').update(v).digest('hex').slice(0, 32);

/** Detector state for one part: turns rows into aggregated, masked results. */
export class Collector {
  readonly part = emptyPart();
  private readonly secretIdx = new Map<string, number>();
  private readonly piiIdx = new Map<string, PiiGroup>();
  private readonly colIdx = new Map<string, PartResult['columns'][number]>();
  /**
   * Injection evidence already met, keyed by kind and matched text (hashed only when new): the
   * occurrence it was kept as, or null when it was past the kind's limit (counted, not listed).
   */
  private readonly injectionSeen = new Map<string, InjectionOcc | null>();
  private readonly injectionKept = new Map<string, number>();
  private readonly injectionBatch = new InjectionBatch((h, text, pos) => this.injection(h, text, pos));
  /** Per cell index, the column it last fed (a CSV row's cell i is column i). */
  private readonly colAt: (PartResult['columns'][number] | undefined)[] = [];
  private readonly engine: SecretEngine;
  private readonly skipGeneric: boolean;
  private readonly piiOptions: PiiOptions;
  /** Entities of one-in-ten checks failed in the cell just scanned (PiiOptions.misses), emptied after each. */
  private readonly misses: string[] = [];
  /** PII and injection are looked for in data, not in source code (secrets only there). */
  readonly deep: boolean;
  private readonly piiOn: boolean;
  private readonly injectionOn: boolean;
  /** Tool-poisoning wording is read only where text is taken as standing orders (agent rules, MCP server code). */
  private readonly toolPoisoningOn: boolean;
  /** An agent's instruction file is prose: any raw terminal escape in it is read (an MCP server's code only hiding ones). */
  private readonly toolPoisoningProse: boolean;
  readonly secretsOn: boolean;
  private readonly tabular: boolean;
  readonly dataset?: DatasetAnalysis;
  /** Whether records are keyed for the train / evaluation overlap check (the file is a split). */
  private readonly splitKeys: boolean;
  /** Near-duplicate sketches of a split file's records (none made for other files). */
  private readonly sketches?: SketchList;
  /** A document's whole-text sketch, for the scan's near-duplicate document check (documents read whole only). */
  private readonly docSketch?: DocSketch;
  /** Keys of a dataset file's records for the cross-file duplicate check (tables and record streams). */
  private readonly shardKeys?: ShardKeys;
  /** Near-duplicate sketches of such a file's distinct records, for the check across its shards. */
  private readonly shardSketches?: ShardSketches;
  /** Text and Markdown: a document whose paragraphs are its records. */
  private readonly proseRecords: boolean;
  private readonly maxSecrets: number;
  private readonly maxInjection: number;
  private readonly maxPiiFields: number;
  /** PII groups kept for a field of their own. */
  private piiFields = 0;
  /** What the current row's PII hits were: HEALTH and / or IDENTIFIER bits (PartResult.phiRows). */
  private rowKinds = 0;

  constructor(private readonly job: ScanJob) {
    this.engine = engineFor(job.options);
    this.skipGeneric = isLockfile(job.relPath);
    this.piiOptions = { ...piiOptionsFor(job.options), misses: this.misses };
    const data = job.cls.class !== 'source';
    // An agent's instructions are read for what is hidden in them, not for personal data.
    this.piiOn = data && job.cls.class !== 'instructions' && detectorOn(job.options, 'pii');
    this.injectionOn = data && detectorOn(job.options, 'injection');
    this.toolPoisoningOn = this.injectionOn && job.cls.class === 'instructions';
    this.toolPoisoningProse = this.toolPoisoningOn && agentInstructionsTool(job.relPath) !== undefined;
    this.secretsOn = detectorOn(job.options, 'secrets');
    this.deep = this.piiOn || this.injectionOn;
    const factor = job.range ? CHUNK_LIMIT_FACTOR : 1;
    this.maxSecrets = MAX_SECRETS * factor;
    this.maxInjection = MAX_INJECTION * factor;
    this.maxPiiFields = MAX_PII_FIELDS * factor;
    this.tabular = TABLE_FORMATS.has(job.cls.format);
    if (job.cls.class === 'data' && detectorOn(job.options, 'poisoning')) this.dataset = new DatasetAnalysis({ maxRecords: job.options.maxRecords });
    this.splitKeys = this.dataset !== undefined && splitOf(job.relPath) !== undefined;
    if (this.splitKeys) this.sketches = new SketchList();
    if (this.dataset && !job.range && DOCUMENT_FORMATS.has(job.cls.format)) this.docSketch = new DocSketch();
    this.proseRecords = job.cls.format === 'text' || job.cls.format === 'markdown';
    if (this.dataset && holdsShardRecords(job.cls.format)) {
      this.shardKeys = new ShardKeys();
      if (!job.options.loneShard) this.shardSketches = new ShardSketches();
    }
  }

  /**
   * `secrets: false` when the raw text of the same bytes was already scanned for secrets; a
   * RawSeen when it was, but a decoding may join what it split (its hits the raw scan counted are
   * not counted again).
   */
  row(r: DataRow, secretsHere: boolean | RawSeen = true): void {
    if (r.columnsOnly) {
      if (this.piiOn) {
        for (let i = 0; i < r.cells.length; i++) {
          const c = r.cells[i]!;
          this.countColumn(c, i, scanPii(c.text, c.field ?? '', this.piiOptions));
          if (this.misses.length) this.noteMisses(c.field);
        }
      }
      return;
    }
    if (r.asText) this.part.wideRecords = (this.part.wideRecords ?? 0) + 1;
    // A document's text in reading order: its cells (paragraph records repeat what the blocks hold),
    // a page's navigation and footer aside. Its paragraphs: the records of text and Markdown (their
    // cells are 256 KB blocks), every other document's cells.
    if (this.docSketch) {
      for (const c of r.cells) {
        if (c.boilerplate) continue;
        this.docSketch.add(c.text);
        if (!this.proseRecords) this.docSketch.unit(c.text, c.line ? `line ${c.line}` : (c.field ?? ''));
      }
      if (r.record && this.proseRecords) this.docSketch.unit(r.record.text, r.record.line ? `line ${r.record.line}` : '');
    }
    const secrets = secretsHere !== false && this.secretsOn;
    const seen = typeof secretsHere === 'object' ? secretsHere : undefined;
    const injection = this.injectionOn;
    const all = r.cells;
    // Empty cells are dropped without a filtered copy of the array (most rows have none).
    let cells = all;
    for (let i = 0; i < all.length; i++) {
      if (all[i]!.text) continue;
      cells = all.filter((c) => c.text);
      break;
    }
    if (cells.length) {
      const pos = new RowCells(cells, r.row);
      // Secrets and injection run once over the row's cells joined (one regex pass instead of one
      // per cell), and each hit maps back to its cell; PII runs per cell because the column is context.
      if (cells.length === 1) {
        const text = cells[0]!.text;
        if (secrets) this.secrets(text, pos, seen);
        // Under 16 characters only invisible characters fit (instructions, image links and base64 need more).
        if (injection && (text.length >= 16 || mayHoldInvisible(text))) this.injectionBatch.add(text, pos);
      } else if (secrets) {
        const joined = pos.joined();
        this.secrets(joined, pos, seen);
        if (injection) this.injectionBatch.add(joined, pos);
      } else if (injection) {
        // The batch copies the cells: no joined string per row (tables and JSONL scan secrets on raw lines).
        pos.spread();
        this.injectionBatch.addCells(cells, pos);
      }
      if (this.piiOn) {
        this.rowKinds = 0;
        for (let i = 0; i < cells.length; i++) this.cellPii(cells[i]!, i, pos, r.header !== true);
        if (this.rowKinds === (HEALTH | IDENTIFIER)) this.part.phiRows = (this.part.phiRows ?? 0) + 1;
      }
      if (this.toolPoisoningOn) {
        const text = cells.length === 1 ? cells[0]!.text : pos.joined();
        for (const h of findToolPoisoning(text, this.toolPoisoningProse)) this.injection(h, text, pos);
      }
    }
    if (r.record && this.dataset) {
      this.part.records++;
      // Only a file named as a dataset split is compared with its other splits (key and sketch), and
      // a table's or record stream's records with the other files of its folder (the analysis's
      // key). A sketch is made only for a record whose key is kept (it refers to the key by index).
      if (this.splitKeys && this.keepKey(recordKey(r.record.text))) this.sketches!.add(r.record.text, this.nKeys - 1);
      this.dataset.addRecord(r.record.text, r.record.label, r.row ?? this.part.records, r.record.line);
      // The analysis's own key of the record: a second pass over its text cost 5 % of a scan.
      if (this.shardKeys && this.dataset.lastKey && r.record.text.length >= MIN_SHARD_RECORD_CHARS) {
        const label = this.labelHashOf(r.record.label);
        this.shardKeys.add(this.dataset.lastKey, label);
        this.shardSketches?.addLast(this.dataset, r.record.text.length, r.row ?? this.part.records, label);
      }
    }
  }

  /** The last label's hash, kept: a dataset has few labels, and a run of records mostly one. */
  private lastLabel: string | undefined;
  private lastLabelHash = 0;
  private labelHashOf(label: string | undefined): number {
    if (label !== this.lastLabel) {
      this.lastLabel = label;
      this.lastLabelHash = labelHash(label);
    }
    return this.lastLabelHash;
  }

  /** `counted`: the cell is a column's value (a header row's cell is not). */
  private cellPii(c: TextCell, i: number, pos: RowCells, counted: boolean): void {
    const hits = scanPii(c.text, c.field ?? '', this.piiOptions);
    const column = this.tabular || c.tableColumn === true;
    if (this.misses.length) this.noteMisses(column ? c.field : undefined);
    if (column && counted) this.countColumn(c, i, hits);
    // An index loop and no closure: `hits` is often the frozen empty result, whose elements kind made
    // for-of call the iterator builtin, and a closure over `i` and `pos` made every call allocate a
    // context. Together ~110 bytes per cell: 0.4 GB of the 1.7 GB a scan of the bench corpus allocated.
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k]!;
      this.pii(h.entity, h.phi, h.severity, h.score, h.value, column ? c.field : undefined, pos, i, h.start);
    }
  }

  /** Counts the cell's failed one-in-ten checks toward the group each would have joined. */
  private noteMisses(field: string | undefined): void {
    const by = (this.part.shapeMisses ??= {});
    for (const e of this.misses) {
      const k = piiKey(e, field);
      by[k] = (by[k] ?? 0) + 1;
    }
    this.misses.length = 0;
  }

  /** Counts cell `i` of a row toward its column (named by `field`): non-empty values, and which entities its hits were. */
  private countColumn(c: TextCell, i: number, hits: readonly { entity: string }[]): void {
    if (!c.field) return;
    let col = this.colAt[i];
    if (col?.name !== c.field) {
      col = this.colIdx.get(c.field);
      if (!col && this.colIdx.size < MAX_COLUMNS) this.colIdx.set(c.field, (col = { name: c.field, nonEmpty: 0, hits: {} }));
      this.colAt[i] = col;
    }
    if (!col) return;
    if (!isBlank(c.text)) col.nonEmpty++;
    if (hits.length === 1) col.hits[hits[0]!.entity] = (col.hits[hits[0]!.entity] ?? 0) + 1;
    else if (hits.length > 1) for (const e of new Set(hits.map((h) => h.entity))) col.hits[e] = (col.hits[e] ?? 0) + 1;
  }

  /** Secrets over raw bytes of the file (exact lines even where the structure is decoded). */
  rawSecrets(text: string, line: number): void {
    if (!this.secretsOn) return;
    this.secrets(text, new CellPos({ text, line, column: 1, verbatim: true }));
  }

  private secrets(text: string, pos: Positioner, seen?: RawSeen): void {
    for (const h of this.engine.scan(text, { skipGeneric: this.skipGeneric })) {
      if (seen?.takes(h.value)) continue;
      // Keyed by the value itself (this map never leaves the part): a key repeated through a
      // file is hashed once, not at every occurrence.
      const key = `${h.ruleId}|${h.value}`;
      const i = this.secretIdx.get(key);
      if (i !== undefined) {
        this.part.secrets[i]!.count++;
        continue;
      }
      if (this.part.secrets.length >= this.maxSecrets) {
        this.part.unlistedSecrets = (this.part.unlistedSecrets ?? 0) + 1;
        continue;
      }
      this.secretIdx.set(key, this.part.secrets.length);
      this.part.secrets.push({ ruleId: h.ruleId, provider: h.provider, description: h.description, severity: h.severity, ai: h.ai, masked: maskValue(h.value), valueHash: valueHash(h.value), where: pos.at(h.start), count: 1 });
    }
  }

  /** Where: offset `start` of cell `i` of `pos` (mapped only when kept). */
  private pii(entity: string, phi: boolean, severity: PiiGroup['severity'], score: number, value: string, field: string | undefined, pos: RowCells, i: number, start: number): void {
    let g = this.piiIdx.get(piiKey(entity, field));
    if (!g) {
      // Past the file's first MAX_PII_FIELDS groups, further fields of an entity share one group.
      const fold = !!field && this.piiFields >= this.maxPiiFields;
      const key = piiKey(entity, field, fold);
      g = this.piiIdx.get(key);
      if (!g) {
        g = { entity, phi, severity, count: 0, maxScore: 0, samples: [], where: [] };
        if (fold) g.otherFields = true;
        else if (field) {
          g.field = field;
          this.piiFields++;
        }
        this.piiIdx.set(key, g);
        this.part.pii.push(g);
      }
    }
    g.count++;
    if (HEALTH_ENTITIES.has(entity)) this.rowKinds |= HEALTH;
    else if (DIRECT_IDENTIFIERS.has(entity)) this.rowKinds |= IDENTIFIER;
    g.maxScore = Math.max(g.maxScore, score);
    if (g.samples.length < 3) {
      const m = maskValue(value);
      if (!g.samples.includes(m)) g.samples.push(m);
    }
    if (g.where.length < MAX_WHERE) g.where.push(pos.cellAt(i, start));
  }

  private injection(h: InjectionHit, text: string, pos: Positioner): void {
    const matched = text.slice(h.start, h.end);
    // A short match is its own key; a long one (a base64 run, an image URL) is keyed by its hash.
    const seen = `${h.kind}|${matched.length <= 256 ? matched : valueHash(matched)}`;
    const prev = this.injectionSeen.get(seen);
    if (prev !== undefined) {
      // The same text again elsewhere: counted, and its place listed while there is room.
      if (prev) addPlaces(prev, 1, wantsPlace(prev) ? [pos.at(h.start)] : []);
      return;
    }
    const kept = this.injectionKept.get(h.kind) ?? 0;
    if (kept >= this.maxInjection) {
      this.injectionSeen.set(seen, null);
      this.part.unlistedIndicators = (this.part.unlistedIndicators ?? 0) + 1;
      return;
    }
    this.injectionKept.set(h.kind, kept + 1);
    const where = pos.at(h.start);
    // In Markdown, text inside an HTML comment is not rendered: a reader of the page never sees it.
    if (this.markdown && !where.field && inHtmlComment(text, h.start)) where.field = 'hidden (comment)';
    const occ: InjectionOcc = { kind: h.kind, detail: h.detail, evidence: `${h.kind}|${valueHash(matched)}`, where };
    this.injectionSeen.set(seen, occ);
    this.part.injection.push(occ);
  }

  private get markdown(): boolean {
    return this.job.cls.format === 'markdown';
  }

  /** Records' keys for the split-overlap check: up to MAX_RECORD_KEYS a file, 8 bytes each. */
  private keys = new Float64Array(0);
  private nKeys = 0;
  private keepKey(k: number): boolean {
    if (this.nKeys === this.keys.length) {
      if (this.nKeys >= MAX_RECORD_KEYS) return false;
      const grown = new Float64Array(Math.min(MAX_RECORD_KEYS, Math.max(256, this.nKeys * 2)));
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.nKeys++] = k;
    return true;
  }

  finish(): PartResult {
    this.injectionBatch.flush();
    if (this.nKeys) this.part.recordKeys = this.keys.slice(0, this.nKeys);
    const sketches = this.sketches?.finish();
    if (sketches) this.part.recordSketches = sketches;
    const shardKeys = this.shardKeys?.finish();
    if (shardKeys) this.part.shardKeys = shardKeys;
    const shardSketches = this.shardSketches?.finish();
    if (shardSketches) this.part.shardSketches = shardSketches;
    const doc = this.docSketch?.finish();
    if (doc) this.part.docSketch = doc;
    this.part.columns = [...this.colIdx.values()];
    if (this.dataset) this.part.poison = this.dataset.finish();
    return this.part;
  }
}

const HEALTH = 1;
const IDENTIFIER = 2;

/** Whether offset `at` of `text` lies inside an HTML comment (`<!--` before it, not closed since). */
function inHtmlComment(text: string, at: number): boolean {
  const open = text.lastIndexOf('<!--', at);
  return open >= 0 && text.lastIndexOf('-->', at) < open;
}
