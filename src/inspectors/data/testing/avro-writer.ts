import { zstdStored } from '../../../core/testing/zstd-stored.js';
import { deflateRawSync, crc32 } from 'node:zlib';
import { parseAvroSchema, type AvroType } from '../readers/avro-schema.js';

/**
 * A small Avro object container file writer for tests and the bench (fixtures are written by code,
 * never committed): the binary encoding of every type, blocks of a chosen number of records, the
 * codecs `null`, `deflate`, `snappy` (literal-only Snappy, which every decoder reads) and
 * `zstandard` (raw zstd blocks, with or without the frame's content size). A union's value is
 * written in its first branch that fits it (`null` for null/undefined), or as `{ branch, value }`.
 * `avroHeader` and `avroBlock` write a file piece by piece (a stream too large to hold: a bomb).
 */

export type AvroWriteCodec = 'null' | 'deflate' | 'snappy' | 'zstandard' | 'zstandard-unsized' | 'bzip2' | 'lzo';

export interface AvroWriteOptions {
  codec?: AvroWriteCodec;
  /** Records per block (default 100). */
  blockRecords?: number;
  /** Arrays and maps as blocks with negative counts and byte sizes (as Java writes them when buffering). */
  sizedBlocks?: boolean;
  sync?: Uint8Array;
}

export function zigzag(n: number | bigint): number[] {
  let v = BigInt(n);
  v = v < 0n ? (-v << 1n) - 1n : v << 1n;
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const te = new TextEncoder();

/** A growing byte buffer (the bench writes tens of MB through it). */
class Out {
  private buf = new Uint8Array(256);
  private n = 0;
  bytes(b: Uint8Array | number[]): void {
    if (this.n + b.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.n + b.length));
      grown.set(this.buf.subarray(0, this.n));
      this.buf = grown;
    }
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  long(n: number | bigint): void {
    this.bytes(zigzag(n));
  }
  sized(b: Uint8Array): void {
    this.long(b.length);
    this.bytes(b);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

function fits(t: AvroType, v: unknown): boolean {
  switch (t.kind) {
    case 'null':
      return v === null || v === undefined;
    case 'boolean':
      return typeof v === 'boolean';
    case 'int':
    case 'long':
      return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
    case 'float':
    case 'double':
      return typeof v === 'number';
    case 'string':
    case 'enum':
      return typeof v === 'string';
    case 'bytes':
    case 'fixed':
      return v instanceof Uint8Array;
    case 'array':
      return Array.isArray(v);
    default:
      return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

function encode(t: AvroType, v: unknown, o: Out, opts: AvroWriteOptions): void {
  switch (t.kind) {
    case 'null':
      return;
    case 'boolean':
      return o.bytes([v ? 1 : 0]);
    case 'int':
    case 'long':
      return o.long(v as number | bigint);
    case 'float': {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setFloat32(0, v as number, true);
      return o.bytes(b);
    }
    case 'double': {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v as number, true);
      return o.bytes(b);
    }
    case 'string':
      return o.sized(te.encode(v as string));
    case 'bytes':
      return o.sized(typeof v === 'string' ? te.encode(v) : (v as Uint8Array));
    case 'fixed':
      return o.bytes(v as Uint8Array);
    case 'enum':
      return o.long(t.symbols.indexOf(v as string));
    case 'union': {
      const explicit = v && typeof v === 'object' && 'branch' in v ? (v as { branch: number; value: unknown }) : undefined;
      const i = explicit ? explicit.branch : t.branches.findIndex((b) => fits(b, v));
      if (i < 0) throw new Error(`no union branch for ${String(v)}`);
      o.long(i);
      return encode(t.branches[i]!, explicit ? explicit.value : v, o, opts);
    }
    case 'record':
      for (const f of t.fields) encode(f.type, (v as Record<string, unknown>)[f.name], o, opts);
      return;
    case 'array':
    case 'map': {
      const entries = t.kind === 'array' ? (v as unknown[]).map((x) => [undefined, x] as const) : Object.entries(v as Record<string, unknown>);
      if (entries.length) {
        const body = new Out();
        for (const [k, x] of entries) {
          if (k !== undefined) body.sized(te.encode(k));
          encode(t.kind === 'array' ? t.items : t.values, x, body, opts);
        }
        const b = body.done();
        if (opts.sizedBlocks) {
          o.long(-entries.length);
          o.long(b.length);
        } else o.long(entries.length);
        o.bytes(b);
      }
      return o.long(0);
    }
  }
}

/** Literal-only Snappy (its length, then literals of up to 60 bytes each), and the block's CRC-32. */
function snappy(b: Uint8Array): Uint8Array {
  const o = new Out();
  let n = b.length;
  while (n >= 0x80) {
    o.bytes([(n & 0x7f) | 0x80]);
    n = Math.floor(n / 128);
  }
  o.bytes([n]);
  for (let i = 0; i < b.length; i += 60) {
    const chunk = b.subarray(i, i + 60);
    o.bytes([(chunk.length - 1) << 2]);
    o.bytes(chunk);
  }
  const crc = crc32(b);
  o.bytes([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
  return o.done();
}


function compress(codec: AvroWriteCodec, b: Uint8Array): Uint8Array {
  switch (codec) {
    case 'deflate':
      return deflateRawSync(b);
    case 'snappy':
      return snappy(b);
    case 'zstandard':
    case 'zstandard-unsized':
      return zstdStored(b, { contentSize: codec === 'zstandard' });
    default:
      return b;
  }
}

/** Encodes one value of `schema` (JSON text or object) in Avro's binary encoding. */
export function avroValue(schema: unknown, v: unknown, opts: AvroWriteOptions = {}): Uint8Array {
  const o = new Out();
  encode(parseAvroSchema(typeof schema === 'string' ? schema : JSON.stringify(schema)), v, o, opts);
  return o.done();
}

const DEFAULT_SYNC = Uint8Array.from({ length: 16 }, (_, i) => (i * 29 + 7) & 0xff);

/** An object container file's header: magic, `avro.schema` and `avro.codec`, the sync marker. */
export function avroHeader(schema: unknown, opts: AvroWriteOptions = {}): Uint8Array {
  const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
  const codec = opts.codec ?? 'null';
  const o = new Out();
  o.bytes(te.encode('Obj\x01'));
  o.long(2);
  o.sized(te.encode('avro.schema'));
  o.sized(te.encode(text));
  o.sized(te.encode('avro.codec'));
  o.sized(te.encode(codec === 'zstandard-unsized' ? 'zstandard' : codec));
  o.long(0);
  o.bytes(opts.sync ?? DEFAULT_SYNC);
  return o.done();
}

/** One block holding `records` (all of them: `blockRecords` is not looked at), its sync marker after it. */
export function avroBlock(schema: unknown, records: readonly unknown[], opts: AvroWriteOptions = {}): Uint8Array {
  return blockOf(parseAvroSchema(typeof schema === 'string' ? schema : JSON.stringify(schema)), records, opts);
}

function blockOf(t: AvroType, records: readonly unknown[], opts: AvroWriteOptions): Uint8Array {
  const body = new Out();
  for (const r of records) encode(t, r, body, opts);
  const data = compress(opts.codec ?? 'null', body.done());
  const o = new Out();
  o.long(records.length);
  o.long(data.length);
  o.bytes(data);
  o.bytes(opts.sync ?? DEFAULT_SYNC);
  return o.done();
}

/** An object container file holding `records`, in blocks of `blockRecords`. */
export function avroFile(schema: unknown, records: readonly unknown[], opts: AvroWriteOptions = {}): Uint8Array {
  const t = parseAvroSchema(typeof schema === 'string' ? schema : JSON.stringify(schema));
  const o = new Out();
  o.bytes(avroHeader(schema, opts));
  const per = opts.blockRecords ?? 100;
  for (let i = 0; i < records.length; i += per) o.bytes(blockOf(t, records.slice(i, i + per), opts));
  return o.done();
}
