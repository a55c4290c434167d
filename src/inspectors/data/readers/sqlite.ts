import { ChromaValues, isChromaQueue, queueValues } from './chroma-queue.js';
import { leaves } from './json.js';
import { isMilvusCollection, milvusEntity } from './milvus-lite.js';
import { readPickleStrings } from './pickle-strings.js';
import { BTreeReader, MAX_RECORD_BYTES } from './sqlite-btree.js';
import { freelistPages, freeSpaceText, MAX_FREE_PAGES, textRuns } from './sqlite-deleted.js';
import { SqlitePages } from './sqlite-pages.js';
import { tableLayout } from './sqlite-schema.js';
import type { DataRow, ReadStatus, TextCell } from './types.js';

/**
 * SQLite databases: the local store of a RAG vector database (Chroma's `chroma.sqlite3` keeps every
 * document and its metadata there), chat histories, LangChain caches, app data next to the model.
 * The file is read by its documented format, page by page (`sqlite-pages.ts`, `sqlite-btree.ts`),
 * so a database of any size is read in bounded memory, nothing in it is ever executed (no SQL runs:
 * a view's query, a trigger or a function a crafted schema names cannot), and committed pages still
 * in a write-ahead log are read as SQLite would read them. Only ordinary tables are read — never a
 * view nor a virtual table; full-text indexes' shadow tables repeat their source table's text and
 * are skipped.
 *
 * Deleted rows SQLite has not overwritten (its default) are read too: the text left in the free
 * space of the leaf pages walked and on the freelist's pages, as cells of the field
 * `deleted rows (not overwritten)` (`sqlite-deleted.ts`) — a document erased from a RAG store that
 * is still in its file.
 *
 * A BLOB that is a pickle is read for its strings, never loaded: Qdrant's local mode
 * (`QdrantClient(path=…)`, what LangChain's tutorials use) keeps each point pickled in
 * `storage.sqlite`, its payload's `page_content` among them (`points.point.page_content`).
 * Milvus Lite's `.db` keeps each entity as a protobuf BLOB (`milvus-lite.ts`): its VARCHAR and
 * JSON fields are read under the collection's own field names (`docs.text`, `docs.$meta.source`).
 *
 * A row's text and numbers become cells whose field is `table.column`, at the table's row number;
 * Chroma's key/value metadata rows take their key as the field (`chroma:document`, `source`) and
 * their embedding's id as the row, and its documents are records for the poisoning analysis (the
 * rows of other tables are not: tables of one database are no one dataset). Chroma's embeddings
 * queue gives only what the collection no longer holds (`chroma-queue.ts`).
 */

/** The field of deleted rows' text (one for the whole file: where on disk it lay is no column). */
export const DELETED_FIELD = 'deleted rows (not overwritten)';
/** Stretches of deleted text read per file. */
const MAX_FRAGMENTS = 100_000;

/** SQLite's own suffixes of an FTS3/4/5 index's shadow tables. */
const FTS_SHADOW = /_(?:content|data|idx|docsize|config|segments|segdir|stat)$/;

interface TableEntry {
  name: string;
  root: number;
  sql: string;
}

/** The ordinary tables worth reading: not SQLite's own, not a virtual table, not an index's shadow table. */
function tablesOf(schema: readonly unknown[][]): TableEntry[] {
  const tables = schema.filter((r) => r[0] === 'table').map((r) => ({ name: String(r[1]), root: Number(r[3]), sql: String(r[4] ?? '') }));
  const virtual = tables.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(t.sql)).map((t) => t.name);
  return tables.filter(
    (t) => t.root > 0 && !t.name.startsWith('sqlite_') && !virtual.includes(t.name) && !virtual.some((v) => t.name.startsWith(`${v}_`) && FTS_SHADOW.test(t.name)),
  );
}

/** Whether a BLOB is a binary pickle (PROTO 2-5 first). */
function isPickle(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.length > 2 && v[0] === 0x80 && v[1]! >= 2 && v[1]! <= 5;
}

/** The strings of a pickled BLOB, named `prefix.key`; its document text, if it holds one. An unreadable pickle gives what was read before the damage. */
async function pickledCells(blob: Uint8Array, prefix: string): Promise<{ cells: TextCell[]; record?: string }> {
  const cells: TextCell[] = [];
  let record: string | undefined;
  const status = { rows: 0, truncated: false };
  try {
    for await (const r of readPickleStrings((async function* () { yield blob; })(), status, 10_000, [])) {
      for (const c of r.cells) cells.push({ text: c.text, field: c.field ? `${prefix}.${c.field}` : prefix, verbatim: true });
      record ??= r.record?.text;
    }
  } catch {
    // Damaged: the strings before the damage are kept.
  }
  return { cells, record };
}

/** A WITHOUT ROWID record's values (primary key first) put back in the table's column order. */
function inDeclaredOrder(values: readonly unknown[], order: readonly number[]): unknown[] {
  const out: unknown[] = new Array(order.length);
  for (let i = 0; i < values.length && i < order.length; i++) out[order[i]!] = values[i];
  return out;
}

/**
 * Chroma's metadata table before its embeddings queue (the queue's migration creates it first), so
 * the queue can leave out what the collection holds.
 */
function collectionFirst(tables: TableEntry[]): TableEntry[] {
  const at = tables.findIndex((t) => t.name === 'embedding_metadata');
  return at < 0 ? tables : [tables[at]!, ...tables.slice(0, at), ...tables.slice(at + 1)];
}

/** Chroma's metadata table: one row per (embedding, key), the value in one typed column. */
function isChromaMetadata(table: string, columns: readonly string[]): boolean {
  return table === 'embedding_metadata' && columns.includes('key') && columns.includes('string_value');
}

/**
 * Reads a SQLite database at `absPath` as rows of cells, `maxRows` at most over all its tables.
 * A row too large to assemble is left out and said in `skipped`.
 */
export async function* readSqlite(absPath: string, status: ReadStatus, maxRows: number, skipped: string[] = []): AsyncGenerator<DataRow> {
  const pages = await SqlitePages.open(absPath);
  try {
    status.bytes = pages.fileBytes;
    // One map of pages seen for the whole file: a page in two trees is as malformed as a cycle.
    const visited = new Uint8Array(pages.pageCount + 1);
    let table = 'sqlite_schema';
    /** Text of deleted cells found in the free blocks of leaf pages walked, yielded between entries (not counted as rows). */
    const deleted: DataRow[] = [];
    let fragments = 0;
    const tree = new BTreeReader(
      pages,
      visited,
      (rowid, bytes) => {
        skipped.push(`row ${rowid} of table ${table} holds ${Math.round(bytes / 2 ** 20)} MiB, over the ${MAX_RECORD_BYTES >> 20} MiB a row is read to; not read`);
      },
      undefined,
      (_n, page, base, cells) => {
        for (const text of freeSpaceText(page, base, pages.usable, cells)) {
          if (fragments++ < MAX_FRAGMENTS) deleted.push({ cells: [{ text, field: DELETED_FIELD, verbatim: false }] });
        }
      },
    );
    const schema: unknown[][] = [];
    for await (const e of tree.entries(1, false)) schema.push(e.values);
    status.columns = [];
    let row = 0;
    const tables = collectionFirst(tablesOf(schema));
    const tableNames = tables.map((t) => t.name);
    const collection = new ChromaValues();
    const hasCollection = tableNames.includes('embedding_metadata');
    for (const t of tables) {
      table = t.name;
      const layout = tableLayout(t.sql);
      const columns = layout?.columns ?? [];
      status.columns.push(...columns.map((c) => `${t.name}.${c}`));
      const chroma = isChromaMetadata(t.name, columns);
      if (chroma) status.vectorStore = 'chroma';
      const queue = hasCollection && isChromaQueue(t.name, columns);
      const milvus = isMilvusCollection(tableNames, columns);
      if (milvus) status.vectorStore ??= 'milvus';
      const keyAt = columns.indexOf('key');
      const idAt = columns.indexOf('id');
      const alias = layout?.rowidAlias ?? -1;
      let tableRow = 0;
      for await (const e of tree.entries(t.root, layout?.withoutRowid ?? false)) {
        if (row >= maxRows) {
          status.truncated = true;
          return;
        }
        const order = layout?.recordOrder;
        const values = order ? inDeclaredOrder(e.values, order) : e.values;
        // The INTEGER PRIMARY KEY column is stored as NULL: its value is the rowid.
        if (alias >= 0 && values[alias] == null) values[alias] = e.rowid;
        tableRow++;
        status.rows = ++row;
        const o: Record<string, unknown> = {};
        if (chroma) {
          // One metadata value: named by its key, in whichever typed column holds it.
          const key = String(values[keyAt]);
          const value = values.find((v, i) => i !== keyAt && columns[i] !== 'id' && v !== null && v !== undefined);
          if (value === undefined) continue;
          o[key] = value;
          if (typeof value === 'string' || typeof value === 'number') collection.remember(key, String(value));
        } else if (queue) Object.assign(o, queueValues(values, columns, collection));
        const pickled: TextCell[] = [];
        let pickledRecord: string | undefined;
        if (milvus) {
          // An entity's fields, decoded from its protobuf: named by the collection's own field names.
          o[`${t.name}.milvus_id`] = values[1] ?? undefined;
          if (values[2] instanceof Uint8Array) {
            const entity = milvusEntity(t.name, values[2]);
            Object.assign(o, entity.values);
            pickledRecord = entity.document;
          }
        } else if (!chroma && !queue) {
          // A column added later (ALTER TABLE … ADD COLUMN) is missing from older rows.
          for (let i = 0; i < values.length; i++) {
            const field = `${t.name}.${columns[i] ?? `column${i + 1}`}`;
            if (!isPickle(values[i])) o[field] = values[i] ?? undefined;
            else {
              const p = await pickledCells(values[i] as Uint8Array, field);
              pickled.push(...p.cells);
              pickledRecord ??= p.record;
              // qdrant_client's local persistence: points (id TEXT, point BLOB), each point pickled.
              if (t.name === 'points' && columns[i] === 'point') status.vectorStore ??= 'qdrant';
            }
          }
        }
        const ls = leaves(o, '', [], 0);
        const cells: TextCell[] = ls.map((l) => ({ text: l.value, field: l.path, verbatim: true }));
        cells.push(...pickled);
        if (!cells.length) continue;
        const documentText = chroma && ls[0]!.path === 'chroma:document' ? ls[0]!.value : pickledRecord;
        // A Chroma value's row is its embedding's id, which Chroma's own tools show.
        const embedding = chroma && idAt >= 0 ? Number(values[idAt]) : NaN;
        yield {
          row: Number.isSafeInteger(embedding) && embedding > 0 ? embedding : tableRow,
          cells,
          // Only a vector store's documents are records (Chroma's, a Milvus entity's, a pickled point's
          // page_content): rows of different tables numbered from 1 each are no one dataset
          // (PROJ's proj.db gave 38,000 "near-duplicate" pairs that way).
          record: documentText !== undefined ? { text: documentText } : undefined,
        };
        if (deleted.length) {
          yield* deleted;
          deleted.length = 0;
        }
      }
      yield* deleted;
      deleted.length = 0;
    }
    // Pages whose every row was deleted: on the freelist, their bytes as they were.
    const free = await freelistPages(pages, await pages.page(1), visited);
    if (!free.complete) skipped.push(`the freelist holds more than ${MAX_FREE_PAGES} pages; the first ${MAX_FREE_PAGES} were read for deleted text`);
    for (const n of free.pages) {
      const page = await pages.page(n);
      for (const text of textRuns(page, 0, pages.usable)) {
        if (fragments++ < MAX_FRAGMENTS) yield { cells: [{ text, field: DELETED_FIELD, verbatim: false }] };
      }
    }
    if (fragments > MAX_FRAGMENTS) skipped.push(`${fragments} stretches of deleted text; the first ${MAX_FRAGMENTS} were read`);
  } finally {
    await pages.close();
  }
}
