import { createHash } from 'node:crypto';
import { maskValue } from '../../core/index.js';
import type { Classified } from './classify.js';
import type { DataOptions } from './options.js';
import { emptyPart, type PartResult, type PiiGroup, type Where } from './part.js';
import { scanPii } from './pii/engine.js';
import { DatasetAnalysis } from './poisoning/dataset.js';
import { scanInjection } from './poisoning/injection.js';
import { readCsv, sniffDialect } from './readers/csv.js';
import { jsonDocumentRows, jsonlRow } from './readers/json.js';
import { notebookRows } from './readers/notebook.js';
import { readParquet } from './readers/parquet.js';
import { lines, readDocument, textChunks } from './readers/source.js';
import { readText } from './readers/text.js';
import type { DataRow, TextCell } from './readers/types.js';
import { SecretEngine } from './secrets/engine.js';
import { isLockfile } from './secrets/false-positives.js';
import { builtinSecretRules } from './secrets/rules/index.js';

/** One unit of work: a whole file, or a byte range of a large line-oriented file. */
export interface ScanJob {
  absPath: string;
  relPath: string;
  cls: Classified;
  options: DataOptions;
  range?: { start: number; end: number };
}

const engines = new Map<string, SecretEngine>();
/** One compiled engine per rule set, cached per thread (compiling 150 regexes costs ~1 ms, not 0). */
export function engineFor(options: DataOptions): SecretEngine {
  const key = JSON.stringify([options.userRules ?? [], options.disableSecretRules ?? []]);
  let e = engines.get(key);
  if (!e) {
    const off = new Set(options.disableSecretRules ?? []);
    e = new SecretEngine([...(options.userRules ?? []), ...builtinSecretRules.filter((r) => !off.has(r.id))]);
    engines.set(key, e);
  }
  return e;
}

const MAX_SECRETS = 200;
const MAX_INJECTION = 20;
const MAX_WHERE = 10;

interface Positioner {
  at(offset: number): Where;
}

/** Maps an offset in a row's joined cells to the cell it falls in. */
class RowPos implements Positioner {
  constructor(
    private readonly starts: number[],
    private readonly cell: (i: number) => CellPos,
  ) {}
  at(offset: number): Where {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.cell(lo).at(offset - this.starts[lo]!);
  }
}

/** Maps an offset inside a cell to a file location (exact for verbatim cells). */
class CellPos implements Positioner {
  private nls?: number[];
  private readonly c: TextCell;
  constructor(
    cell: TextCell,
    private readonly row?: number,
  ) {
    this.c = cell.locate ? { ...cell, ...cell.locate(), locate: undefined } : cell;
  }
  at(offset: number): Where {
    const w: Where = {};
    if (this.row !== undefined) w.row = this.row;
    if (this.c.field) w.field = this.c.field;
    if (this.c.cell !== undefined) w.cell = this.c.cell;
    if (this.c.line === undefined) return w;
    if (!this.c.verbatim) {
      w.line = this.c.line;
      if (this.c.column !== undefined) w.column = this.c.column;
      return w;
    }
    if (!this.nls) {
      this.nls = [];
      for (let i = this.c.text.indexOf('\n'); i >= 0; i = this.c.text.indexOf('\n', i + 1)) this.nls.push(i);
    }
    let lo = 0;
    let hi = this.nls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.nls[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    w.line = this.c.line + lo;
    w.column = lo === 0 ? (this.c.column ?? 1) + offset : offset - this.nls[lo - 1]!;
    return w;
  }
}

const valueHash = (v: string) => createHash('sha256').update(v).digest('hex').slice(0, 32);

/** Detector state for one part: turns rows into aggregated, masked results. */
class Collector {
  readonly part = emptyPart();
  private readonly secretIdx = new Map<string, number>();
  private readonly piiIdx = new Map<string, PiiGroup>();
  private readonly colIdx = new Map<string, PartResult['columns'][number]>();
  private readonly injectionSeen = new Set<string>();
  private readonly engine: SecretEngine;
  private readonly skipGeneric: boolean;
  private readonly entities?: ReadonlySet<string>;
  readonly dataset?: DatasetAnalysis;

  constructor(private readonly job: ScanJob) {
    this.engine = engineFor(job.options);
    this.skipGeneric = isLockfile(job.relPath);
    this.entities = job.options.entities ? new Set(job.options.entities) : undefined;
    if (job.cls.class === 'data' && job.options.poisoning) this.dataset = new DatasetAnalysis({ maxRecords: job.options.maxRecords });
  }

  /** `secrets: false` when the raw text of the same bytes was already scanned for secrets. */
  row(r: DataRow, secrets = true): void {
    const deep = this.job.cls.class !== 'source';
    const tabular = this.job.cls.format === 'csv' || this.job.cls.format === 'tsv' || this.job.cls.format === 'parquet';
    const cells = r.cells.filter((c) => c.text);
    if (!cells.length && !r.record) return;
    // Position mappers are made on first hit only: most cells have none.
    const made: (CellPos | undefined)[] = new Array(cells.length);
    const posOf = (i: number): CellPos => (made[i] ??= new CellPos(cells[i]!, r.row));
    // Secrets and injection run once over the row's cells joined (one regex pass instead of one per
    // cell), and each hit maps back to its cell; PII runs per cell because the column is context.
    if (cells.length === 1) {
      const one: Positioner = { at: (o) => posOf(0).at(o) };
      if (secrets) this.secrets(cells[0]!.text, one);
      if (deep && cells[0]!.text.length >= 16) this.injection(cells[0]!.text, one);
    } else if (cells.length > 1) {
      const starts: number[] = [];
      let at = 0;
      for (const c of cells) {
        starts.push(at);
        at += c.text.length + 1;
      }
      const joined = cells.map((c) => c.text).join('\u0000');
      const map = new RowPos(starts, posOf);
      if (secrets) this.secrets(joined, map);
      if (deep) this.injection(joined, map);
    }
    if (deep) {
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i]!;
        const hits = scanPii(c.text, c.field ?? '', { threshold: this.job.options.threshold, entities: this.entities });
        if (tabular && c.field) {
          let col = this.colIdx.get(c.field);
          if (!col) this.colIdx.set(c.field, (col = { name: c.field, nonEmpty: 0, hits: {} }));
          if (c.text.trim()) col.nonEmpty++;
          const seen = new Set<string>();
          for (const h of hits) seen.add(h.entity);
          for (const e of seen) col.hits[e] = (col.hits[e] ?? 0) + 1;
        }
        for (const h of hits) this.pii(h.entity, h.phi, h.severity, h.score, h.value, tabular ? c.field : undefined, posOf(i).at(h.start));
      }
    }
    if (r.record && this.dataset) {
      this.part.records++;
      this.dataset.add({ text: r.record.text, label: r.record.label, row: r.row ?? this.part.records, line: r.record.line });
    }
  }

  /** Secrets over raw bytes of the file (exact lines even where the structure is decoded). */
  rawSecrets(text: string, line: number): void {
    this.secrets(text, new CellPos({ text, line, column: 1, verbatim: true }));
  }

  private secrets(text: string, pos: Positioner): void {
    for (const h of this.engine.scan(text, { skipGeneric: this.skipGeneric })) {
      const hash = valueHash(h.value);
      const key = `${h.ruleId}|${hash}`;
      const i = this.secretIdx.get(key);
      if (i !== undefined) {
        this.part.secrets[i]!.count++;
        continue;
      }
      if (this.part.secrets.length >= MAX_SECRETS) continue;
      this.secretIdx.set(key, this.part.secrets.length);
      this.part.secrets.push({ ruleId: h.ruleId, provider: h.provider, description: h.description, severity: h.severity, ai: h.ai, masked: maskValue(h.value), valueHash: hash, where: pos.at(h.start), count: 1 });
    }
  }

  private pii(entity: string, phi: boolean, severity: PiiGroup['severity'], score: number, value: string, field: string | undefined, where: Where): void {
    const key = `${entity}|${field ?? ''}`;
    let g = this.piiIdx.get(key);
    if (!g) {
      g = { entity, phi, severity, count: 0, maxScore: 0, samples: [], where: [] };
      if (field) g.field = field;
      this.piiIdx.set(key, g);
      this.part.pii.push(g);
    }
    g.count++;
    g.maxScore = Math.max(g.maxScore, score);
    const m = maskValue(value);
    if (g.samples.length < 3 && !g.samples.includes(m)) g.samples.push(m);
    if (g.where.length < MAX_WHERE) g.where.push(where);
  }

  private injection(text: string, pos: Positioner): void {
    for (const h of scanInjection(text)) {
      const evidence = `${h.kind}|${valueHash(text.slice(h.start, h.end))}`;
      if (this.injectionSeen.has(evidence)) continue;
      this.injectionSeen.add(evidence);
      if (this.part.injection.filter((x) => x.kind === h.kind).length >= MAX_INJECTION) continue;
      this.part.injection.push({ kind: h.kind, detail: h.detail, evidence, where: pos.at(h.start) });
    }
  }

  finish(): PartResult {
    this.part.columns = [...this.colIdx.values()];
    if (this.dataset) this.part.poison = this.dataset.finish();
    return this.part;
  }
}

/** Label column of a table: the conventional names, else none. */
function labelColumn(columns: string[]): number {
  return columns.findIndex((c) => /^(?:label|labels|class|category|target|sentiment|intent|y|verdict|triage|priority)$/i.test(c.trim()));
}

/**
 * Scans one job end to end: picks the reader for the format, streams rows through the detectors,
 * and returns the aggregated, masked part. Never throws for bad content: a parse problem falls back
 * to plain-text scanning (so secrets are still found) and is listed in `problems`.
 */
export async function scanPart(job: ScanJob): Promise<PartResult> {
  const col = new Collector(job);
  const p = col.part;
  const { cls, options } = job;
  const maxBytes = cls.class === 'source' ? options.maxSourceBytes : options.maxDataBytes;
  const readLines = () => lines(textChunks(job.absPath, { gzip: cls.gzip, maxBytes, start: job.range?.start, end: job.range?.end }, p.status));
  const countLines = async function* (src: AsyncIterable<string>) {
    for await (const l of src) {
      p.lines++;
      yield l;
    }
  };
  // Secrets in line-oriented tables (CSV, JSONL) are matched on the raw lines in ~256 KB blocks:
  // exact line and column, keys split over quoted multi-line cells still whole, and one prefilter
  // pass per block instead of one call per row.
  let block: string[] = [];
  let blockSize = 0;
  let blockLine = 1;
  const flushSecrets = () => {
    if (block.length) col.rawSecrets(block.join('\n'), blockLine);
    blockLine += block.length;
    block = [];
    blockSize = 0;
  };
  const teeSecrets = async function* (src: AsyncIterable<string>) {
    for await (const l of src) {
      block.push(l);
      blockSize += l.length + 1;
      if (blockSize >= 256 * 1024) flushSecrets();
      yield l;
    }
    flushSecrets();
  };

  const asText = async (records: boolean) => {
    for await (const r of readText(countLines(readLines()), { records })) col.row(r);
  };

  switch (cls.format) {
    case 'parquet':
      try {
        for await (const r of readParquet(job.absPath, p.status, Math.max(1, Math.floor(options.maxDataBytes / 64)))) col.row(r);
      } catch (e) {
        p.problems.push(`Parquet could not be read: ${(e as Error).message.split('\n')[0]}`);
      }
      break;
    case 'csv':
    case 'tsv': {
      let sample = '';
      for await (const c of textChunks(job.absPath, { gzip: cls.gzip, maxBytes: 64 * 1024 }, { bytes: 0, truncated: false })) sample += c;
      const dialect = sniffDialect(sample, cls.format === 'tsv' ? '.tsv' : cls.innerExt);
      for await (const r of readCsv(teeSecrets(countLines(readLines())), dialect, p.status, labelColumn)) col.row(r, false);
      if (p.status.problem) p.problems.push(p.status.problem);
      break;
    }
    case 'jsonl': {
      let lineNo = 0;
      let row = 0;
      let bad = 0;
      for await (const l of teeSecrets(countLines(readLines()))) {
        lineNo++;
        if (!l.trim()) continue;
        try {
          col.row(jsonlRow(l, lineNo, ++row), false);
        } catch {
          bad++;
          row--;
          // Not JSON: still scan the raw line for secrets and personal data.
          col.row({ cells: [{ text: l, line: lineNo, column: 1, verbatim: true }] }, false);
        }
      }
      p.status.rows = row;
      if (bad) p.problems.push(`${bad} line(s) are not valid JSON (scanned as text)`);
      break;
    }
    case 'json':
    case 'notebook': {
      if (cls.class === 'source') {
        await asText(false);
        break;
      }
      const raw = await readDocument(job.absPath, cls.gzip, options.maxDocumentBytes);
      if (raw === null) {
        p.problems.push(`larger than ${options.maxDocumentBytes} bytes; scanned as plain text`);
        await asText(false);
        break;
      }
      p.status.bytes = Buffer.byteLength(raw);
      p.lines = raw.split('\n').length;
      let doc: unknown;
      try {
        doc = JSON.parse(raw);
      } catch (e) {
        p.problems.push(`invalid JSON (${(e as Error).message.split('\n')[0]}); scanned as plain text`);
        for await (const r of readText(lines((async function* () { yield raw; })()), {})) col.row(r);
        break;
      }
      // Secrets over the raw document (a service-account JSON's fields, keys in code cells), then
      // PII and injection over the decoded values (or the notebook's outputs only).
      col.rawSecrets(raw, 1);
      if (cls.format === 'notebook') {
        try {
          for (const r of notebookRows(doc, raw)) col.row(r, false);
        } catch (e) {
          p.problems.push((e as Error).message);
        }
      } else {
        for (const r of jsonDocumentRows(raw, doc)) col.row(r, false);
      }
      break;
    }
    default:
      await asText(cls.class === 'data');
  }
  return col.finish();
}

