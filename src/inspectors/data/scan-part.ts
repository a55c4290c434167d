import { isMarkupDocument, type Classified } from './classify.js';
import { Collector } from './collector.js';
import type { DataOptions } from './options.js';
import type { PartResult } from './part.js';
import { CsvParser, sniffDialect, UNTERMINATED, type CsvDialect } from './readers/csv.js';
import { htmlRows } from './readers/html.js';
import { jsonDocumentRows, recordItems } from './readers/json.js';
import { jsonLine, jsonLinesRows, jsonLinesText } from './json-lines.js';
import { tooWide } from './readers/json-paths.js';
import { notebookRows } from './readers/notebook.js';
import { yamlDocumentRows } from './readers/yaml-doc.js';
import { LineRun } from './readers/line-run.js';
import { SqlDumpParser } from './readers/sql-dump.js';
import { eachLine, eachLineOf, lines, readDocument, textChunks } from './readers/source.js';
import { binary, scanDecoded } from './scan-decoded.js';
import { scanMail } from './scan-mail.js';
import { scanFeed } from './scan-feed.js';
import { reporting } from './progress-chunks.js';
import { eachRtfRow } from './readers/rtf-doc.js';
import { readText, TextBlocks } from './readers/text.js';
import type { DataRow, ReadStatus } from './readers/types.js';

export { engineFor } from './collector.js';

/** One unit of work: a whole file, a byte range of a large line-oriented file, or a run of a Parquet file's row groups. */
export interface ScanJob {
  absPath: string;
  relPath: string;
  cls: Classified;
  options: DataOptions;
  range?: { start: number; end: number };
  /** The file's text encoding, for a range read again in it: decided by its first range (`range-encoding.ts`). */
  encoding?: string;
  /** The whole file's bytes, for in-thread jobs on small files (never sent to a worker). */
  content?: Uint8Array;
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
export async function scanPart(job: ScanJob, onBytes?: (bytes: number) => void): Promise<PartResult> {
  const col = new Collector(job);
  // Nothing but secrets for a small file in hand (most of a source tree): split synchronously,
  // before any of the stream machinery below (a generator, a decoder, closures) is set up.
  if (!col.deep && !col.dataset && job.content && !job.cls.gzip && !job.range && !binary(job.cls)) return textInHand(col, job, job.content);
  return streamed(col, job, onBytes);
}

/** A small file whose bytes are in hand, secrets only: its lines in 256 KB blocks, synchronously. */
function textInHand(col: Collector, job: ScanJob, content: Uint8Array): PartResult {
  const blocks = new TextBlocks({});
  const out: DataRow[] = [];
  eachLineOf(content, job.cls.class === 'source' ? job.options.maxSourceBytes : job.options.maxDataBytes, col.part.status, (l, src, start) => textLine(col, blocks, out, l, src, start));
  textEnd(col, blocks, out);
  return col.finish();
}

/** One line of plain text into its blocks; finished blocks and paragraphs go to the detectors. */
function textLine(col: Collector, blocks: TextBlocks, out: DataRow[], line: string, src?: string, start?: number): void {
  col.part.lines++;
  blocks.line(line, out, src, start);
  for (let i = 0; i < out.length; i++) col.row(out[i]!, true);
  out.length = 0;
}

function textEnd(col: Collector, blocks: TextBlocks, out: DataRow[]): void {
  blocks.end(out);
  for (let i = 0; i < out.length; i++) col.row(out[i]!, true);
  out.length = 0;
}

/** The column names of a table's header, read from the start of its file (1 MiB at most). */
async function headerOf(job: ScanJob, dialect: CsvDialect): Promise<string[] | undefined> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const parser = new CsvParser(dialect, status);
  const sink: DataRow[] = [];
  for await (const l of lines(textChunks(job.absPath, { maxBytes: 1 << 20, encoding: job.encoding }, status))) {
    parser.line(l, sink);
    if (status.columns) return status.columns;
  }
  return undefined;
}

/**
 * The largest YAML document parsed into records: the parser's tokens and nodes are about 30 times
 * the text (12 MB took 380 MB and 3.9 s in the `yaml` package alone); a larger one is plain text.
 */
const MAX_YAML_BYTES = 8 << 20;

async function streamed(col: Collector, job: ScanJob, onBytes?: (bytes: number) => void): Promise<PartResult> {
  const p = col.part;
  const { cls, options } = job;
  const maxBytes = cls.class === 'source' ? options.maxSourceBytes : options.maxDataBytes;
  const chunks = () => {
    const c = textChunks(job.absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes, start: job.range?.start, end: job.range?.end, content: job.content, encoding: job.encoding }, p.status);
    return onBytes ? reporting(c, p.status, onBytes) : c;
  };
  // Readers are fed line by line synchronously within each ~1 MiB chunk: an async generator per
  // line and per stage cost a promise and a microtask each, more than the parsing itself.
  const out: DataRow[] = [];
  const drain = (secrets: boolean) => {
    for (let i = 0; i < out.length; i++) col.row(out[i]!, secrets);
    out.length = 0;
  };
  // Secrets in line-oriented tables (CSV, JSONL) are matched on the raw lines in ~256 KB blocks:
  // exact line and column, keys split over quoted multi-line cells still whole, and one prefilter
  // pass per block instead of one call per row.
  // The block is a slice of the decoded chunk where its lines sit back to back (LineRun), not a join.
  const block = new LineRun();
  let blockLine = 1;
  const flushSecrets = () => {
    if (block.count) col.rawSecrets(block.text(), blockLine);
    blockLine += block.count;
    block.clear();
  };
  const teeSecret = (l: string, src: string, start: number) => {
    if (!col.secretsOn) return;
    block.add(l, src, start);
    if (block.size >= 256 * 1024) flushSecrets();
  };

  const asText = async (records: boolean) => {
    const blocks = new TextBlocks({ records, markdownTables: records && cls.format === 'markdown' });
    await eachLine(chunks(), (l, src, start) => textLine(col, blocks, out, l, src, start), p.status);
    textEnd(col, blocks, out);
  };

  /** A whole document (JSON, notebook, HTML) up to maxDocumentBytes; past it, scanned as plain text instead (null). */
  const wholeDocument = async (records: boolean, cap = options.maxDocumentBytes): Promise<string | null> => {
    const raw = await readDocument(job.absPath, cls.gzip, cap, job.content, cls.codec);
    if (raw === null) {
      p.problems.push(`larger than ${cap} bytes; scanned as plain text`);
      await asText(records);
      return null;
    }
    p.status.bytes = Buffer.byteLength(raw);
    p.lines = raw.split('\n').length;
    return raw;
  };

  // Nothing but secrets for this file (source code, or a secrets-only scan): the raw text is all
  // the rules need; tables and records are not parsed. Binary formats (Parquet, Arrow, SQLite,
  // Office, PDF) are always decoded: their raw bytes hold no readable text.
  if (!col.deep && !col.dataset && !binary(cls)) {
    await asText(false);
    return col.finish();
  }
  switch (cls.format) {
    case 'parquet':
    case 'arrow':
    case 'sqlite':
    case 'tfrecord':
    case 'avro':
    case 'tar':
    case 'pickle':
    case 'lance':
    case 'docx':
    case 'pptx':
    case 'xlsx':
    case 'xls':
    case 'doc':
    case 'ppt':
    case 'msg':
    case 'tnef':
    case 'odt':
    case 'ods':
    case 'odp':
    case 'stata':
    case 'xpt':
    case 'spss':
    case 'sas7bdat':
    case 'hdf5':
    case 'matlab':
    case 'pdf':
      await scanDecoded(col, job, maxBytes);
      break;
    case 'csv':
    case 'tsv': {
      let sample = '';
      for await (const c of textChunks(job.absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes: 64 * 1024, content: job.content, encoding: job.encoding }, { bytes: 0, truncated: false })) sample += c;
      const dialect = sniffDialect(sample, cls.format === 'tsv' ? '.tsv' : cls.innerExt);
      const parser = new CsvParser(dialect, p.status, labelColumn);
      // A later chunk of a large table: its columns are named by the file's header.
      if (job.range && job.range.start > 0 && dialect.header) {
        // A header not found in the first MiB still must not make this chunk's first row a header.
        parser.useColumns((await headerOf(job, dialect)) ?? []);
      }
      // Each finished row goes straight to the detectors (secrets were matched on the raw lines).
      const rows = { push: (r: DataRow) => col.row(r, false) };
      await eachLine(chunks(), (l, src, start) => {
        p.lines++;
        teeSecret(l, src, start);
        parser.line(l, rows);
      }, p.status);
      flushSecrets();
      if (job.range && parser.inQuotedField) p.openQuoteAtEnd = true;
      parser.end(rows);
      if (p.status.problem !== undefined && p.status.problemLine !== undefined) (p.lineProblems ??= []).push({ text: UNTERMINATED, line: p.status.problemLine });
      else if (p.status.problem) p.problems.push(p.status.problem);
      break;
    }
    case 'sql': {
      // A database dump: COPY blocks and INSERT tuples as rows of `table.column` cells.
      const parser = new SqlDumpParser();
      let lineNo = 0;
      await eachLine(chunks(), (l, src, start) => {
        p.lines++;
        teeSecret(l, src, start);
        parser.line(l, ++lineNo, out);
        drain(false);
      }, p.status);
      flushSecrets();
      parser.end();
      p.problems.push(...parser.problems);
      break;
    }
    case 'jsonl': {
      let lineNo = 0;
      const count = { rows: 0, bad: 0 };
      await eachLine(chunks(), (l, src, start) => {
        p.lines++;
        teeSecret(l, src, start);
        jsonLine(col, l, ++lineNo, count);
      }, p.status);
      flushSecrets();
      p.status.rows = count.rows;
      if (count.bad) p.invalidJsonLines = count.bad;
      break;
    }
    case 'json':
    case 'notebook': {
      if (cls.class === 'source') {
        await asText(false);
        break;
      }
      const raw = await wholeDocument(false);
      if (raw === null) break;
      let doc: unknown;
      try {
        doc = JSON.parse(raw);
      } catch (e) {
        // JSON Lines under a `.json` name whose first line was longer than the bytes classified.
        if (cls.format === 'json' && jsonLinesText(raw)) {
          col.rawSecrets(raw, 1);
          jsonLinesRows(col, raw);
          break;
        }
        p.problems.push(`invalid JSON (${(e as Error).message.split('\n')[0]}); scanned as plain text`);
        for await (const r of readText(lines((async function* () { yield raw; })()), {})) col.row(r);
        break;
      }
      // Secrets over the raw document (a service-account JSON's fields, keys in code cells), then
      // PII and injection over the decoded values (or the notebook's outputs only).
      col.rawSecrets(raw, 1);
      // LlamaIndex's persisted store: every node's text under `docstore/data`.
      if (doc !== null && typeof doc === 'object' && 'docstore/data' in doc) p.status.vectorStore = 'llamaindex';
      if (cls.format === 'notebook') {
        try {
          for (const r of notebookRows(doc, raw)) col.row(r, false);
        } catch (e) {
          p.problems.push((e as Error).message);
        }
      } else if (!recordItems(doc) && tooWide(doc)) {
        // One record, too wide to take value by value: the whole document is read as text.
        p.wideDocument = true;
        for await (const r of readText(lines((async function* () { yield raw; })()), {})) col.row(r, false);
      } else {
        // A document of records: each is a row (one too wide is read as its text).
        let wide = 0;
        for (const r of jsonDocumentRows(raw, doc)) {
          if (r.asText) wide++;
          if (r.row) p.status.rows = r.row;
          col.row(r, false);
        }
        if (wide) p.wideRecords = wide;
      }
      break;
    }
    case 'yaml': {
      // A YAML parser's node tree is many times its text: a lower cap than JSON's, past it plain text.
      const raw = await wholeDocument(false, Math.min(options.maxDocumentBytes, MAX_YAML_BYTES));
      if (raw === null) break;
      col.rawSecrets(raw, 1);
      for (const r of yamlDocumentRows(raw, p.problems)) {
        if (r.row) p.status.rows = r.row;
        col.row(r, false);
      }
      break;
    }
    case 'feed':
      // RSS and Atom feeds item by item, in their declared encoding: scan-feed.ts.
      await scanFeed(col, job, maxBytes, onBytes);
      break;
    case 'eml':
      // E-mail as MIME, message by message (a mailbox is streamed): scan-mail.ts.
      await scanMail(col, job, maxBytes, onBytes);
      break;
    case 'html':
    case 'rtf': {
      // A page or an RTF document is parsed whole (bounded like a JSON document); secrets run over
      // its raw text, PII and injection over the text a loader extracts, hidden parts included.
      const raw = await wholeDocument(false);
      if (raw === null) break;
      col.rawSecrets(raw, 1);
      if (cls.format === 'html') for (const r of htmlRows(raw, col.part.problems, { tableFields: true })) col.row(r, false);
      else {
        const read = eachRtfRow(raw, { row: (r) => col.row(r, false), header: (r) => col.row(r, false) }, maxBytes, { tables: true });
        // A malformed file whose text was all read (unclosed groups) says so, and is not called cut.
        p.problems.push(...read.problems);
        if (read.truncated) {
          p.status.truncated = true;
          p.status.truncatedBy = 'RTF document read in part';
        }
      }
      break;
    }
    default:
      // A man page's or a manual's paragraphs are its markup's, not records (isMarkupDocument).
      await asText(cls.class === 'data' && !isMarkupDocument(job.relPath));
  }
  return col.finish();
}
