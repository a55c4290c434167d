import { pbFields } from './protobuf.js';

/**
 * Milvus Lite's local store (`MilvusClient("./milvus_demo.db")`, what LangChain's and LlamaIndex's
 * Milvus tutorials use): a SQLite file with a `collection_meta` table and one table per collection,
 * `(id INTEGER PRIMARY KEY, milvus_id VARCHAR(1024), data BLOB)`, each `data` one entity serialised
 * as a protobuf `milvus.proto.segcore.InsertRecord` (milvus-lite's `insert_task.cpp`,
 * `storage/collection_data.cpp`; the messages in Milvus's `schema.proto` / `segcore.proto`):
 *
 *   InsertRecord { repeated FieldData fields_data = 1; int64 num_rows = 2; }
 *   FieldData    { DataType type = 1; string field_name = 2; ScalarField scalars = 3;
 *                  VectorField vectors = 4; int64 field_id = 5; bool is_dynamic = 6; }
 *   ScalarField  { … StringArray string_data = 6; … ArrayArray array_data = 8; JSONArray json_data = 9; }
 *   StringArray / JSONArray { repeated string|bytes data = 1; }   ArrayArray { repeated ScalarField data = 1; }
 *
 * Only strings and JSON are read (numbers and vectors carry no text); the protobuf is walked by
 * hand, bounded, and a malformed one ends that entity's fields where the damage starts.
 */

/** An entity's text values: field name (the collection's field, `$meta` for dynamic fields) and value. */
export interface MilvusValue {
  field: string;
  /** A VARCHAR value, or a JSON field's document text (`json: true`). */
  text: string;
  json: boolean;
}

const MAX_DEPTH = 8;
const MAX_VALUES = 10_000;

/** Whether a table is a Milvus Lite collection of a database that has Milvus Lite's `collection_meta`. */
export function isMilvusCollection(tables: readonly string[], columns: readonly string[]): boolean {
  return tables.includes('collection_meta') && columns.length === 3 && columns[0] === 'id' && columns[1] === 'milvus_id' && columns[2] === 'data';
}

/** The text values of one entity's `InsertRecord`. */
export function milvusEntityValues(blob: Uint8Array): MilvusValue[] {
  const out: MilvusValue[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  try {
    for (const f of pbFields(blob, 0, blob.length)) {
      if (f.no !== 1 || f.wire !== 2) continue;
      let name = '';
      const scalars: [number, number][] = [];
      for (const g of pbFields(blob, f.start, f.end)) {
        if (g.no === 2 && g.wire === 2) name = utf8.decode(blob.subarray(g.start, g.end));
        else if (g.no === 3 && g.wire === 2) scalars.push([g.start, g.end]);
      }
      for (const [s, e] of scalars) scalarValues(blob, s, e, name, out, utf8, 0);
    }
  } catch {
    // Malformed: the values read before the damage are kept.
  }
  return out;
}

/** Strings of a ScalarField: string_data (6), json_data (9), and array_data's (8) inner fields. */
function scalarValues(blob: Uint8Array, start: number, end: number, field: string, out: MilvusValue[], utf8: TextDecoder, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const f of pbFields(blob, start, end)) {
    if (f.wire !== 2) continue;
    if (f.no === 6 || f.no === 9) {
      for (const v of pbFields(blob, f.start, f.end)) {
        if (v.no !== 1 || v.wire !== 2 || out.length >= MAX_VALUES) continue;
        out.push({ field, text: utf8.decode(blob.subarray(v.start, v.end)), json: f.no === 9 });
      }
    } else if (f.no === 8) {
      for (const inner of pbFields(blob, f.start, f.end)) if (inner.no === 1 && inner.wire === 2) scalarValues(blob, inner.start, inner.end, field, out, utf8, depth + 1);
    }
  }
}

/** Field names LangChain's and LlamaIndex's Milvus stores (and most schemas) keep the document in. */
const DOCUMENT_FIELDS = new Set(['text', 'page_content', 'content', 'document', 'body', 'chunk']);

/**
 * One entity as the SQLite reader's row object: each value under `collection.field` (a JSON
 * field parsed, so its keys name their values: `docs.$meta.source`), and its document text.
 */
export function milvusEntity(collection: string, blob: Uint8Array): { values: Record<string, unknown>; document?: string } {
  const values: Record<string, unknown[]> = {};
  let document: string | undefined;
  for (const v of milvusEntityValues(blob)) {
    let value: unknown = v.text;
    if (v.json) {
      try {
        value = JSON.parse(v.text);
      } catch {
        // Not JSON after all: its text is scanned as it is.
      }
    } else if (document === undefined && DOCUMENT_FIELDS.has(v.field)) document = v.text;
    (values[`${collection}.${v.field}`] ??= []).push(value);
  }
  const out: Record<string, unknown> = {};
  for (const [k, list] of Object.entries(values)) out[k] = list.length === 1 ? list[0] : list;
  return { values: out, ...(document !== undefined ? { document } : {}) };
}
