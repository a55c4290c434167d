/**
 * One LZ4 block (the block format: tokens of literals and back references) into `out` from `at`;
 * returns the end of what it wrote. Back references reach no further than `windowStart` (the
 * block's own start unless blocks are linked, as in an LZ4 frame's default mode). Every read and
 * write is bounds-checked.
 */
export function lz4Block(input: Uint8Array, out: Uint8Array, at: number, windowStart = at): number {
  let o = at;
  let i = 0;
  const bad = (what: string) => new Error(`LZ4 block is corrupt (${what})`);
  while (i < input.length) {
    const token = input[i++]!;
    let lit = token >> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (i >= input.length) throw bad('literal length runs past the input');
        b = input[i++]!;
        lit += b;
      } while (b === 255);
    }
    if (i + lit > input.length) throw bad('literals run past the input');
    if (o + lit > out.length) throw bad('output past the size its header claims');
    out.set(input.subarray(i, i + lit), o);
    i += lit;
    o += lit;
    if (i === input.length) return o; // the last sequence has literals only
    if (i + 2 > input.length) throw bad('offset runs past the input');
    const offset = input[i]! | (input[i + 1]! << 8);
    i += 2;
    if (offset === 0 || offset > o - windowStart) throw bad(`offset ${offset} out of range`);
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (i >= input.length) throw bad('match length runs past the input');
        b = input[i++]!;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (o + len > out.length) throw bad('output past the size its header claims');
    if (offset >= len) out.copyWithin(o, o - offset, o - offset + len);
    else for (let k = 0; k < len; k++) out[o + k] = out[o - offset + k]!;
    o += len;
  }
  return o;
}
