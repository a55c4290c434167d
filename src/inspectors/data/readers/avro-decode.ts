import { decimalText } from './parquet.js';
import { MAX_DEPTH, MAX_LEAVES } from './json-paths.js';
import { minSize, type AvroField, type AvroLogical, type AvroType } from './avro-schema.js';

/**
 * Avro's binary encoding (spec §"Binary Encoding") of one value of a schema, into plain data that
 * `leaves` flattens as it does Parquet's rows: records and maps become objects (`person.contact.email`,
 * `meta.ssn`), arrays arrays (`tags[1]`), a union its branch's value, an enum its symbol, bytes
 * stay bytes (kept when they are text), dates and timestamps dates, decimals exact text, longs past
 * 2^53 bigints. Every length and count is checked against the bytes left in the block before it is
 * used; nesting stops at MAX_DEPTH (a record may contain itself); past MAX_LEAVES values in a row
 * the rest is walked but not kept.
 */

const utf8 = new TextDecoder('utf-8');
const DAY_MS = 86_400_000;
/**
 * Array items and map entries kept in a row, values or not: an array of a quarter of a billion
 * one-byte nulls (a 256 MiB block) must not become an array of that length.
 */
const MAX_ITEMS = 4 * MAX_LEAVES;

export class AvroDecoder {
  pos = 0;
  /** Values kept in the current row (see `row`), and array items and map entries. */
  private kept = 0;
  private items = 0;
  private readonly sizes = new Map<AvroType, number>();
  /** Each record's fields that take any bytes (see `fieldsRead`). */
  private readonly read = new Map<AvroType, AvroField[]>();

  constructor(
    private buf: Uint8Array,
    private end = buf.length,
  ) {}

  /** Reads from `buf` (a decompressed block) afresh. */
  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.pos = 0;
    this.end = buf.length;
  }

  get left(): number {
    return this.end - this.pos;
  }

  /** One top-level value (a row). */
  row(t: AvroType): unknown {
    this.kept = 0;
    this.items = 0;
    return this.value(t, 0);
  }

  /** The fewest bytes a value of `t` takes (memoised per schema node). */
  min(t: AvroType): number {
    return minSize(t, this.sizes);
  }

  /** A zigzag varint (int or long): a number, or a bigint past 2^53. */
  long(): number | bigint {
    const { buf, end } = this;
    // Lengths, union branches, enum symbols and small numbers: one byte.
    if (this.pos < end && buf[this.pos]! < 0x80) {
      const b = buf[this.pos++]!;
      return b & 1 ? -(b + 1) / 2 : b / 2;
    }
    // Up to 49 bits in a double, exactly; past that the rest goes through a bigint.
    let v = 0;
    for (let i = 0, mul = 1; i < 7; i++, mul *= 128) {
      if (this.pos >= end) throw new Error('a number runs past the block');
      const b = buf[this.pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v % 2 ? -(v + 1) / 2 : v / 2;
    }
    return this.bigLong(BigInt(v), 7);
  }

  /** The rest of a varint past 49 bits, exact. */
  private bigLong(low: bigint, from: number): number | bigint {
    let v = low;
    let shift = BigInt(7 * from);
    for (let i = from; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('a number runs past the block');
      const b = this.buf[this.pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        v &= (1n << 64n) - 1n;
        const n = v & 1n ? -((v + 1n) >> 1n) : v >> 1n;
        return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
      }
      shift += 7n;
    }
    throw new Error('a number is longer than 10 bytes');
  }

  /** A non-negative length or count that fits what is left of the block at `each` bytes apiece. */
  count(what: string, each: number): number {
    const n = this.long();
    if (n < 0) throw new Error(`${what} has a negative length (${n})`);
    if (typeof n !== 'number' || n * each > this.left) throw new Error(`${what} of ${n} ${each === 1 ? 'bytes' : 'values'} runs past the block (${this.left} bytes left)`);
    return n;
  }

  private bytes(n: number): Uint8Array {
    if (n > this.left) throw new Error(`a value of ${n} bytes runs past the block (${this.left} bytes left)`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Counts a kept value; false once the row holds MAX_LEAVES (the value is then walked, not kept). */
  private keep(): boolean {
    return this.kept++ < MAX_LEAVES;
  }

  value(t: AvroType, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new Error(`a value nested deeper than ${MAX_DEPTH} levels`);
    switch (t.kind) {
      case 'null':
        return undefined;
      case 'boolean':
        return this.bytes(1)[0] !== 0;
      case 'int':
      case 'long': {
        const v = this.long();
        if (!this.keep()) return undefined;
        return t.logical ? logicalNumber(v, t.logical) : v;
      }
      case 'float': {
        const b = this.bytes(4);
        return this.keep() ? new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true) : undefined;
      }
      case 'double': {
        const b = this.bytes(8);
        return this.keep() ? new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true) : undefined;
      }
      case 'string': {
        const b = this.bytes(this.count('a string', 1));
        return this.keep() ? utf8.decode(b) : undefined;
      }
      case 'bytes': {
        const b = this.bytes(this.count('a bytes value', 1));
        return !this.keep() ? undefined : t.logical?.type === 'decimal' ? decimalText(b, t.logical.scale) : b;
      }
      case 'fixed': {
        const b = this.bytes(t.size);
        if (!this.keep()) return undefined;
        if (t.logical?.type === 'decimal') return decimalText(b, t.logical.scale);
        if (t.logical?.type === 'uuid') return uuidText(b);
        return t.logical?.type === 'duration' ? undefined : b;
      }
      case 'enum': {
        const i = this.long();
        const s = typeof i === 'number' ? t.symbols[i] : undefined;
        if (s === undefined) throw new Error(`enum ${t.name} has no symbol ${i}`);
        return this.keep() ? s : undefined;
      }
      case 'union': {
        const i = this.long();
        const b = typeof i === 'number' ? t.branches[i] : undefined;
        if (!b) throw new Error(`a union index ${i} out of its ${t.branches.length} branches`);
        return this.value(b, depth + 1);
      }
      case 'record': {
        const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        for (const f of this.fieldsRead(t, t.fields)) {
          const v = this.value(f.type, depth + 1);
          if (v !== undefined) o[f.name] = v;
        }
        return o;
      }
      case 'array':
        return this.array(t.items, depth);
      case 'map':
        return this.map(t.values, depth);
    }
  }

  /**
   * A record's fields but those of no bytes (nulls): they hold nothing, and walking them would let
   * a schema of 10,000 null fields and one int spend 10,000 steps on every byte of the block.
   */
  private fieldsRead(t: AvroType, fields: AvroField[]): AvroField[] {
    let fs = this.read.get(t);
    if (!fs) this.read.set(t, (fs = fields.filter((f) => this.min(f.type) > 0)));
    return fs;
  }

  /** Array blocks: a count (negative: its absolute value, then the block's byte size), items; 0 ends. */
  private array(items: AvroType, depth: number): unknown[] {
    const out: unknown[] = [];
    const each = this.min(items);
    for (;;) {
      const n = this.blockCount(each);
      if (!n) return out;
      // Items of no bytes (nulls) hold nothing: not walked one by one.
      if (!each) continue;
      for (let i = 0; i < n; i++) {
        const v = this.value(items, depth + 1);
        if (this.kept <= MAX_LEAVES && this.items++ < MAX_ITEMS) out.push(v);
      }
    }
  }

  private map(values: AvroType, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const each = 1 + this.min(values);
    for (;;) {
      const n = this.blockCount(each);
      if (!n) return out;
      for (let i = 0; i < n; i++) {
        const key = this.bytes(this.count('a map key', 1));
        const k = this.items < MAX_ITEMS ? utf8.decode(key) : '';
        const v = this.value(values, depth + 1);
        if (v !== undefined && this.kept <= MAX_LEAVES && this.items++ < MAX_ITEMS) out[k] = v;
      }
    }
  }

  private blockCount(each: number): number {
    const raw = this.long();
    if (typeof raw !== 'number') throw new Error(`an array or map block of ${raw} items runs past the block`);
    let n = raw;
    if (n < 0) {
      n = -n;
      const size = this.long();
      if (size < 0) throw new Error(`an array or map block has a negative size (${size})`);
      if (typeof size !== 'number' || size > this.left) throw new Error(`an array or map block of ${size} bytes runs past the block (${this.left} bytes left)`);
    }
    if (n * each > this.left) throw new Error(`an array or map block of ${n} items runs past the block (${this.left} bytes left)`);
    return n;
  }
}

/** An int or long under a logical type: dates and timestamps as dates, times of day as `HH:MM:SS.sss`. */
function logicalNumber(v: number | bigint, l: AvroLogical): unknown {
  const n = Number(v);
  switch (l.type) {
    case 'date':
      return new Date(n * DAY_MS);
    case 'timestamp-millis':
      return new Date(n);
    case 'timestamp-micros':
      return new Date(Math.floor(n / 1000));
    case 'timestamp-nanos':
      return new Date(Math.floor(n / 1e6));
    case 'time-millis':
    case 'time-micros': {
      const ms = l.type === 'time-micros' ? Math.floor(n / 1000) : n;
      return ms >= 0 && ms < DAY_MS ? new Date(ms).toISOString().slice(11, 23) : v;
    }
    default:
      return v;
  }
}

/** A 16-byte UUID (the `uuid` logical type on `fixed`, Avro 1.12) in its usual text form. */
function uuidText(b: Uint8Array): string {
  const h = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
