import { JOBLIB_ARRAY_WRAPPERS, pickledDtypeItemSize } from '../../../core/index.js';
import { pickleIntLine, pickleLongLine } from '../../../core/pickle-int.js';
import { joblibArrayBytes } from '../../../core/pickle-joblib-bytes.js';
import { OP } from '../../../core/pickle-opcodes.js';

/**
 * joblib (`joblib.dump`, scikit-learn's pipelines, cached features) writes each numpy array
 * *inside* the pickle stream: right after the BUILD of a `NumpyArrayWrapper` come the array's raw
 * bytes (after a pad in joblib ≥ 1.2), or, for an object array, a whole nested pickle. The string
 * walker keeps no stack, so it cannot tell where those bytes start or how many there are; this is
 * the smallest pickle machine that can: symbolic values only as far as a wrapper's state needs them
 * (strings, ints, tuples, dicts of them, globals, objects), everything else an unknown placeholder.
 * It starts when the walker first meets joblib's module name (a plain pickle never pays for it),
 * with the walker's memoized keys, and tolerates the stack below it being unknown.
 *
 * Bounded: at most MAX_STACK values on the stack (the oldest are forgotten), MAX_MARKS marks, and
 * MAX_MEMO memoized values, only small ones; tuples past MAX_TUPLE items and dicts past MAX_DICT
 * entries are unknown. A wrapper whose layout cannot be told, or whose shape lies (negative, or
 * more than 2^53 bytes), is an error naming it: reading on would read array bytes as opcodes.
 */

const MAX_STACK = 1 << 16;
const MAX_MARKS = 1 << 12;
const MAX_MEMO = 1 << 20;
const MAX_TUPLE = 32;
const MAX_DICT = 64;
const MAX_MEMO_STRING = 256;
/** dtype objects kept in the memo (a file has a few: one per distinct dtype). */
const MAX_MEMO_OBJECTS = 4096;

/** A value as far as it is known; undefined is anything else. */
type Val = string | number | boolean | null | Global | Tuple | Dict | Obj | undefined;
interface Global {
  k: 'global';
  name: string;
}
interface Tuple {
  k: 'tuple';
  items: Val[];
}
interface Dict {
  k: 'dict';
  map: Map<string, Val>;
}
interface Obj {
  k: 'obj';
  cls: string;
  args: Val;
  /** Whether it was BUILT (its state may still be unknown). */
  built?: boolean;
  state?: Val;
}

/** What follows a wrapper's BUILD: `count` raw bytes (after a pad-length byte and its pad when `padded`), or a nested pickle. */
export type JoblibArrayData = { kind: 'bytes'; count: number; padded: boolean; what: string } | { kind: 'pickle' };

/** The module names that start the machine: the wrapper's class is named next. */
export const JOBLIB_MODULES: ReadonlySet<string> = new Set([...JOBLIB_ARRAY_WRAPPERS].map((n) => n.slice(0, n.lastIndexOf('.'))));

const RECONSTRUCTORS = new Set(['copy_reg._reconstructor', 'copyreg._reconstructor']);

/**
 * The machine: `op` is told every opcode the walker reads with its argument (a string the opcode
 * pushes, an int, a memo index, `module.name` for GLOBAL and INST, a text line for INT and LONG;
 * undefined when it is none of these), and answers what follows when the opcode was a wrapper's BUILD.
 */
export class JoblibArrays {
  private stack: Val[] = [];
  private marks: number[] = [];
  private readonly memo = new Map<number, Val>();
  private memoObjects = 0;

  /** `keys`: what the walker memoized before the machine started (its key-like strings). */
  constructor(keys: Iterable<[number, string]>) {
    for (const [i, s] of keys) this.memo.set(i, s);
  }

  op(code: number, arg: string | number | undefined): JoblibArrayData | undefined {
    const s = this.stack;
    switch (code) {
      case OP.MARK:
        if (this.marks.length >= MAX_MARKS) this.marks.shift();
        this.marks.push(s.length);
        break;
      case OP.POP:
        s.pop();
        break;
      case OP.POP_MARK:
        this.popMark();
        break;
      case OP.DUP:
        this.push(s[s.length - 1]);
        break;
      // Strings (their text, when the walker read it) and ints.
      case OP.STRING:
      case OP.BINSTRING:
      case OP.SHORT_BINSTRING:
      case OP.UNICODE:
      case OP.BINUNICODE:
      case OP.SHORT_BINUNICODE:
      case OP.BINUNICODE8:
        this.push(typeof arg === 'string' ? arg : undefined);
        break;
      case OP.BININT1:
      case OP.BININT2:
      case OP.BININT:
      case OP.LONG1:
        this.push(typeof arg === 'number' ? arg : undefined);
        break;
      case OP.INT:
        // As CPython reads it (`I010` is 8, `I1_0` is 10, `I01` is True): a shape read otherwise steps over the wrong bytes.
        this.push(typeof arg === 'string' ? numberOf(pickleIntLine(arg)) : undefined);
        break;
      case OP.LONG:
        this.push(typeof arg === 'string' ? numberOf(pickleLongLine(arg)) : undefined);
        break;
      case OP.NONE:
        this.push(null);
        break;
      case OP.NEWTRUE:
      case OP.NEWFALSE:
        this.push(code === OP.NEWTRUE);
        break;
      case OP.EMPTY_TUPLE:
        this.push({ k: 'tuple', items: [] });
        break;
      case OP.TUPLE1:
      case OP.TUPLE2:
      case OP.TUPLE3: {
        const n = code - OP.TUPLE1 + 1;
        this.push({ k: 'tuple', items: this.popN(n) });
        break;
      }
      case OP.TUPLE: {
        const items = this.popMark();
        this.push(items.length <= MAX_TUPLE ? { k: 'tuple', items } : undefined);
        break;
      }
      case OP.EMPTY_DICT:
        this.push({ k: 'dict', map: new Map() });
        break;
      case OP.DICT: {
        const d: Dict = { k: 'dict', map: new Map() };
        setItems(d, this.popMark());
        this.push(d);
        break;
      }
      case OP.SETITEM: {
        const kv = this.popN(2);
        setItems(s[s.length - 1], kv);
        break;
      }
      case OP.SETITEMS: {
        const kv = this.popMark();
        setItems(s[s.length - 1], kv);
        break;
      }
      case OP.APPEND:
        s.pop();
        break;
      case OP.APPENDS:
      case OP.ADDITEMS:
        this.popMark();
        break;
      case OP.LIST:
      case OP.FROZENSET:
        this.popMark();
        this.push(undefined);
        break;
      case OP.GLOBAL:
        this.push(typeof arg === 'string' ? { k: 'global', name: arg } : undefined);
        break;
      case OP.STACK_GLOBAL: {
        const [mod, name] = this.popN(2);
        this.push(typeof mod === 'string' && typeof name === 'string' ? { k: 'global', name: `${mod}.${name}` } : undefined);
        break;
      }
      case OP.INST: {
        const args = this.popMark();
        this.push(typeof arg === 'string' ? { k: 'obj', cls: arg, args: { k: 'tuple', items: args } } : undefined);
        break;
      }
      case OP.OBJ: {
        const [cls, ...args] = this.popMark();
        this.push(objOf(cls, { k: 'tuple', items: args }));
        break;
      }
      case OP.REDUCE: {
        const [fn, args] = this.popN(2);
        // Protocols 0 and 1 pickle an instance as copyreg._reconstructor(cls, base, state).
        if (fn && typeof fn === 'object' && fn.k === 'global' && RECONSTRUCTORS.has(fn.name) && args && typeof args === 'object' && args.k === 'tuple') this.push(objOf(args.items[0], args));
        else this.push(objOf(fn, args));
        break;
      }
      case OP.NEWOBJ: {
        const [cls, args] = this.popN(2);
        this.push(objOf(cls, args));
        break;
      }
      case OP.NEWOBJ_EX: {
        const [cls, args] = this.popN(3);
        this.push(objOf(cls, args));
        break;
      }
      case OP.BUILD: {
        const state = s.pop();
        const top = s[s.length - 1];
        if (!top || typeof top !== 'object' || top.k !== 'obj') break;
        top.state = state;
        top.built = true;
        return JOBLIB_ARRAY_WRAPPERS.has(top.cls) ? arrayData(state) : undefined;
      }
      case OP.PUT:
      case OP.BINPUT:
      case OP.LONG_BINPUT:
      case OP.MEMOIZE:
        if (typeof arg === 'number') this.remember(arg, s[s.length - 1]);
        break;
      case OP.GET:
      case OP.BINGET:
      case OP.LONG_BINGET:
        this.push(typeof arg === 'number' ? this.memo.get(arg) : undefined);
        break;
      // Persistent ids replace one value with another.
      case OP.BINPERSID:
        s.pop();
        this.push(undefined);
        break;
      // No stack effect: protocol, frame, readonly buffer, stop.
      case OP.PROTO:
      case OP.FRAME:
      case OP.READONLY_BUFFER:
      case OP.STOP:
        break;
      // Everything else pushes one value nothing here needs: floats, bytes, longs too long, extensions, buffers.
      default:
        this.push(undefined);
    }
    return undefined;
  }

  private push(v: Val): void {
    const s = this.stack;
    if (s.length >= MAX_STACK) {
      // Forget the oldest half: a wrapper's state is near the top; marks below the cut pop to the bottom.
      const cut = MAX_STACK >> 1;
      s.splice(0, cut);
      this.marks = this.marks.map((m) => Math.max(0, m - cut));
    }
    s.push(v);
  }

  /** The top `n` values, oldest first (unknown where the stack ran out: its bottom is unknown). */
  private popN(n: number): Val[] {
    const s = this.stack;
    const take = Math.min(n, s.length);
    const out = s.splice(s.length - take, take);
    while (out.length < n) out.unshift(undefined);
    return out;
  }

  /** The values down to the last mark (all of them when the mark is below what is known). */
  private popMark(): Val[] {
    const at = this.marks.pop() ?? 0;
    return this.stack.splice(Math.min(at, this.stack.length));
  }

  /** Keeps what a later wrapper may fetch again (a key, its class, a dtype, a shape), if small. */
  private remember(idx: number, v: Val): void {
    if (!memorable(v) || (this.memo.size >= MAX_MEMO && !this.memo.has(idx))) {
      this.memo.delete(idx);
      return;
    }
    if (v && typeof v === 'object' && v.k === 'obj' && ++this.memoObjects > MAX_MEMO_OBJECTS) this.memo.delete(idx);
    else this.memo.set(idx, v);
  }
}

/** Small values only: strings, ints, globals, numpy dtypes and tuples of plain values (shapes). */
function memorable(v: Val): boolean {
  if (v === undefined) return false;
  if (typeof v === 'string') return v.length <= MAX_MEMO_STRING;
  if (v === null || typeof v !== 'object') return true;
  if (v.k === 'global') return true;
  if (v.k === 'obj') return v.cls === 'numpy.dtype';
  return v.k === 'tuple' && v.items.every((x) => x === null || typeof x !== 'object');
}

/** A parsed INT or LONG as a value here: past 2^53 it stays a number too large to be a size. */
function numberOf(v: bigint | boolean | undefined): number | boolean | undefined {
  return typeof v === 'bigint' ? Number(v) : v;
}

function objOf(cls: Val, args: Val): Val {
  return cls && typeof cls === 'object' && cls.k === 'global' ? { k: 'obj', cls: cls.name, args } : undefined;
}

/** SETITEM(S) into a dict (keys that are strings; past MAX_DICT entries the dict becomes unknowable). */
function setItems(d: Val, kv: Val[]): void {
  if (!d || typeof d !== 'object' || d.k !== 'dict') return;
  for (let i = 0; i + 1 < kv.length; i += 2) {
    const key = kv[i];
    if (typeof key === 'string' && d.map.size < MAX_DICT) d.map.set(key, kv[i + 1]);
  }
}

/** What a wrapper's state (`shape`, `dtype`, `numpy_array_alignment_bytes`) says follows its BUILD. */
function arrayData(state: Val): JoblibArrayData {
  const map = state && typeof state === 'object' && state.k === 'dict' ? state.map : undefined;
  const dtype = map?.get('dtype');
  const descr = dtypeDescr(dtype);
  const size = descr === undefined ? undefined : pickledDtypeItemSize(descr, dtypeState(dtype));
  if (size === 0) return { kind: 'pickle' };
  const shape = map?.get('shape');
  const dims = shape && typeof shape === 'object' && shape.k === 'tuple' ? shape.items : undefined;
  const what = `a joblib array (dtype ${descr ?? '?'}, shape ${dims ? `(${dims.map((d) => (typeof d === 'number' ? d : '?')).join(', ')})` : '?'})`;
  if (size === undefined || !dims) throw new Error(`${what} of unknown layout follows; its bytes cannot be stepped over`);
  const count = joblibArrayBytes(size, dims.map((d) => (typeof d === 'number' ? d : undefined)));
  if ('bad' in count) throw new Error(count.bad === 'shape' ? `${what} has a shape that is not a list of sizes; its bytes cannot be stepped over` : `${what} claims more than 2^53 bytes`);
  // joblib ≥ 1.2 pads to its alignment (a length byte, then the pad), except where it wrote None (a compressed or unseekable file).
  return { kind: 'bytes', count: count.bytes, padded: typeof map?.get('numpy_array_alignment_bytes') === 'number', what };
}

/** A dtype's descr: `numpy.dtype('f8', False, True)`'s first argument (or a bare string). */
function dtypeDescr(v: Val): string | undefined {
  if (typeof v === 'string') return v;
  if (!v || typeof v !== 'object' || v.k !== 'obj' || v.cls !== 'numpy.dtype') return undefined;
  const args = v.args;
  const first = args && typeof args === 'object' && args.k === 'tuple' ? args.items[0] : undefined;
  return typeof first === 'string' ? first : undefined;
}

function dtypeState(v: Val): Parameters<typeof pickledDtypeItemSize>[1] {
  if (!v || typeof v !== 'object' || v.k !== 'obj' || !v.built) return undefined;
  const st = v.state;
  // A state that is not a tuple is no state numpy takes: not a layout to guess.
  if (!st || typeof st !== 'object' || st.k !== 'tuple') return { length: -1, flags: undefined, subarrayIsNone: false, elsize: undefined };
  const num = (x: Val) => (typeof x === 'number' ? x : undefined);
  return { length: st.items.length, flags: num(st.items[7]), subarrayIsNone: st.items[2] === null, elsize: num(st.items[5]) };
}
