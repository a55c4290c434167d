import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Database, SqlJsStatic } from 'sql.js';
import { leaves } from './json.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * SQLite databases: the local store of a RAG vector database (Chroma's `chroma.sqlite3` keeps every
 * document and its metadata there), chat histories, LangChain caches, app data next to the model.
 * sql.js (SQLite compiled to WebAssembly; no native code) opens a copy of the file in memory, so a
 * database over MAX_SQLITE_BYTES is not read. The file is never written: it is opened from bytes,
 * read-only, with the schema untrusted (`trusted_schema = OFF`: no function a crafted schema names
 * runs), and only ordinary tables are read — never a view (whose query could be a recursive CTE
 * that never ends) nor a virtual table; full-text indexes' shadow tables repeat their source
 * table's text and are skipped.
 *
 * A row's text and numbers become cells whose field is `table.column`, at the table's row number;
 * Chroma's key/value metadata rows take their key as the field (`chroma:document`, `source`) and
 * their embedding's id as the row, and its documents are records for the poisoning analysis (the
 * rows of other tables are not: tables of one database are no one dataset).
 */

/** Largest database read (sql.js keeps the whole file, and SQLite's pages, in memory). */
export const MAX_SQLITE_BYTES = 256 << 20;

const require = createRequire(import.meta.url);
let sqlJs: Promise<SqlJsStatic> | undefined;
function engine(): Promise<SqlJsStatic> {
  sqlJs ??= (require('sql.js') as (config?: object) => Promise<SqlJsStatic>)();
  return sqlJs;
}

/** SQLite's own suffixes of an FTS3/4/5 index's shadow tables. */
const FTS_SHADOW = /_(?:content|data|idx|docsize|config|segments|segdir|stat)$/;

/** The ordinary tables worth reading: not SQLite's own, not a virtual table, not an index's shadow table. */
function tablesOf(db: Database): string[] {
  const rows = db.exec("SELECT name, sql FROM sqlite_master WHERE type = 'table'")[0]?.values ?? [];
  const virtual = rows.filter(([, sql]) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(String(sql ?? ''))).map(([name]) => String(name));
  return rows
    .map(([name]) => String(name))
    .filter((name) => !name.startsWith('sqlite_') && !virtual.includes(name) && !virtual.some((v) => name.startsWith(`${v}_`) && FTS_SHADOW.test(name)));
}

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Chroma's metadata table: one row per (embedding, key), the value in one typed column. */
function isChromaMetadata(table: string, columns: readonly string[]): boolean {
  return table === 'embedding_metadata' && columns.includes('key') && columns.includes('string_value');
}

/** Reads a SQLite database at `absPath` as rows of cells, `maxRows` at most over all its tables. */
export async function* readSqlite(absPath: string, status: ReadStatus, maxRows: number): AsyncGenerator<DataRow> {
  const fh = await open(absPath, 'r');
  let bytes: Uint8Array;
  try {
    const size = (await fh.stat()).size;
    if (size > MAX_SQLITE_BYTES) throw new Error(`SQLite database of ${Math.round(size / 2 ** 20)} MiB is over the ${MAX_SQLITE_BYTES >> 20} MiB that are read (it is held in memory whole); not read`);
    bytes = new Uint8Array(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(bytes, got, size - got, got);
      if (!bytesRead) break;
      got += bytesRead;
    }
    status.bytes = got;
  } finally {
    await fh.close();
  }
  const SQL = await engine();
  const db = new SQL.Database(bytes);
  try {
    db.exec('PRAGMA trusted_schema = OFF; PRAGMA query_only = ON; PRAGMA cell_size_check = ON;');
    const tables = tablesOf(db);
    status.columns = [];
    let row = 0;
    for (const table of tables) {
      const stmt = db.prepare(`SELECT * FROM ${quoteId(table)}`);
      try {
        const columns = stmt.getColumnNames();
        status.columns.push(...columns.map((c) => `${table}.${c}`));
        const chroma = isChromaMetadata(table, columns);
        const keyAt = columns.indexOf('key');
        const idAt = columns.indexOf('id');
        let tableRow = 0;
        while (stmt.step()) {
          if (row >= maxRows) {
            status.truncated = true;
            return;
          }
          const values = stmt.get();
          tableRow++;
          status.rows = ++row;
          const o: Record<string, unknown> = {};
          if (chroma) {
            // One metadata value: named by its key, in whichever typed column holds it.
            const key = String(values[keyAt]);
            const value = values.find((v, i) => i !== keyAt && columns[i] !== 'id' && v !== null);
            if (value === undefined) continue;
            o[key] = value;
          } else {
            for (let i = 0; i < columns.length; i++) o[`${table}.${columns[i]}`] = values[i] ?? undefined;
          }
          const ls = leaves(o, '', [], 0);
          if (!ls.length) continue;
          const documentText = chroma && ls[0]!.path === 'chroma:document';
          // A Chroma value's row is its embedding's id, which Chroma's own tools show.
          const embedding = chroma && idAt >= 0 ? Number(values[idAt]) : NaN;
          yield {
            row: Number.isSafeInteger(embedding) && embedding > 0 ? embedding : tableRow,
            cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })),
            // Only a vector store's documents are records: rows of different tables numbered from 1
            // each are no one dataset (PROJ's proj.db gave 38,000 "near-duplicate" pairs that way).
            record: documentText ? { text: ls[0]!.value } : undefined,
          };
        }
      } finally {
        stmt.free();
      }
    }
  } finally {
    db.close();
  }
}
