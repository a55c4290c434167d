import { open, type FileHandle } from 'node:fs/promises';
import { leaves } from './json.js';
import { fileLeaves, LIST, nextBatch, type Budget, type Leaf, type LeafValue } from './lance-columns.js';
import { rowFate, type RowFate } from './lance-dataset.js';
import { inLanceTable, legacyMetadata, readLanceFile, readRange, versionName } from './lance-file.js';
import { legacyLeaves } from './lance-legacy.js';
import { parseSchema } from './lance-schema.js';
import type { LanceItem } from './lance-values.js';
import { DELETED_FIELD } from './sqlite.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Lance data files (`<table>.lance/data/*.lance`), what LanceDB (`lancedb.connect('./db')`) and
 * pylance write: a columnar file of format 2.0, 2.1 or 2.2 whose schema sits in its first global
 * buffer, or of the legacy format (`lance-legacy.ts`). Text, integer and date columns are read
 * (vectors and floats are not); a row's values become cells named by field path (`text`,
 * `meta.source`, `tags[1]`), and the document column (`text`, `document`, `content`,
 * `page_content`, else the longest text column) is the row's record for the poisoning analysis. A
 * row is numbered by its place in the table: the rows of the fragments before its file (in the
 * manifest's order), then its place in the file. Rows LanceDB deleted but left in the file, and
 * every row of a file the table's latest version no longer holds, are read too, their fields
 * prefixed `deleted rows (not overwritten).` or `not in the latest table version.`
 * (`lance-dataset.ts`). A column in an encoding not read is named in the file's problems and the
 * file is read in part; a malformed file throws an Error naming the problem.
 */

/** The field prefix of the rows of a data file the table's latest version no longer holds (overwritten, compacted, all deleted). */
export const EARLIER_FIELD = 'not in the latest table version';

/** Columns LanceDB's LangChain and LlamaIndex stores (and most RAG schemas) keep the chunk text in. */
const DOCUMENT_COLUMNS = ['text', 'document', 'content', 'page_content'];

/** Reads a Lance data file as rows, up to `maxRows` rows and `maxBytes` bytes of pages; `problems` gets the columns left unread. */
export async function* readLance(absPath: string, status: ReadStatus, maxRows: number, maxBytes: number, problems: string[]): AsyncGenerator<DataRow> {
  const fh = await open(absPath, 'r');
  try {
    const size = (await fh.stat()).size;
    const legacy = await legacyMetadata(fh, size);
    let fate: RowFate | undefined;
    if (inLanceTable(absPath)) {
      status.vectorStore = 'lancedb';
      try {
        fate = await rowFate(absPath);
      } catch (e) {
        problems.push(`the table's deleted rows not told apart: ${(e as Error).message}`);
      }
    }
    const budget: Budget = { left: maxBytes, problems, truncated: false, bytes: 0 };
    const cols = legacy !== undefined ? await legacyLeaves(fh, size, legacy, absPath, budget) : await v2Leaves(fh, size, budget);
    status.columns = cols.map((c) => c.name);
    // Each leaf's current batch and where in it the next row is: rows are put together a window at a time, the length of the shortest batch.
    const batches: LeafValue[][] = cols.map(() => []);
    const at = cols.map(() => 0);
    const done = cols.map(() => false);
    let doc: Leaf | null | undefined;
    const utf8 = new TextDecoder();
    let r = 0;
    try {
      for (;;) {
        for (let i = 0; i < cols.length; i++) {
          while (!done[i] && at[i]! >= batches[i]!.length) {
            const b = await nextBatch(cols[i]!, budget);
            if (b) [batches[i], at[i]] = [b, 0];
            else done[i] = true;
          }
        }
        let window = Infinity;
        for (let i = 0; i < cols.length; i++) if (at[i]! < batches[i]!.length) window = Math.min(window, batches[i]!.length - at[i]!);
        if (window === Infinity) break;
        doc ??= documentColumn(cols, batches, at, window) ?? null;
        const d = doc ? cols.indexOf(doc) : -1;
        for (let k = 0; k < window; k++, r++) {
          if (r >= maxRows) {
            status.truncated = true;
            return;
          }
          const o: Record<string, unknown> = {};
          for (let i = 0; i < cols.length; i++) if (at[i]! + k < batches[i]!.length) place(o, cols[i]!.path, batches[i]![at[i]! + k]!, utf8, cols[i]!.convert);
          const ls = leaves(o, '', [], 0);
          status.rows = r + 1;
          // A row the table no longer holds is still text on disk: scanned, said so in its field, and no record of the store.
          const gone = fate?.unreferenced ? EARLIER_FIELD : fate?.deleted?.has(r) ? DELETED_FIELD : undefined;
          const v = gone || d < 0 ? undefined : batches[d]![at[d]! + k];
          const text = v instanceof Uint8Array ? utf8.decode(v) : undefined;
          yield { row: (fate?.before ?? 0) + r + 1, cells: ls.map((l) => ({ text: l.value, field: gone ? `${gone}.${l.path}` : l.path, verbatim: true })), ...(text?.trim() ? { record: { text } } : {}) };
        }
        for (let i = 0; i < cols.length; i++) if (at[i]! < batches[i]!.length) at[i] = at[i]! + window;
      }
    } finally {
      status.bytes = budget.bytes;
      if (budget.truncated) status.truncated = true;
    }
  } finally {
    await fh.close();
  }
}

/** A v2 file's leaves, its schema from its first global buffer. */
async function v2Leaves(fh: FileHandle, size: number, budget: Budget): Promise<Leaf[]> {
  const file = await readLanceFile(fh, size);
  const schemaBuf = file.globals[0];
  if (!schemaBuf) throw new Error(`Lance ${versionName(file)} file without a schema buffer`);
  const { fields } = parseSchema(await readRange(fh, size, schemaBuf, 'schema'));
  return fileLeaves(fh, file, fields, budget);
}

/**
 * The document column: a conventional name, else the text column longest over the first rows (up to
 * 1,000, as many as every column's first batch holds: batches are a window of a page, of sizes that
 * differ from column to column), not under a list.
 */
function documentColumn(cols: readonly Leaf[], batches: readonly LeafValue[][], at: readonly number[], window: number): Leaf | undefined {
  const flat = cols.filter((c) => c.text && !c.path.includes(LIST));
  for (const name of DOCUMENT_COLUMNS) {
    const c = flat.find((x) => x.path.length === 1 && x.name === name);
    if (c) return c;
  }
  let best: Leaf | undefined;
  let bestLen = 0;
  for (const c of flat) {
    let len = 0;
    const i = cols.indexOf(c);
    for (const v of batches[i]!.slice(at[i], at[i]! + Math.min(1000, window))) if (v instanceof Uint8Array) len += v.length;
    if (len > bestLen) [best, bestLen] = [c, len];
  }
  return best;
}

/** Sets a leaf's row value into the row object at its path; under a list, element i of the value goes to element i of the list. */
function place(o: Record<string, unknown>, path: readonly (string | typeof LIST)[], v: LanceItem | LanceItem[], utf8: TextDecoder, convert?: (v: number | bigint) => unknown): void {
  if (v === undefined || v === null) return;
  let at: Record<string, unknown> = o;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (seg === LIST) continue;
    if (path[i + 1] === LIST && Array.isArray(v)) {
      const arr = (Array.isArray(at[seg]) ? at[seg] : (at[seg] = [])) as unknown[];
      const rest = path.slice(i + 2).filter((s) => s !== LIST);
      v.forEach((x, k) => {
        if (x === null || x === undefined) return;
        if (!rest.length) arr[k] = plain(x, utf8, convert);
        else {
          const el = (arr[k] && typeof arr[k] === 'object' ? arr[k] : (arr[k] = {})) as Record<string, unknown>;
          place(el, rest, x, utf8, convert);
        }
      });
      return;
    }
    if (last) {
      if (!Array.isArray(v)) at[seg] = plain(v, utf8, convert);
      return;
    }
    const next = at[seg];
    at = (next && typeof next === 'object' && !Array.isArray(next) ? next : (at[seg] = {})) as Record<string, unknown>;
  }
}

/** Text bytes as a string when they are valid UTF-8 (binary stays bytes: `leaves` keeps it only when it is text); a date's integer as its date. */
function plain(v: LanceItem, utf8: TextDecoder, convert?: (v: number | bigint) => unknown): unknown {
  if (convert && (typeof v === 'number' || typeof v === 'bigint')) return convert(v);
  if (v instanceof Uint8Array) {
    const s = utf8.decode(v);
    return s.includes('\uFFFD') ? v : s;
  }
  return v;
}
