import type { Properties } from '../../core/index.js';

/** GGUF metadata value types (ggml's gguf_type). */
const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

/** The keys worth surfacing in an inventory; everything else in the header is skipped over. */
const WANTED = new Set(['general.architecture', 'general.name', 'general.license', 'general.file_type', 'general.quantization_version', 'general.basename', 'general.size_label']);

class OutOfBytes extends Error {}

/**
 * Reads the GGUF header (version, tensor and key counts) and the `general.*` keys that come first in
 * practice, from a bounded prefix of the file. Stops quietly when the prefix runs out (the big
 * tokenizer arrays come later), so a multi-GB model costs one small read.
 */
export function parseGgufHeader(buf: Buffer): Properties | undefined {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== 'GGUF') return undefined;
  const version = buf.readUInt32LE(4);
  const props: Properties = { ggufVersion: version };
  let p = 8;
  const need = (n: number) => {
    if (p + n > buf.length) throw new OutOfBytes();
  };
  const u64 = () => {
    need(8);
    const v = buf.readBigUInt64LE(p);
    p += 8;
    return v;
  };
  const count = () => (version === 1 ? (need(4), (p += 4), buf.readUInt32LE(p - 4)) : Number(u64()));
  const str = () => {
    const len = count();
    if (len > 1 << 20) throw new OutOfBytes();
    need(len);
    const s = buf.toString('utf8', p, p + len);
    p += len;
    return s;
  };
  const scalar = (type: number): string | number | boolean | undefined => {
    if (type === STRING) return str();
    const size = FIXED_SIZE[type];
    if (size === undefined) throw new OutOfBytes();
    need(size);
    const at = p;
    p += size;
    switch (type) {
      case 0: return buf.readUInt8(at);
      case 1: return buf.readInt8(at);
      case 2: return buf.readUInt16LE(at);
      case 3: return buf.readInt16LE(at);
      case 4: return buf.readUInt32LE(at);
      case 5: return buf.readInt32LE(at);
      case 6: return buf.readFloatLE(at);
      case 7: return buf.readUInt8(at) !== 0;
      case 10: return Number(buf.readBigUInt64LE(at));
      case 11: return Number(buf.readBigInt64LE(at));
      case 12: return buf.readDoubleLE(at);
      default: return undefined;
    }
  };
  try {
    props.tensorCount = count();
    const kvCount = count();
    props.metadataKeys = kvCount;
    for (let i = 0; i < kvCount && i < 100_000; i++) {
      const key = str();
      need(4);
      const type = buf.readUInt32LE(p);
      p += 4;
      if (type === ARRAY) {
        need(4);
        const itemType = buf.readUInt32LE(p);
        p += 4;
        const n = count();
        if (itemType !== STRING && FIXED_SIZE[itemType] !== undefined) {
          need(n * FIXED_SIZE[itemType]!);
          p += n * FIXED_SIZE[itemType]!;
        } else for (let j = 0; j < n; j++) scalar(itemType);
        continue;
      }
      const v = scalar(type);
      if (WANTED.has(key) && v !== undefined) props[key.replace(/^general\./, '')] = v;
      else if (key.endsWith('.context_length') && typeof v === 'number') props.contextLength = v;
    }
  } catch (e) {
    if (!(e instanceof OutOfBytes)) throw e;
    props.headerTruncated = true;
  }
  return props;
}
