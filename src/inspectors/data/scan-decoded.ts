import { cutShortHint } from './cut-short.js';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BINARY_FORMATS, type Classified } from './classify.js';
import type { Collector } from './collector.js';
import { readArrow } from './readers/arrow.js';
import { readAvroSource } from './readers/avro-file.js';
import { eachDocRow } from './readers/doc.js';
import { eachOfficeRow } from './readers/office.js';
import { eachPptRow } from './readers/ppt.js';
import { eachMsgRow } from './readers/msg.js';
import { eachTnefRow } from './readers/tnef.js';
import { readHdf5Source } from './readers/hdf5.js';
import { readLance } from './readers/lance.js';
import { eachOdfRow } from './readers/opendocument.js';
import { readParquet } from './readers/parquet.js';
import { pdfRows } from './readers/pdf.js';
import { byteChunks } from './readers/source.js';
import { readPickleStrings } from './readers/pickle-strings.js';
import { readSqlite } from './readers/sqlite.js';
import { eachStataRow } from './readers/stata.js';
import { eachXportRow } from './readers/sas-xport.js';
import { eachSpssRow } from './readers/spss.js';
import { eachSpssPortableRow, isSpssPortable } from './readers/spss-portable.js';
import { eachMatRow } from './readers/matlab.js';
import { readMatFile } from './readers/matlab-file.js';
import { readSas7bdat } from './readers/sas7bdat.js';
import { readTfRecord } from './readers/tfrecord.js';
import { readWebDataset } from './readers/webdataset.js';
import { xlsRows } from './readers/xls.js';
import { eachXlsxRow } from './readers/xlsx.js';
import type { ScanJob } from './scan-part.js';
import type { DocumentRead, RowSink } from './readers/sheet-table.js';
import type { DataRow } from './readers/types.js';

/** A MAT-file's compressed variables may inflate to this many times the largest document read, in all. */
const MAT_INFLATE_FACTOR = 4;

/** Binary formats: always decoded (even for secrets alone), never read as text or split into byte ranges. */
export function binary(cls: Classified): boolean {
  return BINARY_FORMATS.has(cls.format);
}

/**
 * Scans a file of a binary format through its reader: tables (Parquet, Arrow, SQLite, Avro), record
 * streams (TFRecord, WebDataset tar) and documents (Word, PowerPoint, Excel, PDF). A reader that
 * fails part-way keeps what was found, says why, and the file is never called complete.
 */
export async function scanDecoded(col: Collector, job: ScanJob, maxBytes: number): Promise<void> {
  const p = col.part;
  const { cls, options } = job;
  const maxRows = Math.max(1, Math.floor(options.maxDataBytes / 64));
  switch (cls.format) {
    case 'parquet':
    case 'arrow':
    case 'sqlite':
    case 'avro':
    case 'lance':
    case 'hdf5': {
      const name = { parquet: 'Parquet', arrow: 'Arrow', sqlite: 'SQLite', avro: 'Avro', lance: 'Lance', hdf5: 'HDF5' }[cls.format];
      const skipped: string[] = [];
      const rows =
        cls.format === 'avro'
          ? // Streamed: a file, its bytes in hand, the file decompressed (`.avro.gz`), or a run of its blocks.
            readAvroSource({ absPath: job.absPath, gzip: cls.gzip, codec: cls.codec, content: job.content, range: job.range, maxBytes }, p.status, maxRows, skipped)
          : cls.format === 'parquet'
            ? readParquet(job.absPath, p.status, maxRows, job.range ? { rowGroups: job.range } : {}, skipped)
            : cls.format === 'arrow'
              ? readArrow(job.absPath, p.status, maxRows, skipped)
              : cls.format === 'lance'
                ? readLance(job.absPath, p.status, maxRows, maxBytes, skipped)
                : cls.format === 'hdf5'
                  ? readHdf5Source(job.absPath, job.content, p.status, maxRows, options.maxDataBytes, skipped)
                  : readSqlite(job.absPath, p.status, maxRows, skipped);
      // The byte budget counts decoded text, not file bytes: a Parquet page or an Arrow body can
      // inflate a thousandfold, and time follows the text scanned.
      let decoded = 0;
      try {
        for await (const r of rows) {
          col.row(r);
          for (const c of r.cells) decoded += c.text.length;
          if (decoded > maxBytes) {
            p.status.truncated = true;
            p.status.truncatedBy = `decoded text over the byte budget (${maxBytes} bytes, maxDataBytes) at row ${p.status.rows}`;
            break;
          }
        }
      } catch (e) {
        // Read only in part: never called complete (and the limit issue says it was this error, not a byte budget).
        p.status.truncated = true;
        p.status.truncatedBy = `${name} reading stopped`;
        // A chunk of a split Avro file numbers its rows from 1: its bytes say where it was.
        const at = cls.format === 'avro' && job.range ? ` in bytes ${job.range.start}–${job.range.end}` : p.status.rows ? ` past row ${p.status.rows}` : '';
        p.problems.push(`${name} could not be read${at}: ${(e as Error).message.split('\n')[0]}`);
      }
      noteSkipped(p, skipped, name);
      break;
    }
    case 'tfrecord':
    case 'tar':
    case 'pickle':
    case 'sas7bdat': {
      // Record streams: TFRecord shards, WebDataset tar shards, pickled data and SAS data sets (page by page), plain or compressed.
      const chunks = byteChunks(job.absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes, content: job.content }, p.status);
      const name = cls.format === 'tar' ? 'tar' : cls.format === 'pickle' ? 'pickle' : cls.format === 'sas7bdat' ? 'SAS data set' : 'TFRecord';
      const skipped: string[] = [];
      const seen = { dataMembers: 0 };
      const rows = cls.format === 'tar' ? readWebDataset(chunks, p.status, maxRows, skipped, seen) : cls.format === 'pickle' ? readPickleStrings(chunks, p.status, maxRows, skipped) : cls.format === 'sas7bdat' ? readSas7bdat(chunks, p.status, maxRows, skipped) : readTfRecord(chunks, p.status, maxRows);
      try {
        for await (const r of rows) col.row(r);
      } catch (e) {
        p.status.truncated = true;
        p.status.truncatedBy = `${name} reading stopped`;
        p.problems.push(`${name} could not be read: ${(e as Error).message.split('\n')[0]}`);
      }
      noteSkipped(p, skipped, name);
      if (seen.dataMembers) p.tarDataMembers = seen.dataMembers;
      // LangChain's FAISS.save_local writes the docstore as index.pkl beside index.faiss.
      if (p.status.vectorStore === 'langchain' && existsSync(path.join(path.dirname(job.absPath), 'index.faiss'))) p.status.vectorStore = 'faiss';
      break;
    }
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
    case 'matlab':
    case 'pdf': {
      // The whole file is held (bounded like a JSON document); secrets run over the extracted text,
      // PII and injection too when the document is data.
      // A MAT-file on disk is read variable by variable (readers/matlab-file.ts), whatever its size.
      const size = job.content?.length ?? (await stat(job.absPath)).size;
      const matOnDisk = cls.format === 'matlab' && !job.content;
      if (size > options.maxDocumentBytes && !matOnDisk) {
        p.problems.push(`larger than ${options.maxDocumentBytes} bytes (analyzers.data.maxDocumentBytes); not read`);
        p.status.truncated = true;
        p.status.truncatedBy = 'document size limit (maxDocumentBytes) reached';
        break;
      }
      const bytes = matOnDisk ? new Uint8Array(0) : (job.content ?? (await readFile(job.absPath)));
      p.status.bytes = size;
      const kind = { docx: 'Word document', pptx: 'PowerPoint deck', xlsx: 'Excel workbook', xls: 'Excel 97-2003 workbook', doc: 'Word 97-2003 document', ppt: 'PowerPoint 97-2003 deck', msg: 'Outlook message', tnef: 'TNEF message (winmail.dat)', odt: 'OpenDocument text', ods: 'OpenDocument spreadsheet', odp: 'OpenDocument presentation', stata: 'Stata dataset', xpt: 'SAS transport file', spss: 'SPSS data file', matlab: 'MAT-file', pdf: 'PDF' }[cls.format];
      // Rows go to the detectors as the reader meets them (Word, PowerPoint, Excel, OpenDocument):
      // held whole, a 5 MB file of 800,000 short rows took 0.6 to 1 GB.
      let dataRows = 0;
      const sink: RowSink = {
        row(r) {
          // A document table's cell named by its column (columnsOnly): a column's value, no data row.
          if (!r.columnsOnly) dataRows++;
          col.row(r, true);
        },
        header: (r) => col.row(r, true),
      };
      try {
        const read: DocumentRead =
          cls.format === 'doc' ? eachDocRow(bytes, sink, maxBytes) : cls.format === 'ppt' ? eachPptRow(bytes, sink, maxBytes) : cls.format === 'msg' ? eachMsgRow(bytes, sink, maxBytes) : cls.format === 'tnef' ? eachTnefRow(bytes, sink, maxBytes) : cls.format === 'xlsx' ? eachXlsxRow(bytes, maxRows, sink) : cls.format === 'stata' ? eachStataRow(bytes, maxRows, sink) : cls.format === 'xpt' ? eachXportRow(bytes, maxRows, sink) : cls.format === 'spss' ? (isSpssPortable(bytes) ? eachSpssPortableRow(bytes, maxRows, sink) : eachSpssRow(bytes, maxRows, sink)) : cls.format === 'matlab' ? (matOnDisk ? await readMatFile(job.absPath, size, maxRows, sink, { maxVariableBytes: options.maxDocumentBytes, maxInflated: MAT_INFLATE_FACTOR * options.maxDocumentBytes }) : eachMatRow(bytes, maxRows, sink, MAT_INFLATE_FACTOR * options.maxDocumentBytes)) : cls.format === 'odt' || cls.format === 'ods' || cls.format === 'odp' ? eachOdfRow(bytes, cls.format, maxRows, sink) : cls.format === 'docx' || cls.format === 'pptx' ? eachOfficeRow(bytes, cls.format, sink) : heldRows(cls.format === 'xls' ? xlsRows(bytes, maxRows, maxBytes) : await pdfRows(bytes), sink);
        p.problems.push(...read.problems);
        // A part left unread or rows past the cap: the document is never called clean.
        if (read.problems.length || read.truncated) {
          // Parts left out and the rest read: said so, unless an earlier stop already cut the file short.
          if (read.partsLeftOut && !p.status.truncated) p.status.partsLeftOut = true;
          p.status.truncated = true;
          p.status.truncatedBy = `${kind} read in part`;
          if (read.unread) p.status.unread = true;
        }
      } catch (e) {
        p.status.truncated = true;
        p.status.truncatedBy = 'reading stopped';
        p.problems.push(`not a readable ${kind}: ${(e as Error).message.split('\n')[0]}${cutShortHint(cls.format, bytes)}`);
      }
      // Counted also when the reader stopped part-way: the rows it handed on were scanned.
      p.status.rows = cls.format === 'xlsx' || cls.format === 'xls' || cls.format === 'ods' || cls.format === 'stata' || cls.format === 'xpt' || cls.format === 'spss' || cls.format === 'matlab' ? dataRows : 0;
      break;
    }
    default:
      break;
  }
}

/** A reader's rows read whole (`.xls`: 65,536 rows a sheet; PDF: a page cap) handed to `sink`, headers first. */
function heldRows(read: { rows: DataRow[]; headers?: DataRow[] } & DocumentRead, sink: RowSink): DocumentRead {
  for (const r of read.headers ?? []) sink.header(r);
  for (const r of read.rows) sink.row(r);
  return { problems: read.problems, truncated: read.truncated, unread: read.unread, partsLeftOut: read.partsLeftOut };
}

/** Parts a reader left out (a row, a sample) are said, the first 20 by name; the file is then read in part. */
function noteSkipped(p: Collector['part'], skipped: readonly string[], name: string): void {
  p.problems.push(...skipped.slice(0, 20));
  if (skipped.length) {
    // Not stopped before (an error, the byte budget, the row cap): the reader went on past these parts to the end.
    if (!p.status.truncated) p.status.partsLeftOut = true;
    p.status.truncated = true;
    p.status.truncatedBy ??= `${name} read in part`;
  }
}
