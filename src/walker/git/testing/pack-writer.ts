import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** One hand-made pack entry: a whole object, or a delta on another entry (by index) or an id. */
export interface CraftedEntry {
  /** The id the idx will list it under (any 40 hex: crafted packs need not be honest). */
  id: string;
  type: 'commit' | 'tree' | 'blob' | 'tag' | 'ofs-delta' | 'ref-delta';
  data: Buffer;
  /** ofs-delta: index of an earlier entry. */
  base?: number;
  /** ref-delta: base id. */
  baseId?: string;
  /** Size written in the header instead of data.length (to lie about it). */
  declaredSize?: number;
}

const TYPE_NO = { commit: 1, tree: 2, blob: 3, tag: 4, 'ofs-delta': 6, 'ref-delta': 7 } as const;

function entryHeader(type: number, size: number): Buffer {
  const out = [];
  let c = (type << 4) | (size % 16);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    out.push(c | 0x80);
    c = rest % 128;
    rest = Math.floor(rest / 128);
  }
  out.push(c);
  return Buffer.from(out);
}

function ofsBytes(rel: number): Buffer {
  const out = [rel & 0x7f];
  let n = rel >>> 7;
  while (n > 0) {
    n -= 1;
    out.unshift(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  return Buffer.from(out);
}

/** Test-only: writes a version 2 pack and its version 2 idx from crafted entries. */
export function craftPack(entries: CraftedEntry[]): { pack: Buffer; idx: Buffer } {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12);
  head.write('PACK', 0, 'latin1');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(entries.length, 8);
  parts.push(head);
  let offset = 12;
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(offset);
    const bits = [entryHeader(TYPE_NO[e.type], e.declaredSize ?? e.data.length)];
    if (e.type === 'ofs-delta') bits.push(ofsBytes(offset - offsets[e.base!]!));
    if (e.type === 'ref-delta') bits.push(Buffer.from(e.baseId!, 'hex'));
    bits.push(deflateSync(e.data));
    const buf = Buffer.concat(bits);
    parts.push(buf);
    offset += buf.length;
  }
  const body = Buffer.concat(parts);
  const packSum = createHash('sha1').update(body).digest();
  const pack = Buffer.concat([body, packSum]);

  const order = entries.map((e, i) => ({ id: Buffer.from(e.id, 'hex'), offset: offsets[i]! })).sort((a, b) => a.id.compare(b.id));
  const fan = Buffer.alloc(1024);
  for (let b = 0; b < 256; b++) fan.writeUInt32BE(order.filter((o) => o.id[0]! <= b).length, b * 4);
  const ids = Buffer.concat(order.map((o) => o.id));
  const crcs = Buffer.alloc(order.length * 4);
  const offs = Buffer.alloc(order.length * 4);
  order.forEach((o, i) => offs.writeUInt32BE(o.offset, i * 4));
  const idxBody = Buffer.concat([Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]), fan, ids, crcs, offs, packSum]);
  const idx = Buffer.concat([idxBody, createHash('sha1').update(idxBody).digest()]);
  return { pack, idx };
}

/** Test-only: a git delta from raw instructions after the two size varints. */
export function craftDelta(baseSize: number, targetSize: number, ops: number[]): Buffer {
  const varint = (n: number) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      out.push(b);
    } while (n > 0);
    return out;
  };
  return Buffer.from([...varint(baseSize), ...varint(targetSize), ...ops]);
}
