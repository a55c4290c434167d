/**
 * How many bytes one item of a numpy dtype takes, as joblib needs it to step over the raw array
 * bytes it writes inside a pickle: asked by the models inspector's pickle machine and the data
 * inspector's pickle string reader, each of which reads the dtype from the pickle its own way.
 */

/** The class joblib pickles in an array's place; the array's bytes follow its BUILD. */
export const JOBLIB_ARRAY_WRAPPERS: ReadonlySet<string> = new Set(['joblib.numpy_pickle.NumpyArrayWrapper', 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper']);

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

/**
 * What a numpy dtype's BUILD state tuple `(version, byteorder, subarray, names, fields, elsize,
 * alignment, flags[, metadata])` says about its item size: its length, its flags, whether its
 * subarray is None, its elsize (undefined where an entry is not the int or None it should be).
 */
export interface DtypeStateFacts {
  length: number;
  flags: number | undefined;
  subarrayIsNone: boolean;
  elsize: number | undefined;
}

/**
 * Item size of a pickled numpy dtype (its descr and, when it was BUILT, its state), 0 when joblib
 * unpickles the data (`dtype.hasobject`), or undefined when it cannot be told. The state counts as
 * much as the descr: numpy's `__setstate__` takes the flags from it, so `float64` with flag bit 0
 * set has `hasobject` and joblib unpickles what follows; and for flexible kinds (S, U, V) the
 * state's elsize is the item size. Read from the descr alone, either hid a nested pickle as "raw
 * array bytes".
 */
export function pickledDtypeItemSize(descr: string, state?: DtypeStateFacts): number | undefined {
  // numpy reads any dtype string naming O or object as (or with) object fields.
  if (/O|object/.test(descr)) return 0;
  let size = dtypeItemSize(descr);
  if (state === undefined) return size;
  if (state.length !== 8 && state.length !== 9) return undefined;
  if (state.flags === undefined) return undefined;
  if (state.flags & 1) return 0;
  if (!state.subarrayIsNone) return undefined;
  if (state.elsize === undefined) return undefined;
  if (/^[<>|=]?[SUVa]/.test(descr) && state.elsize >= 0) size = state.elsize;
  return size;
}
