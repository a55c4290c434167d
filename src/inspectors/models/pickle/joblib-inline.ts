import { JOBLIB_ARRAY_WRAPPERS, pickledDtypeItemSize } from '../../../core/index.js';
import { joblibArrayBytes } from '../../../core/pickle-joblib-bytes.js';
import { dictGet, intValue, strValue, type PVal } from './values.js';
import { PickleError, PickleVM } from './vm.js';

/**
 * joblib writes numpy arrays *inside* the pickle stream: right after the BUILD of a
 * `NumpyArrayWrapper`, the raw array bytes follow (after an alignment pad in joblib ≥ 1.2), or,
 * for object arrays, a whole nested protocol-2 pickle. The pickle machine must step over the
 * bytes (and scan the nested pickle) or it would read array data as opcodes.
 */
function dtypeOf(v: PVal | undefined): string | undefined {
  if (!v) return undefined;
  if (v.t === 'str') return v.v;
  if (v.t === 'obj' && v.cls.t === 'global' && v.cls.resolved === 'numpy.dtype' && v.args?.t === 'tuple') return strValue(v.args.items?.[0]);
  return undefined;
}

/**
 * Item size of a joblib array's dtype, 0 when joblib unpickles the data (`dtype.hasobject`), or
 * undefined when it cannot be told (core's `pickledDtypeItemSize`, from the dtype's descr and its
 * BUILD state).
 */
export function joblibItemSize(v: PVal | undefined): number | undefined {
  const descr = dtypeOf(v);
  if (descr === undefined) return undefined;
  const state = v?.t === 'obj' ? v.state : undefined;
  if (state === undefined) return pickledDtypeItemSize(descr);
  const items = state.t === 'tuple' ? state.items : undefined;
  if (!items) return undefined;
  return pickledDtypeItemSize(descr, { length: items.length, flags: intValue(items[7]), subarrayIsNone: items[2]?.t === 'none', elsize: intValue(items[5]) });
}

export async function joblibArrayAfterBuild(vm: PickleVM, obj: PVal, at: number): Promise<void> {
  if (obj.t !== 'obj' || obj.cls.t !== 'global' || !JOBLIB_ARRAY_WRAPPERS.has(obj.cls.resolved)) return;
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
  const count = size === undefined || !dims ? undefined : joblibArrayBytes(size, dims);
  if (!count || 'bad' in count) {
    // Past 2^53 bytes the count is no longer exact: the skip would land at a guessed offset.
    if (count?.bad === 'over-2^53') throw new PickleError(`joblib array (dtype ${descr ?? '?'}) claims more than 2^53 bytes; cannot step over it`, at);
    throw new PickleError(`joblib array of unknown layout (dtype ${descr ?? '?'}) follows; cannot step over it`, at);
  }
  const r = vm.r;
  // joblib ≥ 1.2 pads to its alignment, but writes None (and no pad) where it cannot tell() in
  // its stream (a pipe, a socket); older joblib has no such key.
  if (intValue(dictGet(state, 'numpy_array_alignment_bytes')) !== undefined) {
    if (r.available < 1 && !(await r.ensure(1))) throw new PickleError('stream ends inside joblib array padding', r.offset);
    const pad = r.buf[r.pos++]!;
    if (!r.skip(pad)) throw new PickleError('stream ends inside joblib array padding', r.offset);
  }
  if (!r.skip(count.bytes)) throw new PickleError(`joblib array of ${count.bytes} bytes runs past the end of the stream`, r.offset);
}
