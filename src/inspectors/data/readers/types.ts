/**
 * What every reader yields: rows of text cells, each knowing where it sits in the file, plus an
 * optional record view (text + label) for the poisoning analysis. Plain data, so a row can be
 * produced in a worker thread.
 */
export interface TextCell {
  text: string;
  /** 1-based file line of `text[0]`; absent when the format has no lines (Parquet, notebook outputs). */
  line?: number;
  /** 1-based column of `text[0]` on that line. */
  column?: number;
  /** Column name or JSON field path (`messages[2].content`). */
  field?: string;
  /**
   * `field` names a table column in a format that is not a table as a whole (an HTML page's table
   * cell, named by its header): the cell counts toward that column's classification as a CSV cell does.
   */
  tableColumn?: boolean;
  /**
   * Text around a page's content rather than in it (an HTML page's navigation, sidebars, footer,
   * comments, attribute text): scanned by every detector like the rest, but left out of the
   * document's near-duplicate sketch, or every page of one site would look like every other.
   */
  boilerplate?: true;
  /** Notebook cell index (0-based). */
  cell?: number;
  /**
   * True when `text` is the file's bytes as-is, so an offset inside it maps to an exact line and
   * column. Decoded values (JSON strings with escapes) map to the value's start only.
   */
  verbatim: boolean;
  /**
   * The raw JSON line a decoded value came from (JSONL): its column is looked up there only when a
   * finding needs it.
   */
  source?: string;
  /**
   * A cell put together from several stretches of the file (an HTML paragraph around inline tags):
   * where each stretch starts, as flattened (offset in `text`, line, column) triples in ascending
   * offset. An offset maps from the stretch it falls in, so a hit is placed exactly.
   */
  spans?: number[];
}

export interface DataRow {
  /** 1-based data row (header excluded); absent for free text. */
  row?: number;
  cells: TextCell[];
  /** The record as a training example: its text and, when the data has one, its label. */
  record?: { text: string; label?: string; line?: number };
  /** A JSON record too wide or too deeply nested to take value by value: its cell is its raw text. */
  asText?: boolean;
  /**
   * A table's header row (a sheet's first row of text): its cells are scanned — a key or an
   * instruction can sit there, and a sheet of one row of text is all header — but it is no data
   * row: not counted, not a column value, not a record.
   */
  header?: boolean;
  /**
   * Cells whose text the row's surrounding block already carried to the detectors (a Markdown
   * table's cells, scanned in their text block): they only count toward their columns.
   */
  columnsOnly?: boolean;
}

export interface ReaderLimits {
  /** Stop after this many (decompressed) bytes and report the file as partly scanned. */
  maxBytes: number;
  /** Whole-document parses (JSON, notebooks) above this fall back to plain-text scanning. */
  maxDocumentBytes: number;
}

/** A reader reports how it ended, so a file the scanner could not finish is never called clean. */
export interface ReadStatus {
  truncated: boolean;
  /** Why reading stopped early, when it was not the byte budget (a decompression bomb). */
  truncatedBy?: string;
  /**
   * Nothing of the content could be read and a problem already says why (an encrypted document):
   * the file is still never called clean, but no second issue says it was "read in part".
   */
  unread?: boolean;
  /**
   * The reader left out parts its problems name (an HDF5 dataset behind a missing filter, a SQLite
   * table it could not decode) and went on to the end: the rest was scanned, and the issue says so
   * rather than that reading stopped.
   */
  partsLeftOut?: boolean;
  bytes: number;
  /** A parse problem: the reader fell back or stopped here. */
  problem?: string;
  /** The line the problem starts at, when it has one (relative to where the reader started). */
  problemLine?: number;
  /** Tabular data: the header, when one was found. */
  columns?: string[];
  rows: number;
  /** Lines longer than 16 MiB: only their first 16 MiB were scanned. */
  cut?: number;
  /**
   * What a range of a split text file was read as (`Utf8Chunks`): `utf-8`, `windows-1252`,
   * `shift_jis`…; absent when it held no byte past ASCII, and for a whole file's read.
   */
  encoding?: string;
  /**
   * The file is a vector database's persisted store (Chroma's `chroma.sqlite3`, Qdrant's local
   * `storage.sqlite`, LangChain's FAISS docstore, LlamaIndex's `docstore.json`, LanceDB's tables): the inventory
   * lists the store itself beside the dataset it holds.
   */
  vectorStore?: VectorStoreKind;
}

/** `langchain`: a LangChain docstore pickled beside an index other than FAISS's (Annoy, ScaNN). */
export type VectorStoreKind = 'chroma' | 'qdrant' | 'faiss' | 'langchain' | 'llamaindex' | 'milvus' | 'lancedb';

/** How a compressed data file is read when it is not gzip (`.zst`, `.bz2`, `.xz`; `zlib`: joblib's compressed pickles; `lzma`: legacy `.lzma`, joblib's `compress='lzma'`; `lz4`: LZ4 frames, `.lz4`). */
export type StreamCodec = 'zstd' | 'bzip2' | 'xz' | 'zlib' | 'lzma' | 'lz4';
