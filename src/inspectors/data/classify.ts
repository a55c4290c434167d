import { hasUtf16Bom, inflateGzipHead, inInstalledPython, isArrowFile, isAvroFile, isSpssSystemFile, mayBeArrowStream } from '../../core/index.js';
import type { StreamCodec } from './readers/types.js';
import { isCompoundFile } from './readers/ole2.js';
import { yamlRecordsHead } from './readers/yaml-head.js';
import { isLanceDataFile } from './readers/lance-file.js';
import { isRtf } from './readers/rtf-doc.js';
import { isTnef } from './readers/tnef-stream.js';
import { isStata } from './readers/stata.js';
import { isSasXport } from './readers/sas-xport.js';
import { isSpssPortable } from './readers/spss-portable-text.js';
import { isSas7bdat } from './readers/sas7bdat-header.js';
import { isKerasHdf5 } from './readers/hdf5-keras.js';
import { isMatFile, isMatV73 } from './readers/matlab.js';
import { PACKED_PICKLE_NAME, pickleCodec } from './readers/pickle-codec.js';
import { isGzipPickle } from './readers/pickle-joblib-zlib.js';
import { amongDocuments, DATASET_DOC } from './corpus-readme.js';
import { mailHead } from './mail-head.js';
import { feedKind } from './readers/feed-head.js';
/**
 * Which files the data inspector reads, and which detectors run on each. The policy, on purpose:
 *
 * | class      | files                                                        | detectors                                   |
 * |------------|--------------------------------------------------------------|---------------------------------------------|
 * | `data`     | CSV/TSV/JSONL/Parquet/Arrow/Avro anywhere; JSON, text, Markdown, HTML in a | secrets, PII/PHI, injection, poisoning |
 * |            | data-like folder (`data/`, `datasets/`, `corpus/`, `rag/`…)  | (records: duplicates, labels, triggers)     |
 * | `notebook` | `.ipynb` — cell outputs only                                 | secrets, PII/PHI, injection                 |
 * | `source`   | every other text file (code, config, docs, lockfiles)        | secrets only                                |
 *
 * Source code is full of emails in headers, version strings, example phone numbers and ids; running
 * PII recognizers there drowns real findings. Secrets, though, are dangerous wherever they are.
 * `.gz`, `.zst`, `.bz2` and `.xz` files take the class of the name inside (`train.jsonl.gz`, `train.jsonl.zst` are JSONL; `events.avro.gz` is Avro).
 */
export type FileClass = 'data' | 'notebook' | 'source' | 'instructions';
export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet' | 'arrow' | 'sqlite' | 'docx' | 'pptx' | 'xlsx' | 'xls' | 'doc' | 'ppt' | 'msg' | 'tnef' | 'odt' | 'ods' | 'odp' | 'pdf' | 'rtf' | 'tfrecord' | 'avro' | 'tar' | 'pickle' | 'lance' | 'text' | 'markdown' | 'html' | 'feed' | 'notebook' | 'sql' | 'yaml' | 'eml' | 'stata' | 'xpt' | 'spss' | 'sas7bdat' | 'hdf5' | 'matlab';

/**
 * Formats that are tables by nature: a cell's field is its column's name, so cells count toward
 * column classification and PII is grouped by column (other formats' table cells say so one by one:
 * `TextCell.tableColumn`).
 */
export const TABLE_FORMATS: ReadonlySet<DataFormat> = new Set<DataFormat>(['csv', 'tsv', 'parquet', 'arrow', 'sqlite', 'xlsx', 'xls', 'ods', 'tfrecord', 'avro', 'sql', 'lance', 'stata', 'xpt', 'spss', 'sas7bdat', 'hdf5', 'matlab']);

/** Binary formats: always decoded (even for secrets alone), never read as text or split into byte ranges (a large Parquet file splits at its row groups instead). */
export const BINARY_FORMATS: ReadonlySet<DataFormat> = new Set<DataFormat>(['parquet', 'arrow', 'sqlite', 'docx', 'pptx', 'xlsx', 'xls', 'doc', 'ppt', 'msg', 'tnef', 'odt', 'ods', 'odp', 'pdf', 'tfrecord', 'avro', 'tar', 'pickle', 'lance', 'stata', 'xpt', 'spss', 'sas7bdat', 'hdf5', 'matlab']);

export interface Classified {
  class: FileClass;
  format: DataFormat;
  /**
   * A compressed stream (`.gz`, or `.zst` / `.bz2` / `.xz` with `codec`): read through its decoder, never
   * split into byte ranges nor read from the raw bytes.
   */
  gzip: boolean;
  /** The compression when it is not gzip. */
  codec?: StreamCodec;
  /** The extension of the content (inside the `.gz` / `.zst` / `.bz2` / `.xz`). */
  innerExt: string;
  /** UTF-16 text (by its byte-order mark): decoded whole, never split into byte ranges. */
  utf16?: boolean;
  /** E-mail (format `eml`) that opens with an mbox `From ` line whatever its name: messages after each such line. */
  mailbox?: boolean;
  /**
   * Text in a data folder that is a feed if its root element says so, behind a codec whose head
   * cannot be decoded here (zstd, bzip2, xz): `compressed-feed.ts` decodes a bounded head and tells.
   */
  feedUnseen?: boolean;
}

const DATA_DIR = /(?:^|\/)(?:data|datasets?|corpus|corpora|rag|knowledge(?:[-_]base)?|kb|training[-_]data|train|eval|evals|evaluation|fine[-_]?tun\w*|finetun\w*|documents|raw|processed|staging|samples|prompts|golden)(?:\/|$)/i;
const DATA_NAME = /(?:train|dataset|corpus|eval|test[-_]set|valid|dev[-_]set|samples|records|examples|instructions|prompts|conversations|chats|knowledge|documents|docstore)/i;


/** Pickled data: any `.pkl` / `.pickle` in a data folder (a DataFrame's `to_pickle`), or `.joblib` (`joblib.dump` of features, arrays inside). */
const PICKLE_NAME = /\.(?:pkl|pickle|pck|joblib)$/;
/** LangChain's FAISS store (`FAISS.save_local`): `index.faiss` and, beside it, the docstore pickled as `index.pkl`. */
const DOCSTORE_PICKLE = 'index.pkl';

const ARROW_NAME = /\.(?:arrow|arrows|feather|ipc)$/;
const OFFICE_NAME = /\.(?:docx|docm|pptx|pptm)$/;
/** Word and PowerPoint 97–2003 files (and their templates, slide shows): compound files. */
const LEGACY_OFFICE_NAME = /\.(?:doc|dot|ppt|pps|pot)$/;
/** OpenDocument text, spreadsheet and presentation files (and their templates, `.ott`…). */
const ODF_NAME = /\.o[dt]([tsp])$/;
/** Flat OpenDocument files: one XML document (`.fodt`, `.fods`, `.fodp`). */
const FLAT_ODF_NAME = /\.fod([tsp])$/;
/** TFRecord shards, TensorFlow Datasets' way too: `mnist-train.tfrecord-00000-of-00004`. */
const TFRECORD_NAME = /\.(?:tfrecords?|tfrec)(?:-\d+-of-\d+)?$/;

function extOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

/** An installed Python package's file, by its path in the scan or, when known, its absolute path. */
function inInstalledPackage(relPath: string, absPath: string | undefined): boolean {
  return inInstalledPython(relPath) || (absPath !== undefined && inInstalledPython(absPath));
}

/** A binary data file, read wherever it is (as CSV is), but an installed package's own is package data. */
function dataAnywhere(relPath: string, absPath: string | undefined, format: DataFormat, innerExt: string): Classified | null {
  return inInstalledPackage(relPath, absPath) ? null : { class: 'data', format, gzip: false, innerExt };
}

/**
 * Classifies a file from its path and sniffed type; null when the inspector has nothing to do.
 * `absPath`, when known, also tells an installed package's files when the scan starts inside one
 * (a scan of `site-packages/` itself sees paths such as `botocore/data/…`).
 */
export function classify(relPath: string, sniffed: string, head?: Uint8Array, absPath?: string): Classified | null {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  // A coding agent's instructions (CLAUDE.md, .cursorrules, …): read for hidden instructions, as RAG text is.
  if (sniffed === 'text' && agentInstructionsTool(relPath)) return { class: 'instructions', format: name.endsWith('.md') || name.endsWith('.mdc') ? 'markdown' : 'text', gzip: false, innerExt: extOf(name) };
  // An MCP server's code: its tool descriptions go to the model of every client that connects.
  if (sniffed === 'text' && head && isMcpServerCode(name, head)) return { class: 'instructions', format: 'text', gzip: false, innerExt: extOf(name) };
  if (sniffed === 'parquet') return { class: 'data', format: 'parquet', gzip: false, innerExt: '.parquet' };
  // SQLite (a vector store's `chroma.sqlite3`, chat histories, caches) by its header; an installed
  // package's own databases are package data.
  if (sniffed === 'sqlite') return dataAnywhere(relPath, absPath, 'sqlite', extOf(name));
  // Word and PowerPoint documents (zip archives): a RAG corpus's in a data folder; elsewhere a
  // project's documents, read for secrets only.
  // PDF: a RAG corpus's in a data folder; elsewhere a project's papers and manuals, read for secrets only.
  if (sniffed === 'pdf') return inInstalledPython(relPath) ? null : { class: inDataDir(relPath, name) ? 'data' : 'source', format: 'pdf', gzip: false, innerExt: extOf(name) };
  // RTF in a data folder by its opening, whatever its name (Word saves RTF under `.doc` when asked; `\binN` data sniffs as binary).
  if ((sniffed === 'text' || sniffed === 'binary') && head && isRtf(head) && inDataDir(relPath, name) && !inInstalledPython(relPath)) return { class: 'data', format: 'rtf', gzip: false, innerExt: extOf(name) };
  // Stata datasets (`.dta`, by their opening): tables, data anywhere, as CSV is.
  if (name.endsWith('.dta') && (sniffed === 'binary' || sniffed === 'text') && head && isStata(head)) return dataAnywhere(relPath, absPath, 'stata', '.dta');
  // SAS transport files (`.xpt`, by their library header): clinical-trial and survey tables, data anywhere.
  if ((sniffed === 'binary' || sniffed === 'text') && head && isSasXport(head)) return dataAnywhere(relPath, absPath, 'xpt', extOf(name));
  // SAS data sets (`.sas7bdat`, by their 32-byte magic): clinical-trial and survey tables, data anywhere.
  if (head && isSas7bdat(head)) return dataAnywhere(relPath, absPath, 'sas7bdat', extOf(name));
  // SPSS system files (`.sav`, `.zsav`, by their `$FL2` / `$FL3` opening): survey tables, data anywhere.
  if (/\.z?sav$/.test(name) && (sniffed === 'binary' || sniffed === 'text') && head && isSpssSystemFile(head)) return dataAnywhere(relPath, absPath, 'spss', extOf(name));
  // SPSS portable files (`.por`, by `SPSSPORT` in the file's own character set after its 464-character header): the same tables as text.
  if (name.endsWith('.por') && (sniffed === 'binary' || sniffed === 'text') && head && isSpssPortable(head)) return dataAnywhere(relPath, absPath, 'spss', '.por');
  // HDF5 in a data folder (pandas `to_hdf`, h5py arrays); elsewhere, or a Keras model saved as HDF5
  // (its `model_config` attribute, in the file's first kilobytes), it is the models inspector's.
  if (sniffed === 'hdf5' && inDataDir(relPath, name) && !(head && isKerasHdf5(head))) return dataAnywhere(relPath, absPath, 'hdf5', extOf(name));
  // MATLAB MAT-files (levels 4 and 5, by their header) in a data folder or with a data-like name;
  // elsewhere (and in an installed package's `tests/data`) a program's own arrays, not data. A v7.3
  // MAT-file is HDF5 behind a 512-byte block (it sniffs as binary): the HDF5 reader's. By name alone
  // (`sniffByName`: a zip member not read yet, an LFS pointer's object) a `.mat` may be one.
  if ((sniffed === 'binary' || sniffed === 'text') && (head ? isMatFile(name, head) : name.endsWith('.mat')) && (inDataDir(relPath, name) || DATA_NAME.test(name))) return dataAnywhere(relPath, absPath, 'matlab', '.mat');
  if (sniffed === 'binary' && head && isMatV73(head) && (inDataDir(relPath, name) || DATA_NAME.test(name))) return dataAnywhere(relPath, absPath, 'hdf5', '.mat');
  // Excel workbooks are tables: data anywhere, as CSV is.
  if (sniffed === 'zip' && /\.xls[xm]$/.test(name)) return inInstalledPython(relPath) ? null : { class: 'data', format: 'xlsx', gzip: false, innerExt: extOf(name) };
  // Legacy workbooks (Excel 97–2003): a compound file (the walker sniffs it as binary) named `.xls`.
  if (name.endsWith('.xls') && (sniffed === 'ole2' || (sniffed === 'binary' && head && isCompoundFile(head)))) return inInstalledPython(relPath) ? null : { class: 'data', format: 'xls', gzip: false, innerExt: '.xls' };
  // Outlook messages (a compound file named `.msg`): personal data wherever they are, as a mailbox is.
  if (name.endsWith('.msg') && (sniffed === 'ole2' || (sniffed === 'binary' && head && isCompoundFile(head)))) return inInstalledPython(relPath) ? null : { class: 'data', format: 'msg', gzip: false, innerExt: '.msg' };
  // TNEF (`winmail.dat`, Outlook's wrapping of a rich-text message and its attachments): mail, as a
  // `.msg` is, by its signature whatever its name (a part typed application/ms-tnef is often
  // `ATT00001.dat`); by name (`sniffByName`) for a member not read yet, whose reader checks it.
  if (sniffed === 'tnef' || (sniffed === 'binary' && head && isTnef(head))) return inInstalledPython(relPath) ? null : { class: 'data', format: 'tnef', gzip: false, innerExt: '.tnef' };
  // Legacy Word and PowerPoint (97–2003) files as their .docx and .pptx successors: data in a data folder, read for secrets elsewhere.
  if (LEGACY_OFFICE_NAME.test(name) && (sniffed === 'ole2' || (sniffed === 'binary' && head && isCompoundFile(head)))) return { class: inDataDir(relPath, name) && !inInstalledPython(relPath) ? 'data' : 'source', format: /\.p[po][st]$/.test(name) ? 'ppt' : 'doc', gzip: false, innerExt: extOf(name) };
  // OpenDocument (LibreOffice): a spreadsheet as a workbook, a text or a deck as a Word or PowerPoint file.
  const odf = sniffed === 'zip' ? ODF_NAME.exec(name) : sniffed === 'text' ? FLAT_ODF_NAME.exec(name) : null;
  if (odf) {
    const format = odf[1] === 's' ? 'ods' : odf[1] === 'p' ? 'odp' : 'odt';
    if (format === 'ods') return inInstalledPython(relPath) ? null : { class: 'data', format, gzip: false, innerExt: extOf(name) };
    return { class: inDataDir(relPath, name) && !inInstalledPython(relPath) ? 'data' : 'source', format, gzip: false, innerExt: extOf(name) };
  }
  if (sniffed === 'zip' && OFFICE_NAME.test(name)) return { class: inDataDir(relPath, name) && !inInstalledPython(relPath) ? 'data' : 'source', format: /\.ppt[xm]$/.test(name) ? 'pptx' : 'docx', gzip: false, innerExt: extOf(name) };
  // Pickled data (strings read, nothing run): a vector store's docstore anywhere, other pickles in
  // data folders; a pickle elsewhere is a model or an object, the models inspector's.
  // A compressed pickle named as one (joblib's `compress=3` is zlib; `compress=('xz', 3)` and the
  // others keep the `.joblib` name too): by name and by what the content is.
  // (The name, then the folder, then the content: only a data folder's pickle names pay an inflate.)
  const packed = PACKED_PICKLE_NAME.test(name) && inDataDir(relPath, name) ? pickleCodec(name, sniffed, head) : null;
  if (packed) return inInstalledPython(relPath) ? null : packed === 'gzip' ? { class: 'data', format: 'pickle', gzip: true, innerExt: extOf(name) } : { class: 'data', format: 'pickle', gzip: true, codec: packed, innerExt: extOf(name.replace(/\.(?:z|lzma)$/, '')) };
  if (sniffed === 'pickle') return (name === DOCSTORE_PICKLE || (PICKLE_NAME.test(name) && inDataDir(relPath, name))) && !inInstalledPython(relPath) ? { class: 'data', format: 'pickle', gzip: false, innerExt: extOf(name) } : null;
  // A Lance dataset's data file (LanceDB's `<table>.lance/data/*.lance`); its deletion files (Arrow) are row numbers, not data.
  if ((sniffed === 'binary' || sniffed === 'text') && (relPath.includes('.lance/') || name.endsWith('.lance'))) return isLanceDataFile(relPath) ? { class: 'data', format: 'lance', gzip: false, innerExt: '.lance' } : null;
  // Arrow IPC: a file by its magic; a stream (Hugging Face `datasets` shards) by its first marker and its name.
  if (sniffed === 'binary' && head && (isArrowFile(head) || (mayBeArrowStream(head) && ARROW_NAME.test(name)))) return { class: 'data', format: 'arrow', gzip: false, innerExt: extOf(name) };
  // Avro object container files (BigQuery exports, Kafka sinks) by their magic and name, anywhere Parquet is read.
  if (name.endsWith('.avro') && (sniffed === 'avro' || (head !== undefined && isAvroFile(head)))) return dataAnywhere(relPath, absPath, 'avro', '.avro');
  let gzip = false;
  let codec: StreamCodec | undefined;
  let inner = name;
  if (sniffed === 'gzip') {
    // `.gzip` too: joblib's and some exporters' spelling (`features.pkl.gzip`).
    const cut = name.endsWith('.gz') ? 3 : name.endsWith('.gzip') ? 5 : 0;
    if (!cut) return null;
    gzip = true;
    inner = name.slice(0, -cut);
  } else if (sniffed === 'zstd') {
    // The Pile and many Hugging Face datasets ship `.jsonl.zst`.
    const cut = name.endsWith('.zst') ? 4 : name.endsWith('.zstd') ? 5 : 0;
    if (!cut) return null;
    gzip = true;
    codec = 'zstd';
    inner = name.slice(0, -cut);
  } else if (sniffed === 'bzip2') {
    if (!name.endsWith('.bz2')) return null;
    gzip = true;
    codec = 'bzip2';
    inner = name.slice(0, -4);
  } else if (sniffed === 'xz') {
    // pandas writes `.xz` for to_pickle / to_csv / to_json when asked; corpus dumps ship `.jsonl.xz`.
    if (!name.endsWith('.xz')) return null;
    gzip = true;
    codec = 'xz';
    inner = name.slice(0, -3);
  } else if (sniffed === 'lz4') {
    // LZ4 frames (python-lz4, the `lz4` command): `.jsonl.lz4`, joblib's `.pkl.lz4`.
    if (!name.endsWith('.lz4')) return null;
    gzip = true;
    codec = 'lz4';
    inner = name.slice(0, -4);
  } else if (sniffed === 'tar') {
    // A tar in a data folder is a WebDataset shard (samples as groups of members); elsewhere it is
    // an archive the models inspector opens.
    return inDataDir(relPath, name) && !inInstalledPython(relPath) ? { class: 'data', format: 'tar', gzip: false, innerExt: '.tar' } : null;
  } else if (sniffed === 'binary' && TFRECORD_NAME.test(name)) {
    return inInstalledPython(relPath) ? null : { class: 'data', format: 'tfrecord', gzip: false, innerExt: '.tfrecord' };
  } else if (sniffed !== 'text' && !(head && hasUtf16Bom(head))) return null; // UTF-16 sniffs as binary (NULs)
  // A compressed WebDataset shard (`00042.tar.gz`) in a data folder.
  if (gzip && inner.endsWith('.tar') && inDataDir(relPath, name)) return codec ? { class: 'data', format: 'tar', gzip, codec, innerExt: '.tar' } : { class: 'data', format: 'tar', gzip, innerExt: '.tar' };
  // A compressed TFRecord shard (`train.tfrecord.gz`, TensorFlow's GZIP option).
  if (gzip && TFRECORD_NAME.test(inner)) return codec ? { class: 'data', format: 'tfrecord', gzip, codec, innerExt: '.tfrecord' } : { class: 'data', format: 'tfrecord', gzip, innerExt: '.tfrecord' };
  // A whole Avro export compressed (`events.avro.gz`): by its name, as its magic is inside the stream (the reader checks it).
  if (gzip && inner.endsWith('.avro')) return inInstalledPackage(relPath, absPath) ? null : codec ? { class: 'data', format: 'avro', gzip, codec, innerExt: '.avro' } : { class: 'data', format: 'avro', gzip, innerExt: '.avro' };
  // A rotated log (`app.log.1`, `syslog.2.gz`) is the log it was.
  const ext = extOf(inner.replace(ROTATED, ''));
  const utf16 = !gzip && head !== undefined && hasUtf16Bom(head);
  // In an installed Python package (a virtualenv committed or scanned as a target) or the standard
  // library, `data/` folders and `examples*.json` are package data (schemas, API models, test
  // fixtures such as test_email's messages), not datasets: the folder and name heuristics do not
  // apply there (CPython's site-packages gave 180 such "datasets").
  // Tabular files (CSV, JSONL, Parquet) stay data wherever they are: libraries do ship datasets.
  const installed = () => inInstalledPackage(relPath, absPath);
  // A document of a corpus in a data folder; its README too when it is one of the documents.
  const corpusDoc = () => DATA_DIR.test(relPath) && (!DATASET_DOC.test(inner) || (!gzip && amongDocuments(absPath, inner))) && !installed();
  // One object literal per result (no spreads) and the folder / name tests only for the formats
  // they decide: this runs twice for every file of a scan, and most files are code.
  const out = (cls: FileClass, format: DataFormat): Classified => (codec ? { class: cls, format, gzip, codec, innerExt: ext } : utf16 ? { class: cls, format, gzip, innerExt: ext, utf16: true } : { class: cls, format, gzip, innerExt: ext });
  // Text that is an e-mail message or mailbox (by its headers) is read as MIME, whatever its name.
  const mailOr = (text: Classified): Classified => {
    const mail = !gzip && !utf16 && head ? mailHead(head) : undefined;
    if (!mail) return text;
    const eml = out('data', 'eml');
    if (mail === 'mailbox') eml.mailbox = true;
    return eml;
  };
  // An RSS or Atom feed in a data folder (by its root element, whatever its name): its items read
  // as a feed loader reads them (readers/feed.ts), not its paragraphs of tags and URLs. A gzipped
  // one is told by the head its first bytes inflate to. A zstd, bzip2 or xz head cannot be told
  // here (a zstd or bzip2 block is larger than the 4 KiB head, xz decodes asynchronously): it is
  // marked, and the inspector decodes its first bytes before reading it (compressed-feed.ts).
  const feedOr = (text: Classified, elseSource = false): Classified => {
    if (text.class !== 'data') return text;
    if (codec) {
      const unseen = elseSource ? out('source', 'text') : text;
      unseen.feedUnseen = true;
      return unseen;
    }
    const opening = !gzip ? head : head ? inflateGzipHead(head) : undefined;
    if (opening && feedKind(opening)) return out('data', 'feed');
    return elseSource ? out('source', 'text') : text;
  };
  switch (ext) {
    case '.csv':
    case '.psv':
      return out('data', 'csv');
    case '.tsv':
    case '.tab':
      return out('data', 'tsv');
    case '.jsonl':
    case '.ndjson':
    case '.jsonlines':
      return out('data', 'jsonl');
    case '.ipynb':
      return out('notebook', 'notebook');
    case '.json': {
      const data = (inDataDir(relPath, inner) || (DATA_NAME.test(inner) && !DATASET_DOC.test(inner))) && !installed();
      // Hugging Face's `Dataset.to_json` writes JSON Lines under a `.json` name: read it as such
      // (streamed, split across workers, past the whole-document size limit).
      return out(data ? 'data' : 'source', data && head && !gzip && jsonLinesHead(head) ? 'jsonl' : 'json');
    }
    // Text; in a data folder also crawled XML (Wikipedia and PubMed dumps), chat and support logs,
    // subtitle transcripts of a speech set — elsewhere config and build output, read for secrets.
    // (And e-mail messages and calendars: in a data folder, an e-mail corpus such as Enron's.)
    case '.txt':
    case '.text':
      return corpusDoc() ? mailOr(out('data', 'text')) : out('source', 'text');
    case '.xml':
      return feedOr(out(corpusDoc() ? 'data' : 'source', 'text'));
    // Feeds by their own names; another file so named stays what it was (read for secrets).
    case '.rss':
    case '.atom':
    case '.rdf':
      return feedOr(corpusDoc() ? out('data', 'text') : out('source', 'text'), true);
    case '.log':
    case '.srt':
    case '.vtt':
    case '.ics':
      return out(corpusDoc() ? 'data' : 'source', 'text');
    // E-mail is read as MIME (readers/mime.ts: encoded bodies decoded, attachments read as members);
    // outside a data folder a message is config-like text, read for secrets only. MIME is bytes on
    // the wire: a UTF-16 export (a BOM) is no MIME the reader can walk, and is read as text.
    case '.eml':
      return inDataDir(relPath, inner) && !installed() ? out('data', utf16 ? 'text' : 'eml') : out('source', 'text');
    // A mailbox and an address book are personal data wherever they are, as a table is.
    case '.mbox':
      return installed() ? out('source', 'text') : out('data', utf16 ? 'text' : 'eml');
    case '.vcf':
      return out(installed() ? 'source' : 'data', 'text');
    case '.md':
    case '.markdown':
    case '.mdx':
    case '.rst':
      return out(corpusDoc() ? 'data' : 'source', 'markdown');
    // A database dump (pg_dump, mysqldump) in a data folder: its rows; elsewhere a migration or a
    // schema, read for secrets.
    case '.sql':
      return inDataDir(relPath, inner) && !installed() ? out('data', 'sql') : out('source', 'text');
    // Crawled pages in a RAG corpus; elsewhere a site's or a package's documentation.
    case '.html':
    case '.htm':
    case '.xhtml':
      return out(corpusDoc() ? 'data' : 'source', 'html');
    // RTF documents (clinical notes, legal documents, WordPad exports) in a data folder; elsewhere text read for secrets.
    case '.rtf':
      return inDataDir(relPath, inner) && !installed() ? out('data', 'rtf') : out('source', 'text');
    // Records kept as YAML in a data folder (Rasa's `nlu.yml`, promptfoo's test cases, an
    // instruction set); elsewhere, or YAML that describes data, configuration read for secrets.
    case '.yaml':
    case '.yml':
      if (inDataDir(relPath, inner) && !installed() && (gzip || yamlRecordsHead(head))) return out('data', 'yaml');
      break;
    default:
      break;
  }
  // A compressed pickle (`train.pkl.gz`, pandas' `to_pickle(compression=…)`) in a data folder.
  if (gzip && PICKLE_NAME.test(inner) && inDataDir(relPath, inner) && !installed()) return out('data', 'pickle');
  // The folder tests (corpusDoc) only for the names they decide (most files that reach here are code).
  // A document of a corpus in a data folder that has no document extension: a package's docs
  // (`NEWS.gz`, `TODO`; a README or changelog describes the dataset, DATASET_DOC, unless it is one of
  // the documents: amongDocuments), man pages (`ls.1.gz`, `Net::DBus.3pm`),
  // translations (`.po`), TeX and other markup — read as the corpus's text (PII, injection), not
  // for secrets only: a RAG store built from documentation is made of these.
  if ((TEXT_BASENAME.test(inner) || DOC_NAME.test(inner)) && corpusDoc()) return out('data', 'text');
  // Compressed text named as such without an extension (`changelog.gz`, `changelog.Debian.gz`,
  // `NEWS.gz`, `syslog.2.gz`) is read for secrets, as the same text uncompressed is (a signed JWT in
  // python3-jwt's changelog.gz was missed); a blob of no telling name (`blob.xz`) is not.
  if (gzip) {
    if (TEXT_BASENAME.test(inner)) return out('source', 'text');
    // A gzip stream named only by its suffix (`cache.gz`: joblib and pandas pick gzip by it) that
    // holds a pickle, in a data folder: read as the pickle it is.
    return !codec && head && inDataDir(relPath, name) && !installed() && isGzipPickle(head) ? out('data', 'pickle') : null;
  }
  // (A dotfile — `.gitignore`, `.gitattributes`, `.dvcignore` — is the folder's tooling, not a document.)
  // (`1.`, Enron's maildir naming, has no extension either.)
  if ((ext === '' || ext === '.') && !inner.startsWith('.') && (corpusDoc() || (MAILDIR.test(relPath) && !installed()))) {
    // No telling extension: a data-folder file whose first line is a JSON object is JSONL; other
    // text is a message of a mail corpus or a document of the corpus (20 Newsgroups' articles are
    // files named by number).
    const first = head ? Buffer.from(head).toString('utf8').split('\n', 1)[0]!.trim() : '';
    return first.startsWith('{') && first.endsWith('}') ? out('data', 'jsonl') : feedOr(mailOr(out('data', 'text')));
  }
  return out('source', 'text');
}

/** A Maildir (Enron's corpus is one): its messages are files named by number, in any folder. */
const MAILDIR = /(?:^|\/)maildir\//i;

/** A rotated log's number after its name (`app.log.1`, `syslog.2`). */
const ROTATED = /\.\d{1,3}$/;

/**
 * Names of documents by their markup or kind, for a corpus in a data folder: man pages by section
 * (`ls.1`, `Net::DBus.3pm`), gettext translations, TeX, AsciiDoc, Org, Texinfo, POD, roff.
 */
const DOC_NAME = /\.(?:[1-9][a-z]{0,4}|po|pot|tex|adoc|asciidoc|org|texi|texinfo|pod|roff|man|info(?:-\d{1,3})?)$/i;

/**
 * Documents in a markup of their own: man pages (`ls.1.gz`, `DBI.3pm`), Texinfo and its Info
 * output (`grep.info.gz`, `find.info-1.gz`), POD, roff. Their blank-line paragraphs are the
 * markup's units (a roff request block, a POD `=item`), repeated by the format, not records: a
 * page's paragraphs are not a dataset's rows (gcloud's man pages gave 10,821 "duplicate" findings
 * for their alpha / beta / GA example blocks), as an HTML page's blocks are not. A log rotated by
 * number (`syslog.2.gz`, `chat.log.1`) and a package's NEWS or changelog are not markup documents.
 */
export function isMarkupDocument(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase().replace(/\.(?:gz|zst|zstd|bz2|xz|lz4)$/, '');
  return MARKUP_DOC_NAME.test(name) && !TEXT_BASENAME.test(name) && !ROTATED_LOG.test(name);
}

/** A log rotated by number (`chat.log.2`): its number is no man page's section. */
const ROTATED_LOG = /\.(?:log|txt|out|err)\.\d{1,3}$/;

const MARKUP_DOC_NAME = /\.(?:[1-9][a-z]{0,4}|texi|texinfo|pod|roff|man|info(?:-\d{1,3})?)$/;

/**
 * Names of text files that carry no extension: a package's docs and a system's logs. Not a program
 * so named (`Debug.pm`, `auth.py`, `messages.js`): code, read for secrets as other code is.
 */
const TEXT_BASENAME = /^(?:changelog|changes|news|readme|history|copying|copyright|authors|thanks|todo|messages|syslog|auth|kern|secure|maillog|cron|daemon|debug|dmesg)(?:\.(?!(?:pm|pl|py|js|mjs|cjs|ts|rb|go|rs|c|h|cc|cpp|hpp|java|kt|php|sh|lua|swift|cs)(?:\.\d{1,3})?$)[a-z]+)?(?:\.\d{1,3})?$/i;

/** Whether a file's first bytes are JSON Lines: a first line that is a whole JSON object, and a next one starting another. */
export function jsonLinesHead(head: Uint8Array): boolean {
  const text = Buffer.from(head).toString('utf8');
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  const first = text.slice(0, nl).trim();
  if (!first.startsWith('{') || !first.endsWith('}') || !text.slice(nl + 1).trimStart().startsWith('{')) return false;
  try {
    return typeof JSON.parse(first) === 'object';
  } catch {
    return false;
  }
}

/** In a data-like folder, and not the folder's own documentation. */
export function inDataDir(relPath: string, inner: string): boolean {
  return DATA_DIR.test(relPath) && !DATASET_DOC.test(inner);
}

/**
 * A zip archive of data (a Kaggle download, an export: `data/customers.zip`) in a data folder:
 * its members are read as files of their own (`archive.ts`).
 */
export function isDataZip(relPath: string, sniffed: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  return sniffed === 'zip' && name.endsWith('.zip') && inDataDir(relPath, name) && !inInstalledPython(relPath);
}

/**
 * The files coding agents read as standing instructions in a repository, by the agent that reads
 * them. Hidden Unicode or an instruction a reviewer does not see in one of them is the "rules file
 * backdoor": every session of that agent in the repository follows it.
 */
const AGENT_INSTRUCTIONS: readonly [RegExp, string][] = [
  [/(?:^|\/)\.cursorrules$/, 'Cursor'],
  [/(?:^|\/)\.cursor\/rules\/[^/]+\.mdc?$/, 'Cursor'],
  [/(?:^|\/)\.windsurfrules$|(?:^|\/)\.windsurf\/rules\/[^/]+\.md$/, 'Windsurf'],
  [/(?:^|\/)CLAUDE(?:\.local)?\.md$|(?:^|\/)\.claude\/(?:commands|agents|skills)\/.+\.md$/, 'Claude Code'],
  [/(?:^|\/)AGENTS\.md$/, 'Codex, Jules and other AGENTS.md agents'],
  [/(?:^|\/)GEMINI\.md$/, 'Gemini CLI'],
  [/(?:^|\/)\.github\/copilot-instructions\.md$|(?:^|\/)\.github\/instructions\/[^/]+\.instructions\.md$|(?:^|\/)\.github\/prompts\/[^/]+\.prompt\.md$/, 'GitHub Copilot'],
  [/(?:^|\/)\.clinerules(?:\/[^/]+)?$/, 'Cline'],
  [/(?:^|\/)\.roo\/rules[^/]*\/[^/]+$|(?:^|\/)\.roorules$/, 'Roo Code'],
  [/(?:^|\/)\.continue\/rules\/[^/]+$/, 'Continue'],
  [/(?:^|\/)\.kiro\/steering\/[^/]+\.md$/, 'Kiro'],
  [/(?:^|\/)\.junie\/guidelines\.md$/, 'Junie'],
];

/** The coding agent whose standing instructions this file is, or undefined. */
export function agentInstructionsTool(relPath: string): string | undefined {
  // One test for every path of a scan; the dozen patterns only for the few that may be one.
  if (!MAY_BE_INSTRUCTIONS.test(relPath)) return undefined;
  for (const [re, tool] of AGENT_INSTRUCTIONS) if (re.test(relPath)) return tool;
  return undefined;
}

/** What every path in AGENT_INSTRUCTIONS holds: a dot folder of an agent, or one of the file names. */
const MAY_BE_INSTRUCTIONS = /\.(?:cursor|windsurf|claude|github|clinerules|roo|continue|kiro|junie)|CLAUDE|AGENTS|GEMINI/;

/** Imports and constructors of an MCP server SDK, in the first bytes of a Python or JS/TS file. */
const MCP_SERVER_PY = /^\s*(?:from\s+(?:mcp\.server|fastmcp)\b|import\s+mcp\.server\b)/m;
const MCP_SERVER_JS = /@modelcontextprotocol\/sdk\/server\/|\bnew\s+McpServer\s*\(/;

/**
 * Whether a source file defines an MCP server (FastMCP, the official SDKs): the descriptions of
 * its tools are read by the model of every client that connects, so an instruction hidden in one
 * (tool poisoning) or hidden Unicode there reaches them all.
 */
export function isMcpServerCode(name: string, head: Uint8Array): boolean {
  const ext = extOf(name);
  if (ext !== '.py' && ext !== '.ts' && ext !== '.js' && ext !== '.mjs' && ext !== '.cjs') return false;
  // Every source file of a scan comes here (twice): a native byte search first, the text and the
  // regex only for the few heads that name MCP at all.
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.indexOf('mcp') < 0 && bytes.indexOf('Mcp') < 0 && bytes.indexOf('modelcontextprotocol') < 0) return false;
  const text = bytes.toString('utf8');
  return ext === '.py' ? MCP_SERVER_PY.test(text) : MCP_SERVER_JS.test(text);
}
