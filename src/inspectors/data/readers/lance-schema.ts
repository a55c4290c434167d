import { pbFields, pbNumber } from './protobuf.js';

/**
 * A Lance schema (`file.proto`: `Schema { repeated Field fields = 1 }`, each
 * `Field { name = 2; id = 3; parent_id = 4; logical_type = 5; nullable = 6 }`), flat in pre-order
 * with parent ids, made a tree. A v2 data file keeps it in its first global buffer as
 * `FileDescriptor { Schema schema = 1; uint64 length = 2 }`.
 */

export interface LanceField {
  name: string;
  id: number;
  /** Arrow-like logical type: `string`, `int64`, `struct`, `list`, `fixed_size_list:float:3`… */
  type: string;
  children: LanceField[];
  /** Legacy files: where a dictionary field's values are (`Dictionary { offset = 1; length = 2 }`). */
  dictionary?: { offset: number; length: number };
}

const MAX_FIELDS = 10_000;
const MAX_DEPTH = 32;

/** What a field holds, for the reader: text (dictionary-coded too), integers, dates and timestamps, a struct or list of fields, or nothing it reads (floats, vectors, booleans). */
export type FieldKind = 'text' | 'int' | 'date' | 'struct' | 'list' | 'other';

export function fieldKind(f: LanceField): FieldKind {
  const t = f.type;
  if (/^(?:dict:)?(?:large_)?(?:string|binary)(?::|$)/.test(t) || t.startsWith('fixed_size_binary')) return 'text';
  if (/^u?int(?:8|16|32|64)$/.test(t)) return 'int';
  if (t === 'date32:day' || t === 'date64:ms' || /^timestamp:(?:s|ms|us|ns)\b/.test(t)) return 'date';
  if (t === 'struct') return 'struct';
  if (t === 'list' || t === 'large_list' || t === 'list.struct' || t === 'large_list.struct') return 'list';
  return 'other';
}

/** A date or timestamp field's stored integer as its instant (a date of birth is read as a date, as a CSV's is). */
export function dateOf(type: string): (v: number | bigint) => Date {
  const unit = type === 'date32:day' ? 86_400_000 : type === 'date64:ms' ? 1 : ({ s: 1000, ms: 1, us: 1e-3, ns: 1e-6 } as Record<string, number>)[type.split(':')[1] ?? ''] ?? 1;
  return (v) => new Date(Number(v) * unit);
}

/** The top-level fields of a `FileDescriptor` (or a bare `Schema` when `descriptor` is false), and the row count it declares. */
export function parseSchema(b: Uint8Array, descriptor = true): { fields: LanceField[]; rows: number } {
  let rows = 0;
  let schema: [number, number] = [0, b.length];
  if (descriptor) {
    schema = [0, 0];
    for (const f of pbFields(b)) {
      if (f.no === 1 && f.wire === 2) schema = [f.start, f.end];
      else if (f.no === 2 && f.wire === 0) rows = f.value;
    }
  }
  const flat: (LanceField & { parent: number })[] = [];
  const utf8 = new TextDecoder();
  for (const f of pbFields(b, schema[0], schema[1])) {
    if (f.no !== 1 || f.wire !== 2) continue;
    if (flat.length >= MAX_FIELDS) throw new Error(`schema over ${MAX_FIELDS} fields`);
    // proto3 leaves zeros out: an absent id or parent id is 0.
    const field: LanceField & { parent: number } = { name: '', id: 0, type: '', children: [], parent: 0 };
    for (const g of pbFields(b, f.start, f.end)) {
      if (g.no === 2 && g.wire === 2) field.name = utf8.decode(b.subarray(g.start, g.end));
      else if (g.no === 3 && g.wire === 0) field.id = int32(g.value);
      else if (g.no === 4 && g.wire === 0) field.parent = int32(g.value);
      else if (g.no === 5 && g.wire === 2) field.type = utf8.decode(b.subarray(g.start, g.end));
      else if (g.no === 8 && g.wire === 2) field.dictionary = { offset: pbNumber(b, g.start, g.end, 1), length: pbNumber(b, g.start, g.end, 2) };
    }
    flat.push(field);
  }
  const byId = new Map<number, LanceField>();
  const top: LanceField[] = [];
  for (const f of flat) {
    const parent = f.parent >= 0 ? byId.get(f.parent) : undefined;
    const node: LanceField = { name: f.name, id: f.id, type: f.type, children: f.children, ...(f.dictionary ? { dictionary: f.dictionary } : {}) };
    if (parent) parent.children.push(node);
    else if (f.parent < 0) top.push(node);
    else throw new Error(`schema field ${f.name} names a parent (${f.parent}) not before it`);
    byId.set(f.id, node);
  }
  for (const f of top) depth(f, 0);
  return { fields: top, rows };
}

/** A protobuf int32 (negative ones are 10-byte varints; -1 is "no parent"). */
function int32(v: number): number {
  return v >= 2 ** 31 ? -1 : v;
}

function depth(f: LanceField, d: number): void {
  if (d > MAX_DEPTH) throw new Error(`schema nested over ${MAX_DEPTH} levels`);
  for (const c of f.children) depth(c, d + 1);
}
