import { concat, field, varint } from './format-writers.js';

/**
 * Writes Lance data files for tests, byte for byte as LanceDB lays them out: format 2.0 (every
 * field a column; strings as u64 end offsets raised by a null adjustment for nulls, plus their bytes;
 * integers flat, with a validity bitmap when nullable; structs as empty pages; lists as end offsets;
 * vectors as fixed-size lists of floats) and format 2.1 mini-block pages (leaves only; 16-bit
 * repetition and definition levels; strings as u32 offsets into their chunk buffer), or 2.2's (the
 * same in large chunks: u32 chunk words and buffer sizes). The schema is the first global buffer.
 * Page buffers, encodings and schema match those LanceDB 0.37.1 and 0.39.0 write for the same
 * small table in each version (`lance-lancedb.test.ts` checks it again when LanceDB is at hand).
 */

export type LanceType = 'string' | 'int64' | 'vector' | 'struct' | 'list';
export interface LanceSpec {
  name: string;
  type: LanceType;
  /** A struct's fields, or a list's one item field. */
  children?: LanceSpec[];
}
export type Row = Record<string, unknown>;

const enc = new TextEncoder();
const num = (no: number, n: number) => concat([varint(no * 8), varint(n)]);
const msg = (no: number, ...parts: Uint8Array[]) => field(no, concat(parts));
const packed = (no: number, ns: readonly number[]) => field(no, concat(ns.map(varint)));
const u64s = (ns: readonly number[]) => {
  const b = Buffer.alloc(ns.length * 8);
  ns.forEach((n, i) => b.writeBigUInt64LE(BigInt(n), i * 8));
  return new Uint8Array(b);
};
const u16s = (ns: readonly number[]) => new Uint8Array(Uint16Array.from(ns).buffer);
const u32s = (ns: readonly number[]) => new Uint8Array(Uint32Array.from(ns).buffer);
const LOGICAL: Record<LanceType, string> = { string: 'string', int64: 'int64', vector: 'fixed_size_list:float:4', struct: 'struct', list: 'list' };

interface Page {
  buffers: Uint8Array[];
  length: number;
  encoding: Uint8Array;
  type: string;
}

/** A Lance data file of `rows` under `schema`, format `2.0` (LanceDB's "legacy" v2), `2.1` (0.37's default) or `2.2` (0.39's default). */
export function lanceFile(schema: readonly LanceSpec[], rows: readonly Row[], version: '2.0' | '2.1' | '2.2' = '2.0'): Uint8Array {
  const pages: Page[] = [];
  for (const f of schema) {
    const values = rows.map((r) => r[f.name]);
    if (version === '2.0') column20(f, values, pages);
    else column21(f, values, pages, version === '2.2');
  }
  return assemble(pages, schemaBuffer(schema, rows.length), version === '2.0' ? [0, 3] : version === '2.1' ? [2, 1] : [2, 2]);
}

// ---- 2.0 --------------------------------------------------------------------------------------

const ARRAY = '/lance.encodings.ArrayEncoding';
const flat = (bits: number, buffer: number) => msg(1, num(1, bits), buffer ? msg(2, num(1, buffer)) : field(2, new Uint8Array()));
/** `Nullable { NoNull { values } }` as an `ArrayEncoding` message's content. */
const noNulls = (values: Uint8Array) => msg(2, msg(1, msg(1, values)));

function column20(f: LanceSpec, values: readonly unknown[], pages: Page[]): void {
  const n = values.length;
  switch (f.type) {
    case 'string': {
      const bytes: Uint8Array[] = [];
      let total = 0;
      const ends: number[] = [];
      const adj = values.reduce<number>((a, v) => a + (typeof v === 'string' ? enc.encode(v).length : 0), 0) + 1;
      for (const v of values) {
        if (typeof v !== 'string') {
          ends.push(total + adj);
          continue;
        }
        const b = enc.encode(v);
        bytes.push(b);
        total += b.length;
        ends.push(total);
      }
      pages.push({ buffers: [u64s(ends), concat(bytes)], length: n, type: ARRAY, encoding: msg(6, msg(1, noNulls(flat(64, 0))), msg(2, flat(8, 1)), num(3, adj)) });
      return;
    }
    case 'int64': {
      const valid = values.map((v) => typeof v === 'number');
      const data = u64s(values.map((v) => (typeof v === 'number' ? v : 0)));
      if (valid.every(Boolean)) pages.push({ buffers: [data], length: n, type: ARRAY, encoding: noNulls(flat(64, 0)) });
      else {
        const bitmap = new Uint8Array(Math.ceil(n / 8));
        valid.forEach((ok, i) => (bitmap[i >> 3]! |= ok ? 1 << (i & 7) : 0));
        pages.push({ buffers: [bitmap, data], length: n, type: ARRAY, encoding: msg(2, msg(2, msg(1, flat(1, 0)), msg(2, flat(64, 1)))) });
      }
      return;
    }
    case 'vector': {
      const floats = new Float32Array(n * 4);
      values.forEach((v, i) => floats.set(Array.isArray(v) ? (v as number[]).slice(0, 4) : [0, 0, 0, 0], i * 4));
      pages.push({ buffers: [new Uint8Array(floats.buffer)], length: n, type: ARRAY, encoding: noNulls(msg(3, num(1, 4), msg(2, noNulls(flat(32, 0))))) });
      return;
    }
    case 'struct':
      pages.push({ buffers: [], length: n, type: ARRAY, encoding: field(5, new Uint8Array()) });
      for (const c of f.children ?? []) column20(c, values.map((v) => (v && typeof v === 'object' ? (v as Row)[c.name] : undefined)), pages);
      return;
    case 'list': {
      const items: unknown[] = [];
      const ends: number[] = [];
      const total = values.reduce<number>((a, v) => a + (Array.isArray(v) ? v.length : 0), 0);
      for (const v of values) {
        if (Array.isArray(v)) items.push(...(v as unknown[]));
        ends.push(Array.isArray(v) ? items.length : items.length + total + 1);
      }
      pages.push({ buffers: [u64s(ends)], length: n, type: ARRAY, encoding: msg(4, msg(1, noNulls(flat(64, 0))), num(2, total + 1), num(3, total)) });
      column20(f.children![0]!, items, pages);
      return;
    }
  }
}

// ---- 2.1 --------------------------------------------------------------------------------------

const LAYOUT = '/lance.encodings21.PageLayout';
/** A level: its repetition level and either a value or the layer (outermost first) that is null or an empty list there. */
type Level = { rep: number; v: unknown; at?: number; empty?: boolean };

/** The leaves of a field with the fields above each (outermost first): 2.1 has a column per leaf only. */
function leafPaths(f: LanceSpec, above: LanceSpec[] = []): LanceSpec[][] {
  const path = [...above, f];
  return f.type === 'struct' || f.type === 'list' ? (f.children ?? []).flatMap((c) => leafPaths(c, path)) : [path];
}

/**
 * One mini-block page per leaf, layers as LanceDB picks them: `ALL_VALID` where nothing is null,
 * else `NULLABLE_ITEM` (leaf, struct) or `NULLABLE_LIST` / `EMPTYABLE_LIST` / `NULL_AND_EMPTY_LIST`;
 * a null at a layer gets one past the definition levels of the layers under it (an empty list the
 * next one); a row starts at the top repetition level.
 */
function column21(f: LanceSpec, values: readonly unknown[], pages: Page[], large: boolean): void {
  for (const path of leafPaths(f)) {
    const last = path.length - 1;
    const lists = path.map((_, k) => path.slice(0, k).filter((q) => q.type === 'list').length);
    const top = path.filter((p) => p.type === 'list').length;
    const levels: Level[] = [];
    const emit = (v: unknown, k: number, rep: number): void => {
      const spec = path[k]!;
      if (v === null || v === undefined || (spec.type === 'list' && !Array.isArray(v))) levels.push({ rep, v: undefined, at: k });
      else if (k === last) levels.push({ rep, v });
      else if (spec.type === 'struct') emit((v as Row)[path[k + 1]!.name], k + 1, rep);
      else if (!(v as unknown[]).length) levels.push({ rep, v: undefined, at: k, empty: true });
      else (v as unknown[]).forEach((x, i) => emit(x, k + 1, i === 0 ? rep : top - 1 - lists[k]!));
    };
    for (const v of values) emit(v, 0, top);
    const nulls = path.map((_, k) => levels.some((l) => l.at === k && !l.empty));
    const empties = path.map((_, k) => levels.some((l) => l.at === k && l.empty));
    const layerOf = (p: LanceSpec, k: number) => (k < last && p.type === 'list' ? (nulls[k] && empties[k] ? 6 : nulls[k] ? 4 : empties[k] ? 5 : 2) : nulls[k] ? 3 : 1);
    const adds = path.map((p, k) => [0, 0, 0, 1, 1, 1, 2][layerOf(p, k)]!);
    const under = (k: number) => adds.slice(k + 1).reduce((a, b) => a + b, 0);
    const defs = levels.map((l) => (l.at === undefined ? 0 : under(l.at) + 1 + (l.empty && nulls[l.at] ? 1 : 0)));
    const firstList = path.findLastIndex((p, k) => k < last && p.type === 'list');
    const maxVisible = under(firstList);
    const items = levels.filter((_, i) => defs[i]! <= maxVisible).map((l) => (l.at === undefined ? l.v : null));
    const layers = path.map(layerOf).reverse();
    pages.push(miniBlockPage(path[last]!.type, items, top ? levels.map((l) => l.rep) : undefined, defs.some(Boolean) ? defs : undefined, layers, values.length, large));
  }
}

/**
 * A one-chunk mini-block page: `u16` levels, rep and def sizes, value buffer size (`u32` in 2.2's
 * large chunks, whose chunk word is a `u32` too); 8-aligned levels and values.
 */
function miniBlockPage(type: LanceType, items: readonly unknown[], rep: number[] | undefined, def: number[] | undefined, layers: number[], rows: number, large: boolean): Page {
  let valueBuf: Uint8Array;
  let valueEnc: Uint8Array;
  if (type === 'string') {
    const bs = items.map((v) => (typeof v === 'string' ? enc.encode(v) : new Uint8Array()));
    const offsets = [(bs.length + 1) * 4];
    for (const b of bs) offsets.push(offsets[offsets.length - 1]! + b.length);
    // Padded to the offsets' width, as LanceDB does (with 0x48).
    const raw = concat([u32s(offsets), ...bs]);
    valueBuf = concat([raw, new Uint8Array((4 - (raw.length % 4)) % 4).fill(0x48)]);
    valueEnc = msg(2, msg(1, msg(1, num(1, 32))));
  } else if (type === 'int64') {
    valueBuf = u64s(items.map((v) => (typeof v === 'number' ? v : 0)));
    valueEnc = msg(1, num(1, 64));
  } else {
    valueBuf = new Uint8Array(Float32Array.from(items.flatMap((v) => (Array.isArray(v) ? (v as number[]).slice(0, 4) : [0, 0, 0, 0]))).buffer);
    valueEnc = msg(11, num(1, 4), msg(2, msg(1, num(1, 32))));
  }
  const levels = rep?.length ?? def?.length ?? 0;
  const pad8 = (b: Uint8Array) => concat([b, new Uint8Array((8 - (b.length % 8)) % 8).fill(0xfe)]);
  const header = concat([u16s([levels, ...(rep ? [rep.length * 2] : []), ...(def ? [def.length * 2] : [])]), large ? u32s([valueBuf.length]) : u16s([valueBuf.length])]);
  const chunk = pad8(concat([pad8(header), ...(rep ? [pad8(u16s(rep))] : []), ...(def ? [pad8(u16s(def))] : []), valueBuf]));
  const flat16 = msg(1, num(1, 16));
  // With lists, a repetition index: per chunk the rows it ends and the items left over.
  const layout = msg(1, rep ? msg(1, flat16) : new Uint8Array(), def ? msg(2, flat16) : new Uint8Array(), msg(3, valueEnc), packed(6, layers), num(7, 1), rep ? num(8, 1) : new Uint8Array(), num(9, items.length), large ? num(10, 1) : new Uint8Array());
  const repIndex = rep ? [u64s([rows, 0])] : [];
  const word = ((chunk.length / 8 - 1) << 4) | 0;
  return { buffers: [large ? u32s([word]) : u16s([word]), chunk, ...repIndex], length: rows, type: LAYOUT, encoding: layout };
}

// ---- the file ---------------------------------------------------------------------------------

/** `FileDescriptor { Schema schema = 1; uint64 length = 2 }`. */
function schemaBuffer(schema: readonly LanceSpec[], rows: number): Uint8Array {
  return concat([field(1, schemaMessage(schema)), num(2, rows)]);
}

/** `Schema { repeated Field fields = 1 }`, fields in pre-order with parent ids. */
function schemaMessage(schema: readonly LanceSpec[]): Uint8Array {
  const fields: Uint8Array[] = [];
  let id = 0;
  const walk = (f: LanceSpec, parent: number) => {
    const me = id++;
    const parentId = parent < 0 ? concat([varint(4 * 8), Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]) : num(4, parent);
    // proto3 leaves a zero id out; the encoding is PLAIN (1) or VAR_BINARY (2), none for a struct.
    const encoding = f.type === 'string' ? num(7, 2) : f.type === 'struct' ? new Uint8Array() : num(7, 1);
    fields.push(msg(1, field(2, enc.encode(f.name)), me ? num(3, me) : new Uint8Array(), parentId, field(5, enc.encode(LOGICAL[f.type])), num(6, 1), encoding));
    for (const c of f.children ?? []) walk(c, me);
  };
  for (const f of schema) walk(f, -1);
  return concat(fields);
}

/** Pages, the schema global buffer, column metadata, their offset tables and the footer. */
function assemble(pages: readonly Page[], schema: Uint8Array, [major, minor]: [number, number]): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  const put = (b: Uint8Array, align = 64) => {
    const pad = (align - (at % align)) % align;
    if (pad) parts.push(new Uint8Array(pad));
    at += pad;
    const pos = at;
    parts.push(b);
    at += b.length;
    return pos;
  };
  const metas: Uint8Array[] = [];
  for (const p of pages) {
    const offsets = p.buffers.map((b) => put(b));
    const any = msg(4, msg(2, msg(1, field(1, enc.encode(p.type)), field(2, p.encoding))));
    const page = msg(2, packed(1, offsets), packed(2, p.buffers.map((b) => b.length)), num(3, p.length), any);
    const colEnc = msg(1, msg(2, msg(1, field(1, enc.encode('/lance.encodings.ColumnEncoding')), msg(2, field(1, new Uint8Array())))));
    metas.push(concat([colEnc, page]));
  }
  const schemaPos = put(schema);
  const metaStart = at;
  const metaPos = metas.map((m) => put(m, 1));
  const metaTable = put(u64s(metaPos.flatMap((p, i) => [p, metas[i]!.length])), 8);
  const globalTable = put(u64s([schemaPos, schema.length]), 8);
  const foot = Buffer.alloc(40);
  foot.writeBigUInt64LE(BigInt(metaStart), 0);
  foot.writeBigUInt64LE(BigInt(metaTable), 8);
  foot.writeBigUInt64LE(BigInt(globalTable), 16);
  foot.writeUInt32LE(1, 24);
  foot.writeUInt32LE(metas.length, 28);
  foot.writeUInt16LE(major, 32);
  foot.writeUInt16LE(minor, 34);
  foot.write('LANC', 36, 'latin1');
  put(new Uint8Array(foot), 1);
  return concat(parts);
}

// ---- the table around it ---------------------------------------------------------------------

/**
 * A manifest (`_versions/{u64::MAX - version}.manifest`, LanceDB's v2 names): the `Manifest`
 * protobuf's fragments (`DataFragment { id = 1; files = 2 { path = 1 }; deletion_file = 3
 * { file_type = 1 (0 Arrow, 1 bitmap); read_version = 2; id = 3 }; physical_rows = 4 }`), then
 * `u64 position | u16 0 | u16 2 | LANC`.
 */
export function lanceManifest(fragments: readonly { id: number; file: string; rows: number; deletion?: { bitmap: boolean; readVersion: number; id: number } }[], version: number): { name: string; bytes: Uint8Array } {
  const frags = fragments.map((f) =>
    msg(2, num(1, f.id), msg(2, field(1, enc.encode(f.file))), f.deletion ? msg(3, num(1, f.deletion.bitmap ? 1 : 0), num(2, f.deletion.readVersion), num(3, f.deletion.id)) : new Uint8Array(), num(4, f.rows)),
  );
  const body = concat([...frags, num(3, version)]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  const tail = Buffer.alloc(16);
  tail.writeBigUInt64LE(0n, 0);
  tail.writeUInt16LE(0, 8);
  tail.writeUInt16LE(2, 10);
  tail.write('LANC', 12, 'latin1');
  return { name: `${((1n << 64n) - 1n - BigInt(version)).toString()}.manifest`, bytes: concat([new Uint8Array(len), body, new Uint8Array(tail)]) };
}

/** A Roaring bitmap of values under 65536 in the portable format (no runs; one array or bitmap container). */
export function roaringBitmap(values: readonly number[]): Uint8Array {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const head = Buffer.alloc(16);
  head.writeUInt32LE(12346, 0);
  head.writeUInt32LE(1, 4);
  head.writeUInt16LE(0, 8);
  head.writeUInt16LE(sorted.length - 1, 10);
  head.writeUInt32LE(16, 12);
  if (sorted.length <= 4096) return concat([new Uint8Array(head), u16s(sorted)]);
  const bits = new Uint8Array(8192);
  for (const v of sorted) bits[v >> 3]! |= 1 << (v & 7);
  return concat([new Uint8Array(head), bits]);
}

// ---- the legacy format -----------------------------------------------------------------------

/**
 * A legacy (v0.2) Lance file in one batch, laid out as LanceDB's `legacy` storage writes it: each
 * field's page in field-id order (strings' bytes, then their `n + 1` absolute i64 end positions;
 * integers plain; list offsets `n + 1` i32; vectors plain floats; structs nothing), the page table,
 * the manifest (its schema), the `Metadata` and the 16-byte footer. Nulls are empty strings (the
 * format has none). Checked against what the reader makes of LanceDB's own legacy files.
 */
export function legacyLanceFile(schema: readonly LanceSpec[], rows: readonly Row[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  const put = (b: Uint8Array) => {
    const pos = at;
    parts.push(b);
    at += b.length;
    return pos;
  };
  const table: [number, number][] = [];
  const page = (f: LanceSpec, values: readonly unknown[]): void => {
    const id = table.length;
    table.push([0, 0]);
    if (f.type === 'string') {
      const ends = [at];
      for (const v of values) {
        put(typeof v === 'string' ? enc.encode(v) : new Uint8Array());
        ends.push(at);
      }
      table[id] = [put(u64s(ends)), values.length];
    } else if (f.type === 'int64') table[id] = [put(u64s(values.map((v) => (typeof v === 'number' ? v : 0)))), values.length];
    else if (f.type === 'vector') table[id] = [put(new Uint8Array(Float32Array.from(values.flatMap((v) => (Array.isArray(v) ? (v as number[]).slice(0, 4) : [0, 0, 0, 0]))).buffer)), values.length];
    else if (f.type === 'struct') for (const c of f.children ?? []) page(c, values.map((v) => (v && typeof v === 'object' ? (v as Row)[c.name] : undefined)));
    else {
      const items: unknown[] = [];
      const offsets = [0];
      for (const v of values) {
        if (Array.isArray(v)) items.push(...(v as unknown[]));
        offsets.push(items.length);
      }
      table[id] = [put(u32s(offsets)), offsets.length];
      page(f.children![0]!, items);
    }
  };
  for (const f of schema) page(f, rows.map((r) => r[f.name]));
  const tablePos = put(u64s(table.flat()));
  // A manifest's fields are its field 1, as a Schema's are.
  const manifest = schemaMessage(schema);
  const len = (b: Uint8Array) => u32s([b.length]);
  const manifestPos = put(concat([len(manifest), manifest]));
  const meta = concat([num(1, manifestPos), packed(2, [0, rows.length]), num(3, tablePos)]);
  const metaPos = put(concat([len(meta), meta]));
  const tail = Buffer.alloc(16);
  tail.writeBigUInt64LE(BigInt(metaPos), 0);
  tail.writeUInt16LE(0, 8);
  tail.writeUInt16LE(2, 10);
  tail.write('LANC', 12, 'latin1');
  put(new Uint8Array(tail));
  return concat(parts);
}
