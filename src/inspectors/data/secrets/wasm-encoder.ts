/**
 * Just enough of the WebAssembly binary format to write one module with i32 functions over one
 * memory: the prefilter's inner loop (prefilter-kernel.ts) is written with it. A typed array read
 * in JavaScript is bounds-checked and the loop's state spills around calls; compiled WebAssembly
 * keeps the loop in registers. Written here rather than taken from a toolchain (wabt, AssemblyScript)
 * because the kernel is a few dozen instructions and a build step for them would outweigh them.
 * Spec: https://webassembly.github.io/spec/core/binary/ (module, sections, instructions).
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  n |= 0;
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const I32 = 0x7f;
const EMPTY = 0x40;

/** i32 operators without immediates, by name. */
const OPS = {
  eqz: 0x45, eq: 0x46, ne: 0x47, lt_s: 0x48, lt_u: 0x49, gt_u: 0x4b, ge_u: 0x4f,
  add: 0x6a, sub: 0x6b, mul: 0x6c, and: 0x71, or: 0x72, xor: 0x73, shl: 0x74, shr_u: 0x76,
} as const;
export type I32Op = keyof typeof OPS;

/** A function body under construction: each method appends one instruction. */
export class Body {
  readonly code: number[] = [];

  get(local: number): this {
    return this.emit(0x20, ...uleb(local));
  }
  set(local: number): this {
    return this.emit(0x21, ...uleb(local));
  }
  tee(local: number): this {
    return this.emit(0x22, ...uleb(local));
  }
  i32(value: number): this {
    return this.emit(0x41, ...sleb(value));
  }
  op(name: I32Op): this {
    return this.emit(OPS[name]);
  }
  /** i32.load (4-byte aligned) at the address on the stack plus `offset`. */
  load(offset: number): this {
    return this.emit(0x28, 2, ...uleb(offset));
  }
  /** i32.load8_u at the address on the stack plus `offset`. */
  load8(offset: number): this {
    return this.emit(0x2d, 0, ...uleb(offset));
  }
  /** i32.store: address, then value, on the stack. */
  store(offset: number): this {
    return this.emit(0x36, 2, ...uleb(offset));
  }
  block(): this {
    return this.emit(0x02, EMPTY);
  }
  loop(): this {
    return this.emit(0x03, EMPTY);
  }
  if(): this {
    return this.emit(0x04, EMPTY);
  }
  end(): this {
    return this.emit(0x0b);
  }
  /** Branch to the `depth`-th enclosing block (0: innermost); a loop's label is its start. */
  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }
  return(): this {
    return this.emit(0x0f);
  }

  private emit(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
}

/** One exported function: its i32 parameter and extra local counts, one i32 result, and its body. */
export interface FunctionDef {
  name: string;
  params: number;
  locals: number;
  body: Body;
}

/** A module with one exported memory (`memory`, `pages` of 64 KiB, fixed) and the given functions. */
export function encodeModule(pages: number, functions: readonly FunctionDef[]): Uint8Array<ArrayBuffer> {
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
  const types = functions.map((f) => [0x60, ...uleb(f.params), ...Array<number>(f.params).fill(I32), 1, I32]);
  const exports = [[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])];
  const codes = functions.map((f) => {
    const locals = f.locals > 0 ? [1, ...uleb(f.locals), I32] : [0];
    const fn = [...locals, ...f.body.code, 0x0b];
    return [...uleb(fn.length), ...fn];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x01, ...uleb(pages), ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}
