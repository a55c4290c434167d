/**
 * FastLanes bit-unpacking, the layout Lance 2.1 packs integers in (its `fastlanes` crate): 1024
 * values of a T-bit type packed W bits each into `1024·W/T` T-bit words, lane by lane
 * (`1024 / T` lanes), rows of each lane in FastLanes' order.
 */

const FL_ORDER = [0, 4, 2, 6, 1, 5, 3, 7];
export const FL_BLOCK = 1024;

/** Where row `row` of lane `lane` sits among the 1024 values. */
function index(row: number, lane: number): number {
  return FL_ORDER[row >> 3]! * 16 + (row & 7) * 128 + lane;
}

/** The T-bit words at `data[at…]` (little-endian), `count` of them; throws past the buffer. */
function words(data: Uint8Array, at: number, count: number, t: number): (number | bigint)[] {
  const bytes = t / 8;
  if (at + count * bytes > data.length) throw new Error(`bit-packed block of ${count} ${t}-bit words past its ${data.length}-byte buffer`);
  const dv = new DataView(data.buffer, data.byteOffset + at, count * bytes);
  const out = new Array<number | bigint>(count);
  for (let i = 0; i < count; i++) out[i] = t === 8 ? dv.getUint8(i) : t === 16 ? dv.getUint16(i * 2, true) : t === 32 ? dv.getUint32(i * 4, true) : dv.getBigUint64(i * 8, true);
  return out;
}

/** Unpacks one 1024-value block of `w`-bit values of a `t`-bit type starting at `data[at]`; returns the values (numbers, bigints for t = 64). */
export function unpackBlock(data: Uint8Array, at: number, t: number, w: number): (number | bigint)[] {
  if (![8, 16, 32, 64].includes(t)) throw new Error(`bit-packing of ${t}-bit values`);
  if (!Number.isInteger(w) || w < 0 || w > t) throw new Error(`bit width ${w} for ${t}-bit values`);
  const lanes = FL_BLOCK / t;
  const out = new Array<number | bigint>(FL_BLOCK).fill(t === 64 ? 0n : 0);
  if (w === 0) return out;
  const packed = words(data, at, lanes * w, t);
  if (t === 64) {
    const mask = (1n << BigInt(w)) - 1n;
    for (let lane = 0; lane < lanes; lane++) {
      for (let row = 0; row < t; row++) {
        const bit = row * w;
        const word = Math.floor(bit / t);
        const shift = bit % t;
        let v = (packed[lanes * word + lane] as bigint) >> BigInt(shift);
        if (shift + w > t) v |= (packed[lanes * (word + 1) + lane] as bigint) << BigInt(t - shift);
        out[index(row, lane)] = v & mask;
      }
    }
    return out;
  }
  const mask = w === 32 ? 0xffffffff : (1 << w) - 1;
  for (let lane = 0; lane < lanes; lane++) {
    for (let row = 0; row < t; row++) {
      const bit = row * w;
      const word = Math.floor(bit / t);
      const shift = bit % t;
      let v = (packed[lanes * word + lane] as number) >>> shift;
      if (shift + w > t) v |= (packed[lanes * (word + 1) + lane] as number) << (t - shift);
      out[index(row, lane)] = (v & mask) >>> 0;
    }
  }
  return out;
}

/** Bytes one packed block takes. */
export function blockBytes(w: number): number {
  return (FL_BLOCK * w) / 8;
}
