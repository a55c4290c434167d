/**
 * A byte-exact pickle writer for tests, benches and the example estate: opcodes are emitted as
 * CPython's pickler would (or as an attacker would hand-craft them). Nothing here imports or runs
 * Python; malicious fixtures exist only as bytes generated at test time.
 */
export class PickleWriter {
  private buf = new Uint8Array(1024);
  private size = 0;

  raw(b: Uint8Array | number[]): this {
    const n = b.length;
    if (this.size + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.size + n));
      next.set(this.buf.subarray(0, this.size));
      this.buf = next;
    }
    if (b instanceof Uint8Array) this.buf.set(b, this.size);
    else for (let i = 0; i < n; i++) this.buf[this.size + i] = b[i]!;
    this.size += n;
    return this;
  }

  op(code: number | string): this {
    return this.raw([typeof code === 'string' ? code.charCodeAt(0) : code]);
  }

  private u32(n: number): number[] {
    return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  }

  private u64(n: number): number[] {
    return [...this.u32(n % 0x100000000), ...this.u32(Math.floor(n / 0x100000000))];
  }

  proto(v: number): this {
    return this.raw([0x80, v]);
  }

  frame(len: number): this {
    return this.raw([0x95, ...this.u64(len)]);
  }

  text(s: string): this {
    return this.raw(new TextEncoder().encode(s));
  }

  /** GLOBAL `c module\nname\n` (protocols 0–3). */
  global(module: string, name: string): this {
    return this.op('c').text(`${module}\n${name}\n`);
  }

  /** INST: `i module\nname\n` after a MARK and the arguments. */
  inst(module: string, name: string): this {
    return this.op('i').text(`${module}\n${name}\n`);
  }

  /** A str with the shortest binary opcode (SHORT_BINUNICODE / BINUNICODE). */
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    if (b.length < 256) return this.raw([0x8c, b.length]).raw(b);
    return this.raw([0x58, ...this.u32(b.length)]).raw(b);
  }

  /** BINUNICODE (protocol 1+) even for short strings. */
  binunicode(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.raw([0x58, ...this.u32(b.length)]).raw(b);
  }

  /** SHORT_BINSTRING: py2 str, decoded to str by Python 3. */
  shortBinstring(s: string): this {
    return this.raw([0x55, s.length]).text(s);
  }

  /** Protocol 0 STRING with repr quoting. */
  string0(s: string): this {
    return this.op('S').text(`'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'\n`);
  }

  /** Protocol 0 UNICODE (raw-unicode-escape). */
  unicode0(s: string): this {
    return this.op('V').text(`${s}\n`);
  }

  bytes(b: Uint8Array): this {
    if (b.length < 256) return this.raw([0x43, b.length]).raw(b);
    return this.raw([0x42, ...this.u32(b.length)]).raw(b);
  }

  /** BINBYTES8 header only: the payload is written (or left sparse) by the caller. */
  bytes8Header(len: number): this {
    return this.raw([0x8e, ...this.u64(len)]);
  }

  int(n: number): this {
    if (n >= 0 && n < 256) return this.raw([0x4b, n]);
    if (n >= 0 && n < 65536) return this.raw([0x4d, n & 0xff, n >> 8]);
    return this.raw([0x4a, ...this.u32(n)]);
  }

  /** LONG1 from a bigint (little-endian two's complement). */
  long1(v: bigint): this {
    const out: number[] = [];
    let x = v;
    while (x !== 0n && x !== -1n) {
      out.push(Number(x & 0xffn));
      x >>= 8n;
    }
    // A sign byte where the top byte's high bit says the wrong sign (-1 and -129 need 0xff; 0 and 128 need 0x00).
    if (v >= 0n ? out.length === 0 || out[out.length - 1]! & 0x80 : out.length === 0 || !(out[out.length - 1]! & 0x80)) out.push(v >= 0n ? 0 : 0xff);
    return this.raw([0x8a, out.length, ...out]);
  }

  float(): this {
    return this.raw([0x47, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
  }

  none(): this {
    return this.op('N');
  }

  bool(v: boolean): this {
    return this.op(v ? 0x88 : 0x89);
  }

  mark(): this {
    return this.op('(');
  }

  tuple(): this {
    return this.op('t');
  }

  tupleN(n: 0 | 1 | 2 | 3): this {
    return this.op(n === 0 ? 0x29 : 0x84 + n);
  }

  emptyList(): this {
    return this.op(']');
  }

  emptyDict(): this {
    return this.op('}');
  }

  appends(): this {
    return this.op('e');
  }

  setitems(): this {
    return this.op('u');
  }

  setitem(): this {
    return this.op('s');
  }

  reduce(): this {
    return this.op('R');
  }

  build(): this {
    return this.op('b');
  }

  newobj(): this {
    return this.op(0x81);
  }

  obj(): this {
    return this.op('o');
  }

  stackGlobal(): this {
    return this.op(0x93);
  }

  memoize(): this {
    return this.op(0x94);
  }

  binput(i: number): this {
    return this.raw([0x71, i]);
  }

  longBinput(i: number): this {
    return this.raw([0x72, ...this.u32(i)]);
  }

  /** BINPUT or LONG_BINPUT, as the pickler picks by index size. */
  put(i: number): this {
    return i < 256 ? this.binput(i) : this.longBinput(i);
  }

  /** BINGET or LONG_BINGET. */
  get(i: number): this {
    return i < 256 ? this.binget(i) : this.longBinget(i);
  }

  binget(i: number): this {
    return this.raw([0x68, i]);
  }

  longBinget(i: number): this {
    return this.raw([0x6a, ...this.u32(i)]);
  }

  binpersid(): this {
    return this.op('Q');
  }

  pop(): this {
    return this.op('0');
  }

  stop(): this {
    return this.op('.');
  }

  get length(): number {
    return this.size;
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.size);
  }
}

/** `module.name(*args)` with string arguments, via GLOBAL + TUPLE + REDUCE (protocol 2). */
export function callPickle(module: string, name: string, args: string[] = [], proto = 2): Uint8Array {
  const w = new PickleWriter().proto(proto).global(module, name).mark();
  for (const a of args) w.str(a);
  return w.tuple().reduce().stop().toBytes();
}

/** The same call written with STACK_GLOBAL (protocol 4 style, with MEMOIZE). */
export function stackGlobalCall(module: string, name: string, args: string[] = []): Uint8Array {
  const w = new PickleWriter().proto(4).str(module).memoize().str(name).memoize().stackGlobal().memoize().mark();
  for (const a of args) w.str(a);
  return w.tuple().reduce().memoize().stop().toBytes();
}

export interface FakeTensor {
  name: string;
  shape: number[];
  storage: string;
  /** Storage class, e.g. `FloatStorage`. */
  type?: string;
}

/**
 * The pickle `torch.save(model.state_dict())` writes into `archive/data.pkl`: an OrderedDict of
 * `_rebuild_tensor_v2(persistent storage, offset, size, stride, requires_grad, OrderedDict())`,
 * storages referenced by BINPERSID tuples ('storage', torch.FloatStorage, key, 'cpu', numel).
 */
export function torchStateDictPickle(tensors: FakeTensor[], extra?: (w: PickleWriter) => void): Uint8Array {
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').binput(0).tupleN(0).reduce().binput(1).mark();
  let memo = 2;
  let inBatch = 0;
  // The pickler memoises each global once and refers back to it with BINGET afterwards.
  const globals = new Map<string, number>([['collections.OrderedDict', 0]]);
  const global = (module: string, name: string) => {
    const key = `${module}.${name}`;
    const at = globals.get(key);
    if (at !== undefined) return w.get(at);
    globals.set(key, memo);
    return w.global(module, name).put(memo++);
  };
  for (const t of tensors) {
    // CPython's pickler batches SETITEMS every 1000 pairs (_BATCHSIZE).
    if (inBatch === 1000) {
      w.setitems().mark();
      inBatch = 0;
    }
    inBatch++;
    const numel = t.shape.reduce((a, b) => a * b, 1);
    w.str(t.name).put(memo++);
    global('torch._utils', '_rebuild_tensor_v2');
    w.mark();
    w.mark().str('storage');
    global('torch', t.type ?? 'FloatStorage');
    w.str(t.storage).str('cpu').int(numel).tuple().binpersid();
    w.int(0);
    w.mark();
    for (const d of t.shape) w.int(d);
    w.tuple();
    w.mark();
    let stride = 1;
    const strides: number[] = [];
    for (let i = t.shape.length - 1; i >= 0; i--) {
      strides.unshift(stride);
      stride *= t.shape[i]!;
    }
    for (const s of strides) w.int(s);
    w.tuple();
    w.bool(false);
    global('collections', 'OrderedDict');
    w.tupleN(0).reduce();
    w.tuple().reduce().put(memo++);
  }
  w.setitems();
  extra?.(w);
  return w.stop().toBytes();
}

/** The number legacy `torch.save` pickles first. */
export const TORCH_MAGIC = 0x1950a86a20f9469cfc6cn;
