import { dictGet, intValue, strValue, type PVal } from './values.js';
import { PickleError, PickleVM } from './vm.js';

/**
 * joblib writes numpy arrays *inside* the pickle stream: right after the BUILD of a
 * `NumpyArrayWrapper`, the raw array bytes follow (after an alignment pad in joblib ≥ 1.2), or,
 * for object arrays, a whole nested protocol-2 pickle. The pickle machine must step over the
 * bytes (and scan the nested pickle) or it would read array data as opcodes.
 */
const WRAPPERS = new Set(['joblib.numpy_pickle.NumpyArrayWrapper', 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper']);

/** numpy dtype string (`f8`, `<i4`, `U10`, `O8`) → item size in bytes; 0 for object; undefined if unknown. */
export function dtypeItemSize(descr: string): number | undefined {
  const m = /^[<>|=]?([a-zA-Z?])(\d*)$/.exec(descr);
  if (!m) return undefined;
  const kind = m[1]!;
  const n = m[2] ? Number(m[2]) : undefined;
  if (kind === 'O') return 0;
  if (kind === '?') return 1;
  if (kind === 'U') return n === undefined ? undefined : 4 * n;
  if ('fiucbSVMma'.includes(kind)) return n;
  const single: Record<string, number> = { d: 8, f: 4, e: 2, g: 16, l: 8, q: 8, i: 4, h: 2, b: 1, B: 1, H: 2, I: 4, L: 8, Q: 8 };
  return single[kind];
}

function dtypeOf(v: PVal | undefined): string | undefined {
  if (!v) return undefined;
  if (v.t === 'str') return v.v;
  if (v.t === 'obj' && v.cls.t === 'global' && v.cls.resolved === 'numpy.dtype' && v.args?.t === 'tuple') return strValue(v.args.items?.[0]);
  return undefined;
}

/**
 * Item size of a joblib array's dtype, 0 when joblib unpickles the data (`dtype.hasobject`), or
 * undefined when it cannot be told. The dtype's BUILD state counts as much as its descr: numpy's
 * `__setstate__` takes the flags from the state, so `float64` with flag bit 0 set has `hasobject`
 * and joblib unpickles what follows; and for flexible kinds (S, U, V) the state's elsize is the
 * item size. Read from the descr alone, either hid a nested pickle as "raw array bytes".
 */
export function joblibItemSize(v: PVal | undefined): number | undefined {
  const descr = dtypeOf(v);
  if (descr === undefined) return undefined;
  // numpy reads any dtype string naming O or object as (or with) object fields.
  if (/O|object/.test(descr)) return 0;
  let size = dtypeItemSize(descr);
  const state = v?.t === 'obj' ? v.state : undefined;
  if (state === undefined) return size;
  const items = state.t === 'tuple' ? state.items : undefined;
  // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
  if (!items || (items.length !== 8 && items.length !== 9)) return undefined;
  const flags = intValue(items[7]);
  if (flags === undefined) return undefined;
  if (flags & 1) return 0;
  if (items[2]?.t !== 'none') return undefined;
  const elsize = intValue(items[5]);
  if (elsize === undefined) return undefined;
  if (/^[<>|=]?[SUVa]/.test(descr) && elsize >= 0) size = elsize;
  return size;
}

export async function joblibArrayAfterBuild(vm: PickleVM, obj: PVal, at: number): Promise<void> {
  if (obj.t !== 'obj' || obj.cls.t !== 'global' || !WRAPPERS.has(obj.cls.resolved)) return;
  const state = obj.state;
  const dtype = dictGet(state, 'dtype');
  const descr = dtypeOf(dtype);
  const shape = dictGet(state, 'shape');
  const size = joblibItemSize(dtype);
  if (size === 0) {
    // Object array: a nested pickle follows in the same stream. Scan it with a fresh machine.
    const sub = new PickleVM(vm.r, vm.ev, vm.limits, `${vm.member ?? ''}#joblib-object-array@${vm.r.offset}`, vm.depth + 1);
    await sub.run();
    return;
  }
  const dims = shape?.t === 'tuple' && shape.items ? shape.items.map(intValue) : undefined;
  if (size === undefined || !dims || dims.some((d) => d === undefined || d < 0)) {
    throw new PickleError(`joblib array of unknown layout (dtype ${descr ?? '?'}) follows; cannot step over it`, at);
  }
  let count = size;
  for (const d of dims) count *= d!;
  const r = vm.r;
  if (dictGet(state, 'numpy_array_alignment_bytes') !== undefined) {
    if (r.available < 1 && !(await r.ensure(1))) throw new PickleError('stream ends inside joblib array padding', r.offset);
    const pad = r.buf[r.pos++]!;
    if (!r.skip(pad)) throw new PickleError('stream ends inside joblib array padding', r.offset);
  }
  if (!r.skip(count)) throw new PickleError(`joblib array of ${count} bytes runs past the end of the stream`, r.offset);
}
