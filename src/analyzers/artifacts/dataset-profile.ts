import { parquetMetadata } from 'hyparquet';
import type { Properties, ScanFile } from '../../core/index.js';
import { readPrefix, readTail } from './bounded-read.js';
import { gzipMayHoldRecords } from './gzip-head.js';
import { BIG_JSON, inDataFolder, MIN_ROWS_OUTSIDE, type DatasetFormat } from './dataset-heuristics.js';

/** Bytes sampled from the start of a text dataset; columns and row estimates come from here. */
export const SAMPLE_BYTES = 64 * 1024;
/** A JSON array up to this size is parsed whole for an exact row count. */
const JSON_WHOLE = 8 * 1024 * 1024;
const MAX_FOOTER = 16 * 1024 * 1024;
const MAX_COLUMNS = 200;
const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

interface Sample {
  text: string;
  complete: boolean;
  /** Complete lines only (the last partial line of a truncated sample is dropped). */
  lines: string[];
}

async function sample(file: ScanFile): Promise<Sample> {
  const buf = await readPrefix(file, SAMPLE_BYTES);
  const complete = buf.length >= file.size;
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (!complete) lines.pop();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { text, complete, lines };
}

/** Rows in the file: exact when the sample is the whole file, else size ÷ mean sampled line length. */
function rowCount(s: Sample, size: number, dataLines: number, headerLines: number): { rows: number; exact: boolean } {
  if (s.complete) return { rows: dataLines, exact: true };
  const sampledBytes = Buffer.byteLength(s.lines.join('\n')) + s.lines.length;
  const perLine = sampledBytes / Math.max(1, s.lines.length);
  return { rows: Math.max(dataLines, Math.round(size / perLine) - headerLines), exact: false };
}

/** Splits one delimited line, honouring double quotes (RFC 4180, without multi-line fields). */
export function splitDelimited(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delim) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function profileDelimited(file: ScanFile, s: Sample, delim: string): Properties | undefined {
  const lines = s.lines.filter((l) => l.trim() !== '').slice(0, 50);
  if (!lines.length) return undefined;
  const widths = lines.map((l) => splitDelimited(l, delim).length);
  const width = widths[0]!;
  if (width < 2 || widths.some((w) => w !== width)) return undefined;
  const header = splitDelimited(lines[0]!, delim).map((c) => c.trim());
  const hasHeader = header.every((c) => c !== '' && Number.isNaN(Number(c)));
  const dataLines = s.lines.filter((l) => l.trim() !== '').length - (hasHeader ? 1 : 0);
  const { rows, exact } = rowCount(s, file.size, dataLines, hasHeader ? 1 : 0);
  if (!inDataFolder(file.path) && rows < MIN_ROWS_OUTSIDE) return undefined;
  const props: Properties = { columnCount: width, rowsEstimate: rows, rowsExact: exact };
  if (hasHeader) props.columns = header.slice(0, MAX_COLUMNS).map(clip);
  return props;
}

function asRecord(line: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function profileJsonl(file: ScanFile, s: Sample): Properties | undefined {
  const lines = s.lines.filter((l) => l.trim() !== '');
  const records = lines.slice(0, 50).map(asRecord);
  if (!records.length || records.some((r) => !r)) return undefined;
  const { rows, exact } = rowCount(s, file.size, lines.length, 0);
  if (!inDataFolder(file.path) && rows < MIN_ROWS_OUTSIDE) return undefined;
  return { fields: Object.keys(records[0]!).slice(0, MAX_COLUMNS).map(clip), rowsEstimate: rows, rowsExact: exact };
}

/** The first `{…}` of a JSON array in the sample, by brace matching that respects strings. */
function firstObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

async function profileJson(file: ScanFile, s: Sample): Promise<Properties | undefined> {
  // Records only: `[` then `{`. Objects at the top level are configs, not datasets.
  if (!/^\s*\[\s*\{/.test(s.text)) return undefined;
  if (file.size <= JSON_WHOLE) {
    let v: unknown;
    try {
      v = JSON.parse((await readPrefix(file, file.size)).toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new Error('JSON array could not be parsed');
    }
    if (!Array.isArray(v) || !v.length || v.slice(0, 20).some((r) => !r || typeof r !== 'object' || Array.isArray(r))) return undefined;
    if (!inDataFolder(file.path) && file.size < BIG_JSON && v.length < MIN_ROWS_OUTSIDE) return undefined;
    return { fields: Object.keys(v[0] as object).slice(0, MAX_COLUMNS).map(clip), rowsEstimate: v.length, rowsExact: true };
  }
  const obj = firstObject(s.text);
  const rec = obj ? asRecord(obj) : undefined;
  if (!rec || !obj) return undefined;
  return { fields: Object.keys(rec).slice(0, MAX_COLUMNS).map(clip), rowsEstimate: Math.round(file.size / (Buffer.byteLength(obj) + 2)), rowsExact: false };
}

/** Top-level column names from the flattened Parquet schema (children follow their parent, depth-first). */
function topLevelColumns(schema: { name: string; num_children?: number }[]): string[] {
  const out: string[] = [];
  let i = 1;
  const skip = (idx: number): number => {
    let next = idx + 1;
    for (let c = 0; c < (schema[idx]?.num_children ?? 0); c++) next = skip(next);
    return next;
  };
  for (let c = 0; c < (schema[0]?.num_children ?? 0) && i < schema.length; c++) {
    out.push(schema[i]!.name);
    i = skip(i);
  }
  return out;
}

async function profileParquet(file: ScanFile): Promise<Properties> {
  const end = await readTail(file.absPath, file.size, 8);
  if (end.length < 8 || end.toString('latin1', 4, 8) !== 'PAR1') throw new Error('Parquet footer magic missing (truncated file?)');
  const metaLen = end.readUInt32LE(0);
  if (metaLen > MAX_FOOTER || metaLen + 12 > file.size) throw new Error(`Parquet footer of ${metaLen} bytes is implausible or over the ${MAX_FOOTER}-byte limit`);
  const footer = await readTail(file.absPath, file.size, metaLen + 8);
  const meta = parquetMetadata(new Uint8Array(footer.buffer, footer.byteOffset, footer.length));
  const columns = topLevelColumns(meta.schema);
  const props: Properties = { columns: columns.slice(0, MAX_COLUMNS).map(clip), columnCount: columns.length, rowsEstimate: Number(meta.num_rows), rowsExact: true, rowGroups: meta.row_groups.length };
  if (meta.created_by) props.createdBy = clip(meta.created_by);
  return props;
}

/**
 * Avro object container: `Obj\x01`, then a metadata map whose `avro.schema` is the writer's JSON
 * schema — the record's field names are the columns. Read from a bounded prefix.
 */
async function profileAvro(file: ScanFile): Promise<Properties> {
  const b = await readPrefix(file, SAMPLE_BYTES);
  let p = 4;
  const long = (): number => {
    let n = 0;
    let shift = 0;
    for (;;) {
      if (p >= b.length || shift > 49) throw new Error('Avro header is truncated');
      const x = b[p++]!;
      n += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) break;
      shift += 7;
    }
    return n % 2 ? -(n + 1) / 2 : n / 2;
  };
  const bytes = (): Buffer => {
    const len = long();
    if (len < 0 || p + len > b.length) throw new Error('Avro header is truncated');
    p += len;
    return b.subarray(p - len, p);
  };
  const meta: Record<string, string> = {};
  for (let block = long(); block !== 0; block = long()) {
    if (block < 0) long(); // a negative count is followed by the block's byte size
    for (let i = 0; i < Math.abs(block); i++) meta[bytes().toString('utf8')] = bytes().toString('utf8');
  }
  const props: Properties = {};
  if (meta['avro.codec']) props.codec = meta['avro.codec'];
  const schema = JSON.parse(meta['avro.schema'] ?? 'null') as { type?: unknown; name?: unknown; fields?: { name?: unknown }[] } | null;
  if (schema && Array.isArray(schema.fields)) {
    const cols = schema.fields.map((f) => (typeof f?.name === 'string' ? f.name : '')).filter(Boolean);
    props.columns = cols.slice(0, MAX_COLUMNS).map(clip);
    props.columnCount = cols.length;
  }
  if (typeof schema?.name === 'string') props.recordName = clip(schema.name);
  return props;
}

function profileText(file: ScanFile, s: Sample): Properties {
  const { rows, exact } = rowCount(s, file.size, s.lines.length, 0);
  return { linesEstimate: rows, rowsEstimate: rows, rowsExact: exact };
}

/**
 * Reads the cheap facts of a dataset (columns/fields, rows) from a bounded sample, or returns
 * `undefined` when the content shows it is not a dataset after all (a config JSON, a two-line CSV
 * outside any data folder). Throws on corrupt Parquet/JSON; the analyzer reports it as an issue.
 */
export async function profileDataset(file: ScanFile, format: DatasetFormat): Promise<Properties | undefined> {
  if (format === 'parquet') return profileParquet(file);
  if (format === 'avro') return profileAvro(file);
  if (format === 'arrow' || format === 'orc' || format === 'hdf5') return {};
  if (file.sniffed === 'gzip') {
    if ((format === 'json' || format === 'jsonl') && !gzipMayHoldRecords(format, file.head)) return undefined;
    return { compression: 'gzip' };
  }
  const s = await sample(file);
  switch (format) {
    case 'csv':
      return profileDelimited(file, s, ',');
    case 'tsv':
      return profileDelimited(file, s, '\t');
    case 'jsonl':
      return profileJsonl(file, s);
    case 'json':
      return profileJson(file, s);
    case 'text':
      return profileText(file, s);
  }
}
