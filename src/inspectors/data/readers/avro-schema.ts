/**
 * Avro schemas (the JSON in an object container file's `avro.schema`), resolved into a tree the
 * decoder walks: named types (records, enums, fixed) by their full names, namespaces inherited from
 * the enclosing name as the Avro 1.11 spec says, references to a name already defined (a record may
 * refer to itself: a linked list, a tree). A schema is bounded before anything is decoded with it:
 * at most `MAX_SCHEMA_NODES` types and `MAX_SCHEMA_DEPTH` levels of nesting.
 */

/** Logical types read as what they stand for; any other annotation is ignored, as the spec says. */
type PlainLogical = 'date' | 'time-millis' | 'time-micros' | 'timestamp-millis' | 'timestamp-micros' | 'timestamp-nanos' | 'uuid' | 'duration';
export type AvroLogical = { type: PlainLogical } | { type: 'decimal'; scale: number };

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export type AvroType =
  | { kind: AvroPrimitive; logical?: AvroLogical }
  | { kind: 'record'; name: string; fields: AvroField[] }
  | { kind: 'enum'; name: string; symbols: string[] }
  | { kind: 'array'; items: AvroType }
  | { kind: 'map'; values: AvroType }
  | { kind: 'union'; branches: AvroType[] }
  | { kind: 'fixed'; name: string; size: number; logical?: AvroLogical };

export interface AvroField {
  name: string;
  type: AvroType;
}

/** Types a schema may declare (a wide table of 10,000 columns is 10,001). */
export const MAX_SCHEMA_NODES = 100_000;
/** Nesting of the schema's JSON (records in arrays in maps …). */
export const MAX_SCHEMA_DEPTH = 128;

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

const TIME_LOGICAL: Record<string, Record<string, PlainLogical>> = {
  int: { date: 'date', 'time-millis': 'time-millis' },
  long: {
    'time-micros': 'time-micros',
    'timestamp-millis': 'timestamp-millis',
    'timestamp-micros': 'timestamp-micros',
    'timestamp-nanos': 'timestamp-nanos',
    'local-timestamp-millis': 'timestamp-millis',
    'local-timestamp-micros': 'timestamp-micros',
    'local-timestamp-nanos': 'timestamp-nanos',
  },
  string: { uuid: 'uuid' },
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Parses the `avro.schema` JSON text; throws with what is wrong. */
export function parseAvroSchema(text: string): AvroType {
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    // V8's message quotes the text around the fault, which may be any bytes: the position is enough.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new Error(`schema is not JSON${at ? ` (at character ${at})` : ''}`, { cause: e });
  }
  return new SchemaParser().parse(json, '', 0);
}

class SchemaParser {
  private readonly named = new Map<string, AvroType>();
  private nodes = 0;

  parse(s: Json, namespace: string, depth: number): AvroType {
    if (++this.nodes > MAX_SCHEMA_NODES) throw new Error(`schema declares over ${MAX_SCHEMA_NODES} types; not read`);
    if (depth > MAX_SCHEMA_DEPTH) throw new Error(`schema nested deeper than ${MAX_SCHEMA_DEPTH} levels; not read`);
    if (typeof s === 'string') return this.reference(s, namespace);
    if (Array.isArray(s)) {
      const branches = s.map((b) => this.parse(b, namespace, depth + 1));
      if (branches.some((b) => b.kind === 'union')) throw new Error('schema nests a union directly in a union');
      return { kind: 'union', branches };
    }
    if (!s || typeof s !== 'object') throw new Error(`schema has ${JSON.stringify(s)} where a type belongs`);
    const type = s.type;
    if (Array.isArray(type) || (type && typeof type === 'object')) return this.parse(type, namespace, depth + 1);
    if (typeof type !== 'string') throw new Error('schema has an object without a "type"');
    if (PRIMITIVES.has(type)) {
      const logical = logicalOf(type, s);
      return logical ? { kind: type as AvroPrimitive, logical } : { kind: type as AvroPrimitive };
    }
    switch (type) {
      case 'record':
      case 'error': {
        const { full, ns } = this.name(s, namespace);
        const rec: AvroType = { kind: 'record', name: full, fields: [] };
        // Registered before its fields: a field may refer to the record itself.
        this.define(full, rec);
        if (!Array.isArray(s.fields)) throw new Error(`record ${full} has no "fields" list`);
        for (const f of s.fields) {
          if (!f || typeof f !== 'object' || Array.isArray(f) || typeof f.name !== 'string' || f.type === undefined) throw new Error(`record ${full} has a field without a name or a type`);
          rec.fields.push({ name: f.name, type: this.parse(f.type, ns, depth + 1) });
        }
        return rec;
      }
      case 'enum': {
        const { full } = this.name(s, namespace);
        if (!Array.isArray(s.symbols) || !s.symbols.every((x) => typeof x === 'string')) throw new Error(`enum ${full} has no "symbols" list`);
        const e: AvroType = { kind: 'enum', name: full, symbols: s.symbols as string[] };
        this.define(full, e);
        return e;
      }
      case 'fixed': {
        const { full } = this.name(s, namespace);
        const size = s.size;
        if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new Error(`fixed ${full} has no valid "size"`);
        const logical = s.logicalType === 'decimal' ? decimalOf(s) : s.logicalType === 'uuid' && size === 16 ? { type: 'uuid' as const } : s.logicalType === 'duration' && size === 12 ? { type: 'duration' as const } : undefined;
        const f: AvroType = logical ? { kind: 'fixed', name: full, size, logical } : { kind: 'fixed', name: full, size };
        this.define(full, f);
        return f;
      }
      case 'array':
        if (s.items === undefined) throw new Error('array schema without "items"');
        return { kind: 'array', items: this.parse(s.items, namespace, depth + 1) };
      case 'map':
        if (s.values === undefined) throw new Error('map schema without "values"');
        return { kind: 'map', values: this.parse(s.values, namespace, depth + 1) };
      default:
        return this.reference(type, namespace);
    }
  }

  /** A primitive's name, or a named type defined earlier (by its full name, or its name in this namespace). */
  private reference(name: string, namespace: string): AvroType {
    if (PRIMITIVES.has(name)) return { kind: name as AvroPrimitive };
    const t = (!name.includes('.') && namespace ? this.named.get(`${namespace}.${name}`) : undefined) ?? this.named.get(name);
    if (!t) throw new Error(`schema refers to an undefined type "${name.slice(0, 200)}"`);
    return t;
  }

  /** A named type's full name and the namespace its own members inherit. */
  private name(s: { [k: string]: Json }, namespace: string): { full: string; ns: string } {
    if (typeof s.name !== 'string' || !s.name) throw new Error('schema has a named type without a "name"');
    const full = s.name.includes('.') ? s.name : typeof s.namespace === 'string' && s.namespace ? `${s.namespace}.${s.name}` : namespace ? `${namespace}.${s.name}` : s.name;
    return { full, ns: full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '' };
  }

  private define(full: string, t: AvroType): void {
    if (this.named.has(full)) throw new Error(`schema defines "${full.slice(0, 200)}" twice`);
    this.named.set(full, t);
  }
}

function logicalOf(type: string, s: { [k: string]: Json }): AvroLogical | undefined {
  const lt = s.logicalType;
  if (typeof lt !== 'string') return undefined;
  if (lt === 'decimal' && type === 'bytes') return decimalOf(s);
  const byName = TIME_LOGICAL[type];
  const t = byName && Object.hasOwn(byName, lt) ? byName[lt] : undefined;
  return t ? { type: t } : undefined;
}

/** A decimal's scale (0 when absent); an invalid one leaves the bytes unannotated, as the spec says. */
function decimalOf(s: { [k: string]: Json }): AvroLogical | undefined {
  const scale = s.scale ?? 0;
  return typeof scale === 'number' && Number.isSafeInteger(scale) && scale >= 0 && scale <= 1000 ? { type: 'decimal', scale } : undefined;
}

/**
 * The fewest bytes a value of the type takes (0 for `null`, a zero-size `fixed`, and records of
 * nothing else: such values hold nothing to read). Used to check a claimed count of values against
 * the bytes that could hold them before reading any. A type met again inside itself counts 0 there
 * (a lower bound is all that is needed).
 */
export function minSize(t: AvroType, memo = new Map<AvroType, number>()): number {
  const known = memo.get(t);
  if (known !== undefined) return known;
  memo.set(t, 0);
  let n: number;
  switch (t.kind) {
    case 'null':
      n = 0;
      break;
    case 'float':
      n = 4;
      break;
    case 'double':
      n = 8;
      break;
    case 'fixed':
      n = t.size;
      break;
    case 'record':
      n = t.fields.reduce((a, f) => a + minSize(f.type, memo), 0);
      break;
    default:
      // A varint, a length, an index, or a block count: one byte at least.
      n = 1;
  }
  memo.set(t, n);
  return n;
}
