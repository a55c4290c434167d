import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Classified } from './classify.js';
import { mergeParts } from './finalize.js';
import { DETECTORS, detectorOn, type DataOptions } from './options.js';
import type { PartResult } from './part.js';
import { WorkerPool } from './pool/pool.js';
import { avroBlockRanges } from './readers/avro-ranges.js';
import { fileEncoding, inFileEncoding, openingEncoding } from './range-encoding.js';
import { rowGroupRanges } from './readers/parquet-ranges.js';
import { scanPart, type ScanJob } from './scan-part.js';

/** Files smaller than this are scanned in the calling thread: a thread hop costs more than the scan. */
export const IN_THREAD_BYTES = 1 << 20;

let pool: WorkerPool<ScanJob, PartResult> | undefined;
let poolSize = -1;

const workerUrl = new URL('./pool/worker.js', import.meta.url);

/** The compiled worker exists in the built package; under a TS test runner it does not, so scans stay in-thread. */
function workerAvailable(): boolean {
  try {
    return existsSync(fileURLToPath(workerUrl));
  } catch {
    return false;
  }
}

/**
 * One worker per core but the main thread's, up to 4; on one or two cores, one per core: the main
 * thread mostly waits while large files are scanned, and keeping a core for it left half of a
 * two-core machine idle.
 */
export function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores <= 2 ? cores : cores - 1));
}

function getPool(size: number): WorkerPool<ScanJob, PartResult> | undefined {
  if (size <= 0 || !workerAvailable()) return undefined;
  if (!pool || poolSize !== size) {
    void pool?.close();
    pool = new WorkerPool<ScanJob, PartResult>(workerUrl, { size, taskTimeoutMs: 30 * 60_000 });
    poolSize = size;
  }
  return pool;
}

/** Byte ranges of about `chunk` bytes, each starting at a line start, covering the file. */
export async function lineAlignedRanges(absPath: string, size: number, chunk: number): Promise<{ start: number; end: number }[]> {
  const fh = await open(absPath, 'r');
  try {
    const starts = [0];
    const buf = Buffer.alloc(64 * 1024);
    for (let nominal = chunk; nominal < size; nominal += chunk) {
      let pos = Math.max(nominal, starts[starts.length - 1]! + 1);
      let found = -1;
      while (found < 0 && pos < size) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (!bytesRead) break;
        const i = buf.subarray(0, bytesRead).indexOf(10);
        if (i >= 0) found = pos + i + 1;
        else pos += bytesRead;
      }
      if (found < 0 || found >= size) break;
      starts.push(found);
    }
    return starts.map((s, i) => ({ start: s, end: (starts[i + 1] ?? size) - 1 }));
  } finally {
    await fh.close();
  }
}

/**
 * Scans one file: in the calling thread when small, on the pool otherwise, and split into chunks
 * across the pool when it is large — line-aligned ranges of a line-oriented file, runs of row
 * groups of a Parquet file, runs of blocks of an uncompressed Avro file. A crashed worker
 * rejects, and the analyzer turns that into an issue for this file only.
 */
export async function runScanJob(absPath: string, relPath: string, size: number, cls: Classified, options: DataOptions, content?: () => Promise<Uint8Array>, progress?: (fraction: number) => void): Promise<PartResult> {
  // Only large files need the pool (and so a worker count); most files never get here.
  const p = size >= IN_THREAD_BYTES ? getPool(options.workers ?? defaultWorkers()) : undefined;
  const onBytes = progress && size >= IN_THREAD_BYTES ? (bytes: number) => progress(bytes / size) : undefined;
  if (!p) return scanPart(content && size < IN_THREAD_BYTES ? { absPath, relPath, cls, options, content: await content() } : { absPath, relPath, cls, options }, onBytes);
  const base: ScanJob = { absPath, relPath, cls, options };
  if (size < options.chunkBytes || p.size < 2) return p.run(base, onBytes);
  const ranges = await splitRanges(absPath, size, cls, Math.max(options.chunkBytes / 4, Math.ceil(size / (p.size * 4))));
  if (ranges.length < 2) return p.run(base, onBytes);
  // Text ranges are read in the encoding the file's opening decides (range-encoding.ts); when it
  // cannot be read, the ranges decide and agree afterwards.
  const encoding = isLineText(cls) ? await openingEncoding(absPath).catch(() => undefined) : undefined;
  return scanInChunks(encoding ? { ...base, encoding } : base, ranges, (job, jobBytes) => p.run(job, jobBytes), progress, size);
}

/**
 * Where a large file splits into chunks of about `chunk` bytes: line starts of an uncompressed
 * line-oriented file, row groups of a Parquet file (its footer is read again per chunk: a few KB),
 * just after sync markers of an uncompressed Avro file (its header is read again per chunk). None
 * (one job) for any other file, a compressed one included (its stream cannot be entered midway),
 * or when the split cannot be found.
 */
export async function splitRanges(absPath: string, size: number, cls: Classified, chunk: number): Promise<ScanRange[]> {
  if (isLineText(cls)) return lineAlignedRanges(absPath, size, chunk);
  if (cls.format === 'avro' && !cls.gzip) return avroBlockRanges(absPath, size, chunk).catch(() => []);
  if (cls.format === 'parquet') return rowGroupRanges(absPath, chunk).catch(() => []);
  return [];
}

/** An uncompressed line-oriented text file: split at line starts, read as UTF-8 or a legacy encoding. */
function isLineText(cls: Classified): boolean {
  return !cls.gzip && !cls.utf16 && (cls.format === 'text' || cls.format === 'markdown' || cls.format === 'jsonl' || cls.format === 'csv' || cls.format === 'tsv');
}

/**
 * A range of a split file: bytes, or a Parquet file's row groups. `rows`, when the split knows it
 * (an Avro file's blocks claim their record counts), is how many rows the range holds.
 */
export interface ScanRange {
  start: number;
  end: number;
  rows?: number;
}

/**
 * One file as line-aligned ranges, each a job for `run` (the pool), merged into the part one pass
 * would give. Duplicates and triggers are a property of the whole dataset, not of a chunk: one job
 * reads the whole file for them alone (started first: it is the longest), the chunks do the rest.
 */
export async function scanInChunks(
  base: ScanJob,
  ranges: readonly ScanRange[],
  run: (job: ScanJob, onBytes?: (bytes: number) => void) => Promise<PartResult>,
  progress?: (fraction: number) => void,
  /** The file's bytes, when the ranges are not byte ranges (a Parquet file's row groups). */
  fileBytes?: number,
): Promise<PartResult> {
  const { options, cls } = base;
  const poisoning = cls.class === 'data' && detectorOn(options, 'poisoning');
  const rest = DETECTORS.filter((d) => d !== 'poisoning' && detectorOn(options, d));
  const size = fileBytes ?? (ranges.length ? ranges[ranges.length - 1]!.end + 1 - ranges[0]!.start : 0);
  // Progress over every job: each reports the bytes it has read, the whole-file job reads it all again.
  const read = new Map<string, number>();
  const expected = size * (poisoning && rest.length ? 2 : 1);
  const tracked = (key: string) => (progress && expected > 0 ? (bytes: number) => {
    read.set(key, bytes);
    let sum = 0;
    for (const b of read.values()) sum += b;
    progress(sum / expected);
  } : undefined);
  if (!rest.length) return run(base, tracked('whole'));
  const chunkOptions: DataOptions = poisoning ? { ...options, detectors: rest } : options;
  const [whole, parts] = await Promise.all([
    poisoning ? run({ ...base, options: { ...options, detectors: ['poisoning'] } }, tracked('whole')) : undefined,
    chunkedParts(ranges, (range, encoding) => run({ ...base, options: chunkOptions, range: { start: range.start, end: range.end }, ...(encoding ? { encoding } : {}) }, tracked(`${range.start}`))),
  ]);
  const merged = mergeRowSpans(parts, ranges);
  if (whole) {
    merged.poison = whole.poison;
    merged.records = whole.records;
    merged.recordKeys = whole.recordKeys;
    merged.recordSketches = whole.recordSketches;
    if (whole.docSketch) merged.docSketch = whole.docSketch;
    if (whole.shardKeys) merged.shardKeys = whole.shardKeys;
    if (whole.shardSketches) merged.shardSketches = whole.shardSketches;
  }
  return merged;
}

/**
 * Merges the parts; where each range knows its rows (`ScanRange.rows`), a part's rows are shifted
 * by the rows of the ranges before it, not by those their chunks read: a chunk that stopped early
 * (a corrupt block, its row cap) leaves the numbers of the rows after it as one pass gives them.
 * The merged row count is still the rows read.
 */
export function mergeRowSpans(parts: readonly PartResult[], ranges: readonly ScanRange[]): PartResult {
  if (parts.length !== ranges.length || ranges.some((r) => r.rows === undefined)) return mergeParts(parts);
  // mergeParts shifts each part's rows by the `status.rows` of the parts before it.
  const merged = mergeParts(parts.map((p, i) => ({ ...p, status: { ...p.status, rows: ranges[i]!.rows! } })));
  merged.status.rows = parts.reduce((sum, p) => sum + p.status.rows, 0);
  return merged;
}

/**
 * Scans the ranges in parallel. Text is read in one encoding, the first range's that met a byte
 * past ASCII: a range that guessed another is scanned again in it (range-encoding.ts). A table's
 * chunk is parsed as if it started outside any quoted field; that holds when the chunk before it
 * ended outside one. Where one did not (a quoted multi-line cell runs across the split),
 * everything from that chunk on is scanned again as one range, so the rows are exactly those of
 * one pass.
 */
export async function chunkedParts(ranges: readonly ScanRange[], scan: (range: ScanRange, encoding?: string) => Promise<PartResult>): Promise<PartResult[]> {
  const parts = await inFileEncoding(ranges, await Promise.all(ranges.map((r) => scan(r))), scan);
  const open = parts.findIndex((p, i) => p.openQuoteAtEnd && i < parts.length - 1);
  if (open < 0) return parts;
  return [...parts.slice(0, open), await scan({ start: ranges[open]!.start, end: ranges.at(-1)!.end }, fileEncoding(parts))];
}
