import { binaryText, leaves, recordOf } from './json.js';
import { MAX_LEAVES } from './json-paths.js';
import { ChunkReader } from './chunk-reader.js';
import type { DataRow } from './types.js';

/**
 * TFRecord files (TensorFlow's training-data format; what TensorFlow Datasets writes its shards
 * in, `mnist-train.tfrecord-00000-of-00004`, often gzipped): a sequence of records, each an 8-byte
 * length, a checksum of the length, the data, a checksum of the data. The data is nearly always a
 * `tf.train.Example` protocol buffer — a map from feature names to lists of bytes, floats or
 * 64-bit integers — decoded here by hand (the schema is four small messages). Byte values that are
 * text become cells under their feature name (`caption`, `text[1]`); integers too (labels, ids);
 * floats (embeddings, pixels) and bytes that are not text (images, audio) are skipped. A record
 * that is not an Example is read as text when it is text. The length checksum (masked CRC-32C) is
 * verified, so a file that is not TFRecord, or is misaligned, stops with a message naming the
 * record and byte rather than reading garbage lengths.
 */

/** Largest record read (a whole image or audio clip can be a record). */
export const MAX_RECORD_BYTES = 256 << 20;

const CRC32C = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** TFRecord's masked CRC-32C (Castagnoli): rotated right by 15, plus a constant. */
export function maskedCrc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC32C[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  c = (c ^ 0xffffffff) >>> 0;
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** A protobuf reader over one message's bytes: varints, and fields by number and wire type. */
class Proto {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly end = buf.length,
  ) {}

  varint(): number {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('varint past the message');
      const b = this.buf[this.pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
    throw new Error('varint longer than 10 bytes');
  }

  /** The next field's number and wire type, or undefined at the end. */
  tag(): { field: number; wire: number } | undefined {
    if (this.pos >= this.end) return undefined;
    const t = this.varint();
    return { field: Math.floor(t / 8), wire: t & 7 };
  }

  /** A length-delimited field's bounds (after its tag). */
  span(): { start: number; end: number } {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) throw new Error('field past the message');
    this.pos = start + len;
    return { start, end: start + len };
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.span();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`wire type ${wire}`);
    if (this.pos > this.end) throw new Error('field past the message');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The values of one `tf.train.Feature`: its text bytes and integers, as strings. */
function featureValues(p: Proto, start: number, end: number): string[] {
  const out: string[] = [];
  const f = new Proto(p.buf, end);
  f.pos = start;
  for (let t = f.tag(); t; t = f.tag()) {
    if (t.wire !== 2 || (t.field !== 1 && t.field !== 3)) {
      f.skip(t.wire); // float_list (2) and anything unknown
      continue;
    }
    const list = f.span();
    const l = new Proto(p.buf, list.end);
    l.pos = list.start;
    for (let v = l.tag(); v && out.length < MAX_LEAVES; v = l.tag()) {
      if (t.field === 1 && v.field === 1 && v.wire === 2) {
        const s = l.span();
        const text = binaryText(p.buf.subarray(s.start, s.end));
        if (text !== undefined) out.push(text);
      } else if (t.field === 3 && v.field === 1 && v.wire === 2) {
        // Packed int64s.
        const s = l.span();
        const ints = new Proto(p.buf, s.end);
        ints.pos = s.start;
        while (ints.pos < s.end && out.length < MAX_LEAVES) out.push(String(ints.varint()));
      } else if (t.field === 3 && v.field === 1 && v.wire === 0) out.push(String(l.varint()));
      else l.skip(v.wire);
    }
  }
  return out;
}

/**
 * A `tf.train.Example` (field 1: Features; Features field 1: map entries of key 1 and Feature 2)
 * as feature name → values; undefined when the bytes are not one.
 */
export function exampleFeatures(buf: Uint8Array): Map<string, string[]> | undefined {
  try {
    const p = new Proto(buf);
    const out = new Map<string, string[]>();
    let saw = false;
    for (let t = p.tag(); t; t = p.tag()) {
      if (t.field !== 1 || t.wire !== 2) return undefined;
      saw = true;
      const features = p.span();
      const fs = new Proto(buf, features.end);
      fs.pos = features.start;
      for (let e = fs.tag(); e; e = fs.tag()) {
        if (e.field !== 1 || e.wire !== 2) {
          fs.skip(e.wire);
          continue;
        }
        const entry = fs.span();
        const en = new Proto(buf, entry.end);
        en.pos = entry.start;
        let key = '';
        let values: string[] = [];
        for (let k = en.tag(); k; k = en.tag()) {
          if (k.field === 1 && k.wire === 2) {
            const s = en.span();
            key = utf8.decode(buf.subarray(s.start, s.end));
          } else if (k.field === 2 && k.wire === 2) {
            const s = en.span();
            values = featureValues(en, s.start, s.end);
          } else en.skip(k.wire);
        }
        if (key) out.set(key, values);
      }
    }
    return saw ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the records of a TFRecord byte stream as rows, `maxRows` at most; `truncated` is set when it stops early. */
export async function* readTfRecord(chunks: AsyncIterable<Uint8Array>, status: { rows: number; truncated: boolean }, maxRows: number): AsyncGenerator<DataRow> {
  const r = new ChunkReader(chunks[Symbol.asyncIterator]());
  let offset = 0;
  for (let row = 1; ; row++) {
    const header = await r.read(12);
    if (header.length === 0) return;
    if (header.length < 12) throw new Error(`record ${row} at byte ${offset}: the file ends inside its header (truncated?)`);
    const view = new DataView(header.buffer);
    const len = Number(view.getBigUint64(0, true));
    if (maskedCrc32c(header.subarray(0, 8)) !== view.getUint32(8, true)) throw new Error(`record ${row} at byte ${offset}: length checksum mismatch (not TFRecord, or corrupt)`);
    if (len > MAX_RECORD_BYTES) throw new Error(`record ${row} at byte ${offset} declares ${len} bytes, over the ${MAX_RECORD_BYTES >> 20} MiB read per record; not read`);
    if (row > maxRows) {
      status.truncated = true;
      return;
    }
    const data = await r.read(len + 4);
    if (data.length < len + 4) throw new Error(`record ${row} at byte ${offset}: the file ends inside its ${len} bytes (truncated?)`);
    offset += 12 + len + 4;
    status.rows = row;
    const body = data.subarray(0, len);
    const features = exampleFeatures(body);
    const o: Record<string, unknown> = {};
    if (features) for (const [k, v] of features) o[k] = v.length === 1 ? v[0] : v;
    else {
      const text = binaryText(body);
      if (text !== undefined) o.record = text;
    }
    const ls = leaves(o, '', [], 0);
    if (ls.length) yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
  }
}
