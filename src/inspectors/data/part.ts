import type { DocSignature } from './doc-sketch.js';
import type { Severity } from '../../core/index.js';
import type { InjectionKind } from './poisoning/injection.js';
import type { PoisonHit } from './poisoning/dataset.js';
import type { ReadStatus } from './readers/types.js';
import type { RecordSketches } from './split-sketch.js';
import type { ShardKeyList } from './shard-keys.js';
import type { ShardSketchList } from './shard-sketches.js';

/**
 * The serialisable result of scanning one file (or one chunk of a large file): what a worker
 * thread sends back. Values are already masked or hashed; nothing raw crosses the boundary.
 */
export interface Where {
  line?: number;
  column?: number;
  row?: number;
  field?: string;
  cell?: number;
}

export interface SecretOcc {
  ruleId: string;
  provider: string;
  description: string;
  severity: Severity;
  ai: boolean;
  masked: string;
  /** sha256 of the value (hex, truncated) — the secret's identity, never the value. */
  valueHash: string;
  where: Where;
  count: number;
}

export interface PiiGroup {
  entity: string;
  field?: string;
  /**
   * The values of this entity in the columns / fields past the first MAX_PII_FIELDS groups of the
   * file, folded into one group (its locations still name their fields).
   */
  otherFields?: boolean;
  phi: boolean;
  severity: Severity;
  count: number;
  maxScore: number;
  samples: string[];
  where: Where[];
}

export interface InjectionOcc {
  kind: InjectionKind;
  detail: string;
  evidence: string;
  where: Where;
  /** Occurrences of this indicator's text in the file, when more than one (`injection-places.ts`). */
  count?: number;
  /** Where it occurs again after `where`: the first MAX_INJECTION_PLACES - 1, without field names. */
  more?: Where[];
}

export interface ColumnStat {
  name: string;
  nonEmpty: number;
  hits: Record<string, number>;
}

export interface PartResult {
  secrets: SecretOcc[];
  pii: PiiGroup[];
  injection: InjectionOcc[];
  columns: ColumnStat[];
  poison: PoisonHit[];
  status: ReadStatus;
  /** Lines in this part (to offset the next chunk's line numbers). */
  lines: number;
  records: number;
  /** Things that went wrong but did not stop the read. */
  problems: string[];
  /** A table chunk whose last line ended inside a quoted field (the next chunk started mid-cell). */
  openQuoteAtEnd?: boolean;
  /** Problems tied to a line of this part (shifted with it when chunks are merged): `text line`. */
  lineProblems?: { text: string; line: number }[];
  /** JSONL lines that are not JSON (scanned as text). */
  invalidJsonLines?: number;
  /** JSON records with more values or deeper nesting than the readers take (scanned as text). */
  wideRecords?: number;
  /** Rows or records holding both health data and a direct identifier (the PHI verdict's evidence in a table). */
  phiRows?: number;
  /** Each record's key (`recordKey`: a hash, never text), for the train / evaluation overlap check. */
  recordKeys?: Float64Array;
  /**
   * Near-duplicate sketches of a split file's records of 8 words or more (`split-sketch.ts`: hashes,
   * never text; typed arrays, so they cross the worker boundary by structured clone as they are).
   */
  recordSketches?: RecordSketches;
  /** Keys of a table's or record stream's records of 32 characters or more (`shard-keys.ts`), for the scan's cross-file duplicate check. */
  shardKeys?: ShardKeyList;
  /** Near-duplicate sketches of such a file's distinct records of 8 words or more (`shard-sketches.ts`: hashes, never text), for the scan's check across a dataset's shards. */
  shardSketches?: ShardSketchList;
  /** A document's whole-text sketch (`doc-sketch.ts`: hashes, never text), for the scan's near-duplicate document check. */
  docSketch?: DocSignature;
  /** Members of a tar that are data files of their own (a CSV, a Parquet file), read apart by `archive.ts`. */
  tarDataMembers?: number;
  /** A JSON document that is one such record (scanned as text whole). */
  wideDocument?: boolean;
  /** Occurrences of secrets past the file's MAX_SECRETS distinct ones: found, not listed. */
  unlistedSecrets?: number;
  /**
   * Matches of a one-in-ten check's shape that failed it, by `piiKey` of the group they would have
   * joined (see chance-hits.ts).
   */
  shapeMisses?: Record<string, number>;
  /** Distinct injection indicators past MAX_INJECTION of their kind: found, not listed. */
  unlistedIndicators?: number;
}

/** Distinct secrets kept per file (occurrences of kept ones are still counted). */
export const MAX_SECRETS = 200;
/** Distinct injection indicators kept per kind and file. */
export const MAX_INJECTION = 20;
/** Places listed per injection indicator (the first and the next ones; the rest are counted). */
export const MAX_INJECTION_PLACES = 5;
/**
 * PII groups (entity × column or field) kept apart per file; values in further fields are folded
 * into one group per entity. A table 200,000 columns wide with an address in each made 200,000
 * findings: 450 MB of report and 2.7 GB of memory from a 4 MB file.
 */
export const MAX_PII_FIELDS = 100;
/** Columns whose values are tallied for classification, per file (the first ones met). */
export const MAX_COLUMNS = 500;
/** Locations kept per PII group. */
export const MAX_WHERE = 10;
/**
 * A chunk of a large file keeps this many times more distinct secrets and indicators. The merge
 * drops repeats across chunks and cuts at the file's limit, which keeps exactly what one pass
 * keeps: until the limit is reached, the chunks before hold fewer distinct values than the limit,
 * so fewer than that many of a chunk's values can be repeats. The margin above 2× keeps a kept
 * secret's occurrence count exact unless a chunk holds over 50× the limit in distinct secrets.
 */
export const CHUNK_LIMIT_FACTOR = 50;

export function emptyPart(): PartResult {
  return { secrets: [], pii: [], injection: [], columns: [], poison: [], status: { truncated: false, bytes: 0, rows: 0 }, lines: 0, records: 0, problems: [] };
}

/** The key a PII group is kept under: its entity and field, or its entity's folded group. */
export function piiKey(entity: string, field: string | undefined, otherFields = false): string {
  return otherFields ? `${entity}|\u0001` : `${entity}|${field ?? ''}`;
}
