import { classifyGlobal } from './policy.js';
import { torchscriptGlobal } from './torchscript-globals.js';
import { DEFAULT_VM_LIMITS, PickleError, type GlobalHit, type PickleEvidence, type PickleSignal, type VmLimits } from './evidence.js';
import { StreamReader } from '../io/stream-reader.js';
import { memorySource } from '../io/byte-source.js';
import { BOOL, EMPTY_TUPLE, int32, KEEP_ITEMS, KEEP_STRING, NONE, NUM, PERSID, SET, smallInt, tuple, type CallKeeps, type PVal } from './values.js';
import { joblibArrayAfterBuild } from './joblib-inline.js';
import { sharedIntTuple } from './int-tuples.js';
import { Memo, MEMO_MAX_KEY } from './memo.js';
import { decodeAscii, decodeUtf8, rawUnicodeEscape, unquote, utf8Value } from './strings.js';
import { CALL_CHECKS } from './call-checks.js';
import { pickleIntLine, pickleLongLine, pyLong } from '../../../core/pickle-int.js';
import { decodeLong, PICKLE_OPCODE_NAMES, uint53At } from '../../../core/pickle-opcodes.js';


/** Python's pickle, or the TorchScript archive unpickler (`torch.jit.load`). */
export type PickleDialect = 'python' | 'torchscript';

/**
 * Sees every tuple the machine builds, with all its items (`items[start..end)`), before a long
 * tuple's items are dropped (values.ts keeps 32). For readers of tuple-shaped data whose tables
 * outgrow that: a lite-interpreter `bytecode.pkl` (formats/torchscript-bytecode.ts).
 */
export interface TupleObserver {
  tuple(value: PVal, items: readonly PVal[], start: number, end: number): void;
}
export { DEFAULT_VM_LIMITS, newEvidence, PickleError, type GlobalHit, type PickleEvidence, type PickleSignal, type VmLimits } from './evidence.js';

/** Callees whose arguments a later step needs (dtype layouts, and the argument checks of call-checks.ts). */
const KEEP_ARGS = new Set(['numpy.dtype', ...CALL_CHECKS.keys()]);

/**
 * What a later step reads of a call to `name`: the arguments of a kept-argument callee (dtype
 * layouts for joblib arrays); the BUILD state of joblib's NumpyArrayWrapper (same test as at
 * BUILD); else nothing, and calls share one result (dropping arguments keeps a 200k-tensor
 * state_dict from holding every argument tuple).
 */
function callKeeps(name: string, resolved: string): CallKeeps {
  if (KEEP_ARGS.has(resolved)) return 'args';
  return name === 'NumpyArrayWrapper' ? 'state' : 'nothing';
}

const NESTED_LOADERS = /(^|\.)(loads|load|_loads|Unpickler)$/;

/** An int value; very large ones keep their exact bigint (the legacy torch magic number). */
function bigInt(v: bigint): PVal {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? { t: 'int', v: Number(v) } : { t: 'int', v: Number(v), big: v };
}

/**
 * A symbolic pickle machine: follows one pickle (to STOP) with a real stack, metastack and memo,
 * records every global it imports and every call, and never constructs anything. Throws
 * `PickleError` at the first malformed opcode; everything recorded before it stays in `ev`.
 */
export class PickleVM {
  /**
   * One flat stack for every MARK frame. A MARK records where its frame starts instead of
   * opening a new array, so MARK costs no allocation and APPENDS / SETITEMS / long TUPLEs just
   * cut the length back: a 200k-tensor state_dict opens four MARKs per tensor.
   */
  stack: PVal[] = [];
  /** The metastack: start index of each open MARK frame. */
  marks: number[] = [];
  /** Start of the current frame (top of `marks`, or 0). Reaching below it is an underflow, as in CPython. */
  base = 0;
  /** Paged array: memo keys are small consecutive ints in real pickles (a Map costs 5× the memory). */
  memo = new Memo();
  /** Entries written, which is what MEMOIZE uses as its key (`len(memo)`). */
  memoCount = 0;
  protocol = 0;
  private frameEnd = -1;
  /** Opcode count at which `fast()` next checks the deadline (and stops, at the opcode limit). */
  private checkAt = 0;
  private globals = new Map<string, Map<string, { hit: GlobalHit; value: PVal }>>();

  constructor(
    readonly r: StreamReader,
    readonly ev: PickleEvidence,
    readonly limits: VmLimits = DEFAULT_VM_LIMITS,
    readonly member: string | undefined = undefined,
    readonly depth = 0,
    /** Whose unpickler reads the stream: TorchScript's resolves globals without importing (torchscript-globals.ts). */
    readonly dialect: PickleDialect = 'python',
    readonly observer: TupleObserver | undefined = undefined,
  ) {}

  private pop(at: number): PVal {
    if (this.stack.length <= this.base) throw new PickleError('stack underflow', at);
    return this.stack.pop()!;
  }

  private top(at: number): PVal {
    if (this.stack.length <= this.base) throw new PickleError('stack underflow', at);
    return this.stack[this.stack.length - 1]!;
  }

  private push(v: PVal, at: number): void {
    // The limit is per frame, as it was when every MARK frame was its own array.
    if (this.stack.length - this.base >= this.limits.maxStack) throw new PickleError(`stack over ${this.limits.maxStack} items (limit)`, at);
    this.stack.push(v);
  }

  private mark(at: number): void {
    if (this.marks.length >= 100_000) throw new PickleError('MARK nesting over 100000 (limit)', at);
    this.marks.push((this.base = this.stack.length));
  }

  /** Closes the current MARK frame and returns its start; its items are still `stack[start..]` (the caller cuts them). */
  private closeMark(at: number): number {
    const start = this.marks.pop();
    if (start === undefined) throw new PickleError('MARK expected but not found', at);
    this.base = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    return start;
  }

  /** Closes the current MARK frame and returns its items (copied out). */
  private popMark(at: number): PVal[] {
    const start = this.closeMark(at);
    const items = this.stack.slice(start);
    cut(this.stack, start);
    return items;
  }

  /** Closes the current MARK frame and drops its items; returns how many there were. */
  private dropMark(at: number): number {
    const start = this.closeMark(at);
    const n = this.stack.length - start;
    cut(this.stack, start);
    return n;
  }

  /** TUPLE: the items are copied only when a tuple that size keeps them (`tuple()` drops long ones). */
  private tupleMark(at: number, memoised = false): PVal {
    const start = this.closeMark(at);
    const n = this.stack.length - start;
    const shared = memoised && n <= 4 ? sharedIntTuple(this.stack, start, n) : undefined;
    if (shared !== undefined) {
      cut(this.stack, start);
      return shared;
    }
    let items: PVal[] | undefined;
    if (n <= KEEP_ITEMS) {
      // An exact-size copy by hand: slice()/splice() on the long flat stack cost more than the
      // loop, and memoised tuples (torch memoises them all) should not carry spare capacity.
      items = new Array<PVal>(n);
      for (let i = 0; i < n; i++) items[i] = this.stack[start + i]!;
    }
    const t: PVal = { t: 'tuple', items, len: n };
    this.observer?.tuple(t, this.stack, start, start + n);
    cut(this.stack, start);
    return t;
  }

  /** The value just below a closed frame starting at `start` (the list of APPENDS, the dict of SETITEMS). */
  private below(start: number, at: number): PVal {
    if (start <= this.base) throw new PickleError('stack underflow', at);
    return this.stack[start - 1]!;
  }

  private note(n: string): void {
    if (this.ev.notes.length < 200) this.ev.notes.push(n);
  }

  private signal(level: PickleSignal['level'], code: string, message: string, offset: number): void {
    if (this.ev.signals.length < 200) this.ev.signals.push({ level, code, message, offset, ...(this.member ? { member: this.member } : {}) });
  }

  private global(module: string, name: string, at: number, op: string): PVal {
    // Two-level cache without building a key string: checkpoints repeat a handful of globals.
    const byName = this.globals.get(module);
    const cached = byName?.get(name);
    if (cached) {
      cached.hit.count++;
      return cached.value;
    }
    const key = `${this.member ?? ''}\n${module}\n${name}`;
    const seen = this.ev.hitIndex.get(key);
    if (seen) {
      seen.hit.count++;
      if (byName) byName.set(name, seen);
      else this.globals.set(module, new Map([[name, seen]]));
      return seen.value;
    }
    const c = (this.dialect === 'torchscript' && torchscriptGlobal(module, name)) || classifyGlobal(module, name);
    const hit: GlobalHit = { module, name, resolved: c.resolved, level: c.level, reason: c.reason, offset: at, opcode: op, count: 1, ...(this.member ? { member: this.member } : {}) };
    if (this.ev.hits.length < 500) this.ev.hits.push(hit);
    // One shared value per distinct global: a state_dict names _rebuild_tensor_v2 200k times.
    const value: PVal = { t: 'global', module, name, at, level: hit.level, resolved: hit.resolved, loader: NESTED_LOADERS.test(name), keeps: callKeeps(name, hit.resolved), result: undefined };
    const entry = { hit, value };
    this.ev.hitIndex.set(key, entry);
    if (byName) byName.set(name, entry);
    else this.globals.set(module, new Map([[name, entry]]));
    return value;
  }

  /** Set by `call` when a loader got a bytes argument; the run loop scans it (async) right after. */
  private pendingNested: PVal | undefined;

  private call(callee: PVal, args: PVal | undefined, at: number, op: string): PVal {
    if (callee.t === 'global') {
      const hit = callee.level === 'safe' ? undefined : this.globals.get(callee.module)?.get(callee.name)?.hit;
      if (hit && hit.arg === undefined && args) {
        const p = previewArg(args);
        if (p !== undefined) hit.arg = p;
      }
      if (args && callee.loader) this.pendingNested = args;
      // Nothing reads most results but their class, so they share one value per callee: the
      // 200k memoised tensors of a state_dict are one object, not 200k the GC must copy.
      if (callee.keeps === 'nothing') return (callee.result ??= { t: 'obj', cls: callee, args: undefined, at });
      if (args && callee.keeps === 'args') this.checkCall(callee, args, at, op);
      return { t: 'obj', cls: callee, args: callee.keeps === 'args' ? args : undefined, at };
    }
    if (callee.t !== 'other' || callee.what !== 'ext') {
      this.signal('suspicious', 'dynamic-call', `${op} calls a value that is not an imported global (${callee.t}); the callee is computed at load time`, at);
    }
    return { t: 'obj', cls: callee, args: undefined, at };
  }

  /** An allowlisted callee whose arguments make it an import or a call no GLOBAL shows (call-checks.ts). */
  private checkCall(callee: Extract<PVal, { t: 'global' }>, args: PVal, at: number, op: string): void {
    const f = CALL_CHECKS.get(callee.resolved)?.(args);
    if (!f) return;
    if (f.kind === 'dynamic-call') return this.signal('suspicious', 'dynamic-call', `${op}: ${f.message}`, at);
    const { level, resolved, reason } = f.verdict;
    if (this.ev.hits.some((h) => h.resolved === resolved && h.member === this.member) || this.ev.hits.length >= 500) return;
    this.ev.hits.push({ module: callee.module, name: f.shown, resolved, level, reason, offset: at, opcode: op, count: 1, ...(this.member ? { member: this.member } : {}) });
  }

  private async flushNested(at: number): Promise<void> {
    const args = this.pendingNested!;
    this.pendingNested = undefined;
    await this.nested(args, at);
  }

  /** A bytes argument to a loader is a pickle inside the pickle: scan it too (bounded depth). */
  private async nested(args: PVal, at: number): Promise<void> {
    const b = args.t === 'tuple' ? args.items?.find((i) => i.t === 'bytes') : args.t === 'bytes' ? args : undefined;
    if (!b || b.t !== 'bytes') return;
    if (!b.v) {
      this.ev.incomplete.push({ message: `nested pickle of ${b.len} bytes at ${at} too large to scan`, offset: at, ...(this.member ? { member: this.member } : {}) });
      return;
    }
    if (this.depth >= this.limits.maxNesting) {
      this.ev.incomplete.push({ message: `nested pickles deeper than ${this.limits.maxNesting} levels`, offset: at });
      return;
    }
    const sub = new PickleVM(new StreamReader(memorySource(b.v)), this.ev, this.limits, `${this.member ?? ''}#nested@${b.at}`, this.depth + 1);
    try {
      await sub.run();
    } catch (e) {
      if (e instanceof PickleError) this.note(`nested bytes at ${b.at} are not a complete pickle: ${e.message}`);
      else throw e;
    }
  }

  /** Reads a line argument (protocol 0 opcodes). */
  private async line(at: number, what: string): Promise<Uint8Array> {
    const l = await this.r.line(1 << 16);
    if (!l) throw new PickleError(`unterminated ${what} argument`, at);
    return l;
  }

  private async bytesArg(n: number, at: number, what: string): Promise<Uint8Array | undefined> {
    if (n < 0) throw new PickleError(`negative ${what} length`, at);
    if (n > KEEP_STRING) {
      if (!this.r.skip(n)) throw new PickleError(`${what} of ${n} bytes runs past the end of the stream`, at);
      return undefined;
    }
    if (this.r.available < n && !(await this.r.ensure(n))) throw new PickleError(`${what} of ${n} bytes runs past the end of the stream`, at);
    return this.r.take(n);
  }

  private async fixed(n: number, at: number, what: string): Promise<void> {
    if (this.r.available < n && !(await this.r.ensure(n))) throw new PickleError(`stream ends inside ${what}`, at);
  }

  private u32(): number {
    const r = this.r;
    const v = r.at(0) | (r.at(1) << 8) | (r.at(2) << 16) | (r.at(3) << 24);
    r.pos += 4;
    return v;
  }

  private u64(at: number): number {
    const n = uint53At(this.r.buf, this.r.pos);
    this.r.pos += 8;
    if (n < 0) throw new PickleError('64-bit length over 2^53', at);
    return n;
  }

  /**
   * The hot loop: binary opcodes whose bytes are already buffered run synchronously here (no
   * promise per opcode). Returns the STOP value, or undefined with `r.pos` on the next opcode
   * when that one needs the async path (a refill, a protocol 0 line, a big payload, a nested scan).
   *
   * On a 20 MB pickle, about half the CPU went to the time before V8 had optimised this loop
   * (unoptimised, it runs several times slower) and to compiling it (tens of ms per compile, on a
   * second core the bench counts), again after each deoptimisation. So the loop is kept small —
   * a few lines per case, anything longer a method, errors out of line — and holds only the
   * opcodes that repeat per value; those a pickle names once per file (PROTO, GLOBAL,
   * STACK_GLOBAL, ...) or that come late (APPENDS, SETITEMS: see `fillFrame`) are left to the
   * async path. And no code in it (or inlined into it) may first run late: see the PUT/GET cases
   * and utf8Value.
   */
  private fast(): PVal | undefined {
    const r = this.r;
    const buf = r.buf;
    const base = r.bufStart;
    const stack = this.stack;
    const maxStack = this.limits.maxStack;
    // Every exit goes through the sync point at the top (an exit sets `end = -1`): exit code of
    // its own would run first long after the loop was optimised, with no type feedback, and
    // throw the optimised loop away.
    let end = buf.length - 9;
    let pos = r.pos;
    let count = this.ev.opcodes;
    if (count >= this.checkAt) this.checkpoint(count, base + pos);
    // At most SLICE opcodes per call, then back to sync() (which calls again at once). The code
    // before the loop then runs often enough to have type feedback (a loop entered once per chunk
    // had none, and its optimised code was thrown away on re-entry), and V8 compiles the loop
    // once: while a call ran for a whole chunk, the unoptimised call still running when the
    // optimised code arrived made V8 compile the loop a second time, for on-stack replacement.
    const next = Math.min(count + SLICE, this.checkAt);
    let result: PVal | undefined;
    try {
      for (;;) {
        if (pos > end || count >= next) {
          r.pos = pos;
          this.ev.opcodes = count;
          if (pos > end) return result;
          // The next opcode would be one too many; refused as the async path refuses it.
          if (count >= this.limits.maxOpcodes) throw new PickleError(`more than ${this.limits.maxOpcodes} opcodes (limit)`, base + pos);
          return AGAIN;
        }
        const start = pos;
        const op = buf[start]!;
        pos = start + 1;
        // The frame is never larger than the whole stack, so the exact test runs only near the limit.
        if (stack.length >= maxStack) this.checkFrame(base + start);
        switch (op) {
          case 0x4b: // BININT1
            stack.push(smallInt(buf[pos++]!));
            break;
          case 0x4d: // BININT2
            stack.push(smallInt(buf[pos]! | (buf[pos + 1]! << 8)));
            pos += 2;
            break;
          case 0x4a: // BININT
            stack.push(int32(le32(buf, pos)));
            pos += 4;
            break;
          case 0x47: // BINFLOAT
            pos += 8;
            stack.push(NUM);
            break;
          case 0x4e: // NONE
            stack.push(NONE);
            break;
          case 0x88: // NEWTRUE
          case 0x89: // NEWFALSE
            stack.push(BOOL);
            break;
          case 0x28: // MARK
            this.mark(base + start);
            break;
          case 0x29: // EMPTY_TUPLE
            stack.push(EMPTY_TUPLE);
            break;
          case 0x85: // TUPLE1
          case 0x86: // TUPLE2
          case 0x87: // TUPLE3
            this.tupleTop(op - 0x84, base + start, isPut(buf[pos]!));
            break;
          case 0x74: // TUPLE
            stack.push(this.tupleMark(base + start, isPut(buf[pos]!)));
            break;
          case 0x5d: // EMPTY_LIST
            stack.push({ t: 'list', len: 0 });
            break;
          case 0x7d: // EMPTY_DICT
            stack.push({ t: 'dict', entries: [] });
            break;
          case 0x61: // APPEND
            this.append(base + start);
            break;
          case 0x73: // SETITEM
            this.setItem(base + start);
            break;
          // BINPUT and LONG_BINPUT share one path that reads both widths (in bounds: pos ≤ end),
          // so the first LONG_BINPUT (memo entry 256, a few thousand opcodes in, often after V8
          // optimised the loop) runs code the loop had run before instead of throwing it away.
          case 0x71: // BINPUT
          case 0x72: {
            // LONG_BINPUT
            // Signed: a key of 2^31 or more reads negative, and put() refuses it like any too-large key.
            const w = le32(buf, pos);
            this.put(op === 0x71 ? w & 0xff : w, base + start);
            pos += op === 0x71 ? 1 : 4;
            break;
          }
          case 0x94: // MEMOIZE
            this.put(this.memoCount, base + start);
            break;
          case 0x68: // BINGET (one path with LONG_BINGET, as for BINPUT)
          case 0x6a: {
            // LONG_BINGET
            const w = le32(buf, pos);
            stack.push(this.get(op === 0x68 ? w & 0xff : w, base + start));
            pos += op === 0x68 ? 1 : 4;
            break;
          }
          case 0x30: // POP
            if (stack.length > this.base) stack.pop();
            else this.closeMark(base + start);
            break;
          case 0x8c: // SHORT_BINUNICODE
          case 0x58: {
            // BINUNICODE
            const n = op === 0x8c ? buf[pos]! : le32(buf, pos) >>> 0;
            const from = pos + (op === 0x8c ? 1 : 4);
            if (n > KEEP_STRING || n > buf.length - from) {
              pos = start;
              end = -1;
              continue;
            }
            stack.push(utf8Value(buf, from, n));
            pos = from + n;
            break;
          }
          case 0x43: // SHORT_BINBYTES
          case 0x42: {
            // BINBYTES
            const n = op === 0x43 ? buf[pos]! : le32(buf, pos) >>> 0;
            const from = pos + (op === 0x43 ? 1 : 4);
            if (n > KEEP_STRING || n > buf.length - from) {
              pos = start;
              end = -1;
              continue;
            }
            stack.push({ t: 'bytes', v: new Uint8Array(buf.subarray(from, from + n)), len: n, at: base + start });
            pos = from + n;
            break;
          }
          case 0x52: // REDUCE
          case 0x81: // NEWOBJ
            this.callTop(op, base + start);
            // A loader got bytes: leave so run() scans them (async) before the next opcode.
            if (this.pendingNested) end = -1;
            break;
          case 0x51: // BINPERSID: the id is replaced by its (shared) result in place
            if (stack.length <= this.base) throw underflow(base + start);
            stack[stack.length - 1] = PERSID;
            break;
          case 0x2e: // STOP
            result = this.stop(base + start);
            end = -1;
            break;
          default:
            pos = start;
            end = -1;
            continue;
        }
        count++;
      }
    } catch (e) {
      // The opcode that threw was read, and counts (as on the async path).
      r.pos = pos;
      this.ev.opcodes = count + 1;
      throw e;
    }
  }

  /** The deadline, checked every 1024 opcodes; also sets where the loop stops next (at the opcode limit at the latest). */
  private checkpoint(count: number, at: number): void {
    if (this.limits.deadline !== undefined && performance.now() > this.limits.deadline) {
      throw new PickleError('time limit reached before the end of the pickle', at);
    }
    this.checkAt = Math.min(count + 1024, this.limits.maxOpcodes);
  }

  /** The exact per-frame stack limit, once the whole stack is that large. */
  private checkFrame(at: number): void {
    const max = this.limits.maxStack;
    if (this.stack.length - this.base >= max) throw new PickleError(`stack over ${max} items (limit)`, at);
  }

  /** STOP: the value left on the stack. */
  private stop(at: number): PVal {
    if (this.marks.length) this.note(`STOP at ${at} with ${this.marks.length} unclosed MARKs`);
    return this.stack.length > this.base ? this.stack.pop()! : NONE;
  }

  /** TUPLE1–3: the top `n` items become one tuple. */
  private tupleTop(n: number, at: number, memoised: boolean): void {
    const s = this.stack;
    const len = s.length;
    if (len - this.base < n) throw underflow(at);
    const shared = memoised ? sharedIntTuple(s, len - n, n) : undefined;
    // A literal, not splice(): no intermediate array and no generic splice call.
    const t: PVal = shared ?? { t: 'tuple', items: n === 1 ? [s[len - 1]!] : n === 2 ? [s[len - 2]!, s[len - 1]!] : [s[len - 3]!, s[len - 2]!, s[len - 1]!], len: n };
    this.observer?.tuple(t, s, len - n, len);
    cut(s, len - n);
    s.push(t);
  }

  private append(at: number): void {
    const s = this.stack;
    if (s.length - this.base < 2) throw underflow(at);
    s.pop();
    const l = s[s.length - 1]!;
    if (l.t === 'list') l.len++;
  }

  private setItem(at: number): void {
    const s = this.stack;
    if (s.length - this.base < 3) throw underflow(at);
    const v = s.pop()!;
    const k = s.pop()!;
    addEntry(s[s.length - 1]!, k, v);
  }

  /** REDUCE / NEWOBJ: callee and arguments on top of the stack become the call's result. */
  private callTop(op: number, at: number): void {
    const s = this.stack;
    if (s.length - this.base < 2) throw underflow(at);
    const args = s.pop()!;
    const fn = s.pop()!;
    s.push(this.call(fn, args, at, op === 0x52 ? 'REDUCE' : 'NEWOBJ'));
  }

  /** Runs to STOP; returns the value left on the stack. */
  async run(): Promise<PVal> {
    const r = this.r;
    for (;;) {
      const done = vmOptions.syncLoop ? this.sync() : undefined;
      if (done !== undefined) return done;
      if (this.pendingNested) {
        await this.flushNested(r.offset);
        continue;
      }
      if (r.available < 9) {
        await r.ensure(9);
        if (r.available < 1) throw new PickleError('stream ends before STOP', r.offset);
      }
      const at = r.offset;
      const op = r.buf[r.pos++]!;
      this.tick(at);
      switch (op) {
        case 0x2e: {
          // STOP
          const v = this.stack.length > this.base ? this.stack.pop()! : NONE;
          if (this.marks.length) this.note(`STOP at ${at} with ${this.marks.length} unclosed MARKs`);
          return v;
        }
        case 0x80: {
          if (r.available < 1) await this.fixed(1, at, 'PROTO');
          this.protocol = r.buf[r.pos++]!;
          if (this.protocol > 5) throw new PickleError(`unsupported pickle protocol ${this.protocol}`, at);
          break;
        }
        case 0x95: {
          if (r.available < 8) await this.fixed(8, at, 'FRAME');
          const n = this.u64(at);
          if (r.offset + n > r.end) throw new PickleError(`FRAME of ${n} bytes runs past the end of the stream`, at);
          this.frameEnd = r.offset + n;
          break;
        }
        case 0x28:
          this.mark(at);
          break;
        case 0x30:
          if (this.stack.length > this.base) this.stack.pop();
          else this.closeMark(at);
          break;
        case 0x31:
          this.dropMark(at);
          break;
        case 0x32:
          this.push(this.top(at), at);
          break;
        // ints and floats
        case 0x4a:
          if (r.available < 4) await this.fixed(4, at, 'BININT');
          this.push({ t: 'int', v: this.u32() }, at);
          break;
        case 0x4b:
          if (r.available < 1) await this.fixed(1, at, 'BININT1');
          this.push({ t: 'int', v: r.buf[r.pos++]! }, at);
          break;
        case 0x4d:
          if (r.available < 2) await this.fixed(2, at, 'BININT2');
          this.push({ t: 'int', v: r.at(0) | (r.at(1) << 8) }, at);
          r.pos += 2;
          break;
        case 0x47:
          if (r.available < 8) await this.fixed(8, at, 'BINFLOAT');
          r.pos += 8;
          this.push(NUM, at);
          break;
        case 0x49: {
          const v = pickleIntLine(decodeAscii(await this.line(at, 'INT')));
          if (v === undefined) throw new PickleError(`bad INT argument`, at);
          this.push(typeof v === 'boolean' ? BOOL : bigInt(v), at);
          break;
        }
        case 0x4c: {
          const v = pickleLongLine(decodeAscii(await this.line(at, 'LONG')));
          if (v === undefined) throw new PickleError('bad LONG argument', at);
          this.push(bigInt(v), at);
          break;
        }
        case 0x46:
          await this.line(at, 'FLOAT');
          this.push(NUM, at);
          break;
        case 0x8a:
        case 0x8b: {
          if (r.available < (op === 0x8a ? 1 : 4)) await this.fixed(op === 0x8a ? 1 : 4, at, 'LONG');
          const n = op === 0x8a ? r.buf[r.pos++]! : this.u32();
          // CPython refuses a negative LONG4 length; read as one, it moved the reader back onto the opcode.
          if (n < 0) throw new PickleError('negative LONG4 length', at);
          const b = n <= r.available ? r.take(n) : await this.bytesArg(n, at, 'LONG');
          this.push(b && b.length <= 32 ? bigInt(decodeLong(b)) : NUM, at);
          break;
        }
        case 0x4e:
          this.push(NONE, at);
          break;
        case 0x88:
        case 0x89:
          this.push(BOOL, at);
          break;
        // strings and bytes
        case 0x53: {
          const s = unquote(decodeAscii(await this.line(at, 'STRING')));
          this.push({ t: 'str', v: s, len: s.length }, at);
          break;
        }
        case 0x56: {
          const s = rawUnicodeEscape(await this.line(at, 'UNICODE'));
          if (s === undefined) throw new PickleError('bad UNICODE argument (an escape past U+10FFFF)', at);
          this.push({ t: 'str', v: s, len: s.length }, at);
          break;
        }
        case 0x54:
        case 0x55:
        case 0x58:
        case 0x8c:
        case 0x8d: {
          const w = op === 0x55 || op === 0x8c ? 1 : op === 0x8d ? 8 : 4;
          if (r.available < w) await this.fixed(w, at, 'string length');
          const n = w === 1 ? r.buf[r.pos++]! : w === 4 ? this.u32() >>> 0 : this.u64(at);
          const b = n <= KEEP_STRING && n <= r.available ? r.take(n) : await this.bytesArg(n, at, 'string');
          const v = b ? (op === 0x54 || op === 0x55 ? decodeAscii(b) : decodeUtf8(b)) : undefined;
          this.push({ t: 'str', v, len: n }, at);
          break;
        }
        case 0x42:
        case 0x43:
        case 0x8e:
        case 0x96: {
          const w = op === 0x43 ? 1 : op === 0x42 ? 4 : 8;
          if (r.available < w) await this.fixed(w, at, 'bytes length');
          const n = w === 1 ? r.buf[r.pos++]! : w === 4 ? this.u32() >>> 0 : this.u64(at);
          const b = n <= KEEP_STRING && n <= r.available ? r.take(n) : await this.bytesArg(n, at, 'bytes');
          this.push({ t: 'bytes', v: b, len: n, at }, at);
          break;
        }
        case 0x97:
        case 0x98:
          if (op === 0x97) this.push({ t: 'other', what: 'out-of-band buffer' }, at);
          else this.top(at);
          break;
        // containers
        case 0x29:
          this.push(EMPTY_TUPLE, at);
          break;
        case 0x74:
          this.push(this.tupleMark(at), at);
          break;
        case 0x85:
        case 0x86:
        case 0x87: {
          const n = op - 0x84;
          if (this.stack.length - this.base < n) throw new PickleError('stack underflow', at);
          const items = this.stack.splice(this.stack.length - n, n);
          const t = tuple(items);
          this.observer?.tuple(t, items, 0, n);
          this.push(t, at);
          break;
        }
        case 0x5d:
          this.push({ t: 'list', len: 0 }, at);
          break;
        case 0x6c:
          this.push({ t: 'list', len: this.dropMark(at) }, at);
          break;
        case 0x61: {
          this.pop(at);
          const l = this.top(at);
          if (l.t === 'list') l.len++;
          break;
        }
        case 0x65:
        case 0x75:
          this.fill(op, at);
          break;
        case 0x7d:
          this.push({ t: 'dict', entries: [] }, at);
          break;
        case 0x64: {
          const items = this.popMark(at);
          const d: PVal = { t: 'dict', entries: [] };
          this.setItems(d, items, at);
          this.push(d, at);
          break;
        }
        case 0x73: {
          const v = this.pop(at);
          const k = this.pop(at);
          this.setItems(this.top(at), [k, v], at);
          break;
        }
        case 0x8f:
          this.push(SET, at);
          break;
        case 0x90:
          this.dropMark(at);
          this.top(at);
          break;
        case 0x91:
          this.dropMark(at);
          this.push(SET, at);
          break;
        // memo
        case 0x70: {
          const v = pyLong(decodeAscii(await this.line(at, 'PUT')), 10);
          if (v === undefined || v < 0n) throw new PickleError('bad PUT argument', at);
          this.put(Number(v), at);
          break;
        }
        case 0x71:
          if (r.available < 1) await this.fixed(1, at, 'BINPUT');
          this.put(r.buf[r.pos++]!, at);
          break;
        case 0x72:
          if (r.available < 4) await this.fixed(4, at, 'LONG_BINPUT');
          this.put(this.u32() >>> 0, at);
          break;
        case 0x94:
          this.put(this.memoCount, at);
          break;
        case 0x67: {
          const v = pyLong(decodeAscii(await this.line(at, 'GET')), 10);
          if (v === undefined) throw new PickleError('bad GET argument', at);
          this.push(this.get(Number(v), at), at);
          break;
        }
        case 0x68:
          if (r.available < 1) await this.fixed(1, at, 'BINGET');
          this.push(this.get(r.buf[r.pos++]!, at), at);
          break;
        case 0x6a:
          if (r.available < 4) await this.fixed(4, at, 'LONG_BINGET');
          this.push(this.get(this.u32() >>> 0, at), at);
          break;
        // imports and calls: the part that matters
        case 0x63: {
          const mod = decodeUtf8(await this.line(at, 'GLOBAL module'));
          const name = decodeUtf8(await this.line(at, 'GLOBAL name'));
          this.push(this.global(mod, name, at, 'GLOBAL'), at);
          break;
        }
        case 0x93: {
          const name = this.pop(at);
          const mod = this.pop(at);
          if (mod.t === 'str' && name.t === 'str' && mod.v !== undefined && name.v !== undefined) {
            this.push(this.global(mod.v, name.v, at, 'STACK_GLOBAL'), at);
          } else {
            this.signal('suspicious', 'dynamic-global', `STACK_GLOBAL names a module/attribute that is computed at load time (${mod.t}, ${name.t}), so it cannot be checked`, at);
            this.push({ t: 'global', module: '?', name: '?', at, level: 'unknown', resolved: '?', loader: false, keeps: 'nothing', result: undefined }, at);
          }
          break;
        }
        case 0x69: {
          const mod = decodeUtf8(await this.line(at, 'INST module'));
          const name = decodeUtf8(await this.line(at, 'INST name'));
          const g = this.global(mod, name, at, 'INST');
          const args = this.popMark(at);
          this.push(this.call(g, tuple(args), at, 'INST'), at);
          if (this.pendingNested) await this.flushNested(at);
          break;
        }
        case 0x6f: {
          const items = this.popMark(at);
          const cls = items.shift();
          if (!cls) throw new PickleError('OBJ without a class', at);
          this.push(this.call(cls, tuple(items), at, 'OBJ'), at);
          if (this.pendingNested) await this.flushNested(at);
          break;
        }
        case 0x52: {
          const args = this.pop(at);
          const fn = this.pop(at);
          this.push(this.call(fn, args, at, 'REDUCE'), at);
          if (this.pendingNested) await this.flushNested(at);
          break;
        }
        case 0x81: {
          const args = this.pop(at);
          const cls = this.pop(at);
          this.push(this.call(cls, args, at, 'NEWOBJ'), at);
          if (this.pendingNested) await this.flushNested(at);
          break;
        }
        case 0x92: {
          const kwargs = this.pop(at);
          const args = this.pop(at);
          const cls = this.pop(at);
          this.push(this.call(cls, tuple([args, kwargs]), at, 'NEWOBJ_EX'), at);
          if (this.pendingNested) await this.flushNested(at);
          break;
        }
        case 0x62: {
          const state = this.pop(at);
          const obj = this.top(at);
          if (obj.t === 'obj') obj.state = state;
          else if (obj.t === 'global') {
            // Setting attributes on an imported module object or function monkey-patches the
            // library for everything loaded after it (the memo/attribute bypass of scanners).
            this.signal('malicious', 'build-on-global', `BUILD sets attributes on the imported global ${obj.resolved}`, at);
          } else if (obj.t !== 'dict' && obj.t !== 'list') {
            this.signal('suspicious', 'odd-build', `BUILD on a ${obj.t} value`, at);
          }
          if (state.t === 'dict' && state.entries?.some(([k]) => k.t === 'str' && k.v?.startsWith('__') && k.v !== '__dict__')) {
            this.signal('suspicious', 'dunder-state', 'BUILD state sets a dunder attribute', at);
          }
          if (obj.t === 'obj' && obj.cls.t === 'global' && obj.cls.name === 'NumpyArrayWrapper') await joblibArrayAfterBuild(this, obj, at);
          break;
        }
        case 0x82:
        case 0x83:
        case 0x84: {
          const w = op === 0x82 ? 1 : op === 0x83 ? 2 : 4;
          if (r.available < w) await this.fixed(w, at, 'EXT');
          // CPython reads EXT4's code as a signed int (`<i`) and refuses a code <= 0 before any lookup: load stops there.
          const code = w === 1 ? r.buf[r.pos] : w === 2 ? r.at(0) | (r.at(1) << 8) : this.u32();
          if (w !== 4) r.pos += w;
          if (!(code! > 0)) throw new PickleError(`${PICKLE_OPCODE_NAMES[op]} specifies code ${code} <= 0`, at);
          // The stdlib registers no extension codes; any EXT names a global we cannot see.
          this.signal('suspicious', 'ext-opcode', `${PICKLE_OPCODE_NAMES[op]} ${code}: a copyreg extension code resolves to a global registered at load time`, at);
          this.push({ t: 'other', what: 'ext' }, at);
          break;
        }
        case 0x50: {
          await this.line(at, 'PERSID');
          this.push(PERSID, at);
          break;
        }
        case 0x51: {
          this.pop(at);
          this.push(PERSID, at);
          break;
        }
        default:
          throw new PickleError(`invalid opcode 0x${op.toString(16).padStart(2, '0')}`, at);
      }
      this.frameCheck(at);
    }
  }

  /**
   * The synchronous loop, called again each time it stops at its opcode budget, plus the APPENDS
   * and SETITEMS it leaves (see `fillFrame`). Returns STOP's value, or undefined for the async path.
   * Its own loop is tiny, so V8 compiles it (on-stack) for next to nothing, and run() — the
   * async path's big switch — is entered only for opcodes that need it, so it stays cold.
   */
  private sync(): PVal | undefined {
    for (;;) {
      const done = this.fast();
      if (done === AGAIN) continue;
      if (done === undefined && !this.pendingNested && this.fillFrame()) continue;
      return done;
    }
  }

  /**
   * APPENDS or SETITEMS at `r.pos`, if it is one; with the async path's bookkeeping. The hot loop
   * leaves them: their first one comes late (a state_dict's first SETITEMS follows 1000 tensors),
   * and code first run after V8 optimised the loop would throw the optimised loop away.
   */
  private fillFrame(): boolean {
    const r = this.r;
    if (r.available < 1) return false;
    const op = r.buf[r.pos]!;
    if (op !== 0x65 && op !== 0x75) return false;
    const at = r.offset;
    r.pos++;
    this.tick(at);
    this.fill(op, at);
    this.frameCheck(at);
    return true;
  }

  /** APPENDS (0x65) or SETITEMS (0x75): the list or dict below the MARK takes the frame's items. */
  private fill(op: number, at: number): void {
    const start = this.closeMark(at);
    const c = this.below(start, at);
    if (op === 0x75) this.setItemsFrom(c, start, at);
    else if (c.t === 'list') c.len += this.stack.length - start;
    cut(this.stack, start);
  }

  /** Counts an opcode of the async path: the opcode limit, and the deadline every 1024 opcodes. */
  private tick(at: number): void {
    const lim = this.limits.maxOpcodes;
    if (++this.ev.opcodes > lim) throw new PickleError(`more than ${lim} opcodes (limit)`, at);
    if ((this.ev.opcodes & 0x3ff) === 0 && this.limits.deadline !== undefined && performance.now() > this.limits.deadline) {
      throw new PickleError('time limit reached before the end of the pickle', at);
    }
  }

  private frameCheck(at: number): void {
    if (this.frameEnd >= 0 && this.r.offset > this.frameEnd) {
      this.frameEnd = -1;
      this.note(`opcode at ${at} crosses the end of its FRAME`);
    }
  }

  private setItems(d: PVal, items: PVal[], at: number): void {
    if (items.length % 2) throw new PickleError('odd number of items for SETITEMS', at);
    if (d.t !== 'dict' || !d.entries) return;
    for (let i = 0; i + 1 < items.length && d.entries.length < KEEP_ITEMS * 2; i += 2) d.entries.push([items[i]!, items[i + 1]!]);
  }

  /** SETITEMS on the pairs `stack[start..]`, read in place (the caller cuts them afterwards). */
  private setItemsFrom(d: PVal, start: number, at: number): void {
    const s = this.stack;
    if ((s.length - start) % 2) throw new PickleError('odd number of items for SETITEMS', at);
    if (d.t !== 'dict' || !d.entries) return;
    for (let i = start; i + 1 < s.length && d.entries.length < KEEP_ITEMS * 2; i += 2) d.entries.push([s[i]!, s[i + 1]!]);
  }

  /** PUT: memoises the top of the stack. */
  private put(idx: number, at: number): void {
    const s = this.stack;
    if (s.length <= this.base) throw underflow(at);
    // A key can be new only if it is at most 1M past the entries written, so this bound holds
    // for every key that exists; checking it first keeps the memo from paging far ahead.
    if (idx < 0 || idx > this.memoCount + 1_000_000 || idx > MEMO_MAX_KEY) {
      throw new PickleError(`memo index ${idx >>> 0} far beyond the ${this.memoCount} entries written (limit)`, at);
    }
    const v = s[s.length - 1]!;
    const prev = this.memo.swap(idx, v);
    if (prev === undefined) {
      if (++this.memoCount > this.limits.maxMemo) throw new PickleError(`memo over ${this.limits.maxMemo} entries (limit)`, at);
    } else if (prev !== v && ((prev.t === 'str' && prev.v !== undefined) || prev.t === 'global' || v.t === 'global')) {
      this.note(`memo slot ${idx} rebound at ${at} (memo confusion)`);
    }
  }

  /** The value memo slot `idx` holds, as a stack value. */
  private get(idx: number, at: number): PVal {
    const v = this.memo.get(idx);
    if (v === undefined) throw new PickleError(`memo slot ${idx >>> 0} read before it was written`, at);
    return v;
  }
}

/**
 * Little-endian int32 at `buf[p]` (caller checked the bounds). A module function, not a closure
 * made inside `fast()`: a fresh closure per call is a new call target, which made V8 throw away
 * the optimised loop each time `fast()` was re-entered after a refill.
 */
function le32(buf: Uint8Array, p: number): number {
  return buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24);
}

/**
 * Off only in tests: every opcode then takes the async path, so a test can check that both paths
 * read each pickle of the corpus to the same evidence.
 */
export const vmOptions = { syncLoop: true };

/** Opcodes per call of `fast()` (see there). */
const SLICE = 64;

/** What `fast()` returns when it stops at its opcode budget: call it again. */
const AGAIN: PVal = { t: 'other', what: 'again' };

/** BINPUT, LONG_BINPUT or MEMOIZE: the value just made is memoised, so it lives to the end of the scan. */
function isPut(op: number): boolean {
  return op === 0x71 || op === 0x72 || op === 0x94;
}

/** Built out of line, so each opcode that can underflow costs the hot loop one short call. */
function underflow(at: number): PickleError {
  return new PickleError('stack underflow', at);
}

/**
 * Drops the stack down to `len` items. `pop()` is inlined by V8, while assigning `length` is a
 * runtime call (and may trim the backing store, to be regrown by the next pushes); every item is
 * pushed once, so the pops cost the same as the pushes.
 */
function cut(stack: PVal[], len: number): void {
  while (stack.length > len) stack.pop();
}

/** SETITEM: dicts keep their first entries only (joblib headers, BUILD state); the rest are counted out. */
function addEntry(d: PVal, k: PVal, v: PVal): void {
  if (d.t === 'dict' && d.entries && d.entries.length < KEEP_ITEMS * 2) d.entries.push([k, v]);
}

function previewArg(args: PVal): string | undefined {
  const items = args.t === 'tuple' ? args.items : [args];
  if (!items) return undefined;
  for (const i of items) {
    if (i.t === 'str' && i.v !== undefined) return i.v.length > 120 ? `${i.v.slice(0, 120)}…` : i.v;
    if (i.t === 'global') return i.resolved;
    if (i.t === 'obj' && i.cls.t === 'global') return `${i.cls.resolved}(…)`;
  }
  return undefined;
}

export { KEEP_ITEMS };
