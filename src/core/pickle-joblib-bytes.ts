/**
 * How many raw bytes a joblib `NumpyArrayWrapper` says follow its BUILD: item size × every
 * dimension of its shape. Counted here once for the models inspector's pickle machine and the data
 * inspector's joblib machine; each words what is wrong in its own error.
 */

/** The byte count, or why there is none: a dimension that is no size, or more than 2^53 bytes. */
export type JoblibArrayBytes = { bytes: number } | { bad: 'shape' | 'over-2^53' };

/**
 * `dims`: the shape's entries, undefined where one is not an int. A dimension read as more than
 * 2^53 is said as such before the shape's other entries are looked at (a shape `(2**60,)` is a
 * lie about size, not an unreadable shape); a 0 anywhere makes the array empty, however large
 * the rest multiply to.
 */
export function joblibArrayBytes(itemSize: number, dims: readonly (number | undefined)[]): JoblibArrayBytes {
  let count = itemSize;
  for (const d of dims) {
    if (d !== undefined && d > Number.MAX_SAFE_INTEGER) return { bad: 'over-2^53' };
    if (d === undefined || !Number.isSafeInteger(d) || d < 0) return { bad: 'shape' };
    count *= d;
  }
  return Number.isSafeInteger(count) ? { bytes: count } : { bad: 'over-2^53' };
}
