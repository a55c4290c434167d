/**
 * A bounded protobuf wire-format walker for the formats whose metadata is protobuf (Milvus Lite's
 * entities, Lance's column metadata and encodings): fields of a message in a byte range, each
 * length-delimited payload checked against its message's end. Throws on a malformed message.
 */

/** One field of a message. */
export interface PbField {
  no: number;
  wire: number;
  /** The payload of a length-delimited field; empty (start = end) for the others. */
  start: number;
  end: number;
  /** The value of a varint field (up to 2^53); 0 for the others. */
  value: number;
}

/** The fields of a protobuf message in `blob[start, end)`; throws on a malformed one. */
export function* pbFields(blob: Uint8Array, start = 0, end = blob.length): Generator<PbField> {
  if (end > blob.length || start > end) throw new Error('protobuf message past its buffer');
  let at = start;
  while (at < end) {
    const [key, afterKey] = pbVarint(blob, at, end);
    const wire = key % 8;
    const no = Math.floor(key / 8);
    at = afterKey;
    if (wire === 2) {
      const [len, payload] = pbVarint(blob, at, end);
      if (payload + len > end) throw new Error('protobuf length past the message');
      yield { no, wire, start: payload, end: payload + len, value: 0 };
      at = payload + len;
      continue;
    }
    let value = 0;
    if (wire === 0) [value, at] = pbVarint(blob, at, end);
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`protobuf wire type ${wire}`);
    if (at > end) throw new Error('protobuf field past the message');
    yield { no, wire, start: at, end: at, value };
  }
}

/** A varint at `at` (up to 2^53; larger ones lose precision, a 10-byte -1 included): its value and the offset after it. */
export function pbVarint(blob: Uint8Array, at: number, end: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at >= end) throw new Error('protobuf varint past the message');
    const b = blob[at++]!;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [value, at];
    scale *= 128;
  }
  throw new Error('protobuf varint too long');
}

/** A repeated varint field's values, packed (one length-delimited field) or not. */
export function pbPacked(blob: Uint8Array, f: PbField, out: number[]): void {
  if (f.wire === 0) {
    out.push(f.value);
    return;
  }
  if (f.wire !== 2) return;
  for (let at = f.start; at < f.end; ) {
    const [v, next] = pbVarint(blob, at, f.end);
    out.push(v);
    at = next;
  }
}

/** The first length-delimited field `no` of a message, as its payload range; undefined when absent. */
export function pbSub(blob: Uint8Array, start: number, end: number, no: number): PbField | undefined {
  for (const f of pbFields(blob, start, end)) if (f.no === no && f.wire === 2) return f;
  return undefined;
}

/** The first varint field `no` of a message; `fallback` when absent. */
export function pbNumber(blob: Uint8Array, start: number, end: number, no: number, fallback = 0): number {
  for (const f of pbFields(blob, start, end)) if (f.no === no && f.wire === 0) return f.value;
  return fallback;
}
