import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from '../testing/scan-file.js';
import { milvusEntityValues } from './milvus-lite.js';
import { readSqlite } from './sqlite.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Milvus Lite's store as milvus-lite writes it (`storage/collection_meta.cpp`,
 * `storage/collection_data.cpp`): the SQLite tables made by sql.js, each entity's `data` an
 * `InsertRecord` protobuf encoded here field by field from Milvus's `schema.proto` numbers.
 */

// Protobuf, by hand: varints, length-delimited fields, messages of fields.
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
};
const bytes = (no: number, payload: Uint8Array | number[]): number[] => [...varint(no * 8 + 2), ...varint(payload.length), ...payload];
const str = (no: number, s: string): number[] => bytes(no, [...Buffer.from(s)]);
const num = (no: number, n: number): number[] => [...varint(no * 8), ...varint(n)];

const VARCHAR = 21;
const JSON_TYPE = 23;
const ARRAY = 22;
const INT64 = 5;
const FLOAT_VECTOR = 101;

/** FieldData { type, field_name, scalars | vectors, field_id, is_dynamic }. */
function fieldData(type: number, name: string, id: number, body: number[], dynamic = false): number[] {
  return bytes(1, [...num(1, type), ...str(2, name), ...body, ...num(5, id), ...(dynamic ? num(6, 1) : [])]);
}
const stringField = (name: string, id: number, value: string) => fieldData(VARCHAR, name, id, bytes(3, bytes(6, str(1, value))));
const jsonField = (name: string, id: number, json: unknown, dynamic = false) => fieldData(JSON_TYPE, name, id, bytes(3, bytes(9, str(1, JSON.stringify(json)))), dynamic);
const longField = (name: string, id: number, value: number) => fieldData(INT64, name, id, bytes(3, bytes(3, bytes(1, varint(value)))));
const arrayField = (name: string, id: number, values: string[]) => fieldData(ARRAY, name, id, bytes(3, bytes(8, [...bytes(1, bytes(6, values.flatMap((v) => str(1, v)))), ...num(2, VARCHAR)])));
function vectorField(name: string, id: number, v: number[]): number[] {
  const floats = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => floats.writeFloatLE(x, i * 4));
  return fieldData(FLOAT_VECTOR, name, id, bytes(4, [...num(1, v.length), ...bytes(2, bytes(1, [...floats]))]));
}

function entity(pk: number, text: string, meta: Record<string, unknown>, tags: string[]): Uint8Array {
  return Uint8Array.from([...longField('pk', 100, pk), ...stringField('text', 101, text), ...vectorField('vector', 102, [0.1, 0.2, 0.3, 0.4]), ...arrayField('tags', 103, tags), ...jsonField('$meta', 104, meta, true), ...num(2, 1)]);
}

const DOCS = ['Refunds are processed within fourteen days of the request.', 'Customer Jane Roe, SSN 219-45-1234, called about her bill.'];

let dir: string;
let SQL: SqlJsStatic;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-milvus-'));
  SQL = await (createRequire(import.meta.url)('sql.js') as () => Promise<SqlJsStatic>)();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function milvusDb(name: string, withMeta = true): Promise<string> {
  const db = new SQL.Database();
  if (withMeta) {
    db.run('CREATE TABLE IF NOT EXISTS collection_meta (id INTEGER PRIMARY KEY, collection_name VARCHAR(1024), meta_type VARCHAR(1024), blob_field BLOB, string_field VARCHAR(1024))');
    db.run('INSERT INTO collection_meta VALUES (NULL, ?, ?, ?, ?)', ['rag_docs', 'schema', Uint8Array.from(str(1, 'rag_docs')), 'pk'] as never);
  }
  db.run('CREATE TABLE IF NOT EXISTS "rag_docs" (id INTEGER PRIMARY KEY, milvus_id VARCHAR(1024), data BLOB);');
  DOCS.forEach((d, i) => db.run('INSERT INTO "rag_docs" VALUES (NULL, ?, ?)', [String(i + 1), entity(i + 1, d, { source: `crm-${i}.pdf`, owner: 'dana.fox@acme-health.com' }, ['vip', `batch-${i}`])] as never));
  const file = path.join(dir, name);
  await writeFile(file, db.export());
  db.close();
  return file;
}

async function rowsOf(file: string): Promise<{ rows: DataRow[]; status: ReadStatus }> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const rows: DataRow[] = [];
  for await (const r of readSqlite(file, status, 1e9)) rows.push(r);
  return { rows, status };
}

describe('Milvus Lite', () => {
  it("decodes an entity's VARCHAR, array and JSON values by field name, and leaves numbers and vectors out", () => {
    expect(milvusEntityValues(entity(7, DOCS[1]!, { source: 'a.pdf' }, ['vip', 'new']))).toEqual([
      { field: 'text', text: DOCS[1], json: false },
      { field: 'tags', text: 'vip', json: false },
      { field: 'tags', text: 'new', json: false },
      { field: '$meta', text: '{"source":"a.pdf"}', json: true },
    ]);
  });

  it('keeps what it read before damage, and never throws on a broken entity', () => {
    const whole = entity(7, DOCS[1]!, { source: 'a.pdf' }, ['vip']);
    // Cut inside the vector field: the text before it is kept.
    const head = longField('pk', 100, 7).length + stringField('text', 101, DOCS[1]!).length;
    const cut = whole.subarray(0, head + 10);
    expect(milvusEntityValues(cut).map((v) => v.field)).toEqual(['text']);
    for (let n = 0; n < whole.length; n += 7) expect(() => milvusEntityValues(whole.subarray(0, n))).not.toThrow();
    expect(milvusEntityValues(Uint8Array.from([0x0f, 0xff, 0xff]))).toEqual([]);
  });

  it("reads a Milvus Lite store's collections as entities under their field names, documents as records", async () => {
    const { rows, status } = await rowsOf(await milvusDb('milvus_demo.db'));
    expect(status.vectorStore).toBe('milvus');
    const docs = rows.filter((r) => r.cells.some((c) => c.field === 'rag_docs.text'));
    expect(docs.map((r) => r.record?.text)).toEqual(DOCS);
    expect(docs[1]!.cells.map((c) => [c.field, c.text])).toEqual([
      ['rag_docs.milvus_id', '2'],
      ['rag_docs.text', DOCS[1]],
      ['rag_docs.tags[0]', 'vip'],
      ['rag_docs.tags[1]', 'batch-1'],
      ['rag_docs.$meta.source', 'crm-1.pdf'],
      ['rag_docs.$meta.owner', 'dana.fox@acme-health.com'],
    ]);
  });

  it('leaves a look-alike table of a database that is not Milvus Lite as it is', async () => {
    const { rows, status } = await rowsOf(await milvusDb('other.db', false));
    expect(status.vectorStore).toBeUndefined();
    expect(rows.some((r) => r.cells.some((c) => c.field === 'rag_docs.text'))).toBe(false);
  });

  it('through the inspector: personal data at its field, and the store in the inventory', async () => {
    await milvusDb('milvus_demo.db');
    const out = await inspect(dir, 'milvus_demo.db');
    const store = out.assets?.find((a) => a.kind === 'vector-store');
    expect(store?.name).toBe('Milvus Lite store .');
    const pii = out.findings?.filter((f) => f.ruleId === 'data_no_personal_data') ?? [];
    expect(pii.map((f) => f.location.field).sort()).toEqual(expect.arrayContaining(['rag_docs.$meta.owner', 'rag_docs.text']));
  });
});
